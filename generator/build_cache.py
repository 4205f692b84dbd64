"""Results kept between builds in `.loa-cache/`, so that a build redoes only what its inputs changed.

A store is one pickle of a dict, tagged with the version of Loa's code (its source files, not its
version number, which does not change while Loa is worked on) and of the libraries it uses: a store
written by any other code reads as empty. A store that cannot be read or written costs time, never
a wrong site: every entry is checked against the current inputs by the stage that uses it.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import sys
import tempfile
from importlib import metadata
from pathlib import Path

CACHE_FOLDER = ".loa-cache"
PACKAGE = Path(__file__).resolve().parent  # Loa's own files: their version is the code's
LIBRARIES = ("jinja2", "markdown", "pyyaml", "python-slugify", "pillow", "tzdata", "icalendar", "minify-html",
             "rcssmin", "rjsmin", "brotli")
# A file system keeps one mtime for writes in quick succession (its clock is coarse): a file changed
# this shortly before it was read may change again without its times showing it.
RACY_SECONDS = 2


def library_versions() -> list[str]:
    versions = []
    for name in LIBRARIES:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} -")
    return versions


@functools.cache
def code_version() -> str:
    """A digest of Loa's own files (code, messages) and the libraries' versions."""
    digest = hashlib.sha256(repr((sys.version, library_versions())).encode())
    for path in sorted(p for p in PACKAGE.rglob("*") if p.suffix in (".py", ".yaml") and p.is_file()):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def folder_key(folder: Path) -> str:
    """A short name for an output folder, under which what is kept of it is stored."""
    return hashlib.sha256(os.fsencode(folder)).hexdigest()[:16]


def store_path(site_root: Path, name: str) -> Path:
    return site_root / CACHE_FOLDER / f"{name}.pickle"


def read_store(site_root: Path, name: str) -> dict:
    """The store `name` of this site as the last build left it; empty if missing, unreadable or from other code."""
    try:
        with open(store_path(site_root, name), "rb") as file:
            version, data = pickle.load(file)
    except Exception:  # a half-written, foreign or corrupt file: nothing is lost but time
        return {}
    return data if version == code_version() and isinstance(data, dict) else {}


def write_store(site_root: Path, name: str, data: dict) -> bool:
    """Replace the store `name` whole (a reader never sees half of it); a read-only site folder keeps none.
    Whether it was written."""
    path = store_path(site_root, name)
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, suffix=".tmp", delete=False) as file:
            try:
                pickler = pickle.Pickler(file, protocol=pickle.HIGHEST_PROTOCOL)
                # No memo: it would keep every object written, and the bytes copied out of each array,
                # until the end (hundreds of megabytes for a big site); stores share no objects anyway.
                pickler.fast = True
                pickler.dump((code_version(), data))
            except BaseException:
                file.close()
                os.unlink(file.name)
                raise
        os.replace(file.name, path)
        return True
    return False


class KeptStores:
    """The stores' files as this process last read or wrote them: a process that builds again and again
    (`serve`) unpickles a file only when another process has changed it since (at 10,000 articles the
    loaded articles and rendered bodies take half a second to read).

    For `Store`s only: their entries are never changed in place, and are found by a digest of what
    they were made from, so an entry kept here is as good as the file's.
    """

    def __init__(self) -> None:
        self._files: dict[Path, tuple[tuple[int, int, int], dict]] = {}

    def read(self, site_root: Path, name: str) -> dict:
        path = store_path(site_root, name)
        signature = _signature(path)
        kept = self._files.get(path)
        if kept is not None and signature is not None and kept[0] == signature:
            return kept[1]
        data = read_store(site_root, name)
        if signature is not None:
            self._files[path] = (signature, data)
        return data

    def wrote(self, site_root: Path, name: str, data: dict) -> None:
        path = store_path(site_root, name)
        signature = _signature(path)
        if signature is not None:
            self._files[path] = (signature, data)


def _signature(path: Path) -> tuple[int, int, int] | None:
    """A store file's size, mtime and inode (a store is written to a new file, then renamed into place)."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns, info.st_ino


SHARDS = 16  # a store of many entries is kept in this many files, by key: an edit rewrites one of them


def shard_of(key: str) -> int:
    return int(key[:4], 16) % SHARDS  # keys are hex digests


class Store:
    """A store's entries from the last build (`earlier`, by key) and those of this build (`current`).

    Only this build's entries are written back, so a store never holds more than one build needs;
    and only the shards (files) whose entries changed: at 10,000 articles the bodies take 70 MB.
    """

    def __init__(self, earlier: dict):
        self.earlier = earlier
        self.current: dict = {}
        self._fresh: set[int] = set()  # shards holding an entry that is not the one read

    @classmethod
    def load(cls, site_root: Path, name: str, kept: KeptStores | None = None) -> Store:
        earlier: dict = {}
        for shard in range(SHARDS):
            shard_name = f"{name}/{shard:02x}"
            earlier.update(kept.read(site_root, shard_name) if kept else read_store(site_root, shard_name))
        return cls(earlier)

    def find(self, key: str):
        return self.earlier.get(key)

    def keep(self, key: str, value: object) -> None:
        if self.earlier.get(key) is not value:
            self._fresh.add(shard_of(key))
        self.current[key] = value

    def changed_shards(self) -> set[int]:
        return self._fresh | {shard_of(key) for key in self.earlier.keys() - self.current.keys()}

    @property
    def changed(self) -> bool:
        """Whether the store must be written again."""
        return bool(self.changed_shards())

    def save(self, site_root: Path, name: str, kept: KeptStores | None = None) -> None:
        """Write this build's entries of each shard that changed (and keep them in `kept`)."""
        with contextlib.suppress(OSError):
            store_path(site_root, name).unlink(missing_ok=True)  # the whole store in one file, as Loa kept it once
        changed = self.changed_shards()
        shards: dict[int, dict] = {shard: {} for shard in changed}
        for key, value in self.current.items():
            if (shard := shard_of(key)) in changed:
                shards[shard][key] = value
        for shard in sorted(changed):
            data = shards.pop(shard)
            try:
                written = write_store(site_root, f"{name}/{shard:02x}", data)
            except (pickle.PicklingError, TypeError, AttributeError):  # a value of a class pickle cannot find again
                continue  # (a test's fake clock): its entries are made anew next time
            if kept and written:
                kept.wrote(site_root, f"{name}/{shard:02x}", data)
