"""The SHA-256 of a large file that seldom changes (a font, the ICC profile), remembered by the file's identity and times."""

from __future__ import annotations

import os

from briefing import cache
from briefing.building.incremental import sha256

_KNOWN: dict[tuple, str] = {}


def remembered_sha256(path) -> str:
    """The file's SHA-256, from this process's memory or the user's cache when the same file is unchanged.

    A manifest names every font of a build by its digest: the Chinese and
    Japanese faces are 8 to 21 MB, a tenth of a second of hashing for every
    build. The key is what changes with the bytes: the device and inode, the
    size, the modification time, and the change time, which no program can
    set back (writing the file or touching its times moves it). Anything else
    is hashed as before.
    """
    status = os.stat(path)
    identity = (os.path.realpath(path), status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns,
                status.st_ctime_ns)
    known = _KNOWN.get(identity)
    if known is not None:
        return known
    entry = cache.key("sha256", *identity)
    stored = cache.load("digests", entry)
    digest = stored.decode("ascii") if stored is not None and _is_digest(stored) else None
    if digest is None:
        digest = sha256(path)
        cache.store("digests", entry, digest.encode("ascii"))
    _KNOWN[identity] = digest
    return digest


def _is_digest(stored: bytes) -> bool:
    return len(stored) == 64 and all(c in b"0123456789abcdef" for c in stored)
