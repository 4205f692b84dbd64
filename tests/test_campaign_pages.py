"""Campaign hubs, the campaigns index, the work calendar and the boxes on articles, as built HTML."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from conftest import article

CONFIG = """\
title: Trang thử
base_url: https://example.org/news/
per_page: 2
menu:
  - {title: Trang chủ, home: true}
  - {title: Lịch công tác, calendar: true}
  - {title: Các chiến dịch, campaigns: true}
"""

WEEK = """\
title: Tuần lễ học tập suốt đời
theme: Chuyển đổi số và học tập suốt đời
start: 2021-10-01
end: 2021-10-07
organizer: Ban Chỉ đạo xây dựng xã hội học tập
plan: {number: 2675/KH-BCĐ, date: 2021-09-22, file: ../media/ke-hoach.pdf}
summary: |
  Tuần lễ **hưởng ứng** học tập suốt đời.
topics:
  - Chuyển đổi số trong học ngoại ngữ
  - Xã hội học tập
activities:
  - date: 2021-10-01
    time: "09:00-11:00"
    title: Lễ khai mạc
    type: Lễ khai mạc
    key: true
    location: Hội trường UBND tỉnh
    locality: Thành phố Hạ Long
    unit: Sở Giáo dục và Đào tạo
    online: true
    report: khai-mac
  - date: 2021-10-01
    title: Trưng bày sách
    type: Trưng bày
    locality: Huyện Cô Tô
  - date: 2021-10-03
    time: "14:00"
    title: Tọa đàm ngoại ngữ
    type: Tọa đàm
    locality: thành phố Hạ Long
    report: khai-mac
"""

MONTH = """\
title: Tháng an toàn giao thông
start: 2026-12-01
end: 2026-12-31
activities:
  - date: 2026-12-02
    time: "08:00"
    title: Lễ phát động
    locality: Phường Hồng Gai
  - date: 2026-12-20
    title: Hội thi
