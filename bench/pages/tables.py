"""Table defects read from a PDF's ruled tables: small tables split across pages, a pair's table split at different rows, words broken inside cells, and number columns of mixed decimals."""

from __future__ import annotations

import re
import unicodedata

from .reading import Page, column_lines

SMALL = 6  # a table of this many body rows or fewer should never split
_NUMBER = re.compile(r"^[-−+]?\d[\d\u00a0\u202f ,.]*$")


def _continues(page: Page, next_page: Page, table, columns: int):
    """The table on the next page that continues `table`: it ends its column on this page, and a table
    with the same column rules starts the same column on the next."""
    if any(line.top > table.bottom and not line.in_table for line in column_lines(page, table.column)):
        return None
    after = [t for t in next_page.tables if t.column == table.column]
    if not after:
        return None
    first = min(after, key=lambda t: t.top)
    above = [line for line in column_lines(next_page, table.column) if line.bottom < first.top and not line.in_table]
    if above or len(first.xs) != len(table.xs) or any(abs(a - b) > 2 for a, b in zip(first.xs, table.xs)):
        return None
    return first


def split_tables(pages: list[Page], columns: int) -> list[tuple[int, str]]:
    """(page, what) for each small table split across a page break, and each pair of tables split at a
    different row in the two columns."""
    found = []
    for page, next_page in zip(pages, pages[1:]):
        here: dict[int, int] = {}
        for table in page.tables:
            rest = _continues(page, next_page, table, columns)
            if rest is None:
                continue
            # The continuation repeats the header row; both parts count it once.
            rows = len(table.rows) - 1 + len(rest.rows) - 1
            here[table.column] = len(table.rows)
            if rows <= SMALL:
                found.append((page.number, f"a table of {rows} rows split {len(table.rows) - 1} + {len(rest.rows) - 1}"))
        if len(here) == 2 and here[0] != here[1]:
            found.append((page.number, f"the pair's table split after {here[0] - 1} and {here[1] - 1} rows"))
    return found


def _script(char: str) -> str:
    """A character's kind for word breaking: Han, hiragana and katakana runs are words of their own,
    letters and digits of the spaced scripts (Latin, Cyrillic, Hangul) join into words."""
    code = ord(char)
    if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or char in "々〆":
        return "han"
    if 0x3040 <= code <= 0x309F:
        return "hiragana"
    if 0x30A0 <= code <= 0x30FF and char != "・":
        return "katakana"
    if unicodedata.category(char)[0] in "LN":
        return "spaced"
    return ""


# A Han run longer than this is a compound of words and may break between them (モンゴル国/大統領);
# up to it, a run is one word (日本国, 符号). A kana run is one word (a name, a loanword, an ending).
HAN_WORD = 3


def _run(text: str, index: int, step: int) -> int:
    kind, count = _script(text[index]), 0
    while 0 <= index < len(text) and _script(text[index]) == kind:
        count, index = count + 1, index + step
    return count


def broken_cell_words(pages: list[Page], vocabulary: set[str] | None = None) -> list[tuple[int, str]]:
    """(page, word) for each cell line that ends inside a word. Between Han or kana, a break inside a run
    of one script (日本/国, ロシ/ア); between letters or digits of a spaced script, where the two ends
    joined make a word of the book's text (Yea/r) — a break at a space looks the same in a PDF, which
    draws no space at a line's end, so the book's own words tell them apart."""
    found = []
    for page in pages:
        for table in page.tables:
            for *_, lines in table.cells:
                for first, second in zip(lines, lines[1:]):
                    head, tail = first.rstrip(), second.lstrip()
                    if not head or not tail:
                        continue
                    a, b = _script(head[-1]), _script(tail[0])
                    if a != b or not a:
                        continue
                    if a == "spaced":
                        left = re.split(r"\s", head)[-1]
                        right = re.split(r"\s", tail)[0]
                        if vocabulary and (left + right).strip(".,;:()") in vocabulary:
                            found.append((page.number, f"{left}/{right}"))
                    elif a != "han" or _run(head, len(head) - 1, -1) + _run(tail, 0, 1) <= HAN_WORD:
                        found.append((page.number, f"{head[-3:]}/{tail[:3]}"))
    return found


def _decimals(cell: str) -> int:
    """Digits after the decimal sign (the last . or ,); a group of three after it groups thousands
    (1,234 or 1.234), as no column here gives three decimals."""
    match = re.search(r"[.,](\d+)$", re.sub(r"[\s\u00a0\u202f]", "", cell))
    return len(match.group(1)) if match and len(match.group(1)) != 3 else 0


def mixed_decimals(pages: list[Page]) -> list[tuple[int, str]]:
    """(page, column values) for each table column of numbers whose cells give different numbers of decimals (322 beside 211.5)."""
    found = []
    for page in pages:
        for table in page.tables:
            for index in range(len(table.rows[0]) if table.rows else 0):
                cells = [row[index] for row in table.rows[1:] if index < len(row) and row[index]]
                numbers = [cell.strip() for cell in cells if _NUMBER.match(cell.strip())]
                if len(numbers) >= 2 and len(numbers) == len(cells) and len({_decimals(n) for n in numbers}) > 1:
                    found.append((page.number, " ".join(numbers)))
    return found
