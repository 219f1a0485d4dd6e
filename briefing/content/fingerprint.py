"""The fingerprint of a book's content files, by which a Word draft records which content it was built from."""

from __future__ import annotations

import hashlib
from pathlib import Path

from briefing.safety.guarded import loaded_digest


def content_fingerprint(source_files) -> str:
    """SHA-256 over the book's YAML files (name and bytes, in name order): equal exactly when no content file changed."""
    digest = hashlib.sha256()
    for path in sorted((Path(file) for file in source_files if str(file).endswith(".yaml")), key=lambda p: p.name):
        digest.update(path.name.encode("utf-8") + b"\0")
        loaded = loaded_digest(path)  # the bytes the book was loaded from, not the file as it is now
        if loaded is not None:
            digest.update(bytes.fromhex(loaded))
            continue
        try:
            data = path.read_bytes()
        except OSError:
            data = b""
        digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()
