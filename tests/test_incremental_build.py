"""A build that reuses the work of the last one (.loa-cache/) writes exactly what a clean build writes.

Each case edits a small site after a first build, then builds it twice: with the cache, and clean
into another folder. Both must write the same bytes and report the same problems, whatever changed.
"""

from __future__ import annotations

import os
import pickle
from datetime import datetime, timedelta
import shutil
from collections.abc import Callable
from pathlib import Path

import jinja2
import pytest
from conftest import EXAMPLE_NOW, MINIMAL_CONFIG, REPO, article, write_files
from image_samples import encoded, noise_image
from site_tools import differences, snapshot

import generator.load
import generator.pipeline
import generator.render
from generator import build_cache, load_cache
from generator.body_cache import BODY_STORE
from generator.config import load_config
from generator.errors import BuildError, Report
from generator.load import load_content
from generator.page_cache import store_name
from generator.pipeline import BuildOptions, EarlyPages, build
from generator.theme_loader import DEFAULT_THEME, TEMPLATE_CACHE

CAMPAIGN = """\
title: Tuần lễ học tập
start: 2021-10-01
end: 2021-10-07
summary: Xem [lễ khai mạc](../articles/khai-mac.md).
activities:
  - {date: 2021-10-01, title: Lễ khai mạc, locality: Hạ Long, report: khai-mac}
"""


@pytest.fixture(autouse=True)
def trust_fresh_files(monkeypatch):
    """These sites are written just before they are built: let their loaded files be kept all the same."""
    monkeypatch.setattr(load_cache, "RACY_SECONDS", 0)


def _site(root: Path) -> Path:
    return write_files(root, {
        "site.yaml": MINIMAL_CONFIG,
        "content/articles/khai-mac.md": article(
            "Khai mạc", date="2021-10-01 15:00", campaign="tuan-le", tags="[học tập]",
            body="Lễ khai mạc. Xem [tọa đàm](toa-dam.md) và ảnh:\n\n![Hội trường](../media/anh.jpg)\n"),
        "content/articles/toa-dam.md": article("Tọa đàm", date="2021-10-03 16:00", category="Tin tức",
                                               tags="[học tập]", image="../media/bia.jpg",
                                               body="Tọa đàm về học tập suốt đời."),
        "content/articles/be-mac.md": article("Bế mạc", date="2021-10-07 17:00", category="Tin tức",
                                              body="Bế mạc <b>tuần lễ</b>. [Tài liệu](../media/tai-lieu.pdf)"),
        "content/pages/gioi-thieu.md": "---\ntitle: Giới thiệu\n---\nVề [khai mạc](../articles/khai-mac.md).\n",
        "content/campaigns/tuan-le.yaml": CAMPAIGN,
        "content/media/anh.jpg": encoded(noise_image((96, 64)), "JPEG"),
        "content/media/bia.jpg": encoded(noise_image((120, 80), seed=4), "JPEG"),
        "content/media/tai-lieu.pdf": b"%PDF-1.4 tai lieu",
    })


def _edit(site: Path, name: str, old: str, new: str) -> None:
    path = site / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


