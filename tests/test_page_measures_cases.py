"""The page measures on small pages drawn to hold one defect each (with ReportLab's canvas, not briefing's writer): each is counted, and the same page laid out right counts 0."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import require_module, require_tool

require_module("pdfplumber")  # a reader nobody here wrote, from the test extra

from bench.pages import measure_pdf  # noqa: E402
from bench.pages.drafts import convert, measure_draft  # noqa: E402

A4 = (595.3, 841.9)
TEXT, HEADING = (0.102, 0.102, 0.102), (0.121569, 0.219608, 0.392157)  # the default theme's colours
LEFT, RIGHT, MIDDLE = 62.4, 532.9, 297.6


class Pages:
    """A PDF drawn line by line, from the top of the page down, in points as pdfplumber reports them."""

    def __init__(self, path: Path):
        from reportlab.pdfgen import canvas

        self.path, self.canvas = path, canvas.Canvas(str(path), pagesize=A4)
        self.canvas.setFont("Helvetica", 10.5)

    def text(self, top: float, words: str, x: float = LEFT, size: float = 10.5, colour=TEXT, font: str = "Helvetica"):
        self.canvas.setFillColorRGB(*colour)
        self.canvas.setFont(font, size)
        self.canvas.drawString(x, A4[1] - top - size * 0.8, words)

    def body(self, top: float, count: int, x: float = LEFT, width: float = RIGHT - LEFT) -> float:
        """`count` lines of running text from `top`, each ragged; returns where the next line would start."""
        for index in range(count):
            self.text(top + index * 14.7, "Text of the paragraph that runs on from line to line here.", x)
        return top + count * 14.7

    def table(self, top: float, rows: list[list], x: float = LEFT, widths=(120, 120), height: float = 20) -> float:
        """A ruled table, a cell's lines given as a list; returns its bottom."""
        self.canvas.setLineWidth(0.5)
        bottom = top + height * len(rows)
        for index in range(len(rows) + 1):
            self.canvas.line(x, A4[1] - top - index * height, x + sum(widths), A4[1] - top - index * height)
        edge = x
        for width in (0, *widths):
            edge += width
            self.canvas.line(edge, A4[1] - top, edge, A4[1] - bottom)
        for index, row in enumerate(rows):
            left = x
            for width, cell in zip(widths, row):
                for number, line in enumerate(cell if isinstance(cell, list) else [cell]):
                    font = "Japanese" if any(ord(c) > 0x3000 for c in line) else "Helvetica"
                    self.text(top + index * height + 3 + number * 8, line, left + 3, size=7, font=font)
                left += width
        return bottom

    def page(self):
        self.canvas.showPage()

    def save(self) -> Path:
        self.canvas.save()
        return self.path


@pytest.fixture(scope="module", autouse=True)
def japanese_face():
    """A Japanese face for the cells of Han and kana: the first TrueType file fontconfig lists for Japanese
    (fc-match would name a face without Japanese glyphs when none is installed)."""
    import os

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    files = subprocess.run(["fc-list", ":lang=ja", "file"], capture_output=True, text=True).stdout.split()
    faces = sorted(name.rstrip(":") for name in files if name.rstrip(":").endswith(".ttf"))
    if not faces:
        if os.environ.get("CI") == "true":
            pytest.fail("a Japanese face is required in CI (scripts/build-sample.sh installs IPAex)")
        pytest.skip("no Japanese face installed (scripts/build-sample.sh installs them)")
    pdfmetrics.registerFont(TTFont("Japanese", faces[0]))


@pytest.fixture(autouse=True)
def readers():
    require_tool("pdftotext")


def stranded(tmp_path, last_on_first_page: bool) -> Path:
    pages = Pages(tmp_path / "book.en.pdf")
    bottom = pages.body(80, 44)
    if last_on_first_page:
        pages.text(bottom + 10, "2. A Heading Left Behind", size=13, colour=HEADING)
    pages.page()
    if not last_on_first_page:
        pages.text(80, "2. A Heading Left Behind", size=13, colour=HEADING)
    pages.body(110, 20)
    return pages.save()


