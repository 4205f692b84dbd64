"""Stage 4b: tune the finished outputs for cheap hosts, before they are written.

Works on `writer.Outputs` only, so it applies to any theme: the optional service worker,
minified HTML/CSS/JS, content-hashed asset names, the size report with its page budget,
and `.gz`/`.br` copies for hosts that serve them.
"""

from __future__ import annotations

import gzip
import os
from dataclasses import dataclass

import brotli

from .config import SiteConfig
from .errors import ContentError, Report
from .fingerprint import asset_names, hash_asset_names
from .minify import minified, minify_outputs
from .offline import add_service_worker
from .writer import Outputs

TEXT_SUFFIXES = (".html", ".htm", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt", ".ics",
                 ".webmanifest", ".map", ".csv", ".rss", ".atom")
COMPRESSED_SUFFIXES = (".gz", ".br")
LARGEST_PAGES = 5
# 404.html carries the whole stylesheet inline (hosts serve it at any depth) and no content of the
# editor's: splitting it or shortening lists cannot make it lighter, so the page budget leaves it out.
NOT_BUDGETED = frozenset({"404.html"})


@dataclass(frozen=True)
class SiteSizes:
    """What the built site weighs, without its .gz/.br copies."""

    total: int  # bytes
    files: int
    html: int  # bytes of all HTML pages
    largest: tuple[tuple[str, int], ...]  # the heaviest pages, heaviest first
    compressed: int = 0  # bytes of the .gz and .br copies, when written


def planned_asset_names(outputs: Outputs, config: SiteConfig, minify: bool = False) -> dict[str, str]:
    """The hashed names that `tune_outputs` will give the assets in `outputs`, for templates to link to."""
    if not config.hash_assets:
        return {}
    final = minified if minify or config.minify else (lambda path, data: data)
    return asset_names(outputs, config.base_url, final)


def tune_outputs(outputs: Outputs, config: SiteConfig, report: Report, minify: bool = False,
                 rendered_with: dict[str, str] | None = None) -> SiteSizes | None:
    """Apply every output option of `config` (and --minify); None if a step reported an error.

    `rendered_with`: the hashed asset names pages were rendered with (`planned_asset_names`).
    """
    try:
        if config.service_worker:
            add_service_worker(outputs, config.language)
        if minify or config.minify:
            minify_outputs(outputs)
        if config.hash_assets:
            hash_asset_names(outputs, config.base_url, rendered_with)
        by_path = {path: output_size(outputs, path) for path in outputs.owners
                   if not path.endswith(COMPRESSED_SUFFIXES)}
        sizes = measure_sizes(by_path)
        warn_over_budget(by_path, config.page_budget_kb, report)
        if config.precompress:
            compressed = precompress_outputs(outputs)
            sizes = SiteSizes(sizes.total, sizes.files, sizes.html, sizes.largest, compressed)
    except ContentError as exc:
        report.error(exc.args_.pop("owner", "site.yaml"), None, exc.code, **exc.args_)
        return None
    return sizes


def measure_sizes(sizes: dict[str, int]) -> SiteSizes:
    """The figures of a site whose files (the compressed copies aside) have these sizes, by path."""
    pages = {path: size for path, size in sizes.items() if _is_page(path)}
    largest = sorted(pages.items(), key=lambda item: (-item[1], item[0]))[:LARGEST_PAGES]
    return SiteSizes(sum(sizes.values()), len(sizes), sum(pages.values()), tuple(largest))


def warn_over_budget(sizes: dict[str, int], budget_kb: int, report: Report) -> None:
    """A page whose HTML alone is over the budget is slow on a cheap phone: warn, naming it."""
    for path in sorted(p for p in sizes if _is_page(p) and p not in NOT_BUDGETED):
        size = sizes[path]
        if size > budget_kb * 1024:
            report.warning(path, None, "page_over_budget", size=f"{size / 1024:.0f}", budget=budget_kb)


def precompress_outputs(outputs: Outputs) -> int:
    """Write `x.gz` and `x.br` beside every text file they make smaller; returns their bytes.

    Hosts such as nginx (gzip_static, brotli_static) then serve them without compressing
    on each request. gzip's header carries no time or name, so builds stay identical.
    """
    written = 0
    for path in sorted(p for p in outputs.owners if p.endswith(TEXT_SUFFIXES)):
        if path in outputs.tuned:  # kept from the last build with its compressed copies
            written += sum(output_size(outputs, name) for name in outputs.tuned[path])
            continue
        data = outputs.read(path)
        for suffix, packed in ((".gz", gzip.compress(data, compresslevel=9, mtime=0)),
                               (".br", brotli.compress(data, quality=11))):
            if len(packed) < len(data):
                outputs.add(path + suffix, packed, f"precompress {path}")
                written += len(packed)
    return written


def output_size(outputs: Outputs, path: str) -> int:
    return outputs.files.size(path) if path in outputs.files else os.stat(outputs.copies[path]).st_size


def format_size(size: int) -> str:
    """`812 B`, `42.1 KB`, `3.2 MB`: sizes as a person reads them (1 KB = 1024 bytes)."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def _is_page(path: str) -> bool:
    return path.endswith((".html", ".htm"))
