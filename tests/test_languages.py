"""Chinese, Korean and French books, and a language added as data: each set in its own conventions in both formats."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile

import docx
import pytest

from briefing.book import model
from briefing.content import load_book
from briefing.i18n import languages
from briefing.book.nested import every

from conftest import EPOCH, ROOT, SAMPLE, require_tool, run_briefing

NAME = SAMPLE.name
HAN = re.compile(r"[\u3400-\u9fff]")
HANGUL = re.compile(r"[\uac00-\ud7a3]")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def pdf_text(path, *options) -> str:
    return subprocess.run([require_tool("pdftotext"), *options, str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


def bbox_lines(path) -> list[list[str]]:
    """The words of every line pdftotext finds, in reading order."""
    xml = re.sub(r'\sxmlns="[^"]+"', "", pdf_text(path, "-bbox-layout"), count=1)
    return [[w.text or "" for w in line.iter("word")] for line in ET.fromstring(xml).iter("line")]


def book_texts(locale: str) -> list[str]:
    """Every text the sample book prints in its pages, in `locale`, as the writers print it (typography applied).

    The author, the markings and the participants go to document properties, not the pages.
    """
    book = load_book(SAMPLE)
    printed = (book.title, book.subtitle, book.outline, book.modules, book.register)
    return [languages.get(locale).refine(text.by_locale[locale]) for text in every(printed, model.Text)
            if isinstance(text, model.Text) and locale in text.by_locale]


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def body_of(path, running: list[str]) -> str:
    """The PDF's text as its structure tree reads it (poppler), without white space; running heads and feet are
    artifacts, outside it, and a word hyphenated at a line end reads whole."""
    from pdf_structure import struct_text

    text = squeezed("".join(text for _, text in struct_text(path)).replace("\u00ad", ""))
    # The running head and foot are artifacts: their texts are not read (the numbered foot would be).
    assert not re.search(squeezed(running[-1]), text), "a running foot read as text"
    return text


RUNNING = {
    "zh": [r"麻生首相与普京总理会谈（2009年5月12日）", r"非密", r"第\d+页，共\d+页"],
    "ko": [r"아소 총리·푸틴 러시아 총리 회담\(2009년 5월 12일\)", r"비밀 지정 없음", r"\d+쪽 중 \d+쪽"],
    "fr": [r"Entretien Aso–Poutine, 12 mai 2009", r"NON CLASSIFIÉ", r"Page \d+ sur \d+"],
}


@pytest.mark.parametrize("locale, script, minimum", [("zh", HAN, 3000), ("ko", HANGUL, 3000)])
def it_gives_back_every_text_and_its_han_or_hangul(built_default, locale, script, minimum):
    body = body_of(built_default / f"{NAME}.{locale}.pdf", RUNNING[locale])
    texts = book_texts(locale)
    missing = [t for t in texts if squeezed(t) not in body]
    assert not missing, missing[:3]
    expected = sum(len(script.findall(t)) for t in texts)
    # Every text once, plus the contents (headings twice) and the labels: never fewer, and not many more.
    found = len(script.findall(body))
    assert minimum < expected <= found < expected * 1.25, (expected, found)


def it_gives_back_the_french_text_with_its_accents(built_default):
    body = body_of(built_default / f"{NAME}.fr.pdf", RUNNING["fr"])
    texts = book_texts("fr")
    missing = [t for t in texts if squeezed(t) not in body]
    assert not missing, missing[:3]
    accented = re.compile(r"[àâçéèêëîïôûùüÿœÀÂÇÉÈÊËÎÏÔÛÙÜŸŒ]")
    expected = sum(len(accented.findall(t)) for t in texts)
    assert 500 < expected <= len(accented.findall(body)) < expected * 1.25


def docx_words(path) -> set[str]:
    """The words of a Word draft, paragraph by paragraph as written (no line breaking), header and footer too."""
    words = set()
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", name):
                xml = package.read(name).decode("utf-8").replace("<w:tab/>", "<w:t> </w:t>")
                for paragraph in re.findall(r"<w:p[ >].*?</w:p>", xml):
                    words |= set("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", paragraph)).split())
    return words


@pytest.mark.parametrize("target", ["ko", "ko+en", "ja+ko"])
def it_never_breaks_a_korean_word(built_default, target):
    """Every word pdftotext finds on a line of a Korean PDF is a whole word of the same book's Word draft."""
    words = docx_words(built_default / f"{NAME}.{target}.docx")
    assert any("북방영토" in w for w in words)
    # Word numbers lists itself (numbering.xml) and the running head repeats book texts: their words too.
    book, korean = load_book(SAMPLE), languages.get("ko")
    words |= {korean.numbering.label(depth, n) for depth in range(1, 5) for n in range(1, 30)}
    words |= set(book.classification["ko"].split() if book.classification else ()) | set(book.short_title["ko"].split())
    checked = 0
    lines = bbox_lines(built_default / f"{NAME}.{target}.pdf")
    for index, line in enumerate(lines):
        # Korean may break after a middle dot (아시아·/태평양): that word is read across the line end.
        if line and line[-1].endswith("·") and index + 1 < len(lines) and lines[index + 1]:
            line = line[:-1] + [line[-1] + lines[index + 1][0]]
            lines[index + 1] = lines[index + 1][1:]
        for word in line:
            if HANGUL.search(word) and not re.fullmatch(r"\d+쪽", word):  # the running foot's page numbers
                assert word in words, (word, line)
                checked += 1
    assert checked > 1000


