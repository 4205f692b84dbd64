"""The URLs that HTML, CSS and JS files use to name other output files, found and rewritten.

Used by the output stages that rename or rewrite files after rendering (fingerprinting,
minifying), so that they work on any theme without knowing how its templates link.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable
from urllib.parse import unquote

from .urls import absolute_url, relative_url

Lookup = Callable[[str], "str | None"]  # an output path -> its new output path, or None to keep it

# A comment, a raw-text element (script or style, whose body is not HTML), or a start tag.
_HTML_TOKEN = re.compile(
    r"""(?P<comment><!--.*?-->)"""
    r"""|(?P<raw><(?P<name>script|style)\b(?P<attrs>(?:"[^"]*"|'[^']*'|[^'">])*)>(?P<body>.*?)</(?P=name)\s*>)"""
    r"""|(?P<tag><[a-zA-Z](?:"[^"]*"|'[^']*'|[^'">])*>)""",
    re.S | re.I,
)
_ATTRIBUTE = re.compile(r"""(?P<lead>\s)(?P<name>[^\s"'>/=]+)(?P<eq>\s*=\s*)(?P<value>"[^"]*"|'[^']*'|[^\s"'=<>`]+)""")
_URL_ATTRIBUTES = re.compile(r"^(?:href|src|(?:data-)?[\w-]*-(?:href|src))$", re.I)
_CSS_URL = re.compile(r"""(?P<head>url\(\s*|@import\s*)(?P<value>"[^"]*"|'[^']*'|(?<=\()[^"')\s]+)""", re.I)
_SCHEME = re.compile(r"^[a-zA-Z][\w+.-]*:")
_JS_TYPES = ("", "text/javascript", "module", "application/javascript", "application/ld+json")


def transform_html(text: str, tag: Callable[[str], str] = lambda t: t,
                   script: Callable[[str, str], str] = lambda body, attrs: body,
                   style: Callable[[str], str] = lambda body: body) -> str:
    """Apply `tag` to every start tag, `script(body, attrs)` to inline scripts and `style` to style bodies."""

    def one(match: re.Match) -> str:
        if match["comment"]:
            return match[0]
        if match["tag"]:
            return tag(match[0])
        name, attrs, body = match["name"], match["attrs"], match["body"]
        opening = tag(f"<{name}{attrs}>")
        new_body = script(body, attrs) if name.lower() == "script" else style(body)
        return f"{opening}{new_body}</{name}>"

    return _HTML_TOKEN.sub(one, text)


def is_javascript(attrs: str) -> bool:
    """Whether a script element with these attributes holds JavaScript (or JSON-LD) code."""
    match = re.search(r"""\stype\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", attrs, re.I)
    kind = next((g for g in match.groups() if g is not None), "") if match else ""
    return kind.strip().lower() in _JS_TYPES


def rewrite_html(text: str, page: str, lookup: Lookup, base_url: str = "",
                 script_names: Callable[[str], str] | None = None) -> str:
    """Rewrite the links in `page` (HTML) that `lookup` renames; relative links stay relative."""

    def tag(source: str) -> str:
        def attribute(match: re.Match) -> str:
            name, value = match["name"], match["value"]
            quote = value[0] if value[0] in "\"'" else ""
            raw = value[1:-1] if quote else value
            if name.lower() == "style":
                css = html.unescape(raw)
                new = rewrite_css(css, page, lookup, base_url)
                new = None if new == css else new
            elif _URL_ATTRIBUTES.match(name):
                new = rewrite_url(html.unescape(raw), page, lookup, base_url)
            else:
                return match[0]
            if new is None:
                return match[0]
            if not quote and re.search(r"""[\s"'=<>`]""", new):
                quote = '"'
            new = html.escape(new, quote=False).replace(quote or '"', "&quot;" if quote != "'" else "&#39;")
            return f"{match['lead']}{name}{match['eq']}{quote}{new}{quote}"

        return _ATTRIBUTE.sub(attribute, source)

    return transform_html(
        text, tag=tag,
        script=lambda body, attrs: script_names(body) if script_names and is_javascript(attrs) else body,
        style=lambda body: rewrite_css(body, page, lookup, base_url))


def rewrite_css(text: str, css_path: str, lookup: Lookup, base_url: str = "") -> str:
    """Rewrite `url(...)` and `@import` references that `lookup` renames, relative to `css_path`."""

    def one(match: re.Match) -> str:
        value = match["value"]
        quote = value[0] if value[0] in "\"'" else ""
        raw = value[1:-1] if quote else value
        new = rewrite_url(raw, css_path, lookup, base_url)
        return match[0] if new is None else f"{match['head']}{quote}{new}{quote}"

    return _CSS_URL.sub(one, text)


def rewrite_url(value: str, from_path: str, lookup: Lookup, base_url: str = "") -> str | None:
    """The new URL for `value` (as written in `from_path`) if `lookup` renames its target, else None."""
    target = resolve_url(value, from_path, base_url)
    if target is None:
        return None
    path, suffix, absolute = target
    new = lookup(path)
    if new is None:
        return None
    return (absolute_url(base_url, new) if absolute else relative_url(from_path, new)) + suffix


def resolve_url(value: str, from_path: str, base_url: str = "") -> tuple[str, str, bool] | None:
    """(output path, "?query#fragment", absolute?) that a URL in `from_path` names, None outside the site."""
    value = value.strip()
    cut = min((i for i in (value.find("?"), value.find("#")) if i >= 0), default=len(value))
    path, suffix = value[:cut], value[cut:]
    absolute = bool(base_url) and path.startswith(base_url)
    if absolute:
        path = path[len(base_url):]
    elif not path or _SCHEME.match(path) or path.startswith("/"):
        return None
    else:
        path = posixpath.join(posixpath.dirname(from_path), path)
    normal = posixpath.normpath(unquote(path))
    if normal in (".", "..") or normal.startswith("../"):
        return None
    return normal, suffix, absolute


def find_names(paths: list[str], folder: str = "assets/") -> Callable[[str], list[tuple[re.Match, str]]]:
    """A function listing where JavaScript text names one of `paths`: (match, path) pairs.

    Scripts build URLs in many ways, so a file is recognised by its path, its path below
    `folder`, or its bare name when no other file of `paths` shares it.
    """
    tokens: dict[str, str] = {}
    names = [posixpath.basename(p) for p in paths]
    for path in paths:
        tokens[path] = path
        if path.startswith(folder):
            tokens[path[len(folder):]] = path
        if names.count(posixpath.basename(path)) == 1:
            tokens[posixpath.basename(path)] = path
    if not tokens:
        return lambda text: []
    pattern = re.compile(r"(?<![\w.-])(?:" + "|".join(re.escape(t) for t in sorted(tokens, key=len, reverse=True))
                         + r")(?![\w.-])")
    return lambda text: [(m, tokens[m[0]]) for m in pattern.finditer(text)]


def name_rewriter(renames: dict[str, str], folder: str = "assets/") -> Callable[[str], str]:
    """A function that renames the files of `renames` wherever JavaScript text names them."""
    find = find_names(sorted(renames), folder)

    def rewrite(text: str) -> str:
        pieces, end = [], 0
        for match, path in find(text):
            old_name = posixpath.basename(path)
            pieces += [text[end:match.start()], match[0][:-len(old_name)], posixpath.basename(renames[path])]
            end = match.end()
        return "".join(pieces) + text[end:]

    return rewrite
