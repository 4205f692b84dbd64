"""site.yaml: loaded once into a frozen, validated SiteConfig."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import cached_property
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import i18n
from .errors import ContentError, Report
from .fields import parse_bool, parse_int, parse_optional_text, parse_text
from .sources import YamlDoc, parse_yaml, read_text

CONFIG_FILE = "site.yaml"
MENU_TARGETS = ("home", "category", "campaign", "page", "url", "calendar", "campaigns", "archive", "search")
_MENU_FLAGS = ("home", "calendar", "campaigns", "archive", "search")


@dataclass(frozen=True)
class MenuEntry:
    title: str
    kind: str  # one of MENU_TARGETS
    target: str = ""  # the category, campaign id, page slug or external URL
    line: int = 0


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True)
class ImageSettings:
    """How photos are published: the widths made of each, encoder quality, metadata kept."""

    widths: tuple[int, ...] = (360, 720, 1080, 1600)
    quality: int = 75
    keep_copyright: bool = False


@dataclass(frozen=True)
class SiteConfig:
    """Everything site.yaml says, checked. Defaults are what a new site expects."""

    root: Path
    title: str
    description: str = ""
    base_url: str = "http://localhost/"
    language: str = "vi"
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Ho_Chi_Minh"))
    per_page: int = 10
    menu: tuple[MenuEntry, ...] = ()
    links: tuple[Link, ...] = ()
    analytics: str | None = None
    feed_full_content: bool = True
    feed_items: int = 20
    raw_html: bool = True
    page_budget_kb: int = 100
    images: ImageSettings = ImageSettings()
    minify: bool = False  # output: minify HTML, CSS and JS
    precompress: bool = False  # output: .gz and .br beside every text file
    hash_assets: bool = True  # output: content hashes in CSS and JS file names
    service_worker: bool = False  # offline: keep visited pages for reading offline

    @cached_property  # asked for each of thousands of files
    def content_root(self) -> Path:
        return self.root / "content"

    @property
    def source(self) -> str:
        return CONFIG_FILE


_KNOWN_KEYS = (
    "title", "description", "base_url", "language", "timezone", "per_page",
    "menu", "links", "analytics", "feeds", "markdown", "page_budget_kb", "images", "output", "offline",
)
_IMAGE_KEYS = ("widths", "quality", "keep_copyright")


def load_config(site_root: Path, report: Report) -> SiteConfig | None:
    """Read and check site.yaml; every problem goes to `report`, None if unusable."""
    path = site_root / CONFIG_FILE
    if not path.is_file():
        report.error(CONFIG_FILE, None, "config_missing")
        return None
    try:
        doc = parse_yaml(read_text(path))
    except ContentError as exc:
        report.error(CONFIG_FILE, exc.args_.pop("line", None), exc.code, **exc.args_)
        return None
    return _build_config(site_root, doc, report)


def _build_config(site_root: Path, doc: YamlDoc, report: Report) -> SiteConfig | None:
    data = doc.data
    values: dict[str, object] = {}

    def take(key: str, parse, *args) -> None:
        if key not in data:
            return
        try:
            values[key] = parse(data[key], *args)
        except ContentError as exc:
            report.error(CONFIG_FILE, doc.line(key), exc.code, **{"key": key, **exc.args_})

    report_unknown_keys(report, CONFIG_FILE, doc, data, _KNOWN_KEYS, ())
    if "title" not in data:
        report.error(CONFIG_FILE, 1, "missing_key", key="title")
    take("title", parse_text)
    take("description", parse_optional_text)
    take("base_url", _parse_base_url)
    take("language", _parse_language)
    take("timezone", _parse_timezone)
    take("per_page", parse_int)
    take("analytics", _parse_analytics)
    take("page_budget_kb", parse_int)
    values["menu"] = _parse_menu(data.get("menu"), doc, report)
    values["links"] = _parse_links(data.get("links"), doc, report)
    if data.get("images") is not None:
        values["images"] = _parse_images(data["images"], doc, report)
    for section, keys in (("feeds", {"full_content": "feed_full_content", "items": "feed_items"}),
                          ("markdown", {"raw_html": "raw_html"}),
                          ("output", {"minify": "minify", "precompress": "precompress", "hash_assets": "hash_assets"}),
                          ("offline", {"service_worker": "service_worker"})):
        block = data.get(section)
        if block is None:
            continue
        if not isinstance(block, dict):
            report.error(CONFIG_FILE, doc.line(section), "expected_mapping", key=section)
            continue
        report_unknown_keys(report, CONFIG_FILE, doc, block, tuple(keys), (section,))
        for key, attribute in keys.items():
            if key in block:
                parse = parse_bool if attribute != "feed_items" else parse_int
                try:
                    values[attribute] = parse(block[key])
                except ContentError as exc:
                    report.error(CONFIG_FILE, doc.line(section, key), exc.code, key=f"{section}.{key}", **exc.args_)
    if report.errors or "title" not in values:
        return None
    return SiteConfig(root=site_root, **values)  # type: ignore[arg-type]


def report_unknown_keys(report: Report, path: str, doc: YamlDoc, data: dict, known: tuple[str, ...],
                        where: tuple) -> None:
    """An unknown key is an error, with the closest known key as the likely fix."""
    for key in data:
        if key in known:
            continue
        guess = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
        if guess:
            report.error(path, doc.line(*where, key), "unknown_key_guess", key=key, guess=guess[0])
        else:
            report.error(path, doc.line(*where, key), "unknown_key", key=key, known=", ".join(known))


def is_external_url(url: str) -> bool:
    """A full address another site serves: the menu and linked websites name these."""
    return url.startswith(("http://", "https://", "mailto:", "tel:")) and len(url.split(":", 1)[1].strip("/")) > 0


def _parse_analytics(value: object) -> str | None:
    """The analytics snippet, which pages keep inert in a <template> (partials/analytics.html) until
    opened from a web host: a `</template>` of its own that closes no template of its own would end
    that early, and the rest would run on file:// too."""
    text = parse_optional_text(value)
    if text and _closes_an_outer_template(text):
        raise ContentError("analytics_template_end")
    return text


