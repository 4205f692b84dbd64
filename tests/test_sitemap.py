"""sitemap.xml against the sitemaps.org 0.9 schema (vendored in tests/schemas), and robots.txt."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import xmlschema

from conftest import article
from generator.sitemap import render_sitemap

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
