"""A ReportLab paragraph whose lines are chosen by the total-fit composer, then laid out and drawn by ReportLab itself."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.enums import TA_JUSTIFY
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import paragraph as rl

from briefing.preflight import LOOSE, OVERFULL
from briefing.writers.pdf.compose import hyphens
from briefing.writers.pdf.compose.drawing import AddedHyphen, WordHead
from briefing.writers.pdf.compose.knuth_plass import BOX, GLUE, INFINITY, PENALTY, Items, breaks
from briefing.writers.pdf.rewrap import Paragraph

# Word spaces stretch by half and shrink by a third of their width (TeX's text fonts: cmr10's
# space is 3.33 pt + 1.67 pt - 1.11 pt); a gap at twice its width is a ratio of 2.
STRETCH, SHRINK = 1 / 2, 1 / 3
HYPHEN_PENALTY = 50  # \hyphenpenalty and \exhyphenpenalty
# The passes of TeX: first without hyphenation and strict, then with it, then whatever is least bad.
PASSES = ((1.0, False), (2.0, True), (float("inf"), True))
LOOSE_GAP = 2.0  # a gap more than twice the natural space is a loose line the preflight names
_cache: dict[tuple, list] = {}
_composed: dict[tuple, tuple[list, list[float]]] = {}  # a text's composed words and line widths (ComposedParagraph._simple)
_widths: dict[tuple[str, float], dict[str, float]] = {}  # each word's width per face and size, as stringWidth gives it
CACHE_LIMIT = 4096  # a book repeats its paragraphs in pairs and the contents; a bound keeps a long build small


@dataclass(frozen=True)
class Composer:
    """What a paragraph's style carries for the composer: its language, its last word (never hyphenated)
    and the content path of its text (named by the preflight)."""

    language: str
    last_word: str = ""
    where: str = ""


@dataclass(frozen=True)
class _Word:
    text: str
    width: float
    space: float  # the space after it (0 for the last word, or one joined to the next)
    splits: tuple  # (characters kept, width of the head without hyphen, hyphen's width or 0) of each place it may break


def _plan(words: list[_Word], widths: list[float]) -> list[tuple[int, int, float]]:
    """(index of the line's last word, characters of it kept or -1 for all, ratio) of each line; cached,
    since the pairs and the contents set the same text at the same width again."""
    key = (tuple(words), tuple(widths))
    plan = _cache.get(key)
    if plan is not None:
        return plan
    for tolerance, hyphenate in PASSES:
        items, where = _items(words, hyphenate)
        found = breaks(items, widths, tolerance)
        if found is not None:
            break
    plan = [(*where[line.end], line.ratio) for line in found]
    if len(_cache) >= CACHE_LIMIT:
        _cache.clear()
    _cache[key] = plan
    return plan


def _items(words: list[_Word], hyphenate: bool) -> tuple[Items, dict[int, tuple[int, int]]]:
    """Boxes, glue and penalties of the words; `where` maps each item a line may end at to (word, kept)."""
    items = Items.empty()
    where: dict[int, tuple[int, int]] = {}
    last = len(words) - 1
    for index, word in enumerate(words):
        done = 0.0
        if hyphenate:
            for kept, head, hyphen in word.splits:
                items.add(BOX, head - done)
                where[len(items.kind)] = (index, kept)
                # A hyphen's width counts only on the line it ends; a compound's own hyphen is in its head.
                items.add(PENALTY, hyphen, penalty=HYPHEN_PENALTY, flagged=bool(hyphen) or word.text[kept - 1] == "-")
                done = head
        items.add(BOX, word.width - done)
        if index < last:
            if word.space:
                where[len(items.kind)] = (index, -1)
                items.add(GLUE, word.space, word.space * STRETCH, word.space * SHRINK)
            else:
                items.add(PENALTY, penalty=INFINITY)
    # \parfillskip: the last line may end anywhere short, then a forced break.
    items.add(PENALTY, penalty=INFINITY)
    items.add(GLUE, 0.0, 1e5, 0.0)
    where[len(items.kind)] = (last, -1)
    items.add(PENALTY, penalty=-INFINITY)
    return items, where


def _splits(text: str, composer: Composer, last: bool, measure) -> tuple:
    found = hyphens.breaks(text, composer.language, last)
    if not found:
        return ()
    return tuple((b.at, measure(text[:b.at]), measure("-") if b.hyphen else 0.0) for b in found)


def _lines(words: list[_Word], plan) -> list[list[tuple[int, int, int, bool]]]:
    """Each line as pieces (word, first character, end character, hyphen added at the end)."""
    lines, word, begin = [], 0, 0
    for end, kept, _ in plan:
        pieces = []
        while word < end:
            pieces.append((word, begin, len(words[word].text), False))
            word, begin = word + 1, 0
        if kept >= 0:
            hyphen = next(h for k, _, h in words[end].splits if k == kept)
            pieces.append((end, begin, kept, bool(hyphen)))
            begin = kept
        else:
            pieces.append((end, begin, len(words[end].text), False))
            word, begin = end + 1, 0
        lines.append(pieces)
    return lines


FAKE = 1e9  # ReportLab's greedy breaker, given this measure, breaks only where the composer tells it


class ComposedParagraph(Paragraph):
    """A justified paragraph broken by the total-fit composer; ReportLab still builds, splits and draws its lines.

    The composer decides the breaks of the whole paragraph, then hands
    ReportLab its own words with a forced break after each line's last one
    (the empty split word, or the injected break frag, ReportLab's own
    hyphenation inserts), on a measure too wide to break anywhere else; each
    line's spare width is then set against the true measure. Splits across
    pages, the bullet, the first-line indent and drawing stay ReportLab's.
    """

    def breakLines(self, width):
        composer = getattr(self.style, "composer", None)
        frags = self.frags
        if (composer is None or self.style.alignment != TA_JUSTIFY or not frags or self.style.endDots
                or self.style.shaping):
            return super().breakLines(width)
        widths = list(width) if isinstance(width, (list, tuple)) else [width]
        rl._handleBulletWidth(self.bulletText, self.style, widths)
        if len(frags) == 1 and not (hasattr(frags[0], "cbDefn") or hasattr(frags[0], "backColor")
                                    or rl._processed_frags(frags)):
            return self._simple(composer, widths)
        return self._fragments(composer, widths)

    def _simple(self, composer: Composer, widths: list[float]):
        frag = self.frags[0]
        words = rl.split(rl.strip(frag.text)) if hasattr(frag, "text") else list(frag.words)
        words = [w for w in words if w]
        if not words:
            return super().breakLines(widths)
        font, size, encoding = frag.fontName, frag.fontSize, self.encoding
        known = _widths.setdefault((font, size), {})

        def measure(text):
            width = known.get(text)
            if width is None:
                width = known[text] = stringWidth(text, font, size, encoding)
            return width

        # The same text in the same face, size and measure is composed alike (a book's repeated paragraphs,
        # a language set alone and in its pairs): its words and line widths are made once. The text's
        # content path (composer.where) only names it in the preflight, so it is no part of the key.
        key = ((frag.text, font, size, encoding, composer.language, composer.last_word, tuple(widths))
               if hasattr(frag, "text") else None)  # a split's second part: words that may carry their break
        composed = _composed.get(key) if key is not None else None
        if composed is None:
            composed = _compose_words(words, composer, widths, measure)
            if key is not None:
                if len(_composed) >= CACHE_LIMIT:
                    _composed.clear()
                _composed[key] = composed
        prepared, naturals = composed
        self.frags = [_words_frag(frag, prepared)]
        try:
            broken = super().breakLines([FAKE])
        finally:
            self.frags = [frag]
        lines = broken.lines
        for index, natural in enumerate(naturals):
            lines[index] = (widths[min(index, len(widths) - 1)] - natural, lines[index][1])
        self._width_max = max(naturals)
        return broken

    def _fragments(self, composer: Composer, widths: list[float]):
        return _compose_fragments(self, composer, widths)

    def draw(self):
        super().draw()
        _report(self)


def _words_frag(frag, words):
    """The paragraph's one fragment carrying these words (as ReportLab's own splits carry them) instead of its text."""
    clone = frag.clone()
    if hasattr(clone, "text"):
        del clone.text
    clone.words = words
    return clone


def _compose_words(words: list[str], composer: Composer, widths: list[float], measure) -> tuple[list, list[float]]:
    """ReportLab's words with a forced break after each line's last one, and each line's natural width."""
    space = measure(" ")
    last = len(words) - 1
    planned = [_Word(w, measure(w), space if i < last else 0.0,
                     _splits(w, composer, i == last or w == composer.last_word, measure))
               for i, w in enumerate(words)]
    prepared, naturals = [], []
    for pieces in _lines(planned, _plan(planned, widths)):
        line = []
        for index, begin, stop, hyphen in pieces:
            text = words[index][begin:stop]
            if stop < len(words[index]):
                # The class tells tagging how the line ends: an added hyphen, or inside a word.
                line.append(AddedHyphen(text + "-") if hyphen else WordHead(text))
            else:
                line.append(rl._SplitWordEnd(text) if begin else words[index])
        prepared += line + [rl._SplitWord("")]
        naturals.append(sum(measure(w) for w in line) + space * (len(line) - 1))
    prepared.pop()  # no forced break after the last line
    return prepared, naturals


