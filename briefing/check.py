"""Validation: a book and its theme, every glyph drawable, and (for `briefing check`) every document tree the book can make."""

from __future__ import annotations

from pathlib import Path

from briefing.book import model
from briefing.content.remembered import load_book  # the loader's, from the cache when nothing it reads changed
from briefing.errors import InvalidInput, Problem
from briefing.fonts import NO_GLYPH, FontNotFound, chain
from briefing.book.nested import every
from briefing.theme import DEFAULT_THEME, Theme, load_theme


def check_fonts(book: model.Book, theme: Theme, locales: tuple[str, ...] | None = None) -> None:
    """Every character of every text must be drawable by the fonts its locale is configured with."""
    problems: list[Problem] = []
    texts = list(every(book, model.Text))
    for locale in locales or book.locales:
        try:
            chains = [chain(tuple(theme.font_patterns(locale, role))) for role in ("body", "bold", "heading")]
        except FontNotFound as error:
            hint = ("; scripts/setup.sh installs the default theme's fonts (Debian packages)"
                    if Path(theme.path) == Path(DEFAULT_THEME) else "")
            problems.append(Problem(theme.path, theme.line_of(error.pattern), f"fonts for {locale!r}: {error}{hint}"))
            continue
        except KeyError:
            problems.append(Problem(theme.path, 1, f"no [fonts.{locale}] table for the book's locale {locale!r}"))
            continue
        values = [text.by_locale.get(locale, "") for text in texts]
        # Every character of the locale at once; text by text only to say where a missing one is.
        used = {ord(char) for char in set().union(*values) - NO_GLYPH}
        if all(font_chain.code_points.issuperset(used) for font_chain in chains):
            continue
        for text, value in zip(texts, values):
            for font_chain in chains:
                missing = font_chain.missing(value)
                if missing:
                    shown = ", ".join(f"U+{ord(c):04X} {c!r}" for c in missing)
                    problems.append(Problem(text.file, text.line, f"no configured {locale!r} font has {shown} "
                                                                  f"(add a face that has it to [fonts.{locale}] fallback in the theme)"))
                    break
    if problems:
        raise InvalidInput(problems)


def check_theme(path: str | Path) -> Theme:
    """A theme on its own: the schema, and every font pattern of every locale installed."""
    theme = load_theme(path)
    problems = []
    for locale in theme.fonts:
        for role in ("body", "bold", "heading"):
            try:
                chain(tuple(theme.font_patterns(locale, role)))
            except FontNotFound as error:
                problems.append(Problem(theme.path, theme.line_of(error.pattern), f"fonts for {locale!r}: {error}"))
    if problems:
        raise InvalidInput(problems)
    return theme


def load_checked(folder: str | Path, theme_path: str | Path = DEFAULT_THEME,
                 locales: list[str] | None = None) -> tuple[model.Book, Theme]:
    """Loads the book and the theme and checks that every glyph of the wanted locales (default: all) can be drawn."""
    theme = load_theme(theme_path)
    book = load_book(folder)
    wanted = {part for locale in locales for part in locale.split("+")} if locales else None
    check_fonts(book, theme, tuple(l for l in book.locales if l in wanted) if wanted else None)
    return book, theme


def check_trees(book: model.Book) -> None:
    """Renders the templates and document tree of every declared locale and pair, as a build would, without a writer.

    Whatever a template or the markup it produces gets wrong comes out here as
    file:line, so a book that `check` calls valid builds.
    """
    from briefing.building.build import document_for  # Jinja2 and Babel: only when the trees are wanted
    from briefing.translations.draft import marked_book
    from briefing.translations.state import Assessment

    # A missing translation is a warning of its own (a build of that locale needs --draft): render the
    # trees as a draft would, with the source text standing in, so the templates are checked for every locale.
    book = marked_book(book, Assessment(book), book.locales)
    # The locales share their templates: a template that fails in one fails (or runs out its time budget)
    # in every other, so the first locale's problems are the ones to report.
    for locale in book.locales:
        document_for(book, locale)
    for primary, secondary in book.bilingual:
        document_for(book, f"{primary}+{secondary}")
