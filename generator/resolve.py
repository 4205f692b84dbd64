"""Stage 3: cross-check content and build the collections every page draws on."""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from functools import cached_property
from itertools import chain

from .build_cache import Store
from .config import SiteConfig
from .errors import Report
from .fields import slugify
from .markdown_render import RenderedBody
from .page_cache import UNKEYED
from .model import Activity, Article, Campaign, Content, Page

SIDEBAR_ITEMS = 5
RELATED_ITEMS = 4


@dataclass(frozen=True)
class Term:
    """A category or a tag with its articles, newest first."""

    name: str
    slug: str
    kind: str  # "category" or "tag"
    # Not part of a page's key unless its template reads them (page_cache.UNKEYED); not in repr() either,
    # which a template can print.
    articles: tuple[Article, ...] = field(repr=False, metadata={UNKEYED: True})

    @property
    def path(self) -> str:
        return f"{'categories' if self.kind == 'category' else 'tags'}/{self.slug}/index.html"


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    articles: tuple[Article, ...]

    @property
    def path(self) -> str:
        return f"archive/{self.year}/{self.month:02d}/index.html"


@dataclass(frozen=True)
class Year:
    year: int
    articles: tuple[Article, ...]
    months: tuple[Month, ...]  # newest first

    @property
    def path(self) -> str:
        return f"archive/{self.year}/index.html"


@dataclass(frozen=True)
class ScheduledActivity:
    """An activity with its campaign, for calendars that mix campaigns."""

    campaign: Campaign
    activity: Activity

    @property
    def sort_key(self) -> tuple:
        a = self.activity
        return (a.date, a.start is not None, a.start or 0, self.campaign.id, a.index)


@dataclass(frozen=True)
class Site:
    """The resolved site: everything the renderer needs, nothing it must compute."""

    config: SiteConfig
    now: datetime
    articles: tuple[Article, ...]  # newest first
    pages: tuple[Page, ...]
    campaigns: tuple[Campaign, ...]
    bodies: dict[str, RenderedBody]  # by source path
    categories: tuple[Term, ...]
    tags: tuple[Term, ...]
    months: tuple[Month, ...]  # newest first
    years: tuple[Year, ...]  # newest first
    hot: tuple[Article, ...]
    featured: tuple[Article, ...]
    schedule: tuple[ScheduledActivity, ...]  # every activity of every campaign, in time order
    upcoming: tuple[ScheduledActivity, ...]  # from today on, as of the build
    related: dict[str, tuple[Article, ...]]
    previous: dict[str, Article]
    next: dict[str, Article]
    reports: dict[str, tuple[ScheduledActivity, ...]]  # article slug -> the activities it reports on
    skipped_drafts: int = 0  # articles left out of this build, for the summary
    skipped_future: int = 0
    next_change: datetime | None = None  # the first moment after `now` at which the output would differ

    def category_of(self, article: Article) -> Term | None:
        return self._terms_by_slug["category"].get(slugify(article.category)) if article.category else None

    def tags_of(self, article: Article) -> tuple[Term, ...]:
        tags = self._terms_by_slug["tag"]
        return tuple(tags[slugify(name)] for name in article.tags if slugify(name) in tags)

    def campaign_of(self, article: Article) -> Campaign | None:
        return self._campaigns_by_id.get(article.campaign) if article.campaign else None

    def articles_of_campaign(self, campaign_id: str) -> tuple[Article, ...]:
        """The published articles of a campaign, newest first (as `articles`)."""
        return self._articles_by_campaign.get(campaign_id, ())

    @cached_property
    def _articles_by_campaign(self) -> dict[str, tuple[Article, ...]]:
        grouped: dict[str, list[Article]] = {}
        for article in self.articles:
            if article.campaign:
                grouped.setdefault(article.campaign, []).append(article)
        return {campaign: tuple(articles) for campaign, articles in grouped.items()}

    @cached_property
    def _terms_by_slug(self) -> dict[str, dict[str, Term]]:
        return {"category": {t.slug: t for t in self.categories}, "tag": {t.slug: t for t in self.tags}}

    @cached_property
    def _campaigns_by_id(self) -> dict[str, Campaign]:
        return {c.id: c for c in self.campaigns}


