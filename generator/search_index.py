"""The offline search index: classic scripts that a search page loads from file:// or any host.

fetch, XHR, ES modules and workers are blocked on file://, so every part of the index is a
script that hands its data to `LoaSearch` (templates/assets/search.js). To stay small as a
site grows, the page first loads only a head (dates, categories and campaigns of every
article, packed); the words of a query then pull in the few term shards that hold them, and
the results shown pull in one small text script per article, for its title and snippet.

Articles are numbered oldest first, so a new article appends an id and leaves the others be;
newest first is then simply the highest id first. Standalone pages follow the articles: they
have no date, category or campaign, so text finds them and filters leave them out.
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
from itertools import chain

from . import i18n
from .metadata import json_for_script
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
    """Every file of the index, by output path; with a `cache`, from the last build's postings where it can."""
    categories = [(t.slug, t.name) for t in site.categories]
    campaigns = [(c.id, c.title) for c in site.campaigns if any(a.campaign == c.id for a in site.articles)]
    docs = _article_documents(site, [slug for slug, _ in categories], [cid for cid, _ in campaigns])
    articles = len(docs)
    docs += _page_documents(site)
    counted = count_postings(docs, cache.earlier if cache else None)
    if cache:
        cache.save(counted)
    shards = _split(_encoded(counted, len(docs)))
    files = {f"{INDEX_FOLDER}/terms/{n}.js": _script(f"t{n}", shard) for n, shard in enumerate(shards)}
    files.update({f"{INDEX_FOLDER}/docs/{n}.js": _script(f"d{n}", _doc_record(site, doc))
                  for n, doc in enumerate(docs)})
    version = hashlib.sha256(b"".join(files[p] for p in sorted(files))).hexdigest()[:12]
    head = {
        "shards": len(shards),
        "days": _gaps_of([(doc.date.date() - _EPOCH).days for doc in docs[:articles]]),
        "category": [doc.category for doc in docs[:articles]],
        "campaign": [doc.campaign for doc in docs[:articles]],
        "pages": len(docs) - articles,
        "categories": categories,
        "campaigns": campaigns,
    }
    files[HEAD_SCRIPT] = _script("head", head)
    return SearchIndex(files, version, len(shards))


def search_page(site: Site, index: SearchIndex) -> PageSpec:
    """The search page: the form is drawn by the build, the results by search.js."""
    ui = i18n.strings(site.config.language)
    strings = {key: ui[f"search_{key}"] for key in ("prompt", "loading", "found", "none", "failed")}
    strings.update(previous=ui["search_previous"], next=ui["search_next"], page=ui["page_of"])
    campaigns = [c for c in site.campaigns if any(a.campaign == c.id for a in site.articles)]
    return PageSpec(SEARCH_PAGE, "search.html", {
        "title": ui["search"],
        "description": ui["search_intro"],
        "categories": site.categories,
        "campaigns": campaigns,
        "index_version": index.version,
        "index_shards": index.shards,
        "strings_json": json_for_script(strings),
    })



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


@dataclass
class Postings:
    """Which documents hold each term, by id, ascending, in 4-byte arrays (lists of Python ints would take
    twice the memory: a site of 100,000 articles has tens of millions of (term, document) pairs).

    Kept between builds (`PostingsCache`), so that a build after an edit counts again only the
    documents whose text changed: `keys` says what each document's terms were counted from.
    """

    keys: list[str]
    # defaultdicts, filled in place (a big site has millions of terms); their factory is None between counts
    anywhere: defaultdict[str, array]
    in_title: defaultdict[str, array]


class PostingsCache:
    """The postings of the last build, and where this build's go once counted (before they are encoded,
    which lets go of them term by term)."""

    def __init__(self, earlier: Postings | None, save: Callable[[Postings], None]):
        self.earlier = earlier
        self.save = save


# Patching beats counting afresh while few documents changed in place: each such id is looked for in
# every term's array, whereas counting afresh walks every term of every document.
PATCH_MAX_CHANGED = 64


