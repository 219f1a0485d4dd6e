"""Line breaking per language: Russian and English hyphenation, Japanese phrases, short last lines, list indents, page furniture."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
import zipfile

import pytest

import briefing.writers.pdf  # noqa: F401  (pins ReportLab's settings, installs the kinsoku splitters)
from briefing import tree
from briefing.building.build import document_for
from briefing.content import load_book
from briefing.fonts import find_face
from briefing.i18n import languages
from briefing.writers import docx as docx_writer
from briefing.writers import pdf as pdf_writer
from briefing.writers.pdf import hyphenation, kinsoku
from briefing.writers.pdf.fonts import register
from briefing.writers.pdf.hyphenation import HyphenatedParagraph, Hyphenator, hyphenating_style
from briefing.writers.pdf.kinsoku import PhraseParagraph, kinsoku_word_split
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle

from conftest import SAMPLE, require_tool
from word_gaps import widest_gaps

NAME = SAMPLE.name
RUSSIAN = ("Стороны подтвердили намерение продолжить сотрудничество в области мирного использования атомной "
           "энергии и заключили соглашение о сотрудничестве в мирном использовании атомной энергии, которое "
           "подписали Председатель Правительства Путин и Премьер-министр Асо в присутствии представителей.")


@pytest.fixture(scope="module")
def faces() -> dict[str, str]:
    names = {}
    for key, family in (("sans", "Liberation Serif"), ("mincho", "IPAexMincho"), ("gothic", "IPAexGothic")):
        face = find_face(family)
        names[key] = register(face.name, face.path)
    return names


def broken_lines(paragraph, width: float) -> list[str]:
    paragraph.wrap(width, 10_000)
    para = paragraph.blPara
    if para.kind == 0:
        return [" ".join(words) for _, words in para.lines]
    return ["".join(f.text for f in line.words if hasattr(f, "text")) for line in para.lines]


def russian(text: str, width: float, font: str) -> list[str]:
    style = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=14, alignment=TA_JUSTIFY)
    return broken_lines(HyphenatedParagraph(text, hyphenating_style(style, "ru", text)), width)


# -- hyphenation ---------------------------------------------------------------------------------------------

def it_hyphenates_a_russian_paragraph_by_the_dictionary(faces):
    lines = russian(RUSSIAN, 180, faces["sans"])
    hyphenated = [line for line in lines[:-1] if line.endswith("-")]
    assert hyphenated, lines
    assert "".join(line[:-1] if line.endswith("-") else line + " " for line in lines).split() == RUSSIAN.split()
    for line in hyphenated:  # two letters at least before the hyphen
        assert re.search(r"[а-яё]{2}-$", line), line


def it_leaves_names_short_words_and_the_last_word_whole():
    hyphenator = Hyphenator("ru", last_word="представителей")
    assert not hyphenator.allows("Путин") and not hyphenator.allows("Председатель")
    assert not hyphenator.allows("мира")  # under five letters
    assert not hyphenator.allows("представителей")
    assert hyphenator.allows("сотрудничество")
    assert all(len(head) >= 2 and len(tail) >= 2 for head, tail in hyphenator("сотрудничество"))
    english = Hyphenator("en")
    assert english.allows("cooperation") and not english.allows("Vladivostok") and not english.allows("peace")
    assert all(len(tail) >= 3 for _, tail in english("cooperation"))


def it_never_hyphenates_a_capitalized_word_in_a_paragraph(faces):
    text = "Договорённость подписали Председатель Правительства Владимир Владимирович Путин и Премьер-министр Таро Асо " * 3
    for width in (120, 150, 180, 210):
        for line in russian(text, width, faces["sans"]):
            assert not re.search(r"(^| )[А-ЯЁ]\w*-$", line), line


AGREEMENT = ("Стороны подтвердили намерение продолжить сотрудничество в области мирного использования атомной "
             "энергии и заключили соглашение о сотрудничестве в мирном использовании атомной энергии, которое "
             "подписали руководители ведомств в присутствии представителей делегаций обеих стран.")


def hyphen_lines(lines: list[str]) -> list[int]:
    return [index for index, line in enumerate(lines) if line.endswith("-")]


@pytest.mark.parametrize("width", [155, 195, 235, 345])
def it_avoids_two_hyphenated_lines_in_a_row(faces, width, monkeypatch):
    def consecutive(lines):
        ends = hyphen_lines(lines)
        return any(b == a + 1 for a, b in zip(ends, ends[1:]))

    monkeypatch.setattr(hyphenation, "RETRIES", 0)  # break once, as ReportLab alone would
    assert consecutive(russian(AGREEMENT, width, faces["sans"]))
    monkeypatch.undo()
    lines = russian(AGREEMENT, width, faces["sans"])
    assert not consecutive(lines) and hyphen_lines(lines), lines


def it_keeps_a_second_hyphen_when_refusing_it_would_open_a_wide_gap(faces):
    text = " ".join(["сотрудничество взаимодействие государственного международного"] * 6)
    style = ParagraphStyle("body", fontName=faces["sans"], fontSize=10.5, leading=14, alignment=TA_JUSTIFY)
    kept = 0
    for width in (200, 260, 320):
        paragraph = HyphenatedParagraph(text, hyphenating_style(style, "ru", text))
        lines = broken_lines(paragraph, width)
        ends = hyphen_lines(lines)
        if any(b == a + 1 for a, b in zip(ends, ends[1:])):
            kept += 1
            assert not paragraph.style.hyphenationLang.refused, (width, lines)
    assert kept  # this text of long words leaves no better choice at some width


def it_narrows_the_widest_word_gaps_of_the_russian_book(tmp_path, monkeypatch):
    require_tool("pdftotext")
    book = load_book(SAMPLE)
    document = document_for(book, "ru")
    hyphenated = tmp_path / "hyphenated.pdf"
    pdf_writer.write(document, str(hyphenated))
    # Against ReportLab's greedy breaking without hyphenation.
    from reportlab.platypus.paragraph import Paragraph

    from briefing.writers.pdf.compose import ComposedParagraph

    monkeypatch.setattr(ComposedParagraph, "breakLines", Paragraph.breakLines)
    monkeypatch.setattr("briefing.writers.pdf.writer.RULES", {})
    plain = tmp_path / "plain.pdf"
    pdf_writer.write(document, str(plain))
    before, after = widest_gaps(plain), widest_gaps(hyphenated)
    text_pages = range(1, min(len(before), len(after)))  # page 1 holds the contents' page numbers
    assert sum(after[p] for p in text_pages) < sum(before[p] for p in text_pages) * 0.85, (before, after)
    assert max(after[p] for p in text_pages) < max(before[p] for p in text_pages)


def it_turns_on_word_hyphenation_in_the_russian_draft(built_default):
    with zipfile.ZipFile(built_default / f"{NAME}.ru.docx") as package:
        settings = package.read("word/settings.xml").decode()
        styles = package.read("word/styles.xml").decode()
    assert '<w:autoHyphenation w:val="true"/><w:consecutiveHyphenLimit w:val="1"/>' in settings
    assert '<w:themeFontLang w:val="ru-RU"' in settings
    defaults = re.search(r"<w:docDefaults>.*?</w:docDefaults>", styles).group(0)
    assert 'w:val="ru-RU"' in defaults
    heading = re.search(r'<w:style [^>]*w:styleId="Heading1".*?</w:style>', styles).group(0)
    assert "<w:suppressAutoHyphens/>" in heading


# -- Japanese ---------------------------------------------------------------------------------------------

def japanese(text: str, width: float, font: str, phrases: bool) -> list[str]:
    style = ParagraphStyle("heading", fontName=font, fontSize=10, leading=14, wordWrap="CJK")
    cls = PhraseParagraph if phrases else briefing.writers.pdf.writer.Paragraph
    return broken_lines(cls(text, style), width)


@pytest.mark.parametrize("width", [120, 150, 200, 250])  # each name fits a line
def it_breaks_a_japanese_heading_between_phrases_not_inside_a_name(faces, width):
    heading = "麻生太郎総理大臣とウラジーミル・ウラジーミロヴィチ・プーチン・ロシア連邦首相との会談"
    lines = japanese(heading, width, faces["gothic"], phrases=True)
    assert "".join(lines) == heading
    for name in ("プーチン", "ウラジーミロヴィチ", "総理大臣", "会談"):
        assert name in heading and any(name in line for line in lines), (name, lines)


def it_breaks_japanese_body_text_anywhere_kinsoku_allows(faces):
    # Without phrases a line is filled to the measure: the name may break.
    body = "麻生太郎総理大臣とウラジーミル・ウラジーミロヴィチ・プーチン・ロシア連邦首相との会談"
    lines = japanese(body, 200, faces["mincho"], phrases=False)
    assert len(lines[0]) == 20


def it_pulls_characters_down_rather_than_end_on_ta(faces):
    text = "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほ" + "した。"[1:]
    lines = [line for _, line in kinsoku_word_split(text, [300.0], faces["mincho"], 10.0)]
    assert "".join(lines) == text and lines[-1] == "ほた。", lines
    paragraph = japanese(text, 300, faces["mincho"], phrases=False)
    assert len(paragraph[-1]) >= 3


def it_keeps_line_breaking_linear_on_a_run_that_may_not_start_a_line(faces):
    for char in "ー、」":
        lines = kinsoku_word_split(char * 20_000, [400.0], faces["mincho"], 10.0)
        assert sum(len(line) for _, line in lines) == 20_000
        assert len(lines) <= 20_000 // 30  # full lines, not a line per character


def it_lines_up_the_text_under_a_katakana_label_in_the_sample(built_default):
    xml = subprocess.run([require_tool("pdftotext"), "-bbox-layout", str(built_default / f"{NAME}.ja.pdf"), "-"],
                         capture_output=True, text=True, check=True).stdout
    root = ET.fromstring(re.sub(r'\sxmlns="[^"]+"', "", xml, count=1))
    checked = 0
    for block in root.iter("block"):
        lines = list(block.iter("line"))
        words = [list(line.iter("word")) for line in lines]
        if len(lines) > 1 and words[0] and re.fullmatch(r"（[アイウ]）", words[0][0].text or ""):
            text_start = float(words[0][1].get("xMin"))
            assert all(abs(float(line.get("xMin")) - text_start) < 0.5 for line in lines[1:]), words[0][0].text
            checked += 1
    assert checked >= 2


def it_sets_the_sample_titles_without_splitting_a_name(built_default):
    for target in ("ja", "ja+ru", "ja+en"):
        text = subprocess.run([require_tool("pdftotext"), "-f", "1", "-l", "1", str(built_default / f"{NAME}.{target}.pdf"),
                               "-"], capture_output=True, text=True, check=True).stdout
        title = [line for line in text.splitlines() if "麻生太郎" in line]
        assert title, target
        lines = [line for line in text.splitlines() if "会談（" not in line]  # not the running head
        for name in ("ウラジーミル", "ウラジーミロヴィチ", "プーチン", "連邦首相"):
            assert any(name in line for line in lines), (target, name)


# -- lists and page furniture ------------------------------------------------------------------------------

def it_marks_the_deepest_russian_level_with_a_dash_in_both_formats(built_default):
    assert languages.get("ru").numbering.label(4, 2) == "–"
    text = subprocess.run([require_tool("pdftotext"), str(built_default / f"{NAME}.ru.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert re.search(r"^–$", text, re.M) and not re.search(r"^i+\)", text, re.M)  # pdftotext: the label alone
    with zipfile.ZipFile(built_default / f"{NAME}.ru.docx") as package:
        numbering = package.read("word/numbering.xml").decode()
    assert '<w:numFmt w:val="bullet"/><w:lvlText w:val="–"/>' in numbering
    assert "lowerRoman" not in numbering


def it_dates_the_running_head_in_the_locales_style(built_default):
    for target, expected in (("ja", "麻生総理大臣とプーチン・ロシア首相との会談（平成21年5月12日）"),
                             ("ru", "Встреча Т. Асо и В.В. Путина, 12 мая 2009 г.")):
        text = subprocess.run([require_tool("pdftotext"), "-f", "2", "-l", "2", str(built_default / f"{NAME}.{target}.pdf"),
                               "-"], capture_output=True, text=True, check=True).stdout
        assert expected in re.sub(r"[\u00a0\u202f ]+", " ", text), target
        with zipfile.ZipFile(built_default / f"{NAME}.{target}.docx") as package:
            header = next(package.read(n).decode() for n in package.namelist() if n.startswith("word/header"))
        assert re.sub(r"[\u00a0\u202f ]+", " ", expected) in re.sub(r"[\u00a0\u202f ]+", " ", header), target


def small_document(marking: str, secondary_marking: str | None = None) -> tree.Document:
    secondary = None
    if secondary_marking is not None:
        secondary = tree.Meta(title="Т", short_title="Т", subject="", author="", marking=secondary_marking,
                              date="12 мая 2009 г.", language="ru-RU", labels={"page_of": "Страница {page} из {pages}",
                                                                               "draft": "ПРОЕКТ"})
    meta = tree.Meta(title="題", short_title="題", subject="", author="", marking=marking, date="平成21年5月12日",
                     language="ja-JP", labels={"page_of": "{page}／{pages}ページ", "draft": "案",
                                               "running_head": "{title}（{date}）"}, secondary=secondary)
    body = tree.Paragraph("本文。")
    return tree.Document(meta=meta, blocks=(tree.Aligned(body, tree.Paragraph("Текст.")) if secondary else body,))


@pytest.mark.parametrize("secondary", [None, ""])
def it_prints_no_marking_and_no_separator_when_there_is_none(tmp_path, secondary):
    document = small_document("", secondary)
    pdf_path, docx_path = tmp_path / "a.pdf", tmp_path / "a.docx"
    pdf_writer.write(document, str(pdf_path))
    docx_writer.write(document, str(docx_path))
    text = subprocess.run([require_tool("pdftotext"), str(pdf_path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "題（平成21年5月12日）" in text
    with zipfile.ZipFile(docx_path) as package:
        parts = [package.read(n).decode() for n in package.namelist() if re.match(r"word/(header|footer)", n)]
    assert all("<w:b/>" not in part and " / " not in part for part in parts)


def it_prints_the_one_marking_a_bilingual_page_has(tmp_path):
    document = small_document("", "Конфиденциально")
    docx_path = tmp_path / "a.docx"
    docx_writer.write(document, str(docx_path))
    with zipfile.ZipFile(docx_path) as package:
        header = next(package.read(n).decode() for n in package.namelist() if n.startswith("word/header"))
    assert "Конфиденциально" in header and " / " not in header


def it_narrows_the_widest_word_gaps_of_the_russian_draft_in_libreoffice(built_default, tmp_path):
    """Word's automatic hyphenation as LibreOffice applies it (with Debian's hyphen-ru patterns)."""
    source = built_default / f"{NAME}.ru.docx"
    plain = tmp_path / "plain" / source.name
    plain.parent.mkdir()
    with zipfile.ZipFile(source) as package, zipfile.ZipFile(plain, "w") as out:
        for item in package.infolist():
            data = package.read(item.filename)
            if item.filename == "word/settings.xml":
                data = data.replace(b'<w:autoHyphenation w:val="true"/>', b"")
            out.writestr(item, data)
    gaps = {}
    for name, path in (("hyphenated", source), ("plain", plain)):
        out_dir = tmp_path / name
        out_dir.mkdir(exist_ok=True)
        result = subprocess.run(
            [require_tool("soffice"), f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
             "--convert-to", "pdf", "--outdir", str(out_dir), str(path)], capture_output=True, text=True, timeout=240)
        assert result.returncode == 0, result.stderr
        gaps[name] = widest_gaps(out_dir / f"{NAME}.ru.pdf", require_tool("pdftotext"))
    pages = range(1, min(len(gaps["plain"]), len(gaps["hyphenated"])))
    assert sum(gaps["hyphenated"][p] for p in pages) < sum(gaps["plain"][p] for p in pages) * 0.85, gaps


def it_hangs_a_wide_word_label_in_an_indent_wide_enough(built_default):
    """（ア） is three ems: Word would push the text to the next tab stop if the hanging indent were narrower."""
    with zipfile.ZipFile(built_default / f"{NAME}.ja.docx") as package:
        numbering = package.read("word/numbering.xml").decode()
    definitions = re.findall(r'<w:lvlText w:val="（%1）"/>.*?<w:ind w:left="(\d+)" w:hanging="(\d+)"/>', numbering)
    assert definitions
    for left, hanging in definitions:
        assert int(hanging) >= 3 * 10.5 * 20 and int(left) >= int(hanging)


def it_sets_cyrillic_list_items_ragged_in_a_bilingual_draft(built_default):
    with zipfile.ZipFile(built_default / f"{NAME}.ja+ru.docx") as package:
        styles = package.read("word/styles.xml").decode()
    variant = re.search(r'<w:style [^>]*w:styleId="[^"]*ru-RU[^"]*"[^>]*>(?:(?!</w:style>).)*?List(?:(?!</w:style>).)*</w:style>',
                        styles)
    assert variant and '<w:jc w:val="left"/>' in variant.group(0), variant


@pytest.mark.parametrize("target", ["ja", "ja+en", "ja+ru"])
def it_ends_no_japanese_paragraph_of_the_sample_on_one_or_two_characters(built_default, target):
    xml = subprocess.run([require_tool("pdftotext"), "-bbox-layout", str(built_default / f"{NAME}.{target}.pdf"), "-"],
                         capture_output=True, text=True, check=True).stdout
    root = ET.fromstring(re.sub(r'\sxmlns="[^"]+"', "", xml, count=1))
    lines = ["".join(w.text or "" for w in line.iter("word")) for line in root.iter("line")]
    short = [line for line in lines if len(line) <= 2 and line.endswith("。")]
    assert short == []


@pytest.mark.parametrize("unit", ["сотрудн", "сотрудничество ", "Путин, "])
def it_hyphenates_a_hostile_paragraph_in_linear_time(faces, unit):
    """A run of 20,000 letters, or thousands of words: a few hundred milliseconds (the square of the
    length took 10 s for the run of letters; the bound leaves fifty times the linear cost for a busy machine)."""
    import time

    style = ParagraphStyle("body", fontName=faces["sans"], fontSize=10.5, leading=14, alignment=TA_JUSTIFY)
    text = "слово " + unit * (20_000 // len(unit)) + " конец"
    start = time.perf_counter()
    HyphenatedParagraph(text, hyphenating_style(style, "ru", text)).wrap(450, 1e7)
    assert time.perf_counter() - start < 5.0
    assert hyphenation.last_word("ж" * 200_000 + " конец.") == "конец"
    assert not Hyphenator("ru").allows("сотрудн" * 10)  # longer than any word: left to ReportLab's own splitting
