"""Flate compression of PDF streams that remembers what it compressed: a font subset or the sRGB profile that every PDF of a build embeds alike is compressed once per process."""

from __future__ import annotations

from collections import OrderedDict

from reportlab.pdfbase.pdfdoc import PDFStreamFilterZCompress

# The sample book's 14 PDFs compress 301 streams, only 176 of them distinct: the Japanese
# subsets of ja, ja+en, ja+ru, ja+zh and ja+ko are the same bytes, and so is the profile.
# A bound in bytes keeps a long run of many books small.
KEPT_BYTES = 32 * 1024 * 1024


class RememberingFlate(PDFStreamFilterZCompress):
    """ReportLab's FlateDecode filter (zlib.compress at its default level, so the same bytes), answered
    from memory for content it compressed before."""

    def __init__(self):
        self._compressed: OrderedDict[bytes, bytes] = OrderedDict()
        self._kept = 0

    def encode(self, text):
        if isinstance(text, str):
            text = text.encode("utf8")  # as ReportLab's filter does
        compressed = self._compressed.get(text)
        if compressed is not None:
            self._compressed.move_to_end(text)
            return compressed
        compressed = super().encode(text)
        self._compressed[text] = compressed
        self._kept += len(text) + len(compressed)
        while self._kept > KEPT_BYTES and len(self._compressed) > 1:
            old, old_compressed = self._compressed.popitem(last=False)
            self._kept -= len(old) + len(old_compressed)
        return compressed


FLATE = RememberingFlate()


def remembering(stream) -> None:
    """Gives a stream that ReportLab set to be Flate-compressed the remembering filter instead."""
    filters = getattr(stream, "filters", None)
    if filters:
        stream.filters = [FLATE if isinstance(f, PDFStreamFilterZCompress) else f for f in filters]
