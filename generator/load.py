"""Stage 1: load and validate every file under content/."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from .config import SiteConfig, report_unknown_keys
from .containment import escaping_links, link_target
from .errors import ContentError, Report
from .fields import (FieldContext, Lookup, parse_bool, parse_date, parse_datetime, parse_gallery,
                     parse_optional_text, parse_site_path, parse_slug, parse_tags, parse_term,
                     parse_text, parse_time, slugify)
from .load_cache import LoadCache
from .model import Activity, Article, Campaign, Content, ImageRef, Page, Plan
from .sources import YamlDoc, parse_yaml, read_text, split_front_matter

Parser = Callable[[object, FieldContext], object]
Loader = Callable[[FieldContext, str, str, Report], object]  # (where, relative path, text, report) -> item or None

ARTICLE_FIELDS: dict[str, Parser] = {
    "title": lambda v, c: parse_text(v),
    "date": lambda v, c: parse_datetime(v, c.timezone),
    "updated": lambda v, c: parse_datetime(v, c.timezone),
    "category": lambda v, c: parse_term(v),
    "tags": lambda v, c: parse_tags(v),
    "campaign": lambda v, c: parse_text(v),
    "author": lambda v, c: parse_optional_text(v),
    "unit": lambda v, c: parse_optional_text(v),
    "summary": lambda v, c: parse_optional_text(v),
    "image": lambda v, c: ImageRef(parse_site_path(v, c)),
    "hot": lambda v, c: parse_bool(v),
    "featured": lambda v, c: parse_bool(v),
    "draft": lambda v, c: parse_bool(v),
    "slug": lambda v, c: parse_slug(v),
    "gallery": lambda v, c: tuple(ImageRef(p, cap) for p, cap in parse_gallery(v, c)),
}
ARTICLE_REQUIRED = ("title", "date")

PAGE_FIELDS: dict[str, Parser] = {
    "title": ARTICLE_FIELDS["title"],
    "slug": ARTICLE_FIELDS["slug"],
    "summary": ARTICLE_FIELDS["summary"],
}

CAMPAIGN_FIELDS: dict[str, Parser] = {
    "title": lambda v, c: parse_text(v),
    "theme": lambda v, c: parse_optional_text(v),
    "start": lambda v, c: parse_date(v),
    "end": lambda v, c: parse_date(v),
    "organizer": lambda v, c: parse_optional_text(v),
    "summary": lambda v, c: parse_optional_text(v),
    "topics": lambda v, c: parse_tags(v) if isinstance(v, list) else (parse_text(v),),
    "image": lambda v, c: ImageRef(parse_site_path(v, c)),
}
CAMPAIGN_REQUIRED = ("title", "start", "end")
CAMPAIGN_NESTED = ("plan", "activities")  # blocks with fields of their own, loaded by their own functions

ACTIVITY_FIELDS: dict[str, Parser] = {
    "date": lambda v, c: parse_date(v),
    "time": lambda v, c: parse_time_span(v),
    "title": lambda v, c: parse_text(v),
    "type": lambda v, c: parse_optional_text(v),
    "key": lambda v, c: parse_bool(v),
    "location": lambda v, c: parse_optional_text(v),
    "locality": lambda v, c: parse_optional_text(v),
    "unit": lambda v, c: parse_optional_text(v),
    "online": lambda v, c: parse_bool(v),
    "report": lambda v, c: parse_text(v),
    "description": lambda v, c: parse_optional_text(v),
}
ACTIVITY_REQUIRED = ("date", "title")

PLAN_FIELDS: dict[str, Parser] = {
    "number": lambda v, c: parse_text(v),
    "date": lambda v, c: parse_date(v),
    "file": lambda v, c: parse_site_path(v, c),
}


def parse_time_span(value: object) -> tuple:
    """`09:00` or `09:00-11:00`: (start, end or None)."""
    text = str(value).strip()
    parts = [part.strip() for part in text.replace("–", "-").split("-")]
    if len(parts) > 2 or not all(parts):
        raise ContentError("bad_time_span", value=text)
    try:
        times = [parse_time(part) for part in parts]
    except ContentError:
        raise ContentError("bad_time_span", value=text) from None
    if len(times) == 2 and times[1] <= times[0]:
        raise ContentError("time_span_reversed", value=text)
    return times[0], times[1] if len(times) == 2 else None


def load_content(config: SiteConfig, report: Report, now: datetime, drafts: bool = False,
                 future: bool = False, cache: LoadCache | None = None) -> Content:
    """Load every article, page and campaign; problems go to `report`.

    Drafts and articles dated after `now` are held back unless asked for (preview); they are
    still checked, so that publishing them later cannot break the build. `cache` keeps what was
    loaded of each file between builds.
    """
    articles = _load_all(config, "articles", "*.md", _load_article, report, cache)
    shown = [(drafts or not a.draft) and (future or a.date <= now) for a in articles]
    published = [a for a, show in zip(articles, shown) if show]
    held = [a for a, show in zip(articles, shown) if not show]
    pages = _load_all(config, "pages", "*.md", _load_page, report, cache)
    campaigns = _load_all(config, "campaigns", "*.yaml", _load_campaign, report, cache)
    skipped_drafts = sum(1 for a in held if a.draft)
    return Content(tuple(published), tuple(pages), tuple(campaigns), tuple(held),
                   skipped_drafts, len(held) - skipped_drafts)


def list_sources(config: SiteConfig, folder: str, pattern: str) -> list[Path]:
    """Files of one kind, in a fixed order whatever the file system says."""
    root = config.content_root / folder
    if not root.is_dir():
        return []
    patterns = (pattern, "*.yml") if pattern == "*.yaml" else (pattern,)
    files = [p for glob in patterns for p in root.rglob(glob)
             if p.is_file() and not p.name.startswith((".", "_"))]  # hidden files and editors' drafts
    return sorted(files, key=lambda p: (unicodedata.normalize("NFC", p.as_posix()), p.as_posix()))


def _load_all(config: SiteConfig, folder: str, pattern: str, load_one: Loader, report: Report,
              cache: LoadCache | None = None) -> list:
    items = []
    outside = escaping_links(config.content_root / folder, config.content_root)
    for link in outside:
        report.error(_relative(config, link), None, "symlink_outside", target=link_target(link), folder="content/")
    seen: set[str] = set()
    for path in list_sources(config, folder, pattern):
        if path in outside or config.content_root / folder in outside:
            continue
        relative = _relative(config, path)
        if relative in seen:  # one name stored twice: with composed (NFC) and decomposed (NFD) accents
            report.error(relative, None, "same_name_two_forms")
            continue
        seen.add(relative)
        try:
            item = _load_or_reuse(_context(config, path), relative, load_one, report, cache)
        except ContentError as exc:
            report.error(relative, exc.args_.pop("line", None), exc.code, **exc.args_)
            continue
        if item is not None:
            items.append(item)
    return items


def _load_or_reuse(ctx: FieldContext, relative: str, load_one: Loader, report: Report,
                   cache: LoadCache | None) -> object:
    """What `load_one` makes of the file `ctx.file`, or what it made of the same file in the last build."""
    if cache is None:
        return load_one(ctx, relative, read_text(ctx.file), report)
    item, probe = cache.find(ctx, relative)
    if probe is None:
        return item
    lookups: list[Lookup] = []
    reported = len(report.problems)
    item = load_one(replace(ctx, lookups=lookups), relative, probe.text, report)
    if item is not None and len(report.problems) == reported:
        cache.keep(probe, item, lookups)
    return item


def _relative(config: SiteConfig, path: Path) -> str:
    return unicodedata.normalize("NFC", path.relative_to(config.root).as_posix())


def _parse_fields(doc: YamlDoc, data: dict, where: tuple, fields: dict[str, Parser],
                  required: tuple[str, ...], ctx: FieldContext, relative: str, report: Report,
                  nested: tuple[str, ...] = ()) -> dict | None:
    """Run each field's parser; report every problem; None if any field was bad.

    Keys in `nested` are allowed here but parsed by the caller.
    """
    values: dict[str, object] = {}
    ok = True
    known = (*fields, *nested)
    report_unknown_keys(report, relative, doc, data, known, where)
    if any(key not in known for key in data):
        ok = False
    for key in required:
        if data.get(key) in (None, ""):
            report.error(relative, doc.line(*where), "missing_key", key=key)
            ok = False
    for key, value in data.items():
        if key not in fields or value is None:  # unknown (reported above), nested or left empty
            continue
        try:
            values[key] = fields[key](value, ctx)
        except ContentError as exc:
            report.error(relative, doc.line(*where, key), exc.code, key=key, **exc.args_)
            ok = False
    return values if ok else None


def _context(config: SiteConfig, path: Path) -> FieldContext:
    return FieldContext(config.root, config.content_root, path, config.timezone)


def _file_slug(path: Path) -> str:
    return slugify(unicodedata.normalize("NFC", path.stem))


def _load_article(ctx: FieldContext, relative: str, text: str, report: Report) -> Article | None:
    source = split_front_matter(text)
    doc = source.front
    values = _parse_fields(doc, doc.data, (), ARTICLE_FIELDS, ARTICLE_REQUIRED, ctx, relative, report)
    if values is None:
        return None
    values.setdefault("slug", _file_slug(ctx.file))
    if not values["slug"]:
        report.error(relative, None, "bad_file_name")
        return None
    lines = {key: doc.line(key) for key in doc.data}
    return Article(source=relative, body=source.body, body_line=source.body_line, lines=lines, **values)


def _load_page(ctx: FieldContext, relative: str, text: str, report: Report) -> Page | None:
    source = split_front_matter(text)
    doc = source.front
    values = _parse_fields(doc, doc.data, (), PAGE_FIELDS, ("title",), ctx, relative, report)
    if values is None:
        return None
    values.setdefault("slug", _file_slug(ctx.file))
    lines = {key: doc.line(key) for key in doc.data}
    return Page(source=relative, body=source.body, body_line=source.body_line, lines=lines, **values)


def _load_campaign(ctx: FieldContext, relative: str, text: str, report: Report) -> Campaign | None:
    path = ctx.file
    doc = parse_yaml(text)
    values = _parse_fields(doc, doc.data, (), CAMPAIGN_FIELDS, CAMPAIGN_REQUIRED, ctx, relative, report,
                           nested=CAMPAIGN_NESTED)
    plan = _load_plan(doc.data.get("plan"), doc, ctx, relative, report)
    activities, activities_ok = _load_activities(doc.data.get("activities"), doc, ctx, relative, report)
    lines = {key: doc.line(key) for key in doc.data}
    if values is not None and "start" in values and "end" in values:
        _check_campaign_dates(values, activities, lines, relative, report)
    _check_duplicate_activities(activities, relative, report)
    if values is None or plan is False or not activities_ok:
        return None
    campaign_id = slugify(unicodedata.normalize("NFC", path.stem))
    if campaign_id != unicodedata.normalize("NFC", path.stem):
        report.error(relative, None, "bad_campaign_file_name", suggestion=campaign_id + path.suffix)
        return None
    return Campaign(source=relative, id=campaign_id, plan=plan or None, activities=activities,
                    lines=lines, **values)


def _check_campaign_dates(values: dict, activities: tuple[Activity, ...], lines: dict[str, int],
                          relative: str, report: Report) -> None:
    """End after start; activities inside the campaign, or a day off it (a warning: it may be meant)."""
    start, end = values["start"], values["end"]
    if end < start:
        report.error(relative, lines.get("end"), "campaign_end_before_start", start=start, end=end)
        return
    for activity in activities:
        line = activity.lines.get("date", activity.line)
        if start <= activity.date <= end:
            continue
        if activity.date == end + timedelta(days=1):
            report.warning(relative, line, "activity_day_after", date=activity.date, end=end)
        elif activity.date == start - timedelta(days=1):
            report.warning(relative, line, "activity_day_before", date=activity.date, start=start)
        else:
            report.error(relative, line, "activity_outside_campaign", date=activity.date, start=start, end=end)


def _check_duplicate_activities(activities: tuple[Activity, ...], relative: str, report: Report) -> None:
    """The same title at the same day, time and place twice is a copy-and-paste slip."""
    seen: dict[tuple, int] = {}
    for activity in activities:
        key = (activity.date, activity.start, activity.end,
               *(slugify(text or "") for text in (activity.title, activity.location, activity.locality)))
        if key in seen:
            report.error(relative, activity.line, "activity_duplicate", other=seen[key])
        else:
            seen[key] = activity.line


def _load_plan(raw: object, doc: YamlDoc, ctx: FieldContext, relative: str, report: Report):
    """The campaign's plan: None when absent, False when invalid."""
    if raw is None:
        return None
    if isinstance(raw, str):
        raw = {"number": raw}
    if not isinstance(raw, dict):
        report.error(relative, doc.line("plan"), "plan_entry")
        return False
    values = _parse_fields(doc, raw, ("plan",), PLAN_FIELDS, ("number",), ctx, relative, report)
    return Plan(**values) if values is not None else False


def _load_activities(raw: object, doc: YamlDoc, ctx: FieldContext, relative: str,
                     report: Report) -> tuple[tuple[Activity, ...], bool]:
    """The activities that are valid, and whether all of them were."""
    if raw is None:
        return (), True
    if not isinstance(raw, list):
        report.error(relative, doc.line("activities"), "expected_list_of", key="activities")
        return (), False
    activities = []
    ok = True
    for index, item in enumerate(raw):
        line = doc.line("activities", index)
        if not isinstance(item, dict):
            report.error(relative, line, "activity_entry")
            ok = False
            continue
        values = _parse_fields(doc, item, ("activities", index), ACTIVITY_FIELDS, ACTIVITY_REQUIRED,
                               ctx, relative, report)
        if values is None:
            ok = False
            continue
        start, end = values.pop("time", (None, None))
        lines = {key: doc.line("activities", index, key) for key in item}
        activities.append(Activity(start=start, end=end, line=line, index=index, lines=lines, **values))
    return tuple(activities), ok
