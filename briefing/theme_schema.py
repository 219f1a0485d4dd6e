"""The theme's typed schema: every table, key, type, range and colour checked against the default theme, each problem as file:line."""

from __future__ import annotations

import math
import re

from briefing.errors import Problem
from briefing.i18n.locales import supported

# Ranges by table, for numbers.  A4 is 210 x 297 mm; the margins must leave a
# text area at least 150 x 200 mm, and type is 6 to 20 points.  Within these
# every layout of the book fits: the legend's marker column, a register entry
# kept whole, a bilingual column; every corner is built by the tests. Wider
# ranges accepted themes that could not be laid out.
RANGES = {"page": (0, 60, "mm"), "sizes": (6, 20, "pt")}
OTHER_RANGE = (0, 1000, "")
PAGE_MM = (210, 297)
TEXT_AREA_MM = (150, 200)
FONT_ROLES = ("body", "bold", "heading")
MAX_FALLBACKS = 16
MAX_PATTERN = 200
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
# What content may not hold may not stand in a theme either: controls, bidirectional
# controls and marks, non-characters (font patterns reach the Word draft as names).
_REFUSED = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffe\uffff\ud800-\udfff]")
_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-\"']+)\s*=")


class Lines:
    """Where each table and key of a TOML text stands, for file:line messages (tomllib keeps no positions)."""

    def __init__(self, text: str):
        self.tables: dict[tuple[str, ...], int] = {}
        self.keys: dict[tuple[str, ...], int] = {}
        table: tuple[str, ...] = ()
        for number, line in enumerate(text.splitlines(), 1):
            header = _HEADER.match(line)
            if header:
                table = tuple(part.strip().strip('"') for part in header.group(1).split("."))
                self.tables.setdefault(table, number)
                continue
            key = _KEY.match(line)
            if key:
                self.keys.setdefault(table + (key.group(1).strip('"\''),), number)

    def of(self, *path: str) -> int:
        """The line of a key or table, else of the nearest enclosing table, else 1."""
        for end in range(len(path), 0, -1):
            found = self.keys.get(path[:end]) or self.tables.get(path[:end])
            if found:
                return found
        return 1


def _kind(value) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def validate(data: dict, defaults: dict, shown: str, lines: Lines) -> tuple[dict, list[Problem]]:
    """The theme with every value checked, and what the user left out taken from the default theme."""
    problems: list[Problem] = []

    def fail(path: tuple[str, ...], message: str) -> None:
        problems.append(Problem(shown, lines.of(*path), message))

    merged: dict = {}
    for table, value in data.items():
        if table not in defaults:
            fail((table,), f"unknown table [{table}]; a theme has {', '.join(f'[{t}]' for t in defaults)}")
        elif not isinstance(value, dict):
            fail((table,), f"{table}: expected a table, found {_kind(value)}")
    for table, default in defaults.items():
        given = data.get(table)
        given = given if isinstance(given, dict) else {}
        if table == "fonts":
            merged[table] = _fonts(given, default, fail)
        else:
            merged[table] = _values(table, given, default, fail)
    page = merged.get("page", {})
    if all(isinstance(page.get(f"margin_{side}_mm"), (int, float)) for side in ("left", "right", "top", "bottom")):
        for first, second, extent, name, least in (("left", "right", PAGE_MM[0], "wide", TEXT_AREA_MM[0]),
                                                   ("top", "bottom", PAGE_MM[1], "tall", TEXT_AREA_MM[1])):
            left = extent - page[f"margin_{first}_mm"] - page[f"margin_{second}_mm"]
            if left < least and any(f"margin_{side}_mm" in data.get("page", {}) for side in (first, second)):
                fail(("page", f"margin_{second}_mm" if f"margin_{second}_mm" in data.get("page", {}) else
                      f"margin_{first}_mm"),
                     f"page: margins {first} and {second} leave a text area {left:g} mm {name}; "
                     f"at least {least} mm is needed")
    return merged, problems


def _values(table: str, given: dict, default: dict, fail) -> dict:
    merged = dict(default)
    low, high, unit = RANGES.get(table, OTHER_RANGE)
    for key, value in given.items():
        path = (table, key)
        if key not in default:
            fail(path, f"[{table}]: unknown key {key!r}; known: {', '.join(default)}")
            continue
        expected = default[key]
        if isinstance(expected, (int, float)) and not isinstance(expected, bool):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                fail(path, f"{table}.{key}: expected a number, found {_kind(value)}")
            elif not math.isfinite(value) or not low <= value <= high:
                fail(path, f"{table}.{key}: {value!r} is out of range; expected {low} to {high}{' ' + unit if unit else ''}")
            else:
                merged[key] = value
        elif isinstance(expected, str) and _COLOUR.match(expected):
            if not isinstance(value, str):
                fail(path, f"{table}.{key}: expected a colour such as \"#1f3864\", found {_kind(value)}")
            elif not _COLOUR.match(value):
                fail(path, f"{table}.{key}: {value[:40]!r} is not a colour; write #rrggbb, such as \"#1f3864\"")
            else:
                merged[key] = value
        elif isinstance(expected, str):
            if _text_ok(path, value, fail, f"{table}.{key}"):
                merged[key] = value
        elif type(value) is not type(expected):
            fail(path, f"{table}.{key}: expected {_kind(expected)}, found {_kind(value)}")
        else:
            merged[key] = value
    return merged


def _text_ok(path, value, fail, where: str) -> bool:
    if not isinstance(value, str):
        fail(path, f"{where}: expected text, found {_kind(value)}")
        return False
    if not value.strip():
        fail(path, f"{where}: empty text")
        return False
    if len(value) > MAX_PATTERN:
        fail(path, f"{where}: text of {len(value):,} characters; at most {MAX_PATTERN}")
        return False
    found = _REFUSED.search(value)
    if found:
        fail(path, f"{where}: character U+{ord(found.group(0)):04X} is not allowed (a control, bidirectional "
                   "or unprintable character)")
        return False
    return True


def _fonts(given: dict, default: dict, fail) -> dict:
    merged = {locale: dict(fonts) for locale, fonts in default.items()}
    for locale, fonts in given.items():
        path = ("fonts", locale)
        if locale not in supported():
            fail(path, f"[fonts.{locale}]: unknown locale {locale!r}; supported: {', '.join(supported())}")
            continue
        if not isinstance(fonts, dict):
            fail(path, f"fonts.{locale}: expected a table, found {_kind(fonts)}")
            continue
        table = merged.setdefault(locale, {})
        for key, value in fonts.items():
            where = f"fonts.{locale}.{key}"
            if key in FONT_ROLES:
                if _text_ok(path + (key,), value, fail, where):
                    table[key] = value
            elif key == "fallback":
                if not isinstance(value, list):
                    fail(path + (key,), f"{where}: expected a list of font patterns, found {_kind(value)}")
                elif len(value) > MAX_FALLBACKS:
                    fail(path + (key,), f"{where}: {len(value)} fallbacks; at most {MAX_FALLBACKS}")
                elif all(_text_ok(path + (key,), item, fail, f"{where}[{index}]") for index, item in enumerate(value)):
                    table[key] = list(value)
            else:
                fail(path + (key,), f"[fonts.{locale}]: unknown key {key!r}; known: {', '.join(FONT_ROLES)}, fallback")
        for role in FONT_ROLES:
            if role not in table:
                fail(path, f"[fonts.{locale}]: missing font pattern {role!r}")
    return merged
