"""Turn whatever stopped a command into Problems an editor can read: never a traceback."""

from __future__ import annotations

import os
import traceback
from pathlib import Path

import jinja2

from .errors import BuildError, Problem, problem


def problems_of(exc: BaseException, site_root: Path) -> list[Problem]:
    """The problems behind `exc`, each with a file and, where known, a line."""
    if isinstance(exc, BuildError):
        return [*exc.errors, *exc.warnings]
    if isinstance(exc, jinja2.TemplateError):
        path, line = _template_location(exc, site_root)
        detail = (getattr(exc, "message", None) or str(exc)).rstrip(".")
        return [problem("error", path, line, "template_error", page="-", detail=detail)]
    if isinstance(exc, OSError):
        where = exc.filename if exc.filename is not None else "-"
        return [problem("error", _shorten(Path(os.fsdecode(where)), site_root), None, "os_error",
                        detail=exc.strerror or str(exc))]
    return [problem("error", "-", None, "internal_error", detail=f"{type(exc).__name__}: {exc}")]


def _template_location(exc: jinja2.TemplateError, site_root: Path) -> tuple[str, int | None]:
    """Where in a template the error is: Jinja rewrites tracebacks so frames name template lines."""
    filename, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if not filename:
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith((".html", ".xml"))]
        if frames:
            filename, line = frames[-1].filename, frames[-1].lineno
    if not filename:
        return "templates", None
    return _shorten(Path(filename), site_root), line


def _shorten(path: Path, site_root: Path) -> str:
    """A path relative to the site when inside it, else as given."""
    try:
        return path.resolve().relative_to(site_root.resolve()).as_posix()
    except (ValueError, OSError):
        return str(path)
