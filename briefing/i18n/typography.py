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


_KATAKANA = re.compile(r"[\u30a1-\u30fa\u30fc\u31f0-\u31ff]")


def name_before_title(name: str, title: str, locale: str) -> str:
    """A Japanese name written before its title, with a middle dot where katakana meets katakana.

    シュマトコ + エネルギー大臣 would read as one word (シュマトコエネルギー大臣);
    Japanese official texts write シュマトコ・エネルギー大臣. A name before a
    kanji title (キリエンコ国営…総裁, 二階経済産業大臣) takes no dot.
    """
    if locale == "ja" and name and title and _KATAKANA.match(name[-1]) and _KATAKANA.match(title[0]):
        return name + "・"
    return name
