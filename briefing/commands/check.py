"""`briefing check`: a book (or a theme) validated, its warnings printed, nothing written."""

from __future__ import annotations

import sys

from briefing.commands import EXIT_OK, theme_path, usage


def run(arguments) -> int:
    if arguments.book is None:  # `briefing check --theme FILE`: the theme alone
        if not arguments.theme:
            return usage("check needs a BOOK, a --theme FILE, or both")
        from briefing.check import check_theme

        check_theme(arguments.theme)
        print(f"{arguments.theme}: valid theme")
        return EXIT_OK
    from briefing.building import checked

    entry = checked.key(arguments.book, arguments.theme, arguments.strict)
    said = checked.recall(entry)
    if said is None:
        said = _check(arguments)
        checked.remember(entry, *said)
    errors, output = said
    for line in errors:
        print(line, file=sys.stderr)
    for line in output:
        print(line)
    return EXIT_OK


def _check(arguments) -> tuple[list[str], list[str]]:
    """Checks the book; returns what to print on stderr (its warnings) and on stdout (the answer), or raises
    InvalidInput with every problem."""
    from briefing.check import check_trees, load_checked

    from briefing.errors import InvalidInput
    from briefing.translations.commands import check_warnings

    book, theme = load_checked(arguments.book, theme_path(arguments))
    check_trees(book)
    if book.templates:
        # The book's own templates are its program: their output is held to the glyph rules as a build's is.
        from briefing.safety.drawable import check_documents
        from briefing.book.targets import Options

        check_documents(book, theme, set(book.locales), Options())
    from briefing.content.lint import content_warnings

    warnings = sorted(check_warnings(book) + content_warnings(book), key=lambda p: (p.file, p.line, p.message))
    if warnings and arguments.strict:
        raise InvalidInput(warnings)
    errors = [f"{warning}" for warning in warnings]
    from briefing.translations.state import MISSING, Assessment

    # check and build agree: a locale with a missing translation does not build without --draft.
    lacking = sorted({t.locale for t in Assessment(book).translations if t.state == MISSING})
    if lacking:
        errors.append(f"briefing: a build of {', '.join(lacking)} fails for texts not translated yet unless --draft "
                      "(which stands the source text in, marked)")
    shown = f"; {len(warnings)} warning(s) (--strict makes them errors)" if warnings else ""
    # check sees no pages: the preflight report of layout comes from `build` (briefing/preflight).
    return errors, [f"{arguments.book}: valid ({', '.join(book.locales)}){shown}",
                    "layout (loose, overfull and ragged lines) is checked at build: `briefing build --strict` "
                    "refuses what it finds"]
