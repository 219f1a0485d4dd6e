"""Both writers: every node type has a visit method, and a document with every node writes in each format."""

import zipfile

import pytest

from briefing import tree
from briefing.writers import docx as docx_writer
from briefing.writers import html as html_writer
from briefing.writers import pdf as pdf_writer
from briefing.writers.visitor import method_name

WRITER_CLASSES = [docx_writer.DocxWriter, pdf_writer.PdfWriter, html_writer.HtmlWriter]


@pytest.mark.parametrize("writer", WRITER_CLASSES, ids=["docx", "pdf", "html"])
@pytest.mark.parametrize("node_type", tree.BLOCK_TYPES, ids=lambda t: t.__name__)
def it_has_a_visit_method_for_every_node(writer, node_type):
    assert callable(getattr(writer, method_name(node_type), None))


def every_node() -> tree.Document:
    meta = tree.Meta(title="T & <t>", short_title="Short", subject="S", author="A", marking="MARK",
                     date="May 12, 2009", language="en-GB", languages=("en-GB",),
                     labels={"page_of": "Page {page} of {pages}", "contents": "Contents", "draft": "DRAFT"})
    return tree.Document(meta=meta, blocks=(
        tree.TitleBlock("Title <b>", "Sub", "May 12, 2009"),
        tree.Contents("Contents"),
        tree.Heading(1, "Heading & co", "1."),
        tree.Paragraph("Body <i>not italic</i> &amp;"),
        tree.Paragraph("A note", role="note"),
        tree.List(False, (tree.ListItem("•", "bullet", (tree.List(True, (tree.ListItem("(a)", "nested"),), 2),)),)),
        tree.Table(("Marker", "Meaning"), (("◎", "ceremony"), ("*", "approval"))),
        tree.Entry("◎", "Treaty", "*", ("(Signatories: A and B)", "[What it does.]")),
    ))


def it_writes_every_node_as_docx(tmp_path):
    path = tmp_path / "all.docx"
    docx_writer.write(every_node(), str(path))
    with zipfile.ZipFile(path) as package:
        body = package.read("word/document.xml").decode("utf-8")
    for text in ("Title &lt;b&gt;", "Heading &amp; co", "Body &lt;i&gt;not italic&lt;/i&gt; &amp;amp;", "nested", "ceremony",
                 "Treaty", "[What it does.]"):
        assert text in body
    assert "<w:tbl>" in body


def it_writes_every_node_as_pdf(tmp_path):
    path = tmp_path / "all.pdf"
    pdf_writer.write(every_node(), str(path))
    assert path.read_bytes().startswith(b"%PDF-")


def it_writes_every_node_side_by_side(tmp_path):
    from dataclasses import replace

    from briefing.book.bilingual import align

    document = every_node()
    bilingual = align(document, replace(document, meta=replace(document.meta, language="ru-RU")))
    assert all(isinstance(block, tree.Aligned) for block in bilingual.blocks)
    pdf_writer.write(bilingual, str(tmp_path / "pair.pdf"))
    docx_writer.write(bilingual, str(tmp_path / "pair.docx"))
    assert (tmp_path / "pair.pdf").stat().st_size > 0 and zipfile.is_zipfile(tmp_path / "pair.docx")


def it_refuses_a_glyph_no_font_has(tmp_path):
    document = every_node()
    broken = tree.Document(document.meta, document.blocks + (tree.Paragraph("\U0001F99C parrot"),))
    with pytest.raises(pdf_writer.MissingGlyph):
        pdf_writer.write(broken, str(tmp_path / "broken.pdf"))


def it_never_splits_a_paragraph_to_leave_a_single_line():
    """Orphans and widows: the body style will not leave one line at the foot or the head of a page."""
    from reportlab.platypus import Paragraph

    from briefing.theme import load_theme
    from briefing.writers.pdf.fonts import Fonts
    from briefing.writers.pdf.styles import paragraph_styles

    theme = load_theme()
    for locale in ("en", "ja", "ru"):
        style = paragraph_styles(theme, Fonts(theme, locale))["body"]
        text = ("The two sides will strengthen cooperation between the authorities. " * 12 if locale != "ja"
                else "両首脳は、互恵的な協力を進めていくことで一致した。" * 12)
        paragraph = Paragraph(text, style)
        width = 400
        _, height = paragraph.wrap(width, 10_000)
        lines = round(height / style.leading)
        assert lines >= 4
        # Room for one line only: the paragraph moves whole rather than leave an orphan.
        assert Paragraph(text, style).split(width, style.leading * 1.5) == []
        # Room for all but one line: the split leaves two lines for the next page, not one.
        first, rest = Paragraph(text, style).split(width, style.leading * (lines - 1) + 1)
        assert round(rest.wrap(width, 10_000)[1] / style.leading) >= 2
