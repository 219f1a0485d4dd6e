"""The bulk TrueType reader gives ReportLab exactly the face and font that ReportLab's own reader gives."""

import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

from briefing.writers.pdf.truetype import Face, Font
from conftest import assert_same_pdfs_with


def installed_truetype_files() -> list[str]:
    listing = subprocess.run(["fc-list", "--format", "%{file}\n"], capture_output=True, text=True, check=True)
    return sorted({path for path in listing.stdout.splitlines() if path.lower().endswith(".ttf")})


FILES = installed_truetype_files()
COLLECTIONS = sorted({path for path in subprocess.run(["fc-list", "--format", "%{file}\n"], capture_output=True,
                                                       text=True, check=True).stdout.splitlines()
                      if path.lower().endswith(".ttc")})


def comparable(attributes: dict) -> list:
    """Every attribute, dictionaries as item lists (their order reaches the PDF), functions by a value."""
    def shown(value):
        if isinstance(value, dict):
            return list(value.items())
        return value(1234) if callable(value) else value

    return [(name, shown(value)) for name, value in sorted(attributes.items()) if name != "_ttf_data"]


def it_finds_the_faces_a_book_needs():
    names = {path.rsplit("/", 1)[-1] for path in FILES}
    assert {"ipaexm.ttf", "ipaexg.ttf", "LiberationSerif-Regular.ttf", "DejaVuSans.ttf"} <= names


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.rsplit("/", 1)[-1])
def it_reads_every_installed_face_as_reportlab_does(path):
    ours, stock = Face(path), TTFontFace(path)
    assert comparable(vars(ours)) == comparable(vars(stock))


def it_builds_the_font_object_as_reportlab_does():
    path = next(path for path in FILES if path.endswith("ipaexm.ttf"))
    ours, stock = Font("Mincho", path), TTFont("Mincho", path)
    assert sorted(vars(ours)) == sorted(vars(stock))
    for name in vars(stock):
        if name not in ("face", "state", "encoding"):
            assert getattr(ours, name) == getattr(stock, name), name
    assert type(ours.encoding) is type(stock.encoding)
    assert ours.stringWidth("外務省 Ministry", 10) == stock.stringWidth("外務省 Ministry", 10)


def subsets_of(face: TTFontFace) -> list[list[int]]:
    """Subsets as a PDF asks for them: ASCII, accented letters (composite glyphs in many faces), codes from across
    the face's map, and a code it lacks; at most 256 codes each."""
    mapped = sorted(face.charToGlyph)
    spread = mapped[:: max(1, len(mapped) // 200)][:255]
    latin = [code for code in range(0x20, 0x17F) if code in face.charToGlyph][:256]
    return [latin, [0x41, 0xE9, 0x10FFFD, 0x20], spread, mapped[-256:]]


@pytest.mark.parametrize("path", FILES + COLLECTIONS, ids=lambda path: path.rsplit("/", 1)[-1])
def it_makes_every_subset_byte_for_byte_as_reportlab_does(path):
    ours, stock = Face(path), TTFontFace(path)
    for subset in subsets_of(stock):
        assert ours.makeSubset(subset) == stock.makeSubset(subset)


STOCK_READER = """
from reportlab.pdfbase.ttfonts import TTFont
import briefing.writers.pdf.fonts
briefing.writers.pdf.fonts.Font = TTFont  # ReportLab's own reader, as before the bulk reader
"""


def it_gives_the_same_pdf_bytes_as_reportlabs_reader(tmp_path):
    assert_same_pdfs_with(STOCK_READER, tmp_path)


# ASCII, the no-break space, kana and kanji (more than one subset of 256 codes), and a character the face lacks.
KANJI = "".join(chr(0x4E00 + n * 7) for n in range(600))
ALPHABET = "ab Z.,\u00a0" + "あいうえお外務省日本語露" + KANJI + "\U0001F600"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=ALPHABET, max_size=40), max_size=12))
def it_splits_runs_into_subsets_as_reportlab_does(runs):
    """The short way for runs whose characters all have their code gives ReportLab's answer, and the same codes."""
    path = next(path for path in FILES if path.endswith("ipaexm.ttf"))
    ours, stock = _font(Font, path), _font(TTFont, path)

    class Document:  # a weak reference is all the font keeps of its document
        pass

    ours_doc, stock_doc = Document(), Document()
    # A first run gives 600 characters their codes (those the face has), past the first subset of 256, so later
    # runs mix subsets.
    for text in ["", KANJI, *runs, *runs]:  # the second time, every character has its code: the short way
        assert ours.splitString(text, ours_doc) == stock.splitString(text, stock_doc)
    mine, theirs = ours.state[ours_doc], stock.state[stock_doc]
    assert (mine.assignments, mine.subsets, mine.nextCode) == (theirs.assignments, theirs.subsets, theirs.nextCode)


_FONTS = {}  # parsed once for every example


def _font(kind, path):
    if kind not in _FONTS:
        _FONTS[kind] = kind("Mincho", path)
    return _FONTS[kind]
