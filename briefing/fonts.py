"""Finding fonts: fontconfig patterns to TrueType files, checked per glyph, so no text can fall into a blank box."""

from __future__ import annotations

import functools
import os
import struct
import subprocess
from dataclasses import dataclass
from itertools import compress
from pathlib import Path


_WHITE_SPACE = frozenset(" \n\t\u00a0")
NO_GLYPH = frozenset("\n\t")


class FontNotFound(Exception):
    """A theme names a font this machine does not have."""

    def __init__(self, message: str, pattern: str = ""):
        super().__init__(message)
        self.pattern = pattern


@dataclass(frozen=True)
class Face:
    """One TrueType face: the file it lives in, its family, and the characters it can draw."""

    name: str       # a unique name to register it under, e.g. LiberationSerif-Bold
    family: str
    bold: bool
    path: str
    characters: frozenset
    index: int = 0  # the face's number within a TrueType collection (.ttc); 0 in a .ttf

    def has(self, char: str) -> bool:
        return ord(char) in self.characters

    def covers(self, text: str) -> bool:
        """Whether this face alone can draw every character of `text` (white space aside)."""
        return self.characters.issuperset(map(ord, set(text) - _WHITE_SPACE))


@dataclass(frozen=True)
class _Installed:
    """One font file as fontconfig lists it."""

    families: tuple[str, ...]
    weight: int
    slant: int
    font_format: str
    path: str
    index: int = 0


@functools.lru_cache(maxsize=1)
def _inventory() -> tuple[_Installed, ...]:
    """Every font fontconfig knows, from one `fc-list` call (one call instead of one fc-match per pattern)."""
    try:
        listing = subprocess.run(
            ["fc-list", "--format", "%{family}\t%{weight}\t%{slant}\t%{fontformat}\t%{file}\t%{index}\n"],
            capture_output=True, text=True, check=True, timeout=30,
        ).stdout
    except (OSError, subprocess.SubprocessError) as error:
        raise FontNotFound(f"cannot ask fontconfig (fc-list) for the installed fonts: {error}") from None
    fonts = []
    for line in listing.splitlines():
        parts = line.split("\t")
        if len(parts) != 6 or not parts[1].isdigit() or not parts[2].isdigit() or not parts[5].isdigit():
            continue
        families = tuple(f.strip().lower() for f in parts[0].split(","))
        fonts.append(_Installed(families, int(parts[1]), int(parts[2]), parts[3], parts[4], int(parts[5])))
    return tuple(fonts)


def installed_files() -> list[str]:
    """The file of every font fontconfig knows (as it answered first in this process)."""
    return sorted({font.path for font in _inventory()})


@functools.lru_cache(maxsize=None)
def find_face(pattern: str) -> Face:
    """Resolves `Family` or `Family:bold` among the installed fonts: that family, upright, the nearest weight.

    A substitute of another family is never taken; the weight asked for
    (regular 80, bold 200 on fontconfig's scale) is matched as closely as the
    family allows, and among equal candidates the first path in sorted order
    wins, so every machine with the same packages picks the same file.
    """
    family = pattern.split(":")[0].strip()
    bold = ":bold" in pattern.lower()
    wanted = 200 if bold else 80
    candidates = [f for f in _inventory() if family.lower() in f.families and f.slant == 0]
    if not candidates:
        raise FontNotFound(f"font {pattern!r} is not installed (no font of family {family!r}; "
                           "install it or name another in the theme)", pattern)
    # TrueType outlines in a .ttf, or one face of a TrueType collection (.ttc, e.g. AR PL UMing), which
    # ReportLab embeds and subsets by its index; OpenType/CFF faces (.otf) it cannot embed.
    truetype = [f for f in candidates if f.font_format == "TrueType" and f.path.lower().endswith((".ttf", ".ttc"))]
    if not truetype:
        raise FontNotFound(f"font {pattern!r} is installed only as {candidates[0].path}, "
                           "which is not a TrueType (.ttf or .ttc) file", pattern)
    best = min(truetype, key=lambda f: (abs(f.weight - wanted), os.path.realpath(f.path), f.path, f.index))
    path = os.path.realpath(best.path)
    collection = path.lower().endswith(".ttc")
    return Face(
        name=Path(path).stem.replace(" ", "") + (f"-{best.index}" if collection else ""),
        family=family,
        bold=bold,
        path=path,
        characters=frozenset(_cmap(path, best.index)),
        index=best.index,
    )


def font_tables(path: str, tags: tuple[bytes, ...], index: int = 0) -> dict[bytes, bytes]:
    """Some tables of a TrueType face, read alone: a .ttf, or the face `index` of a collection (.ttc)."""
    with open(path, "rb") as handle:
        header = handle.read(12)
        if header[:4] == b"ttcf":  # a collection: its header lists where each face's directory starts
            handle.seek(12 + 4 * index)
            (start,) = struct.unpack(">L", handle.read(4))
            handle.seek(start)
            header = handle.read(12)
        (count,) = struct.unpack_from(">H", header, 4)
        directory = handle.read(16 * count)
        found = {}
        for entry in range(count):
            tag, _, offset, length = struct.unpack_from(">4sIII", directory, 16 * entry)
            if tag in tags:
                found[tag] = (offset, length)
        tables = {}
        for tag, (offset, length) in found.items():
            handle.seek(offset)
            tables[tag] = handle.read(length)
    return tables


