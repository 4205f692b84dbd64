"""The offline search index: classic scripts that a search page loads from file:// or any host.

fetch, XHR, ES modules and workers are blocked on file://, so every part of the index is a
script that hands its data to `LoaSearch` (templates/assets/search.js). To stay small as a
site grows, the page first loads only a head (dates, categories and campaigns of every
article, packed); the words of a query then pull in the few term shards that hold them, and
the results shown pull in one small text script per article, for its title and snippet.

Articles are numbered oldest first, so a new article appends an id and leaves the others be;
newest first is then simply the highest id first. Standalone pages follow the articles: they
have no date, category or campaign, so text finds them and filters leave them out.

With the cache, a build keeps its files for the next one (`KeptIndex`), which writes again only the
files of the documents that changed and the term shards holding a term one of them gained or lost.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import json
import math
import operator
import re
import unicodedata
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from itertools import accumulate, chain

from . import i18n
from .metadata import json_for_script
from .model import Campaign
from .render import PageSpec
from .resolve import Site

INDEX_FOLDER = "search"
HEAD_SCRIPT = f"{INDEX_FOLDER}/index.js"
SEARCH_PAGE = f"{INDEX_FOLDER}/index.html"
# Raw bytes of postings per term shard: a query loads one shard per word and per word pair.
SHARD_TARGET_BYTES = 12_000
_EPOCH = date(1970, 1, 1)
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_TOKEN = re.compile(r"[^\W_]+")  # letters and digits: the same class as [\p{L}\p{N}]+ in search.js
# Distinct whitespace-separated chunks a build's tokenizer remembers before it starts afresh:
# bounds its memory on a huge site, where numbers and punctuation make many one-off chunks.
FOLD_CACHE_LIMIT = 200_000


def fold(text: str) -> str:
    """Lower-case, without diacritics: `Đồng chí` -> `dong chi`. search.js folds queries the same way."""
    bare = _marks(bmp=True).sub("", unicodedata.normalize("NFD", text))
    if _ASTRAL.search(bare):
        bare = _marks(bmp=False).sub("", bare)
    return bare.lower().replace("đ", "d")


@functools.cache
def _marks(bmp: bool) -> re.Pattern:
    """Every combining mark (Mn, Mc, Me) of the BMP, or beyond it: together, the set of \\p{M} in search.js.

    Two patterns: a class of BMP characters compiles to a bitmap and runs fast; the rare marks
    beyond it are only looked for when a text has such characters, and only then listed (a scan
    of a million code points, which every build would otherwise pay for).
    """
    category = unicodedata.category
    codes = range(0x10000) if bmp else range(0x10000, 0x110000)
    marks = [ch for ch in map(chr, codes) if category(ch)[0] == "M"]  # half the time of chr() twice
    return re.compile(f"[{re.escape(''.join(marks))}]") if bmp else re.compile("|".join(map(re.escape, marks)))


def tokenize(text: str) -> list[str]:
    """The folded words of a text, in order."""
    return _TOKEN.findall(fold(text))


def make_tokenizer() -> Callable[[str], list[str]]:
    """`tokenize`, remembering the words of each distinct whitespace-separated chunk: a site repeats its words.

    The same words as folding the whole text: fold() turns each whitespace character into
    neither letter nor digit, no decomposition or mark reordering crosses one, and it ends a
    final sigma's context as the text's ends do (tests/test_search_index.py checks each).
    A repeated word is then one string object, whose hash sets and dicts compute only once.
    """
    words_of = _ChunkWords()
    return lambda text: list(chain.from_iterable(map(words_of.__getitem__, text.split())))


class _ChunkWords(dict):
    """chunk -> its folded words, filled on first use."""

    def __missing__(self, chunk: str) -> tuple[str, ...]:
        if len(self) >= FOLD_CACHE_LIMIT:
            self.clear()
        words = self[chunk] = tuple(_TOKEN.findall(fold(chunk)))
        return words


def term_shard(term: str, shards: int) -> int:
    """FNV-1a over the term's code points; search.js computes the same number."""
    value = 0x811C9DC5
    for ch in term:
        value = ((value ^ ord(ch)) * 0x01000193) & 0xFFFFFFFF
    return value % shards