def _closes_an_outer_template(html: str) -> bool:
    """Whether `html` ends a <template> it did not open (the parser reads scripts as text, as browsers do)."""
    depth = 0
    closed_outer = False

    class Templates(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list) -> None:
            nonlocal depth
            depth += tag == "template"

        def handle_endtag(self, tag: str) -> None:
            nonlocal depth, closed_outer
            if tag == "template":
                closed_outer = closed_outer or depth == 0
                depth = max(0, depth - 1)

    parser = Templates()
    parser.feed(html)
    parser.close()
    return closed_outer


def _parse_base_url(value: object) -> str:
    url = parse_text(value)
    if not url.startswith(("http://", "https://")):
        raise ContentError("bad_base_url", value=url)
    return url if url.endswith("/") else url + "/"


def _parse_language(value: object) -> str:
    language = parse_text(value)
    if language not in i18n.available_languages():
        raise ContentError("bad_language", value=language, known=", ".join(i18n.available_languages()))
    return language


def _parse_timezone(value: object) -> ZoneInfo:
    name = parse_text(value)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ContentError("bad_timezone", value=name) from None


def _parse_menu(value: object, doc: YamlDoc, report: Report) -> tuple[MenuEntry, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        report.error(CONFIG_FILE, doc.line("menu"), "expected_list_of", key="menu")
        return ()
    entries = []
    for index, item in enumerate(value):
        line = doc.line("menu", index)
        if not isinstance(item, dict) or item.get("title") in (None, "") or isinstance(item["title"], (list, dict)):
            report.error(CONFIG_FILE, line, "menu_entry")
            continue
        targets = [key for key in item if key != "title"]
        unknown = [key for key in targets if key not in MENU_TARGETS]
        if unknown or len(targets) != 1:
            report.error(CONFIG_FILE, line, "menu_target", targets=", ".join(MENU_TARGETS))
            continue
        kind = targets[0]
        raw = item[kind]
        if kind in _MENU_FLAGS:
            if raw is not True:
                report.error(CONFIG_FILE, line, "menu_flag", kind=kind)
                continue
            target = ""
        else:
            target = str(raw).strip() if raw is not None else ""
            if not target:
                report.error(CONFIG_FILE, line, "menu_target", targets=", ".join(MENU_TARGETS))
                continue
            if kind == "url" and not is_external_url(target):
                report.error(CONFIG_FILE, line, "external_url", value=target)
                continue
        entries.append(MenuEntry(str(item["title"]).strip(), kind, target, line))
    return tuple(entries)


def _parse_images(value: object, doc: YamlDoc, report: Report) -> ImageSettings:
    """The `images:` block: widths in pixels, quality 1-100, keep_copyright."""
    if not isinstance(value, dict):
        report.error(CONFIG_FILE, doc.line("images"), "expected_mapping", key="images")
        return ImageSettings()
    report_unknown_keys(report, CONFIG_FILE, doc, value, _IMAGE_KEYS, ("images",))
    settings: dict[str, object] = {}
    widths = value.get("widths")
    if "widths" in value:
        if (not isinstance(widths, list) or not widths
                or not all(isinstance(w, int) and not isinstance(w, bool) and 16 <= w <= 8000 for w in widths)):
            report.error(CONFIG_FILE, doc.line("images", "widths"), "image_widths", value=widths)
        else:
            settings["widths"] = tuple(sorted(set(widths)))
    quality = value.get("quality")
    if "quality" in value:
        if isinstance(quality, bool) or not isinstance(quality, int) or not 1 <= quality <= 100:
            report.error(CONFIG_FILE, doc.line("images", "quality"), "image_quality", value=quality)
        else:
            settings["quality"] = quality
    if "keep_copyright" in value:
        try:
            settings["keep_copyright"] = parse_bool(value["keep_copyright"])
        except ContentError as exc:
            report.error(CONFIG_FILE, doc.line("images", "keep_copyright"), exc.code,
                         key="images.keep_copyright", **exc.args_)
    return ImageSettings(**settings)  # type: ignore[arg-type]


def _parse_links(value: object, doc: YamlDoc, report: Report) -> tuple[Link, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        report.error(CONFIG_FILE, doc.line("links"), "expected_list_of", key="links")
        return ()
    links = []
    for index, item in enumerate(value):
        if not isinstance(item, dict) or set(item) != {"title", "url"} or item["title"] in (None, ""):
            report.error(CONFIG_FILE, doc.line("links", index), "link_entry")
            continue
        url = str(item["url"]).strip()
        if not is_external_url(url):
            report.error(CONFIG_FILE, doc.line("links", index), "external_url", value=url)
            continue
        links.append(Link(str(item["title"]).strip(), url))
    return tuple(links)
