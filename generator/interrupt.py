"""A build stopped by Ctrl-C or SIGTERM: one line for the person, no traceback.

Kept free of heavy imports so that `build.py` can use it before anything else is loaded.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

LANGUAGE_VARIABLE = "LOA_LANG"  # the language of messages when --lang is not given


class Interrupted(KeyboardInterrupt):
    """SIGTERM, unwinding like Ctrl-C so that half-written folders are removed on the way out."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM until the block ends, so that what it does is never cut in two
    (swapping folders, forking workers, removing a preview's folders); a signal that came meanwhile
    acts as the block ends.

    Blocking the signals is not enough where other threads run (`serve`): the system gives the signal
    to one of them, and Python still runs its handler in the main thread. So the handlers themselves
    are replaced by one that only notes the signal (which only the main thread may do).
    """
    held = (signal.SIGINT, signal.SIGTERM)
    can_hold = hasattr(signal, "pthread_sigmask")
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, held) if can_hold else None
    caught: list[int] = []
    handlers = {}
    if threading.current_thread() is threading.main_thread():
        handlers = {signum: signal.signal(signum, lambda signum, frame: caught.append(signum)) for signum in held}
    try:
        yield
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
        if can_hold:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        if caught:
            _act(caught[0], handlers[caught[0]])


def _act(signum: int, handler: object) -> None:
    """What the signal `signum` would have done with `handler`."""
    if callable(handler):
        handler(signum, None)  # Ctrl-C's KeyboardInterrupt, SIGTERM's Interrupted
    elif handler == signal.SIG_DFL:
        os.kill(os.getpid(), signum)


def raise_on_sigterm() -> None:
    signal.signal(signal.SIGTERM, _raise)


def ignore_stop_signals() -> None:
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, signal.SIG_IGN)


def _raise(signum: int, frame: object) -> None:
    raise Interrupted(signum)


def report_interrupt(stop: KeyboardInterrupt, argv: list[str]) -> int:
    """Say in one line that nothing half-built was published; the exit status is 128 + the signal."""
    from . import i18n

    print(i18n.message(argv_language(argv), "build_interrupted", {}), file=sys.stderr)
    return 128 + int(getattr(stop, "signum", signal.SIGINT))


def argv_language(argv: list[str]) -> str:
    """The language of messages from the raw command line, for when argparse has not run (or cannot)."""
    return site_language(Path(_flag_value(argv, "--site") or "."), _flag_value(argv, "--lang"))


def _flag_value(argv: list[str], flag: str) -> str | None:
    for index, item in enumerate(argv):
        if item == flag and index + 1 < len(argv):
            return argv[index + 1]
        if item.startswith(flag + "="):
            return item.split("=", 1)[1]
    return None


def site_language(site_root: Path, chosen: str | None = None) -> str:
    """--lang, else $LOA_LANG, else the site's `language` (even when site.yaml is broken), else vi."""
    from . import i18n

    for candidate in (chosen, os.environ.get(LANGUAGE_VARIABLE)):
        if candidate in i18n.available_languages():
            return candidate  # type: ignore[return-value]
    return yaml_language(site_root)


def yaml_language(site_root: Path) -> str:
    """The `language` of site.yaml, even when site.yaml is broken (default: vi)."""
    from . import i18n

    try:
        text = (site_root / "site.yaml").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "vi"
    try:
        import yaml

        data = yaml.safe_load(text)
        language = data.get("language", "vi") if isinstance(data, dict) else "vi"
    except Exception:  # a broken site.yaml: its errors are reported by the build; find the line itself
        match = re.search(r"^language:[ \t]*[\"']?([A-Za-z_-]+)", text, flags=re.M)
        language = match.group(1) if match else "vi"
    return language if language in i18n.available_languages() else "vi"
