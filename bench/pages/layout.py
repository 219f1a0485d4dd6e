"""Page-level defects read from a PDF's lines: headings stranded at a page foot, nearly empty pages, and pair headings without their space above."""

from __future__ import annotations

from .reading import Page, column_lines

NEAR_EMPTY = 3  # a page holding this many lines of text or fewer (both columns together) is nearly empty
# The writer sets 1.3 to 2 times a heading's size above it (15.5 pt above an 11.5 pt category title,
# 25 pt above a 13 pt heading); a pair column that lost it keeps only a line gap of 3 to 5 pt.
SPACE_ABOVE = 0.75
# A category title's note is set smaller than the body text, directly under the title.
NOTE_BELOW = 1.5


def stranded_headings(pages: list[Page], columns: int) -> list[tuple[int, str]]:
    """(page, text) of each heading or category title (with its note) that ends a page's column
    while more pages follow: its text went on without it."""
    found = []
    for page in pages[:-1]:
        for column in range(columns):
            lines = [line for line in column_lines(page, column)]
            if not lines:
                continue
            last = lines[-1]
            if not last.heading and len(lines) > 1 and lines[-2].heading and not last.in_table \
                    and last.size < lines[-2].size and last.top - lines[-2].bottom < NOTE_BELOW * last.size:
                last = lines[-2]  # a category title followed by its note
            if last.heading and not last.in_table:
                found.append((page.number, last.text))
    return found


def near_empty_pages(pages: list[Page]) -> list[tuple[int, int]]:
    """(page, lines) of each page with at most NEAR_EMPTY lines of text (the first page excepted:
    it holds the title block)."""
    return [(page.number, len(page.lines)) for page in pages[1:] if len(page.lines) <= NEAR_EMPTY]


def headings_without_space(pages: list[Page], columns: int) -> list[tuple[int, str, float]]:
    """(page, text, points) of each heading that stands less than SPACE_ABOVE of its own size below the
    text before it in its column: in a pair, the column whose text was longer lost the heading's space."""
    found = []
    for page in pages:
        for column in range(columns):
            lines = column_lines(page, column)
            for before, line in zip(lines, lines[1:]):
                if line.heading and not before.heading and not line.in_table:
                    gap = line.top - before.bottom
                    if gap < SPACE_ABOVE * line.size:
                        found.append((page.number, line.text, round(gap, 1)))
    return found
