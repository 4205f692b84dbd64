"""How long an edit takes to show in an open browser tab under `build.py serve`.

    python bench/preview_latency.py [--site DIR] [--edits 10] [--change title|body]

Copies the site (default: the repository's example site) into a temporary folder, serves it on
127.0.0.1, opens one article in headless Chromium, then edits that article's title (or adds a
sentence to its text) again and again, timing each from the file write to the change being on
screen. Not a test: it only prints.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from conftest import CHROMIUM_ARGS, chromium_path  # noqa: E402
from livesite import Preview  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=REPO)
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--change", choices=("title", "body"), default="title",
                        help="what each edit changes: the title (shown in lists too) or the text")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="loa-latency-") as temporary:
        site = Path(temporary) / "site"
        site.mkdir()
        shutil.copy(args.site / "site.yaml", site / "site.yaml")
        shutil.copytree(args.site / "content", site / "content")
        if (args.site / "templates").is_dir() and (args.site / "templates").resolve() != REPO / "templates":
            shutil.copytree(args.site / "templates", site / "templates")
        source = _an_article(site)
        articles = len(list((site / "content/articles").rglob("*.md")))
        timings = _measure(site, source, args.edits, args.change)
    print(f"{len(timings)} edits of the {args.change} of {source.name} ({articles} articles): "
          f"median {statistics.median(timings) * 1000:.0f} ms, max {max(timings) * 1000:.0f} ms "
          f"from saving the file to the change on screen")
    return 0


def _an_article(site: Path) -> Path:
    for path in sorted((site / "content/articles").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if re.search(r"^draft:\s*true", text, re.M) is None and re.search(r"^title:", text, re.M):
            return path
    raise SystemExit("no published article to edit")


def _measure(site: Path, source: Path, edits: int, change: str) -> list[float]:
    from playwright.sync_api import sync_playwright

    original = source.read_text(encoding="utf-8")
    timings = []
    with Preview(site) as preview, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(preview.url + "articles/" + _slug_page(source))
        for number in range(edits):
            words = f"Đo thời gian {number}"
            if change == "title":
                text = re.sub(r"^title:.*$", f"title: {words}", original, count=1, flags=re.M)
                shown = "t => document.querySelector('article h1')?.textContent === t"
            else:
                text = original + f"\n\n{words}.\n"
                shown = "t => document.querySelector('article')?.textContent.includes(t + '.')"
            time.sleep(0.5)  # let the previous reload settle
            started = time.perf_counter()
            source.write_text(text, encoding="utf-8")
            page.wait_for_function(shown, arg=words, polling="raf", timeout=60_000)
            timings.append(time.perf_counter() - started)
        browser.close()
    return timings


def _slug_page(source: Path) -> str:
    match = re.search(r"^slug:\s*(\S+)", source.read_text(encoding="utf-8"), re.M)
    if match:
        return match.group(1) + ".html"
    from generator.fields import slugify
    return slugify(source.stem) + ".html"


if __name__ == "__main__":
    sys.exit(main())
