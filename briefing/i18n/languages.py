"""Each language's conventions as data: one `language.toml` beside its catalog, read here for both writers.

A language is a folder `<code>/` holding `language.toml` (tag, date style,
numbering by depth with Word's number formats, typography rules, line
breaking) and `LC_MESSAGES/briefing.po` (the labels).  The tool's own
languages live in `briefing/locale/`; folders named in the environment
variable BRIEFING_LANGUAGES (separated like PATH) are searched first, so a
language can be added without touching the package.
"""

from __future__ import annotations

import functools
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from briefing.i18n.names import available, folders, name_of  # noqa: F401 - this module's API too
from briefing.i18n.numbering import COUNTERS, Convention, Level
from briefing.paths import CATALOG_FOLDER

LINE_BREAKING = ("latin", "words", "kinsoku")
DATE_STYLES = ("long", "day-month", "era", "gregorian")
# How a person is printed: "Shinzo Abe, Prime Minister of Japan" or "Prime Minister of Japan Shinzo Abe".
NAME_STYLES = ("name-office", "office-name")


class LanguageError(Exception):
    """A language.toml that is missing or wrong: `path`, `line` and what to change."""

    def __init__(self, path: str, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


@dataclass(frozen=True)
class Breaking:
    """How lines of a language break: `latin` at spaces, `words` at spaces too (Korean; in Word also by
    w:wordWrap), `kinsoku` between any two characters except where the prohibition sets forbid.
    In every kind a word longer than a whole line is cut rather than run into the margin."""

    kind: str
    cannot_start: frozenset = frozenset()
    cannot_end: frozenset = frozenset()


@dataclass(frozen=True)
class Language:
    code: str
    name: str                   # in English, for messages
    tag: str                    # BCP 47: PDF /Lang, DOCX w:lang, document properties
    east_asian: bool            # its text fills Word's East Asian font and language slots
    date_style: str             # the default: Babel's `long`, or `day-month` / `era` / `gregorian` where allowed
    date_styles: tuple[str, ...]
    date_locales: dict          # style -> the CLDR locale that writes it (day-month in English: en_GB)
    name_style: str             # the default of NAME_STYLES: the name with the office in apposition, or after it
    roman_numerals: bool        # a register numbered `roman` prints I. II.; false: the depth-1 labels (zh: 一、二、)
    numbering: Convention
    breaking: Breaking
    justify_columns: bool       # a half-width bilingual column stays justified (CJK) or is set ragged right
    paragraph_indent: float     # first-line indent of body paragraphs, in characters of the body size (zh: 2)
    rules: tuple[tuple[re.Pattern, str], ...]  # typography, applied in order as text is rendered
    folder: Path

    @property
    def catalog(self) -> Path:
        return self.folder / "LC_MESSAGES" / "briefing.po"

    @property
    def source(self) -> Path:
        return self.folder / "language.toml"

    def refine(self, text: str) -> str:
        for pattern, replacement in self.rules:
            text = pattern.sub(replacement, text)
        return text




def _searched() -> tuple[str, ...]:
    # Every text is refined through its language: the search path is made once per value of the variable.
    return _search_path(os.environ.get("BRIEFING_LANGUAGES", ""))


@functools.lru_cache(maxsize=None)
def _search_path(variable: str) -> tuple[str, ...]:
    return tuple(str(f) for f in folders())


def find(code: str) -> Language | None:
    """The language, or None when no folder has it."""
    return _load(code, _searched())


def get(code: str) -> Language:
    language = find(code)
    if language is None:
        raise LanguageError(str(CATALOG_FOLDER / code / "language.toml"), 1, missing_message(code))
    return language


def problem(code: str) -> str | None:
    """What keeps a book from being written in `code` (no conventions, a broken language.toml, no catalog), or None."""
    if not re.fullmatch(r"[a-z]{2,3}(?:_[A-Za-z0-9]+)?", code):
        return f"{code!r} is not a language code (ISO 639, e.g. 'fr' or 'zh')"
    try:
        language = find(code)
    except LanguageError as error:
        return f"the conventions of {code!r} are broken: {error}"
    if language is None:
        return missing_message(code)
    if not language.catalog.is_file():
        return (f"{code!r} has conventions ({language.source}) but no catalog: create {language.catalog} "
                f"with `pybabel init -D briefing -i briefing/locale/briefing.pot -d {language.folder.parent} -l {code}` "
                f"and translate its labels")
    return None


def by_tag(tag: str) -> Language:
    """The language of a BCP 47 tag as the writers carry it (ja-JP -> ja)."""
    return get(tag.split("-")[0])


def missing_message(code: str) -> str:
    return (f"no language {code!r}: add {code}/language.toml and {code}/LC_MESSAGES/briefing.po under "
            f"briefing/locale/ or a folder named in BRIEFING_LANGUAGES (README: Adding a language); "
            f"available: {', '.join(available())}")


@functools.lru_cache(maxsize=None)
def _load(code: str, searched: tuple[str, ...]) -> Language | None:
    for folder in searched:
        path = Path(folder) / code / "language.toml"
        if path.is_file():
            return _parse(code, path)
    return None


def _line(path: Path, key: str, value: str | None = None) -> int:
    """The first line that sets `key` (to `value`, when given), for file:line messages; else 1."""
    wanted = re.compile(rf"\b{re.escape(key)}\s*=" + (rf"\s*{re.escape(value)}" if value is not None else ""))
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if wanted.search(line):
                return number
    except OSError:
        pass
    return 1


def _parse(code: str, path: Path) -> Language:
    shown = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        raise LanguageError(shown, int(match.group(1)) if match else 1, f"TOML syntax: {error}") from None

    def need(key: str, kind, where: dict = data):
        value = where.get(key)
        if not isinstance(value, kind):
            raise LanguageError(shown, _line(path, key), f"{key!r} is missing or not a {kind.__name__}")
        return value

    levels = []
    for entry in need("numbering", list):
        counter = entry.get("counter")
        if counter not in COUNTERS:
            raise LanguageError(shown, _line(path, "counter", f'"{counter}"' if counter else None),
                                f"numbering: unknown counter {counter!r}; known: {', '.join(COUNTERS)}")
        if counter == "alphabet" and not entry.get("alphabet"):
            raise LanguageError(shown, _line(path, "counter"), "numbering: counter 'alphabet' needs an 'alphabet'")
        levels.append(Level(counter, entry.get("pattern", "{}"), entry.get("gap", " "),
                            entry.get("alphabet", ""), entry.get("word")))
    if not levels:
        raise LanguageError(shown, _line(path, "numbering"), "numbering: at least one level")
    breaking_data = data.get("line_breaking", {"kind": "latin"})
    kind = breaking_data.get("kind")
    if kind not in LINE_BREAKING:
        raise LanguageError(shown, _line(path, "kind"), f"line_breaking.kind must be one of {', '.join(LINE_BREAKING)}")
    breaking = Breaking(kind, frozenset(breaking_data.get("cannot_start", "")),
                        frozenset(breaking_data.get("cannot_end", "")))
    rules = []
    for rule in data.get("typography", []):
        try:
            rules.append((re.compile(need("pattern", str, rule)), need("replacement", str, rule)))
        except re.error as error:
            raise LanguageError(shown, _line(path, "pattern"), f"typography: not a regular expression: {error}") from None
    date_styles = tuple(data.get("date_styles", ["long"]))
    date_style = data.get("date_style", "long")
    for style in (*date_styles, date_style):
        if style not in DATE_STYLES:
            raise LanguageError(shown, _line(path, "date_style"), f"unknown date style {style!r}")
    name_style = data.get("name_style", "office-name")
    if name_style not in NAME_STYLES:
        raise LanguageError(shown, _line(path, "name_style"), f"name_style must be one of {', '.join(NAME_STYLES)}")
    date_locales = dict(data.get("date_locales", {}))
    for style, cldr in date_locales.items():
        if style not in date_styles:
            raise LanguageError(shown, _line(path, "date_locales"), f"date_locales: {style!r} is not in date_styles")
        from babel import Locale, UnknownLocaleError  # only a language that borrows another's dates pays for Babel

        try:
            Locale.parse(cldr)
        except (ValueError, UnknownLocaleError):
            raise LanguageError(shown, _line(path, "date_locales"), f"date_locales: unknown CLDR locale {cldr!r}") from None
    return Language(
        code=code, name=need("name", str), tag=need("tag", str), east_asian=bool(data.get("east_asian", False)),
        date_style=date_style, date_styles=date_styles, date_locales=date_locales, name_style=name_style,
        roman_numerals=bool(data.get("roman_numerals", True)), numbering=Convention(tuple(levels)), breaking=breaking,
        justify_columns=bool(data.get("justify_columns", False)), rules=tuple(rules), folder=path.parent,
        paragraph_indent=float(data.get("paragraph_indent", 0)),
    )
