"""Finding fonts: fontconfig patterns to TrueType files, checked per glyph, so no text can fall into a blank box."""

from __future__ import annotations

import functools
import subprocess
from dataclasses import dataclass
from pathlib import Path


class FontNotFound(Exception):
    """A theme names a font this machine does not have."""


@dataclass(frozen=True)
class Face:
    """One TrueType face: the file it lives in, its family, and the characters it can draw."""

    name: str       # a unique name to register it under, e.g. LiberationSerif-Bold
    family: str
    bold: bool
    path: str
    characters: frozenset

    def has(self, char: str) -> bool:
        return ord(char) in self.characters


@functools.lru_cache(maxsize=None)
def find_face(pattern: str) -> Face:
    """Resolves `Family` or `Family:bold` through fc-match and refuses a substitute of another family."""
    family = pattern.split(":")[0].strip()
    bold = ":bold" in pattern.lower()
    try:
        found = subprocess.run(
            ["fc-match", "--format", "%{family}\t%{file}\t%{fontformat}", pattern],
            capture_output=True, text=True, check=True, timeout=30,
        ).stdout
    except (OSError, subprocess.SubprocessError) as error:
        raise FontNotFound(f"cannot ask fontconfig for {pattern!r}: {error}") from None
    families, path, font_format = (found.split("\t") + ["", "", ""])[:3]
    if family.lower() not in [f.strip().lower() for f in families.split(",")]:
        raise FontNotFound(f"font {pattern!r} is not installed (fontconfig offers {families or 'nothing'} instead)")
    if font_format != "TrueType" or not path.lower().endswith(".ttf"):
        raise FontNotFound(f"font {pattern!r} resolves to {path}, which is not a TrueType (.ttf) file")
    return Face(
        name=Path(path).stem.replace(" ", ""),
        family=family,
        bold=bold,
        path=path,
        characters=frozenset(_cmap(path)),
    )


def _cmap(path: str) -> set[int]:
    from reportlab.pdfbase.ttfonts import TTFontFile

    return set(TTFontFile(path).charToGlyph)


@dataclass(frozen=True)
class FontChain:
    """A role's faces in order of preference; each character is drawn with the first face that has it."""

    faces: tuple[Face, ...]

    @property
    def primary(self) -> Face:
        return self.faces[0]

    def face_for(self, char: str) -> Face | None:
        for face in self.faces:
            if face.has(char):
                return face
        return None

    def missing(self, text: str) -> list[str]:
        """Characters of `text` no face in the chain can draw (spaces and line breaks need no glyph)."""
        return sorted({c for c in text if c not in "\n\t" and self.face_for(c) is None})


@functools.lru_cache(maxsize=None)
def chain(patterns: tuple[str, ...]) -> FontChain:
    return FontChain(tuple(find_face(p) for p in patterns))
