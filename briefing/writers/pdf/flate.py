"""Flate compression of PDF streams that remembers what it compressed: a font subset or the sRGB profile that every PDF of a build embeds alike is compressed once per process."""

from __future__ import annotations

from reportlab.pdfbase.pdfdoc import PDFStreamFilterZCompress

from briefing.writers.kept import Kept

# The sample book's 14 PDFs compress 301 streams, only 176 of them distinct: the Japanese
# subsets of ja, ja+en, ja+ru, ja+zh and ja+ko are the same bytes, and so is the profile.
# A bound in bytes keeps a long run of many books small.
KEPT_BYTES = 32 * 1024 * 1024


class RememberingFlate(PDFStreamFilterZCompress):
    """ReportLab's FlateDecode filter (zlib.compress at its default level, so the same bytes), answered
    from memory for content it compressed before."""

    def __init__(self):
        self._compressed = Kept(KEPT_BYTES)

    def encode(self, text):
        if isinstance(text, str):
            text = text.encode("utf8")  # as ReportLab's filter does
        compressed = self._compressed.get(text)
        if compressed is None:
            compressed = super().encode(text)
            self._compressed.put(text, compressed, len(text) + len(compressed))
        return compressed


FLATE = RememberingFlate()


def remembering(stream) -> None:
    """Gives a stream that ReportLab set to be Flate-compressed the remembering filter instead."""
    filters = getattr(stream, "filters", None)
    if filters:
        stream.filters = [FLATE if isinstance(f, PDFStreamFilterZCompress) else f for f in filters]