EDITS: dict[str, Callable[[Path], None]] = {
    "nothing": lambda site: None,
    "a body": lambda site: _edit(site, "content/articles/toa-dam.md", "suốt đời.", "suốt đời, cho mọi người."),
    # the first paragraph, which teasers show on other pages, stays as it was
    "a later paragraph": lambda site: _edit(site, "content/articles/khai-mac.md", "![Hội trường]", "![Hội trường lớn]"),
    "a later paragraph, and a cover photo shown elsewhere replaced": lambda site: (
        _edit(site, "content/articles/khai-mac.md", "![Hội trường]", "![Hội trường lớn]"),
        write_files(site, {"content/media/bia.jpg": encoded(noise_image((200, 100), seed=5), "JPEG")})),
    "a title shown by other pages": lambda site: _edit(site, "content/articles/toa-dam.md",
                                                        "title: Tọa đàm", "title: Tọa đàm khoa học"),
    "the slug of a linked article": lambda site: _edit(site, "content/articles/toa-dam.md",
                                                        "title: Tọa đàm", "title: Tọa đàm\nslug: toa-dam-moi"),
    "a linked article turned draft": lambda site: _edit(site, "content/articles/toa-dam.md",
                                                         "title: Tọa đàm", "title: Tọa đàm\ndraft: true"),
    "a date that makes the oldest article the newest": lambda site: _edit(site, "content/articles/khai-mac.md",
                                                                            "2021-10-01 15:00", "2021-10-08 15:00"),
    "a new article": lambda site: write_files(site, {"content/articles/moi.md": article(
        "Bài mới", date="2021-10-05 10:00", category="Tin tức", tags="[học tập]", body="Bài mới.")}),
    "a deleted article": lambda site: (site / "content/articles/be-mac.md").unlink(),
    "a new linked file": lambda site: _edit(site, "content/articles/be-mac.md", "tai-lieu.pdf", "ke-hoach.pdf")
    or write_files(site, {"content/media/ke-hoach.pdf": b"%PDF-1.4 ke hoach"}),
    "a cover photo replaced": lambda site: write_files(site, {
        "content/media/bia.jpg": encoded(noise_image((200, 100), seed=5), "JPEG")}),
    "a cover photo renamed, and its article": lambda site: ((site / "content/media/bia.jpg").rename(
        site / "content/media/bìa.jpg"), _edit(site, "content/articles/toa-dam.md", "bia.jpg", "bìa.jpg")),
    "the time zone": lambda site: write_files(site, {"site.yaml": MINIMAL_CONFIG + "timezone: Asia/Tokyo\n"}),
    "raw HTML setting": lambda site: write_files(site, {"site.yaml": MINIMAL_CONFIG + "markdown: {raw_html: false}\n"}),
    "the campaign summary": lambda site: _edit(site, "content/campaigns/tuan-le.yaml", "Xem [", "Mời xem ["),
    "a linked script below content/assets": lambda site: _edit(site, "content/articles/be-mac.md", "tai-lieu.pdf",
                                                               "../assets/lich.js")
    or write_files(site, {"content/assets/lich.js": "var lich = 1;\n"}),
    "the output options": lambda site: write_files(site, {
        "site.yaml": MINIMAL_CONFIG + "output: {minify: true, precompress: true}\n"}),
    "a template": lambda site: write_files(site, {"templates/article.html": (
        '{% extends "base.html" %}{% block content %}<h1>{{ article.title }}</h1>{{ body }}{% endblock %}\n')}),
}


def _build(site: Path, out: Path, cache: bool, stores: build_cache.KeptStores | None = None) -> list[str]:
    result = build(site, out, BuildOptions(now=EXAMPLE_NOW, cache=cache, stores=stores))
    return [problem.format("en") for problem in result.warnings] + [f"{result.files} files, {result.pages} pages",
                                                                    repr(result.sizes)]


@pytest.mark.parametrize("output, process", [("", "build"), ("output: {minify: true, precompress: true}\n", "build"),
                                             ("", "serve")], ids=["plain", "tuned", "kept-stores"])
@pytest.mark.parametrize("edit", EDITS, ids=list(EDITS))
def test_a_build_with_the_cache_writes_what_a_clean_build_writes(tmp_path, edit, output, process):
    # `serve` builds again and again in one process, which keeps the stores it read or wrote
    stores = build_cache.KeptStores() if process == "serve" else None
    site = _site(tmp_path / "site")
    write_files(site, {"site.yaml": MINIMAL_CONFIG + output})
    _build(site, site / "public", cache=True, stores=stores)
    EDITS[edit](site)
    summary = _build(site, site / "public", cache=True, stores=stores)  # warnings, counts and sizes
    assert summary == _build(site, tmp_path / "clean", cache=False)
    assert differences(snapshot(site / "public"), snapshot(tmp_path / "clean")) == []
    _build(site, site / "public", cache=True, stores=stores)  # and once more, from what this build recorded
    assert differences(snapshot(site / "public"), snapshot(tmp_path / "clean")) == []


def test_a_preview_reads_the_stores_it_kept_from_memory(tmp_path, monkeypatch):
    stores = build_cache.KeptStores()
    site = _site(tmp_path / "site")
    _build(site, site / "public", cache=True, stores=stores)
    EDITS["a body"](site)
    read: list[str] = []
    real = build_cache.read_store

    def reading(root: Path, name: str) -> dict:
        if build_cache.store_path(root, name).exists():  # (a shard with no entries has no file)
            read.append(name)
        return real(root, name)

    monkeypatch.setattr(build_cache, "read_store", reading)
    _build(site, site / "public", cache=True, stores=stores)
    assert [name for name in read if name.startswith(("loaded/", "bodies/", "related/"))] == []
    assert any(name.startswith("pages/") for name in read)  # the others, as in any build
    _build(site, tmp_path / "clean", cache=False)
    assert differences(snapshot(site / "public"), snapshot(tmp_path / "clean")) == []


