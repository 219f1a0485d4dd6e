"""What a build is asked for: targets (a locale or pair in one format) and the user's options."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

FORMATS = ("pdf", "docx", "html")
DEFAULT_FORMATS = ("pdf", "docx")  # what a build without -f writes


@dataclass(frozen=True)
class Target:
    """One output file: a locale (or a pair such as ja+en) in one format."""

    locale: str
    format: str

    def filename(self, book) -> str:
        return f"{book.folder_name}.{self.locale}.{self.format}"

    def shown(self) -> str:
        """How a message names this output: its locale, with the format unless it is the PDF (ja+en, ja+en docx)."""
        return self.locale if self.format == "pdf" else f"{self.locale} {self.format}"


@dataclass(frozen=True)
class Options:
    """What the user asked for beyond the content: a marking other than the book's, a draft watermark, print mode."""

    marking: str | None = None
    draft: bool = False
    crop_marks: bool = False
    reference_docx: Path | None = None
    # The PDF standards the PDF claims and meets (briefing/writers/pdf/tagging): a published book is both
    # accessible (PDF/UA-1) and archival (PDF/A-2a) unless asked otherwise.
    pdf_standards: tuple[str, ...] = ("a-2a", "ua-1")
    strict: bool = False  # a preflight finding (briefing/preflight) is an error: nothing is written
