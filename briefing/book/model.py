"""The book model: what a briefing book says, in every locale, knowing nothing of output formats."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Union


@dataclass(frozen=True)
class Text:
    """A human-readable string in the locales it is written in, with where it was read.

    `path` is its content path (`summary.yaml:blocks[2].section.title`), stable
    while the YAML's structure stays, by which translations and edits name it;
    `lines` is the line of each locale's text. A locale other than the book's
    source locale may be missing (not yet translated).
    """

    by_locale: dict[str, str]
    file: str = ""
    line: int = 0
    path: str = ""
    lines: dict[str, int] = field(default_factory=dict)

    def __getitem__(self, locale: str) -> str:
        return self.by_locale[locale]


@dataclass(frozen=True)
class Number:
    """A number typed in content, the same in every locale and formatted by each locale's conventions."""

    value: Decimal
    file: str = ""
    line: int = 0


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of prose."""

    text: Text


@dataclass(frozen=True)
class ListItem:
    """One list entry: its text and any blocks nested under it."""

    text: Text
    blocks: tuple["Block", ...] = ()


@dataclass(frozen=True)
class BulletList:
    """An unordered list."""

    items: tuple[ListItem, ...]


@dataclass(frozen=True)
class NumberedList:
    """An ordered list; its labels come from the locale's numbering convention."""

    items: tuple[ListItem, ...]


@dataclass(frozen=True)
class Section:
    """A titled group of blocks; numbered sections get a label from the numbering convention."""

    title: Text
    blocks: tuple["Block", ...]
    numbered: bool = True


@dataclass(frozen=True)
class Table:
    """A data table: a header row, rows of cells (texts or numbers), per-column alignment, caption and source note."""

    header: tuple[Union[Text, Number], ...]
    rows: tuple[tuple[Union[Text, Number], ...], ...]
    align: tuple[str, ...] = ()
    caption: Text | None = None
    source: Text | None = None
    places: tuple[int | None, ...] = ()  # per column: the decimals its numbers print with (None: no numbers)
    path: str = ""  # its content path (`economy.yaml:blocks[1].table`): a draft's edit of a cell is refused there


@dataclass(frozen=True)
class Figure:
    """An image file of the book with a caption and alternative text per locale; `image` is the checked file."""

    path: str  # as written in content, relative to the book folder
    caption: Text
    alt: Text
    image: object = None  # tree.Image once the file has been checked
    file: str = ""
    line: int = 0
    by_locale: tuple[tuple[str, str], ...] = ()  # (locale, path): an image whose labels are in that language
    localized: tuple[tuple[str, object], ...] = ()  # (locale, tree.Image) once checked

    def image_in(self, locale: str):
        """The checked image for a locale: its own where the figure gives one, else the one image."""
        return dict(self.localized).get(locale, self.image)


Block = Union[Paragraph, BulletList, NumberedList, Section, Table, Figure]


@dataclass(frozen=True)
class Module:
    """One content file of prose: a sequence of blocks."""

    name: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Signatory:
    """A person who signed, with the office they signed in."""

    name: Text
    office: Text


@dataclass(frozen=True)
class OutcomeDocument:
    """One document of the register, with the facts its markers come from (a fact the source does not give is absent)."""

    id: str
    category: str
    title: Text
    signatories: tuple[Signatory, ...]
    description: tuple[Block, ...]  # paragraphs and lists
    facts: dict[str, bool]
    signed_on: datetime.date | None = None
    signed_in: Text | None = None
    act: str = "signed"  # what the date and place record: signed, adopted, exchanged or issued
    file: str = ""
    line: int = 0


@dataclass(frozen=True)
class Category:
    """A register category: its title, an optional note under the title; the register lists them in this order."""

    id: str
    title: Text | None
    note: Text | None = None


@dataclass(frozen=True)
class Marker:
    """A symbol set before a document's title (lead) or after it (flag) when one of its facts has a given value."""

    symbol: dict[str, str]  # by locale; a locale without its own uses "*"
    fact: str
    when: bool
    position: str  # "lead" or "flag"
    meaning: Text | None = None
    default_meaning: str = ""  # the catalog's label when the book gives no meaning

    def symbol_in(self, locale: str) -> str:
        return self.symbol.get(locale, self.symbol.get("*", ""))


@dataclass(frozen=True)
class Register:
    """A register of documents grouped by category, with the markers that annotate them."""

    name: str
    title: Text
    subtitle: Text | None
    categories: tuple[Category, ...]
    documents: tuple[OutcomeDocument, ...]
    markers: tuple[Marker, ...] = ()
    numbering: str = "none"  # "none", "depth-1" … "depth-4" (the locale's styles) or "roman"
    brackets: bool = True  # each description printed in brackets, once around the whole


@dataclass(frozen=True)
class Participant:
    """A principal of the meeting."""

    party: str
    name: Text
    office: Text


@dataclass(frozen=True)
class Party:
    """A side of the meeting."""

    id: str
    name: Text


@dataclass(frozen=True)
class OutlineModule:
    """A place in the body where a module's blocks stand."""

    module: str


@dataclass(frozen=True)
class OutlineGroup:
    """A numbered section of the body whose content comes from several modules."""

    title: Text
    modules: tuple[str, ...]


@dataclass(frozen=True)
class Book:
    """A whole briefing book: its facts, its locales and its modules in reading order."""

    folder_name: str
    id: str
    date: datetime.date
    title: Text
    subtitle: Text | None
    short_title: Text
    parties: tuple[Party, ...]
    participants: tuple[Participant, ...]
    locales: tuple[str, ...]
    bilingual: tuple[tuple[str, str], ...]
    classification: Text | None
    date_style: dict[str, str]
    name_style: dict[str, str]
    author: Text | None
    markings: tuple[Text, ...]
    outline: tuple[Union[OutlineModule, OutlineGroup], ...]
    modules: dict[str, Module] = field(default_factory=dict)
    register: Register | None = None
    source_files: tuple[str, ...] = ()
    templates: str | None = None  # the book's own templates/ folder, overriding the defaults
    end_date: datetime.date | None = None  # the last day of a visit of several days
    venue: Text | None = None
    occasion: Text | None = None
    contents: str = "auto"  # "auto": a contents page unless the body is short; "yes"; "no"
    source_locale: str = ""  # the locale translations are made from (book.yaml `source_locale`, default the first)
    glossary: tuple["GlossaryTerm", ...] = ()  # glossary.yaml, when the book has one


@dataclass(frozen=True)
class GlossaryTerm:
    """One agreed term in each locale; `matches` are regular expressions covering a locale's inflected forms."""

    terms: dict[str, str]
    matches: dict[str, str] = field(default_factory=dict)
    note: str = ""
    file: str = ""
    line: int = 0
