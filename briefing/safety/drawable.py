"""Every character a build will draw has a glyph: template output and the marking checked against the fonts as content is."""

from __future__ import annotations

from pathlib import Path

from briefing.errors import InvalidInput, Problem
from briefing.fonts import NO_GLYPH, FontNotFound, chain
from briefing.book.nested import every


def check_documents(book, theme, locales, options) -> None:
    """Makes each locale's tree (kept for the writers) and checks that its fonts draw every character in it.

    Content was checked when loaded, so a character missing here came from a
    book template or from --marking: the problem names that input.
    """
    from briefing.arguments import ArgumentRefused
    from briefing.building.build import document_for

    problems = []
    for locale in sorted(locales):
        document = document_for(book, locale, options)
        used = set().union(*every(document, str)) - NO_GLYPH
        try:
            chains = [chain(tuple(theme.font_patterns(locale, role))) for role in ("body", "bold", "heading")]
        except (FontNotFound, KeyError):
            continue  # reported by check_fonts already
        code_points = {ord(char) for char in used}
        missing = sorted({chr(point) for font_chain in chains for point in code_points - font_chain.code_points})
        for char in missing:
            what = f"no configured {locale!r} font has U+{ord(char):04X} {char!r}"
            if options.marking and char in options.marking:
                raise ArgumentRefused(f"--marking: {what}")
            problems.append(_where(book, char, what))
    if problems:
        raise InvalidInput(problems)


def _where(book, char: str, what: str) -> Problem:
    """The book template line that holds `char`, else the templates folder."""
    from briefing.templating import template_line_of

    folder = book.templates
    found_at = template_line_of(book, char, shipped=False)
    if found_at is not None:
        return Problem(_shown(Path(found_at[0])), found_at[1], f"template: {what}")
    return Problem(_shown(Path(folder or "templates")), 1, f"template output: {what}")


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
