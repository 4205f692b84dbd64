"""How long an edit takes to show in an open browser tab under `build.py serve`.

    python bench/preview_latency.py [--site DIR] [--edits 10] [--change title|body]

Copies the site (default: the repository's example site) into a temporary folder, serves it on
127.0.0.1, opens one article in headless Chromium, then edits that article's title (or adds a
sentence to its text) again and again, timing each from the file write to the change being painted
(the browser's own paint timing of the page that shows it) and to the test seeing it. Each edit is
made once the last one's build has ended (an edit saved during a build waits for it). Not a test: it
only prints.
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
        painted, seen = _measure(site, source, args.edits, args.change)
    print(f"{len(painted)} edits of the {args.change} of {source.name} ({articles} articles), from saving the file: "
          f"painted in the tab after median {statistics.median(painted) * 1000:.0f} ms "
          f"(max {max(painted) * 1000:.0f}); seen by the test after {statistics.median(seen) * 1000:.0f} ms "
          f"(max {max(seen) * 1000:.0f})")
    return 0


def _an_article(site: Path) -> Path:
    for path in sorted((site / "content/articles").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if re.search(r"^draft:\s*true", text, re.M) is None and re.search(r"^title:", text, re.M):
            return path
    raise SystemExit("no published article to edit")


# When the reloaded page that shows the change was painted, as a time since the epoch in ms: its first
# paint, or the end of its parsing if that came later (the text is painted by the next frame).
PAINTED = """() => {
  const navigation = performance.getEntriesByType("navigation")[0];
  const paint = performance.getEntriesByType("paint").find(e => e.name === "first-contentful-paint");
  return performance.timeOrigin + Math.max(navigation.domInteractive, paint ? paint.startTime : Infinity);
}"""


def _measure(site: Path, source: Path, edits: int, change: str) -> tuple[list[float], list[float]]:
    """For each edit: seconds from writing the file to the change painted in the tab, and to the test
    seeing it (which adds Playwright's polling of the new page, some 50 ms)."""
    from playwright.sync_api import sync_playwright

    original = source.read_text(encoding="utf-8")
    painted: list[float] = []
    seen: list[float] = []
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
            time.sleep(0.3)  # let the previous reload settle
            written = time.time()
            source.write_text(text, encoding="utf-8")
            page.wait_for_function(shown, arg=words, polling="raf", timeout=60_000)
            seen.append(time.time() - written)
            painted.append(page.evaluate(PAINTED) / 1000 - written)
            preview.wait_for(r"Built ")  # the rest of the site: the next edit is made with the preview idle
        browser.close()
    return painted, seen


def _slug_page(source: Path) -> str:
    match = re.search(r"^slug:\s*(\S+)", source.read_text(encoding="utf-8"), re.M)
    if match:
        return match.group(1) + ".html"
    from generator.fields import slugify
    return slugify(source.stem) + ".html"


if __name__ == "__main__":
    sys.exit(main())
