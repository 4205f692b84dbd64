"""`build.py serve`: a live preview, after MkDocs' livereload design.

A stdlib threading server, a watchdog observer and a debounced rebuild loop. Builds are atomic
(the writer swaps a finished folder into place), so a browser never sees a half-built site.
Open tabs long-poll POLL_PATH: they reload when a build succeeds, and show an overlay with the
errors when it fails while the last good site stays served. The script is injected into HTML
responses as they are served, never into files on disk.
"""

from __future__ import annotations

import http.server
import json
import mimetypes
import posixpath
import socket
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from . import i18n
from .errors import Problem
from .writer import equal_bytes

POLL_PATH = "/__loa__/poll"
POLL_SECONDS = 25.0  # a poll is answered at the latest after this, before anything times it out
HEADER_SECONDS = 10.0  # a client must send its whole request head within this time
BUILD_WAIT_SECONDS = 30.0  # a request that misses a file during a build waits for the build
WATCH_GRACE_SECONDS = 5.0  # a page counts as open this long after its tab's last poll ended
SCRIPT = (Path(__file__).parent / "livereload.js").read_text(encoding="utf-8")
NOT_FOUND = b"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>404</title></head><body></body></html>"


class LiveState:
    """What open tabs poll: a version that moves with every build, the last build's errors, and the
    pages a build shows early (`pipeline.EarlyPages`), which are served from memory until it ends."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self.version = 0
        self.errors: list[Problem] = []
        self.building = False
        # output path -> the page as the running build will write it, and the version that showed it
        self._early: dict[str, tuple[bytes, int]] = {}
        self._reload: frozenset[str] | None = None  # pages whose tabs the last change reloads; None: all
        # pages whose tabs it does not reload, if they saw the version that showed the page early
        self._settled: dict[str, int] = {}
        self._watched: dict[str, int] = {}  # output path -> polls waiting from tabs showing it
        self._last_polled: dict[str, float] = {}  # output path -> when its last poll ended (time.monotonic)

    def start_build(self) -> None:
        with self._cond:
            self.building = True

    def show_early(self, pages: dict[str, bytes]) -> None:
        """Serve `pages` until the build ends, and reload the tabs showing them."""
        with self._cond:
            self._changed(frozenset(pages))
            self._early.update((path, (data, self.version)) for path, data in pages.items())

    def finish_build(self, errors: list[Problem], settled: frozenset[str] = frozenset()) -> None:
        """A good build reloads every tab but those whose page it `settled` (see `shown_as_written`); a
        failed one reloads those shown an early page (the last good site is served again); the others
        show the errors."""
        with self._cond:
            self.errors = errors
            self.building = False
            early, self._early = self._early, {}
            self._changed(frozenset(early) if errors else None,
                          {} if errors else {path: early[path][1] for path in settled if path in early})

    def shown_as_written(self, folder: Path) -> frozenset[str]:
        """The pages shown early whose file in `folder` now holds the same bytes."""
        with self._cond:
            early = dict(self._early)
        return frozenset(path for path, (data, _version) in early.items() if equal_bytes(folder / path, data))

    def _changed(self, reload: frozenset[str] | None, settled: dict[str, int] | None = None) -> None:
        self.version += 1
        self._reload = reload
        self._settled = settled or {}
        self._cond.notify_all()

    def early_page(self, path: str) -> bytes | None:
        with self._cond:
            return self._early[path][0] if path in self._early else None

    def watched(self) -> frozenset[str]:
        """The output paths of the pages open in a tab that polls, or did a moment ago (a tab polls again
        once it has its answer, or once it has reloaded)."""
        now = time.monotonic()
        with self._cond:
            for page in [p for p, ended in self._last_polled.items() if now - ended > WATCH_GRACE_SECONDS]:
                del self._last_polled[page]
            return frozenset(self._watched) | frozenset(self._last_polled)

    def wait_for_change(self, version: int, timeout: float,
                        page: str | None = None) -> tuple[int, list[Problem], bool]:
        """(version, errors, whether the tab showing `page` reloads) once the version is not `version`."""
        with self._cond:
            if page is not None:
                self._watched[page] = self._watched.get(page, 0) + 1
            try:
                self._cond.wait_for(lambda: self.version != version, timeout)
            finally:
                if page is not None:
                    self._watched[page] -= 1
                    self._last_polled[page] = time.monotonic()
                    if not self._watched[page]:
                        del self._watched[page]
            changed = self.version != version
            shown_early = page in self._settled and version >= self._settled[page]  # a tab that missed it reloads
            reload = (self._reload is None or page in self._reload) and not shown_early
            return self.version, self.errors, changed and reload

    def wait_until_built(self, timeout: float) -> None:
        with self._cond:
            self._cond.wait_for(lambda: not self.building, timeout)

    def snapshot(self) -> tuple[int, list[Problem]]:
        with self._cond:
            return self.version, self.errors


def resolve_request(root: Path, url_path: str) -> Path | None:
    """The file inside `root` a URL path names, or None: no `..` (encoded or not), no symlink out."""
    try:
        path = unquote(url_path, errors="strict")
    except UnicodeDecodeError:
        return None
    if "\x00" in path or "\\" in path:
        return None
    parts = [part for part in path.split("/") if part not in ("", ".")]
    if ".." in parts:
        return None
    base = root.resolve()
    candidate = base.joinpath(*parts)
    if candidate.is_dir():
        candidate = candidate / "index.html"
    try:
        real = candidate.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    return real if real.is_relative_to(base) and real.is_file() else None


def output_path(url_path: str) -> str:
    """The output path of the page a URL path (percent-encoded) names: `/a/` is `a/index.html`."""
    path = unquote(url_path, errors="replace").lstrip("/")
    return path + "index.html" if path == "" or path.endswith("/") else path


def inject_script(html: bytes, state: LiveState, language: str) -> bytes:
    """The page with the reload script before `</body>`; the state is embedded as inert JSON."""
    version, errors = state.snapshot()
    data = {"version": version, "errors": problems_json(errors, language), "poll": POLL_PATH,
            "title": i18n.message(language, "serve_overlay_title", {})}
    payload = json.dumps(data).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    script = f'<script id="loa-livereload">\n{SCRIPT.replace("LOA_STATE", payload)}</script>\n'.encode()
    end = html.lower().rfind(b"</body>")
    return html[:end] + script + html[end:] if end >= 0 else html + script


def problems_json(problems: list[Problem], language: str) -> list[dict]:
    return [{"path": p.path, "line": p.line, "level": p.level, "message": p.message(language)} for p in problems]


class LiveServer(http.server.ThreadingHTTPServer):
    """A thread per connection, a deep backlog, and a reaper for clients too slow to send a request."""

    daemon_threads = True
    request_queue_size = 512  # a burst of connections waits in the backlog instead of being refused

    def __init__(self, address: tuple[str, int], root: Path, state: LiveState, language: str):
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        super().__init__(address, LiveHandler)
        self.root = root
        self.state = state
        self.language = language
        self._deadlines: dict[LiveHandler, float] = {}  # connections still sending their request head
        self._deadlines_lock = threading.Lock()
        threading.Thread(target=self._reap_slow_clients, daemon=True).start()

    def expect_request(self, handler: LiveHandler, expected: bool) -> None:
        with self._deadlines_lock:
            if expected:
                self._deadlines[handler] = time.monotonic() + HEADER_SECONDS
            else:
                self._deadlines.pop(handler, None)

    def _reap_slow_clients(self) -> None:
        """A client that drips its request byte by byte holds only its own thread, and only for a while."""
        while True:
            time.sleep(0.5)
            now = time.monotonic()
            with self._deadlines_lock:
                late = [handler for handler, deadline in self._deadlines.items() if deadline < now]
                for handler in late:
                    del self._deadlines[handler]
            for handler in late:
                try:
                    handler.connection.shutdown(socket.SHUT_RDWR)  # its blocked read returns at once
                except OSError:
                    pass


class LiveHandler(http.server.BaseHTTPRequestHandler):
    server: LiveServer
    timeout = 60  # seconds an idle connection may stay open
    server_version = "LoaPreview"

    def setup(self) -> None:
        super().setup()
        self.server.expect_request(self, True)

    def parse_request(self) -> bool:
        ok = super().parse_request()  # reads the headers; the deadline covers them too
        self.server.expect_request(self, False)
        return ok

    def finish(self) -> None:
        self.server.expect_request(self, False)
        super().finish()

    def do_GET(self) -> None:  # noqa: N802 (http.server's API)
        self._respond(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._respond(send_body=False)

    def _respond(self, send_body: bool) -> None:
        url = urlsplit(self.path)
        if url.path == POLL_PATH:
            return self._poll(url.query)
        root, state = self.server.root, self.server.state
        early = state.early_page(output_path(url.path))
        if early is not None:
            return self._send(200, inject_script(early, state, self.server.language), "text/html; charset=utf-8",
                              send_body)
        file = resolve_request(root, url.path)
        if file is None and state.building:  # the output folder may be in the middle of its swap
            state.wait_until_built(BUILD_WAIT_SECONDS)
            file = resolve_request(root, url.path)
        last_segment = posixpath.basename(url.path)
        if file is not None and file.name == "index.html" and last_segment not in ("", "index.html"):
            return self._send(301, b"", "text/plain", send_body, {"Location": last_segment + "/"})
        status = 200
        if file is None:
            status, file = 404, resolve_request(root, "/404.html")
        try:
            data = file.read_bytes() if file is not None else NOT_FOUND
        except OSError:
            status, file, data = 404, None, NOT_FOUND
        kind = "text/html" if file is None else mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if kind == "text/html":
            kind, data = "text/html; charset=utf-8", inject_script(data, state, self.server.language)
        self._send(status, data, kind, send_body)

    def _poll(self, query: str) -> None:
        fields = parse_qs(query)
        try:
            version = int(fields.get("v", ["-1"])[0])
        except ValueError:
            version = -1
        page = output_path(fields["p"][0]) if "p" in fields else None  # the tab's own page
        version, errors, reload = self.server.state.wait_for_change(version, POLL_SECONDS, page)
        body = json.dumps({"version": version, "errors": problems_json(errors, self.server.language),
                           "reload": reload}).encode()
        self._send(200, body, "application/json", True)

    def _send(self, status: int, data: bytes, kind: str, send_body: bool, headers: dict | None = None) -> None:
        self.send_response(status)
        for name, value in {"Content-Type": kind, "Content-Length": str(len(data)), "Cache-Control": "no-store",
                            "X-Content-Type-Options": "nosniff", **(headers or {})}.items():
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(data)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        if str(code).startswith(("4", "5")):  # a missing page is worth an editor's look; the rest is noise
            super().log_request(code, size)
