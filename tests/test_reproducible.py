"""Same input, same output: byte-identical folders whatever the machine, the clock or the order on disk."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE_NOW, REPO, article
from hostile_site import write_hostile_site
from site_tools import BUILD_PY, EPOCH, differences, problem_lines, run_build, snapshot

from generator.pipeline import BuildOptions, build

# Runs build.py with the clock ten years ahead: time.time, datetime.now/utcnow/today, date.today
# and time.localtime/gmtime/strftime all lie, so anything that reads the clock shows in the output.
FAKE_CLOCK = r"""
import datetime as _dt, runpy, sys, time as _time
_OFFSET = 10 * 365 * 86400 + 12345
_real_time, _real_localtime, _real_gmtime, _real_strftime = _time.time, _time.localtime, _time.gmtime, _time.strftime
_time.time = lambda: _real_time() + _OFFSET
_time.time_ns = lambda: int(_time.time() * 1e9)
_time.localtime = lambda secs=None: _real_localtime(_time.time() if secs is None else secs)
_time.gmtime = lambda secs=None: _real_gmtime(_time.time() if secs is None else secs)
_time.strftime = lambda fmt, t=None: _real_strftime(fmt, _time.localtime() if t is None else t)
class _DateTime(_dt.datetime):
    @classmethod
    def now(cls, tz=None): return cls.fromtimestamp(_time.time(), tz)
    @classmethod
    def utcnow(cls): return cls.utcfromtimestamp(_time.time())
    @classmethod
    def today(cls): return cls.fromtimestamp(_time.time())
class _Date(_dt.date):
    @classmethod
    def today(cls): return cls.fromtimestamp(_time.time())
_dt.datetime, _dt.date = _DateTime, _Date
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


def _example_sources(target: Path, order: str) -> Path:
    """Copy the example site's sources, creating files (and their folders) in the given order."""
    files = [p for p in [REPO / "site.yaml", *(REPO / "content").rglob("*")] if p.is_file()]
    files.sort(key=lambda p: p.as_posix())
    if order == "reverse":
        files.reverse()
    elif order == "shuffled":
        random.Random(8).shuffle(files)
    for source in files:
        destination = target / source.relative_to(REPO)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)
    return target


def _touch_all(folder: Path, seconds: int) -> None:
    rng = random.Random(seconds)
    for path in folder.rglob("*"):
        os.utime(path, (seconds + rng.randint(0, 10**6), seconds + rng.randint(0, 10**6)))


def test_example_site_builds_byte_identical_on_another_machine(tmp_path):
    """Two builds: different hash seeds, time zones, locales, folders, creation orders and file times."""
    sites = {"a": _example_sources(tmp_path / "one" / "site", "sorted"),
             "b": _example_sources(tmp_path / "two" / "deeper" / "site", "shuffled")}
    _touch_all(sites["b"], 1_000_000_000)
    environments = {
        "a": {"PYTHONHASHSEED": "1", "TZ": "UTC", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"},
        "b": {"PYTHONHASHSEED": "4242", "TZ": "America/Los_Angeles", "LC_ALL": "C", "LANG": "C"},
    }
    for key, site in sites.items():
        result = run_build(site, env=environments[key])
        assert result.returncode == 0, result.stderr
    first, second = snapshot(sites["a"] / "public"), snapshot(sites["b"] / "public")
    assert len(first) > 20
    assert differences(first, second) == []
    for path, data in first.items():  # no machine path leaks into the output
        assert data is None or str(tmp_path).encode() not in data, path


def test_the_clock_and_file_times_do_not_reach_the_output(tmp_path):
    """With SOURCE_DATE_EPOCH set, a build ten years later, with every source touched, is identical."""
    site = _example_sources(tmp_path / "site", "sorted")
    assert run_build(site, "--out", str(tmp_path / "now")).returncode == 0
    _touch_all(site, 1_500_000_000)
    later = subprocess.run([sys.executable, "-c", FAKE_CLOCK, str(BUILD_PY), "--site", str(site),
                            "--out", str(tmp_path / "later")],
                           env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH}, capture_output=True, text=True, timeout=300)
    assert later.returncode == 0, later.stderr
    assert differences(snapshot(tmp_path / "now"), snapshot(tmp_path / "later")) == []


