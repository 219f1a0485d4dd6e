"""The Word writer: the document tree as an editable .docx with named styles, real numbering, a TOC field and pinned bytes."""

from __future__ import annotations

import zipfile

from docx.opc.pkgwriter import PackageWriter
from docx.shared import Emu

from briefing import tree
from briefing.safety.output import build_time
from briefing.theme import DEFAULT_THEME, Theme, load_theme
from briefing.preflight import Preflight
from briefing.writers.docx.entries import PinnedEntries
from briefing.writers.docx.long_titles import note_long_titles
from briefing.writers.docx.styles import CELL_PADDING_PT
from briefing.writers.docx.writer import DocxWriter

__all__ = ["write", "write_reference", "DocxWriter"]


def write(document: tree.Document, path: str, theme: Theme | None = None, reference=None,
          preflight: Preflight | None = None) -> None:
    """Writes the document as a Word draft at `path`; styles come from `reference` (a .docx) where it defines them.
    What no draft can be made to do (keep a long Japanese title whole) is noted in `preflight`."""
    writer = DocxWriter(document, theme or load_theme(DEFAULT_THEME), reference)
    writer.visit_all(document.blocks)
    if preflight is not None:
        full = Emu(writer.full_width).pt
        column = full / 2 - CELL_PADDING_PT  # a pair's languages share one table of two equal columns
        note_long_titles(document, writer.theme, full, column, preflight)
    if document.meta.book:
        writer.trace.attach(writer.docx)
    _save(writer, path)


def write_reference(path: str, theme: Theme | None = None, locale: str = "en") -> None:
    """Writes the default reference document: one sample of every style, to restyle in Word and pass back."""
    # Imported here: Babel and the catalogs cost a build's Word worker 60 ms it has no use for.
    from briefing.i18n.labels import page_labels
    from briefing.i18n.localizer import Localizer
    from briefing.i18n.locales import language_tag

    labels = page_labels(Localizer(locale))
    meta = tree.Meta(title="Reference document", short_title="Running head", subject="Styles of the Word draft",
                     author="briefing", marking="MARKING", date="", language=language_tag(locale), labels=labels)
    sample = tree.Document(meta=meta, blocks=(
        tree.TitleBlock("Title", "Subtitle", "Date Line"),
        tree.Heading(1, "Heading 1", "1."),
        tree.Paragraph("Normal: body text of the briefing book."),
        tree.Heading(2, "Heading 2", "(1)"),
        tree.List(False, (tree.ListItem("•", "Briefing List 1: a bullet item"),)),
        tree.List(True, (tree.ListItem("(a)", "Briefing List 1: a numbered item"),), depth=3),
        tree.Heading(3, "Heading 3", "(a)"),
        tree.Paragraph("Note: a category's note.", role="note"),
        tree.Table(("Legend Table", "header row"), (("◎", "a row"),)),
        tree.Table(("Data Table", "Number"), (("a row", "1,234.5"),), role="data", align=("left", "right"),
                   caption="Caption: above a table, below a figure", source="Table Source: a table's source note"),
        tree.Entry("◎", "Register Entry", "*", ("Register Detail",)),
    ))
    write(sample, path, theme)


def _save(writer: DocxWriter, path: str) -> None:
    """Writes the package as python-docx would, but with every zip entry stamped with the build time.

    python-docx stamps entries with the wall clock; pinning them is what makes
    two builds with the same SOURCE_DATE_EPOCH byte-identical. Writing the
    entries here, rather than rewriting python-docx's zip afterwards, spares
    each draft a second compression.
    """
    package = writer.docx.part.package
    for part in package.parts:
        part.before_marshal()
    parts = package.parts
    # PackageWriter.write's own three steps, given our entry writer instead of its zip.
    with open(path, "wb") as out, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        entries = PinnedEntries(archive, build_time())
        PackageWriter._write_content_types_stream(entries, parts)
        PackageWriter._write_pkg_rels(entries, package.rels)
        PackageWriter._write_parts(entries, parts)
