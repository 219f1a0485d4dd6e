"""Preflight findings as `file:line: output pN: message` lines, their content paths resolved through the book's texts."""

from __future__ import annotations

from briefing.preflight import Finding


def places(book) -> dict[str, tuple[str, int]]:
    """Each text's content path with the file and line it was read from."""
    from briefing.translations.texts import book_texts

    return {text.path: (text.file, text.line) for text in book_texts(book) if text.path}


def line(finding: Finding, known: dict[str, tuple[str, int]]) -> str:
    """`summary.yaml:12: ja+en p4: message`; a text that maps to no content (generated, composed) is named by its file alone."""
    file, number = known.get(finding.where, (finding.where.partition(":")[0] or finding.output, 0))
    place = f"{file}:{number}" if number else file
    return f"{place}: {finding.output} p{finding.page}: {finding.message}"
