"""Page keys: equal contexts give equal keys, whatever objects hold them; any difference a template could
show gives another key; what cannot be keyed by its contents gives none (the page is always rendered)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from markupsafe import Markup

from generator.page_cache import LONG_TUPLE, UNKEYED, Fingerprints, page_key


@dataclass(frozen=True)
class _Item:
    title: str
    tags: tuple[str, ...] = ()


def _key(context: dict, template: str = "list.html") -> str | None:
    return page_key(b"environment", template, context, Fingerprints())


def test_equal_contexts_have_equal_keys_whatever_objects_hold_them():
    title = "".join(["Khai ", "mạc"])  # a string made at run time: another object than the literal
    shared = _Item("Khai mạc")
    first = {"items": [shared, shared], "title": "Khai mạc", "when": datetime(2021, 10, 1, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))}
    second = {"items": [_Item(title), _Item("Khai mạc")], "title": title,
              "when": datetime(2021, 10, 1, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))}
    assert _key(first) == _key(second) is not None


def test_sets_are_keyed_whatever_their_order():
    assert _key({"built": frozenset(f"a/{n}.html" for n in range(50))}) == \
        _key({"built": frozenset(f"a/{n}.html" for n in reversed(range(50)))})


def test_a_long_tuple_is_keyed_by_its_items_whether_shared_or_not():
    paths = tuple(f"tags/a/page-{n}.html" for n in range(LONG_TUPLE * 3))
    fingerprints = Fingerprints()  # one per build: a tuple shared by many pages is digested once
    shared = [page_key(b"environment", "list.html", {"paths": paths, "number": n}, fingerprints) for n in (1, 2)]
    alone = [_key({"paths": tuple(list(paths)), "number": n}) for n in (1, 2)]
    assert shared == alone and shared[0] != shared[1]
    assert _key({"paths": (*paths[:-1], "tags/a/other.html"), "number": 1}) != alone[0]
    assert _key({"paths": list(paths), "number": 1}) != alone[0]  # a list is not a tuple


@dataclass(frozen=True)
class _Group:
    name: str
    members: tuple[str, ...] = field(default=(), metadata={UNKEYED: True})


def test_an_unkeyed_field_is_left_out_of_the_key():
    """A template that reads it asks for it, and the page's record keeps the answer (render.ThemeEnvironment)."""
    assert _key({"group": _Group("A", ("x",))}) == _key({"group": _Group("A", ("y", "z"))})
    assert _key({"group": _Group("A")}) != _key({"group": _Group("B")})


def test_whatever_a_template_could_show_changes_the_key():
    base = {"items": [_Item("A", ("x",))], "body": "<p>a</p>", "n": 1}
    variants = [
        {**base, "items": [_Item("A", ("y",))]},  # a field of an object
        {**base, "body": Markup("<p>a</p>")},  # escaped or not
        {**base, "n": 1.0},
        {**base, "n": True},
        {"n": 1, "items": [_Item("A", ("x",))], "body": "<p>a</p>"},  # the order a template would loop in
        {**base, "extra": None},
    ]
    keys = {_key(base), *map(_key, variants)}
    assert None not in keys and len(keys) == len(variants) + 1
    assert _key(base, "article.html") != _key(base)


def test_a_context_holding_code_has_no_key():
    assert _key({"format": lambda value: value}) is None
    assert _key({"items": [_Item("A")], "helper": object()}) is None
