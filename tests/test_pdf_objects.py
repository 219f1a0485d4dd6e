"""The short ways of writing PDF objects give exactly the bytes ReportLab's own functions give."""

from __future__ import annotations

import string

from hypothesis import given
from hypothesis import strategies as st
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFDocument, PDFObjectReference, PDFString

from briefing.writers.pdf import objects
from conftest import assert_same_pdfs_with

REPORTLAB = objects._REPORTLAB  # the functions install() replaced, kept as they were

# Text PDFDocEncoding can write (Latin-1 and its own additions such as the euro sign and the dashes),
# and control characters, which it writes through its codec.
TEXT = st.text(st.sampled_from(string.printable + "\x00\x07\x18\x1f\x7féàß€–—•…"), max_size=30)
VALUES = st.recursive(
    st.one_of(TEXT, st.integers(-10**12, 10**12), st.floats(-1e6, 1e6, allow_nan=False), st.booleans(),
              st.binary(max_size=20), TEXT.map(PDFString)),
    lambda inner: st.one_of(st.lists(inner, max_size=5).map(PDFArray),
                            st.dictionaries(st.text(string.ascii_letters, min_size=1, max_size=8), inner,
                                            max_size=5).map(PDFDictionary)),
    max_leaves=20)


def reportlabs(element, document):
    """The bytes with ReportLab's three functions in place, as before install()."""
    from reportlab.pdfbase import pdfdoc

    ours = pdfdoc.format, pdfdoc.pdfdocEnc, pdfdoc.PDFName
    pdfdoc.format, pdfdoc.pdfdocEnc, pdfdoc.PDFName = REPORTLAB["format"], REPORTLAB["pdfdocEnc"], REPORTLAB["PDFName"]
    try:
        return pdfdoc.format(element, document)
    finally:
        pdfdoc.format, pdfdoc.pdfdocEnc, pdfdoc.PDFName = ours


def it_is_installed_with_the_writer():
    from reportlab.pdfbase import pdfdoc

    import briefing.writers.pdf  # noqa: F401

    assert pdfdoc.format is objects.formatted
    assert pdfdoc.PDFName is objects.name


def it_encodes_printable_ascii_as_pdfdocencoding_does():
    for char in map(chr, range(0x20, 0x7F)):
        assert objects.encoded(char) == char.encode("extpdfdoc") == REPORTLAB["pdfdocEnc"](char)


def outcome(make):
    """The bytes made, or the kind of error raised (text PDFDocEncoding cannot hold is refused by both)."""
    try:
        return make()
    except Exception as error:  # noqa: BLE001 - compared, not hidden
        return type(error)


@given(VALUES)
def it_formats_every_value_as_reportlab_does(value):
    import briefing.writers.pdf  # noqa: F401  (installed, so nested values take the short ways too)

    document = PDFDocument()
    assert outcome(lambda: objects.formatted(value, document)) == outcome(lambda: reportlabs(value, document))


@given(st.text(max_size=20))
def it_makes_names_as_reportlab_does(data):
    assert objects.name(data) == REPORTLAB["PDFName"](data)
    assert objects.name(data) == REPORTLAB["PDFName"](data)  # the second time from memory


def it_writes_references_as_reportlab_does():
    document = PDFDocument()
    document.Reference(PDFDictionary({"Type": "X"}), "Named")
    document.idToObjectNumberAndVersion = {"Named": (7, 0)}
    reference = PDFObjectReference("Named")
    assert objects.formatted(reference, document) == reportlabs(reference, document) == b"7 0 R"


STOCK_OBJECTS = """
from reportlab.pdfbase import pdfdoc
import briefing.writers.pdf.objects as objects
objects.install = lambda: None  # ReportLab's own functions, as before the short ways
"""


def it_gives_the_same_pdf_bytes_as_reportlabs_functions(tmp_path):
    assert_same_pdfs_with(STOCK_OBJECTS, tmp_path)
