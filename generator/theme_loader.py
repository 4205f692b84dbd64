"""Templates are read only from the theme folders, and their mistakes become messages.

A site's own template may `{% include %}` any name; one that climbs out of templates/
(`../../etc/passwd`, `/etc/passwd`) or a template file that is a symlink leading out is refused.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

import jinja2

from . import build_cache
from .containment import is_inside
from .errors import BuildError, problem

_PACKAGE = Path(__file__).resolve().parent
# The default theme: templates/ beside the package in a checkout (and an editable install), and
# generator/theme inside the package once installed from a wheel (pyproject.toml maps it there).
DEFAULT_THEME = next((p for p in (_PACKAGE / "theme", _PACKAGE.parent / "templates") if p.is_dir()),
                     _PACKAGE.parent / "templates")


class TemplateOutside(jinja2.TemplateNotFound):
    """A template name or file that leads out of the theme folders."""


class ThemeLoader(jinja2.FileSystemLoader):
    def get_source(self, environment: jinja2.Environment, template: str):
        pieces = template.replace("\\", "/").split("/")
        if template.startswith(("/", "\\")) or ".." in pieces or "\x00" in template:
            raise TemplateOutside(template)
        source, filename, uptodate = super().get_source(environment, template)
        if not any(is_inside(Path(filename), Path(folder)) for folder in self.searchpath):
            raise TemplateOutside(template)
        return source, filename, uptodate


TEMPLATE_CACHE = "templates"  # in .loa-cache/: compiled templates, a folder per version of Loa's code


def template_cache(site_root: Path) -> jinja2.BytecodeCache | None:
    """Compiled templates kept between builds in .loa-cache/: a theme takes about 25 ms to compile, in
    every process that renders (and twice per build in a preview, which shows open pages early).

    Jinja checks each entry against its template's text; the folder is named by Loa's code (which
    sets how templates compile) and the others are removed. None when the folder cannot be made.
    """
    folder = site_root / build_cache.CACHE_FOLDER / TEMPLATE_CACHE
    current = folder / build_cache.code_version()[:16]
    try:
        current.mkdir(parents=True, exist_ok=True)
        for other in folder.iterdir():
            if other != current:
                shutil.rmtree(other, ignore_errors=True)
    except OSError:
        return None
    return _TemplateCache(os.fspath(current))


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):  # a cache that cannot be written costs time, never the build
            super().dump_bytecode(bucket)


@contextlib.contextmanager
def template_errors(site_root: Path, page_path: str):
    """Turn what goes wrong in a template into a BuildError naming the template file and line."""
    try:
        yield
    except TemplateOutside as exc:
        where, line = _template_frame(exc, site_root)
        raise BuildError([problem("error", where, line, "template_outside", name=exc.name)]) from None
    except jinja2.TemplateNotFound as exc:
        where, line = _template_frame(exc, site_root)
        raise BuildError([problem("error", where, line, "template_missing", name=exc.name)]) from None
    except jinja2.TemplateSyntaxError as exc:
        where = _display(exc.filename, site_root) if exc.filename else exc.name or "templates"
        detail = (exc.message or "").rstrip(".")
        raise BuildError([problem("error", where, exc.lineno, "template_syntax", detail=detail)]) from None
    except (jinja2.TemplateError, ArithmeticError, LookupError, TypeError, ValueError, AttributeError) as exc:
        where, line = _template_frame(exc, site_root)
        raise BuildError([problem("error", where, line, "template_error", page=page_path, detail=exc)]) from None


def _template_frame(exc: BaseException, site_root: Path) -> tuple[str, int | None]:
    """The innermost template file and line in the traceback (Jinja maps its frames to them)."""
    found: tuple[str, int | None] = ("templates", None)
    traceback = exc.__traceback__
    while traceback is not None:
        filename = traceback.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".xml", ".txt", ".js", ".json")) and os.path.isfile(filename):
            found = (_display(filename, site_root), traceback.tb_lineno)
        traceback = traceback.tb_next
    return found


def _display(filename: str, site_root: Path) -> str:
    """A template's path as its author knows it: relative to the site, or in the default theme."""
    path = Path(filename)
    for base, label in ((site_root, ""), (DEFAULT_THEME, "(theme) templates/")):
        with contextlib.suppress(ValueError):
            return label + path.relative_to(base).as_posix()
    return filename
