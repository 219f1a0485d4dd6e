"""The subcommands of the command line, one module each, and what they share: exit statuses, usage errors, the theme, the book's lock."""

from __future__ import annotations

import sys
from pathlib import Path

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3


def usage(message: str) -> int:
    print(f"briefing: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def theme_path(arguments):
    if arguments.theme:
        return Path(arguments.theme)
    from briefing.paths import DEFAULT_THEME

    return DEFAULT_THEME


def writing(book: str):
    """The book folder's lock for a command that rewrites it (briefing/safety/locking.py); none for a path that is not
    a folder, which the loader then reports."""
    import contextlib

    from briefing.safety.locking import writing_book

    return writing_book(book) if Path(book).is_dir() else contextlib.nullcontext()


def ignore_stopping_signals() -> None:
    import signal

    from briefing.safety.locking import STOPPING

    for signum in STOPPING:
        signal.signal(signum, signal.SIG_IGN)
