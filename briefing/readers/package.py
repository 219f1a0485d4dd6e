"""A Word package opened as untrusted input: zip entries, sizes and ratios capped, macros refused, XML parsed without DTDs or entities."""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from pathlib import Path

from lxml import etree

from briefing.safety import draft_budget
from briefing.safety import guarded

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
MACRO_TYPES = ("macroEnabled", "vbaProject")

MAX_ENTRIES = 2000
MAX_PART = 64 * 1024 * 1024  # bytes of one part, uncompressed
MAX_TOTAL = 256 * 1024 * 1024  # of all parts together
MAX_RATIO = 200  # uncompressed / compressed of a part over 1 MiB: a zip bomb


class DraftError(Exception):
    """The file is not a draft this tool can read back (not a .docx, unsafe, or without its trace)."""


def qualified(tag: str) -> str:
    return f"{{{W}}}{tag}"


# -- the package ---------------------------------------------------------------


class Package:
    """The zip of a .docx, read part by part with a cap on every read."""

    def __init__(self, path: Path):
        name = path.name.lower()
        if name.endswith(".docm") or name.endswith(".dotm"):
            raise DraftError("a macro-enabled Word document (.docm) is refused; save the draft as .docx")
        if not name.endswith(".docx"):
            raise DraftError("not a Word draft: the file name does not end in .docx")
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(guarded.read(path, "draft").data))
        except guarded.Refused as refused:
            raise DraftError(str(refused)) from None
        except (zipfile.BadZipFile, OSError, ValueError) as error:
            raise DraftError(f"not a Word document (a .docx is a zip package): {error}") from None
        infos = self.zip.infolist()
        if len(infos) > MAX_ENTRIES:
            raise DraftError(f"{len(infos)} parts in the package (at most {MAX_ENTRIES}): not a draft")
        total = 0
        self.names = set()
        for info in infos:
            total += info.file_size
            if info.file_size > MAX_PART or total > MAX_TOTAL:
                raise DraftError(f"{info.filename}: too large uncompressed ({info.file_size} bytes): a zip bomb?")
            if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise DraftError(f"{info.filename}: compressed {info.file_size // max(info.compress_size, 1)} to 1: "
                                 "a zip bomb?")
            self.names.add(info.filename)
        self.read_total = 0

    def read(self, name: str) -> bytes | None:
        if name not in self.names:
            return None
        try:
            with self.zip.open(name) as handle:
                data = handle.read(MAX_PART + 1)
        except (zipfile.BadZipFile, OSError, RuntimeError, EOFError, NotImplementedError) as error:
            raise DraftError(f"{name}: cannot be read: {error}") from None
        self.read_total += len(data)
        if len(data) > MAX_PART or self.read_total > MAX_TOTAL:
            raise DraftError(f"{name}: larger than its header says: a zip bomb?")
        return data

    def xml(self, name: str):
        data = self.read(name)
        if data is not None:
            try:
                draft_budget.check_part(data, name)  # counted before the tree is built (briefing/safety/draft_budget.py)
            except draft_budget.OverBudget as over:
                error = DraftError(str(over))
                error.line = over.paragraph
                raise error from None
        return None if data is None else parse_xml(data, name)

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id -> (type, target part name) of a part."""
        folder, base = posixpath.split(part)
        root = self.xml(posixpath.join(folder, "_rels", base + ".rels"))
        found = {}
        for rel in root if root is not None else ():
            if rel.get("TargetMode") == "External":
                continue
            target = posixpath.normpath(posixpath.join(folder, rel.get("Target", ""))).lstrip("/")
            found[rel.get("Id")] = (rel.get("Type", ""), target)
        return found


_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def parse_xml(data: bytes, name: str):
    """One XML part: no DTD, no entity, no network; a DOCTYPE is refused (Word never writes one)."""
    if _DECLARATION.search(data) or _DECLARATION.search(data.replace(b"\0", b"")):
        raise DraftError(f"{name}: declares a DOCTYPE or entity, which a Word document never does: refused")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise DraftError(f"{name}: not well-formed XML: {error}") from None
    if root.getroottree().docinfo.doctype:
        raise DraftError(f"{name}: declares a DOCTYPE: refused")
    return root
