"""The total-fit line composer: the algorithm on small paragraphs, each script's break rules, CJK lines flush."""

from __future__ import annotations

import itertools
import re

import pytest

import briefing.writers.pdf  # noqa: F401  (pins ReportLab's settings, installs the splitters and drawers)
from briefing.fonts import find_face
from briefing.writers.pdf.compose import ComposedParagraph, Composer, cjk, hyphens
from briefing.writers.pdf.compose.knuth_plass import BOX, GLUE, INFINITY, PENALTY, Items, breaks
from briefing.writers.pdf.fonts import register
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.pdfbase import pdfmetrics
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.paragraph import Paragraph


@pytest.fixture(scope="module")
def serif() -> str:
    face = find_face("Liberation Serif")
    return register(face.name, face.path)


def paragraph_items(words: list[float], space: float = 3.0) -> Items:
    items = Items.empty()
    for index, width in enumerate(words):
        items.add(BOX, width)
        if index < len(words) - 1:
            items.add(GLUE, space, space / 2, space / 3)
    items.add(PENALTY, penalty=INFINITY)
    items.add(GLUE, 0, 1e5, 0)
    items.add(PENALTY, penalty=-INFINITY)
    return items


def ratios(words: list[float], ends: list[int], measure: float, space: float = 3.0) -> list[float]:
    """Each line's adjustment ratio, the last excepted, for lines ending after the words at `ends`."""
    found, start = [], 0
    for end in ends[:-1]:
        line = words[start:end + 1]
        natural = sum(line) + space * (len(line) - 1)
        gaps = len(line) - 1
        if gaps:
            found.append((measure - natural) / (gaps * (space / 2 if natural < measure else space / 3)))
        else:  # nothing to stretch: infinitely bad (TeX's badness 10000)
            found.append(float("inf") if natural < measure else 0.0)
        start = end + 1
    return found


# -- the algorithm ----------------------------------------------------------------------------------------------

def word_ends(found, words) -> list[int]:
    """The word each line ends after: items alternate box and glue (box k is item 2k), then the end."""
    return [min(line.end // 2, len(words) - 1) for line in found]


def oracle(words: list[float], measure: float, space: float = 3.0) -> list[int]:
    """Every way to break the words, costed as Knuth and Plass cost them (line penalty, badness, fitness
    classes, a short last line): the cheapest one's line ends."""
    best = None
    for cut in itertools.product([False, True], repeat=len(words) - 1):
        ends = [i for i, c in enumerate(cut) if c] + [len(words) - 1]
        lines = ratios(words, ends, measure, space)
        last = words[(ends[-2] + 1) if len(ends) > 1 else 0:]
        natural = sum(last) + space * (len(last) - 1)
        if any(r < -1 for r in lines) or natural > measure + space / 3 * (len(last) - 1):
            continue
        cost, fitness = 0.0, 1
        for r in lines + [0.0]:
            cost += (10 + min(100 * abs(r) ** 3, INFINITY)) ** 2
            now = 0 if r < -0.5 else 1 if r <= 0.5 else 2 if r <= 1 else 3
            cost += 10000 if abs(now - fitness) > 1 else 0
            fitness = now
        if len(ends) > 1 and natural < 0.15 * measure:
            cost += 10000
        if best is None or cost < best[0]:
            best = (cost, ends)
    return best[1]


@pytest.mark.parametrize("words", [
    [40, 40, 15, 25, 30, 35, 20, 45],  # greedy fills 40 40 15 and leaves the next line loose
    [19, 30, 29, 16, 23, 31, 27, 32, 30, 14],
    [29, 38, 29, 27, 24, 32, 39, 16, 19, 32],
    [16, 39, 28, 24, 35, 12, 33, 36, 14, 17],
])
def it_finds_the_breaks_with_the_fewest_demerits_of_all_possible_ones(words):
    found = breaks(paragraph_items(words), [100], tolerance=float("inf"))
    assert word_ends(found, words) == oracle(words, 100)


def it_gives_up_at_a_tolerance_nothing_meets_and_keeps_an_overfull_line_only_at_the_end():
    words = [40, 150, 40]  # a word wider than the measure
    assert breaks(paragraph_items(words), [100], tolerance=2.0) is None
    found = breaks(paragraph_items(words), [100], tolerance=float("inf"))
    assert word_ends(found, words) == [0, 1, 2]


def it_avoids_two_hyphens_in_a_row_by_their_demerits():
    items = Items.empty()
    # Two lines, each able to end at a hyphen or (more loosely) at a space.
    for width in (45, 20):
        items.add(BOX, width)
        items.add(GLUE, 3, 1.5, 1)
    items.add(BOX, 20)
    items.add(PENALTY, 5, penalty=50, flagged=True)
    items.add(BOX, 30)
    items.add(GLUE, 3, 1.5, 1)
    items.add(BOX, 40)
    items.add(PENALTY, 5, penalty=50, flagged=True)
    items.add(BOX, 30)
    items.add(PENALTY, penalty=INFINITY)
    items.add(GLUE, 0, 1e5, 0)
    items.add(PENALTY, penalty=-INFINITY)
    found = breaks(items, [95], tolerance=float("inf"))
    hyphenated = [items.kind[line.end] == PENALTY and items.flagged[line.end] for line in found[:-1]]
    assert not any(a and b for a, b in zip(hyphenated, hyphenated[1:]))


# -- where words break ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("word, language, expected", [
    ("американо-российских", "ru", ["американо-|российских"]),
    ("Japan–Russia", "en", []),  # an en dash is not a compound's hyphen, and a name is not hyphenated
    ("한·러", "ko", ["한·|러"]),
    ("정상회담(APEC)", "ko", ["정상회담|(APEC)"]),
])
def it_breaks_a_compound_after_its_hyphen_and_korean_after_a_dot_or_before_a_bracket(word, language, expected):
    found = hyphens.breaks(word, language)
    assert [word[:b.at] + "|" + word[b.at:] for b in found] == expected
    assert not any(b.hyphen for b in found)  # nothing is added: the compound's own hyphen ends the line


