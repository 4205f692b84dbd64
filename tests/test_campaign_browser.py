"""Campaign pages in Chromium, from file:// and over http under a sub-path, on the reader's day.

The example site is built as of 28/11/2026: the Lifelong Learning Week (01–07/10/2021) has
ended and the road-safety month (01–31/12/2026) is upcoming. "Today" is mocked in the browser.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from conftest import file_url, save_screenshot

WEEK = "campaigns/tuan-le-hoc-tap-suot-doi-2021/index.html"
MONTH = "campaigns/thang-an-toan-giao-thong-2026/index.html"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(params=["file", "http"])
def site(request, example_public, example_http):
    """(address of a page, prefix every request must stay under) for both ways of reading the site."""
    if request.param == "file":
        return (lambda path: file_url(example_public / path.split("#")[0]) + _fragment(path),
                example_public.as_uri())
    return (lambda path: example_http + path, example_http)


def _fragment(path: str) -> str:
    return "#" + path.split("#", 1)[1] if "#" in path else ""


@pytest.fixture
def visit(open_page, site):
    """Open a page of the example site, optionally on a given day (site time zone)."""
    address, prefix = site

    def open_(path: str, today: datetime | None = None, **options):
        page, watch = open_page("about:blank", prefix, **options)
        if today is not None:
            page.clock.set_fixed_time(today.replace(tzinfo=TZ))
        page.goto(address(path))
        return page, watch

    return open_


def visible_rows(page) -> list[dict]:
    return page.eval_on_selector_all(
        "li.activity", "rows => rows.filter(r => r.offsetParent !== null).map(r => ({"
        "locality: r.dataset.locality, type: r.dataset.type, key: r.dataset.key}))")


# ---------------------------------------------------------------- filters


def test_filters_combine_and_are_kept_in_the_fragment(visit):
    page, watch = visit(WEEK)
    total = len(visible_rows(page))
    assert total == page.locator("li.activity").count() > 20
    assert page.locator("form.filters").is_visible()

    page.select_option("select[name=locality]", "huyen-hai-ha")
    rows = visible_rows(page)
    assert len(rows) == 2 and {r["locality"] for r in rows} == {"huyen-hai-ha"}
    assert page.evaluate("location.hash") == "#locality=huyen-hai-ha"
    assert page.locator(".filter-result").inner_text() == f"Đang hiện 2/{total} hoạt động"

    page.check("input[name=key]")
    assert visible_rows(page) == [{"locality": "huyen-hai-ha", "type": "toa-dam", "key": "1"}]
    assert page.evaluate("location.hash") == "#locality=huyen-hai-ha&key=1"

    page.uncheck("input[name=key]")
    page.select_option("select[name=type]", "trung-bay")
    assert visible_rows(page) == [{"locality": "huyen-hai-ha", "type": "trung-bay", "key": "0"}]
    assert page.evaluate("location.hash") == "#locality=huyen-hai-ha&type=trung-bay"
    # days without a matching activity are hidden with their heading
    assert page.locator(".schedule-day:visible").count() == 1

    page.select_option("select[name=locality]", "")
    rows = visible_rows(page)
    assert len(rows) == 2 and {r["type"] for r in rows} == {"trung-bay"}
    assert page.evaluate("location.hash") == "#type=trung-bay"

    page.click("button[type=reset]")
    page.wait_for_function("document.querySelectorAll('li.activity[hidden]').length === 0")
    assert len(visible_rows(page)) == total and page.evaluate("location.hash") == ""
    assert page.locator(".filter-result").is_hidden()
    save_screenshot(page, "campaign-filters")
    watch.assert_clean()


def test_a_shared_filtered_address_opens_filtered(visit):
    page, watch = visit(WEEK + "#type=toa-dam&key=1")
    rows = visible_rows(page)
    assert rows and all(r["type"] == "toa-dam" and r["key"] == "1" for r in rows)
    assert page.input_value("select[name=type]") == "toa-dam" and page.is_checked("input[name=key]")
    assert page.input_value("select[name=locality]") == ""
    # going to another shared view on the same page (hashchange) applies it
    page.evaluate("location.hash = '#locality=huyen-co-to'")
    page.wait_for_function("document.querySelector('select[name=locality]').value === 'huyen-co-to'")
    assert {r["locality"] for r in visible_rows(page)} == {"huyen-co-to"}
    watch.assert_clean()


def test_a_link_to_an_activity_that_the_filters_hide_shows_it(visit):
    page, watch = visit(WEEK + "#locality=huyen-co-to")
    hidden = page.locator("li.activity[data-locality=huyen-hai-ha]").first
    anchor = hidden.get_attribute("id")
    assert hidden.is_hidden()
    page.evaluate(f"location.hash = '#{anchor}'")
    page.wait_for_function(f"!document.getElementById('{anchor}').closest('[hidden]')")
    assert page.input_value("select[name=locality]") == ""
    assert page.locator("li.activity[hidden]").count() == 0
    watch.assert_clean()


def test_a_filter_that_matches_nothing_says_so_and_unknown_values_are_ignored(visit):
    page, watch = visit(WEEK + "#locality=huyen-co-to&type=hoi-thao")
    assert visible_rows(page) == []
    assert page.locator(".filter-none").inner_text() == "Không có hoạt động nào phù hợp."
    page.goto(page.url.split("#")[0] + "#locality=khong-co&type=toa-dam")
    page.wait_for_function("document.querySelector('select[name=type]').value === 'toa-dam'")
    assert page.input_value("select[name=locality]") == ""
    assert {r["type"] for r in visible_rows(page)} == {"toa-dam"}
    watch.assert_clean()


def test_without_javascript_the_whole_schedule_shows(visit):
    page, watch = visit(WEEK + "#locality=huyen-co-to", java_script_enabled=False)
    assert len(visible_rows(page)) == page.locator("li.activity").count() > 20
    assert page.locator("form.filters").is_hidden()
    assert page.locator(".campaign-status").inner_text() == "Đã kết thúc ngày 07/10/2021"
    watch.assert_clean()


# ---------------------------------------------------------------- status on the reader's day


@pytest.mark.parametrize("today, kind, text", [
    (datetime(2026, 11, 30, 23, 59), "upcoming", "Sắp diễn ra: bắt đầu 01/12/2026"),
    (datetime(2026, 12, 1, 0, 1), "running", "Đang diễn ra: ngày 1/31"),
    (datetime(2026, 12, 3, 10, 0), "running", "Đang diễn ra: ngày 3/31"),
    (datetime(2026, 12, 31, 22, 0), "running", "Đang diễn ra: ngày 31/31"),
    (datetime(2027, 1, 1, 0, 30), "ended", "Đã kết thúc ngày 31/12/2026"),
])
def test_the_status_is_as_of_the_readers_day(visit, today, kind, text):
    page, watch = visit(MONTH, today)
    status = page.locator(".campaign-head .campaign-status")
    assert status.inner_text() == text and status.get_attribute("data-status") == kind
    watch.assert_clean()


def test_the_status_uses_the_sites_time_zone(visit):
    # 23:30 on 30/11 in UTC is already 06:30 on 01/12 in Ha Noi, where the campaign happens.
    page, watch = visit(MONTH, datetime(2026, 12, 1, 6, 30), timezone_id="UTC")
    assert page.locator(".campaign-head .campaign-status").inner_text() == "Đang diễn ra: ngày 1/31"
    watch.assert_clean()


def test_the_status_without_javascript_is_the_builds(visit):
    page, watch = visit(MONTH, datetime(2026, 12, 3, 10, 0), java_script_enabled=False)
    assert page.locator(".campaign-head .campaign-status").inner_text() == "Sắp diễn ra: bắt đầu 01/12/2026"
    watch.assert_clean()


def test_the_schedule_marks_past_days_and_today(visit):
    page, watch = visit(MONTH, datetime(2026, 12, 5, 9, 0))
    past = page.eval_on_selector_all(".schedule-day.is-past", "s => s.map(d => d.dataset.date)")
    today = page.eval_on_selector_all(".schedule-day.is-today", "s => s.map(d => d.dataset.date)")
    assert past == ["2026-12-01", "2026-12-03"] and today == ["2026-12-05"]
    watch.assert_clean()


def test_the_campaigns_index_orders_and_labels_by_the_readers_day(visit):
    def shown(page):
        return page.eval_on_selector_all(".campaign-card", "cards => cards.map(c => [c.dataset.id, "
                                         "c.querySelector('.campaign-status').textContent])")

    page, watch = visit("campaigns/index.html")  # the build's order: upcoming before ended
    assert [c[0] for c in shown(page)][:2] == ["thang-an-toan-giao-thong-2026", "tuan-le-hoc-tap-suot-doi-2021"]
    page, watch = visit("campaigns/index.html", datetime(2021, 10, 3, 9, 0))
    assert shown(page)[:2] == [["tuan-le-hoc-tap-suot-doi-2021", "Đang diễn ra: ngày 3/7"],
                               ["thang-an-toan-giao-thong-2026", "Sắp diễn ra: bắt đầu 01/12/2026"]]
    watch.assert_clean()


def test_an_article_of_a_campaign_shows_its_status_on_the_readers_day(visit):
    page, watch = visit("articles/ke-hoach-thang-atgt-2026.html", datetime(2026, 12, 10, 9, 0))
    box = page.locator(".campaign-box")
    assert "Tháng cao điểm an toàn giao thông cho học sinh" in box.inner_text()
    assert box.locator(".campaign-status").inner_text() == "Đang diễn ra: ngày 10/31"
    watch.assert_clean()


# ---------------------------------------------------------------- the work calendar


def calendar_days(page) -> list[str]:
    return page.eval_on_selector_all(".schedule-day", "s => s.filter(d => !d.hidden).map(d => d.dataset.date)")


def sidebar_items(page) -> list[str]:
    return page.eval_on_selector_all("[data-upcoming] li", "items => items.filter(i => !i.hidden)"
                                     ".map(i => i.querySelector('time').textContent)")


def test_the_calendar_and_sidebar_as_of_the_build(visit):
    page, watch = visit("calendar/index.html", datetime(2026, 11, 28, 12, 0))
    days = calendar_days(page)
    assert days[0] == "2026-12-01" and len(days) == 8
    assert page.locator(".work-calendar-page > .empty").is_hidden()
    assert sidebar_items(page) == ["01/12/2026 08:00", "03/12/2026 14:00", "05/12/2026",
                                   "08/12/2026 08:00", "10/12/2026 20:00"]
    watch.assert_clean()


def test_the_calendar_and_sidebar_drop_what_has_passed_for_the_reader(visit):
    page, watch = visit("calendar/index.html", datetime(2026, 12, 16, 8, 0))
    assert calendar_days(page) == ["2026-12-18", "2026-12-29"]
    assert sidebar_items(page) == ["18/12/2026 09:00", "29/12/2026 14:00"]
    anchor = page.locator("[data-upcoming] li a").first.get_attribute("href").split("#")[1]
    page.locator("[data-upcoming] li a").first.click()
    page.wait_for_load_state()
    assert page.url.split("/")[-2:] == [MONTH.split("/")[1], f"index.html#{anchor}"]
    assert page.locator("li.activity:target").inner_text().startswith("09:00–10:30")
    watch.assert_clean()


def test_the_calendar_is_empty_when_nothing_is_upcoming(visit):
    page, watch = visit("calendar/index.html", datetime(2027, 1, 5, 8, 0))
    assert calendar_days(page) == []
    assert page.locator(".work-calendar-page > .empty").inner_text() == "Lịch công tác trống"
    assert sidebar_items(page) == []
    assert page.locator("[data-upcoming] .empty").inner_text() == "Lịch công tác trống"
    assert page.locator("[data-upcoming] ul").is_hidden()
    save_screenshot(page, "calendar-empty")
    watch.assert_clean()


def test_the_sidebar_without_javascript_is_the_builds(visit):
    page, watch = visit("index.html", datetime(2027, 1, 5, 8, 0), java_script_enabled=False)
    assert sidebar_items(page)[0] == "01/12/2026 08:00"
    watch.assert_clean()


# ---------------------------------------------------------------- the report box


def test_the_report_box_shows_the_activity_and_leads_to_it(visit):
    page, watch = visit("articles/khai-mac-tuan-le-2021.html")
    box = page.locator(".report-box")
    text = box.inner_text()
    assert "Bài viết đưa tin về hoạt động" in text
    assert "Lễ khai mạc Tuần lễ hưởng ứng học tập suốt đời năm 2021" in text
    assert re.search(r"Thời gian:?\s*Thứ Sáu, 01/10/2021, 09:00–11:00", text)
    assert re.search(r"Địa điểm:?\s*Hội trường UBND tỉnh, Thành phố Hạ Long", text)
    box.scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")  # the lazy photos near the box, before leaving the page
    watch.assert_clean()
    box.locator(".report-title a").click()
    page.wait_for_load_state()
    target = page.locator("li.activity:target")
    assert "Lễ khai mạc Tuần lễ hưởng ứng học tập suốt đời năm 2021" in target.inner_text()
    assert target.get_attribute("data-key") == "1"
    # the anchor is not a filter: the whole schedule stays in view
    assert page.locator("li.activity[hidden]").count() == 0
    watch.assert_clean()


def test_the_campaign_page_on_a_phone(visit):
    page, watch = visit(WEEK + "#locality=thanh-pho-ha-long", width=360, height=740)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    save_screenshot(page, "campaign-phone")
    watch.assert_clean()
