"""Output paths and the relative links between them.

Every internal link is relative and names a file, so a site works from file://
and under any sub-path of any host.
"""

from __future__ import annotations

import functools
import posixpath
from urllib.parse import quote


def relative_url(from_page: str, to_path: str) -> str:
    """The link from the output file `from_page` to the output file `to_path`."""
    return _relative(posixpath.dirname(from_page) or ".", to_path)


@functools.lru_cache(maxsize=262144)
def _relative(start: str, to_path: str) -> str:
    # Pages of one folder share every link: caching by folder makes this nearly free.
    return quote(posixpath.relpath(to_path, start), safe="/#?=&%")


def absolute_url(base_url: str, path: str) -> str:
    """`base_url` joined with an output path; used only in feeds, sitemap and canonical links."""
    return base_url + quote(path, safe="/#?=&%")


def paginated_path(first: str, number: int) -> str:
    """`x/index.html` for page 1, `x/page-2.html` after; `index.html` -> `page-2.html`."""
    if number == 1:
        return first
    folder = posixpath.dirname(first)
    name = f"page-{number}.html"
    return posixpath.join(folder, name) if folder else name
