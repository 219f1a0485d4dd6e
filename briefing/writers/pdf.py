"""The PDF writer: walks the document tree into ReportLab Platypus flowables on A4, with embedded subset TrueType fonts only."""

from __future__ import annotations

import functools
import io
from xml.sax.saxutils import escape

from briefing import tree
from briefing.fonts import FontChain, chain
from briefing.theme import DEFAULT_THEME, Theme, load_theme
from briefing.writers.visitor import Visitor
from briefing.writers.pdf_setup import pin_reportlab_settings

pin_reportlab_settings()

from briefing.writers import kinsoku  # noqa: E402

kinsoku.install()

from reportlab.lib import colors  # noqa: E402  (settings are pinned before ReportLab reads them)
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402
from reportlab.platypus import (  # noqa: E402
    BaseDocTemplate, Flowable, Frame, KeepTogether, PageTemplate, Paragraph, Spacer, Table, TableStyle,
)


class MissingGlyph(Exception):
    """Text reached the PDF writer with a character no configured font can draw."""


def write(document: tree.Document, path: str, theme: Theme | None = None) -> None:
    """Writes the document as a print-ready PDF at `path`."""
    theme = theme or load_theme(DEFAULT_THEME)
    writer = _PdfWriter(document, theme)
    writer.visit_all(document.blocks)
    buffer = io.BytesIO()
    writer.build(buffer)
    with open(path, "wb") as out:
        out.write(buffer.getvalue())


@functools.lru_cache(maxsize=None)
def _register(face_name: str, path: str) -> str:
    """Registers a TrueType face once per process; ReportLab embeds and subsets it."""
    pdfmetrics.registerFont(TTFont(face_name, path))
    return face_name


class Fonts:
    """The font chains of one language, registered with ReportLab, and the text markup that uses them."""

    def __init__(self, theme: Theme, locale: str):
        self.locale = locale
        self.chains: dict[str, FontChain] = {}
        for role in ("body", "bold", "heading"):
            font_chain = chain(tuple(theme.font_patterns(locale, role)))
            for face in font_chain.faces:
                _register(face.name, face.path)
            self.chains[role] = font_chain

    def name(self, role: str) -> str:
        return self.chains[role].primary.name

    def markup(self, text: str, role: str = "body") -> str:
        """Escapes text for a Paragraph and switches face per glyph where the role's face lacks one.

        This is the one place where text becomes ReportLab markup: nothing a
        content author types can open a tag.
        """
        font_chain = self.chains[role]
        primary = font_chain.primary
        out: list[str] = []
        run: list[str] = []
        run_face = primary
        for char in text:
            face = primary if char in " \n\t" or primary.has(char) else font_chain.face_for(char)
            if face is None:
                raise MissingGlyph(f"no configured font has U+{ord(char):04X} {char!r} (in {text[:40]!r})")
            if face is not run_face:
                out.append(_wrap(run, run_face, primary))
                run, run_face = [], face
            run.append(char)
        out.append(_wrap(run, run_face, primary))
        return "".join(out)

    def runs(self, text: str, role: str = "body"):
        """(face name, text) pieces for drawing directly on the canvas with the same fallback."""
        font_chain = self.chains[role]
        pieces: list[tuple[str, str]] = []
        for char in text:
            face = font_chain.face_for(char) or font_chain.primary
            if char == " ":
                face = pieces[-1][0] if pieces else font_chain.primary.name
                face = next(f for f in font_chain.faces if f.name == face)
            if pieces and pieces[-1][0] == face.name:
                pieces[-1] = (face.name, pieces[-1][1] + char)
            else:
                pieces.append((face.name, char))
        return pieces


def _wrap(run: list[str], face, primary) -> str:
    text = escape("".join(run))
    if not run or face is primary:
        return text
    return f'<font face="{face.name}">{text}</font>'


