"""Any book builds from content alone: module names, outlines and register categories of the author's choosing, and every mistake in them reported as file:line."""

import re
import shutil
import subprocess

import pytest
from PIL import Image

from briefing.building.build import document_for
from briefing.content import load_book
from briefing.errors import InvalidInput
from briefing import tree

from conftest import ROOT, run_briefing

SECOND = ROOT / "content" / "2010-11-19-japan-mongolia"

SUMMIT = {
    "book.yaml": """\
id: summit
date: 2024-06-01
title: {en: "Summit", ja: "首脳会談"}
short_title: {en: "Summit", ja: "首脳会談"}
parties:
  - {id: a, name: {en: "A", ja: "A国"}}
participants:
  - {party: a, name: {en: "Ann", ja: "アン"}, office: {en: "Leader", ja: "首脳"}}
locales: [en, ja]
outline:
  - module: opening_remarks
  - title: {en: "Talks", ja: "会談"}
    modules: [trade_talks, security]
  - module: closing
""",
    "opening_remarks.yaml": "blocks:\n  - paragraph: {en: \"Opening.\", ja: \"冒頭。\"}\n",
    "trade_talks.yaml": "blocks:\n  - section:\n      title: {en: \"Trade\", ja: \"貿易\"}\n      blocks:\n"
                        "        - paragraph: {en: \"Trade grew.\", ja: \"貿易は伸びた。\"}\n",
    "security.yaml": "blocks:\n  - section:\n      title: {en: \"Security\", ja: \"安全保障\"}\n      blocks:\n"
                     "        - numbered:\n            - {en: \"One.\", ja: \"一。\"}\n            - {en: \"Two.\", ja: \"二。\"}\n",
    "closing.yaml": "blocks:\n  - paragraph: {en: \"Closing.\", ja: \"結び。\"}\n",
}


def write_book(folder, files):
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def problems_of(folder) -> list[str]:
    with pytest.raises(InvalidInput) as raised:
        load_book(folder)
    return [str(p) for p in raised.value.problems]


