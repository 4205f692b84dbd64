"""interrupt.py: Ctrl-C and SIGTERM held while a step must not be cut in two, in any thread's hands."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from generator.interrupt import Interrupted, raise_on_sigterm, signals_held


class _Sender:
    """A thread, started before any signal is held (as `serve`'s are), that sends this process a signal
    when asked: the system may give a signal to any thread that does not block it."""

    def __init__(self) -> None:
        self.asked = threading.Event()
        self.sent = threading.Event()
        self.signum = signal.SIGINT
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        self.asked.wait()
        os.kill(os.getpid(), self.signum)
        self.sent.set()

    def send(self, signum: int) -> None:
        self.signum = signum
        self.asked.set()
        self.sent.wait()
        time.sleep(0.05)  # time enough for Python to run a handler in the main thread


@pytest.mark.parametrize("signum, raised", [(signal.SIGINT, KeyboardInterrupt), (signal.SIGTERM, Interrupted)])
def test_a_signal_during_the_block_acts_when_the_block_ends(signum, raised):
    signal.signal(signal.SIGINT, signal.default_int_handler)
    raise_on_sigterm()
    sender, finished = _Sender(), False
    with pytest.raises(raised):
        with signals_held():
            sender.send(signum)
            finished = True
    assert finished
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # the handlers are back


def test_without_a_signal_the_block_ends_quietly():
    signal.signal(signal.SIGINT, signal.default_int_handler)
    with signals_held():
        pass
    with pytest.raises(KeyboardInterrupt):  # and Ctrl-C acts at once again
        _Sender().send(signal.SIGINT)


def test_an_ignored_signal_stays_ignored():
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with signals_held():
        _Sender().send(signal.SIGINT)
    assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
