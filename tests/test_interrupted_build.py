"""A build that is killed, interrupted or runs out of disk leaves the published site exactly as it was."""

from __future__ import annotations

import errno
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from conftest import MINIMAL_CONFIG, write_files
from image_samples import encoded, noise_image
from site_tools import (EPOCH, build_command, differences, leftovers, run_build, snapshot, without_progress,
                        write_articles)

from generator import i18n
from generator.interrupt import report_interrupt

SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGKILL)


def _site(root: Path, articles: int = 250, images: int = 12) -> Path:
    """A site big enough that a build takes a moment, with media copied at the end of the write."""
    site = write_files(root, {"site.yaml": MINIMAL_CONFIG})
    write_articles(site, articles)
    media = site / "content" / "media"
    media.mkdir(parents=True)
    for i in range(images):  # photos of about 300 KB: the build encodes them once, then copies them from its cache
        (media / f"anh-{i}.jpg").write_bytes(encoded(noise_image((800, 600), seed=i), "JPEG", quality=95))
        path = site / "content" / "articles" / f"bai-{i:04d}.md"
        path.write_text(path.read_text(encoding="utf-8").replace("\n---\n", f"\nimage: ../media/anh-{i}.jpg\n---\n", 1),
                        encoding="utf-8")
    return site


def _set_state(site: Path, state: str) -> None:
    """State A has the base articles; state B adds one more, so the two builds differ."""
    extra = site / "content" / "articles" / "bai-moi.md"
    if state == "B":
        extra.write_text("---\ntitle: Bài mới\ndate: 2021-12-30 10:00\n---\nMới.\n", encoding="utf-8")
    elif extra.exists():
        extra.unlink()


def _count_files(folder: Path) -> int:
    return sum(len(files) for _, _, files in os.walk(folder))


def _staging(site: Path) -> Path | None:
    return next((p for p in site.iterdir() if p.name.startswith(".public.new-")), None)


def _kill_at(process: subprocess.Popen, site: Path, moment: tuple[str, float], sig: int) -> None:
    """Send `sig` after a delay, or once the build has written some files of its staging folder."""
    kind, value = moment
    if kind == "seconds":
        try:
            process.wait(timeout=value)
            return  # it finished first
        except subprocess.TimeoutExpired:
            pass
    else:
        while process.poll() is None:
            staging = _staging(site)
            if staging is not None and _count_files(staging) >= value:
                break
            time.sleep(0.002)
    if process.poll() is None:
        # Freeze the build first, so the signal lands at this moment even when the machine is busy
        # and this process was slow to notice the files.
        process.send_signal(signal.SIGSTOP)
        process.send_signal(sig)
        process.send_signal(signal.SIGCONT)


def _check_output_of_stopped_build(result: tuple[int, str], sig: int, site: Path) -> None:
    returncode, stderr = result
    assert "Traceback" not in stderr, stderr
    if returncode in (128 + signal.SIGINT, 128 + signal.SIGTERM):
        assert returncode == 128 + sig
        assert without_progress(stderr) in ([i18n.message(lang, "build_interrupted", {})] for lang in ("vi", "en")), \
            stderr
        assert leftovers(site / "public") == []  # cleaned on the way out
    else:
        # Finished before the signal, or killed before Python could handle it.
        assert returncode in (0, -sig), (returncode, stderr)


