"""The named inputs of the clearance loop and the translators' workflow (DRAFT.docx, the XLIFF file, the book's
translations.lock) go through the guarded reader: a pipe, a device, a folder or a link out is refused at once."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import SAMPLE
from doors import assert_refused, run


def fifo(tmp_path: Path, name: str) -> Path:
    os.mkfifo(tmp_path / name)
    return tmp_path / name


def zero(tmp_path: Path, name: str) -> Path:
    (tmp_path / name).symlink_to("/dev/zero")
    return tmp_path / name


def folder(tmp_path: Path, name: str) -> Path:
    (tmp_path / name).mkdir()
    return tmp_path / name


NAMED = [
    ("pipe", fifo, r"is a pipe, not a regular file"),
    ("dev-zero", zero, r"is a device, not a regular file"),
    ("folder", folder, r"(is a folder|is a directory)"),
]


@pytest.fixture
def book(tmp_path):
    return shutil.copytree(SAMPLE, tmp_path / "book" / SAMPLE.name)


def files(book: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(book.iterdir()) if p.is_file()}


@pytest.mark.parametrize("case", NAMED, ids=[c[0] for c in NAMED])
def it_refuses_a_draft_that_is_not_a_regular_file_at_once(case, book, tmp_path):
    _, make, pattern = case
    before = files(book)
    outcome = run("absorb", str(book), str(make(tmp_path, "draft.docx")), timeout=60)
    assert_refused(outcome, r"draft\.docx:1: .*" + pattern)
    assert files(book) == before


@pytest.mark.parametrize("case", NAMED, ids=[c[0] for c in NAMED])
def it_refuses_an_xliff_file_that_is_not_a_regular_file_at_once(case, book, tmp_path):
    _, make, pattern = case
    before = files(book)
    outcome = run("translations", "import", str(book), str(make(tmp_path, "ja.xlf")), timeout=60)
    assert_refused(outcome, r"ja\.xlf:1: .*" + pattern)
    assert files(book) == before


def lock_link_out(book: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.lock"
    shutil.copy(book / "translations.lock", outside)
    (book / "translations.lock").unlink()
    (book / "translations.lock").symlink_to(outside)


def lock_fifo(book: Path, tmp_path: Path) -> None:
    (book / "translations.lock").unlink()
    os.mkfifo(book / "translations.lock")


def lock_zero(book: Path, tmp_path: Path) -> None:
    (book / "translations.lock").unlink()
    (book / "translations.lock").symlink_to("/dev/zero")


LOCKS = [
    ("pipe", lock_fifo, r"is a pipe, not a regular file"),
    ("dev-zero", lock_zero, r"(links outside the book|is a device)"),
    ("link-out", lock_link_out, r"links outside the book folder"),
]
COMMANDS = {"status": lambda book: ["translations", "status", book], "check": lambda book: ["check", book],
            "mark-reviewed": lambda book: ["translations", "mark-reviewed", book, "--all"]}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", LOCKS, ids=[c[0] for c in LOCKS])
def it_refuses_a_translations_lock_that_is_not_the_books_own_regular_file(case, command, book, tmp_path):
    _, make, pattern = case
    make(book, tmp_path)
    before = files(book)
    outcome = run(*COMMANDS[command](str(book)), timeout=60)
    assert_refused(outcome, r"translations\.lock:1: the translations lock .*" + pattern)
    assert files(book) == before