def _compose_fragments(self, composer: Composer, widths: list[float]):
    """Several fragments (a font switched for a glyph, a highlight): ReportLab's fragment words, composed alike."""
    fragments = rl._getFragWords(self.frags, widths[0])
    if any(len(w) < 2 or any(f._fkind != rl._FK_TEXT or hasattr(f, "cbDefn") for f, _ in w[1:]) for w in fragments):
        return Paragraph.breakLines(self, widths)  # a forced break or an image: ReportLab's own breaking
    last = len(fragments) - 1
    planned = []
    for i, w in enumerate(fragments):
        text = "".join(t for _, t in w[1:])
        space = (stringWidth(" ", w[-1][0].fontName, w[-1][0].fontSize) if isinstance(w, rl._HSFrag) and i < last
                 else 0.0)
        splits = ()
        if len(w) == 2 and text:
            f = w[1][0]
            splits = _splits(text, composer, i == last or text == composer.last_word,
                             lambda t, f=f: stringWidth(t, f.fontName, f.fontSize))
        planned.append(_Word(text, w[0], space, splits))
    prepared, naturals = [], []
    heads: dict[int, bool] = {}  # each line ending inside a word: whether the break added a hyphen
    for number, pieces in enumerate(_lines(planned, _plan(planned, widths))):
        natural = 0.0
        for index, begin, stop, hyphen in pieces:
            w = fragments[index]
            if begin == 0 and stop == len(planned[index].text):
                prepared.append(w)
                natural += w[0]
                continue
            f, text = w[1]
            head = stringWidth(text[begin:stop] + ("-" if hyphen else ""), f.fontName, f.fontSize)
            if stop < len(text):
                cls = rl._SplitFragHY if hyphen else rl._SplitFragH
                prepared.append(cls([head, (f, text[begin:stop] + ("-" if hyphen else ""))]))
                heads[number] = bool(hyphen)
            else:
                cls = rl._SplitFragHS if isinstance(w, rl._HSFrag) else rl._SplitFrag
                prepared.append(cls([head, (f, text[begin:stop])]))
            natural += head
        natural += sum(planned[index].space for index, _, stop, _ in pieces[:-1])
        naturals.append(natural)
        f = prepared[-1][-1][0]
        prepared.append(rl._InjectedFrag([0, (f.clone(_fkind=rl._FK_BREAK, text=""), "")]))
    prepared.pop()  # no forced break after the last line
    original = rl._getFragWords
    rl._getFragWords = lambda frags, maxWidth=None: prepared
    try:
        broken = Paragraph.breakLines(self, [FAKE])
    finally:
        rl._getFragWords = original
    for index, (line, natural) in enumerate(zip(broken.lines, naturals)):
        line.maxWidth = widths[min(index, len(widths) - 1)]
        line.extraSpace = line.maxWidth - natural
        if index in heads:  # the line ends inside a word: tagging reads it whole (tagging/marks.py)
            line.inside_word, line.added_hyphen = True, heads[index]
    self._width_max = max(naturals)
    return broken


