"""A ReportLab table whose cells are TH and TD elements, its rules and fills artifacts, its repeated header row too."""

from __future__ import annotations

from reportlab.platypus import Table

from briefing.writers.pdf.tagging.marks import artifact, begin, end, structure_of
from briefing.writers.pdf.tagging.structure import Element


class TaggedTable(Table):
    """`cells[r][c]` is the element of each cell of the table's rows as built; `rows` maps the rows of this
    part (after a split) to those, None for a header row repeated on a later page (an artifact there)."""

    cells: list[list[Element]] = []
    rows: list[int | None] = []
    blank: frozenset = frozenset()  # (row, column) of the cells without text, known before any split

    def tagged(self, cells: list[list[Element]]) -> TaggedTable:
        self.cells, self.rows = cells, list(range(len(cells)))
        self.blank = frozenset((r, c) for r, row in enumerate(self._cellvalues) for c, value in enumerate(row)
                               if _empty(value))
        return self

    preflight_note: tuple | None = None  # (kind, content path, message) for the preflight, on the page drawn

    def draw(self):
        self._drawn_cells = 0
        preflight = getattr(getattr(self.canv, "_doctemplate", None), "preflight", None)
        if self.preflight_note and preflight is not None:
            kind, where, message = self.preflight_note
            preflight.note(kind, self.canv.page_number(), where, message)
        super().draw()

    def _drawBkgrnd(self):
        with artifact(self.canv, "Layout"):
            super()._drawBkgrnd()

    def _drawLines(self):
        with artifact(self.canv, "Layout"):
            super()._drawLines()

    def _drawCell(self, cellval, cellstyle, pos, size):
        # Cells are drawn row by row, left to right (a table without spans): the count gives row and column.
        row, column = divmod(self._drawn_cells, self._ncols)
        self._drawn_cells += 1
        source = self.rows[row] if self.cells and row < len(self.rows) else None
        if source is not None and (source, column) in self.blank:  # an empty cell: its TD, nothing to mark
            return super()._drawCell(cellval, cellstyle, pos, size)
        if source is None or structure_of(self.canv) is None:
            with artifact(self.canv, "Pagination"):
                return super()._drawCell(cellval, cellstyle, pos, size)
        begin(self.canv, self.cells[source][column])
        try:
            return super()._drawCell(cellval, cellstyle, pos, size)
        finally:
            end(self.canv)

    def split(self, available_width, available_height):
        parts = super().split(available_width, available_height)
        if len(parts) == 2 and self.cells:
            first, second = parts
            kept = len(first._cellvalues)
            repeated = len(second._cellvalues) - (len(self.rows) - kept)
            first.cells, first.rows = self.cells, self.rows[:kept]
            second.cells, second.rows = self.cells, [None] * repeated + self.rows[kept:]
            first.blank = second.blank = self.blank
        return parts


def _empty(cell) -> bool:
    """A cell that draws nothing: no paragraphs, or paragraphs without text."""
    if isinstance(cell, (list, tuple)):
        return all(_empty(part) for part in cell)
    frags = getattr(cell, "frags", None)
    if frags is not None:
        return not "".join(getattr(frag, "text", "") for frag in frags).strip()
    return cell is None or cell == ""
