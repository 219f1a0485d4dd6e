"""`briefing check` of a book whose inputs have not changed since it passed repeats its answer, and checks again after any change."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, run_briefing

SAMPLE = ROOT / "content" / "2009-05-12-japan-russia"


@pytest.fixture
def book(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_CACHE", str(tmp_path / "cache"))
    copy = tmp_path / SAMPLE.name
    shutil.copytree(SAMPLE, copy)
    return copy


def imports_of_check(book) -> str:
    """What `briefing check BOOK` imported, as -X importtime lists it."""
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "briefing", "check", str(book)],
                            capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stderr


def test_an_unchanged_book_gets_the_same_answer_without_loading_it(book):
    first = run_briefing("check", str(book))
    assert first.returncode == 0, first.stderr
    again = run_briefing("check", str(book))
    assert (again.returncode, again.stdout, again.stderr) == (first.returncode, first.stdout, first.stderr)
    loaded = imports_of_check(book)
    for library in ("jinja2", "babel", "yaml"):
        assert f" {library}\n" not in loaded, f"{library} was imported for an unchanged book"


def test_warnings_are_said_again(book):
    module = book / "international.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace("were mentioned.", "were mentioned ..", 1),
                      encoding="utf-8")
    first = run_briefing("check", str(book))
    again = run_briefing("check", str(book))
    assert first.returncode == again.returncode == 0, first.stderr
    assert again.stderr == first.stderr


def test_an_edit_is_checked(book):
    assert run_briefing("check", str(book)).returncode == 0
    module = book / "international.yaml"
    text = module.read_text(encoding="utf-8")
    module.write_text(text.replace("blocks:", "blocks:\n  - unknown_field: 1", 1), encoding="utf-8")
    edited = run_briefing("check", str(book))
    assert edited.returncode == 1
    assert "international.yaml:" in edited.stderr
    assert "Traceback" not in edited.stderr


def test_a_failed_check_is_not_remembered(book):
    module = book / "international.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace("blocks:", "blocks:\n  - unknown_field: 1", 1),
                      encoding="utf-8")
    for _ in range(2):
        failed = run_briefing("check", str(book))
        assert failed.returncode == 1 and "international.yaml:" in failed.stderr


def test_strict_is_a_request_of_its_own(book):
    module = book / "international.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace("were mentioned.", "were mentioned ..", 1),
                      encoding="utf-8")
    assert run_briefing("check", str(book)).returncode == 0
    strict = run_briefing("check", "--strict", str(book))
    assert strict.returncode == 1, strict.stdout


def test_a_font_installed_or_removed_checks_again(book, tmp_path, monkeypatch):
    """fontconfig's list of files is part of the stamp: a listing that differs gives another key."""
    from briefing.building import checked

    before = checked.key(str(book), None, False)
    fake = tmp_path / "bin"
    fake.mkdir()
    listing = subprocess.run(["fc-list", "--format", "%{file}\t%{index}\n"], capture_output=True, text=True).stdout
    fewer = "".join(listing.splitlines(keepends=True)[1:])
    (fake / "fc-list").write_text(f"#!/bin/sh\ncat <<'EOF'\n{fewer}EOF\n", encoding="utf-8")
    (fake / "fc-list").chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake}:{__import__('os').environ['PATH']}")
    assert before is not None and checked.key(str(book), None, False) not in (None, before)


def test_off_checks_every_time(book, monkeypatch):
    monkeypatch.setenv("BRIEFING_CACHE", "off")
    assert run_briefing("check", str(book)).returncode == 0
    assert " jinja2\n" in imports_of_check(book)
