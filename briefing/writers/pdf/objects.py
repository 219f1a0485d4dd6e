"""ReportLab's writing of PDF objects, the same bytes with less work: numbers, plain names and plain strings take a short way.

Saving a tagged PDF formats some six thousand small values (the structure
tree's names, numbers and references) through `pdfdoc.format`, which asks
`isinstance` of each against ReportLab's object class, then encodes each
string with ReportLab's PDFDocEncoding codec, a Python codec; and makes each
name again character by character. That was two fifths of saving. Here an
exact str, int, float or bytes value is answered directly, printable ASCII
text (which PDFDocEncoding leaves as it is: the test compares all of it) is
encoded as ASCII, and a name is made once per process. Everything else goes
to ReportLab's own function, which `install` keeps.
"""

from __future__ import annotations

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc

_REPORTLAB = {"format": pdfdoc.format, "pdfdocEnc": pdfdoc.pdfdocEnc, "PDFName": pdfdoc.PDFName}
_NAMES: dict[str, str] = {}  # a few hundred at most: the PDF's keys and the structure types
_MOST_NAMES = 10_000


def encoded(text):
    """`pdfdoc.pdfdocEnc`: a str in PDFDocEncoding, anything else as it is."""
    if type(text) is str:
        return text.encode("ascii") if text.isascii() and text.isprintable() else text.encode("extpdfdoc")
    return _REPORTLAB["pdfdocEnc"](text)


def name(data, lo=chr(0x21), hi=chr(0x7E)):
    """`pdfdoc.PDFName`: "/" and the name with its special characters escaped, made once per name."""
    if type(data) is not str or lo != "!" or hi != "~":
        return _REPORTLAB["PDFName"](data, lo, hi)
    made = _NAMES.get(data)
    if made is None:
        made = _REPORTLAB["PDFName"](data)
        if len(_NAMES) < _MOST_NAMES:
            _NAMES[data] = made
    return made


def formatted(element, document, toplevel=0):
    """`pdfdoc.format`: the bytes of a value inside a PDF object."""
    kind = type(element)
    if kind is str:
        return encoded(element)
    if kind is int or kind is float:  # not bool, which ReportLab writes as the word
        return fp_str(element).encode("ascii")
    if kind is bytes:
        return element
    return _REPORTLAB["format"](element, document, toplevel)


def install() -> None:
    """Puts the short ways in place of ReportLab's three module functions, which every object's format() calls."""
    pdfdoc.format, pdfdoc.pdfdocEnc, pdfdoc.PDFName = formatted, encoded, name
