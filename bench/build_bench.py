#!/usr/bin/env python3
"""Build the same generated site clean, unchanged and after one edit, then another; print what each build cost.

    python bench/build_bench.py                          # 1,000 and 10,000 articles
    python bench/build_bench.py --sizes 100000 --only loa --runs clean   # peak memory of a big site
    python bench/build_bench.py --sizes 1000 --pelican /path/to/venv/bin/pelican

For each size it generates a site with bench/make_site.py (kept in bench/out/ between runs),
builds it with Loa and, when they are installed, with Hugo, Pelican and Jekyll from the same
articles converted to their formats (a comparable theme: article pages with related articles
and neighbours, paginated home, category and tag listings, a sidebar). Each build runs as its
own process; it reports wall time, CPU time (with its worker processes), peak memory (the
largest process, from wait4), the output files that are new or changed (by inode, size and
modification time) and the output's size. Then the ratios against Loa.

Not a test: timings depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))
from make_site import make_site  # noqa: E402

EDIT = "\n\nĐoạn văn này được thêm vào để đo thời gian dựng lại sau khi sửa một bài.\n"
# "edit again" edits the same article once more: the steady state of an editor's preview, or of CI with
# the cache and the last site kept (the first edit after a clean build also makes the spare site)
EDITS = {"edit": EDIT, "edit again": EDIT + "\n\nMột đoạn nữa, cho lần dựng lại thứ hai.\n"}
RUNS = ("clean", "unchanged", "edit", "edit again")


@dataclass
class Measure:
    wall: float
    cpu: float
    peak_mb: float
    written: int
    files: int
    mb: float
    ok: bool = True


# ---------------------------------------------------------------- running and measuring


def run_measured(command: list[str], cwd: Path, output: Path) -> Measure:
    before = snapshot(output)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    error = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
    if process.stderr:
        process.stderr.close()
    ok = os.waitstatus_to_exitcode(status) == 0
    if not ok:
        print(f"  ! {' '.join(command[:3])} failed:\n{error[-2000:]}", file=sys.stderr)
    after = snapshot(output)
    written = sum(1 for path, facts in after.items() if before.get(path) != facts)
    return Measure(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, written, len(after),
                   sum(facts[2] for facts in after.values()) / 1e6, ok)


def snapshot(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Every file below `folder`: (inode, mtime_ns, size), to tell which files a build wrote."""
    files = {}
    for root, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(root, name)
            info = os.stat(path)
            files[os.path.relpath(path, folder)] = (info.st_ino, info.st_mtime_ns, info.st_size)
    return files


def remove(*paths: Path) -> None:
    for path in paths:
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


# ---------------------------------------------------------------- the site and its conversions


@dataclass
class Article:
    path: str  # below content/articles/
    front: dict
    body: str


def read_articles(site: Path) -> list[Article]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    articles = []
    for file in sorted((site / "content" / "articles").rglob("*.md")):
        text = file.read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)
        articles.append(Article(file.relative_to(site / "content" / "articles").as_posix(),
                                yaml.load(front, Loader=loader), body))
    return articles


def web_body(body: str, link: str) -> str:
    """Links for a generator that serves the site from its root: media by absolute path, articles by URL."""
    body = body.replace("](../../media/", "](/media/")
    return re.sub(r"\]\(\.\./\d{4}/([\w-]+)\.md\)", lambda m: "](" + link.format(slug=m[1]) + ")", body)


def when(front: dict) -> str:
    return str(front["date"])


