"""Writers: each turns a document tree into one output format through a single `write(document, path)`."""

from __future__ import annotations


def write(document, fmt: str, path: str, theme, options) -> list:
    """Writes `document` as `fmt` (pdf, docx or html) at `path`, importing only that format's writer;
    returns the preflight findings of its layout (briefing/preflight), not yet named by output."""
    from briefing.preflight import Preflight

    preflight = Preflight()
    if fmt == "html":
        from briefing.writers import html

        html.write(document, path, theme)
    elif fmt == "pdf":
        from briefing.writers import pdf

        pdf.write(document, path, theme, crop_marks=options.crop_marks, preflight=preflight,
                  standards=options.pdf_standards)
    else:
        from briefing.writers import docx

        docx.write(document, path, theme, reference=options.reference_docx, preflight=preflight)
    return preflight.findings
