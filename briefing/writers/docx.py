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
PARALLEL_STYLE = "Parallel Text"
LIST_INDENT_MM = 8

# Which theme font each style takes; styles not named here take the body face.
STYLE_ROLES = {"Title": "heading", "Subtitle": "heading", "Heading 1": "heading", "Heading 2": "heading",
               "Heading 3": "heading", "Lead": "heading", ENTRY_STYLE: "bold"}


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
        self.language = self.meta.language  # the language being set now; a bilingual cell switches it
        self.docx = new_docx()
        self.container = self.docx  # where paragraphs go: the body, or a cell of the parallel table
        self.parallel = None  # the bilingual table that consecutive aligned rows extend
        self.width = None  # the width being filled when it is narrower than the page (a bilingual cell)
        self._variants: set[str] = set()
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

    def _fonts(self, style, role: str, size: float | None, colour: str | None = None, bold: bool | None = None,
               language: str | None = None) -> None:
        language = language or self.meta.language
        family = self.theme.family(language.split("-")[0], role)
        font = style.font
        font.name = family
        if size is not None:
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
        _set_language(rpr, language)

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
        normal.paragraph_format.alignment = (
            WD_ALIGN_PARAGRAPH.JUSTIFY if self.meta.secondary is None else _column_alignment(self.meta.language))
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
        # Bilingual books: a borderless two-column table, one row per aligned block.
        self._style(PARALLEL_STYLE, WD_STYLE_TYPE.TABLE, base="Normal Table")

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
        second = self.meta.secondary
        languages = [self.meta] + ([second] if second else [])
        header = section.header.paragraphs[0]
        header.style = self.docx.styles["Header"]
        header.add_run(self.meta.short_title)
        header.add_run("\t\t")
        self._markings(header, languages)

        footer = section.footer.paragraphs[0]
        footer.style = self.docx.styles["Footer"]
        footer.add_run("\t")
        for index, meta in enumerate(languages):
            if index:
                footer.add_run("\u2003")
            start = len(footer.runs)
            # "Page {page} of {pages}" arrives translated; the placeholders become fields.
            for piece in re.split(r"(\{page\}|\{pages\})", meta.labels["page_of"]):
                if piece == "{page}":
                    _add_field(footer, "PAGE", "1")
                elif piece == "{pages}":
                    _add_field(footer, "NUMPAGES", "1")
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
            self._marking(run)
            self._in_language(run, meta.language)

    def _in_language(self, run, language: str) -> None:
        """Gives one run the fonts and language tag of a language other than its style's."""
        if language == self.meta.language:
            return
        family = self.theme.family(language.split("-")[0], "body")
        rpr = run._r.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.insert(0, fonts)
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attribute), family)
        _set_language(rpr, language)

    def _marking(self, run) -> None:
        run.bold = True
        run.font.color.rgb = _hex(self.theme.colours["marking"])

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

    def style(self, name: str) -> str:
        """The style to use for `name` in the current language: the style itself, or its variant for the secondary language."""
        if self.language == self.meta.language:
            return name
        variant = f"{name} ({self.language})"
        if variant not in self._variants:
            style = self._style(variant, base=name)
            self._fonts(style, STYLE_ROLES.get(name, "body"), None, language=self.language)
            if style.base_style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY:
                style.paragraph_format.alignment = _column_alignment(self.language)
            self._variants.add(variant)
        return variant

    def add_paragraph(self, style: str):
        return self.container.add_paragraph(style=self.style(style))

    def add_run(self, paragraph, text: str):
        run = paragraph.add_run(text)
        if self.parallel is not None:
            # In a bilingual table every run says its language, so spell-checking and line breaking follow it.
            _set_language(run._r.get_or_add_rPr(), self.language)
        return run

    # -- nodes -----------------------------------------------------------------

    def visit(self, node) -> None:
        if not isinstance(node, tree.Aligned) and self.container is self.docx:
            self.parallel = None
        super().visit(node)

    def paragraph(self, text: str, style: str):
        paragraph = self.add_paragraph(style)
        self.add_run(paragraph, text)
        return paragraph

    def visit_aligned(self, node: tree.Aligned) -> None:
        section = self.docx.sections[0]
        half = (section.page_width - section.left_margin - section.right_margin) // 2
        if self.parallel is None:
            self.parallel = self.docx.add_table(rows=0, cols=2)
            self.parallel.style = self.docx.styles[PARALLEL_STYLE]
            self.parallel.autofit = False
            for column in self.parallel.columns:
                column.width = half
        row = self.parallel.add_row()
        if not isinstance(node.left, (tree.Paragraph, tree.List)):
            _prevent_row_split(row)
        sides = ((row.cells[0], node.left, self.meta.language), (row.cells[1], node.right, self.meta.secondary.language))
        for cell, block, language in sides:
            cell.width = half
            self.container, self.language, self.width = cell, language, half
            self.visit(block)
            _drop_leading_empty_paragraph(cell)
        self.container, self.language, self.width = self.docx, self.meta.language, None

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
            paragraph = self.add_paragraph(LIST_STYLE.format(min(node.level, 6)))
            self.add_run(paragraph, f"{item.label}\t{item.text}")
            self.visit_all(item.blocks)

    def visit_table(self, node: tree.Table) -> None:
        table = self.container.add_table(rows=1 + len(node.rows), cols=len(node.header))
        table.style = self.docx.styles[LEGEND_STYLE]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for row, cells in zip(table.rows, (node.header, *node.rows)):
            _prevent_row_split(row)
            for cell, text in zip(row.cells, cells):
                cell.paragraphs[0].style = self.docx.styles[self.style("Normal")]
                self.add_run(cell.paragraphs[0], text)
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
        text_width = self.width or section.page_width - section.left_margin - section.right_margin
        first = Mm(22) if self.width is None else Mm(14)
        widths = [first, text_width - first]
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


def _column_alignment(language: str):
    # Justified Latin or Cyrillic in a half-width column opens rivers of space; Japanese keeps its grid.
    return WD_ALIGN_PARAGRAPH.JUSTIFY if language.startswith("ja") else WD_ALIGN_PARAGRAPH.LEFT


def _drop_leading_empty_paragraph(cell) -> None:
    # A new cell holds one empty paragraph; once content follows it, it is only a gap.
    first = cell.paragraphs[0]
    if len(cell._tc) > 2 and not first.text and first._p is cell._tc[1]:
        cell._tc.remove(first._p)


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