def test_killing_a_build_at_random_moments_never_loses_the_site(tmp_path):
    site = _site(tmp_path / "site")
    public = site / "public"
    expected = {}
    for state in ("A", "B"):
        _set_state(site, state)
        out = tmp_path / f"expected-{state}"
        assert run_build(site, "--out", str(out)).returncode == 0
        expected[state] = snapshot(out)
        shutil.rmtree(out)
    assert differences(expected["A"], expected["B"]) != []

    started = time.perf_counter()
    _set_state(site, "A")
    assert run_build(site).returncode == 0
    duration = time.perf_counter() - started  # to spread the kills over a whole build; never asserted
    write_files_count = len(expected["B"])

    rng = random.Random(8)
    outcomes = []
    for round_ in range(12):
        _set_state(site, "A")
        if snapshot(public) != expected["A"]:
            assert run_build(site).returncode == 0
        _set_state(site, "B")
        sig = SIGNALS[round_ % 3]
        moment = (("seconds", rng.uniform(0.05, duration)) if round_ % 2 == 0
                  else ("files", rng.randint(1, write_files_count)))
        process = subprocess.Popen(build_command(site), env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        _kill_at(process, site, moment, sig)
        _, stderr = process.communicate(timeout=120)
        now = snapshot(public)
        state = "A" if now == expected["A"] else "B" if now == expected["B"] else None
        assert state is not None, f"round {round_}: public/ is neither the old nor the new site: " \
                                  f"{differences(now, expected['A'])[:10]}"
        _check_output_of_stopped_build((process.returncode, stderr), sig, site)
        outcomes.append((signal.Signals(sig).name, moment[0], state, process.returncode))

    # The next build clears whatever the killed ones left and publishes the new site.
    _set_state(site, "B")
    result = run_build(site)
    assert result.returncode == 0, result.stderr
    assert differences(snapshot(public), expected["B"]) == []
    assert leftovers(public) == [], outcomes


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_prints_one_line_and_keeps_the_site(tmp_path, sig):
    site = _site(tmp_path / "site", articles=400, images=25)
    removed = site / "content/articles/bai-0003.md"
    text = removed.read_text(encoding="utf-8")
    for _attempt in range(3):  # a busy machine may let a build finish before the signal is sent
        removed.write_text(text, encoding="utf-8")
        assert run_build(site).returncode == 0
        before = snapshot(site / "public")
        removed.unlink()
        process = subprocess.Popen(build_command(site), env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        _kill_at(process, site, ("files", 3), sig)
        _, stderr = process.communicate(timeout=120)
        if process.returncode != 0:
            break
    else:
        pytest.fail("every build finished before it could be interrupted; make the test site bigger")
    assert process.returncode == 128 + sig
    assert without_progress(stderr) == [i18n.message("vi", "build_interrupted", {})], stderr
    assert differences(before, snapshot(site / "public")) == []
    assert leftovers(site / "public") == []


def _limit_file_size() -> None:
    """In the child: files beyond 100 KB fail with EFBIG, as on a full disk, instead of killing it."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))


def test_a_write_refused_by_the_system_fails_cleanly(tmp_path):
    site = _site(tmp_path / "site", articles=30, images=0)
    assert run_build(site).returncode == 0
    before = snapshot(site / "public")
    media = site / "content/media"
    (media / "lon.jpg").write_bytes(encoded(noise_image((1600, 1200)), "JPEG", quality=95))  # renditions > 100 KB
    article = site / "content/articles/bai-0001.md"
    article.write_text(article.read_text(encoding="utf-8").replace("\n---\n", "\nimage: ../media/lon.jpg\n---\n", 1),
                       encoding="utf-8")
    # First while encoding the image into the cache, then (cache filled by a build elsewhere) while writing the site.
    for where, warm_up in ((site.resolve() / ".loa-cache/images/", False), (site.resolve() / "public/media/lon", True)):
        if warm_up:
            assert run_build(site, "--out", str(site.parent / "elsewhere")).returncode == 0
        result = run_build(site, preexec_fn=_limit_file_size)
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        before_file, after_file = i18n.message("vi", "disk_full", {"file": "\0", "reason": os.strerror(errno.EFBIG)}
                                               ).split("\0")
        assert re.search(re.escape(before_file + str(where)) + "[^']+" + re.escape(after_file), result.stderr), \
            result.stderr
        assert differences(before, snapshot(site / "public")) == []
        assert leftovers(site / "public") == []


@pytest.mark.parametrize("argv, variable, expected", [
    ([], None, "vi"),
    (["build", "--lang", "en"], None, "en"),
    (["build", "--lang=en"], None, "en"),
    (["serve"], "en", "en"),
    (["build", "--lang", "vi"], "en", "vi"),  # the flag wins over the variable
])
def test_the_interrupt_line_follows_lang_and_loa_lang(tmp_path, monkeypatch, capsys, argv, variable, expected):
    site = write_files(tmp_path / "site", {"site.yaml": MINIMAL_CONFIG})
    monkeypatch.chdir(site)
    if variable:
        monkeypatch.setenv("LOA_LANG", variable)
    else:
        monkeypatch.delenv("LOA_LANG", raising=False)
    assert report_interrupt(KeyboardInterrupt(), argv) == 128 + signal.SIGINT
    assert capsys.readouterr().err.strip() == i18n.message(expected, "build_interrupted", {})
