"""What the preview watches and rebuilds, where it builds, and that it never serves a half-built site."""

from __future__ import annotations

import re
import threading
import time
import urllib.error
import urllib.request

import pytest
from conftest import EXAMPLE_NOW, article
from livesite import Preview

from generator.render import DEFAULT_THEME
from generator.watcher import Debouncer, SourceWatcher, is_temporary

BUILT = r"^\d\d:\d\d:\d\d Built \d+ pages"


@pytest.mark.parametrize("name, temporary", [
    ("bai-viet.md", False), ("site.yaml", False), ("anh.jpg", False),
    (".bai-viet.md.swp", True), (".bai-viet.md.swx", True), ("bai-viet.md~", True), ("4913", True),
    (".#bai-viet.md", True), ("#bai-viet.md#", True), (".DS_Store", True), ("bai-viet.md.tmp", True),
])
def test_editors_temporary_files_are_recognised(name, temporary):
    assert is_temporary(name) is temporary


def test_only_sources_count(tmp_path):
    site = tmp_path / "site"
    watcher = SourceWatcher(site, site / "public", lambda paths: None)
    sources = ["site.yaml", "content/articles/2021/a.md", "content/media/anh.jpg", "content/campaigns/x.yaml",
               "templates/base.html", "templates/assets/style.css", "content"]
    others = ["public/index.html", "public", ".public.new-abc/index.html", "README.md", ".git/index",
              "content/articles/.a.md.swp", "content/articles/a.md~", "content/articles/4913",
              "content/.hidden/a.md", "templates/.#base.html", "bench/out/x.html"]
    assert [p for p in sources if not watcher.is_source(str(site / p))] == []
    assert [p for p in others if watcher.is_source(str(site / p))] == []
    assert watcher.is_source(str(DEFAULT_THEME / "article.html"))
    assert not watcher.is_source(str(tmp_path / "elsewhere.md"))


def test_an_output_folder_inside_content_is_ignored(tmp_path):
    site = tmp_path / "site"
    watcher = SourceWatcher(site, site / "content/preview", lambda paths: None)
    assert not watcher.is_source(str(site / "content/preview/index.html"))
    assert watcher.is_source(str(site / "content/articles/a.md"))


def test_a_burst_of_changes_gives_one_rebuild():
    runs: list[frozenset[str]] = []
    debouncer = Debouncer(runs.append, delay=0.5)
    loop = threading.Thread(target=debouncer.run)
    loop.start()
    try:
        for number in range(10):  # an editor saving ten files at once
            debouncer.notify([f"content/articles/{number}.md"])
        deadline = time.monotonic() + 30
        while not runs and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(1.0)  # long enough for a second, wrong, run to show up
        assert runs == [frozenset(f"content/articles/{number}.md" for number in range(10))]
        debouncer.notify(["site.yaml"])  # a later change is a new burst, of its own paths
        deadline = time.monotonic() + 30
        while len(runs) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert runs[1:] == [frozenset({"site.yaml"})]
    finally:
        debouncer.stop()
        loop.join(timeout=10)
    assert not loop.is_alive()


def test_the_preview_builds_into_a_temporary_folder_and_removes_it(make_site):
    site = make_site({"content/articles/a.md": article("Bài a")})
    with Preview(site) as preview:
        out = re.search(r"\(built into (.+)\)", preview.output[-1]).group(1)
        assert (site / "public").exists() is False
        from pathlib import Path
        out_dir = Path(out)
        assert (out_dir / "articles/a.html").is_file()
        assert not out_dir.is_relative_to(site)
        (site / "content/articles/a.md").write_text(article("Bài a, sửa"), encoding="utf-8")
        preview.wait_for(r"1 changed|\d+ changed")
        assert len(list((site / ".loa-cache/spare").iterdir())) == 1  # the site the rebuild replaced
    assert preview.process.returncode == 0
    assert not out_dir.exists() and not out_dir.parent.exists()
    assert not (site / "public").exists()
    assert list((site / ".loa-cache/spare").iterdir()) == []  # nor a spare of it


