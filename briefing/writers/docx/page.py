"""The Word draft's page: its size and margins, running head and foot with markings, and the document's properties."""

from __future__ import annotations

import re

from docx.shared import Mm

from briefing.safety.output import build_time

from briefing.writers.docx import ooxml
from briefing.writers.furniture import markings, running_head
from briefing.writers.docx.styles import (
    hex_colour,
)


def set_page(document, page: dict) -> None:
    """A4 with the theme's margins, and the running head and foot 10 mm from the edge."""
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin = Mm(page["margin_top_mm"])
        section.bottom_margin = Mm(page["margin_bottom_mm"])
        section.left_margin = Mm(page["margin_left_mm"])
        section.right_margin = Mm(page["margin_right_mm"])
        section.header_distance = Mm(10)
        section.footer_distance = Mm(10)


class PageSetup:
    """The DocxWriter's methods that set up the page and the document's properties."""

    def _setup_header_footer(self) -> None:
        section = self.docx.sections[0]
        for part in (section.header, section.footer):
            part.is_linked_to_previous = False
            for paragraph in part.paragraphs[1:]:
                paragraph._p.getparent().remove(paragraph._p)
            part.paragraphs[0]._p.clear_content()
        second = self.meta.secondary
        languages = [self.meta] + ([second] if second else [])
        header = section.header.paragraphs[0]
        header._p.get_or_add_pPr().get_or_add_pStyle().val = self.styles.style_id("Header")
        header.add_run(running_head(self.meta))
        header.add_run("\t")
        self._markings(header)
        if self.meta.draft:
            label = " / ".join(meta.labels["draft"] for meta in languages)
            ooxml.watermark(header, label, self.theme.family(self.meta.language.split("-")[0], "heading"),
                            _pale(self.theme.colours["marking"]))

        footer = section.footer.paragraphs[0]
        footer._p.get_or_add_pPr().get_or_add_pStyle().val = self.styles.style_id("Footer")
        footer.add_run("\t")
        for index, meta in enumerate(languages):
            if index:
                footer.add_run("\u2003")
            start = len(footer.runs)
            # "Page {page} of {pages}" arrives translated; the placeholders become fields.
            for piece in re.split(r"(\{page\}|\{pages\})", meta.labels["page_of"]):
                if piece == "{page}":
                    ooxml.add_field(footer, "PAGE", "1")
                elif piece == "{pages}":
                    ooxml.add_field(footer, "NUMPAGES", "1")
                elif piece:
                    footer.add_run(piece)
            for run in footer.runs[start:]:
                self._in_language(run, meta.language)
        footer.add_run("\t")
        self._markings(footer)
        self.trace.furniture("header", header.text)
        self.trace.furniture("footer", footer.text)

    def _markings(self, paragraph) -> None:
        """The marking in each language that has one, each run in its own language's font; none, no run."""
        for index, (language, marking) in enumerate(markings(self.meta)):
            if index:
                paragraph.add_run(" / ")
            run = paragraph.add_run(marking)
            run.bold = True
            run.font.color.rgb = hex_colour(self.theme.colours["marking"])
            self._in_language(run, language)

    def _setup_properties(self) -> None:
        properties = self.docx.core_properties
        when = build_time().replace(tzinfo=None)
        # Word's core properties hold at most 255 characters (python-docx refuses more): a longer title or
        # subject is shortened there, with an ellipsis, and stays whole in the document itself.
        properties.title = _property(self.meta.title)
        properties.subject = _property(self.meta.subject)
        properties.language = self.meta.language
        properties.keywords = _property(", ".join(self.meta.keywords))
        properties.author = _property(self.meta.author or "briefing")
        properties.last_modified_by = "briefing"
        properties.comments = ""
        properties.category = _property(self.meta.marking)
        properties.content_status = self.meta.labels["draft"] if self.meta.draft else ""
        properties.created = when
        properties.modified = when
        properties.last_printed = when
        properties.revision = 1

    # -- where text goes -------------------------------------------------------


def _property(value: str, limit: int = 255) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _pale(colour: str) -> str:
    """The colour mixed four parts to one with white: a watermark that text can be read through,
    also where opacity is ignored (LibreOffice)."""
    red, green, blue = (int(colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    return "#{:02x}{:02x}{:02x}".format(*(round(c + (255 - c) * 0.8) for c in (red, green, blue)))
