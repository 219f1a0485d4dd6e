"""Japanese line breaking for ReportLab: kinsoku shori by pushing characters to the next line, never past the margin."""

from __future__ import annotations

from bisect import bisect_right
from unicodedata import category

from reportlab.lib.enums import TA_JUSTIFY
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import paragraph as rl_paragraph

from briefing.writers.pdf.compose import cjk, drawing
from briefing.writers.pdf.phrases import phrase_starts
from briefing.writers.pdf.rewrap import Paragraph

# JIS X 4051 classes: closing brackets, stops, commas, middle dots, small kana
# and the prolonged sound mark never start a line; opening brackets never end one.
CANNOT_START = set(
    "、。，．,.）)］]｝}〕〉》」』】〙〗〟’”｠»"
    "・：；:;！？!?‼⁇⁈⁉ーヽヾゝゞ々〻ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
    "%％‰℃°′″"
)
CANNOT_END = set("（(［[｛{〔〈《「『【〘〖〝‘“｟«")
# A paragraph's last line holds at least this many characters (no 「た。」 alone):
# characters are pulled down from the line above.
SHORTEST_LAST_LINE = 3

# --- languages: each language's prohibition sets (its language.toml) -------
# A paragraph style may carry `kinsoku = (cannot_start, cannot_end)`; while
# ReportLab breaks that paragraph's lines, its sets are the ones in force.
# Without one (or outside a paragraph) the Japanese sets above apply.
_rules: list[tuple] = []


# Justified running text (a style with a composer) is set flush on a measure of whole ems:
# while its lines are broken, the em (its font size) is on this stack, else None.
_justified: list = []


def _justifying(style):
    composer = getattr(style, "composer", None)
    return (style.fontSize, composer.where) if composer is not None and style.alignment == TA_JUSTIFY else None


def _em():
    return _justified[-1][0] if _justified and _justified[-1] else None


def _where() -> str:
    return _justified[-1][1] if _justified and _justified[-1] else ""


def _prohibited() -> tuple:
    return _rules[-1] if _rules else (CANNOT_START, CANNOT_END)


def _break_lines_cjk(original):
    def break_lines_cjk(self, maxWidths):
        _rules.append(getattr(self.style, "kinsoku", None) or (CANNOT_START, CANNOT_END))
        _justified.append(_justifying(self.style))
        try:
            return original(self, maxWidths)
        finally:
            _rules.pop()
            _justified.pop()
    break_lines_cjk.briefing_kinsoku = True
    return break_lines_cjk
# --- end languages ----------------------------------------------------------


def _breakable(units, position: int) -> bool:
    """May a line start at `position`?"""
    cannot_start, cannot_end = _prohibited()
    return units[position] not in cannot_start and units[position - 1] not in cannot_end


def _latin(char: str) -> bool:
    return len(char) == 1 and ord(char) < 0x3000 and category(char) != "Zs"


def _may_break(units, position: int) -> bool:
    """May a line start at `position`: kinsoku allows it and it is not inside a Latin word."""
    return _breakable(units, position) and not (_latin(units[position - 1]) and _latin(units[position]))


class PhraseParagraph(Paragraph):
    """A Japanese paragraph that breaks only between phrases where it can (titles, headings).

    ReportLab's CJK splitters are module functions without a style; this class
    tells them, for the length of its own line breaking, to use phrases.
    """

    def breakLinesCJK(self, maxWidths):
        global _phrases
        _phrases = True
        try:
            return super().breakLinesCJK(maxWidths)
        finally:
            _phrases = False


_phrases = False  # set while a PhraseParagraph breaks its lines


