"""Shared fixtures: the sample book, small books made from it, built outputs, and the outside tools that read them back."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "content" / "2009-05-12-japan-russia"
REFERENCE = ROOT / "tests" / "data" / "meeting-overview-2009-05-12.en.txt"
EPOCH = "1242086400"  # 2009-05-12 00:00 UTC

# Each test runs its commands in their own processes: a build server the developer left running
# (briefing/server/) is not theirs. tests/test_server.py starts servers of its own.
os.environ["BRIEFING_SERVER"] = "off"


def require_tool(name: str) -> str:
    """The path of an outside tool; in CI a missing one fails the test instead of skipping it."""
    path = shutil.which(name)
    if path:
        return path
    if os.environ.get("CI") == "true":
        pytest.fail(f"{name} is required in CI (scripts/setup.sh --test installs it)")
    pytest.skip(f"{name} is not installed; run scripts/setup.sh --test")


def require_module(name: str) -> None:
    """An importable Python package of the test extra; in CI a missing one fails the test instead of skipping it."""
    import importlib.util

    if importlib.util.find_spec(name) is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} is required in CI (scripts/setup.sh --test installs it)")
        pytest.skip(f"{name} is not installed; run scripts/setup.sh --test", allow_module_level=True)


def run_briefing(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Runs the command line as a user would, in a separate process."""
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        capture_output=True, text=True, cwd=cwd or ROOT,
        env={**os.environ, **(env or {})}, timeout=300,
    )


def run_briefing_patched(patch: str, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Runs the command line in a separate process after `patch` (Python source) has replaced one part of it."""
    script = f"{patch}\nimport sys\nfrom briefing.cli import main\nsys.exit(main(sys.argv[1:]))\n"
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True, text=True, cwd=ROOT,
        env={**os.environ, **(env or {})}, timeout=300,
    )


def assert_same_bytes(first: Path, second: Path, names) -> None:
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def assert_same_pdfs_with(patch: str, folder: Path) -> None:
    """The sample book's ja+en and ru PDFs are the same bytes built as they are and with `patch` putting back
    what one of the writer's shortcuts replaced (ReportLab's own reader, its own object writing)."""
    arguments = [str(SAMPLE), "-l", "ja+en", "-l", "ru", "-f", "pdf", "-j", "1"]
    ours = run_briefing("build", *arguments, "-o", str(folder / "ours"), env={"SOURCE_DATE_EPOCH": EPOCH})
    stock = run_briefing_patched(patch, "build", *arguments, "-o", str(folder / "stock"),
                                 env={"SOURCE_DATE_EPOCH": EPOCH})
    assert ours.returncode == stock.returncode == 0, ours.stderr + stock.stderr
    assert_same_bytes(folder / "ours", folder / "stock", (f"{SAMPLE.name}.ja+en.pdf", f"{SAMPLE.name}.ru.pdf"))


@pytest.fixture
def book_copy(tmp_path: Path) -> Path:
    """A private copy of the sample book to break in one test."""
    target = tmp_path / "book"
    shutil.copytree(SAMPLE, target)
    return target


def in_three_locales(book: Path) -> Path:
    """The sample book copy narrowed to en, ja and ru (its first three locales): texts, pairs and lock lines of the others go."""
    import re

    others = ("zh", "ko", "fr")
    for path in book.glob("*.yaml"):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        kept = [line for line in lines if not re.match(rf"^\s*(?:{'|'.join(others)})(?:_match)?: ", line)]
        text = "".join(kept)
        if path.name == "book.yaml":
            text = re.sub(r"^locales: .*$", "locales: [en, ja, ru]", text, flags=re.M)
            text = re.sub(r"^bilingual: .*$", "bilingual: [ja+en, ja+ru]", text, flags=re.M)
        path.write_text(text, encoding="utf-8")
    lock = book / "translations.lock"
    if lock.exists():
        lines = lock.read_text(encoding="utf-8").splitlines(keepends=True)
        lock.write_text("".join(l for l in lines if not re.search(rf"\s(?:{'|'.join(others)})\s", l)), encoding="utf-8")
    return book


@pytest.fixture(scope="session")
def built_en(tmp_path_factory) -> dict[str, Path]:
    """The English book built once, both formats, through the command line."""
    out = tmp_path_factory.mktemp("build-en")
    result = run_briefing("build", str(SAMPLE), "-l", "en", "-f", "pdf", "-f", "docx", "-o", str(out),
                          env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 0, result.stderr
    name = SAMPLE.name
    return {"pdf": out / f"{name}.en.pdf", "docx": out / f"{name}.en.docx"}


@pytest.fixture(scope="session")
def built_default(tmp_path_factory) -> Path:
    """The default build (every locale and pair, both formats) made once, as `briefing build BOOK` makes it."""
    out = tmp_path_factory.mktemp("build-default")
    result = run_briefing("build", str(SAMPLE), "-o", str(out), env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 0, result.stderr
    return out


# Chromium as root in a container: no sandbox, no GPU, nothing fetched in the background.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium, headless, driven by Playwright (which downloads no browser of its own)."""
    executable = require_tool("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("playwright is required in CI (scripts/setup.sh --test installs it)")
        pytest.skip("playwright is not installed; run scripts/setup.sh --test")
    with sync_playwright() as playwright:
        # Playwright gives each launch a fresh profile folder of its own.
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def books() -> list[Path]:
    """Every sample book in content/."""
    return sorted(path.parent for path in (ROOT / "content").glob("*/book.yaml"))


@pytest.fixture(scope="session")
def built_html(tmp_path_factory) -> list[tuple[Path, Path, str]]:
    """Every locale and pair of every sample book as HTML: (book, page, locale)."""
    pages = []
    for book in books():
        out = tmp_path_factory.mktemp(f"html-{book.name}")
        result = run_briefing("build", str(book), "-f", "html", "-o", str(out), env={"SOURCE_DATE_EPOCH": EPOCH})
        assert result.returncode == 0, result.stderr
        for page in sorted(out.glob("*.html")):
            pages.append((book, page, page.name[len(book.name) + 1:-len(".html")]))
    return pages
