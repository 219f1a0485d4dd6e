"""A word diff of two versions of a source text, written as git's --word-diff=plain writes it: [-old-] {+new+}."""

from __future__ import annotations

import difflib
import re

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


def word_diff(old: str, new: str) -> str:
    """The new text with each removed run of words as [-…-] and each added run as {+…+} before it."""
    before, after = _TOKEN.findall(old), _TOKEN.findall(new)
    pieces = []
    for op, a0, a1, b0, b1 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append("".join(after[b0:b1]))
            continue
        if a1 > a0:
            pieces.append("[-" + "".join(before[a0:a1]) + "-]")
        if b1 > b0:
            pieces.append("{+" + "".join(after[b0:b1]) + "+}")
    return "".join(pieces)
