"""The structure-tree readers: poppler's `pdfinfo -struct-text` parsed, and pdf.js, both agreeing on a small tagged PDF."""

from __future__ import annotations

from pdf_structure import parse_struct_text, pdfjs_roles, pdfjs_text, struct_text, structure_text
from test_pdf_checks import build, draw

READING = [("H1", "Title"), ("P", "A paragraph."), ("H2", "A section"), ("TH", "Year"), ("TD", "2009"),
           ("Link", "A link")]
# pdfinfo 22.12's output for a LibreOffice table cell and a link in its table of contents, cut short.
SAMPLE = '''Document
  P (block):
     /Placement /Block
    "Meeting Between Prime Minister Taro Aso and "
    "Vladimir Putin"
  Table (block):
    TR:
      TH:
         /Scope /Column
        P (block):
          "Party"
  TOC
    TOCI
      P (block):
        Link (inline)
          "Summary"
          Object 255 0
'''


def it_parses_pdfinfo_struct_text_into_roles_and_text():
    assert parse_struct_text(SAMPLE) == [("P", "Meeting Between Prime Minister Taro Aso and Vladimir Putin"),
                                         ("P", "Party"), ("Link", "Summary")]


def it_reads_the_tree_in_order_with_poppler(tmp_path):
    path = build(tmp_path / "good.pdf")
    assert struct_text(path) == READING
    assert structure_text(path).splitlines() == [text for _, text in READING]


def it_reads_the_same_tree_with_pdfjs(tmp_path):
    path = build(tmp_path / "good.pdf")
    assert pdfjs_text(path) == READING
    roles = pdfjs_roles(path)
    assert [role for role, _ in roles] == ["Document", "H1", "P", "H2", "Figure", "Table", "TR", "TH", "TD", "Link"]
    assert ("Figure", "A black rectangle") in roles


def it_reads_no_tree_from_an_untagged_pdf(tmp_path):
    draw(tmp_path / "plain.pdf", marked=False)
    assert struct_text(tmp_path / "plain.pdf") == []
    assert pdfjs_text(tmp_path / "plain.pdf") == []
