"""The Word writer's walk: one visit method per tree node, into a python-docx Document."""

from __future__ import annotations

import re

from docx import Document as open_docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips

from briefing import tree
from briefing.i18n import languages
from briefing.output import build_time
from briefing.theme import Theme
from briefing.writers.docx import ooxml
from briefing.writers.docx.numbering import WordNumbering, attach
from briefing.writers.docx.styles import (
    CONTENTS_STYLE, CONTENTS_TITLE_STYLE, DATE_STYLE, DETAIL_STYLE, ENTRY_STYLE, LEAD_STYLE, LEGEND_STYLE,
    LIST_INDENT_MM, LIST_STYLE, NOTE_STYLE, PARALLEL_STYLE, StyleSheet, hex_colour, text_width,
)
from briefing.writers.visitor import Visitor

TWIPS_PER_MM = 1440 / 25.4


class DocxWriter(Visitor):
    """Holds the python-docx Document being filled and where paragraphs go (the body or a bilingual cell)."""

    def __init__(self, document: tree.Document, theme: Theme, reference=None):
        self.meta = document.meta
        self.theme = theme
        self.language = self.meta.language  # the language being set now; a bilingual cell switches it
        self.docx = open_docx(str(reference)) if reference else open_docx()
        if reference:
            _clear_body(self.docx)
        self.container = self.docx
        self.parallel = None  # the bilingual table that consecutive aligned rows extend
        self.width = None  # the width being filled when narrower than the page (a bilingual cell)
        self.headings = 0
        self._setup_page()
        self.styles = StyleSheet(self.docx, theme, self.meta.language, self.meta.secondary is not None,
                                 keep_existing=reference is not None)
        self.styles.set_up()
        self.numbering = WordNumbering(self.docx)
        self._setup_header_footer()
        self._setup_properties()
        _drop_thumbnail(self.docx)
        self.contents_entries = _contents_entries(document)

    # -- set-up --------------------------------------------------------------

    def _setup_page(self) -> None:
        page = self.theme.page
        for section in self.docx.sections:
            section.page_width, section.page_height = Mm(210), Mm(297)
            section.top_margin = Mm(page["margin_top_mm"])
            section.bottom_margin = Mm(page["margin_bottom_mm"])
            section.left_margin = Mm(page["margin_left_mm"])
            section.right_margin = Mm(page["margin_right_mm"])
            section.header_distance = Mm(10)
            section.footer_distance = Mm(10)

    def _setup_header_footer(self) -> None:
        section = self.docx.sections[0]
        for part in (section.header, section.footer):
            part.is_linked_to_previous = False
            for paragraph in part.paragraphs[1:]:
                paragraph._p.getparent().remove(paragraph._p)
            part.paragraphs[0]._p.clear_content()
        second = self.meta.secondary
        languages = [self.meta] + ([second] if second else [])
        header = section.header.paragraphs[0]
        header._p.get_or_add_pPr().get_or_add_pStyle().val = self.styles.style_id("Header")
        header.add_run(self.meta.short_title)
        header.add_run("\t")
        self._markings(header, languages)
        if self.meta.draft:
            label = " / ".join(meta.labels["draft"] for meta in languages)
            ooxml.watermark(header, label, self.theme.family(self.meta.language.split("-")[0], "heading"),
                            _pale(self.theme.colours["marking"]))

        footer = section.footer.paragraphs[0]
        footer._p.get_or_add_pPr().get_or_add_pStyle().val = self.styles.style_id("Footer")
        footer.add_run("\t")
        for index, meta in enumerate(languages):
            if index:
                footer.add_run("\u2003")
            start = len(footer.runs)
            # "Page {page} of {pages}" arrives translated; the placeholders become fields.
            for piece in re.split(r"(\{page\}|\{pages\})", meta.labels["page_of"]):
                if piece == "{page}":
                    ooxml.add_field(footer, "PAGE", "1")
                elif piece == "{pages}":
                    ooxml.add_field(footer, "NUMPAGES", "1")
                elif piece:
                    footer.add_run(piece)
            for run in footer.runs[start:]:
                self._in_language(run, meta.language)
        footer.add_run("\t")
        self._markings(footer, languages)

    def _markings(self, paragraph, languages) -> None:
        """The marking in each language of the document, each run in its own language's font."""
        for index, meta in enumerate(languages):
            if index:
                paragraph.add_run(" / ")
            run = paragraph.add_run(meta.marking)
            run.bold = True
            run.font.color.rgb = hex_colour(self.theme.colours["marking"])
            self._in_language(run, meta.language)

    def _in_language(self, run, language: str) -> None:
        """Gives one run the fonts and language tag of a language other than its style's."""
        if language != self.meta.language:
            rpr = run._r.get_or_add_rPr()
            ooxml.set_fonts(rpr, self.theme.family(language.split("-")[0], "body"))
            ooxml.set_language(rpr, language)

    def _setup_properties(self) -> None:
        properties = self.docx.core_properties
        when = build_time().replace(tzinfo=None)
        properties.title = self.meta.title
        properties.subject = self.meta.subject
        properties.language = self.meta.language
        properties.keywords = ", ".join(self.meta.keywords)
        properties.author = self.meta.author or "briefing"
        properties.last_modified_by = "briefing"
        properties.comments = ""
        properties.category = self.meta.marking
        properties.content_status = self.meta.labels["draft"] if self.meta.draft else ""
        properties.created = when
        properties.modified = when
        properties.last_printed = when
        properties.revision = 1

    # -- where text goes -------------------------------------------------------

    def add_paragraph(self, style: str):
        # python-docx resolves a style name by scanning every style on each call,
        # which grows with the document; the id is looked up once per style instead.
        paragraph = self.container.add_paragraph()
        paragraph._p.get_or_add_pPr().get_or_add_pStyle().val = self.styles.style_id(
            self.styles.variant(style, self.language))
        return paragraph

    def add_run(self, paragraph, text: str):
        run = paragraph.add_run()
        ooxml.append_text(run, text)
        if self.parallel is not None:
            # In a bilingual table every run says its language, so spelling and line breaking follow it.
            ooxml.set_language(run._r.get_or_add_rPr(), self.language)
        return run

    def paragraph(self, text: str, style: str):
        paragraph = self.add_paragraph(style)
        self.add_run(paragraph, text)
        return paragraph

    def available_width(self):
        return self.width or text_width(self.docx)

    # -- nodes -----------------------------------------------------------------

    def visit(self, node) -> None:
        if not isinstance(node, tree.Aligned) and self.container is self.docx:
            self.parallel = None
        super().visit(node)

    def visit_title_block(self, node: tree.TitleBlock) -> None:
        self.paragraph(node.title, "Title")
        if node.subtitle:
            self.paragraph(node.subtitle, "Subtitle")
        self.paragraph(node.date, DATE_STYLE)

    def visit_contents(self, node: tree.Contents, title: str | None = None) -> None:
        """A real TOC field whose cached result already lists the headings, linked to their bookmarks.

        Word shows the cached list on opening and refreshes it (with page
        numbers, which only Word's own layout knows) on Update Field.
        """
        self.paragraph(title or node.title, CONTENTS_TITLE_STYLE)
        entries = self.contents_entries or [(1, "", "", self.meta.language)]
        for index, (level, text, anchor, language) in enumerate(entries):
            paragraph = self.add_paragraph(CONTENTS_STYLE.format(min(level, 3)))
            if index == 0:
                ooxml.field_char(paragraph._p, "begin")
                ooxml.instruction(paragraph._p, 'TOC \\o "1-3" \\h \\z \\u')
                ooxml.field_char(paragraph._p, "separate")
            if anchor:
                link = ooxml.internal_link(paragraph, anchor, text)
                if language != self.meta.language:
                    rpr = link.get_or_add_rPr()
                    ooxml.set_fonts(rpr, self.theme.family(language.split("-")[0], "body"))
                    ooxml.set_language(rpr, language)
            if index == len(entries) - 1:
                ooxml.field_char(paragraph._p, "end")
        # The contents page: the text begins on the next.
        self.add_paragraph("Normal").add_run().add_break(WD_BREAK.PAGE)

    def visit_heading(self, node: tree.Heading) -> None:
        paragraph = self.paragraph(node.display(), f"Heading {min(node.level, 3)}")
        self.headings += 1
        ooxml.bookmark(paragraph, f"_Toc_briefing_{self.headings}", self.headings)

    def visit_paragraph(self, node: tree.Paragraph) -> None:
        style = {"note": NOTE_STYLE, "lead": LEAD_STYLE}.get(node.role, "Normal")
        paragraph = self.paragraph(node.text, style)
        indent = languages.by_tag(self.language).paragraph_indent
        if indent and style == "Normal":  # e.g. Chinese prose begins two characters in
            paragraph.paragraph_format.first_line_indent = Pt(indent * self.theme.sizes["body"])

    def visit_list(self, node: tree.List) -> None:
        nesting = min(node.level, 6)
        left = round(LIST_INDENT_MM * nesting * TWIPS_PER_MM)
        hanging = round(LIST_INDENT_MM * TWIPS_PER_MM)
        level = languages.by_tag(self.language).numbering.level(node.depth) if node.ordered else None
        if level is not None and level.word is None:
            # Word has no number format for this counter: the labels are typed, with the same hanging indent.
            for item in node.items:
                paragraph = self.paragraph(f"{item.label}\t{item.text}", LIST_STYLE.format(nesting))
                paragraph.paragraph_format.left_indent = Twips(left)
                paragraph.paragraph_format.first_line_indent = Twips(-hanging)
                paragraph.paragraph_format.tab_stops.add_tab_stop(Twips(left))
                self.visit_all(item.blocks)
            return
        num_id = self.numbering.instance(level, left, hanging, node.start)
        for item in node.items:
            paragraph = self.paragraph(item.text, LIST_STYLE.format(nesting))
            attach(paragraph, num_id)
            self.visit_all(item.blocks)

    def visit_table(self, node: tree.Table) -> None:
        table = self.container.add_table(rows=1 + len(node.rows), cols=len(node.header))
        table._tbl.tblPr.style = self.styles.style_id(LEGEND_STYLE)  # by id: see add_paragraph
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for row, cells in zip(table.rows, (node.header, *node.rows)):
            ooxml.prevent_row_split(row)
            for cell, text in zip(row.cells, cells):
                cell.paragraphs[0]._p.get_or_add_pPr().get_or_add_pStyle().val = self.styles.style_id(
                    self.styles.variant("Normal", self.language))
                self.add_run(cell.paragraphs[0], text)
                cell.paragraphs[0].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
        header = table.rows[0]
        ooxml.repeat_as_header(header)
        for cell in header.cells:
            for run in cell.paragraphs[0].runs:
                run.bold = True
            ooxml.shade(cell, self.theme.colours["table_header"])
        # Widths on the grid and on every cell: Word reads the cells, LibreOffice the grid.
        table.autofit = False
        first = Mm(22)  # also in a bilingual cell: "Marker", "Symbole" would break at 14 mm
        widths = [first, self.available_width() - first]
        for column, width in zip(table.columns, widths):
            column.width = width
        for row in table.rows:
            for cell, width in zip(row.cells, widths):
                cell.width = width
        self.add_paragraph("Normal").paragraph_format.space_after = Pt(0)

    def visit_entry(self, node: tree.Entry) -> None:
        paragraph = self.add_paragraph(ENTRY_STYLE)
        self.add_run(paragraph, f"{node.marker}\t{node.title}")
        if node.flag:
            self.add_run(paragraph, f" {node.flag}")
        if not node.details:
            paragraph.paragraph_format.keep_with_next = False
        for index, detail in enumerate(node.details):
            last = index == len(node.details) - 1
            self.paragraph(detail, DETAIL_STYLE).paragraph_format.keep_with_next = not last

    def visit_aligned(self, node: tree.Aligned) -> None:
        if isinstance(node.left, tree.Contents):
            # One contents for the whole book, outside the table: a TOC field lists every heading.
            self.parallel = None
            self.visit_contents(node.left, f"{node.left.title} / {node.right.title}")
            return
        half = text_width(self.docx) // 2
        if self.parallel is None:
            self.parallel = self.docx.add_table(rows=0, cols=2)
            self.parallel._tbl.tblPr.style = self.styles.style_id(PARALLEL_STYLE)
            self.parallel.autofit = False
            for column in self.parallel.columns:
                column.width = half
        row = self.parallel.add_row()
        if not isinstance(node.left, (tree.Paragraph, tree.List)):
            ooxml.prevent_row_split(row)
        sides = ((row.cells[0], node.left, self.meta.language), (row.cells[1], node.right, self.meta.secondary.language))
        for cell, block, language in sides:
            cell.width = half
            self.container, self.language, self.width = cell, language, half
            self.visit(block)
            ooxml.drop_leading_empty_paragraph(cell)
        self.container, self.language, self.width = self.docx, self.meta.language, None


