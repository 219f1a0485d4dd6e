"""Numbering: the counters a language may use and the label each level gives its n-th item (the levels are in each language.toml)."""

from __future__ import annotations

from dataclasses import dataclass

_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)
_FULLWIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def roman(n: int) -> str:
    """Lower-case Roman numeral of a positive number."""
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def latin(n: int) -> str:
    """a, b, … z, aa, ab … as spreadsheets count."""
    letters = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


_CHINESE_DIGITS = "〇一二三四五六七八九"


def chinese(n: int) -> str:
    """一, 二 … 十, 十一 … 二十, 一百零一: Chinese counting as Word's chineseCounting writes it (below 10,000)."""
    if n >= 10000:
        return str(n)
    out = ""
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value)
        if digit:
            if zero:
                out += "〇"
            out += ("" if (value == 10 and digit == 1 and not out) else _CHINESE_DIGITS[digit]) + unit
            zero = False
        elif out:
            zero = True
    return out.replace("〇", "零")


def _from_alphabet(alphabet: str, n: int) -> str:
    letters = ""
    while n > 0:
        n, rest = divmod(n - 1, len(alphabet))
        letters = alphabet[rest] + letters
    return letters


# The counters a language's numbering may name (briefing/locale/<code>/language.toml);
# `alphabet` counts through the level's own letters (ア, イ …; а, б …; 가, 나 …).
COUNTERS = {
    "decimal": lambda n, level: str(n),
    "fullwidth": lambda n, level: str(n).translate(_FULLWIDTH_DIGITS),
    "latin": lambda n, level: latin(n),
    "latin-upper": lambda n, level: latin(n).upper(),
    "roman": lambda n, level: roman(n),
    "roman-upper": lambda n, level: roman(n).upper(),
    "chinese": lambda n, level: chinese(n),
    "alphabet": lambda n, level: _from_alphabet(level.alphabet, n),
    # Not a count: every item gets the same en dash, as the deepest level of Russian official texts.
    "dash": lambda n, level: "\u2013",
}


@dataclass(frozen=True)
class Level:
    """How one depth is labelled: a counter and the text around it, e.g. `({})` with latin gives (a)."""

    counter: str
    pattern: str
    gap: str = " "  # what separates the label from a heading's text
    alphabet: str = ""  # the letters of an `alphabet` counter
    word: str | None = None  # Word's number format (ST_NumberFormat); None: Word has none, labels are typed

    def label(self, n: int) -> str:
        return self.pattern.format(COUNTERS[self.counter](n, self))


@dataclass(frozen=True)
class Convention:
    """A locale's labels by depth (1 = top); depths past the last repeat the last level's style."""

    levels: tuple[Level, ...]

    def label(self, depth: int, n: int) -> str:
        if depth < 1 or n < 1:
            raise ValueError("depth and n count from 1")
        return self.level(depth).label(n)

    def level(self, depth: int) -> Level:
        return self.levels[min(depth, len(self.levels)) - 1]