def it_builds_a_book_of_any_outline_and_module_names(tmp_path):
    book = write_book(tmp_path / "summit", SUMMIT)
    document = document_for(load_book(book), "en")
    headings = [b.display() for b in document.blocks if isinstance(b, tree.Heading)]
    assert headings == ["1. Talks", "(1) Trade", "(2) Security"]
    # A body this short gets no contents page unless the book asks for one.
    assert not any(isinstance(b, tree.Contents) for b in document.blocks)
    assert run_briefing("check", str(book)).returncode == 0
    result = run_briefing("build", str(book), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr


def it_lets_a_book_override_one_module_template(tmp_path):
    book = write_book(tmp_path / "summit", SUMMIT)
    (book / "templates" / "modules").mkdir(parents=True)
    (book / "templates" / "modules" / "closing.j2").write_text("<p>{{ _('Contents') }}: closing by template</p>\n")
    document = document_for(load_book(book), "ja")
    assert any(isinstance(b, tree.Paragraph) and b.text == "目次: closing by template" for b in document.blocks)


def it_builds_the_second_sample_book_with_its_table_figure_and_numbered_register(tmp_path):
    book = load_book(SECOND)
    english = document_for(book, "en")
    table = next(b for b in english.blocks if isinstance(b, tree.Table) and b.role == "data")
    assert table.align == ("left", "right", "right", "right") and table.rows[-1] == ("2010", "390.5", "48.7", "439.2")
    figure = next(b for b in english.blocks if isinstance(b, tree.Figure))
    assert figure.alt.startswith("A bar chart") and figure.image.format == "PNG"
    entries = [b for b in english.blocks if isinstance(b, tree.Entry)]
    assert [e.marker for e in entries] == ["1.", "2.", "3.", "4.", "5.", "6."] and all(e.flag == "" for e in entries)
    assert not any(isinstance(b, tree.Table) and b.role == "legend" for b in english.blocks)  # no markers, no legend
    assert english.blocks[0].date == "18\u2009–\u200920 November 2010"  # CLDR's interval, a full month, thin spaces
    japanese = document_for(book, "ja")
    assert [e.marker for e in japanese.blocks if isinstance(e, tree.Entry)][:2] == ["１", "２"]
    result = run_briefing("build", str(SECOND), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    manifest = (tmp_path / "out" / "2010-11-19-japan-mongolia.manifest.json").read_text(encoding="utf-8")
    assert '"figures/trade.png"' in manifest  # the image is an input of the build, with its hash
    images = subprocess.run(["pdfimages", "-list", str(tmp_path / "out" / "2010-11-19-japan-mongolia.ja+en.pdf")],
                            capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert len(images) == 2  # the figure beside its translation: one image drawn twice, embedded once
    assert len({line.split()[2] for line in images}) == 1


def it_redraws_the_second_books_figure_from_its_table(tmp_path):
    copy = tmp_path / "book"
    shutil.copytree(SECOND, copy)
    script = (ROOT / "scripts" / "draw-sample-figure.py").read_text(encoding="utf-8")
    namespace = {"__name__": "figure", "__file__": str(ROOT / "scripts" / "draw-sample-figure.py")}
    exec(compile(script, "draw-sample-figure.py", "exec"), namespace)
    namespace["BOOK"] = copy
    for locale, name in (("en", "trade.png"), ("ja", "trade.ja.png")):  # one image per language of the book
        shipped = Image.open(SECOND / "figures" / name)
        drawn = namespace["draw"](namespace["rows"](), locale)
        expected = shipped.convert("RGB")
        assert (drawn.mode, drawn.size, drawn.tobytes()) == (expected.mode, expected.size, expected.tobytes()), name


REGISTER = """\
title: {en: "Documents", ja: "文書"}
categories:
  - {id: signed, title: {en: "Signed", ja: "署名"}}
markers:
  - {symbol: "†", fact: commercial, meaning: {en: "Commercial", ja: "商業"}}
documents:
  - id: one
    category: signed
    title: {en: "One", ja: "一"}
    facts: {commercial: true}
"""


@pytest.mark.parametrize(("name", "edit", "expected"), [
    ("undeclared category", ("category: signed\n    title", "category: adopted\n    title"),
     r"documents\.yaml:\d+: category: 'adopted' is not declared under categories \(signed\)"),
    ("unknown marker fact", ("fact: commercial", "fact: comercial"),
     r"documents\.yaml:\d+: markers: unknown fact 'comercial'"),
    ("unknown marker position", ('symbol: "†",', 'symbol: "†", position: middle,'),
     r"documents\.yaml:\d+: markers\[0\]\.position: unknown value 'middle'; expected one of: lead, flag"),
    ("numbering style", ("markers:", "numbering: arabic\nmarkers:"),
     r"documents\.yaml:\d+: numbering: unknown value 'arabic'"),
])
def it_reports_register_mistakes(tmp_path, name, edit, expected):
    files = dict(SUMMIT, **{"documents.yaml": REGISTER.replace(*edit)})
    files["book.yaml"] = files["book.yaml"].replace("  - module: closing\n", "  - module: documents\n")
    book = write_book(tmp_path / "b", files)
    problems = problems_of(book)
    assert any(re.search(expected, p) for p in problems), problems


def it_uses_a_register_of_its_own_markers(tmp_path):
    files = dict(SUMMIT, **{"documents.yaml": REGISTER})
    files["book.yaml"] = files["book.yaml"].replace("  - module: closing\n", "  - module: documents\n")
    document = document_for(load_book(write_book(tmp_path / "b", files)), "en")
    legend = next(b for b in document.blocks if isinstance(b, tree.Table) and b.role == "legend")
    assert legend.rows == (("†", "Commercial"),)
    assert [b.marker for b in document.blocks if isinstance(b, tree.Entry)] == ["†"]


TABLE = """\
blocks:
  - table:
      header: [{en: "Year", ja: "年"}, {en: "Value", ja: "値"}]
      align: [left, right]
      rows:
        - ["2020", 1234.5]
"""


@pytest.mark.parametrize(("edit", "expected"), [
    (("align: [left, right]", "align: [left, middle]"),
     r"trade_talks\.yaml:4: blocks\[0\]\.table\.align\[1\]: unknown value 'middle'; expected one of: left, right, center"),
    (('["2020", 1234.5]', '["2020", 1234.5, 7]'),
     r"trade_talks\.yaml:6: blocks\[0\]\.table\.rows\[0\]: 3 cells, but the header has 2"),
    (("align: [left, right]", "align: [left]"), r"trade_talks\.yaml:4: blocks\[0\]\.table\.align: 1 alignments for 2 columns"),
])
def it_reports_table_mistakes(tmp_path, edit, expected):
    book = write_book(tmp_path / "b", dict(SUMMIT, **{"trade_talks.yaml": TABLE.replace(*edit)}))
    problems = problems_of(book)
    assert any(re.search(expected, p) for p in problems), problems


def it_formats_table_numbers_per_locale(tmp_path):
    book = load_book(write_book(tmp_path / "b", dict(SUMMIT, **{"trade_talks.yaml": TABLE})))
    rows = {locale: next(b for b in document_for(book, locale).blocks
                         if isinstance(b, tree.Table) and b.role == "data").rows for locale in ("en", "ja")}
    assert rows == {"en": (("2020", "1,234.5"),), "ja": (("2020", "1,234.5"),)}
    from decimal import Decimal
    from briefing.i18n.localizer import Localizer

    assert Localizer("ru").number(Decimal("1234.5")) == "1\xa0234,5"


FIGURE = """\
blocks:
  - figure:
      image: {path}
      caption: {{en: "Chart", ja: "図"}}
      alt: {{en: "A chart", ja: "図表"}}
"""


def _figure_book(tmp_path, path, make=None):
    book = write_book(tmp_path / "b", dict(SUMMIT, **{"trade_talks.yaml": FIGURE.format(path=path)}))
    if make:
        make(book)
    return book


@pytest.mark.parametrize(("path", "make", "expected"), [
    ("missing.png", None, r"trade_talks\.yaml:3: figure 'missing\.png': .*no such file"),
    ("../outside.png", lambda b: Image.new("RGB", (4, 4)).save(b.parent / "outside.png"),
     r"trade_talks\.yaml:3: figure '\.\./outside\.png': .*outside the book folder"),
    ("link.png", lambda b: (Image.new("RGB", (4, 4)).save(b / "real.png"), (b / "link.png").symlink_to(b / "real.png")),
     r"trade_talks\.yaml:3: figure 'link\.png': .*link"),
    ("fake.png", lambda b: (b / "fake.png").write_text("not an image"), r"trade_talks\.yaml:3: figure 'fake\.png': "),
    ("photo.png", lambda b: Image.new("RGB", (4, 4)).save(b / "photo.png", format="JPEG"),
     r"trade_talks\.yaml:3: figure 'photo\.png': "),
])
def it_reports_figure_mistakes(tmp_path, path, make, expected):
    problems = problems_of(_figure_book(tmp_path, path, make))
    assert any(re.search(expected, p) for p in problems), problems


def it_keeps_table_words_whole_in_the_word_draft(tmp_path):
    """Word and LibreOffice hyphenate the draft; a narrow table column would break "Japan's ex-ports"."""
    import re
    import zipfile

    result = run_briefing("build", str(SECOND), "-l", "ja+en", "-f", "docx", "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    body = zipfile.ZipFile(tmp_path / "2010-11-19-japan-mongolia.ja+en.docx").read("word/document.xml").decode()
    cell = next(c for c in re.findall(r"<w:tc>.*?</w:tc>", body) if "Japan&apos;s exports" in c or "Japan's exports" in c)
    assert "<w:suppressAutoHyphens/>" in cell
