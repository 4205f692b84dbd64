"""Calendar files (RFC 5545) that Google Calendar, Outlook and phones import.

Times are written in the site's time zone with its VTIMEZONE; an activity without a time
is an all-day event; UIDs come from `schedule.activity_ids`, so they survive rebuilds.
DTSTAMP comes from the data, never the clock, so an unchanged calendar is byte-identical
from build to build (hosts and sync tools then skip it): see `event_stamp`.

Events are written here (a few plain properties, escaped and folded by RFC 5545 §3.1 and
§3.3.11): building them with the `icalendar` library took 0.7 ms each, 3 s for 2,000
activities. The VTIMEZONE, which needs the zone's rules, comes from `icalendar`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, timezone
from urllib.parse import urlsplit

from icalendar import Timezone

from .config import SiteConfig
from .schedule import Entry
from .urls import absolute_url

PRODUCT_ID = "-//Loa//Loa static site generator//EN"
_LINE_OCTETS = 75


def write_calendar(name: str, entries: Iterable[Entry], config: SiteConfig, ui: dict[str, str],
                   years: tuple[int, int] | None = None) -> bytes:
    """One VCALENDAR with an event per activity; the VTIMEZONE covers `years` (default: the events')."""
    entries = list(entries)
    tzid = config.timezone.key
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODUCT_ID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{escape_text(name)}", f"X-WR-TIMEZONE:{tzid}"]
    timed = [e.activity.date.year for e in entries if e.activity.start is not None]
    zone = _vtimezone(tzid, *(years or (min(timed), max(timed)))) if timed else ""
    events = [line for entry in entries for line in _event(entry, config, ui)]
    text = "".join(fold(line) + "\r\n" for line in lines) + zone
    text += "".join(fold(line) + "\r\n" for line in [*events, "END:VCALENDAR"])
    return text.encode("utf-8")


def event_uid(entry: Entry, config: SiteConfig) -> str:
    """Globally unique and stable: the activity's id at the site's host."""
    return f"{entry.campaign.id}-{entry.id}@{urlsplit(config.base_url).hostname or 'loa'}"


def event_stamp(entry: Entry, config: SiteConfig) -> str:
    """DTSTAMP in UTC (RFC 5545 §3.8.7.2): when the event's information was last issued, as the data says.

    That is the campaign plan's date (else the campaign's start), at midnight where the site is,
    or the date of the article reporting on the activity when later (it adds the report's link).
    """
    campaign = entry.campaign
    issued = datetime.combine(campaign.plan.date if campaign.plan and campaign.plan.date else campaign.start,
                              time(), tzinfo=config.timezone)
    if entry.report is not None:
        issued = max(issued, entry.report.updated or entry.report.date)
    return issued.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def escape_text(text: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11)."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str) -> str:
    """Lines of at most 75 octets, never splitting a UTF-8 character (RFC 5545 §3.1)."""
    data = line.encode("utf-8")
    if len(data) <= _LINE_OCTETS:
        return line
    parts, start, limit = [], 0, _LINE_OCTETS
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and data[end] & 0xC0 == 0x80:  # a continuation byte: step back
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, _LINE_OCTETS - 1  # the leading space of a continuation line counts
    return "\r\n ".join(parts)


@functools.lru_cache(maxsize=16)
def _vtimezone(tzid: str, first_year: int, last_year: int) -> str:
    """The zone's rules over the years the events span, from `icalendar`."""
    zone = Timezone.from_tzid(tzid, first_date=date(first_year, 1, 1), last_date=date(last_year + 1, 1, 1))
    return zone.to_ical().decode("utf-8")


def _event(entry: Entry, config: SiteConfig, ui: dict[str, str]) -> list[str]:
    activity = entry.activity
    lines = ["BEGIN:VEVENT", f"UID:{event_uid(entry, config)}", f"DTSTAMP:{event_stamp(entry, config)}"]
    tzid = config.timezone.key
    if activity.start is None:
        lines.append(f"DTSTART;VALUE=DATE:{activity.date:%Y%m%d}")
        lines.append(f"DTEND;VALUE=DATE:{activity.date + timedelta(days=1):%Y%m%d}")
    else:
        lines.append(f"DTSTART;TZID={tzid}:{activity.date:%Y%m%d}T{activity.start:%H%M%S}")
        if activity.end is not None:
            lines.append(f"DTEND;TZID={tzid}:{activity.date:%Y%m%d}T{activity.end:%H%M%S}")
    lines.append(f"SUMMARY:{escape_text(activity.title)}")
    place = ", ".join(p for p in (activity.location, activity.locality) if p)
    if place or activity.online:
        lines.append(f"LOCATION:{escape_text(place or ui['online'])}")
    if activity.type:
        lines.append(f"CATEGORIES:{escape_text(activity.type)}")
    page = absolute_url(config.base_url, entry.path)
    lines.append(f"URL:{page}")
    lines.append(f"DESCRIPTION:{escape_text(_description(entry, config, ui, page))}")
    lines.append("END:VEVENT")
    return lines


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
