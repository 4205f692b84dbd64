"""The optional service worker (site.yaml `offline: {service_worker: true}`).

It lives at the site's root, so that its scope is the whole site under any sub-path,
and keeps a fixed name: browsers look for it by name on every visit.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from . import i18n
from .writer import Outputs

SERVICE_WORKER_PATH = "sw.js"
_SOURCE = Path(__file__).with_name("service_worker.js")
MAX_ENTRIES = 300  # pages and files kept for offline reading; the oldest go first
TIMEOUT_MS = 6000  # a page slower than this comes from the saved copy, when there is one


def add_service_worker(outputs: Outputs, language: str) -> None:
    """Add the service worker script, with the offline notice in the site's language."""
    outputs.add(SERVICE_WORKER_PATH, service_worker_script(language), "offline.service_worker")


def service_worker_script(language: str) -> bytes:
    ui = i18n.strings(language)
    text = {"lang": language, **{key: html.escape(ui[f"offline_{key}"]) for key in ("title", "text", "home")}}
    settings = {"max_entries": MAX_ENTRIES, "timeout_ms": TIMEOUT_MS, "text": text}
    source = _SOURCE.read_text(encoding="utf-8")
    return source.replace("/*SETTINGS*/{}", json.dumps(settings, ensure_ascii=False, sort_keys=True)).encode("utf-8")