@pytest.mark.parametrize("target", ["zh", "zh+en", "ja+zh"])
def it_starts_no_chinese_line_with_a_prohibited_character(built_default, target):
    zh = languages.get("zh").breaking
    lines = 0
    for words in bbox_lines(built_default / f"{NAME}.{target}.pdf"):
        text = "".join(words)
        if not HAN.search(text):
            continue
        lines += 1
        assert text[0] not in zh.cannot_start, text
        assert text[-1] not in zh.cannot_end, text
    assert lines > 100


def it_keeps_french_spaces_as_the_right_characters(built_default):
    xml = zipfile.ZipFile(built_default / f"{NAME}.fr.docx").read("word/document.xml").decode("utf-8")
    text = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))
    assert "suivants\u00a0:" in text and "opposé\u202f;" in text and "M.\u00a0Yoshiro" in text
    # No ordinary space before high punctuation and none missing, anywhere in the French text.
    assert not re.search(r"[^\u202f\s][;!?](?=\s)", text), re.findall(r".{10}[^\u202f\s][;!?]\s", text)
    assert not re.search(r"[ \u202f][:]|[ ;!?]$", text.replace("\u00a0:", ""))
    # The PDF sets them narrow (no-break, a size smaller) or as a no-break space: the mark never starts a line.
    for target in ("fr", "en+fr", "fr+ru"):
        for words in bbox_lines(built_default / f"{NAME}.{target}.pdf"):
            assert words and words[0][0] not in ";:!?»", words


@pytest.mark.parametrize("target, tag, font", [
    ("zh", "zh-CN", "AR PL UMing CN"), ("ko", "ko-KR", "NanumMyeongjo"), ("fr", "fr-FR", "Liberation Serif"),
])
def it_tags_each_docx_with_its_language_and_east_asian_font(built_default, target, tag, font):
    styles = zipfile.ZipFile(built_default / f"{NAME}.{target}.docx").read("word/styles.xml")
    root = ET.fromstring(styles)
    normal = next(s for s in root.iter(W + "style") if s.get(W + "styleId") == "Normal")
    fonts, lang = normal.find(f"{W}rPr/{W}rFonts"), normal.find(f"{W}rPr/{W}lang")
    # Chinese and Korean fill the East Asian slot; their digits and Latin letters are English, which LibreOffice
    # keeps whole (tagged Chinese or Korean, it breaks them between any two characters).
    assert fonts.get(W + "eastAsia") == font and lang.get(W + "val") == (tag if target == "fr" else "en-US")
    assert lang.get(W + "eastAsia") == (tag if target != "fr" else "ja-JP")
    assert docx.Document(str(built_default / f"{NAME}.{target}.docx")).core_properties.language == tag
    qdf = subprocess.run([require_tool("qpdf"), "--qdf", "--object-streams=disable",
                          str(built_default / f"{NAME}.{target}.pdf"), "-"], capture_output=True).stdout
    assert f"/Lang ({tag})".encode() in qdf
    # Korean breaks between words in Word too: w:wordWrap on, which Word applies to Korean text.
    wrap = normal.find(f"{W}pPr/{W}wordWrap")
    assert (wrap is not None and wrap.get(W + "val") == "1") == (target == "ko")


