"""Which outputs of the last build a changed request keeps: a target whose document tree and writer inputs are unchanged would be written byte for byte again.

A request whose stamp changed (briefing/building/incremental.py) has had
some input edited, but most edits touch few targets: a Japanese sentence
corrected changes the Japanese trees and no other. Each output's key is a
digest of what its writer is given (the document tree, as its repr spells
it) and of what the writer reads besides (the tool's code and language data,
the theme, the fonts, the options, SOURCE_DATE_EPOCH). The manifest records
it; the next build keeps an output whose key is the same and whose file is
still the one the manifest describes, and writes the others.

The Word draft records the whole book's content fingerprint (its trace, which
the clearance loop reads back), so every draft is written again after any
content edit; the PDF and the web page do not carry it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

from briefing.book.targets import Options, Target


def writer_inputs(theme_path: str | None, options: Options, fonts: list[list]) -> str:
    """The digest of what every writer reads besides its tree: the tool's folders (code, templates, languages),
    the theme, the fonts by path, size and time, the options and SOURCE_DATE_EPOCH."""
    from briefing.building.incremental import sha256, stamp

    request = {"target keys": 2, "crop_marks": options.crop_marks, "draft": options.draft,
               "pdf_standards": list(options.pdf_standards), "fonts": fonts,
               "reference_docx": sha256(options.reference_docx) if options.reference_docx else None}
    return stamp(None, request, theme_path, Path("/")) or ""


def target_key(document, target: Target, inputs: str, blocks: str | None = None) -> str:
    """The key of one output: its writer's inputs, its format, and its document tree (`blocks`: the digest of its
    blocks, when already made for the other format of the same tree)."""
    meta = document.meta if target.format == "docx" else _without_fingerprint(document.meta)  # see above
    digest = hashlib.sha256(f"{inputs}\0{target.format}\0".encode())
    digest.update(repr(meta).encode())
    digest.update((blocks or blocks_digest(document)).encode())
    return digest.hexdigest()


def blocks_digest(document) -> str:
    """The digest of a document tree's blocks, as their repr spells them: most of a key's cost, the same for each
    format of one tree."""
    return hashlib.sha256(repr(document.blocks).encode()).hexdigest()


def _without_fingerprint(meta):
    secondary = _without_fingerprint(meta.secondary) if meta.secondary is not None else None
    return dataclasses.replace(meta, content="", secondary=secondary)


def kept(records: dict[str, dict], out_dir: Path, keys: dict[Target, str], book, strict: bool) -> dict[Target, dict]:
    """The outputs of the last build (its manifest's `records`, by file) that may stay as they are, each with its
    record: the same key, and a regular file in place (with --strict, only those layout left nothing in). Whether
    its bytes are still the ones recorded is checked as it is copied (copy_checked)."""
    found = {}
    for target, key in keys.items():
        record = records.get(target.filename(book))
        if not isinstance(record, dict) or record.get("target") != key or (strict and record.get("preflight")):
            continue
        path = out_dir / target.filename(book)
        if not path.is_symlink() and path.is_file():
            found[target] = record
    return found


def keyed_records(manifest: Path) -> dict[str, dict]:
    """The last build's output records by file, when its manifest records their keys; else none (a first build,
    or one before keys: nothing to compare, and no tree need be made early for it)."""
    try:
        records = {record["file"]: record for record in json.loads(manifest.read_bytes())["outputs"]}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}
    return records if any(isinstance(r, dict) and "target" in r for r in records.values()) else {}


def copy_checked(source: Path, target: str, sha256: str) -> bool:
    """Copies an output into its staged file, and says whether the bytes copied are the ones the manifest
    describes (another build may have replaced the file since it was looked at)."""
    digest = hashlib.sha256()
    try:
        with open(source, "rb") as original, open(target, "wb") as copy:
            for block in iter(lambda: original.read(1 << 20), b""):
                digest.update(block)
                copy.write(block)
    except OSError:
        return False
    return digest.hexdigest() == sha256
