"""The characters no input may carry, wherever it comes from: content, markings, themes, template output."""

from __future__ import annotations

import re

# C0/C1 controls other than the line break and tab, lone surrogates and the
# Unicode non-characters: no output format can carry them.
UNPRINTABLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    + "".join(chr(plane * 0x10000 + 0xFFFE) + chr(plane * 0x10000 + 0xFFFF) for plane in range(1, 17))
    + "]"
)

# Bidirectional embedding, override and isolate controls ("Trojan Source"), and
# the directional marks (LRM, RLM, ALM). Word applies all of them and the PDF
# only some, so the draft would read differently from the print; none is
# needed in English, Japanese or Russian text. Marks are refused rather than
# carried, the same rule as the controls: one rule, and no invisible difference
# between what a clearance officer reads and what is printed.
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
MARKS = frozenset("\u200e\u200f\u061c")


def refused(text: str) -> tuple[int, str] | None:
    """The first character `text` may not hold, as (index, why), or None."""
    found = BIDI.search(text)
    if found:
        char = found.group(0)
        kind = "a directional mark" if char in MARKS else "a bidirectional control"
        return found.start(), f"character U+{ord(char):04X} would reorder the text in Word ({kind}); remove it"
    found = UNPRINTABLE.search(text)
    if found:
        return found.start(), f"character U+{ord(found.group(0)):04X} cannot be printed; remove it"
    return None
