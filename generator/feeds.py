"""RSS 2.0 and Atom feeds: the whole site, each category, each campaign.

Feeds leave the site, so every URL in them is absolute (from base_url), including those
inside article HTML; dates carry the site's offset (+07:00 for Asia/Ho_Chi_Minh).
"""

from __future__ import annotations

import mimetypes
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from email.utils import format_datetime
from html import escape
from urllib.parse import urljoin

from .metadata import Feed, SHARE_ICON, list_feeds
from .model import Article
from .render import summary_of
from .resolve import Site
from .urls import absolute_url

ATOM = "http://www.w3.org/2005/Atom"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"
for _prefix, _uri in (("atom", ATOM), ("content", CONTENT), ("dc", DC)):
    ET.register_namespace(_prefix, _uri)

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 cannot carry
_TAG = re.compile(r"<[a-zA-Z][^>]*>")
_URL_ATTRIBUTE = re.compile(r"""(\s(?:href|src|poster|cite)\s*=\s*)(["'])(.*?)\2""", re.I | re.S)
_SRCSET = re.compile(r"""(\ssrcset\s*=\s*)(["'])(.*?)\2""", re.I | re.S)


def render_feeds(site: Site) -> dict[str, bytes]:
    """Every feed file by output path."""
    files = {}
    for feed in list_feeds(site):
        entries = [_entry(site, article) for article in feed.articles[:site.config.feed_items]]
        files[feed.rss] = _rss(site, feed, entries)
        files[feed.atom] = _atom(site, feed, entries)
    return files


def absolute_html(fragment: str, page_url: str) -> str:
    """Article HTML with every relative link and image made absolute against the page's URL."""
    def fix_tag(tag: re.Match) -> str:
        text = _URL_ATTRIBUTE.sub(lambda m: f"{m[1]}{m[2]}{urljoin(page_url, m[3].strip())}{m[2]}", tag[0])
        return _SRCSET.sub(lambda m: f"{m[1]}{m[2]}{_absolute_srcset(m[3], page_url)}{m[2]}", text)
    return _TAG.sub(fix_tag, fragment)


def _absolute_srcset(value: str, page_url: str) -> str:
    candidates = []
    for candidate in value.split(","):
        parts = candidate.split()
        if parts:
            candidates.append(" ".join([urljoin(page_url, parts[0]), *parts[1:]]))
    return ", ".join(candidates)


def _entry(site: Site, article: Article) -> dict:
    """What both formats say about one article."""
    config = site.config
    url = absolute_url(config.base_url, article.path)
    category = site.category_of(article)
    entry = {
        "title": article.title,
        "url": url,
        "published": article.date.astimezone(config.timezone),
        "updated": (article.updated or article.date).astimezone(config.timezone),
        "author": article.author or article.unit,
        "category": category.name if category else None,
        "tags": article.tags,
        "summary": summary_of(site, article),
        "content": _full_content(site, article, url) if config.feed_full_content else None,
        "image": None,
    }
    if article.image:
        source = config.content_root / article.image.path
        entry["image"] = {"url": absolute_url(config.base_url, article.image.path),
                          "length": str(source.stat().st_size) if source.is_file() else "0",
                          "type": mimetypes.guess_type(article.image.path)[0] or "application/octet-stream"}
    return entry


def _full_content(site: Site, article: Article, url: str) -> str:
    """The article as its page shows it: cover, body, gallery; with absolute URLs."""
    parts = []
    if article.image:
        parts.append(f'<p><img src="{escape(absolute_url(site.config.base_url, article.image.path))}" '
                     f'alt="{escape(article.title)}"></p>')
    parts.append(absolute_html(site.bodies[article.source].html, url))
    for image in article.gallery:
        src = escape(absolute_url(site.config.base_url, image.path))
        caption = f"<figcaption>{escape(image.caption)}</figcaption>" if image.caption else ""
        parts.append(f'<figure><img src="{src}" alt="{escape(image.caption or article.title)}">{caption}</figure>')
    return "\n".join(parts)