def it_counts_a_heading_left_at_the_foot_of_a_page(tmp_path):
    assert len(measure_pdf(stranded(tmp_path, True))["stranded headings"]) == 1


def it_counts_no_heading_left_behind_when_it_starts_the_next_page(tmp_path):
    assert measure_pdf(stranded(tmp_path, False))["stranded headings"] == []


def it_counts_a_category_title_left_with_its_note(tmp_path):
    pages = Pages(tmp_path / "book.en.pdf")
    bottom = pages.body(80, 43)
    pages.text(bottom + 8, "Commercial Contracts", size=11.5, colour=HEADING)
    pages.text(bottom + 24, "Concluded between companies on the occasion of the visit.", size=9.5)
    pages.page()
    pages.body(80, 20)
    assert len(measure_pdf(pages.save())["stranded headings"]) == 1


def pair(tmp_path, gap: float) -> Path:
    """A ja+en page: the right column's text runs three lines longer, and its heading stands `gap` below it."""
    pages = Pages(tmp_path / "book.ja+en.pdf")
    pages.body(80, 5, LEFT, MIDDLE - LEFT)
    bottom = pages.body(80, 8, MIDDLE + 11)
    pages.text(bottom - 4.2 + gap, "2. Heading", size=13, colour=HEADING)
    pages.text(bottom - 4.2 + gap, "2. Heading", x=MIDDLE + 11, size=13, colour=HEADING)
    pages.body(bottom + gap + 20, 5, LEFT)
    pages.body(bottom + gap + 20, 5, MIDDLE + 11)
    return pages.save()


def it_counts_a_pair_heading_set_a_line_gap_below_the_longer_column(tmp_path):
    found = measure_pdf(pair(tmp_path, 4))["headings without space"]
    assert [text for _, text, _ in found] == ["2. Heading"]


def it_counts_no_pair_heading_that_keeps_its_space_above(tmp_path):
    assert measure_pdf(pair(tmp_path, 22))["headings without space"] == []


def small_table(tmp_path, split: bool) -> Path:
    pages = Pages(tmp_path / "book.en.pdf")
    bottom = pages.body(80, 44 if split else 40)
    rows = [["Marker", "Meaning"], ["A", "Signed"], ["B", "Adopted"], ["C", "Concluded"]]
    if split:
        pages.table(bottom + 4, rows[:3])  # runs to the foot of the page
        pages.page()
        below = pages.table(80, [rows[0], rows[3]])  # the header repeated, then the last row
    else:
        pages.page()
        below = pages.table(80, rows)
    pages.body(below + 12, 10)
    return pages.save()


def it_counts_a_three_row_table_split_across_pages(tmp_path):
    assert len(measure_pdf(small_table(tmp_path, True))["tables split"]) == 1


def it_counts_no_split_when_the_small_table_moved_whole(tmp_path):
    assert measure_pdf(small_table(tmp_path, False))["tables split"] == []


def it_counts_a_pairs_long_table_split_at_different_rows(tmp_path):
    pages = Pages(tmp_path / "book.en+ru.pdf")
    row = lambda n: [f"{n}", f"{n}.5"]  # noqa: E731
    pages.table(520, [row(0)] + [row(n) for n in range(1, 13)], LEFT, (100, 100))
    pages.table(520, [row(0)] + [row(n) for n in range(1, 11)], MIDDLE + 11, (100, 100), height=24)
    pages.page()
    pages.table(80, [row(0)] + [row(n) for n in range(13, 31)], LEFT, (100, 100))
    pages.table(80, [row(0)] + [row(n) for n in range(11, 31)], MIDDLE + 11, (100, 100), height=24)
    found = measure_pdf(pages.save())["tables split"]
    assert [what for _, what in found] == ["the pair's table split after 12 and 10 rows"]


