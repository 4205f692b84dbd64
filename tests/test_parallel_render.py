"""Markdown and pages rendered by several processes: the same bytes, errors and progress as a serial build."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import EXAMPLE_NOW, MINIMAL_CONFIG, write_files
from site_tools import differences, problem_lines, run_build, snapshot, write_articles

from generator.pipeline import BuildOptions, build
from generator.render import PARALLEL_MIN_PAGES
from generator.workers import map_forked

# An article template that fails on two articles: a build reports the first of them in page order.
BROKEN_ARTICLE = """\
{% extends "base.html" %}
{% block content %}
<h1>{{ article.title }}</h1>
{% if article.slug in ("bai-0150", "bai-0230") %}{{ article.no_such_field }}{% endif %}
{% endblock %}
"""


def _big_site(root: Path, articles: int = 260) -> Path:
    """A site with more pages than PARALLEL_MIN_PAGES, so that --jobs 2 renders in two processes."""
    site = write_files(root, {"site.yaml": MINIMAL_CONFIG})
    write_articles(site, articles, body_words=20)
    return site


def test_any_number_of_jobs_writes_the_same_bytes(tmp_path):
    site = _big_site(tmp_path / "site")
    folders = {jobs: tmp_path / f"out-{jobs}" for jobs in ("1", "2", "3")}
    for jobs, out in folders.items():
        result = run_build(site, "--quiet", "--jobs", jobs, "--out", str(out))
        assert result.returncode == 0, result.stderr
    serial = snapshot(folders["1"])
    assert sum(p.endswith(".html") for p in serial) > PARALLEL_MIN_PAGES
    for jobs in ("2", "3"):
        assert differences(serial, snapshot(folders[jobs])) == []


def test_a_template_error_in_a_worker_is_reported_as_serially(tmp_path):
    site = _big_site(tmp_path / "site")
    write_files(site, {"templates/article.html": BROKEN_ARTICLE})
    results = {jobs: run_build(site, "--jobs", jobs, "--lang", "en") for jobs in ("1", "2")}
    for result in results.values():
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
    assert problem_lines(results["2"].stderr) == problem_lines(results["1"].stderr)
    [line] = problem_lines(results["1"].stderr)
    assert line.startswith("templates/article.html:4: error:") and "articles/bai-0150.html" in line
    assert not (site / "public").exists()


def test_progress_is_reported_the_same_way(tmp_path):
    site = _big_site(tmp_path / "site")
    calls: dict[int, list[tuple[str, int, int]]] = {}
    for jobs in (1, 2):
        seen = calls[jobs] = []
        build(site, tmp_path / f"out-{jobs}", BuildOptions(now=EXAMPLE_NOW, jobs=jobs),
              lambda stage, done, total: seen.append((stage, done, total)))
    assert calls[2] == calls[1]
    for stage in ("markdown", "render"):  # both stages run in workers past PARALLEL_MIN_PAGES items
        last = [call for call in calls[1] if call[0] == stage][-1]
        assert last[1] == last[2] > PARALLEL_MIN_PAGES


def _pid_unless_three(item: int) -> int:
    if item == 3:
        raise ValueError(f"item {item}")
    return os.getpid()


def test_work_runs_in_other_processes_and_fails_in_order():
    results = map_forked(_pid_unless_three, [0, 1, 2, 3, 4], 2)
    pids = [next(results) for _ in range(3)]
    assert os.getpid() not in pids
    with pytest.raises(ValueError, match="item 3"):
        next(results)
    assert list(map_forked(_pid_unless_three, [0, 1], 1)) == [os.getpid()] * 2


@pytest.mark.parametrize("value", ["0", "-2", "many"])
def test_jobs_must_be_a_positive_number(tmp_path, value):
    site = write_files(tmp_path / "site", {"site.yaml": MINIMAL_CONFIG})
    result = run_build(site, "--jobs", value, "--lang", "en")
    assert result.returncode == 2
    assert f"--jobs: must be a whole number of 1 or more, not {value}" in result.stderr
    assert "Traceback" not in result.stderr
