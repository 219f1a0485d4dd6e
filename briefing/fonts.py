"""Finding fonts: fontconfig patterns to TrueType files, checked per glyph, so no text can fall into a blank box."""

from __future__ import annotations

import functools
import os
import struct
import subprocess
from dataclasses import dataclass
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


@functools.lru_cache(maxsize=1)
def _inventory() -> tuple[_Installed, ...]:
    """Every font fontconfig knows, from one `fc-list` call (one call instead of one fc-match per pattern)."""
    try:
        listing = subprocess.run(
            ["fc-list", "--format", "%{family}\t%{weight}\t%{slant}\t%{fontformat}\t%{file}\n"],
            capture_output=True, text=True, check=True, timeout=30,
        ).stdout
    except (OSError, subprocess.SubprocessError) as error:
        raise FontNotFound(f"cannot ask fontconfig (fc-list) for the installed fonts: {error}") from None
    fonts = []
    for line in listing.splitlines():
        parts = line.split("\t")
        if len(parts) != 5 or not parts[1].isdigit() or not parts[2].isdigit():
            continue
        families = tuple(f.strip().lower() for f in parts[0].split(","))
        fonts.append(_Installed(families, int(parts[1]), int(parts[2]), parts[3], parts[4]))
    return tuple(fonts)


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
    truetype = [f for f in candidates if f.font_format == "TrueType" and f.path.lower().endswith(".ttf")]
    if not truetype:
        raise FontNotFound(f"font {pattern!r} is installed only as {candidates[0].path}, "
                           "which is not a TrueType (.ttf) file", pattern)
    best = min(truetype, key=lambda f: (abs(f.weight - wanted), os.path.realpath(f.path), f.path))
    path = os.path.realpath(best.path)
    return Face(
        name=Path(path).stem.replace(" ", ""),
        family=family,
        bold=bold,
        path=path,
        characters=frozenset(_cmap(path)),
    )


def _cmap(path: str) -> set[int]:
    """The characters a TrueType file maps to glyphs, read from its cmap table alone.

    Parsing only the cmap (formats 4 and 12) takes milliseconds where a full
    ReportLab TTFontFile takes a tenth of a second for a CJK face.
    """
    with open(path, "rb") as handle:
        # The table directory, then the cmap table alone: a CJK face is megabytes, its cmap kilobytes.
        header = handle.read(12)
        (tables,) = struct.unpack_from(">H", header, 4)
        directory = handle.read(16 * tables)
        found = None
        for index in range(tables):
            tag, _, table_offset, length = struct.unpack_from(">4sIII", directory, 16 * index)
            if tag == b"cmap":
                found = (table_offset, length)
        if found is None:
            raise FontNotFound(f"{path} has no cmap table")
        handle.seek(found[0])
        data = handle.read(found[1])
    offset = 0
    (count,) = struct.unpack_from(">H", data, offset + 2)
    # The same subtable ReportLab draws with (the last Windows, Unicode or
    # Mac-Roman-style one listed), so a character we accept is one it can draw.
    chosen = None
    for index in range(count):
        platform, encoding, sub_offset = struct.unpack_from(">HHI", data, offset + 4 + 8 * index)
        if platform == 3 or (platform == 0 and encoding != 5) or (platform == 1 and encoding == 1):
            chosen = offset + sub_offset
    (form,) = struct.unpack_from(">H", data, chosen) if chosen is not None else (None,)
    if form not in (4, 12):
        from reportlab.pdfbase.ttfonts import TTFontFile  # rare formats: let ReportLab read them

        return set(TTFontFile(path).charToGlyph) - {0xFFFF}
    return _read_subtable(data, chosen)


def _read_subtable(data: bytes, at: int) -> set[int]:
    (form,) = struct.unpack_from(">H", data, at)
    codes: set[int] = set()
    if form == 4:
        (segments,) = struct.unpack_from(">H", data, at + 6)
        segments //= 2
        ends = struct.unpack_from(f">{segments}H", data, at + 14)
        starts = struct.unpack_from(f">{segments}H", data, at + 16 + 2 * segments)
        deltas = struct.unpack_from(f">{segments}h", data, at + 16 + 4 * segments)
        range_at = at + 16 + 6 * segments
        offsets = struct.unpack_from(f">{segments}H", data, range_at)
        for index, (start, end) in enumerate(zip(starts, ends)):
            if start == 0xFFFF:
                continue
            if offsets[index] == 0:
                # A plain delta segment maps every code but the one landing on glyph 0.
                codes.update(range(start, end + 1))
                unmapped = (-deltas[index]) & 0xFFFF
                if start <= unmapped <= end:
                    codes.discard(unmapped)
                continue
            for code in range(start, end + 1):
                if offsets[index] == 0:
                    glyph = (code + deltas[index]) & 0xFFFF
                else:
                    where = range_at + 2 * index + offsets[index] + 2 * (code - start)
                    (glyph,) = struct.unpack_from(">H", data, where)
                    glyph = (glyph + deltas[index]) & 0xFFFF if glyph else 0
                if glyph:
                    codes.add(code)
    elif form == 12:
        (groups,) = struct.unpack_from(">I", data, at + 12)
        numbers = struct.unpack_from(f">{3 * groups}I", data, at + 16)
        for start, end, glyph in zip(numbers[0::3], numbers[1::3], numbers[2::3]):
            if start != end:
                codes.update(range(start, end + 1))
            elif glyph:  # most groups of a CJK face are one character; one on glyph 0 maps nothing
                codes.add(start)
    return codes


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
