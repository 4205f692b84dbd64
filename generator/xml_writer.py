"""XML files (feeds, sitemap) written as strings, byte for byte as ElementTree writes them.

Building an ElementTree and writing it (`ET.indent`, `ET.tostring`: a tree of objects, walked for
namespaces, written a few characters at a time through a text wrapper) was most of the 0.3 s every
build spent on feeds and sitemap at 10,000 articles. These functions write the same bytes directly,
and let a feed write an article's entry once for all the feeds it is in. tests/test_feeds.py compares
them with ElementTree on odd trees and strings.

Names with a prefix (`atom:link`) are written as given: the root declares them with `xmlns:atom`
attributes, before its own (where ElementTree puts the namespaces a tree uses, sorted by prefix).
"""

from __future__ import annotations

from collections.abc import Sequence

DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"
_INDENT = "  "  # ET.indent's default, per level


def xml_element(tag: str, text: str | None = None, attributes: dict[str, str] | None = None) -> str:
    """An element without children: `<tag a="v">text</tag>`, or `<tag a="v" />` when it has no text."""
    start = _start(tag, attributes) if attributes else "<" + tag
    return f"{start}>{escape_text(text)}</{tag}>" if text else start + " />"


def xml_parent(tag: str, children: Sequence[str], level: int, attributes: dict[str, str] | None = None) -> str:
    """An element holding `children` (elements written for `level + 1`), each on its own line.

    `level` is how deep the element is: 0 for the root. Its lines are indented as ET.indent does.
    """
    if not children:
        return xml_element(tag, None, attributes)
    start = _start(tag, attributes) if attributes else "<" + tag
    inner = "\n" + _INDENT * (level + 1)
    return f"{start}>{inner}{inner.join(children)}\n{_INDENT * level}</{tag}>"


def xml_document(root: str) -> bytes:
    """An indented UTF-8 XML file with its declaration, around the root element."""
    # a lone surrogate is written as a character reference, as ElementTree's writer does
    return f"{DECLARATION}{root}\n".encode("utf-8", "xmlcharrefreplace")


def escape_text(text: str) -> str:
    """Character data as ElementTree escapes it: &, < and > only."""
    return _replace(text, _TEXT_ESCAPES)


def escape_attribute(value: str) -> str:
    """An attribute value as ElementTree escapes it: also quotes, and CR, LF and tab as references."""
    return _replace(value, _ATTRIBUTE_ESCAPES)


_TEXT_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))  # & first: the others bring their own
_ATTRIBUTE_ESCAPES = (*_TEXT_ESCAPES, ('"', "&quot;"), ("\r", "&#13;"), ("\n", "&#10;"), ("\t", "&#09;"))


def _replace(text: str, escapes: tuple[tuple[str, str], ...]) -> str:
    for character, reference in escapes:
        # `in` before replace: most strings need nothing, and the check is cheaper than the copy
        if character in text:
            text = text.replace(character, reference)
    return text


def _start(tag: str, attributes: dict[str, str]) -> str:
    return "<" + tag + "".join([f' {name}="{escape_attribute(value)}"' for name, value in attributes.items()])
