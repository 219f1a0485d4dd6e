"""A Japanese or Chinese title, heading or caption longer than its line in the Word draft, which Word and LibreOffice may break inside a word, is named in the preflight report; every such break LibreOffice makes is in one so named."""

from __future__ import annotations

import pytest

from conftest import EPOCH, ROOT, SAMPLE, require_module, require_tool, run_briefing

require_module("pdfplumber")  # a reader nobody here wrote, from the test extra

from bench.pages import vocabulary  # noqa: E402
from bench.pages.breaks import broken_runs  # noqa: E402
from bench.pages.drafts import convert  # noqa: E402

SECOND = ROOT / "content" / "2010-11-19-japan-mongolia"
CASES = [(SAMPLE, ("ja", "ja+zh", "zh", "en", "ko", "fr+ru")), (SECOND, ("ja", "ja+en", "en"))]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    """Each case's drafts, the build's warnings, and the drafts as LibreOffice lays them out."""
    soffice = require_tool("soffice")
    found = {}
    for book, locales in CASES:
        out = tmp_path_factory.mktemp(book.name)
        options = [option for locale in locales for option in ("-l", locale)]
        result = run_briefing("build", str(book), *options, "-f", "docx", "-o", str(out),
                              env={"SOURCE_DATE_EPOCH": EPOCH})
        assert result.returncode == 0, result.stderr
        drafts = [out / f"{book.name}.{locale}.docx" for locale in locales]
        for locale, pdf in zip(locales, convert(drafts, out / "pdf", soffice)):
            warned = [line for line in result.stderr.splitlines() if f": {locale} docx: " in line]
            breaks = broken_runs(pdf, 2 if "+" in locale else 1, vocabulary(book))
            found[(book.name, locale)] = (warned, breaks)
    return found


def it_names_every_draft_whose_title_libreoffice_breaks_inside_a_word(built):
    broken = {case: breaks for case, (_, breaks) in built.items() if breaks}
    assert broken, "no draft title broke: the measure saw nothing to compare"
    for case, breaks in broken.items():
        warned = built[case][0]
        assert warned, f"{case}: LibreOffice broke {breaks}, and the build said nothing"
        assert all(("Japanese" in line or "Chinese" in line) and "line break" in line for line in warned)


def it_says_nothing_of_latin_cyrillic_or_korean_drafts(built):
    for (book, locale), (warned, _) in built.items():
        if not {"ja", "zh"} & set(locale.split("+")):
            assert warned == [], (book, locale, warned)


def it_names_the_title_at_its_file_and_line(built):
    warned = built[(SAMPLE.name, "ja")][0]
    assert any(line.split(":")[0].endswith(f"{SAMPLE.name}/book.yaml") and "Japanese title" in line for line in warned), warned


def it_leaves_a_title_that_fits_alone():
    from briefing import tree
    from briefing.preflight import Preflight
    from briefing.theme import load_theme
    from briefing.writers.docx.long_titles import note_long_titles

    meta = tree.Meta(title="t", short_title="t", subject="", author="", marking="", date="", language="ja-JP")
    document = tree.Document(meta=meta, blocks=(tree.TitleBlock("日ロ首脳会談", "", "", source="book.yaml:title"),
                                                tree.Heading(1, "プーチン首相との会談について" * 4, source="a.yaml:x")))
    preflight = Preflight()
    note_long_titles(document, load_theme(), 450.0, 220.0, preflight)
    assert [(f.where, f.kind) for f in preflight.findings] == [("a.yaml:x", "long title in a draft")]
