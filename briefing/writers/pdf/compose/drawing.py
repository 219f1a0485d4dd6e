"""What ReportLab's line drawers learn: CJK lines spaced between characters, and a hyphenated word that reads whole."""

from __future__ import annotations

from reportlab.platypus import paragraph as rl

from briefing.writers.pdf.compose.cjk import SpacedText, Unjustified


class AddedHyphen(rl._SplitWordHY):
    """The head of a word the composer hyphenated, with the hyphen it added; `whole` is the word."""

    whole: str = ""


class WordHead(rl._SplitWordH):
    """The head of a word broken where it breaks without a hyphen added (американо-, 아시아·); `whole` is the word."""

    whole: str = ""


class HyphenTail(rl._SplitWordEnd):
    """The rest of a word the composer broke, at the start of the next line."""


def actual_text(text: str) -> str:
    """PDF 32000-1 §14.9.4: marked content whose ActualText replaces its glyphs when text is extracted,
    as a UTF-16BE text string in hexadecimal (so nothing in it needs escaping)."""
    return "/Span <</ActualText <FEFF" + text.encode("utf-16-be").hex().upper() + ">>> BDC"


def _emit(tx, out, text: str, head: tuple[str, str] | None, tail: str, star) -> None:
    """The line's text, a broken word's head (`negoti-`, `Japan-`) read as the whole word and the tail the
    line starts with (`ations`, `Russia`) read as nothing: extracted, the word stands whole at the line end
    (a reader that joins a line ending in a hyphen to the next would otherwise drop a compound's own)."""
    if tail and text.startswith(tail):
        tx._code.append(actual_text(""))
        out(tail, 0)
        tx._code.append("EMC")
        text = text[len(tail):]
    if head and text.endswith(head[0]):
        out(text[: len(text) - len(head[0])], 0)
        tx._code.append(actual_text(head[1]))
        out(head[0], 0)
        tx._code.append("EMC")
        out("", star)
    else:
        out(text, star)


def _note(tx, kind: str, message: str, where: str) -> None:
    """A CJK line left short or overfull, in the preflight of the document being drawn, on this page."""
    canvas = tx._canvas
    preflight = getattr(getattr(canvas, "_doctemplate", None), "preflight", None)
    if preflight is not None:
        preflight.note(kind, canvas.getPageNumber(), where, message)


def install() -> None:
    """ReportLab draws justified lines by word spacing alone and knows no marked content: its two line
    drawers (module functions, replaced here once) learn character spacing and the hyphenated word's spans."""
    justify, put = rl._justifyDrawParaLine, rl._putFragLine
    if getattr(justify, "briefing_compose", False):
        return

    def justify_line(tx, offset, extraspace, words, last=0):
        if len(words) == 1 and isinstance(words[0], Unjustified):
            _note(tx, *words[0].note, words[0].where)
        if len(words) == 1 and isinstance(words[0], SpacedText):
            rl.setXPos(tx, offset)
            for run, space in words[0].runs:
                tx.setCharSpace(space)
                tx._textOut(run, 0)
            tx.setCharSpace(0)
            tx._textOut("", 1)
            rl.setXPos(tx, -offset)
            return offset
        head = (str(words[-1]), words[-1].whole) if words and isinstance(words[-1], (AddedHyphen, WordHead)) else None
        tail = str(words[0]) if words and isinstance(words[0], HyphenTail) else ""
        if not head and not tail:
            return justify(tx, offset, extraspace, words, last)
        rl.setXPos(tx, offset)
        text = " ".join(words)
        spaces = len(words) + rl._nbspCount(text) - 1
        stretch = not (-1e-8 < extraspace <= 1e-8) and spaces > 0 and not (last and extraspace > -1e-8)
        if stretch:
            tx.setWordSpace(extraspace / float(spaces))
        _emit(tx, tx._textOut, text, head, tail, 1)
        if stretch:
            tx.setWordSpace(0)
        rl.setXPos(tx, -offset)
        return offset

    def put_line(cur_x, tx, line, last, kind):
        if getattr(line, "preflight", None):
            _note(tx, *line.preflight)
        texts = [w for w in line.words if not hasattr(w, "cbDefn")]
        spaces = [getattr(w, "char_space", None) for w in texts]
        head, tail = getattr(line, "added_hyphen", None), getattr(line, "hyphen_tail", "")
        if not any(spaces) and not head and not tail:
            return put(cur_x, tx, line, last, kind)
        ends_at = max((i for i, w in enumerate(texts) if w.text), default=-1)
        starts_at = min((i for i, w in enumerate(texts) if w.text), default=-1)
        calls = iter(range(len(texts) + 1))
        text_out = tx._textOut

        def out(text, star=0):
            index = next(calls, -1)
            if 0 <= index < len(spaces) and spaces[index]:
                tx.setCharSpace(spaces[index])
            _emit(tx, text_out, text, head if index == ends_at else None, tail if index == starts_at else "", star)

        tx._textOut = out
        try:
            return put(cur_x, tx, line, last, kind)
        finally:
            del tx._textOut
            if any(spaces):
                tx.setCharSpace(0)

    justify_line.briefing_compose = True
    rl._justifyDrawParaLine = justify_line
    rl._putFragLine = put_line
