"""The live preview in a real browser: an open tab reloads by itself, shows errors, and clears them."""

from __future__ import annotations

import re
import threading
import time
import urllib.request

from conftest import EXAMPLE_NOW, article
from livesite import Preview
from playwright.sync_api import expect

from generator.errors import problem
from generator.pipeline import BuildOptions, EarlyPages, build

WAIT_MS = 30_000  # generous for a shared machine; the tests assert what happens, not how fast

ARTICLE = "content/articles/2021/bai-mot.md"


def _site(make_site, **extra):
    return make_site({
        ARTICLE: article("Tiêu đề cũ", category="Tin tức", body="Đoạn văn cũ."),
        "content/articles/2021/bai-hai.md": article("Bài hai", date="2021-10-02 08:00", category="Tin tức"),
        **extra,
    })


def _only_poll_failures(watch, base: str) -> None:
    """A reload aborts what the page had in flight (the pending long poll; when a page shown early is
    reloaded again as built, perhaps an icon); nothing else may fail."""
    assert watch.console_errors == []
    assert watch.outside == []
    assert [f for f in watch.failed if not f.startswith(base + "__loa__/poll")
            and not f.endswith("(net::ERR_ABORTED)")] == []


def test_an_edit_reloads_the_open_tab_by_itself(make_site, open_page, tmp_path):
    site = _site(make_site)
    out = tmp_path / "preview-out"
    with Preview(site, "--out", str(out)) as preview:
        page, watch = open_page(preview.url + "articles/bai-mot.html", preview.url)
        expect(page.locator("article h1")).to_have_text("Tiêu đề cũ")
        page.evaluate("window.loaTestMarker = 'still the first load'")

        (site / ARTICLE).write_text(article("Tiêu đề mới", category="Tin tức", body="Đoạn văn mới."), encoding="utf-8")
        expect(page.locator("article h1")).to_have_text("Tiêu đề mới", timeout=WAIT_MS)
        expect(page.locator("article .body")).to_contain_text("Đoạn văn mới")
        assert page.evaluate("window.loaTestMarker") is None  # the page was reloaded, not patched

        config = (site / "site.yaml").read_text(encoding="utf-8")
        (site / "site.yaml").write_text(config.replace("Trang thử", "Trang đã đổi tên"), encoding="utf-8")
        expect(page.locator(".site-title")).to_have_text("Trang đã đổi tên", timeout=WAIT_MS)

        preview.wait_for(r"Built ")  # the site as the tab shows it is written
        served = urllib.request.urlopen(preview.url + "articles/bai-mot.html", timeout=30).read().decode()
        on_disk = (out / "articles/bai-mot.html").read_text(encoding="utf-8")
        assert 'id="loa-livereload"' in served
        assert "loa-livereload" not in on_disk and "__loa__" not in on_disk
        _only_poll_failures(watch, preview.url)


def test_a_broken_file_shows_an_overlay_until_it_is_fixed(make_site, open_page):
    site = _site(make_site)
    with Preview(site) as preview:
        page, watch = open_page(preview.url + "articles/bai-mot.html", preview.url)
        expect(page.locator("#loa-overlay")).to_have_count(0)

        (site / ARTICLE).write_text("---\ntitle: Tiêu đề hỏng\ndate: 2021-02-31 09:00\n---\nThân bài.\n",
                                    encoding="utf-8")
        overlay = page.locator("#loa-overlay")
        expect(overlay).to_be_visible(timeout=WAIT_MS)
        expect(overlay.locator("h2")).to_have_text("The site could not be rebuilt: the last good version is shown")
        expect(overlay.locator(".loa-where")).to_have_text(["content/articles/2021/bai-mot.md:3"])
        expect(overlay.locator(".loa-message")).to_have_text(
            ["'date': there is no such day as '2021-02-31 09:00'; check the day and month (2021-10-01 09:43)"])
        expect(page.locator("article h1")).to_have_text("Tiêu đề cũ")  # the last good site, still there
        preview.wait_for(re.escape("content/articles/2021/bai-mot.md:3: error: 'date': there is no such day"))

        page.reload()  # any page opened while the site is broken shows the overlay at once
        expect(page.locator("#loa-overlay .loa-where")).to_have_text(["content/articles/2021/bai-mot.md:3"])
        expect(page.locator("article h1")).to_have_text("Tiêu đề cũ")

        (site / ARTICLE).write_text(article("Đã sửa", category="Tin tức"), encoding="utf-8")
        expect(page.locator("article h1")).to_have_text("Đã sửa", timeout=WAIT_MS)
        expect(page.locator("#loa-overlay")).to_have_count(0)
        _only_poll_failures(watch, preview.url)


