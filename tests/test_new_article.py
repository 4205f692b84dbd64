"""`build.py new "Title"`: a complete article file, checked against the site, never overwriting."""

from __future__ import annotations

import pytest
from conftest import EXAMPLE_NOW, article

from generator.cli import main
from generator.config import load_config
from generator.errors import Report
from generator.load import load_content

CAMPAIGN = """\
title: Tuần lễ học tập suốt đời
start: 2021-10-01
end: 2021-10-07
"""


@pytest.fixture
def site(make_site, monkeypatch):
    """A site with two categories and one campaign; commands run inside it, as of EXAMPLE_NOW."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EXAMPLE_NOW.timestamp())))
    monkeypatch.delenv("LOA_LANG", raising=False)
    root = make_site({
        "content/articles/2021/khai-mac.md": article("Khai mạc", category="Giáo dục thường xuyên"),
        "content/articles/2021/tin-khac.md": article("Tin khác", category="Thông báo"),
        "content/campaigns/tuan-le-hoc-tap-2021.yaml": CAMPAIGN,
    })
    monkeypatch.chdir(root)
    return root


def test_new_writes_a_complete_draft_and_prints_its_path(site, capsys):
    code = main(["new", "Hội nghị: tổng kết năm học", "--category", "Giáo dục thường xuyên",
                 "--campaign", "tuan-le-hoc-tap-2021"])
    out, err = capsys.readouterr()
    assert code == 0
    assert out == "content/articles/2026/hoi-nghi-tong-ket-nam-hoc.md\n"
    assert err == ("Đã tạo dạng bản nháp: xem trước bằng 'python build.py serve --drafts'; "
                   "sửa thành 'draft: false' để đăng.\n")
    assert (site / "content/articles/2026/hoi-nghi-tong-ket-nam-hoc.md").read_text(encoding="utf-8") == """\
