"""Every value an editor writes is shown as text, never run: in HTML, attributes, JSON-LD, feeds, search data.

The browser test opens EVERY .html file of a site whose every field holds script-injection
payloads, so page types added later are covered without touching this test; every other
output (.xml, .json, .js, .webmanifest, .ics, anything textual) is checked by format.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import EXAMPLE_NOW, MINIMAL_CONFIG, PageWatch, article
from hostile_site import PAYLOADS, PAYLOAD_TEXT, write_hostile_site

from generator.pipeline import BuildOptions, build
from generator.urls import SAFE_SCHEMES, browser_scheme

MARKER = "alert(1)"
HTML_FIELDS_RSS = {"description", "{http://purl.org/rss/1.0/modules/content/}encoded"}


@pytest.fixture(scope="module")
def hostile_public(tmp_path_factory) -> Path:
    root = write_hostile_site(tmp_path_factory.mktemp("hostile"))
    build(root, root / "public", BuildOptions(now=EXAMPLE_NOW))
    return root / "public"


class _Injected(HTMLParser):
    """Elements and attributes that only an injection would have made."""

    def __init__(self, whole_page: bool):
        super().__init__(convert_charrefs=True)
        self.whole_page = whole_page  # a theme's page may have scripts; a feed's content never does
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "script" and not self.whole_page:
            self.found.append("<script>")
        for name, value in attrs:
            if name.startswith("on") and MARKER in (value or ""):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action", "formaction") and browser_scheme(value or "") not in SAFE_SCHEMES:
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "img" and dict(attrs).get("src") == "x":
            self.found.append("<img src=x>")
        if tag in ("svg", "iframe", "object", "embed"):
            self.found.append(f"<{tag}>")

    def handle_data(self, data):
        pass


def injected_html(fragment: str, whole_page: bool = False) -> list[str]:
    parser = _Injected(whole_page)
    parser.feed(fragment)
    parser.close()
    return parser.found


def _scripts_that_run(html: str) -> list[str]:
    """Text of executable <script> elements that mention the payload."""
    class Scripts(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=False)
            self.current: str | None = None
            self.found: list[str] = []

        def handle_starttag(self, tag, attrs):
            if tag == "script":
                kind = (dict(attrs).get("type") or "text/javascript").lower()
                self.current = "" if kind in ("text/javascript", "module", "application/javascript") else None

        def handle_data(self, data):
            if self.current is not None:
                self.current += data

        def handle_endtag(self, tag):
            if tag == "script" and self.current is not None:
                if "<script" in self.current.lower() or "alert(1);" in self.current.replace(" ", ""):
                    self.found.append(self.current)
                self.current = None

    parser = Scripts()
    parser.feed(html)
    return parser.found


# ---------------------------------------------------------------- every page in a real browser

JS_CHECKS = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (attr.name.startsWith('on') && attr.value.includes('alert(1)')) found.push(el.tagName + ' ' + attr.name);
    }
    if (el.tagName === 'IMG' && el.getAttribute('src') === 'x') found.push('img src=x');
    if (['SVG', 'svg', 'IFRAME', 'OBJECT', 'EMBED'].includes(el.tagName)) found.push(el.tagName);
  }
  for (const s of document.querySelectorAll('script[type="application/ld+json"]')) {
    try { JSON.parse(s.textContent); } catch (e) { found.push('JSON-LD does not parse: ' + e); }
  }
  return found;
}"""


def _open_watched(browser, url: str, prefix: str):
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    watch = PageWatch(prefix)
    watch.attach(page)
    page.goto(url)
    return context, page, dialogs, watch


def test_no_page_runs_an_editors_payload(hostile_public, browser):
    pages = sorted(hostile_public.rglob("*.html"))
    assert len(pages) >= 20
    prefix = hostile_public.resolve().as_uri()
    for path in pages:
        context, page, dialogs, watch = _open_watched(browser, path.resolve().as_uri(), prefix)
        try:
            page.wait_for_load_state("load")
            for element in page.query_selector_all("a, button, h1, h2, h3, li, p, figcaption, img, td"):
                element.dispatch_event("mouseover")
            search = page.query_selector("input[type=search]")
            if search is not None:  # results drawn from the search index must stay text too
                search.fill("alert")
                search.press("Enter")
                page.wait_for_load_state("load")
                page.wait_for_timeout(300)
            name = path.relative_to(hostile_public).as_posix()
            assert dialogs == [], f"{name} ran a payload"
            assert page.evaluate(JS_CHECKS) == [], name
            watch.assert_clean()
        finally:
            context.close()


