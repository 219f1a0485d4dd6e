"""Typographic conventions applied to content text as it is rendered: each language's rules, as its language.toml lists them."""

from __future__ import annotations

from briefing.i18n import languages

NBSP = "\u00a0"
NNBSP = "\u202f"


def refine(text: str, locale: str) -> str:
    """The text with its locale's spacing, quotation and punctuation conventions (none for English and Japanese)."""
    return languages.get(locale).refine(text)
