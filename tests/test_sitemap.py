"""sitemap.xml against the sitemaps.org 0.9 schema (vendored in tests/schemas), and robots.txt."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import xmlschema
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import article
from generator.sitemap import NOT_LISTED, render_sitemap
from generator.urls import absolute_url

SCHEMA = Path(__file__).parent / "schemas" / "sitemap.xsd"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
BASE = "https://example.org/tin-tuc/"  # the example site's base_url
TINY = "https://example.org/news/"  # conftest.MINIMAL_CONFIG's


@pytest.fixture(scope="module")
def schema():
    return xmlschema.XMLSchema(str(SCHEMA))


def locations(path: Path) -> list[str]:
    return [e.text for e in ET.parse(path).getroot().findall("s:url/s:loc", NS)]


def test_example_sitemap_is_valid_and_lists_every_page(example_public, schema):
    schema.validate(str(example_public / "sitemap.xml"))
    listed = locations(example_public / "sitemap.xml")
    pages = sorted(p.relative_to(example_public).as_posix() for p in example_public.rglob("*.html"))
    expected = {BASE + p for p in pages if p not in ("404.html", "search/index.html")}
    assert set(listed) == expected and len(listed) == len(expected)
    assert listed[0] == BASE + "index.html"
    robots = (example_public / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {BASE}sitemap.xml" in robots.splitlines()
    assert "User-agent: *" in robots


def test_articles_carry_their_last_change_in_local_time(make_site, build_site, schema):
    public = build_site(make_site({
        "content/articles/a.md": article("Một", "2021-10-01 09:43"),
        "content/articles/b.md": article("Hai", "2021-10-02 08:00", updated="2021-10-05 17:30"),
    }))
    schema.validate(str(public / "sitemap.xml"))
    root = ET.parse(public / "sitemap.xml").getroot()
    lastmod = {u.find("s:loc", NS).text: getattr(u.find("s:lastmod", NS), "text", None)
               for u in root.findall("s:url", NS)}
    assert lastmod[TINY + "articles/a.html"] == "2021-10-01T09:43:00+07:00"
    assert lastmod[TINY + "articles/b.html"] == "2021-10-05T17:30:00+07:00"
    assert lastmod[TINY + "index.html"] is None


def test_a_big_site_gets_a_sitemap_index(make_site, build_site, schema, tmp_path):
    from generator.config import load_config
    from generator.errors import Report
    from generator.load import load_content
    from generator.pipeline import render_bodies
    from generator.resolve import resolve_site
    from conftest import EXAMPLE_NOW

    root = make_site({f"content/articles/a{n}.md": article(f"Bài {n}") for n in range(5)})
    report = Report()
    config = load_config(root, report)
    content = load_content(config, report, EXAMPLE_NOW)
    site = resolve_site(config, content, render_bodies(config, content, report), EXAMPLE_NOW, report)
    pages = [a.path for a in site.articles] + ["index.html", "404.html"]
    files = render_sitemap(site, pages, max_urls=2)
    assert sorted(files) == ["robots.txt", "sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "sitemap.xml"]
    listed = []
    for name in ("sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml"):
        (tmp_path / name).write_bytes(files[name])
        schema.validate(str(tmp_path / name))
        listed += locations(tmp_path / name)
    assert sorted(listed) == sorted(TINY + p for p in pages if p != "404.html")
    index = ET.fromstring(files["sitemap.xml"])
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    assert [e.text for e in index.findall("s:sitemap/s:loc", NS)] == [
        f"{TINY}sitemap-{n}.xml" for n in (1, 2, 3)]


def et_sitemap(site, pages: list[str], max_urls: int) -> dict[str, bytes]:
    """render_sitemap as it was written with ElementTree: its strings must stay these bytes."""
    base, namespace = site.config.base_url, NS["s"]
    changed = {a.path: (a.updated or a.date).astimezone(site.config.timezone) for a in site.articles}
    listed = sorted((p for p in pages if p not in NOT_LISTED), key=lambda p: (p != "index.html", p))
    chunks = [listed[i:i + max_urls] for i in range(0, len(listed), max_urls)] or [[]]
    names = ["sitemap.xml"] if len(chunks) == 1 else [f"sitemap-{n}.xml" for n in range(1, len(chunks) + 1)]
    files = {}
    for name, chunk in zip(names, chunks):
        urlset = ET.Element("urlset", {"xmlns": namespace})
        for path in chunk:
            url = ET.SubElement(urlset, "url")
            ET.SubElement(url, "loc").text = absolute_url(base, path)
            if path in changed:
                ET.SubElement(url, "lastmod").text = changed[path].isoformat()
        files[name] = et_document(urlset)
    if len(chunks) > 1:
        index = ET.Element("sitemapindex", {"xmlns": namespace})
        for name in names:
            ET.SubElement(ET.SubElement(index, "sitemap"), "loc").text = absolute_url(base, name)
        files["sitemap.xml"] = et_document(index)
    return files


def et_document(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


odd_text = st.text(st.sampled_from('&<>"\'\n\r\t /%?#=\x00\x01éưỄ\ufffe😀') | st.characters(blacklist_categories=("Cs",)),
                   max_size=10)
moments = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1),
                       timezones=st.sampled_from([ZoneInfo("Asia/Ho_Chi_Minh"), ZoneInfo("Europe/Paris")]))


@settings(max_examples=300, deadline=None)
@given(odd_text, st.lists(odd_text | st.sampled_from(["index.html", "404.html", "search/index.html"]), max_size=8),
       st.lists(st.tuples(moments, st.none() | moments), max_size=8), st.integers(1, 4))
def test_sitemaps_are_written_as_elementtree_wrote_them(base_url, pages, dates, max_urls):
    # the first pages are articles, with their dates; the others are listings and the like
    articles = [SimpleNamespace(path=path, date=date, updated=updated) for path, (date, updated) in zip(pages, dates)]
    site = SimpleNamespace(config=SimpleNamespace(base_url=base_url, timezone=ZoneInfo("Asia/Ho_Chi_Minh")),
                           articles=articles)
    files = render_sitemap(site, pages, max_urls)
    assert files.pop("robots.txt").decode().endswith(f"Sitemap: {base_url}sitemap.xml\n")
    assert files == et_sitemap(site, pages, max_urls)
