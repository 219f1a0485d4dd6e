"""Warms the build server before it takes a command: imports every command's modules, then builds a new book in every language and format, so fonts, languages, hyphenation and templates are loaded once for all its children."""

from __future__ import annotations

import contextlib
import datetime
import io
import tempfile
from pathlib import Path

# Each command's module, imported here so that no child pays for it.
COMMANDS = ("briefing.commands.build", "briefing.commands.check", "briefing.commands.library",
            "briefing.commands.new", "briefing.commands.translations", "briefing.commands.absorb",
            "briefing.building.runner", "briefing.building.workers", "briefing.writers.pdf", "briefing.writers.docx",
            "briefing.writers.html")


def warm_up() -> None:
    """Runs `new`, `check` and a build of every format and language in a temporary folder, quietly.

    The book is the one `briefing new` writes, so the warm-up depends on no
    content of the user's; its outputs are thrown away.
    """
    import importlib

    from briefing import cli, scaffold
    from briefing.i18n import names

    for module in COMMANDS:
        importlib.import_module(module)
    locales = list(names.available())
    with tempfile.TemporaryDirectory(prefix="briefing-warm-") as folder:
        book = Path(folder) / "warm-up"
        scaffold.create(book, locales, None, datetime.date(2000, 1, 1))
        quiet = io.StringIO()
        with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
            cli.main(["check", str(book)])
            cli.main(["build", str(book), "-o", str(Path(folder) / "out"), "-j", "1", "-f", "pdf", "-f", "docx",
                      "-f", "html", *[option for locale in locales for option in ("-l", locale)]])
    _warm_what_the_book_did_not_use(locales)


def _warm_what_the_book_did_not_use(locales: list[str]) -> None:
    """The default theme's fallback faces (a new book draws no ◎, so its build parsed none), and each language's
    Word set-up alone and as a pair's first language, with its variant styles for every second language:
    otherwise every command's child would make them again."""
    from briefing.building.workers import parse_fonts
    from briefing.i18n.locales import language_tag
    from briefing.paths import DEFAULT_THEME
    from briefing.theme import load_theme
    from briefing.writers.docx import prepared

    parse_fonts(str(DEFAULT_THEME), set(locales))
    prepared.warm(load_theme(DEFAULT_THEME), [language_tag(locale) for locale in locales])
