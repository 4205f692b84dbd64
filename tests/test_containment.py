"""Nothing an editor writes can make the build read or write outside the site."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from conftest import EXAMPLE_NOW, MINIMAL_CONFIG, article
from site_tools import problem_lines, run_build

from generator.errors import BuildError, ContentError, problem
from generator.pipeline import BuildOptions, build
from generator.sources import read_text

SECRET = "TOP-SECRET-4242"
CAMPAIGN = """\
title: Tuần lễ học tập
start: 2021-10-01
end: 2021-10-07
"""


@pytest.fixture
def secret(tmp_path) -> Path:
    """A file beside the site that no build may read."""
    path = tmp_path / "secret.txt"
    path.write_text(SECRET)
    return path


def _build_errors(site: Path) -> list:
    with pytest.raises(BuildError) as raised:
        build(site, site / "public", BuildOptions(now=EXAMPLE_NOW))
    return raised.value.errors


def _assert_refused(site: Path, code: str, value: str, path: str | None = None) -> None:
    errors = _build_errors(site)
    assert [e.code for e in errors] == [code], [e.format("en") for e in errors]
    for language in ("en", "vi"):
        text = errors[0].format(language)
        assert value in text, text
        if path:
            assert text.startswith(path), text
    assert not (site / "public").exists()


OUTSIDE_PATHS = {
    "climbing out of the site": ("../../../../../../../../etc/passwd", "path_outside"),
    "climbing to site.yaml": ("../../site.yaml", "path_outside"),
    "absolute": ("/etc/passwd", "path_not_relative"),
    "windows drive": ("C:\\Windows\\win.ini", "path_not_relative"),
    "file url": ("file:///etc/passwd", "path_not_relative"),
    "backslash root": ("\\\\server\\share\\a.jpg", "path_not_relative"),
}


@pytest.mark.parametrize("value, code", OUTSIDE_PATHS.values(), ids=OUTSIDE_PATHS.keys())
@pytest.mark.parametrize("field", ["image", "gallery", "gallery src"])
def test_article_media_paths_cannot_leave_content(make_site, field, value, code):
    quoted = '"' + value.replace("\\", "\\\\") + '"'
    written = {"image": quoted, "gallery": f"[{quoted}]", "gallery src": f"[{{src: {quoted}, caption: Ảnh}}]"}
    site = make_site({"content/articles/a.md": article(**{"image" if field == "image" else "gallery": written[field]})})
    _assert_refused(site, code, value, "content/articles/a.md:")


@pytest.mark.parametrize("value, code", OUTSIDE_PATHS.values(), ids=OUTSIDE_PATHS.keys())
@pytest.mark.parametrize("field", ["plan.file", "image"])
def test_campaign_files_cannot_leave_content(make_site, field, value, code):
    quoted = '"' + value.replace("\\", "\\\\") + '"'
    line = f"plan: {{number: 12/KH, file: {quoted}}}" if field == "plan.file" else f"image: {quoted}"
    site = make_site({"content/campaigns/tuan-le.yaml": CAMPAIGN + line + "\n"})
    _assert_refused(site, code, value, "content/campaigns/tuan-le.yaml:4:")


@pytest.mark.parametrize("field", ["image", "gallery", "plan.file"])
def test_symlinks_leading_out_of_content_are_refused(make_site, secret, field):
    files = {"content/articles/a.md": article(**({"image": "../media/anh.jpg"} if field == "image" else
                                                 {"gallery": "[../media/anh.jpg]"} if field == "gallery" else {}))}
    if field == "plan.file":
        files["content/campaigns/tuan-le.yaml"] = CAMPAIGN + "plan: {number: 12/KH, file: ../media/anh.jpg}\n"
    site = make_site(files)
    (site / "content/media").mkdir()
    (site / "content/media/anh.jpg").symlink_to(secret)
    _assert_refused(site, "path_outside", "../media/anh.jpg")


@pytest.mark.parametrize("value", ["../../etc/passwd", "/etc/passwd", "..\\..\\windows", "a/b", ".."])
def test_a_slug_is_never_a_path(make_site, value):
    site = make_site({"content/articles/a.md": article(slug=f'"{value}"'.replace("\\", "\\\\")),
                      "content/pages/p.md": "---\ntitle: Trang\n---\nx\n"})
    _assert_refused(site, "slug_path", value, "content/articles/a.md:4:")


@pytest.mark.parametrize("url, code", [
    ("../../../../../../etc/passwd", "link_outside"),
    ("../../site.yaml", "link_outside"),
    ("/etc/passwd", "link_outside"),
    ("../media/anh.jpg", "link_outside"),  # a symlink to the secret
    ("../media/khong-co.jpg", "broken_link"),
])
@pytest.mark.parametrize("kind", ["image", "link"])
def test_body_paths_cannot_leave_content(make_site, secret, url, code, kind):
    markdown = f"![Ảnh]({url})" if kind == "image" else f"[tệp]({url})"
    site = make_site({"content/articles/a.md": article(body="Đoạn đầu.\n\n" + markdown)})
    (site / "content/media").mkdir()
    (site / "content/media/anh.jpg").symlink_to(secret)
    _assert_refused(site, code, url, "content/articles/a.md:7:")


@pytest.mark.parametrize("kind", ["article file", "article folder", "campaign file", "page file", "articles folder"])
def test_symlinked_sources_leading_out_are_refused(make_site, tmp_path, kind):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "bai.md").write_text(article("Bài ở ngoài", body=SECRET), encoding="utf-8")
    (outside / "tuan-le.yaml").write_text(CAMPAIGN, encoding="utf-8")
    site = make_site({"content/articles/a.md": article()})
    link, target = {
        "article file": ("content/articles/bai.md", outside / "bai.md"),
        "article folder": ("content/articles/2021", outside),
        "campaign file": ("content/campaigns/tuan-le.yaml", outside / "tuan-le.yaml"),
        "page file": ("content/pages/bai.md", outside / "bai.md"),
        "articles folder": ("content/articles", outside),
    }[kind]
    if kind == "articles folder":
        (site / "content/articles/a.md").unlink()
        (site / "content/articles").rmdir()
    (site / link).parent.mkdir(parents=True, exist_ok=True)
    (site / link).symlink_to(target)
    _assert_refused(site, "symlink_outside", str(target), link + ":")


def test_symlinks_that_stay_inside_content_are_followed(make_site, build_site):
    site = make_site({"content/shared/chung.md": article("Bài dùng chung", slug="bai-chung"),
                      "content/articles/a.md": article()})
    (site / "content/articles/chung.md").symlink_to(site / "content/shared/chung.md")
    public = build_site(site)
    assert "Bài dùng chung" in (public / "articles/bai-chung.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("tag, name", [
    ('{% include "../../../../../../etc/passwd" %}', "../../../../../../etc/passwd"),
    ('{% include "/etc/passwd" %}', "/etc/passwd"),
    ('{% import "../site.yaml" as x %}', "../site.yaml"),
])
def test_templates_cannot_include_files_outside_templates(make_site, tag, name):
    site = make_site({"content/articles/a.md": article(),
                      "templates/page.html": "x\n", "templates/article.html": '{% extends "base.html" %}\n'
                      "{% block content %}\n" + tag + "\n{% endblock %}\n"})
    _assert_refused(site, "template_outside", name, "templates/article.html:3:")


def test_a_template_or_asset_symlinked_out_of_templates_is_refused(make_site, secret):
    site = make_site({"content/articles/a.md": article()})
    (site / "templates/partials").mkdir(parents=True)
    (site / "templates/partials/menu.html").symlink_to(secret)
    _assert_refused(site, "template_outside", "partials/menu.html", "(theme) templates/base.html:")
    (site / "templates/partials/menu.html").unlink()
    (site / "templates/assets").mkdir()
    (site / "templates/assets/extra.css").symlink_to(secret)
    _assert_refused(site, "symlink_outside", str(secret), "templates/assets/extra.css")


@pytest.mark.parametrize("template, code, line, detail", [
    ('{% extends "base.html" %}\n{% block content %}\n{% include "partials/khong-co.html" %}\n{% endblock %}\n',
     "template_missing", 3, "partials/khong-co.html"),
    ('{% extends "base.html" %}\n{% block content %}\n{% if %}\n{% endblock %}\n', "template_syntax", 3, ""),
    ('{% extends "base.html" %}\n{% block content %}\n\n{{ khong_co.x }}\n{% endblock %}\n',
     "template_error", 4, "khong_co"),
    ('{% extends "base.html" %}\n{% block content %}\n{{ 1 / 0 }}\n{% endblock %}\n', "template_error", 3, "division"),
])
def test_template_mistakes_name_the_template_and_line(make_site, template, code, line, detail):
    site = make_site({"content/articles/a.md": article(), "templates/article.html": template})
    _assert_refused(site, code, detail, f"templates/article.html:{line}:")


@pytest.mark.parametrize("config", [
    MINIMAL_CONFIG + "links:\n  - {title: Bộ, url: \"javascript:alert(1)\"}\n",
    MINIMAL_CONFIG + "links:\n  - {title: Bộ, url: \" JaVaScRiPt:alert(1)\"}\n",
    MINIMAL_CONFIG.replace("home: true}", "home: true}\n  - {title: X, url: \"jav&#x09;ascript:alert(1)\"}"),
    MINIMAL_CONFIG.replace("home: true}", "home: true}\n  - {title: X, url: \"data:text/html,<script>alert(1)</script>\"}"),
])
def test_menu_and_link_urls_must_be_web_addresses(make_site, config):
    site = make_site({"content/articles/a.md": article()}, config=config)
    errors = _build_errors(site)
    assert [e.code for e in errors] == ["external_url"]
    assert errors[0].path == "site.yaml" and errors[0].line in (5, 6)


def test_refusals_reach_the_editor_without_a_traceback(make_site, secret):
    site = make_site({"content/articles/a.md": article(image="/etc/passwd"),
                      "templates/article.html": '{% include "../../etc/passwd" %}\n'})
    (site / "content/articles/b.md").symlink_to(secret)
    result = run_build(site)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = problem_lines(result.stderr)
    assert lines[0].startswith("content/articles/a.md:4: lỗi: 'image': '/etc/passwd'"), lines
    assert lines[1].startswith("content/articles/b.md: lỗi: đây là lối tắt (symlink)"), lines
    assert SECRET not in result.stderr


@pytest.mark.parametrize("kind", ["missing", "folder"])
def test_unreadable_files_are_named(tmp_path, kind):
    path = tmp_path / "a.md"
    if kind == "folder":
        path.mkdir()
    with pytest.raises(ContentError) as raised:
        read_text(path)
    assert raised.value.code == "unreadable_file"
    assert os.strerror(errno.EISDIR if kind == "folder" else errno.ENOENT) in problem(
        "error", "a.md", None, raised.value.code, **raised.value.args_).format("vi")