def test_a_broken_template_is_shown_with_its_file_and_line(make_site, open_page):
    site = _site(make_site)
    with Preview(site) as preview:
        page, _ = open_page(preview.url + "index.html", preview.url)
        template = site / "templates/partials/teaser.html"
        template.parent.mkdir(parents=True)
        template.write_text("<article>\n{{ item.article.title }\n</article>\n", encoding="utf-8")
        expect(page.locator("#loa-overlay .loa-where")).to_have_text(["templates/partials/teaser.html:2"],
                                                                     timeout=WAIT_MS)
        expect(page.locator("#loa-overlay .loa-message")).to_contain_text(["syntax error in a theme template (unexpected '}')"])
        template.write_text("<article class=\"teaser\"><h3>{{ item.article.title }} (mẫu riêng)</h3></article>\n",
                            encoding="utf-8")
        expect(page.locator("#loa-overlay")).to_have_count(0, timeout=WAIT_MS)
        expect(page.locator("main")).to_contain_text("Bài hai (mẫu riêng)")


def test_drafts_and_scheduled_articles_are_marked_in_the_preview(make_site, open_page):
    site = _site(make_site, **{
        "content/articles/2021/nhap.md": article("Bài nháp", draft="true", category="Tin tức"),
        "content/articles/2099/hen-gio.md": article("Bài hẹn giờ", date="2099-01-01 08:00", category="Tin tức"),
    })
    with Preview(site, "--drafts", "--future") as preview:
        page, _ = open_page(preview.url + "articles/nhap.html", preview.url)
        expect(page.locator("article .preview-badge")).to_have_text("Bản nháp")
        page.goto(preview.url + "articles/hen-gio.html")
        expect(page.locator("article .preview-badge")).to_have_text("Hẹn giờ đăng")
        page.goto(preview.url + "articles/bai-mot.html")
        expect(page.locator(".preview-badge")).to_have_count(0)
        page.goto(preview.url + "index.html")
        expect(page.locator(".teaser .preview-badge")).to_have_text(["Hẹn giờ đăng", "Bản nháp"])


def test_a_page_opened_before_the_first_good_build_shows_the_errors(make_site, open_page):
    site = make_site({ARTICLE: "---\ntitle: Hỏng\ndate: 2021-10-01\nhot: có\n---\n"})
    with Preview(site) as preview:
        page, _ = open_page(preview.url, preview.url)
        expect(page.locator("#loa-overlay .loa-where")).to_have_text(["content/articles/2021/bai-mot.md:4"])
        (site / ARTICLE).write_text(article("Đã sửa"), encoding="utf-8")
        expect(page.locator("#loa-overlay")).to_have_count(0, timeout=WAIT_MS)
        expect(page.locator("main")).to_contain_text("Đã sửa")


def test_the_poll_answers_when_the_site_changes(make_site):
    """The long-poll endpoint: an old version is answered at once, the current one waits for a build."""
    import json
    import threading
    import urllib.request

    site = _site(make_site)
    with Preview(site) as preview:
        first = json.loads(urllib.request.urlopen(preview.url + "__loa__/poll?v=-1", timeout=30).read())
        assert first == {"version": first["version"], "errors": [], "reload": True}
        answer: list[dict] = []
        waiter = threading.Thread(target=lambda: answer.append(json.loads(urllib.request.urlopen(
            preview.url + f"__loa__/poll?v={first['version']}", timeout=60).read())))
        waiter.start()
        time.sleep(0.5)  # let the poll start waiting; it must not answer before the change
        assert answer == []
        (site / ARTICLE).write_text(article("Tiêu đề mới"), encoding="utf-8")
        waiter.join(timeout=60)
        assert answer == [{"version": first["version"] + 1, "errors": [], "reload": True}]


def test_editing_an_article_of_the_example_site_reloads_its_tab(tmp_path, open_page):
    import shutil

    from conftest import REPO

    from generator.config import load_config
    from generator.errors import Report
    from generator.load import load_content
    from generator.pipeline import current_time

    site = tmp_path / "example"
    site.mkdir()
    shutil.copy(REPO / "site.yaml", site / "site.yaml")
    shutil.copytree(REPO / "content", site / "content")
    with Preview(site) as preview:
        page, watch = open_page(preview.url + "index.html", preview.url)
        page.locator(".teaser h2 a").first.click()  # teasers of the home page are h2
        title = page.locator("article h1").inner_text()
        config = load_config(site, Report())
        source = next(site / a.source for a in load_content(config, Report(), current_time()).articles
                      if a.title == title)
        text = source.read_text(encoding="utf-8")
        source.write_text(re.sub(r"^title: .+$", "title: Tiêu đề vừa sửa", text, count=1, flags=re.M),
                          encoding="utf-8")
        expect(page.locator("article h1")).to_have_text("Tiêu đề vừa sửa", timeout=WAIT_MS)
        _only_poll_failures(watch, preview.url)


