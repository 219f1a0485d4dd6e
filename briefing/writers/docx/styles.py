"""The Word styles of the draft, made from the theme: named so a user restyles them in Word or a reference document."""

from __future__ import annotations

import copy

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles import BabelFish
from docx.styles.style import StyleFactory

from briefing.i18n import languages
from briefing.theme import Theme
from briefing.writers.docx.ooxml import remove_border, set_fonts, set_language, suppress_hyphenation
from briefing.writers.docx.style_index import StyleIndex

LIST_STYLE = "Briefing List {}"
ENTRY_STYLE = "Register Entry"
DETAIL_STYLE = "Register Detail"
NOTE_STYLE = "Note"
LEAD_STYLE = "Lead"
DATE_STYLE = "Date Line"
CONTENTS_TITLE_STYLE = "TOC Heading"
CONTENTS_STYLE = "TOC {}"
LEGEND_STYLE = "Legend Table"
PARALLEL_STYLE = "Parallel Text"
DATA_TABLE_STYLE = "Data Table"
CAPTION_STYLE = "Caption"
SOURCE_STYLE = "Table Source"
FIGURE_STYLE = "Figure"
LIST_INDENT_MM = 8
_PARAGRAPH_PROPERTIES, _KEEP_NEXT, _STYLE = qn("w:pPr"), qn("w:keepNext"), qn("w:pStyle")

# Which theme font each style takes; styles not named here take the body face.
STYLE_ROLES = {"Title": "heading", "Subtitle": "heading", "Heading 1": "heading", "Heading 2": "heading",
               "Heading 3": "heading", LEAD_STYLE: "heading", ENTRY_STYLE: "bold", CONTENTS_TITLE_STYLE: "heading"}


