"""The user's cache folder: results the tool would compute anyway (compiled templates, parsed hyphenation patterns), kept between runs.

Nothing here is an input of an output: an entry is found by a digest of
everything it was made from, a missing, unreadable or foreign entry is
simply made again, and a build with an empty cache writes the same bytes.
`BRIEFING_CACHE` names another folder; `BRIEFING_CACHE=off` keeps none.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile

from briefing.safety.ownership import own_folder  # compiled templates are code: never from a folder others can change

OFF = "off"


def folder() -> str | None:
    """The cache folder (not created here), or None when caching is off."""
    chosen = os.environ.get("BRIEFING_CACHE")
    if chosen is not None:
        return None if chosen in ("", OFF) else os.path.abspath(chosen)
    home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(home, "briefing")


def key(*parts: object) -> str:
    """A digest of what an entry is made from, the interpreter's version among them (compiled code and
    marshal's format change with it)."""
    digest = hashlib.sha256(sys.version.encode())
    for part in parts:
        digest.update(b"\0" + (part if isinstance(part, bytes) else str(part).encode()))
    return digest.hexdigest()[:40]


def file_key(path, *parts: object) -> str:
    """The key of what a library made of the file at `path` (`parts`: the library's version): the file's path,
    size and time name the file's contents without reading it."""
    info = os.stat(path)
    return key(path, info.st_size, info.st_mtime_ns, *parts)


def load(kind: str, entry: str) -> bytes | None:
    """The bytes stored under `kind`/`entry`, or None (none stored, unreadable, or the folder not ours alone)."""
    base = folder()
    if base is None or not (own_folder(base) and own_folder(os.path.join(base, kind))):
        return None
    try:
        with open(os.path.join(base, kind, entry), "rb") as handle:
            return handle.read()
    except OSError:
        return None


def store(kind: str, entry: str, data: bytes) -> None:
    """Keeps `data` under `kind`/`entry`, written whole (a temporary file renamed), or not at all: a cache that
    cannot be written (a read-only home, a full disk) costs time, never a build."""
    base = folder()
    if base is None:
        return
    target = os.path.join(base, kind)
    try:
        os.makedirs(target, mode=0o700, exist_ok=True)
        if not (own_folder(base) and own_folder(target)):
            return
        handle, temporary = tempfile.mkstemp(prefix=f".{entry}.", dir=target)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, os.path.join(target, entry))
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        return
