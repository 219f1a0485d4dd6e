"""The theme door: a typed schema with file:line for every wrong type, range and colour; pipes, devices and huge files refused; what is accepted builds."""

from __future__ import annotations

import math
import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.errors import InvalidInput
from briefing.theme import load_theme
from briefing.theme_schema import RANGES

from briefing.content import load_book
from conftest import ROOT, SAMPLE
from doors import assert_consistent, assert_reach, assert_refused, assert_within_budget, run

DEFAULT = (ROOT / "briefing" / "themes" / "default.toml").read_text(encoding="utf-8")


def edited(old: str, new: str) -> str:
    assert old in DEFAULT, old
    return DEFAULT.replace(old, new, 1)


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


# (id, theme text or a maker, expected: a pattern of the one problem that must be named (with its line), or None: builds)
CASES = [
    ("margin-as-text", edited("margin_top_mm = 24", 'margin_top_mm = "24"'),
     r"page\.margin_top_mm: expected a number, found text", "margin_top_mm"),
    ("size-zero", edited("body = 10.5", "body = 0"), r"sizes\.body: 0 is out of range; expected 6 to 20 pt", "body = 0"),
    ("size-huge", edited("heading1 = 13", "heading1 = 72"), r"sizes\.heading1: 72 is out of range", "heading1 = 72"),
    ("size-bool", edited("note = 9.5", "note = true"), r"sizes\.note: expected a number, found true or false", "note = true"),
    ("size-infinite", edited("title = 16", "title = inf"), r"sizes\.title: inf is out of range", "title = inf"),
    ("size-nan", edited("running = 8", "running = nan"), r"sizes\.running: nan is out of range", "running = nan"),
    ("margin-negative", edited("margin_left_mm = 22", "margin_left_mm = -5"), r"margin_left_mm: -5 is out of range",
     "margin_left_mm = -5"),
    ("margins-leave-no-room", edited("margin_left_mm = 22\nmargin_right_mm = 22",
                                     "margin_left_mm = 30\nmargin_right_mm = 31"),
     r"page: margins left and right leave a text area 149 mm wide; at least 150 mm", "margin_right_mm = 31"),
    ("margins-leave-no-height", edited("margin_top_mm = 24\nmargin_bottom_mm = 22",
                                       "margin_top_mm = 60\nmargin_bottom_mm = 40"),
     r"page: margins top and bottom leave a text area 197 mm tall", "margin_bottom_mm = 40"),
    ("colour-name", edited('text = "#1a1a1a"', 'text = "red"'), r"colours\.text: 'red' is not a colour", 'text = "red"'),
    ("colour-number", edited('rule = "#8c8c8c"', "rule = 0x8c8c8c"), r"colours\.rule: expected a colour", "rule = 0x"),
    ("colour-short", edited('marking = "#9c1c1c"', 'marking = "#9c1"'), r"colours\.marking: '#9c1' is not a colour",
     'marking = "#9c1"'),
    ("unknown-key", edited("[sizes]\n", "[sizes]\nbodytext = 10\n"), r"\[sizes\]: unknown key 'bodytext'", "bodytext"),
    ("unknown-table", DEFAULT + "\n[layout]\ncolumns = 2\n", r"unknown table \[layout\]", "[layout]"),
    ("table-as-value", edited("[colours]\n", "[colours]\n") .replace("[page]\n", "page_size = 'A3'\n[page]\n", 1),
     r"unknown table \[page_size\]", "page_size"),
    ("unknown-locale", DEFAULT + '\n[fonts.xx]\nbody = "DejaVu Sans"\nbold = "DejaVu Sans"\nheading = "DejaVu Sans"\n',
     r"\[fonts\.xx\]: unknown locale 'xx'", "[fonts.xx]"),
    ("font-bidi", edited('body = "IPAexMincho"', 'body = "IPAex\u202eMincho"'), r"fonts\.ja\.body: character U\+202E",
     "IPAex\u202eMincho"),
    ("font-mark", edited('heading = "IPAexGothic"', 'heading = "IPAex\u200fGothic"'), r"fonts\.ja\.heading: character U\+200F",
     "IPAex\u200fGothic"),
    ("font-number", edited('bold = "IPAexGothic"', "bold = 7"), r"fonts\.ja\.bold: expected text, found a number",
     "bold = 7"),
    ("fallback-text", edited('fallback = ["DejaVu Sans"]', 'fallback = "DejaVu Sans"'),
     r"fonts\.en\.fallback: expected a list", 'fallback = "DejaVu Sans"'),
    ("fallback-many", edited('fallback = ["DejaVu Sans"]', "fallback = [" + ", ".join(['"DejaVu Sans"'] * 40) + "]"),
     r"fonts\.en\.fallback: 40 fallbacks; at most 16", "fallback = ["),
    ("font-not-installed", edited('body = "IPAexMincho"', 'body = "No Such Mincho"'),
     r"fonts for 'ja': font 'No Such Mincho' is not installed", "No Such Mincho"),
    ("toml-syntax", edited("title = 16", "title = = 16"), r"TOML syntax", "title = = 16"),
    ("deep-arrays", "a = " + "[" * 5000 + "]" * 5000 + "\n", r"TOML|unknown table", None),
    ("not-utf8", None, r"not UTF-8", None),
    ("huge-file", "#" * (300 * 1024) + "\n", r"larger than 256 KiB", None),
    ("pipe", "fifo", r"is a pipe, not a regular file", None),
    ("device", "/dev/zero", r"is a device, not a regular file", None),
    ("folder", "folder", r"is a folder", None),
    ("missing", "missing", r"theme file not found", None),
    # Accepted, and it builds: the extremes of every range, and a theme that changes one colour only.
    ("largest-type-smallest-area", "extreme-large", None, None),
    ("smallest-type-no-margins", "extreme-small", None, None),
    ("one-colour-only", '[colours]\nheading = "#336699"\n', None, None),
]


