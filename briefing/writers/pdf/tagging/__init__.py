"""Tagged PDF for ReportLab, which has no tagging of its own: structure, marked content, PDF/UA-1 and PDF/A-2a."""

from __future__ import annotations

from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFPage

from briefing.writers.pdf.tagging.archival import STANDARDS, ProfileMissing, declare, profile_bytes
from briefing.writers.pdf.tagging.marks import artifact, begin, end, install, link, structure_of, tag
from briefing.writers.pdf.tagging.structure import Element, StructureTree
from briefing.writers.pdf.tagging.tables import TaggedTable
from briefing.writers.pdf.tagging.tagger import Tagger

__all__ = ["STANDARDS", "Element", "ProfileMissing", "StructureTree", "TaggedTable", "Tagger", "artifact", "begin",
           "declare", "end", "finish", "install", "link", "page_done", "profile_bytes", "structure_of", "tag"]

_PAGE_KEYS = list(PDFPage.__NoDefault__) + ["StructParents", "Tabs"]


def page_done(canvas, number: int) -> None:
    """The page just finished finds its marked content in the parent tree, and its links in structure order."""
    page = canvas._doc.Pages.pages[-1]
    page.__NoDefault__ = _PAGE_KEYS
    page.StructParents = number - 1
    page.Tabs = PDFName("S")


def finish(canvas, titles: dict[str, str], standards: tuple[str, ...]) -> None:
    """After the last page: the structure tree, MarkInfo and the metadata the standards ask for, into the catalog."""
    catalog = canvas._doc.Catalog
    catalog.StructTreeRoot = canvas.structure.write(canvas._doc)
    catalog.MarkInfo = PDFDictionary({"Marked": "true"})
    declare(canvas, titles, standards)
