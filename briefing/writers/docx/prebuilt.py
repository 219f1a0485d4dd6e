"""Paragraph and run properties made once per look and copied into each new paragraph or run.

python-docx builds each property element anew and, to place it, looks for
every tag that may follow it one name at a time (schema_order.py): most of a
draft's time went there. A prototype is made by python-docx's own setters,
so each copy is the same XML they would make; prototypes depend on nothing
but their key, so one process's drafts share them.
"""

from __future__ import annotations

from copy import deepcopy

from briefing.writers.docx import ooxml
from briefing.writers.docx.elements import new_element

_paragraphs: dict = {}
_paragraphs_with_properties: dict = {}
_cells: dict = {}
_runs: dict = {}


def paragraph_properties(style_id: str):
    """A new w:pPr naming the style, as get_or_add_pPr().get_or_add_pStyle().val = style_id makes it."""
    if style_id not in _paragraphs:
        properties = new_element("w:pPr")
        properties.get_or_add_pStyle().val = style_id
        _paragraphs[style_id] = properties
    return deepcopy(_paragraphs[style_id])


def paragraph(style_id: str):
    """A new w:p in the style, as add_p() then get_or_add_pPr().get_or_add_pStyle().val = style_id make it."""
    if style_id not in _paragraphs_with_properties:
        element = new_element("w:p")
        element.append(paragraph_properties(style_id))
        _paragraphs_with_properties[style_id] = element
    return deepcopy(_paragraphs_with_properties[style_id])


def cell_properties(style_id: str, alignment):
    """A table cell paragraph's new w:pPr: its style, words kept whole, its alignment (writer.cell_text)."""
    key = (style_id, alignment)
    if key not in _cells:
        properties = paragraph_properties(style_id)
        ooxml.suppress_in(properties)
        properties.jc_val = alignment
        _cells[key] = properties
    return deepcopy(_cells[key])


def language_properties(language: str):
    """A new w:rPr holding only the language tag, as ooxml.set_language() makes it on an empty w:rPr."""
    if language not in _runs:
        properties = new_element("w:rPr")
        ooxml.set_language(properties, language)
        _runs[language] = properties
    return deepcopy(_runs[language])
