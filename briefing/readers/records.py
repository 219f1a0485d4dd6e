"""What a read draft holds: the snapshot's records, revisions, comments, paragraphs and how each maps to the content."""

from __future__ import annotations

from dataclasses import dataclass, field

# -- what a draft holds --------------------------------------------------------


@dataclass(frozen=True)
class Record:
    """One entry of the snapshot: a bookmark the writer placed and what it said there."""

    id: str
    kind: str  # "text" or a generated kind ("date", "table", "detail", …)
    text: str
    language: str
    path: str = ""  # content path of a text; for generated text, the nearest one before it
    part: int = 0
    parts: int = 1
    prefix: str = ""
    suffix: str = ""
    state: str = ""


@dataclass
class Snapshot:
    book: str
    content: str
    languages: tuple[str, ...]
    records: dict[str, Record]
    furniture: dict[str, str]
    contents: list = field(default_factory=list)  # (heading's content path, language, entry text)


@dataclass(frozen=True)
class Revision:
    """A tracked change: inserted, deleted, moved or formatting only, by whom and when, in which paragraph."""

    kind: str  # "insert", "delete" or "format"
    author: str
    date: str
    text: str
    paragraph: int


@dataclass(frozen=True)
class Comment:
    id: str
    author: str
    date: str
    text: str


@dataclass
class Paragraph:
    """A body paragraph after tracked changes are decided: its text and where bookmarks and comments sit in it."""

    number: int  # 1-based, in reading order (table cells included)
    text: str = ""
    marks: list = field(default_factory=list)  # (offset, bookmark name), traced bookmarks only
    comments: list = field(default_factory=list)  # (offset, "start"|"end", comment id)
    level: int | None = None  # the list level when the paragraph is numbered
    style: str = ""
    column: int | None = None  # the cell's index in its row, None outside a table
    contents: bool = False  # inside the contents (TOC) field


@dataclass(frozen=True)
class Found:
    """A traced text as the draft now has it (one paragraph of it), and what stands around it."""

    id: str
    text: str
    paragraph: int
    prefix: str  # what precedes it in its paragraph (a heading's label, an entry's marker)
    suffix_ok: bool  # the generated text after it (an entry's flag) is still there
    level: int | None = None  # its paragraph's list level, when numbered
    column: int | None = None  # its table cell's index in the row (a bilingual draft's column), None outside


@dataclass(frozen=True)
class New:
    """A paragraph with no trace: typed into the draft. `after` is the traced text it follows in its column."""

    paragraph: int
    text: str
    level: int | None
    style: str
    after: str | None
    column: int | None


@dataclass(frozen=True)
class Remark:
    """A reviewer's comment with the text it is anchored on and the traced text it starts in."""

    comment: Comment
    anchored: str
    at: str | None  # the record id whose text the comment starts in
    paragraph: int


@dataclass
class Reading:
    """What a draft says once its tracked changes are decided."""

    found: dict[str, Found]
    new: list[New]
    remarks: list[Remark]
    furniture: dict[str, str]
    joined: list[tuple[int, str, str]]  # (paragraph, first id, second id): two traced paragraphs made one
    ambiguous: list[tuple[int, str, str]] = field(default_factory=list)  # (paragraph, record id, why): not guessed
