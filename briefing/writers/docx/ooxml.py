"""Small WordprocessingML pieces python-docx has no API for: fields, bookmarks, links, row and cell properties, watermark."""

from __future__ import annotations

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Twips
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from briefing.i18n import languages
from briefing.writers.docx.elements import new_element
from briefing.writers.docx.schema_order import PARAGRAPH_PROPERTIES, keep_with_next

_SPACE, _SECTION, _PARAGRAPH = qn("xml:space"), qn("w:sectPr"), qn("w:p")


def append_text(run, text: str) -> None:
    """Text into a run as python-docx's `run.text` puts it, without walking it a character at a time.

    python-docx turns each tab into w:tab and each line break into w:br, one
    character per call; text without them is a single w:t, made here directly.
    """
    if "\t" in text or "\n" in text or "\r" in text:
        run.text = text
    elif text:  # run._r.add_t(text): a w:t last in the run, keeping its spaces when it starts or ends with one
        element = new_element("w:t")
        element.text = text
        if len(text.strip()) < len(text):
            element.set(_SPACE, "preserve")
        run._r.append(element)


def new_run(paragraph) -> Run:
    """paragraph.add_run(): an empty w:r, last in the paragraph as python-docx places it."""
    element = new_element("w:r")
    paragraph._p.append(element)
    return Run(element, paragraph)


def new_paragraph(container, element) -> Paragraph:
    """container.add_paragraph() with a w:p made elsewhere: before the body's w:sectPr, else last (in a cell)."""
    section = container._element.find(_SECTION)
    if section is None:
        container._element.append(element)
    else:
        section.addprevious(element)
    return Paragraph(element, container)


LATIN_IN_EAST_ASIAN = "en-US"  # the language of digits and Latin letters inside Japanese, Chinese or Korean text


def set_language(rpr, tag: str) -> None:
    """w:lang on run properties: the language for spelling, hyphenation and (East Asian) line breaking."""
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = new_element("w:lang")
        rpr.append(lang)
    east_asian = languages.by_tag(tag).east_asian
    # LibreOffice breaks digits and Latin letters tagged Japanese, Chinese or Korean between any two of them
    # (2/020年, JOGM/EC): in East Asian text they are tagged English, as Word's own East Asian defaults tag them.
    lang.set(qn("w:val"), LATIN_IN_EAST_ASIAN if east_asian else tag)
    # An East Asian language tags its own slot; other languages leave it to Japanese, the ministry's language.
    lang.set(qn("w:eastAsia"), tag if east_asian else "ja-JP")
    lang.set(qn("w:bidi"), "ar-SA")


