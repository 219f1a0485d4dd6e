"""Preflight findings as problems at the `file:line` of their text (`summary.yaml:12: ja+en p4: message`)."""

from __future__ import annotations

from briefing.errors import Problem
from briefing.preflight import Finding


def places(book) -> dict[str, tuple[str, int]]:
    """Each text's content path with the file and line it was read from."""
    from briefing.translations.texts import book_texts

    return {text.path: (text.file, text.line) for text in book_texts(book) if text.path}


def problem(finding: Finding, known: dict[str, tuple[str, int]]) -> Problem:
    """The finding at its text's file and line; a text that maps to no single content text (generated,
    composed) is named by the file its path starts with, else by the output, at line 1."""
    file, line = known.get(finding.where) or (finding.where.partition(":")[0] or finding.output, 1)
    # Page 0: an output whose pages only the program that opens it lays out (the Word draft).
    page = f" p{finding.page}" if finding.page else ""
    return Problem(file, line, f"{finding.output}{page}: {finding.message}")


def problems(book, findings: list[Finding]) -> list[Problem]:
    """Every finding as a problem, in output, page and message order (the same build prints the same report)."""
    known = places(book) if findings else {}
    return [problem(finding, known) for finding in sorted(findings)]
