"""Output held in memory: exact bytes back, compressed once a large site passes the budget."""

from __future__ import annotations

from conftest import MINIMAL_CONFIG, write_files
from site_tools import differences, snapshot

from generator import packed
from generator.packed import PackedFiles
from generator.pipeline import build

PAGE = ("<!DOCTYPE html><html lang=vi><title>Trang</title>" + "<p>Học tập suốt đời, Đồng chí.</p>" * 300).encode()


def test_values_come_back_exactly_below_and_above_the_budget():
    files = PackedFiles(raw_budget=len(PAGE) + 10)
    files["a.html"] = PAGE  # within the budget: kept as is
    files["b.html"] = PAGE + b"!"  # past it: compressed
    files["c.bin"] = bytes(range(256))
    assert files["a.html"] == PAGE and files["b.html"] == PAGE + b"!" and files["c.bin"] == bytes(range(256))
    assert sorted(files) == ["a.html", "b.html", "c.bin"] and len(files) == 3 and "b.html" in files
    assert files.held_bytes() < 2 * len(PAGE) + 256  # b.html is held in a fraction of its size
    assert [files.size(p) for p in ("a.html", "b.html", "c.bin")] == [len(PAGE), len(PAGE) + 1, 256]


def test_replacing_or_removing_a_value_gives_its_budget_back():
    files = PackedFiles(raw_budget=len(PAGE))
    files["a.html"] = PAGE
    files["a.html"] = PAGE  # replaced: still within the budget
    assert files.held_bytes() == len(PAGE)
    del files["a.html"]
    files["b.html"] = PAGE
    assert files.held_bytes() == len(PAGE)
    assert files.pop("b.html") == PAGE and "b.html" not in files
    files["c.html"] = PAGE + b"!"  # past the budget
    files["c.html"] = b"short"  # within it again
    assert files.size("c.html") == 5 and files["c.html"] == b"short"
    files["d.html"] = PAGE * 2
    assert files.size("d.html") == 2 * len(PAGE)
    del files["d.html"]
    files["d.html"] = b"x"
    assert files.size("d.html") == 1

def _site(root):
    articles = {f"content/articles/bai-{i}.md": f"---\ntitle: Bài số {i}\ndate: 2021-10-0{1 + i % 9} 09:00\n---\n"
                + "Nội dung bài viết về học tập suốt đời. " * 40 + "\n" for i in range(30)}
    return write_files(root, {"site.yaml": MINIMAL_CONFIG, **articles})


def test_a_site_held_compressed_is_written_byte_for_byte_the_same(tmp_path, monkeypatch):
    site = _site(tmp_path / "site")
    build(site, tmp_path / "raw")
    monkeypatch.setattr(packed, "RAW_BUDGET", 0)  # as if the site were huge: every file held compressed
    build(site, tmp_path / "packed")
    assert differences(snapshot(tmp_path / "raw"), snapshot(tmp_path / "packed")) == []
