"""A word diff of two versions of a source text, written as git's --word-diff=plain writes it: [-old-] {+new+}."""

from __future__ import annotations

import difflib
import re

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")
CONTEXT = 4  # words kept on each side of a change; longer unchanged runs are elided with …


def word_diff(old: str, new: str) -> str:
    """The new text with each removed run of words as [-…-] and each added run as {+…+}, unchanged runs shortened."""
    before, after = _TOKEN.findall(old), _TOKEN.findall(new)
    opcodes = difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    pieces = []
    for number, (op, a0, a1, b0, b1) in enumerate(opcodes):
        if op == "equal":
            pieces.append(_context(after[b0:b1], first=number == 0, last=number == len(opcodes) - 1))
            continue
        if a1 > a0:
            pieces.append("[-" + "".join(before[a0:a1]) + "-]")
        if b1 > b0:
            pieces.append("{+" + "".join(after[b0:b1]) + "+}")
    return "".join(pieces)


def _context(tokens: list[str], first: bool, last: bool) -> str:
    """An unchanged run: whole when short, else the words next to the changes around it and … between."""
    words = [index for index, token in enumerate(tokens) if not token.isspace()]
    keep_head = 0 if first else CONTEXT
    keep_tail = 0 if last else CONTEXT
    if len(words) <= keep_head + keep_tail + 1:
        return "".join(tokens)
    head = "".join(tokens[: words[keep_head - 1] + 1]) if keep_head else ""
    tail = "".join(tokens[words[-keep_tail]:]) if keep_tail else ""
    if head and tail:
        return f"{head} … {tail}"
    return f"{head} …" if head else f"… {tail}"