def _pale(colour: str) -> str:
    """The colour mixed four parts to one with white: a watermark that text can be read through,
    also where opacity is ignored (LibreOffice)."""
    red, green, blue = (int(colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    return "#{:02x}{:02x}{:02x}".format(*(round(c + (255 - c) * 0.8) for c in (red, green, blue)))


def _contents_entries(document: tree.Document) -> list[tuple[int, str, str, str]]:
    """(level, text, bookmark, language) of every heading in document order, as Word's TOC field collects them."""
    meta = document.meta
    entries = []
    for block in document.blocks:
        if isinstance(block, tree.Aligned):
            sides = ((block.left, meta.language), (block.right, meta.secondary.language))
        else:
            sides = ((block, meta.language),)
        for side, language in sides:
            if isinstance(side, tree.Heading):
                entries.append((side.level, side.display(), f"_Toc_briefing_{len(entries) + 1}", language))
    return entries


def _clear_body(document) -> None:
    """Empties a reference document's body, keeping its section settings: only its styles are wanted."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _drop_thumbnail(document) -> None:
    # python-docx's default template carries a JPEG preview of itself, which
    # file browsers would show instead of the book; a draft has none.
    rels = document.part.package.rels
    for rel_id, rel in list(rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            rels.pop(rel_id)
