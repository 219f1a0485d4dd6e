"""What a desk writes, the same in the PDF, the Word draft and the web page: date ranges, names, aligned decimals, line breaks."""

import re
import subprocess
import unicodedata

import docx
import pytest

from conftest import require_tool, run_briefing

BOOK = {
    "book.yaml": """\
id: visit
date: 1998-11-11
end_date: 1998-11-13
title: {en: "Official Visit", ja: "公式訪問"}
short_title: {en: "Visit", ja: "訪問"}
parties:
  - {id: a, name: {en: "Japan", ja: "日本国"}}
participants:
  - {party: a, name: {en: "Ann Lee", ja: "李アン"}, office: {en: "Prime Minister of Japan", ja: "内閣総理大臣"}}
locales: [en, ja]
date_style: {en: day-month, ja: era}
outline:
  - module: talks
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
  - table:
      header: [{en: "Year", ja: "年"}, {en: "Trade", ja: "貿易"}]
      align: [left, right]
      rows:
        - ["2008", 189.4]
        - ["2009", 211]
        - ["2010", 236.6]
""",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The small book above in English and Japanese, in every format; each output read back as plain text."""
    folder = tmp_path_factory.mktemp("visit") / "visit"
    folder.mkdir()
    for name, text in BOOK.items():
        (folder / name).write_text(text, encoding="utf-8")
    out = folder.parent / "out"
    result = run_briefing("build", str(folder), "-l", "en", "-l", "ja", "-f", "pdf", "-f", "docx", "-f", "html",
                          "-o", str(out))
    assert result.returncode == 0, result.stderr
    return out


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
        assert "Nov 11" not in text and "平成10年11月13日" not in text, fmt


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