@pytest.mark.parametrize("target, formats", [
    ("zh", ["chineseCounting", "decimal"]), ("ko", ["decimal", "ganada"]), ("fr", ["upperRoman", "decimal", "lowerLetter"]),
])
def it_numbers_word_lists_in_word_formats(built_default, target, formats):
    numbering = zipfile.ZipFile(built_default / f"{NAME}.{target}.docx").read("word/numbering.xml").decode()
    used = set(re.findall(r'<w:numFmt w:val="(\w+)"', numbering))
    assert set(formats) & used, used


@pytest.mark.parametrize("locale, samples", [
    ("zh", ["2009年5月12日", "一、总论", "（一）北方领土问题", "北方领土问题"]),
    ("ko", ["2009년 5월 12일", "1. 총론", "가. 북방영토 문제", "북방영토"]),
    ("fr", ["12 mai 2009", "I. Considérations générales", "A. Question des Territoires du Nord"]),
])
def it_prints_dates_numbering_and_terms_per_language(built_default, locale, samples):
    text = re.sub(r"[ \u00a0\u202f\u3000]+", " ", pdf_text(built_default / f"{NAME}.{locale}.pdf"))
    for sample in samples:
        assert sample in text


def it_converts_every_new_docx_with_libreoffice(built_default, tmp_path):
    soffice = require_tool("soffice")
    targets = ["zh", "ko", "fr", "ja+zh", "ja+ko", "zh+en", "ko+en", "en+fr", "fr+ru"]
    files = [str(built_default / f"{NAME}.{t}.docx") for t in targets]
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), *files],
                   capture_output=True, text=True, timeout=600, check=True)
    for target, script in zip(targets, [HAN, HANGUL, re.compile("é"), HAN, HANGUL, HAN, HANGUL, re.compile("é"), re.compile("é")]):
        converted = tmp_path / f"{NAME}.{target}.pdf"
        assert converted.exists(), target
        assert len(script.findall(pdf_text(converted))) > 100, target


# --- bad input --------------------------------------------------------------

def it_refuses_a_locale_without_conventions(book_copy):
    path = book_copy / "book.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("locales: [en, ja, ru, zh, ko, fr]", "locales: [en, de]"),
                    encoding="utf-8")
    line = next(n for n, l in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if l.startswith("locales:"))
    result = run_briefing("check", str(book_copy))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"book.yaml:{line}: locales: no language 'de': add de/language.toml" in result.stderr


def it_refuses_a_locale_with_conventions_but_no_catalog(book_copy, tmp_path):
    extra = tmp_path / "languages"
    shutil.copytree(FIXTURE_LANGUAGE, extra / "de")
    (extra / "de" / "LC_MESSAGES" / "briefing.po").unlink()
    path = book_copy / "book.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("locales: [en, ja, ru, zh, ko, fr]", "locales: [en, de]"),
                    encoding="utf-8")
    result = run_briefing("check", str(book_copy), env={"BRIEFING_LANGUAGES": str(extra)})
    assert result.returncode == 1
    assert "locales: 'de' has conventions" in result.stderr and "pybabel init" in result.stderr, result.stderr


def it_refuses_a_locale_whose_fonts_are_not_installed(book_copy, tmp_path):
    theme = tmp_path / "theme.toml"
    text = (ROOT / "briefing" / "themes" / "default.toml").read_text(encoding="utf-8")
    theme.write_text(text.replace('body = "NanumMyeongjo"', 'body = "Nanum No Such Face"'), encoding="utf-8")
    line = next(n for n, l in enumerate(theme.read_text(encoding="utf-8").splitlines(), 1) if "No Such Face" in l)
    result = run_briefing("check", str(book_copy), "--theme", str(theme))
    assert result.returncode == 1
    assert f"theme.toml:{line}: fonts for 'ko': font 'Nanum No Such Face' is not installed" in result.stderr