def _record_calls(monkeypatch, owner: object, name: str, note: Callable) -> list:
    """From now on, `note(*args)` of every call of `owner.name` (serial builds: jobs=1)."""
    calls: list = []
    original = getattr(owner, name)

    def recording(*args, **kwargs):
        calls.append(note(*args, **kwargs))
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, recording)
    return calls


def _count_markdown(monkeypatch) -> list[str]:
    """The source of every body the build converts from Markdown."""
    return _record_calls(monkeypatch, generator.pipeline, "render_body", lambda body, *_: body.source)


def _count_renders(monkeypatch) -> list[str]:
    """The path of every page the build renders with its template."""
    return _record_calls(monkeypatch, jinja2.Template, "render", lambda template, context: context["page_path"])


def _calls_after(site: Path, change: Callable[[Path], object], start_counting: Callable[[], list]) -> list:
    """What `start_counting` counts in a cached build after `change`, made once the site was built."""
    _build(site, site / "public", cache=True)
    counted = start_counting()
    change(site)
    _build(site, site / "public", cache=True)
    return counted


def _renders_after(site: Path, change: Callable[[Path], object], monkeypatch) -> list[str]:
    """The pages a cached build renders after `change`."""
    return _calls_after(site, change, lambda: _count_renders(monkeypatch))