"""

ARTICLES = {
    "content/articles/khai-mac.md": article("Khai mạc Tuần lễ", "2021-10-01 12:00", campaign="tuan-le"),
    "content/articles/toa-dam.md": article("Tọa đàm", "2021-10-03 17:00", campaign="tuan-le"),
    "content/articles/tong-ket.md": article("Tổng kết", "2021-10-08 08:00", campaign="tuan-le"),
    "content/articles/khac.md": article("Tin khác", "2021-10-09 08:00"),
}


def example(make_site, build_site, extra=None, config=CONFIG, **options):
    files = {"content/campaigns/tuan-le.yaml": WEEK, "content/campaigns/thang-atgt.yaml": MONTH,
             "content/media/ke-hoach.pdf": b"%PDF-1.4\n", **ARTICLES, **(extra or {})}
    return build_site(make_site(files, config=config), **options)


def read(out, path):
    return (out / path).read_text(encoding="utf-8")


def main_of(html):
    return html.split('<main', 1)[1].split("</main>", 1)[0]


def text_of(fragment):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)).strip()


def test_the_campaign_page_shows_the_campaign(make_site, build_site):
    out = example(make_site, build_site)
    html = main_of(read(out, "campaigns/tuan-le/index.html"))
    text = text_of(html)
    assert "<h1>Tuần lễ học tập suốt đời</h1>" in html
    assert "Chủ đề Chuyển đổi số và học tập suốt đời" in text
    assert "Thời gian 01/10/2021 – 07/10/2021" in text
    assert "Đơn vị tổ chức Ban Chỉ đạo xây dựng xã hội học tập" in text
    assert "Kế hoạch Số 2675/KH-BCĐ ngày 22/09/2021 ( tải văn bản )" in text
    assert '<a href="../../media/ke-hoach.pdf">' in html and (out / "media/ke-hoach.pdf").is_file()
    assert "<p>Tuần lễ <strong>hưởng ứng</strong> học tập suốt đời.</p>" in html
    assert "<li>Chuyển đổi số trong học ngoại ngữ</li>" in html and "<li>Xã hội học tập</li>" in html
    assert '<a href="tuan-le.ics" type="text/calendar" download>' in html


def test_the_build_time_status(make_site, build_site):
    cases = [(datetime(2021, 9, 30, 23, 0), "upcoming", "Sắp diễn ra: bắt đầu 01/10/2021"),
             (datetime(2021, 10, 3, 8, 0), "running", "Đang diễn ra: ngày 3/7"),
             (datetime(2021, 10, 8, 0, 30), "ended", "Đã kết thúc ngày 07/10/2021")]
    for now, kind, text in cases:
        out = example(make_site, build_site, now=now.replace(tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))
        status = re.search(r'<span class="campaign-status" data-status="(\w+)"[^>]*>([^<]*)</span>',
                           read(out, "campaigns/tuan-le/index.html"))
        assert status.groups() == (kind, text)


def test_the_schedule_is_grouped_by_day_with_every_detail(make_site, build_site):
    out = example(make_site, build_site)
    html = main_of(read(out, "campaigns/tuan-le/index.html"))
    days = re.findall(r'<section class="schedule-day" data-date="([\d-]+)">\s*<h3 class="day-title">'
                      r'<time datetime="[\d-]+">([^<]+)</time>', html)
    assert days == [("2021-10-01", "Thứ Sáu, 01/10/2021"), ("2021-10-03", "Chủ Nhật, 03/10/2021")]
    rows = re.findall(r'<li class="activity[^"]*"[^>]*>.*?</li>', html, flags=re.S)
    assert len(rows) == 3
    all_day, opening, talk = (text_of(r) for r in rows)  # all-day activities first in a day
    assert all_day.startswith("Cả ngày Trưng bày sách") and "Địa điểm Huyện Cô Tô" in all_day
    assert opening == ("09:00 – 11:00 Lễ khai mạc Hoạt động trọng tâm Trực tuyến Loại hoạt động Lễ khai mạc "
                       "Địa điểm Hội trường UBND tỉnh, Thành phố Hạ Long Đơn vị Sở Giáo dục và Đào tạo "
                       "Xem bài đưa tin: Khai mạc Tuần lễ")
    assert talk.startswith("14:00 Tọa đàm ngoại ngữ Loại hoạt động Tọa đàm")
    assert 'class="activity is-key"' in rows[1] and 'data-key="1"' in rows[1] and 'data-key="0"' in rows[0]
    assert 'data-locality="thanh-pho-ha-long"' in rows[1] and 'data-locality="thanh-pho-ha-long"' in rows[2]
    assert '<a href="../../articles/khai-mac.html">' in rows[1]


def test_the_counts_and_the_filter_options(make_site, build_site):
    out = example(make_site, build_site)
    html = main_of(read(out, "campaigns/tuan-le/index.html"))
    counts = re.search(r'<ul class="counts">(.*?)</ul>', html, flags=re.S).group(1)
    assert text_of(counts) == "3 hoạt động 2 địa phương 1 hoạt động trọng tâm 1 bài đưa tin"
    localities = re.search(r'<select name="locality">(.*?)</select>', html, flags=re.S).group(1)
    assert re.findall(r'<option value="([^"]*)">([^<]*)</option>', localities) == [
        ("", "Tất cả"), ("huyen-co-to", "Huyện Cô Tô (1)"), ("thanh-pho-ha-long", "Thành phố Hạ Long (2)")]
    types = re.search(r'<select name="type">(.*?)</select>', html, flags=re.S).group(1)
    assert [v for v, _ in re.findall(r'<option value="([^"]*)">([^<]*)</option>', types)] == [
        "", "le-khai-mac", "toa-dam", "trung-bay"]
    assert '<input type="checkbox" name="key" value="1">' in html
    # Without JavaScript the whole schedule shows and the filters, which could not work, do not.
    assert '<form class="filters" aria-label="Lọc lịch hoạt động" hidden>' in html
    assert not re.search(r'<li class="activity[^>]* hidden', html)


def test_the_campaign_articles_newest_first_and_paginated(make_site, build_site):
    out = example(make_site, build_site)
    first = main_of(read(out, "campaigns/tuan-le/index.html"))
    second = main_of(read(out, "campaigns/tuan-le/page-2.html"))
    titles = lambda html: re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', html)
    assert titles(first) == ["Tổng kết", "Tọa đàm"]
    assert titles(second) == ["Khai mạc Tuần lễ"]
    assert '<a rel="next" href="page-2.html">' in first and '<a rel="prev" href="index.html">' in second
    assert "Tin khác" not in first + second
    assert 'class="schedule"' not in second
    assert '<h1><a href="index.html">Tuần lễ học tập suốt đời</a></h1>' in second


def test_the_campaigns_index_lists_running_ones_first(make_site, build_site):
    now = datetime(2021, 10, 2, 10, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    extra = {"content/campaigns/sap-toi.yaml": "title: Sắp tới\nstart: 2021-11-01\nend: 2021-11-02\n",
             "content/campaigns/da-qua.yaml": "title: Đã qua\nstart: 2021-01-01\nend: 2021-01-02\n"}
    out = example(make_site, build_site, extra, now=now)
    html = main_of(read(out, "campaigns/index.html"))
    names = re.findall(r'<h2><a href="([^"]+)">', html)
    assert names == ["tuan-le/index.html", "sap-toi/index.html", "thang-atgt/index.html", "da-qua/index.html"]
    assert re.findall(r'data-status="(\w+)"', html) == ["running", "upcoming", "upcoming", "ended"]
    assert "3 hoạt động · 1 hoạt động trọng tâm · 1 bài viết" in text_of(html)  # as of 02/10 only one is out
    assert '<a href="../index.html"' in read(out, "calendar/index.html")  # and the menu reaches both pages
    assert re.search(r'<a href="index.html" aria-current="page">Các chiến dịch</a>', read(out, "campaigns/index.html"))


def test_the_work_calendar_lists_what_is_upcoming_by_day(make_site, build_site):
    out = example(make_site, build_site)  # as of 28/11/2026: the road-safety month is ahead
    html = main_of(read(out, "calendar/index.html"))
    assert re.findall(r'<section class="schedule-day" data-date="([\d-]+)">', html) == ["2026-12-02", "2026-12-20"]
    assert '<h2 class="day-title"><time datetime="2026-12-02">Thứ Tư, 02/12/2026</time></h2>' in html
    assert '<p class="activity-campaign"><a href="../campaigns/thang-atgt/index.html#a-' in html
    assert "Tuần lễ" not in html  # 2021 is past
    assert '<p class="empty" hidden>Lịch công tác trống</p>' in html
    assert '<a href="calendar.ics" type="text/calendar" download>' in html
    assert '<a href="webcal://example.org/news/calendar/calendar.ics">' in html


def test_the_sidebar_lists_the_next_activities(make_site, build_site):
    out = example(make_site, build_site)
    sidebar = read(out, "index.html").split('data-upcoming>', 1)[1].split("</section>", 1)[0]
    assert re.findall(r'<li data-date="([\d-]+)">', sidebar) == ["2026-12-02", "2026-12-20"]
    assert "02/12/2026 08:00" in sidebar and '<p class="empty" hidden>' in sidebar
    assert '<a href="calendar/index.html">Xem toàn bộ lịch</a>' in sidebar
    script = read(out, "calendar/upcoming.js")
    assert script.startswith("window.loaUpcoming = {") and '"limit": 5' in script
    assert '"date": "2026-12-02"' in script and '"when": "02/12/2026 08:00"' in script


def test_an_empty_work_calendar_says_so(make_site, build_site):
    out = example(make_site, build_site, now=datetime(2027, 3, 1, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))
    html = main_of(read(out, "calendar/index.html"))
    assert "schedule-day" not in html and '<p class="empty">Lịch công tác trống</p>' in html
    sidebar = read(out, "index.html").split('data-upcoming>', 1)[1].split("</section>", 1)[0]
    assert '<ul class="headlines" hidden>' in sidebar and '<p class="empty">Lịch công tác trống</p>' in sidebar
    assert '"items": []' in read(out, "calendar/upcoming.js")


def test_a_site_without_campaigns_still_has_its_calendar_and_index(make_site, build_site):
    out = build_site(make_site({"content/articles/a.md": article()}, config=CONFIG))
    assert '<p class="empty">Lịch công tác trống</p>' in read(out, "calendar/index.html")
    assert '<p class="empty">Chưa có chiến dịch nào.</p>' in read(out, "campaigns/index.html")
    assert "BEGIN:VCALENDAR" in read(out, "calendar/calendar.ics")


def test_an_article_of_a_campaign_shows_it(make_site, build_site):
    out = example(make_site, build_site)
    html = main_of(read(out, "articles/tong-ket.html"))
    box = re.search(r'<aside class="campaign-box".*?</aside>', html, flags=re.S).group(0)
    assert '<a href="../campaigns/tuan-le/index.html">Tuần lễ học tập suốt đời</a>' in box
    assert "01/10/2021 – 07/10/2021" in text_of(box) and "Đã kết thúc ngày 07/10/2021" in text_of(box)
    assert 'class="report-box"' not in html
    assert 'campaign-box' not in main_of(read(out, "articles/khac.html"))


def test_an_article_named_as_a_report_shows_its_activities(make_site, build_site):
    out = example(make_site, build_site)
    html = main_of(read(out, "articles/khai-mac.html"))
    box = re.search(r'<aside class="report-box".*?</aside>', html, flags=re.S).group(0)
    activities = re.findall(r'<div class="report-activity">.*?</dl>', box, flags=re.S)
    assert [text_of(a) for a in activities] == [
        "Lễ khai mạc Hoạt động trọng tâm Trực tuyến Thời gian Thứ Sáu, 01/10/2021, 09:00–11:00 "
        "Địa điểm Hội trường UBND tỉnh, Thành phố Hạ Long Đơn vị Sở Giáo dục và Đào tạo "
        "Chiến dịch Tuần lễ học tập suốt đời",
        "Tọa đàm ngoại ngữ Thời gian Chủ Nhật, 03/10/2021, 14:00 Địa điểm thành phố Hạ Long "
        "Chiến dịch Tuần lễ học tập suốt đời"]
    anchors = re.findall(r'<a href="../campaigns/tuan-le/index.html#(a-[0-9a-f]{12})">', box)
    page = read(out, "campaigns/tuan-le/index.html")
    assert len(anchors) == 2 and all(f'id="{a}"' in page for a in anchors)


def test_the_english_interface(make_site, build_site):
    out = example(make_site, build_site, config=CONFIG + "language: en\n")
    text = text_of(main_of(read(out, "campaigns/tuan-le/index.html")))
    assert "Ended 07/10/2021" in text and "Schedule of activities" in text and "Friday, 1 October 2021" in text
    assert "3 activities 2 localities 1 key activities 1 reports published" in text


def test_a_campaign_without_activities(make_site, build_site):
    campaign = "title: Sắp có\nstart: 2027-01-01\nend: 2027-01-01\n"
    out = build_site(make_site({"content/campaigns/sap-co.yaml": campaign}, config=CONFIG))
    html = main_of(read(out, "campaigns/sap-co/index.html"))
    assert '<p class="empty">Chưa có lịch hoạt động.</p>' in html
    assert "<form" not in html and 'class="counts"' not in html
    assert "Sắp diễn ra: bắt đầu 01/01/2027" in html
    ics = read(out, "campaigns/sap-co/sap-co.ics")
    assert "BEGIN:VCALENDAR" in ics and "VEVENT" not in ics


def test_the_example_site_builds_without_a_warning(tmp_path):
    from conftest import EXAMPLE_NOW, REPO
    from generator.pipeline import BuildOptions, build
    result = build(REPO, tmp_path / "public", BuildOptions(now=EXAMPLE_NOW, strict=True))
    assert result.warnings == []
    calendars = list((tmp_path / "public/campaigns").glob("*/*.ics"))
    assert len(calendars) == len(list((REPO / "content/campaigns").glob("*.yaml"))) >= 2
