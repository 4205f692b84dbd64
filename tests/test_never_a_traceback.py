"""Property tests: whatever an editor types, each parser gives a value or a clear error, never a traceback."""

from __future__ import annotations

import re
from datetime import datetime, timezone
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from generator import load
from generator.config import _KNOWN_KEYS, _build_config
from generator.errors import BuildError, ContentError, Report, problem
from generator.fields import FieldContext, slugify
from generator.markdown_render import BodyInput, render_body
from generator.pipeline import BuildOptions, build
from generator.sources import parse_yaml, split_front_matter
from generator.urls import SAFE_SCHEMES, browser_scheme

LANGUAGES = ("en", "vi")
PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text as editors produce it: Vietnamese, YAML and Markdown punctuation, control characters, anything.
EDITOR_ALPHABET = st.sampled_from(list(
    "aăâbcdđeêghiklmnoôơpqrstuưvxyAĐƠ0129 \t\n\r-:#[]{}()<>!&*|>'\"%@`,?.\\/_=+~^$;\u0300\u0301\u0323\ufeff\x00\x0b"))
editor_text = st.one_of(st.text(EDITOR_ALPHABET, max_size=80), st.text(max_size=80))
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(), editor_text,
                    st.dates().map(str), st.sampled_from(["2021-10-01", "31/02/2021", "2021-10-01 09:43", "09:00-11:00",
                                                          "25:00", "01/10/2021", "", " ", "..", "../media/a.jpg"]))
yaml_values = st.recursive(scalars, lambda children: st.one_of(
    st.lists(children, max_size=4), st.dictionaries(st.one_of(editor_text, st.integers()), children, max_size=4)),
    max_leaves=12)


def _assert_formats(error: ContentError, key: str = "title") -> None:
    """The message exists in every language and has every placeholder it uses."""
    found = problem("error", "content/articles/a.md", 1, error.code, **{"key": key, **error.args_})
    for language in LANGUAGES:
        assert found.format(language)


def _assert_report_formats(report: Report) -> None:
    for found in report.problems:
        for language in LANGUAGES:
            assert found.format(language)


@PROPERTY
@given(editor_text)
def test_slugify_gives_a_url_segment(text):
    assert re.fullmatch(r"([a-z0-9]+(-[a-z0-9]+)*)?", slugify(text))


@PROPERTY
@given(st.one_of(editor_text, st.builds(lambda front, body: f"---\n{front}\n---\n{body}", editor_text, editor_text)))
def test_front_matter_splitter(text):
    try:
        source = split_front_matter(text)
    except ContentError as error:
        _assert_formats(error)
    else:
        assert isinstance(source.front.data, dict) and source.body_line >= 3


yaml_text = st.one_of(
    st.text(EDITOR_ALPHABET, max_size=200),
    yaml_values.map(lambda v: yaml.safe_dump(v, allow_unicode=True)),
    st.lists(st.sampled_from(["a: &x [1, 2]", "b: *x", "c: [*x, *x]", "- a", "  b: c", "d: |", "  e", "\tf: 1",
                              "title: Hội nghị: tổng kết", "date: 31/02/2021", "? x", ": y", "!!python/object:os.system",
                              "x: !!binary AAAA", "<<: *x", "[[[[[[[[[[", "{a: {b: {c:", "'", "\"\\x\""]),
             max_size=8).map("\n".join),
)


@PROPERTY
@given(yaml_text)
def test_yaml_parser(text):
    try:
        doc = parse_yaml(text)
    except ContentError as error:
        _assert_formats(error)
        assert isinstance(error.args_.get("line", 1), int)
    else:
        assert isinstance(doc.data, dict)
        for key in doc.data:
            assert isinstance(doc.line(key), int)


def test_yaml_parser_refuses_deep_nesting_and_alias_bombs():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)) + "title: *i\n"
    deep = ("title: " + "[" * 100_000 + "]" * 100_000, "title:\n" + "- " * 100_000 + "x\n",
            "".join(" " * i + "a:\n" for i in range(3000)))
    for text, code in [*((t, "yaml_too_deep") for t in deep), (bomb, "yaml_alias")]:
        with pytest.raises(ContentError) as raised:
            parse_yaml(text)
        assert raised.value.code == code
        _assert_formats(raised.value)