def _pages(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*.html")}


def test_only_the_edited_body_is_converted_again(tmp_path, monkeypatch):
    converted = _calls_after(_site(tmp_path / "site"), EDITS["a body"], lambda: _count_markdown(monkeypatch))
    assert converted == ["content/articles/toa-dam.md"]


def _keyed_after(site: Path, change: Callable[[Path], object], monkeypatch) -> list[str]:
    """The pages whose key a cached build makes after `change`: the others were settled (`PageCache.settled`)."""
    return _calls_after(site, change, lambda: _record_calls(
        monkeypatch, generator.render, "page_key", lambda environment, template, context, fingerprints:
        context.get("page_path", "(what every page shows)")))


def test_after_an_edit_of_a_later_paragraph_no_other_page_is_even_keyed(tmp_path, monkeypatch):
    site = _site(tmp_path / "site")
    keyed = _keyed_after(site, EDITS["a later paragraph"], monkeypatch)
    assert sorted(keyed) == ["(what every page shows)", "articles/khai-mac.html", "search/index.html"]
    _build(site, tmp_path / "clean", cache=False)
    assert differences(snapshot(site / "public"), snapshot(tmp_path / "clean")) == []


@pytest.mark.parametrize("edit", ["a body", "the campaign summary", "a title shown by other pages"])
def test_an_edit_that_shows_on_other_pages_keys_every_page(tmp_path, monkeypatch, edit):
    # a first paragraph is every listing's teaser; a campaign's text and an article's title are on many pages
    site = _site(tmp_path / "site")
    keyed = _keyed_after(site, EDITS[edit], monkeypatch)
    assert {"index.html", "pages/gioi-thieu.html", "404.html"} <= set(keyed)


def test_settled_pages_follow_the_clock(tmp_path):
    # a campaign without activities starts the day after: its status changes with the clock, "upcoming" does not
    site = _site(tmp_path / "site")
    start = EXAMPLE_NOW.date() + timedelta(days=1)
    write_files(site, {"content/campaigns/tuan-le.yaml": (
        f"title: Tuần lễ học tập\nstart: {start}\nend: {start + timedelta(days=6)}\nsummary: Sắp diễn ra.\n")})
    build(site, site / "public", BuildOptions(now=EXAMPLE_NOW, cache=True))
    status_before = (site / "public/campaigns/tuan-le/index.html").read_text(encoding="utf-8")
    EDITS["a later paragraph"](site)
    later = datetime.fromtimestamp(load_site_next_change(site) + 3600, tz=EXAMPLE_NOW.tzinfo)
    build(site, site / "public", BuildOptions(now=later, cache=True))
    build(site, tmp_path / "clean", BuildOptions(now=later))
    assert differences(snapshot(site / "public"), snapshot(tmp_path / "clean")) == []
    assert (site / "public/campaigns/tuan-le/index.html").read_text(encoding="utf-8") != status_before


def load_site_next_change(site: Path) -> float:
    loaded = generator.pipeline.load_site(site, BuildOptions(now=EXAMPLE_NOW), Report())
    assert loaded is not None
    return loaded.next_change.timestamp()


def test_bodies_linking_to_a_moved_article_are_converted_again(tmp_path, monkeypatch):
    site = _site(tmp_path / "site")
    converted = _calls_after(site, EDITS["the slug of a linked article"], lambda: _count_markdown(monkeypatch))
    assert sorted(converted) == ["content/articles/khai-mac.md", "content/articles/toa-dam.md"]
    assert 'href="toa-dam-moi.html"' in (site / "public/articles/khai-mac.html").read_text(encoding="utf-8")


def test_a_cached_body_reports_a_link_broken_since(tmp_path):
    site = _site(tmp_path / "site")
    _build(site, site / "public", cache=True)
    (site / "content/media/tai-lieu.pdf").unlink()
    with pytest.raises(BuildError) as caught:
        _build(site, site / "public", cache=True)
    [error] = caught.value.errors
    assert (error.path, error.code) == ("content/articles/be-mac.md", "broken_link")


def test_without_the_option_nothing_is_kept(tmp_path):
    site = _site(tmp_path / "site")
    _build(site, site / "public", cache=False)
    for kept in (BODY_STORE, TEMPLATE_CACHE):
        assert not (site / build_cache.CACHE_FOLDER / kept).exists()


@pytest.mark.parametrize("damage", ["garbage", "truncated", "other code"])
def test_a_damaged_or_foreign_store_is_ignored(tmp_path, monkeypatch, damage):
    site = _site(tmp_path / "site")
    _build(site, tmp_path / "clean", cache=False)
    _build(site, site / "public", cache=True)
    shards = sorted((site / build_cache.CACHE_FOLDER / BODY_STORE).iterdir())
    assert len(shards) > 1  # the five bodies are kept in more than one file
    for store in shards:
        if damage == "garbage":
            store.write_bytes(b"not a pickle")
        elif damage == "truncated":
            store.write_bytes(store.read_bytes()[:100])
        else:  # a store written by another version of Loa, whose renderings may differ
            version, data = pickle.loads(store.read_bytes())
            poisoned = {key: type(body)(**{**body.__dict__, "html": "<p>stale</p>"}) for key, body in data.items()}
            store.write_bytes(pickle.dumps(("another version", poisoned)))
    converted = _count_markdown(monkeypatch)
    (site / "public").rename(tmp_path / "first")
    _build(site, site / "public", cache=True)
    assert len(converted) == 5  # three articles, a page, a campaign summary
    assert differences(snapshot(site / "public"), snapshot(tmp_path / "clean")) == []


def test_an_unchanged_site_renders_no_page(tmp_path, monkeypatch):
    assert _renders_after(_site(tmp_path / "site"), EDITS["nothing"], monkeypatch) == []


def test_a_title_edit_renders_only_the_pages_that_show_the_title(tmp_path, monkeypatch):
    """Not every page that shows the article's category: a category carries its articles, but a page's
    key holds them only if its template reads them."""
    site = write_files(tmp_path / "site", {"site.yaml": MINIMAL_CONFIG, **{
        f"content/articles/bai-{n}.md": article(f"Bài {n}", date=f"2021-10-0{n} 08:00", category="Tin tức")
        for n in range(1, 8)}})
    rendered = _renders_after(site, lambda site: _edit(site, "content/articles/bai-1.md", "title: Bài 1",
                                                       "title: Bài đầu tiên"), monkeypatch)
    assert {"articles/bai-1.html", "articles/bai-2.html", "index.html", "categories/tin-tuc/index.html"} <= set(rendered)
    # the newest five show the category, but not the oldest article: not as related, nor as a neighbour
    assert {f"articles/bai-{n}.html" for n in range(3, 8)}.isdisjoint(rendered)


@pytest.mark.parametrize("reads", ["category.articles", "category['articles']", "category|attr('articles')",
                                   "[category]|map(attribute='articles')|first"])
def test_a_template_that_reads_a_terms_articles_is_rendered_again_when_they_change(tmp_path, reads):
    site = write_files(tmp_path / "site", {"site.yaml": MINIMAL_CONFIG, **{
        f"content/articles/bai-{n}.md": article(f"Bài {n}", date=f"2021-10-0{n} 08:00", category="Tin tức")
        for n in range(1, 8)},
        "templates/article.html": '{% extends "base.html" %}{% block content %}<h1>{{ article.title }}</h1>'
                                  f'{{% for a in {reads} %}}<p>{{{{ a.title }}}}</p>{{% endfor %}}'
                                  '<p>{{ category }}</p>{% endblock %}\n'})
    _build(site, site / "public", cache=True)
    _edit(site, "content/articles/bai-1.md", "title: Bài 1", "title: Bài đầu tiên")
    _build(site, site / "public", cache=True)
    _build(site, tmp_path / "clean", cache=False)
    assert "Bài đầu tiên" in (site / "public/articles/bai-7.html").read_text(encoding="utf-8")
    assert differences(snapshot(site / "public"), snapshot(tmp_path / "clean")) == []


def test_a_body_edit_renders_only_the_pages_that_show_it(tmp_path, monkeypatch):
    site = _site(tmp_path / "site")
    rendered = _renders_after(site, lambda site: _edit(site, "content/articles/be-mac.md", "Bế mạc <b>tuần lễ</b>.",
                                                       "Bế mạc <b>tuần lễ</b> học tập."), monkeypatch)
    assert "articles/be-mac.html" in rendered  # its text
    assert "index.html" in rendered  # its summary, from the first paragraph
    assert {"articles/khai-mac.html", "pages/gioi-thieu.html", "404.html"}.isdisjoint(rendered)
    assert len(rendered) < len(_pages(site / "public")) / 2


def test_a_template_edit_renders_every_page(tmp_path, monkeypatch):
    site = _site(tmp_path / "site")
    assert set(_renders_after(site, EDITS["a template"], monkeypatch)) == _pages(site / "public")


def test_a_page_changed_in_the_output_folder_is_rendered_again(tmp_path, monkeypatch):
    site = _site(tmp_path / "site")
    _build(site, site / "public", cache=True)
    (site / "public/pages/gioi-thieu.html").write_text("sửa tay", encoding="utf-8")
    (site / "public/articles/toa-dam.html").unlink()
    rendered = _count_renders(monkeypatch)
    _build(site, site / "public", cache=True)
    assert sorted(rendered) == ["articles/toa-dam.html", "pages/gioi-thieu.html"]
    assert "Giới thiệu" in (site / "public/pages/gioi-thieu.html").read_text(encoding="utf-8")


def test_each_output_folder_has_its_own_record(tmp_path, monkeypatch):
    site = _site(tmp_path / "site")
    _build(site, site / "public", cache=True)
    _build(site, tmp_path / "other", cache=True)
    rendered = _count_renders(monkeypatch)
    _build(site, site / "public", cache=True)
    _build(site, tmp_path / "other", cache=True)
    assert rendered == []


MISTAKES: dict[str, Callable[[Path], None]] = {
    "YAML syntax": lambda site: _edit(site, "content/articles/toa-dam.md", "category: Tin tức", "category: [Tin tức"),
    "a missing cover": lambda site: _edit(site, "content/articles/toa-dam.md", "category: Tin tức",
                                          "category: Tin tức\nimage: ../media/khong-co.jpg"),
    "a broken link": lambda site: _edit(site, "content/articles/khai-mac.md", "toa-dam.md", "khong-co.md"),
    # the article is as it was: only what its front matter names is gone
    "a cover photo deleted": lambda site: (site / "content/media/bia.jpg").unlink(),
    "a cover photo renamed": lambda site: (site / "content/media/bia.jpg").rename(site / "content/media/bia-2.jpg"),
    "a cover photo replaced by a folder": lambda site: (site / "content/media/bia.jpg").unlink()
    or (site / "content/media/bia.jpg").mkdir(),
}


@pytest.mark.parametrize("mistake", MISTAKES, ids=list(MISTAKES))
def test_a_mistake_made_after_a_build_is_reported_as_by_a_clean_build(tmp_path, mistake):
    site = _site(tmp_path / "site")
    _build(site, site / "public", cache=True)
    before = snapshot(site / "public")
    MISTAKES[mistake](site)
    errors = {}
    for cache, out in ((True, site / "public"), (False, tmp_path / "clean")):
        with pytest.raises(BuildError) as caught:
            _build(site, out, cache=cache)
        errors[cache] = [problem.format("en") for problem in caught.value.errors]
    assert errors[True] == errors[False] and errors[True]
    assert differences(snapshot(site / "public"), before) == []  # the site stays as it was


def _count_field_parsing(monkeypatch) -> list[str]:
    """The file of every block of fields the build parses (front matter, a campaign's activities)."""
    return _record_calls(monkeypatch, generator.load, "_parse_fields", lambda *args, **_: args[6])


def _count_reads(monkeypatch) -> list[str]:
    """Every content file a cached build reads."""
    return _record_calls(monkeypatch, load_cache, "read_text", lambda path: path.name)


def test_an_unchanged_site_reads_no_content_file_again(tmp_path, monkeypatch):
    site = _site(tmp_path / "site")
    _build(site, site / "public", cache=True)
    parsed, read = _count_field_parsing(monkeypatch), _count_reads(monkeypatch)
    _build(site, site / "public", cache=True)
    assert (parsed, read) == ([], [])


@pytest.mark.parametrize("edit", ["a body", "a title shown by other pages"])
def test_only_the_edited_article_is_parsed_again(tmp_path, monkeypatch, edit):
    parsed = _calls_after(_site(tmp_path / "site"), EDITS[edit], lambda: _count_field_parsing(monkeypatch))
    assert parsed == ["content/articles/toa-dam.md"]


def test_a_new_time_zone_parses_every_file_again(tmp_path, monkeypatch):
    parsed = _calls_after(_site(tmp_path / "site"), EDITS["the time zone"], lambda: _count_field_parsing(monkeypatch))
    assert sorted(set(parsed)) == ["content/articles/be-mac.md", "content/articles/khai-mac.md",
                                   "content/articles/toa-dam.md", "content/campaigns/tuan-le.yaml",
                                   "content/pages/gioi-thieu.md"]


@pytest.mark.parametrize("text", ["suốt đời!", "suốt đời, mãi mãi."], ids=["same size", "longer"])
def test_an_edit_that_puts_the_old_mtime_back_is_seen(tmp_path, monkeypatch, text):
    """Tools that keep file times (an unpacked archive, `cp -p`) write new text under an old mtime."""
    site = _site(tmp_path / "site")
    _build(site, site / "public", cache=True)
    source = site / "content/articles/toa-dam.md"
    before = source.stat()
    _edit(site, "content/articles/toa-dam.md", "suốt đời.", text)
    os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))
    parsed = _count_field_parsing(monkeypatch)
    _build(site, site / "public", cache=True)
    assert parsed == ["content/articles/toa-dam.md"]
    assert text in (site / "public/articles/toa-dam.html").read_text(encoding="utf-8")