def _rss(site: Site, feed: Feed, entries: list[dict]) -> bytes:
    config = site.config
    rss = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(rss, "channel")
    _text(channel, "title", feed.title)
    _text(channel, "link", absolute_url(config.base_url, feed.page))
    # RSS readers show <description> as HTML: plain text is escaped once more, so it stays text
    _text(channel, "description", escape(config.description or config.title, quote=False))
    _text(channel, "language", config.language)
    _text(channel, "lastBuildDate", format_datetime(_updated(site, entries)))
    _text(channel, "generator", "Loa")
    ET.SubElement(channel, f"{{{ATOM}}}link", {"href": absolute_url(config.base_url, feed.rss), "rel": "self",
                                                "type": "application/rss+xml"})
    image = ET.SubElement(channel, "image")
    _text(image, "url", absolute_url(config.base_url, SHARE_ICON))
    _text(image, "title", feed.title)
    _text(image, "link", absolute_url(config.base_url, feed.page))
    for entry in entries:
        item = ET.SubElement(channel, "item")
        _text(item, "title", entry["title"])
        _text(item, "link", entry["url"])
        _text(item, "guid", entry["url"]).set("isPermaLink", "true")
        _text(item, "pubDate", format_datetime(entry["published"]))
        if entry["author"]:
            _text(item, f"{{{DC}}}creator", entry["author"])
        for name in ([entry["category"]] if entry["category"] else []) + list(entry["tags"]):
            _text(item, "category", name)
        _text(item, "description", escape(entry["summary"], quote=False))
        if entry["content"] is not None:
            _text(item, f"{{{CONTENT}}}encoded", entry["content"])
        if entry["image"]:
            ET.SubElement(item, "enclosure", entry["image"])
    return xml_document(rss)


def _atom(site: Site, feed: Feed, entries: list[dict]) -> bytes:
    """Atom in its own default namespace, as readers expect to see it (plain names, xmlns on the root)."""
    config = site.config
    root = ET.Element("feed", {"xmlns": ATOM, "{http://www.w3.org/XML/1998/namespace}lang": config.language})
    feed_url = absolute_url(config.base_url, feed.atom)
    _text(root, "title", feed.title)
    if config.description:
        _text(root, "subtitle", config.description)
    _text(root, "id", feed_url)
    ET.SubElement(root, "link", {"rel": "self", "type": "application/atom+xml", "href": feed_url})
    ET.SubElement(root, "link", {"rel": "alternate", "type": "text/html",
                                 "href": absolute_url(config.base_url, feed.page)})
    _text(root, "updated", _updated(site, entries).isoformat())
    author = ET.SubElement(root, "author")
    _text(author, "name", config.title)
    _text(author, "uri", config.base_url)
    _text(root, "generator", "Loa")
    _text(root, "icon", absolute_url(config.base_url, SHARE_ICON))
    for entry in entries:
        item = ET.SubElement(root, "entry")
        _text(item, "title", entry["title"])
        _text(item, "id", entry["url"])
        ET.SubElement(item, "link", {"rel": "alternate", "type": "text/html", "href": entry["url"]})
        _text(item, "published", entry["published"].isoformat())
        _text(item, "updated", entry["updated"].isoformat())
        if entry["author"]:
            _text(ET.SubElement(item, "author"), "name", entry["author"])
        for name in ([entry["category"]] if entry["category"] else []) + list(entry["tags"]):
            ET.SubElement(item, "category", {"term": _clean(name)})
        _text(item, "summary", entry["summary"])
        if entry["content"] is not None:
            _text(item, "content", entry["content"]).set("type", "html")
        if entry["image"]:
            ET.SubElement(item, "link", {"rel": "enclosure", "href": entry["image"]["url"],
                                         "type": entry["image"]["type"], "length": entry["image"]["length"]})
    return xml_document(root)


def _updated(site: Site, entries: list[dict]) -> datetime:
    """The newest change among the entries; an empty feed, the site's newest change (never the clock).

    A site without articles has no change to tell: the Unix epoch, so its feeds stay byte-identical.
    """
    if entries:
        return max(entry["updated"] for entry in entries)
    changes = [article.updated or article.date for article in site.articles]
    newest = max(changes) if changes else datetime(1970, 1, 1, tzinfo=timezone.utc)
    return newest.astimezone(site.config.timezone).replace(microsecond=0)


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = _clean(text)
    return element


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def xml_document(root: ET.Element) -> bytes:
    """An indented UTF-8 XML file with its declaration."""
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
