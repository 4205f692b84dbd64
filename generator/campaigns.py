"""Campaign pages: a hub per campaign, the campaigns index, the work calendar and their files."""

from __future__ import annotations

import json
from urllib.parse import urlsplit, urlunsplit

from . import i18n
from .ical import write_calendar
from .markdown_render import truncate
from .model import Campaign
from .render import SUMMARY_LENGTH, PageSpec, Pagination, _teaser
from .resolve import SIDEBAR_ITEMS, Site, today_in
from .schedule import (Entry, campaign_status, count_entries, entries_of, filter_choices, group_by_day,
                       schedule_entries, upcoming_entries)
from .urls import absolute_url, paginated_path

CAMPAIGNS_PAGE = "campaigns/index.html"
CALENDAR_PAGE = "calendar/index.html"
SITE_CALENDAR_FILE = "calendar/calendar.ics"
UPCOMING_SCRIPT = "calendar/upcoming.js"  # the sidebar's data, read by assets/campaigns.js


def calendar_file(campaign: Campaign) -> str:
    return f"campaigns/{campaign.id}/{campaign.id}.ics"


def plan_campaign_pages(site: Site) -> list[PageSpec]:
    """The hub of each campaign (its articles paginated), the campaigns index and the work calendar."""
    entries = schedule_entries(site)
    specs: list[PageSpec] = []
    for campaign in site.campaigns:
        specs += _campaign_pages(site, campaign, entries_of(entries, campaign))
    specs.append(_campaigns_index(site, entries))
    specs.append(_calendar_page(site, entries))
    return specs


def write_campaign_files(site: Site) -> dict[str, bytes]:
    """Calendar files (one per campaign, one for the site) and the sidebar's upcoming list."""
    entries = schedule_entries(site)
    ui = i18n.strings(site.config.language)
    years = (entries[0].activity.date.year, entries[-1].activity.date.year) if entries else None  # one VTIMEZONE
    files = {calendar_file(c): write_calendar(c.title, entries_of(entries, c), site.config, ui, years)
             for c in site.campaigns}
    files[SITE_CALENDAR_FILE] = write_calendar(f"{ui['work_calendar']} – {site.config.title}", entries,
                                               site.config, ui, years)
    files[UPCOMING_SCRIPT] = _upcoming_script(site, upcoming_entries(site, entries))
    return files


def _campaign_pages(site: Site, campaign: Campaign, entries: tuple[Entry, ...]) -> list[PageSpec]:
    articles = site.articles_of_campaign(campaign.id)
    per_page = site.config.per_page
    chunks = [articles[i:i + per_page] for i in range(0, len(articles), per_page)] or [()]
    paths = tuple(paginated_path(campaign.path, n + 1) for n in range(len(chunks)))
    body = site.bodies.get(campaign.source)
    common = {
        "title": campaign.title,
        "description": campaign.theme or (truncate(body.text, SUMMARY_LENGTH) if body else None),
        "campaign": campaign,
        "status": campaign_status(campaign, today_in(site.config, site.now)),
        "calendar_file": calendar_file(campaign),
        "summary": body.html if body else "",
        "days": group_by_day(entries),
        "counts": count_entries(entries),
        "localities": filter_choices(entries, "locality"),
        "types": filter_choices(entries, "type"),
        "article_count": len(articles),
    }
    return [PageSpec(paths[n], "campaign.html", {
        **common,
        "items": [_teaser(site, a) for a in chunk],
        "pagination": Pagination(n + 1, len(chunks), paths),
    }) for n, chunk in enumerate(chunks)]


def _campaigns_index(site: Site, entries: tuple[Entry, ...]) -> PageSpec:
    today = today_in(site.config, site.now)
    items = []
    for campaign in site.campaigns:
        status = campaign_status(campaign, today)
        items.append({
            "campaign": campaign,
            "status": status,
            "counts": count_entries(entries_of(entries, campaign)),
            "article_count": len(site.articles_of_campaign(campaign.id)),
            "calendar_file": calendar_file(campaign),
            "sort_key": status.sort_key(campaign),
        })
    items.sort(key=lambda item: item["sort_key"])
    return PageSpec(CAMPAIGNS_PAGE, "campaigns.html",
                    {"title": i18n.strings(site.config.language)["campaigns"], "items": items})


def _calendar_page(site: Site, entries: tuple[Entry, ...]) -> PageSpec:
    return PageSpec(CALENDAR_PAGE, "calendar.html", {
        "title": i18n.strings(site.config.language)["work_calendar"],
        "days": group_by_day(upcoming_entries(site, entries)),
        "calendar_file": SITE_CALENDAR_FILE,
        "subscribe_url": _webcal(absolute_url(site.config.base_url, SITE_CALENDAR_FILE)),
    })


def _webcal(url: str) -> str:
    """The subscription address calendar apps open (webcal:// is http(s) that they poll)."""
    return urlunsplit(("webcal", *urlsplit(url)[1:]))


def _upcoming_script(site: Site, entries: tuple[Entry, ...]) -> bytes:
    """A classic script (pages opened from file:// cannot fetch JSON) with the upcoming activities."""
    language = site.config.language
    items = [{
        "date": e.activity.date.isoformat(),
        "when": i18n.format_date(e.activity.date, language)
                + (f" {e.activity.start.strftime('%H:%M')}" if e.activity.start else ""),
        "title": e.activity.title,
        "path": e.path,
        "locality": e.activity.locality or "",
    } for e in entries]
    data = json.dumps({"limit": SIDEBAR_ITEMS, "items": items}, ensure_ascii=True, sort_keys=True)
    return f"window.loaUpcoming = {data};\n".encode("ascii")