def test_an_edit_rewrites_one_file_of_the_load_store(tmp_path, monkeypatch):
    """The entries of a file, by its times and by its text, old and new, are kept together."""
    written = _calls_after(_site(tmp_path / "site"), EDITS["a body"], lambda: _record_calls(
        monkeypatch, build_cache, "write_store", lambda site_root, name, data: name))
    assert len([name for name in written if name.startswith(load_cache.LOAD_STORE + "/")]) == 1


def test_a_file_changed_just_before_a_build_is_known_by_its_text(tmp_path, monkeypatch):
    """Its times may not change with a second write in the same tick of the file system's clock."""
    monkeypatch.setattr(load_cache, "RACY_SECONDS", 3600)  # every file of this site is that fresh
    site = _site(tmp_path / "site")
    _build(site, site / "public", cache=True)
    parsed, read = _count_field_parsing(monkeypatch), _count_reads(monkeypatch)
    _build(site, site / "public", cache=True)
    assert parsed == [] and sorted(read) == ["be-mac.md", "gioi-thieu.md", "khai-mac.md", "toa-dam.md", "tuan-le.yaml"]


def test_a_copied_site_reads_its_files_but_parses_none(tmp_path, monkeypatch):
    """As in a fresh checkout with the last build's .loa-cache/: every file has new times, few new text."""
    site = _site(tmp_path / "site")
    _build(site, site / "public", cache=True)
    shutil.copytree(site, tmp_path / "copy", symlinks=True)
    EDITS["a body"](tmp_path / "copy")
    parsed, read = _count_field_parsing(monkeypatch), _count_reads(monkeypatch)
    _build(tmp_path / "copy", tmp_path / "copy/public", cache=True)
    assert parsed == ["content/articles/toa-dam.md"] and len(read) == 5
    _build(tmp_path / "copy", tmp_path / "clean", cache=False)
    assert differences(snapshot(tmp_path / "copy/public"), snapshot(tmp_path / "clean")) == []


