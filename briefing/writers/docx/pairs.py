"""Bilingual pages in Word: each pair of blocks in one table row, leads kept with what follows, tables aligned row by row."""

from __future__ import annotations

import math

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt

from briefing import tree
from briefing.fonts import chain

from briefing.writers.columns import SMALL_TABLE_ROWS, column_widths
from briefing.writers.docx import ooxml
from briefing.writers.docx.schema_order import keep_with_next
from briefing.writers.docx.trace import table_part
from briefing.writers.docx.styles import ALIGNMENTS, CELL_PADDING_PT, DATA_TABLE_STYLE, LEGEND_STYLE, PARALLEL_STYLE
from briefing.writers.metrics import text_width as measured_width


_PARAGRAPH = qn("w:p")
GAP_MM = 6  # between a table and its translation
# A bilingual row taller than this (a third of a page) may break across pages; a shorter one
# stays whole. LibreOffice breaks a row at any line, ignoring widow and orphan control in table
# cells, so only rows too tall to move without leaving a hole are allowed to break.
SPLIT_LINES = 16


class PairLayout:
    """The DocxWriter's methods for tree.Aligned: two columns, one row per pair."""

    def visit_aligned(self, node: tree.Aligned) -> None:
        if isinstance(node.left, tree.Contents):
            # One contents for the whole book, outside the table: a TOC field lists every heading.
            self.flush_leads()
            self.parallel = None
            self.visit_contents(node.left, f"{node.left.title} / {node.right.title}")
            return
        if _leads(node.left):
            # A heading (or a lead line) opens the row of what follows it instead of a row of its own:
            # LibreOffice keeps a row whose last paragraph keeps with the next together with every
            # following row, so a heading row would push a whole register to the next page.
            numbers = (self.headings + 1, self.headings + 2) if isinstance(node.left, tree.Heading) else (None, None)
            self.headings += 2 if isinstance(node.left, tree.Heading) else 0
            self.leads.append((node, numbers))
            return
        if isinstance(node.left, tree.Table):
            self.flush_leads()
            self.aligned_tables(node.left, node.right)
            return
        leads, self.leads = self.leads, []
        tall = any(sum(self.estimated_lines(block, language) for block in blocks) > SPLIT_LINES
                   for blocks, language in (([lead.left for lead, _ in leads] + [node.left], self.meta.language),
                                            ([lead.right for lead, _ in leads] + [node.right],
                                             self.meta.secondary.language)))
        # A short row stays whole; a tall one may split, so it never leaves most of a page blank.
        self.side_by_side(lambda: self.lead_then(leads, 0, node.left), lambda: self.lead_then(leads, 1, node.right),
                          can_split=tall and not isinstance(node.left, (tree.Figure, tree.TitleBlock)))

    def lead_then(self, leads, side: int, block) -> None:
        """In one cell: the headings waiting for this row, kept with what follows them, then the block."""
        for pair, numbers in leads:
            lead = (pair.left, pair.right)[side]
            if isinstance(lead, tree.Heading):
                self.visit_heading(lead, numbers[side])
            else:
                self.visit(lead)
        if block is not None:
            self.visit(block)

    def flush_leads(self) -> None:
        """Headings with nothing after them in the bilingual table: a row of their own."""
        if self.leads:
            leads, self.leads = self.leads, []
            self.side_by_side(lambda: self.lead_then(leads, 0, None), lambda: self.lead_then(leads, 1, None), False)

    def side_by_side(self, fill_left, fill_right, can_split: bool) -> None:
        """One row of the bilingual table: the primary language's content on the left, the secondary's on the right."""
        half = self.full_width // 2
        if self.parallel is None:
            self.parallel = self.docx.add_table(rows=0, cols=2)
            self.parallel._tbl.tblPr.style = self.styles.style_id(PARALLEL_STYLE)
            self.parallel.autofit = False
            for column in self.parallel.columns:
                column.width = half
        row = self.parallel.add_row()
        if not can_split:
            ooxml.prevent_row_split(row)
        left, right = row.cells  # each already as wide as its column (add_row gives it the grid's width)
        sides = ((left, fill_left, self.meta.language), (right, fill_right, self.meta.secondary.language))
        for cell, fill, language in sides:
            # The text inside a cell is narrower than the cell by its margins.
            self.container, self.language, self.width = cell, language, half - Pt(CELL_PADDING_PT)
            fill()
            ooxml.drop_leading_empty_paragraph(cell)
            # LibreOffice reads "keep with next" on a paragraph in a row as "keep this row with the
            # next" and chains rows into blocks that jump whole to the next page, leaving pages
            # blank; a heading opens the row of its text instead (see visit_aligned).
            for p in cell._tc.iterchildren(_PARAGRAPH):
                if self.styles.keeps_with_next(p):
                    keep_with_next(p, False)
        self.container, self.language, self.width = self.docx, self.meta.language, None

    def aligned_tables(self, left: tree.Table, right: tree.Table) -> None:
        """A table beside its translation: one table, the two languages' columns side by side, so rows stay level
        and the header row (both languages) repeats on every page; captions above and sources below as pairs."""
        if not (left.header or left.rows or right.header or right.rows):
            return
        self.styles.set_up_tables_and_figures()
        if left.caption or right.caption:
            self.side_by_side(lambda: self.captions(left.caption, table_part(left, "caption")),
                              lambda: self.captions(right.caption, table_part(right, "caption")), False)
        self.parallel = None
        spacer = self.add_paragraph("Normal").paragraph_format  # two tables in a row would merge into one
        spacer.space_after = spacer.space_before = Pt(0)
        columns = [len(left.header or (left.rows[0] if left.rows else ())),
                   len(right.header or (right.rows[0] if right.rows else ()))]
        half = self.full_width // 2
        gap = Mm(GAP_MM)
        widths = []
        for node, language, share in ((left, self.meta.language, half - gap // 2),
                                      (right, self.meta.secondary.language, self.full_width - half - gap // 2)):
            self.language = language
            points = column_widths(node.header, node.rows, self.measure, Emu(share).pt, CELL_PADDING_PT)
            side = [Emu(round(width * 12700)) for width in points[:-1]]
            widths.append(side + [Emu(share - sum(side))])
        self.language = self.meta.language
        header = bool(left.header or right.header)
        count = max(len(left.rows), len(right.rows))
        table = self.docx.add_table(rows=int(header) + count, cols=columns[0] + 1 + columns[1])
        table._tbl.tblPr.style = self.styles.style_id(LEGEND_STYLE if left.role == "legend" else DATA_TABLE_STYLE)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        every = widths[0] + [gap] + widths[1]
        for column, width in zip(table.columns, every):
            column.width = width
        lines = [(left.header, right.header, True)] if header else []
        lines += [(_row(left.rows, index, columns[0]), _row(right.rows, index, columns[1]), False)
                  for index in range(count)]
        parts = (["header[{}]"] if header else []) + [f"rows[{index}]" for index in range(count)]
        for row, (left_cells, right_cells, bold), part in zip(table.rows, lines, parts):
            ooxml.prevent_row_split(row)
            cells = row.cells
            for cell, width in zip(cells, every):
                cell.width = width
            for offset, node, texts, language in ((0, left, left_cells, self.meta.language),
                                                  (columns[0] + 1, right, right_cells, self.meta.secondary.language)):
                self.language = language
                for column, text in enumerate(texts):
                    with self.trace.nearest(table_part(node, part.format(column))):
                        self.cell_text(cells[offset + column], text, ALIGNMENTS[node.alignment(column)], bold)
                    if bold:
                        ooxml.shade(cells[offset + column], self.theme.colours["table_header"])
            ooxml.open_gap(cells[columns[0]])
            self.language = self.meta.language
        if header:
            ooxml.repeat_as_header(table.rows[0])
        ooxml.pad_cells(table)
        if count <= SMALL_TABLE_ROWS:
            ooxml.keep_rows_together(table)  # the source notes follow in a row of their own
        if left.source or right.source:
            self.side_by_side(lambda: self.sources(left.source, table_part(left, "source")),
                              lambda: self.sources(right.source, table_part(right, "source")), False)
        else:
            self.add_paragraph("Normal").paragraph_format.space_after = Pt(0)

    def estimated_lines(self, block, language: str) -> int:
        """About how many lines a block takes in a half-width column (from the body face's advance widths)."""
        size = self.theme.sizes["body"]
        face = chain(tuple(self.theme.font_patterns(language.split("-")[0], "body")))
        width = Emu(self.full_width // 2).pt - CELL_PADDING_PT - 20  # less a list's or an entry's indent
        if isinstance(block, tree.Entry):
            texts = [block.title, *block.details]
        elif isinstance(block, tree.List):
            texts = [item.text for item in block.items]
        elif isinstance(block, (tree.Paragraph, tree.Heading)):
            texts = [block.text]
        else:
            return 1
        return sum(math.ceil(measured_width(face, part, size) / width) + 1  # + 1: the space after a paragraph
                   for text in texts for part in tree.paragraphs(text))


def _leads(block) -> bool:
    """Whether a block only introduces what follows it (a heading, a lead line)."""
    return isinstance(block, tree.Heading) or (isinstance(block, tree.Paragraph) and block.role == "lead")


def _row(rows, index: int, columns: int) -> tuple[str, ...]:
    """Row `index` of one language's table, empty cells when that language's table is shorter."""
    return rows[index] if index < len(rows) else ("",) * columns
