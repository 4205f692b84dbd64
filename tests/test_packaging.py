"""Loa installed from a wheel (`pip install .`, not only `-e .`) carries its default theme and builds sites."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import MINIMAL_CONFIG, write_files

REPO = Path(__file__).resolve().parent.parent
RUN_LOA = "import sys; from generator.cli import main; sys.exit(main(sys.argv[1:]))"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    source = out / "source"  # a copy, so that building leaves no build/ or egg-info in the checkout
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    for name in ("generator", "templates"):
        shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(out), str(source)], check=True, capture_output=True, cwd=out)
    return next(out.glob("loa-*.whl"))


def test_the_wheel_holds_every_file_of_the_default_theme(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    theme = {p.relative_to(REPO / "templates").as_posix() for p in (REPO / "templates").rglob("*") if p.is_file()}
    assert theme and {"base.html", "assets/style.css", "partials/sidebar.html"} <= theme
    assert {f"generator/theme/{name}" for name in theme} <= names
    assert {"generator/locales/vi.yaml", "generator/locales/en.yaml"} <= names


def test_an_installed_loa_builds_a_site_with_its_own_theme(wheel, tmp_path):
    installed = tmp_path / "installed"
    zipfile.ZipFile(wheel).extractall(installed)
    site = write_files(tmp_path / "site", {
        "site.yaml": MINIMAL_CONFIG,
        "content/articles/bai.md": "---\ntitle: Bài đầu tiên\ndate: 2021-10-01 09:00\n---\nNội dung.\n",
    })
    # Run from the site's folder with only the unpacked wheel on the path: the checkout is not importable.
    env = {**os.environ, "PYTHONPATH": str(installed), "SOURCE_DATE_EPOCH": "1640000000"}
    probe = subprocess.run([sys.executable, "-c", "from generator.render import DEFAULT_THEME; print(DEFAULT_THEME)"],
                           cwd=site, env=env, capture_output=True, text=True, check=True)
    assert Path(probe.stdout.strip()) == installed / "generator" / "theme"
    result = subprocess.run([sys.executable, "-c", RUN_LOA, "build", "--quiet"], cwd=site, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    page = (site / "public" / "index.html").read_text(encoding="utf-8")
    assert "Bài đầu tiên" in page
    assert list((site / "public" / "assets").glob("style.*.css"))
