"""`build.py check`: the build's validation plus the extra checks, as `path:line: level: message`."""

from __future__ import annotations

import io
import json
import os

import pytest
from conftest import EXAMPLE_NOW, MINIMAL_CONFIG, article

from generator.cli import main

CAMPAIGN = """\
title: Tuần lễ học tập
start: 2021-10-01
end: 2021-10-07
plan: {number: 2675/KH-BCĐ, file: ../media/ke-hoach.pdf}
activities:
  - date: 2021-10-01
    title: Lễ khai mạc
    report: khai-mac
  - date: 2021-10-02
    title: Hội thảo
    report: hoi-thao
"""


def _png() -> bytes:
    from PIL import Image
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 40, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def _large_jpeg() -> bytes:
    """A real photo-like JPEG over 2 MB (noise does not compress)."""
    from PIL import Image
    buffer = io.BytesIO()
    Image.frombytes("RGB", (1100, 1100), os.urandom(1100 * 1100 * 3)).save(buffer, "JPEG", quality=100)
    assert len(buffer.getvalue()) > 2 * 1024 * 1024
    return buffer.getvalue()


GOOD = {
    "content/campaigns/tuan-le.yaml": CAMPAIGN,
    "content/media/ke-hoach.pdf": b"%PDF-1.4\n",
    "content/media/2021/anh.png": _png(),
    "content/media/2021/.DS_Store": b"\x00",
    "content/articles/2021/khai-mac.md": article(
        "Khai mạc", category="Giáo dục", campaign="tuan-le", image="../../media/2021/anh.png",
        body='![Quang cảnh buổi lễ](../../media/2021/anh.png "Quang cảnh")\n\nXem [hội thảo](hoi-thao.md).\n\n'
             "```\n![](khong-phai-anh.png) <img src=x>\n```\n\nMã `![](x.png)` trong dòng.\n"),
    "content/articles/2021/hoi-thao.md": article("Hội thảo", date="2021-10-02 08:00", category="Giáo dục",
                                                 campaign="tuan-le"),
    "content/articles/2021/thong-bao.md": article("Thông báo nghỉ lễ", category="Thông báo",
                                                  body='<p><a href="https://moet.gov.vn">Bộ</a></p>\n'),
    "content/pages/gioi-thieu.md": "---\ntitle: Giới thiệu\n---\nVề chúng tôi.\n",
}