def it_hyphenates_french_by_its_patterns_but_never_a_name_or_the_last_word():
    found = hyphens.breaks("négociations", "fr")
    assert found and all(b.hyphen and 2 <= b.at <= len("négociations") - 3 for b in found)
    assert hyphens.breaks("Vladivostok", "fr") == ()
    assert hyphens.breaks("négociations", "fr", last=True) == ()


def broken(text: str, style: ParagraphStyle, width: float) -> list[str]:
    paragraph = ComposedParagraph(text, style)
    paragraph.wrap(width, 10_000)
    para = paragraph.blPara
    if para.kind == 0:
        return [" ".join(words) for _, words in para.lines]
    return ["".join(f.text for f in line.words if hasattr(f, "text")).strip() for line in para.lines]


RUSSIAN = ("Стороны обсудили американо-российских переговоров ход и подтвердили намерение продолжить "
           "сотрудничество в области мирного использования атомной энергии в присутствии представителей.")


def it_breaks_a_russian_compound_after_its_own_hyphen_and_repeats_none(serif):
    style = ParagraphStyle("body", fontName=serif, fontSize=10.5, leading=14, alignment=TA_JUSTIFY,
                           composer=Composer("ru", "представителей", "x"))
    seen = False
    for width in range(120, 320, 4):
        lines = broken(RUSSIAN, style, width)
        assert "".join(lines).replace("-", "").replace(" ", "") == RUSSIAN.replace(" ", "").replace("-", "")
        for line, following in zip(lines, lines[1:]):
            if line.endswith("американо-"):
                seen = True
                assert following.startswith("российских")  # not -российских
    assert seen


def it_never_breaks_or_stretches_at_a_french_no_break_space(serif):
    text = "Les deux parties ont conclu\u00a0: la coopération «\u00a0économique\u00a0» continue\u00a0; elles l’ont dit\u00a0!"
    style = ParagraphStyle("body", fontName=serif, fontSize=10.5, leading=14, alignment=TA_JUSTIFY,
                           composer=Composer("fr", "dit", "x"))
    for width in range(90, 260, 5):
        for line in broken(text, style, width):
            assert not line.startswith((":", ";", "!", "»")) and not line.endswith("«"), (width, line)


def gap_factors(paragraph: Paragraph, width: float, space: float) -> list[float]:
    paragraph.wrap(width, 10_000)
    factors = []
    for extra, words in paragraph.blPara.lines[:-1]:
        if len(words) > 1:
            factors.append((space + extra / (len(words) - 1)) / space)
    return factors


def it_sets_looser_lines_tighter_than_greedy_breaking_does(serif):
    text = ("The two leaders agreed to accelerate negotiations on the peace treaty and the territorial question, "
            "building on the agreements reached so far, including the Japan–Soviet Joint Declaration of 1956, "
            "and the economic cooperation in the Russian Far East and Eastern Siberia was discussed at length.")
    style = ParagraphStyle("body", fontName=serif, fontSize=10.5, leading=14, alignment=TA_JUSTIFY,
                           composer=Composer("en", "length", "x"))
    space = stringWidth(" ", serif, 10.5)
    greedy, composed = [], []
    for width in range(160, 330, 10):
        greedy.append(max(gap_factors(Paragraph(text, style), width, space)))
        composed.append(max(gap_factors(ComposedParagraph(text, style), width, space)))
    assert max(composed) < max(greedy)
    assert sum(composed) < sum(greedy) * 0.8
    assert sum(factor > 2 for factor in composed) < sum(factor > 2 for factor in greedy)


