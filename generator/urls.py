"""Output paths and the relative links between them.

Every internal link is relative and names a file, so a site works from file://
and under any sub-path of any host.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
from urllib.parse import quote


def relative_url(from_page: str, to_path: str) -> str:
    """The link from the output file `from_page` to the output file `to_path`."""
    return _relative(posixpath.dirname(from_page) or ".", to_path)


@functools.lru_cache(maxsize=262144)
def _relative(start: str, to_path: str) -> str:
    # Pages of one folder share every link: caching by folder makes this nearly free.
    return quote(_relpath(to_path, start), safe="/#?=&%")


def _relpath(path: str, start: str) -> str:
    """posixpath.relpath(path, start), without its two abspath() calls when both are plain output paths.

    A listing folder links to articles no other folder links to: the 1,000-article bench site
    has 21,000 different links (folder, target), and abspath() was most of their cost.
    """
    parts, base = _plain_parts(path), [] if start == "." else _plain_parts(start)
    if parts is None or base is None:
        return posixpath.relpath(path, start)
    common = 0
    for mine, theirs in zip(parts, base):
        if mine != theirs:
            break
        common += 1
    return "/".join([".."] * (len(base) - common) + parts[common:]) or "."


def _plain_parts(path: str) -> list[str] | None:
    """The folders and name of a relative path that normalising leaves alone; None for any other."""
    parts = path.split("/")
    # "" stands for a leading, doubled or trailing slash (or no path at all)
    return None if "" in parts or "." in parts or ".." in parts else parts


def absolute_url(base_url: str, path: str) -> str:
    """`base_url` joined with an output path; used only in feeds, sitemap and canonical links."""
    # most paths have nothing to quote: a match costs a third of quote() (a sitemap makes 17,000 URLs)
    if _NOTHING_TO_QUOTE.fullmatch(path):
        return base_url + path
    return base_url + quote(path, safe="/#?=&%")


# what quote(path, safe="/#?=&%") leaves as it is: its always-safe ASCII characters and `safe`
_NOTHING_TO_QUOTE = re.compile(r"[A-Za-z0-9_.~/#?=&%-]*")


def paginated_path(first: str, number: int) -> str:
    """`x/index.html` for page 1, `x/page-2.html` after; `index.html` -> `page-2.html`."""
    if number == 1:
        return first
    folder = posixpath.dirname(first)
    name = f"page-{number}.html"
    return posixpath.join(folder, name) if folder else name


SAFE_SCHEMES = frozenset({"", "http", "https", "mailto", "tel", "ftp"})
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_IGNORED_BY_BROWSERS = re.compile(r"[\t\n\r]")


def browser_scheme(url: str) -> str:
    """The URL scheme a browser would act on, lowercase ("" for a relative URL).

    Browsers decode entities, drop tabs and newlines anywhere and strip leading spaces and control
    characters, so `jav&#x09;ascript:` and ` JaVaScRiPt:` are both javascript:.
    """
    text = _IGNORED_BY_BROWSERS.sub("", unescape(url)).lstrip("".join(map(chr, range(0x21))))
    match = _SCHEME.match(text)
    return match.group(1).lower() if match else ""


_LEADING_ZEROS = re.compile(r"&#0+(?=\d)")
_LONG_DECIMAL_REF = re.compile(r"&#[1-9]\d{7,}")


def unescape(text: str) -> str:
    """html.unescape, safe from `&#` followed by thousands of digits (a ValueError in the standard library).

    Any decimal reference of eight digits or more is past U+10FFFF and decodes to U+FFFD anyway.
    """
    return html.unescape(_LONG_DECIMAL_REF.sub("&#99999999", _LEADING_ZEROS.sub("&#", text)))
