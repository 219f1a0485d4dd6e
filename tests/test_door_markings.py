"""The marking door: --marking follows the content's character rules (a usage error naming the argument), and what is
accepted prints literally in both formats; directional marks are refused in every input."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from conftest import SAMPLE, require_tool
from doors import assert_consistent, assert_reach, assert_refused, assert_within_budget, run

NAME = SAMPLE.name

# (id, marking, refused pattern (exit 2, naming --marking) or None: printed as given, or the translation expected in ja)
CASES = [
    ("bidi-override", "SECRET \u202e", r"--marking: character U\+202E would reorder the text in Word"),
    ("bidi-isolate", "\u2067SECRET\u2069", r"--marking: character U\+2067"),
    ("left-to-right-mark", "SECRET\u200e", r"--marking: character U\+200E .*directional mark"),
    ("right-to-left-mark", "\u200fSECRET", r"--marking: character U\+200F .*directional mark"),
    ("arabic-letter-mark", "SE\u061cCRET", r"--marking: character U\+061C .*directional mark"),
    ("escape", "SECRET\x1b[31m", r"--marking: character U\+001B cannot be printed"),
    ("c1-control", "SECRET\x85", r"--marking: character U\+0085 cannot be printed"),
    ("non-character", "SECRET\ufffe", r"--marking: character U\+FFFE cannot be printed"),
    ("line-break", "SECRET\nNOFORN", r"--marking: a marking is one line"),
    ("tab", "SECRET\tNOFORN", r"--marking: a marking is one line"),
    ("too-long", "S" * 33, r"--marking: 33 columns wide; a marking has at most 32"),
    ("too-wide", "極秘" * 9, r"--marking: 36 columns wide; a marking has at most 32 \(a wide character"),
    ("no-glyph", "SECRET ሀ", r"--marking: no configured 'en' font has U\+1200"),
    ("reportlab-markup", '<b>S</b> <br/><i>&amp;&#60;</i>', None),
    ("word-field", "{ PAGE } <w:fldSimple/>", None),
    ("longest", "S" * 32, None),
    ("translated", "CONFIDENTIAL", ("CONFIDENTIAL", "秘")),
    ("translated-from-russian", "Для служебного пользования", ("FOR OFFICIAL USE ONLY", "取扱注意")),
]


def docx_text(path: Path, part: str) -> str:
    from xml.sax.saxutils import unescape

    with zipfile.ZipFile(path) as package:
        xml = package.read(part).decode("utf-8")
    return unescape("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)), {"&quot;": '"'})


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def it_treats_the_marking_as_content(case, tmp_path):
    name, marking, expected = case
    out = tmp_path / "out"
    outcome = run("build", str(SAMPLE), "-l", "en", "-l", "ja", "-o", str(out), "--marking", marking)
    assert_reach(outcome, SAMPLE, out)
    assert_consistent(out)
    if isinstance(expected, str):
        assert_refused(outcome, expected, status=2)
        assert not out.exists()
        return
    assert_within_budget(outcome)
    assert outcome.status == 0, outcome.stderr
    printed, japanese_word = expected or (marking, None)
    pdf = subprocess.run([require_tool("pdftotext"), str(out / f"{NAME}.en.pdf"), "-"], capture_output=True,
                         text=True, check=True).stdout
    header = docx_text(out / f"{NAME}.en.docx", "word/header1.xml")
    assert printed.replace(" ", "") in pdf.replace(" ", "").replace("\n", "")
    assert printed in header
    if japanese_word is not None:  # the book translates it: the Japanese book prints its own word
        assert japanese_word in docx_text(out / f"{NAME}.ja.docx", "word/header1.xml")


def they_cover_the_marking_door_with_ten_cases_or_more():
    assert len(CASES) >= 10


@pytest.mark.parametrize("mark", ["\u200e", "\u200f", "\u061c"])
def it_refuses_directional_marks_in_content_too(mark, book_copy, tmp_path):
    path = book_copy / "summary.yaml"
    source = path.read_text(encoding="utf-8")
    path.write_text(source.replace('en: "Summary"', f'en: "Sum{mark}mary"', 1), encoding="utf-8")
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if mark in text)
    outcome = run("check", str(book_copy), cwd=tmp_path)
    assert_refused(outcome, rf"summary\.yaml:{line}: .*character U\+{ord(mark):04X} would reorder the text in Word "
                            r"\(a directional mark\)")
