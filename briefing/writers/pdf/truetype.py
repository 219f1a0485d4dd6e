"""ReportLab's TrueType font with its metrics read in bulk: the same face, parsed about three times faster.

ReportLab reads a face's character map, advance widths and glyph locations
one number per method call, which costs 50 ms for each IPAex face and made
font loading the largest fixed cost of a Japanese PDF. `Face` reads the
character map and the advance widths with one struct call each; the glyph
locations and horizontal metrics, which only a subset asks for, a few hundred
glyphs at a time, are read glyph by glyph when asked, and glyphToChar, which
ReportLab reads only to shape text with HarfBuzz, is made when first asked
for. The file is mapped, not read (see `Face.readFile`). Every attribute reads
the same as ReportLab's, dictionaries in the same order: `tests/test_truetype.py`
compares the two readers on every installed face. Formats other than the
common 4 and 12 go the stock way.
"""

from __future__ import annotations

import mmap
import struct
from collections.abc import Sequence
from fnmatch import fnmatch
from itertools import groupby
from weakref import WeakKeyDictionary

from reportlab import rl_config
from reportlab.pdfbase.ttfonts import TTEncoding, TTFError, TTFont, TTFontFace, TTFOpenFile, unShapedFontGlob

from briefing.fonts import cmap_entries
from briefing.writers.pdf.flate import remembering
from briefing.writers.kept import Kept

# The subsets made in this process, up to a bound in bytes (a CJK subset is about 100 KiB).
SUBSETS_KEPT_BYTES = 16 * 1024 * 1024
_subsets = Kept(SUBSETS_KEPT_BYTES)


