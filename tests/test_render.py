"""render.py: which pages a site has, what each is given, and how the theme is found."""

from __future__ import annotations

import jinja2
import pytest
from conftest import EXAMPLE_NOW, MINIMAL_CONFIG, article, write_files

from generator.config import load_config
from generator.errors import BuildError, Report
from generator.load import load_content
from generator.pipeline import render_bodies
from generator.render import (DEFAULT_THEME, make_environment, plan_pages, render_pages, shared_context,
                              theme_assets, theme_dirs)
from generator.resolve import resolve_site


def resolve(site):
    report = Report()
    config = load_config(site, report)
    content = load_content(config, report, EXAMPLE_NOW)
    resolved = resolve_site(config, content, render_bodies(config, content, report), EXAMPLE_NOW, report)
    assert report.errors == []
    return resolved


def test_plan_of_a_small_site(make_site):
    site = make_site({
        "content/articles/a.md": article("A", "2021-10-01 09:00", category="Giáo dục", tags="[Số]"),
        "content/articles/b.md": article("B", "2021-10-02 09:00", category="Giáo dục"),
        "content/articles/c.md": article("C", "2022-03-01 09:00"),
        "content/pages/gioi-thieu.md": "---\ntitle: Giới thiệu\n---\nVề chúng tôi.\n",
    }, config=MINIMAL_CONFIG + "per_page: 2\n")
    specs = plan_pages(resolve(site))
    assert [(s.path, s.template) for s in specs] == [
        ("index.html", "list.html"), ("page-2.html", "list.html"),
        ("articles/c.html", "article.html"), ("articles/b.html", "article.html"), ("articles/a.html", "article.html"),
        ("categories/giao-duc/index.html", "list.html"), ("tags/so/index.html", "list.html"),
        ("archive/index.html", "archive.html"),
        ("archive/2022/index.html", "list.html"), ("archive/2022/03/index.html", "list.html"),
        ("archive/2021/index.html", "list.html"), ("archive/2021/10/index.html", "list.html"),
        ("pages/gioi-thieu.html", "page.html"), ("404.html", "404.html"),
        ("campaigns/index.html", "campaigns.html"), ("calendar/index.html", "calendar.html"),
    ]
    home, second = specs[0].context, specs[1].context
    assert [i["article"].slug for i in home["items"]] == ["c", "b"]
    assert (home["pagination"].number, home["pagination"].total, home["pagination"].next,
            home["pagination"].previous) == (1, 2, "page-2.html", None)
    assert [i["article"].slug for i in second["items"]] == ["a"] and second["pagination"].previous == "index.html"
    titles = {s.path: s.context["title"] for s in specs}
    assert titles["archive/2021/10/index.html"] == "Tháng 10/2021"
    assert titles["archive/2021/index.html"] == "Năm 2021"
    not_found = next(s for s in specs if s.path == "404.html").context
    assert not_found["canonical"] is None
    assert "--brand" in not_found["inline_style"]
    assert not_found["inline_icon"].startswith("data:image/svg+xml;base64,")
    assert next(s for s in specs if s.path == "pages/gioi-thieu.html").context["description"] == "Về chúng tôi."


def test_empty_site_has_a_home_page_saying_so(make_site, build_site):
    public = build_site(make_site({}))
    assert "Chưa có bài viết." in (public / "index.html").read_text(encoding="utf-8")
    assert "Chưa có bài viết." in (public / "archive/index.html").read_text(encoding="utf-8")


def test_summary_defaults_to_the_first_paragraph_cut_at_a_word(make_site):
    long = "Từ " * 200
    site = make_site({"content/articles/a.md": article(body=f"# Tiêu đề\n\n{long}\n\nĐoạn hai."),
                      "content/articles/b.md": article("B", summary="Tóm tắt riêng.")})
    specs = {s.path: s for s in plan_pages(resolve(site))}
    assert specs["articles/b.html"].context["description"] == "Tóm tắt riêng."
    summary = specs["articles/a.html"].context["description"]
    assert summary.startswith("Từ Từ") and summary.endswith("…") and len(summary) <= 221


def test_menu_leaves_out_pages_no_stage_builds(make_site):
    config = MINIMAL_CONFIG + ("  - {title: Lịch, calendar: true}\n  - {title: Tìm kiếm, search: true}\n"
                               "  - {title: Lưu trữ, archive: true}\n  - {title: DVC, url: https://dichvucong.gov.vn}\n")
    resolved = resolve(make_site({}, config=config))
    built = frozenset(s.path for s in plan_pages(resolved))  # the search page is planned by its own stage
    menu = shared_context(resolved, built)["menu"]
    assert [(m["title"], m["target"], m["external"]) for m in menu] == [
        ("Trang chủ", "index.html", False), ("Lịch", "calendar/index.html", False),
        ("Lưu trữ", "archive/index.html", False), ("DVC", "https://dichvucong.gov.vn", True)]
    with_search = shared_context(resolved, built | {"search/index.html"})["menu"]
    assert [m["title"] for m in with_search] == ["Trang chủ", "Lịch", "Tìm kiếm", "Lưu trữ", "DVC"]