def test_titles_are_shown_as_text(hostile_public, browser):
    """The payload is visible, character for character, where the editor wrote it."""
    first = hostile_public / "articles/bai-1.html"
    context, page, dialogs, _ = _open_watched(browser, first.resolve().as_uri(), hostile_public.as_uri())
    try:
        assert page.title().startswith(f"{PAYLOADS[0]} 1")
        assert page.locator("h1").first.inner_text() == f"{PAYLOADS[0]} 1"
        assert PAYLOAD_TEXT in page.locator("body").inner_text()
        description = page.locator("meta[name=description]").get_attribute("content")
        assert description == PAYLOAD_TEXT
        assert dialogs == []
    finally:
        context.close()


# ---------------------------------------------------------------- every other output, by format

def _html_fields_of_feed(root: ElementTree.Element) -> list[str]:
    fields = []
    for element in root.iter():
        local = element.tag
        if local in HTML_FIELDS_RSS or (element.get("type") == "html"):
            fields.append(element.text or "")
    return fields


def _check_xml(path: Path) -> list[str]:
    try:
        root = ElementTree.fromstring(path.read_bytes())
    except ElementTree.ParseError as exc:
        return [f"not well-formed XML: {exc}"]
    problems = []
    for element in root.iter():
        local = element.tag.rsplit("}", 1)[-1].lower()
        if local in ("script", "img", "svg", "iframe") and element.tag.startswith("{http://www.w3.org/1999/xhtml}"):
            problems += injected_html(ElementTree.tostring(element, encoding="unicode"))
        elif local == "script":
            problems.append(f"a <{local}> element")
        problems += [f"attribute {name}" for name in element.attrib if name.lower().startswith("on")]
    for fragment in _html_fields_of_feed(root):
        problems += injected_html(fragment) + _scripts_that_run(fragment)
    return problems


def _strings(value, key: str = ""):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, str(k))
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, key)
    elif isinstance(value, str):
        yield key, value


