"""RSS 2.0 and Atom feeds: valid, absolute, in the site's time zone, linked from their pages."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from email.utils import format_datetime
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import feedparser
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from conftest import EXAMPLE_NOW, article
from generator import feeds
from generator.metadata import SHARE_ICON, Feed
from generator.urls import absolute_url
from generator.xml_writer import xml_document, xml_element, xml_parent

BASE = "https://example.org/tin-tuc/"


def feeds_of(public: Path) -> list[Path]:
    return sorted(p for p in public.rglob("*.xml") if p.name in ("rss.xml", "atom.xml"))


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.alternates: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and attributes.get("rel") == "alternate":
            self.alternates.append(attributes)


def alternates(page: Path) -> list[dict]:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.alternates


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 80, 40)).save(out, "JPEG")
    return out.getvalue()


def test_every_feed_of_the_example_site_is_valid(example_public):
    feeds = feeds_of(example_public)
    folders = {p.parent.relative_to(example_public).as_posix() for p in feeds}
    assert "." in folders and any(f.startswith("categories/") for f in folders)
    assert any(f.startswith("campaigns/") for f in folders)
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, f"{path}: {parsed.get('bozo_exception')}"
        assert parsed.version == ("rss20" if path.name == "rss.xml" else "atom10")
        assert parsed.feed.title and parsed.feed.link.startswith(BASE)
        raw = path.read_text(encoding="utf-8")
        for entry in parsed.entries:
            assert entry.link.startswith(BASE + "articles/") and entry.link.endswith(".html")
            assert entry.id == entry.link
            assert entry.title and entry.summary
        unsanitized = feedparser.parse(path.read_bytes(), sanitize_html=False)  # keeps <picture> and srcset
        content = "".join(e.get("content", [{"value": ""}])[0]["value"] for e in unsanitized.entries)
        links = re.findall(r'(?:href|src)="([^"]*)"', content)
        srcsets = re.findall(r'srcset="([^"]*)"', content)
        links += [candidate.split()[0] for srcset in srcsets for candidate in srcset.split(",")]
        if "<picture" in content:  # body images are <picture>s: every rendition absolute too
            assert srcsets
        assert all(link.startswith(("https://", "http://", "mailto:")) for link in links), links
        if parsed.entries:
            assert ("+0700</pubDate>" in raw) if path.name == "rss.xml" else ("+07:00</published>" in raw)
            dates = [e.published_parsed for e in parsed.entries]
            assert dates == sorted(dates, reverse=True)


def test_each_feed_is_linked_from_the_pages_it_belongs_to(example_public):
    linked: dict[str, set[str]] = {}
    for page in example_public.rglob("*.html"):
        for link in alternates(page):
            target = (page.parent / link["href"]).resolve()
            assert target.is_file(), f"{page}: {link['href']}"
            if link["type"] == "text/calendar" and link["href"].endswith(".ics"):
                continue  # a campaign's or the work calendar's iCalendar file (tests/test_ical.py)
            linked.setdefault(target.relative_to(example_public.resolve()).as_posix(), set()).add(
                page.relative_to(example_public).as_posix())
            assert link["type"] in ("application/rss+xml", "application/atom+xml") and link["title"]
    for feed in feeds_of(example_public):
        path = feed.relative_to(example_public).as_posix()
        assert path in linked, f"no page links to {path}"
    assert "index.html" in linked["rss.xml"] and "index.html" in linked["atom.xml"]
    for path, pages in linked.items():
        folder = path.rsplit("/", 1)[0]
        if path.startswith("categories/"):
            assert f"{folder}/index.html" in pages
        if path.startswith("campaigns/"):
            assert any(p.startswith("articles/") for p in pages)


@pytest.fixture
def feed_site(make_site):
    def make(feeds_config: str = "", count: int = 3):
        config = f"title: Trang thử\ndescription: Tin của trường\nbase_url: {BASE}\n{feeds_config}"
        files = {
            "content/media/anh.jpg": jpeg(),
            "content/articles/dau.md": article(
                '"Bài đầu \\x07tiên"', "2021-10-01 09:43",
                "Xem [bài sau](sau.md#phan-2), ảnh ![Ảnh](../media/anh.jpg) và [trang ngoài](https://moet.gov.vn).\n\n"
                "Đoạn thứ hai.",
                category="Giáo dục", campaign="tuan-le", image="../media/anh.jpg",
                gallery="[{src: ../media/anh.jpg, caption: Quang cảnh}]", summary="Tóm tắt bài đầu.", author="Phạm Thị Nhàn"),
            "content/campaigns/tuan-le.yaml": "title: Tuần lễ\nstart: 2021-10-01\nend: 2021-10-07\n",
        }
        for n in range(count - 1):
            name = "sau" if n == 0 else f"bai-{n}"
            files[f"content/articles/{name}.md"] = article(f"Bài {n + 2}", f"2021-10-{n + 2:02d} 08:00",
                                                           "Nội dung.", category="Tin tức")
        return make_site(files, config)
    return make


def test_full_content_with_absolute_urls_and_local_offset(feed_site, build_site):
    public = build_site(feed_site())
    rss = feedparser.parse((public / "rss.xml").read_bytes())
    atom = feedparser.parse((public / "atom.xml").read_bytes())
    for parsed in (rss, atom):
        assert not parsed.bozo
        first = parsed.entries[-1]
        assert first.title == "Bài đầu tiên"  # a control character XML cannot carry is dropped
        assert first.summary == "Tóm tắt bài đầu."
        html = first.content[0]["value"]
        assert f'href="{BASE}articles/sau.html#phan-2"' in html
        assert f'src="{BASE}media/anh.jpg"' in html
        assert 'href="https://moet.gov.vn"' in html
        assert "<figcaption>Quang cảnh</figcaption>" in html
        assert [t.term for t in first.tags] == ["Giáo dục"]
        assert first.author == "Phạm Thị Nhàn"
    rss_raw = (public / "rss.xml").read_text(encoding="utf-8")
    assert "<pubDate>Fri, 01 Oct 2021 09:43:00 +0700</pubDate>" in rss_raw
    assert f'<enclosure url="{BASE}media/anh.jpg" length="{len(jpeg())}" type="image/jpeg"' in rss_raw
    assert f'<atom:link href="{BASE}rss.xml" rel="self"' in rss_raw
    atom_raw = (public / "atom.xml").read_text(encoding="utf-8")
    assert "<published>2021-10-01T09:43:00+07:00</published>" in atom_raw
    assert f'<link rel="self" type="application/atom+xml" href="{BASE}atom.xml" />' in atom_raw
    campaign = feedparser.parse((public / "campaigns/tuan-le/rss.xml").read_bytes())
    assert [e.title for e in campaign.entries] == ["Bài đầu tiên"]
    category = feedparser.parse((public / "categories/tin-tuc/atom.xml").read_bytes())
    assert [e.title for e in category.entries] == ["Bài 3", "Bài 2"]


def test_summary_only_and_item_count_from_site_yaml(feed_site, build_site):
    public = build_site(feed_site("feeds: {full_content: false, items: 2}\n", count=4))
    for name in ("rss.xml", "atom.xml"):
        parsed = feedparser.parse((public / name).read_bytes())
        assert not parsed.bozo
        assert [e.title for e in parsed.entries] == ["Bài 4", "Bài 3"]
        assert all("content" not in e for e in parsed.entries)
        assert parsed.entries[0].summary == "Nội dung."
    assert "content:encoded" not in (public / "rss.xml").read_text(encoding="utf-8")


def test_an_empty_feed_is_as_new_as_the_sites_newest_article_whatever_the_clock(make_site, build_site):
    site = make_site({
        "content/articles/a.md": article("Bài", date="2021-10-01 09:43", updated="2021-10-05 10:00"),
        "content/articles/b.md": article("Bài hai", date="2021-10-03 08:00"),
        "content/campaigns/sap-toi.yaml": "title: Sắp tới\nstart: 2027-01-01\nend: 2027-01-07\n",
    })
    feeds = ("campaigns/sap-toi/rss.xml", "campaigns/sap-toi/atom.xml")
    built = [{f: (build_site(site, now=EXAMPLE_NOW + timedelta(seconds=s)) / f).read_bytes() for f in feeds}
             for s in (0, 3601)]
    assert built[0] == built[1]
    assert feedparser.parse(built[0]["campaigns/sap-toi/atom.xml"]).feed.updated == "2021-10-05T10:00:00+07:00"


def test_a_campaign_without_articles_has_a_valid_empty_feed(make_site, build_site):
    public = build_site(make_site({
        "content/articles/a.md": article("Bài"),
        "content/campaigns/sap-toi.yaml": "title: Sắp tới\nstart: 2027-01-01\nend: 2027-01-07\n",
    }))
    for name in ("rss.xml", "atom.xml"):
        parsed = feedparser.parse((public / "campaigns/sap-toi" / name).read_bytes())
        assert not parsed.bozo and parsed.entries == []
        assert parsed.feed.title == "Sắp tới – Trang thử"


# --- generator/xml_writer.py writes what ElementTree wrote, byte for byte ---------------------------
#
# Feeds and sitemap were built as ElementTrees and written with ET.indent + ET.tostring; they are now
# written as strings. These tests hold the strings to ElementTree's bytes for any text: the same
# trees given to both, and the feeds as the ElementTree code (kept below) wrote them.

ET_NAMESPACES = {"atom": "http://www.w3.org/2005/Atom", "content": "http://purl.org/rss/1.0/modules/content/",
                 "dc": "http://purl.org/dc/elements/1.1/", "xml": "http://www.w3.org/XML/1998/namespace"}
for _prefix in ("atom", "content"):
    ET.register_namespace(_prefix, ET_NAMESPACES[_prefix])

# XML's specials, what attributes escape besides, characters XML 1.0 cannot carry, non-ASCII
odd_text = st.text(st.sampled_from('&<>"\'\n\r\t \x00\x01\x0b\x1f\x7f\xa0éưỄ\u2028\ufffe\uffff😀;#x')
                   | st.characters(blacklist_categories=("Cs",)), max_size=12)
tags = st.sampled_from(["rss", "item", "title", "link", "url", "loc", "atom:link", "dc:creator", "content:encoded"])
attributes = st.dictionaries(st.sampled_from(["href", "rel", "type", "xmlns", "xml:lang", "term", "length"]),
                             odd_text, max_size=3)
# (tag, attributes, text, children): an element has text or children, never both, as in feeds and sitemap
leaves = st.tuples(tags, attributes, st.none() | odd_text, st.just(()))
trees = st.recursive(leaves, lambda children: st.tuples(tags, attributes, st.none(), st.lists(children, max_size=4)),
                     max_leaves=12)


def _clark(name: str) -> str:
    prefix, _, local = name.rpartition(":")
    return f"{{{ET_NAMESPACES[prefix]}}}{local}" if prefix else name


def _element_tree(node) -> ET.Element:
    tag, attrs, text, children = node
    element = ET.Element(_clark(tag), {_clark(name): value for name, value in attrs.items()})
    element.text = text
    element.extend(_element_tree(child) for child in children)
    return element


def _prefixes(node) -> set[str]:
    tag, attrs, _, children = node
    names = [tag, *attrs]
    return {n.split(":")[0] for n in names if ":" in n} - {"xml"} | set().union(*map(_prefixes, children))


def _written(node, level: int = 0) -> str:
    tag, attrs, text, children = node
    if level == 0:  # the namespaces a tree uses, declared on its root, as ElementTree does
        attrs = {f"xmlns:{p}": ET_NAMESPACES[p] for p in sorted(_prefixes(node))} | attrs
    if text is None:
        return xml_parent(tag, [_written(child, level + 1) for child in children], level, attrs)
    return xml_element(tag, text, attrs)


def et_document(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


@settings(max_examples=400, deadline=None)
@given(trees)
def test_any_tree_is_written_as_elementtree_writes_it(tree):
    assert xml_document(_written(tree)) == et_document(_element_tree(tree))


def test_a_lone_surrogate_is_written_as_elementtree_writes_it():
    tree = ("loc", {"href": "a\udc80"}, "b\ud800", ())
    assert xml_document(_written(tree)) == et_document(_element_tree(tree))


# The feed writers as they were, with ElementTree: what the strings must stay equal to.

def et_rss(site, feed: Feed, entries: list[dict], updated: datetime) -> bytes:
    config, clean, A = site.config, feeds._clean, ET_NAMESPACES
    rss = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(rss, "channel")
    et_text(channel, "title", feed.title)
    et_text(channel, "link", absolute_url(config.base_url, feed.page))
    et_text(channel, "description", escape(config.description or config.title, quote=False))
    et_text(channel, "language", config.language)
    et_text(channel, "lastBuildDate", format_datetime(updated))
    et_text(channel, "generator", "Loa")
    ET.SubElement(channel, f"{{{A['atom']}}}link", {"href": absolute_url(config.base_url, feed.rss), "rel": "self",
                                                    "type": "application/rss+xml"})
    image = ET.SubElement(channel, "image")
    et_text(image, "url", absolute_url(config.base_url, SHARE_ICON))
    et_text(image, "title", feed.title)
    et_text(image, "link", absolute_url(config.base_url, feed.page))
    for entry in entries:
        item = ET.SubElement(channel, "item")
        et_text(item, "title", entry["title"])
        et_text(item, "link", entry["url"])
        et_text(item, "guid", entry["url"]).set("isPermaLink", "true")
        et_text(item, "pubDate", format_datetime(entry["published"]))
        if entry["author"]:
            et_text(item, f"{{{A['dc']}}}creator", entry["author"])
        for name in ([entry["category"]] if entry["category"] else []) + list(entry["tags"]):
            et_text(item, "category", name)
        et_text(item, "description", escape(entry["summary"], quote=False))
        if entry["content"] is not None:
            et_text(item, f"{{{A['content']}}}encoded", entry["content"])
        if entry["image"]:
            ET.SubElement(item, "enclosure", entry["image"])
    return et_document(rss)


def et_atom(site, feed: Feed, entries: list[dict], updated: datetime) -> bytes:
    config = site.config
    root = ET.Element("feed", {"xmlns": ET_NAMESPACES["atom"], f"{{{ET_NAMESPACES['xml']}}}lang": config.language})
    feed_url = absolute_url(config.base_url, feed.atom)
    et_text(root, "title", feed.title)
    if config.description:
        et_text(root, "subtitle", config.description)
    et_text(root, "id", feed_url)
    ET.SubElement(root, "link", {"rel": "self", "type": "application/atom+xml", "href": feed_url})
    ET.SubElement(root, "link", {"rel": "alternate", "type": "text/html",
                                 "href": absolute_url(config.base_url, feed.page)})
    et_text(root, "updated", updated.isoformat())
    author = ET.SubElement(root, "author")
    et_text(author, "name", config.title)
    et_text(author, "uri", config.base_url)
    et_text(root, "generator", "Loa")
    et_text(root, "icon", absolute_url(config.base_url, SHARE_ICON))
    for entry in entries:
        item = ET.SubElement(root, "entry")
        et_text(item, "title", entry["title"])
        et_text(item, "id", entry["url"])
        ET.SubElement(item, "link", {"rel": "alternate", "type": "text/html", "href": entry["url"]})
        et_text(item, "published", entry["published"].isoformat())
        et_text(item, "updated", entry["updated"].isoformat())
        if entry["author"]:
            et_text(ET.SubElement(item, "author"), "name", entry["author"])
        for name in ([entry["category"]] if entry["category"] else []) + list(entry["tags"]):
            ET.SubElement(item, "category", {"term": feeds._clean(name)})
        et_text(item, "summary", entry["summary"])
        if entry["content"] is not None:
            et_text(item, "content", entry["content"]).set("type", "html")
        if entry["image"]:
            ET.SubElement(item, "link", {"rel": "enclosure", "href": entry["image"]["url"],
                                         "type": entry["image"]["type"], "length": entry["image"]["length"]})
    return et_document(root)


def et_text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = feeds._clean(text)
    return element


HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
moments = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(HANOI))
entries = st.fixed_dictionaries({
    "title": odd_text, "url": odd_text, "published": moments, "updated": moments,
    "author": st.none() | odd_text, "category": st.none() | odd_text, "tags": st.lists(odd_text, max_size=2),
    "summary": odd_text, "content": st.none() | odd_text,
    "image": st.none() | st.fixed_dictionaries({"url": odd_text, "length": odd_text, "type": odd_text}),
})
configs = st.builds(SimpleNamespace, base_url=odd_text, title=odd_text, description=odd_text, language=odd_text)


@settings(max_examples=300, deadline=None)
@given(configs, odd_text, st.sampled_from(["", "categories/giao-duc/", "campaigns/tuần lễ/"]),
       st.lists(entries, max_size=3), moments)
def test_feeds_are_written_as_elementtree_wrote_them(config, title, folder, entry_list, quiet):
    site = SimpleNamespace(config=config)
    feed = Feed(title, folder, folder + "index.html", ())
    written = [feeds.write_entry(entry) for entry in entry_list]
    updated = max((entry["updated"] for entry in entry_list), default=quiet)
    assert feeds._rss(site, feed, written, updated) == et_rss(site, feed, entry_list, updated)
    assert feeds._atom(site, feed, written, updated) == et_atom(site, feed, entry_list, updated)