def test_temporary_files_and_the_output_folder_cause_no_rebuild(make_site, tmp_path):
    site = make_site({"content/articles/a.md": article("Bài a")})
    out = site / "public"  # a preview into the site's own folder: its writes must not loop
    with Preview(site, "--out", str(out)) as preview:
        builds = preview.count(BUILT)
        for name in (".a.md.swp", "a.md~", "4913", ".#a.md", "#a.md#"):
            (site / "content/articles" / name).write_text("x", encoding="utf-8")
        (site / "README.md").write_text("not a source", encoding="utf-8")
        (out / "extra.html").write_text("x", encoding="utf-8")
        time.sleep(1.0)  # what these would trigger has started by now: debounce is 0.05 s
        (site / "content/articles/a.md").write_text(article("Bài a, sửa"), encoding="utf-8")
        preview.wait_for(BUILT)
        time.sleep(1.0)
        (site / "content/articles/a.md").write_text(article("Bài a, sửa lần hai"), encoding="utf-8")
        preview.wait_for(BUILT)
        assert preview.count(BUILT) == builds + 2  # the two real edits, nothing else


def test_a_new_templates_folder_is_watched(make_site):
    site = make_site({"content/articles/a.md": article("Bài a")})
    with Preview(site) as preview:
        (site / "templates/partials").mkdir(parents=True)
        preview.wait_for(BUILT)
        (site / "templates/partials/teaser.html").write_text("<p class=mine>{{ item.article.title }}</p>\n",
                                                             encoding="utf-8")
        deadline = time.monotonic() + 60
        while b"<p class=mine>" not in urllib.request.urlopen(preview.url, timeout=30).read():
            assert time.monotonic() < deadline, preview.output
            time.sleep(0.2)


def test_pages_are_never_missing_nor_half_written_during_rebuilds(make_site):
    site = make_site({f"content/articles/a{n}.md": article(f"Bài {n}", body="Đoạn văn. " * 400)
                      for n in range(30)})
    with Preview(site) as preview:
        stop = threading.Event()
        problems: list[str] = []
        fetched = [0]
        index = urllib.request.urlopen(preview.url + "index.html", timeout=60).read().decode("utf-8")
        style = re.search(r'href="(assets/style\.[0-9a-f]+\.css)"', index)[1]  # named by its content's hash

        def fetch_all_the_time() -> None:
            while not stop.is_set():
                for path in ("index.html", "articles/a7.html", style):
                    try:
                        body = urllib.request.urlopen(preview.url + path, timeout=60).read()
                    except urllib.error.HTTPError as exc:
                        problems.append(f"{path}: {exc.code}")
                        continue
                    fetched[0] += 1
                    if path.endswith(".html") and not body.rstrip().endswith(b"</html>"):
                        problems.append(f"{path}: cut short")

        readers = [threading.Thread(target=fetch_all_the_time) for _ in range(4)]
        for reader in readers:
            reader.start()
        for round_ in range(6):
            (site / "content/articles/a3.md").write_text(article(f"Bài 3, lần {round_}"), encoding="utf-8")
            preview.wait_for(BUILT)
        stop.set()
        for reader in readers:
            reader.join(timeout=120)
        assert problems == []
        assert fetched[0] > 0


def test_a_request_during_the_swap_waits_for_the_new_folder(tmp_path):
    """Between moving the old output aside and moving the new one in, the folder is missing for a moment."""
    from generator.server import LiveServer, LiveState

    out = tmp_path / "out"
    state = LiveState()
    state.start_build()  # a build is running and its swap has begun: no folder at all
    server = LiveServer(("127.0.0.1", 0), out, state, "en")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    answer: list[bytes] = []
    try:
        asking = threading.Thread(target=lambda: answer.append(urllib.request.urlopen(
            f"http://127.0.0.1:{server.server_address[1]}/index.html", timeout=60).read()))
        asking.start()
        time.sleep(0.5)
        assert answer == []  # it waits instead of answering 404
        out.mkdir()
        (out / "index.html").write_text("<html><body>mới</body></html>", encoding="utf-8")
        state.finish_build([])
        asking.join(timeout=60)
        assert answer and answer[0].startswith("<html><body>mới<script".encode())
    finally:
        server.shutdown()
        server.server_close()


