"""What a desk writes, the same in the PDF, the Word draft and the web page: date ranges, names, aligned decimals, line breaks."""

import base64
import io
import re
import subprocess
import unicodedata
import zipfile

import docx
from PIL import Image
import pytest

from conftest import require_tool, run_briefing

BOOK = {
    "book.yaml": """\
id: visit
date: 1998-11-11
end_date: 1998-11-13
title: {en: "Official Visit", ja: "公式訪問", zh: "正式访问"}
short_title: {en: "Visit", ja: "訪問", zh: "访问"}
parties:
  - {id: a, name: {en: "Japan", ja: "日本国", zh: "日本国"}}
participants:
  - party: a
    name: {en: "Ann Lee", ja: "李アン", zh: "李安"}
    office: {en: "Prime Minister of Japan", ja: "内閣総理大臣", zh: "日本国首相"}
locales: [en, ja, zh]
date_style: {en: day-month, ja: era}
outline:
  - module: talks
  - module: documents
""",
    "talks.yaml": """\
blocks:
  - paragraph:
      en: |
        The first paragraph.

        The second paragraph.
      ja: |
        協力を規定する。
        従来の枠組みを超える。

        次の段落。
      zh: |
        第一段。

        第二段。
  - table:
      header: [{en: "Year", ja: "年", zh: "年"}, {en: "Trade", ja: "貿易", zh: "贸易"}]
      align: [left, right]
      rows:
        - ["2008", 189.4]
        - ["2009", 211]
        - ["2010", 236.6]
  - figure:
      image: chart.png
      images: {ja: chart.ja.png}
      caption: {en: "Chart", ja: "図", zh: "图"}
      alt: {en: "A chart", ja: "図表", zh: "图表"}
""",
    "documents.yaml": """\
title: {en: "Documents", ja: "文書", zh: "文件"}
numbering: roman
markers: []
categories:
  - {id: joint, title: {en: "Joint documents", ja: "共同文書", zh: "共同文件"}}
documents:
  - id: statement
    category: joint
    title: {en: "Joint Statement", ja: "共同声明", zh: "联合声明"}
    act: adopted
    signed_on: 1998-11-12
    signed_in: {en: "Tokyo", ja: "東京", zh: "东京"}
    description:
      - paragraph: {en: "It sets out the aims.", ja: "目的を定める。", zh: "确定目标。"}
      - paragraph: {en: "It names two fields:", ja: "二つの分野を挙げる。", zh: "列举两个领域："}
      - bullets:
          - {en: "trade", ja: "貿易", zh: "贸易"}
          - {en: "energy", ja: "エネルギー", zh: "能源"}
  - id: notes
    category: joint
    title: {en: "Exchange of Notes", ja: "交換公文", zh: "换文"}
    act: exchanged
    signed_on: 1998-11-13
  - id: treaty
    category: joint
    title: {en: "Treaty", ja: "条約", zh: "条约"}
    signed_in: {en: "Tokyo", ja: "東京", zh: "东京"}
""",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The small book above in English and Japanese, in every format; each output read back as plain text."""
    folder = tmp_path_factory.mktemp("visit") / "visit"
    folder.mkdir()
    for name, text in BOOK.items():
        (folder / name).write_text(text, encoding="utf-8")
    draw_charts(folder)
    out = folder.parent / "out"
    result = run_briefing("build", str(folder), "-l", "en", "-l", "ja", "-l", "zh", "-f", "pdf", "-f", "docx", "-f", "html",
                          "-o", str(out))
    assert result.returncode == 0, result.stderr
    return out


# One image per language: told apart by their sizes in every format.
CHARTS = {"chart.png": (60, 20), "chart.ja.png": (20, 60)}


def draw_charts(folder):
    for name, size in CHARTS.items():
        Image.new("RGB", size, "navy").save(folder / name)


def pdf_text(path) -> str:
    pdftotext = require_tool("pdftotext")
    return subprocess.run([pdftotext, "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def docx_paragraphs(path) -> list[str]:
    document = docx.Document(str(path))
    cells = [p.text for table in document.tables for row in table.rows for cell in row.cells for p in cell.paragraphs]
    return [p.text for p in document.paragraphs] + cells


def html_paragraphs(path) -> list[str]:
    """The text of every <p>, <td> and <h1> of the page, its own markup removed."""
    page = path.read_text(encoding="utf-8")
    found = re.findall(r"<(p|td|h1)\b[^>]*>(.*?)</\1>", page, flags=re.S)
    return [re.sub(r"<[^>]+>", "", inner) for _, inner in found]


def spaced(text: str) -> str:
    """Thin and no-break spaces as plain spaces: readers differ in which they report."""
    return "".join(" " if unicodedata.category(c) == "Zs" else c for c in text)


def outputs(out, locale):
    return {
        "pdf": spaced(pdf_text(out / f"visit.{locale}.pdf")),
        "docx": spaced("\n".join(docx_paragraphs(out / f"visit.{locale}.docx"))),
        "html": spaced("\n".join(html_paragraphs(out / f"visit.{locale}.html"))),
    }


@pytest.mark.parametrize("locale, expected", [
    ("en", "11 – 13 November 1998"),
    ("ja", "平成10年11月11日～13日"),
])
def it_prints_a_visit_of_several_days_once_in_the_desks_date_style(built, locale, expected):
    for fmt, text in outputs(built, locale).items():
        assert expected in text, fmt
        assert "Nov 11" not in text and "～平成" not in text, fmt


@pytest.mark.parametrize("locale, expected, unwanted", [
    ("en", "Ann Lee, Prime Minister of Japan", "Prime Minister of Japan Ann Lee"),
    ("ja", "李アン内閣総理大臣", "李アン、内閣総理大臣"),
])
def it_prints_a_participant_in_the_languages_manner(built, locale, expected, unwanted):
    for fmt, text in outputs(built, locale).items():
        assert expected in text and unwanted not in text, fmt


def it_prints_a_columns_numbers_with_the_same_decimals(built):
    for fmt, text in outputs(built, "en").items():
        numbers = re.findall(r"\b(?:189|211|236)\.\d+", text)
        assert sorted(numbers) == ["189.4", "211.0", "236.6"], fmt


def it_joins_a_line_break_between_japanese_characters_with_nothing(built):
    for fmt, text in outputs(built, "ja").items():
        assert "規定する。従来の" in text.replace("\n", ""), fmt
        assert "規定する。 従来の" not in text, fmt


def it_starts_a_new_paragraph_at_a_blank_line_in_every_format(built):
    docx_lines = docx_paragraphs(built / "visit.en.docx")
    html_lines = html_paragraphs(built / "visit.en.html")
    pdf_lines = pdf_text(built / "visit.en.pdf").splitlines()
    for lines in (docx_lines, html_lines, pdf_lines):
        assert "The first paragraph." in lines and "The second paragraph." in lines
    japanese = html_paragraphs(built / "visit.ja.html")
    assert "協力を規定する。従来の枠組みを超える。" in japanese and "次の段落。" in japanese
    assert "次の段落。" in docx_paragraphs(built / "visit.ja.docx")


@pytest.mark.parametrize("locale, expected", [
    ("en", ["Adopted in Tokyo on 12 November 1998", "Exchanged on 13 November 1998", "Signed in Tokyo"]),
    ("ja", ["平成10年11月12日、東京にて採択", "平成10年11月13日交換", "東京にて署名"]),
    ("zh", ["1998年11月12日于东京通过", "1998年11月13日交换", "签署地点：东京"]),
])
def it_says_how_a_document_was_concluded(built, locale, expected):
    for fmt, text in outputs(built, locale).items():
        for line in expected:
            assert line in text, (fmt, line)


def it_brackets_a_description_once_around_its_paragraphs_and_list(built):
    for fmt, text in outputs(built, "en").items():
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        start = lines.index("[It sets out the aims.")
        assert lines[start:start + 4] == ["[It sets out the aims.", "It names two fields:", "• trade", "• energy]"], fmt


@pytest.mark.parametrize("locale, expected, unwanted", [
    ("en", [r"(?<!I)I\.\s*Joint Statement", r"II\.\s*Exchange of Notes"], "一、"),
    ("zh", [r"一、\s*联合声明", r"二、\s*换文"], "I."),
])
def it_numbers_a_roman_register_as_the_language_does(built, locale, expected, unwanted):
    for fmt, text in outputs(built, locale).items():
        for pattern in expected:
            assert re.search(pattern, text), (fmt, pattern)
        assert unwanted not in text, fmt


def it_prints_descriptions_bare_when_the_register_asks(tmp_path):
    from briefing import tree
    from briefing.building.build import document_for
    from briefing.content import load_book

    folder = tmp_path / "visit"
    folder.mkdir()
    for name, text in BOOK.items():
        (folder / name).write_text(text.replace("numbering: roman\n", "numbering: roman\nbrackets: false\n"),
                                   encoding="utf-8")
    draw_charts(folder)
    entry = next(b for b in document_for(load_book(folder), "en").blocks if isinstance(b, tree.Entry))
    assert entry.details[1:] == ("It sets out the aims.", "It names two fields:", "• trade", "• energy")


def image_sizes(out, locale) -> dict:
    """The pixel size of the one image each format of a locale embeds."""
    listing = subprocess.run([require_tool("pdfimages"), "-list", str(out / f"visit.{locale}.pdf")],
                             capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    pdf = {(int(line.split()[3]), int(line.split()[4])) for line in listing}
    with zipfile.ZipFile(out / f"visit.{locale}.docx") as package:
        docx_sizes = {Image.open(io.BytesIO(package.read(name))).size
                      for name in package.namelist() if name.startswith("word/media/")}
    page = (out / f"visit.{locale}.html").read_text(encoding="utf-8")
    html = {Image.open(io.BytesIO(base64.b64decode(data))).size
            for data in re.findall(r'src="data:image/png;base64,([^"]+)"', page)}
    return {"pdf": pdf, "docx": docx_sizes, "html": html}


@pytest.mark.parametrize("locale, image", [("en", "chart.png"), ("ja", "chart.ja.png"), ("zh", "chart.png")])
def it_prints_a_figures_image_in_the_books_language_else_the_one_image(built, locale, image):
    assert image_sizes(built, locale) == {fmt: {CHARTS[image]} for fmt in ("pdf", "docx", "html")}


def it_checks_each_languages_image_as_the_one_image(tmp_path):
    from briefing.content import load_book
    from briefing.errors import InvalidInput

    folder = tmp_path / "visit"
    folder.mkdir()
    for name, text in BOOK.items():
        (folder / name).write_text(text.replace("chart.ja.png", "missing.ja.png"), encoding="utf-8")
    draw_charts(folder)
    with pytest.raises(InvalidInput) as raised:
        load_book(folder)
    problems = [str(problem) for problem in raised.value.problems]
    assert len(problems) == 1 and re.search(r"talks\.yaml:\d+: figure 'missing\.ja\.png': ", problems[0]), problems
