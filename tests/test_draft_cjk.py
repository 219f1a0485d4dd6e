"""The Word draft's Japanese, Chinese and Korean as LibreOffice lays it out, read back with pdfplumber (bench/pages): digit and Latin runs whole, notes upright, table cells padded."""

from __future__ import annotations

import re

import pytest

from conftest import EPOCH, SAMPLE, require_module, require_tool, run_briefing

require_module("pdfplumber")  # a reader nobody here wrote, from the test extra

from bench.pages import vocabulary  # noqa: E402
from bench.pages.breaks import broken_runs  # noqa: E402
from bench.pages.drafts import convert  # noqa: E402
from bench.pages.faces import cells_without_padding, cjk_italics  # noqa: E402

LOCALES = ("zh", "ja+ko", "zh+en")
_ALNUM = re.compile(r"[0-9A-Za-z]")


@pytest.fixture(scope="module")
def laid_out(tmp_path_factory) -> dict:
    """The sample book's zh, ja+ko and zh+en drafts, as LibreOffice converts them to PDF."""
    soffice = require_tool("soffice")
    out = tmp_path_factory.mktemp("cjk-drafts")
    options = [option for locale in LOCALES for option in ("-l", locale)]
    result = run_briefing("build", str(SAMPLE), *options, "-f", "docx", "-o", str(out), env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 0, result.stderr
    drafts = [out / f"{SAMPLE.name}.{locale}.docx" for locale in LOCALES]
    return dict(zip(LOCALES, convert(drafts, out / "pdf", soffice)))


@pytest.mark.parametrize("locale", LOCALES)
def it_keeps_digit_and_latin_runs_whole_in_cjk_lines(laid_out, locale):
    """2/020年, JOGM/EC and I/NK were split when their digits and letters were tagged Chinese or Japanese."""
    splits = [split for _, split in broken_runs(laid_out[locale], 2 if "+" in locale else 1, vocabulary(SAMPLE))
              if _ALNUM.search(split.split("/")[0][-1:]) and _ALNUM.match(split.split("/")[1])]
    assert splits == []


@pytest.mark.parametrize("locale", LOCALES)
def it_sets_cjk_notes_upright(laid_out, locale):
    assert cjk_italics(laid_out[locale]) == []


def it_keeps_the_english_note_of_a_pair_italic(laid_out):
    import pdfplumber

    with pdfplumber.open(str(laid_out["zh+en"])) as pdf:
        assert any("Italic" in char["fontname"] for page in pdf.pages for char in page.chars)


@pytest.mark.parametrize("locale", LOCALES)
def it_pads_every_table_cell(laid_out, locale):
    assert cells_without_padding(laid_out[locale]) == []
