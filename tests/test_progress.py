"""Progress: the build's callback, a bar on a terminal, plain lines now and then in a log."""

from __future__ import annotations

import io

from conftest import article

from generator.pipeline import BuildOptions, build
from generator.progress import ProgressReport


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_build_reports_its_stages_and_each_rendered_chunk(make_site):
    site = make_site({f"content/articles/a{n}.md": article(f"Bài {n}", date=f"2021-{n % 12 + 1:02d}-01 08:{n:02d}")
                      for n in range(1, 41)}, config="title: T\nper_page: 1\n")
    calls: list[tuple[str, int, int]] = []
    result = build(site, site / "public", BuildOptions(), lambda *call: calls.append(call))
    stages = list(dict.fromkeys(stage for stage, _, _ in calls))
    assert stages[:3] == ["load", "markdown", "resolve"] and stages[-2:] == ["render", "write"]
    assert [call for call in calls if call[0] == "markdown"] == [("markdown", n, 40) for n in range(1, 41)]
    renders = [call for call in calls if call[0] == "render"]
    total = renders[-1][2]
    assert total > 100  # 40 articles, one per listing page: more than one chunk
    assert [done for _, done, _ in renders] == sorted({min(n, total) for n in range(100, total + 100, 100)})
    assert calls[-1] == ("write", 0, result.files)


def test_a_log_gets_one_line_per_stage_then_one_per_interval():
    stream, clock = io.StringIO(), Clock()
    progress = ProgressReport(stream, "en", tty=False, clock=clock, log_seconds=5)
    progress("load", 0, 0)
    for done in range(1, 1001):
        clock.now = done / 64  # about 16 seconds of rendering in all
        progress("render", done, 1000)
    progress("write", 0, 7)
    assert stream.getvalue().splitlines() == ["Loading", "Rendering: 1/1000", "Rendering: 321/1000",
                                              "Rendering: 641/1000", "Rendering: 961/1000", "Writing: 0/7"]


def test_a_terminal_gets_one_bar_redrawn_in_place():
    stream, clock = io.StringIO(), Clock()
    progress = ProgressReport(stream, "vi", tty=True, clock=clock)
    progress("render", 0, 8)
    clock.now += 1
    progress("render", 4, 8)
    progress("render", 5, 8)  # too soon after the last drawing: skipped
    progress("render", 8, 8)  # the end is always drawn
    progress.finish()
    frames = stream.getvalue().split("\r\x1b[K")
    assert frames == ["", "Dựng trang     [------------------------] 0/8",
                      "Dựng trang     [############------------] 4/8",
                      "Dựng trang     [########################] 8/8", ""]
    assert "\n" not in stream.getvalue()


def test_a_stage_without_a_translated_name_still_shows():
    stream = io.StringIO()
    ProgressReport(stream, "vi", tty=False)("images", 3, 9)
    assert stream.getvalue() == "images: 3/9\n"
