"""Bad campaign input: one clear message each, with file, line and the fix, in both languages."""

from __future__ import annotations

import pytest
from conftest import article

from generator.errors import BuildError

CAMPAIGN = """\
title: Tuần lễ
start: 2021-10-01
end: 2021-10-07
activities:
  - date: 2021-10-01
    time: "09:00-11:00"
    title: Lễ khai mạc
    locality: Thành phố Hạ Long
{extra}"""

PATH = "content/campaigns/tuan-le.yaml"


def build_errors(make_site, build_site, extra: str = "", campaign: str = CAMPAIGN, files=None, **options):
    site = make_site({PATH: campaign.format(extra=extra), **(files or {})})
    with pytest.raises(BuildError) as caught:
        build_site(site, **options)
    return caught.value.errors


def only(problems):
    assert len(problems) == 1, [p.format() for p in problems]
    return problems[0]


def test_a_campaign_whose_end_precedes_its_start(make_site, build_site):
    campaign = CAMPAIGN.replace("end: 2021-10-07", "end: 2021-09-30")
    error = only(build_errors(make_site, build_site, campaign=campaign))
    assert (error.path, error.line, error.code) == (PATH, 3, "campaign_end_before_start")
    assert error.format("en") == (f"{PATH}:3: error: 'end' (2021-09-30) is before 'start' (2021-10-01): correct "
                                  "the dates so that the campaign ends on or after the day it starts")
    assert error.format("vi").startswith(f"{PATH}:3: lỗi: 'end' (2021-09-30) trước 'start' (2021-10-01)")


def test_an_activity_dated_well_outside_its_campaign(make_site, build_site):
    extra = "  - date: 2021-10-20\n    title: Tổng kết\n"
    error = only(build_errors(make_site, build_site, extra))
    assert (error.line, error.code) == (9, "activity_outside_campaign")
    assert "2021-10-20, outside the campaign (2021-10-01 to 2021-10-07): correct its 'date'" in error.format("en")
    assert "nằm ngoài thời gian chiến dịch (2021-10-01 đến 2021-10-07)" in error.format("vi")


@pytest.mark.parametrize("day, code, fix", [
    ("2021-10-08", "activity_day_after", "write 'end: 2021-10-08' for the campaign"),
    ("2021-09-30", "activity_day_before", "write 'start: 2021-09-30' for the campaign"),
])
def test_an_activity_a_day_outside_is_a_warning_that_fails_only_under_strict(make_site, build_site, day, code, fix):
    site = make_site({PATH: CAMPAIGN.format(extra=f"  - date: {day}\n    title: Tổng kết\n")})
    from generator.pipeline import BuildOptions, build
    from conftest import EXAMPLE_NOW
    result = build(site, site / "public", BuildOptions(now=EXAMPLE_NOW))
    warning = only(result.warnings)
    assert (warning.path, warning.line, warning.level, warning.code) == (PATH, 9, "warning", code)
    assert "so this is only a warning" in warning.format("en") and fix in warning.format("en")
    assert "nên chỉ cảnh báo" in warning.format("vi")
    assert (site / "public" / "campaigns/tuan-le/index.html").is_file()
    with pytest.raises(BuildError) as caught:
        build(site, site / "public", BuildOptions(now=EXAMPLE_NOW, strict=True))
    assert [p.code for p in caught.value.errors] == [code]


@pytest.mark.parametrize("value, code", [
    ('"9h"', "bad_time_span"),
    ('"25:00"', "bad_time_span"),
    ('"09:00-"', "bad_time_span"),
    ('"09:00-10:00-11:00"', "bad_time_span"),
    ('"sáng"', "bad_time_span"),
    ('"11:00-09:00"', "time_span_reversed"),
    ('"09:00-09:00"', "time_span_reversed"),
])
def test_a_time_that_is_not_hh_mm_or_a_span(make_site, build_site, value, code):
    error = only(build_errors(make_site, build_site, f"  - date: 2021-10-02\n    time: {value}\n    title: Tọa đàm\n"))
    assert (error.path, error.line, error.code) == (PATH, 10, code)
    assert value.strip('"') in error.format("en")
    if code == "bad_time_span":
        assert 'write "09:00" or a span "09:00-11:00"' in error.format("en")
        assert "viết \"09:00\" hoặc khoảng \"09:00-11:00\"" in error.format("vi")
    else:
        assert "ends before it starts; write the earlier time first" in error.format("en")


