"""Stage 4: decide every output page and render it with Jinja."""

from __future__ import annotations

import base64
import functools
import os
import posixpath
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from . import i18n
from .containment import is_inside, link_target
from .errors import ContentError
from .fields import slugify
from .markdown_render import truncate
from .metadata import feed_links, list_feeds, page_article, page_metadata
from .model import Article
from .page_cache import Fingerprints, PageRecord, answers_hold, page_key
from .resolve import Site, Term, today_in
from .schedule import campaign_status, report_entries
from .theme_loader import DEFAULT_THEME, ThemeLoader, template_cache, template_errors
from .urls import absolute_url, paginated_path, relative_url
from .workers import map_forked

SUMMARY_LENGTH = 220
RENDER_CHUNK = 100  # pages rendered between two progress calls, and given to a worker at a time
PARALLEL_MIN_PAGES = 200  # below this, starting worker processes costs more than it saves
LINK_CACHE_LIMIT = 100_000  # links (and page folders) url() remembers before it starts afresh


@dataclass(frozen=True)
class PageSpec:
    """One output page: where it goes, which template draws it, and the data it shows.

    `data` is that data, or what makes it on first use (`context`): a page kept from the last build
    is only keyed, a preview's early pages are a few of thousands planned, and a page rendered by a
    worker process has its data made there.
    """

    path: str
    template: str
    data: dict | Callable[[], dict] = field(hash=False, compare=False, repr=False)

    @functools.cached_property
    def context(self) -> dict:
        return self.data() if callable(self.data) else self.data


@dataclass(frozen=True)
class Pagination:
    number: int
    total: int
    paths: tuple[str, ...]

    @property
    def previous(self) -> str | None:
        return self.paths[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.paths[self.number] if self.number < self.total else None


def theme_dirs(site_root: Path) -> list[Path]:
    """The site's own templates first, then the default theme's."""
    own = site_root / "templates"
    return [d for d in (own, DEFAULT_THEME) if d.is_dir() and d.resolve() != DEFAULT_THEME.resolve()] + [DEFAULT_THEME]


class ThemeEnvironment(jinja2.Environment):
    """Jinja, noting in `asked` (while pages are keyed: `page_cache.py`) each term whose articles a
    template reads: what a term shows but its name, slug, kind and path is not in a page's key."""

    asked: list[tuple[str, str]] | None = None

    def getattr(self, obj: object, attribute: str) -> object:
        # Called for every `a.b` of every page (about 450 a page), so the usual cases are answered here, as
        # Jinja would: a dict's key when it names no attribute of dicts (half the reads, each of which would
        # raise and catch AttributeError first), else an attribute found, else Jinja's own lookup.
        kind = type(obj)
        if kind is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]  # type: ignore[index]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        if kind is Term:
            self.note(obj, attribute)
        try:
            return getattr(obj, attribute)
        except AttributeError:
            return super().getattr(obj, attribute)  # an item, or undefined

    def getitem(self, obj: object, argument: object) -> object:
        if type(obj) is Term:
            self.note(obj, argument)
        return super().getitem(obj, argument)

    def note(self, obj: object, name: object) -> None:
        if self.asked is not None and type(obj) is Term and name not in _TERM_KEYED:
            self.asked.append(("term", f"{obj.kind}/{obj.slug}"))  # type: ignore[attr-defined]


_TERM_KEYED = frozenset({"name", "slug", "kind", "path"})
_DICT_ATTRIBUTES = frozenset(dir(dict))  # `d.items` is the method, as in Python


