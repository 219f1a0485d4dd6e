"""The locale and output arguments: a wrong one is a usage error (2) naming it, an unwritable folder is exit 1, nothing is written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import SAMPLE
from doors import assert_consistent, assert_reach, assert_refused, assert_within_budget, run

NAME = SAMPLE.name


def plain(tmp_path: Path) -> list[str]:
    return ["-o", str(tmp_path / "out")]


def output_is_a_file(tmp_path: Path) -> list[str]:
    (tmp_path / "file").write_text("keep")
    return ["-o", str(tmp_path / "file")]


def output_below_a_file(tmp_path: Path) -> list[str]:
    (tmp_path / "file").write_text("keep")
    return ["-o", str(tmp_path / "file" / "sub")]


def output_dangling_link(tmp_path: Path) -> list[str]:
    (tmp_path / "link").symlink_to(tmp_path / "nowhere" / "deeper")
    return ["-o", str(tmp_path / "link")]


def output_fifo(tmp_path: Path) -> list[str]:
    os.mkfifo(tmp_path / "pipe")
    return ["-o", str(tmp_path / "pipe")]


def output_linked_folder(tmp_path: Path) -> list[str]:
    (tmp_path / "real").mkdir()
    (tmp_path / "out").symlink_to(tmp_path / "real")
    return ["-o", str(tmp_path / "out")]


# (id, arguments before the output ones, how the output is given, expected status, pattern)
CASES = [
    ("unknown-locale", ["-l", "xx"], plain, 2, r"locale 'xx': the book is written in en, ja, ru"),
    ("pair-of-one", ["-l", "en+en"], plain, 2, r"locale 'en\+en'"),
    ("triple", ["-l", "en+ja+ru"], plain, 2, r"locale 'en\+ja\+ru'"),
    ("empty-locale", ["-l", ""], plain, 2, r"locale ''"),
    ("control-in-locale", ["-l", "en\x1b[2J"], plain, 2, r"locale 'en\\x1b\[2J'"),
    ("long-locale", ["-l", "e" * 100_000], plain, 2, r"locale 'e{40}…'"),
    ("path-as-locale", ["-l", "../../etc/passwd"], plain, 2, r"locale '\.\./\.\./etc/passwd'"),
    ("unknown-format", ["-f", "rtf"], plain, 2, r"invalid choice: 'rtf'"),
    ("jobs-negative", ["-j", "-1"], plain, 2, r"-j/--jobs must be at least 1"),
    ("jobs-huge", ["-j", "100000"], plain, 2, r"-j/--jobs 100000: at most 64"),
    ("jobs-not-a-number", ["-j", "two"], plain, 2, r"invalid int value"),
    ("output-empty", [], lambda tmp_path: ["-o", ""], 2, r"-o/--output: an empty folder name"),
    ("output-control", [], lambda tmp_path: ["-o", str(tmp_path / "out\x1b")], 2, r"-o/--output: .*control character"),
    ("output-is-a-file", [], output_is_a_file, 2, r"not a folder"),
    ("output-is-a-pipe", [], output_fifo, 2, r"not a folder"),
    ("output-below-a-file", [], output_below_a_file, 1, r"cannot write"),
    ("output-dangling-link", [], output_dangling_link, 1, r"cannot write"),
    ("output-linked-folder", [], output_linked_folder, 0, None),
    ("book-missing", ["BOOK=missing"], plain, 1, r"not a book folder"),
    ("book-is-a-file", ["BOOK=file"], plain, 1, r"not a book folder"),
    ("book-name-with-control", ["BOOK=control"], plain, 2, r"BOOK 'book\\x1b\[0m': the folder name, which names the outputs"),
    ("book-name-with-bidi", ["BOOK=bidi"], plain, 2, r"BOOK 'book\\u202e': the folder name"),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def it_refuses_wrong_arguments_naming_them(case, tmp_path):
    name, arguments, output, status, pattern = case
    book = str(SAMPLE)
    if arguments and arguments[0].startswith("BOOK="):
        kind = arguments[0].split("=")[1]
        book = str(tmp_path / "book")
        if kind == "file":
            Path(book).write_text("id: x\n")
        elif kind in ("control", "bidi"):
            import shutil

            book = str(tmp_path / ("book\x1b[0m" if kind == "control" else "book\u202e"))
            shutil.copytree(SAMPLE, book)
        arguments = []
    out_arguments = output(tmp_path)
    outcome = run("build", book, "-l", "en", *arguments, *out_arguments)
    assert_reach(outcome, SAMPLE, tmp_path)
    out = Path(out_arguments[1]) if out_arguments[1] else None
    if status == 0:
        assert_within_budget(outcome)
        assert outcome.status == 0, outcome.stderr
        assert_consistent(out)
        assert len(list(out.iterdir())) == 3
        return
    assert_refused(outcome, pattern, status=status)
    assert len(outcome.stderr) < 2000  # a long argument is not repeated back
    if out is not None and out.is_dir():
        assert_consistent(out)
        assert not [p for p in out.iterdir()]
    if (tmp_path / "file").exists():
        assert (tmp_path / "file").read_text() == "keep"


def they_cover_the_argument_door_with_ten_cases_or_more():
    assert len(CASES) >= 10


def it_checks_nothing_without_a_book_or_a_theme():
    outcome = run("check")
    assert_refused(outcome, r"check needs a BOOK, a --theme FILE, or both", status=2)
