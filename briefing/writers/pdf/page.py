"""The page around the text: the doc template, running heads, markings, the draft watermark, crop marks, and the late contents."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate

from briefing import tree
from briefing.theme import Theme
from briefing.writers.furniture import markings, running_head
from briefing.writers.pdf.flowables import ContentsRegistry
from briefing.writers.pdf.fonts import Fonts
from briefing.preflight import NEAR_EMPTY
from briefing.writers.pdf import tagging
from briefing.writers.pdf.parsing import Paragraph  # the numbers repeat: each parsed once

BLEED = 3 * mm
SLUG = 12 * mm  # bleed plus room for the crop marks, on each side of the trimmed page
MARK_LENGTH = 6 * mm


class BookTemplate(BaseDocTemplate):
    """Bookmarks every heading where it lands, tells the contents which page that is, and notes how full each page is."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fill: dict[int, tuple[float, str]] = {}  # page: (lowest point the text reached, first text's path)

    registry: ContentsRegistry

    def afterFlowable(self, flowable) -> None:
        # How far down each page the text reached, and the content path of the first text on it.
        if getattr(self, "frame", None) is not None:
            page, low = self.canv.page_number(), self.frame._y
            lowest, first = self.fill.get(page, (low, ""))
            self.fill[page] = (min(low, lowest), first or _source_of(flowable))
        outline = getattr(flowable, "outline", None)
        if outline is None:
            return
        title, level, key = outline
        # Land the reader on the heading itself, not the top of its page.
        top = self.frame._y + flowable.height + flowable.getSpaceBefore()
        self.canv.bookmarkHorizontalAbsolute(key, top)
        self.canv.addOutlineEntry(title, key, level=level, closed=False)
        self.registry.heading_pages[key] = self.canv.page_number()

    def note_near_empty_last_page(self, preflight, leading: float) -> None:
        """A last page with three lines of text or fewer is one a typesetter would balance: the preflight names
        it at its first text (the layout can neither shorten the text nor lengthen it)."""
        if len(self.fill) < 2:
            return
        page = max(self.fill)
        lowest, where = self.fill[page]
        lines = round((self.bottomMargin + self.height - lowest) / leading)
        if lines <= 3:
            preflight.note(NEAR_EMPTY, page, where, f"the last page holds about {max(lines, 1)} line(s) of text: "
                                                    "shorten the text before it, or add to it")


def _source_of(flowable) -> str:
    """The content path of a flowable's text, or of the first text of a bilingual pair's left column."""
    if hasattr(flowable, "left"):
        return next((_source_of(f) for f in flowable.left if _source_of(f)), "")
    return getattr(flowable, "source", "") or ""


