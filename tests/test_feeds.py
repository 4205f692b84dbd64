"""RSS 2.0 and Atom feeds: valid, absolute, in the site's time zone, linked from their pages."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest
from PIL import Image

from conftest import EXAMPLE_NOW, article

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
