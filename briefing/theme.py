"""The PDF theme: a small TOML file of page geometry, sizes, colours and font patterns per locale and role."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
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

    def font_patterns(self, locale: str, role: str) -> list[str]:
        """The chain of fontconfig patterns for a role: its own face, then the locale's fallbacks."""
        fonts = self.fonts[locale]
        return [fonts[role], *fonts.get("fallback", [])]

    def line_of(self, text: str) -> int:
        """The first line of the theme file that mentions `text` (for file:line messages), else 1."""
        try:
            with open(self.path, encoding="utf-8") as handle:
                for number, line in enumerate(handle, 1):
                    if text and f'"{text}"' in line:
                        return number
        except OSError:
            pass
        return 1

    def family(self, locale: str, role: str) -> str:
        """The bare family name of a role's face, as Word wants it."""
        return self.fonts[locale][role].split(":")[0]


def load_theme(path: str | Path = DEFAULT_THEME) -> Theme:
    """Reads and checks a theme file; a broken one is reported as file:line like content."""
    shown = str(path)
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise InvalidInput([Problem(shown, 1, "theme file not found")]) from None
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", None) or _line_from_message(str(error))
        raise InvalidInput([Problem(shown, line, f"TOML syntax: {error}")]) from None
    problems = []
    for table in ("page", "sizes", "colours", "fonts"):
        if not isinstance(data.get(table), dict):
            problems.append(Problem(shown, 1, f"missing table [{table}]"))
    for locale, fonts in (data.get("fonts") or {}).items():
        for role in ROLES:
            if not isinstance(fonts, dict) or not isinstance(fonts.get(role), str):
                problems.append(Problem(shown, 1, f"[fonts.{locale}]: missing font pattern {role!r}"))
    if problems:
        raise InvalidInput(problems)
    return Theme(page=data["page"], sizes=data["sizes"], colours=data["colours"], fonts=data["fonts"], path=str(path))


def _line_from_message(message: str) -> int:
    # tomllib says "... (at line 3, column 7)"
    import re

    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else 1
