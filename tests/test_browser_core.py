"""The example site in Debian's Chromium, over file:// and over http://127.0.0.1 under /tin-tuc/."""

from __future__ import annotations

import functools
import http.server
import threading
from urllib.parse import urljoin

import pytest
from conftest import SUB_PATH, _SubPathHandler, file_url, save_screenshot

SEED = "articles/khai-mac-tuan-le-2021.html"
SEED_TITLE = "Khai mạc Tuần lễ hưởng ứng học tập suốt đời năm 2021"


@pytest.fixture(params=["file", "http"])
def origin(request, example_public):
    """(base URL of the site, prefix every request must start with) for each way a reader opens it."""
    if request.param == "file":
        base = file_url(example_public) + "/"
        return base, base
    base = request.getfixturevalue("example_http")
    return base, base


def load_lazy_images(page) -> None:
    """Scroll every image into view (lazy ones load only then) and wait until all are in."""
    for image in page.locator("img").all():
        image.scroll_into_view_if_needed()
    page.wait_for_function("[...document.images].every(i => i.complete)")
    page.evaluate("window.scrollTo(0, 0)")


def menu_links(page) -> list[tuple[str, str]]:
    return page.eval_on_selector_all(
        "nav.site-menu a", "links => links.map(a => [a.textContent.trim(), a.href])")


@pytest.mark.parametrize("path, heading", [("index.html", "Tin mới nhất"), (SEED, SEED_TITLE)],
                         ids=["home", "seed-article"])
def test_page_opens_cleanly(open_page, origin, path, heading):
    base, prefix = origin
    page, watch = open_page(base + path, prefix)
    page.wait_for_load_state("load")
    assert page.locator("main h1").first.inner_text() == heading
    assert page.evaluate("document.documentElement.lang") == "vi"
    load_lazy_images(page)
    assert page.evaluate("[...document.images].filter(i => i.naturalWidth === 0).map(i => i.src)") == []
    watch.assert_clean()


def test_seed_article_shows_figures_gallery_and_byline(open_page, origin):
    base, prefix = origin
    page, watch = open_page(base + SEED, prefix)
    assert page.locator("main time").first.inner_text() == "01/10/2021 09:43"
    captions = page.locator("main .body figure figcaption").all_inner_texts()
    assert captions and captions[0].startswith("Quang cảnh Lễ khai mạc")
    assert page.locator(".gallery figure").count() >= 3
    assert page.locator(".byline").inner_text() == \
        "Phạm Thị Nhàn - Phòng Giáo dục thường xuyên và Giáo dục Mầm non"
    watch.assert_clean()


@pytest.mark.parametrize("start", ["index.html", SEED], ids=["from-home", "from-article"])
def test_every_menu_link_opens_a_clean_page(open_page, origin, start):
    base, prefix = origin
    page, watch = open_page(base + start, prefix)
    links = menu_links(page)
    assert links[0][0] == "Trang chủ"
    internal = [index for index, (_, href) in enumerate(links) if href.startswith(prefix)]
    assert len(internal) >= 3
    for index in internal:
        href = links[index][1]
        assert not href.endswith("/"), href
        page.wait_for_load_state("networkidle")  # leaving earlier would abort image requests
        page.locator("nav.site-menu a").nth(index).click()
        page.wait_for_load_state("networkidle")  # the favicon is fetched after load: leaving earlier aborts it
        assert page.url == href
        assert page.locator("main h1").count() == 1, href
        watch.assert_clean()
        page.goto(base + start)


def test_pagination_and_article_links_work(open_page, origin):
    base, prefix = origin
    page, watch = open_page(base + "index.html", prefix)
    page.wait_for_load_state("networkidle")
    page.click("nav.pagination a[rel=next]")
    page.wait_for_load_state("networkidle")
    assert page.url == base + "page-2.html"
    page.click("main article.teaser h2 a >> nth=0")
    page.wait_for_load_state("load")
    assert page.url.startswith(base + "articles/")
    watch.assert_clean()


def test_works_without_javascript(open_page, origin):
    base, prefix = origin
    page, watch = open_page(base + SEED, prefix, java_script_enabled=False)
    assert page.locator("main h1").inner_text() == SEED_TITLE
    assert page.locator("nav.site-menu a").count() >= 3
    assert page.locator("aside .work-calendar h2").text_content() == "Lịch công tác"
    watch.assert_clean()


@pytest.mark.parametrize("width, height, name", [(360, 800, "phone"), (1280, 900, "desktop")])
@pytest.mark.parametrize("path, label", [("index.html", "home"), (SEED, "article")], ids=["home", "article"])
def test_screenshots_and_no_sideways_scrolling(open_page, example_public, width, height, name, path, label):
    page, watch = open_page(file_url(example_public / path), file_url(example_public), width=width, height=height)
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    load_lazy_images(page)
    shot = save_screenshot(page, f"core-{label}-{name}")
    assert shot.stat().st_size > 10_000
    watch.assert_clean()


def test_phone_puts_the_article_before_the_sidebar(open_page, example_public):
    page, _ = open_page(file_url(example_public / SEED), file_url(example_public), width=360, height=800)
    main = page.locator("main").bounding_box()
    aside = page.locator("aside.sidebar").bounding_box()
    assert aside["y"] >= main["y"] + main["height"]
    desktop, _ = open_page(file_url(example_public / SEED), file_url(example_public), width=1280, height=900)
    main = desktop.locator("main").bounding_box()
    aside = desktop.locator("aside.sidebar").bounding_box()
    assert aside["x"] >= main["x"] + main["width"] and aside["y"] < main["y"] + 50


def test_keyboard_focus_is_visible_and_skip_link_works(open_page, example_public):
    page, watch = open_page(file_url(example_public / SEED), file_url(example_public))
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => { const e = document.activeElement, s = getComputedStyle(e);
        return [e.className, s.outlineStyle, s.outlineWidth, e.getBoundingClientRect().left >= 0]; }""")
    assert focused == ["skip-link", "solid", "3px", True]
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"
    page.keyboard.press("Tab")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    watch.assert_clean()


def test_print_shows_the_article_without_menu_or_sidebar(open_page, example_public):
    page, _ = open_page(file_url(example_public / SEED), file_url(example_public))
    page.emulate_media(media="print")
    assert page.locator("nav.site-menu").is_hidden()
    assert page.locator("aside.sidebar").is_hidden()
    assert page.locator("main h1").is_visible() and page.locator(".byline").is_visible()
    assert page.locator(".gallery").is_visible()


class _HostWith404(_SubPathHandler):
    """A host that answers every missing URL with the site's 404.html, as static hosts do."""

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = (self.directory_path / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_404_page_is_styled_at_any_depth(open_page, example_public):
    handler = functools.partial(type("H", (_HostWith404,), {"directory_path": example_public}),
                                directory=str(example_public))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"
    try:
        missing = urljoin(base, "tin/cu/khong-con/bai-viet.html")
        page, watch = open_page(missing, base)
        assert page.locator("main h1").inner_text() == "Không tìm thấy trang"
        # Styled although assets/style.css is not next to it: the header has the theme's colour.
        assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor") \
            == "rgb(11, 79, 138)"
        assert watch.failed == [f"{missing} (404)"]  # the page itself, and nothing it loads
        assert watch.outside == []
        # Chromium reports the page's own 404 status; nothing else may fail.
        assert watch.console_errors == ["Failed to load resource: the server responded with a status of 404 (Not Found)"]
    finally:
        server.shutdown()
