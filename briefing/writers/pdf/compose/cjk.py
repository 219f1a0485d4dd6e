"""Japanese and Chinese lines justified between characters (JIS X 4051; W3C JLREQ and CLREQ), drawn with PDF character spacing."""

from __future__ import annotations

import functools
import math
from unicodedata import east_asian_width

from reportlab.platypus import paragraph as rl

# Where extra space goes first (JLREQ 3.8, CLREQ 3.2.1): between Japanese or Chinese and Latin
# or digits, up to a quarter em (JIS X 4051's 四分アキ); then after punctuation and around
# brackets, up to a quarter em too; then evenly between all characters, never inside a Latin run.
MIXED_LIMIT = 0.25
PUNCTUATION_LIMIT = 0.25
OPENING = set("（(［[｛{〔〈《「『【〘〖〝‘“")
CLOSING = set("、。，．）)］]｝}〕〉》」』】〙〗〟’”：；！？")


def whole_ems(width: float, em: float) -> float:
    """The measure a whole number of ems wide that fits in `width`, so a line of full-width characters fills it."""
    return math.floor(width / em + 1e-6) * em if em > 0 else width


def _latin(char: str) -> bool:
    return char.isascii() and not char.isspace() or east_asian_width(char) in ("Na", "H") and not char.isspace()


def spacing(text: str, extra: float, em: float) -> list[float]:
    """The space added after each character of a line so that it gains `extra` (the last character gets none)."""
    count = len(text)
    added = [0.0] * count
    if count < 2:
        return added
    gaps = range(count - 1)
    latin = [_latin(c) for c in text]
    mixed = [i for i in gaps if latin[i] != latin[i + 1] or text[i] == " " or text[i + 1] == " "]
    taken = set(mixed)  # made once: a set per gap made long lines quadratic
    punctuation = [i for i in gaps if i not in taken and (text[i] in CLOSING or text[i + 1] in OPENING)]
    everywhere = [i for i in gaps if not (latin[i] and latin[i + 1])] or list(gaps)
    left = extra
    if left > 0:
        for chosen, limit in ((mixed, MIXED_LIMIT * em), (punctuation, PUNCTUATION_LIMIT * em)):
            if chosen and left > 0:
                share = min(limit, left / len(chosen))
                for i in chosen:
                    added[i] += share
                left -= share * len(chosen)
    share = left / len(everywhere)
    for i in everywhere:
        added[i] += share
    return added


# Spacing wider than this between every two characters no longer reads as a line: it is left short.
WIDEST_SPACING = 0.5


def unjustifiable(extra: float, characters: int, em: float) -> tuple[str, str] | None:
    """Why a line cannot be set flush, as (preflight kind, message), or None when it can."""
    from briefing.preflight import NOT_FLUSH, OVERFULL

    if extra < -0.5:
        return OVERFULL, f"a line is {-extra:.1f} pt wider than its measure"
    if extra > 0.5 and (characters < 2 or extra / (characters - 1) > WIDEST_SPACING * em):
        return NOT_FLUSH, (f"a line ends {extra:.1f} pt short of the measure: spacing it out would open "
                           f"gaps over half an em between its characters")
    return None


class Unjustified(str):
    """A one-font line's text left short of the measure, with the preflight's note on it and its text's content path."""

    def __new__(cls, text: str, note: tuple[str, str], where: str):
        made = super().__new__(cls, text)
        made.note, made.where = note, where
        return made


class SpacedText(str):
    """A one-font line's text with the space after each character: runs of (text, character spacing)."""

    runs: tuple
    where: str = ""


def _runs(text: str, added: list[float]) -> list[tuple[str, float]]:
    runs: list[tuple[str, float]] = []
    for char, space in zip(text, added):
        if runs and abs(runs[-1][1] - space) < 1e-6:
            runs[-1] = (runs[-1][0] + char, runs[-1][1])
        else:
            runs.append((char, space))
    return runs


@functools.lru_cache(maxsize=8192)
def spaced_text(text: str, extra: float, em: float) -> SpacedText:
    """A line's text with its spacing, made once per text, spare width and em: the line breaker sets the same
    lines at each wrap of a paragraph, and a language's text again in each of its pairs. Read, never changed."""
    spaced = SpacedText(text)
    spaced.runs = tuple(_runs(text, spacing(text, extra, em)))
    return spaced


def spaced_words(words: list, extra: float, em: float) -> list:
    """A fragment line's words split into runs of equal spacing, each fragment carrying its `char_space`."""
    text = "".join(w.text for w in words if not hasattr(w, "cbDefn"))
    added = iter(spacing(text, extra, em))
    out = []
    for word in words:
        if hasattr(word, "cbDefn"):
            out.append(word)
            continue
        for run, space in _runs(word.text, [next(added) for _ in word.text]) or [("", 0.0)]:
            piece = word.clone()
            piece.text = run
            piece.char_space = space
            out.append(piece)
    return out
