"""A built PDF's pages as pdfplumber reads them: text lines per column, each knowing whether it is a heading, and ruled tables."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

THEME = Path(__file__).resolve().parents[2] / "briefing" / "themes" / "default.toml"
# The running head sits above this and the foot below the other, in the PDF and in LibreOffice's
# layout of the draft alike (their margins are the theme's); everything between is the page's text.
FRAME_TOP, FRAME_BOTTOM = 55.0, 790.0


def _colour(hex_colour: str) -> tuple[float, ...]:
    return tuple(int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))


# Headings and register category titles are the only text set in the theme's heading colour
# (the title block too, which never ends a page); a reader needs no font names to find them.
HEADING = _colour(tomllib.loads(THEME.read_text(encoding="utf-8"))["colours"]["heading"])


@dataclass
class Line:
    """One line of text in one column: words whose tops lie within a few points of each other."""
    page: int
    column: int  # 0 left (or the only column), 1 right
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    heading: bool
    text: str
    in_table: bool = False


@dataclass
class Page:
    number: int
    width: float
    lines: list = field(default_factory=list)  # Line, top to bottom per column
    tables: list = field(default_factory=list)  # Table


@dataclass
class Table:
    """A ruled table (or the part of one on this page) as pdfplumber's line strategy finds it."""
    page: int
    column: int
    top: float
    bottom: float
    xs: tuple  # the x of each vertical rule: a table's columns, to tell a continuation from another table
    rows: list  # per row, the text of each cell (None where a spanning cell covers it)
    cells: list  # per cell, (x0, top, x1, bottom, lines of text)


def _same(colour, target) -> bool:
    return colour is not None and len(colour) == 3 and all(abs(a - b) < 0.01 for a, b in zip(colour, target))


def _column(x0: float, width: float, columns: int) -> int:
    return int(columns == 2 and x0 > width / 2)


def _group(words: list[dict]) -> list[list[dict]]:
    """Words into lines: a word joins the line whose top is within a third of its size of its own
    (Japanese and Latin faces on one line start a point or two apart)."""
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["top"], 1), w["x0"])):
        if lines and abs(word["top"] - lines[-1][0]["top"]) < word["size"] / 3:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _cell_lines(chars: list[dict], box) -> list[str]:
    """The text of a cell, line by line, from the characters whose centre lies inside it."""
    x0, top, x1, bottom = box
    inside = [c for c in chars if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom]
    rows: list[list[dict]] = []
    for char in sorted(inside, key=lambda c: (round(c["top"], 1), c["x0"])):
        if rows and abs(char["top"] - rows[-1][0]["top"]) < char["size"] / 3:
            rows[-1].append(char)
        else:
            rows.append([char])
    return ["".join(c["text"] for c in sorted(row, key=lambda c: c["x0"])) for row in rows]


def read(path, columns: int = 1) -> list[Page]:
    """Every page of a PDF: its text lines inside the frame and its ruled tables, per column
    (`columns=2` for a bilingual output, whose two languages stand left and right of the middle)."""
    import pdfplumber

    pages = []
    with pdfplumber.open(str(path)) as pdf:
        for number, source in enumerate(pdf.pages, 1):
            page = Page(number, float(source.width))
            for found in source.find_tables():
                x0, top, x1, bottom = found.bbox
                xs = tuple(sorted({round(cell[0]) for cell in found.cells} | {round(x1)}))
                cells = [(*cell, _cell_lines(source.chars, cell)) for cell in found.cells]
                page.tables.append(Table(number, _column(x0, page.width, columns), top, bottom, xs,
                                         found.extract(), cells))
            words = source.extract_words(extra_attrs=["size", "non_stroking_color"], use_text_flow=False)
            words = [w for w in words if FRAME_TOP < w["top"] < FRAME_BOTTOM]
            for column in range(columns):
                own = [w for w in words if _column(w["x0"], page.width, columns) == column]
                for group in _group(own):
                    first = group[0]
                    top = min(w["top"] for w in group)
                    in_table = any(t.column == column and t.top - 1 <= top <= t.bottom for t in page.tables)
                    page.lines.append(Line(number, column, top, max(w["bottom"] for w in group),
                                           group[0]["x0"], group[-1]["x1"], max(w["size"] for w in group),
                                           _same(first["non_stroking_color"], HEADING),
                                           " ".join(w["text"] for w in group), in_table))
            pages.append(page)
    return pages


def column_lines(page: Page, column: int) -> list[Line]:
    return [line for line in page.lines if line.column == column]