@pytest.mark.parametrize(("lines", "broken"), [
    (["Yea", "r"], True),
    (["Japan–Chin", "a"], True),
    (["日本", "国"], True),
    (["ロシ", "ア連邦"], True),
    (["Japan's", "exports"], False),
    (["モンゴル国", "大統領"], False),
    (["Year", "2010"], False),
])
def it_counts_a_word_broken_inside_a_cell(tmp_path, lines, broken):
    pages = Pages(tmp_path / "book.en.pdf")
    pages.table(80, [["Head", "Head"], [lines, "x"]], height=24)
    pages.body(140, 10)
    words = {"Year", "Japan–China", "Japan's", "exports", "2010"}
    assert len(measure_pdf(pages.save(), words)["broken cell words"]) == int(broken)


@pytest.mark.parametrize(("cells", "mixed"), [(["98.4", "211.0", "322"], True), (["98.4", "211.0", "322.0"], False),
                                              (["98,4", "1 322,0"], False), (["2005", "2006"], False)])
def it_counts_a_number_column_of_mixed_decimals(tmp_path, cells, mixed):
    pages = Pages(tmp_path / "book.en.pdf")
    pages.table(80, [["Year", "Total"]] + [["2005", cell] for cell in cells])
    pages.body(200, 10)
    assert len(measure_pdf(pages.save())["mixed decimals"]) == int(mixed)


@pytest.mark.parametrize(("lines", "empty"), [(2, True), (3, True), (4, False)])
def it_counts_a_page_of_three_lines_or_fewer(tmp_path, lines, empty):
    pages = Pages(tmp_path / "book.en.pdf")
    pages.body(80, 40)
    pages.page()
    pages.body(80, lines)
    assert len(measure_pdf(pages.save())["near-empty pages"]) == int(empty)


def justified(pages: Pages, top: float, words: list[str]) -> None:
    """One line set flush on both sides: the spare width shared between its word gaps."""
    widths = [pages.canvas.stringWidth(word, "Helvetica", 10.5) for word in words]
    gap = (RIGHT - LEFT - sum(widths)) / (len(words) - 1)
    x = LEFT
    for word, width in zip(words, widths):
        pages.text(top, word, x)
        x += width + gap


def filling(pages: Pages, words: list[str], space: float = 3.0) -> list[str]:
    """As many words as fill the measure with word gaps of at least `space`."""
    taken: list[str] = []
    while True:
        word = words[len(taken) % len(words)]
        width = sum(pages.canvas.stringWidth(w, "Helvetica", 10.5) for w in taken + [word]) + space * len(taken)
        if width > RIGHT - LEFT:
            return taken
        taken.append(word)


@pytest.mark.parametrize(("loose", "found"), [(True, 1), (False, 0)])
def it_counts_a_justified_line_with_a_gap_over_twice_the_median(tmp_path, loose, found):
    pages = Pages(tmp_path / "book.en.pdf")
    words = filling(pages, "the two leaders agreed to raise the relationship to a strategic partnership".split())
    for index in range(8):
        # Three words fewer spread their width over the other gaps: about three times the normal space.
        justified(pages, 80 + index * 14.7, words[:-3] if loose and index == 3 else words)
    pages.text(80 + 8 * 14.7, "and the end.")
    assert len(measure_pdf(pages.save())["loose lines"]) == found


@pytest.fixture
def soffice():
    return require_tool("soffice")


def draft(path: Path, blank_page: bool) -> Path:
    """A Word draft (python-docx, not briefing's writer) of two pages of text, with a page holding one line between them."""
    import docx

    document = docx.Document()
    for _ in range(30):
        document.add_paragraph("Text of the paragraph that runs on from line to line here and there.")
    if blank_page:
        document.add_page_break()
        document.add_paragraph("One line alone.")
    document.add_page_break()
    for _ in range(10):
        document.add_paragraph("Text of the paragraph.")
    document.save(path)
    return path


@pytest.mark.parametrize("blank_page", [True, False])
def it_counts_a_nearly_blank_page_of_a_draft_in_libreoffice(tmp_path, soffice, blank_page):
    converted, = convert([draft(tmp_path / "book.en.docx", blank_page)], tmp_path, soffice)
    assert len(measure_draft(converted)["draft near-empty pages"]) == int(blank_page)