class _LivePreview:
    """The preview's server run in this process over a folder built by the test, which plays `serve`'s
    part: it builds, and tells the server when pages are shown early and when the build ends."""

    def __init__(self, site, out):
        from generator.server import LiveServer, LiveState

        self.site, self.out = site, out
        self.state = LiveState()
        self.server = LiveServer(("127.0.0.1", 0), out, self.state, "en")
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_until_watched(self, path: str) -> None:
        deadline = time.monotonic() + WAIT_MS / 1000
        while path not in self.state.watched():
            assert time.monotonic() < deadline, f"no tab polls from {path}"
            time.sleep(0.05)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_an_open_page_shows_an_edit_before_the_rest_of_the_site_is_built(make_site, open_page, tmp_path):
    site = _site(make_site, **{"content/pages/gioi-thieu.md": "---\ntitle: Giới thiệu\n---\nTrang giới thiệu.\n"})
    out = tmp_path / "out"
    options = BuildOptions(now=EXAMPLE_NOW, cache=True)
    build(site, out, options)
    preview = _LivePreview(site, out)
    try:
        page, watch = open_page(preview.url + "articles/bai-mot.html", preview.url)
        other, _ = open_page(preview.url + "pages/gioi-thieu.html", preview.url)
        for tab in (page, other):
            tab.evaluate("window.loaTestMarker = 'still the first load'")
        preview.wait_until_watched("articles/bai-mot.html")
        preview.wait_until_watched("pages/gioi-thieu.html")
        (site / ARTICLE).write_text(article("Tiêu đề cũ", category="Tin tức", body="Đoạn văn mới."), encoding="utf-8")

        shown, release, errors = threading.Event(), threading.Event(), []

        def show(pages: dict[str, bytes]) -> None:  # the build waits here until the test has looked
            preview.state.show_early(pages)
            shown.set()
            release.wait(WAIT_MS / 1000)

        def run_build() -> None:
            preview.state.start_build()
            try:
                build(site, out, options, early=EarlyPages(preview.state.watched, show))
            except Exception as exc:  # shown by the assertion below
                errors.append(exc)
            preview.state.finish_build([], preview.state.shown_as_written(out))  # as serve does after text edits

        building = threading.Thread(target=run_build)
        building.start()
        try:
            assert shown.wait(WAIT_MS / 1000)
            expect(page.locator("article .body")).to_contain_text("Đoạn văn mới", timeout=WAIT_MS)
            assert "Đoạn văn cũ" in (out / "articles/bai-mot.html").read_text(encoding="utf-8")  # not written yet
            assert other.evaluate("window.loaTestMarker") == "still the first load"  # its page did not change
            page.evaluate("window.loaTestMarker = 'the early page'")
        finally:
            release.set()
            building.join(WAIT_MS / 1000)
        assert errors == []
        other.wait_for_function("() => window.loaTestMarker === undefined", timeout=WAIT_MS)  # the build reloads it
        # the early page was the page as built: its tab is not reloaded a second time
        assert page.evaluate("window.loaTestMarker") == "the early page"
        expect(page.locator("article .body")).to_contain_text("Đoạn văn mới")
        assert "Đoạn văn mới" in (out / "articles/bai-mot.html").read_text(encoding="utf-8")
        _only_poll_failures(watch, preview.url)
    finally:
        preview.close()


def test_a_page_shown_early_by_a_build_that_fails_goes_back_to_the_last_good_site(make_site, open_page, tmp_path):
    site = _site(make_site)
    out = tmp_path / "out"
    build(site, out, BuildOptions(now=EXAMPLE_NOW))
    preview = _LivePreview(site, out)
    try:
        page, watch = open_page(preview.url + "articles/bai-mot.html", preview.url)
        preview.wait_until_watched("articles/bai-mot.html")
        early = (out / "articles/bai-mot.html").read_bytes().replace("Tiêu đề cũ".encode(), "Tiêu đề sớm".encode())
        preview.state.start_build()
        preview.state.show_early({"articles/bai-mot.html": early})
        expect(page.locator("article h1")).to_have_text("Tiêu đề sớm", timeout=WAIT_MS)
        preview.state.finish_build([problem("error", ARTICLE, 3, "missing_key", key="title")])
        expect(page.locator("article h1")).to_have_text("Tiêu đề cũ", timeout=WAIT_MS)
        expect(page.locator("#loa-overlay .loa-where")).to_have_text(f"{ARTICLE}:3")
        assert watch.console_errors == [] and watch.outside == []
        _only_poll_failures(watch, preview.url)
    finally:
        preview.close()
