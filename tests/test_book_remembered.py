"""A loaded book kept in the user's cache (briefing/content/remembered.py) is the book the loader reads, and is read again after any change."""

from __future__ import annotations

import os
import shutil

import pytest

from briefing.content import loader, remembered
from briefing.errors import InvalidInput
from conftest import ROOT, run_briefing

SAMPLE = ROOT / "content" / "2009-05-12-japan-russia"


@pytest.fixture
def book(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_CACHE", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    shutil.copytree(SAMPLE, tmp_path / SAMPLE.name)
    return SAMPLE.name  # as a user names it, from the working folder


@pytest.fixture
def loads(monkeypatch):
    """Every time the loader itself reads a book."""
    read = []

    def counted(folder):
        read.append(folder)
        return loader.load_book(folder)

    monkeypatch.setattr(remembered, "_read", counted)
    return read


def test_an_unchanged_book_is_the_loaders_book_without_reading_it(book, loads):
    first = remembered.load_book(book)
    again = remembered.load_book(book)
    assert again == first == loader.load_book(book)
    assert again is not first  # read back from the cache, not held in this process
    assert len(loads) == 1


def test_any_edit_reads_the_book_again(book, loads):
    remembered.load_book(book)
    summary = os.path.join(book, "summary.yaml")
    text = open(summary, encoding="utf-8").read()
    assert "Russia" in text
    with open(summary, "w", encoding="utf-8") as edited:
        edited.write(text.replace("Russia", "Rossiya", 1))
    changed = remembered.load_book(book)
    assert len(loads) == 2
    assert changed == loader.load_book(book)
    assert "Rossiya" in repr(changed)


def test_a_new_file_in_the_folder_reads_the_book_again(book, loads):
    remembered.load_book(book)
    with open(os.path.join(book, "notes.txt"), "w", encoding="utf-8") as notes:
        notes.write("not a module, but the folder changed\n")
    remembered.load_book(book)
    assert len(loads) == 2


def test_a_refused_book_is_never_kept(book, loads):
    summary = os.path.join(book, "summary.yaml")
    text = open(summary, encoding="utf-8").read()
    with open(summary, "w", encoding="utf-8") as broken:
        broken.write(text + "\n  : [unclosed\n")
    for _ in range(2):
        with pytest.raises(InvalidInput) as refused:
            remembered.load_book(book)
        assert any(problem.file.endswith("summary.yaml") for problem in refused.value.problems)
    assert len(loads) == 2
    with open(summary, "w", encoding="utf-8") as mended:
        mended.write(text)
    assert remembered.load_book(book) == loader.load_book(book)


def test_file_names_follow_the_working_folder(book, tmp_path, monkeypatch):
    named = str(tmp_path / book)  # the same words, typed in two working folders
    here = remembered.load_book(named)
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    there = remembered.load_book(named)
    assert there == loader.load_book(named)
    assert here != there  # its texts name their files relative to the working folder, when below it


def test_a_damaged_entry_is_only_a_miss(book, loads, tmp_path):
    first = remembered.load_book(book)
    kept = tmp_path / "cache" / remembered.KIND
    (entry,) = kept.iterdir()
    data = entry.read_bytes()
    entry.write_bytes(data[: len(data) // 2])  # the book's half: unpickling fails
    assert remembered.load_book(book) == first
    assert len(loads) == 2


def test_other_language_folders_read_the_book_again(book, loads, tmp_path, monkeypatch):
    remembered.load_book(book)
    (tmp_path / "languages").mkdir()
    monkeypatch.setenv("BRIEFING_LANGUAGES", str(tmp_path / "languages"))
    remembered.load_book(book)
    assert len(loads) == 2


def test_no_cache_keeps_nothing(book, loads, tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_CACHE", "off")
    remembered.load_book(book)
    remembered.load_book(book)
    assert len(loads) == 2
    assert not (tmp_path / "cache").exists()


def test_a_build_from_the_cache_writes_the_same_bytes(book, tmp_path):
    environment = {"BRIEFING_CACHE": str(tmp_path / "cache"), "SOURCE_DATE_EPOCH": "1242086400",
                   "BRIEFING_SERVER": "off"}
    outputs = []
    for run, cached in enumerate(("off", str(tmp_path / "cache"), str(tmp_path / "cache"))):
        out = tmp_path / f"out{run}"
        built = run_briefing("build", book, "-l", "ja", "-l", "ja+en", "-o", str(out), "-j", "1", cwd=tmp_path,
                             env={**environment, "BRIEFING_CACHE": cached})
        assert built.returncode == 0, built.stderr
        outputs.append(out)
    names = sorted(path.name for path in outputs[0].iterdir() if not path.name.endswith(".manifest.json"))
    assert len(names) == 4
    for out in outputs[1:]:
        for name in names:
            assert (out / name).read_bytes() == (outputs[0] / name).read_bytes(), name
    assert any((tmp_path / "cache" / remembered.KIND).iterdir())
