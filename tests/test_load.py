"""load.py: content/ into Articles, Pages and Campaigns, every problem with file and line."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from conftest import EXAMPLE_NOW, article

from generator.config import load_config
from generator.errors import Report
from generator.load import load_content, parse_time_span
from generator.errors import ContentError
from generator.model import ImageRef

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
JPG = b"\xff\xd8\xff\xe0fake jpeg"


def load(site, now=EXAMPLE_NOW, **options):
    report = Report()
    config = load_config(site, report)
    assert config is not None, report.problems
    return load_content(config, report, now, **options), report


def errors(report: Report) -> list[tuple]:
    return [(p.path, p.line, p.code) for p in report.errors]


def test_every_article_field(make_site):
    site = make_site({
        "content/media/2021/a.jpg": JPG,
        "content/articles/2021/khai-mac.md": """\
            ---
            title: Khai mạc Tuần lễ
            date: 2021-10-01 09:43
            updated: 02/10/2021 08:00
            category: Giáo dục thường xuyên
            tags: [học tập suốt đời, chuyển đổi số]
            campaign: tuan-le
            author: Phạm Thị Nhàn
            unit: Phòng GDTX
            summary: Tóm tắt.
            image: ../../media/2021/a.jpg
            hot: true
            featured: false
            draft: false
            slug: khai-mac-tuan-le-2021
            gallery:
              - {src: ../../media/2021/a.jpg, caption: Quang cảnh}
            ---
            Nội dung.
            """,
        "content/campaigns/tuan-le.yaml": "title: Tuần lễ\nstart: 2021-10-01\nend: 2021-10-07\n",
    })
    content, report = load(site)
    assert report.problems == []
    (a,) = content.articles
    assert a.source == "content/articles/2021/khai-mac.md"
    assert a.slug == "khai-mac-tuan-le-2021" and a.path == "articles/khai-mac-tuan-le-2021.html"
    assert a.title == "Khai mạc Tuần lễ"
    assert a.date == datetime(2021, 10, 1, 9, 43, tzinfo=HCM)
    assert a.updated == datetime(2021, 10, 2, 8, 0, tzinfo=HCM)
    assert (a.category, a.tags, a.campaign) == ("Giáo dục thường xuyên", ("học tập suốt đời", "chuyển đổi số"), "tuan-le")
    assert (a.author, a.unit, a.summary) == ("Phạm Thị Nhàn", "Phòng GDTX", "Tóm tắt.")
    assert a.image == ImageRef("media/2021/a.jpg")
    assert a.gallery == (ImageRef("media/2021/a.jpg", "Quang cảnh"),)
    assert (a.hot, a.featured, a.draft) == (True, False, False)
    assert a.body == "Nội dung.\n" and a.body_line == 19
    assert a.lines["gallery"] == 16


def test_slug_comes_from_the_file_name_transliterated(make_site):
    site = make_site({"content/articles/Đồng chí Nguyễn.md": article()})
    content, _ = load(site)
    assert content.articles[0].slug == "dong-chi-nguyen"


def test_nfd_file_name_and_text_give_the_same_slug_and_title(make_site):
    name = unicodedata.normalize("NFD", "Tuần lễ.md")
    site = make_site({f"content/articles/{name}": article(unicodedata.normalize("NFD", "Tuần lễ"))})
    content, _ = load(site)
    assert content.articles[0].slug == "tuan-le"
    assert content.articles[0].title == unicodedata.normalize("NFC", "Tuần lễ")
    assert content.articles[0].source == unicodedata.normalize("NFC", "content/articles/Tuần lễ.md")


def test_bom_and_crlf_article(make_site):
    text = "\ufeff" + article("Tuần lễ", body="Dòng 1\n\nDòng 2").replace("\n", "\r\n")
    site = make_site({"content/articles/a.md": text.encode("utf-8")})
    content, report = load(site)
    assert report.problems == []
    assert content.articles[0].title == "Tuần lễ"
    assert content.articles[0].body == "Dòng 1\n\nDòng 2\n"


def test_non_utf8_file_is_named(make_site):
    site = make_site({"content/articles/cu.md": article("Tuần lễ").encode("cp1258", errors="replace")
                      + "é".encode("latin-1")})
    content, report = load(site)
    assert content.articles == ()
    assert [(p.path, p.code) for p in report.errors] == [("content/articles/cu.md", "not_utf8")]


def test_drafts_are_never_published_unless_previewed(make_site):
    site = make_site({"content/articles/nhap.md": article("Nháp", draft="true"),
                      "content/articles/dang.md": article("Đăng")})
    content, _ = load(site)
    assert [a.slug for a in content.articles] == ["dang"]
    assert [a.slug for a in content.held] == ["nhap"]
    preview, _ = load(site, drafts=True)
    assert sorted(a.slug for a in preview.articles) == ["dang", "nhap"]


def test_future_article_is_published_only_by_a_build_after_its_moment(make_site):
    site = make_site({"content/articles/hen-gio.md": article("Hẹn giờ", date="2030-01-01 08:00")})
    moment = datetime(2030, 1, 1, 8, 0, tzinfo=HCM)
    before, _ = load(site, now=datetime(2030, 1, 1, 0, 59, tzinfo=ZoneInfo("UTC")))  # 07:59 in Hanoi
    assert before.articles == () and [a.slug for a in before.held] == ["hen-gio"]
    at, _ = load(site, now=moment)
    assert [a.slug for a in at.articles] == ["hen-gio"]
    assert [a.slug for a in load(site, now=moment.replace(year=2029), future=True)[0].articles] == ["hen-gio"]


def test_hidden_and_underscore_files_are_skipped(make_site):
    site = make_site({"content/articles/.nhap.md": "rác", "content/articles/_mau.md": "rác",
                      "content/articles/a.md": article(), "content/articles/ghi-chu.txt": "x"})
    content, report = load(site)
    assert report.problems == [] and [a.slug for a in content.articles] == ["a"]


def test_missing_title_and_bad_date_are_both_reported_with_lines(make_site):
    site = make_site({"content/articles/a.md": "---\ndate: 31/02/2021\nhot: có\n---\nx\n"})
    content, report = load(site)
    assert content.articles == ()
    assert sorted(errors(report)) == [("content/articles/a.md", 2, "missing_key"),
                                      ("content/articles/a.md", 2, "no_such_day"),
                                      ("content/articles/a.md", 3, "expected_bool")]


def test_unknown_key_did_you_mean(make_site):
    site = make_site({"content/articles/a.md": article(catgory="Tin tức")})
    _, report = load(site)
    (problem,) = report.errors
    assert (problem.line, problem.code, dict(problem.args)) == (4, "unknown_key_guess",
                                                                {"key": "catgory", "guess": "category"})


def test_missing_image_names_the_path_and_line(make_site):
    site = make_site({"content/articles/a.md": article(image="../media/khong-co.jpg")})
    _, report = load(site)
    (problem,) = report.errors
    assert (problem.line, problem.code, dict(problem.args)) == (4, "missing_file",
                                                                {"key": "image", "value": "../media/khong-co.jpg"})


def test_file_name_without_letters_needs_a_slug(make_site):
    site = make_site({"content/articles/!!!.md": article(), "content/articles/???.md": article(slug="co-slug")})
    content, report = load(site)
    assert errors(report) == [("content/articles/!!!.md", None, "bad_file_name")]
    assert [a.slug for a in content.articles] == ["co-slug"]


def test_pages(make_site):
    site = make_site({"content/pages/Giới thiệu.md": "---\ntitle: Giới thiệu\nsummary: Về chúng tôi\n---\nNội dung\n",
                      "content/pages/lien-he.md": "---\ntitle: Liên hệ\nslug: lien-he-chung-toi\n---\n",
                      "content/pages/x.md": "---\ntitle: X\ndate: 2021-10-01\n---\n"})
    content, report = load(site)
    assert [(p.slug, p.path) for p in content.pages] == [("gioi-thieu", "pages/gioi-thieu.html"),
                                                         ("lien-he-chung-toi", "pages/lien-he-chung-toi.html")]
    assert [(p.path, p.line, p.code) for p in report.errors] == [("content/pages/x.md", 3, "unknown_key")]


CAMPAIGN = """\
title: Tuần lễ hưởng ứng học tập suốt đời năm 2021
theme: Chuyển đổi số
start: 2021-10-01
end: 07/10/2021
organizer: Ban Chỉ đạo
plan: {number: 2675/KH-BCĐ, date: 2021-09-22, file: ../media/ke-hoach.pdf}
summary: Tóm tắt *chiến dịch*.
topics:
  - Chủ đề một
