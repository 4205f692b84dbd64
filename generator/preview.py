"""`build.py serve`: build, serve, watch and rebuild until interrupted."""

from __future__ import annotations

import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from . import i18n
from .build_cache import KeptStores
from .errors import BuildError, Problem
from .failures import problems_of
from .interrupt import signals_held
from .pipeline import BuildOptions, EarlyPages, Progress, build
from .progress import summary_line
from .server import LiveServer, LiveState
from .spare_site import SpareSites
from .watcher import Debouncer, SourceWatcher

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def serve(site_root: Path, out_dir: Path | None, host: str, port: int, options: BuildOptions, language: str,
          progress: Progress | None = None) -> int:
    """Preview the site at http://host:port/ until Ctrl-C; drafts never reach public/ unless --out says so."""
    site_root = site_root.resolve()
    options = replace(options, stores=KeptStores())  # every build of the preview reads the stores it left
    temporary = Path(tempfile.mkdtemp(prefix="loa-preview-")) if out_dir is None else None
    out_dir = (out_dir or temporary / "site").absolute()  # type: ignore[operator]
    state = LiveState()
    try:
        server = LiveServer((host, port), out_dir, state, language)
    except OSError as exc:
        _say(language, "serve_cannot_listen", stream=sys.stderr, host=host, port=port, detail=exc.strerror or exc)
        _remove(temporary)
        return 1
    watcher = SourceWatcher(site_root, out_dir, lambda paths: debouncer.notify(paths))

    changes: set[str] = set()  # since the last build that ran to its end

    def rebuild(changed: frozenset[str] = frozenset(), progress: Progress | None = None) -> None:
        watcher.watch_new_folders()  # before building: a file saved into a new folder during the build counts
        changes.update(changed)
        if _rebuild(site_root, out_dir, options, state, language, progress, watcher.only_text(changes),
                    debouncer.pending):
            changes.clear()

    debouncer = Debouncer(rebuild)
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    previous_handler = signal.signal(signal.SIGTERM, _interrupt)
    try:
        watcher.start()  # first: a change made during the first build triggers a second one
        rebuild(progress=progress)
        serving.start()
        address = f"[{host}]" if ":" in host else host
        _say(language, "serve_listening", url=f"http://{address}:{server.server_address[1]}/", out=out_dir)
        if host not in LOOPBACK:
            _say(language, "serve_network_warning", stream=sys.stderr, host=host)
        debouncer.run()
    except KeyboardInterrupt:
        pass
    finally:
        try:
            signal.signal(signal.SIGTERM, previous_handler)
            debouncer.stop()
            if watcher.observer.is_alive():
                watcher.stop()
            if serving.is_alive():
                server.shutdown()
            server.server_close()
        finally:
            with signals_held():  # a second Ctrl-C must not leave the preview's folders behind
                if temporary is not None:
                    SpareSites(site_root).drop(out_dir)  # the preview's folder goes: its spare site is of no use
                _remove(temporary)
    return 0


class Superseded(Exception):
    """A newer change arrived while a build ran: it stops where it is, and the next one starts."""


def _rebuild(site_root: Path, out_dir: Path, options: BuildOptions, state: LiveState, language: str,
             progress: Progress | None, only_text: bool = False,
             superseded: Callable[[], bool] = lambda: False) -> bool:
    """One build; the terminal and the open tabs learn how it went. False if it stopped for a newer change.

    `only_text`: the build follows edits of articles, pages or campaigns only, so a page shown early
    whose file the build wrote with the same bytes is final (its tab is not reloaded a second time).
    `superseded()` is asked at each step the build reports: once true, the build stops (the output
    folder is left as it was, as after Ctrl-C) and the tabs wait for the next one, showing what they show.
    """
    def report(stage: str, done: int, total: int) -> None:
        if superseded():
            raise Superseded
        if progress is not None:
            progress(stage, done, total)

    settled: frozenset[str] = frozenset()
    state.start_build()
    errors: list[Problem] = []
    stopped = False
    try:
        # the pages open in a browser are shown as soon as they are rendered, before the rest of the site
        result = build(site_root, out_dir, options, report, EarlyPages(state.watched, state.show_early))
    except Superseded:
        _finish(progress)
        stopped = True
    except Exception as exc:  # anything a broken site can raise: shown, and the server stays up
        _finish(progress)
        errors = exc.errors if isinstance(exc, BuildError) else problems_of(exc, site_root)
        for problem in problems_of(exc, site_root):
            print(problem.format(language), file=sys.stderr)
        _say(language, "serve_failed", stream=sys.stderr, time=time.strftime("%H:%M:%S"), count=len(errors))
    else:
        _finish(progress)
        for warning in result.warnings:
            print(warning.format(language), file=sys.stderr)
        print(f"{time.strftime('%H:%M:%S')} {summary_line(result, language)}", flush=True)
        settled = state.shown_as_written(out_dir) if only_text else frozenset()
    finally:
        if not stopped:
            state.finish_build(errors, settled)
    return not stopped


def _finish(progress: Progress | None) -> None:
    """Clear a progress bar before the next line is printed."""
    finish = getattr(progress, "finish", None)
    if finish is not None:
        finish()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _say(language: str, code: str, stream=None, **args: object) -> None:
    print(i18n.message(language, code, {k: str(v) for k, v in args.items()}), file=stream or sys.stdout, flush=True)


def _remove(folder: Path | None) -> None:
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
