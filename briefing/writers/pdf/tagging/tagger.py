"""Which structure element each part of the document tree becomes, in reading order, as the PDF writer visits it."""

from __future__ import annotations

from contextlib import contextmanager

from briefing.writers.pdf.tagging.structure import Element, StructureTree


class Tagger:
    """Creates elements under the current parent in the current language; the writer tags flowables with them.

    Elements are created as the tree is visited, not as pages are drawn, so
    the structure reads in the document's order: a bilingual pair's original,
    then its translation, row by row, whatever the columns' page breaks.
    """

    def __init__(self, language: str):
        self.structure = StructureTree(language)
        self.language = language
        self.parent = self.structure.root
        self._level = 0  # the last heading level, so that none is skipped
        self._entries: Element | None = None  # the list that consecutive register entries join

    def element(self, role: str, **attributes) -> Element:
        self._entries = None
        return self.parent.add(role, self.language, **attributes)

    def heading(self, level: int) -> Element:
        """H1 is the title; the tree's headings are H2 and below, never more than one level below the last."""
        level = max(1, min(level, self._level + 1))
        self._level = level
        return self.element(f"H{level}")

    @contextmanager
    def inside(self, element: Element):
        """Elements created meanwhile are kids of `element` (a list item's body holding a nested list)."""
        parent, entries = self.parent, self._entries
        self.parent = element
        try:
            yield element
        finally:
            self.parent, self._entries = parent, entries

    def item(self, container: Element, labelled: bool) -> tuple[Element, Element | None]:
        """An LI of `container`: its LBody, and its Lbl when the item has a label."""
        item = container.add("LI", self.language)
        label = item.add("Lbl", self.language) if labelled else None
        return item.add("LBody", self.language), label

    def entry(self, labelled: bool) -> tuple[Element, Element | None]:
        """A register entry: an item of the list that the entries around it share."""
        if self._entries is None or self._entries.parent is not self.parent:
            self._entries = self.element("L")
        return self.item(self._entries, labelled)

    def table(self, header: int, rows: list[list[str]], row_headers: bool) -> tuple[Element, list[list[Element]]]:
        """A Table with one TR per row: TH (column scope) in the `header` first rows, TH (row scope) in the
        first column when the table's rows are named there (a legend's markers), TD elsewhere."""
        table = self.element("Table")
        cells = []
        for index, row in enumerate(rows):
            tr = table.add("TR", self.language)
            found = []
            for column, _ in enumerate(row):
                if index < header:
                    found.append(tr.add("TH", self.language, Scope="Column"))
                elif row_headers and column == 0:
                    found.append(tr.add("TH", self.language, Scope="Row"))
                else:
                    found.append(tr.add("TD", self.language))
            cells.append(found)
        return table, cells

    def pair_contents(self, before: int) -> None:
        """A bilingual contents (each side a title and a TOC, kids of the parent from `before` on) made one
        TOC after both titles, reading each entry and then its translation."""
        kids = self.parent.kids
        tocs = [kid for kid in kids[before:] if getattr(kid, "role", "") == "TOC"]
        if len(tocs) != 2:
            return
        left, right = tocs
        moved = right.kids
        for item in moved:
            language = item.language()
            item.parent = left
            item.lang = "" if language == left.language() else language
        items = []
        for index in range(max(len(left.kids), len(moved))):
            items += [side[index] for side in (left.kids, moved) if index < len(side)]
        left.kids = items
        kids[before:] = [kid for kid in kids[before:] if getattr(kid, "role", "") != "TOC"] + [left]
