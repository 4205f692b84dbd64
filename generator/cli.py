"""The command line: `python build.py [build|serve] ...`."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from .bundle import write_bundle
from .errors import BuildError
from .fields import slugify
from .pipeline import BuildOptions, BuildResult, build
from .postprocess import SiteSizes, format_size


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build.py", description="Loa: build a campaign news site.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def site_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--site", type=Path, default=Path("."), help="the site folder (default: this folder)")
        p.add_argument("--out", type=Path, default=None, help="output folder (default: public/ in the site)")
        p.add_argument("--drafts", action="store_true", help="include drafts (preview only)")
        p.add_argument("--future", action="store_true", help="include scheduled articles (preview only)")
        p.add_argument("--strict", action="store_true", help="fail on warnings too (for CI)")
        p.add_argument("--minify", action="store_true", help="minify HTML, CSS and JS (also site.yaml output.minify)")

    build_parser = commands.add_parser("build", help="build the site into public/ (the default command)")
    site_options(build_parser)
    serve_parser = commands.add_parser("serve", help="build, then serve the site on 127.0.0.1")
    site_options(serve_parser)
    serve_parser.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve_parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    bundle_parser = commands.add_parser("bundle", help="build the site into one zip for offline readers")
    bundle_parser.add_argument("--site", type=Path, default=Path("."), help="the site folder (default: this folder)")
    bundle_parser.add_argument("--out", type=Path, default=None,
                               help="the zip file (default: dist/<site title>.zip in the site)")
    bundle_parser.add_argument("--strict", action="store_true", help="fail on warnings too (for CI)")
    bundle_parser.add_argument("--minify", action="store_true", help="minify HTML, CSS and JS")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        argv.insert(0, "build")
    args = make_parser().parse_args(argv)
    if args.command == "build":
        return 0 if run_build(args) else 1
    if args.command == "bundle":
        return run_bundle(args)
    if args.command == "serve":
        from .server import serve
        result = run_build(args)
        if result is None:
            return 1
        return serve(result.out_dir, args.host, args.port)
    return 2


def run_build(args: argparse.Namespace) -> BuildResult | None:
    options = BuildOptions(drafts=getattr(args, "drafts", False), future=getattr(args, "future", False),
                           strict=args.strict, minify=args.minify)
    try:
        result = build(args.site, args.out, options)
    except BuildError as exc:
        for problem in [*exc.errors, *exc.warnings]:
            print(problem.format(_language(args.site)), file=sys.stderr)
        print(f"Build failed: {len(exc.errors)} problem(s); the previous site was left as it was.",
              file=sys.stderr)
        return None
    for warning in result.warnings:
        print(warning.format(result.config.language), file=sys.stderr)
    print(f"Built {result.pages} pages ({result.files} files) into {result.out_dir} in {result.seconds:.2f} s")
    if result.sizes:
        print(describe_sizes(result.sizes))
    return result


def run_bundle(args: argparse.Namespace) -> int:
    """Build into a temporary folder, then zip it; public/ is left as it was."""
    with tempfile.TemporaryDirectory(prefix="loa-bundle-") as temporary:
        args.out, zip_path = Path(temporary) / "site", args.out
        result = run_build(args)
        if result is None:
            return 1
        zip_path = zip_path or args.site / "dist" / f"{slugify(result.config.title) or 'site'}.zip"
        size = write_bundle(result.out_dir, zip_path)
    print(f"Bundle: {zip_path} ({format_size(size)}); unzip it and open index.html")
    return 0


def describe_sizes(sizes: SiteSizes) -> str:
    """The site's weight and its heaviest pages, for the build's last lines."""
    lines = [f"Size: {format_size(sizes.total)} in {sizes.files} files, of which HTML {format_size(sizes.html)}"]
    if sizes.compressed:
        lines[0] += f" (+ {format_size(sizes.compressed)} of .gz/.br copies)"
    if sizes.largest:
        lines.append("Largest pages: " + ", ".join(f"{path} {format_size(size)}" for path, size in sizes.largest))
    return "\n".join(lines)


def _language(site_root: Path) -> str:
    """The site's language for messages, even when site.yaml is broken (default: vi)."""
    import yaml
    try:
        data = yaml.safe_load((site_root / "site.yaml").read_text(encoding="utf-8"))
        language = data.get("language", "vi") if isinstance(data, dict) else "vi"
    except Exception:  # a broken site.yaml is reported by the build itself
        return "vi"
    from .i18n import available_languages
    return language if language in available_languages() else "vi"
