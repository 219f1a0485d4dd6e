"""A second build of the same request with the same inputs writes nothing; any change of input, option or output builds."""

from __future__ import annotations

import shutil

import pytest

from conftest import EPOCH, SAMPLE, run_briefing

UP_TO_DATE = "up to date (2 output(s)); nothing written"


@pytest.fixture
def built(tmp_path):
    """A copy of the sample book, built once in English (PDF and Word draft)."""
    book = tmp_path / SAMPLE.name
    shutil.copytree(SAMPLE, book)
    out = tmp_path / "out"
    first = build(book, out)
    assert first.returncode == 0 and UP_TO_DATE not in first.stderr, first.stderr
    return book, out


def build(book, out, *options, epoch=EPOCH):
    return run_briefing("build", str(book), "-l", "en", "-o", str(out), "-j", "1", *options,
                        env={"SOURCE_DATE_EPOCH": epoch})


def snapshot(out):
    """Every file of the output folder with its bytes and its inode and time: a rewrite changes them."""
    return {path.name: (path.read_bytes(), path.stat().st_ino, path.stat().st_mtime_ns) for path in out.iterdir()}


def it_writes_nothing_when_nothing_changed(built):
    book, out = built
    before = snapshot(out)
    again = build(book, out)
    assert again.returncode == 0 and UP_TO_DATE in again.stderr, again.stderr
    assert sorted(again.stdout.split()) == sorted(str(out / f"{book.name}.en.{f}") for f in ("pdf", "docx"))
    assert snapshot(out) == before


@pytest.mark.parametrize("change", ["module", "lock", "new file", "option", "format", "epoch", "output", "force"])
def it_builds_again_when_an_input_an_option_or_an_output_changed(change, built):
    book, out = built
    options, epoch = [], EPOCH
    if change == "module":
        with open(book / "summary.yaml", "a", encoding="utf-8") as module:
            module.write("# a comment is a change of input too\n")
    elif change == "lock":
        (book / "translations.lock").write_bytes((book / "translations.lock").read_bytes() + b"\n")
    elif change == "new file":
        (book / "notes.txt").write_text("a file the templates might read\n", encoding="utf-8")
    elif change == "option":
        options = ["--draft"]
    elif change == "format":
        options = ["-f", "pdf"]
    elif change == "epoch":
        epoch = str(int(EPOCH) + 86400)
    elif change == "output":
        (out / f"{book.name}.en.pdf").write_bytes(b"%PDF-1.4 edited by hand\n")
    elif change == "force":
        options = ["--force"]
    again = build(book, out, *options, epoch=epoch)
    assert again.returncode == 0 and "up to date" not in again.stderr, again.stderr
    assert (out / f"{book.name}.en.pdf").read_bytes().startswith(b"%PDF") and b"edited by hand" not in \
        (out / f"{book.name}.en.pdf").read_bytes()


def it_refuses_under_strict_what_the_last_build_only_warned_of(tmp_path):
    """A build that left layout warnings is never "up to date" under --strict: it builds again, and refuses."""
    out = tmp_path / "out"
    first = run_briefing("build", str(SAMPLE), "-l", "ru", "-f", "pdf", "-o", str(out), "-j", "1",
                         env={"SOURCE_DATE_EPOCH": EPOCH})
    assert first.returncode == 0 and "layout warning(s)" in first.stderr, first.stderr  # what this test needs
    before = snapshot(out)
    strict = run_briefing("build", str(SAMPLE), "-l", "ru", "-f", "pdf", "-o", str(out), "-j", "1", "--strict",
                          env={"SOURCE_DATE_EPOCH": EPOCH})
    assert strict.returncode == 1 and "up to date" not in strict.stderr, strict.stderr
    assert snapshot(out) == before