---
title: 'Hội nghị: tổng kết năm học'
date: 2026-11-28 12:00
category: Giáo dục thường xuyên
tags: []
campaign: tuan-le-hoc-tap-2021
author:
unit:
summary:
image:  # ../../media/2026/ten-anh.jpg
hot: false
featured: false
draft: true
slug: hoi-nghi-tong-ket-nam-hoc
gallery: []  # - {src: ../../media/..., caption: ...}
---
"""


def test_the_new_article_loads_as_written_and_is_a_draft(site, capsys):
    title = "\"Đồng chí\" Nguyễn Văn A: phát biểu # 1 – yes"
    assert main(["new", title, "--slug", "phat-bieu"]) == 0
    report = Report()
    config = load_config(site, report)
    content = load_content(config, report, EXAMPLE_NOW, drafts=True)
    assert report.problems == []
    new = next(a for a in content.articles if a.slug == "phat-bieu")
    assert (new.title, new.draft, new.category, new.campaign, new.date) == (title, True, None, None, EXAMPLE_NOW)
    assert load_content(config, Report(), EXAMPLE_NOW).skipped_drafts == 1


def test_the_category_is_written_as_the_site_spells_it(site, capsys):
    assert main(["new", "Bài mới", "--category", "giao duc thuong xuyen"]) == 0
    text = (site / "content/articles/2026/bai-moi.md").read_text(encoding="utf-8")
    assert "\ncategory: Giáo dục thường xuyên\n" in text


def test_new_refuses_to_overwrite(site, capsys):
    assert main(["new", "Khai mạc lớp học"]) == 0
    path = site / "content/articles/2026/khai-mac-lop-hoc.md"
    path.write_text("đã viết nội dung", encoding="utf-8")
    capsys.readouterr()
    assert main(["new", "Khai mạc lớp học"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == ("content/articles/2026/khai-mac-lop-hoc.md: lỗi: tệp này đã có và không bao giờ bị ghi đè; "
                   "chọn tiêu đề khác hoặc dùng --slug\n")
    assert path.read_text(encoding="utf-8") == "đã viết nội dung"


@pytest.mark.parametrize("args, message", [
    (["Khai mạc"],
     "content/articles/2021/khai-mac.md: lỗi: bài này đã dùng địa chỉ 'khai-mac'; đặt cho bài mới một --slug khác"),
    (["Bài mới", "--category", "Giáo dục thường xuyen", "--slug", "x"],
     None),  # the same slug as an existing category: accepted
    (["Bài mới", "--category", "Giáo dục thuong xuyn"],
     "lỗi: chưa bài nào dùng chuyên mục 'Giáo dục thuong xuyn': có phải ý bạn là 'Giáo dục thường xuyên'? "
     "(--new-category để mở chuyên mục mới)"),
    (["Bài mới", "--category", "Thể thao"],
     "lỗi: chưa bài nào dùng chuyên mục 'Thể thao'; hiện có: Giáo dục thường xuyên, Thông báo "
     "(--new-category để mở chuyên mục mới)"),
    (["Bài mới", "--campaign", "tuan-le-hoc-tap-2012"],
     "lỗi: không có chiến dịch 'tuan-le-hoc-tap-2012' trong content/campaigns/: "
     "có phải ý bạn là 'tuan-le-hoc-tap-2021'?"),
    (["Bài mới", "--campaign", "hoi-thao"],
     "lỗi: không có chiến dịch 'hoi-thao' trong content/campaigns/; hiện có: tuan-le-hoc-tap-2021"),
    (["!!!"],
     "lỗi: tiêu đề '!!!' cho địa chỉ rỗng; viết tiêu đề có chữ hoặc số, hoặc dùng --slug"),
    (["   "],
     "lỗi: tiêu đề '   ' cho địa chỉ rỗng; viết tiêu đề có chữ hoặc số, hoặc dùng --slug"),
])
def test_new_checks_its_arguments_against_the_site(site, capsys, args, message):
    code = main(["new", *args])
    out, err = capsys.readouterr()
    if message is None:
        assert code == 0 and err.startswith("Đã tạo")
        return
    assert (code, out, err) == (1, "", message + "\n")
    assert not (site / "content/articles/2026").exists()


def test_several_mistakes_are_reported_together_in_english(site, capsys):
    assert main(["new", "Khai mạc", "--category", "Thể thao", "--campaign", "x", "--lang", "en"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "content/articles/2021/khai-mac.md: error: this article already has the address 'khai-mac'; "
        "give the new one another --slug",
        "error: no article uses the category 'Thể thao'; existing: Giáo dục thường xuyên, Thông báo "
        "(--new-category starts a new one)",
        "error: no campaign 'x' in content/campaigns/; existing: tuan-le-hoc-tap-2021",
    ]


def test_a_new_category_is_allowed_when_asked_for(site, capsys):
    assert main(["new", "Giải chạy", "--category", "Thể thao", "--new-category"]) == 0
    assert "\ncategory: Thể thao\n" in (site / "content/articles/2026/giai-chay.md").read_text(encoding="utf-8")


def test_a_category_named_by_the_menu_is_known(make_site, monkeypatch, capsys):
    monkeypatch.delenv("LOA_LANG", raising=False)
    site = make_site({"content/pages/gioi-thieu.md": "---\ntitle: Giới thiệu\n---\n"},
                     config="title: Trang mới\nmenu:\n  - {title: Tin, category: Tin tức}\n")
    assert main(["new", "Bài đầu tiên", "--category", "tin tuc", "--site", str(site)]) == 0
    year = next((site / "content/articles").iterdir())
    assert "\ncategory: Tin tức\n" in (year / "bai-dau-tien.md").read_text(encoding="utf-8")


def test_a_broken_article_elsewhere_does_not_block_new(site, capsys):
    (site / "content/articles/2021/hong.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    assert main(["new", "Bài mới", "--category", "Thông báo"]) == 0
    capsys.readouterr()
    assert main(["new", "Hỏng"]) == 1  # its file name still holds its address
    assert capsys.readouterr().err == ("content/articles/2021/hong.md: lỗi: bài này đã dùng địa chỉ 'hong'; "
                                       "đặt cho bài mới một --slug khác\n")


def test_new_without_a_site(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("LOA_LANG", raising=False)
    monkeypatch.chdir(tmp_path)
    assert main(["new", "Bài mới"]) == 1
    assert capsys.readouterr().err == ("site.yaml: lỗi: không có site.yaml ở đây: chạy lệnh trong thư mục của "
                                       "trang, hoặc chỉ rõ bằng --site\n")
    assert list(tmp_path.iterdir()) == []
