#!/usr/bin/env python3
"""Entry point: `python build.py [build|serve|...] --help`."""

import sys

from generator.interrupt import raise_on_sigterm, report_interrupt

if __name__ == "__main__":
    raise_on_sigterm()
    try:
        from generator.cli import main

        status = main()
    except KeyboardInterrupt as stop:  # while Python was still loading the generator
        status = report_interrupt(stop, sys.argv[1:])
    sys.exit(status)