def test_base_url_appears_only_in_canonical_and_sharing_metadata(make_site):
    site = make_site({"content/articles/a.md": article(category="Tin")})
    resolved = resolve(site)
    specs = plan_pages(resolved)
    pages = dict(render_pages(make_environment(site, "vi"), resolved, specs))
    for path, data in pages.items():
        head, _, body = data.decode("utf-8").partition("</head>")
        assert "https://example.org/news/" not in body, path
        lines = [line for line in head.splitlines() if "https://example.org/news/" in line]
        if path == "404.html":
            assert lines == [], path
            continue
        assert lines[0] == f'<link rel="canonical" href="https://example.org/news/{path}">', path
        assert f'<meta property="og:url" content="https://example.org/news/{path}">' in lines, path
        assert all(line.startswith(('<meta property="og:', '<meta name="twitter:', '<script type="application/ld+json">'))
                   for line in lines[1:]), (path, lines)


def test_site_templates_win_over_the_default_theme(make_site):
    site = make_site({"templates/page.html": "X", "templates/assets/extra.css": "a{}",
                      "templates/assets/style.css": "b{}"})
    assert theme_dirs(site) == [site / "templates", DEFAULT_THEME]
    assets = theme_assets(site)
    assert assets["assets/style.css"] == site / "templates/assets/style.css"
    assert assets["assets/extra.css"] == site / "templates/assets/extra.css"
    assert assets["assets/favicon.svg"] == DEFAULT_THEME / "assets/favicon.svg"
    assert make_environment(site, "vi").get_template("page.html").render() == "X"


def test_without_own_templates_the_default_theme_serves(make_site):
    assert theme_dirs(make_site({})) == [DEFAULT_THEME]


def test_autoescape_is_on(make_site):
    site = make_site({"content/articles/a.md": article('"<script>alert(1)</script>"')})
    resolved = resolve(site)
    pages = dict(render_pages(make_environment(site, "vi"), resolved, plan_pages(resolved)))
    html = pages["articles/a.html"].decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize("template, code, line", [
    ("{% extends 'base.html' %}\n{% block content %}\n{{ page.title }\n{% endblock %}\n", "template_syntax", 3),
    ("{% extends 'base.html' %}\n{% block content %}\n\n{{ page.no_such_field }}\n{% endblock %}\n",
     "template_error", 4),
    ("{% extends 'base.html' %}\n{% block content %}\n{{ page.title | datetime }}\n{% endblock %}\n",
     "template_error", 3),
])
def test_broken_site_template_names_its_file_and_line(make_site, template, code, line):
    site = make_site({"content/pages/a.md": "---\ntitle: A\n---\n"})
    write_files(site, {"templates/page.html": template})
    resolved = resolve(site)
    with pytest.raises(BuildError) as caught:
        dict(render_pages(make_environment(site, "vi"), resolved, plan_pages(resolved)))
    [error] = caught.value.errors
    assert (error.code, error.path, error.line, error.level) == (code, "templates/page.html", line, "error")


@pytest.mark.parametrize("expression", [
    "{{ d.title }}", "{{ d.items() | list | length }}", "{{ d.get('x', 'none') }}", "{{ d['items'] }}",
    "{{ d.keys | string | truncate(18, True, '') }}", "{{ d.missing }}", "{{ d.missing is defined }}",
    "{{ n.real }}", "{{ n.imag }}", "{{ s.upper() }}", "{{ o.title }}", "{{ o.missing }}",
])
def test_templates_read_names_as_jinja_does(tmp_path, expression):
    # the theme's environment answers `a.b` itself for speed: exactly as Jinja would
    values = {"d": {"title": "T", "items": "a key named like a method", "x": 1}, "n": 5, "s": "chữ",
              "o": type("O", (), {"title": "thuộc tính"})()}

    def outcome(env: jinja2.Environment) -> str:
        try:
            return env.from_string(expression).render(values)
        except jinja2.UndefinedError as error:
            return f"undefined: {error}"

    assert outcome(make_environment(tmp_path, "vi")) == outcome(jinja2.Environment(undefined=jinja2.StrictUndefined,
                                                                                   autoescape=True))
