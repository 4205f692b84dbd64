"""Problems an editor can cause, and the exception that carries them out of a build."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import i18n


@dataclass(frozen=True)
class Problem:
    """One finding about one file: what is wrong and what to write instead.

    `code` names a message in the locale catalogue; `args` fill its placeholders.
    """

    path: str
    line: int | None
    level: str  # "error" or "warning"
    code: str
    args: tuple[tuple[str, str], ...] = ()

    def sort_key(self) -> tuple:
        """By file, then line (a problem of the whole file first), so a report reads top to bottom."""
        return (self.path, self.line or 0, self.level, self.code, self.args)

    def __lt__(self, other: Problem) -> bool:
        return self.sort_key() < other.sort_key()

    def message(self, language: str = "en") -> str:
        return i18n.message(language, self.code, dict(self.args))

    def format(self, language: str = "en") -> str:
        """Render as `path:line: level: message`, the way compilers print."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        level = i18n.message(language, f"level_{self.level}", {})
        return f"{where}: {level}: {self.message(language)}"


def problem(level: str, path: str | Path, line: int | None, code: str, /, **args: object) -> Problem:
    """Build a Problem; `args` are stringified so a Problem stays hashable and sortable."""
    return Problem(str(path), line, level, code, tuple(sorted((k, str(v)) for k, v in args.items())))


@dataclass
class Report:
    """Collects every problem of a build so that all are shown at once."""

    problems: list[Problem] = field(default_factory=list)

    # Positional-only, so that a message may have its own 'path' or 'code' argument.
    def error(self, path: str | Path, line: int | None, code: str, /, **args: object) -> None:
        self.problems.append(problem("error", path, line, code, **args))

    def warning(self, path: str | Path, line: int | None, code: str, /, **args: object) -> None:
        self.problems.append(problem("warning", path, line, code, **args))

    def extend(self, other: Report) -> None:
        self.problems.extend(other.problems)

    @property
    def errors(self) -> list[Problem]:
        return sorted((p for p in self.problems if p.level == "error"), key=Problem.sort_key)

    @property
    def warnings(self) -> list[Problem]:
        return sorted((p for p in self.problems if p.level == "warning"), key=Problem.sort_key)

    def raise_if_errors(self) -> None:
        if self.errors:
            raise BuildError(self.errors, self.warnings)


class BuildError(Exception):
    """The build stopped: the content has errors. Nothing was published."""

    def __init__(self, errors: list[Problem], warnings: list[Problem] | None = None):
        self.errors = errors
        self.warnings = warnings or []
        super().__init__("\n".join(p.format() for p in errors))


class ContentError(Exception):
    """Raised by a field parser; the caller turns it into a Problem with file and line."""

    def __init__(self, code: str, **args: object):
        self.code = code
        self.args_ = args
        super().__init__(code)
