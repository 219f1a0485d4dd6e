"""Typography per language: Russian spacing rules and Japanese line breaking (kinsoku)."""

import pytest

from briefing.i18n.typography import refine
from briefing.writers import pdf  # noqa: F401  (registers fonts and installs the line breaker)
from briefing.writers.pdf.kinsoku import CANNOT_END, CANNOT_START, kinsoku_word_split
from briefing.fonts import find_face
from briefing.writers.pdf.fonts import register

NBSP = "\u00a0"


def it_keeps_russian_initials_numbers_and_dashes_together():
    assert refine("Председатель Правительства В.В. Путин и Т. Асо", "ru") == (
        f"Председатель Правительства В.В.{NBSP}Путин и Т.{NBSP}Асо")
    assert refine("12 мая 2009 г. — встреча", "ru") == f"12 мая 2009{NBSP}г.{NBSP}— встреча"
    assert refine('компания "Росатом"', "ru") == "компания «Росатом»"


def it_leaves_english_and_japanese_as_written():
    assert refine('Mr. A. Smith "quoted" — 2009 г.', "en") == 'Mr. A. Smith "quoted" — 2009 г.'
    assert refine("麻生総理大臣は、", "ja") == "麻生総理大臣は、"


@pytest.fixture(scope="module")
def mincho() -> str:
    face = find_face("IPAexMincho")
    register(face.name, face.path)
    return face.name


def lines(text: str, chars_per_line: int, font: str) -> list[str]:
    return [line for _, line in kinsoku_word_split(text, [10.0 * chars_per_line], font, 10.0)]


@pytest.mark.parametrize("text", [
    "あいうえおかきくけ、こさしすせそ",   # a comma where a line would start
    "あいうえおかきくけ。」さしすせそ",   # two closing marks in a row
    "あいうえおかきく「けこさしすせそ",   # an opening bracket where a line would end
    "あいうえおかきくけーさしすせそ",     # the prolonged sound mark
    "あいうえおかきくけっさしすせそ",     # a small tsu
])
def it_never_starts_or_ends_a_line_against_kinsoku(text, mincho):
    broken = lines(text, 9, mincho)
    assert "".join(broken) == text
    for line in broken[1:]:
        assert line[0] not in CANNOT_START, broken
    for line in broken[:-1]:
        assert line[-1] not in CANNOT_END, broken


def it_never_lets_a_line_run_past_the_measure(mincho):
    from reportlab.pdfbase.pdfmetrics import stringWidth

    text = "両首脳は、２０１２年にウラジオストクで開催されるＡＰＥＣ首脳会議の準備を含め、協力を進めていくことで一致した。" * 3
    for extra, line in kinsoku_word_split(text, [200.0], mincho, 10.0):
        assert stringWidth(line, mincho, 10.0) <= 200.0 + 1e-6 and extra >= -1e-6


def it_keeps_latin_words_whole_inside_japanese(mincho):
    text = "あいうえおかきくけこ Vladivostok さしすせそ"
    for line in lines(text, 14, mincho):
        assert "Vladi" not in line or "Vladivostok" in line


def it_puts_a_middle_dot_between_a_katakana_name_and_a_katakana_title():
    from briefing.i18n.typography import name_before_title

    assert name_before_title("シュマトコ", "エネルギー大臣", "ja") + "エネルギー大臣" == "シュマトコ・エネルギー大臣"
    assert name_before_title("キリエンコ", "国営原子力企業ロスアトム総裁", "ja") == "キリエンコ"
    assert name_before_title("二階", "経済産業大臣", "ja") == "二階"
    assert name_before_title("Shmatko", "Minister of Energy", "en") == "Shmatko"
