"""Skip a build whose output folder already holds exactly what it would write.

A successful `build.py build` records what it read (path, size, mtime, ctime and inode of site.yaml,
every file below content/ and templates/, the default theme and Loa's own code; the libraries'
versions; the options; SOURCE_DATE_EPOCH) and what it wrote (path, size, mtime and inode of every
output file), in `.loa-cache/builds/`. The next build compares both before reading anything else: if
nothing differs and the clock has not reached the first moment at which the output would change
(midnight where the site is, for campaign statuses and "upcoming"; the next scheduled article), the
output folder is already what a build would write, and the build stops there.

A file system keeps one mtime for writes in quick succession, so inputs changed within
RACY_SECONDS before a build are not trusted: such a build records nothing, and the next one is full.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import stat
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from . import __version__
from .build_cache import CACHE_FOLDER, PACKAGE, RACY_SECONDS, folder_key, library_versions
from .postprocess import SiteSizes
from .theme_loader import DEFAULT_THEME

FORMAT = 1


@dataclasses.dataclass(frozen=True)
class Inputs:
    digest: str  # of everything the build reads, by stat
    newest_ns: int  # the latest mtime or ctime among the input files
    taken_ns: int  # when they were read (wall clock, as file times are)

    @property
    def trusted(self) -> bool:
        """No input changed so shortly before it was read that a later write could keep its times."""
        return self.newest_ns < self.taken_ns - RACY_SECONDS * 10**9


@dataclasses.dataclass(frozen=True)
class Summary:
    """What the summary line of a skipped build repeats."""

    files: int
    pages: int
    skipped_drafts: int
    skipped_future: int
    sizes: SiteSizes | None


def read_inputs(site_root: Path, out_dir: Path, settings: str) -> Inputs:
    """Stat every input; `settings` names the options and the build's fixed "now", if any."""
    taken = time.time_ns()
    digest = hashlib.sha256()
    newest = 0
    digest.update(json.dumps([FORMAT, __version__, sys.version, sys.executable, str(out_dir), settings,
                              os.environ.get("SOURCE_DATE_EPOCH"), library_versions()]).encode())
    for folder in (site_root / "site.yaml", site_root / "content", site_root / "templates", DEFAULT_THEME, PACKAGE):
        for path, size, mtime, ctime, inode in _stat_tree(folder):
            digest.update(f"{path}\0{size}\0{mtime}\0{ctime}\0{inode}\n".encode())
            newest = max(newest, mtime, ctime)
    return Inputs(digest.hexdigest(), newest, taken)


def _stat_tree(top: Path) -> list[tuple[str, int, int, int, int]]:
    """(path, size, mtime, ctime, inode) of `top` and everything below it, following symlinks as the loaders do."""
    found: list[tuple[str, int, int, int, int]] = []
    seen: set[tuple[int, int]] = set()
    pending = [os.fspath(top)]  # plain strings: a site of 10,000 articles has as many paths
    while pending:
        path = pending.pop()
        try:
            info = os.stat(path)
        except OSError:
            found.append((f"{path} (missing)", 0, 0, 0, 0))
            continue
        stats = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
        if not stat.S_ISDIR(info.st_mode):
            found.append((path, *stats))
            continue
        if (info.st_dev, info.st_ino) in seen or os.path.basename(path) == "__pycache__":
            continue  # a symlink loop; compiled code follows from its source
        seen.add((info.st_dev, info.st_ino))
        found.append((f"{path}/", *stats))  # a folder's times change when files are added or removed
        with contextlib.suppress(OSError):
            pending.extend(entry.path for entry in os.scandir(path))
    return sorted(found, key=lambda item: item[0])


def output_state(out_dir: Path) -> dict[str, list[int]] | None:
    """Every folder and file below `out_dir` (a file's size, mtime, ctime and inode), or None if there is
    anything else. The ctime changes with any write, even one that puts the old mtime back."""
    state: dict[str, list[int]] = {}
    skip = len(str(out_dir)) + 1  # entry paths start with out_dir and a separator
    pending = [out_dir]
    while pending:
        folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return None
        for entry in entries:
            name = entry.path[skip:]
            if entry.is_dir(follow_symlinks=False):
                pending.append(Path(entry.path))
                state[name + "/"] = []
            elif entry.is_file(follow_symlinks=False):
                info = entry.stat(follow_symlinks=False)
                state[name] = [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]
            else:
                return None
    return state


def _record_path(site_root: Path, out_dir: Path) -> Path:
    return site_root / CACHE_FOLDER / "builds" / f"{folder_key(out_dir)}.json"


def find_unchanged(site_root: Path, out_dir: Path, inputs: Inputs, now: datetime) -> Summary | None:
    """The recorded summary if the last build read these very inputs, its output is intact and still current."""
    try:
        record = json.loads(_record_path(site_root, out_dir).read_text(encoding="utf-8"))
        if record["format"] != FORMAT or record["inputs"] != inputs.digest:
            return None
        if not record["built_for"] <= now.timestamp() < record["valid_until"]:
            return None
        if output_state(out_dir) != record["outputs"]:
            return None
        summary = record["summary"]
        sizes = summary.pop("sizes")
        if sizes is not None:
            sizes = SiteSizes(**{**sizes, "largest": tuple(tuple(item) for item in sizes["largest"])})
        return Summary(**summary, sizes=sizes)
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no record, or one this version cannot read: build


def save(site_root: Path, out_dir: Path, inputs: Inputs | None, now: datetime, valid_until: datetime,
         summary: Summary) -> None:
    """Record a finished build; without trustworthy inputs, forget any earlier record instead."""
    path = _record_path(site_root, out_dir)
    with contextlib.suppress(OSError):  # a read-only site folder only loses the shortcut
        path.unlink(missing_ok=True)
        outputs = output_state(out_dir)
        if inputs is None or outputs is None or not inputs.trusted:
            return
        record = {"format": FORMAT, "inputs": inputs.digest, "built_for": now.timestamp(),
                  "valid_until": valid_until.timestamp(), "outputs": outputs,
                  "summary": dataclasses.asdict(summary)}
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, suffix=".tmp") as file:
            file.write(json.dumps(record))  # json.dump() would encode in Python, piece by piece: 10 times slower
            file.flush()
            os.link(file.name, path)  # whole or not at all; the temporary name goes with the file object
