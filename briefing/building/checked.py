"""A passed `briefing check` remembered by the stamp of everything it read, so checking an unchanged book again only repeats its answer.

The stamp is the build's (briefing/building/incremental.py: the book folder,
the tool's code, templates and languages, the theme) plus the installed fonts
as fontconfig lists them, each file by size and time (a font installed or
removed can make a glyph drawable or not), and the installed libraries. Only a check that passed is kept;
one that found errors runs again and lists them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sysconfig

from briefing import cache

KIND = "checks"


def key(book: str, theme: str | None, strict: bool) -> str | None:
    """The check's stamp, or None (an input unreadable, fontconfig not answering): then it simply runs."""
    from briefing.building.incremental import font_records, stamp

    try:
        listing = subprocess.run(["fc-list", "--format", "%{file}\t%{index}\n"], capture_output=True,
                                 text=True, check=True, timeout=30).stdout
        fonts = font_records(line.split("\t")[0] for line in listing.splitlines() if line)
    except (OSError, subprocess.SubprocessError):
        return None
    # The libraries (Jinja2, Babel, PyYAML) by their folder's time, which installing or removing any changes.
    libraries = os.stat(sysconfig.get_paths()["purelib"]).st_mtime_ns
    # A folder that cannot exist: the stamp skips the output folder, and a check writes none.
    request = {"command": "check", "book": book, "strict": strict, "fonts": fonts, "libraries": libraries}
    found = stamp(book, request, theme, os.devnull + os.sep + "none")
    return None if found is None else cache.key(found)


def recall(entry: str | None) -> tuple[list[str], list[str]] | None:
    """The lines a passed check of the same inputs printed (its warnings, then its answer), or None."""
    if entry is None or (stored := cache.load(KIND, entry)) is None:
        return None
    try:
        said = json.loads(stored)
        errors, output = said["stderr"], said["stdout"]
    except (ValueError, KeyError, TypeError):
        return None
    if not all(isinstance(line, str) for line in (*errors, *output)):
        return None
    return errors, output


def remember(entry: str | None, errors: list[str], output: list[str]) -> None:
    """Keeps what a passed check printed under its stamp."""
    if entry is not None:
        cache.store(KIND, entry, json.dumps({"stderr": errors, "stdout": output}, ensure_ascii=False).encode())