def extreme(size: float, margin: float) -> str:
    text = re.sub(r"(?m)^(margin_\w+_mm) = [\d.]+", rf"\1 = {margin}", DEFAULT)
    section = text[text.index("[sizes]"):text.index("[colours]")]
    return text.replace(section, re.sub(r"(?m)^(\w+) = [\d.]+", rf"\1 = {size}", section))


def make_theme(tmp_path: Path, spec) -> Path:
    path = tmp_path / "theme.toml"
    if spec == "fifo":
        os.mkfifo(path)
    elif spec == "/dev/zero":
        return Path("/dev/zero")
    elif spec == "folder":
        path.mkdir()
    elif spec == "missing":
        pass
    elif spec is None:
        path.write_bytes(b"[sizes]\nbody = 10 # caf\xe9\n")
    elif spec == "extreme-large":  # the largest type in the smallest text area
        text = extreme(20, 30).replace("margin_top_mm = 30", "margin_top_mm = 48")
        path.write_text(text.replace("margin_bottom_mm = 30", "margin_bottom_mm = 49"), encoding="utf-8")
    elif spec == "extreme-small":
        path.write_text(extreme(6, 0), encoding="utf-8")
    else:
        path.write_text(spec, encoding="utf-8")
    return path


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def it_checks_every_theme_as_content_is_checked(case, tmp_path):
    name, spec, refused, needle = case
    theme = make_theme(tmp_path, spec)
    out = tmp_path / "out"
    # An accepted theme builds every locale and pair in both formats; a refused one is refused before any.
    locales = ["-l", "en", "-l", "ja"] if refused else []
    outcome = run("build", str(SAMPLE), *locales, "-o", str(out), "--theme", str(theme))
    assert_reach(outcome, SAMPLE, out, theme)
    assert_consistent(out)
    if refused is None:
        assert_within_budget(outcome)
        assert outcome.status == 0, outcome.stderr
        book = load_book(SAMPLE)
        targets = len(book.locales) + len(book.bilingual)
        assert len(list(out.glob("*.pdf"))) == targets and len(list(out.glob("*.docx"))) == targets
        return
    if needle:
        line = line_of(theme.read_text(encoding="utf-8"), needle)
        assert_refused(outcome, re.escape(f"{theme}:{line}: ") + ".*" + refused)
    else:
        assert_refused(outcome, refused)
    assert not out.exists() or not any(out.iterdir())
    # `check --theme` says the same, with or without a book.
    checked = run("check", "--theme", str(theme))
    assert_refused(checked, refused)


def they_cover_the_theme_door_with_ten_cases_or_more():
    assert len(CASES) >= 10


def it_checks_a_valid_theme_alone(tmp_path):
    outcome = run("check", "--theme", str(ROOT / "briefing" / "themes" / "default.toml"))
    assert outcome.status == 0 and "valid theme" in outcome.stdout, outcome.stderr
    assert run("check").status == 2


# -- a property: whatever a theme holds, it is refused as file:line or it is within the schema ---------------------

_SCALARS = st.one_of(st.integers(-10**6, 10**6), st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
                     st.text(max_size=12), st.sampled_from(["#000000", "#ABCDEF", "#12345", "red"]),
                     st.lists(st.text(max_size=5), max_size=3))
_KEYS = st.sampled_from(["margin_top_mm", "margin_bottom_mm", "margin_left_mm", "margin_right_mm", "title", "body",
                         "heading1", "running", "text", "heading", "rule", "table_header", "marking", "bold",
                         "fallback", "unknown"])
_TABLES = st.sampled_from(["page", "sizes", "colours", "fonts.en", "fonts.ja", "fonts.xx", "extra"])


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf") if math.isinf(value) else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"').encode("ascii", "backslashreplace").decode()\
            .replace("\\x", "\\u00") + '"'
    return "[" + ", ".join(_toml_value(item) for item in value) + "]"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(_TABLES, st.dictionaries(_KEYS, _SCALARS, max_size=6), max_size=5))
def it_refuses_a_theme_as_file_line_or_keeps_it_within_the_schema(tmp_path, tables):
    text = "".join(f"[{table}]\n" + "".join(f"{key} = {_toml_value(value)}\n" for key, value in keys.items())
                   for table, keys in tables.items())
    path = tmp_path / "theme.toml"
    path.write_text(text, encoding="utf-8")
    lines = max(text.count("\n"), 1)
    try:
        theme = load_theme(path)
    except InvalidInput as invalid:
        for problem in invalid.problems:
            assert problem.file == str(path) and 1 <= problem.line <= lines, problem
        return
    for table, (low, high, _) in RANGES.items():
        for value in getattr(theme, table).values():
            assert not isinstance(value, bool) and low <= value <= high
    assert all(re.fullmatch(r"#[0-9A-Fa-f]{6}", colour) for colour in theme.colours.values())
    for fonts in theme.fonts.values():
        assert all(isinstance(fonts[role], str) and fonts[role] for role in ("body", "bold", "heading"))
