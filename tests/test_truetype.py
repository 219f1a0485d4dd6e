"""The bulk TrueType reader gives ReportLab exactly the face and font that ReportLab's own reader gives."""

import mmap
import os
import subprocess
import sys
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase.ttfonts import TTFError, TTFont, TTFontFace

from briefing.writers.pdf.truetype import Face, Font, widths_in_reportlabs_order
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
        if isinstance(value, Sequence) and not isinstance(value, (str, bytes, tuple)):
            return list(value)  # hmetrics and glyphPos, read glyph by glyph (see below), as lists
        return value(1234) if callable(value) else value

    return [(name, shown(value)) for name, value in sorted(attributes.items()) if name != "_ttf_data"]


def it_finds_the_faces_a_book_needs():
    names = {path.rsplit("/", 1)[-1] for path in FILES}
    assert {"ipaexm.ttf", "ipaexg.ttf", "LiberationSerif-Regular.ttf", "DejaVuSans.ttf"} <= names


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.rsplit("/", 1)[-1])
def it_reads_every_installed_face_as_reportlab_does(path):
    ours, stock = Face(path), TTFontFace(path)
    assert ours.glyphToChar == stock.glyphToChar  # made when first asked for (see below), then kept
    assert comparable(vars(ours)) == comparable(vars(stock))


@settings(max_examples=300)
@given(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 12)), max_size=60), st.integers(1, 12))
def it_orders_the_widths_as_reportlabs_loop_over_glyphs(entries, glyph_count):
    """ReportLab's loop, transcribed: glyphs upwards, each glyph's characters in cmap order, repeats included."""
    chars, glyphs = [char for char, _ in entries], [glyph for _, glyph in entries]
    scaled = [100.0 + glyph for glyph in range(glyph_count)]
    glyph_to_char: dict[int, list[int]] = {}
    for char, glyph in entries:
        glyph_to_char.setdefault(glyph, []).append(char)
    expected = {}
    for glyph in range(glyph_count):
        for char in glyph_to_char.get(glyph, []):
            expected[char] = scaled[glyph]
    assert list(widths_in_reportlabs_order(chars, glyphs, scaled).items()) == list(expected.items())


def it_reads_locations_and_metrics_as_lists_of_them_would_answer():
    path = next(path for path in FILES if path.endswith("ipaexg.ttf"))
    ours, stock = Face(path), TTFontFace(path)
    for name in ("glyphPos", "hmetrics"):
        view, full = getattr(ours, name), getattr(stock, name)
        assert not isinstance(view, list) and len(view) == len(full)
        for index in (0, 1, len(full) // 2, -1, -len(full)):
            assert view[index] == full[index], (name, index)
        assert view[10:20] == full[10:20] and view[-3:] == full[-3:]
        with pytest.raises(IndexError):
            view[len(full)]
        with pytest.raises(IndexError):
            view[-len(full) - 1]


def it_makes_the_glyphs_characters_only_when_asked_for():
    """ReportLab reads glyphToChar after parsing only to shape text with HarfBuzz: a build does not make it."""
    path = next(path for path in FILES if path.endswith("ipaexg.ttf"))
    face = Face(path)
    assert "glyphToChar" not in vars(face) and "charWidths" in vars(face)
    assert face.glyphToChar[face.charToGlyph[ord("外")]] == [ord("外")]
    assert "glyphToChar" in vars(face)
    with pytest.raises(AttributeError):
        face.no_such_attribute


def it_maps_the_face_file_rather_than_reading_it(tmp_path):
    """A CJK face is a file of megabytes of which a PDF reads a few tables and glyphs: the file is mapped, so
    the process faults in the pages it reads, not every page of the file as ReportLab's reader, reading it, does."""
    largest = max(FILES + COLLECTIONS, key=lambda path: os.stat(path).st_size)

    def page_faults(source: str) -> int:  # of reading the face and making a subset, in a process of its own
        measure = ("import resource, sys\n"
                   "from briefing.writers.pdf.truetype import Face\n"
                   "before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt\n"
                   f"face = Face({source}, subfontIndex=0)\n"
                   "face.makeSubset(sorted(face.charToGlyph)[:200])\n"
                   "print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)\n")
        return int(subprocess.run([sys.executable, "-c", measure, largest], capture_output=True, text=True,
                                  check=True, env=os.environ).stdout)

    # The same face from the same file; given a file object, the reader reads it, as ReportLab's does.
    file_pages = os.stat(largest).st_size // mmap.PAGESIZE
    assert page_faults("sys.argv[1]") + file_pages // 2 < page_faults("open(sys.argv[1], 'rb')"), largest
    with open(largest, "rb") as handle:  # a file object is read, as ReportLab reads it
        assert isinstance(Face(handle, subfontIndex=0)._ttf_data, bytes)
    (tmp_path / "empty.ttf").write_bytes(b"")  # an empty file cannot be mapped: ReportLab's own refusal
    with pytest.raises(TTFError) as stock:
        TTFontFace(str(tmp_path / "empty.ttf"))
    with pytest.raises(TTFError) as ours:
        Face(str(tmp_path / "empty.ttf"))
    assert str(ours.value) == str(stock.value)


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


@pytest.mark.parametrize("path", FILES + COLLECTIONS, ids=lambda path: path.rsplit("/", 1)[-1])
def it_measures_and_covers_every_installed_face_as_reportlab_reads_it(path):
    """The Word writer's widths (briefing/writers/metrics.py) and the glyph check's coverage (briefing/fonts.py),
    each read from the cmap alone, agree with ReportLab's full reader, character by character."""
    from briefing.fonts import _cmap
    from briefing.writers.metrics import Metrics

    stock = TTFontFace(path)
    mapped = {char for char, glyph in stock.charToGlyph.items() if glyph} - {0x20, 0xA0}  # ReportLab copies one
    measured = Metrics(path)
    for char in mapped:
        assert measured.em(char) * 1000 == pytest.approx(stock.charWidths[char], rel=1e-12), hex(char)
    unmapped = next(char for char in range(0xE000, 0x10FFFF) if char not in stock.charToGlyph)
    assert measured.em(unmapped) is None and measured.width("a" + chr(unmapped), 10) is None
    assert _cmap(path) - {0x20, 0xA0} == mapped
