"""What ReportLab's line drawers learn: CJK lines spaced between characters, and the words a composed line ends with."""

from __future__ import annotations

from reportlab.platypus import paragraph as rl

from briefing.writers.pdf.compose.cjk import SpacedText, Unjustified


class AddedHyphen(rl._SplitWordHY):
    """The head of a word the composer hyphenated, with the hyphen it added (tagging draws it as a soft hyphen)."""


class WordHead(rl._SplitWordH):
    """The head of a word broken where it breaks without a hyphen added (американо-, 아시아·)."""


def _note(tx, kind: str, message: str, where: str) -> None:
    """A CJK line left short or overfull, in the preflight of the document being drawn, on this page."""
    canvas = tx._canvas
    preflight = getattr(getattr(canvas, "_doctemplate", None), "preflight", None)
    if preflight is not None:
        preflight.note(kind, canvas.getPageNumber(), where, message)


def install() -> None:
    """ReportLab draws justified lines by word spacing alone: its two line drawers (module functions, replaced
    here once) learn character spacing, and to tell the preflight of a CJK line left short."""
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
        return justify(tx, offset, extraspace, words, last)

    def put_line(cur_x, tx, line, last, kind):
        if getattr(line, "preflight", None):
            _note(tx, *line.preflight)
        texts = [w for w in line.words if not hasattr(w, "cbDefn")]
        spaces = [getattr(w, "char_space", None) for w in texts]
        if not any(spaces):
            return put(cur_x, tx, line, last, kind)
        calls = iter(range(len(texts) + 1))
        text_out = tx._textOut

        def out(text, star=0):
            index = next(calls, -1)
            if 0 <= index < len(spaces) and spaces[index]:
                tx.setCharSpace(spaces[index])
            text_out(text, star)

        tx._textOut = out
        try:
            return put(cur_x, tx, line, last, kind)
        finally:
            del tx._textOut
            tx.setCharSpace(0)

    justify_line.briefing_compose = True
    rl._justifyDrawParaLine = justify_line
    rl._putFragLine = put_line
