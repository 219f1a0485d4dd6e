"""The Word writer's direct reads of a cell's paragraphs give what python-docx's own properties give."""

from __future__ import annotations

import pytest
from docx import Document

from briefing.theme import load_theme
from briefing.writers.docx import ooxml
from briefing.writers.docx.styles import StyleSheet


def a_table(merged: bool):
    document = Document()
    table = document.add_table(rows=3, cols=3)
    for index, cell in enumerate(table._cells):
        cell.add_paragraph(f"text {index}")
    if merged:
        table.cell(0, 0).merge(table.cell(0, 1))
        table.cell(1, 2).merge(table.cell(2, 2))
    return table


@pytest.mark.parametrize("merged", [False, True])
def it_finds_each_cells_last_paragraph_as_python_docx_does(merged):
    table = a_table(merged)
    assert ooxml._last_paragraphs(table) == [cell.paragraphs[-1]._p for cell in table._cells]


@pytest.mark.parametrize("own", [None, True, False])
@pytest.mark.parametrize("style", ["Normal", "Heading 1", None])
def it_reads_keep_with_next_as_python_docx_does(own, style):
    document = Document()
    styles = StyleSheet(document, load_theme(), "en-GB", False, keep_existing=False)
    styles.set_up()
    paragraph = document.add_paragraph("text", style=style)
    if own is not None:
        paragraph.paragraph_format.keep_with_next = own
    format_ = paragraph.paragraph_format
    style_keeps = paragraph.style.paragraph_format.keep_with_next if paragraph.style is not None else None
    expected = format_.keep_with_next if format_.keep_with_next is not None else bool(style_keeps)
    assert styles.keeps_with_next(paragraph._p) == expected


def it_writes_a_part_from_memory_as_zipfile_compresses_it(tmp_path):
    import datetime
    import io
    import zipfile

    from briefing.safety.output import zip_entry, zip_stamp
    from briefing.writers.docx import entries

    class Uri:
        def __init__(self, name):
            self.membername = name

    when = datetime.datetime(2009, 5, 12, tzinfo=datetime.timezone.utc)
    parts = [("word/styles.xml", b"<w:style/>" * 5000), ("small.xml", b"<a/>"), ("word/same.xml", b"<w:style/>" * 5000)]

    def zipped(write) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, blob in parts:
                write(archive, name, blob)
        return buffer.getvalue()

    stock = zipped(lambda archive, name, blob: archive.writestr(zip_entry(name, zip_stamp(when)), blob))
    ours = lambda: zipped(lambda archive, name, blob: entries.PinnedEntries(archive, when).write(Uri(name), blob))  # noqa: E731
    assert ours() == stock  # the third part from the memory the first left
    assert ours() == stock  # every large part from memory
    with zipfile.ZipFile(io.BytesIO(stock)) as archive:
        assert archive.testzip() is None
