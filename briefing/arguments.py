"""The command line's free-text and numeric arguments checked like content: a refused one is a usage error naming the argument."""

from __future__ import annotations

import os
import unicodedata

from briefing.safety.characters import refused

# Columns (a wide CJK character counts two): a marking shares its line of the running
# head and foot with the title and the page number, twice over in a bilingual book.
MAX_MARKING = 32
MAX_JOBS = 64  # worker processes: each holds a writer and its fonts (tens of MiB)


class ArgumentRefused(Exception):
    """An argument that cannot be used; the message names it."""


def check_marking(marking: str | None) -> None:
    """`--marking` follows the content's character rules, on one line of the running head."""
    if marking is None:
        return
    found = refused(marking)
    if found is not None:
        raise ArgumentRefused(f"--marking: {found[1]}")
    if "\n" in marking or "\t" in marking:
        raise ArgumentRefused("--marking: a marking is one line, without tabs or line breaks")
    columns = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in marking)
    if columns > MAX_MARKING:
        raise ArgumentRefused(f"--marking: {columns:,} columns wide; a marking has at most {MAX_MARKING} "
                              "(a wide character such as 秘 counts two)")


def check_jobs(jobs: int) -> None:
    if jobs < 0:
        raise ArgumentRefused("-j/--jobs must be at least 1")
    if jobs > MAX_JOBS:
        raise ArgumentRefused(f"-j/--jobs {jobs}: at most {MAX_JOBS} processes")


def check_output(output: str) -> None:
    if not output.strip():
        raise ArgumentRefused("-o/--output: an empty folder name")
    found = refused(output)
    if found is not None or "\n" in output:
        raise ArgumentRefused("-o/--output: the folder name holds a control character")


def check_book_name(book: str) -> None:
    """The book folder's name names the outputs: it follows the rules a folder name given with -o follows."""
    name = os.path.basename(os.path.normpath(os.path.abspath(book)))
    if refused(name) is not None or "\n" in name:
        raise ArgumentRefused(f"BOOK {shown(name)}: the folder name, which names the outputs, holds a control "
                              "or bidirectional character; rename the folder")


def shown(value: str, limit: int = 40) -> str:
    """An argument quoted for a message, shortened: a megabyte of -l is not repeated back."""
    return repr(value if len(value) <= limit else value[:limit] + "…")
