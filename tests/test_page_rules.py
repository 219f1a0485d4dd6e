"""The page rules of the print-ready work as units: table pieces and sizes, a pair's spacing, the last page's fill."""

from __future__ import annotations

import briefing.writers.pdf  # noqa: F401  (pins ReportLab's settings)
from briefing import tree
from briefing.writers.columns import column_widths, pieces, words_fit

from conftest import EPOCH, ROOT, run_briefing

TWO_PAGES = ROOT / "tests" / "data" / "two-page-book"


def it_counts_han_four_at_a_time_and_a_names_parts_apart():
    assert pieces("须经两国立法机关批准") == ["须经两国", "立法机关", "批准"]
    assert pieces("（非在签字仪式上签署）") == ["（非在签字", "仪式上签", "署）"]
    assert pieces("ウラジーミル・プーチン・ロシア連邦首相") == ["ウラジーミル・", "プーチン・", "ロシア", "連邦首相"]
    assert pieces("日本国") == ["日本国"] and pieces("Prime Minister") == ["Prime", "Minister"]


def it_gives_a_short_column_its_word_beside_a_long_chinese_sentence():
    measure = lambda text, bold: 10.0 * len(text)  # noqa: E731  (one em a character)
    header, rows = ("符号", "含义"), [("◎", "须经两国立法机关批准等程序后生效的文件；其他文件自签署之日起生效")]
    widths = column_widths(header, rows, measure, 224.0, 12.0)
    assert widths[0] >= 20 + 12  # 符号 whole
    assert words_fit(header, rows, measure, 224.0, 12.0)
    assert not words_fit(("Межправительственная",) * 3, [], measure, 224.0, 12.0)


def _writer(locale: str = "en"):
    from briefing.building.build import document_for
    from briefing.content import load_book
    from briefing.theme import DEFAULT_THEME, load_theme
    from briefing.writers.pdf.writer import PdfWriter

    return PdfWriter(document_for(load_book(ROOT / "content" / "2009-05-12-japan-russia"), locale),
                     load_theme(DEFAULT_THEME))


def it_sets_a_table_smaller_before_it_breaks_a_word_and_names_it_below_the_floor():
    writer = _writer()
    size = writer.theme.sizes["table"]
    fits = tree.Table(("Goods", "Direction"), (("Machinery", "Japan to Russia"),), src="t.yaml:blocks[0].table")
    assert writer.table_size(fits) == (size, None)
    long = "Intergovernmentalcommission"
    smaller = tree.Table(("Goods", "Arrangement"), (("Machinery", long),), src="t.yaml:blocks[0].table")
    words = writer.fonts.width(long, size) + max(writer.fonts.width(w, size, "bold") for w in ("Goods", "Arrangement"))
    writer.width = words * 0.9 + 24  # a tenth too narrow at the theme's size, wide enough a point smaller
    found, note = writer.table_size(smaller)
    assert found < size and note is None
    writer.width = 60.0
    found, note = writer.table_size(smaller)
    assert found == round(size * 0.75 * 2) / 2 and note[0] == "narrow table" and note[1] == "t.yaml:blocks[0].table"


def it_spaces_a_pair_row_by_the_larger_of_its_columns():
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from briefing.writers.pdf.flowables import SideBySide

    left = [Paragraph("a", ParagraphStyle("h", spaceBefore=12, spaceAfter=4))]
    right = [Paragraph("b", ParagraphStyle("p", spaceBefore=3, spaceAfter=6))]
    row = SideBySide(left, right, 10)
    assert (row.getSpaceBefore(), row.getSpaceAfter()) == (12, 6)


def it_names_a_last_page_of_three_lines_at_its_first_text(tmp_path):
    result = run_briefing("build", str(TWO_PAGES), "-l", "en", "-f", "pdf", "-o", str(tmp_path),
                          env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if "the last page holds" in line]
    assert len(lines) == 1, lines
    assert lines[0].split(":")[0].endswith("two-page-book/call.yaml") and " en p2: " in lines[0]
    manifest = next(tmp_path.glob("*.manifest.json")).read_text(encoding="utf-8")
    assert '"preflight": 1' in manifest