def test_a_kept_article_is_what_a_fresh_load_makes(tmp_path, monkeypatch):
    site = _site(tmp_path / "site")
    write_files(site, {"content/articles/anh.md": article("Ảnh", date="2021-10-04 08:00", image="../media/bia.jpg",
                                                          gallery="[../media/anh.jpg, {src: ../media/bia.jpg, "
                                                                  "caption: Bìa}]", draft="true")})
    config = load_config(site, Report())
    cache = load_cache.LoadCache.load(site)
    load_content(config, Report(), EXAMPLE_NOW, cache=cache)
    cache.save(site)
    parsed = _count_field_parsing(monkeypatch)
    kept = load_content(config, Report(), EXAMPLE_NOW, cache=load_cache.LoadCache.load(site))
    assert parsed == []
    fresh = load_content(config, Report(), EXAMPLE_NOW)
    assert kept == fresh and kept.held[0].gallery[1].caption == "Bìa"
    everything = kept.articles + kept.held + kept.pages + kept.campaigns
    assert [item.lines for item in everything] == [
        item.lines for item in fresh.articles + fresh.held + fresh.pages + fresh.campaigns]


def test_the_record_of_a_removed_output_folder_is_deleted(tmp_path):
    site = _site(tmp_path / "site")
    _build(site, tmp_path / "preview", cache=True)
    _build(site, site / "public", cache=True)
    records = site / ".loa-cache" / "pages"
    assert len(list(records.iterdir())) == 2
    shutil.rmtree(tmp_path / "preview")  # as `serve` does with its temporary folder when it stops
    _build(site, site / "public", cache=True)
    assert [p.name for p in records.iterdir()] == [f"{store_name((site / 'public').resolve()).split('/')[1]}.pickle"]


