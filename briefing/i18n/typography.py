"""Typographic conventions applied to content text as it is rendered, one documented rule per locale."""

from __future__ import annotations

import re

NBSP = "\u00a0"

# Russian official texts keep initials with the surname, numbers with "г."
# and a dash with the word before it, and quote with «ёлочки».
_RU_RULES = (
    (re.compile(r"\b((?:[А-ЯЁA-Z]\.){1,2}) (?=[А-ЯЁA-Z][а-яёa-z])"), rf"\1{NBSP}"),  # В.В. Путин
    (re.compile(r"(\d) (гг?\.)"), rf"\1{NBSP}\2"),                                   # 2009 г.
    (re.compile(r" (—)"), rf"{NBSP}\1"),                                              # слово — слово
    (re.compile(r'"([^"\n]*)"'), r"«\1»"),                                            # "…" → «…»
)


def refine(text: str, locale: str) -> str:
    """The text with its locale's spacing and quotation conventions; English and Japanese are left as written."""
    if locale == "ru":
        for pattern, replacement in _RU_RULES:
            text = pattern.sub(replacement, text)
    return text
