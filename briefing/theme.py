"""The PDF theme: a small TOML file of page geometry, sizes, colours and font patterns per locale and role."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from briefing.errors import InvalidInput, Problem
from briefing.paths import DEFAULT_THEME  # noqa: F401  (re-exported: the theme module is where users look)

ROLES = ("body", "bold", "heading")


@dataclass(frozen=True)
class Theme:
    """Everything about the look of the PDF that a user may change without touching code."""

    page: dict
    sizes: dict
    colours: dict
    fonts: dict  # locale -> {role: pattern, "fallback": [patterns]}
    path: str = ""  # the file it was read from
    text: str = field(default="", repr=False, compare=False)  # its text, for line numbers (never read twice)

    def font_patterns(self, locale: str, role: str) -> list[str]:
        """The chain of fontconfig patterns for a role: its own face, then the locale's fallbacks."""
        fonts = self.fonts[locale]
        return [fonts[role], *fonts.get("fallback", [])]

    def line_of(self, text: str) -> int:
        """The first line of the theme file that mentions `text` (for file:line messages), else 1."""
        for number, line in enumerate(self.text.splitlines(), 1):
            if text and f'"{text}"' in line:
                return number
        return 1

    def family(self, locale: str, role: str) -> str:
        """The bare family name of a role's face, as Word wants it."""
        return self.fonts[locale][role].split(":")[0]


def load_theme(path: str | Path = DEFAULT_THEME) -> Theme:
    """Reads and checks a theme file against the typed schema; every problem is reported as file:line, like content.

    What the file leaves out is taken from the default theme, so a theme may
    change only what it means to change.
    """
    from briefing.theme_schema import Lines, validate

    shown = str(path)
    data, text = _read(path, shown)
    defaults = data if _is_default(path) else _default_data()
    merged, problems = validate(data, defaults, shown, Lines(text))
    if problems:
        raise InvalidInput(problems)
    return Theme(page=merged["page"], sizes=merged["sizes"], colours=merged["colours"], fonts=merged["fonts"],
                 path=str(path), text=text)


def _read(path, shown: str) -> tuple[dict, str]:
    from briefing.safety.guarded import Refused, read

    try:  # a regular file within the theme's size cap (a pipe or device would never end)
        raw = read(path, "theme").data
    except Refused as refused:
        message = "theme file not found" if str(refused) == "file not found" else f"theme: {refused}"
        raise InvalidInput([Problem(shown, 1, message)]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise InvalidInput([Problem(shown, line, f"not UTF-8: byte 0x{raw[error.start]:02x} cannot be decoded")]) from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", None) or _line_from_message(str(error))
        raise InvalidInput([Problem(shown, line, f"TOML syntax: {error}")]) from None
    except RecursionError:  # tomllib nests one call per inline table or array
        raise InvalidInput([Problem(shown, 1, "TOML nested too deeply")]) from None


def _is_default(path) -> bool:
    try:
        return Path(path).resolve() == DEFAULT_THEME.resolve()
    except OSError:
        return False


@functools.lru_cache(maxsize=1)
def _default_data() -> dict:
    return _read(DEFAULT_THEME, str(DEFAULT_THEME))[0]


def _line_from_message(message: str) -> int:
    # tomllib says "... (at line 3, column 7)"
    import re

    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else 1