def test_the_fake_clock_would_show(tmp_path):
    """The fake clock is felt: without SOURCE_DATE_EPOCH, a scheduled article appears ten years later."""
    site = tmp_path / "site"
    (site / "content/articles").mkdir(parents=True)
    (site / "site.yaml").write_text("title: T\nbase_url: https://example.org/\n", encoding="utf-8")
    year = __import__("datetime").date.today().year + 5
    (site / "content/articles/sap-toi.md").write_text(article("Sắp tới", date=f"{year}-01-01 08:00"), encoding="utf-8")
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    result = subprocess.run([sys.executable, "-c", FAKE_CLOCK, str(BUILD_PY), "--site", str(site)], env=environment,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert (site / "public/articles/sap-toi.html").is_file()


def test_source_date_epoch_is_the_builds_now(tmp_path):
    site = tmp_path / "site"
    (site / "content/articles").mkdir(parents=True)
    (site / "site.yaml").write_text("title: T\nbase_url: https://example.org/\n", encoding="utf-8")
    (site / "content/articles/a.md").write_text(article("Đã đăng", date="2021-10-01 09:00"), encoding="utf-8")
    (site / "content/articles/b.md").write_text(article("Hẹn giờ", date="2030-01-01 08:00"), encoding="utf-8")
    before, after = "1893456000", "1893488400"  # 2030-01-01 00:00 and 09:00 UTC (07:00 and 16:00 in Hanoi)
    assert run_build(site, env={"SOURCE_DATE_EPOCH": before}).returncode == 0
    assert not (site / "public/articles/b.html").exists()
    assert run_build(site, env={"SOURCE_DATE_EPOCH": after}).returncode == 0
    assert (site / "public/articles/b.html").is_file()


@pytest.mark.parametrize("value", ["yesterday", "1.5e9", "99999999999999999999"])
def test_a_malformed_source_date_epoch_is_an_error(tmp_path, value):
    site = tmp_path / "site"
    (site / "content/articles").mkdir(parents=True)
    (site / "site.yaml").write_text("title: T\nlanguage: en\n", encoding="utf-8")
    result = run_build(site, env={"SOURCE_DATE_EPOCH": value})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert problem_lines(result.stderr)[0].startswith(f"SOURCE_DATE_EPOCH: error: the environment variable SOURCE_DATE_EPOCH is '{value}'")


class _Listing:
    """os.scandir in a chosen order, as another file system might return it."""

    def __init__(self, entries):
        self.entries = iter(entries)

    def __iter__(self):
        return self

    def __next__(self):
        return next(self.entries)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def close(self):
        pass


@pytest.mark.parametrize("site_kind", ["example", "hostile"])
def test_any_directory_order_gives_the_same_output(tmp_path, monkeypatch, site_kind):
    site = (_example_sources(tmp_path / "site", "sorted") if site_kind == "example"
            else write_hostile_site(tmp_path / "site"))
    outputs = {}
    real_scandir, real_listdir = os.scandir, os.listdir
    for order in ("sorted", "reverse", "shuffled"):
        rng = random.Random(order)

        def arrange(entries, key):
            entries = sorted(entries, key=key, reverse=order == "reverse")
            if order == "shuffled":
                rng.shuffle(entries)
            return entries

        def scandir(path="."):
            with real_scandir(path) as iterator:
                return _Listing(arrange(list(iterator), key=lambda e: e.name))

        monkeypatch.setattr(os, "scandir", scandir)
        monkeypatch.setattr(os, "listdir", lambda path=".": arrange(real_listdir(path), key=str))
        build(site, tmp_path / order, BuildOptions(now=EXAMPLE_NOW))
        monkeypatch.undo()
        outputs[order] = snapshot(tmp_path / order)
    assert differences(outputs["sorted"], outputs["reverse"]) == []
    assert differences(outputs["sorted"], outputs["shuffled"]) == []
