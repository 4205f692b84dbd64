"""Stage 5: write the output folder so that it is never seen half-built.

The site is written into a staging folder beside the output folder, then the two are
exchanged in one step. A build that fails or is killed at any moment leaves either the
previous site or the new one in place, never a mix; the next build clears what a killed
one left behind (`.public.new-<pid>-*`, `.public.old-<pid>-*`).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import filecmp
import functools
import os
import posixpath
import re
import secrets
import shutil
import signal
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BuildError, ContentError, problem
from .interrupt import signals_held
from .packed import PackedFiles
from .spare_site import SpareSites
from .theme_loader import DEFAULT_THEME

DISK_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)  # errors that more free space would cure


@dataclass
class Outputs:
    """Output files by path; refuses two files at one path and paths that leave the folder."""

    files: PackedFiles = field(default_factory=PackedFiles)  # compressed in memory past a budget
    copies: dict[str, Path] = field(default_factory=dict)  # path -> source file, copied as is
    owners: dict[str, str] = field(default_factory=dict)  # path -> what produced it, for messages
    # Pages kept from the last build (page_cache.py), already as tuned as they would be now, by path ->
    # the compressed copies kept with them. Tuning leaves them be unless it must change their bytes.
    tuned: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Scripts that only carry data (the search index): already compact, and their strings are editors' text,
    # in which a name like `assets/style.css` is a word to find, not a link. Tuning leaves them be.
    data: set[str] = field(default_factory=set)

    def add(self, path: str, data: bytes, owner: str) -> None:
        self._claim(path, owner)
        self.files[path] = data

    def add_data(self, path: str, data: bytes, owner: str) -> None:
        """A script that carries data (see `data`)."""
        self.add(path, data, owner)
        self.data.add(path)

    def keep(self, path: str, file: Path, owner: str, compressed: dict[str, Path]) -> None:
        """A finished page of the last build, `file`, with the compressed copies of it written beside it."""
        self.copy(path, file, owner)
        for name, copy in compressed.items():
            self.copy(name, copy, f"precompress {path}")
        self.tuned[path] = tuple(compressed)

    def copy(self, path: str, source: Path, owner: str) -> None:
        if path in self.copies and self.copies[path] == source:
            return
        self._claim(path, owner)
        self.copies[path] = source

    def read(self, path: str) -> bytes:
        """The bytes that will be written at `path`, whether generated or copied."""
        return self.files[path] if path in self.files else self.copies[path].read_bytes()

    def replace(self, path: str, data: bytes) -> None:
        """New bytes for an output that exists (a copy becomes a generated file)."""
        self.copies.pop(path, None)
        self.files[path] = data
        for name in self.tuned.pop(path, ()):  # compressed copies of the old bytes
            del self.copies[name], self.owners[name]

    def move(self, path: str, new_path: str, data: bytes) -> None:
        """Give an existing output a new path and bytes, keeping its owner for messages."""
        owner = self.owners.pop(path)
        self.files.pop(path, None)
        self.copies.pop(path, None)
        self.add(new_path, data, owner)

    def html_pages(self) -> list[str]:
        """The HTML files the build made (rendered or kept), not those copied from content/."""
        return [p for p in self.owners if p.endswith(".html") and (p in self.files or p in self.tuned)]

    def _claim(self, path: str, owner: str) -> None:
        if not is_safe_output_path(path):
            raise ContentError("unsafe_output_path", path=path, owner=owner)
        if path in self.owners:
            raise ContentError("output_collision", path=path, first=self.owners[path], second=owner)
        self.owners[path] = owner

    def __len__(self) -> int:
        return len(self.owners)


def is_safe_output_path(path: str) -> bool:
    normal = posixpath.normpath(path)
    return (bool(path) and normal == path and not path.startswith(("/", "../")) and path != ".."
            and "\\" not in path and "\x00" not in path)


# ---------------------------------------------------------------- the output folder

def check_output_dir(out_dir: Path, site_root: Path) -> None:
    """Refuse an output folder whose replacement would destroy sources or more."""
    out = out_dir.resolve()
    site = site_root.resolve()
    protected = [site, site / "content", site / "templates", Path(__file__).resolve().parent, DEFAULT_THEME,
                 Path(out.anchor)]
    with contextlib.suppress(RuntimeError, KeyError):  # no home folder: nothing to protect there
        protected.append(Path.home().resolve())
    for folder in protected:
        if out == folder or folder.is_relative_to(out):
            raise ContentError("unsafe_output_dir", path=str(out_dir), protected=str(folder))
    for folder in (site / "content", site / "templates"):
        if out.is_relative_to(folder):
            raise ContentError("output_inside_sources", path=str(out_dir), folder=str(folder))
    if out.exists() and not out.is_dir():
        raise ContentError("output_not_folder", path=str(out_dir))
    if out.is_dir() and not _is_built_site(out):
        raise ContentError("output_not_site", path=str(out_dir))


def _is_built_site(folder: Path) -> bool:
    """An empty folder, or one that a build wrote: it has index.html and no site sources."""
    names = {entry.name for entry in folder.iterdir()}
    return not names or ("index.html" in names and "site.yaml" not in names)


_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.(?P<kind>new|old)-(?P<pid>\d+)-[A-Za-z0-9_]+$")


def recover_output_dir(out_dir: Path) -> None:
    """Undo what killed builds left beside `out_dir`: put back a site moved aside, delete the rest.

    Only folders named by this writer, made by a process that is no longer running, are touched.
    """
    out_dir = out_dir.resolve()
    try:
        entries = sorted(out_dir.parent.iterdir())
    except OSError:
        return  # no parent folder yet, or unreadable: writing will say what is wrong
    for entry in entries:
        match = _LEFTOVER.match(entry.name)
        if not match or match["name"] != out_dir.name or entry.is_symlink() or not entry.is_dir():
            continue
        if _is_running(int(match["pid"])):
            continue  # another build is writing right now
        retired_site = entry / "site"
        if match["kind"] == "old" and retired_site.is_dir() and not os.path.lexists(out_dir):
            with contextlib.suppress(OSError):  # killed between moving the old site aside and the new one in
                os.replace(retired_site, out_dir)
        shutil.rmtree(entry, ignore_errors=True)


def _is_running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True
    return True


# ---------------------------------------------------------------- writing

def write_site(outputs: Outputs, out_dir: Path, spares: SpareSites | None = None) -> int:
    """Write every file into a fresh folder beside `out_dir`, then swap it into place.

    A file whose bytes equal the file at its place in the current site is hard-linked from
    there instead: it keeps its inode and modification time, so hosts' sync tools skip it.
    With `spares`, the site this build replaces is kept there, and the next build brings it up to
    date instead of making a new folder: files already linked to the current site's are left as
    they are (`spare_site.py`).
    Returns how many files were equal to the previous site's. A file system error (a full disk, a missing
    permission) becomes a BuildError; the previous site is then untouched and the staging
    folder removed.
    """
    out_dir = out_dir.resolve()  # a symlinked output folder: write where it points
    previous = os.fspath(out_dir) if out_dir.is_dir() else None  # paths as strings: 100,000 files and more
    staging: Path | None = None
    swapped = reused = False
    kept = 0
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        with signals_held():  # a folder made but not yet known here would be left behind
            if spares and previous:
                staging = out_dir.parent / f"{_prefix(out_dir, 'new')}{secrets.token_hex(4)}"
                reused = spares.claim(out_dir, staging)
            if not reused:
                staging = Path(tempfile.mkdtemp(prefix=_prefix(out_dir, "new"), dir=out_dir.parent))
        if reused and not _cleared(staging, outputs):  # named as a staging folder: a killed build's is removed
            reused = False
            with signals_held():
                staging = Path(tempfile.mkdtemp(prefix=_prefix(out_dir, "new"), dir=out_dir.parent))
        target = _Targets(staging)
        for path in sorted(outputs.files):  # one file's bytes at a time: they may be held compressed
            kept += _place_bytes(outputs.files[path], target(path), previous, path, reused)
        for path, source in sorted(outputs.copies.items()):
            kept += _place_copy(source, target(path), previous, path, reused)
        with signals_held():
            _swap(staging, out_dir)
            swapped = True
    except OSError as exc:
        raise BuildError([_write_problem(exc, out_dir, staging)]) from None
    finally:
        if staging is not None:
            # After an exchange the staging folder holds the previous site; else a partial one.
            # Ctrl-C waits for it: cut short, it would leave half a folder beside the site.
            with signals_held():
                if not (spares and swapped and previous and spares.keep(staging, out_dir)):
                    shutil.rmtree(staging, ignore_errors=True)
    return kept


def _cleared(spare: Path, outputs: Outputs) -> bool:
    """Whether the spare site could be cleared of what this build will not write; if not, it is deleted."""
    try:
        _clear_leftovers(os.fspath(spare), outputs)
    except OSError:  # a file or folder it may not delete: a new folder will do
        shutil.rmtree(spare, ignore_errors=True)
        return False
    return True


def _clear_leftovers(staging: str, outputs: Outputs) -> None:
    """Delete what the spare site holds that this build will not write: files no longer made, and
    whatever stands where a folder must be or a folder stands where a file must be."""
    files = set(outputs.owners)
    folders = {folder for path in files for folder in _parents(path)}
    pending = [""]
    while pending:
        relative = pending.pop()
        with os.scandir(os.path.join(staging, relative)) as entries:
            for entry in entries:
                path = posixpath.join(relative, entry.name) if relative else entry.name
                if entry.is_dir(follow_symlinks=False):
                    if path in folders:
                        pending.append(path)
                    else:
                        shutil.rmtree(entry.path)
                elif path not in files or path in folders:
                    os.unlink(entry.path)


def _parents(path: str) -> Iterator[str]:
    folder = path.rpartition("/")[0]
    while folder:
        yield folder
        folder = folder.rpartition("/")[0]


def _placed_already(target: str, old: tuple[str, os.stat_result] | None) -> bool:
    """In a spare site: whether the file at `target` is the current site's file `old` (two names of one
    inode), which this build keeps; if not, whatever is there is removed, so that the file can be placed."""
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return False
    if old is not None and stat.S_ISREG(info.st_mode) and (info.st_ino, info.st_dev) == (old[1].st_ino, old[1].st_dev):
        return True
    os.unlink(target)
    return False


def _prefix(out_dir: Path, kind: str) -> str:
    return f".{out_dir.name}.{kind}-{os.getpid()}-"


class _Targets:
    """Where each output goes in the staging folder, its folder made on first use."""

    def __init__(self, staging: Path):
        self.staging = os.fspath(staging)
        self.made: set[str] = set()

    def __call__(self, path: str) -> str:
        target = os.path.join(self.staging, path)
        folder = os.path.dirname(target)
        if folder not in self.made:
            os.makedirs(folder, exist_ok=True)
            self.made.add(folder)
        return target


def _place_bytes(data: bytes, target: str, previous: str | None, path: str, spare: bool) -> bool:
    """Put `data` at `target`, linked from the previous site when equal; True if it was equal."""
    old = _old_file(previous, path, len(data))
    same = old is not None and equal_bytes(old[0], data)
    return _place(target, old if same else None, spare, lambda: _write_bytes(target, data))


def _place_copy(source: Path, target: str, previous: str | None, path: str, spare: bool) -> bool:
    """Copy `source` to `target`, linked from the previous site when equal; True if it was equal."""
    kept = previous is not None and os.fspath(source) == os.path.join(previous, path)  # a page kept as it was
    old = _old_file(previous, path, None if kept else os.stat(source).st_size)
    same = old is not None and (kept or _equal_files(source, old[0]))
    return _place(target, old if same else None, spare, lambda: _copy_file(source, target))


def _place(target: str, equal: tuple[str, os.stat_result] | None, spare: bool, write: Callable[[], None]) -> bool:
    """Link the previous site's file `equal` (if the new one is equal to it) at `target`, else `write`.

    In a spare site, a file that already is `equal` is left as it is. True if there was an equal file.
    """
    if spare and _placed_already(target, equal):
        return True
    if not (equal and _keep(equal, target)):
        write()
    return equal is not None


def _old_file(previous: str | None, path: str, size: int | None) -> tuple[str, os.stat_result] | None:
    """The previous site's regular file at `path` if it has `size` bytes, or any size for None (its stat,
    to link it safely)."""
    if previous is None:
        return None
    old = os.path.join(previous, path)
    try:
        info = os.lstat(old)
    except OSError:
        return None
    return (old, info) if stat.S_ISREG(info.st_mode) and size in (None, info.st_size) else None


_CHUNK = 1 << 20  # compare a megabyte at a time: an old image or script is never read whole


def equal_bytes(old: str | Path, data: bytes) -> bool:
    """Whether the file `old` holds exactly `data` (False if it cannot be read), read a chunk at a time."""
    view = memoryview(data)
    try:
        with open(old, "rb") as file:
            for start in range(0, len(view), _CHUNK):
                if file.read(_CHUNK) != view[start:start + _CHUNK]:
                    return False
            return file.read(1) == b""
    except OSError:
        return False


def _equal_files(source: Path, old: str) -> bool:
    try:
        return filecmp.cmp(source, old, shallow=False)
    except OSError:
        return False


# Link errors after which writing the bytes still works: another file system, none allowed, too many links.
_CANNOT_LINK = (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOENT)


def _keep(old: tuple[str, os.stat_result], target: str) -> bool:
    """Hard-link the old file at `target`; False (nothing left at `target`) where it cannot be linked."""
    path, before = old
    try:
        _link_file(path, target)
    except OSError as exc:
        if exc.errno in _CANNOT_LINK:
            return False
        raise
    now = os.lstat(target)
    if (now.st_ino, now.st_dev, now.st_size, now.st_mtime_ns) != (before.st_ino, before.st_dev, before.st_size,
                                                                  before.st_mtime_ns):
        os.unlink(target)  # replaced or rewritten while it was compared: the bytes linked are unknown
        return False
    return True


def _link_file(old: str, target: str) -> None:
    os.link(old, target, follow_symlinks=False)


def _write_bytes(target: str, data: bytes) -> None:
    with open(target, "wb") as file:
        file.write(data)


def _copy_file(source: Path, target: str) -> None:
    shutil.copyfile(source, target)


def _write_problem(exc: OSError, out_dir: Path, staging: Path | None):
    """Name the file that failed, as the editor knows it (inside the output folder)."""
    names = [str(n) for n in (exc.filename2, exc.filename) if n]  # a copy names its source, then target
    inside = [n for n in names if staging is not None and n.startswith(str(staging) + os.sep)]
    name = str(out_dir / inside[0][len(str(staging)) + 1:]) if inside else (names[-1] if names else str(out_dir))
    reason = exc.strerror or str(exc)
    code = "disk_full" if exc.errno in DISK_FULL else "write_failed"
    return problem("error", out_dir, None, code, file=name, reason=reason)


def _swap(staging: Path, out_dir: Path) -> None:
    """Put `staging` at `out_dir`: one atomic exchange where the system has it, else two renames."""
    os.chmod(staging, 0o755)
    if not os.path.lexists(out_dir):
        os.replace(staging, out_dir)
    elif not _exchange(staging, out_dir):
        retired = Path(tempfile.mkdtemp(prefix=_prefix(out_dir, "old"), dir=out_dir.parent))
        os.replace(out_dir, retired / "site")
        try:
            os.replace(staging, out_dir)
        except BaseException:
            os.replace(retired / "site", out_dir)
            raise
        shutil.rmtree(retired, ignore_errors=True)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


@functools.cache
def _renameat2():
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return None


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step (Linux renameat2); False where the system cannot."""
    function = _renameat2()
    if function is None:
        return False
    if function(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
        return False
    raise OSError(code, os.strerror(code), str(second))
