"""Campaign data as readers see it: statuses, stable activity ids, days, counts and filters.

Statuses and "upcoming" are computed here as of the build; `templates/assets/campaigns.js`
recomputes them in the browser as of the reader's day, so a site built last week stays right.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from .fields import slugify
from .model import Activity, Article, Campaign
from .resolve import Site, today_in

STATUSES = ("running", "upcoming", "ended")  # the order of the campaigns index


@dataclass(frozen=True)
class Status:
    kind: str  # one of STATUSES
    day: int  # while running: which day of `total`
    total: int  # the campaign's length in days

    def sort_key(self, campaign: Campaign) -> tuple:
        """Running ones first (ending soonest), then upcoming (starting soonest), then ended (latest)."""
        by = {"running": campaign.end.toordinal(), "upcoming": campaign.start.toordinal(),
              "ended": -campaign.end.toordinal()}
        return STATUSES.index(self.kind), by[self.kind], campaign.id


def campaign_status(campaign: Campaign, today: date) -> Status:
    """Upcoming, running (day N of M) or ended, as of `today`."""
    total = (campaign.end - campaign.start).days + 1
    if today < campaign.start:
        return Status("upcoming", 0, total)
    if today > campaign.end:
        return Status("ended", total, total)
    return Status("running", (today - campaign.start).days + 1, total)


@dataclass(frozen=True)
class Entry:
    """One activity as a schedule row, a calendar event and a report box show it."""

    campaign: Campaign
    activity: Activity
    id: str  # stable across builds: the row's anchor and the calendar event's UID
    report: Article | None

    @property
    def anchor(self) -> str:
        return "a-" + self.id

    @property
    def path(self) -> str:
        """The activity's own address: its row on the campaign page."""
        return f"{self.campaign.path}#{self.anchor}"

    @property
    def locality_slug(self) -> str:
        return slugify(self.activity.locality or "")

    @property
    def type_slug(self) -> str:
        return slugify(self.activity.type or "")


@dataclass(frozen=True)
class Day:
    date: date
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Choice:
    """One option of a schedule filter: the value in the URL, the label shown, how many rows."""

    value: str
    label: str
    count: int


def activity_ids(campaign: Campaign) -> dict[int, str]:
    """A stable id per activity (by its index in the file).

    Not the position (editors insert activities) but a hash of the fewest fields that tell
    the activity apart, so that moving it to another day or hour keeps its id, and calendar
    apps update the event instead of adding a second one.
    """
    levels = (
        lambda a: (a.title, a.locality, a.location),
        lambda a: (a.title, a.locality, a.location, a.date),
        lambda a: (a.title, a.locality, a.location, a.date, a.start, a.end),
    )
    counts = [Counter(level(a) for a in campaign.activities) for level in levels]
    ids = {}
    for activity in campaign.activities:
        level = next((n for n, c in enumerate(counts) if c[levels[n](activity)] == 1), len(levels) - 1)
        key = levels[level](activity)
        text = "|".join([campaign.id, *(slugify(str(v)) if v is not None else "" for v in key)])
        ids[activity.index] = hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
    return ids


def schedule_entries(site: Site) -> tuple[Entry, ...]:
    """Every activity of every campaign, in time order."""
    ids = {c.id: activity_ids(c) for c in site.campaigns}
    articles = {a.slug: a for a in site.articles}
    return tuple(Entry(item.campaign, item.activity, ids[item.campaign.id][item.activity.index],
                       articles.get(item.activity.report or ""))
                 for item in site.schedule)


def entries_of(entries: tuple[Entry, ...], campaign: Campaign) -> tuple[Entry, ...]:
    return tuple(e for e in entries if e.campaign.id == campaign.id)


def upcoming_entries(site: Site, entries: tuple[Entry, ...]) -> tuple[Entry, ...]:
    """From the build's day on; the browser hides what has passed by the reader's day."""
    today = today_in(site.config, site.now)
    return tuple(e for e in entries if e.activity.date >= today)


def report_entries(site: Site, article: Article) -> tuple[Entry, ...]:
    """The activities that name `article` as their report."""
    items = site.reports.get(article.slug, ())
    if not items:
        return ()
    campaigns = {item.campaign.id for item in items}
    ids = {c.id: activity_ids(c) for c in site.campaigns if c.id in campaigns}
    return tuple(Entry(i.campaign, i.activity, ids[i.campaign.id][i.activity.index], article) for i in items)


def group_by_day(entries: tuple[Entry, ...]) -> tuple[Day, ...]:
    days: dict[date, list[Entry]] = defaultdict(list)
    for entry in entries:
        days[entry.activity.date].append(entry)
    return tuple(Day(day, tuple(days[day])) for day in sorted(days))


def count_entries(entries: tuple[Entry, ...]) -> dict[str, int]:
    """The figures at the top of a schedule."""
    return {
        "activities": len(entries),
        "localities": len({e.locality_slug for e in entries if e.locality_slug}),
        "key": sum(1 for e in entries if e.activity.key),
        "reports": len({e.report.slug for e in entries if e.report}),
    }


def filter_choices(entries: tuple[Entry, ...], field: str) -> tuple[Choice, ...]:
    """Options of the locality or type filter; the first spelling met names an option."""
    labels: dict[str, str] = {}
    counts: Counter[str] = Counter()
    for entry in entries:
        label = getattr(entry.activity, field)
        value = slugify(label or "")
        if value:
            labels.setdefault(value, label)
            counts[value] += 1
    return tuple(Choice(value, labels[value], counts[value]) for value in sorted(labels))
