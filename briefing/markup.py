"""Parses the templates' markup into the document tree, giving headings and list items their numbering labels."""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET

from briefing import tree
from briefing.i18n.numbering import Convention

BULLET = "•"
ALIGNMENTS = ("left", "right", "center")


class MarkupError(Exception):
    """The templates produced markup that is not the document-tree vocabulary (a template bug, not a content one)."""


def parse(markup: str, numbering: Convention, images: dict[str, tree.Image] | None = None) -> tuple:
    """The blocks of a `<book>` in reading order; a `<figure image="KEY">` takes `images[KEY]`.

    Templates are untrusted, so a figure names an image the loader has already
    checked (by key), never a file.
    """
    try:
        root = ET.fromstring(markup)
    except ET.ParseError as error:
        raise MarkupError(f"templates produced malformed markup: {error}") from None
    if root.tag != "book":
        raise MarkupError(f"templates must produce <book>, not <{root.tag}>")
    blocks: list = []
    _Builder(numbering, blocks, images=images or {}).children(root, level=1, depth=0)
    return tuple(blocks)


class _Builder:
    """Walks the markup, counting numbered sections and lists per depth as the numbering convention needs."""

    def __init__(self, numbering: Convention, out: list, list_level: int = 1, images: dict | None = None):
        self.numbering = numbering
        self.out = out
        self.list_level = list_level  # how deep lists nest visually, for indentation
        self.images = images if images is not None else {}

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
        self.out.append(tree.Heading(level=level, text=_line(heading), label=label, gap=gap, state=_state(heading),
                                    source=heading.get("src", "")))
        rest = ET.Element("body")
        rest.extend(child for child in element if child is not heading)
        self.children(rest, level + 1, depth)

    def block(self, element: ET.Element, depth: int):
        tag = element.tag
        if tag == "title-block":
            return tree.TitleBlock(
                title=_line(element.find("title")),
                subtitle=_line(element.find("subtitle")),
                date=_line(element.find("date")),
                source=_source(element.find("title")),
            )
        if tag == "p":
            return tree.Paragraph(_text(element), role=element.get("role", "body"), state=_state(element),
                                  source=element.get("src", ""))
        if tag in ("bullets", "numbered"):
            return self.list(element, depth)
        if tag == "table":
            return self.table(element)
        if tag == "figure":
            return self.figure(element)
        if tag == "entry":
            return tree.Entry(
                marker=element.get("marker", ""),
                title=_line(element.find("title")),
                flag=element.get("flag", ""),
                details=tuple(_text(detail) for detail in element.findall("detail")),
                state=_state(element),
                source=_source(element.find("title")),
            )
        raise MarkupError(f"unknown markup element <{tag}>")

    def table(self, element: ET.Element) -> tree.Table:
        head = element.find("head")
        header = tuple(_line(cell) for cell in head.findall("cell")) if head is not None else ()
        rows = tuple(tuple(_text(cell) for cell in row.findall("cell")) for row in element.findall("row"))
        columns = len(header) if header else (len(rows[0]) if rows else 0)
        for number, row in enumerate(rows, start=1):
            if len(row) != columns:
                raise MarkupError(f"table row {number} has {len(row)} cells, the "
                                  f"{'header' if header else 'first row'} {columns}")
        align = tuple(element.get("align", "").split())
        for value in align:
            if value not in ALIGNMENTS:
                raise MarkupError(f"unknown column alignment {value!r} (left, right or center)")
        if align and len(align) != columns:
            raise MarkupError(f"table align gives {len(align)} columns, the table has {columns}")
        return tree.Table(header=header, rows=rows, role=element.get("role", "table"), align=align,
                          caption=_text(element.find("caption")), source=_text(element.find("source")),
                          src=_source(element))

    def figure(self, element: ET.Element) -> tree.Figure:
        key = element.get("image", "")
        if key not in self.images:
            raise MarkupError(f"<figure> names an image that is not declared: {key!r}")
        return tree.Figure(image=self.images[key], caption=_text(element.find("caption")),
                           alt=_line(element.find("alt")))

    def list(self, element: ET.Element, depth: int) -> tree.List:
        ordered = element.tag == "numbered"
        # A numbered list takes the next depth of numbering; bullets leave it as it is.
        item_depth = depth + 1 if ordered else depth
        items = []
        for index, item in enumerate(element.findall("item"), start=1):
            label = self.numbering.label(item_depth, index) if ordered else BULLET
            nested: list = []
            _Builder(self.numbering, nested, self.list_level + 1, self.images).children(
                _without(item, "text"), level=1, depth=item_depth
            )
            items.append(tree.ListItem(label=label, text=_text(item.find("text")), blocks=tuple(nested),
                                       state=_state(item.find("text")), source=_source(item.find("text"))))
        return tree.List(ordered=ordered, items=tuple(items), depth=max(item_depth, 1), level=self.list_level)


def _without(element: ET.Element, tag: str) -> ET.Element:
    rest = ET.Element("body")
    rest.extend(child for child in element if child.tag != tag)
    return rest


# One rule for line breaks typed in a text, so the PDF, the Word draft and the web page agree:
# a blank line starts a new paragraph, a single line break is a space, except
# between Chinese or Japanese characters, where it joins them with nothing.
_BLANK_LINE = re.compile(r"[ \t]*\n(?:[ \t]*\n)+[ \t]*")
_LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*")


def _joins_without_space(before: str, after: str) -> bool:
    """CSS Text 3, §4.1.2 (segment break transformation): a line break between two East Asian wide, fullwidth or
    halfwidth characters is removed, unless either is Hangul (Korean puts spaces between words)."""
    def wide(char: str) -> bool:
        return unicodedata.east_asian_width(char) in ("W", "F", "H") and "HANGUL" not in unicodedata.name(char, "")
    return bool(before) and bool(after) and wide(before) and wide(after)


def _join_lines(part: str) -> str:
    """A paragraph's single line breaks as spaces, or as nothing between two CJK characters."""
    return _LINE_BREAK.sub(lambda m: "" if _joins_without_space(m.string[m.start() - 1:m.start()],
                                                               m.string[m.end():m.end() + 1]) else " ", part)


def _text(element: ET.Element | None) -> str:
    """The text of an element as paragraphs: single line breaks joined (as spaces outside CJK), a blank line kept as a paragraph break."""
    if element is None:
        return ""
    text = tree.plain("".join(element.itertext()))
    if "\n" not in text and "\r" not in text:
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # White space beside a line break is layout, not text.
    parts = (_join_lines(part).strip(" \t") for part in _BLANK_LINE.split(text.strip("\n")))
    return tree.PARAGRAPH_BREAK.join(part for part in parts if part)


def _line(element: ET.Element | None) -> str:
    """The text of an element that is one line (a heading, a title, a header cell): every line break a space."""
    return " ".join(tree.paragraphs(_text(element)))


def _source(element: ET.Element | None) -> str:
    """The content path a template gave an element's text (`src="summary.yaml:blocks[0].paragraph"`), else empty."""
    return element.get("src", "") if element is not None else ""


def _state(element: ET.Element | None) -> str:
    """The state a draft build marked in an element's text: missing over stale, else empty."""
    text = "".join(element.itertext()) if element is not None else ""
    found = {state for mark, state in tree.STATE_MARKS.items() if mark in text}
    return "missing" if "missing" in found else found.pop() if found else ""
