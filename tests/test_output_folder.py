"""The output folder: refused where replacing it would destroy sources, and never half-written."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from conftest import EXAMPLE_NOW, article
from image_samples import encoded, noise_image
from site_tools import dead_pid, differences, leftovers, snapshot

from generator import writer
from generator.errors import BuildError, ContentError
from generator.pipeline import BuildOptions, build
from generator.writer import check_output_dir


def _files() -> dict[str, str | bytes]:
    return {
        "content/articles/a.md": article("Bài một"),
        "content/articles/b.md": article("Bài hai", date="2021-10-02 08:00", image="../media/anh.jpg"),
        "content/media/anh.jpg": encoded(noise_image((64, 48)), "JPEG"),
        "templates/partials/extra.html": "<p>extra</p>\n",
    }


def _build(site: Path, out: Path) -> None:
    build(site, out, BuildOptions(now=EXAMPLE_NOW))


def _codes(exc: BuildError) -> list[str]:
    return [p.code for p in exc.errors]


@pytest.mark.parametrize("where", ["site root", "content", "templates", "parent of the site", "content/articles",
                                   "templates/assets", "home"])
def test_refuses_output_folders_that_hold_sources(make_site, tmp_path, monkeypatch, where):
    site = make_site(_files())
    home = tmp_path  # the site lives in this home folder
    monkeypatch.setenv("HOME", str(home))
    out = {"site root": site, "content": site / "content", "templates": site / "templates",
           "parent of the site": site.parent, "content/articles": site / "content/articles",
           "templates/assets": site / "templates/assets", "home": home}[where]
    out.mkdir(parents=True, exist_ok=True)
    before = snapshot(tmp_path)
    with pytest.raises(BuildError) as raised:
        _build(site, out)
    assert _codes(raised.value) in (["unsafe_output_dir"], ["output_inside_sources"])
    problem = raised.value.errors[0]
    for language in ("en", "vi"):
        assert str(out) in problem.format(language)
    assert differences(before, snapshot(tmp_path)) == []


def test_refuses_the_file_system_root_and_the_generator_itself(make_site, tmp_path):
    site = make_site(_files())
    for out in (Path("/"), Path(writer.__file__).parent, Path(writer.__file__).parent.parent / "templates"):
        with pytest.raises(ContentError) as raised:
            check_output_dir(out, site)
        assert raised.value.code == "unsafe_output_dir"


def test_refuses_a_parent_of_the_home_folder(make_site, tmp_path, monkeypatch):
    site = make_site(_files())
    monkeypatch.setenv("HOME", str(tmp_path / "users" / "nhan"))
    (tmp_path / "users" / "nhan").mkdir(parents=True)
    with pytest.raises(ContentError) as raised:
        check_output_dir(tmp_path / "users", site)
    assert raised.value.code == "unsafe_output_dir"


def test_refuses_a_symlink_that_leads_to_the_sources(make_site, tmp_path):
    site = make_site(_files())
    (tmp_path / "public-link").symlink_to(site / "content")
    before = snapshot(site)
    with pytest.raises(BuildError) as raised:
        _build(site, tmp_path / "public-link")
    assert _codes(raised.value) == ["unsafe_output_dir"]
    assert differences(before, snapshot(site)) == []


@pytest.mark.parametrize("kind", ["a file", "a folder of other files", "another site"])
def test_refuses_to_replace_what_no_build_made(make_site, tmp_path, kind):
    site = make_site(_files())
    out = tmp_path / "elsewhere"
    if kind == "a file":
        out.write_text("notes")
    else:
        out.mkdir()
        (out / "notes.txt").write_text("keep me")
        if kind == "another site":
            (out / "index.html").write_text("<p>hi</p>")
            (out / "site.yaml").write_text("title: other")
    before = snapshot(tmp_path)
    with pytest.raises(BuildError) as raised:
        _build(site, out)
    assert _codes(raised.value) == ["output_not_folder" if kind == "a file" else "output_not_site"]
    for language in ("en", "vi"):
        assert str(out) in raised.value.errors[0].format(language)
    assert differences(before, snapshot(tmp_path)) == []


def test_an_empty_folder_or_an_earlier_build_is_replaced(make_site, tmp_path):
    site = make_site(_files())
    out = tmp_path / "out"
    out.mkdir()
    _build(site, out)
    assert (out / "index.html").is_file()
    (site / "content/articles/a.md").unlink()
    _build(site, out)
    assert not (out / "articles/bai-mot.html").exists()
    assert leftovers(out) == []


def test_nothing_outside_the_output_folder_is_touched(make_site, tmp_path):
    site = make_site(_files())
    out = site / "public"
    _build(site, out)
    own_pid = os.getpid()
    # Neighbours: an editor's files, names that merely look like ours, and a running build's folder.
    for name in ("notes.txt", ".public.new-x", ".public.new-12-", f".public.new-{own_pid}-abc",
                 ".public", "public.bak", ".other.new-1-abc"):
        path = site / name
        path.mkdir()
        (path / "keep.txt").write_text("keep")
    before = snapshot(tmp_path)
    _build(site, out)
    after = snapshot(tmp_path)
    changed = [p for p in differences(before, after) if not p.startswith("site/public/")]
    assert changed == []


def test_a_symlinked_output_folder_is_written_where_it_points(make_site, tmp_path):
    site = make_site(_files())
    target = tmp_path / "www" / "html"
    target.mkdir(parents=True)
    (tmp_path / "www" / "other.txt").write_text("keep")
    link = site / "public"
    link.symlink_to(target)
    _build(site, link)
    assert link.is_symlink() and (target / "index.html").is_file()
    assert (tmp_path / "www" / "other.txt").read_text() == "keep"
    assert leftovers(target) == []


def test_leftovers_of_killed_builds_are_cleared_by_the_next_build(make_site, tmp_path):
    site = make_site(_files())
    out = site / "public"
    _build(site, out)
    good = snapshot(out)
    pid = dead_pid()
    for name in (f".public.new-{pid}-k1ll3d", f".public.old-{pid}-k1ll3d"):
        (site / name / "site" / "articles").mkdir(parents=True)
        (site / name / "site" / "articles" / "half.html").write_text("<p>half")
    _build(site, out)
    assert leftovers(out) == []
    assert differences(good, snapshot(out)) == []


def test_a_site_moved_aside_by_a_killed_build_is_put_back(make_site, tmp_path):
    """Killed between moving public/ aside and moving the new site in (where renames are not atomic)."""
    site = make_site(_files())
    out = site / "public"
    _build(site, out)
    good = snapshot(out)
    retired = site / f".public.old-{dead_pid()}-k1ll3d"
    retired.mkdir()
    out.rename(retired / "site")
    (site / "content/articles/broken.md").write_text("no front matter\n", encoding="utf-8")
    with pytest.raises(BuildError):
        _build(site, out)
    assert differences(good, snapshot(out)) == []
    assert leftovers(out) == []


# Each way a file reaches the staging folder, with the argument that names the file it makes.
_WRITERS = {"_write_bytes": 0, "_copy_file": -1, "_link_file": -1}


@pytest.mark.parametrize("failing", sorted(_WRITERS))
@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EACCES])
def test_a_full_disk_leaves_the_previous_site(make_site, tmp_path, monkeypatch, failing, error):
    site = make_site(_files())
    out = site / "public"
    _build(site, out)
    good = snapshot(out)
    # New pages to write, a changed image to copy, unchanged files to link: every way of writing is used.
    (site / "content/articles/c.md").write_text(article("Bài ba", date="2021-10-03 08:00"), encoding="utf-8")
    (site / "content/media/anh.jpg").write_bytes(encoded(noise_image((64, 48), seed=2), "JPEG"))
    real = getattr(writer, failing)
    calls = []

    def fail_midway(*args):
        calls.append(args)
        if len(calls) == 2:
            raise OSError(error, os.strerror(error), str(args[_WRITERS[failing]]))
        return real(*args)

    monkeypatch.setattr(writer, failing, fail_midway)
    with pytest.raises(BuildError) as raised:
        _build(site, out)
    assert len(calls) == 2  # the failure hit a real write after one went through, and the build stopped
    [problem] = raised.value.errors
    assert problem.code == ("disk_full" if error == errno.ENOSPC else "write_failed")
    for language in ("en", "vi"):
        text = problem.format(language)
        assert os.strerror(error) in text and str(out) in text
    assert differences(good, snapshot(out)) == []
    assert leftovers(out) == []


def test_without_an_atomic_exchange_the_swap_still_completes(make_site, tmp_path, monkeypatch):
    site = make_site(_files())
    out = site / "public"
    monkeypatch.setattr(writer, "_exchange", lambda first, second: False)
    _build(site, out)
    (site / "content/articles/a.md").unlink()
    _build(site, out)
    assert (out / "index.html").is_file() and not (out / "articles/bai-mot.html").exists()
    assert leftovers(out) == []
