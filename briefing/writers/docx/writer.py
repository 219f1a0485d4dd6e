"""The Word writer's walk: one visit method per tree node, into a python-docx Document."""

from __future__ import annotations

import io
from unicodedata import east_asian_width

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt, Twips

from briefing import tree
from briefing.fonts import chain
from briefing.i18n import languages

from briefing.theme import Theme
from briefing.writers.columns import SMALL_TABLE_ROWS, column_widths
from briefing.writers.docx import ooxml, prebuilt, prepared
from briefing.writers.docx.numbering import WordNumbering, attach
from briefing.writers.docx.schema_order import keep_with_next
from briefing.writers.docx.trace import Trace, table_part
from briefing.writers.docx.styles import (
    ALIGNMENTS, CAPTION_STYLE, CELL_PADDING_PT, CONTENTS_STYLE, CONTENTS_TITLE_STYLE, DATA_TABLE_STYLE, DATE_STYLE, DETAIL_STYLE, ENTRY_STYLE,
    FIGURE_STYLE, LEAD_STYLE, LEGEND_STYLE, LIST_INDENT_MM, LIST_STYLE, NOTE_STYLE, SOURCE_STYLE, StyleSheet,
    text_width,
)
from briefing.writers.metrics import text_width as measured_width
from briefing.writers.docx.page import PageSetup, set_page
from briefing.writers.docx.pairs import PairLayout
from briefing.writers.visitor import Visitor

TWIPS_PER_MM = 1440 / 25.4
CONTENTS_INDENT_MM = 6  # each contents level further in than the one above (as the TOC styles)
# Draft marks of translations (tree.STATE_MARKS), as Word's text highlight.
STATE_HIGHLIGHTS = {"stale": WD_COLOR_INDEX.YELLOW, "missing": WD_COLOR_INDEX.TURQUOISE}


