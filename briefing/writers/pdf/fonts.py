"""A language's fonts registered with ReportLab, and the one place where text becomes Paragraph markup."""

from __future__ import annotations

import functools

from reportlab.pdfbase import pdfmetrics

from briefing.fonts import FontChain, chain
from briefing.theme import Theme
from briefing.writers.pdf.truetype import Font

ROLES = ("body", "bold", "heading")


def escape(text: str) -> str:
    """&, < and > as entities: what ReportLab's paragraph parser would otherwise read as markup.

    (xml.sax.saxutils.escape does the same but imports urllib, http and ssl with it.)
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


NARROW_NO_BREAK = '<font size="-2">\u00a0</font>'


class MissingGlyph(Exception):
    """Text reached the PDF writer with a character no configured font can draw."""


@functools.lru_cache(maxsize=None)
def register(face_name: str, path: str, index: int = 0) -> str:
    """Registers a TrueType face once per process (`index`: its number in a .ttc); ReportLab embeds and subsets it."""
    pdfmetrics.registerFont(Font(face_name, path, index))
    return face_name


class Fonts:
    """The font chains of one language (body, bold, heading), each face registered once."""

    def __init__(self, theme: Theme, locale: str):
        self.locale = locale
        self.chains: dict[str, FontChain] = {}
        for role in ROLES:
            font_chain = chain(tuple(theme.font_patterns(locale, role)))
            # Only the role's own face now; a fallback face is loaded the first time a glyph needs it.
            register(font_chain.primary.name, font_chain.primary.path, font_chain.primary.index)
            self.chains[role] = font_chain

    def register_all(self) -> None:
        """Registers the fallback faces too (a worker does so while it waits for its documents)."""
        for font_chain in self.chains.values():
            for face in font_chain.faces:
                register(face.name, face.path, face.index)

    def name(self, role: str) -> str:
        return self.chains[role].primary.name

    def markup(self, text: str, role: str = "body") -> str:
        """Escapes text for a Paragraph and switches face per glyph where the role's face lacks one.

        Nothing a content author types can open a tag: every character passes
        through escape() here, and the only tags are the <font> switches made here.
        """
        out = "".join(
            escape(piece) if face == self.name(role) else f'<font face="{face}">{escape(piece)}</font>'
            for face, piece in self.runs(text, role)
        )
        # ReportLab counts U+202F (French before ; ! ?) as a breaking space and sets it a word space
        # wide; a no-break space two points smaller keeps the mark on its line and is as narrow.
        return out.replace("\u202f", NARROW_NO_BREAK) if "\u202f" in out else out

    def runs(self, text: str, role: str = "body") -> list[tuple[str, str]]:
        """(face name, text) pieces: each character in the first face of the chain that has it."""
        font_chain = self.chains[role]
        primary = font_chain.primary
        if primary.covers(text):
            return [(primary.name, text)] if text else []
        pieces: list[tuple[str, str]] = []
        for char in text:
            if char in " \n\t\u00a0" or primary.has(char):
                # Spaces stay with the run they are in, so a fallback run is not cut in two.
                face_name = pieces[-1][0] if pieces and char in " \u00a0" else primary.name
            else:
                face = font_chain.face_for(char)
                if face is None:
                    raise MissingGlyph(f"no configured font has U+{ord(char):04X} {char!r} (in {text[:40]!r})")
                face_name = register(face.name, face.path, face.index)
            if pieces and pieces[-1][0] == face_name:
                pieces[-1] = (face_name, pieces[-1][1] + char)
            else:
                pieces.append((face_name, char))
        return pieces

    def width(self, text: str, size: float, role: str = "body") -> float:
        return sum(pdfmetrics.stringWidth(piece, face, size) for face, piece in self.runs(text, role))

    def draw(self, canvas, x: float, y: float, text: str, size: float, role: str = "body") -> None:
        """Draws one line straight on the canvas, face by face (running heads, watermark, contents)."""
        for face, piece in self.runs(text, role):
            canvas.setFont(face, size)
            canvas.drawString(x, y, piece)
            x += pdfmetrics.stringWidth(piece, face, size)
