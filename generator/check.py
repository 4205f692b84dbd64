"""`build.py check`: everything the build validates, plus what a careful editor would look for.

The build's own checks come from running its stages (load, Markdown, resolve, render) without
writing; the extra checks here only look at the resolved site and the files under content/.
"""

from __future__ import annotations

import difflib
import posixpath
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from .errors import ContentError, Problem, Report
from .failures import problems_of
from .load import list_sources, load_content
from .model import Article, Content
from .images import image_uses, process_images
from .pictures import with_pictures
from .pipeline import (BuildOptions, Progress, collect_outputs, collect_search_index, load_site, render_bodies,
                       used_media)
from .resolve import Site
from .writer import Outputs

MAX_IMAGE_BYTES = 2 * 1024 * 1024
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg", ".bmp", ".tif", ".tiff"}
SIMILAR_CATEGORY = 0.8  # difflib ratio between slugs above which a rare category looks like a typo
_SYSTEM_FILES = {"thumbs.db", "desktop.ini"}

_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_CODE_SPAN = re.compile(r"`[^`]*`")
_MD_IMAGE = re.compile(r"!\[([^\]]*)\](?:\(\s*<?([^)\s>]*)|\[([^\]]*)\])")
_HTML_TAG = re.compile(r"<(img|a|source|video|audio|iframe|embed)\b([^>]*)>", re.I)
_HTML_ATTR = re.compile(r"""\b(src|href|poster|alt)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


def check_site(site_root: Path, options: BuildOptions, progress: Progress | None = None) -> list[Problem]:
    """Every finding about the site, sorted by file and line."""
    report = Report()
    site = load_site(site_root.resolve(), options, report, progress)
    if site is not None and not report.errors:
        images = process_images(image_uses(site), site.config.images, site.config.root, report)
    if site is not None and not report.errors:
        try:  # templates and output paths, as the build renders them
            outputs, shown = Outputs(), with_pictures(site, images)
            collect_outputs(shown, images, outputs, collect_search_index(shown, outputs), progress)
        except ContentError as exc:
            report.error(exc.args_.pop("owner", ""), None, exc.code, **exc.args_)
        except Exception as exc:  # a broken template: reported with its file and line
            report.problems.extend(problems_of(exc, site.config.root))
    if site is not None:
        run_extra_checks(site, report)
    return sorted(set(report.problems), key=Problem.sort_key)


def run_extra_checks(site: Site, report: Report) -> None:
    """The checks the build does not make: each finding is a warning."""
    published = {item.source.removeprefix("content/") for item in (*site.articles, *site.pages)}
    for source, text, first_line in _bodies(site):
        _check_body(site, published, source, text, first_line, report)
    _check_image_sizes(site, report)
    _check_unused_media(site, report)
    _check_unreported(site, report)
    _check_categories(site, report)


def _bodies(site: Site) -> Iterator[tuple[str, str, int]]:
    for item in (*site.articles, *site.pages):
        yield item.source, item.body, item.body_line
    for campaign in site.campaigns:
        if campaign.summary:
            yield campaign.source, campaign.summary, campaign.lines.get("summary", 1)


def _check_body(site: Site, published: set[str], source: str, text: str, first_line: int, report: Report) -> None:
    """Images without alt text, raw HTML paths the build cannot check, links to unpublished articles."""
    for number, line in _prose_lines(text, first_line):
        for alt, path, ref in _MD_IMAGE.findall(line):
            if not alt.strip():
                report.warning(source, number, "image_no_alt", value=path or ref)
        if site.config.raw_html:
            for tag, attributes in _HTML_TAG.findall(line):
                _check_html_tag(source, number, tag.lower(), attributes, report)
    for target in site.bodies[source].links if source in site.bodies else ():
        if target.endswith(".md") and target not in published:
            report.warning(source, _line_of(text, posixpath.basename(target), first_line), "link_unpublished",
                           value="content/" + target)


def _check_html_tag(source: str, line: int, tag: str, attributes: str, report: Report) -> None:
    values = {name.lower(): double or single or bare for name, double, single, bare in _HTML_ATTR.findall(attributes)}
    if tag == "img" and "alt" not in values:
        report.warning(source, line, "image_no_alt", value=values.get("src", ""))
    for name in ("src", "href", "poster"):
        url = values.get(name, "").strip()
        if url and not re.match(r"^([a-z][a-z0-9+.-]*:|//|#|/)", url, re.I):
            report.warning(source, line, "raw_html_link", value=url)


def _prose_lines(text: str, first_line: int) -> Iterator[tuple[int, str]]:
    """Lines of Markdown outside fenced code, without inline code spans."""
    fence = None
    for offset, line in enumerate(text.split("\n")):
        match = _FENCE.match(line)
        if match and (fence is None or match.group(1) == fence):
            fence = match.group(1) if fence is None else None
            continue
        if fence is None:
            yield first_line + offset, _CODE_SPAN.sub("", line)


def _line_of(text: str, needle: str, first_line: int) -> int:
    index = text.find(needle)
    return first_line + (text.count("\n", 0, index) if index >= 0 else 0)


def _check_image_sizes(site: Site, report: Report) -> None:
    for path in sorted(used_media(site)):
        file = site.config.content_root / path
        if posixpath.splitext(path)[1].lower() in IMAGE_SUFFIXES and file.is_file():
            size = file.stat().st_size
            if size > MAX_IMAGE_BYTES:
                report.warning("content/" + path, None, "image_file_too_large", size=f"{size / 1024 / 1024:.1f}",
                               limit=MAX_IMAGE_BYTES // 1024 // 1024)


def _check_unused_media(site: Site, report: Report) -> None:
    """Files under content/ that no page, draft or scheduled article shows or links to."""
    config = site.config
    sources = {p for folder, pattern in (("articles", "*.md"), ("pages", "*.md"), ("campaigns", "*.yaml"))
               for p in list_sources(config, folder, pattern)}
    used = used_media(site) | _used_by_unpublished(site)
    for file in sorted(config.content_root.rglob("*")):
        relative = file.relative_to(config.content_root)
        if (not file.is_file() or file in sources or file.name.lower() in _SYSTEM_FILES
                or any(part.startswith((".", "_")) for part in relative.parts)):
            continue
        below = unicodedata.normalize("NFC", relative.as_posix())
        if below not in used:
            report.warning("content/" + below, None, "media_unused")


def _used_by_unpublished(site: Site) -> set[str]:
    """Media that drafts and scheduled articles use: not unused, only not yet published."""
    everything = load_content(site.config, Report(), site.now, drafts=True, future=True)
    shown = {a.source for a in site.articles}
    waiting = tuple(a for a in everything.articles if a.source not in shown)
    used: set[str] = set()
    for article in waiting:
        used.update(image.path for image in (article.image, *article.gallery) if image)
    for body in render_bodies(site.config, Content(waiting, (), ()), Report()).values():
        used.update(body.images)
        used.update(p for p in body.links if not p.endswith(".md"))
    return used


def _check_unreported(site: Site, report: Report) -> None:
    """An article in a campaign should be the report of one of its activities."""
    reported = {(item.campaign.id, item.activity.report) for item in site.schedule}
    campaigns = {c.id: c for c in site.campaigns}
    for article in site.articles:
        if article.campaign in campaigns and (article.campaign, article.slug) not in reported:
            report.warning(article.source, article.lines.get("campaign"), "campaign_article_unreported",
                           campaign=article.campaign, slug=article.slug, file=campaigns[article.campaign].source)


def _check_categories(site: Site, report: Report) -> None:
    """One category spelled two ways, or used once and close to another: likely typos."""
    for term in site.categories:
        for article in term.articles:
            if article.category != term.name:
                report.warning(article.source, article.lines.get("category"), "category_spelling",
                               value=article.category, other=term.name)
        if len(term.articles) != 1:
            continue
        others = {t.slug: t.name for t in site.categories if t.slug != term.slug}
        guess = difflib.get_close_matches(term.slug, list(others), n=1, cutoff=SIMILAR_CATEGORY)
        if guess:
            article: Article = term.articles[0]
            report.warning(article.source, article.lines.get("category"), "category_used_once",
                           value=term.name, guess=others[guess[0]])