_FIELD_TABLES = {
    "article": load.ARTICLE_FIELDS, "page": load.PAGE_FIELDS, "campaign": load.CAMPAIGN_FIELDS,
    "activity": load.ACTIVITY_FIELDS, "plan": load.PLAN_FIELDS,
}
_ALL_FIELDS = sorted((table, name) for table, fields in _FIELD_TABLES.items() for name in fields)


def _context() -> FieldContext:
    root = Path(tempfile.gettempdir()) / "loa-property-site"
    (root / "content/articles").mkdir(parents=True, exist_ok=True)
    (root / "content/media").mkdir(exist_ok=True)
    (root / "content/media/a.jpg").write_bytes(b"\xff\xd8\xff")
    return FieldContext(root, root / "content", root / "content/articles/a.md", ZoneInfo("Asia/Ho_Chi_Minh"))


@PROPERTY
@given(st.sampled_from(_ALL_FIELDS), yaml_values)
def test_every_field_parser(field, value):
    table, name = field
    try:
        _FIELD_TABLES[table][name](value, _context())
    except ContentError as error:
        _assert_formats(error, key=name)


_SAFE_TAGS = {"p", "a", "img", "em", "strong", "code", "pre", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
              "ul", "ol", "li", "blockquote", "table", "thead", "tbody", "tr", "th", "td", "dl", "dt", "dd",
              "div", "sup", "figure", "figcaption", "abbr", "span"}


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


markdown_text = st.one_of(
    st.text(EDITOR_ALPHABET, max_size=300),
    st.lists(st.sampled_from([
        "# Tiêu đề", "Đoạn *nghiêng* **đậm**", "[liên kết](https://a.vn)", "[x](JaVaScRiPt:alert(1))",
        "[x](jav&#x09;ascript:alert(1))", "![ảnh](../media/a.jpg \"Chú thích\")", "![x](../../../etc/passwd)",
        "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<a href=\"javascript:alert(1)\">x</a>",
        "[^1]", "[^1]: chú thích", "| a | b |", "|---|---|", "```", "    code", "> trích", "- mục", "1. mục",
        "Term", ": định nghĩa", "[r]: javascript:alert(1)", "[x][r]", "<div markdown=1>", "</div>", "&#0;", "\x00",
        "<!-- x", "<?php", "<![CDATA[", "\\", "*" * 50, "[" * 50, "`" * 30,
    ]), max_size=15).map("\n".join),
)


repeated_markdown = st.builds(lambda unit, count, tail: unit * count + tail,
                              st.sampled_from(["[", "![", "- ", "    - x\n", "> ", "1. ", "*", "`", "&#9", "&#0", "<"]),
                              st.integers(0, 3000), st.sampled_from(["", "x", ";", "](x)", "\n\n"]))


@PROPERTY
@given(st.one_of(markdown_text, repeated_markdown), st.booleans())
@example("&#" + "9" * 5000 + ";", True)  # found: html.unescape raised ValueError
@example("- " * 10000 + "x", False)  # found: RecursionError
@example("".join("    " * i + "- x\n" for i in range(400)), True)  # found: RecursionError after minutes
@example("[" * 20000 + "x" + "]" * 20000, False)  # found: minutes of work
def test_markdown_pipeline(text, raw_html):
    root = _context().content_root
    rendered = render_body(BodyInput("content/articles/a.md", "articles/a.html", text, 5, raw_html), {}, root)
    assert isinstance(rendered.html, str) and isinstance(rendered.text, str)
    for line, code, value in rendered.problems:
        assert isinstance(line, int)
        _assert_formats(ContentError(code, value=value))
    if not raw_html:
        parser = _Elements()
        parser.feed(rendered.html)
        for tag, attrs in parser.found:
            assert tag in _SAFE_TAGS, (tag, rendered.html)
            for name, value in attrs:
                assert not name.startswith("on"), rendered.html
                if name in ("href", "src"):
                    assert browser_scheme(value or "") in SAFE_SCHEMES, rendered.html