def break_positions(units, widths, max_widths, forced=frozenset(), phrases=False) -> list[tuple[int, int, bool]]:
    """(start, end, ends with a forced break) of each line, for characters `units` of `widths`.

    Linear in the length of the text whatever its characters: each line costs
    at most twice its width in characters, and a line with no place to break
    (a long run of 、 or ー) breaks where it is full rather than after one
    character, so no run can make a line per character.
    """
    count = len(units)
    # Phrase offsets count characters; a unit that is not one character (a forced break) would shift them.
    starts = phrase_starts("".join(units)) if phrases and count and all(len(u) == 1 for u in units) else ()
    lines = []
    start = 0
    while start < count:
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]
        used = 0.0
        end = start
        hard = False
        while end < count:
            if end in forced:
                end += 1
                hard = True
                break
            if used + widths[end] > max_width + rl_paragraph._FUZZ and end > start:
                break
            used += widths[end]
            end += 1
        if end < count and not hard:
            end = _line_end(units, start, end, starts)
            if _em() and not starts:
                end = _name_kept_whole(units, start, end)
        lines.append((start, end, hard))
        start = end
    _lengthen_last_line(units, lines, starts)
    return lines


def _script(char: str) -> str:
    if "\u30a0" <= char <= "\u30ff" and char != "・":
        return "katakana"
    if "\u3040" <= char <= "\u309f":
        return "hiragana"
    if "\u4e00" <= char <= "\u9fff" or char in "々〆":
        return "kanji"
    return "other"


def _word_start(units, position: int) -> bool:
    """After a middle dot or a space, or where the script changes: between the words of a long phrase."""
    before, after = units[position - 1], units[position]
    return before in "・ \u3000" or (_script(before) != _script(after) and "other" not in (_script(before), _script(after)))


def _line_end(units, start: int, end: int, starts=()) -> int:
    """Where the line that overflows at `end` should stop.

    With phrases (titles, headings): the last phrase boundary that fits, else,
    inside a phrase longer than the line, the last word boundary (after ・, or
    where katakana meets kanji: プーチン stays whole). Then, and in body text,
    the last place kinsoku and Latin words allow; and where no such place is
    in the whole line, where the line is full.
    """
    if starts:
        index = bisect_right(starts, end) - 1
        while index >= 0 and starts[index] > start:
            if _may_break(units, starts[index]):
                return starts[index]
            index -= 1
        back = end
        while back > start + 1 and not (_word_start(units, back) and _may_break(units, back)):
            back -= 1
        if back > start + 1:
            return back
    back = end
    while back > start + 1 and not _may_break(units, back):
        back -= 1
    return back if _may_break(units, back) else end


# A katakana name (プーチン, メドヴェージェフ) is moved whole to the next line when that leaves this line
# at most this many characters short: a justified line spreads them between its characters.
NAME_SHORTFALL = 3


def _katakana(char: str) -> bool:
    return "\u30a1" <= char <= "\u30fa" or char == "ー"


def _name_kept_whole(units, start: int, end: int) -> int:
    """Where the line should end so that a katakana word it would split goes whole to the next line."""
    if not (start < end < len(units) and _katakana(units[end - 1]) and _katakana(units[end])):
        return end
    back = end - 1
    while back > start and _katakana(units[back - 1]):
        back -= 1
    if back > start and end - back <= NAME_SHORTFALL and _may_break(units, back):
        return back
    return end


