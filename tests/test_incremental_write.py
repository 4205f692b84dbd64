"""A rebuild touches only the output files whose bytes changed; the rest keep their inode and mtime."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from conftest import article
from image_samples import encoded, noise_image
from site_tools import build_command, run_build, snapshot

CAMPAIGN = """\
title: Tuần lễ học tập
start: 2021-10-01
end: 2021-10-07
plan: {number: 12/KH, date: 2021-09-20}
activities:
  - {date: 2021-10-01, time: "09:00-11:00", title: Lễ khai mạc, locality: Hạ Long, report: khai-mac}
  - {date: 2021-10-03, title: Tọa đàm, locality: Cô Tô}
"""


def _files() -> dict[str, str | bytes]:
    # Dates long past: nothing here turns from scheduled to published, or upcoming to past, between builds.
    return {
        "content/articles/khai-mac.md": article("Khai mạc", date="2021-10-01 15:00", campaign="tuan-le",
                                                image="../media/anh.jpg", body="Lễ khai mạc diễn ra sáng nay."),
        "content/articles/toa-dam.md": article("Tọa đàm", date="2021-10-03 16:00", category="Tin tức",
                                               body="Tọa đàm về học tập suốt đời."),
        "content/campaigns/tuan-le.yaml": CAMPAIGN,
        "content/media/anh.jpg": encoded(noise_image((96, 64)), "JPEG"),
    }


def _stats(folder: Path) -> dict[str, tuple[int, int]]:
    """(inode, mtime in ns) of every file below `folder`."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file()}


def _build(site: Path, *args: str, clock: bool) -> str:
    """Build with SOURCE_DATE_EPOCH, or with the real clock (`clock`), so that a clock leak shows."""
    if clock:
        env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
        result = subprocess.run(build_command(site, *args, "--lang", "en"), env=env, capture_output=True,
                                text=True, timeout=300)
    else:
        result = run_build(site, *args, "--lang", "en")
    assert result.returncode == 0, result.stderr
    return result.stdout


def _counts(stdout: str) -> tuple[int, int]:
    changed, unchanged = re.search(r"(\d+) changed, (\d+) unchanged", stdout).groups()
    return int(changed), int(unchanged)


@pytest.mark.parametrize("clock", [False, True], ids=["SOURCE_DATE_EPOCH", "the clock"])
def test_only_changed_files_are_written_and_the_result_equals_a_clean_build(make_site, tmp_path, clock):
    site = make_site(_files())
    out = site / "public"
    _build(site, clock=clock)
    first, first_bytes = _stats(out), snapshot(out)
    assert any(p.endswith(".ics") for p in first) and any(p.startswith("media/") for p in first)

    stdout = _build(site, clock=clock)
    assert _stats(out) == first  # nothing changed: every file is the very same file
    assert _counts(stdout) == (0, len(first))

    source = site / "content/articles/toa-dam.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nĐoạn văn mới thêm vào cuối bài.\n", encoding="utf-8")
    stdout = _build(site, clock=clock)
    second, second_bytes = _stats(out), snapshot(out)
    touched = {p for p in second if second[p] != first.get(p)}
    assert "articles/toa-dam.html" in touched
    # Written again only where the bytes differ; everything else is the file of the previous build.
    assert touched == {p for p in second if second_bytes[p] != first_bytes.get(p)}
    kept = set(second) - touched
    assert "articles/khai-mac.html" in kept and "campaigns/tuan-le/tuan-le.ics" in kept
    assert all(p in kept for p in second if p.startswith(("assets/", "media/")))
    assert _counts(stdout) == (len(touched), len(kept))

    clean = tmp_path / "clean"
    _build(site, "--out", str(clean), clock=clock)
    assert snapshot(clean) == second_bytes
