"""build_cache.py: stores kept between builds, in shards so that an edit rewrites little."""

from __future__ import annotations

import hashlib
import pickle

from generator import build_cache
from generator.build_cache import SHARDS, Store, shard_of


def key(n: int) -> str:
    return hashlib.blake2b(str(n).encode(), digest_size=16).hexdigest()


def shard_files(site) -> dict[str, int]:
    """Each shard file of the store "things", with its inode: a shard is rewritten as a new file."""
    folder = site / build_cache.CACHE_FOLDER / "things"
    return {p.name: p.stat().st_ino for p in folder.iterdir()} if folder.is_dir() else {}


def saved(site, entries: dict, reuse: bool = False) -> Store:
    """Keep `entries` as a build does (an entry equal to the one read is kept as that object), and save."""
    store = Store.load(site, "things") if reuse else Store({})
    for k, v in entries.items():
        store.keep(k, store.find(k) if store.find(k) == v else v)
    store.save(site, "things")
    return store


def test_a_store_reads_back_whole_from_its_shards(tmp_path):
    entries = {key(n): f"value {n}" for n in range(200)}
    saved(tmp_path, entries)
    assert len(shard_files(tmp_path)) == SHARDS  # 200 keys fill every shard
    assert Store.load(tmp_path, "things").earlier == entries


def test_saving_rewrites_only_the_shards_whose_entries_changed(tmp_path):
    entries = {key(n): f"value {n}" for n in range(200)}
    first = saved(tmp_path, entries)
    before = shard_files(tmp_path)
    edited, removed = key(7), key(8)
    entries[edited] = "edited"
    del entries[removed]
    again = saved(tmp_path, entries, reuse=True)
    after = shard_files(tmp_path)
    rewritten = {name for name in after if after[name] != before[name]}
    assert rewritten == {f"{shard_of(edited):02x}.pickle", f"{shard_of(removed):02x}.pickle"}
    assert again.changed and first.changed
    assert Store.load(tmp_path, "things").earlier == entries


def test_an_unchanged_store_writes_nothing(tmp_path):
    entries = {key(n): n for n in range(50)}
    saved(tmp_path, entries)
    before = shard_files(tmp_path)
    same = saved(tmp_path, entries, reuse=True)
    assert not same.changed and shard_files(tmp_path) == before


def test_a_shard_of_other_code_or_damaged_reads_as_empty(tmp_path):
    entries = {key(n): n for n in range(100)}
    saved(tmp_path, entries)
    folder = tmp_path / build_cache.CACHE_FOLDER / "things"
    foreign, damaged, *_ = sorted(folder.iterdir())
    foreign.write_bytes(pickle.dumps(("another version", {key(1000): "stale"})))
    damaged.write_bytes(b"\x80 not a pickle")
    lost = {k for k in entries if shard_of(k) in (int(foreign.stem, 16), int(damaged.stem, 16))}
    assert lost and Store.load(tmp_path, "things").earlier == {k: v for k, v in entries.items() if k not in lost}


def test_the_store_of_a_single_file_left_by_older_loa_is_deleted(tmp_path):
    old = build_cache.store_path(tmp_path, "things")
    old.parent.mkdir(parents=True)
    old.write_bytes(b"old")
    saved(tmp_path, {key(1): 1})
    assert not old.exists()


def _unpickled(monkeypatch) -> list[int]:
    """Counts the store files read from disk from now on."""
    reads: list[int] = []
    real = pickle.load

    def counting(file):
        reads.append(1)
        return real(file)

    monkeypatch.setattr(build_cache.pickle, "load", counting)
    return reads


def test_kept_stores_read_each_file_once_in_a_process_and_again_once_another_writes_it(tmp_path, monkeypatch):
    entries = {key(n): f"value {n}" for n in range(200)}
    kept = build_cache.KeptStores()
    store = Store({})
    for k, v in entries.items():
        store.keep(k, v)
    store.save(tmp_path, "things", kept)
    reads = _unpickled(monkeypatch)
    assert Store.load(tmp_path, "things", kept).earlier == entries and reads == []  # what it wrote
    assert Store.load(tmp_path, "things", kept).earlier == entries and reads == []
    # another process (a `build.py build` beside the preview) rewrites one shard
    changed = {**entries, key(1): "changed"}
    saved(tmp_path, changed, reuse=True)
    reads.clear()
    assert Store.load(tmp_path, "things", kept).earlier == changed and len(reads) == 1  # the shard rewritten
    reads.clear()
    assert Store.load(tmp_path, "things", kept).earlier == changed and reads == []


def test_kept_stores_forget_nothing_they_could_not_write(tmp_path, monkeypatch):
    kept = build_cache.KeptStores()
    store = Store({})
    store.keep(key(1), "one")
    monkeypatch.setattr(build_cache, "write_store", lambda *args: False)  # a read-only site folder
    store.save(tmp_path, "things", kept)
    assert Store.load(tmp_path, "things", kept).earlier == {}