class _PdfWriter(Visitor):
    """Collects the story of flowables; one visit method per tree node."""

    def __init__(self, document: tree.Document, theme: Theme):
        self.meta = document.meta
        self.theme = theme
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
            self._languages[(tag, narrow)] = (fonts, _styles(self.theme, fonts, narrow))
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
        doc = _BookTemplate(
            out,
            pagesize=A4,
            leftMargin=page["margin_left_mm"] * mm,
            rightMargin=page["margin_right_mm"] * mm,
            topMargin=page["margin_top_mm"] * mm,
            bottomMargin=page["margin_bottom_mm"] * mm,
            title=self.meta.title,
            author="briefing",
            subject=self.meta.subject,
            keywords=", ".join(self.meta.keywords),
            creator="briefing",
            producer="briefing",
            lang=self.meta.language,
            initialFontName=self.primary_fonts.name("body"),
            initialFontSize=self.theme.sizes["body"],
        )
        frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        secondary = self.meta.secondary
        decorate = _PageDecoration(self.meta, self.theme, doc, self.primary_fonts,
                                   self._languages[(secondary.language, True)][0] if secondary else None)
        doc.build(self.story, canvasmaker=_counting_canvas(decorate))

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

    def visit_heading(self, node: tree.Heading) -> None:
        text = node.display()
        heading = self.para(text, f"heading{min(node.level, 3)}", "heading")
        heading.outline = (text, min(node.level, 3) - 1)
        self.story.append(heading)

    def visit_paragraph(self, node: tree.Paragraph) -> None:
        style = {"note": "note", "lead": "lead"}.get(node.role, "body")
        self.story.append(self.para(node.text, style, "heading" if style == "lead" else "body"))

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
        first = 22 * mm if self.width == self.full_width else 14 * mm
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
        pair = SideBySide(left, right, self.gutter,
                          splittable=isinstance(node.left, (tree.Paragraph, tree.List)))
        if isinstance(node.left, tree.Heading):
            pair.keepWithNext = 1
            pair.outline = left[0].outline
        self.story.append(pair)

    def visit_entry(self, node: tree.Entry) -> None:
        title = self.fonts.markup(node.title, "bold")
        if node.flag:
            title += "\u00a0" + self.fonts.markup(node.flag, "bold")
        parts = [Paragraph(self.bullet(node.marker) + title, self.styles["entry"])]
        parts += [self.para(detail, "detail") for detail in node.details]
        self.story.append(KeepTogether(parts))


def _styles(theme: Theme, fonts: Fonts, narrow: bool = False) -> dict[str, ParagraphStyle]:
    sizes, colours = theme.sizes, theme.colours
    # Justified Latin and Cyrillic in a half-width column opens rivers of space;
    # Japanese sets on its character grid and stays justified.
    alignment = TA_LEFT if narrow and fonts.locale != "ja" else TA_JUSTIFY
    text = colors.HexColor(colours["text"])
    heading = colors.HexColor(colours["heading"])
    body = ParagraphStyle("body", fontName=fonts.name("body"), fontSize=sizes["body"],
                          leading=sizes["body"] * 1.4, alignment=alignment, textColor=text,
                          spaceAfter=sizes["body"] * 0.6, allowWidows=0, allowOrphans=0,
                          wordWrap="CJK" if fonts.locale == "ja" else None)
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
    for level in (1, 2, 3):
        size = sizes[f"heading{level}"]
        styles[f"heading{level}"] = ParagraphStyle(
            f"heading{level}", parent=body, fontName=fonts.name("heading"), fontSize=size, leading=size * 1.35,
            textColor=heading, alignment=TA_LEFT, spaceBefore=size * (1.1 if level == 1 else 0.8),
            spaceAfter=size * 0.4, keepWithNext=1,
        )
    for nesting in range(1, 7):
        styles[f"list{nesting}"] = ParagraphStyle(
            f"list{nesting}", parent=body, leftIndent=9 * mm * nesting, bulletIndent=9 * mm * (nesting - 1),
            bulletFontName=fonts.name("body"), bulletFontSize=sizes["body"], spaceAfter=sizes["body"] * 0.4,
        )
    return styles


class _BookTemplate(BaseDocTemplate):
    """Adds a PDF bookmark for every heading as it is placed on a page."""

    _outline_count = 0

    def afterFlowable(self, flowable) -> None:
        outline = getattr(flowable, "outline", None)
        if outline is None:
            return
        title, level = outline
        key = f"h{self._outline_count}"
        self._outline_count += 1
        # Land the reader on the heading itself, not the top of its page.
        top = self.frame._y + flowable.height + flowable.getSpaceBefore()
        self.canv.bookmarkHorizontalAbsolute(key, top)
        self.canv.addOutlineEntry(title, key, level=level, closed=False)