@pytest.fixture
def run(monkeypatch, capsys):
    """Run `build.py check ...` in-process as of EXAMPLE_NOW: (exit code, stdout lines, stderr)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EXAMPLE_NOW.timestamp())))
    monkeypatch.delenv("LOA_LANG", raising=False)

    def check(site, *args: str) -> tuple[int, list[str], str]:
        code = main(["check", "--site", str(site), *args])
        out, err = capsys.readouterr()
        return code, out.splitlines(), err

    return check


def test_a_good_site_has_no_findings(make_site, run):
    site = make_site(GOOD)
    code, out, err = run(site)
    assert (code, out) == (0, [])
    assert err.splitlines()[-1] == "0 lỗi, 0 cảnh báo"
    assert run(site, "--strict", "--quiet") == (0, [], "")
    code, out, _ = run(site, "--format", "json")
    assert json.loads("\n".join(out)) == {"errors": 0, "warnings": 0, "problems": []}
    assert not (site / "public").exists()  # check writes nothing


def _warnings_site(make_site):
    return make_site({
        **GOOD,
        "content/media/thua.png": _png(),
        "content/media/nhap.png": _png(),
        "content/media/lon.jpg": _large_jpeg(),
        "content/articles/2021/a.md": article(
            "Bài a", category="Thông báo",
            body="Ảnh: ![](../../media/2021/anh.png)\n\n"
                 '<img src="../../media/2021/anh.png">\n\n'
                 '<p><a href="hoi-thao.md">hội thảo</a></p>\n\n'
                 "Sắp có [bài nháp](nhap.md).\n"),
        "content/articles/2021/nhap.md": article("Bài nháp", draft="true", image="../../media/nhap.png"),
        "content/articles/2021/b.md": article("Bài b", category="Thông báo", campaign="tuan-le",
                                              image="../../media/lon.jpg"),
        "content/articles/2021/c.md": article("Bài c", category="Giáo dụcc"),
        "content/articles/2020/d.md": article("Bài d", date="2020-01-01 08:00", category="Giao duc"),
    })


WARNINGS_VI = [
    "content/articles/2020/d.md:4: cảnh báo: chuyên mục ở đây viết là 'Giao duc' nhưng nơi khác viết 'Giáo dục'; "
    "dùng một cách viết",
    "content/articles/2021/a.md:6: cảnh báo: ảnh '../../media/2021/anh.png' thiếu mô tả (alt): viết mô tả trong "
    "ngoặc vuông, ![ảnh cho thấy gì](../../media/2021/anh.png)",
    "content/articles/2021/a.md:8: cảnh báo: ảnh '../../media/2021/anh.png' thiếu mô tả (alt): viết mô tả trong "
    "ngoặc vuông, ![ảnh cho thấy gì](../../media/2021/anh.png)",
    "content/articles/2021/a.md:8: cảnh báo: '../../media/2021/anh.png' trong HTML không được kiểm tra cũng không "
    "được chép khi dựng trang: viết bằng Markdown, [chữ](../../media/2021/anh.png) hoặc "
    "![mô tả](../../media/2021/anh.png)",
    "content/articles/2021/a.md:10: cảnh báo: 'hoi-thao.md' trong HTML không được kiểm tra cũng không được chép khi "
    "dựng trang: viết bằng Markdown, [chữ](hoi-thao.md) hoặc ![mô tả](hoi-thao.md)",
    "content/articles/2021/a.md:12: cảnh báo: liên kết 'nhap.md' trỏ tới một bài chưa đăng (bản nháp hoặc hẹn giờ): "
    "đã bỏ liên kết; nó sẽ có khi bài được đăng",
    "content/articles/2021/b.md:5: cảnh báo: bài thuộc chiến dịch 'tuan-le' nhưng không hoạt động nào dẫn tới bài: "
    "thêm 'report: b' vào hoạt động bài đưa tin trong content/campaigns/tuan-le.yaml",
    "content/articles/2021/c.md:4: cảnh báo: chỉ bài này dùng chuyên mục 'Giáo dụcc': có phải ý bạn là 'Giáo dục'?",
    "content/media/lon.jpg: cảnh báo: ảnh nặng {size} MB, quá giới hạn 2 MB: tải chậm trên điện thoại; hãy thu nhỏ "
    "(rộng 1600 px là đủ)",
    "content/media/thua.png: cảnh báo: không trang nào dùng tệp này: liên kết nó từ một bài viết, hoặc xóa đi",
]


def test_every_extra_check_is_a_pinned_warning(make_site, run, build_site):
    site = _warnings_site(make_site)
    build_site(site)  # the build itself accepts this site: these are warnings, not errors
    code, out, err = run(site)
    size = f"{(site / 'content/media/lon.jpg').stat().st_size / 1024 / 1024:.1f}"
    assert out == [line.replace("{size}", size) for line in WARNINGS_VI]
    assert code == 0
    assert err.splitlines()[-1] == "0 lỗi, 10 cảnh báo"
    assert run(site, "--strict")[0] == 1


def test_warnings_in_english_and_as_json(make_site, run, monkeypatch):
    site = _warnings_site(make_site)
    code, out, _ = run(site, "--lang", "en")
    assert out[0] == ("content/articles/2020/d.md:4: warning: the category is written 'Giao duc' here but "
                      "'Giáo dục' elsewhere; use one spelling")
    assert out[-1] == "content/media/thua.png: warning: no page uses this file: link it from an article, or delete it"
    monkeypatch.setenv("LOA_LANG", "en")
    code, out, _ = run(site, "--format", "json", "--strict")
    data = json.loads("\n".join(out))
    assert code == 1 and (data["errors"], data["warnings"]) == (0, 10)
    assert data["problems"][7] == {
        "path": "content/articles/2021/c.md", "line": 4, "level": "warning", "code": "category_used_once",
        "message": "only this article uses the category 'Giáo dụcc': did you mean 'Giáo dục'?",
        "args": {"guess": "Giáo dục", "value": "Giáo dụcc"},
    }


def test_drafts_are_checked_on_request(make_site, run):
    site = _warnings_site(make_site)
    (site / "content/articles/2021/nhap.md").write_text(
        article("Bài nháp", draft="true", image="../../media/nhap.png", body="![](../../media/2021/anh.png)"),
        encoding="utf-8")
    _, published, _ = run(site, "--lang", "en")
    _, with_drafts, _ = run(site, "--drafts", "--lang", "en")
    assert [line for line in published if line not in with_drafts] == [
        "content/articles/2021/a.md:12: warning: the link 'nhap.md' points to an article not yet published (a draft "
        "or scheduled): the link was left out; it comes back once that article is published"]
    assert [line for line in with_drafts if line not in published] == [
        "content/articles/2021/nhap.md:7: warning: the image '../../media/2021/anh.png' has no alt text: describe it "
        "between the brackets, ![what it shows](../../media/2021/anh.png)"]


def test_the_build_errors_come_first_and_are_the_builds_own(make_site, run, capsys):
    site = make_site({
        **GOOD,
        "content/articles/2021/sai-khoa.md": article("Sai khóa", catgory="Giáo dục"),
        "content/articles/2021/sai-ngay.md": article("Sai ngày", date="31/02/2021"),
        "content/articles/2021/sai-lien-ket.md": article("Sai liên kết", category="Giáo dục",
                                                         body="Xem [bài](khong-co.md)."),
        "content/articles/2021/sai-chien-dich.md": article("Sai chiến dịch", campaign="tuan-le-2012"),
    })
    assert main(["build", "--site", str(site), "--quiet"]) == 1
    build_errors = capsys.readouterr().err.splitlines()[:-1]
    code, out, err = run(site)
    assert code == 1
    assert [line for line in out if ": lỗi: " in line] == build_errors == [
        "content/articles/2021/sai-chien-dich.md:4: lỗi: 'campaign': không có chiến dịch 'tuan-le-2012' trong "
        "content/campaigns/; hiện có: tuan-le",
        "content/articles/2021/sai-khoa.md:4: lỗi: khóa lạ 'catgory': có phải ý bạn là 'category'?",
        "content/articles/2021/sai-lien-ket.md:6: lỗi: liên kết hoặc ảnh 'khong-co.md' không trỏ tới tệp nào; "
        "kiểm tra đường dẫn tính từ tệp này",
        "content/articles/2021/sai-ngay.md:3: lỗi: 'date': không có ngày '31/02/2021'; kiểm tra lại ngày và tháng "
        "(2021-10-01 09:43)",
    ]
    assert err.splitlines()[-1] == "4 lỗi, 0 cảnh báo"


def test_a_broken_template_is_found_by_check(make_site, run):
    site = make_site({**GOOD, "templates/article.html": "{% extends 'base.html' %}\n{% block content %}\n"
                                                        "{{ article.title | no_such_filter }}\n{% endblock %}\n"})
    code, out, _ = run(site, "--lang", "en")
    assert code == 1
    assert out == ["templates/article.html:3: error: syntax error in a theme template (No filter named "
                   "'no_such_filter'); fix this line of the template"]


def test_an_output_collision_is_found_by_check(make_site, run):
    site = make_site({**GOOD, "content/assets/style.css": "p {}\n",
                      "content/pages/css.md": "---\ntitle: CSS\n---\n[Tệp CSS](../assets/style.css)\n"})
    code, out, _ = run(site, "--lang", "en")
    assert code == 1
    assert out == ["error: two files would be written at 'assets/style.css': from templates/assets and from "
                   "content/assets/style.css; rename one"]


def test_check_without_a_site(tmp_path, run):
    code, out, err = run(tmp_path / "missing", "--lang", "en")
    assert code == 1
    assert out == ["site.yaml: error: no site.yaml here: run the command in the site's folder, or name it with --site"]


def test_a_broken_site_yaml_is_reported_like_the_build(make_site, run):
    site = make_site({}, config=MINIMAL_CONFIG + "per_page: mười\n")
    code, out, _ = run(site, "--lang", "en")
    assert code == 1
    assert out == ["site.yaml:5: error: 'per_page' must be a whole number of at least 1, not 'mười'"]
