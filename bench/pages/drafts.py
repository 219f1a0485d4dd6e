"""The Word drafts as LibreOffice lays them out: each .docx converted to PDF headless, then read like the PDFs."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from . import breaks, faces, layout, tables
from .reading import read


def convert(drafts: list[Path], target: Path, soffice: str = "soffice") -> list[Path]:
    """Each draft as a PDF in `target`, in one LibreOffice run with a profile of its own (a first run
    writes its profile, and a shared one would collide with a LibreOffice the user has open)."""
    if not drafts:
        return []
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    try:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(target), *map(str, drafts)],
                       check=True, capture_output=True, timeout=600)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return [target / (draft.stem + ".pdf") for draft in drafts]


def measure_draft(pdf: Path, words: set[str] | None = None) -> dict[str, list]:
    """A converted draft's defects: blank or nearly blank pages, split small tables, runs and words broken
    between lines, slanted CJK text and cells without padding. A bilingual draft sets its languages side by
    side in the rows of one borderless table, so its ruled tables are its data tables, each holding both
    languages: it is read as one column, except for its lines, which are read per language."""
    pages = read(pdf, columns=1)
    columns = 2 if "+" in Path(pdf).name.split(".")[-2] else 1
    return {"draft near-empty pages": layout.near_empty_pages(pages),
            "draft tables split": tables.split_tables(pages, 1),
            "draft broken runs": breaks.broken_runs(pdf, columns, words),
            "draft CJK italics": faces.cjk_italics(pdf),
            "draft cells without padding": faces.cells_without_padding(pdf)}
