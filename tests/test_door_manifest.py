"""The manifest records the bytes a build loaded: a content file replaced during the build (an absorb landing) is
recorded as it was read, so the manifest and the outputs always describe the same text."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
import zipfile
from pathlib import Path

import pytest

from conftest import SAMPLE
from doors import assert_within_budget, run

OLD = "held talks with"
NEW = "conferred with"


def it_hashes_the_content_bytes_that_were_loaded_not_the_file_as_it_is_afterwards(tmp_path):
    from briefing.content import load_book
    from briefing.building.manifest import input_digests
    from briefing.theme import load_theme

    book = shutil.copytree(SAMPLE, tmp_path / SAMPLE.name)
    loaded = (book / "summary.yaml").read_bytes()
    model = load_book(book)
    (book / "summary.yaml").write_bytes(loaded.replace(OLD.encode(), NEW.encode(), 1))
    inputs = {entry["file"]: entry["sha256"] for entry in input_digests(model, load_theme(), {"en"})}
    assert inputs["summary.yaml"] == hashlib.sha256(loaded).hexdigest()
    figures = {entry["file"]: entry["sha256"] for entry in input_digests(model, load_theme(), {"en"})
               if entry["file"].startswith("figures/")}
    for name, digest in figures.items():
        assert digest == hashlib.sha256((book / name).read_bytes()).hexdigest()


@pytest.mark.parametrize("attempt", range(5))
def it_keeps_the_manifest_true_to_the_outputs_when_the_content_changes_during_a_build(attempt, tmp_path):
    """While the build runs, summary.yaml is replaced (atomically, as absorb does) back and forth between two texts."""
    book = shutil.copytree(SAMPLE, tmp_path / SAMPLE.name)
    versions = [(book / "summary.yaml").read_bytes()]
    versions.append(versions[0].replace(OLD.encode(), NEW.encode(), 1))
    done = threading.Event()

    def swap() -> None:
        turn = 0
        while not done.is_set():
            turn += 1
            staged = book / ".summary.yaml.part"
            staged.write_bytes(versions[turn % 2])
            os.replace(staged, book / "summary.yaml")
            done.wait(0.005)

    swapper = threading.Thread(target=swap)
    swapper.start()
    try:
        outcome = run("build", str(book), "-l", "en", "-f", "docx", "-o", str(tmp_path / "out"), "-j", "1")
    finally:
        done.set()
        swapper.join()
    assert_within_budget(outcome)
    assert outcome.status == 0, outcome.stderr
    manifest = json.loads((tmp_path / "out" / f"{book.name}.manifest.json").read_text(encoding="utf-8"))
    recorded = next(entry["sha256"] for entry in manifest["inputs"] if entry["file"] == "summary.yaml")
    with zipfile.ZipFile(tmp_path / "out" / f"{book.name}.en.docx") as draft:
        document = draft.read("word/document.xml").decode("utf-8")
    used = versions[1] if NEW in document else versions[0]
    assert (OLD in document) != (NEW in document)
    assert recorded == hashlib.sha256(used).hexdigest()