activities:
  - date: 2021-10-01
    time: 09:00-11:00
    title: Lễ khai mạc
    type: Lễ khai mạc
    key: true
    location: Hội trường UBND tỉnh
    locality: Hạ Long
    unit: Sở GDĐT
    online: true
    report: khai-mac
  - {date: 2021-10-02, time: "14:00", title: Tọa đàm}
"""


def test_campaign_with_plan_and_activities(make_site):
    site = make_site({"content/campaigns/tuan-le-2021.yaml": CAMPAIGN, "content/media/ke-hoach.pdf": b"%PDF"})
    content, report = load(site)
    assert report.problems == []
    (c,) = content.campaigns
    assert (c.id, c.path, c.start, c.end) == ("tuan-le-2021", "campaigns/tuan-le-2021/index.html",
                                              date(2021, 10, 1), date(2021, 10, 7))
    assert (c.plan.number, c.plan.date, c.plan.file) == ("2675/KH-BCĐ", date(2021, 9, 22), "media/ke-hoach.pdf")
    assert c.topics == ("Chủ đề một",)
    first, second = c.activities
    assert (first.start, first.end, first.key, first.online, first.report, first.line, first.index) == (
        time(9), time(11), True, True, "khai-mac", 11, 0)
    assert (second.start, second.end, second.index) == (time(14), None, 1)


@pytest.mark.parametrize("change, line, code", [
    (("title: Tuần lễ hưởng ứng học tập suốt đời năm 2021\n", ""), 1, "missing_key"),
    (("end: 07/10/2021", "end: 31/09/2021"), 4, "no_such_day"),
    (("plan: {number: 2675/KH-BCĐ, date: 2021-09-22, file: ../media/ke-hoach.pdf}", "plan: [a]"), 6, "plan_entry"),
    (("file: ../media/ke-hoach.pdf", "file: ../media/khong.pdf"), 6, "missing_file"),
    (("    time: 09:00-11:00", "    time: 11:00-09:00"), 12, "time_span_reversed"),
    (("    time: 09:00-11:00", "    time: 9 giờ"), 12, "bad_time_span"),
    (("    online: true", "    onlin: true"), 19, "unknown_key_guess"),
    (('  - {date: 2021-10-02, time: "14:00", title: Tọa đàm}', "  - Tọa đàm"), 21, "activity_entry"),
    (('  - {date: 2021-10-02, time: "14:00", title: Tọa đàm}', '  - {time: "14:00", title: Tọa đàm}'), 21,
     "missing_key"),
    (("organizer: Ban Chỉ đạo", "organiser: Ban Chỉ đạo"), 5, "unknown_key_guess"),
])
def test_campaign_mistakes(make_site, change, line, code):
    site = make_site({"content/campaigns/tuan-le.yaml": CAMPAIGN.replace(*change), "content/media/ke-hoach.pdf": b"%"})
    content, report = load(site)
    assert content.campaigns == ()
    assert errors(report) == [("content/campaigns/tuan-le.yaml", line, code)]


def test_campaign_activities_must_be_a_list(make_site):
    site = make_site({"content/campaigns/c.yaml": "title: C\nstart: 2021-10-01\nend: 2021-10-07\nactivities: x\n"})
    _, report = load(site)
    assert errors(report) == [("content/campaigns/c.yaml", 4, "expected_list_of")]


def test_campaign_file_name_must_be_plain(make_site):
    site = make_site({"content/campaigns/Tuần lễ.yaml": "title: C\nstart: 2021-10-01\nend: 2021-10-07\n"})
    _, report = load(site)
    (problem,) = report.errors
    assert (problem.code, dict(problem.args)) == ("bad_campaign_file_name", {"suggestion": "tuan-le.yaml"})


def test_yml_campaigns_are_read_too(make_site):
    site = make_site({"content/campaigns/c.yml": "title: C\nstart: 2021-10-01\nend: 2021-10-07\n"})
    content, _ = load(site)
    assert [c.id for c in content.campaigns] == ["c"]


def test_time_span():
    assert parse_time_span("09:00") == (time(9), None)
    assert parse_time_span("09:00 – 11:30") == (time(9), time(11, 30))
    for bad in ("09:00-", "9-10-11", "sáng"):
        with pytest.raises(ContentError):
            parse_time_span(bad)


def test_files_are_loaded_in_a_fixed_order(make_site):
    site = make_site({f"content/articles/{name}.md": article(name, date="2021-10-01 09:00")
                      for name in ("b", "a", "Á", "c/d")})
    content, _ = load(site)
    assert [a.source for a in content.articles] == sorted(a.source for a in content.articles)


def test_hidden_yml_campaigns_are_skipped(make_site):
    site = make_site({"content/campaigns/_mau.yml": "rác: [", "content/campaigns/.x.yml": "rác: ["})
    content, report = load(site)
    assert report.problems == [] and content.campaigns == ()
