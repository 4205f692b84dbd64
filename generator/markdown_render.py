"""Stage 2: Markdown bodies to HTML, with figures, checked links and safe URLs."""

from __future__ import annotations

import posixpath
import re
import threading
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .containment import is_inside
from .sources import find_file
from .urls import SAFE_SCHEMES, browser_scheme, relative_url, unescape

_EXTENSIONS = ["tables", "fenced_code", "footnotes", "sane_lists", "def_list"]


@dataclass(frozen=True)
class BodyInput:
    """What rendering one body depends on: the cache key is built from exactly this."""

    source: str  # the Markdown file, relative to the site root
    page_path: str  # where the HTML will live in the output
    text: str
    first_line: int
    raw_html: bool


@dataclass(frozen=True)
class RenderedBody:
    html: str
    text: str  # plain text, for search and summaries
    first_paragraph: str
    images: tuple[str, ...]  # media paths below content/ that the body shows
    links: tuple[str, ...]  # content files the body links to (below content/)
    problems: tuple[tuple[int, str, str], ...] = ()  # errors: (line, code, value)
    warnings: tuple[tuple[int, str, str], ...] = ()  # (line, code, value)
    lookups: tuple[tuple[str, str], ...] = ()  # what each link found (see `look_up`), for the body cache


@dataclass
class _Collected:
    images: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    problems: list[tuple[int, str, str]] = field(default_factory=list)
    warnings: list[tuple[int, str, str]] = field(default_factory=list)
    lookups: list[tuple[str, str]] = field(default_factory=list)


def look_up(below: str, link_targets: dict[str, str], held: frozenset[str], content_root: Path) -> str:
    """What a body's link to `below` (a path below content/) finds: `page:<output path>` for a published
    article or page, `held` for a draft or scheduled one, `file` for any other file inside content/,
    else the problem: `broken_link` or `link_outside`. A body's HTML depends on its text and on these
    answers alone, so a body whose every link finds the same as before renders as before."""
    if below in link_targets:
        return "page:" + link_targets[below]
    if below in held:
        return "held"
    if below.endswith(".md"):  # Markdown is published as pages only
        return "broken_link"
    candidate = find_file(content_root, below)
    if candidate is None:
        return "broken_link"
    return "file" if is_inside(candidate, content_root) else "link_outside"


def links_unchanged(body: RenderedBody, link_targets: dict[str, str], held: frozenset[str],
                    content_root: Path) -> bool:
    """Whether each link of an earlier rendering of a body finds what it found then."""
    return all(look_up(below, link_targets, held, content_root) == found for below, found in body.lookups)


class _RewriteLinks(Treeprocessor):
    """Resolve editors' relative paths, drop unsafe URLs and turn lone titled images into figures."""

    def start(self, body: BodyInput, link_targets: dict[str, str], held: frozenset[str], content_root: Path,
              collected: _Collected) -> None:
        """Take the body about to be converted, and where to note what its links found."""
        self.body = body
        self.link_targets = link_targets
        self.held = held
        self.content_root = content_root
        self.collected = collected

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag == "img":
                self._fix(element, "src")
                element.set("loading", "lazy")
                element.set("decoding", "async")
            elif element.tag == "a" and element.get("href") is not None:
                self._fix(element, "href")
        self._make_figures(root)

    def _fix(self, element: etree.Element, attribute: str) -> None:
        url = element.get(attribute, "")
        if browser_scheme(url) not in SAFE_SCHEMES:
            del element.attrib[attribute]  # javascript:, vbscript:, data: and the like, however spelled
            return
        parts = urlsplit(url.strip())
        if parts.scheme or parts.netloc or not parts.path:
            return  # external, or an in-page anchor
        target, problem = self._resolve(unquote(parts.path))
        if target is None:
            self.collected.problems.append((self._line_of(url), problem, url))
            return
        if target in self.held:  # a draft or scheduled article: link again once it is published
            self.collected.warnings.append((self._line_of(url), "link_unpublished", url))
            del element.attrib[attribute]
            return
        if target in self.link_targets:  # another article or page
            output = self.link_targets[target]
            self.collected.links.append(target)
        else:
            output = target
            if element.tag == "img":
                self.collected.images.append(target)
                element.set("data-loa-image", target)  # the image stage draws it as a <picture>
            else:
                self.collected.links.append(target)
        new_url = relative_url(self.body.page_path, output)
        element.set(attribute, new_url + (f"#{parts.fragment}" if parts.fragment else ""))

    def _resolve(self, path: str) -> tuple[str | None, str]:
        """The path below content/ that `path` (relative to the Markdown file) names, if it exists;
        else None and the problem: a path leaving content/, or no such file."""
        source_dir = posixpath.dirname(self.body.source)
        if path.startswith(("/", "\\")) or "\x00" in path:
            return None, "link_outside"
        joined = posixpath.normpath(posixpath.join(source_dir, path))
        if not joined.startswith("content/"):
            return None, "link_outside"
        below = joined[len("content/"):]
        found = look_up(below, self.link_targets, self.held, self.content_root)
        self.collected.lookups.append((below, found))
        return (None, found) if found in ("broken_link", "link_outside") else (below, "")

    def _line_of(self, url: str) -> int:
        index = self.body.text.find(url)
        return self.body.first_line + (self.body.text.count("\n", 0, index) if index >= 0 else 0)

    def _make_figures(self, root: etree.Element) -> None:
        for index, paragraph in enumerate(list(root)):
            if paragraph.tag != "p" or (paragraph.text or "").strip() or len(paragraph) != 1:
                continue
            image = paragraph[0]
            if image.tag != "img" or not image.get("title") or (image.tail or "").strip():
                continue
            figure = etree.Element("figure")
            caption = image.attrib.pop("title")
            image.tail = None
            figure.append(image)
            etree.SubElement(figure, "figcaption").text = caption
            root.remove(paragraph)
            root.insert(index, figure)


