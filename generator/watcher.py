"""Watch a site's sources; call back once a burst of changes (an editor saving ten files) settles."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Collection
from pathlib import Path

from watchdog.events import EVENT_TYPE_CLOSED_NO_WRITE, EVENT_TYPE_OPENED, FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from .config import CONFIG_FILE
from .render import DEFAULT_THEME

DEBOUNCE_SECONDS = 0.05  # editors' tools write a save within milliseconds
TEXT_SUFFIXES = (".md", ".yaml", ".yml")  # what editors write below content/: articles, pages, campaigns
# Files editors' tools write beside the real one: vim swap files and its write test "4913",
# backups ending in "~", Emacs locks ".#x" and autosaves "#x#", partial downloads.
TEMP_SUFFIXES = (".swp", ".swo", ".swx", ".swpx", "~", ".tmp", ".part", ".crdownload", ".kate-swp")
TEMP_NAMES = {"4913"}
_READS = {EVENT_TYPE_OPENED, EVENT_TYPE_CLOSED_NO_WRITE}  # the build itself reads every file


def is_temporary(name: str) -> bool:
    return (name.startswith(".") or name in TEMP_NAMES or name.endswith(TEMP_SUFFIXES)
            or (name.startswith("#") and name.endswith("#")))


class SourceWatcher:
    """Watches site.yaml, content/, templates/ and the default theme; ignores the output folder."""

    def __init__(self, site_root: Path, out_dir: Path, on_change: Callable[[list[str]], None]):
        self.site_root = site_root.resolve()
        self.out_dir = out_dir.resolve()
        self.on_change = on_change
        self.observer = Observer()
        self._watched: set[Path] = set()
        self._handler = FileSystemEventHandler()
        self._handler.on_any_event = self._on_event  # type: ignore[method-assign]

    def start(self) -> None:
        try:
            self.watch_new_folders()
            self.observer.start()
        except OSError:  # the system's limit of inotify watches: polling is slower, but works
            self.observer = PollingObserver()
            self._watched.clear()
            self.watch_new_folders()
            self.observer.start()

    def stop(self) -> None:
        self.observer.stop()
        self.observer.join()

    def watch_new_folders(self) -> None:
        """Add watches for source folders created since the last call (a new templates/, say)."""
        roots = [(self.site_root, False), (self.site_root / "content", True), (self.site_root / "templates", True),
                 (DEFAULT_THEME, True)]
        for folder, recursive in roots:
            if folder.is_dir() and folder not in self._watched:
                self.observer.schedule(self._handler, str(folder), recursive=recursive)
                self._watched.add(folder)

    def is_source(self, path: str) -> bool:
        """Whether a change at `path` can change the site."""
        file = Path(path)
        if file.is_relative_to(self.out_dir):
            return False
        for root in (self.site_root, DEFAULT_THEME):
            if file.is_relative_to(root):
                parts = file.relative_to(root).parts
                break
        else:
            return False
        if root == self.site_root and parts != (CONFIG_FILE,) and parts[:1] not in (("content",), ("templates",)):
            return False
        return bool(parts) and not any(is_temporary(part) for part in parts)

    def _on_event(self, event: FileSystemEvent) -> None:
        if event.event_type in _READS or (event.is_directory and event.event_type == "modified"):
            return
        paths = [str(p) for p in (event.src_path, getattr(event, "dest_path", "")) if p]
        if sources := [p for p in paths if self.is_source(p)]:  # not the backup an editor renamed a file to
            self.on_change(sources)

    def only_text(self, paths: Collection[str]) -> bool:
        """Whether `paths` are all articles, pages or campaigns (content/**/*.md, *.yaml): a change to them
        changes what pages say, never a file that pages link to."""
        content = self.site_root / "content"
        return bool(paths) and all(Path(p).is_relative_to(content) and p.endswith(TEXT_SUFFIXES) for p in paths)


class Debouncer:
    """Runs `action(paths)` in the calling thread's loop, once changes stop arriving for `delay` seconds;
    `paths`: what the burst changed."""

    def __init__(self, action: Callable[[frozenset[str]], None], delay: float = DEBOUNCE_SECONDS):
        self.action = action
        self.delay = delay
        self._cond = threading.Condition()
        self._last_change: float | None = None
        self._paths: set[str] = set()
        self._stopped = False

    def notify(self, paths: Collection[str] = ()) -> None:
        with self._cond:
            self._last_change = time.monotonic()
            self._paths.update(paths)
            self._cond.notify_all()

    def pending(self) -> bool:
        """Whether a change has arrived since the running action began."""
        with self._cond:
            return self._last_change is not None

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify_all()

    def run(self) -> None:
        """Loop until stop(): wait for a change, let the burst settle, act; changes during `action` count."""
        while True:
            with self._cond:
                while self._last_change is None and not self._stopped:
                    self._cond.wait(1.0)
                while not self._stopped:
                    assert self._last_change is not None
                    quiet_for = time.monotonic() - self._last_change
                    if quiet_for >= self.delay:
                        break
                    self._cond.wait(self.delay - quiet_for)
                if self._stopped:
                    return
                self._last_change = None
                paths, self._paths = frozenset(self._paths), set()
            self.action(paths)
