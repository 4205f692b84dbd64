"""The search index the build writes, and the folding it shares with search.js."""

from __future__ import annotations

import json
import pickle
import random
import re
import unicodedata
from collections import Counter
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from conftest import REPO, article
from generator import search_index
from generator.search_index import PostingsCache, SearchDoc, fold, make_tokenizer, term_shard, tokenize


def load_part(path) -> tuple[str, object]:
    """The name and data of one index script: `LoaSearch.part("name",{...});`."""
    match = re.fullmatch(r'LoaSearch\.part\("(\w+)",(.*)\);\n', path.read_text(encoding="utf-8"), re.S)
    assert match, path
    return match[1], json.loads(match[2])


def decode(gaps: str) -> list[int]:
    ids, total = [], 0
    for gap in filter(None, gaps.split(",")):
        total += int(gap)
        ids.append(total)
    return ids


def postings(public, term: str) -> tuple[list[int], list[int]] | None:
    """(ids of articles holding `term`, ids holding it in the title), as search.js reads them."""
    _, head = load_part(public / "search/index.js")
    _, shard = load_part(public / f"search/terms/{term_shard(term, head['shards'])}.js")
    if term not in shard:
        return None
    anywhere, _, title = shard[term].partition("|")
    return decode(anywhere), decode(title)


def test_fold_strips_vietnamese_diacritics():
    assert fold("Đồng chí") == "dong chi"
    assert fold("HỌC TẬP SUỐT ĐỜI") == "hoc tap suot doi"
    assert fold(unicodedata.normalize("NFD", "Quảng Ninh")) == fold("Quảng Ninh") == "quang ninh"
    assert tokenize("Kế hoạch 2675/KH-BCĐ, ngày 22/9/2021.") == ["ke", "hoach", "2675", "kh", "bcd", "ngay",
                                                                 "22", "9", "2021"]



WHITESPACE = [chr(n) for n in range(0x110000) if chr(n).isspace()]  # what str.split() splits on
# Where folding chunk by chunk could part from folding the whole text: a final sigma's context
# (Python's lower() looks past case-ignorable marks and punctuation), marks after a break,
# canonical reordering, decompositions that add or drop characters, đ, astral marks.
CHUNK_TRICKY = [
    "ΑΣ Β", "ΑΣ.Β", "ΟΔΟΣ's ΟΔΟΣ", "Σ", " Σ ", "ΑΣ\u0301 Β", "Α \u0301Σ", "ΑΣ\u00a0Β", "ΑΣ\u2000Β", "ΑΣ\u3000Β",
    "a \u0301b", "a\u0323 \u0302e", "e\u0302\u0323 x", "\u0301\u0301", "Đ đ ĐĐ", "x\U0001D165 y \U0001D165z",
    "\U0001F600\U0001F600 😀x", "snake_case snake__case _", "１２３ ² ½", "ﬁ ﬃ", "İ i̇", "Ǆ ǅ ǆ", "a\u200bb a\u200b b",
    "\u1100\u1161 \u11a8", "한국어 텍스트", "\u0915\u093f \u093f", "\u2126\u212b", "tab\there\nnew\x1cline\x85",
]


def test_chunk_tokenizer_matches_folding_the_whole_text():
    texts = [*TRICKY, *CHUNK_TRICKY, *random_texts(300)]
    rng = random.Random(11)
    texts += [rng.choice(WHITESPACE).join(random_texts(1)[0].split()) for _ in range(300)]
    before, after = ["Α", "a", ".", ""], ["Α", "\u0301", ".", "Σ", ""]
    texts += [rng.choice(before) + "Σ" + space + rng.choice(after) for space in WHITESPACE]
    tokenize_chunks = make_tokenizer()
    for _ in range(2):  # the second time from its memory
        assert [tokenize_chunks(t) for t in texts] == [tokenize(t) for t in texts]


def test_chunk_tokenizer_starts_afresh_past_its_limit(monkeypatch):
    monkeypatch.setattr(search_index, "FOLD_CACHE_LIMIT", 3)
    tokenize_chunks = make_tokenizer()
    text = "Học tập suốt đời, Đồng chí ΟΔΟΣ học tập"
    assert tokenize_chunks(text) == tokenize(text) == ["hoc", "tap", "suot", "doi", "dong", "chi", "οδος", "hoc", "tap"]
    assert tokenize_chunks(text) == tokenize(text)


