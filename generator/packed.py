"""A path -> bytes mapping that keeps large sites' output in memory compressed.

A build holds every generated file until the whole site has succeeded (the published folder is
replaced only then). At 100,000 articles that is over a gigabyte of HTML; compressed with zlib's
fastest level it is a fifth of that. Small sites never reach the threshold and pay nothing.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, MutableMapping

RAW_BUDGET = 192 * 1024 * 1024  # bytes kept as they are before new values are stored compressed
_LEVEL = 1  # HTML shrinks four- to sixfold even at the fastest level


class _Packed(bytes):
    """zlib-compressed bytes, told apart from raw values by their type."""


class PackedFiles(MutableMapping[str, bytes]):
    """Values read back exactly as stored; those added past `raw_budget` are held compressed."""

    def __init__(self, raw_budget: int | None = None) -> None:
        self._values: dict[str, bytes] = {}
        self._packed_sizes: dict[str, int] = {}  # the length of each compressed value, told without inflating it
        self._raw_budget = RAW_BUDGET if raw_budget is None else raw_budget
        self._raw_bytes = 0

    def __getitem__(self, path: str) -> bytes:
        value = self._values[path]
        return zlib.decompress(value) if type(value) is _Packed else value

    def __setitem__(self, path: str, data: bytes) -> None:
        if path in self._values:
            del self[path]
        if self._raw_bytes + len(data) <= self._raw_budget:
            self._raw_bytes += len(data)
            self._values[path] = bytes(data)
        else:
            self._values[path] = _Packed(zlib.compress(data, _LEVEL))
            self._packed_sizes[path] = len(data)

    def __delitem__(self, path: str) -> None:
        value = self._values.pop(path)
        if type(value) is _Packed:
            del self._packed_sizes[path]
        else:
            self._raw_bytes -= len(value)

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __contains__(self, path: object) -> bool:  # without decompressing, unlike Mapping's default
        return path in self._values

    def size(self, path: str) -> int:
        """len(self[path]), without decompressing: size reports and page budgets read every page's."""
        value = self._values[path]
        return self._packed_sizes[path] if type(value) is _Packed else len(value)

    def held_bytes(self) -> int:
        """Memory taken by the values as held (compressed where they are)."""
        return sum(len(value) for value in self._values.values())
