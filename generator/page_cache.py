"""Pages left as the last build wrote them, when nothing they show has changed.

Every page gets a key: a digest of its template's name and of everything the template can read,
its whole context (the article, its neighbours and related articles, the sidebar, the menu, the
site's settings, the <head> data), pickled; the environment's own key adds the theme's files, the
asset names pages link to, the output options and Loa's code. What a template asks beyond its
context (an image drawn by picture(), whether a page is built) is recorded with the answer. A page
whose key and answers equal those recorded for the file now in the output folder, which is still
as that build left it (size, modification time, inode), is not rendered: its file is kept.

The records live in `.loa-cache/pages/<output folder's digest>.pickle`, written after a successful build;
those of output folders that are gone (a closed preview's) are deleted then.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import io
import os
import pickle
import stat
import types
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path, PurePath

from markupsafe import Markup

from . import build_cache
from .theme_loader import DEFAULT_THEME

COMPRESSED = (".gz", ".br")  # copies that precompression writes beside a page

# Classes and built-in functions are written by name: pickle names them to rebuild datetimes and time zones.
_PLAIN = frozenset({str, int, float, bool, type(None), bytes, list, tuple, dict, Markup, type,
                    types.BuiltinFunctionType})
# Kinds that pickle writes by value (subclasses too): plain data.
_PICKLED = (str, int, float, bool, type(None), bytes, list, tuple, dict, date, datetime, time, timedelta, tzinfo,
          PurePath)
# Metadata of a dataclass field left out of its object's digest (a term's articles: every title edit
# would change every page that shows the term). A template that reads such a field asks for it
# (`render.ThemeEnvironment`), and the page's record keeps the answer: the object's full digest.
UNKEYED = "unkeyed"
LONG_TUPLE = 32  # items from which a tuple stands in by its digest, made once per build (`Fingerprints.long_tuple`)
_Files = tuple[tuple[str, int, int, int], ...]  # (output path, size, mtime_ns, inode) of a page and its copies


class Unkeyable(TypeError):
    """A context holds a value that cannot be keyed by its contents: such a page is always rendered."""


class Fingerprints:
    """Digests of context values, made with pickle (fast, and exact for plain data).

    Dataclass instances (articles, terms, settings) and long tuples, shared by many pages, are
    digested once per build and stand in the stream for their digest; so are sets, whose pickled
    order would change between processes. Any other kind of object cannot be keyed by its
    contents: `Unkeyable`.
    """

    def __init__(self) -> None:
        # each object is kept beside its digest so that its id cannot be reused by another object
        self._known: dict[int, tuple[object, bytes]] = {}
        self._kinds: dict[type, str] = {}

    def of(self, value: object) -> bytes:
        buffer = io.BytesIO()
        _Pickler(buffer, self).dump(value)
        return hashlib.blake2b(buffer.getbuffer(), digest_size=16).digest()

    def stand_in(self, value: object) -> bytes | None:
        """What stands for `value` in the stream: None for plain data, which pickle writes itself."""
        kind = type(value)
        how = self._kinds.get(kind)
        if how is None:
            how = self._kinds[kind] = _kind_of(kind)
        if how == "plain":
            return None
        known = self._known.get(id(value))
        if known is not None:
            return known[1]
        if how == "set":
            digest = self.of(sorted(self.of(item) for item in value))  # type: ignore[attr-defined]
        elif how == "dataclass":
            digest = self.of((kind.__module__, kind.__qualname__, *map(value.__getattribute__, _keyed_fields(kind))))
        else:
            raise Unkeyable(kind.__qualname__)
        self._known[id(value)] = (value, digest)
        return digest


    def long_tuple(self, value: tuple) -> bytes:
        """A long tuple (the addresses of a listing's pages, the articles of a term) is shared by many pages:
        digested once, as its items."""
        known = self._known.get(id(value))
        if known is None:
            known = self._known[id(value)] = (value, self.of(("tuple", list(value))))
        return known[1]


@functools.cache
def _keyed_fields(kind: type) -> tuple[str, ...]:
    """The names of a dataclass's fields that are in its digest (`dataclasses.fields` is slow to call
    for each of thousands of articles)."""
    return tuple(f.name for f in dataclasses.fields(kind) if not f.metadata.get(UNKEYED))


def _kind_of(kind: type) -> str:
    if kind in _PLAIN or issubclass(kind, (*_PICKLED, type)):
        return "plain"
    if issubclass(kind, (set, frozenset)):
        return "set"
    if dataclasses.is_dataclass(kind):
        return "dataclass"
    return "other"


class _Pickler(pickle.Pickler):
    def __init__(self, file: io.BytesIO, fingerprints: Fingerprints):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.fingerprints = fingerprints
        # No memo: it writes a value met twice as a reference the second time, so equal contexts made of
        # shared or of separate (equal) objects would give different streams.
        self.fast = True

    def persistent_id(self, obj: object) -> bytes | None:  # called for every object written: keep it short
        kind = type(obj)
        if kind is tuple and len(obj) >= LONG_TUPLE:  # type: ignore[arg-type]
            return self.fingerprints.long_tuple(obj)  # type: ignore[arg-type]
        return None if kind in _PLAIN else self.fingerprints.stand_in(obj)


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
    except (Unkeyable, pickle.PicklingError, TypeError, AttributeError):  # an object pickle cannot write
        return None


STORE_FOLDER = "pages"  # in .loa-cache/: one store per output folder


def store_name(out_dir: Path) -> str:
    return f"{STORE_FOLDER}/{build_cache.folder_key(out_dir)}"


def forget_gone_folders(site_root: Path, current: str) -> None:
    """Delete the records of output folders that no longer exist (a closed preview's, a bundle's);
    `current` names the store of the folder just built, which is not read again."""
    for path in (site_root / build_cache.CACHE_FOLDER / STORE_FOLDER).glob("*.pickle"):
        if f"{STORE_FOLDER}/{path.stem}" == current:
            continue
        folder = build_cache.read_store(site_root, f"{STORE_FOLDER}/{path.stem}").get("out_dir")
        if not isinstance(folder, str) or not os.path.isdir(folder):
            path.unlink(missing_ok=True)


@dataclasses.dataclass(frozen=True)
class PageRecord:
    """What a page's file was made from: its key, and what its template asked beyond its context with the
    answer then, (kind, name, answer): an image drawn by picture() and its digest, whether a page is built,
    a term's articles and the term's whole digest."""

    key: str
    answers: tuple[tuple[str, str, str], ...] = ()


def answers_for(images: Mapping[str, object], pages: frozenset[str],
                terms: Mapping[str, object]) -> Callable[[str, str], str]:
    """The answer, now, to what a template asks beyond its context (see PageRecord); each made once.

    `terms`: by "kind/slug", the categories and tags, whose articles a template asks for.
    """
    made: dict[tuple[str, str], str] = {}
    fingerprints = Fingerprints()  # terms share their articles: each is digested once

    def answer(kind: str, name: str) -> str:
        if (kind, name) not in made:
            if kind == "image":
                made[kind, name] = fingerprints.of(images.get(name)).hex()
            elif kind == "page":
                made[kind, name] = str(name in pages)
            elif kind == "term":
                term = terms.get(name)
                made[kind, name] = fingerprints.of([getattr(term, f.name) for f in dataclasses.fields(term)]
                                                   if term else None).hex()  # type: ignore[arg-type]
            else:  # every page
                made[kind, name] = fingerprints.of(pages).hex()
        return made[kind, name]

    return answer


# What the pages of a site show beyond their own context: kinds of `PageRecord.answers` that a `Basis`
# vouches for (whether pages are built, a term's articles), unlike an image's file, asked again.
_ANSWERED_BY_BASIS = frozenset({"page", "pages", "term"})


@dataclasses.dataclass(frozen=True)
class Basis:
    """What a build's pages were made from, item by item: a later build that differs from it only in the
    text of some articles' or pages' bodies (not their first paragraph, which teasers show elsewhere) has
    every other page as it was, and need not even key them (`PageCache.settled`).

    `shared`: the key of what every page shows (`render.shared_page_key`); `pages`: a digest of every
    planned page's path and template; `items`: each article's, page's and campaign's digest, its body
    aside; `bodies`: each body's digest and its first paragraph's; `until`: the moment from which the
    output changes with the clock (`Site.next_change`), as a timestamp.
    """

    shared: str
    pages: str
    items: dict[str, str]
    bodies: dict[str, tuple[str, str]]
    until: float

    @classmethod
    def of(cls, shared: str, pages: Iterable[tuple[str, str]], items: Iterable[tuple[str, object]],
           bodies: Mapping[str, tuple[str, str]], until: datetime) -> Basis:
        """`items`: (source, item) with the body emptied (a build lets the Markdown go once it is HTML), whose
        repr tells every field; `bodies`: source -> (HTML, first paragraph)."""
        return cls(shared, _digest(repr(list(pages))), {source: _digest(repr(item)) for source, item in items},
                   {source: (_digest(html), _digest(first)) for source, (html, first) in bodies.items()},
                   until.timestamp())


def answers_hold(record: PageRecord, answer: Callable[[str, str], str], settled: bool = False) -> bool:
    """Whether a page's answers are still those recorded; for a settled page, those its basis does not
    vouch for (images)."""
    vouched = _ANSWERED_BY_BASIS if settled else frozenset()
    return all(answer(kind, name) == found for kind, name, found in record.answers if kind not in vouched)


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class PageCache:
    """The records of the pages in the output folder as the last build left them, and this build's."""

    def __init__(self, site_root: Path, out_dir: Path):
        self.site_root = site_root
        self.out_dir = out_dir.resolve()
        stored = build_cache.read_store(site_root, store_name(self.out_dir))
        self._earlier: dict[str, tuple[PageRecord, _Files]] = stored.get("pages", {})
        earlier_basis = stored.get("basis")
        self._earlier_basis = earlier_basis if isinstance(earlier_basis, Basis) else None
        self.records: dict[str, PageRecord] = {}  # by page path, of this build's pages
        self.basis: Basis | None = None  # this build's, saved with its records

    def settled(self, now: datetime, own_pages: Mapping[str, str]) -> frozenset[str]:
        """The pages known to be as the last build made them, from `self.basis` against the last build's:
        none unless only bodies changed (see Basis), else every page but the own pages of the changed
        bodies (`own_pages`: source -> its page). Their records still answer for images."""
        then, basis = self._earlier_basis, self.basis
        if then is None or basis is None or now.timestamp() >= then.until or \
                (then.shared, then.pages, then.items) != (basis.shared, basis.pages, basis.items):
            return frozenset()
        earlier = then.bodies
        changed = [source for source, digests in basis.bodies.items() if earlier.get(source) != digests]
        if any(source not in own_pages or source not in earlier or earlier[source][1] != basis.bodies[source][1]
               for source in changed):
            return frozenset()  # a teaser elsewhere shows the first paragraph; a campaign's text is on many pages
        return frozenset(self._earlier) - {own_pages[source] for source in changed}

    def reusable(self) -> dict[str, PageRecord]:
        """Page path -> record, for every recorded page whose files are still as the last build left them."""
        return {path: record for path, (record, files) in self._earlier.items() if self._intact(files)}

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
        records: dict[str, tuple[PageRecord, _Files]] = {}
        folder = os.fspath(self.out_dir)
        for path, record in self.records.items():
            files = []
            for name in (path, *(path + suffix for suffix in COMPRESSED if compressed)):
                try:
                    info = os.lstat(os.path.join(folder, name))
                except OSError:
                    continue
                files.append((name, info.st_size, info.st_mtime_ns, info.st_ino))
            if files and files[0][0] == path:
                records[path] = (record, tuple(files))
        if records != self._earlier or self.basis != self._earlier_basis:
            build_cache.write_store(self.site_root, store_name(self.out_dir),
                                    {"out_dir": os.fspath(self.out_dir), "pages": records, "basis": self.basis})
        forget_gone_folders(self.site_root, store_name(self.out_dir))
