"""sitemap.xml (sitemaps.org 0.9) and the robots.txt that points to it."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from .feeds import xml_document
from .resolve import Site
from .urls import absolute_url

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
MAX_URLS = 50_000  # per file, by the protocol; a bigger site gets a sitemap index
NOT_LISTED = frozenset({"404.html", "search/index.html"})  # pages a search engine should not list


def render_sitemap(site: Site, pages: list[str], max_urls: int = MAX_URLS) -> dict[str, bytes]:
    """sitemap.xml listing `pages` (output paths of HTML pages), split when over `max_urls`; robots.txt."""
    base = site.config.base_url
    changed = {a.path: (a.updated or a.date).astimezone(site.config.timezone) for a in site.articles}
    listed = sorted((p for p in pages if p not in NOT_LISTED), key=lambda p: (p != "index.html", p))
    chunks = [listed[i:i + max_urls] for i in range(0, len(listed), max_urls)] or [[]]
    files = {}
    names = ["sitemap.xml"] if len(chunks) == 1 else [f"sitemap-{n}.xml" for n in range(1, len(chunks) + 1)]
    for name, chunk in zip(names, chunks):
        urlset = ET.Element("urlset", {"xmlns": NAMESPACE})
        for path in chunk:
            url = ET.SubElement(urlset, "url")
            ET.SubElement(url, "loc").text = absolute_url(base, path)
            if path in changed:
                ET.SubElement(url, "lastmod").text = changed[path].isoformat()
        files[name] = xml_document(urlset)
    if len(chunks) > 1:
        index = ET.Element("sitemapindex", {"xmlns": NAMESPACE})
        for name in names:
            ET.SubElement(ET.SubElement(index, "sitemap"), "loc").text = absolute_url(base, name)
        files["sitemap.xml"] = xml_document(index)
    files["robots.txt"] = f"User-agent: *\nDisallow:\n\nSitemap: {absolute_url(base, 'sitemap.xml')}\n".encode()
    return files