class DocxWriter(PageSetup, PairLayout, Visitor):
    """Holds the python-docx Document being filled and where paragraphs go (the body or a bilingual cell)."""

    def __init__(self, document: tree.Document, theme: Theme, reference=None):
        self.meta = document.meta
        self.theme = theme
        self.language = self.meta.language  # the language being set now; a bilingual cell switches it
        bilingual = self.meta.secondary is not None
        if reference:  # only its sanitized styles, numbering, fonts, theme and settings (reference.py)
            from briefing.writers.docx.reference import open_reference

            self.docx, kept = open_reference(reference)
            set_page(self.docx, theme.page)
            self.styles = StyleSheet(self.docx, theme, self.language, bilingual, keep_existing=True, kept=kept)
            self.styles.set_up()
        else:  # the theme's page and styles, set up once per process and copied
            self.docx, self.styles = prepared.styled_draft(theme, self.language, bilingual)
        self.container = self.docx
        self.parallel = None  # the bilingual table that consecutive aligned rows extend
        self.page_break_before = False  # set after the contents: what follows starts the next page
        self.leads: list = []  # aligned headings waiting to open the next bilingual row
        self.width = None  # the width being filled when narrower than the page (a bilingual cell)
        self.headings = 0
        # Bookmarks around each text and a snapshot part, by which an edited draft is absorbed back into content.
        self.trace = Trace(self.meta.book, self.meta.content, "+".join(self.meta.languages or (self.meta.language,)))
        self.full_width = text_width(self.docx)  # the page is set up once: its text width is asked for often
        self.numbering = WordNumbering(self.docx)
        self._setup_header_footer()
        self._setup_properties()
        ooxml.hyphenate(self.docx.settings.element, self.meta.language)
        _drop_thumbnail(self.docx)
        self.contents_entries = _contents_entries(document)

    # -- set-up --------------------------------------------------------------


    def _in_language(self, run, language: str) -> None:
        """Gives one run the fonts and language tag of a language other than its style's."""
        if language != self.meta.language:
            rpr = run._r.get_or_add_rPr()
            ooxml.set_fonts(rpr, self.theme.family(language.split("-")[0], "body"))
            ooxml.set_language(rpr, language)

    def add_paragraph(self, style: str):
        # python-docx resolves a style name by scanning every style on each call,
        # which grows with the document; the id is looked up once per style instead.
        style_id = self.styles.style_id(self.styles.variant(style, self.language))
        container = self.docx._body if self.container is self.docx else self.container  # the body, or a cell
        paragraph = ooxml.new_paragraph(container, prebuilt.paragraph(style_id))
        if self.page_break_before:  # the first paragraph after the contents (in a pair, its first cell's)
            paragraph.paragraph_format.page_break_before = True
            self.page_break_before = False
        return paragraph

    def add_run(self, paragraph, text: str):
        run = ooxml.new_run(paragraph)
        ooxml.append_text(run, text)
        if self.parallel is not None:
            # In a bilingual table every run says its language, so spelling and line breaking follow it.
            run._r.insert(0, prebuilt.language_properties(self.language))  # a new w:r: no w:rPr yet
        return run

    def paragraph(self, text: str, style: str, state: str = "", generated: str = ""):
        """A paragraph of one run; `generated` names what the tool composed it from, for the draft's trace."""
        paragraph = self.add_paragraph(style)
        run = self.add_run(paragraph, text)
        if state:
            # A draft's stale translation is highlighted yellow, a missing one (its source standing in) cyan.
            run.font.highlight_color = STATE_HIGHLIGHTS[state]
        if generated:
            self.trace.generated(paragraph, generated, self.language, text)
        return paragraph

    def text_paragraphs(self, text: str, style: str, state: str, source: str, kind: str, prefix: str = "",
                        mark_all: bool = True):
        """A text of one or more paragraphs, each traced to its content path (or as generated, without one)."""
        parts = tree.paragraphs(text)
        written = []
        for index, part in enumerate(parts):
            paragraph = self.add_paragraph(style)
            runs = [self.add_run(paragraph, prefix)] if prefix and index == 0 else []
            runs.append(self.add_run(paragraph, part))
            for run in runs if state and (mark_all or index == 0) else ():
                run.font.highlight_color = STATE_HIGHLIGHTS[state]
            if source:
                self.trace.content(paragraph, runs[-1:], source, self.language, part, index, len(parts),
                                   prefix=prefix if index == 0 else "", state=state)
            else:
                self.trace.generated(paragraph, kind, self.language, (prefix if index == 0 else "") + part)
            written.append(paragraph)
        return written

    def available_width(self):
        return self.width or self.full_width

    # -- nodes -----------------------------------------------------------------

    def visit(self, node) -> None:
        if not isinstance(node, tree.Aligned) and self.container is self.docx:
            self.flush_leads()
            self.parallel = None
        super().visit(node)

    def visit_all(self, nodes) -> None:
        super().visit_all(nodes)
        if self.container is self.docx:
            self.flush_leads()

    def visit_title_block(self, node: tree.TitleBlock) -> None:
        self.text_paragraphs(node.title, "Title", "", node.source, "title")
        if node.subtitle:
            self.paragraph(node.subtitle, "Subtitle", generated="subtitle")
        self.paragraph(node.date, DATE_STYLE, generated="date")

    def visit_contents(self, node: tree.Contents, title: str | None = None) -> None:
        """A real TOC field whose cached result already lists the headings, linked to their bookmarks.

        Word shows the cached list on opening and refreshes it (with page
        numbers, which only Word's own layout knows) on Update Field.
        """
        heading = self.paragraph(title or node.title, CONTENTS_TITLE_STYLE, generated="contents")
        entries = self.contents_entries or [(1, None, "", self.meta.language)]
        # More entries than half a page holds do not fit under the title block: rather than spill a few
        # lines onto a page of their own (the text starts on the page after the contents), they start one.
        heading.paragraph_format.page_break_before = len(entries) > CONTENTS_UNDER_TITLE
        self.trace.contents([(heading.source, language, heading.display()) for _, heading, _, language in entries
                             if heading])
        hangs = self.contents_hangs(entries)
        for index, (level, heading, anchor, language) in enumerate(entries):
            paragraph = self.add_paragraph(CONTENTS_STYLE.format(min(level, 3)))
            if index == 0:
                ooxml.field_char(paragraph._p, "begin")
                ooxml.instruction(paragraph._p, 'TOC \\o "1-3" \\h \\z \\u')
                ooxml.field_char(paragraph._p, "separate")
            if anchor and heading.label:
                # The label hangs: a wrapped line starts under the text, not under the label.
                hang = hangs[(min(level, 3), language)]
                fmt = paragraph.paragraph_format
                fmt.left_indent = Mm(CONTENTS_INDENT_MM * (min(level, 3) - 1)) + hang
                fmt.first_line_indent = -hang
                fmt.tab_stops.add_tab_stop(fmt.left_indent)
                link = ooxml.internal_link(paragraph, anchor, heading.text, label=heading.label)
            elif anchor:
                link = ooxml.internal_link(paragraph, anchor, heading.display())
            if anchor and language != self.meta.language:
                rpr = link.get_or_add_rPr()
                ooxml.set_fonts(rpr, self.theme.family(language.split("-")[0], "body"))
                ooxml.set_language(rpr, language)
            if index == len(entries) - 1:
                ooxml.field_char(paragraph._p, "end")
        # The contents page: the text begins on the next, by "page break before" on what follows; a paragraph
        # holding a break would spill onto a page of its own when the contents fill theirs (a blank page).
        self.page_break_before = True

    def contents_hangs(self, entries) -> dict:
        """How far each level's labels hang in the contents, per language: its widest label and a gap."""
        widest: dict = {}
        for level, heading, _, language in entries:
            if heading is not None and heading.label:
                self.language = language
                key = (min(level, 3), language)
                widest[key] = max(widest.get(key, 0.0), self.measure(heading.label, level == 1))
        self.language = self.meta.language
        return {key: Pt(round(width + 4, 1)) for key, width in widest.items()}

    def visit_heading(self, node: tree.Heading, number: int | None = None) -> None:
        prefix = f"{node.label}{node.gap}" if node.label else ""
        paragraph, = self.text_paragraphs(node.text, f"Heading {min(node.level, 3)}", node.state, node.source,
                                          "heading", prefix)
        if number is None:
            self.headings += 1
            number = self.headings
        ooxml.bookmark(paragraph, f"_Toc_briefing_{number}", number)
        return paragraph

    def visit_paragraph(self, node: tree.Paragraph) -> None:
        style = {"note": NOTE_STYLE, "lead": LEAD_STYLE, "meta": DATE_STYLE}.get(node.role, "Normal")
        indent = languages.by_tag(self.language).paragraph_indent
        for paragraph in self.text_paragraphs(node.text, style, node.state, node.source, node.role):
            if indent and style == "Normal":  # e.g. Chinese prose begins two characters in
                paragraph.paragraph_format.first_line_indent = Pt(indent * self.theme.sizes["body"])

    def visit_list(self, node: tree.List) -> None:
        nesting = min(node.level, 6)
        level = languages.by_tag(self.language).numbering.level(node.depth) if node.ordered else None
        # The label hangs in the indent; one wider than it (（ア） is three full-width characters)
        # would push the first line's text to the next tab stop, out of line with the lines below.
        labels = [level.label(node.start + n) for n in range(len(node.items))] if level else ["•"]
        widest = max(_label_width_pt(label, self.theme.sizes["body"]) for label in labels)
        hanging_mm = max(LIST_INDENT_MM, (widest + 3) * 25.4 / 72)
        left = round((LIST_INDENT_MM * (nesting - 1) + hanging_mm) * TWIPS_PER_MM)
        hanging = round(hanging_mm * TWIPS_PER_MM)
        if level is not None and level.word is None:
            # Word has no number format for this counter: the labels are typed, with the same hanging indent.
            for item in node.items:
                paragraph = self.paragraph(f"{item.label}\t{item.text}", LIST_STYLE.format(nesting), item.state)
                paragraph.paragraph_format.left_indent = Twips(left)
                paragraph.paragraph_format.first_line_indent = Twips(-hanging)
                paragraph.paragraph_format.tab_stops.add_tab_stop(Twips(left))
                self.visit_all(item.blocks)
            return
        num_id = self.numbering.instance(level, left, hanging, node.start)
        for item in node.items:
            paragraph, *more = self.text_paragraphs(item.text, LIST_STYLE.format(nesting), item.state, item.source,
                                                    "item", mark_all=False)
            attach(paragraph, num_id)
            for continuation in more:
                # A blank line in an item: a paragraph of its own under the item's text, without a label.
                continuation = continuation.paragraph_format
                continuation.left_indent, continuation.first_line_indent = Emu(left * 635), Emu(0)
            self.visit_all(item.blocks)

    def measure(self, text: str, bold: bool) -> float:
        """Points of text in the current language's face at the size of a cell's paragraphs (Normal's, the body size).

        With a margin of 3% and a point: a layout engine's widths round differently from ours,
        and a word a hair too wide for its column breaks.
        """
        language = self.language.split("-")[0]
        width = measured_width(chain(tuple(self.theme.font_patterns(language, "bold" if bold else "body"))),
                               text, self.theme.sizes["body"])
        return width * 1.03 + 1 if width else 0.0

    def cell_text(self, cell, text: str, alignment, bold: bool = False) -> None:
        """A cell's paragraphs, one per paragraph of the text, in the language's table style."""
        style = self.styles.style_id(self.styles.variant("Normal", self.language))
        for index, part in enumerate(tree.paragraphs(text)):
            paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
            # A new cell's paragraph or a new one (no w:pPr yet); its words stay whole ("Japan's ex-ports").
            paragraph._p.insert(0, prebuilt.cell_properties(style, alignment))
            run = self.add_run(paragraph, part)
            if bold:
                run.bold = True
            self.trace.generated(paragraph, "table", self.language, part)

    def visit_table(self, node: tree.Table) -> None:
        columns = len(node.header) if node.header else (len(node.rows[0]) if node.rows else 0)
        if columns == 0:
            return
        if node.role != "legend" or node.caption or node.source:
            self.styles.set_up_tables_and_figures()
        if node.caption:
            with self.trace.nearest(table_part(node, "caption")):
                for text in tree.paragraphs(node.caption):
                    keep_with_next(self.paragraph(text, CAPTION_STYLE, generated="caption")._p, True)
        table = self.container.add_table(rows=(1 if node.header else 0) + len(node.rows), cols=columns)
        style = LEGEND_STYLE if node.role == "legend" else DATA_TABLE_STYLE
        table._tbl.tblPr.style = self.styles.style_id(style)  # by id: see add_paragraph
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        alignments = [ALIGNMENTS[node.alignment(column)] for column in range(columns)]
        lines = ((node.header, True),) if node.header else ()
        # Each cell's content path: an edit of it in the draft is refused at its own line (clearance/absorb.py).
        parts = ([[f"header[{column}]" for column in range(columns)]] if node.header else []) + \
            [[f"rows[{index}]"] * columns for index in range(len(node.rows))]
        for row, (cells, bold), row_parts in zip(table.rows, (*lines, *((row, False) for row in node.rows)), parts):
            ooxml.prevent_row_split(row)
            for cell, text, alignment, part in zip(row.cells, cells, alignments, row_parts):
                with self.trace.nearest(table_part(node, part)):
                    self.cell_text(cell, text, alignment, bold)
        if len(node.rows) <= SMALL_TABLE_ROWS:
            ooxml.keep_rows_together(table, with_next=bool(node.source))
        if node.header:
            header = table.rows[0]
            ooxml.repeat_as_header(header)
            for cell in header.cells:
                ooxml.shade(cell, self.theme.colours["table_header"])
        # Widths on the grid and on every cell: Word reads the cells, LibreOffice the grid.
        table.autofit = False
        available = self.available_width()
        points = column_widths(node.header, node.rows, self.measure, Emu(available).pt, CELL_PADDING_PT)
        widths = [Emu(round(width * 12700)) for width in points[:-1]]
        widths.append(Emu(available - sum(widths)))
        for column, width in zip(table.columns, widths):
            column.width = width
        for row in table.rows:
            for cell, width in zip(row.cells, widths):
                cell.width = width
        ooxml.pad_cells(table)
        if node.source:
            with self.trace.nearest(table_part(node, "source")):
                for text in tree.paragraphs(node.source):
                    self.paragraph(text, SOURCE_STYLE, generated="source")
        self.add_paragraph("Normal").paragraph_format.space_after = Pt(0)

    def visit_figure(self, node: tree.Figure) -> None:
        image = node.image
        from briefing.images import data_of  # the bytes that were checked, read once

        data = data_of(image)
        # Its natural size at 150 dpi, never larger; narrower when the text is.
        self.styles.set_up_tables_and_figures()
        # Its natural size at 150 dpi, never larger; narrower when the text is; never taller than
        # most of a page, so it and its caption fit on one.
        width = min(Emu(round(image.width * 914400 / 150)), self.available_width())
        section = self.docx.sections[0]
        tallest = (section.page_height - section.top_margin - section.bottom_margin) * 0.8
        if width * image.height / image.width > tallest:
            width = Emu(round(tallest * image.width / image.height))
        paragraph = self.add_paragraph(FIGURE_STYLE)
        keep_with_next(paragraph._p, bool(node.caption))  # the picture stays with its caption
        run = paragraph.add_run()
        # python-docx stores an image once per package (by its SHA-1), however often it is placed.
        inline = run.add_picture(io.BytesIO(_readable_by_python_docx(data)), width=width)._inline
        properties = inline.docPr
        properties.set("name", f"Figure {properties.get('id')}")
        properties.set("descr", node.alt)
        for text in tree.paragraphs(node.caption) if node.caption else ():
            caption = self.paragraph(text, CAPTION_STYLE, generated="caption")
            if self.width is None:  # centred under a centred picture, as in the PDF; a column's stays left
                caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def visit_entry(self, node: tree.Entry) -> None:
        paragraph = self.add_paragraph(ENTRY_STYLE)
        runs = [self.add_run(paragraph, f"{node.marker}\t"), self.add_run(paragraph, node.title)]
        if node.flag:
            runs.append(self.add_run(paragraph, f" {node.flag}"))
        for run in runs if node.state else ():
            run.font.highlight_color = STATE_HIGHLIGHTS[node.state]
        prefix, suffix = f"{node.marker}\t", f" {node.flag}" if node.flag else ""
        if node.source:
            self.trace.content(paragraph, runs[1:2], node.source, self.language, node.title, 0, 1, prefix, suffix,
                               node.state)
        else:
            self.trace.generated(paragraph, "entry", self.language, prefix + node.title + suffix)
        if not node.details:
            keep_with_next(paragraph._p, False)
        details = [text for detail in node.details for text in tree.paragraphs(detail)]
        for index, detail in enumerate(details):
            last = index == len(details) - 1
            keep_with_next(self.paragraph(detail, DETAIL_STYLE, node.state, "detail")._p, not last)

    def captions(self, text: str, source: str = "") -> None:
        with self.trace.nearest(source):
            for part in tree.paragraphs(text) if text else ("",):
                self.paragraph(part, CAPTION_STYLE, generated="caption")

    def sources(self, text: str, source: str = "") -> None:
        with self.trace.nearest(source):
            for part in tree.paragraphs(text) if text else ("",):
                self.paragraph(part, SOURCE_STYLE, generated="source")


