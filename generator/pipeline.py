"""The build, top to bottom: load, resolve, render, write."""

from __future__ import annotations

import contextlib
import gc
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

import jinja2

from . import build_cache, build_record
from .campaigns import write_campaign_files
from .config import SiteConfig, load_config
from .errors import BuildError, ContentError, Problem, Report, problem
from .feeds import render_feeds
from .images import ImageSet, image_uses, process_images
from .load import load_content
from .load_cache import LoadCache
from .body_cache import BODY_STORE, BodyCache, body_key
from .markdown_render import BodyInput, RenderedBody, render_body
from .metadata import MANIFEST, render_manifest
from .model import Content
from .pictures import install as install_pictures, with_pictures
from .page_cache import Basis, PageCache, answers_for, environment_key
from .render import (PARALLEL_MIN_PAGES, PageSpec, Reuse, make_environment, plan_pages, render_or_keep,
                     shared_page_key, theme_assets)
from .postprocess import SiteSizes, planned_asset_names, tune_outputs
from .resolve import Site, resolve_site
from .search_index import SEARCH_PAGE, KeptIndex, PostingsCache, SearchIndex, build_search_index, search_page
from .sitemap import render_sitemap
from .sources import find_file
from .spare_site import SpareSites
from .workers import map_forked
from .writer import Outputs, check_output_dir, equal_bytes, recover_output_dir, write_site

POSTINGS_STORE = "search-postings"  # in .loa-cache/: `search_index.index_files`
RELATED_STORE = "related"  # in .loa-cache/: `resolve.related_all`

# Called as progress(stage, done, total) at stage boundaries and while rendering; total 0 = unknown.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class BuildOptions:
    drafts: bool = False  # preview drafts
    future: bool = False  # preview scheduled articles
    strict: bool = False  # warnings fail the build
    minify: bool = False  # minify HTML, CSS and JS (also site.yaml output.minify)
    now: datetime | None = None  # default: SOURCE_DATE_EPOCH, else the clock
    reuse: bool = False  # skip the build when the output folder is what it would write (build_record.py)
    jobs: int = 1  # processes for Markdown and pages (big sites only); the output is the same for any number
    cache: bool = False  # reuse and keep the work of earlier builds in .loa-cache/ (body_cache.py)
    # with `cache`, in a process that builds again and again (`serve`): the stores as it last read or wrote them
    stores: build_cache.KeptStores | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class EarlyPages:
    """Pages a preview shows before the build ends: those open in a browser (`serve`).

    Once content is loaded and checked, the pages at `paths()` (output paths: asked then, for a tab
    may be between two polls when the build starts) are rendered as the build will write them, and
    `show(pages)` gets those whose bytes differ from the output folder's: the tab shows an edit while
    the rest of the site is still being made.
    """

    paths: Callable[[], frozenset[str]]
    show: Callable[[dict[str, bytes]], None]


@dataclass
class BuildResult:
    config: SiteConfig
    out_dir: Path
    files: int
    pages: int
    seconds: float
    warnings: list[Problem] = field(default_factory=list)
    unchanged: int = 0  # files identical to those already in out_dir
    skipped_drafts: int = 0
    skipped_future: int = 0
    images_processed: int = 0  # images encoded by this build; the others came from the cache
    sizes: SiteSizes | None = None