def set_fonts(rpr, family: str) -> None:
    """The same family for every script slot, so Word never substitutes a theme font."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = new_element("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), family)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)


def field_char(parent, kind: str) -> None:
    run = new_element("w:r")
    element = new_element("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    run.append(element)
    parent.append(run)


def instruction(parent, text: str) -> None:
    run = new_element("w:r")
    element = new_element("w:instrText")
    element.set(qn("xml:space"), "preserve")
    element.text = f" {text} "
    run.append(element)
    parent.append(run)


def add_field(paragraph, code: str, cached: str):
    """A complex field (`PAGE`, `NUMPAGES`) that Word and LibreOffice update themselves; `cached` shows until then."""
    field_char(paragraph._p, "begin")
    instruction(paragraph._p, code)
    field_char(paragraph._p, "separate")
    run = paragraph.add_run(cached)
    field_char(paragraph._p, "end")
    return run


def bookmark(paragraph, name: str, number: int) -> None:
    """Wraps the paragraph's content in a bookmark a TOC entry can link to."""
    start = new_element("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end = new_element("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    properties = paragraph._p.find(qn("w:pPr"))
    paragraph._p.insert(1 if properties is not None else 0, start)
    paragraph._p.append(end)


def internal_link(paragraph, anchor: str, text: str, label: str = ""):
    """A hyperlink to a bookmark in the document, its label (if any) then a tab before the text; returns its run."""
    link = new_element("w:hyperlink")
    link.set(qn("w:anchor"), anchor)
    link.set(qn("w:history"), "1")
    run = new_element("w:r")
    run.get_or_add_rPr()
    pieces = [label, None, text] if label else [text]
    for piece in pieces:
        if piece is None:
            run.append(new_element("w:tab"))
            continue
        text_element = new_element("w:t")
        text_element.set(qn("xml:space"), "preserve")
        text_element.text = piece
        run.append(text_element)
    link.append(run)
    paragraph._p.append(link)
    return run


def repeat_as_header(row) -> None:
    element = new_element("w:tblHeader")
    element.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(element)


def prevent_row_split(row) -> None:
    element = new_element("w:cantSplit")
    element.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(element)


def keep_rows_together(table, with_next: bool = False) -> None:
    """A table that never splits across pages, as Word keeps one (and LibreOffice reads it): every row's
    paragraphs keep with the next; the last row's too when what follows (a source note) must come along."""
    for index, row in enumerate(table.rows):
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                keep_with_next(paragraph._p, index < len(table.rows) - 1 or with_next)


def shade(cell, colour: str) -> None:
    shading = new_element("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour.lstrip("#").upper())
    cell._tc.get_or_add_tcPr().append(shading)


def open_gap(cell) -> None:
    """A cell left empty and unruled above and below: the gap between a table and its translation."""
    borders = new_element("w:tcBorders")
    for side in ("top", "bottom", "insideH"):
        border = new_element(f"w:{side}")
        border.set(qn("w:val"), "nil")
        borders.append(border)
    properties = cell._tc.get_or_add_tcPr()
    width = properties.find(qn("w:tcW"))
    # tcBorders follows tcW (and gridSpan, vMerge) in CT_TcPr's sequence.
    (width.addnext if width is not None else (lambda element: properties.insert(0, element)))(borders)


def pad_cells(table, top_twips: int = 60) -> None:
    """w:tblCellMar on a table: its text stands clear of the rule above it, as in the PDF (3 pt); left and
    right keep Word's default 108 twips (CELL_PADDING_PT), which column widths allow for. Each cell's last
    paragraph gives the same 3 pt back from its space after (Normal's 6 pt), so a row keeps its height and
    the pages break where they did."""
    after = Twips(120 - top_twips)
    for p in _last_paragraphs(table):
        PARAGRAPH_PROPERTIES.get_or_add(p.get_or_add_pPr(), "w:spacing").after = after
    margins = parse_xml(f'<w:tblCellMar {nsdecls("w")}><w:top w:w="{top_twips}" w:type="dxa"/>'
                        '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
                        '<w:right w:w="108" w:type="dxa"/></w:tblCellMar>')
    properties = table._tbl.tblPr
    for old in properties.findall(qn("w:tblCellMar")):
        properties.remove(old)
    # ECMA-376 order: w:tblCellMar comes after these, before w:tblLook, w:tblCaption, w:tblDescription.
    following = next((child for child in properties
                      if child.tag in {qn("w:tblLook"), qn("w:tblCaption"), qn("w:tblDescription")}), None)
    if following is None:
        properties.append(margins)
    else:
        following.addprevious(margins)


def _last_paragraphs(table):
    """Each cell's last paragraph, as `cell.paragraphs[-1] for cell in table._cells` gives them, without python-docx
    working out the grid of every cell: our tables merge no cells (one that did is asked of python-docx)."""
    tbl = table._tbl
    if tbl.xpath("./w:tr/w:tc/w:tcPr[w:gridSpan or w:vMerge]"):
        return [cell.paragraphs[-1]._p for cell in table._cells]
    return tbl.xpath("./w:tr/w:tc/w:p[last()]")


def remove_border(style) -> None:
    ppr = style.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)


def drop_leading_empty_paragraph(cell) -> None:
    """A new cell holds one empty paragraph; once content follows it, it is only a gap."""
    tc = cell._tc
    # The cell's first paragraph, right after its properties (not cell.paragraphs[0]: that makes every one).
    if len(tc) > 2 and tc[1].tag == _PARAGRAPH and tc[0].tag != _PARAGRAPH and not tc[1].text:
        tc.remove(tc[1])


def watermark(paragraph, text: str, family: str, colour: str) -> None:
    """A diagonal text watermark in the header, as Word's own Watermark command makes it (VML text path).

    The shape keeps Word's name for it (PowerPlusWaterMarkObject), which is how
    LibreOffice recognises a watermark and repeats it on every page.
    """
    escaped = (text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;"))
    family = family.replace("&", "&amp;").replace('"', "")
    xml = f"""
<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
  <w:pict xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">
    <v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800"
        path="m@7,l@8,m@5,21600l@6,21600e">
      <v:path textpathok="t" o:connecttype="custom"/>
      <v:textpath on="t" fitshape="t"/>
    </v:shapetype>
    <v:shape id="PowerPlusWaterMarkObject1" o:spid="_x0000_s2049" type="#_x0000_t136" o:allowincell="f"
        fillcolor="{colour}" stroked="f"
        style="position:absolute;margin-left:0;margin-top:0;width:440pt;height:110pt;rotation:315;z-index:-251654144;mso-position-horizontal:center;mso-position-horizontal-relative:margin;mso-position-vertical:center;mso-position-vertical-relative:margin">
      <v:fill opacity=".2"/>
      <v:textpath style="font-family:&quot;{family}&quot;;font-size:1pt" string="{escaped}"/>
    </v:shape>
  </w:pict>
</w:r>"""
    paragraph._p.append(parse_xml(xml))


# w:settings children that come after w:autoHyphenation and w:consecutiveHyphenLimit (ECMA-376 order).
_AFTER_HYPHENATION = (
    "w:hyphenationZone", "w:doNotHyphenateCaps", "w:showEnvelope", "w:summaryLength", "w:clickAndTypeStyle",
    "w:defaultTableStyle", "w:evenAndOddHeaders", "w:bookFoldRevPrinting", "w:bookFoldPrinting",
    "w:bookFoldPrintingSheets", "w:drawingGridHorizontalSpacing", "w:drawingGridVerticalSpacing",
    "w:displayHorizontalDrawingGridEvery", "w:displayVerticalDrawingGridEvery",
    "w:doNotUseMarginsForDrawingGridOrigin", "w:drawingGridHorizontalOrigin", "w:drawingGridVerticalOrigin",
    "w:doNotShadeFormData", "w:noPunctuationKerning", "w:characterSpacingControl", "w:printTwoOnOne",
    "w:strictFirstAndLastChars", "w:noLineBreaksAfter", "w:noLineBreaksBefore", "w:savePreviewPicture",
    "w:doNotValidateAgainstSchema", "w:saveInvalidXml", "w:ignoreMixedContent", "w:alwaysShowPlaceholderText",
    "w:doNotDemarcateInvalidXml", "w:saveXmlDataOnly", "w:useXSLTWhenSaving", "w:saveThroughXslt",
    "w:showXMLTags", "w:alwaysMergeEmptyNamespace", "w:updateFields", "w:hdrShapeDefaults", "w:footnotePr",
    "w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang",
)


def hyphenate(settings, language: str) -> None:
    """Word's automatic hyphenation, at most one hyphenated line in a row, and the theme fonts' language.

    Word and LibreOffice hyphenate each run by its w:lang, so the language
    tags on the styles and runs choose the patterns; Japanese is never hyphenated.
    """
    for tag in ("w:autoHyphenation", "w:consecutiveHyphenLimit"):
        for old in settings.findall(qn(tag)):
            settings.remove(old)
    elements = [new_element("w:autoHyphenation"), new_element("w:consecutiveHyphenLimit")]
    elements[0].set(qn("w:val"), "true")
    elements[1].set(qn("w:val"), "1")
    following = next((child for child in settings if child.tag in {qn(t) for t in _AFTER_HYPHENATION}), None)
    for element in elements:
        if following is None:
            settings.append(element)
        else:
            following.addprevious(element)
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), language)


def suppress_hyphenation(style) -> None:
    """w:suppressAutoHyphens on a paragraph style: titles, headings and register titles keep whole words."""
    suppress_in(style.element.get_or_add_pPr())


def suppress_in(properties) -> None:
    """w:suppressAutoHyphens in a w:pPr, in the schema's order of its children, unless it is there."""
    if properties.find(qn("w:suppressAutoHyphens")) is not None:
        return
    element = new_element("w:suppressAutoHyphens")
    following = next((child for child in properties if child.tag in {qn(t) for t in _AFTER_SUPPRESS}), None)
    if following is None:
        properties.append(element)
    else:
        following.addprevious(element)


# w:pPr children that come after w:suppressAutoHyphens (ECMA-376 order).
_AFTER_SUPPRESS = (
    "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)


def default_language(styles, tag: str) -> None:
    """The document defaults' w:lang (python-docx's template says en-US): text outside our styles is in the book's language."""
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")) if defaults is not None else None
    if rpr is not None and defaults.find(qn("w:rPrDefault")) is not None:
        set_language(rpr, tag)
