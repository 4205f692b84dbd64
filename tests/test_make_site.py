"""bench/make_site.py: generated sites are deterministic, realistic enough, and build cleanly."""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

from conftest import REPO
from generator.pipeline import BuildOptions, build

sys.path.insert(0, str(REPO / "bench"))
from make_site import main, make_site  # noqa: E402

LATER = BuildOptions(now=datetime(2100, 1, 1, tzinfo=timezone.utc))  # every generated article published


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_arguments_same_bytes(tmp_path):
    make_site(tmp_path / "a", articles=40, seed=3, images=True)
    make_site(tmp_path / "b", articles=40, seed=3, images=True)
    make_site(tmp_path / "c", articles=40, seed=4, images=True)
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")
    assert snapshot(tmp_path / "a") != snapshot(tmp_path / "c")


def test_a_generated_site_builds_without_warnings(tmp_path):
    stats = make_site(tmp_path / "site", articles=120, images=True)
    assert stats.articles == 120 and stats.campaigns >= 2 and stats.images > 0
    articles = sorted((tmp_path / "site/content/articles").rglob("*.md"))
    assert len(articles) == 120
    text = "".join(p.read_text(encoding="utf-8") for p in articles)
    assert "ộ" in text and "đ" in text and "Đ" in text
    result = build(tmp_path / "site", tmp_path / "public", LATER)
    assert result.warnings == []
    assert result.pages > 120
    assert len(list((tmp_path / "public/categories").iterdir())) > 5
    assert len(list((tmp_path / "public/tags").iterdir())) > 50
    campaigns = sorted((tmp_path / "site/content/campaigns").glob("*.yaml"))
    assert campaigns and all("activities:" in p.read_text(encoding="utf-8") for p in campaigns)


def test_command_line(tmp_path, capsys):
    assert main([str(tmp_path / "out"), "--articles", "5", "--campaigns", "1"]) == 0
    assert "5 articles, 1 campaigns" in capsys.readouterr().out
    assert main([str(tmp_path / "out"), "--articles", "5"]) == 2  # never writes over a site
