"""How big and how fast is search as a site grows? Generated sites, measured in Chromium.

    python bench/search_bench.py                      # 1,000 and 10,000 articles
    python bench/search_bench.py --sizes 500 --queries 20 --keep ../bench-sites

For each size: generate a site (bench/make_site.py), build it, then open its search page from
file:// in Debian's Chromium once per query, each time in a fresh browser context (empty cache),
and record:
  - bytes before the first result: every file the page loaded until results were drawn (HTML,
    CSS, search.js, index head, term shards, article texts), counted gzip-compressed as a host
    would serve them;
  - time to results: from opening the page, and from the query (search.js starting) to results
    drawn, with every index file read from disk;
  - the same for a reader asking one query after another in one tab (files in the cache);
  - ranking time: in one page with the shards already loaded, LoaSearch.find() alone, repeated.
Queries are drawn from the generated titles and text without diacritics (1 to 4 words), plus
filter-only queries (a category in a month, a campaign) and text with a filter.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import unquote, urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from make_site import make_site  # noqa: E402

from generator.pipeline import BuildOptions, build  # noqa: E402
from generator.search_index import tokenize  # noqa: E402


BUILD_NOW = datetime(2100, 1, 1, tzinfo=timezone.utc)


def gzip_size(path: Path, cache: dict[Path, int]) -> int:
    if path not in cache:
        cache[path] = len(gzip.compress(path.read_bytes(), compresslevel=6))
    return cache[path]


def make_queries(public: Path, count: int, seed: int = 5) -> list[dict]:
    """Queries a reader might type, drawn from the site's own words, plus filters."""
    rng = random.Random(seed)
    head = json.loads(re.search(r"LoaSearch\.part\(\"head\",(.*)\);", (public / "search/index.js").read_text())[1])
    n = len(head["days"])
    queries: list[dict] = []
    while len(queries) < count * 3 // 4:
        doc = json.loads(re.search(r",(\{.*\})\);", (public / f"search/docs/{rng.randrange(n)}.js").read_text())[1])
        words = tokenize(rng.choice([doc["title"], doc["text"]]))
        if len(words) < 4:
            continue
        size = rng.choice([1, 2, 2, 3, 4])
        start = rng.randrange(len(words) - size)
        query = {"q": " ".join(words[start:start + size])}
        if rng.random() < 0.2 and head["categories"]:
            query["category"] = rng.choice(head["categories"])[0]
        queries.append(query)
    days = []
    total = 0
    for gap in head["days"]:
        total += gap
        days.append(total)
    while len(queries) < count:
        day = date(1970, 1, 1) + timedelta(days=days[rng.randrange(n)])
        first = day.replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        if rng.random() < 0.5 and head["campaigns"]:
            queries.append({"campaign": rng.choice(head["campaigns"])[0]})
        else:
            queries.append({"category": rng.choice(head["categories"])[0], "from": first.isoformat(),
                            "to": last.isoformat()})
    return queries


def measure(public: Path, queries: list[dict], browser) -> dict:
    sizes: dict[Path, int] = {}
    loaded_bytes, to_results, answer, counts = [], [], [], []
    for query in queries:
        context = browser.new_context()
        page = context.new_page()
        requested: list[str] = []
        page.on("request", lambda r: requested.append(r.url))
        page.goto((public / "search/index.html").as_uri() + "?" + urlencode(query))
        page.wait_for_selector("#loa-search.search-done", timeout=60_000)
        assert not page.locator("#loa-search.search-failed").count(), query
        to_results.append(page.evaluate("performance.now()"))
        answer.append(float(page.get_attribute("#loa-search", "data-search-ms")))
        counts.append(page.locator(".search-result").count())
        files = {Path(unquote(urlsplit(url).path)) for url in requested if url.startswith("file:")}
        loaded_bytes.append(sum(gzip_size(f, sizes) for f in files if f.is_file()))
        context.close()
    ranking = rank_times(public, queries, browser)
    return {"bytes": loaded_bytes, "ms": to_results, "answer_ms": answer, "tab_ms": same_tab_times(public, queries, browser),
            "rank_ms": ranking, "empty": counts.count(0)}