def it_refuses_a_korean_character_no_face_has(book_copy):
    path = book_copy / "international.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(n for n, l in enumerate(lines) if l.lstrip().startswith("ko: "))
    lines[number] = lines[number].replace('ko: "', 'ko: "\U0001F99C', 1)
    path.write_text("".join(lines), encoding="utf-8")
    key = max(n for n in range(number) if lines[n].rstrip().endswith(":"))  # the text's key line (title:)
    result = run_briefing("check", str(book_copy))
    assert result.returncode == 1
    assert f"international.yaml:{key + 1}: no configured 'ko' font has U+1F99C" in result.stderr, result.stderr
    assert "add a face that has it to [fonts.ko] fallback in the theme" in result.stderr


# --- a language added as data -------------------------------------------------

FIXTURE_LANGUAGE = ROOT / "tests" / "data" / "languages" / "de"


def it_adds_a_language_from_data_alone(tmp_path):
    """German from a fixture folder: conventions, a tiny catalog and theme fonts; no code changes."""
    extra = tmp_path / "languages"
    shutil.copytree(FIXTURE_LANGUAGE, extra / "de")
    book = tmp_path / "book"
    shutil.copytree(ROOT / "tests" / "data" / "german-book", book)
    theme = tmp_path / "theme.toml"
    theme.write_text((ROOT / "briefing" / "themes" / "default.toml").read_text(encoding="utf-8")
                     + (ROOT / "tests" / "data" / "languages" / "de-fonts.toml").read_text(encoding="utf-8"),
                     encoding="utf-8")
    out = tmp_path / "out"
    env = {"BRIEFING_LANGUAGES": str(extra), "SOURCE_DATE_EPOCH": EPOCH}
    result = run_briefing("build", str(book), "--theme", str(theme), "-o", str(out), env=env)
    assert result.returncode == 0, result.stderr
    pdf = re.sub(r"\s+", " ", pdf_text(out / "book.de.pdf"))
    # The catalog's label, Babel's German date, the fixture's numbering and its quotation rule.
    assert "Inhalt" in pdf and "12. Mai 2009" in pdf
    assert "§ 1 Allgemeines" in pdf and "„Nordterritorien“" in pdf
    assert "i. Erster Punkt" in pdf and "ii. Zweiter Punkt" in pdf
    qdf = subprocess.run([require_tool("qpdf"), "--qdf", "--object-streams=disable", str(out / "book.de.pdf"), "-"],
                         capture_output=True).stdout.decode("latin-1")
    assert "/Lang (de-DE)" in qdf
    document = zipfile.ZipFile(out / "book.de.docx").read("word/document.xml").decode("utf-8")
    styles = zipfile.ZipFile(out / "book.de.docx").read("word/styles.xml").decode("utf-8")
    assert 'w:val="de-DE"' in styles
    # The list whose level has no Word format carries its labels typed, before a tab.
    assert "<w:t>i.</w:t><w:tab/><w:t>Erster Punkt</w:t>" in document
    assert "<w:t>ii.</w:t><w:tab/><w:t>Zweiter Punkt</w:t>" in document
    assert (out / "book.en+de.pdf").exists() and (out / "book.en+de.docx").exists()


# --- the conventions themselves, on small inputs ----------------------------

NBSP, NNBSP = "\u00a0", "\u202f"


def it_spaces_french_punctuation_and_guillemets():
    fr = languages.get("fr")
    assert fr.refine('Il a dit : "oui" ; vraiment ? Non !') == (
        f"Il a dit{NBSP}: «{NBSP}oui{NBSP}»{NNBSP}; vraiment{NNBSP}? Non{NNBSP}!")
    assert fr.refine(f"M. Dupont, MM. Aso et Poutine, à 10:30 ; «{NBSP}déjà{NBSP}»") == (
        f"M.{NBSP}Dupont, MM.{NBSP}Aso et Poutine, à 10:30{NNBSP}; «{NBSP}déjà{NBSP}»")
    text = f"suivants{NBSP}: a{NNBSP}; b"
    assert fr.refine(fr.refine(text)) == fr.refine(text) == text  # typed right, left alone; idempotent