@pytest.mark.parametrize("space", WHITESPACE, ids=lambda ch: f"U+{ord(ch):04X}")
def test_whitespace_is_a_clean_break_for_fold(space):
    """Why make_tokenizer may fold chunk by chunk: each break folds to breaks and cuts every context."""
    folded = fold(space)
    assert folded and not any(ch.isalnum() for ch in folded)
    assert all(unicodedata.combining(ch) == 0 and not unicodedata.category(ch).startswith("M") for ch in folded)
    assert fold(f"ΑΣ{space}Α") == f"ας{folded}α"  # a cased letter after the break does not make Σ medial
    assert fold(f"Α{space}Σ") == f"α{folded}σ"  # nor one before it final
    assert fold(f"e\u0323{space}\u0302o") == f"e{folded}o"
    assert fold(f"x\u0302\u0323{space}\u0301\u0323y") == fold("x\u0302\u0323") + folded + fold("\u0301\u0323y")

def test_head_lists_articles_oldest_first_with_dates_categories_campaigns(make_site, build_site):
    site = make_site({
        "content/articles/a.md": article("Bài A", "2021-10-01 09:00", category="Giáo dục", campaign="tuan-le"),
        "content/articles/b.md": article("Bài B", "2021-10-03 23:30", category="Tin tức"),
        "content/articles/c.md": article("Bài C", "2020-01-01 08:00"),
        "content/articles/later.md": article("Bài hẹn giờ", "2099-01-01 08:00", category="Tin tức"),
        "content/campaigns/tuan-le.yaml": "title: Tuần lễ\nstart: 2021-10-01\nend: 2021-10-07\n",
        "content/campaigns/khac.yaml": "title: Chưa có bài\nstart: 2022-10-01\nend: 2022-10-07\n",
        "content/pages/gioi-thieu.md": "---\ntitle: Giới thiệu\n---\nVề chúng tôi.\n",
    })
    public = build_site(site)
    name, head = load_part(public / "search/index.js")
    assert name == "head"
    days = [sum(head["days"][:i + 1]) for i in range(len(head["days"]))]
    assert days == [18262, 18901, 18903]  # 2020-01-01, 2021-10-01, 2021-10-03 (local dates)
    assert head["categories"] == [["giao-duc", "Giáo dục"], ["tin-tuc", "Tin tức"]]
    assert head["category"] == [0, 1, 2]
    assert head["campaigns"] == [["tuan-le", "Tuần lễ"]]  # a campaign without articles offers nothing
    assert head["campaign"] == [0, 1, 0]
    docs = [load_part(public / f"search/docs/{n}.js") for n in range(3)]
    assert [d[0] for d in docs] == ["d0", "d1", "d2"]
    assert [d[1]["title"] for d in docs] == ["Bài C", "Bài A", "Bài B"]
    assert docs[1][1]["path"] == "articles/a.html"
    assert docs[1][1]["date"] == "01/10/2021 09:00" and docs[1][1]["iso"] == "2021-10-01T09:00:00+07:00"
    assert head["pages"] == 1  # after the articles, without date, category or campaign
    assert load_part(public / "search/docs/3.js")[1] == {"title": "Giới thiệu", "path": "pages/gioi-thieu.html",
                                                         "text": "Về chúng tôi."}
    assert postings(public, "chung toi") == ([3], [])
    assert not (public / "search/docs/4.js").exists()  # the scheduled article is not searchable yet
    assert postings(public, "hen") is None


def test_words_and_word_pairs_from_title_text_tags_author(make_site, build_site):
    site = make_site({
        "content/articles/a.md": article("Học tập suốt đời", "2021-10-01 09:00",
                                         "Đồng chí Giám đốc phát biểu.", tags="[chuyển đổi số]",
                                         author="Phạm Thị Nhàn"),
        "content/articles/b.md": article("Tin khác", "2021-10-02 09:00", "Mọi người học tập suốt đời."),
    })
    public = build_site(site)
    assert postings(public, "hoc tap") == ([0, 1], [0])
    assert postings(public, "suot doi") == ([0, 1], [0])
    assert postings(public, "dong chi") == ([0], [])
    assert postings(public, "chuyen doi") == ([0], [])
    assert postings(public, "nhan") == ([0], [])
    assert postings(public, "khac") == ([1], [1])
    text = load_part(public / "search/docs/1.js")[1]["text"]
    assert text == "Mọi người học tập suốt đời."


@pytest.mark.parametrize("minify", [False, True])
def test_asset_names_in_an_articles_text_stay_as_written(make_site, build_site, minify):
    # pages link to the theme's files by hashed names; a text that names such a file is not a link
    site = make_site({"content/articles/a.md": article(
        "Giao diện", "2021-10-01 09:00", "Tệp giao diện là assets/style.css, còn tìm kiếm là assets/search.js.")})
    public = build_site(site, minify=minify)
    text = load_part(public / "search/docs/0.js")[1]["text"]
    assert text == "Tệp giao diện là assets/style.css, còn tìm kiếm là assets/search.js."
    assert re.search(r'href="?\.\./assets/style\.[0-9a-f]{8}\.css', (public / "articles/a.html").read_text(encoding="utf-8"))