def it_counts_a_small_table_libreoffice_splits_in_a_draft(tmp_path, soffice):
    import docx
    from docx.shared import Pt

    document = docx.Document()
    for _ in range(50):  # the table starts a hand's width above the foot of the second page
        document.add_paragraph("Text of the paragraph.")
    table = document.add_table(rows=3, cols=2)
    table.style = "Table Grid"
    for row in table.rows:
        row.height = Pt(40)
        for cell in row.cells:
            cell.text = "Cell"
    document.add_paragraph("After the table.")
    document.save(tmp_path / "book.en.docx")
    converted, = convert([tmp_path / "book.en.docx"], tmp_path, soffice)
    assert len(measure_draft(converted)["draft tables split"]) == 1


def cjk_draft(path: Path, latin: str, italic: bool = False, padded: bool = False) -> Path:
    """A Chinese draft (python-docx, not briefing's writer): paragraphs whose Latin run JOGMEC falls at each place
    of a line end, its digits and letters tagged `latin`; a note, italic or not; and above them a table, its cells
    padded or not."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    def chinese(run):
        # An East Asian face named (without one LibreOffice falls back to a face it never slants).
        run._r.get_or_add_rPr().append(parse_xml(f'<w:rFonts {nsdecls("w")} w:eastAsia="IPAexMincho"/>'))
        run._r.get_or_add_rPr().append(parse_xml(f'<w:lang {nsdecls("w")} w:val="{latin}" w:eastAsia="zh-CN"/>'))
        return run

    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.style = "Table Grid"
    for cell in table._cells:
        cell.text = "日本国"
    if padded:
        table._tbl.tblPr.append(parse_xml(f'<w:tblCellMar {nsdecls("w")}><w:top w:w="60" w:type="dxa"/></w:tblCellMar>'))
    assert table._tbl.tblPr.find(qn("w:tblCellMar")) is not None or not padded
    for lead in range(34, 46):
        chinese(document.add_paragraph().add_run("中" * lead + "（JOGMEC）" + "中" * 30))
    chinese(document.add_paragraph().add_run("值普京总理访日之际签署的文件。")).italic = italic
    document.save(path)
    return path


@pytest.mark.parametrize("latin, found", [("zh-CN", True), ("en-US", False)])
def it_counts_a_latin_run_libreoffice_splits_in_chinese_text(tmp_path, soffice, latin, found):
    """LibreOffice breaks letters tagged Chinese between any two of them (JOGM/EC); tagged English, never."""
    converted, = convert([cjk_draft(tmp_path / "book.zh.docx", latin)], tmp_path, soffice)
    runs = measure_draft(converted, {"（JOGMEC）"})["draft broken runs"]
    assert bool(runs) == found and all(split.replace("/", "") == "JOGMEC" for _, split in runs)


@pytest.mark.parametrize("italic", [True, False])
def it_counts_chinese_text_drawn_with_a_synthetic_italic(tmp_path, soffice, italic):
    converted, = convert([cjk_draft(tmp_path / "book.zh.docx", "en-US", italic=italic)], tmp_path, soffice)
    assert len(measure_draft(converted)["draft CJK italics"]) == int(italic)


@pytest.mark.parametrize("padded", [True, False])
def it_counts_a_table_whose_text_touches_its_rules(tmp_path, soffice, padded):
    converted, = convert([cjk_draft(tmp_path / "book.zh.docx", "en-US", padded=padded)], tmp_path, soffice)
    assert len(measure_draft(converted)["draft cells without padding"]) == int(not padded)


def it_counts_a_heading_broken_inside_a_katakana_name(tmp_path, soffice):
    """A heading of one long katakana name, in the heading colour, wraps inside it: one break in a word."""
    import docx
    from docx.shared import Pt, RGBColor

    from bench.pages.reading import HEADING as COLOUR

    document = docx.Document()
    run = document.add_paragraph().add_run("ウラジーミルウラジーミロヴィチプーチン" * 2)
    run.font.size, run.font.color.rgb = Pt(20), RGBColor(*(round(c * 255) for c in COLOUR))
    document.save(tmp_path / "book.ja.docx")
    converted, = convert([tmp_path / "book.ja.docx"], tmp_path, soffice)
    assert len(measure_draft(converted)["draft broken runs"]) == 1
