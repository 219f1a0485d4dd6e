"""The English book built through the command line and read back with tools nobody here wrote."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile

import docx

from conftest import EPOCH, SAMPLE, require_tool, run_briefing
from reference_text import normalize, paragraphs

# The body frame of the default theme, in points: header and footer lie outside it.
PAGE_HEIGHT, TOP, BOTTOM = 842, 24 * 72 / 25.4, 22 * 72 / 25.4


def pdf_pages(path) -> int:
    info = subprocess.run([require_tool("pdfinfo"), str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def body_text(path, page: int) -> str:
    """The text of one page's body frame, without running header and footer."""
    return subprocess.run(
        [require_tool("pdftotext"), "-r", "72", "-f", str(page), "-l", str(page), "-x", "0", "-y", str(int(TOP)),
         "-W", "595", "-H", str(int(PAGE_HEIGHT - TOP - BOTTOM)), str(path), "-"],
        capture_output=True, text=True, check=True).stdout


def page_text(path, page: int) -> str:
    return subprocess.run([require_tool("pdftotext"), "-f", str(page), "-l", str(page), str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


def it_passes_qpdf_check(built_en):
    result = subprocess.run([require_tool("qpdf"), "--check", str(built_en["pdf"])], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def it_embeds_every_font_as_a_subset(built_en):
    listing = subprocess.run([require_tool("pdffonts"), str(built_en["pdf"])],
                             capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert listing, "no fonts listed"
    for row in listing:
        name, emb, sub = row.split()[0], row.split()[-5], row.split()[-4]
        assert (emb, sub) == ("yes", "yes"), row
        assert "+" in name and "Helvetica" not in name, row


def it_is_a4_with_title_metadata_and_language(built_en):
    info = subprocess.run([require_tool("pdfinfo"), str(built_en["pdf"])], capture_output=True, text=True).stdout
    assert "Page size:       595.276 x 841.89 pts (A4)" in info
    assert "Title:           Meeting Between Prime Minister Taro Aso" in info
    catalog = subprocess.run([require_tool("qpdf"), "--json", str(built_en["pdf"])],
                             capture_output=True, text=True, check=True).stdout
    assert '"/Lang": "u:en-GB"' in catalog


def it_gives_back_every_paragraph_of_the_source_in_the_pdf(built_en):
    from pdf_structure import struct_text

    # As a screen reader reads the tagged PDF (poppler): page furniture left out, hyphenated words whole.
    text = normalize(" ".join(text for _, text in struct_text(built_en["pdf"])).replace("\u00ad", ""))
    missing = [p for p in paragraphs() if p not in text]
    assert missing == []


def it_numbers_pages_and_marks_every_one(built_en):
    pages = pdf_pages(built_en["pdf"])
    assert pages >= 3
    for page in range(1, pages + 1):
        text = page_text(built_en["pdf"], page)
        assert f"Page {page} of {pages}" in text and "Aso–Putin Meeting, May 12, 2009" in text
        # A public overview declares no classification, so no page prints one.
        assert "UNCLASSIFIED" not in text and "CONFIDENTIAL" not in text


def it_never_leaves_a_heading_at_the_foot_of_a_page(built_en):
    from briefing.building.build import document_for
    from briefing.content import load_book
    from briefing import tree

    document = document_for(load_book(SAMPLE), "en")
    headings = {normalize(f"{b.label} {b.text}") for b in document.blocks if isinstance(b, tree.Heading)}
    for page in range(1, pdf_pages(built_en["pdf"])):
        lines = [normalize(line) for line in body_text(built_en["pdf"], page).splitlines() if line.strip()]
        assert lines[-1] not in headings, f"page {page} ends with heading {lines[-1]!r}"


def it_bookmarks_every_section(built_en):
    data = json.loads(subprocess.run([require_tool("qpdf"), "--json", "--json-key=outlines", str(built_en["pdf"])],
                                     capture_output=True, text=True, check=True).stdout)

    def titles(items):
        for item in items:
            yield item["title"]
            yield from titles(item["kids"])

    found = list(titles(data["outlines"]))
    for title in ("Summary", "1. General Remarks (Significance of the Meeting)", "(1) Northern Territories Issue",
                  "(e) Protective Tariffs Imposed by Russia", "3. International Situations", "Appendix",
                  "Documents Signed between Bodies Other than Governments"):
        assert title in found


def libreoffice_text(path, out_dir) -> str:
    """The document as LibreOffice reads it, list numbers included, as plain text."""
    result = subprocess.run(
        [require_tool("soffice"), f"-env:UserInstallation=file://{out_dir}/profile", "--headless",
         "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(out_dir), str(path)],
        capture_output=True, text=True, timeout=240)
    converted = out_dir / path.with_suffix(".txt").name
    assert result.returncode == 0 and converted.exists(), result.stdout + result.stderr
    return converted.read_text(encoding="utf-8-sig")


def it_gives_back_every_paragraph_of_the_source_in_the_docx(built_en, tmp_path):
    # Through LibreOffice, because list labels are Word numbering, not text in the paragraphs.
    text = normalize(libreoffice_text(built_en["docx"], tmp_path))
    missing = [p for p in paragraphs() if p not in text]
    assert missing == []


def it_numbers_docx_lists_with_word_numbering(built_en):
    with zipfile.ZipFile(built_en["docx"]) as package:
        body = package.read("word/document.xml").decode("utf-8")
        numbering = package.read("word/numbering.xml").decode("utf-8")
    assert body.count("<w:numPr>") >= 6 + 5 + 3
    assert '<w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%1)"/>' in numbering
    assert '<w:numFmt w:val="lowerRoman"/><w:lvlText w:val="(%1)"/>' in numbering
    assert "(a)\t" not in body and "Prime Minister Aso conveyed" in body


def it_styles_the_docx_with_named_styles(built_en):
    document = docx.Document(str(built_en["docx"]))
    styles = {p.text: p.style.name for p in document.paragraphs}
    assert styles["Summary"] == "Heading 1"
    assert styles["(1) Northern Territories Issue"] == "Heading 2"
    assert styles["(a) Cooperation in the Russian Far East and Eastern Siberia"] == "Heading 3"
    assert document.paragraphs[0].style.name == "Title"
    assert any(s.startswith("Briefing List") for s in styles.values())
    legend = next(t for t in document.tables if t.rows[0].cells[0].text == "Marker")
    assert legend.style.name == "Legend Table"
    assert [c.text for c in legend.rows[0].cells] == ["Marker", "Meaning"]
    assert [r.cells[0].text for r in legend.rows[1:]] == ["◎", "●", "*"]
    assert document.core_properties.title.startswith("Meeting Between") and document.core_properties.language == "en-GB"


def it_puts_title_marking_and_page_fields_in_header_and_footer(built_en):
    with zipfile.ZipFile(built_en["docx"]) as package:
        parts = {name: package.read(name).decode("utf-8") for name in package.namelist() if name.endswith(".xml")}
    header = next(v for k, v in parts.items() if k.startswith("word/header"))
    footer = next(v for k, v in parts.items() if k.startswith("word/footer"))
    assert "Aso–Putin Meeting, May 12, 2009" in header and "UNCLASSIFIED" not in header
    assert "> PAGE <" in footer and "> NUMPAGES <" in footer and "UNCLASSIFIED" not in footer
    assert '<w:tblHeader w:val="true"/>' in parts["word/document.xml"]


def it_converts_in_libreoffice(built_en, tmp_path):
    soffice = require_tool("soffice")
    result = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(built_en["docx"])],
        capture_output=True, text=True, timeout=240)
    converted = tmp_path / built_en["docx"].with_suffix(".pdf").name
    assert result.returncode == 0 and converted.exists(), result.stdout + result.stderr
    text = normalize(subprocess.run([require_tool("pdftotext"), str(converted), "-"],
                                    capture_output=True, text=True, check=True).stdout)
    assert "Page 1 of" in text and "Documents of International Commitment" in text


def it_rebuilds_byte_identical_files_with_source_date_epoch(built_en, tmp_path):
    result = run_briefing("build", str(SAMPLE), "-l", "en", "-o", str(tmp_path), env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 0, result.stderr
    for fmt in ("pdf", "docx"):
        assert (tmp_path / built_en[fmt].name).read_bytes() == built_en[fmt].read_bytes(), fmt
