"""The document tree: the format-neutral vocabulary templates produce and writers consume; imports nothing else of the project."""

from __future__ import annotations

from dataclasses import dataclass, field

# A draft build marks a text whose translation is stale, or missing (the source
# text stands in), with one of these characters (Unicode non-characters, which
# content may not contain) at its start; markup.py turns the mark into the
# `state` of the node that carries the text, and writers show it.
STATE_MARKS = {"\ufdd0": "stale", "\ufdd1": "missing"}
_NO_MARKS = str.maketrans({mark: None for mark in STATE_MARKS})


# SOURCE: a node whose text is one content text, exactly as written (no label,
# bracket or words around it), names that text's content path in `source`
# (`summary.yaml:blocks[2].paragraph`), from the markup's `src` attribute. The
# Word draft carries it, so an edited draft can be absorbed back into content;
# empty means generated or composed text, which maps back to no single text.


def plain(text: str) -> str:
    """The text without state marks."""
    return text.translate(_NO_MARKS)


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
    book: str = ""  # the book's id and its content fingerprint: a Word draft records what it was built from
    content: str = ""


@dataclass(frozen=True)
class TitleBlock:
    """The book's title, subtitle and date, set at the top of the first page."""

    title: str
    subtitle: str
    date: str
    source: str = ""  # the title's content path (see SOURCE below)


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
    state: str = ""  # "stale" or "missing" in a draft build (see STATE_MARKS), else empty
    source: str = ""  # the text's content path (see SOURCE below)

    def display(self) -> str:
        """The heading as printed: label, gap and text."""
        return f"{self.label}{self.gap}{self.text}" if self.label else self.text


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of body text; role "note" is a smaller aside, "lead" a line under a heading, "meta" a fact of the title page."""

    text: str
    role: str = "body"
    state: str = ""  # "stale" or "missing" in a draft build (see STATE_MARKS), else empty
    source: str = ""  # the text's content path (see SOURCE below)


@dataclass(frozen=True)
class ListItem:
    """One item of a list: its label ("(a)", "•"), its text and any blocks nested under it."""

    label: str
    text: str
    blocks: tuple = ()
    state: str = ""  # "stale" or "missing" in a draft build (see STATE_MARKS), else empty
    source: str = ""  # the text's content path (see SOURCE below)


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
    """A table with one header row; role names its purpose ("legend", "data") so writers can style it.

    Cells are text (numbers arrive formatted for the locale); `align` gives each
    column's alignment ("left", "right", "center"; empty: every column left),
    `caption` is set above the table and `source` (a source note) below it.
    """

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    role: str = "table"
    align: tuple[str, ...] = ()
    caption: str = ""
    source: str = ""
    src: str = ""  # the table's content path (see SOURCE above): its caption, header, rows and note are under it

    def alignment(self, column: int) -> str:
        """The alignment of one column: as declared, else left."""
        return self.align[column] if column < len(self.align) else "left"


@dataclass(frozen=True)
class Image:
    """An image file that passed `briefing.images.inspect_image`: where it is, what it is, its pixels and its digest.

    Writers read the file again and compare its SHA-256 with `digest`, so what
    they embed is the file that was checked.
    """

    path: str  # real path, inside the book folder
    format: str  # "PNG" or "JPEG"
    width: int  # pixels
    height: int
    digest: str  # sha256 hex of the file's bytes


@dataclass(frozen=True)
class Figure:
    """An image with its caption (set beneath it, kept with it) and its alternative text for readers who cannot see it."""

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
    state: str = ""  # "stale" or "missing" in a draft build (title or a detail; see STATE_MARKS), else empty
    source: str = ""  # the title's content path (see SOURCE below)


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
BLOCK_TYPES = (TitleBlock, Contents, Heading, Paragraph, List, Table, Figure, Entry, Aligned)


PARAGRAPH_BREAK = "\n\n"


def paragraphs(text: str) -> tuple[str, ...]:
    """The paragraphs of a text as the markup left it: a blank line between two paragraphs, no other line break."""
    return tuple(text.split(PARAGRAPH_BREAK)) if PARAGRAPH_BREAK in text else (text,)
