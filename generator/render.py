"""Stage 4: decide every output page and render it with Jinja."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from . import i18n
from .fields import slugify
from .markdown_render import truncate
from .model import Article
from .resolve import Site
from .urls import absolute_url, paginated_path, relative_url

DEFAULT_THEME = Path(__file__).resolve().parent.parent / "templates"
SUMMARY_LENGTH = 220


@dataclass(frozen=True)
class PageSpec:
    """One output page: where it goes, which template draws it, and the data it shows."""

    path: str
    template: str
    context: dict = field(hash=False, compare=False)


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


def make_environment(site_root: Path, language: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in theme_dirs(site_root)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["url"] = _url
    env.filters["datetime"] = lambda value: i18n.format_datetime(value, language)
    env.filters["date"] = lambda value: i18n.format_date(value, language)
    env.filters["long_date"] = lambda value: i18n.format_long_date(value, language)
    env.filters["month_name"] = lambda value: i18n.month_name(value, language)
    return env


@jinja2.pass_context
def _url(context, target: str) -> str:
    """The relative link from the page being rendered to an output path (external URLs pass)."""
    if "://" in target or target.startswith(("mailto:", "#")):
        return target
    return relative_url(context["page_path"], target)


def summary_of(site: Site, article: Article) -> str:
    return article.summary or truncate(site.bodies[article.source].first_paragraph, SUMMARY_LENGTH)


def plan_pages(site: Site) -> list[PageSpec]:
    """Every HTML page of the site, in a fixed order."""
    specs: list[PageSpec] = []
    specs += _listing(site, "index.html", site.articles, kind="home", title=None)
    for article in site.articles:
        specs.append(_article_page(site, article))
    for term in (*site.categories, *site.tags):
        specs += _listing(site, term.path, term.articles, kind=term.kind, title=term.name, term=term)
    specs.append(PageSpec("archive/index.html", "archive.html", {"title": i18n.strings(site.config.language)["archive"],
                                                                  "months": site.months}))
    for month in site.months:
        title = f"{i18n.month_name(month.month, site.config.language)} {month.year}"
        specs += _listing(site, month.path, month.articles, kind="month", title=title)
    for page in site.pages:
        specs.append(PageSpec(page.path, "page.html", {"title": page.title, "page": page,
                                                       "body": site.bodies[page.source].html}))
    specs.append(PageSpec("404.html", "404.html", {"title": i18n.strings(site.config.language)["not_found"]}))
    return specs


def _listing(site: Site, first_path: str, articles: tuple[Article, ...], kind: str, title: str | None,
             **extra) -> list[PageSpec]:
    per_page = site.config.per_page
    chunks = [articles[i:i + per_page] for i in range(0, len(articles), per_page)] or [()]
    paths = tuple(paginated_path(first_path, n + 1) for n in range(len(chunks)))
    specs = []
    for number, chunk in enumerate(chunks, start=1):
        context = {
            "title": title,
            "kind": kind,
            "items": [_teaser(site, a) for a in chunk],
            "pagination": Pagination(number, len(chunks), paths),
            **extra,
        }
        specs.append(PageSpec(paths[number - 1], "list.html", context))
    return specs


def _teaser(site: Site, article: Article) -> dict:
    return {"article": article, "summary": summary_of(site, article), "category": site.category_of(article),
            "preview": preview_state(site, article)}


def preview_state(site: Site, article: Article) -> str | None:
    """`draft` or `scheduled` for what only a preview shows (`serve --drafts --future`), else None."""
    if article.draft:
        return "draft"
    return "scheduled" if article.date > site.now else None


def _article_page(site: Site, article: Article) -> PageSpec:
    return PageSpec(article.path, "article.html", {
        "title": article.title,
        "description": summary_of(site, article),
        "article": article,
        "preview": preview_state(site, article),
        "body": site.bodies[article.source].html,
        "category": site.category_of(article),
        "tags": site.tags_of(article),
        "campaign": site.campaign_of(article),
        "report": site.reports.get(article.slug),
        "previous": site.previous.get(article.slug),
        "next": site.next.get(article.slug),
        "related": [_teaser(site, a) for a in site.related[article.slug]],
    })


def shared_context(site: Site) -> dict:
    """What every page shows: site identity, menu and sidebar."""
    config = site.config
    return {
        "lang": config.language,
        "ui": i18n.strings(config.language),
        "site": config,
        "menu": _menu(site),
        "hot": site.hot,
        "featured": site.featured,
        "upcoming": site.upcoming[:5],
        "links": config.links,
    }


def _menu(site: Site) -> list[dict]:
    targets = {
        "home": lambda e: "index.html",
        "category": lambda e: f"categories/{slugify(e.target)}/index.html",
        "campaign": lambda e: f"campaigns/{e.target}/index.html",
        "page": lambda e: f"pages/{slugify(e.target)}.html",
        "url": lambda e: e.target,
        "calendar": lambda e: "calendar/index.html",
        "campaigns": lambda e: "campaigns/index.html",
        "archive": lambda e: "archive/index.html",
        "search": lambda e: "search/index.html",
    }
    return [{"title": e.title, "target": targets[e.kind](e), "external": e.kind == "url"} for e in site.config.menu]


def render_pages(env: jinja2.Environment, site: Site, specs: list[PageSpec]) -> dict[str, bytes]:
    """Render each page; returns output path -> bytes."""
    shared = shared_context(site)
    outputs = {}
    for spec in specs:
        template = env.get_template(spec.template)
        context = {**shared, **spec.context, "page_path": spec.path,
                   "canonical": absolute_url(site.config.base_url, spec.path),
                   "root": posixpath.relpath(".", posixpath.dirname(spec.path) or ".")}
        outputs[spec.path] = template.render(context).encode("utf-8")
    return outputs