def it_makes_chinese_punctuation_full_width_after_han():
    assert languages.get("zh").refine("日本,俄罗斯:合作?好!APEC, G20") == "日本，俄罗斯：合作？好！APEC, G20"
    assert languages.get("ko").refine("일·러 관계, 2009년") == "일·러 관계, 2009년"


def it_breaks_each_cjk_paragraph_by_its_own_prohibition_sets():
    """The same text in a Chinese and a Japanese style: a line may start with ー in Chinese, never in Japanese."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from briefing.fonts import find_face
    from briefing.writers import pdf  # noqa: F401  (installs the line breaker)
    from briefing.writers.pdf.fonts import register

    face = find_face("IPAexMincho")
    register(face.name, face.path)
    width = 10 * 10  # ten characters of 10 pt
    text = "一二三四五六七八九十ーあいう"  # ten characters fill the line; ー comes eleventh

    def first_of_second_line(locale: str) -> str:
        breaking = languages.get(locale).breaking
        style = ParagraphStyle("p", fontName=face.name, fontSize=10, wordWrap="CJK",
                               kinsoku=(breaking.cannot_start, breaking.cannot_end))
        paragraph = Paragraph(text, style)
        paragraph.wrap(width + 0.1, 1000)
        lines = paragraph.blPara.lines
        return "".join(u for u in lines[1].words[0].text) if hasattr(lines[1], "words") else lines[1][1][0]

    assert first_of_second_line("zh")[0] == "ー"
    assert first_of_second_line("ja")[0] == "十"  # pushed out with it: ー never starts a Japanese line


def it_reports_a_broken_language_file_with_its_line(tmp_path, monkeypatch):
    folder = tmp_path / "xx"
    folder.mkdir()
    (folder / "language.toml").write_text('name = "X"\ntag = "xx-XX"\nnumbering = [\n  { counter = "abacus" },\n]\n',
                                          encoding="utf-8")
    monkeypatch.setenv("BRIEFING_LANGUAGES", str(tmp_path))
    problem = languages.problem("xx")
    assert problem is not None and f"{folder / 'language.toml'}:4: numbering: unknown counter 'abacus'" in problem
    (folder / "language.toml").write_text('name = "X"\ntag = \n', encoding="utf-8")
    languages._load.cache_clear()
    assert "language.toml:2: TOML syntax" in languages.problem("xx")
    assert "is not a language code" in languages.problem("../etc")


def it_indents_chinese_prose_two_characters(built_default):
    """Chinese paragraphs begin two characters in (GB/T 9704), in both formats; lists and other languages do not."""
    def first_line_indents(target: str) -> set[str]:
        xml = zipfile.ZipFile(built_default / f"{NAME}.{target}.docx").read("word/document.xml").decode("utf-8")
        return set(re.findall(r'w:firstLine="(\d+)"', xml))

    assert first_line_indents("zh") == {str(round(2 * 10.5 * 20))}  # two characters of 10.5 pt, in twips
    assert first_line_indents("en") == set() and first_line_indents("ko") == set()
    xml = re.sub(r'\sxmlns="[^"]+"', "", pdf_text(built_default / f"{NAME}.zh.pdf", "-bbox-layout"), count=1)
    paragraph = next(b for b in ET.fromstring(xml).iter("block") if len(list(b.iter("line"))) >= 3
                     and "".join(w.text or "" for w in b.iter("word")).startswith("普京总理于"))
    starts = [float(next(line.iter("word")).get("xMin")) for line in paragraph.iter("line")]
    assert abs(starts[0] - starts[1] - 21) < 1.5 and abs(starts[1] - starts[2]) < 0.5, starts


@pytest.mark.parametrize("target, words", [("en+fr", ["Marker", "Symbole"]), ("ko+en", ["Marker"]), ("ja+en", ["Marker"])])
def it_keeps_the_legend_header_whole_in_a_bilingual_column(built_default, target, words):
    found = {word for line in bbox_lines(built_default / f"{NAME}.{target}.pdf") for word in line}
    assert set(words) <= found, sorted(w for w in found if w.startswith(("Mark", "Symb")))