# -- Japanese and Chinese flush ---------------------------------------------------------------------------------

def it_spreads_a_cjk_lines_spare_width_between_script_changes_first():
    text = "会談は2009年に東京で行われた"
    added = cjk.spacing(text, extra=2.0, em=10.0)
    assert sum(added) == pytest.approx(2.0)
    assert added[-1] == 0
    assert added[2] == pytest.approx(1.0) and added[6] == pytest.approx(1.0)  # は|2009|年: 2 pt over two changes
    assert added[3:6] == [0.0, 0.0, 0.0]  # never inside the number


def it_gives_the_rest_evenly_to_every_gap_but_inside_a_latin_run():
    text = "日本はAPECで"
    added = cjk.spacing(text, extra=12.0, em=10.0)
    assert sum(added) == pytest.approx(12.0)
    assert added[3:6] == [0.0, 0.0, 0.0]  # A|P|E|C
    assert added[2] == pytest.approx(added[6]) and added[2] > added[0] > 0  # the script changes got a quarter em more


def it_spaces_a_latin_run_only_when_the_line_is_nothing_else():
    added = cjk.spacing("APEC", extra=3.0, em=10.0)
    assert added == pytest.approx([1.0, 1.0, 1.0, 0.0])


def it_measures_cjk_in_whole_ems():
    assert cjk.whole_ems(283.46, 10.5) == pytest.approx(273.0)
    assert cjk.whole_ems(210.0, 10.5) == pytest.approx(210.0)


def it_draws_a_hyphen_it_added_as_a_soft_hyphen_so_the_word_reads_whole(serif, tmp_path):
    pdfplumber = pytest.importorskip("pdfplumber")
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import SimpleDocTemplate

    from briefing.writers.pdf.tagging import StructureTree, tag

    structure = StructureTree("ru")

    class TaggedCanvas(Canvas):  # what the book's canvas has: a structure, and its page number
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.structure = structure

        def page_number(self):
            return self.getPageNumber()

    style = ParagraphStyle("body", fontName=serif, fontSize=10.5, leading=14, alignment=TA_JUSTIFY,
                           composer=Composer("ru", "представителей", "x"))
    path = tmp_path / "hyphens.pdf"
    # A column narrow enough that several lines end in a hyphen the composer added.
    drawn = tag(ComposedParagraph(RUSSIAN, style), structure.root.add("P"))
    SimpleDocTemplate(str(path), leftMargin=220, rightMargin=220).build([drawn], canvasmaker=TaggedCanvas)
    with pdfplumber.open(path) as pdf:
        chars = [c for page in pdf.pages for c in page.chars]
    text = "".join(c["text"] for c in chars)
    # Read by pdfplumber, each added hyphen is U+00AD inside a word, drawn as wide as a hyphen.
    soft = [index for index, c in enumerate(chars) if c["text"] == "\u00ad"]
    assert len(soft) >= 2
    assert all(text[index - 1].isalpha() and text[index + 1].isalpha() for index in soft)
    assert text.replace("\u00ad", "") == RUSSIAN
    hyphen_width = pdfmetrics.stringWidth("-", serif, 10.5)
    assert all(abs(chars[index]["x1"] - chars[index]["x0"] - hyphen_width) < 0.01 for index in soft)
    assert "американо-" in text  # a compound's own hyphen stays a hyphen


def it_moves_a_katakana_name_whole_to_the_next_line_of_justified_japanese(monkeypatch):
    from briefing.writers.pdf import kinsoku

    text = "会談では両首脳がプーチン首相の提案について協議した。"
    widths = [10.0] * len(text)
    split = text.index("プーチン") + 2  # a measure that ends inside the name
    monkeypatch.setattr(kinsoku, "_justified", [(10.0, "x")])
    lines = kinsoku.break_positions(text, widths, [split * 10.0])
    assert lines[0][1] == text.index("プーチン")
    monkeypatch.setattr(kinsoku, "_justified", [])  # ragged or phrase-broken text keeps its breaks
    assert kinsoku.break_positions(text, widths, [split * 10.0])[0][1] == split
