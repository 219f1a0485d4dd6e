"""Both sample books and the test books of other shapes, built and measured (bench/pages: PDFs, Word drafts, web pages): no count of a defect kind rises above bench/pages_baseline.json, and one that falls is lowered there."""

from __future__ import annotations

import pytest

from conftest import require_module, require_tool

require_module("pdfplumber")  # a reader nobody here wrote, from the test extra

from bench.pages import baseline, counts  # noqa: E402


@pytest.fixture(scope="module")
def measured(tmp_path_factory, chromium) -> dict:
    """Every output of every baseline book, PDF, Word draft (through LibreOffice) and web page (in Chromium),
    counted per kind."""
    require_tool("pdftotext")
    require_tool("soffice")
    found = baseline.measure_all(tmp_path_factory.mktemp("pages"), chromium=chromium)
    return {book: counts(outputs) for book, outputs in found.items()}


def they_measure_every_book_and_output_of_the_baseline(measured):
    recorded = baseline.load()
    assert {book: sorted(outputs) for book, outputs in measured.items()} == \
        {book: sorted(outputs) for book, outputs in recorded.items()}


def they_count_no_more_defects_than_the_baseline(measured):
    rises, _ = baseline.compare(measured, baseline.load())
    assert rises == [], "print defects rose above bench/pages_baseline.json:\n" + "\n".join(rises)


def they_count_no_fewer_defects_than_the_baseline_without_lowering_it(measured):
    _, falls = baseline.compare(measured, baseline.load())
    assert falls == [], ("fewer print defects than bench/pages_baseline.json records: lower it with "
                         "`python -m bench.pages --baseline --write-baseline` so they cannot come back:\n"
                         + "\n".join(falls))


def it_names_each_count_above_and_below_its_baseline():
    recorded = {"book": {"en": {"tables split": 1, "loose lines": 2}}}
    now = {"book": {"en": {"tables split": 2, "loose lines": 0}}}
    assert baseline.compare(now, recorded) == (["book en: tables split 2 (baseline 1)"],
                                               ["book en: loose lines 0 (baseline 2)"])
