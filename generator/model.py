"""The content objects that flow between stages: plain, frozen data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time


@dataclass(frozen=True)
class ImageRef:
    """An image an editor named; `path` is below content/ and is also its output path."""

    path: str
    caption: str = ""


@dataclass(frozen=True)
class Article:
    source: str  # path of the Markdown file, relative to the site root
    slug: str
    title: str
    date: datetime
    body: str
    body_line: int
    updated: datetime | None = None
    category: str | None = None
    tags: tuple[str, ...] = ()
    campaign: str | None = None
    author: str | None = None
    unit: str | None = None
    summary: str | None = None
    image: ImageRef | None = None
    hot: bool = False
    featured: bool = False
    draft: bool = False
    gallery: tuple[ImageRef, ...] = ()
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)

    @property
    def path(self) -> str:
        return f"articles/{self.slug}.html"


@dataclass(frozen=True)
class Page:
    source: str
    slug: str
    title: str
    body: str
    body_line: int
    summary: str | None = None
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)

    @property
    def path(self) -> str:
        return f"pages/{self.slug}.html"


@dataclass(frozen=True)
class Plan:
    number: str
    date: date | None = None
    file: str | None = None  # path below content/


@dataclass(frozen=True)
class Activity:
    date: date
    title: str
    start: time | None = None
    end: time | None = None
    type: str | None = None
    key: bool = False
    location: str | None = None
    locality: str | None = None
    unit: str | None = None
    online: bool = False
    report: str | None = None  # slug of the article that reports on it
    description: str | None = None
    line: int = 0
    index: int = 0  # position in the campaign file
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Campaign:
    source: str
    id: str
    title: str
    start: date
    end: date
    theme: str | None = None
    organizer: str | None = None
    plan: Plan | None = None
    summary: str | None = None  # Markdown
    topics: tuple[str, ...] = ()
    activities: tuple[Activity, ...] = ()
    image: ImageRef | None = None
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)

    @property
    def path(self) -> str:
        return f"campaigns/{self.id}/index.html"


@dataclass(frozen=True)
class Content:
    """Everything loaded from content/, before collections are built."""

    articles: tuple[Article, ...]  # the ones this build publishes
    pages: tuple[Page, ...]
    campaigns: tuple[Campaign, ...]
    held: tuple[Article, ...] = ()  # drafts and scheduled articles: checked, not published
    skipped_drafts: int = 0  # left out because they are drafts
    skipped_future: int = 0  # left out because they are scheduled after now
