"""Marked content in ReportLab's content streams: tagged flowables, artifacts, list labels, and lines that read as words."""

from __future__ import annotations

import functools
import unicodedata
from contextlib import contextmanager

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import LinkAnnotation
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import paragraph as rl

from briefing.writers.pdf.tagging.structure import Element, StructureTree

SOFT_HYPHEN = "\u00ad"


def structure_of(canvas) -> StructureTree | None:
    return getattr(canvas, "structure", None)


def begin(canvas, element: Element) -> None:
    """Opens a marked-content sequence owned by `element` on the canvas's current page."""
    mcid = canvas.structure.mark(element, canvas.page_number())
    canvas._code.append(f"/{element.role} <</MCID {mcid}>> BDC")


def end(canvas) -> None:
    canvas._code.append("EMC")


@contextmanager
def artifact(canvas, kind: str = "Pagination", subtype: str = ""):
    """What is drawn inside is an artifact (PDF 32000-1 §14.8.2.2): page furniture a screen reader skips."""
    if structure_of(canvas) is None:
        yield
        return
    properties = f"/Type /{kind}" + (f" /Subtype /{subtype}" if subtype else "")
    canvas._code.append(f"/Artifact <<{properties}>> BDC")
    try:
        yield
    finally:
        canvas._code.append("EMC")


class _Tagged:
    """Mixed into a flowable's class: its drawing is the content of its structure element, page by page."""

    element: Element | None = None
    label: Element | None = None  # a list item's Lbl: the bullet ReportLab draws before the text

    def drawOn(self, canvas, x, y, _sW=0):
        if self.element is None or structure_of(canvas) is None:
            return super().drawOn(canvas, x, y, _sW)
        start = len(canvas._code)
        canvas._pending_label = (self.label, self.element) if self.label is not None else None
        try:
            super().drawOn(canvas, x, y, _sW)
        finally:
            if canvas._pending_label is not None or self.label is None:  # no bullet drawn: all of it is the body
                canvas._code.insert(start, f"/{self.element.role} <</MCID {_mark(canvas, self.element)}>> BDC")
            canvas._pending_label = None
            end(canvas)

    def split(self, available_width, available_height):
        parts = super().split(available_width, available_height)
        for index, part in enumerate(parts):
            if part is not self:
                tag(part, self.element, self.label if index == 0 else None)
        if len(parts) == 2:
            # A first part ending in a word broken by an added hyphen is broken again from its fragments,
            # which forget it: it keeps the fact to mark its last line (kind 1 lines; see breakLines).
            lines = getattr(getattr(parts[0], "blPara", None), "lines", None) or [None]
            parts[0].ends_in_added_hyphen = getattr(lines[-1], "added_hyphen", False)
        return parts

    def breakLines(self, width):
        broken = super().breakLines(width)
        if getattr(self, "ends_in_added_hyphen", False) and broken.kind == 1 and broken.lines:
            broken.lines[-1].inside_word = broken.lines[-1].added_hyphen = True
        return broken


def _mark(canvas, element: Element) -> int:
    return canvas.structure.mark(element, canvas.page_number())


@functools.lru_cache(maxsize=None)
def _tagged(kind: type) -> type:
    return kind if issubclass(kind, _Tagged) else type(f"Tagged{kind.__name__}", (_Tagged, kind), {})


def tag(flowable, element: Element | None, label: Element | None = None):
    """The flowable (any class) made to draw as the content of `element`; `label` takes a list item's bullet."""
    flowable.__class__ = _tagged(type(flowable))
    flowable.element, flowable.label = element, label
    for owner in (label, element):
        if owner is not None:
            owner.reserve()
    return flowable


def _text_out(original):
    def text_out(self, text, TStar=0):
        if TStar and text and structure_of(self._canvas) is not None:
            if getattr(self, "_line_hyphen", False) and text.endswith("-") and _has_soft_hyphen(self._fontname):
                # The hyphen the line break added reads as a soft hyphen (U+00AD): extracted, the word is whole.
                text = text[:-1] + SOFT_HYPHEN
            elif (not getattr(self, "_line_last", True) and not getattr(self, "_line_inside_word", False)
                  and _ends_word(text[-1])):
                # Words on two lines are two words to a reader: the line end gets the space it stands for.
                text += " "
        return original(self, text, TStar)
    return text_out


