"""Stage: every image a published page shows, made into small, clean renditions once, then cached.

Each source is keyed by the hash of its bytes and the settings that shape its
renditions; an entry of the cache folder holds the files and a manifest. A
rebuild with unchanged images encodes nothing; a changed image has a new key,
so a stale rendition is never served. Misses are encoded on every core.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import shutil
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import PIL

from . import __version__
from .config import ImageSettings
from .errors import Report
from .image_codec import ImageProblem, Rendition, process_file, read_svg
from .resolve import Site
from .sources import find_file
from .writer import DISK_FULL

CACHE_FOLDER = Path(".loa-cache") / "images"
CODEC_VERSION = 1  # bump when image_codec changes what it writes
RASTER_EXTENSIONS = (".jpg", ".jpeg", ".jpe", ".png", ".webp", ".gif")
CACHE_DAYS = 30  # an entry no build used for this long is deleted
_MIME = {"WEBP": "image/webp", "JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "SVG": "image/svg+xml"}


@dataclass(frozen=True)
class ImageUse:
    """Where an image is shown: the content file (relative to the site root) and its line, if known."""

    source: str
    line: int | None = None


@dataclass(frozen=True)
class Variant:
    """One published file of an image."""

    path: str  # output path
    file: Path  # what to publish: a cache file, or the source itself (SVG)
    width: int | None
    height: int | None
    format: str  # WEBP, JPEG, PNG, GIF or SVG
    candidate: bool  # offered in a srcset

    @property
    def mime(self) -> str:
        return _MIME[self.format]


@dataclass(frozen=True)
class ProcessedImage:
    """An image ready to publish; `path` (below content/) is where its full-size rendition goes."""

    path: str
    width: int | None
    height: int | None
    variants: tuple[Variant, ...]

    def candidates(self, fmt: str) -> tuple[Variant, ...]:
        """Variants of `fmt` for a srcset, narrowest first."""
        return tuple(sorted((v for v in self.variants if v.candidate and v.format == fmt), key=lambda v: v.width or 0))

    @property
    def fallback_format(self) -> str | None:
        """The format every browser shows (JPEG or PNG) offered beside WebP, if any."""
        formats = {v.format for v in self.variants if v.candidate} - {"WEBP"}
        return formats.pop() if formats else None


@dataclass
class ImageSet:
    images: dict[str, ProcessedImage] = field(default_factory=dict)  # by path below content/
    processed: int = 0  # sources encoded by this build
    reused: int = 0  # sources whose renditions came from the cache

    def outputs(self) -> list[tuple[str, Path, str]]:
        """(output path, file to copy, source image below content/) for every variant of every image."""
        return sorted((v.path, v.file, image.path) for image in self.images.values() for v in image.variants)


def image_uses(site: Site) -> dict[str, list[ImageUse]]:
    """Every image a published page shows or links to, with where it is used."""
    uses: dict[str, list[ImageUse]] = {}

    def add(path: str, source: str, line: int | None) -> None:
        uses.setdefault(path, [])
        if ImageUse(source, line) not in uses[path]:
            uses[path].append(ImageUse(source, line))

    for article in site.articles:
        if article.image:
            add(article.image.path, article.source, article.lines.get("image"))
        for image in article.gallery:
            add(image.path, article.source, article.lines.get("gallery"))
    for campaign in site.campaigns:
        if campaign.image:
            add(campaign.image.path, campaign.source, campaign.lines.get("image"))
    for source, body in sorted(site.bodies.items()):
        for path in body.images:
            add(path, source, None)
        for path in body.links:
            # a linked photo must not leak its metadata either, nor a linked drawing run scripts
            if path.lower().endswith((*RASTER_EXTENSIONS, ".svg")):
                add(path, source, None)
    return dict(sorted(uses.items()))


def process_images(uses: dict[str, list[ImageUse]], settings: ImageSettings, site_root: Path,
                   report: Report, workers: int | None = None) -> ImageSet:
    """Renditions of every used image, from the cache when its bytes and the settings are unchanged."""
    content_root = site_root / "content"
    cache = site_root / CACHE_FOLDER
    result = ImageSet()
    keys: dict[str, str] = {}
    sources: dict[str, Path] = {}
    for path in uses:
        source = sources[path] = find_file(content_root, path) or content_root / path  # NFD names too
        if path.lower().endswith(".svg"):
            _add_svg(result, path, source, uses[path], site_root, report)
        else:
            try:
                keys[path] = cache_key(source, settings)
            except OSError:
                _report(report, site_root, path, uses[path], "image_unreadable", {})
    manifests = {key: m for key in set(keys.values()) if (m := _read_manifest(cache / key)) is not None}
    first_path = {key: path for path, key in reversed(keys.items())}
    missing = sorted(set(keys.values()) - set(manifests))
    jobs = [(str(sources[first_path[key]]), settings, str(cache / key)) for key in missing]
    outcomes = dict(zip(missing, run_jobs(jobs, workers)))
    for key, (manifest, _problem) in outcomes.items():
        if manifest is not None:
            manifests[key] = manifest
            result.processed += 1
    result.reused = len(set(keys.values())) - len(missing)
    for path, key in keys.items():
        if key in manifests:
            result.images[path] = _from_manifest(path, cache / key, manifests[key])
        else:
            code, args = outcomes[key][1]
            _report(report, site_root, path, uses[path], code, args)
    _prune(cache, set(keys.values()))
    return result


def cache_key(source: Path, settings: ImageSettings) -> str:
    """Hash of the source's bytes and of everything that shapes its renditions."""
    digest = hashlib.sha256()
    with open(source, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    recipe = json.dumps([asdict(settings), CODEC_VERSION, __version__, PIL.__version__], sort_keys=True)
    return hashlib.sha256(digest.digest() + recipe.encode()).hexdigest()[:40]


Job = tuple[str, ImageSettings, str]  # source file, settings, cache entry folder
Outcome = tuple[dict | None, tuple[str, dict] | None]  # manifest, or (message code, its arguments)


def run_jobs(jobs: list[Job], workers: int | None = None) -> list[Outcome]:
    """Encode every job, one thread per core.

    Threads, not processes: Pillow releases the GIL while it decodes, resizes and encodes,
    so threads use every core (bench/image_bench.py measures both), start at no cost and
    need no `if __name__ == "__main__"` guard in whatever program calls build().
    """
    workers = min(workers or os.cpu_count() or 1, len(jobs))
    if workers < 2:
        return [encode_entry(*job) for job in jobs]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda job: encode_entry(*job), jobs))


