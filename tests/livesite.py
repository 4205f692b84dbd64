"""A `build.py serve` subprocess on a free port of 127.0.0.1, for tests of the live preview."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
START_SECONDS = 60  # generous: the machine is shared; no test asserts how long anything takes


class Preview:
    """`with Preview(site, "--drafts") as preview: preview.url` ... output in preview.lines()."""

    def __init__(self, site: Path, *args: str, env: dict[str, str] | None = None, host: str = "127.0.0.1"):
        self.site = site
        self.host = host
        self.args = args
        self.env = {**os.environ, "LOA_LANG": "en", "PYTHONUNBUFFERED": "1", **(env or {})}
        self._lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        self.url = ""

    def __enter__(self) -> Preview:
        self.process = subprocess.Popen(
            [sys.executable, str(REPO / "build.py"), "serve", "--port", "0", *self.args],
            cwd=self.site, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            encoding="utf-8")
        threading.Thread(target=self._read, daemon=True).start()
        match = self.wait_for(rf"Preview at (http://{re.escape(self.host)}:\d+/)")
        self.url = match.group(1)
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._lines.put(line.rstrip("\n"))

    def wait_for(self, pattern: str, timeout: float = START_SECONDS) -> re.Match:
        """The first output line (from now on) matching `pattern`."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no line matching {pattern!r} in: {self.output}")
            try:
                line = self._lines.get(timeout=min(remaining, 1.0))
            except queue.Empty:
                if self.process.poll() is not None and self._lines.empty():
                    raise AssertionError(f"serve exited ({self.process.returncode}): {self.output}") from None
                continue
            self.output.append(line)
            if match := re.search(pattern, line):
                return match

    def count(self, pattern: str) -> int:
        """How many lines read so far match `pattern`."""
        return sum(1 for line in self.output if re.search(pattern, line))
