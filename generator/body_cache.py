"""Markdown bodies rendered by earlier builds, reused when neither their text nor their links changed.

A body's HTML depends on its `BodyInput` (file, output path, text, first line, raw HTML setting) and
on what each of its links finds (`markdown_render.look_up`): the input is the key, and a kept
rendering is reused only if every link it made still finds the same page or file.
"""

from __future__ import annotations

import hashlib
from dataclasses import astuple
from pathlib import Path

from .markdown_render import BodyInput, RenderedBody, links_unchanged

BODY_STORE = "bodies"  # its name in .loa-cache/ (build_cache.py)


def body_key(body: BodyInput) -> str:
    return hashlib.blake2b(repr(astuple(body)).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class BodyCache:
    """Renderings from the last build (`earlier`, by key), and those of this build (`current`)."""

    def __init__(self, earlier: dict[str, RenderedBody]):
        self.earlier = earlier
        self.current: dict[str, RenderedBody] = {}
        self._rendered_anew = False

    def find(self, key: str, link_targets: dict[str, str], held: frozenset[str],
             content_root: Path) -> RenderedBody | None:
        """The earlier rendering of the body with this `body_key`, if it would render the same now."""
        rendered = self.earlier.get(key)
        if rendered is None or not links_unchanged(rendered, link_targets, held, content_root):
            return None
        return rendered

    def keep(self, key: str, rendered: RenderedBody) -> None:
        """Remember a body of this build: the next build may reuse this build's renderings, and only those."""
        self._rendered_anew = self._rendered_anew or self.earlier.get(key) is not rendered
        self.current[key] = rendered

    @property
    def changed(self) -> bool:
        """Whether the store must be written again."""
        return self._rendered_anew or self.current.keys() != self.earlier.keys()