def _lengthen_last_line(units, lines: list, starts=()) -> None:
    """Pulls characters down from the line above when the last line would hold one or two (「た。」)."""
    if len(lines) < 2 or lines[-2][2]:
        return
    (above, split, hard_above), (_, end, hard) = lines[-2], lines[-1]
    text = "".join(units[split:end]).rstrip()
    if len(text) >= SHORTEST_LAST_LINE:
        return
    latest = end - SHORTEST_LAST_LINE
    # The line above keeps at least half of itself; a phrase boundary first, then any allowed place.
    earliest = max(above + 1, above + (split - above) // 2)
    order = [s for s in reversed(starts) if earliest <= s <= latest] + list(range(latest, earliest - 1, -1))
    for position in order:
        # Never inside a katakana word (ロシ/ア連邦): a short last line is the smaller fault.
        if _may_break(units, position) and not (_katakana(units[position - 1]) and _katakana(units[position])):
            lines[-2] = (above, position, hard_above)
            lines[-1] = (position, end, hard)
            return


def kinsoku_frag_split(frags, maxWidths, calcBounds, encoding="utf8"):
    """ReportLab's cjkFragSplit with kinsoku by push-out (oidashi) instead of a single hanging character."""
    units = []
    forced = set()
    for frag in frags:
        text = frag.text.decode(encoding) if isinstance(frag.text, bytes) else frag.text
        if hasattr(frag, "lineBreak"):
            forced.add(len(units))
        if text:
            units.extend(rl_paragraph.cjkU(t, frag, encoding) for t in text)
        else:
            units.append(rl_paragraph.cjkU(text, frag, encoding))
    widths = []
    max_width = maxWidths[0]
    for unit in units:
        width = unit.width
        if hasattr(width, "normalizedValue"):
            width._normalizer = max_width
            width = width.normalizedValue(max_width)
        widths.append(width)
    em = _em()
    if em:
        maxWidths = [cjk.whole_ems(width, em) for width in maxWidths]
    lines = []
    positions = break_positions(units, widths, maxWidths, forced, _phrases)
    for index, (start, end, hard) in enumerate(positions):
        max_width = maxWidths[min(index, len(maxWidths) - 1)]
        line = units[start:end]
        width_used = sum(u.width for u in line)
        made = rl_paragraph.makeCJKParaLine(line, max_width, width_used, max_width - width_used, hard, calcBounds)
        if em and not hard and index < len(positions) - 1:
            # Flush with the measure: the spare width goes between characters, and the line is drawn as it stands.
            note = cjk.unjustifiable(made.extraSpace, sum(len(w.text) for w in made.words), em)
            if note:
                made.preflight = (*note, _where())
            else:
                made.words = cjk.spaced_words(made.words, made.extraSpace, em)
                made.extraSpace = 0.0
        lines.append(made)
    return rl_paragraph.ParaLines(kind=1, lines=lines)


# Each character's width in a face and size, as stringWidth gives it: a book's Japanese
# text repeats a few thousand characters, and this is the splitter's hottest call.
_char_widths: dict[tuple[str, float], dict[str, float]] = {}


def kinsoku_word_split(word, maxWidths, fontName, fontSize, encoding="utf8"):
    """ReportLab's wordSplit (the one-font paragraph case) with the same rules: (extra space, line) pairs."""
    text = word.decode(encoding) if isinstance(word, bytes) else word
    known = _char_widths.setdefault((fontName, fontSize), {})
    widths = [known[char] if char in known else known.setdefault(char, stringWidth(char, fontName, fontSize))
              for char in text]
    em = _em()
    if em:
        maxWidths = [cjk.whole_ems(width, em) for width in maxWidths]
    lines = []
    positions = break_positions(text, widths, maxWidths, phrases=_phrases)
    for index, (start, end, _) in enumerate(positions):
        max_width = maxWidths[min(index, len(maxWidths) - 1)]
        extra = max_width - sum(widths[start:end])
        note = cjk.unjustifiable(extra, end - start, em) if em and index < len(positions) - 1 else None
        if note:
            lines.append((extra, cjk.Unjustified(text[start:end], note, _where())))
        elif em and index < len(positions) - 1:
            lines.append((0.0, cjk.spaced_text(text[start:end], extra, em)))  # flush: spare width between characters
        else:
            lines.append((extra, text[start:end]))
    return lines


def install() -> None:
    """ReportLab has no hook for line-breaking rules; its two CJK splitters are module functions we replace."""
    drawing.install()
    rl_paragraph.cjkFragSplit = kinsoku_frag_split
    rl_paragraph.wordSplit = kinsoku_word_split
    if not getattr(rl_paragraph.Paragraph.breakLinesCJK, "briefing_kinsoku", False):  # languages: per-style sets
        rl_paragraph.Paragraph.breakLinesCJK = _break_lines_cjk(rl_paragraph.Paragraph.breakLinesCJK)
