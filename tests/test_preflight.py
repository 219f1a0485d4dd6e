"""The preflight report: what layout could not fix, noted by the PDF writer, printed by build at its file:line."""

from __future__ import annotations

import json

from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import SimpleDocTemplate

import briefing.writers.pdf  # noqa: F401  (pins ReportLab's settings)
from briefing.errors import Problem
from briefing.preflight import LOOSE, Finding, Preflight
from briefing.preflight.report import problem
from briefing.writers.pdf.compose import ComposedParagraph, Composer

from conftest import EPOCH, SAMPLE, run_briefing


def it_keeps_a_finding_noted_twice_once():
    preflight = Preflight("ja+en")
    preflight.note(LOOSE, 4, "summary.yaml:blocks[2].paragraph", "gaps")
    preflight.note(LOOSE, 4, "summary.yaml:blocks[2].paragraph", "gaps")  # ReportLab laid the page out again
    assert preflight.findings == [Finding("ja+en", 4, LOOSE, "summary.yaml:blocks[2].paragraph", "gaps")]


def it_names_a_finding_at_its_texts_file_and_line():
    finding = Finding("ja+en", 4, LOOSE, "summary.yaml:blocks[2].paragraph", "a line's word gaps are 2.4× normal")
    known = {"summary.yaml:blocks[2].paragraph": ("summary.yaml", 12)}
    assert str(problem(finding, known)) == "summary.yaml:12: ja+en p4: a line's word gaps are 2.4× normal"
    assert problem(finding, {}) == Problem("summary.yaml", 1, "ja+en p4: a line's word gaps are 2.4× normal")


def it_notes_a_loose_line_that_no_break_can_help(tmp_path):
    # Two words that each nearly fill the line: the first line can only be stretched.
    text = "Nothing antidisestablishmentarianism internationalisations."
    style = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=14, alignment=TA_JUSTIFY,
                           composer=Composer("en", "internationalisations", "book.yaml:blocks[0].paragraph"))
    doc = SimpleDocTemplate(str(tmp_path / "out.pdf"))
    doc.preflight = Preflight("en")
    doc.build([ComposedParagraph(text, style)], onFirstPage=lambda c, d: None)
    # At A4's text width nothing is loose; at a narrow width the first line has one gap to stretch.
    assert doc.preflight.findings == []
    narrow = SimpleDocTemplate(str(tmp_path / "narrow.pdf"), leftMargin=200, rightMargin=200)
    narrow.preflight = Preflight("en")
    narrow.build([ComposedParagraph(text, style)])
    kinds = {(f.kind, f.page, f.where) for f in narrow.preflight.findings}
    assert (LOOSE, 1, "book.yaml:blocks[0].paragraph") in kinds


def it_warns_of_layout_at_build_counts_it_in_the_manifest_and_refuses_it_with_strict(tmp_path):
    out = tmp_path / "out"
    result = run_briefing("build", str(SAMPLE), "-l", "ru", "-f", "pdf", "-o", str(out),
                          env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if ": ru p" in line]
    assert warnings and all(line.split(":")[0].endswith(".yaml") and line.split(":")[1].isdigit()
                            for line in warnings), result.stderr
    manifest = json.loads(next(out.glob("*.manifest.json")).read_text(encoding="utf-8"))
    assert [entry["preflight"] for entry in manifest["outputs"]] == [len(warnings)]

    strict = tmp_path / "strict"
    refused = run_briefing("build", str(SAMPLE), "-l", "ru", "-f", "pdf", "-o", str(strict), "--strict",
                           env={"SOURCE_DATE_EPOCH": EPOCH})
    assert refused.returncode == 1
    assert "Traceback" not in refused.stderr
    assert sorted(line for line in refused.stderr.splitlines() if ": ru p" in line) == sorted(warnings)
    assert not strict.exists() or not any(strict.iterdir())


def it_says_at_check_that_layout_is_checked_at_build():
    result = run_briefing("check", str(SAMPLE))
    assert result.returncode == 0, result.stderr
    assert "checked at build" in result.stdout


def it_notes_a_japanese_line_it_cannot_set_flush(tmp_path):
    from reportlab.platypus import Paragraph

    from briefing.fonts import find_face
    from briefing.preflight import NOT_FLUSH
    from briefing.writers.pdf.fonts import register

    face = find_face("IPAexMincho")
    mincho = register(face.name, face.path)
    # Four characters, then a Latin run that may not break and fills the next line whole.
    text = "会談では" + "Internationalisation" * 2 + "について協議した。"
    style = ParagraphStyle("body", fontName=mincho, fontSize=10.5, leading=14, alignment=TA_JUSTIFY,
                           wordWrap="CJK", composer=Composer("ja", "", "summary.yaml:blocks[1].paragraph"))
    doc = SimpleDocTemplate(str(tmp_path / "ja.pdf"), leftMargin=190, rightMargin=190)
    doc.preflight = Preflight("ja")
    doc.build([Paragraph(text, style)])
    assert [(f.kind, f.page, f.where) for f in doc.preflight.findings] == [
        (NOT_FLUSH, 1, "summary.yaml:blocks[1].paragraph")]
