"""The build, top to bottom: load, resolve, render, write."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from .config import SiteConfig, load_config
from .errors import BuildError, ContentError, Problem, Report
from .load import load_content
from .markdown_render import BodyInput, RenderedBody, render_body
from .model import Content
from .postprocess import SiteSizes, tune_outputs
from .render import make_environment, plan_pages, render_pages, theme_dirs
from .resolve import Site, resolve_site
from .writer import Outputs, check_output_dir, write_site


@dataclass(frozen=True)
class BuildOptions:
    drafts: bool = False  # preview drafts
    future: bool = False  # preview scheduled articles
    strict: bool = False  # warnings fail the build
    minify: bool = False  # minify HTML, CSS and JS (also site.yaml output.minify)
    now: datetime | None = None  # default: SOURCE_DATE_EPOCH, else the clock


@dataclass
class BuildResult:
    config: SiteConfig
    out_dir: Path
    files: int
    pages: int
    seconds: float
    warnings: list[Problem] = field(default_factory=list)
    sizes: SiteSizes | None = None


def build(site_root: Path, out_dir: Path | None = None, options: BuildOptions = BuildOptions()) -> BuildResult:
    """Build the site in `site_root` into `out_dir` (default: public/ inside it).

    Raises BuildError with every problem found; the previous output is then untouched.
    """
    started = time.perf_counter()
    site_root = site_root.resolve()
    out_dir = (out_dir or site_root / "public").absolute()
    report = Report()
    config = load_config(site_root, report)
    if config is None:
        report.raise_if_errors()
    assert config is not None
    _guard(report, lambda: check_output_dir(out_dir, site_root), str(out_dir))
    now = options.now or current_time()
    content = load_content(config, report, now, drafts=options.drafts, future=options.future)
    bodies = render_bodies(config, content, report)
    site = resolve_site(config, content, bodies, now, report)
    report.raise_if_errors()
    if options.strict and report.warnings:
        raise BuildError(report.warnings, [])
    outputs = Outputs()
    _guard(report, lambda: collect_outputs(site, outputs), "")
    report.raise_if_errors()
    sizes = tune_outputs(outputs, config, report, options.minify)
    report.raise_if_errors()
    if options.strict and report.warnings:  # page budgets are known only now
        raise BuildError(report.warnings, [])
    write_site(outputs, out_dir)
    pages = sum(1 for p in outputs.files if p.endswith(".html"))
    return BuildResult(config, out_dir, len(outputs), pages, time.perf_counter() - started, report.warnings,
                       sizes)


def current_time() -> datetime:
    """The build's notion of now: SOURCE_DATE_EPOCH when set, for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime.now(timezone.utc)


def _guard(report: Report, action, where: str) -> None:
    try:
        action()
    except ContentError as exc:
        report.error(exc.args_.pop("owner", where) or where, None, exc.code, **exc.args_)


def render_bodies(config: SiteConfig, content: Content, report: Report) -> dict[str, RenderedBody]:
    """Markdown of every article, page and campaign summary to HTML."""
    targets = {item.source.removeprefix("content/"): item.path for item in (*content.articles, *content.pages)}
    inputs = [BodyInput(item.source, item.path, item.body, item.body_line, config.raw_html)
              for item in (*content.articles, *content.pages)]
    inputs += [BodyInput(c.source, c.path, c.summary, c.lines.get("summary", 1), config.raw_html)
               for c in content.campaigns if c.summary]
    bodies = {}
    for body in inputs:
        rendered = render_body(body, targets, config.content_root)
        for line, code, value in rendered.problems:
            report.error(body.source, line, code, value=value)
        bodies[body.source] = rendered
    return bodies


def collect_outputs(site: Site, outputs: Outputs) -> None:
    """Every file of the site: pages, theme assets and the media that pages use."""
    env = make_environment(site.config.root, site.config.language)
    for path, data in render_pages(env, site, plan_pages(site)).items():
        outputs.add(path, data, "templates")
    for path, source in theme_assets(site.config.root).items():
        outputs.copy(path, source, "templates/assets")
    for path in sorted(used_media(site)):
        outputs.copy(path, site.config.content_root / path, "content/" + path)


def theme_assets(site_root: Path) -> dict[str, Path]:
    """Files under templates/assets, the site's own winning over the default theme's."""
    assets: dict[str, Path] = {}
    for theme in reversed(theme_dirs(site_root)):
        folder = theme / "assets"
        if folder.is_dir():
            for file in sorted(folder.rglob("*")):
                if file.is_file():
                    assets["assets/" + file.relative_to(folder).as_posix()] = file
    return assets


def used_media(site: Site) -> set[str]:
    """Paths below content/ of every file a published page shows or links to."""
    used: set[str] = set()
    for article in site.articles:
        used.update(image.path for image in (article.image, *article.gallery) if image)
    for campaign in site.campaigns:
        if campaign.plan and campaign.plan.file:
            used.add(campaign.plan.file)
        if campaign.image:
            used.add(campaign.image.path)
    for body in site.bodies.values():
        used.update(body.images)
        used.update(p for p in body.links if not p.endswith(".md"))
    return used