def count_postings(docs: list[SearchDoc], earlier: Postings | None = None) -> Postings:
    """The postings of `docs`: those of `earlier` patched where that is quicker, else counted afresh."""
    keys = [_doc_key(doc) for doc in docs]
    common = min(len(keys), len(earlier.keys)) if earlier else 0
    changed = [i for i in range(common) if keys[i] != earlier.keys[i]] if earlier else []
    if earlier is None or len(changed) > PATCH_MAX_CHANGED:  # many edits, or one added before others
        return _counted(docs, Postings(keys, defaultdict(None), defaultdict(None)), range(len(docs)))
    for postings in (earlier.anywhere, earlier.in_title):
        _remove(postings, changed, common)
    earlier.keys = keys
    return _counted(docs, earlier, [*changed, *range(common, len(docs))])


def _doc_key(doc: SearchDoc) -> str:
    text = f"{doc.title}\0{doc.text}\0{doc.extra}"
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _remove(postings: dict[str, array], ids: list[int], end: int) -> None:
    """Take `ids` (ascending) and every id from `end` on out of every term's array."""
    for term, held in list(postings.items()):
        if held[-1] >= end:
            del held[bisect.bisect_left(held, end):]
        if ids and held and held[-1] >= ids[0]:
            for number in reversed(ids):
                at = bisect.bisect_left(held, number)
                if at < len(held) and held[at] == number:
                    del held[at]
        if not held:
            del postings[term]


def _counted(docs: list[SearchDoc], postings: Postings, numbers: Iterable[int]) -> Postings:
    """`postings` with the terms of the documents numbered `numbers` (ascending) added, in place.

    The dicts are filled as defaultdicts, not copied: a big site has millions of terms.
    """
    anywhere, in_title = postings.anywhere, postings.in_title
    anywhere.default_factory = in_title.default_factory = functools.partial(array, "I")
    fresh = not anywhere  # every id is then past those already added: appending keeps the order
    add = array.append if fresh else bisect.insort
    tokenize_ = make_tokenizer()
    for number in numbers:
        doc = docs[number]
        title = set(_terms(tokenize_(doc.title)))
        for term in title:
            add(in_title[term], number)
        for term in title.union(_terms(tokenize_(doc.text)), _terms(tokenize_(doc.extra))):
            add(anywhere[term], number)
    anywhere.default_factory = in_title.default_factory = None  # from now on, a missing term is an error
    return Postings(postings.keys, anywhere, in_title)


def _encoded(postings: Postings, count: int) -> dict[str, str]:
    """term -> the ids of the documents that hold it, delta-coded: "3,1,7", or "3,1,7|3" when in titles too.

    Each term's arrays are let go as soon as they are text.
    """
    numerals = list(map(str, range(count)))  # no gap exceeds an id: looking them up beats str() each time
    anywhere, in_title = postings.anywhere, postings.in_title
    encoded = {}
    for term in list(anywhere):
        ids = anywhere.pop(term)
        titles = in_title.pop(term, None)
        encoded[term] = _gaps(ids, numerals) + ("|" + _gaps(titles, numerals) if titles is not None else "")
    return encoded


def _split(postings: dict[str, str]) -> list[dict[str, str]]:
    """Spread terms over as many shards as keep each near SHARD_TARGET_BYTES."""
    size = sum(len(term) + len(codes) + 6 for term, codes in postings.items())
    count = max(1, math.ceil(size / SHARD_TARGET_BYTES))
    shards: list[dict[str, str]] = [{} for _ in range(count)]
    for term in sorted(postings):
        shards[term_shard(term, count)][term] = postings[term]
    return shards


def _gaps(ids: array, numerals: list[str]) -> str:
    """Ascending ids as the gaps between them, "3,1,7" for [3, 4, 11]: small numbers compress well.

    `numerals[n]` is str(n) for every n the gaps can take.
    """
    return ",".join(map(numerals.__getitem__, _gaps_of(ids.tolist())))


def _gaps_of(values: Sequence[int]) -> list[int]:
    return list(map(operator.sub, values, [0, *values[:-1]]))


def _doc_record(site: Site, doc: SearchDoc) -> dict:
    record = {"title": doc.title, "path": doc.path, "text": doc.text}
    if doc.date is not None:
        record.update(date=i18n.format_datetime(doc.date, site.config.language), iso=doc.date.isoformat())
    return record


def _script(name: str, data: object) -> bytes:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    payload = payload.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f'LoaSearch.part("{name}",{payload});\n'.encode("utf-8")