def test_every_page_of_the_example_site_is_kept_when_nothing_changed(tmp_path, monkeypatch):
    """Every kind of page (campaign hubs, calendar, archive, search, 404) can be keyed."""
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(REPO / "site.yaml", site / "site.yaml")
    shutil.copytree(REPO / "content", site / "content")
    assert _renders_after(site, EDITS["nothing"], monkeypatch) == []


def test_a_replaced_photo_renders_only_the_pages_that_draw_it(tmp_path, monkeypatch):
    site = _site(tmp_path / "site")
    rendered = _renders_after(site, EDITS["a cover photo replaced"], monkeypatch)
    assert rendered and "pages/gioi-thieu.html" not in rendered
    for page in rendered:  # the cover is drawn by the templates (teasers, the article's own page)
        assert "media/bia" in (site / "public" / page).read_text(encoding="utf-8"), page


def test_a_new_article_with_a_new_photo_leaves_most_pages_be(tmp_path, monkeypatch):
    rendered = _renders_after(_site(tmp_path / "site"), lambda site: write_files(site, {
        "content/media/moi.jpg": encoded(noise_image((90, 60), seed=9), "JPEG"),
        "content/articles/moi.md": article("Bài mới", date="2021-10-05 10:00", category="Sự kiện",
                                           image="../media/moi.jpg", body="Bài mới có ảnh."),
    }), monkeypatch)
    assert "articles/moi.html" in rendered
    assert {"pages/gioi-thieu.html", "404.html", "articles/khai-mac.html"}.isdisjoint(rendered), sorted(rendered)


def test_a_template_asking_whether_a_page_is_built_sees_it_appear(tmp_path, monkeypatch):
    site = _site(tmp_path / "site")
    write_files(site, {"templates/404.html": (
        '{% extends "base.html" %}{% block content %}<h1>{{ ui.not_found }}</h1>'
        '{% if "pages/lien-he.html" in built %}<a href="{{ url("pages/lien-he.html") }}">Liên hệ</a>{% endif %}'
        '{% endblock %}\n')})
    _build(site, site / "public", cache=True)
    assert "Liên hệ" not in (site / "public/404.html").read_text(encoding="utf-8")
    rendered = _count_renders(monkeypatch)
    write_files(site, {"content/pages/lien-he.md": "---\ntitle: Liên hệ\n---\nĐiện thoại.\n"})
    _build(site, site / "public", cache=True)
    assert "404.html" in rendered and "articles/khai-mac.html" not in rendered
    _build(site, tmp_path / "clean", cache=False)
    assert differences(snapshot(site / "public"), snapshot(tmp_path / "clean")) == []
    assert "Liên hệ" in (site / "public/404.html").read_text(encoding="utf-8")