def test_terms_spread_over_shards_as_the_site_grows(make_site, build_site):
    rng = random.Random(3)
    syllables = "an ba ca da ga ha la ma na pha qua ra sa ta tha va xa".split()
    files = {f"content/articles/a{n}.md": article(f"Bài {n}", f"2021-{1 + n % 12:02d}-{1 + n % 28:02d} 08:00",
                                                  " ".join(f"{rng.choice(syllables)}{rng.randint(0, 300)}"
                                                           for _ in range(300)))
             for n in range(60)}
    public = build_site(make_site(files))
    _, head = load_part(public / "search/index.js")
    assert head["shards"] > 4
    sizes = [len((public / f"search/terms/{n}.js").read_bytes()) for n in range(head["shards"])]
    assert max(sizes) < 4 * sum(sizes) / len(sizes)
    terms = set()
    for n in range(head["shards"]):
        _, shard = load_part(public / f"search/terms/{n}.js")
        assert all(term_shard(term, head["shards"]) == n for term in shard)
        terms.update(shard)
    assert len(terms) > 1000


def test_index_is_deterministic_and_versioned(make_site, build_site, tmp_path):
    site = make_site({"content/articles/a.md": article("Một", body="Nội dung một.")})
    first = build_site(site)
    before = {p.relative_to(first).as_posix(): p.read_bytes() for p in sorted(first.rglob("*")) if p.is_file()}
    version = re.search(r'data-version="(\w+)"', (first / "search/index.html").read_text())[1]
    again = build_site(site)
    after = {p.relative_to(again).as_posix(): p.read_bytes() for p in sorted(again.rglob("*")) if p.is_file()}
    assert before == after
    (site / "content/articles/b.md").write_text(article("Hai", "2021-10-02 08:00"), encoding="utf-8")
    changed = re.search(r'data-version="(\w+)"', (build_site(site) / "search/index.html").read_text())[1]
    assert changed != version


# ------------------------------------------------------------ Python and JavaScript agree

TRICKY = [
    "Đồng chí", "ĐỒNG CHÍ", unicodedata.normalize("NFD", "Học tập suốt đời"), "Quảng Ninh – Hạ Long",
    "2675/KH-BCĐ", "İstanbul", "Straße", "ΟΔΟΣ", "ﬁnal", "e\u0323\u0302", "x\U0001D165y", "１２３", "²",
    "日本語テキスト", "😀 vui", "snake_case", "a\u200bb", "Ǆ", "ǅ", "Ω", "K", "Å",
]


def random_texts(count: int) -> list[str]:
    rng = random.Random(7)
    pool = ("abcdđĐêôơưăâ ĂÂÊÔƠƯ.,;-_/0123456789" + "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
            + "\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b" + "ΑΣσςЖж中文" + "\U0001D165\U0001F600")
    return ["".join(rng.choice(pool) for _ in range(rng.randint(1, 40))) for _ in range(count)]


@pytest.mark.parametrize("shards", [1, 7, 256])
def test_search_js_folds_tokenizes_and_shards_as_python(browser, shards):
    texts = TRICKY + random_texts(400)
    script = (REPO / "templates/assets/search.js").read_text(encoding="utf-8")
    page = browser.new_page()
    try:
        page.set_content("<!DOCTYPE html><title>t</title>")
        page.add_script_tag(content=script)
        got = page.evaluate("""([texts, shards]) => texts.map(t => {
            const tokens = LoaSearch.tokenize(t);
            return [LoaSearch.fold(t), tokens, tokens.map(w => LoaSearch.shardOf(w, shards))];
        })""", [texts, shards])
    finally:
        page.close()
    expected = [[fold(t), tokenize(t), [term_shard(w, shards) for w in tokenize(t)]] for t in texts]
    mismatches = [(t, g, e) for t, g, e in zip(texts, got, expected) if g != e]
    assert mismatches == []


# ---------------------------------------------------------------- the index kept between builds

_WORDS = ["học", "tập", "suốt", "đời", "an", "toàn", "giao", "thông", "Hạ", "Long", "tuần", "lễ", "2021"]
_ZONE = timezone(timedelta(hours=7))


def _words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(count))


