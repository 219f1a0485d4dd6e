"""The PDF writer: walks the document tree into ReportLab Platypus flowables, set in each language's fonts."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Frame, KeepTogether, PageBreak, PageTemplate, Paragraph, Spacer, Table, TableStyle

from briefing import tree
from briefing.theme import Theme
from briefing.writers.pdf.flowables import ContentsLine, ContentsRegistry, SideBySide
from briefing.writers.pdf.fonts import Fonts
from briefing.writers.pdf.page import SLUG, BLEED, BookTemplate, PageDecoration, counting_canvas
from briefing.writers.pdf.styles import paragraph_styles
from briefing.writers.visitor import Visitor


class PdfWriter(Visitor):
    """Collects the story of flowables; one visit method per tree node."""

    def __init__(self, document: tree.Document, theme: Theme, crop_marks: bool = False):
        self.meta = document.meta
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

    def use_language(self, tag: str, width: float) -> None:
        """Makes the following visits set text in this language's fonts and styles, `width` wide."""
        narrow = width < self.full_width
        if (tag, narrow) not in self._languages:
            fonts = self._languages[(tag, not narrow)][0] if (tag, not narrow) in self._languages else Fonts(
                self.theme, tag.split("-")[0])
            self._languages[(tag, narrow)] = (fonts, paragraph_styles(self.theme, fonts, narrow))
        self.fonts, self.styles = self._languages[(tag, narrow)]
        self.width = width

    def rendered(self, block, tag: str, width: float) -> list:
        """The flowables of one block set in one language, without touching the main story."""
        story, self.story = self.story, []
        try:
            self.use_language(tag, width)
            self.visit(block)
            # Inside a column the pair decides what stays together; KeepTogether needs a frame.
            flat = []
            for flowable in self.story:
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
        frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        secondary = meta.secondary
        decorate = PageDecoration(meta, self.theme, doc, self.primary_fonts,
                                  self._languages[(secondary.language, True)][0] if secondary else None,
                                  self.registry, offset, self.crop_marks)
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=decorate.watermark)])
        doc.build(self._keep_headings_with_text(doc.width), canvasmaker=counting_canvas(decorate))

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
                story.append(CondPageBreak(height + lines))
                for position, heading in enumerate(run):
                    heading.keepWithNext = int(position < len(run) - 1)
                story.extend(run)
            if index < len(self.story):
                story.append(self.story[index])
                index += 1
        return story

    # -- nodes -----------------------------------------------------------------

    def para(self, text: str, style: str, role: str = "body", **kwargs) -> Paragraph:
        return Paragraph(self.fonts.markup(text, role), self.styles[style], **kwargs)

    def bullet(self, label: str) -> str:
        # A <bullet> inside the text, rather than bulletText, gets the same per-glyph font fallback.
        return f"<bullet>{self.fonts.markup(label)}</bullet>" if label else ""

    def visit_title_block(self, node: tree.TitleBlock) -> None:
        self.story.append(self.para(node.title, "title", "heading"))
        if node.subtitle:
            self.story.append(self.para(node.subtitle, "subtitle", "heading"))
        self.story.append(self.para(node.date, "date"))

    def visit_contents(self, node: tree.Contents) -> None:
        self.story.append(self.para(node.title, "contents_title", "heading"))
        side = 1 if self.fonts is not self.primary_fonts else 0
        for key, level, texts in self.headings:
            style = self.styles[f"contents{min(level, 3)}"]
            line = Paragraph(self.fonts.markup(texts[side], "heading" if level == 1 else "body"), style)
            self.story.append(ContentsLine(line, key, self.registry))
        self.story.append(PageBreak())  # the contents page: the text begins on the next

    def visit_heading(self, node: tree.Heading) -> None:
        text = node.display()
        heading = self.para(text, f"heading{min(node.level, 3)}", "heading")
        if self.fonts is self.primary_fonts:  # the right-hand twin of a pair shares the left one's bookmark
            key = self.headings[self._next_heading][0]
            self._next_heading += 1
            heading.outline = (text, min(node.level, 3) - 1, key)
        heading.leads_text = True
        self.story.append(heading)

    def visit_paragraph(self, node: tree.Paragraph) -> None:
        style = {"note": "note", "lead": "lead"}.get(node.role, "body")
        paragraph = self.para(node.text, style, "heading" if style == "lead" else "body")
        paragraph.leads_text = style == "lead"  # a lead line stays with what follows, like a heading
        self.story.append(paragraph)

    def visit_list(self, node: tree.List) -> None:
        style = self.styles[f"list{min(node.level, 6)}"]
        for item in node.items:
            self.story.append(Paragraph(self.bullet(item.label) + self.fonts.markup(item.text), style))
            self.visit_all(item.blocks)

    def visit_table(self, node: tree.Table) -> None:
        cell = self.styles["table"]
        head = self.styles["table_head"]
        data = [[Paragraph(self.fonts.markup(text, "bold"), head) for text in node.header]]
        data += [[Paragraph(self.fonts.markup(text), cell) for text in row] for row in node.rows]
        first = 22 * mm  # also in a bilingual column: "Marker", "Symbole" would break at 14 mm
        table = Table(data, colWidths=[first, self.width - first], repeatRows=1, hAlign="LEFT")
        rule = colors.HexColor(self.theme.colours["rule"])
        table.setStyle(TableStyle([
            # Table cells default to Helvetica, which would be the one unembedded font.
            ("FONTNAME", (0, 0), (-1, -1), self.fonts.name("body")),
            ("FONTSIZE", (0, 0), (-1, -1), self.theme.sizes["table"]),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(self.theme.colours["table_header"])),
            ("GRID", (0, 0), (-1, -1), 0.5, rule),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("ALIGN", (0, 1), (0, -1), "CENTER"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]))
        self.story.append(table)
        self.story.append(Spacer(1, 6))

    def visit_aligned(self, node: tree.Aligned) -> None:
        column = (self.full_width - self.gutter) / 2
        left = self.rendered(node.left, self.meta.language, column)
        right = self.rendered(node.right, self.meta.secondary.language, column)
        self.use_language(self.meta.language, self.full_width)
        if isinstance(node.left, tree.Contents):
            # Title and lines flow as pairs of their own, so a long contents can cross a page.
            left, right = ([f for f in side if not isinstance(f, PageBreak)] for side in (left, right))
            for index, (pair_left, pair_right) in enumerate(zip(left, right)):
                row = SideBySide([pair_left], [pair_right], self.gutter, splittable=False)
                row.keepWithNext = int(index == 0)
                self.story.append(row)
            self.story.append(PageBreak())
            return
        pair = SideBySide(left, right, self.gutter,
                          splittable=isinstance(node.left, (tree.Paragraph, tree.List)))
        if isinstance(node.left, tree.Heading):
            pair.keepWithNext = 1
            pair.outline = left[0].outline
        pair.leads_text = getattr(left[0], "leads_text", False) if left else False
        self.story.append(pair)

    def visit_entry(self, node: tree.Entry) -> None:
        title = self.fonts.markup(node.title, "bold")
        if node.flag:
            title += "\u00a0" + self.fonts.markup(node.flag, "bold")
        parts = [Paragraph(self.bullet(node.marker) + title, self.styles["entry"])]
        parts += [self.para(detail, "detail") for detail in node.details]
        self.story.append(KeepTogether(parts))


def _headings(document: tree.Document) -> list[tuple[str, int, tuple[str, ...]]]:
    """(bookmark key, level, display text per language) of every heading, in order."""
    found = []
    for block in document.blocks:
        if isinstance(block, tree.Aligned) and isinstance(block.left, tree.Heading):
            found.append((block.left.level, (block.left.display(), block.right.display())))
        elif isinstance(block, tree.Heading):
            found.append((block.level, (block.display(),)))
    return [(f"h{index}", level, texts) for index, (level, texts) in enumerate(found)]
