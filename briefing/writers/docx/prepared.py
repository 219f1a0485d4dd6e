"""The draft before its content: python-docx's default document with the theme's page and styles, made once and copied for each draft."""

from __future__ import annotations

import copy

from docx.oxml.ns import qn

from briefing.theme import Theme
from briefing.writers.docx.ooxml import default_language
from briefing.writers.docx.page import set_page
from briefing.writers.docx.styles import (
    CAPTION_STYLE, DATA_TABLE_STYLE, DATE_STYLE, DETAIL_STYLE, ENTRY_STYLE, FIGURE_STYLE, LEAD_STYLE, LEGEND_STYLE,
    LIST_STYLE, NOTE_STYLE, PARALLEL_STYLE, SOURCE_STYLE, StyleSheet,
)

# The table styles a draft uses or bases its own on; python-docx's default document brings 100 more.
TABLE_STYLES_KEPT = {"Normal Table", "Table Grid", LEGEND_STYLE, DATA_TABLE_STYLE, PARALLEL_STYLE}
_STYLE, _NAME, _VAL, _TYPE, _DEFAULT = (qn("w:style"), qn("w:name"), qn("w:val"), qn("w:type"), qn("w:default"))

# One per theme, language and kind (a language alone, or first in a pair) a process has drafted, the oldest dropped.
_MADE: dict[tuple, object] = {}
_MOST = 12  # six languages, each alone and first in a pair; about 1.3 MB each


def styled_draft(theme: Theme, language: str, bilingual: bool):
    """A new python-docx Document whose page and styles are set up for the theme and language, and its StyleSheet.

    Setting up the styles was a third of a short draft's time (python-docx's
    default template has 166 styles, and each property set looks its place
    up); a deep copy of the document set up once is the same document,
    element for element, in a fraction of that. Nothing else is kept: the
    running head and foot, numbering and properties are each draft's own.
    """
    key = (repr((theme.page, theme.sizes, theme.colours, theme.fonts)), language, bilingual)
    if key not in _MADE:
        from docx import Document as open_docx

        document = open_docx()
        drop_unused_table_styles(document.styles.element)
        set_page(document, theme.page)
        StyleSheet(document, theme, language, bilingual, keep_existing=False).set_up()
        # The document defaults in the draft's language (a reference document's defaults stay its author's).
        default_language(document.styles.element, language)
        if len(_MADE) >= _MOST:
            _MADE.pop(next(iter(_MADE)))
        # Indexed afresh, as a draft's StyleSheet would index it, and kept by place for the copies; with the
        # variant styles (a pair's second language) its drafts make, for the next draft to copy.
        _MADE[key] = (document, StyleSheet(document, theme, language, bilingual, keep_existing=False).index.places(),
                      {})
    made, places, variants = _MADE[key]
    document = copy.deepcopy(made)
    return document, StyleSheet(document, theme, language, bilingual, keep_existing=False, places=places,
                                variants_made=variants)


def drop_unused_table_styles(styles) -> None:
    """Removes the table styles of python-docx's default document that no draft uses (Word 2007's built-in
    gallery, "Light Shading" to "Colorful Grid - Accent 6": nine tenths of styles.xml).

    Word and LibreOffice define a built-in table style when a user applies one,
    so a desk officer loses nothing; every draft is spared copying, writing and
    compressing 8,000 elements.
    """
    for style in list(styles.iterchildren(_STYLE)):
        name = style.find(_NAME)
        if (style.get(_TYPE) == "table" and style.get(_DEFAULT) not in ("1", "true", "on")
                and (name is None or name.get(_VAL) not in TABLE_STYLES_KEPT)):
            styles.remove(style)


def warm(theme: Theme, languages: list[str]) -> None:
    """Makes each language's set-ups, alone and first in a pair, and the variant styles of every paragraph style
    a draft writes in each other language: a build server's children then copy them all."""
    names = ["Normal", "Title", "Subtitle", DATE_STYLE, "Heading 1", "Heading 2", "Heading 3", ENTRY_STYLE,
             DETAIL_STYLE, NOTE_STYLE, LEAD_STYLE, CAPTION_STYLE, SOURCE_STYLE, FIGURE_STYLE,
             *(LIST_STYLE.format(depth) for depth in range(1, 7))]
    for language in languages:
        styled_draft(theme, language, bilingual=False)
        _, styles = styled_draft(theme, language, bilingual=True)
        styles.set_up_tables_and_figures()
        for other in languages:
            if other != language:
                for name in names:
                    styles.variant(name, other)