def make_environment(site_root: Path, language: str, asset_names: dict[str, str] | None = None,
                     cache: bool = False) -> ThemeEnvironment:
    """The Jinja environment of a site; `url()` links to `asset_names` (old -> hashed path) by their new name.

    With `cache`, compiled templates are kept in .loa-cache/ (`theme_loader.template_cache`)."""
    env = ThemeEnvironment(
        bytecode_cache=template_cache(site_root) if cache else None,
        loader=ThemeLoader([str(d) for d in theme_dirs(site_root)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["url"] = _url_helper(asset_names or {})
    builtin_attr = env.filters["attr"]

    @jinja2.pass_environment
    def attr(environment: ThemeEnvironment, obj: object, name: str) -> object:
        environment.note(obj, name)  # Jinja before 3.1.6 reads the attribute past `getattr` above
        return builtin_attr(environment, obj, name)

    env.filters["attr"] = attr
    env.filters["datetime"] = lambda value: i18n.format_datetime(value, language)
    env.filters["date"] = lambda value: i18n.format_date(value, language)
    env.filters["long_date"] = lambda value: i18n.format_long_date(value, language)
    env.filters["month_name"] = lambda value: i18n.month_name(value, language)
    return env


def _url_helper(asset_names: dict[str, str]) -> Callable:
    # Linking to hashed asset names while rendering spares fingerprinting a rewrite of every page.
    # Pages of one folder share their links: each is worked out once per folder (templates ask
    # about 40 times a page), and the folder once per page. Emptied past a limit, for huge sites.
    links: dict[tuple[str, str], str] = {}
    folders: dict[str, str] = {}

    @jinja2.pass_context
    def url(context, target: str) -> str:
        """The relative link from the page being rendered to an output path (external URLs pass)."""
        page = context["page_path"]
        folder = folders.get(page)
        if folder is None:
            if len(folders) >= LINK_CACHE_LIMIT:
                folders.clear()
            folder = folders[page] = posixpath.dirname(page)
        link = links.get((folder, target))
        if link is None:
            if len(links) >= LINK_CACHE_LIMIT:
                links.clear()
            link = links[folder, target] = _link(page, target, asset_names)
        return link

    return url


def _link(page: str, target: str, asset_names: dict[str, str]) -> str:
    if "://" in target or target.startswith(("mailto:", "#")):
        return target
    return relative_url(page, asset_names.get(target, target))


def summary_of(site: Site, article: Article) -> str:
    return article.summary or truncate(site.bodies[article.source].first_paragraph, SUMMARY_LENGTH)


def plan_pages(site: Site) -> list[PageSpec]:
    """Every HTML page of the site, in a fixed order."""
    specs: list[PageSpec] = []
    teaser = _Teasers(site)
    specs += _listing(site, teaser, "index.html", site.articles, kind="home", title=None)
    for article in site.articles:
        specs.append(PageSpec(article.path, "article.html",
                              functools.partial(_article_page, site, teaser, article)))
    for term in (*site.categories, *site.tags):
        specs += _listing(site, teaser, term.path, term.articles, kind=term.kind, title=term.name, term=term)
    specs += _archive(site, teaser)
    for page in site.pages:
        body = site.bodies[page.source]
        specs.append(PageSpec(page.path, "page.html", {
            "title": page.title, "page": page, "body": body.html,
            "description": page.summary or truncate(body.first_paragraph, SUMMARY_LENGTH)}))
    specs.append(_not_found_page(site))
    from .campaigns import plan_campaign_pages  # here: campaigns builds on this module's PageSpec
    specs += plan_campaign_pages(site)
    return specs


def _archive(site: Site, teaser: _Teasers) -> list[PageSpec]:
    """The archive: an index of years and months, then a paginated listing of each."""
    language = site.config.language
    ui = i18n.strings(language)
    specs = [PageSpec("archive/index.html", "archive.html", {"title": ui["archive"], "years": site.years})]
    for year in site.years:
        specs += _listing(site, teaser, year.path, year.articles, kind="year",
                          title=ui["archive_year"].format(year=year.year), year=year)
        for month in year.months:
            specs += _listing(site, teaser, month.path, month.articles, kind="month",
                              title=i18n.format_month(month.year, month.month, language))
    return specs


def _not_found_page(site: Site) -> PageSpec:
    """Hosts serve 404.html at any depth, so it carries its own style and icon; its links assume the root."""
    assets = theme_assets(site.config.root)
    style = assets["assets/style.css"].read_text(encoding="utf-8") if "assets/style.css" in assets else ""
    icon = assets.get("assets/favicon.svg")
    icon_uri = "data:image/svg+xml;base64," + base64.b64encode(icon.read_bytes()).decode() if icon else ""
    return PageSpec("404.html", "404.html", {"title": i18n.strings(site.config.language)["not_found"],
                                             "canonical": None, "inline_style": style, "inline_icon": icon_uri})


def theme_assets(site_root: Path) -> dict[str, Path]:
    """Files under templates/assets, the site's own winning over the default theme's."""
    assets: dict[str, Path] = {}
    for theme in reversed(theme_dirs(site_root)):
        folder = theme / "assets"
        if folder.is_dir():
            for file in sorted(folder.rglob("*")):
                if file.is_file() and not is_inside(file, theme):
                    raise ContentError("symlink_outside", owner=os.path.relpath(file, site_root),
                                       target=link_target(file), folder="templates/")
                if file.is_file():
                    assets["assets/" + file.relative_to(folder).as_posix()] = file
    return assets


def _listing(site: Site, teaser: _Teasers, first_path: str, articles: tuple[Article, ...], kind: str,
             title: str | None, **extra) -> list[PageSpec]:
    per_page = site.config.per_page
    chunks = [articles[i:i + per_page] for i in range(0, len(articles), per_page)] or [()]
    paths = tuple(paginated_path(first_path, n + 1) for n in range(len(chunks)))

    def context(number: int, chunk: tuple[Article, ...]) -> dict:
        return {
            "title": title,
            "kind": kind,
            "items": [teaser(a, with_category=kind != "category") for a in chunk],
            "pagination": Pagination(number, len(chunks), paths),
            **extra,
        }

    return [PageSpec(paths[number - 1], "list.html", functools.partial(context, number, chunk))
            for number, chunk in enumerate(chunks, start=1)]


def _teaser(site: Site, article: Article, with_category: bool = True) -> dict:
    """An article in a list; a category's own listing does not repeat the category on every item."""
    return {"article": article, "summary": summary_of(site, article),
            "category": site.category_of(article) if with_category else None,
            "preview": preview_state(site, article)}


class _Teasers:
    """Each article's teaser, made once: an article is listed on many pages (home, category, tags, month)."""

    def __init__(self, site: Site):
        self.site = site
        self.made: dict[tuple[str, bool], dict] = {}

    def __call__(self, article: Article, with_category: bool = True) -> dict:
        key = (article.source, with_category)
        if key not in self.made:
            self.made[key] = _teaser(self.site, article, with_category)
        return self.made[key]


def preview_state(site: Site, article: Article) -> str | None:
    """`draft` or `scheduled` for what only a preview shows (`serve --drafts --future`), else None."""
    if article.draft:
        return "draft"
    return "scheduled" if article.date > site.now else None


def _article_page(site: Site, teaser: _Teasers, article: Article) -> dict:
    campaign = site.campaign_of(article)
    body = site.bodies[article.source]
    return {
        "title": article.title,
        "description": summary_of(site, article),
        "article": article,
        "preview": preview_state(site, article),
        "body": body.html,
        # editors often use one photo as the cover and as a figure of the text: show it once, in the text
        "show_cover": article.image is not None and article.image.path not in body.images,
        "category": site.category_of(article),
        "tags": site.tags_of(article),
        "campaign": campaign,
        "campaign_status": campaign_status(campaign, today_in(site.config, site.now)) if campaign else None,
        "reports": report_entries(site, article),
        "previous": site.previous.get(article.slug),
        "next": site.next.get(article.slug),
        "related": [teaser(a) for a in site.related[article.slug]],
    }


def shared_context(site: Site, built: frozenset[str]) -> dict:
    """What every page shows: site identity, menu and sidebar.

    `built` holds the path of every page of this build, so a template can link to an optional
    page (a campaign's, the calendar, search) only when some stage makes it.
    """
    config = site.config
    return {
        "lang": config.language,
        "ui": i18n.strings(config.language),
        "site": config,
        "built": built,
        "menu": _menu(site, built),
        "hot": site.hot,
        "featured": site.featured,
        "upcoming": site.upcoming[:5],
        "links": config.links,
    }


def _menu(site: Site, built: frozenset[str]) -> list[dict]:
    """The menu of site.yaml as links; an entry whose page no stage builds is left out, never a broken link."""
    targets = {
        "home": lambda e: "index.html",
        "category": lambda e: f"categories/{slugify(e.target)}/index.html",
        "campaign": lambda e: f"campaigns/{slugify(e.target)}/index.html",
        "page": lambda e: f"pages/{slugify(e.target)}.html",
        "url": lambda e: e.target,
        "calendar": lambda e: "calendar/index.html",
        "campaigns": lambda e: "campaigns/index.html",
        "archive": lambda e: "archive/index.html",
        "search": lambda e: "search/index.html",
    }
    entries = [{"title": e.title, "target": targets[e.kind](e), "external": e.kind == "url"} for e in site.config.menu]
    return [e for e in entries if e["external"] or e["target"] in built]


@dataclass(frozen=True)
class Reuse:
    """What lets a build keep pages from the last one (`page_cache.py`)."""

    shared_key: str | None  # `shared_page_key`; None: what pages share cannot be keyed, so no page is kept
    reusable: dict[str, PageRecord]  # page path -> the record of the file now in the output folder
    # What templates ask beyond their context, (kind, name) while a page renders: picture() adds
    # ("image", path) (pictures.install), `x in built` adds ("page", x) (PagesBuilt); and its answer now.
    asked: list[tuple[str, str]]
    answer: Callable[[str, str], str]
    # pages known to be as the last build made them (`PageCache.settled`): kept without being keyed
    settled: frozenset[str] = frozenset()


def shared_page_key(site: Site, built: frozenset[str], environment: bytes) -> str | None:
    """The key of what every page shows (site, menu, sidebar) and of `environment` (`page_cache.environment_key`).

    Whether a page is built is left out: a template's question is noted where it asks (`PagesBuilt`),
    so that adding an article does not change every page's key.
    """
    return page_key(environment, "", {**shared_context(site, built), "built": None}, Fingerprints())


class PagesBuilt:
    """`built` for templates: `path in built` says whether this build makes that page, and notes the question."""

    def __init__(self, paths: frozenset[str], asked: list[tuple[str, str]]):
        self.paths = paths
        self.asked = asked

    def __contains__(self, path: object) -> bool:
        self.asked.append(("page", str(path)))
        return path in self.paths

    def __iter__(self) -> Iterator[str]:
        self.asked.append(("pages", ""))  # a template that walks them all depends on them all
        return iter(sorted(self.paths))

    def __len__(self) -> int:
        self.asked.append(("pages", ""))
        return len(self.paths)


@functools.lru_cache(maxsize=4096)
def root_of(folder: str) -> str:
    """The relative path from a page in `folder` (below the output root) to the root: `../..`, or `.`."""
    return posixpath.relpath(".", folder or ".")


def render_pages(env: jinja2.Environment, site: Site, specs: list[PageSpec],
                 rendered: Callable[[int, int], None] | None = None, jobs: int = 1) -> Iterator[tuple[str, bytes]]:
    """Render each page, yielding (output path, bytes) a chunk at a time (see `render_or_keep`)."""
    for path, _record, data in render_or_keep(env, site, specs, None, rendered, jobs):
        assert data is not None
        yield path, data


def render_or_keep(env: jinja2.Environment, site: Site, specs: list[PageSpec], reuse: Reuse | None,
                   rendered: Callable[[int, int], None] | None = None, jobs: int = 1,
                   built: frozenset[str] | None = None) -> Iterator[tuple[str, PageRecord | None, bytes | None]]:
    """Render each page, yielding (output path, record, bytes) a chunk at a time, so the caller can
    store each page (compressed, for a big site) before more are made. A broken template raises
    BuildError naming its file and line.

    With `reuse`, each page is keyed, and a page whose key and answers (`PageRecord`) are those of
    its file in the output folder is not rendered: its bytes are None. Without, records are None.
    The pages of `reuse.settled` whose images are as recorded come first, kept with their record
    and not even keyed.

    `rendered(done, total)` is called every RENDER_CHUNK pages and after the last one. With `jobs`
    over 1, sites of PARALLEL_MIN_PAGES pages or more are rendered by that many processes; the
    result, errors included, is the same as serially. `built`: the path of every page of the site,
    when `specs` are only some of them (default: theirs).
    """
    shared = shared_context(site, built if built is not None else frozenset(spec.path for spec in specs))
    feeds = {feed.folder: feed for feed in list_feeds(site)}
    fingerprints = Fingerprints()  # each worker fills its own copy
    if reuse:
        shared["built"] = PagesBuilt(shared["built"], reuse.asked)
    # what every page shares is keyed once; each page's key adds its own part of the context
    environment = reuse.shared_key.encode() if reuse and reuse.shared_key else None
    total = len(specs)
    if reuse and environment and reuse.settled:  # kept here, neither their data made nor keyed
        remaining = []
        for spec in specs:
            earlier = reuse.reusable.get(spec.path) if spec.path in reuse.settled else None
            if earlier and answers_hold(earlier, reuse.answer, settled=True):
                yield spec.path, earlier, None
            else:
                remaining.append(spec)
        specs = remaining
    done = total - len(specs)

    def render_chunk(start: int) -> list[tuple[PageRecord | None, bytes | None]]:
        pages = []
        for spec in specs[start:start + RENDER_CHUNK]:
            own = {"page_path": spec.path, "canonical": absolute_url(site.config.base_url, spec.path),
                   "root": root_of(posixpath.dirname(spec.path)), **spec.context}
            links = feed_links(site, feeds, spec.path, page_article(own))
            # the <head> data is made from these two (`page_metadata`): a kept page needs only the key
            key = page_key(environment, spec.template, {**own, "meta": links}, fingerprints) if environment else None
            earlier = reuse.reusable.get(spec.path) if reuse and key else None
            if earlier and earlier.key == key and answers_hold(earlier, reuse.answer):
                pages.append((earlier, None))
                continue
            context = {**shared, **own}
            context["meta"] = page_metadata(site, links, context)
            if reuse:
                reuse.asked.clear()
            with template_errors(site.config.root, spec.path):
                data = env.get_template(spec.template).render(context).encode("utf-8")
            record = None
            if reuse and key:
                record = PageRecord(key, tuple((*q, reuse.answer(*q)) for q in dict.fromkeys(reuse.asked)))
            pages.append((record, data))
        return pages

    starts = range(0, len(specs), RENDER_CHUNK)
    for start, pages in zip(starts, map_forked(render_chunk, starts, jobs if len(specs) >= PARALLEL_MIN_PAGES else 1)):
        for spec, (record, data) in zip(specs[start:start + RENDER_CHUNK], pages):
            yield spec.path, record, data
        if rendered:
            rendered(done + min(start + RENDER_CHUNK, len(specs)), total)
    if rendered and not specs:
        rendered(total, total)
