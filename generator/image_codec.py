"""One source image in, its published renditions out: oriented, sRGB, resized, stripped of metadata.

Runs in worker threads: it depends on nothing but Pillow and its arguments.
Every rendition is written from pixels alone: no EXIF, XMP, ICC profile, comment
or thumbnail of the source reaches the output, except the copyright fields when
the site asks to keep them.
"""

from __future__ import annotations

import io
import math
import re
import warnings
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, ImageSequence, UnidentifiedImageError

from .urls import browser_scheme

MAX_PIXELS = 120_000_000  # above the largest phone cameras (108 MP); beyond it, a decompression bomb
# Formats a browser shows, and the extensions each may be named with.
EXTENSIONS = {"JPEG": (".jpg", ".jpeg", ".jpe"), "PNG": (".png",), "WEBP": (".webp",), "GIF": (".gif",)}
SAVE_EXTENSION = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
_ARTIST, _COPYRIGHT, _ORIENTATION = 0x013B, 0x8298, 0x0112
_SRGB = ImageCms.createProfile("sRGB")
# Every image passes our own MAX_PIXELS check, which names the file; Pillow's warning for sizes
# between its limit and ours would only print noise. (A filter set once: catch_warnings is not thread-safe.)
warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)


class ImageProblem(Exception):
    """A source that cannot be published; `code` names a message in the locale catalogue."""

    def __init__(self, code: str, **args: object):
        super().__init__(code)
        self.code = code
        self.args_ = args


@dataclass(frozen=True)
class Rendition:
    """One file written for a source: its name in the cache entry, size and format."""

    name: str  # e.g. "360.webp"; "full.png" when the source's own format is not among the candidates
    width: int
    height: int
    format: str  # JPEG, PNG, WEBP or GIF
    candidate: bool  # offered in a srcset
    original: bool = False  # published at the source's own path: its largest rendition in its own format


def process_file(source: Path, widths: tuple[int, ...], quality: int, keep_copyright: bool,
                 out_dir: Path) -> list[Rendition]:
    """Write every rendition of `source` into `out_dir`; raises ImageProblem for a bad source."""
    with open_checked(source) as image:
        if getattr(image, "n_frames", 1) > 1:
            return [_save_animated(image, out_dir)]
        source_format = image.format
        exif = image.getexif()
        kept = {tag: exif[tag] for tag in (_ARTIST, _COPYRIGHT) if tag in exif} if keep_copyright else {}
        width, height = _displayed_size(image.size, exif.get(_ORIENTATION, 1))
        sizes = plan_widths(width, widths)
        _reduce_while_decoding(image, width, sizes[-1])
        try:
            image.load()
            pixels = _to_srgb(ImageOps.exif_transpose(image))
        except OSError as exc:
            raise ImageProblem("image_truncated") from exc
    graphic = _is_graphic(pixels, source_format)
    fallback = "PNG" if graphic else "JPEG"
    exif_bytes = _copyright_exif(kept)
    renditions = []
    full_size = (sizes[-1], _height_for(sizes[-1], width, height))
    full = pixels if pixels.size == full_size else pixels.resize(full_size, Image.Resampling.LANCZOS)
    for size in reversed(sizes):
        scaled = full if size == sizes[-1] else full.resize((size, _height_for(size, width, height)),
                                                          Image.Resampling.LANCZOS)
        for fmt in ("WEBP", fallback):
            name = f"{size}.{SAVE_EXTENSION[fmt]}"
            _save(scaled, out_dir / name, fmt, quality, graphic, exif_bytes)
            original = size == sizes[-1] and fmt == source_format
            renditions.append(Rendition(name, scaled.width, scaled.height, fmt, True, original))
    if source_format not in ("WEBP", fallback):
        name = f"full.{SAVE_EXTENSION[source_format]}"
        _save(full, out_dir / name, source_format, quality, graphic, exif_bytes)
        renditions.append(Rendition(name, full.width, full.height, source_format, False, True))
    return sorted(renditions, key=lambda r: (r.width, r.name))


