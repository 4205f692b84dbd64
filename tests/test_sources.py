"""sources.py: decoding editors' files, front matter, YAML with line numbers."""

from __future__ import annotations

import unicodedata

import pytest

from generator.errors import ContentError
from generator.sources import MAX_SOURCE_BYTES, normalise, parse_yaml, read_text, split_front_matter

NFC_TITLE = unicodedata.normalize("NFC", "Khai mạc Tuần lễ")
NFD_TITLE = unicodedata.normalize("NFD", "Khai mạc Tuần lễ")


def error_of(action) -> ContentError:
    with pytest.raises(ContentError) as caught:
        action()
    return caught.value


# ------------------------------------------------------------------ read_text

def test_nfd_text_is_read_as_nfc(tmp_path):
    assert NFC_TITLE != NFD_TITLE
    path = tmp_path / "a.md"
    path.write_bytes(NFD_TITLE.encode("utf-8"))
    assert read_text(path) == NFC_TITLE


def test_bom_and_crlf_are_accepted(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes(b"\xef\xbb\xbf---\r\ntitle: A\r\n---\r\nBody\r\n")
    assert read_text(path) == "---\ntitle: A\n---\nBody\n"


def test_old_mac_line_endings_become_lf():
    assert normalise("a\rb\r\nc") == "a\nb\nc"


def test_latin1_file_is_not_utf8_with_the_line_of_the_first_bad_byte(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes("---\ntitle: ok\nsummary: Tuần\n".encode("utf-8") + "café\n".encode("latin-1"))
    error = error_of(lambda: read_text(path))
    assert (error.code, error.args_["line"]) == ("not_utf8", 4)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_file_is_not_utf8(tmp_path, encoding):
    path = tmp_path / "a.md"
    text = "---\ntitle: Tuần lễ\n---\n"
    path.write_bytes(("\ufeff" + text if encoding == "utf-16-be" else text).encode(encoding))
    assert error_of(lambda: read_text(path)).code == "not_utf8"


def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    assert error_of(lambda: read_text(path)).code == "binary_file"


def test_huge_file_is_refused(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes(b"a" * (MAX_SOURCE_BYTES + 1))
    error = error_of(lambda: read_text(path))
    assert error.code == "file_too_large" and error.args_["limit"] == MAX_SOURCE_BYTES // 1024 // 1024


# ------------------------------------------------------------------ YAML

def test_yaml_keeps_times_dates_and_leading_zeros_as_text():
    doc = parse_yaml("time: 10:00\ndate: 2021-10-01\nslug: 0123\nhot: yes\nnumber: 12\nratio: 1.5\n"
                     "flag: true\nempty:\nnull_word: null\n")
    assert doc.data == {"time": "10:00", "date": "2021-10-01", "slug": "0123", "hot": "yes", "number": 12,
                        "ratio": 1.5, "flag": True, "empty": None, "null_word": None}


def test_yaml_lines_of_keys_and_list_items():
    doc = parse_yaml("title: A\ngallery:\n  - src: a.jpg\n  - src: b.jpg\nplan:\n  number: 1\n")
    assert doc.line("title") == 1
    assert doc.line("gallery", 1) == 4
    assert doc.line("plan", "number") == 6
    assert doc.line("plan", "missing") == 5  # the nearest parent
    assert doc.line() == 1


def test_yaml_line_offset_counts_the_front_matter_fence():
    assert parse_yaml("title: A\ndate: x\n", line_offset=1).line("date") == 3


def test_empty_yaml_is_an_empty_mapping():
    assert parse_yaml("").data == {}


@pytest.mark.parametrize("text, code, line", [
    ("title: A\n\tdate: 2021-10-01\n", "yaml_tab", 2),
    ("gallery:\n\t- a.jpg\n", "yaml_tab", 2),
    ("date: 2021-10-01\ntitle: Hội nghị: tổng kết năm\n", "yaml_colon", 2),
    ("title: A\n date: 2021-10-01\n", "yaml_indent", 2),
    ('title: "Khai mạc\ndate: 2021-10-01\n', "yaml_quote", 1),
    ("title: A\ntags: [a, b\ndate: 2021-10-01\n", "yaml_bracket", 2),
    ("title: @admin\n", "yaml_reserved", 1),
    ("title: `x`\n", "yaml_reserved", 1),
    ("title: *x\n", "yaml_reserved", 1),
    ("title: !custom x\n", "yaml_reserved", 1),
    ("title: A\ntitle: B\n", "yaml_duplicate", 2),
    ("- a\nb: c\n", "yaml_syntax", 2),
])
def test_yaml_mistakes_are_named_with_their_line(text, code, line):
    error = error_of(lambda: parse_yaml(text))
    assert (error.code, error.args_["line"]) == (code, line)


def test_yaml_duplicate_names_the_key():
    assert error_of(lambda: parse_yaml("a: 1\nb:\n  c: 1\n  c: 2\n")).args_ == {"line": 4, "key": "c"}


def test_yaml_error_line_is_offset_in_front_matter():
    assert error_of(lambda: parse_yaml("title: A\n\tx: 1\n", line_offset=1)).args_["line"] == 3


def test_yaml_that_is_not_a_mapping_is_refused():
    assert error_of(lambda: parse_yaml("- a\n- b\n")).code == "yaml_not_mapping"


# ------------------------------------------------------------------ front matter

def test_front_matter_and_body_with_the_body_line():
    source = split_front_matter("---\ntitle: A\ndate: 2021-10-01\n---\nFirst line\n\nSecond\n")
    assert source.front.data == {"title": "A", "date": "2021-10-01"}
    assert source.body == "First line\n\nSecond\n"
    assert source.body_line == 5
    assert source.front.line("date") == 3


def test_front_matter_alone_without_a_final_newline():
    source = split_front_matter("---\ntitle: A\n---")
    assert source.front.data == {"title": "A"} and source.body == ""


def test_a_horizontal_rule_in_the_body_is_not_the_fence():
    source = split_front_matter("---\ntitle: A\n---\nabove\n---x\n\n---\n\nbelow\n")
    assert source.body == "above\n---x\n\n---\n\nbelow\n"


@pytest.mark.parametrize("text, code", [
    ("", "empty_file"),
    ("  \n\n", "empty_file"),
    ("title: A\n", "no_front_matter"),
    ("---\ntitle: A\n", "front_matter_unclosed"),
])
def test_front_matter_mistakes(text, code):
    assert error_of(lambda: split_front_matter(text)).code == code
