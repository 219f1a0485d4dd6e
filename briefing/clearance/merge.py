"""A three-way merge of one text at word level: the draft's and the content's edits both kept where they touch different words.

A desk officer edits one sentence of a paragraph in the draft while someone
else edits another sentence of it in the YAML; neither edit is lost and
neither side is asked to win. The merge is diff3's (Khanna, Kunal and Pierce,
"A Formal Investigation of Diff3", 2007) as Breezy's `merge3` library
implements it, over words, spaces and punctuation marks as tokens, so that
Japanese and Chinese, written without spaces, merge at the clause (、。).
"""

from __future__ import annotations

import re

import merge3

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


def merge_words(base: str, draft: str, content: str) -> str | None:
    """The text with both sides' edits, or None when they changed the same words (a conflict to decide)."""
    merged: list[str] = []
    for group in merge3.Merge3(_tokens(base), _tokens(draft), _tokens(content)).merge_groups():
        if group[0] == "conflict":
            return None
        merged.extend(group[1])
    return "".join(merged)


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)
