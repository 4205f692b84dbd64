"""The default theme: accessible structure on every built page, readable contrast, nothing from outside."""

from __future__ import annotations

import re

import pytest
from conftest import REPO
from htmlq import read

THEME = REPO / "templates"
CORE_PAGES = ("index.html", "articles/khai-mac-tuan-le-2021.html", "categories/giao-duc-thuong-xuyen/index.html",
              "archive/index.html", "archive/2021/index.html", "archive/2021/10/index.html", "pages/gioi-thieu.html",
              "404.html")


@pytest.mark.parametrize("path", CORE_PAGES)
def test_page_structure_is_accessible(example_public, path):
    page = read(example_public / path)
    assert page.find("html").attrs["lang"] == "vi"
    for landmark in ("header", "main", "footer"):
        assert len(page.find_all(landmark)) >= 1, landmark
    assert page.find("nav", cls="site-menu").attrs["aria-label"] == "Danh mục chính"
    assert page.find("aside").attrs.get("aria-label")
    assert len(page.find_all("h1")) == 1
    assert page.find("a", cls="skip-link").attrs["href"] == "#" + page.find("main").attrs["id"]
    levels = [int(h.tag[1]) for h in page.find_all() if re.fullmatch(r"h[1-6]", h.tag)]
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), f"a heading level is skipped: {levels}"
    for image in page.find_all("img"):
        assert "alt" in image.attrs, image.attrs
        if image.attrs["alt"] == "":  # decorative: its link repeats the headline and is hidden from readers
            assert path != "articles/khai-mac-tuan-le-2021.html"
    assert page.find("meta", name="viewport").attrs["content"] == "width=device-width, initial-scale=1"


def test_article_images_describe_themselves(example_public):
    page = read(example_public / "articles/khai-mac-tuan-le-2021.html")
    assert all(image.attrs["alt"].strip() for image in page.find("main").find_all("img"))


def test_decorative_teaser_images_are_out_of_the_tab_order(example_public):
    for link in read(example_public / "index.html").find_all("a", cls="teaser-image"):
        assert (link.attrs["tabindex"], link.attrs["aria-hidden"]) == ("-1", "true")
        assert link.find("img").attrs["alt"] == ""


def test_theme_loads_nothing_from_outside():
    for file in sorted(THEME.rglob("*")):
        if file.suffix not in (".html", ".css", ".js"):
            continue
        text = file.read_text(encoding="utf-8")
        assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", text), file
        assert not re.search(r"<(script|link|img|iframe)\b[^>]*(src|href)=\"(https?:)?//", text), file


def _css_variables() -> dict[str, str]:
    css = (THEME / "assets/style.css").read_text(encoding="utf-8")
    root = re.search(r":root\s*{([^}]*)}", css).group(1)
    return dict(re.findall(r"--([\w-]+):\s*([^;]+);", root))


def _luminance(color: str) -> float:
    color = color.strip().lstrip("#")
    channels = [int(color[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("text, background", [
    ("ink", "paper"), ("ink", "wash"), ("muted", "paper"), ("muted", "wash"), ("brand", "paper"),
    ("brand-dark", "paper"), ("accent", "paper"), ("#ffffff", "brand"), ("#ffffff", "brand-dark"),
    ("#e6eef6", "brand"), ("#e6e9ec", "ink"), ("#b8c0c8", "ink"), ("ink", "focus"),
])
def test_text_colours_reach_wcag_aa(text, background):
    variables = _css_variables()
    colour = lambda name: name if name.startswith("#") else variables[name]  # noqa: E731
    assert contrast(colour(text), colour(background)) >= 4.5