class _PageDecoration:
    """Draws the running header (title, marking) and footer ("Page X of Y", marking) on every page.

    A bilingual page gives the page label in both languages, one at each side.
    """

    def __init__(self, meta: tree.Meta, theme: Theme, doc: BaseDocTemplate, fonts: Fonts, secondary_fonts):
        self.meta, self.theme, self.doc = meta, theme, doc
        self.fonts, self.secondary_fonts = fonts, secondary_fonts

    def text(self, canvas: Canvas, fonts: Fonts, x: float, y: float, text: str, align: str, role: str = "body") -> None:
        size = self.theme.sizes["running"]
        pieces = fonts.runs(text, role)
        width = sum(pdfmetrics.stringWidth(piece, face, size) for face, piece in pieces)
        x = {"left": x, "centre": x - width / 2, "right": x - width}[align]
        for face, piece in pieces:
            canvas.setFont(face, size)
            canvas.drawString(x, y, piece)
            x += pdfmetrics.stringWidth(piece, face, size)

    def __call__(self, canvas: Canvas, page: int, pages: int) -> None:
        doc, meta, second = self.doc, self.meta, self.meta.secondary
        left, right = doc.leftMargin, doc.pagesize[0] - doc.rightMargin
        top = doc.pagesize[1] - doc.topMargin + 8 * mm
        bottom = doc.bottomMargin - 10 * mm
        grey = colors.HexColor(self.theme.colours["rule"])
        red = colors.HexColor(self.theme.colours["marking"])
        page_of = meta.labels["page_of"].format(page=page, pages=pages)
        canvas.saveState()
        canvas.setFillColor(grey)
        self.text(canvas, self.fonts, left, top, meta.short_title, "left")
        if second is None:
            self.text(canvas, self.fonts, (left + right) / 2, bottom, page_of, "centre")
        else:
            self.text(canvas, self.fonts, left, bottom, page_of, "left")
            self.text(canvas, self.secondary_fonts, right, bottom,
                      second.labels["page_of"].format(page=page, pages=pages), "right")
        canvas.setFillColor(red)
        if second is None:
            self.text(canvas, self.fonts, right, top, meta.marking, "right", "bold")
            self.text(canvas, self.fonts, right, bottom, meta.marking, "right", "bold")
        else:
            # Marking in both languages: secondary at the far right, primary before it.
            size = self.theme.sizes["running"]
            gap = 3 * mm
            width = sum(pdfmetrics.stringWidth(t, f, size) for f, t in self.secondary_fonts.runs(second.marking, "bold"))
            for y, anchor in ((top, right), (bottom, (left + right) / 2 + width / 2 + gap / 2)):
                self.text(canvas, self.secondary_fonts, anchor, y, second.marking, "right", "bold")
                self.text(canvas, self.fonts, anchor - width - gap, y, meta.marking, "right", "bold")
        canvas.setStrokeColor(grey)
        canvas.setLineWidth(0.4)
        canvas.line(left, top - 2.5 * mm, right, top - 2.5 * mm)
        canvas.line(left, bottom + 3.5 * mm, right, bottom + 3.5 * mm)
        canvas.restoreState()


def _counting_canvas(decorate: _PageDecoration):
    """A canvas that holds pages back until the end, so every footer can say how many pages there are."""

    class CountingCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                decorate(self, number, total)
                super().showPage()
            super().save()

    return CountingCanvas


class SideBySide(Flowable):
    """Two stacks of flowables in two columns, starting on the same line; splits both at the same height."""

    def __init__(self, left: list, right: list, gutter: float, splittable: bool = True):
        super().__init__()
        self.left, self.right = left, right
        self.gutter = gutter
        self.splittable = splittable

    def _column(self, available_width: float) -> float:
        return (available_width - self.gutter) / 2

    def wrap(self, available_width, available_height):
        column = self._column(available_width)
        self.width = available_width
        self.height = max(_stack_height(self.left, column), _stack_height(self.right, column))
        return self.width, self.height

    def split(self, available_width, available_height):
        if not self.splittable:
            return []
        column = self._column(available_width)
        left = _split_stack(self.left, column, available_height)
        right = _split_stack(self.right, column, available_height)
        if left is None or right is None:
            return []
        return [SideBySide(left[0], right[0], self.gutter), SideBySide(left[1], right[1], self.gutter)]

    def draw(self):
        column = self._column(self.width)
        for stack, x in ((self.left, 0), (self.right, column + self.gutter)):
            y = self.height
            for index, flowable in enumerate(stack):
                _, height = flowable.wrap(column, 1e6)
                if index:
                    y -= flowable.getSpaceBefore()
                y -= height
                flowable.drawOn(self.canv, x, y)
                y -= flowable.getSpaceAfter()


def _stack_height(stack: list, width: float) -> float:
    total = 0.0
    for index, flowable in enumerate(stack):
        _, height = flowable.wrap(width, 1e6)
        total += height + (flowable.getSpaceBefore() if index else 0)
        if index < len(stack) - 1:
            total += flowable.getSpaceAfter()
    return total


def _split_stack(stack: list, width: float, available: float):
    """(what fits in `available`, the rest) or None when not even the first flowable can be split to fit."""
    used = 0.0
    for index, flowable in enumerate(stack):
        before = flowable.getSpaceBefore() if index else 0
        _, height = flowable.wrap(width, 1e6)
        if used + before + height <= available:
            used += before + height + flowable.getSpaceAfter()
            continue
        parts = flowable.split(width, available - used - before)
        if len(parts) == 2:
            return stack[:index] + [parts[0]], [parts[1]] + stack[index + 1:]
        if index == 0:
            return None
        return stack[:index], stack[index:]
    return stack, []
