"""Text widths remembered per text, face and size, for ReportLab's line breaking: it measures every word of a paragraph at every wrap, and a book's words recur in all its outputs."""

from __future__ import annotations

import functools

from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import paragraph

# A face's widths never change once it is registered under its name (briefing/writers/pdf/fonts.py
# registers each face once, under a name of its own), so a width once measured holds for the process.
remembered_width = functools.lru_cache(maxsize=1 << 16)(pdfmetrics.stringWidth)


def install() -> None:
    """Gives ReportLab's paragraph module the remembered widths in place of pdfmetrics.stringWidth."""
    paragraph.stringWidth = remembered_width
