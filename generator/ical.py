"""Calendar files (RFC 5545) that Google Calendar, Outlook and phones import.

Times are written in the site's time zone with its VTIMEZONE; an activity without a time
is an all-day event; UIDs come from `schedule.activity_ids`, so they survive rebuilds.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

from icalendar import Calendar, Event

from .config import SiteConfig
from .schedule import Entry
from .urls import absolute_url

PRODUCT_ID = "-//Loa//Loa static site generator//EN"


def write_calendar(name: str, entries: Iterable[Entry], config: SiteConfig, ui: dict[str, str],
                   now: datetime) -> bytes:
    """One VCALENDAR with an event per activity."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", config.timezone.key)
    stamp = now.astimezone(timezone.utc).replace(microsecond=0)
    for entry in entries:
        calendar.add_component(_event(entry, config, ui, stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def event_uid(entry: Entry, config: SiteConfig) -> str:
    """Globally unique and stable: the activity's id at the site's host."""
    return f"{entry.campaign.id}-{entry.id}@{urlsplit(config.base_url).hostname or 'loa'}"


def _event(entry: Entry, config: SiteConfig, ui: dict[str, str], stamp: datetime) -> Event:
    activity = entry.activity
    event = Event()
    event.add("uid", event_uid(entry, config))
    event.add("dtstamp", stamp)
    if activity.start is None:
        event.add("dtstart", activity.date)
        event.add("dtend", activity.date + timedelta(days=1))
    else:
        event.add("dtstart", datetime.combine(activity.date, activity.start, tzinfo=config.timezone))
        if activity.end is not None:
            event.add("dtend", datetime.combine(activity.date, activity.end, tzinfo=config.timezone))
    event.add("summary", activity.title)
    place = ", ".join(p for p in (activity.location, activity.locality) if p)
    if place or activity.online:
        event.add("location", place or ui["online"])
    if activity.type:
        event.add("categories", [activity.type])
    page = absolute_url(config.base_url, entry.path)
    event.add("url", page)
    event.add("description", _description(entry, config, ui, page))
    return event


def _description(entry: Entry, config: SiteConfig, ui: dict[str, str], page: str) -> str:
    """Plain text: what calendar apps show under the title (many ignore the URL property)."""
    activity = entry.activity
    lines = [entry.campaign.title]
    if activity.type:
        lines.append(f"{ui['activity_type']}: {activity.type}")
    if activity.key:
        lines.append(ui["key_activity"])
    if activity.unit:
        lines.append(f"{ui['activity_unit']}: {activity.unit}")
    if activity.online:
        lines.append(ui["online"])
    if activity.description:
        lines += ["", activity.description, ""]
    if entry.report:
        lines.append(f"{ui['read_report']}: {absolute_url(config.base_url, entry.report.path)}")
    lines.append(page)
    return "\n".join(lines)