def test_when_inotify_is_exhausted_the_watcher_polls(tmp_path, monkeypatch):
    from watchdog.observers.polling import PollingObserver

    site = tmp_path / "site"
    (site / "content/articles").mkdir(parents=True)
    changed = threading.Event()
    watcher = SourceWatcher(site, tmp_path / "out", lambda paths: changed.set())

    def refuse() -> None:
        raise OSError(28, "inotify watch limit reached")

    monkeypatch.setattr(watcher.observer, "start", refuse)
    watcher.start()
    try:
        assert isinstance(watcher.observer, PollingObserver)
        (site / "content/articles/a.md").write_text("x", encoding="utf-8")
        assert changed.wait(timeout=60)
    finally:
        watcher.stop()


def test_only_edits_of_articles_pages_and_campaigns_are_text(tmp_path):
    site = tmp_path / "site"
    watcher = SourceWatcher(site, site / "public", lambda paths: None)
    text = ["content/articles/2021/a.md", "content/pages/b.md", "content/campaigns/c.yaml", "content/campaigns/d.yml"]
    assert watcher.only_text([str(site / p) for p in text])
    for other in ("content/media/anh.jpg", "site.yaml", "templates/base.html", "content/assets/lich.js"):
        assert not watcher.only_text([str(site / text[0]), str(site / other)])
    assert not watcher.only_text([])  # the first build


def test_a_tab_reloads_when_its_page_changed_and_it_has_not_been_shown_so():
    from generator.errors import problem
    from generator.server import LiveState

    state = LiveState()
    before = state.version
    state.start_build()
    state.show_early({"a.html": "<p>sớm</p>".encode()})
    shown = state.version
    assert state.early_page("a.html") == "<p>sớm</p>".encode()
    assert state.wait_for_change(before, 0, "a.html")[2] is True
    assert state.wait_for_change(before, 0, "b.html")[2] is False  # its page did not change
    state.finish_build([], frozenset({"a.html"}))  # a.html was built as shown
    assert state.early_page("a.html") is None
    assert state.wait_for_change(shown, 0, "a.html")[2] is False
    assert state.wait_for_change(before, 0, "a.html")[2] is True  # this tab never saw it early
    assert state.wait_for_change(shown, 0, "b.html")[2] is True
    assert state.wait_for_change(state.version, 0, "b.html")[2] is False  # nothing new

    state.start_build()
    state.show_early({"a.html": "<p>sớm</p>".encode()})
    shown = state.version
    state.finish_build([problem("error", "content/articles/a.md", 2, "missing_key", key="title")],
                       frozenset({"a.html"}))
    assert state.wait_for_change(shown, 0, "a.html")[2] is True  # back to the last good site
    assert state.wait_for_change(shown, 0, "b.html")[2] is False  # shows the errors where it is


@pytest.mark.parametrize("only_text", [True, False], ids=["text edits", "a photo edited too"])
def test_a_page_shown_early_is_reloaded_again_unless_only_text_changed(make_site, tmp_path, monkeypatch, only_text):
    """After edits of articles only, a page shown early that the build wrote alike is final; after any other
    edit (a photo replaced under the same name, say) its tab reloads once more, for what the page links to."""
    from generator.pipeline import BuildOptions, build
    from generator.preview import _rebuild
    from generator.server import LiveState

    site = make_site({"content/articles/2021/a.md": article("Bài một", body="Cũ.")})
    out = tmp_path / "out"
    options = BuildOptions(now=EXAMPLE_NOW, cache=True)
    build(site, out, options)
    state = LiveState()
    monkeypatch.setattr(state, "watched", lambda: frozenset({"articles/a.html"}))
    (site / "content/articles/2021/a.md").write_text(article("Bài một", body="Mới."), encoding="utf-8")
    shown: list[int] = []
    monkeypatch.setattr(state, "show_early", lambda pages, show=state.show_early: (show(pages),
                                                                                    shown.append(state.version)))
    _rebuild(site, out, options, state, "en", None, only_text)
    assert shown, "the open page was not shown early"
    assert state.wait_for_change(shown[0], 0, "articles/a.html")[2] is not only_text


