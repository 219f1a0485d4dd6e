"""The PDF writer: the document tree as a print-ready A4 PDF with embedded subset TrueType fonts only."""

from __future__ import annotations

import io

from briefing import tree
from briefing.preflight import Preflight
from briefing.theme import DEFAULT_THEME, Theme, load_theme
from briefing.writers.pdf.deferred_pattern import import_paragraph_module
from briefing.writers.pdf.settings import pin_reportlab_settings

pin_reportlab_settings()  # before any other part of ReportLab reads its settings
import_paragraph_module()  # before any module below imports it the costly way

from briefing.writers.pdf import kinsoku, objects, tagging, widths  # noqa: E402
from briefing.writers.pdf.fonts import MissingGlyph  # noqa: E402
from briefing.writers.pdf.writer import PdfWriter  # noqa: E402

kinsoku.install()
objects.install()
widths.install()
tagging.install()  # after kinsoku's line drawers, which it wraps

__all__ = ["write", "MissingGlyph", "PdfWriter"]


def write(document: tree.Document, path: str, theme: Theme | None = None, crop_marks: bool = False,
          preflight: Preflight | None = None, standards: tuple[str, ...] = tagging.STANDARDS) -> None:
    """Writes the document as a tagged PDF at `path`, declaring the PDF `standards` it meets ("a-2a", "ua-1");
    with crop_marks, each A4 page sits on a larger sheet with bleed and marks. What layout could not fix is
    noted in `preflight`."""
    writer = PdfWriter(document, theme or load_theme(DEFAULT_THEME), crop_marks=crop_marks, preflight=preflight,
                       standards=standards)
    writer.visit_all(document.blocks)
    buffer = io.BytesIO()
    writer.build(buffer)
    with open(path, "wb") as out:
        out.write(buffer.getvalue())
