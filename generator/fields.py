"""Field parsers: one small function per kind of value an editor writes.

Each takes the raw YAML value and returns a clean Python value, or raises
ContentError naming what is wrong; the loader adds file and line.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path, PurePosixPath
from zoneinfo import ZoneInfo

from slugify import slugify as _slugify

from .errors import ContentError
from .sources import find_file

_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DATE_VN = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")

Lookup = tuple[str, str]  # a path as an editor wrote it, and the path below content/ it found


@dataclass(frozen=True)
class FieldContext:
    """What a parser needs to know about where a value was written."""

    site_root: Path
    content_root: Path
    file: Path  # the file the value comes from
    timezone: ZoneInfo
    # Where `parse_site_path` notes each file it found: what a kept result must find again (load_cache.py).
    lookups: list[Lookup] | None = field(default=None, compare=False)


@functools.lru_cache(maxsize=65536)
def slugify(text: str) -> str:
    """Transliterate to an ASCII URL segment: `Đồng chí` -> `dong-chi`."""
    return _slugify(text.replace("đ", "d").replace("Đ", "D"))


def parse_text(value: object) -> str:
    if isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
        raise ContentError("expected_text")
    text = str(value).strip()
    if not text:
        raise ContentError("expected_text")
    return text


def parse_optional_text(value: object) -> str | None:
    return None if value is None or value == "" else parse_text(value)


def parse_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    raise ContentError("expected_bool", value=value)


def parse_int(value: object, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ContentError("expected_int", value=value, minimum=minimum)
    return value


def parse_date(value: object) -> date:
    """A calendar date: `2021-10-01`, or `01/10/2021` as Vietnamese editors write it."""
    text = str(value).strip() if value is not None else ""
    match = _DATE_ISO.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    elif match := _DATE_VN.match(text):
        day, month, year = (int(g) for g in match.groups())
    else:
        raise ContentError("bad_date", value=text)
    try:
        return date(year, month, day)
    except ValueError:
        raise ContentError("no_such_day", value=text) from None


def parse_time(value: object) -> time:
    text = str(value).strip()
    match = _TIME.match(text)
    if not match:
        raise ContentError("bad_time", value=text)
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise ContentError("bad_time", value=text)
    return time(hour, minute, second)


def parse_datetime(value: object, timezone: ZoneInfo) -> datetime:
    """A local date and time: `2021-10-01 09:43` (the time may be left out)."""
    text = str(value).strip() if value is not None else ""
    parts = text.replace("T", " ", 1).split()
    if not parts or len(parts) > 2:
        raise ContentError("bad_datetime", value=text)
    try:
        day = parse_date(parts[0])
        clock = parse_time(parts[1]) if len(parts) == 2 else time(0, 0)
    except ContentError as exc:
        code = "no_such_day" if exc.code == "no_such_day" else "bad_datetime"
        raise ContentError(code, value=text) from None
    return datetime.combine(day, clock, tzinfo=timezone)


def parse_term(value: object) -> str:
    """A category or tag name: any text that gives a non-empty URL."""
    name = parse_text(value)
    if not slugify(name):
        raise ContentError("bad_slug", value=name)
    return name


def parse_tags(value: object) -> tuple[str, ...]:
    """A list of tags, or one string of comma-separated tags; spellings of one tag count once."""
    if isinstance(value, str):
        items: list[object] = [part for part in value.split(",") if part.strip()]
    elif isinstance(value, list):
        items = value
    else:
        raise ContentError("expected_list")
    tags: dict[str, str] = {}
    for item in items:
        tag = parse_term(item)
        tags.setdefault(slugify(tag), tag)
    return tuple(tags.values())


def parse_slug(value: object) -> str:
    text = parse_text(value)
    if any(mark in text for mark in ("/", "\\", "..")):  # a slug names a file: never a path
        raise ContentError("slug_path", value=text)
    slug = slugify(text)
    if not slug:
        raise ContentError("bad_slug", value=value)
    return slug


def parse_site_path(value: object, ctx: FieldContext) -> str:
    """A relative path to an existing file inside content/, as a path below content/.

    Refuses absolute paths, paths that climb out of content/ and symlinks that lead out.
    """
    text = parse_text(value)
    if text.startswith(("/", "\\")) or re.match(r"^[a-zA-Z]:", text) or "://" in text:
        raise ContentError("path_not_relative", value=text)
    target = ctx.file.parent / text
    content_root = ctx.content_root.resolve()
    try:
        relative = Path(os.path.normpath(target.absolute())).relative_to(content_root.absolute())
    except ValueError:
        raise ContentError("path_outside", value=text) from None
    found = find_file(ctx.file.parent, text)
    if found is None:
        raise ContentError("missing_file", value=text)
    try:
        found.resolve().relative_to(content_root)
    except ValueError:
        raise ContentError("path_outside", value=text) from None
    result = PurePosixPath(*relative.parts).as_posix()
    if ctx.lookups is not None:
        ctx.lookups.append((text, result))
    return result


def parse_gallery(value: object, ctx: FieldContext) -> tuple[tuple[str, str], ...]:
    """A list of `{src, caption}` (or of plain paths): (path below content/, caption) pairs."""
    if not isinstance(value, list):
        raise ContentError("expected_list")
    items = []
    for entry in value:
        if isinstance(entry, str):
            items.append((parse_site_path(entry, ctx), ""))
        elif isinstance(entry, dict) and "src" in entry:
            unknown = sorted(set(entry) - {"src", "caption", "alt"})
            if unknown:
                raise ContentError("gallery_unknown_key", entry_key=unknown[0])
            caption = parse_optional_text(entry.get("caption")) or parse_optional_text(entry.get("alt")) or ""
            items.append((parse_site_path(entry["src"], ctx), caption))
        else:
            raise ContentError("gallery_entry")
    return tuple(items)