def resolve_site(config: SiteConfig, content: Content, bodies: dict[str, RenderedBody], now: datetime,
                 report: Report, rankings: Store | None = None) -> Site:
    """Check references between files and build collections, in a fixed order.

    `rankings` keeps the related articles of the last build (`related_all`).
    """
    articles = tuple(sorted(content.articles, key=lambda a: (a.date, a.slug), reverse=True))
    every_article = (*articles, *content.held)  # held ones are checked too: publishing them must not fail
    _check_unique(every_article, content.pages, report)
    _check_campaign_refs(every_article, content.campaigns, report)
    campaigns = tuple(sorted(content.campaigns, key=lambda c: (c.start, c.id), reverse=True))
    schedule = tuple(sorted((ScheduledActivity(c, a) for c in campaigns for a in c.activities),
                            key=lambda s: s.sort_key))
    reports = _check_reports(schedule, articles, frozenset(a.slug for a in content.held), report)
    _check_menu(config, every_article, content.pages, campaigns, report)
    today = today_in(config, now)
    months = _months(articles)
    older = {a.slug: articles[i + 1] for i, a in enumerate(articles[:-1])}
    newer = {a.slug: articles[i - 1] for i, a in enumerate(articles) if i > 0}
    return Site(
        config=config,
        now=now,
        articles=articles,
        pages=tuple(sorted(content.pages, key=lambda p: p.slug)),
        campaigns=campaigns,
        bodies=bodies,
        categories=_terms(articles, "category", lambda a: [a.category] if a.category else []),
        tags=_terms(articles, "tag", lambda a: list(a.tags)),
        months=months,
        years=_years(months),
        hot=tuple(a for a in articles if a.hot)[:SIDEBAR_ITEMS],
        featured=tuple(a for a in articles if a.featured)[:SIDEBAR_ITEMS],
        schedule=schedule,
        upcoming=tuple(s for s in schedule if s.activity.date >= today),
        related=related_all(articles, rankings),
        previous=older,
        next=newer,
        reports=reports,
        skipped_drafts=content.skipped_drafts,
        skipped_future=content.skipped_future,
        next_change=next_change(config, every_article, now),
    )


def next_change(config: SiteConfig, articles: Iterable[Article], now: datetime) -> datetime:
    """When the output made as of `now` goes stale: the site's next midnight (campaign statuses, "upcoming")
    or the next article's date (a scheduled one appears; with --future, its "scheduled" mark goes)."""
    day = datetime.combine(today_in(config, now) + timedelta(days=1), time(), tzinfo=config.timezone)
    # Where midnight falls in a clock change, the earlier reading of it: a day never starts later than said.
    midnight = min(day.replace(fold=0).astimezone(timezone.utc), day.replace(fold=1).astimezone(timezone.utc))
    return min([midnight, *(a.date for a in articles if a.date > now)])


def _terms(articles: tuple[Article, ...], kind: str, names_of) -> tuple[Term, ...]:
    """Group by slug; the first spelling met (newest article) names the term."""
    grouped: dict[str, list[Article]] = defaultdict(list)
    names: dict[str, str] = {}
    for article in articles:
        for name in names_of(article):
            slug = slugify(name)
            names.setdefault(slug, name)
            grouped[slug].append(article)
    return tuple(Term(names[slug], slug, kind, tuple(grouped[slug])) for slug in sorted(grouped))


def _months(articles: tuple[Article, ...]) -> tuple[Month, ...]:
    grouped: dict[tuple[int, int], list[Article]] = defaultdict(list)
    for article in articles:
        grouped[(article.date.year, article.date.month)].append(article)
    return tuple(Month(y, m, tuple(grouped[(y, m)])) for y, m in sorted(grouped, reverse=True))


def _years(months: tuple[Month, ...]) -> tuple[Year, ...]:
    years = sorted({m.year for m in months}, reverse=True)
    return tuple(Year(y, tuple(a for m in months if m.year == y for a in m.articles),
                      tuple(m for m in months if m.year == y)) for y in years)


