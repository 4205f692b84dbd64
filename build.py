#!/usr/bin/env python3
"""Entry point: `python build.py [build|serve|...] --help`."""

import sys

from generator.interrupt import ignore_stop_signals, raise_on_sigterm, report_interrupt, signals_held

if __name__ == "__main__":
    raise_on_sigterm()
    try:
        # Ctrl-C or SIGTERM while Python loads the generator is held until it is loaded, so that it
        # ends in the one-line message rather than in a half-imported library's traceback.
        with signals_held():
            from generator import cli, i18n

            i18n.catalogue("vi"), i18n.catalogue("en")
        status = cli.main()
    except KeyboardInterrupt as stop:
        status = report_interrupt(stop, sys.argv[1:])
    ignore_stop_signals()
    sys.exit(status)
