"""writer.py: outputs refuse collisions and escapes; the output folder is swapped in whole."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.errors import BuildError, ContentError
import generator.writer
from generator.spare_site import SpareSites
from generator.writer import Outputs, check_output_dir, is_safe_output_path, write_site


def test_two_outputs_at_one_path_name_both_owners(tmp_path):
    outputs = Outputs()
    outputs.add("articles/a.html", b"1", "content/articles/a.md")
    with pytest.raises(ContentError) as caught:
        outputs.add("articles/a.html", b"2", "content/articles/2021/a.md")
    assert caught.value.code == "output_collision"
    assert caught.value.args_ == {"path": "articles/a.html", "first": "content/articles/a.md",
                                  "second": "content/articles/2021/a.md"}


def test_the_same_copy_twice_is_one_output(tmp_path):
    source = tmp_path / "a.jpg"
    source.write_bytes(b"x")
    outputs = Outputs()
    outputs.copy("media/a.jpg", source, "one")
    outputs.copy("media/a.jpg", source, "two")
    assert len(outputs) == 1
    with pytest.raises(ContentError):
        outputs.copy("media/a.jpg", tmp_path / "b.jpg", "three")


@pytest.mark.parametrize("path, safe", [
    ("index.html", True), ("a/b/c.html", True), ("media/ảnh 1.jpg", True),
    ("", False), ("/etc/passwd", False), ("../x.html", False), ("a/../../x", False), ("a/./b", False),
    ("a//b", False), ("..", False), ("a\\b", False), ("a\x00b", False),
])
def test_safe_output_paths(path, safe):
    assert is_safe_output_path(path) is safe


def test_unsafe_path_is_refused():
    with pytest.raises(ContentError) as caught:
        Outputs().add("../../x.html", b"", "templates")
    assert caught.value.code == "unsafe_output_path"


def test_output_dir_may_not_replace_the_sources(tmp_path):
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    for bad in (site, site / "content", site / "templates", tmp_path, tmp_path.anchor):
        with pytest.raises(ContentError) as caught:
            check_output_dir(Path(bad), site)
        assert caught.value.code == "unsafe_output_dir"
    check_output_dir(site / "public", site)
    check_output_dir(tmp_path / "elsewhere" / "out", site)


def test_write_site_replaces_the_folder_whole(tmp_path):
    out = tmp_path / "public"
    out.mkdir()
    (out / "stale.html").write_text("old")
    source = tmp_path / "a.jpg"
    source.write_bytes(b"jpg")
    outputs = Outputs()
    outputs.add("index.html", "<p>Tuần lễ</p>".encode(), "t")
    outputs.add("articles/a.html", b"a", "t")
    outputs.copy("media/2021/a.jpg", source, "c")
    write_site(outputs, out)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "articles/a.html", "index.html", "media/2021/a.jpg"]
    assert (out / "index.html").read_text(encoding="utf-8") == "<p>Tuần lễ</p>"
    assert oct(os.stat(out).st_mode & 0o777) == "0o755"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.jpg", "public"]  # no staging left behind


def test_a_failed_write_leaves_the_old_folder_and_no_staging(tmp_path):
    out = tmp_path / "public"
    out.mkdir()
    (out / "index.html").write_text("old")
    outputs = Outputs()
    outputs.add("index.html", b"new", "t")
    outputs.copy("media/missing.jpg", tmp_path / "missing.jpg", "c")
    with pytest.raises(BuildError) as raised:  # the system's error, told to the editor
        write_site(outputs, out)
    [error] = raised.value.errors
    assert error.code == "write_failed" and str(tmp_path / "missing.jpg") in error.format("en")
    assert (out / "index.html").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def _site_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _outputs(files: dict[str, bytes]) -> Outputs:
    outputs = Outputs()
    for path, data in files.items():
        outputs.add(path, data, "t")
    return outputs


def _spare(site: Path, out: Path) -> Path:
    """Where the spare site of `out` is kept (`spare_site.SpareSites`)."""
    [home] = [h for h in (site / ".loa-cache/spare").iterdir() if (h / "out_dir").read_text() == str(out.resolve())]
    return home / "site"


def test_with_spares_the_replaced_site_is_kept_and_brought_up_to_date_next_time(tmp_path):
    out, spares = tmp_path / "public", SpareSites(tmp_path)
    first = {"index.html": b"1", "articles/a.html": b"a", "articles/b.html": b"b", "old/x.html": b"x"}
    second = {**first, "index.html": b"2", "new/y.html": b"y"}
    del second["old/x.html"]
    third = {**second, "articles/b.html": b"b3"}
    write_site(_outputs(first), out, spares)
    assert not (tmp_path / ".loa-cache").exists()  # nothing was replaced yet
    write_site(_outputs(second), out, spares)
    assert _site_files(out) == second and _site_files(_spare(tmp_path, out)) == first  # the site it replaced
    unchanged = os.stat(out / "articles/a.html").st_ino
    kept = write_site(_outputs(third), out, spares)  # made from the spare, which held the first site
    assert _site_files(out) == third and _site_files(_spare(tmp_path, out)) == second
    assert kept == 3 and os.stat(out / "articles/a.html").st_ino == unchanged  # linked, not written again
    assert not (out / "old").exists()  # a folder of the first site, gone from the spare it was made from
    assert sorted(p.name for p in tmp_path.iterdir()) == [".loa-cache", "public"]  # nothing beside public/


def test_whatever_a_spare_holds_the_site_written_is_exactly_the_outputs(tmp_path):
    out, spares = tmp_path / "public", SpareSites(tmp_path)
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"not ours")
    files = {"index.html": b"1", "a/b.html": b"b", "c.html": b"c", "d/e/f.html": b"f", "g.html": b"g"}
    write_site(_outputs(files), out, spares)
    write_site(_outputs(files), out, spares)
    spare = _spare(tmp_path, out)
    (spare / "a/b.html").unlink()
    (spare / "a/b.html").mkdir()  # a folder where a file goes
    (spare / "a/b.html/inner.html").write_bytes(b"?")
    (spare / "c.html").unlink()
    (spare / "c.html").symlink_to(outside)  # a link where a file goes: never written through
    shutil.rmtree(spare / "d")
    (spare / "d").write_bytes(b"a file where a folder goes")
    (spare / "g.html").unlink()
    (spare / "g.html").write_bytes(b"other bytes, another inode")
    (spare / "extra").mkdir()
    (spare / "extra/z.html").write_bytes(b"z")
    changed = {**files, "c.html": b"c2"}
    write_site(_outputs(changed), out, spares)
    assert _site_files(out) == changed
    assert outside.read_bytes() == b"not ours"


def test_the_spare_of_an_output_folder_that_is_gone_is_deleted(tmp_path):
    spares = SpareSites(tmp_path)
    for out in (tmp_path / "preview", tmp_path / "public"):
        write_site(_outputs({"index.html": b"1"}), out, spares)
        write_site(_outputs({"index.html": b"2"}), out, spares)
    assert len(list((tmp_path / ".loa-cache/spare").iterdir())) == 2
    shutil.rmtree(tmp_path / "preview")
    write_site(_outputs({"index.html": b"3"}), tmp_path / "public", spares)
    assert [_spare(tmp_path, tmp_path / "public")] == [h / "site" for h in (tmp_path / ".loa-cache/spare").iterdir()]
    spares.drop(tmp_path / "public")
    assert list((tmp_path / ".loa-cache/spare").iterdir()) == []


def test_a_spare_that_cannot_be_cleared_gives_way_to_a_new_folder(tmp_path, monkeypatch):
    out, spares = tmp_path / "public", SpareSites(tmp_path)
    files = {"index.html": b"1", "a.html": b"a"}
    write_site(_outputs(files), out, spares)
    write_site(_outputs(files), out, spares)

    def refuse(staging: str, outputs: Outputs) -> None:
        raise PermissionError(13, "Permission denied", staging)

    monkeypatch.setattr(generator.writer, "_clear_leftovers", refuse)
    changed = {**files, "a.html": b"a2"}
    assert write_site(_outputs(changed), out, spares) == 1
    assert _site_files(out) == changed
    assert sorted(p.name for p in tmp_path.iterdir()) == [".loa-cache", "public"]
