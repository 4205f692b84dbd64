"""Pages left as the last build wrote them, when nothing they show has changed.

Every page gets a key: a digest of its template's name and of everything the template can read,
its whole context (the article, its neighbours and related articles, the sidebar, the menu, the
site's settings, the <head> data), walked down to strings and numbers; the environment's own
key adds the theme's files, the asset names pages link to, the output options and Loa's code. A
page whose key equals the one recorded for the file now in the output folder, which is still as
that build left it (size, modification time, inode), is not rendered: its file is kept.

The records live in `.loa-cache/pages/<output folder's digest>.pickle`, written after a successful build;
those of output folders that are gone (a closed preview's) are deleted then.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import stat
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path, PurePath

from . import build_cache
from .theme_loader import DEFAULT_THEME

COMPRESSED = (".gz", ".br")  # copies that precompression writes beside a page

PASSING_LIMIT = 50_000  # dicts and lists remembered while pages are keyed: a few megabytes
_ATOMS = (str, int, float, bool, type(None), bytes, date, datetime, time, timedelta, tzinfo, PurePath)
_Files = tuple[tuple[str, int, int, int], ...]  # (output path, size, mtime_ns, inode) of a page and its copies


class Unkeyable(TypeError):
    """A context holds a value that cannot be keyed by its contents: such a page is always rendered."""


class Fingerprints:
    """Digests of context values, each value walked once (by identity) while it may be met again.

    Immutable values (tuples, frozensets, frozen dataclasses: articles, terms, settings) are shared by
    many pages and remembered for the whole build; dicts and lists are mostly made for one page, and
    are remembered only until `forget_passing`, so a big site's pages are not all kept alive.
    """

    def __init__(self) -> None:
        # each value is kept beside its digest so that its id cannot be reused by another object
        self._lasting: dict[int, tuple[object, bytes]] = {}
        self._passing: dict[int, tuple[object, bytes]] = {}

    def of(self, value: object) -> bytes:
        if type(value) is str and len(value) < 256:  # short strings: their bytes are their digest
            return b"s" + value.encode("utf-8", "surrogatepass") + b"\0"
        known = self._lasting.get(id(value)) or self._passing.get(id(value))
        if known is not None:
            return known[1]
        digest = hashlib.blake2b(self._parts(value), digest_size=16).digest()
        memo = self._passing if isinstance(value, (dict, list, set)) else self._lasting
        memo[id(value)] = (value, digest)
        return digest

    def forget_passing(self) -> None:
        """Let go of dicts and lists met so far, once there are many (pages share some: teasers, the menu)."""
        if len(self._passing) > PASSING_LIMIT:
            self._passing.clear()

    def _parts(self, value: object) -> bytes:
        kind = type(value)
        name = f"{kind.__module__}.{kind.__qualname__}:".encode()
        if isinstance(value, str):
            return name + value.encode("utf-8", "surrogatepass")
        if isinstance(value, _ATOMS):
            return name + repr(value).encode("utf-8", "surrogatepass")
        if isinstance(value, (list, tuple)):
            return name + b"".join(map(self.of, value))
        if isinstance(value, dict):
            return name + b"".join(self.of(k) + self.of(v) for k, v in value.items())
        if isinstance(value, (set, frozenset)):
            return name + b"".join(sorted(map(self.of, value)))
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return name + b"".join(self.of(getattr(value, f.name)) for f in dataclasses.fields(value))
        raise Unkeyable(kind.__qualname__)


def environment_key(site_root: Path, asset_names: dict[str, str], options: Iterable[object]) -> bytes:
    """What every page depends on beyond its context: Loa's code, the theme's files, asset names, options."""
    digest = hashlib.blake2b(build_cache.code_version().encode(), digest_size=16)
    digest.update(repr((sorted(asset_names.items()), *options)).encode())
    for folder in (site_root / "templates", DEFAULT_THEME):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else ():
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()


def page_key(environment: bytes, template: str, context: dict, fingerprints: Fingerprints) -> str | None:
    """The key of a page drawn by `template` from `context`, or None if that cannot be keyed."""
    try:
        return hashlib.blake2b(environment + template.encode() + b"\0" + fingerprints.of(context),
                               digest_size=16).hexdigest()
    except Unkeyable:
        return None


STORE_FOLDER = "pages"  # in .loa-cache/: one store per output folder


def store_name(out_dir: Path) -> str:
    return f"{STORE_FOLDER}/{hashlib.sha256(os.fsencode(out_dir)).hexdigest()[:16]}"


def forget_gone_folders(site_root: Path) -> None:
    """Delete the records of output folders that no longer exist (a closed preview's, a bundle's)."""
    for path in (site_root / build_cache.CACHE_FOLDER / STORE_FOLDER).glob("*.pickle"):
        folder = build_cache.read_store(site_root, f"{STORE_FOLDER}/{path.stem}").get("out_dir")
        if not isinstance(folder, str) or not os.path.isdir(folder):
            path.unlink(missing_ok=True)


class PageCache:
    """The keys of the pages in the output folder as the last build recorded them, and this build's."""

    def __init__(self, site_root: Path, out_dir: Path):
        self.site_root = site_root
        self.out_dir = out_dir.resolve()
        stored = build_cache.read_store(site_root, store_name(self.out_dir))
        self._earlier: dict[str, tuple[str, _Files]] = stored.get("pages", {})
        self.keys: dict[str, str] = {}  # page path -> key, of this build's pages

    def reusable(self) -> dict[str, str]:
        """Page path -> key, for every recorded page whose files are still as the last build left them."""
        return {path: key for path, (key, files) in self._earlier.items() if self._intact(files)}

    def _intact(self, files: _Files) -> bool:
        folder = os.fspath(self.out_dir)
        for path, size, mtime, inode in files:
            try:
                info = os.lstat(os.path.join(folder, path))
            except OSError:
                return False
            if not stat.S_ISREG(info.st_mode) or (info.st_size, info.st_mtime_ns, info.st_ino) != (size, mtime, inode):
                return False
        return True

    def kept_files(self, path: str) -> tuple[Path, dict[str, Path]]:
        """The file of a kept page, and the compressed copies of it (by output path) written beside it."""
        _, (page, *compressed) = self._earlier[path]
        return self.out_dir / page[0], {name: self.out_dir / name for name, *_ in compressed}

    def save(self, compressed: bool) -> None:
        """Record this build's pages as they now are in the output folder (with their .gz and .br copies,
        when the site has them)."""
        records: dict[str, tuple[str, _Files]] = {}
        folder = os.fspath(self.out_dir)
        for path, key in self.keys.items():
            files = []
            for name in (path, *(path + suffix for suffix in COMPRESSED if compressed)):
                try:
                    info = os.lstat(os.path.join(folder, name))
                except OSError:
                    continue
                files.append((name, info.st_size, info.st_mtime_ns, info.st_ino))
            if files and files[0][0] == path:
                records[path] = (key, tuple(files))
        if records != self._earlier:
            build_cache.write_store(self.site_root, store_name(self.out_dir),
                                    {"out_dir": os.fspath(self.out_dir), "pages": records})
        forget_gone_folders(self.site_root)
