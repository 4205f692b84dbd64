"""Reading editors' files: text decoding, front matter and YAML with line numbers."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import ContentError

MAX_SOURCE_BYTES = 5 * 1024 * 1024  # an article larger than this is a mistake (a pasted binary)

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe YAML with every scalar a string except ints, floats, bools and null.

    Timestamps stay strings so that the date parsers, not PyYAML, decide what a date is.
    Base-60 numbers (YAML 1.1) stay strings too: `time: 14:00` is a time, not the int 840.
    """


_BASE_60 = ("tag:yaml.org,2002:str", re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$"))
_Loader.yaml_implicit_resolvers = {
    first: [*([_BASE_60] if first and first in "+-0123456789" else []),
            *((tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp")]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


def normalise(text: str) -> str:
    """NFC, no BOM, LF line endings: editors' tools differ, the site must not."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def read_text(path: Path) -> str:
    """Read an editor's file as normalised UTF-8 text."""
    size = path.stat().st_size
    if size > MAX_SOURCE_BYTES:
        raise ContentError("file_too_large", size=f"{size / 1024 / 1024:.1f}", limit=MAX_SOURCE_BYTES // 1024 // 1024)
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise ContentError("binary_file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentError("not_utf8", line=line) from None
    return normalise(text)


@dataclass(frozen=True)
class YamlDoc:
    """A parsed YAML mapping and the line of each key, for messages."""

    data: dict
    lines: dict[tuple, int]  # key path -> 1-based line; () is the document start
    line_offset: int = 0

    def line(self, *path: object) -> int:
        """The line of `path` (or of its nearest parent) in the original file."""
        key = tuple(path)
        while key and key not in self.lines:
            key = key[:-1]
        return self.lines.get(key, 1) + self.line_offset


def parse_yaml(text: str, line_offset: int = 0) -> YamlDoc:
    """Parse YAML text into a mapping and its line numbers; errors carry the line."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        raise ContentError(_yaml_error_code(exc), line=line, detail=exc.problem or "") from None
    except yaml.YAMLError as exc:
        raise ContentError("yaml_syntax", line=1 + line_offset, detail=str(exc)) from None
    finally:
        loader.dispose()
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ContentError("yaml_not_mapping", line=1 + line_offset)
    lines: dict[tuple, int] = {(): 1}
    try:
        _collect_lines(node, (), lines)
    except ContentError as exc:
        exc.args_["line"] += line_offset
        raise
    return YamlDoc(data, lines, line_offset)


def _collect_lines(node: yaml.Node | None, path: tuple, lines: dict[tuple, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                # PyYAML keeps the last value silently; an editor meant only one.
                raise ContentError("yaml_duplicate", line=key_node.start_mark.line + 1, key=key)
            seen.add(key)
            lines[path + (key,)] = key_node.start_mark.line + 1
            _collect_lines(value_node, path + (key,), lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[path + (index,)] = item.start_mark.line + 1
            _collect_lines(item, path + (index,), lines)


def _yaml_error_code(exc: yaml.MarkedYAMLError) -> str:
    """Name the likely editor mistake behind a YAML error, so the message can say the fix."""
    problem = exc.problem or ""
    if "'\\t'" in problem or "\\t" in problem or "tab" in problem:
        return "yaml_tab"
    if "mapping values are not allowed" in problem:
        return "yaml_colon"
    if "found duplicate" in problem:
        return "yaml_duplicate"
    return "yaml_syntax"


@dataclass(frozen=True)
class SourceFile:
    """A Markdown file split into its front matter and body."""

    front: YamlDoc
    body: str
    body_line: int  # the line of the file on which the body starts


def split_front_matter(text: str) -> SourceFile:
    """Split `---` front matter from a Markdown body."""
    if not text.strip():
        raise ContentError("empty_file")
    if not text.startswith("---\n") and text.rstrip("\n") != "---":
        raise ContentError("no_front_matter", line=1)
    end = text.find("\n---", 3)
    while end != -1 and text[end + 4 : end + 5] not in ("\n", ""):
        end = text.find("\n---", end + 4)
    if end == -1:
        raise ContentError("front_matter_unclosed", line=1)
    front_text = text[4 : end + 1]
    body = text[end + 5 :]
    front = parse_yaml(front_text, line_offset=1)
    body_line = front_text.count("\n") + 3
    return SourceFile(front, body, body_line)
