"""A table's caption, header, cells and source note edited in a Word draft: refused at their own line of the content."""

from __future__ import annotations

import pytest

from test_absorb import SECOND, absorb, build_draft, copy_book, lo_edit

# One edit to each part of the second book's data table, as a reviewer makes them in LibreOffice.
EDITS = [
    {"replace": "Trade between Japan and Mongolia", "with": "Japan–Mongolia trade"},
    {"replace": "Japan's exports", "with": "Exports of Japan"},
    {"replace": "98.4", "with": "99.0"},
    {"replace": "illustrative figures written for this sample book", "with": "figures for this book"},
]


def lines_of(book, needle: str) -> int:
    """The line of the content file that holds `needle` (1-based)."""
    text = (book / "economy.yaml").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(text, 1) if needle in line)


@pytest.mark.parametrize("locale", ["en", "ja+en"])
def it_refuses_each_table_edit_at_the_line_of_what_was_edited(locale, tmp_path, monkeypatch, capsys):
    book = copy_book(SECOND, tmp_path)
    draft = build_draft(book, locale, tmp_path / "out", monkeypatch)
    edited = lo_edit(draft, tmp_path / "edited.docx", EDITS, tmp_path)
    before = (book / "economy.yaml").read_bytes()
    capsys.readouterr()
    assert absorb(book, edited) == 1
    err = capsys.readouterr().err
    shown = str(book / "economy.yaml")
    expected = {
        "a table's caption": lines_of(book, 'en: "Trade between Japan and Mongolia'),
        "a table cell": lines_of(book, "Japan's exports"),  # the header cell's own English line
        "a table's source note": lines_of(book, 'en: "Source: illustrative figures'),
    }
    for what, line in expected.items():
        assert f"{what} edited in the draft" in err and f"change it in {shown}:{line}" in err, err
    row = lines_of(book, '["2005", 98.4')
    assert f'a table cell edited in the draft ("98.4" → "99.0"): a table is not taken back from a draft; ' \
           f"change it in {shown}:{row}" in err, err
    assert (book / "economy.yaml").read_bytes() == before