def build(site_root: Path, out_dir: Path | None = None, options: BuildOptions = BuildOptions(),
          progress: Progress | None = None, early: EarlyPages | None = None) -> BuildResult:
    """Build the site in `site_root` into `out_dir` (default: public/ inside it).

    Raises BuildError with every problem found; the previous output is then untouched.
    """
    with _collector_paused():
        return _build(site_root, out_dir, options, progress, early)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a build runs (its workers, forked, inherit that).

    A build makes millions of objects that live until it ends (articles, bodies, pages' keys and
    records, the kept stores), and almost no reference cycles: a clean build of 1,000 articles leaves
    about 5,000 objects for the collector, while its full passes over everything else took half a
    second of an edit's build at 10,000 articles. Whatever cycles a build leaves are collected after it.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _build(site_root: Path, out_dir: Path | None, options: BuildOptions, progress: Progress | None,
           early: EarlyPages | None) -> BuildResult:
    started = time.perf_counter()
    progress = progress or _silent
    site_root = site_root.resolve()
    out_dir = (out_dir or site_root / "public").absolute()
    inputs = None
    if options.reuse:
        inputs = build_record.read_inputs(site_root, out_dir, repr(options))
        options = replace(options, now=options.now or current_time())  # one "now" for the build and its record
        if result := _reuse(site_root, out_dir, inputs, options.now, started):
            return result
    report = Report()
    site = load_site(site_root, options, report, progress, out_dir, keep_sources=False)
    report.raise_if_errors()
    assert site is not None
    images = process_images(image_uses(site), site.config.images, site_root, report)
    report.raise_if_errors()
    site = with_pictures(site, images)
    if options.strict and report.warnings:
        raise BuildError(report.warnings, [])
    if early and out_dir.is_dir():
        show_early(site, images, out_dir, early, options)
    outputs = Outputs()
    # the last build's index (a few hundred megabytes on a huge site) lives only while the index is made
    index = _guard(report, lambda: collect_search_index(
        site, outputs, _postings_cache(site.config.root) if options.cache else None), "")
    report.raise_if_errors()
    site = without_plain_text(site)  # the index was the last to need the full text of every body
    pages = PageCache(site.config.root, out_dir) if options.cache else None
    # the hashed asset names that pages link to
    rendered_with = _guard(report, lambda: collect_outputs(site, images, outputs, index, progress, options.minify,
                                                            options.jobs, pages), "") or {}
    report.raise_if_errors()
    if pages and planned_asset_names(outputs, site.config, options.minify) != rendered_with:
        pages = None  # pages will be rewritten after rendering: their keys do not tell their bytes
    sizes = tune_outputs(outputs, site.config, report, options.minify, rendered_with)
    report.raise_if_errors()
    if options.strict and report.warnings:  # page budgets are known only now
        raise BuildError(report.warnings, [])
    progress("write", 0, len(outputs))
    unchanged = 0
    try:
        spares = SpareSites(site.config.root) if options.cache else None
        unchanged = write_site(outputs, out_dir, spares)  # files kept (hard-linked) from the previous site
    except OSError as exc:
        report.error(str(out_dir), None, "write_failed", file=exc.filename or out_dir, reason=exc.strerror or exc)
        report.raise_if_errors()
    if pages:
        pages.save(site.config.precompress)
    html_pages = len(outputs.html_pages())
    if options.reuse:  # a build with warnings is not skipped: they are printed again
        summary = build_record.Summary(len(outputs), html_pages, site.skipped_drafts, site.skipped_future, sizes)
        build_record.save(site_root, out_dir.resolve(), None if report.warnings else inputs, site.now,
                          site.next_change, summary)
    return BuildResult(site.config, out_dir, len(outputs), html_pages, time.perf_counter() - started, report.warnings,
                       unchanged, site.skipped_drafts, site.skipped_future, images.processed, sizes)


def _reuse(site_root: Path, out_dir: Path, inputs: build_record.Inputs, now: datetime,
           started: float) -> BuildResult | None:
    """The result of a build skipped because its output folder is already what it would write."""
    config = load_config(site_root, Report())
    if config is None:
        return None
    found = build_record.find_unchanged(site_root, out_dir.resolve(), inputs, now)
    if found is None:
        return None
    recover_output_dir(out_dir)  # what a killed build left beside the output folder
    return BuildResult(config, out_dir, found.files, found.pages, time.perf_counter() - started, [], found.files,
                       found.skipped_drafts, found.skipped_future, 0, found.sizes)


def load_site(site_root: Path, options: BuildOptions, report: Report, progress: Progress | None = None,
              out_dir: Path | None = None, keep_sources: bool = True) -> Site | None:
    """Config, content, Markdown and cross-checks: everything but rendering. None if unusable.

    Without `keep_sources` the Markdown of articles and pages is let go once it is HTML: a build
    needs only the HTML, and at 100,000 articles the sources alone take over half a gigabyte.
    """
    progress = progress or _silent
    progress("load", 0, 0)
    config = load_config(site_root, report)
    if config is None:
        return None
    if out_dir is not None:
        _guard(report, lambda: check_output_dir(out_dir, site_root), str(out_dir))
        if not report.errors:
            recover_output_dir(out_dir)  # what a killed build left beside the output folder
    now = options.now or current_time()
    kept = options.stores
    loaded = LoadCache.load(config.root, kept) if options.cache else None
    content = load_content(config, report, now, drafts=options.drafts, future=options.future, cache=loaded)
    if loaded is not None:
        loaded.save(config.root, kept)
    del loaded  # entries of files gone or changed
    cache = BodyCache.load(config.root, BODY_STORE, kept) if options.cache else None
    bodies = render_bodies(config, content, report, progress, options.jobs, cache)
    if not keep_sources:
        content = without_sources(content)
    progress("resolve", 0, 0)
    rankings = build_cache.Store.load(config.root, RELATED_STORE, kept) if options.cache else None
    site = resolve_site(config, content, bodies, now, report, rankings)
    for name, store in ((BODY_STORE, cache), (RELATED_STORE, rankings)):
        if store:
            store.save(config.root, name, kept)
    return site


