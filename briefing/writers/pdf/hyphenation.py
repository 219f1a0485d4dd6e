"""Hyphenation of ragged Russian, English and French text in the PDF: LibreOffice's patterns (pyphen) under a typesetter's rules."""

from __future__ import annotations

from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle

from briefing.writers.pdf.compose import hyphens
from briefing.writers.pdf.rewrap import Paragraph


# The rules live with the composer (briefing/writers/pdf/compose/hyphens.py): one set for both.
RULES = hyphens.RULES
LONGEST_WORD = hyphens.LONGEST_WORD
# How many times a paragraph is broken again to move a hyphen off the second of two
# consecutive lines: each try removes one pair, and the cost stays a few line breaks.
RETRIES = 4
_dictionary = hyphens.dictionary


class Hyphenator:
    """What ReportLab calls with a word that overflows a line; yields (head, tail) splits, longest head first.

    Never a name: a word that starts with a capital letter is left whole (at
    a sentence start that may be a common word; a missed hyphen costs less
    than a broken name, and the two cannot be told apart without a list).
    Never the last word of the paragraph. It also records which calls
    ReportLab took a split from, so a paragraph can refuse one of two
    hyphens on consecutive lines and break again.
    """

    def __init__(self, language: str, last_word: str = ""):
        self.rules = RULES[language]
        self.dictionary = _dictionary(language)
        self.last_word = last_word
        self.refused: set[int] = set()  # calls (in order) that must not split, to avoid consecutive hyphens
        self.reset()

    def reset(self) -> None:
        self.calls = 0
        self.taken: list[int] = []

    def allows(self, word: str) -> bool:
        return (self.rules.word <= len(word) <= LONGEST_WORD and word.isalpha() and not word[0].isupper()
                and word != self.last_word)

    def __call__(self, word: str):
        call = self.calls
        self.calls += 1
        if call in self.refused or not self.allows(word):
            return iter(())
        return self._splits(call, word)

    def _splits(self, call: int, word: str):
        # ReportLab stops asking at the first split that fits: a generator left
        # unfinished is one whose last split was taken.
        finished = False
        try:
            yield from self.dictionary.iterate(word)
            finished = True
        finally:
            if not finished:
                self.taken.append(call)


def _line_texts(lines, kind: int) -> list[str]:
    if kind == 0:
        return ["".join(words) for _, words in lines]
    return ["".join(frag.text for frag in line.words if hasattr(frag, "text")) for line in lines]


def widest_gap(broken) -> float:
    """The largest extra space one word gap takes in a justified line (the last line excepted)."""
    gaps = [0.0]
    for line in broken.lines[:-1]:
        if broken.kind == 0:
            extra, spaces = line[0], len(line[1]) - 1
        else:
            extra, spaces = line.extraSpace, getattr(line, "wordCount", 1) - 1
        gaps.append(extra / spaces if spaces > 0 else extra)
    return max(gaps)


class HyphenatedParagraph(Paragraph):
    """A paragraph whose style hyphenates through a Hyphenator, with at most one of two consecutive lines hyphenated."""

    def breakLines(self, width):
        hyphenator = getattr(self.style, "hyphenationLang", None)
        if not isinstance(hyphenator, Hyphenator):
            return super().breakLines(width)
        broken = self._break_lines(hyphenator, width)
        if broken.kind == 1:
            # Lines of several fonts keep no trace of the split word: when every line-end hyphen is one the
            # hyphenator gave, each is marked as added, so tagging reads the word whole (tagging/marks.py).
            texts = _line_texts(broken.lines, broken.kind)
            ends = [index for index, text in enumerate(texts) if text.endswith("-")]
            if ends and len(ends) == len(hyphenator.taken):
                for index in ends:
                    broken.lines[index].inside_word = broken.lines[index].added_hyphen = True
        return broken

    def _break_lines(self, hyphenator: Hyphenator, width):
        # "If you can help it": a second hyphen is refused only when breaking again
        # opens no word gap wider than the widest with it, give or take a space.
        # Ragged text (a bilingual column) has no word gaps to widen: there the second hyphen always goes.
        tolerance = self.style.fontSize * 0.25 if self.style.alignment == TA_JUSTIFY else float("inf")
        best = None
        for _ in range(RETRIES + 1):
            hyphenator.reset()
            broken = super().breakLines(width)
            if best is not None and widest_gap(broken) > widest_gap(best) + tolerance:
                hyphenator.refused.discard(refused)
                hyphenator.reset()
                return super().breakLines(width)
            best = broken
            ends = [index for index, text in enumerate(_line_texts(broken.lines, broken.kind)) if text.endswith("-")]
            if len(ends) != len(hyphenator.taken):
                return broken  # a hyphen typed in the text: calls and lines no longer pair up
            second = next((n for n in range(1, len(ends)) if ends[n] == ends[n - 1] + 1), None)
            if second is None:
                return broken
            refused = hyphenator.taken[second]
            hyphenator.refused.add(refused)
        hyphenator.refused.discard(refused)
        hyphenator.reset()
        return super().breakLines(width)


def last_word(text: str) -> str:
    """The paragraph's last word, found from the end (a regular expression searching from the start
    would take the square of the length of a long run of letters)."""
    end = len(text)
    while end and not text[end - 1].isalnum():
        end -= 1
    start = end
    while start and text[start - 1].isalnum():
        start -= 1
    return text[start:end]


def hyphenating_style(style: ParagraphStyle, language: str, text: str) -> ParagraphStyle:
    """The style with a hyphenator of its own for one paragraph (which knows that paragraph's last word)."""
    hyphenator = Hyphenator(language, last_word(text))
    return ParagraphStyle(style.name, parent=style, hyphenationLang=hyphenator,
                          hyphenationMinWordLength=RULES[language].word)


warm = hyphens.warm