@PROPERTY
@given(st.dictionaries(st.sampled_from([*_KNOWN_KEYS, "titel", "menu"]), yaml_values, max_size=6),
       st.dictionaries(st.sampled_from(["feeds", "markdown"]),
                       st.dictionaries(st.sampled_from(["full_content", "items", "raw_html", "x"]), yaml_values,
                                       max_size=3), max_size=2))
def test_site_config(data, sections):
    text = yaml.safe_dump({**data, **sections}, allow_unicode=True)
    report = Report()
    try:
        doc = parse_yaml(text)
    except ContentError as error:
        _assert_formats(error)
        return
    config = _build_config(_context().site_root, doc, report)
    assert config is not None or report.errors
    _assert_report_formats(report)


_ARTICLE_KEYS = st.sampled_from([*load.ARTICLE_FIELDS, "titel", "x"])
_CAMPAIGN_KEYS = st.sampled_from([*load.CAMPAIGN_FIELDS, "plan", "activities", "x"])
_ACTIVITY = st.dictionaries(st.sampled_from([*load.ACTIVITY_FIELDS, "x"]), yaml_values, max_size=5)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(_ARTICLE_KEYS, yaml_values, max_size=8), st.one_of(markdown_text, repeated_markdown),
       st.dictionaries(_CAMPAIGN_KEYS, st.one_of(yaml_values, st.lists(_ACTIVITY, max_size=3)), max_size=8),
       st.booleans())
def test_building_whole_sites(front, body, campaign, mostly_valid):
    """Front matter, body and campaign file of arbitrary shape, through every stage to the written site."""
    if mostly_valid:  # arbitrary text on top of a valid article and campaign, so that rendering sees it too
        front = {"title": "Bài", "date": "2021-10-01 09:43", "campaign": "c",
                 **{k: v for k, v in front.items() if isinstance(v, str) and v.strip()
                    and k in ("title", "category", "author", "unit", "summary", "tags")}}
        campaign = {"title": "Chiến dịch", "start": "2021-10-01", "end": "2021-10-07",
                    **{k: v for k, v in campaign.items() if isinstance(v, str) and v.strip()
                       and k in ("title", "theme", "organizer", "summary", "topics")},
                    "activities": [{"date": "2031-10-02", "title": str(v) or "x"} for v in front.values()]}
        body = "\n".join(line for line in body.split("\n") if "](" not in line)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "content/articles").mkdir(parents=True)
        (root / "content/campaigns").mkdir()
        (root / "site.yaml").write_text("title: T\n", encoding="utf-8")
        (root / "content/articles/a.md").write_text(
            "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + body, encoding="utf-8")
        (root / "content/campaigns/c.yaml").write_text(yaml.safe_dump(campaign, allow_unicode=True), encoding="utf-8")
        try:
            build(root, root / "public", BuildOptions(now=datetime(2030, 1, 1, tzinfo=timezone.utc)))
        except BuildError as error:
            _assert_report_formats(Report([*error.errors, *error.warnings]))
            assert error.errors
            event("refused")
        else:
            assert (root / "public/index.html").is_file()
            event("built")


def test_message_catalogues_agree():
    """Every message exists in both languages with the same placeholders; none uses {line},
    which loaders take out of a problem's arguments to print it as path:line."""
    import string

    from generator import i18n

    def placeholders(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    english, vietnamese = (yaml.safe_load((i18n.LOCALES_DIR / f"{lang}.yaml").read_text(encoding="utf-8"))["messages"]
                           for lang in LANGUAGES)
    assert set(english) == set(vietnamese)
    for code, text in english.items():
        assert placeholders(vietnamese[code]) <= placeholders(text) | {"key"}, code
        assert "line" not in placeholders(text), code
