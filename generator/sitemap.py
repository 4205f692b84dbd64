"""sitemap.xml (sitemaps.org 0.9) and the robots.txt that points to it."""

from __future__ import annotations

from datetime import datetime, tzinfo

from .resolve import Site
from .urls import absolute_url
from .xml_writer import xml_document, xml_element, xml_parent

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
MAX_URLS = 50_000  # per file, by the protocol; a bigger site gets a sitemap index
NOT_LISTED = frozenset({"404.html", "search/index.html"})  # pages a search engine should not list


def render_sitemap(site: Site, pages: list[str], max_urls: int = MAX_URLS) -> dict[str, bytes]:
    """sitemap.xml listing `pages` (output paths of HTML pages), split when over `max_urls`; robots.txt."""
    base = site.config.base_url
    changed = {a.path: a.updated or a.date for a in site.articles}
    listed = sorted((p for p in pages if p not in NOT_LISTED), key=lambda p: (p != "index.html", p))
    chunks = [listed[i:i + max_urls] for i in range(0, len(listed), max_urls)] or [[]]
    files = {}
    names = ["sitemap.xml"] if len(chunks) == 1 else [f"sitemap-{n}.xml" for n in range(1, len(chunks) + 1)]
    for name, chunk in zip(names, chunks):
        urls = [_url(base, path, changed.get(path), site.config.timezone) for path in chunk]
        files[name] = xml_document(xml_parent("urlset", urls, 0, {"xmlns": NAMESPACE}))
    if len(chunks) > 1:
        sitemaps = [xml_parent("sitemap", [xml_element("loc", absolute_url(base, name))], 1) for name in names]
        files["sitemap.xml"] = xml_document(xml_parent("sitemapindex", sitemaps, 0, {"xmlns": NAMESPACE}))
    files["robots.txt"] = f"User-agent: *\nDisallow:\n\nSitemap: {absolute_url(base, 'sitemap.xml')}\n".encode()
    return files


def _url(base: str, path: str, changed: datetime | None, timezone: tzinfo) -> str:
    """One page's <url>: where it is, and for an article its last change in the site's time zone."""
    loc = xml_element("loc", absolute_url(base, path))
    if changed is None:
        return xml_parent("url", [loc], 1)
    return xml_parent("url", [loc, xml_element("lastmod", changed.astimezone(timezone).isoformat())], 1)
