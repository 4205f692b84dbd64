"""Smaller HTML, CSS and JS for slow links, with well-kept minifiers; output stays valid HTML.

minify-html drops what HTML allows to drop (optional tags and quotes, blank space) and
minifies inline CSS; scripts, inline or not, go through rjsmin, which only removes comments
and blank space and so never changes what a script does. CSS files go through rcssmin.
"""

from __future__ import annotations

import re

import minify_html
import rcssmin
import rjsmin

from .asset_refs import is_javascript, transform_html
from .writer import Outputs

_HTML = (".html", ".htm")
_ALREADY_MINIFIED = (".min.js", ".min.css")
_EMPTY_META = re.compile(r"""<meta\s(?:[^>]*\s)?content\s*=\s*(?:""|'')[\s/]*(?:\s[^>]*)?>""", re.I)


def minify_outputs(outputs: Outputs) -> int:
    """Minify every HTML, CSS and JS output in place (not kept pages, not data scripts); returns the bytes saved."""
    saved = 0
    for path in sorted(outputs.owners):
        if _minifier(path) is None or path in outputs.tuned or path in outputs.data:
            continue
        data = outputs.read(path)
        small = minified(path, data)
        if small is not data:
            outputs.replace(path, small)
            saved += len(data) - len(small)
    return saved


def minified(path: str, data: bytes) -> bytes:
    """The bytes `minify_outputs` writes for `data` at `path`: `data` itself when minifying would not help."""
    minify = _minifier(path)
    if minify is None:
        return data
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:  # not text we can safely rewrite: leave it as it is
        return data
    small = minify(text).encode("utf-8")
    return small if len(small) < len(data) else data


def minify_html_text(text: str) -> str:
    """One HTML document, minified; the result is still valid HTML5."""
    text = transform_html(text, tag=_drop_empty_meta,
                          script=lambda body, attrs: minify_js(body) if is_javascript(attrs) else body)
    return minify_html.minify(text, minify_css=True, minify_js=False, keep_comments=False)


def _drop_empty_meta(tag: str) -> str:
    """`<meta name=x content="">` says nothing; minify-html would drop its `content` and make it invalid."""
    if _EMPTY_META.match(tag):
        return ""
    return tag


def minify_css(text: str) -> str:
    return rcssmin.cssmin(text)


def minify_js(text: str) -> str:
    return rjsmin.jsmin(text).strip()


def _minifier(path: str):
    if path.endswith(_ALREADY_MINIFIED):
        return None
    if path.endswith(_HTML):
        return minify_html_text
    if path.endswith(".css"):
        return minify_css
    if path.endswith((".js", ".mjs")):
        return minify_js
    return None
