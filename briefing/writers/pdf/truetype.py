"""ReportLab's TrueType font with its metrics read in bulk: the same face, parsed about four times faster.

ReportLab reads a face's character map, advance widths and glyph locations
one number per method call, which costs 0.1 s for each IPAex face and makes
font loading the largest fixed cost of a Japanese PDF. `Face` reads those
three tables with one struct call each and builds the very same attributes,
in the same order; `tests/test_truetype.py` compares the two readers on every
installed face. Formats other than the common 4 and 12 go the stock way.
"""

from __future__ import annotations

import struct
from fnmatch import fnmatch
from weakref import WeakKeyDictionary

from reportlab import rl_config
from reportlab.pdfbase.ttfonts import TTEncoding, TTFError, TTFont, TTFontFace, unShapedFontGlob


class Face(TTFontFace):
    """A TrueType face whose cmap, hmtx and loca tables are unpacked in bulk."""

    def extractInfo(self, charInfo=1):  # ReportLab's names
        # Names, head, OS/2, post, hhea and maxp: a few dozen numbers, read the stock way.
        super().extractInfo(charInfo=0)
        if not charInfo:
            return
        data = self._ttf_data
        head = self.table["head"]["offset"]
        index_to_loc_format, glyph_data_format = struct.unpack_from(">HH", data, head + 50)
        if glyph_data_format != 0:
            raise TTFError(f"Unknown glyph data format ({glyph_data_format})")
        cmap = _unicode_cmap(self)
        if cmap is None:  # a rare format: let ReportLab read all of it
            return super().extractInfo(charInfo)
        self.charToGlyph, self.glyphToChar = cmap
        self._read_metrics(data)
        self._read_locations(data, index_to_loc_format)
        char_to_glyph, widths = self.charToGlyph, self.charWidths
        if 0x20 in char_to_glyph:
            char_to_glyph[0xA0] = char_to_glyph[0x20]
            widths[0xA0] = widths[0x20]
        elif 0xA0 in char_to_glyph:
            char_to_glyph[0x20] = char_to_glyph[0xA0]
            widths[0x20] = widths[0xA0]

    def _read_metrics(self, data: bytes) -> None:
        """hmetrics and charWidths as ReportLab builds them, including its quirk for the monospaced tail.

        Glyphs past numberOfHMetrics share the last advance; ReportLab stores
        that advance already scaled in hmetrics, and so must we.
        """
        metric_count = struct.unpack_from(">H", data, self.table["hhea"]["offset"] + 34)[0]
        glyph_count = self.numGlyphs
        where = self.table["hmtx"]["offset"]
        pairs = struct.unpack_from(f">{2 * metric_count}H", data, where)
        advances, bearings = pairs[0::2], pairs[1::2]
        # ReportLab's scale: the identity at 1000 units per em, else x * (1000 / units): the same floats.
        factor = 1000 / self.unitsPerEm
        scaled = list(advances) if self.unitsPerEm == 1000 else [advance * factor for advance in advances]
        hmetrics = list(zip(advances, bearings))
        if glyph_count > metric_count:
            tail = struct.unpack_from(f">{glyph_count - metric_count}H", data, where + 4 * metric_count)
            hmetrics += [(scaled[-1], bearing) for bearing in tail]
            scaled += [scaled[-1]] * (glyph_count - metric_count)
        self.hmetrics = hmetrics
        self.defaultWidth = scaled[0]
        # ReportLab walks glyph ids upwards: the same order, so the same dictionary.
        glyph_to_char = self.glyphToChar
        known = sorted(glyph for glyph in glyph_to_char if glyph < len(scaled))
        self.charWidths = {char: scaled[glyph] for glyph in known for char in glyph_to_char[glyph]}

    def _read_locations(self, data: bytes, index_to_loc_format: int) -> None:
        if "loca" not in self.table:
            raise TTFError("missing location table")
        where, count = self.table["loca"]["offset"], self.numGlyphs + 1
        if index_to_loc_format == 0:
            self.glyphPos = [offset << 1 for offset in struct.unpack_from(f">{count}H", data, where)]
        elif index_to_loc_format == 1:
            self.glyphPos = list(struct.unpack_from(f">{count}L", data, where))
        else:
            raise TTFError(f"Unknown location table format ({index_to_loc_format})")
        self._pos = where + count * (2, 4)[index_to_loc_format]  # where ReportLab's reader stops


def _unicode_cmap(face: Face) -> tuple[dict, dict] | None:
    """(charToGlyph, glyphToChar) from the subtable ReportLab would choose, or None for formats other than 4 and 12."""
    data = face._ttf_data
    start = face.table["cmap"]["offset"]
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
        raise TTFError("could not find a suitable cmap encoding")
    where = start + chosen
    fmt = struct.unpack_from(">H", data, where)[0]
    if fmt == 4:
        return _format4(data, where)
    if fmt == 12:
        return _format12(data, where)
    return None


def _format4(data: bytes, where: int) -> tuple[dict, dict]:
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
    return _mappings(chars, glyphs)


def _format12(data: bytes, where: int) -> tuple[dict, dict]:
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
    return _mappings(chars, glyphs)


def _mappings(chars: list[int], glyphs: list[int]) -> tuple[dict, dict]:
    """Both directions, built in the order ReportLab builds them (a later entry for a character wins)."""
    glyph_to_char: dict[int, list[int]] = {}
    for glyph, char in zip(glyphs, chars):
        glyph_to_char.setdefault(glyph, []).append(char)
    return dict(zip(chars, glyphs)), glyph_to_char


class Font(TTFont):
    """ReportLab's TTFont over a `Face`: subset, embedded and measured exactly as the stock one is."""

    def __init__(self, name: str, path: str):
        # TTFont.__init__ names TTFontFace itself, so its few assignments are made
        # here over a Face; the test compares every attribute with the stock font's.
        self.fontName = name
        self.face = Face(path)
        self.encoding = TTEncoding()
        self.state = WeakKeyDictionary()
        self._asciiReadable = rl_config.ttfAsciiReadable
        self.shapable = not any(fnmatch(name, pattern) for pattern in unShapedFontGlob)
