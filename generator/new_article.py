"""`build.py new "Title"`: a new article file with complete front matter, checked against the site."""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import yaml

from .config import SiteConfig
from .errors import BuildError, Problem, Report, problem
from .fields import slugify
from .load import list_sources, load_content


@dataclass(frozen=True)
class NewArticle:
    title: str
    category: str | None = None
    campaign: str | None = None
    slug: str | None = None
    new_category: bool = False  # allow a category no article uses yet


def create_article(config: SiteConfig, request: NewArticle, now: datetime) -> Path:
    """Write content/articles/YYYY/<slug>.md as a draft dated `now`; BuildError if anything is off."""
    title = unicodedata.normalize("NFC", request.title).strip()
    slug = slugify(request.slug or title)
    if not title or not slug:
        raise BuildError([problem("error", "", None, "new_bad_title", value=request.title)])
    local = now.astimezone(config.timezone)
    relative = f"content/articles/{local.year}/{slug}.md"
    target = config.root / relative
    if target.exists():
        raise BuildError([problem("error", relative, None, "new_file_exists")])
    articles = _existing_articles(config, now)
    category, category_problem = _match_category(config, request, articles)
    campaign, campaign_problem = _match_campaign(config, request.campaign)
    problems = [p for p in (_check_slug(config, slug, articles), category_problem, campaign_problem) if p]
    if problems:
        raise BuildError(problems)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as file:  # "x": never overwrite, even in a race
        file.write(front_matter(title, local, category, campaign, slug))
    return target


def front_matter(title: str, local: datetime, category: str | None, campaign: str | None, slug: str) -> str:
    """Every key of the content model, the empty ones ready to fill in."""
    lines = [
        "---",
        f"title: {_scalar(title)}",
        f"date: {local:%Y-%m-%d %H:%M}",
        f"category: {_scalar(category)}",
        "tags: []",
        f"campaign: {_scalar(campaign)}",
        "author: ",
        "unit: ",
        "summary: ",
        f"image:  # ../../media/{local.year}/ten-anh.jpg",
        "hot: false",
        "featured: false",
        "draft: true",
        f"slug: {slug}",
        "gallery: []  # - {src: ../../media/..., caption: ...}",
        "---",
        "",
    ]
    return "\n".join(line.rstrip() for line in lines)


def _scalar(value: str | None) -> str:
    """A YAML scalar that reads back as exactly `value` (quoted only when it must be)."""
    if value is None:
        return ""
    dumped = yaml.safe_dump([value], allow_unicode=True, default_flow_style=True, width=1_000_000)
    return dumped.strip()[1:-1]


def _existing_articles(config: SiteConfig, now: datetime) -> list:
    """Every article that loads, drafts and scheduled ones included; broken files do not block `new`."""
    return list(load_content(config, Report(), now, drafts=True, future=True).articles)


def _check_slug(config: SiteConfig, slug: str, articles: list) -> Problem | None:
    """An article with this URL exists already (files that do not load count by their name)."""
    taken = {a.slug: a.source for a in articles}
    loaded = set(taken.values())
    for path in list_sources(config, "articles", "*.md"):
        relative = unicodedata.normalize("NFC", path.relative_to(config.root).as_posix())
        if relative not in loaded:
            taken.setdefault(slugify(unicodedata.normalize("NFC", path.stem)), relative)
    if slug in taken:
        return problem("error", taken[slug], None, "new_slug_taken", slug=slug)
    return None


def _match_category(config: SiteConfig, request: NewArticle, articles: list) -> tuple[str | None, Problem | None]:
    """The site's own spelling of the category, or a problem naming the likely one."""
    if not request.category:
        return None, None
    known: dict[str, str] = {}
    for article in sorted(articles, key=lambda a: a.date, reverse=True):
        if article.category:
            known.setdefault(slugify(article.category), article.category)
    for entry in config.menu:
        if entry.kind == "category":
            known.setdefault(slugify(entry.target), entry.target)
    given = unicodedata.normalize("NFC", request.category).strip()
    if slugify(given) in known:
        return known[slugify(given)], None
    if request.new_category:
        return given, None
    guess = difflib.get_close_matches(slugify(given), sorted(known), n=1, cutoff=0.6)
    if guess:
        return None, problem("error", "", None, "new_unknown_category_guess", value=given, guess=known[guess[0]])
    return None, problem("error", "", None, "new_unknown_category", value=given,
                         known=", ".join(sorted(known.values())) or "-")


def _match_campaign(config: SiteConfig, value: str | None) -> tuple[str | None, Problem | None]:
    if not value:
        return None, None
    ids = sorted(unicodedata.normalize("NFC", p.stem) for p in list_sources(config, "campaigns", "*.yaml"))
    given = value.strip()
    for candidate in (given, slugify(given)):
        if candidate in ids:
            return candidate, None
    guess = difflib.get_close_matches(slugify(given), ids, n=1, cutoff=0.6)
    if guess:
        return None, problem("error", "", None, "new_unknown_campaign_guess", value=given, guess=guess[0])
    return None, problem("error", "", None, "new_unknown_campaign", value=given, known=", ".join(ids) or "-")
