"""Print-ready output: contents, markings, drafts, crop marks, metadata, Word structure, user styles, reproducible bytes."""

from __future__ import annotations

import json
import re
from collections import Counter
import subprocess
import zipfile

import docx
import pytest

from briefing import tree
from briefing.building.build import document_for
from briefing.content import load_book

from conftest import EPOCH, SAMPLE, require_tool, run_briefing

NAME = SAMPLE.name
MM = 72 / 25.4


def build(out, *options: str, locales=("en",), formats=("pdf", "docx")) -> dict[str, object]:
    arguments = ["build", str(SAMPLE), "-o", str(out), *options]
    for locale in locales:
        arguments += ["-l", locale]
    for fmt in formats:
        arguments += ["-f", fmt]
    result = run_briefing(*arguments, env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 0, result.stderr
    return {f"{locale}.{fmt}": out / f"{NAME}.{locale}.{fmt}" for locale in locales for fmt in formats}


@pytest.fixture(scope="module")
def marked(tmp_path_factory):
    """Every locale and a pair, as a draft with a marking the book translates, in print mode."""
    out = tmp_path_factory.mktemp("marked")
    return build(out, "--marking", "SECRET", "--draft", "--crop-marks", locales=("en", "ja", "ru", "ja+en"))


def pdftotext(path, *options) -> str:
    return subprocess.run([require_tool("pdftotext"), *options, str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


def pages_of(path) -> list[str]:
    return pdftotext(path).split("\f")[:-1]


def qpdf_json(path) -> dict:
    return json.loads(subprocess.run([require_tool("qpdf"), "--json", str(path)],
                                     capture_output=True, text=True, check=True).stdout)


def diagonal_text(path) -> list[Counter]:
    """Per page, the characters set diagonally: all text less the text pdftotext -nodiag keeps."""
    def letters(*options):
        return [Counter(re.sub(r"\s+", "", page)) for page in pdftotext(path, *options).split("\f")[:-1]]

    return [every - straight for every, straight in zip(letters(), letters("-nodiag"))]


@pytest.mark.parametrize("locale, marking, draft", [
    ("en", "SECRET", "DRAFT"), ("ja", "極秘", "案"), ("ru", "Секретно", "ПРОЕКТ"), ("ja+en", "極秘", "案DRAFT")])
def it_marks_and_watermarks_every_pdf_page_in_the_language(marked, locale, marking, draft):
    pages = pages_of(marked[f"{locale}.pdf"])
    assert len(pages) >= 4
    for number, (text, diagonal) in enumerate(zip(pages, diagonal_text(marked[f"{locale}.pdf"])), 1):
        assert text.count(marking) >= 2, f"page {number}"
        # -nodiag also drops a few straight characters near the watermark; what it must drop is the watermark.
        assert Counter(draft) <= diagonal, f"page {number}: {diagonal}"


def it_marks_bilingual_pages_in_both_languages(marked):
    for text in pages_of(marked["ja+en.pdf"]):
        assert text.count("極秘") >= 2 and text.count("SECRET") >= 2


@pytest.mark.parametrize("locale, marking, draft", [
    ("en", "SECRET", "DRAFT"), ("ja", "極秘", "案"), ("ru", "Секретно", "ПРОЕКТ"), ("ja+en", "SECRET", "案 / DRAFT")])
def it_marks_and_watermarks_the_word_draft(marked, locale, marking, draft):
    with zipfile.ZipFile(marked[f"{locale}.docx"]) as package:
        header = next(package.read(n).decode() for n in package.namelist() if n.startswith("word/header"))
        footer = next(package.read(n).decode() for n in package.namelist() if n.startswith("word/footer"))
    assert marking in header and marking in footer
    assert f'string="{draft}"' in header and "v:textpath" in header


def it_puts_each_a4_page_on_a_sheet_with_bleed_and_trim_boxes(marked):
    data = qpdf_json(marked["ja.pdf"])
    pages = data["pages"]
    objects = data["qpdf"][1]
    for page in pages:
        box = objects[f"obj:{page['object']}"]["value"]
        trim, bleed, media = box["/TrimBox"], box["/BleedBox"], box["/MediaBox"]
        assert round(trim[2] - trim[0], 1) == 595.3 and round(trim[3] - trim[1], 1) == 841.9
        assert all(round(abs(b - t) / MM, 2) == 3.0 for b, t in zip(bleed, trim))
        assert media[0] < bleed[0] and media[2] > bleed[2]


def it_leaves_plain_a4_without_print_mode(built_en):
    data = qpdf_json(built_en["pdf"])
    objects = data["qpdf"][1]
    for page in data["pages"]:
        box = objects[f"obj:{page['object']}"]["value"]
        assert "/TrimBox" not in box and [round(v, 1) for v in box["/MediaBox"]] == [0, 0, 595.3, 841.9]


def contents_rows(path) -> list[tuple[str, int]]:
    """(entry text, page number) of each contents line on page 1, read from word boxes: text left, number right."""
    import xml.etree.ElementTree as ET

    xml = re.sub(r'\sxmlns="[^"]+"', "", pdftotext(path, "-bbox", "-f", "1", "-l", "1"), count=1)
    lines: dict[float, list] = {}
    for word in ET.fromstring(xml).iter("word"):
        lines.setdefault(round(float(word.get("yMin"))), []).append(word)
    rows = []
    for _, words in sorted(lines.items()):
        words.sort(key=lambda w: float(w.get("xMin")))
        last = words[-1]
        if last.text.isdigit() and float(last.get("xMax")) > 520 and len(words) > 1:
            rows.append((" ".join(w.text for w in words[:-1]), int(last.text)))
    return rows


def it_lists_every_section_on_the_contents_page_with_its_page_and_a_link(built_en):
    document = document_for(load_book(SAMPLE), "en")
    headings = [b.display() for b in document.blocks if isinstance(b, tree.Heading)]
    pages = [re.sub(r"\s+", " ", page) for page in pages_of(built_en["pdf"])]
    assert "Contents" in pages[0]
    rows = contents_rows(built_en["pdf"])
    found = 0
    for text, page in rows:
        heading = next(h for h in headings if h.startswith(text))  # a wrapped entry shows its first line
        # The page printed beside the entry is the page the heading stands on.
        assert heading[:25] in pages[page - 1], (heading, page)
        found += 1
    assert found == len(headings)
    data = qpdf_json(built_en["pdf"])
    objects = data["qpdf"][1]
    first_page = objects[f"obj:{data['pages'][0]['object']}"]["value"]
    assert len(first_page.get("/Annots", [])) == len(headings)


def it_mirrors_the_contents_in_the_outline_in_the_book_language(marked):
    for locale, first in (("ja", "ポイント"), ("ru", "Основные итоги"), ("en", "Summary")):
        outlines = qpdf_json(marked[f"{locale}.pdf"])["outlines"]
        assert outlines[0]["title"] == first


@pytest.mark.parametrize("locale, lang", [("en", "en-GB"), ("ja", "ja-JP"), ("ru", "ru-RU")])
def it_fills_pdf_metadata_in_the_book_language(marked, locale, lang):
    info = subprocess.run([require_tool("pdfinfo"), str(marked[f"{locale}.pdf"])],
                          capture_output=True, text=True, check=True).stdout
    book = load_book(SAMPLE)
    assert f"Title:           {book.title[locale]}" in info.replace("\u00a0", " ") or book.title[locale][:10] in info
    assert f"Author:          {book.author[locale]}" in info
    assert "Creator:         briefing" in info and "Keywords:" in info and "Subject:" in info
    catalog = json.dumps(qpdf_json(marked[f"{locale}.pdf"])["qpdf"][1], ensure_ascii=False)
    assert f'"/Lang": "u:{lang}"' in catalog


def it_gives_word_a_toc_field_with_a_cached_linked_list(built_en):
    with zipfile.ZipFile(built_en["docx"]) as package:
        body = package.read("word/document.xml").decode("utf-8")
    assert 'TOC \\o "1-3" \\h \\z \\u' in body
    anchors = re.findall(r'<w:hyperlink w:anchor="(_Toc_briefing_\d+)"', body)
    bookmarks = re.findall(r'<w:bookmarkStart w:id="\d+" w:name="(_Toc_briefing_\d+)"/>', body)
    assert anchors and anchors == bookmarks
    assert "<w:updateFields" not in body


def it_builds_word_structure_people_can_work_in(built_en):
    with zipfile.ZipFile(built_en["docx"]) as package:
        body = package.read("word/document.xml").decode("utf-8")
        styles = package.read("word/styles.xml").decode("utf-8")
    assert '<w:pgSz w:w="11906" w:h="16838"/>' in body  # A4 in twentieths of a point
    assert '<w:tblHeader w:val="true"/>' in body and '<w:cantSplit w:val="true"/>' in body
    heading1 = re.search(r'<w:style w:type="paragraph" w:styleId="Heading1">.*?</w:style>', styles, re.S).group(0)
    assert "<w:keepNext/>" in heading1


def it_takes_styles_from_a_reference_document(tmp_path):
    reference = tmp_path / "reference.docx"
    result = run_briefing("reference-docx", str(reference))
    assert result.returncode == 0, result.stderr
    styled = docx.Document(str(reference))
    assert {"Title", "Heading 1", "Briefing List 1", "Register Entry", "Legend Table"} <= {s.name for s in styled.styles}
    from docx.shared import Pt, RGBColor

    styled.styles["Heading 1"].font.color.rgb = RGBColor(0x12, 0x80, 0x12)
    styled.styles["Heading 1"].font.size = Pt(21)
    styled.save(str(reference))
    out = tmp_path / "out"
    build(out, "--reference-docx", str(reference), formats=("docx",))
    draft = docx.Document(str(out / f"{NAME}.en.docx"))
    heading = draft.styles["Heading 1"]
    assert heading.font.color.rgb == RGBColor(0x12, 0x80, 0x12) and heading.font.size == Pt(21)
    assert [p.style.name for p in draft.paragraphs if p.text == "Summary"] == ["TOC 1", "Heading 1"]


def it_refuses_a_missing_reference_document(tmp_path):
    result = run_briefing("build", str(SAMPLE), "-o", str(tmp_path / "out"), "--reference-docx", str(tmp_path / "no.docx"))
    assert result.returncode == 1 and "no.docx:1: reference document not found" in result.stderr


@pytest.mark.parametrize("locale", ["en", "ja", "ru", "ja+en"])
def it_never_leaves_a_heading_or_a_single_line_at_a_page_edge(marked, locale):
    document = document_for(load_book(SAMPLE), locale)
    blocks = [b.left if isinstance(b, tree.Aligned) else b for b in document.blocks]
    headings = {re.sub(r"\s+", "", b.display()) for b in blocks if isinstance(b, tree.Heading)}
    contents_title = re.sub(r"\s+", "", document.meta.labels["contents"])
    for number, text in enumerate(pages_of(marked[f"{locale}.pdf"])[:-1], 1):
        lines = [re.sub(r"\s+", "", line) for line in text.splitlines() if line.strip()]
        if contents_title in lines:
            continue  # the contents page lists headings as its lines; they are not headings there
        body = [line for line in lines if not re.search(r"\d+\s*(of|из|／)", line)]
        tail = body[-4:]
        assert not any(line in headings for line in tail[-2:]), (number, tail)


def it_rebuilds_every_output_byte_for_byte(tmp_path, built_default):
    again = tmp_path / "again"
    result = run_briefing("build", str(SAMPLE), "-o", str(again), "-j", "2", env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in built_default.iterdir())
    assert names == sorted(p.name for p in again.iterdir())
    for name in names:
        assert (again / name).read_bytes() == (built_default / name).read_bytes(), name


def it_writes_a_manifest_of_outputs_and_inputs(built_default):
    import hashlib

    manifest = json.loads((built_default / f"{NAME}.manifest.json").read_text(encoding="utf-8"))
    assert manifest["tool"]["name"] == "briefing" and manifest["book"] == NAME
    for output in manifest["outputs"]:
        assert hashlib.sha256((built_default / output["file"]).read_bytes()).hexdigest() == output["sha256"]
    kinds = {entry["kind"] for entry in manifest["inputs"]}
    assert {"content", "template", "catalog", "theme", "font"} <= kinds
    files = {entry["file"] for entry in manifest["inputs"]}
    assert "book.yaml" in files and "appendix.yaml" in files
    content = next(e for e in manifest["inputs"] if e["file"] == "book.yaml")
    assert hashlib.sha256((SAMPLE / "book.yaml").read_bytes()).hexdigest() == content["sha256"]