def open_checked(source: Path) -> Image.Image:
    """Open an image whose kind, name and declared size are fit to publish."""
    try:
        image = Image.open(source)
    except Image.DecompressionBombError as exc:  # Pillow's own ceiling, above ours: "Image size (N pixels) ..."
        pixels = re.search(r"\((\d+) pixels\)", str(exc))
        megapixels = f"{int(pixels[1]) / 1_000_000:.0f}" if pixels else "?"
        raise ImageProblem("image_too_large", megapixels=megapixels, limit=MAX_PIXELS // 1_000_000) from None
    except UnidentifiedImageError:
        raise ImageProblem("image_unreadable") from None
    except OSError:
        raise ImageProblem("image_truncated") from None
    megapixels = image.width * image.height / 1_000_000
    if image.width * image.height > MAX_PIXELS:
        image.close()
        raise ImageProblem("image_too_large", megapixels=f"{megapixels:.0f}", limit=MAX_PIXELS // 1_000_000)
    kind = image.format or "?"
    extension = source.suffix.lower()
    if kind not in EXTENSIONS:
        image.close()
        raise ImageProblem("image_unsupported", kind=kind)
    if extension not in EXTENSIONS[kind]:
        image.close()
        raise ImageProblem("image_wrong_extension", kind=kind, extension=extension or "-",
                           expected=EXTENSIONS[kind][0])
    return image


def plan_widths(width: int, widths: tuple[int, ...]) -> list[int]:
    """The widths to make of an image `width` pixels wide: never larger than the source."""
    largest = min(width, max(widths))
    return sorted({w for w in widths if w < largest} | {largest})


def read_svg(source: Path) -> tuple[int | None, int | None, str | None]:
    """Width and height an SVG declares (attributes, else its viewBox), and what in it would run when its
    file is opened (`<script>`, `onload`, ...) or None: one pass over the file. Raises ImageProblem if
    it is not SVG, or not readable XML."""
    size: tuple[int | None, int | None] | None = None
    try:
        for _event, element in etree.iterparse(source, events=("start",)):
            if size is None:
                if not element.tag.endswith("svg"):
                    break
                size = _declared_size(element)
            active = _active_element(element)
            if active:
                return (*size, active)
        else:
            if size is not None:
                return (*size, None)
    except (etree.ParseError, UnicodeDecodeError, OSError):
        pass
    raise ImageProblem("image_unreadable")


def _declared_size(root: etree.Element) -> tuple[int | None, int | None]:
    width, height = _svg_length(root.get("width")), _svg_length(root.get("height"))
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if (width is None or height is None) and len(box) == 4:
        try:
            box_w, box_h = float(box[2]), float(box[3])
        except ValueError:
            return width, height
        if box_w > 0 and box_h > 0:
            if width is None and height is None:
                width, height = round(box_w), round(box_h)
            elif width is None:
                width = round(height * box_w / box_h)
            else:
                height = round(width * box_h / box_w)
    return width, height


# What makes a drawing run code when a reader opens its file on the site (an <img> never runs it, but
# the file is published at its own address, on the site's origin): scripts, frames, plugins, event
# handlers, and script URLs, also those an animation would set.
_ACTIVE_ELEMENTS = frozenset({"script", "iframe", "frame", "embed", "object", "handler", "listener"})
_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction"})
_ANIMATED_VALUES = frozenset({"to", "from", "by", "values"})
_SCRIPT_SCHEMES = frozenset({"javascript", "vbscript"})


def _active_element(element: etree.Element) -> str | None:
    """What of an SVG element would run when its file is opened, or None."""
    name = _local(element.tag)
    if name in _ACTIVE_ELEMENTS:
        return f"<{name}>"
    for attribute, value in element.attrib.items():
        found = _active_attribute(_local(attribute), value)
        if found:
            return found
    return None


def _active_attribute(name: str, value: str) -> str | None:
    if name.lower().startswith("on"):
        return name
    if name in _URL_ATTRIBUTES:
        scheme = browser_scheme(value)
        if scheme in _SCRIPT_SCHEMES or (scheme == "data" and not value.strip().lower().startswith("data:image/")):
            return f"{name}={scheme}:"
    if name in _ANIMATED_VALUES and any(browser_scheme(part) in _SCRIPT_SCHEMES for part in value.split(";")):
        return f"{name}=javascript:"
    return None


def _local(name: str) -> str:
    """`{namespace}name` -> `name`."""
    return name.rpartition("}")[2]


def _svg_length(value: str | None) -> int | None:
    match = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*(px)?\s*", value or "")
    return round(float(match[1])) if match and float(match[1]) > 0 else None


def _displayed_size(size: tuple[int, int], orientation: object) -> tuple[int, int]:
    """The size once EXIF orientation is applied: orientations 5-8 swap width and height."""
    return (size[1], size[0]) if orientation in (5, 6, 7, 8) else size


def _height_for(target_width: int, width: int, height: int) -> int:
    return max(1, round(height * target_width / width))


def _reduce_while_decoding(image: Image.Image, width: int, target: int) -> None:
    """Let libjpeg decode at 1/2, 1/4 or 1/8 scale when that still covers the largest rendition."""
    if image.format != "JPEG" or target >= width:
        return
    scale = target / width
    image.draft("RGB", (math.ceil(image.width * scale), math.ceil(image.height * scale)))


def _to_srgb(image: Image.Image) -> Image.Image:
    """RGB or RGBA pixels in sRGB: a profile (Display P3, Adobe RGB) is applied, then dropped."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    mode = "RGBA" if has_alpha else "RGB"
    profile = image.info.get("icc_profile")
    if profile:
        try:
            source_profile = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            if image.mode not in ("RGB", "RGBA", "CMYK", "L"):
                image = image.convert(mode)
            return ImageCms.profileToProfile(image, source_profile, _SRGB, outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: keep the pixels as they are
    return image.convert(mode) if image.mode != mode else image.copy()


def _is_graphic(image: Image.Image, source_format: str) -> bool:
    """Logos, charts and screenshots: transparency or few colours, kept lossless."""
    if source_format == "JPEG":
        return False
    if image.mode == "RGBA" and image.getextrema()[3][0] < 255:
        return True
    return image.getcolors(256) is not None


def _copyright_exif(kept: dict[int, object]) -> bytes:
    if not kept:
        return b""
    exif = Image.Exif()
    for tag, value in kept.items():
        exif[tag] = value
    return exif.tobytes()


def _save(image: Image.Image, target: Path, fmt: str, quality: int, graphic: bool, exif: bytes) -> None:
    """Encode pixels only: `info` is emptied so no source metadata rides along."""
    image = image.copy()
    image.info = {}
    options: dict[str, object] = {}
    if exif and fmt in ("JPEG", "WEBP", "PNG"):
        options["exif"] = exif
    if fmt == "JPEG":
        options.update(quality=quality, optimize=True, progressive=True)
        image = image.convert("RGB")
    elif fmt == "WEBP":
        options.update(quality=quality, method=4)
        if graphic and image.getcolors(256) is not None:
            options.update(lossless=True, quality=100)
    elif fmt == "PNG":
        options.update(optimize=True)
        if image.mode == "RGB" and image.getcolors(256) is not None:
            image = image.quantize(colors=256, dither=Image.Dither.NONE)
    image.save(target, fmt, **options)


def _save_animated(image: Image.Image, out_dir: Path) -> Rendition:
    """An animated GIF or WebP is re-encoded frame by frame at its own size, without its metadata."""
    fmt = image.format
    name = f"full.{SAVE_EXTENSION[fmt]}"
    frames, durations = [], []
    try:
        for frame in ImageSequence.Iterator(image):
            durations.append(frame.info.get("duration", 100))
            clean = frame.convert("RGBA")
            clean.info = {}
            frames.append(clean)
    except OSError as exc:
        raise ImageProblem("image_truncated") from exc
    options: dict[str, object] = {"save_all": True, "append_images": frames[1:], "duration": durations,
                                  "loop": image.info.get("loop", 0)}
    if fmt == "WEBP":
        options.update(quality=90, method=4)
    else:
        options.update(disposal=2)
    frames[0].save(out_dir / name, fmt, **options)
    return Rendition(name, frames[0].width, frames[0].height, fmt, False, True)

