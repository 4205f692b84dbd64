"""urls.py: every internal link is relative and names a file; base_url only in absolute URLs."""

from __future__ import annotations

import pytest

from generator.urls import absolute_url, paginated_path, relative_url


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


def test_absolute_url_joins_base_url():
    assert absolute_url("https://example.org/tin-tuc/", "articles/a.html") == "https://example.org/tin-tuc/articles/a.html"
    assert absolute_url("https://example.org/", "media/ảnh.jpg") == "https://example.org/media/%E1%BA%A3nh.jpg"


@pytest.mark.parametrize("first, number, path", [
    ("index.html", 1, "index.html"),
    ("index.html", 2, "page-2.html"),
    ("categories/giao-duc/index.html", 1, "categories/giao-duc/index.html"),
    ("categories/giao-duc/index.html", 12, "categories/giao-duc/page-12.html"),
])
def test_paginated_path(first, number, path):
    assert paginated_path(first, number) == path