def _random_doc(rng: random.Random, number: int) -> SearchDoc:
    when = datetime(2021, 1, 1, tzinfo=_ZONE) + timedelta(minutes=rng.randint(0, 10**6))
    return SearchDoc(f"articles/bai-{number}.html", _words(rng, rng.randint(1, 4)), rng.choice([None, when]),
                     _words(rng, rng.randint(0, 30)), extra=_words(rng, rng.randint(0, 2)))


def _retouched(rng: random.Random, doc: SearchDoc) -> SearchDoc:
    """`doc` with one of the things its file or terms are made from changed."""
    return rng.choice([
        lambda: replace(doc, title=_words(rng, rng.randint(1, 4))),
        lambda: replace(doc, text=f"{doc.text} {_words(rng, rng.randint(1, 3))}"),
        lambda: replace(doc, text=doc.text.partition(" ")[2]),
        lambda: replace(doc, extra=_words(rng, rng.randint(0, 2))),
        lambda: replace(doc, path=f"articles/moi-{rng.randint(0, 99)}.html"),  # renamed
        lambda: replace(doc, date=(doc.date or datetime(2021, 1, 1, tzinfo=_ZONE)) + timedelta(hours=1)),
    ])()


def _edits(rng: random.Random, docs: list[SearchDoc]) -> list[SearchDoc]:
    """A next build's documents: a few edited in place, some added or removed at the end, or one inserted."""
    docs = list(docs)
    for _ in range(rng.randint(0, 3)):
        if docs:
            number = rng.randrange(len(docs))
            docs[number] = rng.choice([_random_doc(rng, rng.randint(0, 999)), _retouched(rng, docs[number])])
    kind = rng.choice(["none", "append", "drop", "insert", "many"])
    if kind == "append":
        docs += [_random_doc(rng, 1000 + n) for n in range(rng.randint(1, 3))]
    elif kind == "drop" and docs:
        del docs[-rng.randint(1, len(docs)):]
    elif kind == "insert":  # a date that moves a document before others: their ids change
        docs.insert(rng.randint(0, len(docs)), _random_doc(rng, 2000))
    elif kind == "many":
        docs = [_random_doc(rng, 3000 + n) if rng.random() < 0.5 else doc for n, doc in enumerate(docs)]
    return docs


def _made_afresh(docs: list[SearchDoc]) -> search_index.KeptIndex:
    """The index of `docs` as a build without a usable cache makes and keeps it."""
    return search_index.index_files(docs, "vi", PostingsCache(None, lambda index: None))


def test_patched_index_files_are_those_made_afresh(monkeypatch):
    """Builds in a row, each from what the last one kept (pickled), write what a build from nothing writes."""
    monkeypatch.setattr(search_index, "SHARD_TARGET_BYTES", 400)  # many shards, whose number often changes
    rng = random.Random(7)
    seen = Counter()
    for _ in range(150):
        docs = [_random_doc(rng, n) for n in range(rng.randint(0, 120))]
        kept = _made_afresh(docs)
        for _ in range(4):
            docs = _edits(rng, docs)
            earlier, shards, saved = pickle.loads(pickle.dumps(kept)), len(kept.shards), []
            kept = search_index.index_files(docs, "vi", PostingsCache(earlier, saved.append))
            assert saved == [kept] and kept == _made_afresh(docs)
            if kept is not earlier:
                seen["made afresh"] += 1
            else:
                seen["patched, as many shards" if len(kept.shards) == shards else "patched, shards spread anew"] += 1
    assert [seen[case] > 30 for case in ("made afresh", "patched, as many shards", "patched, shards spread anew")] \
        == [True] * 3, seen


def test_one_edited_document_is_the_only_one_read_again(monkeypatch):
    rng = random.Random(3)
    docs = [_random_doc(rng, n) for n in range(200)]
    kept = _made_afresh(docs)
    before = docs[57]
    docs[57] = _random_doc(rng, 999)
    read: list[str] = []
    real = search_index.make_tokenizer

    def counting_tokenizer():
        tokenize = real()
        return lambda text: read.append(text) or tokenize(text)

    monkeypatch.setattr(search_index, "make_tokenizer", counting_tokenizer)
    assert search_index.index_files(docs, "vi", PostingsCache(kept, lambda index: None)) is kept  # patched
    assert read == [before.title, before.text, before.extra, docs[57].title, docs[57].text, docs[57].extra]


def test_an_index_kept_for_another_language_is_made_afresh():
    """Documents' files show dates as the site's language writes them."""
    docs = [_random_doc(random.Random(5), n) for n in range(20)]
    kept = _made_afresh(docs)
    assert search_index.index_files(docs, "en", PostingsCache(kept, lambda index: None)) is not kept