def without_sources(content: Content) -> Content:
    """`content` with the Markdown bodies of articles and pages emptied."""
    return replace(content, articles=tuple(replace(a, body="") for a in content.articles),
                   pages=tuple(replace(p, body="") for p in content.pages),
                   held=tuple(replace(a, body="") for a in content.held))


def _silent(stage: str, done: int, total: int) -> None:
    pass


def current_time() -> datetime:
    """The build's notion of now: SOURCE_DATE_EPOCH when set, for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None or not epoch.strip():
        return datetime.now(timezone.utc)
    try:
        return datetime.fromtimestamp(int(epoch.strip()), tz=timezone.utc)
    except (ValueError, OverflowError, OSError):  # the reproducible-builds spec: a bad value is an error
        raise BuildError([problem("error", "SOURCE_DATE_EPOCH", None, "bad_source_date_epoch", value=epoch)]) from None


def _guard(report: Report, action, where: str):
    """Run a stage that stops at its first problem, and report that problem; the stage's result, or None."""
    try:
        return action()
    except ContentError as exc:
        report.error(exc.args_.pop("owner", where) or where, exc.args_.pop("line", None), exc.code, **exc.args_)
        return None


def render_bodies(config: SiteConfig, content: Content, report: Report, progress: Progress | None = None,
                  jobs: int = 1, cache: BodyCache | None = None) -> dict[str, RenderedBody]:
    """Markdown of every article, page and campaign summary to HTML (in `jobs` processes for many bodies).

    With a `cache`, a body rendered by the last build is reused when its text and links are unchanged.
    """
    targets = {item.source.removeprefix("content/"): item.path for item in (*content.articles, *content.pages)}
    inputs = [BodyInput(item.source, item.path, item.body, item.body_line, config.raw_html)
              for item in (*content.articles, *content.pages)]
    inputs += [BodyInput(c.source, c.path, c.summary, c.lines.get("summary", 1), config.raw_html)
               for c in content.campaigns if c.summary]
    held = frozenset(item.source.removeprefix("content/") for item in content.held)
    keys = [body_key(body) for body in inputs] if cache else []
    found = [cache.reusable(key, targets, held, config.content_root) for key in keys] if cache else [None] * len(inputs)
    todo = [body for body, earlier in zip(inputs, found) if earlier is None]
    fresh = map_forked(lambda body: render_body(body, targets, config.content_root, held), todo,
                       jobs if len(todo) >= PARALLEL_MIN_PAGES else 1)
    bodies = {}
    for number, (body, earlier) in enumerate(zip(inputs, found), start=1):
        rendered = earlier or next(fresh)
        if cache:
            cache.keep(keys[number - 1], rendered)
        if progress:
            progress("markdown", number, len(inputs))
        for line, code, value in rendered.problems:
            report.error(body.source, line, code, value=value)
        for line, code, value in rendered.warnings:
            report.warning(body.source, line, code, value=value)
        bodies[body.source] = rendered
    return bodies


def collect_search_index(site: Site, outputs: Outputs, cache: PostingsCache | None = None) -> SearchIndex:
    """The search index's files, put in `outputs` at once; returns what the search page needs of it.

    The index holds the text of every article; a big site should not keep a second copy of it.
    """
    index = build_search_index(site, cache)
    for path, data in index.files.items():
        outputs.add_data(path, data, "search index")
    return replace(index, files={})


def _postings_cache(site_root: Path) -> PostingsCache:
    """The search index of the last build, and how this build's is kept for the next one."""
    earlier = build_cache.read_store(site_root, POSTINGS_STORE).get("index")
    return PostingsCache(earlier if isinstance(earlier, KeptIndex) else None,
                         lambda index: build_cache.write_store(site_root, POSTINGS_STORE, {"index": index}))


def without_plain_text(site: Site) -> Site:
    """`site` without the plain text of article and page bodies, which only the search index reads.

    Campaign summaries keep theirs: it is their description when they have no theme.
    """
    kept = {campaign.source for campaign in site.campaigns}
    return replace(site, bodies={source: body if source in kept else replace(body, text="")
                                 for source, body in site.bodies.items()})


