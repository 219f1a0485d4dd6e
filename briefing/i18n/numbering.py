"""Numbering conventions: the label each locale gives the n-th item at a given depth of numbering."""

from __future__ import annotations

from dataclasses import dataclass

_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)

# Japanese government documents count ア, イ, ウ … in gojūon order.
_KATAKANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ"
# Russian lettered items skip ё, з, й, о, ч, ъ, ы, ь (ГОСТ Р 7.0.97 practice).
_CYRILLIC = "абвгдежиклмнпрстуфхцшщэюя"
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


def _from_alphabet(alphabet: str, n: int) -> str:
    letters = ""
    while n > 0:
        n, rest = divmod(n - 1, len(alphabet))
        letters = alphabet[rest] + letters
    return letters


_COUNTERS = {
    "decimal": str,
    "fullwidth": lambda n: str(n).translate(_FULLWIDTH_DIGITS),
    "latin": latin,
    "roman": roman,
    "katakana": lambda n: _from_alphabet(_KATAKANA, n),
    "cyrillic": lambda n: _from_alphabet(_CYRILLIC, n),
    # Not a count: every item gets the same en dash, as the deepest level of Russian official texts.
    "dash": lambda n: "\u2013",
}
# Counters that print the same mark for every item: Word lists them as bullets.
SYMBOLS = {"dash"}


@dataclass(frozen=True)
class Level:
    """How one depth is labelled: a counter and the text around it, e.g. `({})` with latin gives (a)."""

    counter: str
    pattern: str
    gap: str = " "  # what separates the label from a heading's text

    def label(self, n: int) -> str:
        return self.pattern.format(_COUNTERS[self.counter](n))


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


CONVENTIONS = {
    # As the English original: 1. / (1) / (a) / (i)
    "en": Convention((Level("decimal", "{}."), Level("decimal", "({})"), Level("latin", "({})"), Level("roman", "({})"))),
    # Japanese government style: １ / （１） / ア / （ア）; a bare label is
    # followed by an ideographic space, a bracketed one by nothing.
    "ja": Convention((
        Level("fullwidth", "{}", "\u3000"), Level("fullwidth", "（{}）", ""),
        Level("katakana", "{}", "\u3000"), Level("katakana", "（{}）", ""),
    )),
    # Russian official documents: 1. / 1) / а) / – (a dash, not Latin i), at the deepest level)
    "ru": Convention((Level("decimal", "{}."), Level("decimal", "{})"), Level("cyrillic", "{})"), Level("dash", "{}"))),
}
