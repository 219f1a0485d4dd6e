"""Print defects counted in built books, read back with poppler and pdfplumber (LibreOffice for the Word drafts, Chromium for the web pages), never with briefing's own code."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import yaml

from . import drafts, layout, lines, tables
from .reading import read
from .web import HTML_KINDS

# Every kind counted, in the order the report prints them.
PDF_KINDS = ("stranded headings", "headings without space", "tables split", "broken cell words",
             "loose lines", "ragged CJK lines", "near-empty pages", "mixed decimals")
DRAFT_KINDS = ("draft near-empty pages", "draft tables split", "draft broken runs", "draft CJK italics",
               "draft cells without padding")
KINDS = PDF_KINDS + DRAFT_KINDS + HTML_KINDS


def vocabulary(book: Path | None) -> set[str]:
    """Every space-separated word of a book's content (YAML read with PyYAML): a line break between two
    pieces of one of them is a broken word."""
    words: set[str] = set()
    if book is None:
        return words

    def walk(value) -> None:
        if isinstance(value, str):
            words.update(word.strip(".,;:()\"'«»") for word in re.split(r"\s+", value))
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for path in sorted(book.glob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return {word for word in words if word}


def measure_pdf(path: Path, words: set[str] | None = None) -> dict[str, list]:
    """Each PDF kind's findings (page and what) in one built PDF; a pair (ja+en in its name) is read in two columns."""
    path = Path(path)
    columns = 2 if "+" in path.name.split(".")[-2] else 1
    pages = read(path, columns)
    measured = lines.measure(path)
    return {
        "stranded headings": layout.stranded_headings(pages, columns),
        "headings without space": layout.headings_without_space(pages, columns),
        "tables split": tables.split_tables(pages, columns),
        "broken cell words": tables.broken_cell_words(pages, words),
        "loose lines": measured.loose,
        "ragged CJK lines": measured.ragged_cjk,
        "near-empty pages": layout.near_empty_pages(pages),
        "mixed decimals": tables.mixed_decimals(pages),
    }


def content_of(name: str, search: list[Path]) -> Path | None:
    """The content folder a built book came from: a folder of that name under one of `search`."""
    return next((folder / name for folder in search if (folder / name / "book.yaml").is_file()), None)


def measure_book(folder: Path, name: str, book: Path | None = None, with_drafts: bool = True,
                 soffice: str = "soffice", browser=None) -> dict[str, dict[str, list]]:
    """Per output of one book in `folder` (its PDFs, its .docx drafts through LibreOffice, and its web pages
    when given a `web.Browser`), each kind's findings."""
    folder = Path(folder)
    words = vocabulary(book)
    found: dict[str, dict[str, list]] = {}
    for pdf in sorted(folder.glob(f"{name}.*.pdf")):
        found[pdf.name[len(name) + 1:-len(".pdf")]] = measure_pdf(pdf, words)
    docx = sorted(folder.glob(f"{name}.*.docx"))
    if with_drafts and docx:
        with tempfile.TemporaryDirectory(prefix="drafts-") as work:
            for draft, converted in zip(docx, drafts.convert(docx, Path(work), soffice)):
                found.setdefault(draft.name[len(name) + 1:-len(".docx")], {}).update(
                    drafts.measure_draft(converted, words))
    if browser is not None:
        for page in sorted(folder.glob(f"{name}.*.html")):
            found.setdefault(page.name[len(name) + 1:-len(".html")], {}).update(browser.measure(page))
    # Single-language outputs first, then the pairs, each in name order.
    return dict(sorted(found.items(), key=lambda item: ("+" in item[0], item[0])))


def counts(found: dict[str, dict[str, list]]) -> dict[str, dict[str, int]]:
    """Findings reduced to their numbers, per output and kind."""
    return {output: {kind: len(items) for kind, items in kinds.items()} for output, kinds in found.items()}


def books_in(folder: Path) -> list[str]:
    """The books built into a folder, by their manifests."""
    return sorted(json.loads(path.read_text(encoding="utf-8"))["book"] for path in Path(folder).glob("*.manifest.json"))
