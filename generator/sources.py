"""Reading editors' files: text decoding, front matter and YAML with line numbers."""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import ContentError

MAX_SOURCE_BYTES = 5 * 1024 * 1024  # an article larger than this is a mistake (a pasted binary)

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe YAML where a plain scalar is a string unless it is plainly a number, true/false or null.

    Timestamps stay strings so that the date parsers, not PyYAML, decide what a date is.
    Base-60 numbers (YAML 1.1) stay strings too: `time: 14:00` is a time, not the int 840.
    """

    yaml_implicit_resolvers: dict = {}


for _tag, _pattern, _first in (
    ("bool", r"true|True|TRUE|false|False|FALSE", "tTfF"),
    ("int", r"[-+]?(?:0|[1-9][0-9]*)", "-+0123456789"),
    ("float", r"[-+]?(?:0|[1-9][0-9]*)\.[0-9]+", "-+0123456789"),
    ("null", r"~|null|Null|NULL|", ["~", "n", "N", ""]),
):
    _Loader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(f"^(?:{_pattern})$"), list(_first))


def normalise(text: str) -> str:
    """NFC, no BOM, LF line endings: editors' tools differ, the site must not."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def read_text(path: Path) -> str:
    """Read an editor's file as normalised UTF-8 text."""
    try:
        with open(path, "rb") as file:
            size = os.fstat(file.fileno()).st_size
            if size > MAX_SOURCE_BYTES:
                raise ContentError("file_too_large", size=f"{size / 1024 / 1024:.1f}",
                                   limit=MAX_SOURCE_BYTES // 1024 // 1024)
            raw = file.read()
    except OSError as exc:  # no permission, a vanished file, a disk error
        raise ContentError("unreadable_file", reason=exc.strerror or str(exc)) from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16, as some Windows editors save "Unicode"
        raise ContentError("not_utf8", line=1)
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
        if len(text) > _SHORT_YAML:
            _check_depth(text)
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        code, mark = _explain_yaml_error(exc, text)
        line = (mark.line + 1 if mark else 1) + line_offset
        raise ContentError(code, line=line, detail=exc.problem or "") from None
    except yaml.YAMLError as exc:
        raise ContentError("yaml_syntax", line=1 + line_offset, detail=str(exc)) from None
    finally:
        loader.dispose()
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ContentError("yaml_not_mapping", line=1 + line_offset)
    try:
        lines = _collect_lines(node)
    except ContentError as exc:
        exc.args_["line"] += line_offset
        raise
    return YamlDoc(data, lines, line_offset)


MAX_DEPTH = 32  # editors nest three or four levels; more is a mistake, or an attack
_SHORT_YAML = 2000  # shorter text cannot nest deep enough to exhaust the stack


def _check_depth(text: str) -> None:
    """Refuse deep nesting before libyaml composes it: that recursion can crash the process."""
    depth, line = 0, 1
    try:
        for event in yaml.parse(text, Loader=_BaseLoader):
            line = event.start_mark.line + 1
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise ContentError("yaml_too_deep", line=line, limit=MAX_DEPTH)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError as exc:
        # libyaml 0.2.5 as bundled since PyYAML 6.0.4 stops at its own depth limit first.
        if "nesting depth" not in str(exc):
            raise
        raise ContentError("yaml_too_deep", line=line, limit=MAX_DEPTH) from None


def _collect_lines(root: yaml.Node | None) -> dict[tuple, int]:
    """The line of every key and list item. Refuses repeated keys, aliases and deep nesting."""
    lines: dict[tuple, int] = {(): 1}
    visited: set[int] = set()
    stack: list[tuple[yaml.Node | None, tuple]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        if not isinstance(node, yaml.CollectionNode):
            continue
        if id(node) in visited:  # `*name` reuses a list or mapping: cheap to write, explosive to expand
            raise ContentError("yaml_alias", line=lines.get(path, 1) if path else 1)
        visited.add(id(node))
        if len(path) >= MAX_DEPTH:
            raise ContentError("yaml_too_deep", line=node.start_mark.line + 1, limit=MAX_DEPTH)
        children = []
        if isinstance(node, yaml.MappingNode):
            seen: set = set()
            for key_node, value_node in node.value:
                key = key_node.value
                if key in seen:
                    # PyYAML keeps the last value silently; an editor meant only one.
                    raise ContentError("yaml_duplicate", line=key_node.start_mark.line + 1, key=key)
                seen.add(key)
                lines[path + (key,)] = key_node.start_mark.line + 1
                children.append((value_node, path + (key,)))
        else:
            for index, item in enumerate(node.value):
                lines[path + (index,)] = item.start_mark.line + 1
                children.append((item, path + (index,)))
        stack.extend(reversed(children))
    return lines


def _explain_yaml_error(exc: yaml.MarkedYAMLError, text: str) -> tuple[str, yaml.Mark | None]:
    """Name the likely editor mistake behind a YAML error, and the line to show, so the message can say the fix."""
    problem, context = exc.problem or "", exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    lines = text.split("\n")
    line_text = lines[mark.line] if mark and mark.line < len(lines) else ""
    if "\t" in line_text[: len(line_text) - len(line_text.lstrip())] or "tab" in problem:
        return "yaml_tab", mark
    if "quoted scalar" in context:
        return "yaml_quote", exc.context_mark or mark
    if "flow sequence" in context or "flow mapping" in context:
        return "yaml_bracket", exc.context_mark or mark
    if "cannot start any token" in problem and mark and line_text[mark.column : mark.column + 1] in "@`%":
        return "yaml_reserved", mark
    if "undefined alias" in problem or "constructor for the tag" in problem:
        return "yaml_reserved", mark
    if "mapping values are not allowed" in problem:
        return ("yaml_colon" if line_text.count(": ") + line_text.rstrip().endswith(":") >= 2 else "yaml_indent"), mark
    if "found duplicate" in problem:
        return "yaml_duplicate", mark
    return "yaml_syntax", mark


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


def find_file(base: Path, relative: str) -> Path | None:
    """The file at `relative` below `base`, whichever Unicode form its name is stored in.

    Editors type names in NFC while macOS and some zip tools store them in NFD; both name one file.
    """
    current = base
    for part in relative.split("/"):
        step = current / part
        if part in ("", ".", "..") or os.path.lexists(step):
            current = step
            continue
        wanted = unicodedata.normalize("NFC", part)
        try:
            names = sorted(os.listdir(current))
        except (OSError, ValueError):
            return None
        match = next((name for name in names if unicodedata.normalize("NFC", name) == wanted), None)
        if match is None:
            return None
        current = current / match
    return current if current.is_file() else None