def _gap_factor(line, style) -> tuple[float, float]:
    """(a word gap's width over the natural space, spare width) of a drawn line."""
    if isinstance(line, tuple):
        extra, words = line
        spaces = len(words) - 1
        space = stringWidth(" ", style.fontName, style.fontSize)
    else:
        extra, spaces = line.extraSpace, getattr(line, "wordCount", 1) - 1
        space = stringWidth(" ", line.words[0].fontName, line.words[0].fontSize) if line.words else 0.0
    if spaces <= 0 or space <= 0:
        return 1.0, extra
    return (space + extra / spaces) / space, extra


def _report(self) -> None:
    """Notes in the preflight each justified line still loose (gaps over twice the space) or overfull."""
    preflight = getattr(getattr(self.canv, "_doctemplate", None), "preflight", None)
    composer = getattr(self.style, "composer", None)
    blpara = getattr(self, "blPara", None)
    if preflight is None or composer is None or blpara is None or self.style.alignment != TA_JUSTIFY:
        return
    lines = blpara.lines if getattr(self, "_JustifyLast", False) else blpara.lines[:-1]
    page = self.canv.getPageNumber()
    for line in lines:
        if getattr(line, "lineBreak", False):
            continue
        factor, extra = _gap_factor(line, self.style)
        if factor > LOOSE_GAP:
            preflight.note(LOOSE, page, composer.where,
                           f"a line's word gaps are {factor:.1f}× normal, no better break possible")
        elif extra < -0.5 and factor < 1 - SHRINK - 0.01:
            preflight.note(OVERFULL, page, composer.where, f"a line is {-extra:.1f} pt wider than its measure")
