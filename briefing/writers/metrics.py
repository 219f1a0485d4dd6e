"""Advance widths of text in a TrueType face, read from its hmtx table: how wide a word is, for writers without a layout engine."""

from __future__ import annotations

import functools
import struct
from itertools import compress

from briefing.fonts import FontChain, cmap_entries, font_tables


class Metrics:
    """The advance width of each character of one face, in ems, looked up as characters are asked for."""

    def __init__(self, path: str, index: int = 0):
        tables = _tables(path, (b"head", b"hhea", b"hmtx", b"cmap"), index)
        self.units = struct.unpack_from(">H", tables[b"head"], 18)[0]
        count = struct.unpack_from(">H", tables[b"hhea"], 34)[0]
        # hmtx: (advance, left side bearing) per glyph up to `count`; later glyphs share the last advance.
        self.advances = struct.unpack_from(f">{2 * count}H", tables[b"hmtx"], 0)[0::2]
        self.last = self.advances[-1] if self.advances else self.units
        chars, glyphs = cmap_entries(tables[b"cmap"], 0) or ([], [])
        # Glyph 0 is the missing-glyph box: such an entry maps nothing. A dictionary of every character's width
        # cost a Word worker 10 ms per CJK face of 20,000 to 40,000 characters, of which a draft measures dozens.
        self.glyphs = dict(zip(compress(chars, glyphs), compress(glyphs, glyphs)))

    def em(self, code: int) -> float | None:
        """The width of the character `code` in ems, or None when the face lacks it."""
        glyph = self.glyphs.get(code)
        if glyph is None:
            return None
        return (self.advances[glyph] if glyph < len(self.advances) else self.last) / self.units

    def width(self, text: str, size: float) -> float | None:
        """Points at `size`, or None when the face lacks a character."""
        total = 0.0
        for char in text:
            em = self.em(ord(char))
            if em is None:
                return None
            total += em
        return total * size


@functools.lru_cache(maxsize=None)
def metrics(path: str, index: int = 0) -> Metrics:
    return Metrics(path, index)


def text_width(chain: FontChain, text: str, size: float) -> float:
    """Points of `text` in a chain, each character in the first face that has it (a full em when none has)."""
    known = _chain_widths(chain)
    try:
        return sum(map(known.__getitem__, text)) * size
    except KeyError:
        for char in set(text) - known.keys():
            face = chain.face_for(char)
            width = metrics(face.path, face.index).width(char, 1.0) if face else None
            known[char] = 1.0 if width is None else width
        return sum(map(known.__getitem__, text)) * size


@functools.lru_cache(maxsize=None)
def _chain_widths(chain: FontChain) -> dict[str, float]:
    """Each character's width in ems in a chain, filled as characters are met (a chain is made once per process)."""
    return {}


def _tables(path: str, tags: tuple[bytes, ...], index: int = 0) -> dict[bytes, bytes]:
    tables = font_tables(path, tags, index)
    missing = [tag.decode() for tag in tags if tag not in tables]
    if missing:
        raise ValueError(f"{path} has no {', '.join(missing)} table")
    return tables
