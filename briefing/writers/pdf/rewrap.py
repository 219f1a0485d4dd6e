"""ReportLab's paragraph, which keeps its broken lines when it is wrapped again at the same width instead of breaking them anew."""

from __future__ import annotations

from reportlab.platypus import paragraph as rl

from briefing.writers.pdf import parsing


class Paragraph(parsing.Paragraph):
    """A paragraph whose second wrap at the width of its last one returns that wrap's size without breaking its lines again.

    Layout wraps one paragraph many times at one width: the frame to place it,
    a bilingual pair to measure and again to draw its columns, a table to size
    its rows and again to draw its cells, a heading's room asked ahead. Each
    wrap broke every line again, over half of them the same lines (the sample
    book: 3,500 of 5,900 wraps). ReportLab's wrap depends on the width alone
    (not the height), and the lines it leaves in `blPara` are what draw and
    split read; so while the width, the style, the fragments and those lines
    are the ones the last wrap left, wrapping again would only make them again.
    A split that finds no room drops `blPara`, and a kind-1 break replaces the
    fragments: either makes the next wrap break anew, as before.
    """

    _last_wrap: tuple | None = None

    def wrap(self, availWidth, availHeight):
        if availWidth < rl._FUZZ:  # no room: ReportLab answers without breaking lines
            return super().wrap(availWidth, availHeight)
        last = self._last_wrap
        if (last is not None and last[0] == availWidth and last[1] is self.style and last[2] is self.frags
                and last[3] is getattr(self, "blPara", None)):
            self.width, self.height = last[4]
            return last[4]
        size = super().wrap(availWidth, availHeight)
        # Right-to-left lines are reversed in place as they are drawn: those are broken again every time.
        if self.style.wordWrap != "RTL":
            self._last_wrap = (availWidth, self.style, self.frags, getattr(self, "blPara", None), size)
        return size
