"""urls.py: every internal link is relative and names a file; base_url only in absolute URLs."""

from __future__ import annotations

import posixpath
import random
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator import render
from generator.urls import _relpath, absolute_url, paginated_path, relative_url


@pytest.mark.parametrize("page, target, link", [
    ("index.html", "articles/a.html", "articles/a.html"),
    ("articles/a.html", "articles/b.html", "b.html"),
    ("articles/a.html", "index.html", "../index.html"),
    ("categories/giao-duc/index.html", "assets/style.css", "../../assets/style.css"),
    ("archive/2021/10/page-2.html", "archive/2021/10/index.html", "index.html"),
    ("archive/2021/10/index.html", "categories/x/index.html", "../../../categories/x/index.html"),
    ("articles/a.html", "media/2021/ảnh 1.jpg", "../media/2021/%E1%BA%A3nh%201.jpg"),
    ("pages/a.html", "pages/a.html", "a.html"),
])
def test_relative_url(page, target, link):
    assert relative_url(page, target) == link


def test_relative_links_always_name_a_file():
    for page in ("index.html", "a/index.html", "a/b/c/page-3.html"):
        link = relative_url(page, "index.html")
        assert link.endswith("index.html") and not link.endswith("/")



def test_relpath_shortcut_agrees_with_posixpath_on_every_kind_of_path():
    """_relpath skips abspath() for plain paths: its answers (and errors) must be relpath's."""
    rng = random.Random(2)
    segments = ["a", "b", "ab", "x.html", "c#d?e", "ảnh 1", ".", "..", "...", "", " "]

    def outcome(function, path, start):
        try:
            return function(path, start)
        except ValueError as exc:
            return f"ValueError: {exc}"

    for _ in range(20_000):
        path, start = ("/".join(rng.choice(segments) for _ in range(rng.randint(1, 4))) for _ in range(2))
        assert outcome(_relpath, path, start) == outcome(posixpath.relpath, path, start), (path, start)
    assert _relpath("a/b/c.html", "a/b") == "c.html" and _relpath("a", "a") == "." and _relpath("a", ".") == "a"


@pytest.mark.parametrize("limit", [3, 1000])  # 3: emptied again and again on the way
def test_url_helper_remembers_links_per_folder_without_mixing_folders(monkeypatch, limit):
    monkeypatch.setattr(render, "LINK_CACHE_LIMIT", limit)
    hashed = {"assets/style.css": "assets/style.1234abcd.css"}
    url = render._url_helper(hashed)  # a plain function, once Jinja's context is a dict
    pages = ["index.html", "articles/a.html", "articles/b.html", "tags/x/index.html", "tags/x/page-2.html",
             "tags/y/index.html", "archive/2021/10/index.html", "index.html"]
    targets = ["articles/a.html", "index.html", "assets/style.css", "tags/x/index.html", "https://moet.gov.vn",
               "mailto:a@b.vn", "#top", "media/ảnh 1.jpg"]
    for page in pages:
        for target in targets:
            expected = target if target in ("https://moet.gov.vn", "mailto:a@b.vn", "#top") \
                else relative_url(page, hashed.get(target, target))
            assert url({"page_path": page}, target) == expected, (page, target)

def test_absolute_url_joins_base_url():
    assert absolute_url("https://example.org/tin-tuc/", "articles/a.html") == "https://example.org/tin-tuc/articles/a.html"
    assert absolute_url("https://example.org/", "media/ảnh.jpg") == "https://example.org/media/%E1%BA%A3nh.jpg"


@given(st.text(st.sampled_from("aZ09_.-~/#?=&%+ :;@!$'()*,[]\n\x00éả") | st.characters(blacklist_categories=("Cs",))))
def test_absolute_url_quotes_what_quote_would_and_skips_it_only_when_nothing_changes(path):
    assert absolute_url("https://example.org/", path) == "https://example.org/" + quote(path, safe="/#?=&%")


@pytest.mark.parametrize("first, number, path", [
    ("index.html", 1, "index.html"),
    ("index.html", 2, "page-2.html"),
    ("categories/giao-duc/index.html", 1, "categories/giao-duc/index.html"),
    ("categories/giao-duc/index.html", 12, "categories/giao-duc/page-12.html"),
])
def test_paginated_path(first, number, path):
    assert paginated_path(first, number) == path
