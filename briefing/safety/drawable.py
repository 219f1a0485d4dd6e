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
    CheckedTrees(book, theme, locales, options).check_all()


class CheckedTrees:
    """A build's document trees, each language's checked before a writer is given a tree that holds it.

    A build with workers hands out a target as soon as its languages are
    checked, while the others are still being made; the first language found
    wanting has every other checked at once, so the refusal is the same, all
    problems at once, as when all are checked before any writing.
    """

    def __init__(self, book, theme, locales, options):
        self.book, self.theme, self.options = book, theme, options
        self.locales = sorted({part for locale in locales for part in locale.split("+")})
        self.found: dict[str, tuple[str | None, list]] = {}  # each checked language's refusal and problems

    def document(self, locale: str):
        """The tree of a locale or pair, its languages checked first; InvalidInput (or the refused --marking)
        for every problem of every language when one has any."""
        from briefing.building.build import document_for

        for part in locale.split("+"):
            if part not in self.found:
                self.found[part] = _findings(self.book, self.theme, part, self.options)
                if self.found[part] != (None, []):
                    self.check_all()
        return document_for(self.book, locale, self.options)

    def check_all(self) -> None:
        """Checks every language not checked yet, then refuses with what all of them found, in their order."""
        from briefing.arguments import ArgumentRefused

        for locale in self.locales:
            if locale not in self.found:
                self.found[locale] = _findings(self.book, self.theme, locale, self.options)
        problems = []
        for locale in self.locales:
            refused, found = self.found[locale]
            if refused:  # the first language, in order, that cannot draw the marking
                raise ArgumentRefused(refused)
            problems += found
        if problems:
            raise InvalidInput(problems)


def _findings(book, theme, locale: str, options) -> tuple[str | None, list]:
    """What one language's tree holds that its fonts cannot draw: the --marking refusal, or the problems."""
    from briefing.building.build import document_for

    document = document_for(book, locale, options)
    used = set().union(*every(document, str)) - NO_GLYPH
    try:
        chains = [chain(tuple(theme.font_patterns(locale, role))) for role in ("body", "bold", "heading")]
    except (FontNotFound, KeyError):
        return None, []  # reported by check_fonts already
    code_points = {ord(char) for char in used}
    missing = sorted({chr(point) for font_chain in chains for point in code_points - font_chain.code_points})
    problems = []
    for char in missing:
        what = f"no configured {locale!r} font has U+{ord(char):04X} {char!r}"
        if options.marking and char in options.marking:
            return f"--marking: {what}", []
        problems.append(_where(book, char, what))
    return None, problems


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
