"""Precompressed copies, the size report and the page budget."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import brotli
import pytest
from conftest import EXAMPLE_NOW, MINIMAL_CONFIG, article
from image_samples import encoded, noise_image

from generator.cli import main
from generator.errors import BuildError
from generator.pipeline import BuildOptions, build
from generator.postprocess import TEXT_SUFFIXES, format_size

PRECOMPRESS = MINIMAL_CONFIG + "output: {precompress: true}\n"


def site_files(public: Path) -> dict[str, bytes]:
    return {p.relative_to(public).as_posix(): p.read_bytes() for p in sorted(public.rglob("*")) if p.is_file()}


def test_precompressed_copies_beside_every_text_file(make_site, build_site):
    long_body = "\n\n".join(f"Đoạn văn thứ {n} của bài viết, đủ dài để nén có lợi." for n in range(40))
    site = make_site({"content/articles/a.md": article(body=long_body),
                      "content/articles/b.md": article("Bài hai", body="Ngắn. ![ảnh](../media/a.jpg)"),
                      "content/media/a.jpg": encoded(noise_image((64, 48)), "JPEG")}, config=PRECOMPRESS)
    files = site_files(build_site(site))
    originals = {p: d for p, d in files.items() if not p.endswith((".gz", ".br"))}
    text_files = [p for p in originals if p.endswith(TEXT_SUFFIXES)]
    assert {"index.html", "articles/a.html", "404.html"} <= set(text_files)
    assert any(p.startswith("assets/style.") and p.endswith(".css") for p in text_files)
    codecs = {".gz": (gzip.decompress, lambda data: gzip.compress(data, compresslevel=9, mtime=0)),
              ".br": (brotli.decompress, lambda data: brotli.compress(data, quality=11))}
    for path in text_files:
        data = originals[path]
        for suffix, (unpack, pack) in codecs.items():
            if path + suffix in files:
                assert unpack(files[path + suffix]) == data, path
                assert len(files[path + suffix]) < len(data), path
            else:  # a copy is left out only when it would not be smaller (a tiny file)
                assert len(pack(data)) >= len(data), path + suffix
    style = next(p for p in text_files if p.startswith("assets/style."))
    for path in ("index.html", "articles/a.html", "404.html", style):  # big enough to gain from both
        assert path + ".gz" in files and path + ".br" in files
    assert "media/a.jpg.gz" not in files and "media/a.jpg.br" not in files  # not text
    assert set(files) - set(originals) <= {p + s for p in text_files for s in (".gz", ".br")}
    assert site_files(build_site(site)) == files  # gzip carries no time: builds stay identical


def test_no_precompressed_copies_by_default(make_site, build_site):
    files = site_files(build_site(make_site({"content/articles/a.md": article()})))
    assert not [p for p in files if p.endswith((".gz", ".br"))]


def test_build_reports_the_size_of_the_site_and_its_largest_pages(make_site, capsys):
    site = make_site({"content/articles/a.md": article(body="Một đoạn dài. " * 600),
                      "content/articles/b.md": article("Bài hai")}, config=PRECOMPRESS)
    result = build(site, site / "public", BuildOptions(now=EXAMPLE_NOW))
    files = site_files(site / "public")
    plain = {p: d for p, d in files.items() if not p.endswith((".gz", ".br"))}
    sizes = result.sizes
    assert sizes.total == sum(len(d) for d in plain.values())
    assert sizes.files == len(plain)
    assert sizes.html == sum(len(d) for p, d in plain.items() if p.endswith(".html"))
    assert sizes.compressed == sum(len(d) for p, d in files.items() if p.endswith((".gz", ".br")))
    assert sizes.largest[0] == ("articles/a.html", len(plain["articles/a.html"]))
    assert [size for _, size in sizes.largest] == sorted((size for _, size in sizes.largest), reverse=True)
    assert len(sizes.largest) == 5

    total, html, compressed = format_size(sizes.total), format_size(sizes.html), format_size(sizes.compressed)
    largest = format_size(len(plain["articles/a.html"]))
    assert main(["build", "--site", str(site)]) == 0  # in the site's language, Vietnamese by default
    out = capsys.readouterr().out
    assert (f"Dung lượng: {total} trong {sizes.files} tệp, trong đó HTML {html} (+ {compressed} bản nén .gz/.br)\n"
            f"Trang lớn nhất: articles/a.html {largest}, ") in out
    (site / "site.yaml").write_text(PRECOMPRESS + "language: en\n", encoding="utf-8")
    assert main(["build", "--site", str(site)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"Size: [\d.]+ KB in \d+ files, of which HTML [\d.]+ KB \(\+ [\d.]+ KB of \.gz/\.br copies\)\n"
                     r"Largest pages: articles/a\.html [\d.]+ KB, ", out), out


def test_format_size():
    assert [format_size(n) for n in (812, 1024, 43110, 3355443)] == ["812 B", "1.0 KB", "42.1 KB", "3.2 MB"]


BIG = article("Bài rất dài", body="Một câu văn khá dài để làm trang nặng hơn mức cho phép. " * 80)


def test_a_page_over_the_budget_is_a_warning_in_both_languages(make_site, capsys):
    site = make_site({"content/articles/big.md": BIG, "content/articles/small.md": article("Ngắn")},
                     config=MINIMAL_CONFIG + "page_budget_kb: 5\n")
    result = build(site, site / "public", BuildOptions(now=EXAMPLE_NOW))
    warnings = [w for w in result.warnings if w.code == "page_over_budget"]
    assert [w.path for w in warnings] == ["articles/big.html"]
    size = f"{(site / 'public/articles/big.html').stat().st_size / 1024:.0f}"
    assert warnings[0].format("en") == (
        f"articles/big.html: warning: this page weighs {size} KB of HTML, over the budget of 5 KB: split it, "
        "shorten lists (per_page), or raise page_budget_kb in site.yaml")
    assert warnings[0].format("vi") == (
        f"articles/big.html: cảnh báo: trang này nặng {size} KB HTML, vượt mức 5 KB: chia nhỏ trang, "
        "rút ngắn danh sách (per_page) hoặc tăng page_budget_kb trong site.yaml")
    assert main(["build", "--site", str(site)]) == 0
    assert "articles/big.html: cảnh báo: trang này nặng" in capsys.readouterr().err


def test_budget_warnings_fail_a_strict_build_and_leave_the_old_site(make_site, build_site):
    site = make_site({"content/articles/small.md": article("Ngắn")}, config=MINIMAL_CONFIG + "page_budget_kb: 5\n")
    public = build_site(site, strict=True)
    before = site_files(public)
    (site / "content/articles/big.md").write_text(BIG, encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        build_site(site, strict=True)
    assert [p.code for p in caught.value.errors] == ["page_over_budget"]
    assert site_files(public) == before


def test_the_default_budget_is_100_kb(make_site):
    body = "Một câu văn khá dài để làm trang nặng hơn mức cho phép. " * 1600  # about 117 KB of HTML
    site = make_site({"content/articles/big.md": article(body=body), "content/articles/small.md": article("Ngắn")})
    result = build(site, site / "public", BuildOptions(now=EXAMPLE_NOW))
    assert [w.path for w in result.warnings if w.code == "page_over_budget"] == ["articles/big.html"]
    assert 100 * 1024 < (site / "public/articles/big.html").stat().st_size < 140 * 1024


@pytest.mark.parametrize("section, message", [
    ("output: {minfy: true}", "site.yaml:5: error: unknown key 'minfy': did you mean 'minify'?"),
    ("output: {precompress: maybe}", "site.yaml:5: error: 'output.precompress' must be true or false, not 'maybe'"),
    ("offline: {service_worker: 1}", "site.yaml:5: error: 'offline.service_worker' must be true or false, not '1'"),
    ("offline: true", "site.yaml:5: error: 'offline' must be a group of 'name: value' lines, indented below it"),
])
def test_output_settings_are_checked(make_site, section, message):
    site = make_site({}, config=MINIMAL_CONFIG + section + "\n")
    with pytest.raises(BuildError) as caught:
        build(site, site / "public", BuildOptions(now=EXAMPLE_NOW))
    assert [p.format("en") for p in caught.value.errors] == [message]