def test_unquoted_times_are_times(make_site, build_site):
    extra = ("  - date: 2021-10-02\n    time: 14:00\n    title: Tọa đàm\n"
             "  - date: 2021-10-03\n    time: 8:30-10:15\n    title: Hội thảo\n")
    out = build_site(make_site({PATH: CAMPAIGN.format(extra=extra)}))
    html = (out / "campaigns/tuan-le/index.html").read_text(encoding="utf-8")
    assert '<time datetime="2021-10-02T14:00">14:00</time>' in html
    assert '<time datetime="2021-10-03T08:30">08:30</time>–<time datetime="2021-10-03T10:15">10:15</time>' in html


def test_a_report_naming_no_article(make_site, build_site):
    extra = "  - date: 2021-10-02\n    title: Tọa đàm\n    report: khong-co-bai-nay\n"
    error = only(build_errors(make_site, build_site, extra))
    assert (error.path, error.line, error.code) == (PATH, 11, "unknown_report")
    # no article at all: a draft or scheduled one is not an error (next test), so the message says "no article"
    assert "'report': no article has the slug 'khong-co-bai-nay'" in error.format("en")
    assert "không có bài viết nào có slug 'khong-co-bai-nay'" in error.format("vi")


def test_a_report_naming_a_draft_or_a_scheduled_article_is_linked_once_published(make_site, build_site):
    extra = ("  - date: 2021-10-02\n    title: Tọa đàm\n    report: ban-nhap\n"
             "  - date: 2021-10-03\n    title: Hội thảo\n    report: hen-gio\n")
    files = {PATH: CAMPAIGN.format(extra=extra),
             "content/articles/ban-nhap.md": article("Bản nháp", draft="true"),
             "content/articles/hen-gio.md": article("Hẹn giờ", date="2099-01-01 08:00")}
    site = make_site(files)
    page = (build_site(site, strict=True) / "campaigns/tuan-le/index.html").read_text(encoding="utf-8")
    assert "activity-report" not in page
    page = (build_site(site, drafts=True, future=True) / "campaigns/tuan-le/index.html").read_text(encoding="utf-8")
    assert "Xem bài đưa tin: Bản nháp" in page and "Xem bài đưa tin: Hẹn giờ" in page


def test_an_activity_listed_twice(make_site, build_site):
    extra = "  - date: 2021-10-01\n    time: \"09:00-11:00\"\n    title: Lễ  khai mạc\n    locality: thành phố Hạ Long\n"
    error = only(build_errors(make_site, build_site, extra))
    assert (error.path, error.line, error.code) == (PATH, 9, "activity_duplicate")
    assert error.format("en") == (f"{PATH}:9: error: this activity repeats the one on line 5 (same date, time, title "
                                  "and place): delete one of them, or correct its date or time")
    assert "trùng với hoạt động ở dòng 5" in error.format("vi")


def test_the_same_activity_in_two_localities_is_not_a_duplicate(make_site, build_site):
    extra = "  - date: 2021-10-01\n    time: \"09:00-11:00\"\n    title: Lễ khai mạc\n    locality: Huyện Cô Tô\n"
    out = build_site(make_site({PATH: CAMPAIGN.format(extra=extra)}))
    assert (out / "campaigns/tuan-le/index.html").read_text(encoding="utf-8").count('<li class="activity') == 2


def test_every_problem_of_a_campaign_is_reported_at_once(make_site, build_site):
    extra = ("  - date: 2021-11-01\n    title: Xa\n"
             "  - date: 2021-10-02\n    time: \"10:00-09:00\"\n    title: Ngược\n"
             "  - date: 2021-10-01\n    time: \"09:00-11:00\"\n    title: Lễ khai mạc\n    locality: Thành phố Hạ Long\n")
    errors = build_errors(make_site, build_site, extra)
    assert sorted((e.line, e.code) for e in errors) == [
        (9, "activity_outside_campaign"), (12, "time_span_reversed"), (14, "activity_duplicate")]


def test_duplicates_are_checked_when_the_times_are_valid(make_site, build_site):
    extra = "  - date: 2021-10-01\n    time: \"09:00-11:00\"\n    title: Lễ khai mạc\n    locality: Thành phố Hạ Long\n"
    errors = build_errors(make_site, build_site, extra + "  - date: 2021-10-30\n    title: Xa\n")
    assert sorted((e.line, e.code) for e in errors) == [(9, "activity_duplicate"), (13, "activity_outside_campaign")]
