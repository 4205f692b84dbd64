"""Markdown bodies rendered by earlier builds, reused when neither their text nor their links changed.

A body's HTML depends on its `BodyInput` (file, output path, text, first line, raw HTML setting) and
on what each of its links finds (`markdown_render.look_up`): the input is the key, and a kept
rendering is reused only if every link it made still finds the same page or file.
"""

from __future__ import annotations

import hashlib
from dataclasses import fields
from pathlib import Path

from .build_cache import Store
from .markdown_render import BodyInput, RenderedBody, links_unchanged

BODY_STORE = "bodies"  # its name in .loa-cache/ (build_cache.py)


def body_key(body: BodyInput) -> str:
    """A digest of every field of `body`; texts are hashed as they are (repr would copy and escape them)."""
    digest = hashlib.blake2b(digest_size=16)
    for value in (getattr(body, field.name) for field in fields(body)):
        if isinstance(value, str):
            digest.update(b"%d:" % len(value) + value.encode("utf-8", "surrogatepass"))
        else:
            digest.update(repr(value).encode() + b"\0")
    return digest.hexdigest()


class BodyCache(Store):
    """Renderings from the last build, by `body_key`."""

    def reusable(self, key: str, link_targets: dict[str, str], held: frozenset[str],
                 content_root: Path) -> RenderedBody | None:
        """The earlier rendering of the body with this key, if every link of it finds what it found then."""
        rendered = self.find(key)
        if rendered is None or not links_unchanged(rendered, link_targets, held, content_root):
            return None
        return rendered
