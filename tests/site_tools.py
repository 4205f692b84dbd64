"""Helpers for the safety tests: run build.py as editors do, and compare output folders byte for byte."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BUILD_PY = REPO / "build.py"
# A fixed moment for subprocess builds (2026-11-28 05:00 UTC): the output must not depend on the clock.
EPOCH = "1795842000"


def build_command(site: Path, *args: str) -> list[str]:
    return [sys.executable, str(BUILD_PY), "--site", str(site), *args]


def run_build(site: Path, *args: str, env: dict[str, str] | None = None, **kwargs) -> subprocess.CompletedProcess:
    """`python build.py --site SITE ARGS...`, as an editor or CI runs it; output captured as text."""
    full_env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, **(env or {})}
    return subprocess.run(build_command(site, *args), env=full_env, capture_output=True, text=True,
                          timeout=300, **kwargs)


PROBLEM_LINE = re.compile(r"^\S.*?: (lỗi|error|cảnh báo|warning): ")


def problem_lines(stderr: str) -> list[str]:
    """The problems a build printed, without its progress lines."""
    return [line for line in stderr.splitlines() if PROBLEM_LINE.match(line)]


def without_progress(stderr: str) -> list[str]:
    """The lines of a build's stderr less the progress lines it writes when stderr is a log (`Stage: 3/10`)."""
    from generator import i18n

    labels = {text for language in i18n.available_languages()
              for code, text in i18n.catalogue(language)["messages"].items() if code.startswith("stage_")}
    progress = re.compile(f"^({'|'.join(map(re.escape, labels))})(: \\d+/\\d+)?$")
    return [line for line in stderr.splitlines() if not progress.match(line)]


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) below `folder`, by relative path; symlinks by target."""
    result: dict[str, bytes | None] = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root) / name
            relative = path.relative_to(folder).as_posix()
            if path.is_symlink():
                result[relative] = b"-> " + os.fsencode(os.readlink(path))
            elif path.is_dir():
                result[relative] = None
            else:
                result[relative] = path.read_bytes()
    return result


def differences(first: dict[str, bytes | None], second: dict[str, bytes | None]) -> list[str]:
    """Paths that differ between two snapshots, for a readable assertion message."""
    return sorted(p for p in first.keys() | second.keys() if first.get(p, b"<none>") != second.get(p, b"<none>"))


def leftovers(out_dir: Path) -> list[str]:
    """Staging or retired folders that a build left beside the output folder."""
    prefix = f".{out_dir.name}."
    return sorted(p.name for p in out_dir.parent.iterdir() if p.name.startswith(prefix))


def write_articles(site: Path, count: int, start: int = 0, body_words: int = 150) -> None:
    """`count` plain articles with categories and tags, enough for a build that takes a moment."""
    folder = site / "content" / "articles"
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + count):
        text = (f"---\ntitle: Bài viết số {i}\ndate: 2021-{i % 12 + 1:02d}-{i % 28 + 1:02d} 09:{i % 60:02d}\n"
                f"category: Chuyên mục {i % 5}\ntags: [thẻ {i % 11}, thẻ {i % 7}]\n---\n"
                + f"Đoạn văn **{i}** của bài. " + "Nội dung bài viết. " * body_words + "\n")
        (folder / f"bai-{i:04d}.md").write_text(text, encoding="utf-8")


def dead_pid() -> int:
    """The id of a process that has ended."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid
