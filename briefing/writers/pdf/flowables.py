"""Flowables of our own: a bilingual pair that splits both columns together, and contents lines filled in after layout."""

from __future__ import annotations

import functools

import io
from dataclasses import dataclass, field

from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Paragraph, Table

from briefing import tree


@dataclass
class PlacedLine:
    """A contents line as laid out: its page, its box in page coordinates, and the heading it points to."""

    page: int
    x: float
    y: float
    width: float
    height: float
    paragraph: Paragraph
    number_width: float
    key: str
    element: object = None  # the Link structure element its text and annotation belong to
    text: str = ""  # the heading as the contents gives it: the link's description for a screen reader


@dataclass
class ContentsRegistry:
    """Filled during the single layout pass: where each heading landed and where each contents line stands."""

    heading_pages: dict[str, int] = field(default_factory=dict)
    lines: list[PlacedLine] = field(default_factory=list)

    def on_page(self, page: int) -> list[PlacedLine]:
        return [line for line in self.lines if line.page == page]


class ContentsLine(Flowable):
    """One entry of the contents: its text now, its page number drawn once every heading has a page.

    Reserving the lines and filling in the numbers at the end gives a correct
    contents page in one layout pass, where a TableOfContents needs two.
    """

    NUMBER_WIDTH = 14 * 2.834645669  # 14 mm for the page number

    def __init__(self, paragraph: Paragraph, key: str, registry: ContentsRegistry, element=None, text: str = ""):
        super().__init__()
        self.paragraph = paragraph
        self.key = key
        self.registry = registry
        self.element, self.text = element, text
        self.keepWithNext = 0

    def wrap(self, available_width, available_height):
        _, height = self.paragraph.wrap(available_width - self.NUMBER_WIDTH, available_height)
        self.width, self.height = available_width, height
        return self.width, self.height

    def getSpaceBefore(self):
        return self.paragraph.getSpaceBefore()

    def getSpaceAfter(self):
        return self.paragraph.getSpaceAfter()

    def draw(self):
        x, y = self.canv.absolutePosition(0, 0)
        self.registry.lines.append(PlacedLine(self.canv.page_number(), x, y, self.width, self.height,
                                              self.paragraph, self.NUMBER_WIDTH, self.key, self.element, self.text))


class _KeepsOutline:
    """Mixed into a heading's paragraph class: when a heading taller than a page splits, its first part keeps the bookmark."""

    def split(self, available_width, available_height):
        parts = super().split(available_width, available_height)
        if len(parts) == 2 and hasattr(self, "outline"):
            parts[0].outline = self.outline
        return parts


@functools.lru_cache(maxsize=None)
def _outline_keeping(kind: type) -> type:
    return type(f"Heading{kind.__name__}", (_KeepsOutline, kind), {})


def keeping_outline(paragraph: Paragraph) -> Paragraph:
    """The heading's paragraph (plain, hyphenated or phrase-broken, as its language needs) made to keep its bookmark on a split."""
    paragraph.__class__ = _outline_keeping(type(paragraph))
    return paragraph


class SideBySide(Flowable):
    """Two stacks of flowables in two columns, starting on the same line; splits both at the same height."""

    def __init__(self, left: list, right: list, gutter: float, splittable: bool = True):
        super().__init__()
        self.left, self.right = left, right
        self.gutter = gutter
        self.splittable = splittable
        self.frame_height = float("inf")  # set by the writer: a pair taller than a page splits even if kept whole

    def _column(self, available_width: float) -> float:
        return (available_width - self.gutter) / 2

    # The space above and below a pair is the larger of its columns': the frame sets it between rows as
    # between any two flowables, so a heading after the longer column's text keeps its space above.
    def getSpaceBefore(self):
        return max((stack[0].getSpaceBefore() for stack in (self.left, self.right) if stack), default=0.0)

    def getSpaceAfter(self):
        return max((stack[-1].getSpaceAfter() for stack in (self.left, self.right) if stack), default=0.0)

    def wrap(self, available_width, available_height):
        column = self._column(available_width)
        self.width = available_width
        self.height = max(_stack_height(self.left, column), _stack_height(self.right, column))
        return self.width, self.height

    def split(self, available_width, available_height):
        if not self.splittable and self.height <= self.frame_height:
            return []
        column = self._column(available_width)
        left = _split_stack(self.left, column, available_height)
        right = _split_stack(self.right, column, available_height)
        if left is None or right is None:
            return []
        left, right = _same_rows(left, right, self.left, self.right, column, available_height)
        first = SideBySide(left[0], right[0], self.gutter)
        if hasattr(self, "outline"):  # a heading pair taller than a page: its bookmark goes with its start
            first.outline = self.outline
        return [first, SideBySide(left[1], right[1], self.gutter)]

    def draw(self):
        column = self._column(self.width)
        for stack, x in ((self.left, 0), (self.right, column + self.gutter)):
            y = self.height
            for index, flowable in enumerate(stack):
                _, height = flowable.wrap(column, 1e6)
                if index:
                    y -= flowable.getSpaceBefore()
                y -= height
                flowable.drawOn(self.canv, x, y)
                y -= flowable.getSpaceAfter()


