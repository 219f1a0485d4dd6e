"""Which languages the language data holds and what each is called, found without loading one (help prints them)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from briefing.paths import CATALOG_FOLDER

# A plain `name = "…"` line, as every language.toml writes it; anything else goes through tomllib.
_NAME = re.compile(r'^name\s*=\s*"([^"\\]*)"\s*(?:#.*)?$')


def folders() -> list[Path]:
    """Where languages are looked for, first match wins: BRIEFING_LANGUAGES, then the package's own."""
    extra = [Path(p) for p in os.environ.get("BRIEFING_LANGUAGES", "").split(os.pathsep) if p]
    return [*extra, CATALOG_FOLDER]


def available() -> tuple[str, ...]:
    """Every language code with a language.toml, sorted."""
    found = {p.parent.name for folder in folders() for p in folder.glob("*/language.toml")}
    return tuple(sorted(found))


def name_of(code: str) -> str:
    """A language's name as its language.toml gives it, read alone: a plain top-level `name = "…"` line is
    taken as it stands (importing tomllib would cost `briefing --help` a fifth of its time), any other
    spelling is parsed."""
    for folder in folders():
        path = Path(folder) / code / "language.toml"
        if path.is_file():
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                return code
            for line in text.splitlines():
                if line.lstrip().startswith("["):
                    break  # past the top-level keys
                if match := _NAME.match(line.strip()):
                    return match.group(1)
            return _parsed_name(text, code)
    return code


def _parsed_name(text: str, code: str) -> str:
    import tomllib

    try:
        return str(tomllib.loads(text).get("name", code))
    except tomllib.TOMLDecodeError:
        return code