@dataclass(frozen=True)
class SearchDoc:
    """What the index knows about one article or page."""

    path: str
    title: str
    date: datetime | None  # None for a standalone page
    text: str  # summary and body text, for snippets
    extra: str = ""  # searchable, never shown: tags, author, unit
    category: int = 0  # 1-based position in the head's category list; 0: none
    campaign: int = 0  # likewise for campaigns


@dataclass(frozen=True)
class SearchIndex:
    files: dict[str, bytes]  # output path -> script
    version: str  # changes with the content: added to script URLs so no stale copy is mixed in
    shards: int  # how many term shards: the page tells search.js, which then loads them with the head


def build_search_index(site: Site, cache: PostingsCache | None = None) -> SearchIndex:
    """Every file of the index, by output path; with a `cache`, patched from the last build's where it can."""
    categories = [(t.slug, t.name) for t in site.categories]
    campaigns = [(c.id, c.title) for c in _campaigns_with_articles(site)]
    docs = _article_documents(site, [slug for slug, _ in categories], [cid for cid, _ in campaigns])
    articles = len(docs)
    docs += _page_documents(site)
    made = index_files(docs, site.config.language, cache)
    files = {f"{INDEX_FOLDER}/terms/{n}.js": data for n, data in enumerate(made.shards)}
    files.update({f"{INDEX_FOLDER}/docs/{n}.js": data for n, data in enumerate(made.docs)})
    head = {
        "shards": len(made.shards),
        "days": _gaps_of([(doc.date.date() - _EPOCH).days for doc in docs[:articles]]),
        "category": [doc.category for doc in docs[:articles]],
        "campaign": [doc.campaign for doc in docs[:articles]],
        "pages": len(docs) - articles,
        "categories": categories,
        "campaigns": campaigns,
    }
    version = _version(files)
    files[HEAD_SCRIPT] = _script("head", head)
    return SearchIndex(files, version, len(made.shards))


def _version(files: dict[str, bytes]) -> str:
    """A digest of the files in path order, as if joined (without a copy of them all joined)."""
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(files[path])
    return digest.hexdigest()[:12]


def search_page(site: Site, index: SearchIndex) -> PageSpec:
    """The search page: the form is drawn by the build, the results by search.js."""
    ui = i18n.strings(site.config.language)
    strings = {key: ui[f"search_{key}"] for key in ("prompt", "loading", "found", "none", "failed")}
    strings.update(previous=ui["search_previous"], next=ui["search_next"], page=ui["page_of"])
    campaigns = _campaigns_with_articles(site)
    return PageSpec(SEARCH_PAGE, "search.html", {
        "title": ui["search"],
        "description": ui["search_intro"],
        "categories": site.categories,
        "campaigns": campaigns,
        "index_version": index.version,
        "index_shards": index.shards,
        "strings_json": json_for_script(strings),
    })



def _campaigns_with_articles(site: Site) -> list[Campaign]:
    """The campaigns that some article belongs to: the others offer nothing to find."""
    used = {article.campaign for article in site.articles}
    return [campaign for campaign in site.campaigns if campaign.id in used]


def _article_documents(site: Site, categories: list[str], campaigns: list[str]) -> list[SearchDoc]:
    docs = []
    for article in reversed(site.articles):  # oldest first
        category = site.category_of(article)
        body = site.bodies[article.source].text
        docs.append(SearchDoc(
            path=article.path,
            title=article.title,
            date=article.date,
            text=body if article.summary is None else f"{article.summary} {body}",
            extra=" ".join((*article.tags, article.author or "", article.unit or "")),
            category=categories.index(category.slug) + 1 if category else 0,
            campaign=campaigns.index(article.campaign) + 1 if article.campaign in campaigns else 0,
        ))
    return docs