class _LoaExtension(Extension):
    def __init__(self, raw_html: bool):
        super().__init__()
        self.raw_html = raw_html
        self.links: _RewriteLinks | None = None

    def extendMarkdown(self, md) -> None:  # noqa: N802 (Markdown's API)
        self.links = _RewriteLinks(md)
        md.treeprocessors.register(self.links, "loa_links", 5)
        if not self.raw_html:
            md.preprocessors.deregister("html_block")
            md.inlinePatterns.deregister("html")


_converters = threading.local()  # a preview renders in its own thread


def _converter(raw_html: bool) -> tuple[markdown.Markdown, _RewriteLinks]:
    """One Markdown converter per thread (and setting), reset before each body: making one with its
    extensions costs a fifth of converting a body."""
    made = _converters.__dict__.setdefault("made", {})
    if raw_html not in made:
        extension = _LoaExtension(raw_html)
        md = markdown.Markdown(extensions=[*_EXTENSIONS, extension], output_format="html")
        assert extension.links is not None
        made[raw_html] = md, extension.links
    return made[raw_html]


def render_body(body: BodyInput, link_targets: dict[str, str], content_root: Path,
                held: frozenset[str] = frozenset()) -> RenderedBody:
    """Render one Markdown body.

    `link_targets` maps published content files (.md, below content/) to output paths; `held` names
    the ones not published by this build (drafts, scheduled), whose links are dropped with a warning.
    """
    collected = _Collected()
    md, links = _converter(body.raw_html)
    md.reset()  # footnotes, link references and stashed HTML of the body before
    links.start(body, link_targets, held, content_root, collected)
    deep_line = _too_deep(body.text)
    try:
        if deep_line is not None:
            raise RecursionError
        html_out = md.convert(body.text)
    except RecursionError:  # Python-Markdown recurses once per nesting level
        problem = (body.first_line + (deep_line or 0), "markdown_too_deep", str(MAX_NESTING))
        return RenderedBody("", "", "", (), (), (problem,))
    return RenderedBody(
        html=html_out,
        text=html_to_text(html_out),
        first_paragraph=_first_paragraph(html_out),
        images=tuple(dict.fromkeys(collected.images)),
        links=tuple(dict.fromkeys(collected.links)),
        problems=tuple(collected.problems),
        warnings=tuple(collected.warnings),
        lookups=tuple(dict.fromkeys(collected.lookups)),
    )


MAX_NESTING = 100  # list, quote and indentation levels on one line; Python-Markdown fails near 300
_NESTING = re.compile(r"[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+[ \t>]*)*")
_LIST_MARKER = re.compile(r"(?:[-*+]|\d{1,9}[.)])[ \t]")


def _too_deep(text: str) -> int | None:
    """The first line (0-based) nested deeper than MAX_NESTING, if any.

    Counts list, quote and indentation levels at the start of a line, and open brackets within a
    paragraph (Python-Markdown's time grows with the square of their depth).
    """
    brackets = 0
    for number, line in enumerate(text.split("\n")):
        brackets = 0 if not line.strip() else brackets
        opened = line.count("[")
        if brackets + opened <= MAX_NESTING:
            brackets = max(0, brackets + opened - line.count("]"))
        else:
            for char in line:  # rare: only lines with many brackets are walked
                brackets = brackets + 1 if char == "[" else max(0, brackets - 1) if char == "]" else brackets
                if brackets > MAX_NESTING:
                    return number
        prefix = _NESTING.match(line).group(0)
        if len(prefix) <= MAX_NESTING:
            continue  # each level takes at least one character
        expanded = prefix.expandtabs(4)
        depth = expanded.count(" ") // 4 + expanded.count(">") + len(_LIST_MARKER.findall(expanded))
        if depth > MAX_NESTING:
            return number
    return None


_BLOCK_TAG = re.compile(r"</?(?:p|div|h[1-6]|li|ul|ol|dl|dt|dd|figure|figcaption|table|thead|tbody|tr|td|th|br|hr|"
                        r"blockquote|pre|section|article)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def html_to_text(fragment: str) -> str:
    """Visible text of an HTML fragment, on one line."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", fragment, flags=re.S | re.I)
    text = _TAG.sub("", _BLOCK_TAG.sub(" ", text))
    return _SPACE.sub(" ", unescape(text)).strip()


def _first_paragraph(fragment: str) -> str:
    for match in re.finditer(r"<p>(.*?)</p>", fragment, flags=re.S):
        text = html_to_text(match.group(1))
        if text:
            return text
    return ""


def truncate(text: str, limit: int) -> str:
    """Cut at a word boundary, with an ellipsis when anything was cut."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    if not text[limit].isspace():  # the cut falls inside a word: drop that word
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(",.;:–- ") + "…"
