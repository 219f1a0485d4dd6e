"""Column widths of a table sized to its content: no column narrower than its longest word, so no word is ever broken."""

from __future__ import annotations

import functools
import re
from typing import Callable

# Japanese has no spaces between words; a change of script is the nearest word
# boundary without a dictionary (署名式|において|署名|された|文書), and punctuation
# stays with what it follows. Other text breaks only at spaces.
_SCRIPTS = (
    ("kanji", re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆〇]")),
    ("katakana", re.compile(r"[\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f]")),
    ("hiragana", re.compile(r"[\u3040-\u309f]")),
    ("punctuation", re.compile(r"[\u3000-\u303f\uff01-\uff65]")),
)


@functools.lru_cache(maxsize=65536)  # asked of each character of every cell; a book has a few thousand distinct
def _script(char: str) -> str:
    for name, pattern in _SCRIPTS:
        if pattern.match(char):
            return name
    return "space" if char.isspace() else "other"


# A table of this many body rows or fewer is never split across pages, in the PDF (up to half a page)
# and in the Word draft (a legend, a short series of figures): readers compare its rows, and a row left
# alone under a repeated header reads as a different table.
SMALL_TABLE_ROWS = 8

Measure = Callable[[str, bool], float]  # (text, bold) -> width in the writer's unit


_OPENING = set("（(［[｛{〔〈《「『【〘〖〝‘“｟«")


# A run of Han characters may break between any two (JIS X 4051; Chinese has no other boundary), but a
# word of two to four characters should not: a column is sized for four, and longer runs break there.
HAN_UNIT = 4
_NAME_DOT = "・"  # the katakana middle dot between the parts of a name: a line may break after it


def pieces(text: str) -> list[str]:
    """The pieces a line should not break inside: words, runs of one Japanese script (a name's parts
    apart), and runs of Han characters up to four.

    Closing punctuation stays with what it follows; an opening bracket with what follows it.
    """
    return list(_pieces(text))


@functools.lru_cache(maxsize=8192)  # a table is sized in each format of each book it is in, and twice in a PDF
def _pieces(text: str) -> tuple[str, ...]:
    return tuple(unit for piece in _runs(text) for unit in _units(piece))


def _units(piece: str) -> list[str]:
    if _NAME_DOT in piece[:-1]:
        parts = piece.split(_NAME_DOT)
        return [part + _NAME_DOT for part in parts[:-1] if part] + ([parts[-1]] if parts[-1] else [])
    if sum(_script(c) == "kanji" for c in piece) <= HAN_UNIT:
        return [piece]
    # Every HAN_UNIT Han characters a new unit: punctuation stays with what it follows, an opening bracket
    # goes with what follows it.
    units, current, han = [], "", 0
    for char in piece:
        if _script(char) == "kanji" and han == HAN_UNIT:
            kept = current.rstrip("".join(_OPENING))
            units.append(kept)
            current, han = current[len(kept):], 0
        current += char
        han += _script(char) == "kanji"
    return [unit for unit in units + [current] if unit]


def _runs(text: str) -> list[str]:
    found: list[str] = []
    previous = "space"
    for char in text:
        script = _script(char)
        if script == "space":
            pass
        elif found and previous == "opening":
            found[-1] += char
        elif found and char not in _OPENING and (script == previous or script == "punctuation"
                                                 and previous != "space"):
            found[-1] += char
        else:
            found.append(char)
        if char in _OPENING and script == "punctuation":
            previous = "opening"
        elif script != "punctuation":
            previous = script
        elif previous == "opening":
            previous = "punctuation"
    return found


def _extents(header: tuple[str, ...], rows, measure: Measure) -> tuple[list[float], list[float]]:
    """Each column's longest piece and longest line."""
    columns = len(header) if header else (len(rows[0]) if rows else 0)
    shortest = [0.0] * columns
    longest = [0.0] * columns
    for bold, cells in [(True, header)] + [(False, row) for row in rows]:
        for column, text in enumerate(cells):
            for line in text.split("\n"):
                shortest[column] = max([shortest[column]] + [measure(piece, bold) for piece in _pieces(line)])
                longest[column] = max(longest[column], measure(line.strip(), bold))
    return shortest, longest


def words_fit(header: tuple[str, ...], rows, measure: Measure, available: float, padding: float) -> bool:
    """Whether every column can be as wide as its longest piece: then column_widths breaks no word."""
    shortest, _ = _extents(header, rows, measure)
    return sum(shortest) + padding * len(shortest) <= available + 1e-6


def column_widths(header: tuple[str, ...], rows, measure: Measure, available: float, padding: float) -> list[float]:
    """Widths summing to `available`: each column at least its longest piece, the rest shared by need.

    `padding` is a cell's left plus right padding. When every column's longest
    line fits, each gets its longest line and the space left is shared in
    proportion to it; otherwise each gets its longest piece plus a share of
    what is left in proportion to how much more its longest line needs (the
    automatic table layout of HTML and Word). Only when even the longest
    pieces cannot fit are they scaled down, and a word may then break.
    """
    shortest, longest = _extents(header, rows, measure)
    columns = len(shortest)
    if columns == 0:
        return []
    room = available - padding * columns
    if sum(longest) <= room:
        weights = [width or 1.0 for width in longest]
        widths = [width + (room - sum(longest)) * weight / sum(weights) for width, weight in zip(longest, weights)]
    elif sum(shortest) <= room:
        need = [wide - narrow for wide, narrow in zip(longest, shortest)]
        share = room - sum(shortest)
        widths = [narrow + share * extra / sum(need) for narrow, extra in zip(shortest, need)]
    else:
        widths = [narrow * room / sum(shortest) for narrow in shortest]
    return [width + padding for width in widths]
