"""What a page's <head> tells other programs: its feeds, its sharing card, its structured data.

Kept apart from render.py so that feeds.py and render.py can both use the feed paths
defined here without importing each other.
"""

from __future__ import annotations

import json
import mimetypes
from dataclasses import dataclass

from . import i18n
from .model import Article
from .resolve import Site
from .urls import absolute_url

SHARE_ICON = "assets/icon-512.png"  # the picture of a page that has none of its own
MANIFEST = "manifest.webmanifest"
THEME_COLOR = "#0b4f8a"
_LOCALES = {"vi": "vi_VN", "en": "en_US"}


@dataclass(frozen=True)
class Feed:
    """One subscribable list of articles, as RSS and as Atom files in one folder."""

    title: str
    folder: str  # "" for the whole site, "categories/<slug>/", "campaigns/<id>/"
    page: str  # the HTML page the feed mirrors
    articles: tuple[Article, ...]

    @property
    def rss(self) -> str:
        return f"{self.folder}rss.xml"

    @property
    def atom(self) -> str:
        return f"{self.folder}atom.xml"


def list_feeds(site: Site) -> list[Feed]:
    """The site's feed, then one per category and one per campaign (empty until it has articles)."""
    feeds = [Feed(site.config.title, "", "index.html", site.articles)]
    for term in site.categories:
        feeds.append(Feed(f"{term.name} – {site.config.title}", f"categories/{term.slug}/", term.path,
                          term.articles))
    for campaign in site.campaigns:
        articles = site.articles_of_campaign(campaign.id)
        feeds.append(Feed(f"{campaign.title} – {site.config.title}", f"campaigns/{campaign.id}/", campaign.path,
                          articles))
    return feeds


def feed_links(site: Site, feeds: dict[str, Feed], page_path: str, article: Article | None) -> list[dict]:
    """<link rel="alternate"> entries for a page: its own feed first, then the site's.

    A category's or campaign's pages (any page in its folder) offer its feed; an article offers
    the feeds of its category and campaign.
    """
    folders = []
    if article is not None:
        category = site.category_of(article)
        folders += [f"categories/{category.slug}/"] if category else []
        folders += [f"campaigns/{article.campaign}/"] if article.campaign else []
    elif page_path.startswith(("categories/", "campaigns/")) and page_path.count("/") >= 2:
        folders.append(page_path.rsplit("/", 1)[0] + "/")
    folders.append("")
    ui = i18n.strings(site.config.language)
    links = []
    for folder in folders:
        feed = feeds.get(folder)
        if feed is not None:
            links.append({"type": "application/rss+xml", "path": feed.rss, "title": ui["feed_rss"].format(title=feed.title)})
            links.append({"type": "application/atom+xml", "path": feed.atom,
                          "title": ui["feed_atom"].format(title=feed.title)})
    return links


def page_article(context: dict) -> Article | None:
    """The article a page is about (an article's own page), else None."""
    article = context.get("article")
    return article if isinstance(article, Article) else None


def page_metadata(site: Site, feeds: list[dict], context: dict) -> dict:
    """The <head> data of one page: its `feeds` (`feed_links`), Open Graph and Twitter card, JSON-LD for articles.

    Made from the page's context, its feed links and the site's settings alone: a page kept from the
    last build is keyed by these (`render.render_or_keep`) and this is not made for it."""
    article = page_article(context)
    meta = {"feeds": feeds, "card": None, "json_ld": None, "theme_color": THEME_COLOR}
    canonical = context.get("canonical")
    if not canonical:  # a page with no address of its own (404) is never shared
        return meta
    config = site.config
    image = absolute_url(config.base_url, article.image.path) if article and article.image else None
    title = context.get("title") or config.title
    description = context.get("description") or config.description
    meta["card"] = {
        "type": "article" if article else "website",
        "title": title,
        "description": description,
        "url": canonical,
        "site_name": config.title,
        "locale": _LOCALES.get(config.language, config.language),
        "image": image or absolute_url(config.base_url, SHARE_ICON),
        "image_alt": article.title if image and article else config.title,
        "twitter_card": "summary_large_image" if image else "summary",
    }
    if article is not None:
        category = site.category_of(article)
        meta["card"].update(published=article.date.isoformat(), modified=(article.updated or article.date).isoformat(),
                            section=category.name if category else None, tags=list(article.tags))
        meta["json_ld"] = json_for_script(_news_article(site, article, canonical, description, image))
    return meta


def _news_article(site: Site, article: Article, url: str, description: str, image: str | None) -> dict:
    config = site.config
    publisher = {"@type": "Organization", "name": config.title, "url": config.base_url,
                 "logo": {"@type": "ImageObject", "url": absolute_url(config.base_url, SHARE_ICON)}}
    if article.author:
        author: dict = {"@type": "Person", "name": article.author}
        if article.unit:
            author["affiliation"] = {"@type": "Organization", "name": article.unit}
    else:
        author = {"@type": "Organization", "name": article.unit or config.title}
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": description,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": article.date.isoformat(),
        "dateModified": (article.updated or article.date).isoformat(),
        "author": author,
        "publisher": publisher,
        "inLanguage": config.language,
    }
    if image:
        data["image"] = [image]
    category = site.category_of(article)
    if category:
        data["articleSection"] = category.name
    if article.tags:
        data["keywords"] = list(article.tags)
    return data


def json_for_script(data: object) -> str:
    """JSON to put inside a <script> element: no `<` is left to close it or open a comment."""
    return json.dumps(data, ensure_ascii=False, indent=None).replace("<", "\\u003c")


def render_manifest(site: Site, assets: set[str] | dict) -> bytes:
    """The web app manifest: name, colours and the icons the theme provides, paths relative to it."""
    config = site.config
    icons = []
    if "assets/favicon.svg" in assets:
        icons.append({"src": "assets/favicon.svg", "sizes": "any", "type": "image/svg+xml"})
    for size in (192, 512):
        path = f"assets/icon-{size}.png"
        if path in assets:
            icons.append({"src": path, "sizes": f"{size}x{size}", "type": mimetypes.types_map[".png"],
                          "purpose": "any"})
    if "assets/icon-maskable-512.png" in assets:
        icons.append({"src": "assets/icon-maskable-512.png", "sizes": "512x512", "type": "image/png",
                      "purpose": "maskable"})
    manifest = {
        "name": config.title,
        "short_name": _short_name(config.title),
        "description": config.description,
        "lang": config.language,
        "start_url": "index.html",
        "scope": "./",
        "display": "minimal-ui",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOR,
        "icons": icons,
    }
    return (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _short_name(title: str, limit: int = 12) -> str:
    """What fits under an icon on a phone: the first words of the title, up to `limit` characters."""
    short = ""
    for word in title.split():
        if len(f"{short} {word}".strip()) > limit:
            break
        short = f"{short} {word}".strip()
    return short or title[:limit]
