"""Articles, pages and campaigns as the last build loaded them, reused while their file is unchanged.

A file is known first by its stat (size, mtime, ctime, inode): reading and parsing 10,000 files took
0.7 s of every build, however few of them had changed. A file whose stat is new (an edit, or a fresh checkout where every
file is) is read and known by its text, so that only a changed text is parsed again: YAML takes most
of a load. Either way an entry is reused only if every path its fields named (`fields.parse_site_path`:
a cover, a gallery, a plan) still finds what it found; a file whose load reported anything is never
kept, so its messages come from a fresh parse every build.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from .build_cache import CACHE_FOLDER, RACY_SECONDS, KeptStores, Store
from .errors import ContentError
from .fields import FieldContext, Lookup, parse_site_path
from .sources import read_text

LOAD_STORE = "loaded"  # in .loa-cache/: by stat key, a text key; by text key, a Loaded


@dataclass(frozen=True)
class Loaded:
    """An item, and the paths its fields looked up.

    The item itself, not its pickle: the store's entries are the objects the build goes on with, so
    a big site holds each article once (at 100,000 articles their pickles took 400 MB more).
    """

    item: object
    lookups: tuple[Lookup, ...]


@dataclass(frozen=True)
class Probe:
    """A file not found in the store: its text, and the keys to keep its fresh load under."""

    by_stat: str | None  # None: changed too recently for its times to be trusted
    by_text: str
    text: str


class LoadCache:
    """The store of loaded files, keyed by each file and the settings its parse reads."""

    def __init__(self, store: Store):
        self.store = store
        self._started_ns = time.time_ns()  # file times are wall-clock times

    @classmethod
    def load(cls, site_root: Path, kept: KeptStores | None = None) -> LoadCache:
        return cls(Store.load(site_root, LOAD_STORE, kept))

    def find(self, ctx: FieldContext, relative: str) -> tuple[object | None, Probe | None]:
        """The item kept for the file `ctx.file` if its paths still find the same files; else what
        was learnt of the file, to keep its fresh load with. Raises ContentError as the loader would
        where the file cannot be read."""
        by_stat = self._stat_key(ctx, relative)  # before the read: a later write changes the times
        known = self.store.find(by_stat) if by_stat else None
        if known and (item := self._reuse(known, ctx)) is not None:
            self.store.keep(by_stat, known)
            return item, None
        text = read_text(ctx.file)
        probe = Probe(by_stat, _digest(relative, _settings(ctx), text), text)
        if (item := self._reuse(probe.by_text, ctx)) is not None:
            self._keep_stat(probe)
            return item, None
        return None, probe

    def keep(self, probe: Probe, item: object, lookups: list[Lookup]) -> None:
        """Keep `item`, loaded from `probe.text`, under the file's keys (a shard that pickle cannot write
        is not kept: `build_cache.Store.save`)."""
        self.store.keep(probe.by_text, Loaded(item, tuple(lookups)))
        self._keep_stat(probe)

    def save(self, site_root: Path, kept: KeptStores | None = None) -> None:
        self.store.save(site_root, LOAD_STORE, kept)
        shutil.rmtree(site_root / CACHE_FOLDER / "front-matter", ignore_errors=True)  # what this store replaced

    def _reuse(self, by_text: str, ctx: FieldContext) -> object | None:
        entry = self.store.find(by_text)
        if entry is None or not all(_finds(ctx, lookup) for lookup in entry.lookups):
            return None
        self.store.keep(by_text, entry)
        return entry.item

    def _keep_stat(self, probe: Probe) -> None:
        if probe.by_stat is not None:
            self.store.keep(probe.by_stat, probe.by_text)

    def _stat_key(self, ctx: FieldContext, relative: str) -> str | None:
        """None if the file cannot be stat'ed or changed too recently for its times to tell a later write."""
        try:
            info = os.stat(ctx.file)
        except OSError:
            return None
        if max(info.st_mtime_ns, info.st_ctime_ns) >= self._started_ns - RACY_SECONDS * 10**9:
            return None
        return _digest(relative, _settings(ctx), (info.st_size, info.st_mtime_ns, info.st_ctime_ns,
                                                   info.st_ino, info.st_dev))


def _settings(ctx: FieldContext) -> tuple:
    """What a load reads besides the file and the files its paths find (checked again on reuse).

    Not the site's folder: a loaded item tells where its file is only by `relative`, so a site moved
    or checked out elsewhere keeps its entries. The time zone by name: a datetime's zone is the one
    ZoneInfo of that name, pickled or not.
    """
    return (ctx.timezone.key,)


def _digest(relative: str, settings: tuple, state: object) -> str:
    """A key that starts as every key of the file `relative` does: its entries share a shard
    (`build_cache.shard_of`), so that an edit rewrites one shard, not the four its old and new keys
    would fall in."""
    def digest(text: str, size: int) -> str:
        return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=size).hexdigest()

    return digest(relative, 2) + digest(repr((relative, settings, state)), 16)


def _finds(ctx: FieldContext, lookup: Lookup) -> bool:
    written, found = lookup
    try:
        return parse_site_path(written, ctx) == found
    except ContentError:  # gone, or moved out of content/: the fresh load reports it
        return False
