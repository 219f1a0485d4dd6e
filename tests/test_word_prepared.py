"""A Word draft made from the copy of a set-up kept in memory is the draft set up anew, byte for byte."""

from __future__ import annotations

import pytest

from briefing.book.targets import Options
from briefing.building.build import document_for
from briefing.check import load_checked
from briefing.paths import DEFAULT_THEME
from briefing.writers import write
from briefing.writers.docx import prepared
from conftest import SAMPLE


@pytest.fixture(scope="module")
def book():
    return load_checked(SAMPLE, DEFAULT_THEME, ["ja", "en", "ko"])


@pytest.mark.parametrize("locale", ["ja", "ja+en", "ko+en", "en"])
def it_writes_the_same_draft_from_a_kept_set_up(locale, book, tmp_path, monkeypatch):
    model, theme = book
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1242086400")
    document = document_for(model, locale, Options())
    monkeypatch.setattr(prepared, "_MADE", {})
    write(document, "docx", tmp_path / "anew.docx", theme, Options())
    assert len(prepared._MADE) == 1
    write(document, "docx", tmp_path / "kept.docx", theme, Options())  # from the copy
    assert (tmp_path / "anew.docx").read_bytes() == (tmp_path / "kept.docx").read_bytes()


def it_leaves_the_kept_set_up_as_it_was(book, tmp_path, monkeypatch):
    model, theme = book
    monkeypatch.setattr(prepared, "_MADE", {})
    first, _ = prepared.styled_draft(theme, "ja-JP", True)
    before = first.styles.element.xml
    first.add_paragraph("a draft's own text", style="Title")
    first.styles.add_style("A Style Of This Draft's", 1)
    again, _ = prepared.styled_draft(theme, "ja-JP", True)
    assert again.styles.element.xml == before and len(again.paragraphs) == 0


def it_keeps_one_set_up_per_theme_language_and_kind(book, monkeypatch):
    _, theme = book
    monkeypatch.setattr(prepared, "_MADE", {})
    for language in ("ja-JP", "en-GB", "ja-JP"):
        for bilingual in (False, True):
            prepared.styled_draft(theme, language, bilingual)
    assert len(prepared._MADE) == 4


@pytest.mark.parametrize("locale", ["ja+en", "en"])
def it_defines_every_style_a_draft_names_and_no_unused_table_style(locale, tmp_path, monkeypatch):
    """python-docx's hundred unused table styles are gone; every style the draft's paragraphs, runs and
    tables name, and every style those are based on, is defined."""
    import re
    import zipfile

    from conftest import ROOT

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1242086400")
    second = ROOT / "content" / "2010-11-19-japan-mongolia"  # the book with a data table
    model, theme = load_checked(second, DEFAULT_THEME, [part for part in locale.split("+")])
    write(document_for(model, locale, Options()), "docx", tmp_path / "draft.docx", theme, Options())
    with zipfile.ZipFile(tmp_path / "draft.docx") as package:
        styles = package.read("word/styles.xml").decode()
        named = set()
        for part in package.namelist():
            if part.startswith("word/") and part.endswith(".xml") and part != "word/styles.xml":
                named |= set(re.findall(r'<w:(?:pStyle|rStyle|tblStyle) w:val="([^"]+)"', package.read(part).decode()))
    defined = set(re.findall(r'<w:style [^>]*w:styleId="([^"]+)"', styles))
    based_on = set(re.findall(r'<w:basedOn w:val="([^"]+)"', styles))
    assert "DataTable" in named or "Data Table" in styles
    assert named <= defined and based_on <= defined
    table_styles = re.findall(r'<w:style w:type="table"[^>]*>\s*<w:name w:val="([^"]+)"', styles)
    assert set(table_styles) <= prepared.TABLE_STYLES_KEPT and 'w:styleId="LightShading"' not in styles


def it_writes_the_same_pair_after_a_server_warmed_every_set_up_and_variant(book, tmp_path, monkeypatch):
    model, theme = book
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1242086400")
    document = document_for(model, "ko+en", Options())
    monkeypatch.setattr(prepared, "_MADE", {})
    write(document, "docx", tmp_path / "anew.docx", theme, Options())
    monkeypatch.setattr(prepared, "_MADE", {})
    prepared.warm(theme, ["ko-KR", "en-GB", "ja-JP"])
    variants = prepared._MADE[next(key for key in prepared._MADE if key[1:] == ("ko-KR", True))][2]
    assert ("Normal", "en-GB") in variants and ("Heading 1", "ja-JP") in variants
    write(document, "docx", tmp_path / "warmed.docx", theme, Options())
    assert (tmp_path / "anew.docx").read_bytes() == (tmp_path / "warmed.docx").read_bytes()