def encode_entry(source: str, settings: ImageSettings, entry: str) -> Outcome:
    """Write one cache entry: the renditions, then the manifest, moved into place in one step."""
    target = Path(entry)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{target.name}.tmp-", dir=target.parent))
    try:
        renditions = process_file(Path(source), settings.widths, settings.quality, settings.keep_copyright, staging)
    except ImageProblem as problem:
        shutil.rmtree(staging, ignore_errors=True)
        return None, (problem.code, problem.args_)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if exc.errno in DISK_FULL:  # writing a rendition, not reading a damaged file
            return None, ("disk_full", {"file": exc.filename or entry, "reason": exc.strerror or str(exc)})
        return None, ("image_unreadable", {})
    except Exception:  # Pillow raises many kinds of error on damaged files; all mean the same to an editor
        shutil.rmtree(staging, ignore_errors=True)
        return None, ("image_unreadable", {})
    manifest = {"renditions": [asdict(r) for r in renditions]}
    (staging / "manifest.json").write_text(json.dumps(manifest, sort_keys=True), encoding="utf-8")
    try:
        os.replace(staging, target)
    except OSError:  # another build wrote the same entry meanwhile: its files are the same
        shutil.rmtree(staging, ignore_errors=True)
    return manifest, None


def _read_manifest(entry: Path) -> dict | None:
    """The manifest of a complete cache entry, else None (and the entry will be written again)."""
    try:
        manifest = json.loads((entry / "manifest.json").read_text(encoding="utf-8"))
        if all((entry / r["name"]).is_file() for r in manifest["renditions"]):
            return manifest
    except (OSError, ValueError, KeyError, TypeError):
        pass
    shutil.rmtree(entry, ignore_errors=True)
    return None


def _from_manifest(path: str, entry: Path, manifest: dict) -> ProcessedImage:
    stem, _extension = posixpath.splitext(path)
    variants = []
    for item in manifest["renditions"]:
        rendition = Rendition(**item)
        extension = posixpath.splitext(rendition.name)[1]
        output = path if rendition.original else f"{stem}-{rendition.width}w{extension}"
        variants.append(Variant(output, entry / rendition.name, rendition.width, rendition.height,
                                rendition.format, rendition.candidate))
    full = next(v for v in variants if v.path == path)
    return ProcessedImage(path, full.width, full.height, tuple(variants))


def _add_svg(result: ImageSet, path: str, source: Path, uses: list[ImageUse], site_root: Path,
             report: Report) -> None:
    """SVG is published untouched, unless it holds active content; its declared size still reserves its
    place on the page."""
    try:
        width, height, active = read_svg(source)
    except ImageProblem as problem:
        _report(report, site_root, path, uses, problem.code, problem.args_)
        return
    if active:
        _report(report, site_root, path, uses, "svg_active_content", {"found": active})
        return
    variant = Variant(path, source, width, height, "SVG", False)
    result.images[path] = ProcessedImage(path, width, height, (variant,))


def _report(report: Report, site_root: Path, path: str, uses: list[ImageUse], code: str, args: dict) -> None:
    """One error per page that shows the image, naming the page, its line and the image."""
    for use in uses:
        line = use.line or _line_naming(site_root / use.source, posixpath.basename(path))
        report.error(use.source, line, code, image=f"content/{path}", **args)


def _line_naming(file: Path, name: str) -> int | None:
    try:
        lines = file.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return next((number for number, text in enumerate(lines, start=1) if name in text), None)


def _prune(cache: Path, used: set[str]) -> None:
    """Touch the entries this build used; delete the ones no build used for CACHE_DAYS."""
    if not cache.is_dir():
        return
    now = time.time()
    for entry in cache.iterdir():
        manifest = entry / "manifest.json"
        try:
            if entry.name in used:
                os.utime(manifest)
            elif now - (manifest.stat().st_mtime if manifest.exists() else entry.stat().st_mtime) > CACHE_DAYS * 86400:
                shutil.rmtree(entry, ignore_errors=True)
        except OSError:
            continue