def _stack_height(stack: list, width: float) -> float:
    total = 0.0
    for index, flowable in enumerate(stack):
        _, height = flowable.wrap(width, 1e6)
        total += height + (flowable.getSpaceBefore() if index else 0)
        if index < len(stack) - 1:
            total += flowable.getSpaceAfter()
    return total


def _split_stack(stack: list, width: float, available: float):
    """(what fits in `available`, the rest) or None when not even the first flowable can be split to fit."""
    used = 0.0
    for index, flowable in enumerate(stack):
        before = flowable.getSpaceBefore() if index else 0
        _, height = flowable.wrap(width, 1e6)
        if used + before + height <= available:
            used += before + height + flowable.getSpaceAfter()
            continue
        parts = flowable.split(width, available - used - before)
        if len(parts) == 2:
            return stack[:index] + [parts[0]], [parts[1]] + stack[index + 1:]
        # What keeps with the next flowable (a table's caption) moves with it.
        while index > 0 and (getattr(stack[index - 1], "keepWithNext", 0)
                             or getattr(stack[index - 1], "keeps_with_next", False)):
            index -= 1
        if index == 0:
            return None
        return stack[:index], stack[index:]
    return stack, []


def _table_rows(split) -> int | None:
    """The rows kept on this page of a table the split went through, or None when it fell between flowables."""
    kept, rest = split
    if kept and rest and isinstance(kept[-1], Table) and isinstance(rest[0], Table):
        return len(kept[-1]._cellvalues)
    return None


def _same_rows(left, right, left_stack, right_stack, width: float, available: float):
    """A table beside its translation breaks after the same row in both columns: the side that kept more
    rows is split again with the height of its extra rows taken off."""
    rows = (_table_rows(left), _table_rows(right))
    if None in rows or rows[0] == rows[1]:
        return left, right
    more = 0 if rows[0] > rows[1] else 1
    split, stack = (left, right)[more], (left_stack, right_stack)[more]
    table = split[0][-1]
    extra = sum(table._rowHeights[min(rows):]) if hasattr(table, "_rowHeights") else 0.0
    again = _split_stack(stack, width, available - extra - 0.01)
    if again is None or _table_rows(again) != min(rows):
        return left, right
    return (again, right) if more == 0 else (left, again)


def image_reader(image: tree.Image) -> ImageReader:
    """A reader of the checked image's bytes, refused if the file is no longer the one that was checked."""
    from briefing.images import data_of  # the bytes that were checked, read once

    return ImageReader(io.BytesIO(data_of(image)))


class FigureImage(Flowable):
    """An image drawn at a fixed size; one reader per image, so ReportLab embeds each image once however often drawn."""

    def __init__(self, reader: ImageReader, width: float, height: float, alt: str = ""):
        super().__init__()
        self.reader = reader
        self.width, self.height = width, height
        self.alt = alt
        self.hAlign = "CENTER"

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self):
        element = getattr(self, "element", None)
        if element is not None:  # PDF/UA: a figure's structure element gives its box on the page
            x, y = self.canv.absolutePosition(0, 0)
            element.attributes["BBox"] = (x, y, x + self.width, y + self.height)
        self.canv.drawImage(self.reader, 0, 0, self.width, self.height, mask="auto")