class PageDecoration:
    """Everything drawn on a page outside the text frame, once the page count is known.

    Single-language pages: title left and marking right at the head; page
    number centred and marking right at the foot.  Bilingual pages give the
    marking and the page number in both languages.
    """

    def __init__(self, meta: tree.Meta, theme: Theme, doc: BaseDocTemplate, fonts: Fonts,
                 secondary_fonts: Fonts | None, registry: ContentsRegistry, offset: float, crop_marks: bool):
        self.meta, self.theme, self.doc = meta, theme, doc
        self.fonts, self.secondary_fonts = fonts, secondary_fonts
        self.registry = registry
        self.offset = offset
        self.crop_marks = crop_marks

    def text(self, canvas: Canvas, fonts: Fonts, x: float, y: float, text: str, align: str, role: str = "body") -> float:
        size = self.theme.sizes["running"]
        width = fonts.width(text, size, role)
        x = {"left": x, "centre": x - width / 2, "right": x - width}[align]
        fonts.draw(canvas, x, y, text, size, role)
        return width

    def __call__(self, canvas: Canvas, page: int, pages: int) -> None:
        doc, meta, second = self.doc, self.meta, self.meta.secondary
        left, right = doc.leftMargin, doc.pagesize[0] - doc.rightMargin
        top = doc.pagesize[1] - doc.topMargin + 8 * mm
        bottom = doc.bottomMargin - 10 * mm
        grey = colors.HexColor(self.theme.colours["rule"])
        canvas.saveState()
        self.contents(canvas, page)
        canvas.setFillColor(grey)
        canvas.setStrokeColor(grey)
        canvas.setLineWidth(0.4)
        # The running head and foot repeat on every page: artifacts a screen reader skips (PDF/UA-1 §7.8).
        with tagging.artifact(canvas, "Pagination", "Header"):
            self.text(canvas, self.fonts, left, top, running_head(meta), "left")
            self.markings(canvas, right, top, "right")
            canvas.line(left, top - 2.5 * mm, right, top - 2.5 * mm)
        page_of = meta.labels["page_of"].format(page=page, pages=pages)
        with tagging.artifact(canvas, "Pagination", "Footer"):
            if second is None:
                self.text(canvas, self.fonts, (left + right) / 2, bottom, page_of, "centre")
                self.markings(canvas, right, bottom, "right")
            else:
                self.text(canvas, self.fonts, left, bottom, page_of, "left")
                self.text(canvas, self.secondary_fonts, right, bottom,
                          second.labels["page_of"].format(page=page, pages=pages), "right")
                self.markings(canvas, (left + right) / 2, bottom, "centre")
            canvas.line(left, bottom + 3.5 * mm, right, bottom + 3.5 * mm)
        if self.crop_marks:
            with tagging.artifact(canvas, "Page"):  # printer's marks, outside the trimmed page
                self.marks(canvas, page, pages)
        canvas.restoreState()

    def markings(self, canvas: Canvas, x: float, y: float, align: str) -> None:
        """The marking in each language that has one, primary first, in the marking colour; none, nothing."""
        fonts_of = {self.meta.language: self.fonts}
        if self.meta.secondary is not None:
            fonts_of[self.meta.secondary.language] = self.secondary_fonts
        parts = [(fonts_of[language], text) for language, text in markings(self.meta)]
        if not parts:
            return
        size = self.theme.sizes["running"]
        gap = 3 * mm
        widths = [fonts.width(text, size, "bold") for fonts, text in parts]
        total = sum(widths) + gap * (len(parts) - 1)
        x = {"left": x, "centre": x - total / 2, "right": x - total}[align]
        canvas.setFillColor(colors.HexColor(self.theme.colours["marking"]))
        for (fonts, text), width in zip(parts, widths):
            fonts.draw(canvas, x, y, text, size, "bold")
            x += width + gap
        canvas.setFillColor(colors.HexColor(self.theme.colours["rule"]))

    def watermark(self, canvas: Canvas, doc=None) -> None:
        """DRAFT across the page in the document's language(s), drawn before the text so it lies beneath it."""
        if not self.meta.draft:
            return
        width, height = self.doc.pagesize
        with tagging.artifact(canvas, "Pagination", "Watermark"):
            self._watermark(canvas, width, height)

    def _watermark(self, canvas: Canvas, width: float, height: float) -> None:
        canvas.saveState()
        canvas.setFillColor(colors.HexColor(self.theme.colours["marking"]))
        canvas.setFillAlpha(0.12)
        canvas.translate(width / 2, height / 2)
        canvas.rotate(45)
        lines = [(self.fonts, self.meta.labels["draft"])]
        if self.meta.secondary is not None:
            lines.append((self.secondary_fonts, self.meta.secondary.labels["draft"]))
        # As large as fits two thirds of the diagonal, whatever the length of the word (DRAFT, 案, ПРОЕКТ).
        diagonal = (width ** 2 + height ** 2) ** 0.5
        widest = max(fonts.width(text, 1, "heading") for fonts, text in lines)
        size = min(170 / len(lines), diagonal * 0.66 / widest)
        for index, (fonts, text) in enumerate(lines):
            y = -size * 0.35 + (len(lines) - 1 - 2 * index) * size * 0.6
            fonts.draw(canvas, -fonts.width(text, size, "heading") / 2, y, text, size, "heading")
        canvas.restoreState()

    def contents(self, canvas: Canvas, page: int) -> None:
        """Page numbers and links of the contents lines on this page, now that every heading has a page."""
        tagged = tagging.structure_of(canvas) is not None
        for index, line in enumerate(self.registry.on_page(page)):
            if tagged:  # the entry and its number are the text of the entry's Link element
                tagging.begin(canvas, line.element)
            line.paragraph.drawOn(canvas, line.x, line.y)
            # The number in the entry's own style, so it shares the baseline of the entry's first line.
            style = ParagraphStyle("contents-number", parent=line.paragraph.style, alignment=TA_RIGHT,
                                   leftIndent=0, firstLineIndent=0, spaceBefore=0)
            # A no-break space before the number: read aloud, the entry's last word and its page stay two words.
            number = Paragraph("\u00a0" + str(self.registry.heading_pages.get(line.key, "")), style)
            _, height = number.wrap(line.number_width, line.height)
            number.drawOn(canvas, line.x + line.width - line.number_width, line.y + line.height - height)
            rect = (line.x, line.y, line.x + line.width, line.y + line.height)
            name = f"contents-{page}-{index}"
            if tagged:
                tagging.end(canvas)
                tagging.link(canvas, line.element, line.key, rect, name, line.text)
            else:
                canvas.linkRect("", line.key, rect, relative=0, thickness=0, name=name)

    def marks(self, canvas: Canvas, page: int, pages: int) -> None:
        """Crop marks at the corners of the trimmed A4 page, outside the bleed, and a slug line."""
        x0, y0 = self.offset, self.offset
        x1, y1 = x0 + A4[0], y0 + A4[1]
        canvas.setStrokeColor(colors.black)
        canvas.setLineWidth(0.25)
        for x, y, dx, dy in ((x0, y0, -1, -1), (x1, y0, 1, -1), (x0, y1, -1, 1), (x1, y1, 1, 1)):
            canvas.line(x + dx * BLEED, y, x + dx * (BLEED + MARK_LENGTH), y)
            canvas.line(x, y + dy * BLEED, x, y + dy * (BLEED + MARK_LENGTH))
        canvas.setFillColor(colors.black)
        slug = f"{running_head(self.meta)}  ·  {self.meta.language}  ·  {page}/{pages}"
        self.fonts.draw(canvas, x0, y0 - BLEED - MARK_LENGTH - 2, slug, 5)


def counting_canvas(decorate: PageDecoration, structure: tagging.StructureTree | None = None,
                    titles: dict[str, str] | None = None, standards: tuple[str, ...] = ()):
    """A canvas that holds pages back until the end, so footers and contents can say how many pages there are;
    with a structure, it finishes a tagged PDF."""

    class CountingCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []
            self._finishing = 0  # the page being finished at save, when the pages drawn are all counted
            self.structure = structure

        def page_number(self) -> int:
            return self._finishing or len(self._pages) + 1

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            if structure is not None:
                structure.page_count = total
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._finishing = number
                decorate(self, number, total)
                super().showPage()
                if structure is not None:
                    tagging.page_done(self, number)
            if structure is not None:
                tagging.finish(self, titles or {}, standards)
            super().save()

    return CountingCanvas
