"""The optional service worker: visited pages can be read again without a connection."""

from __future__ import annotations

import pytest
from conftest import MINIMAL_CONFIG, article, file_url, serve_folder

from generator.offline import service_worker_script

CONFIG = MINIMAL_CONFIG + "offline:\n  service_worker: true\n"
FILES = {
    "content/articles/a.md": article("Bài một", category="Tin tức"),
    "content/articles/b.md": article("Bài hai", date="2021-10-02 08:00", category="Tin tức"),
    "content/articles/c.md": article("Bài ba", date="2021-10-03 08:00", category="Tin tức"),
}

# Records calls to register(), with a stand-in where the browser has no service workers.
RECORD_REGISTER = """
window.__registered = [];
(function () {
  var real = navigator.serviceWorker;
  var fake = {controller: null, ready: new Promise(function () {}),
              register: function () { return Promise.reject(new Error("no")); }};
  var target = real || fake;
  var register = target.register.bind(target);
  target.register = function (url) { window.__registered.push(String(url)); return register.apply(null, arguments); };
  if (!real) Object.defineProperty(Navigator.prototype, "serviceWorker", {get: function () { return fake; }});
})();
"""


def test_off_by_default(make_site, build_site):
    public = build_site(make_site(FILES))
    assert not (public / "sw.js").exists()
    assert not [p for p in public.rglob("*.html") if "serviceWorker" in p.read_text(encoding="utf-8")]


def test_on_it_is_written_at_the_root_and_registered_by_every_page(make_site, build_site):
    public = build_site(make_site(FILES, config=CONFIG))
    assert (public / "sw.js").read_bytes() == service_worker_script("vi")
    assert '"lang": "vi"' in (public / "sw.js").read_text(encoding="utf-8")
    assert "Không có kết nối mạng" in (public / "sw.js").read_text(encoding="utf-8")
    assert 'register("sw.js")' in (public / "index.html").read_text(encoding="utf-8")
    assert 'register("../sw.js")' in (public / "articles/a.html").read_text(encoding="utf-8")
    assert 'register("../../sw.js")' in (public / "categories/tin-tuc/index.html").read_text(encoding="utf-8")


def test_never_registered_from_file(make_site, build_site, open_page):
    public = build_site(make_site(FILES, config=CONFIG))
    page, watch = open_page("about:blank", public.as_uri())
    page.context.add_init_script(RECORD_REGISTER)
    page.goto(file_url(public / "articles/a.html"))
    assert page.locator("h1").inner_text() == "Bài một"
    assert page.evaluate("window.__registered") == []
    watch.assert_clean()


def offline_text(page) -> str:
    return page.locator("body").inner_text()


@pytest.mark.parametrize("minify", [False, True])
def test_a_visited_page_opens_offline(make_site, build_site, open_page, minify):
    public = build_site(make_site(FILES, config=CONFIG), minify=minify)
    server, base = serve_folder(public)
    try:
        page, watch = open_page("about:blank", base)
        page.context.add_init_script(RECORD_REGISTER)
        # the first page: it loads before the worker runs, and asks it to save it
        page.goto(base + "articles/a.html")
        assert page.evaluate("window.__registered") == ["../sw.js"]
        page.evaluate("navigator.serviceWorker.ready")
        page.wait_for_function("""async (base) => {
            const cache = await caches.open("loa-offline:" + base);
            return !!(await cache.match(location.href)) && !!(await cache.match(document.styleSheets[0].href));
        }""", arg=base)
        # a second page, opened while the worker is in charge, is saved as it is fetched
        page.wait_for_load_state("networkidle")  # leaving earlier would abort the icon's request
        page.goto(base + "articles/b.html")
        page.wait_for_function("navigator.serviceWorker.controller !== null")
        page.wait_for_load_state("networkidle")
        page.reload()
        page.wait_for_function("""async (base) => {
            const cache = await caches.open("loa-offline:" + base);
            return !!(await cache.match(location.href));
        }""", arg=base)
        watch.assert_clean()
    finally:
        server.shutdown()
        server.server_close()  # nothing listens any more: the site is really gone

    page.context.set_offline(True)
    for path, title in (("articles/a.html", "Bài một"), ("articles/b.html", "Bài hai")):
        page.goto(base + path)
        assert page.locator("h1").inner_text() == title
        # its stylesheet came from the saved copy too
        assert page.evaluate("getComputedStyle(document.querySelector('.skip-link')).position") == "absolute"
    # a page never opened: a notice in the site's language, with a way back
    response = page.goto(base + "articles/c.html")
    assert response.status == 503
    assert "Không có kết nối mạng" in offline_text(page)
    assert page.locator("a").get_attribute("href") == base + "index.html"