class Face(TTFontFace):
    """A TrueType face whose cmap, hmtx and loca tables are unpacked in bulk, and whose subsets are made once."""

    def readFile(self, f):  # ReportLab's name
        # Mapped, not read: a CJK face is a file of 6 to 21 MB of which a PDF reads a few tables and its
        # subsets' glyphs. Read, every page of it was a page fault and memory of the process's own, which a
        # build server's every fork copied the page tables of and every exit freed; mapped, the pages are
        # the system's file cache, shared by every process. Reading four CJK faces and making a subset of each
        # took 18,400 page faults and 96 MB; mapped, 5,800 and 51 MB, and two thirds of the time.
        if hasattr(self, "_ttf_data") or hasattr(f, "read") or self.validate:  # ReportLab's checksums want bytes
            return super().readFile(f)
        self.filename, handle = TTFOpenFile(f)
        with handle:
            try:
                self._ttf_data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
            except (OSError, ValueError):  # not a file of the system's (no descriptor), or empty (cannot be mapped)
                self._ttf_data = handle.read()
        self._pos = 0

    def makeSubset(self, subset):  # ReportLab's name
        # The PDFs of one build embed the same subsets (the Japanese text of ja, ja+en, ja+ru, ...): each is
        # made once per process. The subset's bytes depend on the face and the characters alone.
        key = (self.filename, self.name, tuple(subset))  # a .ttc holds several faces: each has its own name
        made = _subsets.get(key)
        if made is None:
            made = super().makeSubset(subset)
            _subsets.put(key, made, len(made))
        return made

    def get_table(self, tag):  # ReportLab's name
        # makeSubset, the only reader of 'glyf', takes a slice per glyph of the table it asks for: a view
        # spares it copying the whole table for each subset (6 to 8 MB for an IPAex face, most of the pages
        # a process first writes to when it makes a Japanese PDF). Every other table is small and copied.
        if tag == "glyf":
            return _TableView(self._ttf_data, *self.get_table_pos(tag))
        return super().get_table(tag)

    def addSubsetObjects(self, doc, fontname, subset):  # ReportLab's name
        descriptor = super().addSubsetObjects(doc, fontname, subset)
        # The subset and its ToUnicode map, which ReportLab just added under these names, are compressed once too.
        for name in (f"fontFile:{self.filename}({fontname})", f"toUnicodeCMap:{fontname}"):
            remembering(doc.idToObject.get(name))
        return descriptor

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
        entries = cmap_entries(data, self.table["cmap"]["offset"])
        if entries is None:  # a rare format, or no subtable ReportLab can use: let ReportLab read all of it
            return super().extractInfo(charInfo)
        chars, glyphs = entries
        self.charToGlyph = dict(zip(chars, glyphs))  # a later entry for a character wins, as in ReportLab
        self._read_metrics(data, chars, glyphs)
        self._read_locations(data, index_to_loc_format)
        char_to_glyph, widths = self.charToGlyph, self.charWidths
        if 0x20 in char_to_glyph:
            char_to_glyph[0xA0] = char_to_glyph[0x20]
            widths[0xA0] = widths[0x20]
        elif 0xA0 in char_to_glyph:
            char_to_glyph[0x20] = char_to_glyph[0xA0]
            widths[0x20] = widths[0xA0]

    def __getattr__(self, name: str):
        # glyphToChar, which ReportLab reads after a face is parsed only to shape text with HarfBuzz, is made
        # from the cmap when first asked for: building its list per glyph was a third of reading a CJK face.
        if name == "glyphToChar" and "charToGlyph" in vars(self):
            self.glyphToChar = _glyph_to_char(*cmap_entries(self._ttf_data, self.table["cmap"]["offset"]))
            return self.glyphToChar
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def _read_metrics(self, data: bytes, chars: list[int], glyphs: list[int]) -> None:
        """hmetrics and charWidths as ReportLab builds them, including its quirk for the monospaced tail.

        Glyphs past numberOfHMetrics share the last advance; ReportLab stores
        that advance already scaled in hmetrics, and so must we. hmetrics is
        read glyph by glyph when a subset asks (_HorizontalMetrics).
        """
        metric_count = struct.unpack_from(">H", data, self.table["hhea"]["offset"] + 34)[0]
        glyph_count = self.numGlyphs
        where = self.table["hmtx"]["offset"]
        advances = struct.unpack_from(f">{2 * metric_count}H", data, where)[0::2]  # each with its bearing
        # ReportLab's scale: the identity at 1000 units per em, else x * (1000 / units): the same floats.
        factor = 1000 / self.unitsPerEm
        scaled = list(advances) if self.unitsPerEm == 1000 else [advance * factor for advance in advances]
        self.hmetrics = _HorizontalMetrics(data, where, metric_count, max(glyph_count, metric_count), scaled[-1])
        if glyph_count > metric_count:
            if where + 4 * metric_count + 2 * (glyph_count - metric_count) > len(data):
                raise TTFError("the horizontal metrics run past the end of the file")
            scaled += [scaled[-1]] * (glyph_count - metric_count)
        self.defaultWidth = scaled[0]
        self.charWidths = widths_in_reportlabs_order(chars, glyphs, scaled)

    def _read_locations(self, data: bytes, index_to_loc_format: int) -> None:
        if "loca" not in self.table:
            raise TTFError("missing location table")
        where, count = self.table["loca"]["offset"], self.numGlyphs + 1
        if index_to_loc_format not in (0, 1):
            raise TTFError(f"Unknown location table format ({index_to_loc_format})")
        if where + count * (2, 4)[index_to_loc_format] > len(data):
            raise TTFError("the location table runs past the end of the file")  # where ReportLab's reader fails too
        self.glyphPos = _Locations(data, where, count, index_to_loc_format == 1)
        self._pos = where + count * (2, 4)[index_to_loc_format]  # where ReportLab's reader stops


class _Lazy(Sequence):
    """A table read entry by entry when ReportLab indexes it (only the glyphs of a subset), equal to the list
    ReportLab's reader builds of every glyph: for a CJK face, 20,000 to 40,000 entries a process need not make."""

    def __init__(self, length: int):
        self.length = length

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self.entry(at) for at in range(*index.indices(self.length))]
        if index < 0:
            index += self.length
        if not 0 <= index < self.length:
            raise IndexError(f"{type(self).__name__} index out of range")
        return self.entry(index)

    def __eq__(self, other) -> bool:
        return isinstance(other, (list, _Lazy)) and list(self) == list(other)


class _Locations(_Lazy):
    """glyphPos: where each glyph's outline starts in 'glyf' (in bytes: short offsets are stored halved)."""

    def __init__(self, data: bytes, where: int, count: int, long: bool):
        super().__init__(count)
        self.data, self.where, self.long = data, where, long

    def entry(self, glyph: int) -> int:
        if self.long:
            return struct.unpack_from(">L", self.data, self.where + 4 * glyph)[0]
        return struct.unpack_from(">H", self.data, self.where + 2 * glyph)[0] << 1


