"""The command line: `python build.py [build|serve] ...`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import BuildError
from .i18n import message
from .interrupt import ignore_stop_signals, raise_on_sigterm, report_interrupt, site_language
from .pipeline import BuildOptions, BuildResult, build


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build.py", description="Loa: build a campaign news site.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def site_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--site", type=Path, default=Path("."), help="the site folder (default: this folder)")
        p.add_argument("--out", type=Path, default=None, help="output folder (default: public/ in the site)")
        p.add_argument("--drafts", action="store_true", help="include drafts (preview only)")
        p.add_argument("--future", action="store_true", help="include scheduled articles (preview only)")
        p.add_argument("--strict", action="store_true", help="fail on warnings too (for CI)")

    build_parser = commands.add_parser("build", help="build the site into public/ (the default command)")
    site_options(build_parser)
    serve_parser = commands.add_parser("serve", help="build, then serve the site on 127.0.0.1")
    site_options(serve_parser)
    serve_parser.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve_parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    raise_on_sigterm()
    try:
        status = _run(argv)
    except KeyboardInterrupt as stop:
        status = report_interrupt(stop, argv)
    ignore_stop_signals()  # the work is done: a late Ctrl-C must not print a traceback on the way out
    return status


def _run(argv: list[str]) -> int:
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        argv.insert(0, "build")
    args = make_parser().parse_args(argv)
    if args.command == "build":
        return 0 if run_build(args) else 1
    if args.command == "serve":
        from .server import serve
        result = run_build(args)
        if result is None:
            return 1
        return serve(result.out_dir, args.host, args.port)
    return 2


def run_build(args: argparse.Namespace) -> BuildResult | None:
    options = BuildOptions(drafts=args.drafts, future=args.future, strict=args.strict)
    try:
        result = build(args.site, args.out, options)
    except BuildError as exc:
        language = _language(args.site)
        for problem in [*exc.errors, *exc.warnings]:
            print(problem.format(language), file=sys.stderr)
        print(message(language, "build_failed", {"count": str(len(exc.errors) or len(exc.warnings))}),
              file=sys.stderr)
        return None
    language = result.config.language
    for warning in result.warnings:
        print(warning.format(language), file=sys.stderr)
    print(message(language, "built", {"pages": str(result.pages), "files": str(result.files),
                                      "out": str(result.out_dir), "seconds": f"{result.seconds:.2f}"}))
    return result


def _language(site_root: Path) -> str:
    return site_language(site_root)
