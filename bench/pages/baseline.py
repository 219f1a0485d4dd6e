"""The books the page measures are kept for, built and measured together, and the baseline file their counts may not rise above."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from . import content_of, counts, measure_book, web

ROOT = Path(__file__).resolve().parents[2]
BASELINE = ROOT / "bench" / "pages_baseline.json"
# Both sample books, and test books of shapes they do not have (tests/data/).
BOOKS = [ROOT / "content" / "2009-05-12-japan-russia", ROOT / "content" / "2010-11-19-japan-mongolia",
         ROOT / "tests" / "data" / "two-page-book", ROOT / "tests" / "data" / "long-tables-book",
         ROOT / "tests" / "data" / "long-register-book"]
EPOCH = "1242086400"  # builds are byte-reproducible with it, so the counts are too


def build(book: Path, target: Path, python: str = sys.executable, html: bool = True) -> None:
    """Every locale and pair of a book, PDF and Word draft as `briefing build` makes them by default, and the web page."""
    formats = ["-f", "pdf", "-f", "docx"] + (["-f", "html"] if html else [])
    result = subprocess.run([python, "-m", "briefing", "build", str(book), *formats, "-o", str(target), "--force"],
                            capture_output=True, text=True, cwd=ROOT,
                            env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH}, timeout=600)
    if result.returncode != 0:
        raise RuntimeError(f"building {book.name} failed:\n{result.stderr}")


def measure_all(target: Path, books: list[Path] = BOOKS, with_drafts: bool = True, with_html: bool = True,
                chromium=None) -> dict:
    """Builds each book into `target` and measures it: {book: {output: {kind: findings}}}. One Chromium
    reads every web page (`chromium`, a Playwright browser, when the caller runs one)."""
    soffice = shutil.which("soffice") or "soffice"
    found = {}
    with web.browser(chromium) if with_html else contextlib.nullcontext() as browser:
        for book in books:
            build(book, target, html=with_html)
            found[book.name] = measure_book(target, book.name, content_of(book.name, [book.parent]),
                                            with_drafts=with_drafts, soffice=soffice, browser=browser)
    return found


def load(path: Path = BASELINE) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))["counts"]


def save(found: dict, path: Path = BASELINE) -> None:
    """Writes the counts, sorted, with a note on what the file is for."""
    data = {"about": "Print defects per book, output and kind, as `python -m bench.pages --baseline` counts them; "
                     "tests/test_page_measures.py fails when a count rises above this, or falls below it "
                     "(then lower it here with `python -m bench.pages --baseline --write-baseline`).",
            "counts": {book: counts(outputs) for book, outputs in sorted(found.items())}}
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")


def compare(measured: dict, baseline: dict) -> tuple[list[str], list[str]]:
    """(rises, falls): each count above its baseline, and each below it, as `book output: kind n (baseline m)`."""
    rises, falls = [], []
    for book in sorted(set(measured) | set(baseline)):
        outputs = measured.get(book, {})
        for output in sorted(set(outputs) | set(baseline.get(book, {}))):
            now, then = outputs.get(output, {}), baseline.get(book, {}).get(output, {})
            for kind in sorted(set(now) | set(then)):
                a, b = now.get(kind, 0), then.get(kind, 0)
                line = f"{book} {output}: {kind} {a} (baseline {b})"
                if a > b:
                    rises.append(line)
                elif a < b:
                    falls.append(line)
    return rises, falls


def totals(found: dict) -> dict[str, int]:
    """Per book, all its defects of every output and kind together (from findings or from counts)."""
    return {book: sum(len(n) if isinstance(n, list) else n for kinds in outputs.values() for n in kinds.values())
            for book, outputs in found.items()}
