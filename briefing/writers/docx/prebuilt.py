"""Paragraph and run properties made once per look and copied into each new paragraph or run.

python-docx builds each property element anew and, to place it, looks for
every tag that may follow it one name at a time (schema_order.py): most of a
draft's time went there. A prototype is made by python-docx's own setters,
so each copy is the same XML they would make.
"""

from __future__ import annotations

from copy import deepcopy

from docx.oxml import OxmlElement

from briefing.writers.docx import ooxml


class Prebuilt:
    """One writer's prototypes: the properties of a paragraph in each style, and of a run in each language."""

    def __init__(self):
        self._paragraphs: dict = {}
        self._cells: dict = {}
        self._runs: dict = {}

    def paragraph_properties(self, style_id: str):
        """A new w:pPr naming the style, as get_or_add_pPr().get_or_add_pStyle().val = style_id makes it."""
        if style_id not in self._paragraphs:
            properties = OxmlElement("w:pPr")
            properties.get_or_add_pStyle().val = style_id
            self._paragraphs[style_id] = properties
        return deepcopy(self._paragraphs[style_id])

    def cell_properties(self, style_id: str, alignment):
        """A table cell paragraph's new w:pPr: its style, words kept whole, its alignment (writer.cell_text)."""
        key = (style_id, alignment)
        if key not in self._cells:
            properties = self.paragraph_properties(style_id)
            ooxml.suppress_in(properties)
            properties.jc_val = alignment
            self._cells[key] = properties
        return deepcopy(self._cells[key])

    def language_properties(self, language: str):
        """A new w:rPr holding only the language tag, as ooxml.set_language() makes it on an empty w:rPr."""
        if language not in self._runs:
            properties = OxmlElement("w:rPr")
            ooxml.set_language(properties, language)
            self._runs[language] = properties
        return deepcopy(self._runs[language])