def _ends_word(char: str) -> bool:
    """A space belongs after this character at a line end: not after a hyphen or dash, nor in CJK text."""
    if char in "-\u00ad\u2010\u2013\u2014/ ":
        return False
    return unicodedata.east_asian_width(char) not in "WF"


@functools.lru_cache(maxsize=None)
def _has_soft_hyphen(font_name: str) -> bool:
    """The font draws U+00AD as wide as the hyphen, so the page looks the same."""
    try:
        face = pdfmetrics.getFont(font_name).face
    except (KeyError, AttributeError):
        return False
    widths = getattr(face, "charWidths", {})
    return 0xAD in widths and widths.get(0xAD) == widths.get(0x2D)


def _line_drawer(drawer):
    """A kind-0 line drawer (plain words) that first tells the text object how the line ends."""
    def draw(tx, offset, extraspace, words, last=0):
        tail = words[-1] if words else None
        tx._line_last = bool(last)
        # A paragraph split across pages ends its first part with the hyphenated word as _SplitWordLL.
        tx._line_inside_word = isinstance(tail, (rl._SplitWordH, rl._SplitWordLL))
        tx._line_hyphen = isinstance(tail, (rl._SplitWordHY, rl._SplitWordLL))
        return drawer(tx, offset, extraspace, words, last)
    return draw


def _frag_line_drawer(drawer):
    """The kind-1 line drawer (fragments in several fonts), told the same from what the line breaker recorded."""
    def put(cur_x, tx, line, last, kind):
        # Set by the line breakers (compose/paragraph.py, hyphenation.py): a compound broken at its own hyphen
        # ends inside a word without an added hyphen, which stays a hyphen.
        tx._line_last = bool(last)
        tx._line_inside_word = getattr(line, "inside_word", False)
        hyphen = getattr(line, "added_hyphen", False)
        # The hyphen is the end of the line's last fragment with text, which need not be the last fragment
        # drawn (nor the call with T*): it is swapped for U+00AD while the line is drawn.
        last_text = next((f for f in reversed(line.words) if getattr(f, "text", "")), None)
        if not (hyphen and structure_of(tx._canvas) is not None and last_text is not None
                and last_text.text.endswith("-") and _has_soft_hyphen(last_text.fontName)):
            tx._line_hyphen = hyphen
            return drawer(cur_x, tx, line, last, kind)
        tx._line_hyphen = False
        text = last_text.text
        last_text.text = text[:-1] + SOFT_HYPHEN
        try:
            return drawer(cur_x, tx, line, last, kind)
        finally:
            last_text.text = text
    return put


def _bullet_drawer(drawer):
    """A list item's bullet is its Lbl, the text after it its LBody (marked content needs no q/Q nesting)."""
    def draw_bullet(canvas, offset, cur_y, bulletText, style, rtl):
        pending = getattr(canvas, "_pending_label", None)
        if pending is None or structure_of(canvas) is None:
            return drawer(canvas, offset, cur_y, bulletText, style, rtl)
        label, body = pending
        canvas._pending_label = None
        begin(canvas, label)
        result = drawer(canvas, offset, cur_y, bulletText, style, rtl)
        end(canvas)
        begin(canvas, body)
        return result
    return draw_bullet


def install() -> None:
    """Teaches ReportLab's text drawing to read as words, once; a canvas without a structure draws as before."""
    if getattr(PDFTextObject._textOut, "briefing_tagging", False):
        return
    PDFTextObject._textOut = _text_out(PDFTextObject._textOut)
    PDFTextObject._textOut.briefing_tagging = True
    for name in ("_leftDrawParaLine", "_centerDrawParaLine", "_rightDrawParaLine", "_justifyDrawParaLine"):
        setattr(rl, name, _line_drawer(getattr(rl, name)))
    rl._putFragLine = _frag_line_drawer(rl._putFragLine)
    rl._drawBullet = _bullet_drawer(rl._drawBullet)


class _TaggedLink(LinkAnnotation):
    permitted = LinkAnnotation.permitted + ("StructParent",)


def link(canvas, element: Element, destination: str, rect: tuple, name: str, description: str) -> None:
    """A link annotation that belongs to `element` (an OBJR kid), described in words, printed with the page (F 4)."""
    key = canvas.structure.link(element, canvas.page_number(), name)
    canvas._addAnnotation(_TaggedLink(Rect=rect, Contents=description, Border="[0 0 0]",
                                      Destination=canvas._bookmarkReference(destination), F=4, StructParent=key), name)
