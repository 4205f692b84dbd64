"""i18n.py and the locale files: both languages complete, every message code in use defined."""

from __future__ import annotations

import ast
import re
import string
from datetime import date, datetime
from pathlib import Path

import yaml

from generator import i18n

GENERATOR = Path(i18n.__file__).parent


def raw(language: str) -> dict:
    return yaml.safe_load((i18n.LOCALES_DIR / f"{language}.yaml").read_text(encoding="utf-8"))


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_languages_have_the_same_keys_and_placeholders():
    vi, en = raw("vi"), raw("en")
    assert set(vi) == set(en)
    assert set(vi["formats"]) == set(en["formats"])
    for section in ("ui", "messages"):
        assert set(vi[section]) == set(en[section]), section
        for key in vi[section]:
            assert placeholders(vi[section][key]) == placeholders(en[section][key]), f"{section}.{key}"
    assert len(vi["months"]) == len(en["months"]) == 12
    assert len(vi["weekdays"]) == len(en["weekdays"]) == 7


def _codes_in_generator() -> tuple[set[str], list[str]]:
    """Message codes the code can emit: literal codes, and f-string codes as regular expressions."""
    literal: set[str] = set()
    patterns: list[str] = []

    def take(node: ast.AST) -> None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            literal.add(node.value)
        elif isinstance(node, ast.JoinedStr):
            patterns.append("".join(re.escape(part.value) if isinstance(part, ast.Constant) else r"\w+"
                                    for part in node.values))
        elif isinstance(node, ast.IfExp):
            take(node.body)
            take(node.orelse)

    for path in sorted(GENERATOR.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
                index = {"ContentError": 0, "error": 2, "warning": 2, "message": 1}.get(name)
                if index is not None and len(node.args) > index:
                    take(node.args[index])
            elif isinstance(node, ast.Tuple) and len(node.elts) == 3:  # (line, code, value) from Markdown
                line, code, value = node.elts
                if not isinstance(line, ast.Constant) and not isinstance(value, ast.Constant):
                    take(code)
    return literal, patterns


def _string_constants() -> set[str]:
    return {node.value for path in sorted(GENERATOR.rglob("*.py"))
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)}


def test_every_code_used_in_the_generator_has_a_message():
    messages = set(raw("en")["messages"])
    literal, patterns = _codes_in_generator()
    assert len(literal) > 40  # the scan finds the codes
    assert sorted(literal - messages) == []
    for pattern in patterns:
        assert any(re.fullmatch(pattern, key) for key in messages), pattern


def test_every_message_is_used():
    _, patterns = _codes_in_generator()
    constants = _string_constants()
    unused = [key for key in raw("en")["messages"]
              if key not in constants and not any(re.fullmatch(p, key) for p in patterns)]
    assert unused == []


def test_dates_are_localised():
    moment = datetime(2021, 10, 1, 9, 43)
    assert i18n.format_datetime(moment, "vi") == i18n.format_datetime(moment, "en") == "01/10/2021 09:43"
    assert i18n.format_date(date(2021, 10, 1), "vi") == "01/10/2021"
    assert i18n.format_long_date(date(2021, 10, 1), "vi") == "Thứ Sáu, 01/10/2021"
    assert i18n.format_long_date(date(2021, 10, 1), "en") == "Friday, 1 October 2021"
    assert i18n.format_month(2021, 10, "vi") == "Tháng 10/2021"
    assert i18n.format_month(2021, 10, "en") == "October 2021"
    assert i18n.month_name(1, "vi") == "Tháng 1"
    assert i18n.weekday_name(date(2021, 10, 3), "vi") == "Chủ Nhật"


def test_messages_fill_their_placeholders():
    assert i18n.message("vi", "missing_key", {"key": "title"}) == "thiếu 'title': thêm một dòng 'title: ...'"
    assert i18n.message("en", "missing_key", {"key": "title"}) == "'title' is required: add a line 'title: ...'"


def test_languages_are_the_locale_files():
    assert i18n.available_languages() == ["en", "vi"]
