"""A small table (the legend, a few rows of figures) is never split across pages, in one language or in a pair.

Read back with poppler's pdftotext, page by page: every row of the table is on the page of its header row,
and the header is printed once (a repeated header is what a split leaves behind).
"""

from __future__ import annotations

import subprocess

import pytest

from conftest import EPOCH, ROOT, require_tool, run_briefing

FIRST = ROOT / "content" / "2009-05-12-japan-russia"
SECOND = ROOT / "content" / "2010-11-19-japan-mongolia"


def pages_holding(pdf, needle: str) -> list[int]:
    count = int(next(line.split()[1] for line in subprocess.run(["pdfinfo", str(pdf)], capture_output=True,
                                                                 text=True, check=True).stdout.splitlines()
                     if line.startswith("Pages:")))
    found = []
    for page in range(1, count + 1):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        found += [page] * sum(needle in line for line in text.splitlines())
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    require_tool("pdftotext")
    out = tmp_path_factory.mktemp("keeps")
    for book, locales in ((FIRST, ["en", "zh", "en+fr"]), (SECOND, ["ja+en"])):
        result = run_briefing("build", str(book), *(f"-l{locale}" for locale in locales), "-f", "pdf", "-o", str(out),
                              env={"SOURCE_DATE_EPOCH": EPOCH})
        assert result.returncode == 0, result.stderr
    return out


@pytest.mark.parametrize(("output", "header", "rows"), [
    (f"{FIRST.name}.en.pdf", "Marker", ["Documents signed at the signing ceremony", "legislative approval"]),
    (f"{FIRST.name}.zh.pdf", "符号", ["在签字仪式上签署的文件", "其他文件（非在签字仪式上签署）"]),
    (f"{FIRST.name}.en+fr.pdf", "Marker", ["Documents signed at the signing ceremony", "legislative"]),
    (f"{SECOND.name}.ja+en.pdf", "Japan's exports      Japan's imports", ["2005  ", "2008  ", "2010  "]),
])
def it_keeps_a_small_table_on_one_page(built, output, header, rows):
    headers = pages_holding(built / output, header)
    assert len(headers) == 1, f"header row printed on pages {headers}: the table split"
    for row in rows:
        assert set(pages_holding(built / output, row)) == set(headers), (row, headers)