def _cmap(path: str, index: int = 0) -> frozenset[int]:
    """The characters a TrueType file maps to a glyph, read from its cmap table alone.

    Parsing only the cmap (formats 4 and 12) takes milliseconds where a full
    ReportLab TTFontFile takes a tenth of a second for a CJK face.
    """
    # The table directory, then the cmap table alone: a CJK face is megabytes, its cmap kilobytes.
    data = font_tables(path, (b"cmap",), index).get(b"cmap")
    if data is None:
        raise FontNotFound(f"{path} has no cmap table")
    entries = cmap_entries(data, 0)
    if entries is None:
        from reportlab.pdfbase.ttfonts import TTFontFile  # rare formats: let ReportLab read them

        return frozenset(TTFontFile(path, subfontIndex=index).charToGlyph) - {0xFFFF}
    # Glyph 0 is the missing-glyph box: a character mapped to it has no glyph.
    return frozenset(compress(*entries))


def cmap_entries(data: bytes, start: int) -> tuple[list[int], list[int]] | None:
    """(characters, glyphs) of the cmap table at `start`, from the subtable ReportLab draws with, in its order.

    Both the glyph check and the PDF writer's TrueType reader use it, so a
    character the check accepts is one ReportLab can draw. None when no
    subtable suits ReportLab or its format is other than 4 and 12.
    """
    version, count = struct.unpack_from(">HH", data, start)
    if count == 0 and version != 0:
        count = version
    chosen, kind = None, 0
    for index in range(count):  # ReportLab's preference, kept exactly: it decides which glyphs appear
        platform, encoding, offset = struct.unpack_from(">HHL", data, start + 4 + 8 * index)
        if platform == 3:
            kind, chosen = 1, offset
        elif platform == 1 and encoding == 0 and kind != 1:
            kind, chosen = 2, offset
        elif (platform == 1 and encoding == 1) or (platform == 0 and encoding != 5):
            kind, chosen = 1, offset
    if chosen is None:
        return None
    where = start + chosen
    fmt = struct.unpack_from(">H", data, where)[0]
    if fmt == 4:
        return _format4(data, where)
    if fmt == 12:
        return _format12(data, where)
    return None


def _format4(data: bytes, where: int) -> tuple[list[int], list[int]]:
    """Segment mapping to delta values (the usual BMP subtable)."""
    length, _, seg_count_x2 = struct.unpack_from(">HHH", data, where + 2)
    segments = seg_count_x2 // 2
    ends = struct.unpack_from(f">{segments}H", data, where + 14)
    starts = struct.unpack_from(f">{segments}H", data, where + 16 + 2 * segments)
    deltas = struct.unpack_from(f">{segments}h", data, where + 16 + 4 * segments)
    range_offsets_at = where + 16 + 6 * segments
    range_offsets = struct.unpack_from(f">{segments}H", data, range_offsets_at)
    limit = where + length
    chars: list[int] = []
    glyphs: list[int] = []
    for segment in range(segments):
        first, last, delta, range_offset = starts[segment], ends[segment], deltas[segment], range_offsets[segment]
        span = range(first, last + 1)
        chars += span
        if range_offset == 0:
            glyphs += [(char + delta) & 0xFFFF for char in span]
            continue
        base = range_offsets_at + 2 * segment + range_offset
        for char in span:
            at = base + 2 * (char - first)
            glyph = 0 if at >= limit else struct.unpack_from(">H", data, at)[0]
            glyphs.append((glyph + delta) & 0xFFFF if glyph else 0)
    return chars, glyphs


def _format12(data: bytes, where: int) -> tuple[list[int], list[int]]:
    """Segmented coverage (the subtable of faces beyond the BMP, IPAex among them)."""
    groups = struct.unpack_from(">L", data, where + 12)[0]
    numbers = struct.unpack_from(f">{3 * groups}L", data, where + 16)
    chars: list[int] = []
    glyphs: list[int] = []
    for first, last, glyph in zip(numbers[0::3], numbers[1::3], numbers[2::3]):
        if first == last:  # most groups of a CJK face are one character long
            chars.append(first)
            glyphs.append(glyph)
        else:
            chars += range(first, last + 1)
            glyphs += range(glyph, glyph + last - first + 1)
    return chars, glyphs


@dataclass(frozen=True, eq=False)
class FontChain:
    """A role's faces in order of preference; each character is drawn with the first face that has it."""

    faces: tuple[Face, ...]

    @property
    def primary(self) -> Face:
        return self.faces[0]

    @functools.cached_property
    def code_points(self) -> frozenset:
        """Every code point some face of the chain can draw."""
        return frozenset().union(*(face.characters for face in self.faces))

    def missing(self, text: str) -> list[str]:
        """Characters of `text` no face in the chain can draw (line breaks and tabs need no glyph)."""
        return sorted(char for char in set(text) - NO_GLYPH if ord(char) not in self.code_points)

    def face_for(self, char: str) -> Face | None:
        for face in self.faces:
            if face.has(char):
                return face
        return None


@functools.lru_cache(maxsize=None)
def chain(patterns: tuple[str, ...]) -> FontChain:
    return FontChain(tuple(find_face(p) for p in patterns))
