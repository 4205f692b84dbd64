"""Keeping reads inside the site: symlinks that lead out of the folder they sit in."""

from __future__ import annotations

import os
from pathlib import Path


def is_inside(path: Path, root: Path) -> bool:
    """Whether `path`, with every symlink followed, is `root` or below it."""
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop
        return False
    return True


def escaping_links(folder: Path, root: Path) -> list[Path]:
    """Symlinks at or below `folder` (to files or folders) that lead outside `root`, sorted.

    Symlinked folders are not entered: what they hold is outside or loaded elsewhere.
    """
    if not os.path.lexists(folder):
        return []
    if folder.is_symlink():
        return [] if is_inside(folder, root) else [folder]
    found = []
    pending = [os.fspath(folder)]
    while pending:  # os.scandir, not os.walk: each entry says whether it is a link without a call per file
        try:
            with os.scandir(pending.pop()) as entries:
                for entry in entries:
                    if entry.is_symlink():
                        if not is_inside(Path(entry.path), root):
                            found.append(Path(entry.path))
                    elif entry.is_dir():
                        pending.append(entry.path)
        except OSError:  # an unreadable folder: as os.walk, passed over (its files cannot be read either)
            continue
    return sorted(found)


def link_target(path: Path) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "?"