def same_tab_times(public: Path, queries: list[dict], browser) -> list[float]:
    """A reader asking one query after another in one tab: from the query to results drawn."""
    context = browser.new_context()
    page = context.new_page()
    times = []
    for query in queries:
        page.goto((public / "search/index.html").as_uri() + "?" + urlencode(query))
        page.wait_for_selector("#loa-search.search-done", timeout=60_000)
        times.append(float(page.get_attribute("#loa-search", "data-search-ms")))
    context.close()
    return times


def rank_times(public: Path, queries: list[dict], browser, repeat: int = 5) -> list[float]:
    """Per query: the median time of LoaSearch.find() once its shards are loaded."""
    page = browser.new_page()
    page.goto((public / "search/index.html").as_uri())
    page.wait_for_selector("#loa-search.search-done")
    options = {"version": page.get_attribute("#loa-search", "data-version"),
               "shards": int(page.get_attribute("#loa-search", "data-shards"))}
    times = page.evaluate("""async ([queries, options, repeat]) => {
        LoaSearch.configure(options);
        const out = [];
        for (const q of queries) {
            await LoaSearch.find(q);
            const runs = [];
            for (let i = 0; i < repeat; i++) {
                const t = performance.now();
                await LoaSearch.find(q);
                runs.push(performance.now() - t);
            }
            runs.sort((a, b) => a - b);
            out.push(runs[Math.floor(repeat / 2)]);
        }
        return out;
    }""", [queries, options, repeat])
    page.close()
    return times


def index_footprint(public: Path) -> tuple[int, int]:
    """How many index files, and their bytes on disk."""
    files = list((public / "search").rglob("*.js"))
    return len(files), sum(p.stat().st_size for p in files)


def run(sizes: list[int], query_count: int, keep: Path | None) -> list[dict]:
    from playwright.sync_api import sync_playwright

    work = keep or Path(tempfile.mkdtemp(prefix="loa-search-bench-"))
    rows = []
    try:
        with sync_playwright() as playwright:
            chromium = shutil.which("chromium") or shutil.which("chromium-browser")
            browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            for size in sizes:
                site = work / f"site-{size}"
                if not (site / "site.yaml").exists():
                    make_site(site, articles=size)
                    print(f"generated {size} articles in {site}", file=sys.stderr)
                started = time.perf_counter()
                build(site, site / "public", BuildOptions(now=BUILD_NOW))  # every generated article published
                built = time.perf_counter() - started
                public = site / "public"
                files, raw = index_footprint(public)
                queries = make_queries(public, query_count)
                result = measure(public, queries, browser)
                rows.append({"articles": size, "build_s": built, "files": files, "raw": raw, **result,
                             "queries": len(queries)})
                print(f"measured {size} articles", file=sys.stderr)
            browser.close()
    finally:
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return rows


def table(rows: list[dict]) -> str:
    def stats(values, scale=1.0, fmt="{:.0f}"):
        return " / ".join(fmt.format(v * scale) for v in (statistics.median(values), max(values)))

    lines = [
        "| articles | queries | index files (MB on disk) | KB before first result, gzip "
        "| ms from opening the page to results (new tab) | ms from the query to results (new tab) "
        "| ms from the query to results (next query, same tab) | ms ranking alone | build s |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(f"| {r['articles']:,} | {r['queries']} | {r['files']:,} ({r['raw'] / 1e6:.1f}) "
                     f"| {stats(r['bytes'], 1 / 1024, '{:.1f}')} | {stats(r['ms'])} "
                     f"| {stats(r['answer_ms'])} | {stats(r['tab_ms'])} | {stats(r['rank_ms'], 1, '{:.2f}')} "
                     f"| {r['build_s']:.0f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--queries", type=int, default=40)
    parser.add_argument("--keep", type=Path, help="generate and keep the sites here (reused when present)")
    args = parser.parse_args(argv)
    rows = run(args.sizes, args.queries, args.keep)
    print(table(rows))
    print("(each cell: median / max over the queries)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
