"""The command line: `python build.py [build|serve|new|check] ...`; `--help` on each."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from . import __version__, i18n
from .bundle import write_bundle
from .config import load_config
from .errors import BuildError, Problem, Report
from .failures import problems_of
from .fields import slugify
from .interrupt import argv_language, ignore_stop_signals, raise_on_sigterm, report_interrupt, site_language
from .pipeline import BuildOptions, build, current_time
from .postprocess import SiteSizes, format_size
from .progress import ProgressReport, summary_line
from .workers import default_jobs

COMMANDS = ("build", "serve", "new", "check", "bundle")


def make_parser(language: str = "vi") -> argparse.ArgumentParser:
    def t(code: str) -> str:
        return i18n.message(language, f"help_{code}", {}).replace("%", "%%")

    def jobs_count(value: str) -> int:
        if not value.strip().isdigit() or int(value) < 1:
            raise argparse.ArgumentTypeError(i18n.message(language, "help_jobs_invalid", {"value": value}))
        return int(value)

    parser = argparse.ArgumentParser(prog="build.py", description=t("tool"))
    parser.add_argument("--version", action="version", version=f"Loa {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title=t("commands"))

    def command(name: str, *options: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=t(name), description=t(name))
        sub.add_argument("--site", type=Path, default=Path("."), metavar="DIR", help=t("site"))
        if "out" in options:
            sub.add_argument("--out", type=Path, default=None, metavar="DIR", help=t(f"out_{name}"))
        if "preview" in options:
            sub.add_argument("--drafts", action="store_true", help=t(f"drafts_{name}"))
            sub.add_argument("--future", action="store_true", help=t(f"future_{name}"))
            sub.add_argument("--strict", action="store_true", help=t("strict"))
        if "quiet" in options:
            sub.add_argument("-q", "--quiet", action="store_true", help=t("quiet"))
        sub.add_argument("--lang", choices=i18n.available_languages(), help=t("lang"))
        return sub

    build_command = command("build", "out", "preview", "quiet")
    build_command.add_argument("--minify", action="store_true", help=t("minify"))
    build_command.add_argument("--no-cache", action="store_true", help=t("no_cache"))
    build_command.add_argument("--jobs", type=jobs_count, default=None, metavar="N", help=t("jobs"))
    serve = command("serve", "out", "preview")
    serve.add_argument("--port", type=int, default=8000, help=t("port"))
    serve.add_argument("--host", default="127.0.0.1", help=t("host"))
    new = command("new")
    new.add_argument("title", metavar="TITLE", help=t("title"))
    new.add_argument("--category", help=t("category"))
    new.add_argument("--new-category", action="store_true", help=t("new_category"))
    new.add_argument("--campaign", metavar="ID", help=t("campaign"))
    new.add_argument("--slug", help=t("slug"))
    bundle = command("bundle", "quiet")
    bundle.add_argument("--out", type=Path, default=None, metavar="FILE", help=t("out_bundle"))
    bundle.add_argument("--strict", action="store_true", help=t("strict"))
    bundle.add_argument("--minify", action="store_true", help=t("minify"))
    check = command("check", "preview", "quiet")
    check.add_argument("--format", choices=("text", "json"), default="text", help=t("format"))
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
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version"):
        argv.insert(0, "build")  # `build.py --site x` means `build.py build --site x`
    args = make_parser(argv_language(argv)).parse_args(argv)
    if args.command is None:
        make_parser(argv_language(argv)).print_help()
        return 2
    language = site_language(args.site, args.lang)
    try:
        return {"build": run_build, "serve": run_serve, "new": run_new, "check": run_check, "bundle": run_bundle}[args.command](
            args, language)
    except Exception as exc:  # a broken site, folder or disk: a message, never a traceback
        if os.environ.get("LOA_DEBUG"):
            raise
        for problem in problems_of(exc, args.site):
            print(format_problem(problem, language), file=sys.stderr)
        return 1


def run_build(args: argparse.Namespace, language: str) -> int:
    return 0 if _build(args, language, args.out) else 1


def _build(args: argparse.Namespace, language: str, out: Path | None):
    """Build with the command's options; the result, or None after printing the problems."""
    options = BuildOptions(drafts=getattr(args, "drafts", False), future=getattr(args, "future", False),
                           strict=args.strict, minify=args.minify,
                           jobs=getattr(args, "jobs", None) or default_jobs(),
                           reuse=not getattr(args, "no_cache", True),  # `build` only: bundle writes elsewhere
                           cache=not getattr(args, "no_cache", False))
    progress = None if args.quiet else ProgressReport(sys.stderr, language)
    try:
        result = build(args.site, out, options, progress)
    except BuildError as exc:
        _finish(progress)
        _print_problems([*exc.errors, *exc.warnings], language)
        print(i18n.message(language, "build_failed", {"count": str(len(exc.errors))}), file=sys.stderr)
        return None
    except KeyboardInterrupt:
        _finish(progress)  # the one-line message must not be glued to a progress bar
        raise
    _finish(progress)
    _print_problems(result.warnings, language)
    if not args.quiet:
        print(summary_line(result, language))
        if result.sizes:
            print(describe_sizes(result.sizes, language))
    return result