def collect_outputs(site: Site, images: ImageSet, outputs: Outputs, index: SearchIndex,
                    progress: Progress | None = None, minify: bool = False, jobs: int = 1,
                    pages: PageCache | None = None) -> dict[str, str]:
    """Every other file of the site: pages, theme assets, the media that pages use, feeds, sitemap.

    With `pages`, a page whose key is unchanged since the last build keeps its file (page_cache.py).
    Returns the hashed asset names that pages link to (see `postprocess.planned_asset_names`).
    """
    # what a page's templates asked beyond its context, while it renders
    asked: list[tuple[str, str]] | None = [] if pages else None
    assets = theme_assets(site.config.root)
    # compiled templates are kept when pages are (a build with the cache on)
    env, asset_names = page_environment(site, images, assets, outputs, minify, asked, pages is not None)
    planned = plan_pages(site)
    specs = [*planned, search_page(site, index)]
    rendered = (lambda done, total: progress("render", done, total)) if progress else None
    reuse = None
    if pages:
        environment = environment_key(site.config.root, asset_names, (minify, site.config.precompress))
        built = every_page(planned)
        shared_key = shared_page_key(site, built, environment)
        terms = {f"{term.kind}/{term.slug}": term for term in (*site.categories, *site.tags)}
        answer = answers_for(images.images, built, terms)
        settled = frozenset()
        if shared_key:
            pages.basis = page_basis(site, shared_key, planned)
            own_pages = {item.source: item.path for item in (*site.articles, *site.pages)}
            settled = pages.settled(site.now, own_pages) - {SEARCH_PAGE}  # it shows the index's version
        reuse = Reuse(shared_key, pages.reusable(), asked, answer, settled)
    for path, record, data in render_or_keep(env, site, specs, reuse, rendered, jobs):
        if data is None and pages:
            file, compressed = pages.kept_files(path)
            outputs.keep(path, file, "templates", compressed)
        else:
            outputs.add(path, data, "templates")
        if pages and record:
            pages.records[path] = record
    for path, data in write_campaign_files(site).items():
        outputs.add(path, data, "content/campaigns")
    for path, file, image in images.outputs():
        outputs.copy(path, file, "content/" + image)
    for path in sorted(used_media(site) - set(images.images)):
        source = find_file(site.config.content_root, path) or site.config.content_root / path
        outputs.copy(path, source, "content/" + path)
    for path, data in render_feeds(site).items():
        outputs.add(path, data, "feeds")
    outputs.add(MANIFEST, render_manifest(site, set(assets)), "web app manifest")
    for path, data in render_sitemap(site, outputs.html_pages()).items():
        outputs.add(path, data, "sitemap")
    return asset_names


def every_page(planned: list[PageSpec]) -> frozenset[str]:
    """The path of every page a build makes: those `plan_pages` planned, and the search page."""
    return frozenset([*(spec.path for spec in planned), SEARCH_PAGE])


def page_basis(site: Site, shared_key: str, planned: list[PageSpec]) -> Basis:
    """What this build's pages are made from, item by item (`page_cache.Basis`)."""
    items = [(item.source, item) for item in (*site.articles, *site.pages, *site.campaigns)]
    bodies = {source: (body.html, body.first_paragraph) for source, body in site.bodies.items()}
    return Basis.of(shared_key, [(spec.path, spec.template) for spec in planned], items, bodies, site.next_change)


def page_environment(site: Site, images: ImageSet, assets: dict[str, Path], outputs: Outputs, minify: bool,
                     asked: list[tuple[str, str]] | None, cache: bool) -> tuple[jinja2.Environment, dict[str, str]]:
    """The templates' environment, and the hashed names of the theme's `assets` that pages link to;
    the assets go into `outputs` first, so that pages can link to their final names."""
    for path, source in assets.items():
        outputs.copy(path, source, "templates/assets")
    asset_names = planned_asset_names(outputs, site.config, minify)
    env = make_environment(site.config.root, site.config.language, asset_names, cache)
    install_pictures(env, images, asked)
    env.asked = asked
    return env, asset_names


def show_early(site: Site, images: ImageSet, out_dir: Path, early: EarlyPages, options: BuildOptions) -> None:
    """Render the pages of `early` now and show those that changed (see EarlyPages).

    Nothing is shown when a page links to an asset the output folder does not have yet (a theme
    edit): it would be drawn unstyled. A template error is left for the build to report.
    """
    wanted = early.paths()
    if not wanted:
        return
    planned = plan_pages(site)
    specs = [spec for spec in planned if spec.path in wanted]
    if not specs:
        return
    env, asset_names = page_environment(site, images, theme_assets(site.config.root), Outputs(), options.minify,
                                        None, options.cache)
    if not all((out_dir / name).is_file() for name in asset_names.values()):
        return
    changed = {}
    try:
        for path, _record, data in render_or_keep(env, site, specs, None, built=every_page(planned)):
            if data is not None and not equal_bytes(out_dir / path, data):
                changed[path] = data
    except BuildError:
        return
    if changed:
        early.show(changed)


def used_media(site: Site) -> set[str]:
    """Paths below content/ of every file a published page shows or links to."""
    used: set[str] = set()
    for article in site.articles:
        used.update(image.path for image in (article.image, *article.gallery) if image)
    for campaign in site.campaigns:
        if campaign.plan and campaign.plan.file:
            used.add(campaign.plan.file)
        if campaign.image:
            used.add(campaign.image.path)
    for body in site.bodies.values():
        used.update(body.images)
        used.update(p for p in body.links if not p.endswith(".md"))
    return used
