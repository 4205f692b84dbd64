"""RSS 2.0 and Atom feeds: the whole site, each category, each campaign.

Feeds leave the site, so every URL in them is absolute (from base_url), including those
inside article HTML; dates carry the site's offset (+07:00 for Asia/Ho_Chi_Minh).
"""

from __future__ import annotations

import mimetypes
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import format_datetime
from html import escape
from urllib.parse import urljoin

from .metadata import Feed, SHARE_ICON, list_feeds
from .model import Article
from .render import summary_of
from .resolve import Site
from .urls import absolute_url
from .xml_writer import xml_document, xml_element, xml_parent

ATOM = "http://www.w3.org/2005/Atom"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"
RSS_NAMESPACES = {"atom": ATOM, "content": CONTENT, "dc": DC}  # the prefixes RSS files use

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 cannot carry
_TAG = re.compile(r"<[a-zA-Z][^>]*>")
_URL_ATTRIBUTE = re.compile(r"""(\s(?:href|src|poster|cite)\s*=\s*)(["'])(.*?)\2""", re.I | re.S)
_SRCSET = re.compile(r"""(\ssrcset\s*=\s*)(["'])(.*?)\2""", re.I | re.S)


@dataclass(frozen=True)
class WrittenEntry:
    """One article's entry, written once for each format: an article is in up to three feeds."""

    updated: datetime
    prefixes: frozenset[str]  # of the namespaces its RSS <item> uses
    rss: str  # its <item>, indented for its place in an RSS file
    atom: str  # its <entry>, indented for its place in an Atom file


def render_feeds(site: Site) -> dict[str, bytes]:
    """Every feed file by output path."""
    written: dict[str, WrittenEntry] = {}  # by article source
    quiet = _quiet_feed_updated(site)
    files = {}
    for feed in list_feeds(site):
        entries = []
        for article in feed.articles[:site.config.feed_items]:
            if article.source not in written:
                written[article.source] = write_entry(_entry(site, article))
            entries.append(written[article.source])
        updated = max(entry.updated for entry in entries) if entries else quiet
        files[feed.rss] = _rss(site, feed, entries, updated)
        files[feed.atom] = _atom(site, feed, entries, updated)
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


def write_entry(entry: dict) -> WrittenEntry:
    """An entry (see `_entry`) as an RSS <item> and as an Atom <entry>."""
    prefixes = {"dc"} if entry["author"] else set()
    content = entry["content"]
    if content is not None:
        prefixes.add("content")
        content = _clean(content)  # the longest text by far: cleaned once for both formats
    return WrittenEntry(entry["updated"], frozenset(prefixes), _rss_item(entry, content), _atom_entry(entry, content))


def _rss(site: Site, feed: Feed, entries: list[WrittenEntry], updated: datetime) -> bytes:
    config = site.config
    page = absolute_url(config.base_url, feed.page)
    channel = [
        _text("title", feed.title),
        _text("link", page),
        # RSS readers show <description> as HTML: plain text is escaped once more, so it stays text
        _text("description", escape(config.description or config.title, quote=False)),
        _text("language", config.language),
        _text("lastBuildDate", format_datetime(updated)),
        _text("generator", "Loa"),
        xml_element("atom:link", None, {"href": absolute_url(config.base_url, feed.rss), "rel": "self",
                                        "type": "application/rss+xml"}),
        xml_parent("image", [_text("url", absolute_url(config.base_url, SHARE_ICON)), _text("title", feed.title),
                             _text("link", page)], 2),
        *(entry.rss for entry in entries),
    ]
    # the namespaces the file uses, by prefix, declared before the root's own attribute
    used = sorted({"atom"}.union(*(entry.prefixes for entry in entries)))
    attributes = {f"xmlns:{prefix}": RSS_NAMESPACES[prefix] for prefix in used} | {"version": "2.0"}
    return xml_document(xml_parent("rss", [xml_parent("channel", channel, 1)], 0, attributes))


def _rss_item(entry: dict, content: str | None) -> str:
    item = [
        _text("title", entry["title"]),
        _text("link", entry["url"]),
        xml_element("guid", _clean(entry["url"]), {"isPermaLink": "true"}),
        _text("pubDate", format_datetime(entry["published"])),
    ]
    if entry["author"]:
        item.append(_text("dc:creator", entry["author"]))
    item += [_text("category", name) for name in _categories(entry)]
    item.append(_text("description", escape(entry["summary"], quote=False)))
    if content is not None:
        item.append(xml_element("content:encoded", content))
    if entry["image"]:
        item.append(xml_element("enclosure", None, entry["image"]))
    return xml_parent("item", item, 2)


def _atom(site: Site, feed: Feed, entries: list[WrittenEntry], updated: datetime) -> bytes:
    """Atom in its own default namespace, as readers expect to see it (plain names, xmlns on the root)."""
    config = site.config
    feed_url = absolute_url(config.base_url, feed.atom)
    children = [_text("title", feed.title)]
    if config.description:
        children.append(_text("subtitle", config.description))
    children += [
        _text("id", feed_url),
        xml_element("link", None, {"rel": "self", "type": "application/atom+xml", "href": feed_url}),
        xml_element("link", None, {"rel": "alternate", "type": "text/html",
                                   "href": absolute_url(config.base_url, feed.page)}),
        _text("updated", updated.isoformat()),
        xml_parent("author", [_text("name", config.title), _text("uri", config.base_url)], 1),
        _text("generator", "Loa"),
        _text("icon", absolute_url(config.base_url, SHARE_ICON)),
        *(entry.atom for entry in entries),
    ]
    return xml_document(xml_parent("feed", children, 0, {"xmlns": ATOM, "xml:lang": config.language}))


def _atom_entry(entry: dict, content: str | None) -> str:
    item = [
        _text("title", entry["title"]),
        _text("id", entry["url"]),
        xml_element("link", None, {"rel": "alternate", "type": "text/html", "href": entry["url"]}),
        _text("published", entry["published"].isoformat()),
        _text("updated", entry["updated"].isoformat()),
    ]
    if entry["author"]:
        item.append(xml_parent("author", [_text("name", entry["author"])], 2))
    item += [xml_element("category", None, {"term": _clean(name)}) for name in _categories(entry)]
    item.append(_text("summary", entry["summary"]))
    if content is not None:
        item.append(xml_element("content", content, {"type": "html"}))
    if entry["image"]:
        image = entry["image"]
        item.append(xml_element("link", None, {"rel": "enclosure", "href": image["url"], "type": image["type"],
                                               "length": image["length"]}))
    return xml_parent("entry", item, 1)


def _categories(entry: dict) -> list[str]:
    return ([entry["category"]] if entry["category"] else []) + list(entry["tags"])


def _quiet_feed_updated(site: Site) -> datetime:
    """When a feed without entries last changed: the site's newest change (never the clock).

    A site without articles has no change to tell: the Unix epoch, so its feeds stay byte-identical.
    """
    changes = [article.updated or article.date for article in site.articles]
    newest = max(changes) if changes else datetime(1970, 1, 1, tzinfo=timezone.utc)
    return newest.astimezone(site.config.timezone).replace(microsecond=0)


def _text(tag: str, text: str) -> str:
    return xml_element(tag, _clean(text))


def _clean(text: str) -> str:
    # a printable text has none of them (they are control characters or unassigned), and saying so is
    # quicker than a regex search: a feed cleans some 20 texts an article
    return text if text.isprintable() else _NOT_XML.sub("", text)
