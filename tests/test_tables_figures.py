"""Data tables and figures in both writers, on small trees: header rows repeated, columns sized to words, images once."""

import hashlib
import re
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn
from PIL import Image, ImageDraw

from briefing import markup, tree
from briefing.book.bilingual import align
from briefing.i18n import languages
from briefing.images import inspect_image
from briefing.writers import docx as docx_writer
from briefing.writers import pdf as pdf_writer
from briefing.writers.columns import column_widths, pieces
from conftest import require_tool

META = tree.Meta(title="Tables", short_title="Tables", subject="S", author="A", marking="MARK",
                 date="May 12, 2009", language="en-GB", languages=("en-GB",),
                 labels={"page_of": "Page {page} of {pages}", "contents": "Contents", "draft": "DRAFT"})
HEADER = ("Region", "Trade (USD m)", "Note")
ROWS = tuple((f"Region {n}", f"{n * 1234.5:,.1f}", "centred") for n in range(70))


def data_table(**changes) -> tree.Table:
    table = tree.Table(HEADER, ROWS, role="data", align=("left", "right", "center"),
                       caption="Table 1. Trade by region", source="Source: figures made up for a test.")
    return replace(table, **changes)


def document(*blocks, meta=META) -> tree.Document:
    return tree.Document(meta=meta, blocks=(tree.Heading(1, "Trade", "1."),) + blocks)


def bilingual(*blocks) -> tree.Document:
    primary = document(*blocks)
    return align(primary, replace(primary, meta=replace(META, language="ru-RU")))


@pytest.fixture
def chart(tmp_path) -> tree.Image:
    image = Image.new("RGB", (600, 300), "white")
    draw = ImageDraw.Draw(image)
    for bar in range(6):
        draw.rectangle((20 + bar * 95, 280 - bar * 40, 90 + bar * 95, 280), fill=(30, 60, 150))
    image.save(tmp_path / "chart.png")
    return inspect_image("chart.png", str(tmp_path))


