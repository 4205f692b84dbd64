"""The one helper that draws an image on a page: `<picture>` with WebP and a JPEG/PNG fallback.

Templates call it as the Jinja global `picture(path, alt, sizes, eager)`; Markdown
bodies get the same markup, since the Markdown stage marks each local image
(`data-loa-image`) and `with_pictures` swaps the marked `<img>` for it.
"""

from __future__ import annotations

import dataclasses
import html
import re

import jinja2
from markupsafe import Markup

from .images import ImageSet, ProcessedImage, Variant
from .resolve import Site
from .urls import relative_url

# The width of the text column of the default theme (style.css: .main, .body); a theme that
# changes it passes its own `sizes` to picture().
BODY_SIZES = "(min-width: 60rem) 42rem, calc(100vw - 4rem)"
_PREFERRED_SRC_WIDTH = 720  # the `src` of browsers that ignore srcset
_MARKED = re.compile(r"<img\b[^>]*\bdata-loa-image=\"[^\"]*\"[^>]*>")
_ATTRIBUTE = re.compile(r"([\w:-]+)=\"([^\"]*)\"")


def picture_html(image: ProcessedImage, page_path: str, alt: str, sizes: str = BODY_SIZES,
                 eager: bool = False, title: str | None = None) -> str:
    """Markup for `image` on the page at `page_path`: every size in srcset, the browser picks."""
    fallback = image.fallback_format
    attributes = {"alt": alt}
    if title:
        attributes["title"] = title
    if image.width and image.height:
        attributes.update(width=str(image.width), height=str(image.height))
    if eager:
        attributes["fetchpriority"] = "high"
    else:
        attributes["loading"] = "lazy"
    attributes["decoding"] = "async"
    if fallback is None:  # SVG or an animation: one file
        full = next(v for v in image.variants if v.path == image.path)
        return _tag("img", {"src": relative_url(page_path, full.path), **attributes})
    candidates = image.candidates(fallback)
    src = next((v for v in candidates if (v.width or 0) >= _PREFERRED_SRC_WIDTH), candidates[-1])
    img = _tag("img", {"src": relative_url(page_path, src.path), "srcset": _srcset(candidates, page_path),
                       "sizes": sizes, **attributes})
    webp = image.candidates("WEBP")
    source = _tag("source", {"type": "image/webp", "srcset": _srcset(webp, page_path), "sizes": sizes})
    return f"<picture>{source}{img}</picture>"


def install(env: jinja2.Environment, images: ImageSet, asked: list[tuple[str, str]] | None = None) -> None:
    """Give templates `picture(path, alt, sizes=..., eager=False)`; `path` is below content/.

    Each image drawn is noted in `asked`, if given, as ("image", path): what a page shows beyond its
    context (page_cache.PageRecord).
    """

    @jinja2.pass_context
    def picture(context, path: str, alt: str = "", sizes: str = BODY_SIZES, eager: bool = False) -> Markup:
        if asked is not None:
            asked.append(("image", path))
        image = images.images.get(path)
        if image is None:
            raise KeyError(f"picture(): {path!r} is not among the images pages use (images.image_uses)")
        return Markup(picture_html(image, context["page_path"], alt, sizes, eager))

    env.globals["picture"] = picture


def with_pictures(site: Site, images: ImageSet) -> Site:
    """The site with every marked `<img>` of every body drawn by picture_html."""
    page_of = {item.source: item.path for item in (*site.articles, *site.pages, *site.campaigns)}
    bodies = {source: dataclasses.replace(body, html=pictures_in(body.html, page_of[source], images))
              if source in page_of else body for source, body in site.bodies.items()}
    return dataclasses.replace(site, bodies=bodies)


def pictures_in(fragment: str, page_path: str, images: ImageSet) -> str:
    """Replace each `<img data-loa-image="path">` of an HTML fragment with its picture markup."""

    def swap(match: re.Match) -> str:
        attributes = {name: html.unescape(value) for name, value in _ATTRIBUTE.findall(match.group(0))}
        image = images.images.get(attributes.pop("data-loa-image"))
        if image is None:
            return match.group(0)
        return picture_html(image, page_path, attributes.get("alt", ""), title=attributes.get("title"))

    return _MARKED.sub(swap, fragment)


def _srcset(variants: tuple[Variant, ...], page_path: str) -> str:
    return ", ".join(f"{relative_url(page_path, v.path)} {v.width}w" for v in variants)


def _tag(name: str, attributes: dict[str, str]) -> str:
    return f"<{name} " + " ".join(f'{key}="{html.escape(value)}"' for key, value in attributes.items()) + ">"
