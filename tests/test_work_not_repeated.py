"""Work the PDF writer no longer repeats gives what doing it again gave: a paragraph's lines, a font subset, a compressed stream."""

import zlib

import pytest

import briefing.writers.pdf  # noqa: F401  (pins ReportLab's settings first)
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.ttfonts import TTFontFace

from briefing.writers.pdf.flate import FLATE, RememberingFlate
from briefing.writers.pdf.rewrap import Paragraph
from briefing.writers.pdf.truetype import Face
from test_truetype import FILES

TEXT = "The two leaders agreed to continue negotiations on a peace treaty " * 6


class Counting(Paragraph):
    breaks = 0

    def breakLines(self, width):
        type(self).breaks += 1
        return super().breakLines(width)


@pytest.fixture
def paragraph():
    Counting.breaks = 0
    return Counting(TEXT, ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=12))


def it_breaks_no_lines_when_wrapped_again_at_the_same_width(paragraph):
    first = paragraph.wrap(200, 1000)
    lines = paragraph.blPara
    assert paragraph.wrap(200, 50) == first
    assert paragraph.blPara is lines and Counting.breaks == 1


def it_breaks_the_lines_again_at_another_width(paragraph):
    narrow = paragraph.wrap(150, 1000)
    wide = paragraph.wrap(300, 1000)
    assert Counting.breaks == 2 and wide[1] < narrow[1]
    assert paragraph.wrap(150, 1000) == narrow and Counting.breaks == 3


def it_breaks_again_after_a_split_that_found_no_room(paragraph):
    size = paragraph.wrap(200, 1000)
    assert paragraph.split(200, 5) == []  # not even one line fits: ReportLab drops the lines
    assert paragraph.wrap(200, 1000) == size and Counting.breaks == 2


def it_wraps_the_parts_of_a_split_anew(paragraph):
    paragraph.wrap(200, 1000)
    first, rest = paragraph.split(200, 40)
    assert first.wrap(200, 1000)[1] == 36 and rest.wrap(200, 1000)[1] > 0


def it_compresses_to_zlibs_bytes_from_memory_too():
    data = TEXT.encode() * 20
    flate = RememberingFlate()
    assert flate.encode(data) == zlib.compress(data)
    assert flate.encode(data) == zlib.compress(data)  # from memory
    assert FLATE.encode(TEXT) == zlib.compress(TEXT.encode("utf8"))


@pytest.mark.parametrize("path", FILES[:1] + [f for f in FILES if "ipaex" in f][:1])
def it_makes_the_stock_faces_subset_again(path):
    subset = [0, 32] + [ord(c) for c in "Briefing"]
    ours, stock = Face(path), TTFontFace(path)
    assert ours.makeSubset(subset) == stock.makeSubset(subset)
    assert ours.makeSubset(list(subset)) == stock.makeSubset(subset)


def it_gives_a_paragraph_of_a_text_parsed_before_copies_of_the_same_fragments():
    style = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=12)
    markup = 'Aso and <font face="Helvetica-Bold">Putin</font> met'
    first, second = Paragraph(markup, style), Paragraph(markup, ParagraphStyle("other", parent=style))
    assert [vars(f) for f in second.frags] == [vars(f) for f in first.frags]
    assert all(a is not b for a, b in zip(first.frags, second.frags))
    bigger = Paragraph(markup, ParagraphStyle("bigger", parent=style, fontSize=12))
    assert {f.fontSize for f in bigger.frags} == {12}


def it_keeps_results_within_their_bound_forgetting_the_least_recently_used():
    from briefing.writers.kept import Kept

    kept = Kept(10)
    kept.put("a", b"aaaa", 4)
    kept.put("b", b"bbbb", 4)
    assert kept.get("a") == b"aaaa"  # now the most recently used
    kept.put("c", b"cccc", 4)  # 12 bytes: "b" goes
    assert (kept.get("a"), kept.get("b"), kept.get("c")) == (b"aaaa", None, b"cccc")
    kept.put("d", b"d" * 20, 20)  # larger than the bound: kept alone
    assert (kept.get("a"), kept.get("c"), kept.get("d")) == (None, None, b"d" * 20)


def it_measures_a_remembered_width_as_reportlab_does():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.platypus import paragraph as reportlab_paragraph

    from briefing.writers.pdf import widths

    assert reportlab_paragraph.stringWidth is widths.remembered_width  # installed with the writer
    for text in ("The", "negotiations", "peace treaty", "", "Ωμέγα"):
        for size in (9, 10.5, 10.5):  # the second 10.5 from memory
            assert widths.remembered_width(text, "Helvetica", size) == pdfmetrics.stringWidth(text, "Helvetica", size)


def it_spaces_a_remembered_cjk_line_as_spacing_it_again_does():
    from briefing.writers.pdf.compose import cjk

    line = "日本国総理大臣は、ロシア連邦大統領（Putin）と会談した。"
    first = cjk.spaced_text(line, 3.5, 10.5)
    again = cjk.spaced_text(line, 3.5, 10.5)  # from memory
    fresh = cjk.spaced_text.__wrapped__(line, 3.5, 10.5)
    assert again is first and again == fresh == line and again.runs == fresh.runs
    assert sum(space * len(run) for run, space in fresh.runs) == pytest.approx(3.5)
