"""The locales a book can be written in, and the language tags outputs declare for them (from each language.toml)."""

from __future__ import annotations

from briefing.i18n import languages


def supported() -> tuple[str, ...]:
    return languages.available()


def language_tag(locale: str) -> str:
    """BCP 47 tag for PDF /Lang, DOCX w:lang and document properties."""
    return languages.get(locale).tag
