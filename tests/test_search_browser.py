"""Search in a real browser, from file:// and over http under a sub-path: the reader's view.

A small site with known articles is built once; each test opens the search page with a
query in the URL (as a bookmark would) or types into a form, and reads what the page shows.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import quote

import pytest

from conftest import EXAMPLE_NOW, article, file_url, save_screenshot, serve_folder, write_files
from generator.pipeline import BuildOptions, build

CONFIG = """\
title: Sở Giáo dục thử
base_url: https://example.org/tin-tuc/
per_page: 3
menu:
  - {title: Trang chủ, home: true}
"""
GDTX = "Giáo dục thường xuyên"
NEWS = "Tin tức - Sự kiện"

ARTICLES = {
    "khai-mac": article("Khai mạc Tuần lễ hưởng ứng học tập suốt đời năm 2021", "2021-10-01 09:43",
                        "Lễ khai mạc diễn ra tại Hội trường tỉnh, kết nối 13 điểm cầu.",
                        category=GDTX, campaign="tuan-le-2021"),
    "tong-ket": article("Tổng kết Tuần lễ học tập suốt đời", "2021-10-20 10:00",
                        "Hơn 1.100 hoạt động đã diễn ra trên toàn tỉnh.", category=GDTX, campaign="tuan-le-2021"),
    "tham-truong": article("Đồng chí Giám đốc Sở thăm trường vùng cao", "2022-03-01 08:00",
                           "Đoàn công tác tặng sách và thiết bị dạy học cho nhà trường.", category=NEWS),
    "nam-hoc-moi": article(
        "Chuẩn bị năm học mới 2023-2024", "2023-08-20 08:00",
        "Các nhà trường rà soát cơ sở vật chất, sách giáo khoa và đội ngũ giáo viên trước ngày tựu trường. "
        "Ngành giáo dục tiếp tục triển khai nhiều mô hình nhằm xây dựng xã hội học tập và khuyến khích "
        "học tập suốt đời trong cộng đồng, gắn với chuyển đổi số.", category=NEWS),
    "thang-muoi": article("Hội thi giáo viên dạy giỏi", "2021-10-15 14:00", "Hội thi cấp tỉnh.", category=NEWS),
    "doc-sach": article("Ngày hội đọc sách", "2021-10-05 08:00", "Thư viện mở cửa miễn phí.", category=GDTX),
    "cu": article("Tổng kết năm học 2019-2020", "2020-06-01 08:00", "Báo cáo tổng kết.", category=GDTX),
    "dai": article("Bài dài", "2018-05-05 08:00",
                   "Ǆụ ǅo ﬁn " * 120 + "rồi mới đến cụm từ khóa hiếm ở giữa bài, " + "sau đó là phần đuôi. " * 40,
                   category=NEWS),
    "xss": article('"Tiêu đề <img src=x onerror=window.__xss=1> & <b>đậm</b>"', "2019-01-01 08:00",
                   "Nội dung có thẻ <script>window.__xss2=1</script> trong bài.", category=NEWS),
}
CAMPAIGN = """\
title: Tuần lễ hưởng ứng học tập suốt đời 2021
start: 2021-10-01
end: 2021-10-07
"""


@pytest.fixture(scope="module")
def search_public(tmp_path_factory):
    site = tmp_path_factory.mktemp("search") / "site"
    files = {f"content/articles/{slug}.md": text for slug, text in ARTICLES.items()}
    files["content/campaigns/tuan-le-2021.yaml"] = CAMPAIGN
    files["content/pages/lien-he.md"] = "---\ntitle: Liên hệ\n---\nĐịa chỉ: số 1 đường Hạ Long.\n"
    write_files(site, {"site.yaml": CONFIG, **files})
    build(site, site / "public", BuildOptions(now=EXAMPLE_NOW))
    return site / "public"


@pytest.fixture(scope="module", params=["file", "http"])
def site_url(request, search_public):
    """(base URL of the site ending in '/', prefix every request must start with)."""
    if request.param == "file":
        base = file_url(search_public) + "/"
        yield base, base
        return
    server, base = serve_folder(search_public)
    yield base, base
    server.shutdown()


def open_search(open_page, site_url, query: str = "", **options):
    base, prefix = site_url
    page, watch = open_page(f"{base}search/index.html{query}", prefix, **options)
    if options.get("java_script_enabled", True):
        page.wait_for_selector("#loa-search.search-done")
    return page, watch


def titles(page) -> list[str]:
    page.wait_for_selector("#loa-search.search-done")
    return page.locator(".search-result h2").all_inner_texts()


def test_without_diacritics_finds_text_with_them_title_matches_first(open_page, site_url):
    page, watch = open_search(open_page, site_url, "?q=hoc+tap+suot+doi")
    assert titles(page) == [
        "Tổng kết Tuần lễ học tập suốt đời",  # the phrase in the title, newest first
        "Khai mạc Tuần lễ hưởng ứng học tập suốt đời năm 2021",
        "Chuẩn bị năm học mới 2023-2024",  # newer, but the phrase is only in its text
    ]
    marks = page.locator(".search-result").first.locator("h2 mark").all_inner_texts()
    assert marks == ["học", "tập", "suốt", "đời"]
    assert page.locator(".search-status").inner_text() == "3 kết quả"
    assert page.title().startswith("hoc tap suot doi – Tìm kiếm")
    watch.assert_clean()


@pytest.mark.parametrize("query", ["dong chi", "Đồng chí", "ĐỒNG CHÍ",
                                   unicodedata.normalize("NFD", "đồng chí")])
def test_with_or_without_diacritics_nfc_or_nfd(open_page, site_url, query):
    page, watch = open_search(open_page, site_url, "?q=" + quote(query))
    assert titles(page) == ["Đồng chí Giám đốc Sở thăm trường vùng cao"]
    assert page.locator(".search-result h2 mark").all_inner_texts() == ["Đồng", "chí"]
    watch.assert_clean()


def test_snippet_shows_the_match_highlighted(open_page, site_url):
    page, watch = open_search(open_page, site_url, "?q=hoc+tap+suot+doi")
    result = page.locator(".search-result").nth(2)
    snippet = result.locator(".snippet")
    text = snippet.inner_text()
    assert text.startswith("…") and "học tập suốt đời" in text
    marks = snippet.locator("mark").all_inner_texts()
    phrase = ["học", "tập", "suốt", "đời"]
    assert any(marks[i:i + 4] == phrase for i in range(len(marks))), marks
    assert result.locator("time").get_attribute("datetime") == "2023-08-20T08:00:00+07:00"
    assert result.locator("time").inner_text() == "20/08/2023 08:00"
    assert result.locator(".meta a").inner_text() == NEWS
    result.locator("h2 a").click()
    page.wait_for_load_state()
    assert page.url.endswith("articles/nam-hoc-moi.html")
    assert page.locator("h1").inner_text() == "Chuẩn bị năm học mới 2023-2024"
    watch.assert_clean()


def test_snippet_of_a_long_text_marks_the_words_where_they_are(open_page, site_url):
    page, watch = open_search(open_page, site_url, "?q=tu+khoa+hiem")
    assert titles(page) == ["Bài dài"]
    snippet = page.locator(".search-result .snippet")
    assert snippet.locator("mark").all_inner_texts() == ["từ", "khóa", "hiếm"]
    text = snippet.inner_text()
    assert text.startswith("…") and text.endswith("…") and len(text) < 260
    watch.assert_clean()


def test_filters_alone_everything_in_october_2021_in_a_category(open_page, site_url):
    page, watch = open_search(open_page, site_url,
                              "?category=giao-duc-thuong-xuyen&from=2021-10-01&to=2021-10-31")
    assert titles(page) == ["Tổng kết Tuần lễ học tập suốt đời", "Ngày hội đọc sách",
                            "Khai mạc Tuần lễ hưởng ứng học tập suốt đời năm 2021"]
    assert page.locator("#search-category").input_value() == "giao-duc-thuong-xuyen"
    assert page.locator("#search-from").input_value() == "2021-10-01"
    watch.assert_clean()


def test_campaign_filter_combined_with_text(open_page, site_url):
    page, watch = open_search(open_page, site_url, "?campaign=tuan-le-2021")
    assert titles(page) == ["Tổng kết Tuần lễ học tập suốt đời",
                            "Khai mạc Tuần lễ hưởng ứng học tập suốt đời năm 2021"]
    page, watch2 = open_search(open_page, site_url, "?q=khai+mac&campaign=tuan-le-2021")
    assert titles(page) == ["Khai mạc Tuần lễ hưởng ứng học tập suốt đời năm 2021"]
    watch.assert_clean()
    watch2.assert_clean()


def test_standalone_pages_are_found_by_text_and_left_out_by_filters(open_page, site_url):
    page, watch = open_search(open_page, site_url, "?q=dia+chi+so+1")
    assert titles(page) == ["Liên hệ"]
    result = page.locator(".search-result")
    assert result.locator("time").count() == 0
    assert result.locator("h2 a").get_attribute("href") == "../pages/lien-he.html"
    page, watch2 = open_search(open_page, site_url, "?q=dia+chi+so+1&from=2000-01-01")
    assert titles(page) == []
    watch.assert_clean()
    watch2.assert_clean()


def test_empty_result_says_so(open_page, site_url):
    page, watch = open_search(open_page, site_url, "?q=tau+vu+tru+sao+hoa")
    assert titles(page) == []
    assert page.locator(".search-status").inner_text().startswith("Không tìm thấy")
    page, watch2 = open_search(open_page, site_url, "?q=ngay+hoi+doc+sach&from=2022-01-01")
    assert titles(page) == []
    watch.assert_clean()
    watch2.assert_clean()


def test_bookmarked_query_fills_the_form_and_pages(open_page, site_url):
    page, watch = open_search(open_page, site_url, "?q=tong+ket&category=giao-duc-thuong-xuyen")
    assert page.locator("#search-q").input_value() == "tong ket"
    assert page.locator("#search-category").input_value() == "giao-duc-thuong-xuyen"
    assert titles(page) == ["Tổng kết Tuần lễ học tập suốt đời", "Tổng kết năm học 2019-2020"]
    page, watch2 = open_search(open_page, site_url, "?from=2021-01-01")  # 6 results, 3 a page
    assert page.locator(".search-status").inner_text() == "6 kết quả"
    first = titles(page)
    page.locator(".search-pages a[rel=next]").click()
    page.wait_for_url("**page=2**")  # a new page load: the old one's search-done must not count
    assert "from=2021-01-01" in page.url
    second = titles(page)
    assert len(first) == len(second) == 3 and not set(first) & set(second)
    watch.assert_clean()
    watch2.assert_clean()


def test_the_form_puts_the_query_in_the_url(open_page, site_url):
    page, watch = open_search(open_page, site_url)
    assert page.locator(".search-status").inner_text().startswith("Nhập từ khóa")
    page.locator("#search-q").fill("ngay hoi doc sach")
    page.locator("#search-category").select_option("giao-duc-thuong-xuyen")
    page.locator(".search-form button").click()
    page.wait_for_url("**q=ngay+hoi+doc+sach**")  # a new page load: the old one's search-done must not count
    assert page.url.endswith("search/index.html?q=ngay+hoi+doc+sach&category=giao-duc-thuong-xuyen")
    assert titles(page) == ["Ngày hội đọc sách"]
    watch.assert_clean()


def test_header_box_on_every_page_leads_to_results(open_page, site_url):
    base, prefix = site_url
    page, watch = open_page(f"{base}articles/cu.html", prefix)
    page.locator(".site-search input[name=q]").fill("thu vien")
    page.locator(".site-search button").click()
    page.wait_for_selector("#loa-search.search-done")
    assert "search/index.html?q=thu+vien" in page.url
    assert titles(page) == ["Ngày hội đọc sách"]
    watch.assert_clean()


def test_editors_text_is_shown_never_run(open_page, site_url):
    page, watch = open_search(open_page, site_url, "?q=tieu+de")
    assert titles(page) == ['Tiêu đề <img src=x onerror=window.__xss=1> & <b>đậm</b>']
    assert page.locator(".search-result img, .search-result b").count() == 0
    assert page.evaluate("window.__xss === undefined && window.__xss2 === undefined")
    watch.assert_clean()


def test_without_javascript_the_page_says_so_and_links_to_the_archive(open_page, site_url):
    page, watch = open_search(open_page, site_url, "?q=hoc", java_script_enabled=False)
    assert page.locator(".notice").is_visible()
    assert "JavaScript" in page.locator(".notice").inner_text()
    assert page.locator(".notice a").get_attribute("href") == "../archive/index.html"
    assert not page.locator(".search-form").is_visible()
    watch.assert_clean()


def test_phone_width_screenshot(open_page, site_url):
    page, watch = open_search(open_page, site_url, "?q=hoc+tap", width=390, height=844)
    titles(page)
    save_screenshot(page, f"search-phone-{'file' if site_url[0].startswith('file') else 'http'}")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    watch.assert_clean()


def test_a_missing_index_file_fails_with_a_message(make_site, build_site, open_page):
    public = build_site(make_site({"content/articles/a.md": article("Ngày hội đọc sách", body="Thư viện.")}))
    for doc in (public / "search/docs").iterdir():
        doc.unlink()
    page, watch = open_page(file_url(public / "search/index.html") + "?q=doc+sach", file_url(public))
    page.wait_for_selector("#loa-search.search-failed")
    assert page.locator(".search-status").inner_text().startswith("Không tải được")
    assert watch.outside == []
    assert all("Failed to load resource" in error for error in watch.console_errors), watch.console_errors
    assert [url for url in watch.failed if "search/docs/0.js" in url]


@pytest.mark.parametrize("where", ["file", "http"])
def test_the_example_site_answers_without_diacritics(example_public, example_http, open_page, where):
    from generator.search_index import fold

    base = file_url(example_public) + "/" if where == "file" else example_http
    page, watch = open_page(f"{base}search/index.html?q=hoc+tap+suot+doi", base)
    found = titles(page)
    assert found and "hoc tap suot doi" in fold(found[0])
    assert page.locator(".search-result .snippet mark").count() > 0
    page.goto(f"{base}search/index.html?category=giao-duc-thuong-xuyen")
    assert titles(page)
    assert set(page.locator(".search-result .meta a").all_inner_texts()) == {GDTX}
    watch.assert_clean()
