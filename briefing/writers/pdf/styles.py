"""Paragraph styles from the theme, for one language, full width or in a bilingual column."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from briefing.i18n import languages
from briefing.theme import Theme
from briefing.writers.pdf.fonts import Fonts


def paragraph_styles(theme: Theme, fonts: Fonts, narrow: bool = False) -> dict[str, ParagraphStyle]:
    sizes, colours = theme.sizes, theme.colours
    # Justified Latin and Cyrillic in a half-width column opens rivers of space;
    # CJK sets on its character grid and stays justified (language.toml: justify_columns).
    language = languages.get(fonts.locale)
    alignment = TA_LEFT if narrow and not language.justify_columns else TA_JUSTIFY
    # kinsoku: between any two characters, but not against the language's prohibition sets;
    # latin and words (Korean): at spaces, ReportLab's own splitting, which cuts a word only
    # when it is longer than a whole line (rather than let it run into the margin).
    kinsoku = language.breaking.kind == "kinsoku"
    text = colors.HexColor(colours["text"])
    heading = colors.HexColor(colours["heading"])
    body = ParagraphStyle("body", fontName=fonts.name("body"), fontSize=sizes["body"],
                          leading=sizes["body"] * 1.4, alignment=alignment, textColor=text,
                          spaceAfter=sizes["body"] * 0.6, allowWidows=0, allowOrphans=0,
                          wordWrap="CJK" if kinsoku else None,
                          kinsoku=(language.breaking.cannot_start, language.breaking.cannot_end) if kinsoku else None)
    styles = {
        "body": body,
        "title": ParagraphStyle("title", parent=body, fontName=fonts.name("heading"), fontSize=sizes["title"],
                                leading=sizes["title"] * 1.3, alignment=TA_CENTER, textColor=heading, spaceAfter=6),
        "subtitle": ParagraphStyle("subtitle", parent=body, fontName=fonts.name("heading"), fontSize=sizes["subtitle"],
                                   leading=sizes["subtitle"] * 1.4, alignment=TA_CENTER, textColor=heading, spaceAfter=4),
        "date": ParagraphStyle("date", parent=body, fontSize=sizes["date"], alignment=TA_CENTER, spaceAfter=18),
        "note": ParagraphStyle("note", parent=body, fontSize=sizes["note"], leading=sizes["note"] * 1.4,
                               textColor=colors.HexColor(colours["rule"]), alignment=TA_LEFT),
        "lead": ParagraphStyle("lead", parent=body, fontName=fonts.name("heading"), fontSize=sizes["heading2"],
                               leading=sizes["heading2"] * 1.4, textColor=heading, alignment=TA_LEFT, keepWithNext=1),
        "table": ParagraphStyle("table", parent=body, fontSize=sizes["table"], leading=sizes["table"] * 1.35,
                                alignment=TA_LEFT, spaceAfter=0),
        "table_head": ParagraphStyle("table_head", parent=body, fontName=fonts.name("bold"), fontSize=sizes["table"],
                                     leading=sizes["table"] * 1.35, alignment=TA_LEFT, spaceAfter=0),
        "entry": ParagraphStyle("entry", parent=body, fontName=fonts.name("bold"), leftIndent=6 * mm,
                                bulletIndent=0, bulletFontName=fonts.name("body"), alignment=TA_LEFT,
                                spaceBefore=6, spaceAfter=2),
        "detail": ParagraphStyle("detail", parent=body, leftIndent=6 * mm, spaceAfter=2),
    }
    for name, value in (("left", TA_LEFT), ("right", TA_RIGHT), ("center", TA_CENTER)):
        styles[f"table_{name}"] = ParagraphStyle(f"table_{name}", parent=styles["table"], alignment=value)
        styles[f"table_head_{name}"] = ParagraphStyle(f"table_head_{name}", parent=styles["table_head"], alignment=value)
    styles["caption"] = ParagraphStyle("caption", parent=body, fontName=fonts.name("heading"), fontSize=sizes["table"],
                                       leading=sizes["table"] * 1.35, textColor=heading, alignment=TA_LEFT,
                                       spaceBefore=4, spaceAfter=3)
    styles["source"] = ParagraphStyle("source", parent=body, fontSize=sizes["note"], leading=sizes["note"] * 1.35,
                                      textColor=colors.HexColor(colours["rule"]), alignment=TA_LEFT,
                                      spaceBefore=3, spaceAfter=0)
    styles["figure_caption"] = ParagraphStyle("figure_caption", parent=styles["caption"], fontName=fonts.name("body"),
                                              alignment=TA_CENTER if not narrow else TA_LEFT,
                                              spaceBefore=4, spaceAfter=6)
    for level in (1, 2, 3):
        size = sizes[f"heading{level}"]
        styles[f"heading{level}"] = ParagraphStyle(
            f"heading{level}", parent=body, fontName=fonts.name("heading"), fontSize=size, leading=size * 1.35,
            textColor=heading, alignment=TA_LEFT, spaceBefore=size * (1.1 if level == 1 else 0.8),
            spaceAfter=size * 0.4, keepWithNext=1,
        )
    styles["contents_title"] = ParagraphStyle("contents_title", parent=styles["heading1"], spaceBefore=0)
    for level in (1, 2, 3):
        styles[f"contents{level}"] = ParagraphStyle(
            f"contents{level}", parent=body, alignment=TA_LEFT, leftIndent=6 * mm * (level - 1),
            fontName=fonts.name("heading") if level == 1 else fonts.name("body"),
            spaceBefore=4 if level == 1 else 0, spaceAfter=1)
    styles["contents_page"] = ParagraphStyle("contents_page", parent=body, alignment=TA_RIGHT)
    if language.paragraph_indent:
        # Only prose paragraphs: every other style above derives from the unindented one.
        styles["body"] = ParagraphStyle("body", parent=body, firstLineIndent=language.paragraph_indent * sizes["body"])
    for nesting in range(1, 7):
        styles[f"list{nesting}"] = ParagraphStyle(
            f"list{nesting}", parent=body, leftIndent=9 * mm * nesting, bulletIndent=9 * mm * (nesting - 1),
            bulletFontName=fonts.name("body"), bulletFontSize=sizes["body"], spaceAfter=sizes["body"] * 0.4,
        )
    return styles
