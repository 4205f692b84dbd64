"""Sharing cards (Open Graph, Twitter), NewsArticle JSON-LD, the favicon and the web app manifest."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from conftest import article, file_url, serve_folder
from test_feeds import jpeg

TINY = "https://example.org/news/"
HOSTILE = "Bài </script><script>window.__pwned=1</script> <!-- & \"trích\""


class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.links: dict[str, list[str]] = {}
        self.json_ld: list[str] = []
        self._in_ld = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and (a.get("property") or a.get("name")):
            self.meta.setdefault(a.get("property") or a.get("name"), []).append(a.get("content"))
        elif tag == "link":
            self.links.setdefault(a.get("rel"), []).append(a.get("href"))
        elif tag == "script" and a.get("type") == "application/ld+json":
            self._in_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_ld = False

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld[-1] += data


def head_of(page: Path) -> _Head:
    parser = _Head()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


@pytest.fixture
def shared_site(make_site, build_site):
    return build_site(make_site({
        "content/media/anh.jpg": jpeg(),
        "content/articles/co-anh.md": article(
            "Khai mạc Tuần lễ", "2021-10-01 09:43", "Đoạn đầu tiên của bài.", category="Giáo dục",
            tags="[học tập suốt đời, chuyển đổi số]", author="Phạm Thị Nhàn", unit="Phòng GDTX",
            image="../media/anh.jpg", updated="2021-10-02 08:00", summary="Tóm tắt ngắn."),
        "content/articles/khong-anh.md": article(json.dumps(HOSTILE, ensure_ascii=False), "2021-10-03 10:00",
                                                 "Nội dung."),
    }))


def test_article_card_and_news_article(shared_site):
    head = head_of(shared_site / "articles/co-anh.html")
    m = {key: values[0] for key, values in head.meta.items()}
    assert m["og:type"] == "article"
    assert m["og:title"] == m["twitter:title"] == "Khai mạc Tuần lễ"
    assert m["og:description"] == m["twitter:description"] == "Tóm tắt ngắn."
    assert m["og:url"] == head.links["canonical"][0] == TINY + "articles/co-anh.html"
    assert m["og:image"] == m["twitter:image"] == TINY + "media/anh.jpg"
    assert m["twitter:card"] == "summary_large_image"
    assert m["og:site_name"] == "Trang thử" and m["og:locale"] == "vi_VN"
    assert m["article:published_time"] == "2021-10-01T09:43:00+07:00"
    assert m["article:modified_time"] == "2021-10-02T08:00:00+07:00"
    assert m["article:section"] == "Giáo dục"
    assert head.meta["article:tag"] == ["học tập suốt đời", "chuyển đổi số"]
    assert len(head.json_ld) == 1
    data = json.loads(head.json_ld[0])
    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert data["headline"] == "Khai mạc Tuần lễ"
    assert data["datePublished"] == "2021-10-01T09:43:00+07:00"
    assert data["dateModified"] == "2021-10-02T08:00:00+07:00"
    assert data["author"] == {"@type": "Person", "name": "Phạm Thị Nhàn",
                              "affiliation": {"@type": "Organization", "name": "Phòng GDTX"}}
    assert data["publisher"]["name"] == "Trang thử"
    assert data["publisher"]["logo"]["url"] == TINY + "assets/icon-512.png"
    assert data["image"] == [TINY + "media/anh.jpg"]
    assert data["mainEntityOfPage"]["@id"] == data["url"] == TINY + "articles/co-anh.html"
    assert data["articleSection"] == "Giáo dục" and data["keywords"] == ["học tập suốt đời", "chuyển đổi số"]


def test_json_ld_cannot_close_its_script(shared_site, open_page):
    page_file = shared_site / "articles/khong-anh.html"
    html = page_file.read_text(encoding="utf-8")
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    assert "<" not in script
    assert json.loads(script)["headline"] == HOSTILE
    page, watch = open_page(file_url(page_file), file_url(shared_site))
    assert page.evaluate("window.__pwned") is None
    headline = page.evaluate("JSON.parse(document.querySelector('script[type=\"application/ld+json\"]')"
                             ".textContent).headline")
    assert headline == HOSTILE
    assert page.locator("h1").inner_text() == HOSTILE
    watch.assert_clean()


def test_pages_without_a_picture_share_the_site_icon(shared_site):
    for path, kind in (("articles/khong-anh.html", "article"), ("index.html", "website")):
        m = {key: values[0] for key, values in head_of(shared_site / path).meta.items()}
        assert m["og:type"] == kind
        assert m["og:image"] == TINY + "assets/icon-512.png"
        assert m["twitter:card"] == "summary"
        assert (shared_site / "assets/icon-512.png").is_file()
    assert head_of(shared_site / "index.html").json_ld == []


def test_favicon_and_manifest(shared_site):
    head = head_of(shared_site / "articles/co-anh.html")
    assert head.links["icon"] == ["../assets/favicon.svg"]
    assert head.links["manifest"] == ["../manifest.webmanifest"]
    assert (shared_site / "articles" / head.links["apple-touch-icon"][0]).resolve().is_file()
    assert head.meta["theme-color"] == ["#0b4f8a"]
    manifest = json.loads((shared_site / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert manifest["name"] == "Trang thử" and len(manifest["short_name"]) <= 12
    assert manifest["start_url"] == "index.html" and manifest["scope"] == "./"
    assert manifest["lang"] == "vi" and manifest["theme_color"] == "#0b4f8a"
    sizes = set()
    for icon in manifest["icons"]:
        path = shared_site / icon["src"]
        assert path.is_file(), icon
        if icon["type"] == "image/png":
            width, height = Image.open(path).size
            assert icon["sizes"] == f"{width}x{height}"
            sizes.add((width, icon["purpose"]))
    assert {(192, "any"), (512, "any"), (512, "maskable")} <= sizes


@pytest.mark.parametrize("where", ["file", "http"])
def test_example_article_with_cards_loads_cleanly(example_public, open_page, where):
    article_path = next(p for p in sorted((example_public / "articles").glob("*.html"))
                        if 'property="og:image" content="https://' in p.read_text(encoding="utf-8"))
    relative = article_path.relative_to(example_public).as_posix()
    if where == "file":
        page, watch = open_page(file_url(article_path), file_url(example_public))
    else:
        server, base = serve_folder(example_public)
        try:
            page, watch = open_page(base + relative, base)
            page.wait_for_load_state("networkidle")
        finally:
            server.shutdown()
    data = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert data["headline"] == page.locator("h1").inner_text()
    watch.assert_clean()
