"""Japanese line breaking for ReportLab: kinsoku shori by pushing characters to the next line, never past the margin."""

from __future__ import annotations

from unicodedata import category

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import paragraph as rl_paragraph

# JIS X 4051 classes: closing brackets, stops, commas, middle dots, small kana
# and the prolonged sound mark never start a line; opening brackets never end one.
CANNOT_START = set(
    "、。，．,.）)］]｝}〕〉》」』】〙〗〟’”｠»"
    "・：；:;！？!?‼⁇⁈⁉ーヽヾゝゞ々〻ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
    "%％‰℃°′″"
)
CANNOT_END = set("（(［[｛{〔〈《「『【〘〖〝‘“｟«")

# --- languages: each language's prohibition sets (its language.toml) -------
# A paragraph style may carry `kinsoku = (cannot_start, cannot_end)`; while
# ReportLab breaks that paragraph's lines, its sets are the ones in force.
# Without one (or outside a paragraph) the Japanese sets above apply.
_rules: list[tuple] = []


def _prohibited() -> tuple:
    return _rules[-1] if _rules else (CANNOT_START, CANNOT_END)


def _break_lines_cjk(original):
    def break_lines_cjk(self, maxWidths):
        _rules.append(getattr(self.style, "kinsoku", None) or (CANNOT_START, CANNOT_END))
        try:
            return original(self, maxWidths)
        finally:
            _rules.pop()
    break_lines_cjk.briefing_kinsoku = True
    return break_lines_cjk
# --- end languages ----------------------------------------------------------


def _breakable(units, position: int) -> bool:
    """May a line start at `position`?"""
    cannot_start, cannot_end = _prohibited()
    return units[position] not in cannot_start and units[position - 1] not in cannot_end


def kinsoku_frag_split(frags, maxWidths, calcBounds, encoding="utf8"):
    """ReportLab's cjkFragSplit with kinsoku by push-out (oidashi) instead of a single hanging character."""
    units = []
    for frag in frags:
        text = frag.text.decode(encoding) if isinstance(frag.text, bytes) else frag.text
        if text:
            units.extend(rl_paragraph.cjkU(t, frag, encoding) for t in text)
        else:
            units.append(rl_paragraph.cjkU(text, frag, encoding))
    lines = []
    start = 0
    count = len(units)
    while start < count:
        max_width = maxWidths[min(len(lines), len(maxWidths) - 1)]
        used = 0.0
        end = start
        forced = False
        while end < count:
            unit = units[end]
            width = unit.width
            if hasattr(width, "normalizedValue"):
                width._normalizer = max_width
                width = width.normalizedValue(max_width)
            if hasattr(unit.frag, "lineBreak"):
                end += 1
                forced = True
                break
            if used + width > max_width + rl_paragraph._FUZZ and end > start:
                break
            used += width
            end += 1
        if end < count and not forced:
            end = _line_end(units, start, end)
        line = units[start:end]
        width_used = sum(u.width for u in line)
        lines.append(rl_paragraph.makeCJKParaLine(line, max_width, width_used, max_width - width_used, forced, calcBounds))
        start = end
    return rl_paragraph.ParaLines(kind=1, lines=lines)


def _line_end(units, start: int, end: int) -> int:
    """Where the line that overflows at `end` should stop: not inside a Latin word, not against kinsoku."""
    if ord(units[end]) < 0x3000 and category(units[end]) != "Zs":
        # Inside a run of Latin letters or digits: go back to a space or to a CJK character.
        back = end
        while back > start + 1 and ord(units[back - 1]) < 0x3000 and category(units[back - 1]) != "Zs":
            back -= 1
        if back > start + 1:
            end = back
    while end > start + 1 and not _breakable(units, end):
        end -= 1
    return end


# Each character's width in a face and size, as stringWidth gives it: a book's Japanese
# text repeats a few thousand characters, and this is the splitter's hottest call.
_char_widths: dict[tuple[str, float], dict[str, float]] = {}


def kinsoku_word_split(word, maxWidths, fontName, fontSize, encoding="utf8"):
    """ReportLab's wordSplit (the one-font paragraph case) with the same rules: (extra space, line) pairs."""
    text = word.decode(encoding) if isinstance(word, bytes) else word
    known = _char_widths.setdefault((fontName, fontSize), {})
    widths = [known[char] if char in known else known.setdefault(char, stringWidth(char, fontName, fontSize))
              for char in text]
    lines = []
    start = 0
    while start < len(text):
        max_width = maxWidths[min(len(lines), len(maxWidths) - 1)]
        used = 0.0
        end = start
        while end < len(text) and (used + widths[end] <= max_width + rl_paragraph._FUZZ or end == start):
            used += widths[end]
            end += 1
        if end < len(text):
            end = _line_end(text, start, end)
        lines.append((max_width - sum(widths[start:end]), text[start:end]))
        start = end
    return lines


def install() -> None:
    """ReportLab has no hook for line-breaking rules; its two CJK splitters are module functions we replace."""
    rl_paragraph.cjkFragSplit = kinsoku_frag_split
    rl_paragraph.wordSplit = kinsoku_word_split
    if not getattr(rl_paragraph.Paragraph.breakLinesCJK, "briefing_kinsoku", False):  # languages: per-style sets
        rl_paragraph.Paragraph.breakLinesCJK = _break_lines_cjk(rl_paragraph.Paragraph.breakLinesCJK)