def _early_build(site: Path, paths: set[str]) -> list[tuple[dict[str, bytes], dict[str, bytes]]]:
    """A cached build of `site` with `paths` open in a preview: what it showed early, each time with
    the files the output folder then had at those paths."""
    out = site / "public"
    shown: list[tuple[dict[str, bytes], dict[str, bytes]]] = []
    build(site, out, BuildOptions(now=EXAMPLE_NOW, cache=True), early=EarlyPages(
        lambda: frozenset(paths), lambda pages: shown.append((pages, {p: (out / p).read_bytes() for p in pages}))))
    return shown


def test_the_open_pages_an_edit_changes_are_shown_before_the_site_is_written(tmp_path):
    site = _site(tmp_path / "site")
    _build(site, site / "public", cache=True)
    open_pages = {"articles/toa-dam.html", "index.html", "pages/gioi-thieu.html", "articles/be-mac.html",
                  "articles/no-such-page.html"}
    before = {path: (site / "public" / path).read_bytes() for path in open_pages - {"articles/no-such-page.html"}}
    EDITS["a body"](site)
    shown = _early_build(site, open_pages)
    after = {path: (site / "public" / path).read_bytes() for path in before}
    changed = {path for path in before if after[path] != before[path]}
    assert "articles/toa-dam.html" in changed and "pages/gioi-thieu.html" not in changed
    assert len(shown) == 1
    pages, on_disk_then = shown[0]
    assert set(pages) == changed  # only what changed, as the build then wrote it
    assert pages == {path: after[path] for path in changed}
    assert on_disk_then == {path: before[path] for path in changed}  # shown before anything was written


@pytest.mark.parametrize("case", ["first build", "nothing changed", "an error", "a theme asset"])
def test_nothing_is_shown_early_when_it_would_not_be_the_site_to_come(tmp_path, case):
    site = _site(tmp_path / "site")
    open_pages = {"articles/toa-dam.html", "index.html"}
    if case != "first build":
        _build(site, site / "public", cache=True)
    if case == "an error":
        _edit(site, "content/articles/toa-dam.md", "title: Tọa đàm", "title: Tọa đàm\nimage: ../media/khong-co.jpg")
        with pytest.raises(BuildError):
            _early_build(site, open_pages)
        return
    if case == "a theme asset":  # pages would link to a stylesheet the output folder does not have yet
        style = (DEFAULT_THEME / "assets/style.css").read_text(encoding="utf-8")
        write_files(site, {"templates/assets/style.css": style + "\nbody { margin: 0; }\n"})
        EDITS["a body"](site)
    assert _early_build(site, open_pages) == []


def _count_compiled(monkeypatch) -> list[str]:
    """The name of every template the build compiles from its text."""
    return _record_calls(monkeypatch, jinja2.Environment, "compile", lambda env, source, name=None, *_: name)


def test_templates_compiled_by_a_build_are_not_compiled_again(tmp_path, monkeypatch):
    site = _site(tmp_path / "site")
    compiled = _calls_after(site, EDITS["a body"], lambda: _count_compiled(monkeypatch))
    assert compiled == []
    page = "{% extends \"base.html\" %}{% block content %}<h1>{{ article.title }}</h1>{% endblock %}\n"
    compiled = _calls_after(site, lambda site: write_files(site, {"templates/article.html": page}),
                            lambda: _count_compiled(monkeypatch))
    assert compiled == ["article.html"]
    assert "<h1>Tọa đàm</h1>" in (site / "public/articles/toa-dam.html").read_text(encoding="utf-8")


def test_a_template_cache_that_cannot_be_written_costs_only_time(tmp_path):
    site = _site(tmp_path / "site")
    write_files(site, {f"{build_cache.CACHE_FOLDER}/{TEMPLATE_CACHE}": "a file where the folder goes"})
    _build(site, site / "public", cache=True)
    _build(site, tmp_path / "clean", cache=False)
    assert differences(snapshot(site / "public"), snapshot(tmp_path / "clean")) == []
