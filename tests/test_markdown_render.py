"""markdown_render.py: bodies to HTML with figures, relative links that name files, checked paths."""

from __future__ import annotations

import pytest

from generator.markdown_render import BodyInput, html_to_text, render_body, truncate

SOURCE = "content/articles/2021/khai-mac.md"
PAGE = "articles/khai-mac.html"
TARGETS = {"articles/2021/be-mac.md": "articles/be-mac.html", "pages/gioi-thieu.md": "pages/gioi-thieu.html"}


@pytest.fixture
def content_root(tmp_path):
    root = tmp_path / "content"
    for name in ("media/2021/a.jpg", "media/ke hoach.pdf", "articles/2021/be-mac.md", "pages/gioi-thieu.md",
                 "articles/2021/nhap.md", "README.md"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(b"x")
    return root


def render(text: str, content_root, raw_html: bool = True, held=frozenset(), first_line: int = 10):
    return render_body(BodyInput(SOURCE, PAGE, text, first_line, raw_html), TARGETS, content_root, held)


def test_lone_titled_image_becomes_a_figure_with_its_caption(content_root):
    out = render('Đoạn đầu.\n\n![Quang cảnh](../../media/2021/a.jpg "Quang cảnh Lễ khai mạc")\n', content_root)
    # data-loa-image marks the image for the images stage, which turns it into a <picture>
    assert ('<figure><img alt="Quang cảnh" data-loa-image="media/2021/a.jpg" decoding="async" loading="lazy"'
            ' src="../media/2021/a.jpg">'
            "<figcaption>Quang cảnh Lễ khai mạc</figcaption></figure>") in out.html
    assert out.images == ("media/2021/a.jpg",)
    assert out.problems == ()


def test_untitled_or_inline_images_stay_images(content_root):
    out = render("![a](../../media/2021/a.jpg)\n\nChữ ![b](../../media/2021/a.jpg \"t\") chữ\n", content_root)
    assert "<figure>" not in out.html
    assert out.html.count('src="../media/2021/a.jpg"') == 2
    assert 'title="t"' in out.html


def test_links_to_articles_and_pages_name_their_html_file(content_root):
    out = render("[bế mạc](be-mac.md) và [giới thiệu](../../pages/gioi-thieu.md#lien-he)\n", content_root)
    assert '<a href="be-mac.html">bế mạc</a>' in out.html
    assert '<a href="../pages/gioi-thieu.html#lien-he">giới thiệu</a>' in out.html
    assert out.links == ("articles/2021/be-mac.md", "pages/gioi-thieu.md")


def test_links_to_files_are_copied_paths_with_spaces_quoted(content_root):
    out = render("[kế hoạch](../../media/ke%20hoach.pdf)\n", content_root)
    assert '<a href="../media/ke%20hoach.pdf">' in out.html
    assert out.links == ("media/ke hoach.pdf",)


@pytest.mark.parametrize("text", [
    "[x](https://moet.gov.vn/a)", "[x](mailto:so@example.org)", "[x](#muc-2)", "[x](tel:0203)",
])
def test_external_links_and_anchors_are_kept(content_root, text):
    out = render(text, content_root)
    assert out.problems == () and out.links == ()
    assert text.split("(")[1].rstrip(")") in out.html


@pytest.mark.parametrize("text", [
    "[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "[x](vbscript:x)", "![x](data:image/png;base64,AAAA)",
])
def test_unsafe_urls_are_removed(content_root, text):
    out = render(text, content_root)
    assert "javascript" not in out.html.lower() and "vbscript" not in out.html and "data:" not in out.html


@pytest.mark.parametrize("url, code", [
    ("../../media/2021/khong-co.jpg", "broken_link"),  # missing
    ("../../media/2021", "broken_link"),  # a folder
    ("/media/2021/a.jpg", "link_outside"),  # absolute on the host: breaks from file:// and under a sub-path
    ("../../../site.yaml", "link_outside"),  # outside content/
    ("../../README.md", "broken_link"),  # Markdown that is not an article or a page
])
def test_broken_links_are_errors_with_their_line(content_root, url, code):
    out = render(f"Dòng một.\n\nDòng ba [x]({url}).\n", content_root, first_line=10)
    assert out.problems == ((12, code, url),)


def test_link_to_a_held_article_is_dropped_with_a_warning(content_root):
    out = render("Xem [bài sắp đăng](nhap.md).\n", content_root, held=frozenset({"articles/2021/nhap.md"}))
    assert out.problems == ()
    assert out.warnings == ((10, "link_unpublished", "nhap.md"),)
    assert "<a>bài sắp đăng</a>" in out.html and "nhap" not in out.html


def test_raw_html_can_be_turned_off(content_root):
    text = "<div class=\"x\">khối</div>\n\nChữ <b>đậm</b>.\n"
    assert '<div class="x">khối</div>' in render(text, content_root).html
    escaped = render(text, content_root, raw_html=False).html
    assert "<div" not in escaped and "&lt;div" in escaped and "<b>" not in escaped


def test_text_and_first_paragraph(content_root):
    out = render("# Tiêu đề\n\n![a](../../media/2021/a.jpg)\n\nĐoạn **một** &amp; hai.\n\n- mục\n", content_root)
    assert out.first_paragraph == "Đoạn một & hai."
    assert out.text == "Tiêu đề Đoạn một & hai. mục"


def test_tables_and_footnotes(content_root):
    out = render("| a | b |\n|---|---|\n| 1 | 2 |\n\nChú thích[^1].\n\n[^1]: Ghi chú.\n", content_root)
    assert "<table>" in out.html and 'class="footnote"' in out.html


def test_each_body_starts_afresh(content_root):
    # one converter renders every body of a process: nothing of a body may leak into the next
    first = render("Chú thích[^1] và [liên kết][web].\n\n[^1]: Ghi chú.\n\n[web]: https://example.org/\n"
                   "\n<div>khối</div>\n\n[nhập](../../articles/2021/nhap.md)\n",
                   content_root, held=frozenset({"articles/2021/nhap.md"}))
    assert 'class="footnote"' in first.html and "https://example.org/" in first.html and first.warnings
    second = render("Không chú thích[^1], không [liên kết][web].\n\n![a](../../media/2021/a.jpg)\n", content_root)
    assert 'class="footnote"' not in second.html and "https://example.org/" not in second.html
    assert "<div>" not in second.html and not second.warnings and second.images == ("media/2021/a.jpg",)
    assert second == render("Không chú thích[^1], không [liên kết][web].\n\n![a](../../media/2021/a.jpg)\n",
                            content_root)
    again = render("Chú thích[^1] và [liên kết][web].\n\n[^1]: Ghi chú.\n\n[web]: https://example.org/\n"
                   "\n<div>khối</div>\n\n[nhập](../../articles/2021/nhap.md)\n",
                   content_root, held=frozenset({"articles/2021/nhap.md"}))
    assert again == first  # footnote ids included


def test_html_to_text():
    assert html_to_text("<p>A<br>B</p><script>x()</script><style>p{}</style><li>C&nbsp;D</li>") == "A B C D"
    assert html_to_text("<p>Tuần&nbsp;lễ</p>\n\n<p>hai</p>").split() == ["Tuần", "lễ", "hai"]


def test_truncate_cuts_at_a_word():
    assert truncate("ngắn", 10) == "ngắn"
    assert truncate("Khai mạc Tuần lễ hưởng ứng", 12) == "Khai mạc…"
    assert truncate("Một, hai, ba bốn", 9) == "Một, hai…"