def related_all(articles: tuple[Article, ...], rankings: Store | None = None) -> dict[str, tuple[Article, ...]]:
    """For each article, the few that share most: tags, then campaign, then category; newest first.

    With `rankings`, the ranking of the last build is reused when no article's slug, date, tags,
    campaign or category changed (an edit to a text or a title): ranking 10,000 articles takes half a second.

    Exact, without comparing every pair: an article that shares no tag can only compete
    through its campaign and category, so the newest few of each such group are enough.
    (Not quite at equal dates: a group is cut in the tuple's order, slugs descending, while
    ties rank slugs ascending. Kept as it was, so that the output stays the same.)
    """
    ranked = None
    if rankings is not None:
        key = hashlib.blake2b(repr([(a.slug, a.date.timestamp(), a.tags, a.campaign, a.category)
                                    for a in articles]).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
        ranked = rankings.find(key)
    if ranked is None:
        groups = _RelatedGroups(articles)
        ranked = [groups.best(i) for i in range(len(articles))]
    if rankings is not None:
        rankings.keep(key, ranked)
    return {article.slug: tuple(articles[j] for j in best) for article, best in zip(articles, ranked)}


class _RelatedGroups:
    """Articles (by position in the newest-first tuple; slugs are unique) grouped by tag, campaign and category.

    A site of 10,000 articles ranks about two million candidates: scores are plain ints here,
    and the ranking key of each candidate one int, so that picking the best is one sort in C.
    """

    def __init__(self, articles: tuple[Article, ...]) -> None:
        self.articles = articles
        self.campaigns = [article.campaign for article in articles]  # read two million times: lists beat attributes
        self.categories = [article.category for article in articles]
        self.by_tag: dict[str, list[int]] = defaultdict(list)
        self.by_campaign: dict[str, list[int]] = defaultdict(list)
        self.by_category: dict[str, list[int]] = defaultdict(list)
        for i, article in enumerate(articles):  # newest first, so every list is too
            for tag in dict.fromkeys(article.tags):  # once each: a count of shared tags counts each once
                self.by_tag[tag].append(i)
            if article.campaign:
                self.by_campaign[article.campaign].append(i)
            if article.category:
                self.by_category[article.category].append(i)
        # Equal scores go to the newest, then the first slug; `recency` sorts the same way, as one int.
        self.newest = sorted(range(len(articles)), key=lambda i: (-articles[i].date.timestamp(), articles[i].slug))
        self.recency = [0] * len(articles)
        for place, i in enumerate(self.newest):
            self.recency[i] = len(articles) - place  # 1 ..= len: higher goes first

    def best(self, i: int) -> list[int]:
        """Positions of the related articles of article `i`, best first."""
        article, keep = self.articles[i], RELATED_ITEMS + 1
        shared = Counter(chain.from_iterable(map(self.by_tag.__getitem__, dict.fromkeys(article.tags))))
        same_campaign = self.by_campaign.get(article.campaign or "", [])
        same_category = self.by_category.get(article.category or "", [])
        both = [j for j in same_campaign if self.categories[j] == article.category and article.category][:keep]
        for j in chain(same_campaign[:keep], same_category[:keep], both):
            shared.setdefault(j, 0)
        shared.pop(i, None)
        # None never matches, not even another None: an object equal to nothing stands in for it.
        campaign = _NOTHING if article.campaign is None else article.campaign
        category = _NOTHING if article.category is None else article.category
        campaigns, categories, recency, base = self.campaigns, self.categories, self.recency, len(self.articles) + 1
        keys = [(2 * tags_shared + 2 * (campaigns[j] == campaign) + (categories[j] == category)) * base + recency[j]
                for j, tags_shared in shared.items()]
        keys.sort(reverse=True)
        # key // base is the score, key % base the recency. Every candidate shares a tag, the
        # campaign or the category, so scores above 0 and is related.
        return [self.newest[base - 1 - key % base] for key in keys[:RELATED_ITEMS]]


_NOTHING = object()


def _check_unique(articles: tuple[Article, ...], pages: tuple[Page, ...], report: Report) -> None:
    """Two files at one URL: the later one (by path) is reported, naming the other."""
    for kind, items in (("article", articles), ("page", pages)):
        seen: dict[str, str] = {}
        for item in sorted(items, key=lambda i: i.source):
            if item.slug in seen:
                report.error(item.source, item.lines.get("slug"), f"duplicate_{kind}",
                             url=item.path, other=seen[item.slug])
            else:
                seen[item.slug] = item.source


def _check_campaign_refs(articles: tuple[Article, ...], campaigns: tuple[Campaign, ...], report: Report) -> None:
    ids = sorted(c.id for c in campaigns)
    for article in articles:
        if article.campaign and article.campaign not in ids:
            report.error(article.source, article.lines.get("campaign"), "unknown_campaign",
                         value=article.campaign, known=", ".join(ids) or "-")


def _check_reports(schedule: tuple[ScheduledActivity, ...], articles: tuple[Article, ...],
                   unpublished: frozenset[str], report: Report) -> dict[str, tuple[ScheduledActivity, ...]]:
    """Article slug -> the activities naming it; a draft or scheduled report is linked once published."""
    slugs = {a.slug for a in articles}
    reports: dict[str, tuple[ScheduledActivity, ...]] = {}
    for item in schedule:
        slug = item.activity.report
        if slug is None or slug in unpublished:
            continue
        if slug not in slugs:
            line = item.activity.lines.get("report", item.activity.line)
            report.error(item.campaign.source, line, "unknown_report", value=slug)
        else:
            reports[slug] = (*reports.get(slug, ()), item)
    return reports


def _check_menu(config: SiteConfig, articles, pages, campaigns, report: Report) -> None:
    known = {
        "category": {slugify(a.category) for a in articles if a.category},
        "campaign": {c.id for c in campaigns},
        "page": {p.slug for p in pages},
    }
    for entry in config.menu:
        if entry.kind in known and slugify(entry.target) not in known[entry.kind]:
            report.error("site.yaml", entry.line, f"menu_unknown_{entry.kind}", value=entry.target,
                         known=", ".join(sorted(known[entry.kind])) or "-")


def today_in(config: SiteConfig, now: datetime) -> date:
    """The calendar day of `now` where the site is: what "upcoming" is measured from."""
    return now.astimezone(config.timezone).date()