def hex_colour(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def text_width(document):
    """The width between the margins of the document's (single) section."""
    section = document.sections[0]
    return section.page_width - section.left_margin - section.right_margin


def column_alignment(language: str):
    # Justified Latin or Cyrillic in a half-width column opens rivers of space; CJK keeps its grid (language.toml).
    from briefing.i18n import languages

    return WD_ALIGN_PARAGRAPH.JUSTIFY if languages.by_tag(language).justify_columns else WD_ALIGN_PARAGRAPH.LEFT


_AFTER_WORD_WRAP = (
    "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
    "w:sectPr", "w:pPrChange",
)


def keep_words_whole(style, language: str) -> None:
    """Korean breaks between words: Word's w:wordWrap, which it applies to Korean text alone (MS-OI29500 2.1.67)."""
    from briefing.i18n import languages

    if languages.by_tag(language).breaking.kind == "words":
        ppr = style.element.get_or_add_pPr()
        if ppr.find(qn("w:wordWrap")) is None:  # in the schema's order of pPr children, or Word rejects the file
            ppr.insert_element_before(parse_xml(f'<w:wordWrap {nsdecls("w")} w:val="1"/>'), *_AFTER_WORD_WRAP)


def slanted(language: str) -> bool:
    """Whether notes are italic in a language: not in Japanese, Chinese or Korean, whose faces have no italic
    (Word and LibreOffice would shear the upright face, which no Japanese, Chinese or Korean typesetter does)."""
    return not languages.by_tag(language).east_asian


class StyleSheet:
    """Creates and formats the draft's styles; with a reference document, only the styles it lacks."""

    def __init__(self, document, theme: Theme, language: str, bilingual: bool, keep_existing: bool,
                 kept: set[str] | None = None, places: tuple[dict, dict] | None = None,
                 variants_made: dict | None = None):
        """`places`: where the styles stand, when the document is a copy of one indexed before (StyleIndex);
        `variants_made`: the variant styles other drafts of the same set-up made, by (style, language), to copy."""
        self.document = document
        self.theme = theme
        self.language = language
        self.bilingual = bilingual
        self.keep_existing = keep_existing
        self.index = StyleIndex(document.styles, places)
        self.names = {BabelFish.internal2ui(name) for name in self.index.by_name}  # as {style.name for style in ...}
        # With a reference document: the styles it defines itself (the others are python-docx's, made ours).
        self.existing = kept if kept is not None else set(self.names)
        self.variants: set[str] = set()
        self.variants_made = variants_made
        self._ids: dict[str, str] = {}
        self._keep: dict[str | None, bool] = {}

    def style_id(self, name: str) -> str:
        """The styleId Word uses for a style name, found once."""
        if name not in self._ids:
            self._ids[name] = self.index.named(name).style_id
        return self._ids[name]

    def fonts(self, style, role: str, size: float | None, colour: str | None = None, bold: bool | None = None,
              language: str | None = None) -> None:
        language = language or self.language
        family = self.theme.family(language.split("-")[0], role)
        style.font.name = family
        if size is not None:
            style.font.size = Pt(size)
        if bold is not None:
            style.font.bold = bold
        if colour:
            style.font.color.rgb = hex_colour(colour)
        rpr = style.element.get_or_add_rPr()
        set_fonts(rpr, family)
        set_language(rpr, language)

    def add(self, name: str, kind=WD_STYLE_TYPE.PARAGRAPH, base: str | None = "Normal"):
        styles = self.document.styles
        if name in self.names:
            return self.index.named(name)
        # styles.add_style() first scans every style for the name; we know the names already.
        style = StyleFactory(styles.element.add_style_of_type(name, kind, False))
        self.names.add(name)
        self.index.added(style.element)
        if base:
            style.base_style = self.index.named(base)
        style.quick_style = True
        return style

    def ours(self, name: str) -> bool:
        """Whether to format this style: always, unless the user's reference document already defines it."""
        return not (self.keep_existing and name in self.existing)

    def set_up(self) -> None:
        sizes, colours = self.theme.sizes, self.theme.colours
        styles = self.index
        if self.ours("Normal"):
            normal = styles.named("Normal")
            self.fonts(normal, "body", sizes["body"], colours["text"])
            normal.paragraph_format.space_after = Pt(6)
            normal.paragraph_format.line_spacing = 1.15
            normal.paragraph_format.alignment = (
                column_alignment(self.language) if self.bilingual else WD_ALIGN_PARAGRAPH.JUSTIFY)
            normal.paragraph_format.widow_control = True
            keep_words_whole(normal, self.language)
        if self.ours("Title"):
            title = styles.named("Title")
            self.fonts(title, "heading", sizes["title"], colours["heading"], bold=True)
            title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
            title.paragraph_format.space_after = Pt(6)
            remove_border(title)  # the default template rules a line under Title
        if self.ours("Subtitle"):
            subtitle = styles.named("Subtitle")
            self.fonts(subtitle, "heading", sizes["subtitle"], colours["heading"], bold=False)
            subtitle.font.italic = False
            subtitle.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if self.ours(DATE_STYLE):
            date = self.add(DATE_STYLE)
            self.fonts(date, "body", sizes["date"])
            date.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
            date.paragraph_format.space_after = Pt(18)
        for level in (1, 2, 3):
            if self.ours(f"Heading {level}"):
                heading = styles.named(f"Heading {level}")
                self.fonts(heading, "heading", sizes[f"heading{level}"], colours["heading"], bold=True)
                heading.font.italic = False
                heading.paragraph_format.keep_with_next = True
                heading.paragraph_format.space_before = Pt(14 if level == 1 else 10)
                heading.paragraph_format.space_after = Pt(4)
                heading.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
        if self.ours(CONTENTS_TITLE_STYLE):
            contents = self.add(CONTENTS_TITLE_STYLE, base="Heading 1")
            self.fonts(contents, "heading", sizes["heading1"], colours["heading"], bold=True)
        width = text_width(self.document)
        for level in (1, 2, 3):
            name = CONTENTS_STYLE.format(level)
            if self.ours(name):
                style = self.add(name)
                style.paragraph_format.left_indent = Mm(6 * (level - 1))
                style.paragraph_format.space_after = Pt(2)
                style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
                style.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
                if level == 1:
                    self.fonts(style, "heading", None, bold=True)
        for depth in range(1, 7):
            name = LIST_STYLE.format(depth)
            if self.ours(name):
                style = self.add(name)
                style.paragraph_format.left_indent = Mm(LIST_INDENT_MM * depth)
                style.paragraph_format.first_line_indent = -Mm(LIST_INDENT_MM)
                style.paragraph_format.space_after = Pt(4)
        if self.ours(ENTRY_STYLE):
            entry = self.add(ENTRY_STYLE)
            self.fonts(entry, "bold", sizes["body"], bold=True)
            fmt = entry.paragraph_format
            fmt.left_indent, fmt.first_line_indent = Mm(6), -Mm(6)
            fmt.keep_with_next = fmt.keep_together = True
            fmt.space_before, fmt.space_after = Pt(6), Pt(2)
            fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
            fmt.tab_stops.add_tab_stop(Mm(6))
        if self.ours(DETAIL_STYLE):
            detail = self.add(DETAIL_STYLE)
            detail.paragraph_format.left_indent = Mm(6)
            detail.paragraph_format.space_after = Pt(2)
            detail.paragraph_format.keep_together = True
        if self.ours(NOTE_STYLE):
            note = self.add(NOTE_STYLE)
            self.fonts(note, "body", sizes["note"])
            note.font.italic = slanted(self.language)
            note.paragraph_format.keep_with_next = True  # a category's note stays with its first entry
        if self.ours(LEAD_STYLE):
            lead = self.add(LEAD_STYLE)
            self.fonts(lead, "heading", sizes["heading2"], colours["heading"], bold=False)
            lead.paragraph_format.keep_with_next = True
        if self.ours(LEGEND_STYLE):
            legend = self.add(LEGEND_STYLE, WD_STYLE_TYPE.TABLE, base="Table Grid")
            self.fonts(legend, "body", sizes["table"])
        if self.ours(PARALLEL_STYLE):
            # Bilingual books: a borderless two-column table, one row per aligned block.
            self.add(PARALLEL_STYLE, WD_STYLE_TYPE.TABLE, base="Normal Table")
        for name in ("Header", "Footer"):
            if self.ours(name):
                self.fonts(styles.named(name), "body", sizes["running"], colours["rule"])
        # Running text hyphenates (settings.xml); titles, headings, contents, register titles and page furniture do not.
        unhyphenated = ["Title", "Subtitle", DATE_STYLE, "Heading 1", "Heading 2", "Heading 3", CONTENTS_TITLE_STYLE,
                        ENTRY_STYLE, LEAD_STYLE, "Header", "Footer"] + [CONTENTS_STYLE.format(n) for n in (1, 2, 3)]
        for name in unhyphenated:
            if self.ours(name):
                suppress_hyphenation(styles.named(name))
        # The template's Header/Footer tab stops are for Letter paper; ours follow the A4 text width.
        # The header has only a right stop, so a long title cannot push the marking onto a second line.
        for name, centre in (("Header", False), ("Footer", True)):
            stops = styles.named(name).paragraph_format.tab_stops
            stops.clear_all()
            if centre:
                stops.add_tab_stop(width // 2, alignment=WD_TAB_ALIGNMENT.CENTER)
            stops.add_tab_stop(width, alignment=WD_TAB_ALIGNMENT.RIGHT)

    def set_up_tables_and_figures(self) -> None:
        """The styles of data tables, captions, source notes and figures, made when a document first uses one."""
        if DATA_TABLE_STYLE in self.variants:
            return
        self.variants.add(DATA_TABLE_STYLE)
        sizes, colours = self.theme.sizes, self.theme.colours
        if self.ours(DATA_TABLE_STYLE):
            table = self.add(DATA_TABLE_STYLE, WD_STYLE_TYPE.TABLE, base="Table Grid")
            self.fonts(table, "body", sizes["table"])
        if self.ours(CAPTION_STYLE):
            caption = self.add(CAPTION_STYLE)
            self.fonts(caption, "heading", sizes["table"], colours["heading"], bold=True)
            caption.font.italic = False
            fmt = caption.paragraph_format
            fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
            fmt.space_before, fmt.space_after = Pt(4), Pt(3)
            fmt.keep_with_next = True
        if self.ours(SOURCE_STYLE):
            source = self.add(SOURCE_STYLE)
            self.fonts(source, "body", sizes["note"], colours["rule"])
            source.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
            source.paragraph_format.space_before = Pt(3)
        if self.ours(FIGURE_STYLE):
            figure = self.add(FIGURE_STYLE)
            figure.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
            figure.paragraph_format.keep_with_next = True
            figure.paragraph_format.space_before = Pt(6)
            figure.paragraph_format.space_after = Pt(3)

    def effective(self, style, attribute: str):
        """A paragraph format attribute of a style, following its base styles when it does not set it."""
        while style is not None:
            value = getattr(style.paragraph_format, attribute)
            if value is not None:
                return value
            style = self.index.base_of(style)
        return None

    def keeps_with_next(self, p) -> bool:
        """Whether a paragraph (a w:p) keeps with the next, by its own formatting or its style's."""
        properties = p.find(_PARAGRAPH_PROPERTIES)
        own = properties.find(_KEEP_NEXT) if properties is not None else None
        if own is not None:  # as paragraph_format.keep_with_next reads it: w:val, true when left out
            return own.val
        style = properties.find(_STYLE) if properties is not None else None
        style_id = style.val if style is not None else None
        if style_id not in self._keep:
            style = self.index.paragraph_style(style_id) if style_id else None
            self._keep[style_id] = bool(style is not None and self.effective(style, "keep_with_next"))
        return self._keep[style_id]

    def variant(self, name: str, language: str) -> str:
        """The style for `name` in the secondary language of a bilingual book: a child style with its fonts and tag."""
        if language == self.language:
            return name
        variant = f"{name} ({language})"
        if variant in self.variants:
            return variant
        made = self.variants_made.get((name, language)) if self.variants_made is not None else None
        if made is not None and variant not in self.names:
            self.index.named(name)  # its base is there, as self.add would have found it
            element = copy.deepcopy(made)
            self.document.styles.element.append(element)  # where add_style_of_type puts a new style
            self.names.add(variant)
            self.index.added(element)
        else:
            style = self.add(variant, base=name)
            self.fonts(style, STYLE_ROLES.get(name, "body"), None, language=language)
            # Justified by the style or by one it is based on (a list style inherits Normal's).
            if self.effective(self.index.base_of(style), "alignment") == WD_ALIGN_PARAGRAPH.JUSTIFY:
                style.paragraph_format.alignment = column_alignment(language)
            keep_words_whole(style, language)
            if name == NOTE_STYLE:
                style.font.italic = slanted(language)
            if self.variants_made is not None:
                self.variants_made[(name, language)] = copy.deepcopy(style.element)
        self.variants.add(variant)
        return variant


CELL_PADDING_PT = 2 * 5.4  # Word's default left and right cell margins (108 twips each)
ALIGNMENTS = {"left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT,
              "center": WD_ALIGN_PARAGRAPH.CENTER}
