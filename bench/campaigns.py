"""How long campaigns cost a build: `python bench/campaigns.py [campaigns] [activities each]`.

Writes a synthetic site (one report article per five activities) into a temporary folder,
builds it once to warm up, then times the whole build and the campaign stages alone.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.campaigns import plan_campaign_pages, write_campaign_files  # noqa: E402
from generator.config import load_config  # noqa: E402
from generator.errors import Report  # noqa: E402
from generator.load import load_content  # noqa: E402
from generator.pipeline import BuildOptions, build, render_bodies  # noqa: E402
from generator.render import make_environment, render_pages  # noqa: E402
from generator.resolve import resolve_site  # noqa: E402

NOW = datetime(2024, 6, 1, tzinfo=timezone.utc)


def write_site(root: Path, campaigns: int, activities: int) -> None:
    (root / "content/campaigns").mkdir(parents=True)
    (root / "content/articles").mkdir(parents=True)
    (root / "site.yaml").write_text("title: Bench\nbase_url: https://example.org/\n", encoding="utf-8")
    for c in range(campaigns):
        start = date(2020, 1, 1) + timedelta(days=45 * c)
        lines = [f"title: Chiến dịch {c}", f"start: {start}", f"end: {start + timedelta(days=29)}", "activities:"]
        for a in range(activities):
            lines += [f"  - date: {start + timedelta(days=a % 30)}", f'    time: "{8 + a % 10:02d}:00-{9 + a % 10:02d}:30"',
                      f"    title: Hoạt động số {a} của chiến dịch", f"    type: Loại {a % 5}",
                      f"    locality: Huyện {a % 13}", f"    key: {'true' if a % 3 == 0 else 'false'}"]
            if a % 5 == 0:
                lines.append(f"    report: bai-{c}-{a}")
                (root / f"content/articles/bai-{c}-{a}.md").write_text(
                    f"---\ntitle: Bài {c} {a}\ndate: {start} 10:00\ncampaign: cd-{c}\n---\nNội dung.\n", encoding="utf-8")
        (root / f"content/campaigns/cd-{c}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(campaigns: int = 20, activities: int = 100) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "site"
        write_site(root, campaigns, activities)
        build(root, root / "public", BuildOptions(now=NOW))
        started = time.perf_counter()
        result = build(root, root / "public", BuildOptions(now=NOW))
        total = time.perf_counter() - started
        report = Report()
        config = load_config(root, report)
        content = load_content(config, report, NOW)
        site = resolve_site(config, content, render_bodies(config, content, report), NOW, report)
        started = time.perf_counter()
        files = write_campaign_files(site)
        calendars = time.perf_counter() - started
        started = time.perf_counter()
        specs = plan_campaign_pages(site)
        dict(render_pages(make_environment(root, config.language), site, specs))
        pages = time.perf_counter() - started
    print(f"{campaigns} campaigns x {activities} activities, {result.pages} pages: build {total:.2f} s; "
          f"{len(files)} calendar files {calendars:.2f} s; {len(specs)} campaign pages {pages:.2f} s")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
