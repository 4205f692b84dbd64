"""A build skips its work when nothing it reads has changed and its output folder is as it left it."""

from __future__ import annotations

import os
import re
import shutil
import time
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import EXAMPLE_NOW, article
from site_tools import differences, snapshot

from generator import build_record, pipeline
from generator.cli import main
from generator.pipeline import BuildOptions, build

NOW = EXAMPLE_NOW  # 2026-11-28 12:00 in Hà Nội
SCHEDULED = "2026-11-28 18:30"  # later that day


def _files() -> dict[str, str]:
    return {
        "content/articles/a.md": article("Bài một", category="Tin tức"),
        "content/articles/b.md": article("Bài hai", date="2021-10-02 08:00", body="Nội dung hai."),
        "content/articles/later.md": article("Bài hẹn giờ", date=SCHEDULED),
        "templates/partials/extra.html": "<p>extra</p>\n",
    }


class Recorded:
    """A site built once with a record; `run()` builds it again and says whether the build did the work."""

    def __init__(self, site: Path, monkeypatch) -> None:
        self.site = site
        self.loads: list[int] = []
        real_load = pipeline.load_site
        monkeypatch.setattr(pipeline, "load_site", lambda *args, **kw: self.loads.append(1) or real_load(*args, **kw))

    def run(self, out: Path | None = None, **options) -> bool:
        before = len(self.loads)
        result = build(self.site, out, BuildOptions(**{"now": NOW, "reuse": True, **options}))
        assert result.warnings == [] and result.files > 0
        return len(self.loads) > before


@pytest.fixture
def recorded(make_site, monkeypatch) -> Recorded:
    site = make_site(_files())
    time.sleep(build_record.RACY_SECONDS + 0.2)  # inputs this fresh are not trusted (a file time is coarse)
    recorded = Recorded(site, monkeypatch)
    assert recorded.run()  # the first build does the work and records it
    return recorded


def _clean_build(site: Path, folder: Path) -> Path:
    """The same sources built in another folder, without any record."""
    folder.mkdir()
    for name in ("site.yaml", "content", "templates"):
        (shutil.copytree if (site / name).is_dir() else shutil.copyfile)(site / name, folder / name)
    build(folder, folder / "public", BuildOptions(now=NOW))
    return folder / "public"


def test_an_unchanged_site_is_not_built_again(recorded):
    out = recorded.site / "public"
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*")}
    assert not recorded.run() and not recorded.run()
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*")} == before


def _same_size_same_mtime_edit(site: Path) -> None:
    """An edit that keeps the file's size and modification time (restored by a tool); its ctime tells."""
    path = site / "content/articles/b.md"
    info = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("hai.", "HAI."), encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


def _rewrite_output_keeping_its_time(site: Path) -> None:
    path = site / "public/robots.txt"
    info = path.stat()
    path.write_bytes(path.read_bytes().upper())
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


def _replace_output_folder(site: Path) -> None:
    shutil.copytree(site / "public", site / "copy")
    shutil.rmtree(site / "public")
    (site / "copy").rename(site / "public")


CHANGES = {
    "an article's text": lambda site: (site / "content/articles/b.md").write_text(
        article("Bài hai", date="2021-10-02 08:00", body="Nội dung mới."), encoding="utf-8"),
    "same size and time": _same_size_same_mtime_edit,
    "a new article": lambda site: (site / "content/articles/c.md").write_text(article("Bài ba"), encoding="utf-8"),
    "a deleted article": lambda site: (site / "content/articles/a.md").unlink(),
    "a site template": lambda site: (site / "templates/partials/extra.html").write_text("<p>khác</p>\n"),
    "site.yaml": lambda site: (site / "site.yaml").write_text(
        (site / "site.yaml").read_text(encoding="utf-8").replace("Trang thử", "Trang mới"), encoding="utf-8"),
    "an output file edited": lambda site: (site / "public/index.html").write_text("<p>sửa tay</p>"),
    "an output file deleted": lambda site: (site / "public/robots.txt").unlink(),
    "an output file added": lambda site: (site / "public/extra.html").write_text("<p>thêm</p>"),
    "an output folder added": lambda site: (site / "public/extra").mkdir(),
    "an output file rewritten, its time put back": _rewrite_output_keeping_its_time,
    "the output folder replaced": _replace_output_folder,
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_any_change_to_what_the_build_reads_or_wrote_builds_again(recorded, tmp_path, change):
    CHANGES[change](recorded.site)
    assert recorded.run()
    clean = _clean_build(recorded.site, tmp_path / "clean")
    assert differences(snapshot(clean), snapshot(recorded.site / "public")) == []


@pytest.mark.parametrize("options", [{"drafts": True}, {"future": True}, {"minify": True}, {"reuse": False},
                                     {"now": NOW + timedelta(seconds=1)}])
def test_other_options_build_again(recorded, options):
    assert recorded.run(**options)


def test_another_output_folder_or_source_date_epoch_builds_again(recorded, tmp_path, monkeypatch):
    assert recorded.run(out=tmp_path / "elsewhere")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795842000")
    assert recorded.run()


def test_with_the_clock_the_record_holds_until_a_scheduled_article_is_due_or_midnight(recorded, monkeypatch):
    clock = {"now": NOW}
    monkeypatch.setattr(pipeline, "current_time", lambda: clock["now"])
    assert recorded.run(now=None)  # "now" from the clock: other options than the fixture's build
    clock["now"] = NOW + timedelta(hours=6)  # 18:00 in Hà Nội: nothing new yet
    assert not recorded.run(now=None)
    assert not (recorded.site / "public/articles/later.html").exists()
    clock["now"] = NOW + timedelta(hours=6, minutes=30)  # 18:30: the scheduled article is due
    assert recorded.run(now=None)
    assert (recorded.site / "public/articles/later.html").exists()
    clock["now"] = NOW + timedelta(hours=11, minutes=59)
    assert not recorded.run(now=None)
    clock["now"] = NOW + timedelta(hours=12)  # midnight: campaign statuses and "upcoming" move on
    assert recorded.run(now=None)
    clock["now"] = NOW - timedelta(hours=1)  # a clock set back
    assert recorded.run(now=None)


def test_the_command_skips_an_unchanged_site_unless_told_not_to(recorded, monkeypatch, capsys):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795842000")
    command = ["build", "--site", str(recorded.site), "--lang", "en"]
    for args, works in ((command, True), (command, False), ([*command, "--no-cache"], True)):
        before = len(recorded.loads)
        assert main(args) == 0
        assert (len(recorded.loads) > before) == works
        out = capsys.readouterr().out  # the same moment as the fixture's build: the same files
        files = int(re.search(r"\((\d+) files\)", out)[1])
        assert f"0 changed, {files} unchanged" in out
