"""Commands that rewrite a book (absorb, translations import and mark-reviewed, `new`) take turns on its folder:
each reads what it merges into only under the book's lock, so two at once lose nothing."""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import EPOCH, SAMPLE, in_three_locales
from doors import assert_absorb_reach, assert_within_budget, run
from test_absorb import ARRIVAL, FIRST_PARAGRAPH, rewrite, run_after, set_run_text, snapshot_ids

RUNS = 10  # the race lost an edit in 8 of 10 runs before the lock: ten clean runs show it is gone


@pytest.fixture(scope="module")
def two_drafts(tmp_path_factory):
    """The sample (en, ja, ru) and two drafts of it, each editing a different paragraph."""
    base = tmp_path_factory.mktemp("books")
    book = in_three_locales(shutil.copytree(SAMPLE, base / SAMPLE.name))
    built = run("build", str(book), "-l", "en", "-f", "docx", "-o", str(base / "out"), "-j", "1",
                env={"SOURCE_DATE_EPOCH": EPOCH})
    assert built.status == 0, built.stderr
    draft = base / "out" / f"{book.name}.en.docx"
    ids = snapshot_ids(draft)
    drafts = []
    for path, words in ((FIRST_PARAGRAPH, "The first reviewer's opening."), (ARRIVAL, "The second reviewer's arrival.")):
        drafts.append(rewrite(draft, base / f"{len(drafts)}.docx",
                              lambda root, path=path, words=words: set_run_text(run_after(root, ids[(path, "en-GB")]),
                                                                                 words)))
    return book, drafts


def fresh(book: Path, tmp_path: Path, name: str) -> Path:
    return shutil.copytree(book, tmp_path / name / book.name)


@pytest.mark.parametrize("attempt", range(RUNS))
def they_keep_both_edits_when_two_drafts_are_absorbed_at_once(two_drafts, tmp_path, attempt):
    source, drafts = two_drafts
    book = fresh(source, tmp_path, "run")
    scratch = tmp_path / "scratch"  # absorb checks the edited book in a temporary copy
    scratch.mkdir()
    with ThreadPoolExecutor(2) as pool:
        outcomes = list(pool.map(lambda draft: run("absorb", str(book), str(draft), env={"TMPDIR": str(scratch)}),
                                 drafts))
    for outcome in outcomes:
        assert_within_budget(outcome)
        assert_absorb_reach(outcome, book, drafts[0].parent, scratch)
        assert outcome.status == 0, outcome.stderr
        assert "1 change(s) written" in outcome.stdout, outcome.stdout
    summary = (book / "summary.yaml").read_text(encoding="utf-8")
    assert "The first reviewer's opening." in summary and "The second reviewer's arrival." in summary


def _held(folder: Path):
    handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(handle, fcntl.LOCK_EX)
    return handle


COMMANDS = [
    ("absorb", lambda book, drafts, tmp: ["absorb", str(book), str(drafts[0])], lambda book, tmp: book),
    ("mark-reviewed", lambda book, drafts, tmp: ["translations", "mark-reviewed", str(book), "--all"],
     lambda book, tmp: book),
    ("new", lambda book, drafts, tmp: ["new", str(tmp / "made")], lambda book, tmp: tmp),
]


@pytest.mark.parametrize("case", COMMANDS, ids=[c[0] for c in COMMANDS])
def it_waits_with_a_message_while_another_command_writes_the_book(two_drafts, tmp_path, case):
    """While the book's lock is held, a command that would rewrite it waits, says so, and has written nothing."""
    name, arguments, locked = case
    source, drafts = two_drafts
    book = fresh(source, tmp_path, "held")
    folder = locked(book, tmp_path)
    before = {p.name: p.read_bytes() for p in book.iterdir() if p.is_file()}
    handle = _held(folder)
    try:
        with ThreadPoolExecutor(1) as pool:
            future = pool.submit(run, *arguments(book, drafts, tmp_path))
            time.sleep(8)  # long enough for the command to reach the lock: it must still be waiting
            assert not future.done()
            assert {p.name: p.read_bytes() for p in book.iterdir() if p.is_file()} == before
            assert not (tmp_path / "made").exists()
            os.close(handle)
            handle = None
            outcome = future.result()
    finally:
        if handle is not None:
            os.close(handle)
    assert_within_budget(outcome)
    assert outcome.status == 0, outcome.stderr
    assert "another command is writing this book; waiting" in outcome.stderr
