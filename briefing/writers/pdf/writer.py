"""The PDF writer: walks the document tree into ReportLab Platypus flowables, set in each language's fonts."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Frame, KeepTogether, PageBreak, PageTemplate, Spacer, TableStyle

from briefing import tree
from briefing.preflight import NARROW_TABLE, Preflight
from briefing.theme import Theme
from briefing.writers.columns import SMALL_TABLE_ROWS, column_widths, words_fit
from briefing.writers.pdf.flowables import (
    ContentsLine, ContentsRegistry, FigureImage, SideBySide, image_reader, keeping_outline,
)
from briefing.writers.pdf.fonts import Fonts
from briefing.writers.pdf.compose import ComposedParagraph, Composer
from briefing.writers.pdf.hyphenation import RULES, HyphenatedParagraph, hyphenating_style, last_word
from briefing.writers.pdf.kinsoku import PhraseParagraph
from briefing.writers.pdf.page import SLUG, BLEED, BookTemplate, PageDecoration, counting_canvas
from briefing.writers.pdf.rewrap import Paragraph
from briefing.writers.pdf.styles import paragraph_styles
from briefing.writers.pdf.tagging import STANDARDS, Element, TaggedTable, Tagger, tag
from briefing.writers.visitor import Visitor

# Draft marks of translations (tree.STATE_MARKS): the same colours as the Word draft's highlights.
STATE_COLOURS = {"stale": "#ffff00", "missing": "#00ffff"}


# Running text that Russian and English hyphenate; titles, headings and register titles never do.
HYPHENATED = {"body", "note", "detail"} | {f"list{n}" for n in range(1, 7)}
# Japanese titles and headings break between phrases (BudouX), body text wherever kinsoku allows.
PHRASED = {"title", "subtitle", "lead", "entry", "contents_title"} | {f"heading{n}" for n in (1, 2, 3)} | {
    f"contents{n}" for n in (1, 2, 3)}



class PdfWriter(Visitor):
    """Collects the story of flowables; one visit method per tree node."""

    def __init__(self, document: tree.Document, theme: Theme, crop_marks: bool = False,
                 preflight: Preflight | None = None, standards: tuple[str, ...] = STANDARDS):
        self.meta = document.meta
        self.standards = standards
        self.tags = Tagger(document.meta.language)  # every flowable drawn is the content of a structure element
        self.preflight = preflight if preflight is not None else Preflight()
        self.theme = theme
        self.crop_marks = crop_marks
        self.registry = ContentsRegistry()
        self.headings = _headings(document)  # what the contents lists, with each heading's bookmark key
        self._next_heading = 0
        self.full_width = A4[0] - (theme.page["margin_left_mm"] + theme.page["margin_right_mm"]) * mm
        self.gutter = 8 * mm
        self._languages: dict[tuple[str, bool], tuple[Fonts, dict]] = {}
        self.use_language(self.meta.language, self.full_width)
        self.primary_fonts = self.fonts
        self.story: list = []
        self.images: dict[str, object] = {}  # one reader per image digest: each image is embedded once
        self.room = 0.0  # the most room the blocks of a bilingual pair ask for at their start

    def use_language(self, tag: str, width: float) -> None:
        """Makes the following visits set text in this language's fonts and styles, `width` wide."""
        narrow = width < self.full_width
        if (tag, narrow) not in self._languages:
            fonts = self._languages[(tag, not narrow)][0] if (tag, not narrow) in self._languages else Fonts(
                self.theme, tag.split("-")[0])
            self._languages[(tag, narrow)] = (fonts, paragraph_styles(self.theme, fonts, narrow))
        self.fonts, self.styles = self._languages[(tag, narrow)]
        self.width = width
        self.tags.language = tag

    def rendered(self, block, tag: str, width: float) -> list:
        """The flowables of one block set in one language, without touching the main story."""
        story, self.story = self.story, []
        try:
            self.use_language(tag, width)
            self.visit(block)
            # Inside a column the pair decides what stays together; KeepTogether needs a frame.
            # The room a block asks for at its start (a conditional page break) is asked by the pair.
            flat = []
            for flowable in self.story:
                if isinstance(flowable, CondPageBreak):
                    self.room = max(self.room, flowable.height)
                else:
                    flat.extend(flowable._content if isinstance(flowable, KeepTogether) else [flowable])
            return flat
        finally:
            self.story = story

    # -- layout ------------------------------------------------------------------

    def build(self, out) -> None:
        page = self.theme.page
        # In print mode the A4 page is the TrimBox in the middle of a larger sheet.
        offset = SLUG if self.crop_marks else 0
        sheet = (A4[0] + 2 * offset, A4[1] + 2 * offset)
        trim = (offset, offset, offset + A4[0], offset + A4[1])
        bleed = (offset - BLEED, offset - BLEED, offset + A4[0] + BLEED, offset + A4[1] + BLEED)
        meta = self.meta
        doc = BookTemplate(
            out,
            pagesize=sheet,
            leftMargin=page["margin_left_mm"] * mm + offset,
            rightMargin=page["margin_right_mm"] * mm + offset,
            topMargin=page["margin_top_mm"] * mm + offset,
            bottomMargin=page["margin_bottom_mm"] * mm + offset,
            title=meta.title,
            author=meta.author,
            subject=meta.subject,
            keywords=", ".join(meta.keywords),
            creator="briefing",
            producer="briefing",
            lang=meta.language,
            initialFontName=self.primary_fonts.name("body"),
            initialFontSize=self.theme.sizes["body"],
            trimBox=trim if self.crop_marks else None,
            bleedBox=bleed if self.crop_marks else None,
            displayDocTitle=1,
        )
        doc.registry = self.registry
        doc.preflight = self.preflight  # a flowable reaches it as self.canv._doctemplate.preflight
        frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        secondary = meta.secondary
        decorate = PageDecoration(meta, self.theme, doc, self.primary_fonts,
                                  self._languages[(secondary.language, True)][0] if secondary else None,
                                  self.registry, offset, self.crop_marks)
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=decorate.watermark)])
        story = self._keep_headings_with_text(doc.width)
        for flowable in story:
            if isinstance(flowable, SideBySide):  # what never splits still must when it is taller than a page
                flowable.frame_height = doc.height
        titles = {meta.language: meta.title} | ({secondary.language: secondary.title} if secondary else {})
        doc.build(story, canvasmaker=counting_canvas(decorate, self.tags.structure, titles, self.standards))
        doc.note_near_empty_last_page(self.preflight, self.styles["body"].leading)

    def _keep_headings_with_text(self, width: float) -> list:
        """Keeps each run of headings on the page of the text that follows, without moving that text whole.

        keepWithNext alone would glue a heading to the entire next paragraph and
        push both to the next page, leaving a hole; a conditional page break
        asks only for room for the headings and three lines of text, and the
        paragraph may then split (never leaving a single line, allowOrphans=0).
        """
        story = []
        lines = self.styles["body"].leading * 3
        index = 0
        while index < len(self.story):
            run = []
            while index < len(self.story) and getattr(self.story[index], "leads_text", False):
                run.append(self.story[index])
                index += 1
            if run:
                height = sum(f.wrap(width, 1e6)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in run)
                following = self.story[index] if index < len(self.story) else None
                # A table's caption asks for room for its first rows: the headings need that room too; a block
                # that never splits (a register entry, a pair of them) comes whole with its heading.
                wanted = following.height if isinstance(following, CondPageBreak) else lines
                if isinstance(following, KeepTogether) or (isinstance(following, SideBySide)
                                                           and not following.splittable):
                    parts = following._content if isinstance(following, KeepTogether) else [following]
                    whole = sum(f.wrap(width, 1e6)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in parts)
                    wanted = min(whole, self.theme_text_height() / 2)
                story.append(CondPageBreak(height + wanted))
                for position, heading in enumerate(run):
                    heading.keepWithNext = int(position < len(run) - 1)
                story.extend(run)
            if index < len(self.story):
                story.append(self.story[index])
                index += 1
        return story

    # -- nodes -----------------------------------------------------------------

    def para(self, text: str, style: str, role: str = "body", state: str = "", prefix: str = "",
             source: str = "", element: Element | None = None) -> Paragraph:
        """A paragraph of the text, tagged as `element` or else as a P of its own."""
        return tag(self.paragraph(prefix + self.fonts.markup(text, role), style, text, state, source),
                   element if element is not None else self.tags.element("P"))

    def paragraph(self, markup: str, style: str | ParagraphStyle, text: str, state: str = "",
                  source: str = "") -> Paragraph:
        """A paragraph of the kind its language and role need: composed (justified running text outside
        CJK), hyphenated, broken between phrases, or plain; highlighted in a draft when its text is a stale
        or missing translation. `source` is the text's content path, which the preflight report names."""
        paragraph = self._paragraph(markup, style, text, state, source)
        paragraph.source = source  # the preflight names a page by the content path of its first text
        return paragraph

    def _paragraph(self, markup: str, style: str | ParagraphStyle, text: str, state: str, source: str) -> Paragraph:
        name = style if isinstance(style, str) else style.name
        style = self.flagged(self.styles[style] if isinstance(style, str) else style, state)
        locale = self.fonts.locale
        if name in HYPHENATED and style.alignment == TA_JUSTIFY and not style.wordWrap:
            return ComposedParagraph(markup, ParagraphStyle(
                style.name, parent=style, composer=Composer(locale, last_word(text), source)))
        if name in HYPHENATED and style.alignment == TA_JUSTIFY:  # CJK: flush on a measure of whole ems
            return Paragraph(markup, ParagraphStyle(style.name, parent=style, composer=Composer(locale, "", source)))
        if locale in RULES and name in HYPHENATED:
            return HyphenatedParagraph(markup, hyphenating_style(style, locale, text))
        if locale == "ja" and name in PHRASED:
            return PhraseParagraph(markup, style)
        return Paragraph(markup, style)

    def flagged(self, style: ParagraphStyle, state: str) -> ParagraphStyle:
        """In a draft, a stale translation is highlighted yellow and a missing one (its source standing in) cyan."""
        if not state:
            return style
        return ParagraphStyle(f"{style.name}-{state}", parent=style, backColor=colors.HexColor(STATE_COLOURS[state]))

    def bullet(self, label: str) -> str:
        # A <bullet> inside the text, rather than bulletText, gets the same per-glyph font fallback.
        return f"<bullet>{self.fonts.markup(label)}</bullet>" if label else ""

    def visit_title_block(self, node: tree.TitleBlock) -> None:
        self.story.append(self.para(node.title, "title", "heading", element=self.tags.heading(1)))
        if node.subtitle:
            self.story.append(self.para(node.subtitle, "subtitle", "heading"))
        self.story.append(self.para(node.date, "date"))

    def visit_contents(self, node: tree.Contents) -> None:
        self.story.append(self.para(node.title, "contents_title", "heading"))
        side = 1 if self.fonts is not self.primary_fonts else 0
        toc = self.tags.element("TOC")
        for key, level, texts in self.headings:
            style = self.styles[f"contents{min(level, 3)}"]
            line = self.paragraph(self.fonts.markup(_contents_entry(texts[side]), "heading" if level == 1 else "body"),
                                  style, texts[side])
            with self.tags.inside(toc):
                link = self.tags.element("TOCI").add("Link")
            self.story.append(ContentsLine(line, key, self.registry, link, texts[side]))
        self.story.append(PageBreak())  # the contents page: the text begins on the next

    def visit_heading(self, node: tree.Heading) -> None:
        text = node.display()
        heading = keeping_outline(self.para(text, f"heading{min(node.level, 3)}", "heading", node.state,
                                            source=node.source, element=self.tags.heading(node.level + 1)))
        if self.fonts is self.primary_fonts:  # the right-hand twin of a pair shares the left one's bookmark
            key = self.headings[self._next_heading][0]
            self._next_heading += 1
            heading.outline = (text, min(node.level, 3) - 1, key)
        heading.leads_text = True
        self.story.append(heading)

    def visit_paragraph(self, node: tree.Paragraph) -> None:
        style = {"note": "note", "lead": "lead", "meta": "date"}.get(node.role, "body")
        for text in tree.paragraphs(node.text):
            paragraph = self.para(text, style, "heading" if style == "lead" else "body", node.state, source=node.source)
            # A lead line, and a register category's note, stay with what follows, like a heading.
            paragraph.leads_text = style in ("lead", "note")
            self.story.append(paragraph)

    def visit_list(self, node: tree.List) -> None:
        style = self.hanging(self.styles[f"list{min(node.level, 6)}"], [item.label for item in node.items])
        container = self.tags.element("L")
        for item in node.items:
            first, *more = tree.paragraphs(item.text)
            body, label = self.tags.item(container, bool(item.label))
            self.story.append(tag(self.paragraph(self.bullet(item.label) + self.fonts.markup(first), style, first,
                                                 item.state, item.source), body, label))
            # A blank line in an item: a paragraph of its own under the item's text, without a label.
            self.story.extend(tag(self.paragraph(self.fonts.markup(text), style, text, item.state, item.source), body)
                              for text in more)
            with self.tags.inside(body):  # a nested list is part of the item's body
                self.visit_all(item.blocks)

    def cell(self, text: str, style, role: str = "body") -> list:
        # Japanese cells break between phrases (BudouX), as titles do: a narrow column never splits ロシア.
        kind = PhraseParagraph if self.fonts.locale == "ja" else Paragraph
        return [kind(self.fonts.markup(part, role), style) for part in tree.paragraphs(text)]

    def hanging(self, style: ParagraphStyle, labels: list[str]) -> ParagraphStyle:
        """The list style with its text indent past the widest label, so every line of an item lines up.

        A label wider than the indent (（ア） is three full-width characters)
        would push the first line's text right of the lines below it.
        """
        size = style.bulletFontSize
        # ReportLab sets the first line's text 0.6 of the bullet size after the label (_handleBulletWidth).
        needed = style.bulletIndent + max((self.fonts.width(label, size) for label in labels), default=0) + 0.6 * size
        if needed <= style.leftIndent:
            return style
        return ParagraphStyle(style.name, parent=style, leftIndent=needed)

    def visit_table(self, node: tree.Table) -> None:
        if not node.header and not node.rows:
            return
        size, narrow = self.table_size(node)
        padding = 12  # ReportLab's default left and right cell padding, 6 points each
        widths = column_widths(node.header, node.rows,
                               lambda text, bold: self.fonts.width(text, size, "bold" if bold else "body"),
                               self.width, padding)
        aligned = [self.sized(self.styles[f"table_{node.alignment(column)}"], size) for column in range(len(widths))]
        heads = [self.sized(self.styles[f"table_head_{node.alignment(column)}"], size) for column in range(len(widths))]
        data = [[_one(self.cell(text, head, "bold")) for text, head in zip(node.header, heads)]] if node.header else []
        data += [[_one(self.cell(text, style)) for text, style in zip(row, aligned)] for row in node.rows]
        caption = self.cell(node.caption, self.styles["caption"], "heading") if node.caption else []
        # A legend names each row by its marker: those cells are row headers.
        element, cells = self.tags.table(1 if node.header else 0, data, row_headers=node.role == "legend")
        if caption:
            title = element.add("Caption")
            element.kids.insert(0, element.kids.pop())  # a table's caption is its first kid
            for paragraph in caption:
                tag(paragraph, title)
        table = TaggedTable(data, colWidths=widths, repeatRows=1 if node.header else 0, hAlign="LEFT").tagged(cells)
        table.preflight_note = narrow  # noted on the page where the table is drawn
        rule = colors.HexColor(self.theme.colours["rule"])
        commands = [
            # Table cells default to Helvetica, which would be the one unembedded font.
            ("FONTNAME", (0, 0), (-1, -1), self.fonts.name("body")),
            ("FONTSIZE", (0, 0), (-1, -1), size),
            ("GRID", (0, 0), (-1, -1), 0.5, rule),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("ALIGN", (0, 1), (0, -1), "CENTER"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]
        if node.header:
            commands.insert(2, ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(self.theme.colours["table_header"])))
        table.setStyle(TableStyle(commands))
        # A small table (a legend, a few rows of figures) never splits: a conditional page break asks
        # for room for all of it, caption and source note included, so it starts on the next page when
        # this one cannot take it whole. A long table asks for its caption and first rows, starts here
        # and breaks with its header row repeated. A heading before the table asks for that room too,
        # and in a bilingual pair the pair asks for the larger of its two columns' needs.
        source = [tag(p, self.tags.element("P")) for p in self.cell(node.source, self.styles["source"])] if node.source else []
        _, heights = table.wrap(self.width, 1e6), table._rowHeights
        around = sum(p.wrap(self.width, 1e6)[1] + p.getSpaceBefore() + p.getSpaceAfter() for p in caption + source)
        if len(node.rows) <= SMALL_TABLE_ROWS and around + sum(heights) <= self.theme_text_height() * 0.5:
            self.story.append(CondPageBreak(around + sum(heights)))
        else:
            self.story.append(CondPageBreak(around + sum(heights[:3])))
        for paragraph in caption:
            paragraph.keeps_with_next = True  # inside a bilingual column, where the pair splits
        self.story.extend(caption)
        self.story.append(table)
        self.story.extend(source)
        self.story.append(Spacer(1, 6))

    def table_size(self, node: tree.Table) -> tuple[float, tuple | None]:
        """The table's type size: the theme's, or half a point smaller at a time, down to three quarters of it,
        until every column can hold its longest word; at the floor a word must break: the preflight note to make."""
        size = self.theme.sizes["table"]
        floor = round(size * 0.75 * 2) / 2
        while not words_fit(node.header, node.rows, lambda text, bold: self.fonts.width(
                text, size, "bold" if bold else "body"), self.width, 12):
            if size - 0.5 < floor:
                return size, (NARROW_TABLE, node.src, f"a table's longest words do not fit its columns even at "
                                                       f"{size:g} pt: words break in its cells")
            size -= 0.5
        return size, None

    def sized(self, style: ParagraphStyle, size: float) -> ParagraphStyle:
        if size == style.fontSize:
            return style
        return ParagraphStyle(f"{style.name}-{size:g}", parent=style, fontSize=size,
                              leading=style.leading * size / style.fontSize)

    def visit_figure(self, node: tree.Figure) -> None:
        image = node.image
        if image.digest not in self.images:
            self.images[image.digest] = image_reader(image)
        # Its natural size at 150 dpi, never larger; narrower when the text is, and never taller than a page's text.
        width = min(image.width * 72 / 150, self.width)
        height = width * image.height / image.width
        tallest = self.theme_text_height() * 0.8
        if height > tallest:
            width, height = width * tallest / height, tallest
        picture = tag(FigureImage(self.images[image.digest], width, height, node.alt), self.tags.element("Figure"))
        picture.element.alt = node.alt
        caption = [tag(p, self.tags.element("Caption")) for p in self.cell(node.caption, self.styles["figure_caption"])
                   ] if node.caption else []
        # Room for the figure and its caption: a heading before it asks for that room too.
        self.story.append(CondPageBreak(height + sum(p.wrap(self.width, 1e6)[1] + p.getSpaceBefore()
                                                     + p.getSpaceAfter() for p in caption)))
        self.story.append(KeepTogether([picture, *caption]))

    def theme_text_height(self) -> float:
        page = self.theme.page
        return A4[1] - (page["margin_top_mm"] + page["margin_bottom_mm"]) * mm

    def visit_aligned(self, node: tree.Aligned) -> None:
        column = (self.full_width - self.gutter) / 2
        self.room = 0.0
        before = len(self.tags.parent.kids)
        left = self.rendered(node.left, self.meta.language, column)
        right = self.rendered(node.right, self.meta.secondary.language, column)
        self.use_language(self.meta.language, self.full_width)
        if isinstance(node.left, tree.Contents):
            self.tags.pair_contents(before)
            # Title and lines flow as pairs of their own, so a long contents can cross a page.
            left, right = ([f for f in side if not isinstance(f, PageBreak)] for side in (left, right))
            for index, (pair_left, pair_right) in enumerate(zip(left, right)):
                row = SideBySide([pair_left], [pair_right], self.gutter, splittable=False)
                row.keepWithNext = int(index == 0)
                self.story.append(row)
            self.story.append(PageBreak())
            return
        if self.room:
            self.story.append(CondPageBreak(self.room))
        pair = SideBySide(left, right, self.gutter,
                           splittable=isinstance(node.left, (tree.Paragraph, tree.List, tree.Table, tree.Heading)))
        if isinstance(node.left, tree.Heading):
            pair.keepWithNext = 1
            pair.outline = left[0].outline
        pair.leads_text = getattr(left[0], "leads_text", False) if left else False
        self.story.append(pair)

    def visit_entry(self, node: tree.Entry) -> None:
        title = self.fonts.markup(node.title, "bold")
        if node.flag:
            title += "\u00a0" + self.fonts.markup(node.flag, "bold")
        body, label = self.tags.entry(bool(node.marker))  # the register is a list, each entry an item
        parts = [tag(self.paragraph(self.bullet(node.marker) + title, "entry", node.title, node.state), body, label)]
        parts += [self.para(text, "detail", state=node.state, source=node.source, element=body)
                  for detail in node.details for text in tree.paragraphs(detail)]
        self.story.append(KeepTogether(parts))


def _one(flowables: list):
    """A cell's content: its paragraph, or the list of its paragraphs."""
    return flowables[0] if len(flowables) == 1 else flowables


def _headings(document: tree.Document) -> list[tuple[str, int, tuple[str, ...]]]:
    """(bookmark key, level, display text per language) of every heading, in order."""
    found = []
    for block in document.blocks:
        if isinstance(block, tree.Aligned) and isinstance(block.left, tree.Heading):
            found.append((block.left.level, (block.left.display(), block.right.display())))
        elif isinstance(block, tree.Heading):
            found.append((block.level, (block.display(),)))
    return [(f"h{index}", level, texts) for index, (level, texts) in enumerate(found)]


CONTENTS_ENTRY = 300


def _contents_entry(text: str) -> str:
    """A heading as the contents list it: whole up to 300 characters, then shortened with an ellipsis.

    The heading itself is printed whole; a contents line longer than a page
    could not be set at all (a heading may hold 20,000 characters).
    """
    return text if len(text) <= CONTENTS_ENTRY else text[: CONTENTS_ENTRY - 1].rstrip() + "…"
