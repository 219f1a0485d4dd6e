"""A book as the loader read it, kept in the user's cache under the digest of everything the loader reads, so an unchanged book is not parsed and checked again.

Loading the sample book (seven YAML files, a glossary of 68 patterns) costs
55 to 80 ms, most of a served build's time before its first output can
start; unpickling what that load returned costs 2 ms. The entry is one per
book folder (as named, from the working folder: the model's file names are
shown relative to it), holding the digest it was made from
(briefing/building/incremental.py `content_digest`: the folder's every file
by content, the tool's code and languages, BRIEFING_LANGUAGES; and the
installed libraries, PyYAML's reader among them, by their folder's time, as
a remembered check has them) and the book.
Any change to any of them reads the book again. Only a book that loaded
without a problem is kept, so a refused book's problems are always found
afresh. Like the compiled templates beside it, the entry is trusted because
the cache folder is the user's alone (briefing/cache.py checks).
"""

from __future__ import annotations

import os
import pickle
import sysconfig

from briefing import cache

KIND = "books"
FORMAT = b"briefing book 1\n"


def load_book(folder: str | os.PathLike):
    """What briefing.content.loader.load_book returns for `folder`: from the cache when nothing it reads changed."""
    from briefing.building.incremental import content_digest

    inputs = content_digest(folder)
    try:
        inputs = inputs and f"{inputs}:{os.stat(sysconfig.get_paths()['purelib']).st_mtime_ns}"
        entry = cache.key("book", os.path.realpath(folder), os.fspath(folder), os.getcwd()) if inputs else None
    except OSError:  # the working folder or the libraries' gone: read the book, keep nothing
        entry = None
    if entry is not None:
        book = _kept(entry, inputs)
        if book is not None:
            return book
    book = _read(folder)  # raises every problem found: nothing is kept
    if entry is not None:
        cache.store(KIND, entry, FORMAT + inputs.encode() + b"\n" + pickle.dumps(book, pickle.HIGHEST_PROTOCOL))
    return book


def _read(folder):
    from briefing.content.loader import load_book as read

    return read(folder)


def _kept(entry: str, inputs: str):
    """The book kept under `entry` if it was made from `inputs`; None when there is none, or another, or it cannot be
    read back (written by another version of a library, say): the book is then read again."""
    data = cache.load(KIND, entry)
    head = FORMAT + inputs.encode() + b"\n"
    if data is None or not data.startswith(head):
        return None
    try:
        return pickle.loads(memoryview(data)[len(head):])
    except Exception:  # noqa: BLE001 - a damaged entry is only a cache miss
        return None
