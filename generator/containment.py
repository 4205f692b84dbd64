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
    for directory, folders, files in os.walk(folder):
        for name in folders + files:
            path = Path(directory, name)
            if path.is_symlink() and not is_inside(path, root):
                found.append(path)
    return sorted(found)


def link_target(path: Path) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "?"