def _page_documents(site: Site) -> list[SearchDoc]:
    """Standalone pages (about, contact): after the articles, found by text only."""
    docs = []
    for page in site.pages:
        body = site.bodies[page.source].text
        docs.append(SearchDoc(page.path, page.title, None, body if page.summary is None else f"{page.summary} {body}"))
    return docs


def _terms(words: list[str]) -> Iterable[str]:
    """Each word, and each pair of neighbouring words (for phrases: `hoc tap` beside `suot doi`)."""
    return chain(words, map(" ".join, zip(words, words[1:])))


def _doc_terms(tokenize_: Callable[[str], list[str]], title: str, text: str, extra: str) -> tuple[set[str], set[str]]:
    """All the terms of a document (title, text and extra), and those of its title."""
    in_title = set(_terms(tokenize_(title)))
    return in_title.union(_terms(tokenize_(text)), _terms(tokenize_(extra))), in_title


@dataclass
class Postings:
    """Which documents hold each term, by id, ascending, in 4-byte arrays (lists of Python ints would take
    twice the memory: a site of 100,000 articles has tens of millions of (term, document) pairs)."""

    anywhere: dict[str, array]
    in_title: dict[str, array]


def count_postings(docs: list[SearchDoc]) -> Postings:
    """The postings of `docs`, counted into defaultdicts in place (a big site has millions of terms)."""
    anywhere: defaultdict[str, array] = defaultdict(functools.partial(array, "I"))
    in_title: defaultdict[str, array] = defaultdict(functools.partial(array, "I"))
    tokenize_ = make_tokenizer()
    for number, doc in enumerate(docs):
        terms, title = _doc_terms(tokenize_, doc.title, doc.text, doc.extra)
        for term in title:
            in_title[term].append(number)
        for term in terms:
            anywhere[term].append(number)
    anywhere.default_factory = in_title.default_factory = None  # from now on, a missing term is an error
    return Postings(anywhere, in_title)


@dataclass
class KeptIndex:
    """An index's files, and what each document's file was made from: what the next build patches.

    The term shards are the postings, encoded. The terms a changed document had are read again from
    its file (title and text) and its extra, so no other copy of them is kept.
    """

    language: str  # of the dates in documents' files
    # per document (both empty when the index is not kept)
    keys: list[str]  # a digest of what its file and terms are made from (`_doc_key`)
    extras: list[str]  # what it is searched by beyond the title and text in its file
    docs: list[bytes]  # per document, its file
    shards: list[bytes]  # per term shard, its file
    size: int  # of the postings, as `_postings_size` counts it: sets the number of shards


class PostingsCache:
    """The index of the last build (None: none usable), and where this build's goes once made."""

    def __init__(self, earlier: KeptIndex | None, save: Callable[[KeptIndex], None]):
        self.earlier = earlier
        self.save = save


# Patching beats making the index afresh while few documents changed: each is read before and after, and
# every term it gained or lost is decoded and encoded again; making afresh reads every document.
PATCH_MAX_CHANGED = 64


def index_files(docs: list[SearchDoc], language: str, cache: PostingsCache | None = None) -> KeptIndex:
    """The term shards and document files of `docs`. With a `cache`, those of the last build patched in
    place where that is quicker, else made afresh; then kept for the next build."""
    if cache is None:
        return _fresh_index(docs, language, [])
    keys = [_doc_key(doc) for doc in docs]
    earlier, cache.earlier = cache.earlier, None  # as big as the new index: not kept while that is made afresh
    if earlier and earlier.language == language and _patch(earlier, docs, keys):
        made = earlier
    else:
        earlier = None
        made = _fresh_index(docs, language, keys)
    cache.save(made)
    return made


