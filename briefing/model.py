"""The book model: what a briefing book says, in every locale, knowing nothing of output formats."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
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


Block = Union[Paragraph, BulletList, NumberedList, Section]


@dataclass(frozen=True)
class Module:
    """One content file of prose: a sequence of blocks."""

    name: str
    blocks: tuple[Block, ...]


# The closed set of register categories, in the order the register shows them.
CATEGORIES = ("international_commitment", "other_agreement", "non_governmental")


@dataclass(frozen=True)
class Signatory:
    """A person who signed, with the office they signed in."""

    name: Text
    office: Text


@dataclass(frozen=True)
class OutcomeDocument:
    """One document signed during the visit, with the two facts its markers come from."""

    id: str
    category: str
    title: Text
    signatories: tuple[Signatory, ...]
    description: Text | None
    signed_at_ceremony: bool
    requires_legislative_approval: bool


@dataclass(frozen=True)
class Category:
    """A register category as the book uses it, with an optional note under its title."""

    id: str
    note: Text | None = None


@dataclass(frozen=True)
class Register:
    """The appendix: the outcome documents grouped by category."""

    name: str
    title: Text
    subtitle: Text | None
    categories: tuple[Category, ...]
    documents: tuple[OutcomeDocument, ...]


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
    classification: Text
    date_style: dict[str, str]
    author: Text | None
    markings: tuple[Text, ...]
    outline: tuple[Union[OutlineModule, OutlineGroup], ...]
    modules: dict[str, Module] = field(default_factory=dict)
    register: Register | None = None
    source_files: tuple[str, ...] = ()
    templates: str | None = None  # the book's own templates/ folder, overriding the defaults
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