def _check_json(path: Path) -> list[str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        return [f"not JSON: {exc}"]
    problems = []
    for key, text in _strings(data):
        if "html" in key.lower():
            problems += injected_html(text) + _scripts_that_run(text)
    return problems


def _check_ics(path: Path) -> list[str]:
    import icalendar

    try:
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
    except ValueError as exc:
        return [f"not iCalendar: {exc}"]
    names = {component.name for component in calendar.walk()}
    return [f"unexpected component {name}" for name in names - {"VCALENDAR", "VEVENT", "VTIMEZONE", "STANDARD",
                                                                 "DAYLIGHT", "VALARM", "VTODO"}]


CHECKS = {".xml": _check_xml, ".rss": _check_xml, ".atom": _check_xml, ".json": _check_json,
          ".webmanifest": _check_json, ".ics": _check_ics}
BINARY_OR_THEME = {".css", ".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".pdf", ".woff", ".woff2", ".ico"}


def test_feeds_data_and_other_outputs_hold_no_live_payload(hostile_public):
    checked = []
    for path in sorted(p for p in hostile_public.rglob("*") if p.is_file()):
        suffix = path.suffix.lower()
        name = path.relative_to(hostile_public).as_posix()
        if suffix == ".html" or suffix == ".js" or suffix in BINARY_OR_THEME:
            continue  # pages and scripts run in the browser tests; media and style are copied as they are
        if suffix in CHECKS:
            assert CHECKS[suffix](path) == [], name
            checked.append(name)
            continue
        text = path.read_bytes().decode("utf-8", errors="replace")
        assert MARKER not in text, f"{name}: an output format this test does not know holds a payload; teach it"


def _script_problems(browser, script: Path, harness_dir: Path, runtime: tuple[Path, ...] = ()) -> list[str]:
    """Load a .js output as a classic script, as pages do over file://: no dialog, no error.

    `runtime`: scripts loaded first, as pages load them (search data calls the search script's LoaSearch.part).
    """
    harness = harness_dir / "harness.html"
    tags = "".join(f'<script src="{path.resolve().as_uri()}"></script>' for path in (*runtime, script))
    harness.write_text(f'<!DOCTYPE html><meta charset="utf-8">{tags}', encoding="utf-8")
    context, page, dialogs, watch = _open_watched(browser, harness.resolve().as_uri(), "file://")
    try:
        page.wait_for_load_state("load")
        return [f"dialog {d!r}" for d in dialogs] + watch.console_errors
    finally:
        context.close()


def test_scripts_written_by_the_build_run_without_payloads(hostile_public, browser, tmp_path):
    """Every .js output (search index data, scripts) runs without running a payload."""
    [search] = hostile_public.glob("assets/search.*.js")
    for script in sorted(hostile_public.rglob("*.js")):
        runtime = (search,) if script != search else ()
        assert _script_problems(browser, script, tmp_path, runtime) == [], script.name


BAD_OUTPUTS = {
    "feed.xml": '<rss version="2.0"><channel><item><title>&lt;b&gt;</title>'
                "<description>&lt;img src=x onerror=alert(1)&gt;</description></item></channel></rss>",
    "atom.xml": '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title type="html">'
                "&lt;script&gt;alert(1)&lt;/script&gt;</title></entry></feed>",
    "broken.xml": "<rss><title></title><script>alert(1)</script></title></rss>",
    "feed.json": json.dumps({"items": [{"content_html": '<p onmouseover="alert(1)">x</p>'}]}),
    "site.webmanifest": '{"name": "x", "description": "a"b"}',
    "search.js": 'window.INDEX = [{"title": ""}]; alert(1); [{"x": ""}];',
}


def test_the_output_checks_catch_injections(tmp_path, browser):
    """The checks above fail on outputs that let a payload through (they are not vacuous)."""
    for name, text in BAD_OUTPUTS.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        if path.suffix == ".js":
            assert _script_problems(browser, path, tmp_path) != [], name
        else:
            assert CHECKS[path.suffix](path) != [], name
    good = tmp_path / "good.xml"
    good.write_text(f"<rss><channel><item><title>{PAYLOADS[0].replace('<', '&lt;')}</title>"
                    f"<description>&lt;p&gt;{PAYLOADS[2].replace('<', '&amp;lt;')}&lt;/p&gt;</description>"
                    "</item></channel></rss>", encoding="utf-8")
    assert _check_xml(good) == []


# ---------------------------------------------------------------- raw HTML and javascript: in bodies

JAVASCRIPT_LINKS = [
    "[a](javascript:alert(1))",
    "[a](JaVaScRiPt:alert(1))",
    "[a](jav&#x09;ascript:alert(1))",
    "[a](&#106;avascript:alert(1))",
    "[a](&#x6A;avascript&#58;alert(1))",
    "[a](<javascript:alert(1)>)",
    "[a]( javascript:alert(1))",
    "[a][r]\n\n[r]: javascript:alert(1)",
    "![a](javascript:alert(1))",
    "[a](vbscript:msgbox(1))",
    "[a](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<javascript:alert(1)>",
]


@pytest.mark.parametrize("raw_html", [True, False])
def test_javascript_urls_in_markdown_are_dropped_in_both_modes(make_site, build_site, raw_html):
    config = MINIMAL_CONFIG + f"markdown: {{raw_html: {str(raw_html).lower()}}}\n"
    files = {f"content/articles/a{i}.md": article(f"Bài {i}", body=f"Đoạn đầu.\n\n{link}\n")
             for i, link in enumerate(JAVASCRIPT_LINKS)}
    public = build_site(make_site(files, config=config))
    for i in range(len(JAVASCRIPT_LINKS)):
        html = (public / f"articles/a{i}.html").read_text(encoding="utf-8")
        assert injected_html(html, whole_page=True) == [], JAVASCRIPT_LINKS[i]


RAW = '<iframe src="https://www.youtube-nocookie.com/embed/xyz" title="Video"></iframe>\n\n<script>alert(1)</script>'


def test_raw_html_is_kept_by_default_for_trusted_editors(make_site, build_site):
    public = build_site(make_site({"content/articles/a.md": article(body="Đoạn đầu.\n\n" + RAW)}))
    html = (public / "articles/a.html").read_text(encoding="utf-8")
    assert '<iframe src="https://www.youtube-nocookie.com/embed/xyz"' in html
    assert "<script>alert(1)</script>" in html


def test_raw_html_false_shows_html_as_text(make_site, build_site, browser):
    config = MINIMAL_CONFIG + "markdown: {raw_html: false}\n"
    public = build_site(make_site({"content/articles/a.md": article(body="Đoạn đầu.\n\n" + RAW)}, config=config))
    html = (public / "articles/a.html").read_text(encoding="utf-8")
    assert "<iframe" not in html and "<script>alert(1)</script>" not in html
    assert "&lt;iframe" in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    context, page, dialogs, _ = _open_watched(browser, (public / "articles/a.html").resolve().as_uri(), "file://")
    try:
        assert "<script>alert(1)</script>" in page.locator(".body").inner_text()
        assert dialogs == [] and page.locator(".body iframe").count() == 0
    finally:
        context.close()
