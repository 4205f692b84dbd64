"""Shared fixtures: tiny sites in tmp_path, the example site, and a real browser.

Browser tests drive Debian's Chromium through Playwright, over file:// and over
http://127.0.0.1 under a sub-path, with every request leaving the site counted.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import signal
import textwrap
import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from generator.pipeline import BuildOptions, build

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "test-artifacts"
# The example site is always built as of this moment, so tests do not age.
EXAMPLE_NOW = datetime(2026, 11, 28, 12, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
SUB_PATH = "/tin-tuc/"

MINIMAL_CONFIG = """\
title: Trang thử
base_url: https://example.org/news/
menu:
  - {title: Trang chủ, home: true}
"""


@pytest.fixture(autouse=True)
def _stop_signals_restored():
    """Tests that run the CLI in this process leave Ctrl-C ignored (as `cli.main` does on its way out);
    builds started afterwards would inherit that and could not be interrupted."""
    saved = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM)}
    yield
    for signum, handler in saved.items():
        signal.signal(signum, handler)


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write `files` (path -> dedented text, or bytes) under `root`."""
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(textwrap.dedent(data), encoding="utf-8")
    return root


def article(title: str = "Bài viết", date: str = "2021-10-01 09:43", body: str = "Nội dung bài viết.",
            **fields: str) -> str:
    """A Markdown article with front matter; extra fields are written as given."""
    lines = [f"title: {title}", f"date: {date}", *(f"{k}: {v}" for k, v in fields.items())]
    return "---\n" + "\n".join(lines) + "\n---\n" + body + "\n"


@pytest.fixture
def make_site(tmp_path):
    """Write a tiny site: `make_site({"content/articles/a.md": article()})`."""

    def make(files: dict[str, str | bytes], config: str | None = MINIMAL_CONFIG) -> Path:
        site = tmp_path / "site"
        site.mkdir(exist_ok=True)
        if config is not None:
            write_files(site, {"site.yaml": config})
        return write_files(site, files)

    return make


@pytest.fixture
def build_site():
    """Build a site as of EXAMPLE_NOW; returns its output folder."""

    def run(site: Path, **options) -> Path:
        options.setdefault("now", EXAMPLE_NOW)
        build(site, site / "public", BuildOptions(**options))
        return site / "public"

    return run


@pytest.fixture(scope="session")
def example_public(tmp_path_factory) -> Path:
    """The repository's example site, built once for the whole session."""
    out = tmp_path_factory.mktemp("example") / "public"
    build(REPO, out, BuildOptions(now=EXAMPLE_NOW))
    return out


# ---------------------------------------------------------------- the browser

def chromium_path() -> str:
    path = os.environ.get("LOA_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("Chromium is missing: install Debian's 'chromium' package (bash .ci/run does)")
    return path


CHROMIUM_ARGS = [
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class _SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site only below SUB_PATH, as a host that publishes it in a folder would."""

    def translate_path(self, path: str) -> str:
        if not path.startswith(SUB_PATH):
            return str(Path(self.directory) / "__outside_the_site__")
        return super().translate_path("/" + path[len(SUB_PATH):])

    def log_message(self, *args) -> None:
        pass


def serve_folder(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Start a server for `root` under SUB_PATH on a free port; returns it and the site's base URL."""
    handler = functools.partial(_SubPathHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"


@pytest.fixture(scope="session")
def example_http(example_public):
    """The example site over http://127.0.0.1:PORT/tin-tuc/."""
    server, base = serve_folder(example_public)
    yield base
    server.shutdown()


@dataclass
class PageWatch:
    """What a page did: console errors, failed requests and requests that left the site."""

    site_prefix: str
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)

    def attach(self, page) -> None:
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        page.on("request", self._check_request)
        page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.url} ({r.status})"))

    def _check_request(self, request) -> None:
        url = request.url
        if not (url.startswith(self.site_prefix) or url.startswith(("data:", "blob:", "about:"))):
            self.outside.append(url)

    def assert_clean(self) -> None:
        assert self.outside == [], f"requests left the site: {self.outside}"
        assert self.failed == [], f"failed requests: {self.failed}"
        assert self.console_errors == [], f"console errors: {self.console_errors}"


@pytest.fixture
def open_page(browser):
    """Open a URL in a fresh page and watch it: `page, watch = open_page(url, site_prefix)`."""
    contexts = []

    def open_(url: str, site_prefix: str, width: int = 1280, height: int = 900, **context_options):
        context = browser.new_context(viewport={"width": width, "height": height}, **context_options)
        contexts.append(context)
        page = context.new_page()
        watch = PageWatch(site_prefix)
        watch.attach(page)
        page.goto(url)
        return page, watch

    yield open_
    for context in contexts:
        context.close()


def file_url(path: Path) -> str:
    return path.resolve().as_uri()


def save_screenshot(page, name: str) -> Path:
    """Keep a screenshot as a test artifact (test-artifacts/, ignored by git)."""
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    return target