def _readable_by_python_docx(data: bytes) -> bytes:
    """The image as python-docx can place it: as it is, or re-encoded as PNG (same pixels) when python-docx
    does not recognise its header (a JPEG without a JFIF or Exif segment, which Pillow reads)."""
    from docx.image.exceptions import UnrecognizedImageError
    from docx.image.image import Image as DocxImage

    try:
        DocxImage.from_blob(data)
        return data
    except UnrecognizedImageError:
        from PIL import Image

        out = io.BytesIO()
        with Image.open(io.BytesIO(data), formats=("PNG", "JPEG")) as image:
            (image if image.mode in ("RGB", "RGBA", "L", "LA", "P") else image.convert("RGB")).save(out, "PNG")
        return out.getvalue()


def _label_width_pt(label: str, size: float) -> float:
    """A list label's width, generously: a full-width character is one em, brackets, stops and thin
    letters 0.35 em, any other 0.6 em.

    (The Word writer has no font metrics; Word lays the label out itself.)
    """
    return sum(size if east_asian_width(char) in "FW" else size * (0.35 if char in _NARROW else 0.6) for char in label)


_NARROW = set("()[].,:;|!ijlrtf'")  # narrow in any text face: (iii) is about 1.7 em, not 3


CONTENTS_UNDER_TITLE = 20  # contents lines that fit under the title block and the participants on page 1


def _contents_entries(document: tree.Document) -> list[tuple[int, tree.Heading, str, str]]:
    """(level, heading, bookmark, language) of every heading in document order, as Word's TOC field collects them."""
    meta = document.meta
    entries = []
    for block in document.blocks:
        if isinstance(block, tree.Aligned):
            sides = ((block.left, meta.language), (block.right, meta.secondary.language))
        else:
            sides = ((block, meta.language),)
        for side, language in sides:
            if isinstance(side, tree.Heading):
                entries.append((side.level, side, f"_Toc_briefing_{len(entries) + 1}", language))
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
