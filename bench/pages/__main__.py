"""Counts print defects in built books: `python -m bench.pages OUTPUT_DIR...` prints a table per book, one row per output.

`--baseline` builds the books of bench/pages_baseline.json first and says how each count compares with it.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import sys
import tempfile
from pathlib import Path

from . import DRAFT_KINDS, HTML_KINDS, KINDS, PDF_KINDS, baseline, books_in, content_of, counts, measure_book, web

ROOT = Path(__file__).resolve().parents[2]
# Where a built book's content is looked for by its name: its words tell a broken word from a wrapped line.
CONTENT = [ROOT / "content", ROOT / "tests" / "data"]
SHORT = {"stranded headings": "strand", "headings without space": "nospace", "tables split": "split",
         "broken cell words": "brkword", "loose lines": "loose", "ragged CJK lines": "ragged",
         "near-empty pages": "empty", "mixed decimals": "decim", "draft near-empty pages": "d-empty",
         "draft tables split": "d-split", "draft broken runs": "d-runs", "draft CJK italics": "d-ital",
         "draft cells without padding": "d-pad", "web broken words": "w-word", "web broken headings": "w-head",
         "web broken cell words": "w-cell", "web overflow": "w-over", "web CJK italic": "w-ital",
         "web zh indent": "w-ind"}


def table(name: str, found: dict[str, dict[str, list]], details: bool) -> int:
    """Prints one book's counts, a row per output and a column per kind; returns the book's total."""
    kinds = [kind for kind in KINDS if any(kind in kinds for kinds in found.values())]
    print(f"{name}\n  {'output':<8}" + "".join(f"{SHORT[kind]:>8}" for kind in kinds) + f"{'total':>8}")
    total = 0
    for output, measured in found.items():
        row = [len(measured[kind]) if kind in measured else None for kind in kinds]
        total += sum(n for n in row if n)
        print(f"  {output:<8}" + "".join(f"{'-' if n is None else n:>8}" for n in row) + f"{sum(n for n in row if n):>8}")
        if details:
            for kind in kinds:
                for item in measured.get(kind, []):
                    # A PDF's finding is on a page, a web page's at a width ("400px").
                    where = item[0] if isinstance(item[0], str) else f"p{item[0]}"
                    print(f"      {SHORT[kind]} {where}: {' '.join(map(str, item[1:]))}")
    print(f"  total {total}\n")
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pages", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="*", type=Path, help="folders `briefing build -o` wrote (PDFs, drafts, manifests)")
    parser.add_argument("--baseline", action="store_true",
                        help="build the baseline's books (both samples, tests/data's) and compare with the baseline")
    parser.add_argument("--write-baseline", action="store_true", help="with --baseline: write the counts as the new baseline")
    parser.add_argument("--content", action="append", type=Path, default=[],
                        help="a folder holding book folders, searched by book name before content/ and tests/data/ "
                             "(a book's words tell a word broken in a cell from a line wrapped at a space)")
    parser.add_argument("--no-drafts", action="store_true", help="skip the Word drafts (no LibreOffice run)")
    parser.add_argument("--no-html", action="store_true", help="skip the web pages (no Chromium run)")
    parser.add_argument("--details", action="store_true", help="print each finding's page and text under its row")
    arguments = parser.parse_args(argv)
    if not arguments.folders and not arguments.baseline:
        parser.error("name the folders to measure, or --baseline")
    soffice = shutil.which("soffice")
    drafts = bool(soffice) and not arguments.no_drafts
    if not soffice and not arguments.no_drafts:
        print("LibreOffice (soffice) not installed: the drafts are not measured", file=sys.stderr)
    html = web.available() and not arguments.no_html
    if not html and not arguments.no_html:
        print("Chromium (or Playwright) not installed: the web pages are not measured", file=sys.stderr)
    print("kinds: " + ", ".join(f"{SHORT[k]} = {k}" for k in PDF_KINDS + DRAFT_KINDS + HTML_KINDS) + "\n")
    with web.browser() if html and arguments.folders else contextlib.nullcontext() as browser:
        for folder in arguments.folders:
            for name in books_in(folder):
                found = measure_book(folder, name, content_of(name, arguments.content + CONTENT), with_drafts=drafts,
                                     soffice=soffice or "soffice", browser=browser)
                table(name, found, arguments.details)
    if arguments.baseline:
        with tempfile.TemporaryDirectory(prefix="pages-") as work:
            measured = baseline.measure_all(Path(work), with_drafts=drafts, with_html=html)
        for name, found in measured.items():
            table(name, found, arguments.details)
        if arguments.write_baseline:
            baseline.save(measured)
            print(f"written: {baseline.BASELINE.relative_to(ROOT)}")
        elif baseline.BASELINE.exists():
            rises, falls = baseline.compare({b: counts(f) for b, f in measured.items()}, baseline.load())
            for line in rises:
                print(f"above the baseline: {line}")
            for line in falls:
                print(f"below the baseline (lower it with --write-baseline): {line}")
            if not rises and not falls:
                print("every count equals the baseline")
            return 1 if rises else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
