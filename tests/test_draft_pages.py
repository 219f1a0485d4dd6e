"""The Word draft as LibreOffice lays it out: the text starts on the page after the contents, and no page is blank."""

from __future__ import annotations

import subprocess
import zipfile

import pytest

from conftest import EPOCH, SAMPLE, require_tool, run_briefing

# Running head and foot of a page of the draft, in words: a page holding no more has no text of its own.
FURNITURE_WORDS = 20


@pytest.fixture(scope="module")
def drafts(tmp_path_factory):
    out = tmp_path_factory.mktemp("drafts")
    result = run_briefing("build", str(SAMPLE), "-l", "ja+zh", "-l", "en", "-f", "docx", "-o", str(out),
                          env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 0, result.stderr
    return out


def words_per_page(pdf) -> list[int]:
    pages = int(next(line.split()[1] for line in subprocess.run([require_tool("pdfinfo"), str(pdf)],
                                                                capture_output=True, text=True, check=True)
                     .stdout.splitlines() if line.startswith("Pages:")))
    return [len(subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"], capture_output=True,
                               text=True, check=True).stdout.split()) for page in range(1, pages + 1)]


@pytest.mark.parametrize("locale", ["ja+zh", "en"])
def it_starts_the_text_on_the_next_page_without_a_blank_one(drafts, locale, tmp_path):
    """The contents end with "page break before" on what follows, never a paragraph holding only a break, which
    LibreOffice put on a page of its own when the contents filled theirs (ja+zh's blank page 2)."""
    draft = drafts / f"{SAMPLE.name}.{locale}.docx"
    with zipfile.ZipFile(draft) as package:
        body = package.read("word/document.xml").decode("utf-8")
    assert '<w:br w:type="page"/>' not in body and "<w:pageBreakBefore/>" in body
    soffice = require_tool("soffice")
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(draft)], capture_output=True, text=True, timeout=240, check=True)
    counts = words_per_page(tmp_path / draft.with_suffix(".pdf").name)
    assert min(counts) > FURNITURE_WORDS, counts
