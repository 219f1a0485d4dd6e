"""The book's translations.lock: for each translation, a fingerprint of the source text it was made from.

One line per translated text and locale, sorted by content path, so two
people translating different texts change different lines and git merges
them; a conflict means both touched the same translation, as it should.
The translation's own fingerprint is kept too, so a text that moved (a
paragraph inserted before it shifts its path) is still recognised.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from briefing import guarded
from briefing.errors import Problem

FILE_NAME = "translations.lock"

HEADER = """\
# The source text each translation was made from, written by `briefing translations`
# (mark-reviewed, import). One line per translation: content path, locale, fingerprint
# of the source text, fingerprint of the translation. Keep it in version control.
"""

_FINGERPRINT = re.compile(r"[0-9a-f]{16}")
_NATURAL = re.compile(r"(\d+)")
MAX_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Record:
    path: str
    locale: str
    source: str  # fingerprint of the source-locale text
    target: str  # fingerprint of the translation
    line: int = 0


@dataclass
class Lock:
    """The records of one book, by content path and locale; `exists` is False for a book that tracks nothing yet."""

    file: str
    book_id: str
    source_locale: str
    records: dict[tuple[str, str], Record]
    exists: bool = True


def natural(path: str) -> list:
    """Sort key putting blocks[2] before blocks[10]."""
    return [int(part) if part.isdigit() else part for part in _NATURAL.split(path)]


def read_lock(folder: Path, shown: str, book_id: str, source_locale: str, locales: tuple[str, ...]) -> tuple[Lock, list[Problem]]:
    """Reads the lock file (an empty lock when there is none) and every problem in it: malformed, another book, another source."""
    path = folder / FILE_NAME
    problems: list[Problem] = []
    empty = Lock(shown, book_id, source_locale, {}, exists=False)
    if not os.path.lexists(path):
        return empty, problems
    try:
        raw = guarded.read(path, "translations lock", inside=folder).data  # a pipe, a device, a link out: refused
        text = raw.decode("utf-8")
    except guarded.Refused as refused:
        return empty, [Problem(shown, 1, f"the translations lock {refused}")]
    except (OSError, UnicodeDecodeError) as error:
        return empty, [Problem(shown, 1, f"cannot read the translations lock: {error}")]
    if len(raw) > MAX_BYTES:
        return empty, [Problem(shown, 1, f"the translations lock is larger than {MAX_BYTES // (1024 * 1024)} MiB")]
    lock = Lock(shown, "", "", {})
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        fields = stripped.split()
        if fields[0] == "book" and len(fields) == 2:
            lock.book_id = fields[1]
        elif fields[0] == "source" and len(fields) == 2:
            lock.source_locale = fields[1]
        elif len(fields) == 4 and ":" in fields[0] and all(_FINGERPRINT.fullmatch(f) for f in fields[2:]):
            content_path, locale, source, target = fields
            if locale not in locales or locale == source_locale:
                problems.append(Problem(shown, number, f"{content_path}: {locale!r} is not a translated locale of the book"))
            elif (content_path, locale) in lock.records:
                first = lock.records[(content_path, locale)].line
                problems.append(Problem(shown, number, f"{content_path} {locale}: recorded twice (first at line {first})"))
            else:
                lock.records[(content_path, locale)] = Record(content_path, locale, source, target, number)
        else:
            problems.append(Problem(shown, number, "not a translations lock line "
                                                   "(content path, locale, two 16-digit hex fingerprints)"))
    if lock.book_id != book_id:
        problems.append(Problem(shown, 1, f"the lock is for book {lock.book_id or '(none named)'!r}, not {book_id!r}; "
                                          "it belongs to another book"))
    if lock.source_locale != source_locale:
        problems.append(Problem(shown, 1, f"the lock records translations from {lock.source_locale or '(none named)'!r}, "
                                          f"but the book's source locale is {source_locale!r}; record them again with "
                                          "`briefing translations mark-reviewed BOOK --all`"))
    return lock, problems


def render_lock(book_id: str, source_locale: str, records: list[Record]) -> bytes:
    """The lock file's bytes: a header, then one line per record in content-path order."""
    lines = [HEADER, f"book {book_id}\n", f"source {source_locale}\n"]
    for record in sorted(records, key=lambda r: (natural(r.path), r.locale)):
        lines.append(f"{record.path} {record.locale} {record.source} {record.target}\n")
    return "".join(lines).encode("utf-8")
