"""Content hashes in the names of CSS and JS files, so hosts can let browsers cache them forever.

`assets/style.css` becomes `assets/style.3f2a9c1b.css`, and every reference to it in HTML
(href/src, inline styles and scripts), CSS (url(), @import) and JS is rewritten. A name changes
exactly when the file's bytes change, or those of a file it names (whose name is in its bytes).
"""

from __future__ import annotations

import hashlib
import html
import posixpath
from collections.abc import Callable, Collection
from urllib.parse import unquote

from .asset_refs import find_names, name_rewriter, rewrite_css, rewrite_html
from .writer import Outputs

ASSET_FOLDER = "assets/"
HASHED_SUFFIXES = (".css", ".js")
# Files whose URL others rely on: a service worker is looked up by its name on every visit.
FIXED_NAMES = frozenset({"sw.js", "service-worker.js", "serviceworker.js"})
HASH_LENGTH = 8
_REWRITTEN = (".html", ".htm", ".css", ".js", ".mjs")


def is_hashable(path: str) -> bool:
    """CSS and JS files under assets/ get hashed names; anything else keeps its name."""
    return (path.startswith(ASSET_FOLDER) and path.endswith(HASHED_SUFFIXES)
            and posixpath.basename(path) not in FIXED_NAMES)


def hashed_path(path: str, digest: str) -> str:
    """`assets/style.css` -> `assets/style.<digest>.css`."""
    stem, suffix = posixpath.splitext(path)
    return f"{stem}.{digest[:HASH_LENGTH]}{suffix}"


def asset_names(outputs: Outputs, base_url: str = "",
                prepare: Callable[[str, bytes], bytes] = lambda path, data: data) -> dict[str, str]:
    """Old -> hashed path of every hashable asset, from `prepare(path, bytes)`: the bytes it will have."""
    assets = sorted(p for p in outputs.owners if is_hashable(p))
    texts = {p: _text(prepare(p, outputs.read(p))) for p in assets}
    uses = {p: _references(p, texts[p], assets, base_url) for p in assets}
    return {p: hashed_path(p, _fingerprint(p, texts, uses)) for p in assets}


def hash_asset_names(outputs: Outputs, base_url: str = "", rendered_with: dict[str, str] | None = None) -> dict[str, str]:
    """Rename every hashable asset by its content and rewrite every reference; returns old -> new path.

    `rendered_with` holds the hashed names that templates already linked to while rendering
    (render.make_environment): a name that turned out wrong, because an output added after
    rendering changed a hash, is rewritten like an unhashed one.
    """
    renames = asset_names(outputs, base_url)
    if not renames:
        return {}
    stale = {early: renames[p] for p, early in (rendered_with or {}).items() if renames.get(p, early) != early}
    # pages kept from the last build link to the names they were rendered with, unless one is stale
    skip = outputs.data if stale else outputs.data | outputs.tuned.keys()
    rewrite_references(outputs, {**renames, **stale}, base_url, skip=skip)
    for old, new in renames.items():
        outputs.move(old, new, outputs.read(old))
    return renames


def rewrite_references(outputs: Outputs, renames: dict[str, str], base_url: str = "",
                       skip: Collection[str] = ()) -> None:
    """Point every HTML, CSS and JS output (but those in `skip`) at the new names."""
    lookup = renames.get
    in_script = name_rewriter(renames, ASSET_FOLDER)
    names = {posixpath.basename(p) for p in renames}
    encoded = {name.encode("utf-8", "surrogateescape") for name in names}
    for path in sorted(p for p in outputs.owners if p.endswith(_REWRITTEN) and p not in skip):
        data = outputs.read(path)
        if not _may_mention(data, encoded):  # most pages: the templates linked to the hashed names already
            continue
        text = _text(data)
        if not _mentions(text, names):
            continue
        if path.endswith((".html", ".htm")):
            new = rewrite_html(text, path, lookup, base_url, in_script)
        elif path.endswith(".css"):
            new = rewrite_css(text, path, lookup, base_url)
        else:
            new = in_script(text)
        if new != text:
            outputs.replace(path, new.encode("utf-8", "surrogateescape"))


def _may_mention(data: bytes, names: set[bytes]) -> bool:
    """False only where `_mentions` is, without decoding: `data` holds the encoding of each part of its text."""
    return b"%" in data or b"&" in data or any(name in data for name in names)


def _mentions(text: str, names: set[str]) -> bool:
    """Whether `text` may name one of the files called `names`: every reference the rewrite finds does."""
    if any(name in text for name in names):
        return True
    if "%" in text or "&" in text:  # a URL may spell the name with %-escapes or character references
        decoded = unquote(html.unescape(text))
        return any(name in decoded for name in names)
    return False


def _references(path: str, text: str, assets: list[str], base_url: str) -> set[str]:
    """The hashable assets that `path` names."""
    found: set[str] = set()

    def record(target: str) -> None:
        if target in assets and target != path:
            found.add(target)

    if path.endswith(".css"):
        rewrite_css(text, path, lambda target: record(target), base_url)
    else:
        for _match, target in find_names(assets, ASSET_FOLDER)(text):
            record(target)
    return found


def _fingerprint(path: str, texts: dict[str, str], uses: dict[str, set[str]]) -> str:
    """A hash of the file and of every asset it names, directly or not (cycles included)."""
    seen, todo = {path}, [path]
    while todo:
        for used in uses[todo.pop()]:
            if used not in seen:
                seen.add(used)
                todo.append(used)
    digest = hashlib.sha256()
    for member in sorted(seen):
        digest.update(member.encode("utf-8") + b"\x00" + texts[member].encode("utf-8", "surrogateescape") + b"\x00")
    return digest.hexdigest()


def _text(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")
