"""The site a build replaced, kept in `.loa-cache/spare/` for the next build to bring up to date.

Writing a site anew means a new name (a hard link or a file) for every file, and deleting the old
site means removing them all again: at 10,000 articles, 60,000 file system calls for an edit that
changes a few files. A spare site already has most of its files as the current site has them
(`writer.write_site` leaves those be). It lives with the other caches, where editors' tools do not
see it (not beside `public/`, where `git add .` would take it), one per output folder; the spare of
an output folder that no longer exists (a closed preview's) is deleted by the next build.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

from .build_cache import CACHE_FOLDER, folder_key

SPARE_FOLDER = "spare"  # in .loa-cache/
_SITE = "site"  # in the spare's own folder, beside a file naming its output folder
_OUT_DIR = "out_dir"


class SpareSites:
    """The spare sites of one site's output folders."""

    def __init__(self, site_root: Path):
        self.folder = site_root / CACHE_FOLDER / SPARE_FOLDER

    def _home(self, out_dir: Path) -> Path:
        return self.folder / folder_key(out_dir)

    def claim(self, out_dir: Path, staging: Path) -> bool:
        """Move the spare of `out_dir` to `staging`; False if there is none (or it is elsewhere on disk).

        The move is atomic: of two builds at once, one gets the spare and the other starts afresh.
        """
        site = self._home(out_dir) / _SITE
        if site.is_symlink() or not site.is_dir():
            return False
        try:
            os.rename(site, staging)
        except OSError:
            return False
        return True

    def keep(self, site: Path, out_dir: Path) -> bool:
        """Keep `site`, the one `out_dir` held until now, as its spare; False if it cannot be moved there."""
        home = self._home(out_dir)
        try:
            home.mkdir(parents=True, exist_ok=True)
            os.rename(site, home / _SITE)
            (home / _OUT_DIR).write_text(os.fspath(out_dir), encoding="utf-8", errors="surrogateescape")
        except OSError:  # another file system, a read-only cache, a spare kept by another build meanwhile
            with contextlib.suppress(OSError):
                home.rmdir()  # if this left it empty
            return False
        self._forget_gone(home)
        return True

    def drop(self, out_dir: Path) -> None:
        shutil.rmtree(self._home(out_dir), ignore_errors=True)

    def _forget_gone(self, current: Path) -> None:
        for home in self.folder.iterdir():
            if home == current:
                continue
            try:
                out_dir = (home / _OUT_DIR).read_text(encoding="utf-8", errors="surrogateescape")
            except OSError:
                out_dir = ""
            if not out_dir or not os.path.isdir(out_dir):
                shutil.rmtree(home, ignore_errors=True)
