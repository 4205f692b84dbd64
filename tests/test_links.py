"""A link check over the whole built example site: every internal href and src names a file in public/."""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator.config import load_config
from generator.errors import Report
from conftest import REPO

URL_ATTRIBUTES = {"href", "src", "poster", "data", "action", "formaction"}


class _Collector(HTMLParser):
    """Every URL a page uses (href, src, srcset, inline url()), every id, and the canonical links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str]] = []  # (tag, url)
        self.ids: set[str] = set()
        self.canonical: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"])
        for name, value in attrs:
            if value is None:
                continue
            if name in URL_ATTRIBUTES:
                self.urls.append((tag, value))
            elif name == "srcset":
                self.urls.extend((tag, part.split()[0]) for part in value.split(",") if part.strip())
            elif name == "style":
                self.urls.extend((tag, u) for u in css_urls(value))
        if tag == "link" and values.get("rel") == "canonical":
            self.canonical.append(values.get("href") or "")
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.urls.extend(("style", u) for u in css_urls(data))


def css_urls(css: str) -> list[str]:
    return [m.group(2) for m in re.finditer(r"url\(\s*(['\"]?)([^'\")]+)\1\s*\)", css)]


def is_external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme) or bool(parts.netloc)


@pytest.fixture(scope="module")
def pages(example_public) -> dict[str, _Collector]:
    collected = {}
    for path in sorted(example_public.rglob("*.html")):
        collector = _Collector()
        collector.feed(path.read_text(encoding="utf-8"))
        collected[path.relative_to(example_public).as_posix()] = collector
    return collected


def test_the_example_site_has_the_pages_of_the_core(example_public, pages):
    for path in ("index.html", "404.html", "archive/index.html", "articles/khai-mac-tuan-le-2021.html",
                 "pages/gioi-thieu.html", "categories/giao-duc-thuong-xuyen/index.html"):
        assert path in pages
    assert len(pages) > 40


def _resolve(public: Path, page: str, url: str) -> tuple[Path, str]:
    parts = urlsplit(url)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
    return public / target, parts.fragment


def test_every_internal_link_names_a_file_in_public(example_public, pages):
    broken, folders, absolute = [], [], []
    for page, collector in pages.items():
        for tag, url in collector.urls:
            if is_external(url) or url.startswith(("data:", "mailto:", "tel:", "#")) or not url:
                continue
            if url.startswith("/"):
                absolute.append(f"{page}: {url}")
                continue
            target, _ = _resolve(example_public, page, url)
            if urlsplit(url).path.endswith("/") or target.is_dir():
                folders.append(f"{page}: {url}")
            elif not target.is_file() or not target.resolve().is_relative_to(example_public.resolve()):
                broken.append(f"{page}: <{tag}> {url}")
    assert absolute == [], "links from the host root break under a sub-path and from file://"
    assert folders == [], "links to a bare folder do not open from file://"
    assert broken == []


def test_every_fragment_names_an_id_on_its_page(example_public, pages):
    missing = []
    for page, collector in pages.items():
        for _, url in collector.urls:
            if is_external(url) or "#" not in url or url.startswith(("data:", "mailto:")):
                continue
            target, fragment = _resolve(example_public, page, url)
            if not fragment:
                continue
            target_page = target.relative_to(example_public).as_posix() if url[0] != "#" else page
            if target_page in pages and fragment not in pages[target_page].ids:
                missing.append(f"{page}: {url}")
    assert missing == []


def test_stylesheets_name_files_that_exist(example_public):
    for css in example_public.rglob("*.css"):
        for url in css_urls(css.read_text(encoding="utf-8")):
            if not is_external(url) and not url.startswith("data:"):
                assert (css.parent / unquote(url.split("#")[0].split("?")[0])).is_file(), f"{css.name}: {url}"


# Absolute addresses are for what leaves the site (search engines, link previews): the canonical link,
# the sharing cards (og:/twitter:) and the JSON-LD in <head>. Nothing a reader clicks names the host.
_HEAD_ABSOLUTE = re.compile(r'<link rel="canonical" [^>]*>|<meta (?:property="og:|name="twitter:)[^>]*>'
                            r'|<script type="application/ld\+json">.*?</script>', re.S)


def test_base_url_appears_only_in_canonical_and_sharing_metadata(example_public, pages):
    report = Report()
    base_url = load_config(REPO, report).base_url
    stray = []
    for page, collector in pages.items():
        head, _, body = (example_public / page).read_text(encoding="utf-8").partition("</head>")
        if base_url in _HEAD_ABSOLUTE.sub("", head) or base_url in body:
            stray.append(page)
        if page != "404.html":
            assert collector.canonical == [base_url + page], page
    assert stray == []
