"""Parses the templates' markup into the document tree, giving headings and list items their numbering labels."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from briefing import tree
from briefing.i18n.numbering import Convention

BULLET = "•"


class MarkupError(Exception):
    """The templates produced markup that is not the document-tree vocabulary (a template bug, not a content one)."""


def parse(markup: str, numbering: Convention) -> tuple:
    """The blocks of a `<book>` in reading order."""
    try:
        root = ET.fromstring(markup)
    except ET.ParseError as error:
        raise MarkupError(f"templates produced malformed markup: {error}") from None
    if root.tag != "book":
        raise MarkupError(f"templates must produce <book>, not <{root.tag}>")
    blocks: list = []
    _Builder(numbering, blocks).children(root, level=1, depth=0)
    return tuple(blocks)


class _Builder:
    """Walks the markup, counting numbered sections and lists per depth as the numbering convention needs."""

    def __init__(self, numbering: Convention, out: list, list_level: int = 1):
        self.numbering = numbering
        self.out = out
        self.list_level = list_level  # how deep lists nest visually, for indentation

    def children(self, parent: ET.Element, level: int, depth: int) -> None:
        numbered_index = 0
        for element in parent:
            if element.tag == "section" and element.get("numbered") == "yes":
                numbered_index += 1
                label = self.numbering.label(depth + 1, numbered_index)
                self.section(element, level, depth + 1, label, self.numbering.level(depth + 1).gap)
            elif element.tag == "section":
                self.section(element, level, depth, "", "")
            else:
                self.out.append(self.block(element, depth))

    def section(self, element: ET.Element, level: int, depth: int, label: str, gap: str) -> None:
        heading = element.find("heading")
        if heading is None:
            raise MarkupError("<section> without <heading>")
        self.out.append(tree.Heading(level=level, text=_text(heading), label=label, gap=gap, state=_state(heading)))
        rest = ET.Element("body")
        rest.extend(child for child in element if child is not heading)
        self.children(rest, level + 1, depth)

    def block(self, element: ET.Element, depth: int):
        tag = element.tag
        if tag == "title-block":
            return tree.TitleBlock(
                title=_text(element.find("title")),
                subtitle=_text(element.find("subtitle")),
                date=_text(element.find("date")),
            )
        if tag == "p":
            return tree.Paragraph(_text(element), role=element.get("role", "body"), state=_state(element))
        if tag in ("bullets", "numbered"):
            return self.list(element, depth)
        if tag == "table":
            head = element.find("head")
            return tree.Table(
                header=tuple(_text(cell) for cell in head) if head is not None else (),
                rows=tuple(tuple(_text(cell) for cell in row) for row in element.findall("row")),
                role=element.get("role", "table"),
            )
        if tag == "entry":
            return tree.Entry(
                marker=element.get("marker", ""),
                title=_text(element.find("title")),
                flag=element.get("flag", ""),
                details=tuple(_text(detail) for detail in element.findall("detail")),
                state=_state(element),
            )
        raise MarkupError(f"unknown markup element <{tag}>")

    def list(self, element: ET.Element, depth: int) -> tree.List:
        ordered = element.tag == "numbered"
        # A numbered list takes the next depth of numbering; bullets leave it as it is.
        item_depth = depth + 1 if ordered else depth
        items = []
        for index, item in enumerate(element.findall("item"), start=1):
            label = self.numbering.label(item_depth, index) if ordered else BULLET
            nested: list = []
            _Builder(self.numbering, nested, self.list_level + 1).children(
                _without(item, "text"), level=1, depth=item_depth
            )
            items.append(tree.ListItem(label=label, text=_text(item.find("text")), blocks=tuple(nested),
                                       state=_state(item.find("text"))))
        return tree.List(ordered=ordered, items=tuple(items), depth=max(item_depth, 1), level=self.list_level)


def _without(element: ET.Element, tag: str) -> ET.Element:
    rest = ET.Element("body")
    rest.extend(child for child in element if child.tag != tag)
    return rest


def _text(element: ET.Element | None) -> str:
    if element is None:
        return ""
    return tree.plain("".join(element.itertext()))


def _state(element: ET.Element | None) -> str:
    """The state a draft build marked in an element's text: missing over stale, else empty."""
    text = "".join(element.itertext()) if element is not None else ""
    found = {state for mark, state in tree.STATE_MARKS.items() if mark in text}
    return "missing" if "missing" in found else found.pop() if found else ""
