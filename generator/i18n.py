"""UI strings, messages and date names, one YAML file per language."""

from __future__ import annotations

import functools
from datetime import date, datetime
from pathlib import Path

import yaml

LOCALES_DIR = Path(__file__).parent / "locales"


def available_languages() -> list[str]:
    return sorted(p.stem for p in LOCALES_DIR.glob("*.yaml"))


@functools.cache
def catalogue(language: str) -> dict:
    """The whole catalogue of one language, falling back to English key by key."""
    path = LOCALES_DIR / f"{language}.yaml"
    if not path.exists():
        path = LOCALES_DIR / "en.yaml"
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if language != "en":
        english = catalogue("en")
        for section, fallback in english.items():
            if isinstance(fallback, dict):
                data[section] = {**fallback, **data.get(section, {})}
            else:
                data.setdefault(section, fallback)
    return data


def message(language: str, code: str, args: dict[str, str]) -> str:
    template = catalogue(language)["messages"].get(code)
    if template is None:
        raise KeyError(f"no message {code!r} in the catalogue")
    return template.format(**args)


def strings(language: str) -> dict[str, str]:
    """UI strings for templates."""
    return catalogue(language)["ui"]


def format_datetime(value: datetime, language: str) -> str:
    """`01/10/2021 09:43` in both languages: the form the seed site shows."""
    return value.strftime(catalogue(language)["formats"]["datetime"])


def format_date(value: date, language: str) -> str:
    return value.strftime(catalogue(language)["formats"]["date"])


def month_name(month: int, language: str) -> str:
    return catalogue(language)["months"][month - 1]


def format_month(year: int, month: int, language: str) -> str:
    """`Tháng 10/2021` / `October 2021`: the title of a month's archive."""
    return catalogue(language)["formats"]["month_year"].format(
        month=month, month2=f"{month:02d}", month_name=month_name(month, language), year=year)


def weekday_name(value: date, language: str) -> str:
    return catalogue(language)["weekdays"][value.weekday()]


def format_long_date(value: date, language: str) -> str:
    """`Thứ Sáu, 01/10/2021` / `Friday, 1 October 2021`."""
    fmt = catalogue(language)["formats"]["long_date"]
    return fmt.format(
        weekday=weekday_name(value, language),
        day=value.day,
        day2=f"{value.day:02d}",
        month=value.month,
        month2=f"{value.month:02d}",
        month_name=month_name(value.month, language),
        year=value.year,
    )