def pdf_pages(path: Path) -> list[str]:
    text = subprocess.run([require_tool("pdftotext"), "-layout", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def words_with_boxes(path: Path, page: int) -> list[tuple[str, float, float, float]]:
    """(word, left, right, top) of every word on one page, from pdftotext -bbox."""
    html = subprocess.run([require_tool("pdftotext"), "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
                          capture_output=True, text=True, check=True).stdout
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', html)
    return [(word, float(left), float(right), float(top)) for left, top, right, word in found]


def via_libreoffice(docx: Path, out: Path) -> Path:
    soffice = require_tool("soffice")
    subprocess.run([soffice, f"-env:UserInstallation=file://{out / 'lo-profile'}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(out), str(docx)], capture_output=True, check=True, timeout=240)
    return out / (docx.stem + ".pdf")


# -- markup ------------------------------------------------------------------------

def parse(text: str, images=None):
    return markup.parse(f"<book>{text}</book>", languages.get("en").numbering, images=images)


def it_parses_a_data_table_with_alignment_caption_and_source():
    (table,) = parse('<table role="data" align="left right center"><caption>Trade</caption>'
                     "<head><cell>A</cell><cell>B</cell><cell>C</cell></head>"
                     "<row><cell>x</cell><cell>1,234.5</cell><cell>y</cell></row><source>Customs</source></table>")
    assert table == tree.Table(("A", "B", "C"), (("x", "1,234.5", "y"),), role="data",
                               align=("left", "right", "center"), caption="Trade", source="Customs")
    assert [table.alignment(column) for column in range(3)] == ["left", "right", "center"]
    (plain,) = parse("<table><head><cell>A</cell></head><row><cell>x</cell></row></table>")
    assert plain.alignment(0) == "left" and plain.caption == plain.source == ""


@pytest.mark.parametrize(("text", "message"), [
    ("<table><head><cell>A</cell><cell>B</cell></head><row><cell>x</cell></row></table>",
     "table row 1 has 1 cells, the header 2"),
    ('<table align="left middle"><head><cell>A</cell><cell>B</cell></head></table>',
     "unknown column alignment 'middle'"),
    ('<table align="left"><head><cell>A</cell><cell>B</cell></head></table>', "align gives 1 columns"),
    ('<figure image="/etc/passwd"><caption>c</caption><alt>a</alt></figure>', "not declared: '/etc/passwd'"),
])
def it_refuses_malformed_tables_and_unknown_images(text, message):
    with pytest.raises(markup.MarkupError, match=re.escape(message)):
        parse(text)


def it_takes_a_figure_image_by_key_only(chart):
    (figure,) = parse('<figure image="trade"><caption>Trade</caption><alt>Six bars</alt></figure>',
                      images={"trade": chart})
    assert figure == tree.Figure(image=chart, caption="Trade", alt="Six bars")


def it_makes_a_blank_line_a_paragraph_break_and_a_line_break_a_space():
    paragraph, items = parse("<p>one\ntwo  \n\n \n  three</p>"
                             "<numbered><item><text>item\ntext\n\nmore</text></item></numbered>")
    assert tree.paragraphs(paragraph.text) == ("one two", "three")
    assert tree.paragraphs(items.items[0].text) == ("item text", "more")
    (heading,) = [b for b in parse('<section numbered="no"><heading>A\n\nB</heading></section>')]
    assert heading.text == "A B"  # a heading is one line


# -- column widths ------------------------------------------------------------------

def it_never_makes_a_column_narrower_than_its_longest_word():
    def measure(text, bold):
        return len(text) * (6.0 if bold else 5.0)

    widths = column_widths(("Marker", "Meaning"), (("◎", "Documents signed at the ceremony " * 6),),
                           measure, 200, 12)
    assert sum(widths) == pytest.approx(200)
    assert widths[0] >= measure("Marker", True) + 12
    assert widths[1] >= measure("Documents", False) + 12
    # When every line fits, each column gets at least its longest line.
    roomy = column_widths(("A", "B"), (("short", "a longer cell"),), measure, 400, 12)
    assert roomy[0] >= measure("short", False) + 12 and roomy[1] >= measure("a longer cell", False) + 12


def it_counts_a_run_of_one_japanese_script_as_a_word():
    assert pieces("記号 Marker") == ["記号", "Marker"]
    assert pieces("署名式において署名された文書") == ["署名式", "において", "署名", "された", "文書"]
    # Closing punctuation stays with what it follows, an opening bracket with what it opens.
    assert pieces("文書（その他）。") == ["文書", "（その", "他）。"]


# -- PDF ----------------------------------------------------------------------------

def it_repeats_the_header_row_and_aligns_columns_in_the_pdf(tmp_path):
    path = tmp_path / "table.pdf"
    pdf_writer.write(document(data_table()), str(path))
    pages = pdf_pages(path)
    assert len(pages) >= 2
    assert all(re.search(r"Region\s+Trade \(USD m\)\s+Note", page) for page in pages)
    assert "Table 1. Trade by region" in pages[0] and "Region 0 " in pages[0]  # caption with the first rows
    assert "Source: figures made up for a test." in pages[-1].split("Region 69")[1]  # source note below
    numbers = [(word, right) for word, _, right, _ in words_with_boxes(path, 1) if re.fullmatch(r"[\d,]+\.\d", word)]
    assert len(numbers) > 20 and max(r for _, r in numbers) - min(r for _, r in numbers) < 0.5  # right-aligned
    notes = [(left + right) / 2 for word, left, right, _ in words_with_boxes(path, 1) if word == "centred"]
    assert max(notes) - min(notes) < 0.5  # centred


def it_keeps_a_caption_with_its_table_and_never_breaks_a_word_of_a_narrow_column(tmp_path):
    path = tmp_path / "legend.pdf"
    legend = tree.Table(("Marker", "Meaning"), (("◎", "Documents signed at the signing ceremony"),
                                                ("*", "Documents to be enacted after legislative approval")),
                        role="legend")
    pdf_writer.write(bilingual(legend), str(path))
    words = [word for word, *_ in words_with_boxes(path, 1)]
    assert words.count("Marker") == 2 and "Marke" not in words  # both columns, never "Marke/r"


def it_sets_a_table_beside_its_translation_with_the_header_on_every_page(tmp_path):
    path = tmp_path / "pair.pdf"
    pdf_writer.write(bilingual(data_table()), str(path))
    pages = pdf_pages(path)
    assert len(pages) >= 2
    for page in pages:
        assert len(re.findall(r"Region\s+Trade \(USD m\)\s+Note", page)) == 2, page[:400]
    # The columns split at the same height: both halves hold the same rows on each page.
    for page in pages:
        rows = re.findall(r"Region (\d+) ", page)
        assert rows[0::2] == rows[1::2]


def it_scales_a_figure_keeps_its_caption_and_embeds_the_image_once(tmp_path, chart):
    path = tmp_path / "figures.pdf"
    pdf_writer.write(document(tree.Figure(chart, "Figure 1. Bars", "Six bars"),
                              tree.Paragraph("Between."),
                              tree.Figure(chart, "Figure 2. The same bars", "Six bars again")), str(path))
    listing = subprocess.run([require_tool("pdfimages"), "-list", str(path)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    assert len(listing) == 2
    objects = {line.split()[10] for line in listing}
    assert len(objects) == 1  # one image XObject, drawn twice
    assert all(line.split()[12] == "150" for line in listing)  # its natural size at 150 dpi, not upscaled
    check = subprocess.run([require_tool("qpdf"), "--check", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
    assert "Figure 1. Bars" in pdf_pages(path)[0]


def it_never_sets_a_figure_wider_than_the_text(tmp_path):
    wide = tmp_path / "wide.png"
    Image.new("RGB", (3000, 500), "navy").save(wide)
    image = inspect_image("wide.png", str(tmp_path))
    path = tmp_path / "wide.pdf"
    pdf_writer.write(document(tree.Figure(image, "Wide", "A wide band")), str(path))
    (line,) = subprocess.run([require_tool("pdfimages"), "-list", str(path)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    assert int(line.split()[12]) > 150  # scaled down to the text width


def it_embeds_the_bytes_that_were_checked_even_when_the_file_changed_since(tmp_path, chart):
    from briefing.images import data_of

    checked = data_of(chart)
    Image.new("RGB", (10, 10), "red").save(chart.path)
    assert data_of(chart) == checked  # read once, at the check; never opened again by a writer
    pdf_writer.write(document(tree.Figure(chart, "c", "a")), str(tmp_path / "x.pdf"))
    assert hashlib.sha256(checked).hexdigest() == chart.digest


def it_refuses_an_image_changed_after_its_check_in_a_process_that_did_not_check_it(tmp_path, chart, monkeypatch):
    from briefing import images
    from briefing.errors import InvalidInput

    monkeypatch.setattr(images, "_bytes", {})  # as in a worker forked before the book was loaded
    Image.new("RGB", (10, 10), "red").save(chart.path)
    with pytest.raises(InvalidInput, match="changed after the book was checked"):
        pdf_writer.write(document(tree.Figure(chart, "c", "a")), str(tmp_path / "x.pdf"))
    with pytest.raises(InvalidInput, match="changed after the book was checked"):
        docx_writer.write(document(tree.Figure(chart, "c", "a")), str(tmp_path / "x.docx"))


def it_breaks_a_blank_line_into_paragraphs_in_the_pdf(tmp_path):
    path = tmp_path / "blank.pdf"
    pdf_writer.write(document(tree.Paragraph("First paragraph.\n\nSecond paragraph."),
                              tree.List(True, (tree.ListItem("1.", "Item text.\n\nMore under the item."),))),
                     str(path))
    words = words_with_boxes(path, 1)
    top = {word: (left, y) for word, left, _, y in words}
    assert top["Second"][1] > top["First"][1]  # a line of its own
    assert top["Second"][0] == pytest.approx(top["First"][0])
    # The continuation starts under the item's text, not under its label.
    assert top["More"][1] > top["Item"][1] and top["More"][0] == pytest.approx(top["Item"][0], abs=0.5)
    assert top["1."][0] < top["Item"][0]


# -- Word ---------------------------------------------------------------------------

def body_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        return package.read("word/document.xml").decode("utf-8")


def it_writes_a_data_table_with_header_alignment_caption_and_source_to_word(tmp_path):
    path = tmp_path / "table.docx"
    docx_writer.write(document(data_table()), str(path))
    word = open_docx(str(path))
    (table,) = word.tables
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [cell.text for cell in table.rows[0].cells] == list(HEADER)
    assert [str(cell.paragraphs[0].alignment) for cell in table.rows[5].cells] == [
        "LEFT (0)", "RIGHT (2)", "CENTER (1)"]
    caption = next(p for p in word.paragraphs if p.text == "Table 1. Trade by region")
    assert caption.style.name == "Caption" and caption.style.paragraph_format.keep_with_next
    source = next(p for p in word.paragraphs if p.text.startswith("Source:"))
    assert source.style.name == "Table Source"
    assert source.style.font.size < word.styles["Normal"].font.size
    widths = [cell.width for cell in table.rows[0].cells]
    assert sum(widths) == word.sections[0].page_width - word.sections[0].left_margin - word.sections[0].right_margin


def it_breaks_a_blank_line_into_paragraphs_in_word(tmp_path):
    path = tmp_path / "blank.docx"
    docx_writer.write(document(tree.Paragraph("First paragraph.\n\nSecond paragraph."),
                               tree.List(True, (tree.ListItem("1.", "Item text.\n\nMore under the item."),))),
                      str(path))
    assert "<w:br" not in body_xml(path)
    paragraphs = {p.text: p for p in open_docx(str(path)).paragraphs}
    assert "First paragraph." in paragraphs and "Second paragraph." in paragraphs
    item, more = paragraphs["Item text."], paragraphs["More under the item."]
    assert item._p.pPr.numPr is not None and more._p.pPr.numPr is None  # no label
    level = _numbering_indent(path, item)
    assert more.paragraph_format.left_indent == level and more.paragraph_format.first_line_indent == 0


def _numbering_indent(path: Path, paragraph) -> int:
    """The left indent (EMU) Word numbering gives a numbered paragraph."""
    word = open_docx(str(path))
    numbering = word.part.numbering_part.element
    num_id = paragraph._p.pPr.numPr.numId.val
    num = numbering.xpath(f'w:num[@w:numId="{num_id}"]')[0]
    overrides = num.xpath(".//w:ind/@w:left")
    if not overrides:
        abstract = num.xpath("w:abstractNumId/@w:val")[0]
        overrides = numbering.xpath(f'w:abstractNum[@w:abstractNumId="{abstract}"]//w:lvl[@w:ilvl="0"]//w:ind/@w:left')
    return int(overrides[0]) * 635


def it_places_a_figure_once_with_its_alt_text_in_word(tmp_path, chart):
    path = tmp_path / "figures.docx"
    docx_writer.write(document(tree.Figure(chart, "Figure 1. Bars", "Six bars rising"),
                               tree.Figure(chart, "Figure 2. The same bars", "The same six bars")), str(path))
    xml = body_xml(path)
    descriptions = re.findall(r'<wp:docPr id="(\d+)" name="[^"]*" descr="([^"]*)"', xml)
    assert [d for _, d in descriptions] == ["Six bars rising", "The same six bars"]
    assert len({i for i, _ in descriptions}) == 2  # ids unique
    with zipfile.ZipFile(path) as package:
        media = [name for name in package.namelist() if name.startswith("word/media/")]
    assert len(media) == 1
    word = open_docx(str(path))
    picture = next(p for p in word.paragraphs if p._p.xpath(".//wp:inline"))
    assert picture.paragraph_format.keep_with_next and picture.style.name == "Figure"
    extent = picture._p.xpath(".//wp:extent")[0]
    assert int(extent.get("cx")) == 600 * 914400 // 150  # natural size at 150 dpi


def it_sets_a_word_table_beside_its_translation_as_one_table(tmp_path):
    path = tmp_path / "pair.docx"
    docx_writer.write(bilingual(data_table()), str(path))
    word = open_docx(str(path))
    combined = [t for t in word.tables if len(t.columns) == 7]
    assert len(combined) == 1
    header = combined[0].rows[0]
    assert [c.text for c in header.cells] == [*HEADER, "", *HEADER]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [c.text for c in combined[0].rows[3].cells][:3] == list(ROWS[2])


def it_repeats_the_header_row_and_shows_the_figure_in_libreoffice(tmp_path, chart):
    path = tmp_path / "lo.docx"
    docx_writer.write(document(data_table(), tree.Figure(chart, "Figure 1. Bars", "Six bars")), str(path))
    pdf = via_libreoffice(path, tmp_path)
    pages = pdf_pages(pdf)
    assert len(pages) >= 2
    assert all(re.search(r"Region\s+Trade \(USD m\)\s+Note", page) for page in pages)
    listing = subprocess.run([require_tool("pdfimages"), "-list", str(pdf)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    assert len(listing) == 1 and "Figure 1. Bars" in pages[-1]
    pair = tmp_path / "pair.docx"
    docx_writer.write(bilingual(data_table()), str(pair))
    for page in pdf_pages(via_libreoffice(pair, tmp_path)):
        assert len(re.findall(r"Region\s+Trade \(USD m\)\s+Note", page)) == 2, page[:300]


# -- bilingual Word rows (issue 10, item 10) -----------------------------------------

def it_opens_the_next_row_with_a_heading_and_splits_only_tall_rows(tmp_path):
    long = "The two sides will strengthen cooperation between the authorities. " * 40
    path = tmp_path / "rows.docx"
    docx_writer.write(bilingual(tree.Heading(2, "Energy", "(1)"), tree.Paragraph("A short paragraph."),
                                tree.Paragraph(long)), str(path))
    (table,) = open_docx(str(path)).tables
    rows = table.rows
    assert len(rows) == 2  # heading 1 + heading 2 + short paragraph share a row; the long one has its own
    assert [p.text for p in rows[0].cells[0].paragraphs] == ["1. Trade", "(1) Energy", "A short paragraph."]
    assert rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None  # short: stays whole
    assert rows[1]._tr.trPr is None or rows[1]._tr.trPr.find(qn("w:cantSplit")) is None  # tall: may split
    # No paragraph in a row keeps with the next (LibreOffice would chain the rows together).
    for row in rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                assert paragraph.paragraph_format.keep_with_next in (None, False)
    # Bookmarks keep the order the contents links expect.
    xml = body_xml(path)
    marks = [(name, re.sub(r"<[^>]+>", "", text))
             for name, text in re.findall(r'w:bookmarkStart w:id="\d+" w:name="([^"]+)"/>(.*?)<w:bookmarkEnd', xml)]
    assert [name for name, _ in marks] == [f"_Toc_briefing_{n}" for n in (1, 3, 2, 4)]
    assert [text for _, text in marks] == ["1. Trade", "(1) Energy", "1. Trade", "(1) Energy"]


def it_sets_latin_and_cyrillic_list_items_ragged_right_beside_justified_japanese(tmp_path):
    meta = replace(META, language="ja-JP")
    primary = tree.Document(meta=meta, blocks=(tree.List(False, (tree.ListItem("•", "項目"),)),))
    path = tmp_path / "ja-en.docx"
    docx_writer.write(align(primary, replace(primary, meta=META)), str(path))
    word = open_docx(str(path))
    left, right = word.tables[0].rows[0].cells
    assert str(_alignment(left.paragraphs[0].style)) == "JUSTIFY (3)"
    assert str(_alignment(right.paragraphs[0].style)) == "LEFT (0)"


def _alignment(style):
    while style is not None and style.paragraph_format.alignment is None:
        style = style.base_style
    return style.paragraph_format.alignment


def it_hangs_contents_labels_so_wrapped_lines_start_under_the_text(tmp_path):
    long = "Cooperation in the Russian Far East and Eastern Siberia, including transport corridors and energy"
    path = tmp_path / "contents.docx"
    docx_writer.write(tree.Document(META, (tree.Contents("Contents"), tree.Heading(1, long, "1."),
                                           tree.Heading(2, long, "(1)"), tree.Heading(2, "Short", ""))), str(path))
    entries = [p for p in open_docx(str(path)).paragraphs if re.fullmatch(r"TOC \d", p.style.name)]
    first, second, plain = entries
    for entry in (first, second):
        fmt = entry.paragraph_format
        assert fmt.first_line_indent < 0 and fmt.left_indent + fmt.first_line_indent >= 0
        assert entry._p.xpath(".//w:hyperlink/w:r/w:tab")  # label, tab, text
    assert second.paragraph_format.left_indent > first.paragraph_format.left_indent
    assert plain.paragraph_format.first_line_indent is None and plain.text == "Short"


def it_asks_room_for_a_heading_and_the_first_rows_of_the_table_after_it():
    from reportlab.platypus import Table

    from reportlab.platypus import CondPageBreak

    from briefing.theme import load_theme

    tree_ = document(data_table(caption=""))  # a heading, then a table without a caption
    writer = pdf_writer.PdfWriter(tree_, load_theme())
    writer.visit_all(tree_.blocks)
    story = writer._keep_headings_with_text(writer.full_width)
    breaks = [f for f in story if isinstance(f, CondPageBreak)]
    table = next(f for f in story if isinstance(f, Table))
    heading = story[story.index(breaks[0]) + 1]
    first_rows = sum(table._rowHeights[:3])
    assert breaks[0].height >= heading.wrap(writer.full_width, 1e6)[1] + first_rows


def it_prints_hostile_captions_cells_and_alt_text_as_typed(tmp_path, chart):
    hostile = '<b>bold</b> &amp; <img src="x"/> {{ 7*7 }} "quoted"'
    blocks = (replace(data_table(), caption=hostile, source=hostile, rows=((hostile, "1", "2"),)),
              tree.Figure(chart, hostile, hostile))
    pdf, docx = tmp_path / "hostile.pdf", tmp_path / "hostile.docx"
    pdf_writer.write(document(*blocks), str(pdf))
    docx_writer.write(document(*blocks), str(docx))
    text = " ".join(pdf_pages(pdf)[0].split())
    assert text.count('<b>bold</b> &amp; <img src="x"/> {{ 7*7 }} "quoted"') >= 3
    word = open_docx(str(docx))
    assert sum(p.text == hostile for p in word.paragraphs) == 3  # caption, source, figure caption
    assert word.tables[0].rows[1].cells[0].text == hostile
    assert word.inline_shapes[0]._inline.docPr.get("descr") == hostile


def it_writes_tables_and_figures_byte_for_byte_the_same_twice(tmp_path, chart, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1242086400")
    built = []
    for run in ("one", "two"):
        for name, write in (("pdf", pdf_writer.write), ("docx", docx_writer.write)):
            path = tmp_path / f"{run}.{name}"
            write(bilingual(data_table(), tree.Figure(chart, "Bars", "Six bars")), str(path))
            built.append(path.read_bytes())
    assert built[0] == built[2] and built[1] == built[3]


def it_refuses_rows_of_different_lengths_in_a_table_without_a_header():
    with pytest.raises(markup.MarkupError, match="table row 2 has 1 cells, the first row 2"):
        parse("<table><row><cell>a</cell><cell>b</cell></row><row><cell>c</cell></row></table>")


def it_writes_an_empty_table_as_nothing(tmp_path):
    empty = tree.Table((), (), role="data")
    pdf_writer.write(document(empty), str(tmp_path / "empty.pdf"))
    docx_writer.write(document(empty), str(tmp_path / "empty.docx"))
    assert open_docx(str(tmp_path / "empty.docx")).tables == []


def it_places_a_jpeg_without_a_jfif_segment_and_a_tall_image_in_word(tmp_path):
    import io
    import struct

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "JPEG")
    data = buffer.getvalue()
    length = struct.unpack(">H", data[4:6])[0]
    (tmp_path / "bare.jpg").write_bytes(data[:2] + data[4 + length:])  # no APP0: python-docx cannot read it
    Image.new("RGB", (300, 3000), "navy").save(tmp_path / "tall.png")
    bare, tall = (inspect_image(name, str(tmp_path)) for name in ("bare.jpg", "tall.png"))
    path = tmp_path / "images.docx"
    docx_writer.write(document(tree.Figure(bare, "Bare", "A red block"), tree.Figure(tall, "Tall", "A band")),
                      str(path))
    word = open_docx(str(path))
    first, second = word.inline_shapes
    assert first.width == 40 * 914400 // 150
    section = word.sections[0]
    assert second.height <= (section.page_height - section.top_margin - section.bottom_margin) * 0.8 + 914400 // 150
    pdf_writer.write(document(tree.Figure(bare, "Bare", "A red block")), str(tmp_path / "bare.pdf"))


@pytest.mark.parametrize("pair", [False, True], ids=["one language", "side by side"])
def it_moves_a_heading_to_the_next_page_with_the_figure_or_table_after_it(tmp_path, chart, pair):
    """A heading never ends a page whose next block (a figure, a table's first rows) went to the next."""
    # The heading lands lower on the page paragraph by paragraph, at some count near its foot.
    for count, block in [(count, block) for count in range(3, 9)
                         for block in (tree.Figure(chart, "Figure 1. Bars", "Six bars"), data_table())]:
        filler = tuple(tree.Paragraph(f"Filler paragraph {n}. " + "Text to fill the page. " * 14) for n in range(count))
        blocks = filler + (tree.Heading(2, "The heading before", "(1)"), block)
        path = tmp_path / "moved.pdf"
        pdf_writer.write(bilingual(*blocks) if pair else document(*blocks), str(path))
        pages = pdf_pages(path)
        where = next(n for n, page in enumerate(pages) if "The heading before" in page)
        after = "Figure 1. Bars" if isinstance(block, tree.Figure) else "Region 0 "
        assert after in pages[where], (type(block).__name__, [len(p) for p in pages])


def it_keeps_each_contents_entry_in_its_own_language_and_font(tmp_path):
    primary = tree.Document(META, (tree.Contents("Contents"), tree.Heading(2, "Energy", "(b)"),
                                   tree.Heading(2, "Summary", "")))
    path = tmp_path / "contents-pair.docx"
    docx_writer.write(align(primary, replace(primary, meta=replace(META, language="ru-RU"))), str(path))
    entries = [p for p in open_docx(str(path)).paragraphs if re.fullmatch(r"TOC \d", p.style.name)]
    assert len(entries) == 4
    for entry, language in zip(entries, ("en-GB", "ru-RU", "en-GB", "ru-RU")):
        runs = entry._p.xpath(".//w:hyperlink/w:r")
        tags = [run.xpath("w:rPr/w:lang/@w:val") for run in runs]
        assert tags == ([[]] if language == "en-GB" else [["ru-RU"]])  # the primary language is the style's
