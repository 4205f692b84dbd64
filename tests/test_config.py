"""config.py: site.yaml into a checked SiteConfig; every problem with its line."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from generator.config import MenuEntry, load_config
from generator.errors import Report


def load(tmp_path, text: str):
    (tmp_path / "site.yaml").write_text(text, encoding="utf-8")
    report = Report()
    return load_config(tmp_path, report), report


def problems(report: Report) -> list[tuple]:
    return [(p.line, p.code, dict(p.args)) for p in report.errors]


def test_defaults_of_a_new_site(tmp_path):
    config, report = load(tmp_path, "title: Trang thử\n")
    assert report.problems == []
    assert config.title == "Trang thử"
    assert config.language == "vi"
    assert config.timezone == ZoneInfo("Asia/Ho_Chi_Minh")
    assert config.per_page == 10
    assert config.base_url == "http://localhost/"
    assert config.menu == () and config.links == () and config.analytics is None
    assert config.content_root == tmp_path / "content"


def test_every_key(tmp_path):
    config, report = load(tmp_path, """\
title: Sở Giáo dục và Đào tạo Quảng Ninh
description: Cổng thông tin
base_url: https://example.org/news
language: en
timezone: Asia/Bangkok
per_page: 5
menu:
  - {title: Trang chủ, home: true}
  - {title: GDTX, category: Giáo dục thường xuyên}
  - {title: Tuần lễ, campaign: tuan-le}
  - {title: Giới thiệu, page: gioi-thieu}
  - {title: Dịch vụ công, url: https://dichvucong.gov.vn}
  - {title: Lưu trữ, archive: true}
links:
  - {title: Bộ GDĐT, url: https://moet.gov.vn}
analytics: null
""")
    assert report.problems == []
    assert config.base_url == "https://example.org/news/"
    assert config.language == "en" and config.per_page == 5
    assert config.timezone == ZoneInfo("Asia/Bangkok")
    assert [(e.kind, e.target) for e in config.menu] == [
        ("home", ""), ("category", "Giáo dục thường xuyên"), ("campaign", "tuan-le"), ("page", "gioi-thieu"),
        ("url", "https://dichvucong.gov.vn"), ("archive", "")]
    assert config.menu[1] == MenuEntry("GDTX", "category", "Giáo dục thường xuyên", 9)
    assert [(link.title, link.url) for link in config.links] == [("Bộ GDĐT", "https://moet.gov.vn")]


def test_missing_site_yaml(tmp_path):
    report = Report()
    assert load_config(tmp_path, report) is None
    assert [(p.path, p.code) for p in report.errors] == [("site.yaml", "config_missing")]


def test_missing_title(tmp_path):
    config, report = load(tmp_path, "per_page: 5\n")
    assert config is None
    assert problems(report) == [(1, "missing_key", {"key": "title"})]


def test_unknown_key_with_a_guess_and_without(tmp_path):
    config, report = load(tmp_path, "title: A\nper_pgae: 5\nfoo: 1\n")
    assert config is None
    assert problems(report) == [
        (2, "unknown_key_guess", {"key": "per_pgae", "guess": "per_page"}),
        (3, "unknown_key", {"key": "foo", "known": "title, description, base_url, language, timezone, per_page, "
                                                    "menu, links, analytics, feeds, markdown, page_budget_kb, "
                                                    "images, output, offline"}),
    ]


@pytest.mark.parametrize("line, code, args", [
    ("base_url: example.org", "bad_base_url", {"key": "base_url", "value": "example.org"}),
    ("language: fr", "bad_language", {"key": "language", "value": "fr", "known": "en, vi"}),
    ("timezone: Asia/Hanoi_City", "bad_timezone", {"key": "timezone", "value": "Asia/Hanoi_City"}),
    ("per_page: 0", "expected_int", {"key": "per_page", "value": "0", "minimum": "1"}),
    ("per_page: mười", "expected_int", {"key": "per_page", "value": "mười", "minimum": "1"}),
    ("description: [a, b]", "expected_text", {"key": "description"}),
    ("menu: Trang chủ", "expected_list_of", {"key": "menu"}),
    ("links: {title: a}", "expected_list_of", {"key": "links"}),
    ("feeds: yes", "expected_mapping", {"key": "feeds"}),
    ("analytics: '<script>a()</script></template><script>b()</script>'", "analytics_template_end", {"key": "analytics"}),
    ("analytics: '<script>a()</script></TEMPLATE\n>'", "analytics_template_end", {"key": "analytics"}),
])
def test_bad_values_name_the_key_and_the_line(tmp_path, line, code, args):
    config, report = load(tmp_path, f"title: A\n{line}\n")
    assert config is None
    assert problems(report) == [(2, code, args)]


@pytest.mark.parametrize("entry, code", [
    ("- {home: true}", "menu_entry"),
    ("- Trang chủ", "menu_entry"),
    ("- {title: A}", "menu_target"),
    ("- {title: A, home: true, page: b}", "menu_target"),
    ("- {title: A, link: x}", "menu_target"),
    ("- {title: A, page: }", "menu_target"),
    ("- {title: A, home: yes}", "menu_flag"),
    ("- {title: A, url: dichvucong.gov.vn}", "external_url"),
])
def test_bad_menu_entries(tmp_path, entry, code):
    config, report = load(tmp_path, f"title: A\nmenu:\n  - {{title: Trang chủ, home: true}}\n  {entry}\n")
    assert config is None
    assert [(p.line, p.code) for p in report.errors] == [(4, code)]


@pytest.mark.parametrize("entry, code", [
    ("- {title: Bộ}", "link_entry"),
    ("- {title: Bộ, url: https://moet.gov.vn, note: x}", "link_entry"),
    ("- {title: Bộ, url: moet.gov.vn}", "external_url"),
    ("- {title: Bộ, url: https://}", "external_url"),
])
def test_bad_links(tmp_path, entry, code):
    config, report = load(tmp_path, f"title: A\nlinks:\n  {entry}\n")
    assert config is None
    assert [(p.line, p.code) for p in report.errors] == [(3, code)]


def test_unknown_key_inside_a_section(tmp_path):
    config, report = load(tmp_path, "title: A\nmarkdown:\n  raw_htm: false\n")
    assert problems(report) == [(3, "unknown_key_guess", {"key": "raw_htm", "guess": "raw_html"})]


def test_all_problems_at_once(tmp_path):
    config, report = load(tmp_path, "titel: A\nper_page: 0\nlanguage: xx\n")
    assert config is None
    assert sorted((p.line, p.code) for p in report.errors) == [
        (1, "missing_key"), (1, "unknown_key_guess"), (2, "expected_int"), (3, "bad_language")]


def test_yaml_error_in_site_yaml_has_its_line(tmp_path):
    config, report = load(tmp_path, "title: A\ndescription: Sở: cổng thông tin\n")
    assert config is None
    assert [(p.path, p.line, p.code) for p in report.errors] == [("site.yaml", 2, "yaml_colon")]


def test_an_analytics_snippet_may_hold_templates_of_its_own(tmp_path):
    snippet = "<template id=x><b>t</b></template><script>a('</templates>')</script>"
    config, report = load(tmp_path, f"title: A\nanalytics: \"{snippet}\"\n")
    assert not report.errors and config.analytics == snippet
