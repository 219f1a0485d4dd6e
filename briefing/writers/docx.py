"""The Word writer: walks the document tree into a .docx with named styles, fields in the footer and pinned bytes."""

from __future__ import annotations

import io
import re

from docx import Document as new_docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from briefing import tree
from briefing.output import build_time, normalize_zip
from briefing.theme import DEFAULT_THEME, Theme, load_theme
from briefing.writers.visitor import Visitor

# Style names a user's reference document may restyle.
LIST_STYLE = "Briefing List {}"
ENTRY_STYLE = "Register Entry"
DETAIL_STYLE = "Register Detail"
NOTE_STYLE = "Note"
LEAD_STYLE = "Lead"
DATE_STYLE = "Date Line"
LEGEND_STYLE = "Legend Table"
LIST_INDENT_MM = 8


def write(document: tree.Document, path: str, theme: Theme | None = None) -> None:
    """Writes the document as a Word draft at `path`."""
    theme = theme or load_theme(DEFAULT_THEME)
    writer = _DocxWriter(document, theme)
    writer.visit_all(document.blocks)
    buffer = io.BytesIO()
    writer.docx.save(buffer)
    with open(path, "wb") as out:
        out.write(normalize_zip(buffer.getvalue(), build_time()))


def _hex(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


class _DocxWriter(Visitor):
    """Holds the python-docx Document being filled; one visit method per tree node."""

    def __init__(self, document: tree.Document, theme: Theme):
        self.meta = document.meta
        self.theme = theme
        self.locale = self.meta.language.split("-")[0]
        self.docx = new_docx()
        self._setup_page()
        self._setup_styles()
        self._setup_header_footer()
        self._setup_properties()
        self._drop_template_thumbnail()

    # -- set-up --------------------------------------------------------------

    def _setup_page(self) -> None:
        page = self.theme.page
        for section in self.docx.sections:
            section.page_width, section.page_height = Mm(210), Mm(297)
            section.top_margin = Mm(page["margin_top_mm"])
            section.bottom_margin = Mm(page["margin_bottom_mm"])
            section.left_margin = Mm(page["margin_left_mm"])
            section.right_margin = Mm(page["margin_right_mm"])

    def _fonts(self, style, role: str, size: float, colour: str | None = None, bold: bool | None = None) -> None:
        family = self.theme.family(self.locale, role)
        font = style.font
        font.name = family
        font.size = Pt(size)
        if bold is not None:
            font.bold = bold
        if colour:
            font.color.rgb = _hex(colour)
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.insert(0, fonts)
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attribute), family)
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attribute), None)
        _set_language(rpr, self.meta.language)

    def _style(self, name: str, kind=WD_STYLE_TYPE.PARAGRAPH, base: str = "Normal"):
        styles = self.docx.styles
        if name in [s.name for s in styles]:
            return styles[name]
        style = styles.add_style(name, kind)
        if base:
            style.base_style = styles[base]
        style.quick_style = True
        return style

    def _setup_styles(self) -> None:
        sizes, colours = self.theme.sizes, self.theme.colours
        normal = self.docx.styles["Normal"]
        self._fonts(normal, "body", sizes["body"], colours["text"])
        normal.paragraph_format.space_after = Pt(6)
        normal.paragraph_format.line_spacing = 1.15
        normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        normal.paragraph_format.widow_control = True

        title = self.docx.styles["Title"]
        self._fonts(title, "heading", sizes["title"], colours["heading"], bold=True)
        title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        title.paragraph_format.space_after = Pt(6)
        _remove_border(title)
        subtitle = self.docx.styles["Subtitle"]
        self._fonts(subtitle, "heading", sizes["subtitle"], colours["heading"], bold=False)
        subtitle.font.italic = False
        subtitle.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        date = self._style(DATE_STYLE)
        self._fonts(date, "body", sizes["date"])
        date.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        date.paragraph_format.space_after = Pt(18)

        for level in (1, 2, 3):
            heading = self.docx.styles[f"Heading {level}"]
            self._fonts(heading, "heading", sizes[f"heading{level}"], colours["heading"], bold=True)
            heading.font.italic = False
            heading.paragraph_format.keep_with_next = True
            heading.paragraph_format.space_before = Pt(14 if level == 1 else 10)
            heading.paragraph_format.space_after = Pt(4)
            heading.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT

        for depth in range(1, 7):
            style = self._style(LIST_STYLE.format(depth))
            fmt = style.paragraph_format
            fmt.left_indent = Mm(LIST_INDENT_MM * depth)
            fmt.first_line_indent = -Mm(LIST_INDENT_MM)
            fmt.space_after = Pt(4)
            fmt.tab_stops.add_tab_stop(Mm(LIST_INDENT_MM * depth))

        entry = self._style(ENTRY_STYLE)
        self._fonts(entry, "bold", sizes["body"], bold=True)
        entry.paragraph_format.left_indent = Mm(6)
        entry.paragraph_format.first_line_indent = -Mm(6)
        entry.paragraph_format.keep_with_next = True
        entry.paragraph_format.keep_together = True
        entry.paragraph_format.space_before = Pt(6)
        entry.paragraph_format.space_after = Pt(2)
        entry.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
        entry.paragraph_format.tab_stops.add_tab_stop(Mm(6))
        detail = self._style(DETAIL_STYLE)
        detail.paragraph_format.left_indent = Mm(6)
        detail.paragraph_format.space_after = Pt(2)
        detail.paragraph_format.keep_together = True
        note = self._style(NOTE_STYLE)
        self._fonts(note, "body", sizes["note"])
        note.font.italic = True
        lead = self._style(LEAD_STYLE)
        self._fonts(lead, "heading", sizes["heading2"], colours["heading"], bold=False)
        lead.paragraph_format.keep_with_next = True

        legend = self._style(LEGEND_STYLE, WD_STYLE_TYPE.TABLE, base="Table Grid")
        self._fonts(legend, "body", sizes["table"])

        for name in ("Header", "Footer"):
            style = self.docx.styles[name]
            self._fonts(style, "body", sizes["running"], colours["rule"])

    def _setup_header_footer(self) -> None:
        section = self.docx.sections[0]
        width = section.page_width - section.left_margin - section.right_margin
        # The template's Header/Footer styles carry Letter-size tab stops; ours follow the A4 text width.
        for name in ("Header", "Footer"):
            stops = self.docx.styles[name].paragraph_format.tab_stops
            stops.clear_all()
            stops.add_tab_stop(width // 2, alignment=WD_TAB_ALIGNMENT.CENTER)
            stops.add_tab_stop(width, alignment=WD_TAB_ALIGNMENT.RIGHT)
        header = section.header.paragraphs[0]
        header.style = self.docx.styles["Header"]
        header.add_run(self.meta.short_title)
        header.add_run("\t\t")
        marking = header.add_run(self.meta.marking)
        marking.bold = True
        marking.font.color.rgb = _hex(self.theme.colours["marking"])

        footer = section.footer.paragraphs[0]
        footer.style = self.docx.styles["Footer"]
        footer.add_run("\t")
        # "Page {page} of {pages}" arrives translated; the placeholders become fields.
        for piece in re.split(r"(\{page\}|\{pages\})", self.meta.labels["page_of"]):
            if piece == "{page}":
                _add_field(footer, "PAGE", "1")
            elif piece == "{pages}":
                _add_field(footer, "NUMPAGES", "1")
            elif piece:
                footer.add_run(piece)
        footer.add_run("\t")
        marking = footer.add_run(self.meta.marking)
        marking.bold = True
        marking.font.color.rgb = _hex(self.theme.colours["marking"])

    def _setup_properties(self) -> None:
        properties = self.docx.core_properties
        when = build_time().replace(tzinfo=None)
        properties.title = self.meta.title
        properties.subject = self.meta.subject
        properties.language = self.meta.language
        properties.keywords = ", ".join(self.meta.keywords)
        properties.author = "briefing"
        properties.last_modified_by = "briefing"
        properties.comments = ""
        properties.category = self.meta.marking
        properties.created = when
        properties.modified = when
        properties.last_printed = when
        properties.revision = 1

    def _drop_template_thumbnail(self) -> None:
        # python-docx's default template carries a JPEG preview of itself, which
        # file browsers would show instead of the book; a draft has none.
        rels = self.docx.part.package.rels
        for rel_id, rel in list(rels.items()):
            if rel.reltype.endswith("/thumbnail"):
                rels.pop(rel_id)

    # -- nodes -----------------------------------------------------------------

    def paragraph(self, text: str, style: str):
        paragraph = self.docx.add_paragraph(style=style)
        paragraph.add_run(text)
        return paragraph

    def visit_title_block(self, node: tree.TitleBlock) -> None:
        self.paragraph(node.title, "Title")
        if node.subtitle:
            self.paragraph(node.subtitle, "Subtitle")
        self.paragraph(node.date, DATE_STYLE)

    def visit_heading(self, node: tree.Heading) -> None:
        text = node.display()
        self.paragraph(text, f"Heading {min(node.level, 3)}")

    def visit_paragraph(self, node: tree.Paragraph) -> None:
        style = {"note": NOTE_STYLE, "lead": LEAD_STYLE}.get(node.role, "Normal")
        self.paragraph(node.text, style)

    def visit_list(self, node: tree.List) -> None:
        for item in node.items:
            paragraph = self.docx.add_paragraph(style=LIST_STYLE.format(min(node.level, 6)))
            paragraph.add_run(f"{item.label}\t{item.text}")
            self.visit_all(item.blocks)

    def visit_table(self, node: tree.Table) -> None:
        table = self.docx.add_table(rows=1 + len(node.rows), cols=len(node.header))
        table.style = self.docx.styles[LEGEND_STYLE]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for row, cells in zip(table.rows, (node.header, *node.rows)):
            _prevent_row_split(row)
            for cell, text in zip(row.cells, cells):
                cell.paragraphs[0].add_run(text)
                cell.paragraphs[0].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
        header = table.rows[0]
        _repeat_as_header(header)
        for cell in header.cells:
            for run in cell.paragraphs[0].runs:
                run.bold = True
            _shade(cell, self.theme.colours["table_header"])
        # Widths on the grid and on every cell: Word reads the cells, LibreOffice the grid.
        table.autofit = False
        section = self.docx.sections[0]
        text_width = section.page_width - section.left_margin - section.right_margin
        widths = [Mm(22), text_width - Mm(22)]
        for column, width in zip(table.columns, widths):
            column.width = width
        for row in table.rows:
            for cell, width in zip(row.cells, widths):
                cell.width = width
        self.docx.add_paragraph(style="Normal").paragraph_format.space_after = Pt(0)

    def visit_entry(self, node: tree.Entry) -> None:
        paragraph = self.docx.add_paragraph(style=ENTRY_STYLE)
        paragraph.add_run(f"{node.marker}\t{node.title}")
        if node.flag:
            paragraph.add_run(f" {node.flag}")
        if not node.details:
            paragraph.paragraph_format.keep_with_next = False
        for index, detail in enumerate(node.details):
            last = index == len(node.details) - 1
            self.paragraph(detail, DETAIL_STYLE).paragraph_format.keep_with_next = not last


def _set_language(rpr, tag: str) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), tag)
    lang.set(qn("w:eastAsia"), tag if tag.startswith("ja") else "ja-JP")
    lang.set(qn("w:bidi"), "ar-SA")


def _add_field(paragraph, instruction: str, placeholder: str) -> None:
    """A complex field (`PAGE`, `NUMPAGES`) Word and LibreOffice update on their own."""
    def fld_char(kind: str):
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._r.append(element)

    fld_char("begin")
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    fld_char("separate")
    paragraph.add_run(placeholder)
    fld_char("end")


def _repeat_as_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)


def _prevent_row_split(row) -> None:
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:cantSplit")
    element.set(qn("w:val"), "true")
    properties.append(element)


def _shade(cell, colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour.lstrip("#").upper())
    cell._tc.get_or_add_tcPr().append(shading)


def _remove_border(style) -> None:
    # The default template draws a rule under Title; a briefing book's title block has none.
    ppr = style.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)
