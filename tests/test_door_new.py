"""`briefing new`: a folder name or title that `build` or `check` would refuse is refused at once (a usage error,
nothing written); any name the file system takes is staged and made, and the book it makes is valid."""

from __future__ import annotations

from pathlib import Path

import pytest

from doors import assert_refused, assert_within_budget, run

REFUSED = [
    ("name-newline", ["a\nb"], r"FOLDER|BOOK .*control"),
    ("name-escape", ["a\x1b[31mb"], r"control"),
    ("name-bidi", ["a\u202eb"], r"bidirectional"),
    ("title-bell", ["book", "--title", "a\x07b"], r"--title: character U\+0007"),
    ("title-bidi", ["book", "--title", "a\u202eb"], r"--title: character U\+202E"),
    ("title-nel", ["book", "--title", "a\x85b"], r"--title: character U\+0085"),
    ("title-line-separator", ["book", "--title", "a\u2028b"], r"--title: a title is one line"),
    ("title-newline", ["book", "--title", "a\nb"], r"--title: a title is one line"),
    ("title-empty", ["book", "--title", "  "], r"--title: an empty title"),
    ("title-too-long", ["book", "--title", "a" * 20_001], r"--title: 20,001 characters"),
]


@pytest.mark.parametrize("case", REFUSED, ids=[c[0] for c in REFUSED])
def it_refuses_a_name_or_title_that_build_or_check_would_refuse(case, tmp_path):
    _, arguments, pattern = case
    outcome = run("new", *arguments, cwd=tmp_path)
    assert_refused(outcome, pattern, status=2)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("length", [246, 250, 255])
def it_makes_a_book_whose_name_is_as_long_as_the_file_system_allows(length, tmp_path):
    name = "b" * length
    outcome = run("new", name, cwd=tmp_path)
    assert_within_budget(outcome)
    assert outcome.status == 0, outcome.stderr
    assert [p.name for p in tmp_path.iterdir()] == [name]  # and no staging folder left
    checked = run("check", name, cwd=tmp_path)
    assert checked.status == 0, checked.stderr


def it_makes_a_book_that_checks_with_a_title_of_quotes_and_backslashes(tmp_path):
    outcome = run("new", "book", "--title", 'A "quoted" \\ title: #1', cwd=tmp_path)
    assert outcome.status == 0, outcome.stderr
    checked = run("check", "book", cwd=tmp_path)
    assert checked.status == 0, checked.stderr
    assert 'A \\"quoted\\" \\\\ title: #1' in Path(tmp_path / "book" / "book.yaml").read_text(encoding="utf-8")
