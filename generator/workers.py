"""Run one function over many items in forked worker processes, with serial semantics.

Forking shares the loaded site, and the items, with the workers copy-on-write, so nothing is
pickled on the way in but item numbers, a batch at a time; only results come back. Where fork
does not exist, or for one job, everything runs here.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

from .interrupt import signals_held

Item = TypeVar("Item")
Result = TypeVar("Result")

# The worker's function and items, set in each worker by _start: inherited through fork, never pickled.
_function: Callable | None = None
_items: Sequence = ()
# Items sent to a worker at a time, as a share of each worker's items: few messages, yet the
# work stays spread evenly when items differ in cost.
BATCHES_PER_JOB = 8


def default_jobs() -> int:
    """`LOA_JOBS` when set to a positive number, else one job per core."""
    value = os.environ.get("LOA_JOBS", "").strip()
    if value.isdigit() and int(value) > 0:
        return int(value)
    return os.cpu_count() or 1


def map_forked(function: Callable[[Item], Result], items: Sequence[Item], jobs: int) -> Iterator[Result]:
    """`function(item)` for each item, in order, computed by up to `jobs` forked processes.

    An item whose call fails in a worker is called again here, so its exception is raised
    exactly as in a serial run, and only after every earlier item's result.
    """
    jobs = min(jobs, len(items))
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(function, items)
        return
    batch = max(1, len(items) // (jobs * BATCHES_PER_JOB))
    pool = None
    try:
        # Ctrl-C while forking would stop the fork hooks of libraries, and print their traceback.
        with signals_held():
            pool = multiprocessing.get_context("fork").Pool(jobs, initializer=_start, initargs=(function, items))
        for item, (ok, result) in zip(items, pool.imap(_call, range(len(items)), batch)):
            yield result if ok else function(item)
    finally:  # an error, Ctrl-C, SIGTERM, or the end: the workers stop at once
        if pool is not None:
            pool.terminate()


def _start(function: Callable, items: Sequence) -> None:
    global _function, _items
    _function, _items = function, items
    # Ctrl-C reaches the whole process group: the parent alone reports it and stops the workers,
    # which then die on its SIGTERM without a traceback (not by the parent's Python handler).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})  # held while forking
    # A worker's own failures are redone and reported by the parent; all the pool machinery could
    # print is a traceback of broken pipes after the build was killed (kill -9): noise to the person.
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 2)
    os.close(quiet)


def _call(number: int) -> tuple[bool, object]:
    assert _function is not None
    try:
        return True, _function(_items[number])
    except Exception:  # redone by the parent, which reports it as a serial run would
        return False, None
