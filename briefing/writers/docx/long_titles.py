"""Japanese and Chinese titles, headings and captions longer than their line in the Word draft, named in the preflight report: Word and LibreOffice may break them inside a word.

Both break Japanese and Chinese between any two characters and honour no
joiner there (U+2060, U+FEFF and `w:wordWrap` were tried in LibreOffice), so
a title that wraps may wrap inside a name (プー/チン) or a word (例/示). The
PDF and the web page break such titles between phrases; the draft cannot be
made to, so each title longer than its line is said once, at its text.
"""

from __future__ import annotations

from briefing import tree
from briefing.fonts import chain
from briefing.preflight import DRAFT_LONG_TITLE, Preflight
from briefing.writers.docx.trace import table_part
from briefing.writers.metrics import text_width

# The scripts whose lines break between any two characters in Word and LibreOffice.
BREAK_ANYWHERE = ("ja", "zh")
NAMES = {"ja": "Japanese", "zh": "Chinese"}
MESSAGE = ("a {language} {what} longer than its line, which Word and LibreOffice may break inside a word (they break "
           "{language} between any two characters; the PDF and the web page break it between phrases): shorten it, "
           "or type a line break where it should wrap")


def note_long_titles(document: tree.Document, theme, full_width: float, column_width: float,
                     preflight: Preflight) -> None:
    """Notes each Japanese or Chinese title, subtitle, heading and caption wider than its measure:
    `full_width` points on a page of one language, `column_width` in a pair's column."""
    sizes = theme.sizes
    languages = [document.meta.language.split("-")[0]]
    if document.meta.secondary is not None:
        languages.append(document.meta.secondary.language.split("-")[0])

    def check(text: str, size: float, where: str, what: str, language: str, width: float) -> None:
        if language not in BREAK_ANYWHERE or not text:
            return
        face = chain(tuple(theme.font_patterns(language, "heading")))
        if max(text_width(face, part, size) for part in tree.paragraphs(text)) > width:
            preflight.note(DRAFT_LONG_TITLE, 0, where, MESSAGE.format(language=NAMES[language], what=what))

    def visit(block, language: str, width: float) -> None:
        if isinstance(block, tree.Aligned):
            visit(block.left, languages[0], column_width)
            visit(block.right, languages[-1], column_width)
        elif isinstance(block, tree.TitleBlock):
            check(block.title, sizes["title"], block.source, "title", language, width)
            check(block.subtitle, sizes["subtitle"], block.source, "subtitle", language, width)
        elif isinstance(block, tree.Heading):
            label = f"{block.label}{block.gap}" if block.label else ""
            check(label + block.text, sizes[f"heading{min(block.level, 3)}"], block.source, "heading", language, width)
        elif isinstance(block, (tree.Table, tree.Figure)) and block.caption:
            where = table_part(block, "caption") if isinstance(block, tree.Table) else ""
            check(block.caption, sizes["table"], where, "caption", language, width)

    for block in document.blocks:
        visit(block, languages[0], full_width)