def yaml_front(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def copy_media(site: Path, target: Path) -> None:
    """The site's photos, when it has any (a site generated without --images has none)."""
    if (site / "content" / "media").is_dir():
        shutil.copytree(site / "content" / "media", target)


def convert_hugo(site: Path, target: Path, articles: list[Article]) -> None:
    remove(target)
    (target / "content" / "posts").mkdir(parents=True)
    copy_media(site, target / "static" / "media")
    (target / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():  # partialCached: the sidebar is drawn once, as Hugo themes do
        (target / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (target / "layouts" / name).write_text(text, encoding="utf-8")
    for a in articles:
        f = a.front
        data = {"title": f["title"], "date": when(f).replace(" ", "T") + ":00+07:00", "slug": Path(a.path).stem,
                "categories": [f["category"]], "tags": f.get("tags", []), "author": f.get("author"),
                "summary": f.get("summary"), "hot": f.get("hot", False), "featured": f.get("featured", False)}
        path = target / "content" / "posts" / a.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("---\n" + yaml_front({k: v for k, v in data.items() if v is not None}) + "---\n"
                        + web_body(a.body, "/posts/{slug}/"), encoding="utf-8")


HUGO_CONFIG = """\
baseURL = "https://example.org/tin-tuc/"
languageCode = "vi"
title = "Sở Giáo dục và Đào tạo (bản thử hiệu năng)"
paginate = 10
[taxonomies]
  category = "categories"
  tag = "tags"
[markup.goldmark.renderer]
  unsafe = true
[permalinks]
  posts = "/posts/:slug/"
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{{ .Title }} – {{ site.Title }}</title>
<link rel="canonical" href="{{ .Permalink }}"></head><body><header><a href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav>{{ range first 4 site.Taxonomies.categories.ByCount }}<a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ end }}</nav></header>
<main>{{ block "main" . }}{{ end }}</main>
{{ partialCached "sidebar.html" . }}
<footer>{{ site.Title }}</footer></body></html>
""",
    "partials/sidebar.html": """<aside><h2>Tin nóng</h2><ul>{{ range first 5 (where site.RegularPages "Params.hot" true) }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "02/01/2006" }}</li>{{ end }}</ul>
<h2>Tin tiêu điểm</h2><ul>{{ range first 5 (where site.RegularPages "Params.featured" true) }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "02/01/2006" }}</li>{{ end }}</ul></aside>
""",
    "_default/single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Date.Format "02/01/2006 15:04" }}</p>
{{ .Content }}<p>{{ .Params.author }}</p><p>{{ range .Params.tags }}<a href="{{ (printf "/tags/%s/" (urlize .)) | relURL }}">{{ . }}</a> {{ end }}</p></article>
<nav>{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }} {{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
<section><h2>Tin liên quan</h2><ul>{{ range first 4 (site.RegularPages.Related .) }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></section>{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>{{ $pages := .Pages }}{{ if .IsHome }}{{ $pages = site.RegularPages }}{{ end }}
{{ range (.Paginate $pages).Pages }}<article><h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3><p>{{ .Date.Format "02/01/2006 15:04" }}</p><p>{{ .Summary }}</p></article>{{ end }}
{{ template "_internal/pagination.html" . }}{{ end }}
""",
}


def convert_pelican(site: Path, target: Path, articles: list[Article]) -> None:
    remove(target)
    (target / "content").mkdir(parents=True)
    copy_media(site, target / "content" / "media")
    (target / "pelicanconf.py").write_text(PELICAN_CONFIG, encoding="utf-8")
    for a in articles:
        f = a.front
        lines = [f"Title: {f['title']}", f"Date: {when(f)}", f"Category: {f['category']}",
                 f"Tags: {', '.join(f.get('tags', []))}", f"Slug: {Path(a.path).stem}", f"Author: {f.get('author', '')}"]
        if f.get("summary"):
            lines.append(f"Summary: {f['summary']}")
        path = target / "content" / a.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n\n" + web_body(a.body, "/{slug}.html"), encoding="utf-8")


PELICAN_CONFIG = """\
SITENAME = "Sở Giáo dục và Đào tạo (bản thử hiệu năng)"
SITEURL = ""
TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_LANG = "vi"
DEFAULT_PAGINATION = 10
STATIC_PATHS = ["media"]
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
LOAD_CONTENT_CACHE = True
CACHE_CONTENT = True
CACHE_PATH = "cache"
"""


def convert_jekyll(site: Path, target: Path, articles: list[Article]) -> None:
    remove(target)
    for folder in ("_posts", "_layouts"):
        (target / folder).mkdir(parents=True)
    copy_media(site, target / "media")
    (target / "_config.yml").write_text(JEKYLL_CONFIG, encoding="utf-8")
    for name, text in JEKYLL_LAYOUTS.items():
        (target / "_layouts" / name).write_text(text, encoding="utf-8")
    (target / "index.html").write_text(JEKYLL_INDEX, encoding="utf-8")
    for a in articles:
        f = a.front
        data = {"layout": "post", "title": f["title"], "date": when(f) + ":00 +0700",
                "categories": [f["category"]], "tags": f.get("tags", []), "author": f.get("author"),
                "excerpt": f.get("summary"), "hot": f.get("hot", False)}
        name = f"{when(f)[:10]}-{Path(a.path).stem}.md"
        (target / "_posts" / name).write_text(
            "---\n" + yaml_front({k: v for k, v in data.items() if v is not None}) + "---\n"
            + web_body(a.body, "/posts/{slug}/"), encoding="utf-8")


JEKYLL_CONFIG = """\
title: Sở Giáo dục và Đào tạo (bản thử hiệu năng)
url: https://example.org
baseurl: /tin-tuc
permalink: /posts/:title/
paginate: 10
paginate_path: /page:num/
plugins: [jekyll-paginate, jekyll-archives]
jekyll-archives:
  enabled: [categories, tags, month]
  layout: archive
"""

JEKYLL_LAYOUTS = {
    "default.html": """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{{ page.title }} – {{ site.title }}</title></head>
<body><header><a href="{{ site.baseurl }}/">{{ site.title }}</a></header><main>{{ content }}</main>
<aside><h2>Tin nóng</h2><ul>{% assign hot = site.posts | where: "hot", true %}{% for p in hot limit:5 %}<li><a href="{{ p.url | relative_url }}">{{ p.title }}</a> {{ p.date | date: "%d/%m/%Y" }}</li>{% endfor %}</ul></aside>
<footer>{{ site.title }}</footer></body></html>
""",
    "post.html": """---
layout: default
---
<article><h1>{{ page.title }}</h1><p>{{ page.date | date: "%d/%m/%Y %H:%M" }}</p>{{ content }}<p>{{ page.author }}</p>
<p>{% for t in page.tags %}<a href="{{ site.baseurl }}/tag/{{ t | slugify }}/">{{ t }}</a> {% endfor %}</p></article>
<nav>{% if page.next %}<a href="{{ page.next.url | relative_url }}">{{ page.next.title }}</a>{% endif %} {% if page.previous %}<a href="{{ page.previous.url | relative_url }}">{{ page.previous.title }}</a>{% endif %}</nav>
<section><h2>Tin liên quan</h2><ul>{% for p in site.related_posts limit:4 %}<li><a href="{{ p.url | relative_url }}">{{ p.title }}</a></li>{% endfor %}</ul></section>
""",
    "archive.html": """---
layout: default
---
<h1>{{ page.title }}</h1>{% for p in page.posts %}<article><h3><a href="{{ p.url | relative_url }}">{{ p.title }}</a></h3><p>{{ p.excerpt | strip_html }}</p></article>{% endfor %}
""",
}

JEKYLL_INDEX = """---
layout: default
---
{% for p in paginator.posts %}<article><h3><a href="{{ p.url | relative_url }}">{{ p.title }}</a></h3><p>{{ p.date | date: "%d/%m/%Y %H:%M" }}</p><p>{{ p.excerpt | strip_html }}</p></article>{% endfor %}
<nav>{% if paginator.previous_page %}<a href="{{ paginator.previous_page_path | relative_url }}">←</a>{% endif %} {{ paginator.page }}/{{ paginator.total_pages }} {% if paginator.next_page %}<a href="{{ paginator.next_page_path | relative_url }}">→</a>{% endif %}</nav>
"""


# ---------------------------------------------------------------- the generators


@dataclass
class Generator:
    name: str
    folder: Path  # where it builds
    output: Path
    commands: dict[str, list[str]]  # run -> command
    caches: tuple[Path, ...]  # removed before the clean build
    edit: Path  # the article file to edit


def generators(root: Path, site: Path, articles: list[Article], wanted: set[str], pelican: str | None) -> list[Generator]:
    middle = articles[len(articles) // 2]
    slug = Path(middle.path).stem
    loa = [sys.executable, str(REPO / "build.py"), "build", "--site", str(site)]
    found = [Generator("loa", site, site / "public", {r: loa for r in RUNS}, (site / "public", site / ".loa-cache"),
                       site / "content" / "articles" / middle.path)]
    if "hugo" in wanted and shutil.which("hugo"):
        folder = root / "hugo"
        convert_hugo(site, folder, articles)
        command = ["hugo", "--quiet", "-s", str(folder), "-d", str(folder / "public")]
        found.append(Generator("hugo", folder, folder / "public", {r: command for r in RUNS},
                               (folder / "public", folder / "resources"), folder / "content" / "posts" / middle.path))
    if "pelican" in wanted and pelican:
        folder = root / "pelican"
        convert_pelican(site, folder, articles)
        command = [pelican, "content", "-o", "output", "-s", "pelicanconf.py", "-q"]
        found.append(Generator("pelican", folder, folder / "output", {r: command for r in RUNS},
                               (folder / "output", folder / "cache"), folder / "content" / middle.path))
    if "jekyll" in wanted and shutil.which("jekyll"):
        folder = root / "jekyll"
        convert_jekyll(site, folder, articles)
        base = ["jekyll", "build", "--quiet", "-s", str(folder), "-d", str(folder / "_site")]
        found.append(Generator("jekyll", folder, folder / "_site",
                               {"clean": base, **{run: base + ["--incremental"] for run in RUNS[1:]}},
                               (folder / "_site", folder / ".jekyll-cache", folder / ".jekyll-metadata"),
                               folder / "_posts" / f"{when(middle.front)[:10]}-{slug}.md"))
    return [g for g in found if g.name in wanted]


def bench_size(count: int, out: Path, wanted: set[str], pelican: str | None,
               runs: tuple[str, ...] = RUNS) -> dict[str, dict[str, Measure]]:
    root = out / str(count)
    site = root / "site"
    stamp = root / "site.stamp"
    recipe = f"{count} {(BENCH / 'make_site.py').stat().st_mtime_ns}"
    if not stamp.exists() or stamp.read_text() != recipe:
        print(f"generating {count} articles in {site} ...", file=sys.stderr)
        make_site(site, count)
        stamp.write_text(recipe)
    articles = read_articles(site)
    results: dict[str, dict[str, Measure]] = {}
    for generator in generators(root, site, articles, wanted, pelican):
        remove(*generator.caches)
        original = generator.edit.read_text(encoding="utf-8")
        results[generator.name] = {}
        try:
            for run in runs:
                if run in EDITS:
                    generator.edit.write_text(original + EDITS[run], encoding="utf-8")
                measure = run_measured(generator.commands[run], generator.folder, generator.output)
                results[generator.name][run] = measure
                print(f"{count:>8}  {generator.name:8} {run:10} {measure.wall:8.2f} {measure.cpu:8.2f} "
                      f"{measure.peak_mb:8.0f} {measure.written:9} {measure.files:8} {measure.mb:8.1f}"
                      + ("" if measure.ok else "  FAILED"), flush=True)
        finally:
            generator.edit.write_text(original, encoding="utf-8")
    return results


def print_ratios(count: int, results: dict[str, dict[str, Measure]]) -> None:
    loa = results.get("loa")
    if not loa:
        return
    for name, runs in results.items():
        if name == "loa":
            continue
        parts = [f"{run} {runs[run].wall / loa[run].wall:.1f}x" for run in RUNS
                 if run in runs and runs[run].ok and loa[run].wall > 0]
        print(f"{count:>8}  {name} / loa wall time: " + ", ".join(parts))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="article counts, comma-separated (default: 1000,10000)")
    parser.add_argument("--only", default="loa,hugo,pelican,jekyll", help="generators to run (default: all found)")
    parser.add_argument("--out", type=Path, default=BENCH / "out", help="work folder (default: bench/out)")
    parser.add_argument("--pelican", default=shutil.which("pelican"), help="the pelican command (default: on PATH)")
    parser.add_argument("--runs", default=",".join(RUNS),
                        help="which builds, in this order (default: clean,unchanged,edit; 'clean' alone for a quick "
                             "memory check of a big site)")
    args = parser.parse_args(argv)
    wanted = set(args.only.split(","))
    runs = tuple(args.runs.split(","))
    if not runs or set(runs) - set(RUNS):
        parser.error(f"--runs: choose among {', '.join(RUNS)}")
    print(f"{'articles':>8}  {'builder':8} {'run':10} {'wall s':>8} {'cpu s':>8} {'peak MB':>8} "
          f"{'written':>9} {'files':>8} {'out MB':>8}")
    all_results = {}
    for count in (int(n) for n in args.sizes.split(",")):
        all_results[count] = bench_size(count, args.out, wanted, args.pelican, runs)
    for count, results in all_results.items():
        print_ratios(count, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
