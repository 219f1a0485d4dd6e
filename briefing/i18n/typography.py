"""Typographic conventions applied to content text as it is rendered: each language's rules, as its language.toml lists them."""

from __future__ import annotations

import re

from briefing.i18n import languages

NBSP = "\u00a0"
NNBSP = "\u202f"


def refine(text: str, locale: str) -> str:
    """The text with its locale's spacing, quotation and punctuation conventions (none for English and Japanese)."""
    return languages.get(locale).refine(text)


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
