"""The book's translations.lock: which translation was reviewed against which source text, keyed by content, not place.

A record names a source text by its fingerprint, a locale, and the
fingerprint of the translation reviewed against it. No content path: a
paragraph inserted above a text, or a text moved, changes no line, and the
text keeps its state. Each source text that records refer to is kept once,
whole, so that when it changes the translator can be shown what it was.
Lines are sorted by source fingerprint, so two people translating different
texts change different lines and git merges them.

Format 1 (one line per content path and locale) is still read, and is
written as format 2 at the next `mark-reviewed`, `import` or `absorb`.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from briefing.safety import guarded
from briefing.errors import Problem
from briefing.translations.texts import fingerprint

FILE_NAME = "translations.lock"
VERSION = "2"

HEADER = """\
# The source text each translation was reviewed against, written by `briefing translations`
# (mark-reviewed, import) and `briefing absorb`. For each source text: its fingerprint and the
# text itself (JSON), then one line per translation reviewed against it: that fingerprint, the
# locale, the fingerprint of the translation. Keep it in version control.
"""

_FINGERPRINT = re.compile(r"[0-9a-f]{16}")
MAX_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Record:
    """One reviewed translation: the source it was made from, its locale, the translation (fingerprints)."""

    source: str
    locale: str
    target: str
    line: int = field(default=0, compare=False)
    text: str | None = field(default=None, compare=False)  # the source text, when known


@dataclass
class Lock:
    """The records of one book; `exists` is False for a book that tracks nothing yet."""

    file: str
    book_id: str
    source_locale: str
    records: list[Record]
    texts: dict[str, str] = field(default_factory=dict)  # source fingerprint -> source text
    exists: bool = True


def read_lock(folder: Path, shown: str, book_id: str, source_locale: str, locales: tuple[str, ...]) -> tuple[Lock, list[Problem]]:
    """Reads the lock file (an empty lock when there is none) and every problem in it: malformed, another book, another source."""
    path = folder / FILE_NAME
    problems: list[Problem] = []
    empty = Lock(shown, book_id, source_locale, [], exists=False)
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
    lock = Lock(shown, "", "", [])
    seen: set[Record] = set()
    # Split on \n only: a JSON string may hold U+2028 or U+0085, which splitlines() would break.
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        fields = stripped.split()
        if fields[0] in ("book", "source", "version") and len(fields) == 2:
            if fields[0] == "book":
                lock.book_id = fields[1]
            elif fields[0] == "source":
                lock.source_locale = fields[1]
            elif fields[1] != VERSION:
                problems.append(Problem(shown, number, f"lock format {fields[1]!r} is newer than this briefing reads "
                                                       f"(format {VERSION}); update briefing"))
            continue
        record = _record(fields, stripped, number, shown, problems, lock)
        if record is None:
            continue
        if record.locale not in locales or record.locale == source_locale:
            problems.append(Problem(shown, number, f"{record.source} {record.locale}: {record.locale!r} is not a "
                                                   "translated locale of the book"))
        elif record not in seen:  # a line twice (format 1 had one per place; a merge may add one) says it once
            seen.add(record)
            lock.records.append(record)
    if lock.book_id != book_id:
        problems.append(Problem(shown, 1, f"the lock is for book {lock.book_id or '(none named)'!r}, not {book_id!r}; "
                                          "it belongs to another book"))
    if lock.source_locale != source_locale:
        problems.append(Problem(shown, 1, f"the lock records translations from {lock.source_locale or '(none named)'!r}, "
                                          f"but the book's source locale is {source_locale!r}; record them again with "
                                          "`briefing translations mark-reviewed BOOK --all`"))
    return lock, problems


def _record(fields: list[str], stripped: str, number: int, shown: str, problems: list[Problem], lock: Lock) -> Record | None:
    """A record line (format 2, or format 1 with its content path first); a text line is stored in lock.texts."""
    if _FINGERPRINT.fullmatch(fields[0]) and stripped[16:17] == " " and stripped[17:].lstrip().startswith('"'):
        try:
            value = json.loads(stripped[17:])
        except ValueError:
            value = None
        if not isinstance(value, str):
            problems.append(Problem(shown, number, "a source text line must be its fingerprint and one JSON string"))
        elif fingerprint(value) != fields[0]:
            problems.append(Problem(shown, number, f"{fields[0]}: the source text does not match its fingerprint "
                                                   "(edited by hand?)"))
        else:
            lock.texts[fields[0]] = value
        return None
    if len(fields) == 3 and _FINGERPRINT.fullmatch(fields[0]) and _FINGERPRINT.fullmatch(fields[2]):
        return Record(fields[0], fields[1], fields[2], number)
    if len(fields) == 4 and ":" in fields[0] and all(_FINGERPRINT.fullmatch(f) for f in fields[2:]):
        return Record(fields[2], fields[1], fields[3], number)  # format 1: the content path is not needed
    problems.append(Problem(shown, number, "not a translations lock line (a source fingerprint with its text, or "
                                           "a source fingerprint, a locale and a translation fingerprint)"))
    return None


def render_lock(book_id: str, source_locale: str, records: list[Record]) -> bytes:
    """The lock file's bytes: a header, then each source text followed by the translations reviewed against it."""
    lines = [HEADER, f"book {book_id}\n", f"source {source_locale}\n", f"version {VERSION}\n"]
    texts: dict[str, str] = {}
    for record in records:
        if record.text is not None:
            texts.setdefault(record.source, record.text)
    previous = None
    for record in sorted(set(records), key=lambda r: (r.source, r.locale, r.target)):
        if record.source != previous and record.source in texts:
            lines.append(f"{record.source} {json.dumps(texts[record.source], ensure_ascii=False)}\n")
        previous = record.source
        lines.append(f"{record.source} {record.locale} {record.target}\n")
    return "".join(lines).encode("utf-8")