def run_bundle(args: argparse.Namespace, language: str) -> int:
    """Build into a temporary folder, then zip it; public/ is left as it was."""
    with tempfile.TemporaryDirectory(prefix="loa-bundle-") as temporary:
        result = _build(args, language, Path(temporary) / "site")
        if result is None:
            return 1
        zip_path = args.out or args.site / "dist" / f"{slugify(result.config.title) or 'site'}.zip"
        size = write_bundle(result.out_dir, zip_path)
    print(i18n.message(language, "bundle_written", {"path": str(zip_path), "size": format_size(size)}))
    return 0


def describe_sizes(sizes: SiteSizes, language: str) -> str:
    """The site's weight and its heaviest pages, for the build's last lines."""
    line = i18n.message(language, "size_total", {"total": format_size(sizes.total), "files": str(sizes.files),
                                                  "html": format_size(sizes.html)})
    if sizes.compressed:
        line += i18n.message(language, "size_compressed", {"size": format_size(sizes.compressed)})
    if sizes.largest:
        line += "\n" + i18n.message(language, "size_largest", {"pages": ", ".join(
            f"{path} {format_size(size)}" for path, size in sizes.largest)})
    return line


def run_serve(args: argparse.Namespace, language: str) -> int:
    from .preview import serve
    options = BuildOptions(drafts=args.drafts, future=args.future, strict=args.strict, cache=True)
    return serve(args.site, args.out, args.host, args.port, options, language, ProgressReport(sys.stderr, language))


def run_new(args: argparse.Namespace, language: str) -> int:
    from .new_article import NewArticle, create_article
    report = Report()
    config = load_config(args.site.resolve(), report)
    if config is None:
        _print_problems(report.problems, language)
        return 1
    request = NewArticle(args.title, args.category, args.campaign, args.slug, args.new_category)
    try:
        path = create_article(config, request, current_time())
    except BuildError as exc:
        _print_problems(exc.errors, language)
        return 1
    print(_display_path(path))
    print(i18n.message(language, "new_created", {}), file=sys.stderr)
    return 0


def run_check(args: argparse.Namespace, language: str) -> int:
    from .check import check_site
    options = BuildOptions(drafts=args.drafts, future=args.future)
    progress = None if args.quiet else ProgressReport(sys.stderr, language)
    problems = check_site(args.site, options, progress)
    _finish(progress)
    errors = sum(p.level == "error" for p in problems)
    warnings = len(problems) - errors
    if args.format == "json":
        print(json.dumps({"errors": errors, "warnings": warnings, "problems": [
            {"path": p.path, "line": p.line, "level": p.level, "code": p.code, "message": p.message(language),
             "args": dict(p.args)} for p in problems]}, ensure_ascii=False, indent=2))
    else:
        for problem in problems:
            print(format_problem(problem, language))
        if not args.quiet:
            print(i18n.message(language, "check_summary", {"errors": str(errors), "warnings": str(warnings)}),
                  file=sys.stderr)
    return 1 if errors or (args.strict and warnings) else 0


def format_problem(problem: Problem, language: str) -> str:
    """`path:line: level: message`; a problem about the command itself has no path."""
    if not problem.path:
        return f"{i18n.message(language, f'level_{problem.level}', {})}: {problem.message(language)}"
    return problem.format(language)


def _print_problems(problems: list[Problem], language: str) -> None:
    for problem in problems:
        print(format_problem(problem, language), file=sys.stderr)


def _finish(progress: ProgressReport | None) -> None:
    if progress is not None:
        progress.finish()


def _display_path(path: Path) -> str:
    """Relative to the current folder when inside it, else absolute: easy to paste into an editor."""
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)