def _doc_key(doc: SearchDoc) -> str:
    parts = (doc.title, doc.text, doc.extra, doc.path, doc.date.isoformat() if doc.date else "")
    digest = hashlib.blake2b(repr([len(part) for part in parts]).encode(), digest_size=16)
    digest.update("".join(parts).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _fresh_index(docs: list[SearchDoc], language: str, keys: list[str]) -> KeptIndex:
    shards, size = _fresh_shards(docs)
    files = [_doc_file(number, doc, language) for number, doc in enumerate(docs)]
    return KeptIndex(language, keys, [doc.extra for doc in docs] if keys else [], files, shards, size)


def _fresh_shards(docs: list[SearchDoc]) -> tuple[list[bytes], int]:
    """The term shards' files, counted from every document, and the postings' size.

    A function of its own: the postings, as text, are let go before the documents' files are made.
    """
    encoded = _encoded(count_postings(docs), len(docs))
    size = _postings_size(encoded)
    return [_script(f"t{n}", shard) for n, shard in enumerate(_split(encoded, _shard_count(size)))], size


def _patch(kept: KeptIndex, docs: list[SearchDoc], keys: list[str]) -> bool:
    """`kept` brought up to `docs` in place, reading again only the documents whose keys changed; False,
    and `kept` as it was, where making the index afresh is quicker."""
    common = min(len(keys), len(kept.keys))
    changed = [n for n in range(common) if keys[n] != kept.keys[n]]
    changed += range(common, max(len(keys), len(kept.keys)))  # documents added, or gone
    if len(changed) > PATCH_MAX_CHANGED:  # many edits, or one added before many others
        return False
    _patch_shards(kept, _term_changes(kept, docs, changed), len(docs))
    del kept.docs[len(docs):]
    for number in changed:  # ascending: those past the end are appended in order
        if number < len(docs):
            file = _doc_file(number, docs[number], kept.language)
            if number < len(kept.docs):
                kept.docs[number] = file
            else:
                kept.docs.append(file)
    kept.keys, kept.extras = keys, [doc.extra for doc in docs]
    return True


# Per term: the documents that now hold it, or no longer do (id -> held), anywhere and in the title
_Changes = dict[str, tuple[dict[int, bool], dict[int, bool]]]


def _term_changes(kept: KeptIndex, docs: list[SearchDoc], changed: list[int]) -> _Changes:
    """The terms that the `changed` documents gained or lost, read from their files then and from `docs`."""
    tokenize_ = make_tokenizer()
    nothing: tuple[set[str], set[str]] = (set(), set())
    changes: _Changes = defaultdict(lambda: ({}, {}))
    for number in changed:
        then = nothing
        if number < len(kept.docs):
            record = _read_part(kept.docs[number])
            then = _doc_terms(tokenize_, record["title"], record["text"], kept.extras[number])
        now = _doc_terms(tokenize_, docs[number].title, docs[number].text, docs[number].extra) \
            if number < len(docs) else nothing
        for where in (0, 1):  # anywhere, in the title
            for term in then[where] - now[where]:
                changes[term][where][number] = False
            for term in now[where] - then[where]:
                changes[term][where][number] = True
    return changes


def _patch_shards(kept: KeptIndex, changes: _Changes, count: int) -> None:
    """`kept`'s term shards with `changes` made, in place; spread afresh if their number changes.

    `count` is the number of documents now.
    """
    numerals = list(map(str, range(count)))
    shards = len(kept.shards)
    read: dict[int, dict[str, str]] = {}  # the shards that hold a changed term, by number
    for term, (anywhere, in_title) in changes.items():
        number = term_shard(term, shards)
        if number not in read:
            read[number] = _read_part(kept.shards[number])
        codes = read[number].pop(term, None)
        held, titled = _decoded(codes) if codes else ([], [])
        held, titled = _edited(held, anywhere), _edited(titled, in_title)
        if codes:
            kept.size -= _term_size(term, codes)
        if held:
            read[number][term] = codes = _codes(held, titled, numerals)
            kept.size += _term_size(term, codes)
    if _shard_count(kept.size) == shards:
        for number, shard in read.items():
            kept.shards[number] = _script(f"t{number}", dict(sorted(shard.items())))
        return
    postings: dict[str, str] = {}
    for number, data in enumerate(kept.shards):
        postings.update(read[number] if number in read else _read_part(data))
    kept.shards = [_script(f"t{n}", shard) for n, shard in enumerate(_split(postings, _shard_count(kept.size)))]


def _edited(ids: list[int], changes: dict[int, bool]) -> list[int]:
    """Ascending `ids` with each id of `changes` added or taken out, as it says, in place."""
    for number, held in changes.items():  # a few ids: an insertion or deletion each beats a sort
        at = bisect.bisect_left(ids, number)
        if held:
            ids.insert(at, number)
        else:
            del ids[at]
    return ids


def _encoded(postings: Postings, count: int) -> dict[str, str]:
    """term -> the ids of the documents that hold it, coded by `_codes`, for `count` documents.

    Each term's arrays are let go as soon as they are text.
    """
    numerals = list(map(str, range(count)))  # no gap exceeds an id: looking them up beats str() each time
    anywhere, in_title = postings.anywhere, postings.in_title
    encoded = {}
    for term in list(anywhere):
        ids = anywhere.pop(term)
        titles = in_title.pop(term, None)
        encoded[term] = _codes(ids.tolist(), titles.tolist() if titles is not None else [], numerals)
    return encoded


def _codes(anywhere: list[int], in_title: list[int], numerals: list[str]) -> str:
    """Ascending ids delta-coded: "3,1,7" for [3, 4, 11], or "3,1,7|3" with [3] in titles.

    `numerals[n]` is str(n) for every n the gaps can take.
    """
    codes = ",".join(map(numerals.__getitem__, _gaps_of(anywhere)))
    return codes + "|" + ",".join(map(numerals.__getitem__, _gaps_of(in_title))) if in_title else codes


def _decoded(codes: str) -> tuple[list[int], list[int]]:
    """The ids that `_codes` wrote: anywhere, in titles."""
    anywhere, _, in_title = codes.partition("|")
    return _ids(anywhere), _ids(in_title)


def _ids(gaps: str) -> list[int]:
    return [*accumulate(map(int, gaps.split(",")))] if gaps else []


def _gaps_of(values: Sequence[int]) -> list[int]:
    return list(map(operator.sub, values, [0, *values[:-1]]))


def _term_size(term: str, codes: str) -> int:
    """About the bytes a term takes in its shard: quotes, colon and comma besides the term and its ids."""
    return len(term) + len(codes) + 6


def _postings_size(postings: dict[str, str]) -> int:
    return sum(_term_size(term, codes) for term, codes in postings.items())


def _shard_count(size: int) -> int:
    """As many shards as keep each near SHARD_TARGET_BYTES."""
    return max(1, math.ceil(size / SHARD_TARGET_BYTES))


def _split(postings: dict[str, str], count: int) -> list[dict[str, str]]:
    """Spread terms over `count` shards, each in sorted order: the shard of a term is `term_shard`."""
    shards: list[dict[str, str]] = [{} for _ in range(count)]
    for term in sorted(postings):
        shards[term_shard(term, count)][term] = postings[term]
    return shards


def _doc_file(number: int, doc: SearchDoc, language: str) -> bytes:
    record = {"title": doc.title, "path": doc.path, "text": doc.text}
    if doc.date is not None:
        record.update(date=i18n.format_datetime(doc.date, language), iso=doc.date.isoformat())
    return _script(f"d{number}", record)


def _script(name: str, data: object) -> bytes:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    payload = payload.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f'LoaSearch.part("{name}",{payload});\n'.encode("utf-8")


def _read_part(data: bytes) -> dict:
    """The data of a script that `_script` wrote (its name holds no comma)."""
    return json.loads(data[data.index(b",") + 1:-3])