class _HorizontalMetrics(_Lazy):
    """hmetrics: (advance, left side bearing) per glyph. Past numberOfHMetrics a glyph has only its bearing and
    shares the last advance, which ReportLab stores already scaled (its quirk, kept)."""

    def __init__(self, data: bytes, where: int, metric_count: int, length: int, last_scaled):
        super().__init__(length)
        self.data, self.where, self.metric_count, self.last_scaled = data, where, metric_count, last_scaled

    def entry(self, glyph: int) -> tuple:
        if glyph < self.metric_count:
            return struct.unpack_from(">HH", self.data, self.where + 4 * glyph)
        tail = self.where + 4 * self.metric_count  # the bearings of the glyphs past numberOfHMetrics
        bearing = struct.unpack_from(">H", self.data, tail + 2 * (glyph - self.metric_count))
        return (self.last_scaled, bearing[0])


class _TableView:
    """A table of a font file that gives slices (the very bytes a copy of the table would) without copying it."""

    def __init__(self, data: bytes, offset: int, length: int):
        self.data, self.offset, self.length = data, offset, length

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, where: slice) -> bytes:
        if not isinstance(where, slice) or where.step is not None:
            return self.data[self.offset:self.offset + self.length][where]
        start, stop, _ = where.indices(self.length)  # clamped to the table, as a copy's slice is
        return self.data[self.offset + start:self.offset + max(start, stop)]


def widths_in_reportlabs_order(chars: list[int], glyphs: list[int], scaled: list) -> dict[int, float]:
    """Each character's width, in the order ReportLab's reader fills the dictionary (its order reaches the PDF).

    ReportLab walks glyph ids upwards and, for each, its characters in the
    cmap's order; a character met again takes the later width but keeps its
    place. A stable sort of the cmap's entries by glyph gives that order
    without a list per glyph. A glyph without a width (a bad font) is left out.
    """
    limit = len(scaled)
    return {chars[entry]: scaled[glyphs[entry]]
            for entry in sorted(range(len(glyphs)), key=glyphs.__getitem__) if glyphs[entry] < limit}


def _glyph_to_char(chars: list[int], glyphs: list[int]) -> dict[int, list[int]]:
    """Each glyph's characters, in the order ReportLab lists them (the cmap's), every entry counted."""
    glyph_to_char: dict[int, list[int]] = {}
    for glyph, char in zip(glyphs, chars):
        # Most glyphs have one character: a list is made only for a glyph seen first (setdefault made one each time).
        same = glyph_to_char.get(glyph)
        if same is None:
            glyph_to_char[glyph] = [char]
        else:
            same.append(char)
    return glyph_to_char


class Font(TTFont):
    """ReportLab's TTFont over a `Face`: subset, embedded and measured exactly as the stock one is."""

    def __init__(self, name: str, path: str, index: int = 0):
        # TTFont.__init__ names TTFontFace itself, so its few assignments are made
        # here over a Face; the test compares every attribute with the stock font's.
        self.fontName = name
        self.face = Face(path, subfontIndex=index)
        self.encoding = TTEncoding()
        self.state = WeakKeyDictionary()
        self._asciiReadable = rl_config.ttfAsciiReadable
        self.shapable = not any(fnmatch(name, pattern) for pattern in unShapedFontGlob)

    def splitString(self, text, doc, encoding="utf-8"):  # ReportLab's name
        # ReportLab's loop handles a character's first use (giving it a code in a
        # subset) and costs a tenth of a PDF's drawing; after the first lines almost
        # every run uses only characters that have their code. Such a run is mapped
        # here in one pass, with the same result; any other goes the stock way.
        state = self.state.get(doc)
        if state is None or not isinstance(text, str):
            return super().splitString(text, doc, encoding)
        assignments = state.assignments
        try:
            codes = [assignments[code] for code in map(ord, text.replace("\xa0", " "))]  # no-break space as space
        except KeyError:
            return super().splitString(text, doc, encoding)
        if not codes:
            return []
        if max(codes) < 256:
            return [(0, bytes(codes))]
        return [(subset, bytes(code & 0xFF for code in run)) for subset, run in groupby(codes, lambda code: code >> 8)]

