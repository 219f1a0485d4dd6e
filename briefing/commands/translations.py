"""`briefing translations status|export|import|mark-reviewed`: the translators' workflow on a book."""

from __future__ import annotations

from pathlib import Path

from briefing.commands import usage, writing


def run(arguments) -> int:
    from briefing.content import load_book

    if arguments.action in ("mark-reviewed", "import"):  # they rewrite the book: read it under its lock
        with writing(arguments.book):
            return _translations_in(arguments, load_book(arguments.book))
    return _translations_in(arguments, load_book(arguments.book))



def _translations_in(arguments, book) -> int:
    from briefing.translations import commands

    if arguments.action == "status":
        return commands.status(book, arguments.locales, arguments.list, arguments.json)
    if arguments.action == "mark-reviewed":
        if not arguments.places and not arguments.all:
            return usage("mark-reviewed: name translations by FILE:LINE, or give --all")
        return commands.mark_reviewed(book, arguments.places, arguments.locales, arguments.all)
    if arguments.action == "export":
        return commands.export(book, arguments.locale, Path(arguments.output), arguments.only_needed,
                               arguments.copy_source, arguments.tmx)
    return commands.import_(book, Path(arguments.xliff), arguments.dry_run)
