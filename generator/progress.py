"""Progress of long work: a bar redrawn in place on a terminal, a plain line now and then in a log."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from . import i18n

if TYPE_CHECKING:
    from .pipeline import BuildResult

BAR_WIDTH = 24
REDRAW_SECONDS = 0.1  # a terminal bar is redrawn at most this often
LOG_SECONDS = 5.0  # a log gets a line per stage, then one per this many seconds


class ProgressReport:
    """A `progress(stage, done, total)` callback for `pipeline.build`; `total` 0 means unknown."""

    def __init__(self, stream: TextIO, language: str, tty: bool | None = None,
                 clock: Callable[[], float] = time.monotonic, log_seconds: float = LOG_SECONDS):
        self.stream = stream
        self.language = language
        self.tty = stream.isatty() if tty is None else tty
        self.clock = clock
        self.log_seconds = log_seconds
        self._stage: str | None = None
        self._shown_at = float("-inf")
        self._bar_shown = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = self.clock()
        new_stage = stage != self._stage
        self._stage = stage
        if self.tty:
            if new_stage or done == total or now - self._shown_at >= REDRAW_SECONDS:
                self._draw_bar(stage, done, total)
                self._shown_at = now
        elif new_stage or now - self._shown_at >= self.log_seconds:
            self.stream.write(self._label(stage) + (f": {done}/{total}" if total else "") + "\n")
            self.stream.flush()
            self._shown_at = now

    def finish(self) -> None:
        """Clear the bar so that the summary starts on a clean line."""
        if self._bar_shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._bar_shown = False

    def _draw_bar(self, stage: str, done: int, total: int) -> None:
        filled = BAR_WIDTH * done // total if total else 0
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        count = f" {done}/{total}" if total else ""
        self.stream.write(f"\r\x1b[K{self._label(stage):<14} [{bar}]{count}")
        self.stream.flush()
        self._bar_shown = True

    def _label(self, stage: str) -> str:
        try:
            return i18n.message(self.language, f"stage_{stage}", {})
        except KeyError:  # a stage added later without a translated name still shows
            return stage


def summary_line(result: BuildResult, language: str) -> str:
    """What a build did, in one line: pages, files changed and unchanged, articles left out, time."""
    return i18n.message(language, "summary_built", {
        "pages": str(result.pages), "files": str(result.files), "out": str(result.out_dir),
        "changed": str(result.files - result.unchanged), "unchanged": str(result.unchanged),
        "drafts": str(result.skipped_drafts), "future": str(result.skipped_future),
        "seconds": f"{result.seconds:.2f}",
    })