def test_the_watcher_passes_on_the_sources_an_event_changed(tmp_path):
    from watchdog.events import FileModifiedEvent, FileMovedEvent

    site = tmp_path / "site"
    changes: list[list[str]] = []
    watcher = SourceWatcher(site, site / "public", changes.append)
    article_path = str(site / "content/articles/a.md")
    watcher._on_event(FileMovedEvent(article_path, article_path + "~"))  # an editor keeping a backup
    watcher._on_event(FileModifiedEvent(str(site / "content/articles/.a.md.swp")))  # not a source: no call
    watcher._on_event(FileModifiedEvent(str(site / "site.yaml")))
    assert changes == [[article_path], [str(site / "site.yaml")]]


def test_a_page_counts_as_open_between_two_polls_of_its_tab(monkeypatch):
    """A build that starts as the last one ends finds the tabs between their answer and their next poll."""
    import generator.server
    from generator.server import WATCH_GRACE_SECONDS, LiveState

    clock = [1000.0]
    monkeypatch.setattr(generator.server.time, "monotonic", lambda: clock[0])
    state = LiveState()
    assert state.watched() == frozenset()
    waiting = threading.Thread(target=state.wait_for_change, args=(state.version, 30, "a.html"))
    waiting.start()
    deadline = time.time() + 30
    while state.watched() != {"a.html"} and time.time() < deadline:
        time.sleep(0.01)
    assert state.watched() == {"a.html"}  # its poll waits
    state.finish_build([])  # answered: the tab is about to poll again
    waiting.join(30)
    assert state.watched() == {"a.html"}
    clock[0] += WATCH_GRACE_SECONDS + 1  # a tab closed long ago
    assert state.watched() == frozenset()


def test_a_build_stops_for_a_newer_change_and_the_next_one_builds_it(make_site, tmp_path, monkeypatch):
    """An editor saving again while a big site builds: the running build stops at its next step, the
    output folder and the tabs stay as they were, and the next build (of every change) reloads them."""
    from generator.pipeline import BuildOptions, build
    from generator.preview import _rebuild
    from generator.server import LiveState

    site = make_site({"content/articles/2021/a.md": article("Bài một", body="Cũ.")})
    out = tmp_path / "out"
    options = BuildOptions(now=EXAMPLE_NOW, cache=True)
    build(site, out, options)
    before = (out / "articles/a.html").read_bytes()
    state = LiveState()
    version = state.version
    (site / "content/articles/2021/a.md").write_text(article("Bài một", body="Mới."), encoding="utf-8")
    steps: list[str] = []
    assert _rebuild(site, out, options, state, "en", None, superseded=lambda: not steps.append("asked")) is False
    assert steps == ["asked"]  # at the first step it reports
    assert (out / "articles/a.html").read_bytes() == before
    assert state.building and state.version == version  # no tab is told anything yet
    assert _rebuild(site, out, options, state, "en", None) is True
    assert "Mới." in (out / "articles/a.html").read_text(encoding="utf-8")
    assert not state.building and state.wait_for_change(version, 0, "articles/a.html")[2] is True


def test_the_debouncer_says_when_a_change_arrived_during_its_action():
    seen: list[bool] = []
    debouncer = Debouncer(lambda paths: (debouncer.notify(["b.md"]), seen.append(debouncer.pending())), delay=0.01)
    loop = threading.Thread(target=debouncer.run)
    assert not debouncer.pending()
    debouncer.notify(["a.md"])
    loop.start()
    try:
        deadline = time.monotonic() + 30
        while len(seen) < 2 and time.monotonic() < deadline:  # the change made during the first run runs next
            time.sleep(0.01)
        assert seen[:2] == [True, True]
    finally:
        debouncer.stop()
        loop.join(timeout=10)
