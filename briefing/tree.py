"""The document tree: the format-neutral vocabulary templates produce and writers consume; imports nothing else of the project."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Meta:
    """Facts about the whole document, with the labels a writer needs while laying out pages, already translated."""

    title: str
    short_title: str
    subject: str
    author: str
    marking: str
    date: str
    language: str  # BCP 47 tag of the (primary) language, e.g. en-GB
    languages: tuple[str, ...] = ()  # every language tag used, primary first
    labels: dict[str, str] = field(default_factory=dict)  # e.g. page_of: "Page {page} of {pages}"
    keywords: tuple[str, ...] = ()
    secondary: "Meta | None" = None  # a bilingual document's right-hand language
    draft: bool = False  # print a DRAFT watermark (labels["draft"]) on every page


@dataclass(frozen=True)
class TitleBlock:
    """The book's title, subtitle and date, set at the top of the first page."""

    title: str
    subtitle: str
    date: str


@dataclass(frozen=True)
class Contents:
    """The table of contents: a titled list of every heading that follows, with its page."""

    title: str


@dataclass(frozen=True)
class Heading:
    """A section heading; level 1 is the top; label is its number ("2.", "(1)") or empty."""

    level: int
    text: str
    label: str = ""
    gap: str = " "  # between label and text: a space, an ideographic space, or nothing

    def display(self) -> str:
        """The heading as printed: label, gap and text."""
        return f"{self.label}{self.gap}{self.text}" if self.label else self.text


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of body text; role "note" is a smaller aside such as a category's note."""

    text: str
    role: str = "body"


@dataclass(frozen=True)
class ListItem:
    """One item of a list: its label ("(a)", "•"), its text and any blocks nested under it."""

    label: str
    text: str
    blocks: tuple = ()


@dataclass(frozen=True)
class List:
    """A bulleted or numbered list: numbering depth (1 = outermost) and visual nesting level (1 = not nested)."""

    ordered: bool
    items: tuple[ListItem, ...]
    depth: int = 1
    level: int = 1
    start: int = 1  # the number of the first item (a bilingual row holds one item of a longer list)


@dataclass(frozen=True)
class Table:
    """A table with one header row; role names its purpose ("legend") so writers can style it."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    role: str = "table"
    align: tuple[str, ...] = ()  # per column: "left", "right" or "center"; empty: every column left
    caption: str = ""
    source: str = ""  # where the figures come from, set under the table


@dataclass(frozen=True)
class Image:
    """An image file of the book: its path, format (png, jpeg, svg), size in pixels and SHA-256."""

    path: str
    format: str
    width: int
    height: int
    digest: str


@dataclass(frozen=True)
class Figure:
    """An image with its caption and the text that stands for it when it cannot be seen."""

    image: Image
    caption: str
    alt: str


@dataclass(frozen=True)
class Entry:
    """One register row: leading marker, title, trailing flag, and detail lines beneath, kept together."""

    marker: str
    title: str
    flag: str = ""
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class Aligned:
    """One block in two languages side by side: primary on the left, secondary on the right, starting on the same line."""

    left: object
    right: object


@dataclass(frozen=True)
class Document:
    """The whole document: metadata and the blocks in reading order."""

    meta: Meta
    blocks: tuple


# Every node a writer must be able to visit; a test checks both writers against it.
BLOCK_TYPES = (TitleBlock, Contents, Heading, Paragraph, List, Table, Entry, Aligned)
