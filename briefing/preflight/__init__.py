"""The preflight report: what layout could not fix, page by page, as TeX reports an underfull box."""

from __future__ import annotations

from dataclasses import dataclass, replace

# The kinds a writer notes (others may add theirs): the line composer's three.
LOOSE = "loose line"  # word gaps over twice the median, and no better break
NOT_FLUSH = "cjk line not flush"  # a Japanese or Chinese line that cannot reach the measure
OVERFULL = "overfull line"  # a line wider than its measure (an unbreakable word)
NEAR_EMPTY = "near-empty page"  # a last page of three lines or fewer
NARROW_TABLE = "narrow table"  # a table whose longest words do not fit its columns even set smaller
DRAFT_LONG_TITLE = "long title in a draft"  # a ja/zh title wider than its line: Word breaks it anywhere (page 0)


@dataclass(frozen=True, order=True)
class Finding:
    """One defect left on a page: the output it is in, its page, its kind, the content path of its text, and what is wrong."""

    output: str
    page: int
    kind: str
    where: str
    message: str


class Preflight:
    """The findings of one output, in the order they were noted, each once.

    ReportLab may lay a flowable out more than once (a trial split, a page
    template retried), so a finding noted twice is kept once.
    """

    def __init__(self, output: str = ""):
        self.output = output
        self.findings: list[Finding] = []
        self._seen: set[Finding] = set()

    def note(self, kind: str, page: int, where: str, message: str) -> None:
        finding = Finding(self.output, page, kind, where, message)
        if finding not in self._seen:
            self._seen.add(finding)
            self.findings.append(finding)


def named(findings, output: str) -> list[Finding]:
    """The findings of one output, each named by it (`ja+en`, `ja+en docx`); none when a writer returned none."""
    return [replace(finding, output=output) for finding in findings or ()]
