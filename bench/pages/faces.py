"""How a converted Word draft sets its characters and cells: CJK text slanted by a synthetic italic, and table cells whose text touches their rules."""

from __future__ import annotations

from .breaks import _CJK
from .reading import FRAME_BOTTOM, FRAME_TOP

# A text matrix sheared by more than this draws an upright face slanted: LibreOffice's synthetic italic
# (a CJK face has no italic of its own; a Latin italic face is drawn upright, its slant in its outlines).
SHEAR = 0.05
# Text closer than this to a cell's top rule, or to the rule on its aligned side, has no padding (points).
TOP_PADDING, SIDE_PADDING = 1.0, 2.0


def cjk_italics(path) -> list[tuple[int, str]]:
    """(page, text) of each line of Han, kana or Hangul drawn slanted."""
    import pdfplumber

    found = []
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            slanted = [c for c in page.chars if _CJK.match(c["text"]) and abs(c["matrix"][2]) > SHEAR
                       and FRAME_TOP < c["top"] < FRAME_BOTTOM]
            tops: dict[float, list[str]] = {}
            for char in sorted(slanted, key=lambda c: (round(c["top"]), c["x0"])):
                tops.setdefault(round(char["top"]), []).append(char["text"])
            found.extend((page.page_number, "".join(text)[:12]) for text in tops.values())
    return found


def cells_without_padding(path) -> list[tuple[int, str]]:
    """(page, what) of each ruled table with a cell whose text comes within TOP_PADDING of its top rule, or
    within SIDE_PADDING of both side rules' nearer one (left for text set left, right for text set right)."""
    import pdfplumber

    found = []
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            for table in page.find_tables():
                tight = []
                for x0, top, x1, bottom in table.cells:
                    inside = [c for c in page.chars if c["text"].strip() and x0 <= (c["x0"] + c["x1"]) / 2 <= x1
                              and top <= (c["top"] + c["bottom"]) / 2 <= bottom]
                    if not inside:
                        continue
                    above = min(c["top"] for c in inside) - top
                    side = min(min(c["x0"] for c in inside) - x0, x1 - max(c["x1"] for c in inside))
                    if above < TOP_PADDING or side < SIDE_PADDING:
                        tight.append(round(min(above, side), 1))
                if tight:
                    found.append((page.page_number, f"{len(tight)} of {len(table.cells)} cells, "
                                                    f"text {min(tight)} pt from a rule"))
    return found
