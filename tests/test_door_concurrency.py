"""Concurrent builds into one folder: each build moves its outputs and manifest into place under the folder's lock,
so whoever takes the lock (a shared flock) finds a manifest that describes exactly the files beside it."""

from __future__ import annotations

import fcntl
import json
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import SAMPLE
from doors import assert_consistent, assert_reach, assert_within_budget, run, sha256

NAME = SAMPLE.name

# Pairs of builds run at once into one folder.
CASES = [
    ("same-build-twice", ["-l", "en"], ["-l", "en"]),
    ("draft-and-final", ["-l", "en"], ["-l", "en", "--draft"]),
    ("two-markings", ["-l", "en", "--marking", "SECRET"], ["-l", "en", "--marking", "CONFIDENTIAL"]),
    ("pdf-and-docx", ["-l", "en", "-f", "pdf"], ["-l", "en", "-f", "docx"]),
    ("two-locales", ["-l", "en"], ["-l", "ru"]),
    ("single-and-pair", ["-l", "ja"], ["-l", "ja+en", "-f", "pdf"]),
    ("one-and-two-processes", ["-l", "en", "-j", "1"], ["-l", "en", "-j", "2", "--draft"]),
    ("crop-marks-and-plain", ["-l", "en", "-f", "pdf", "--crop-marks"], ["-l", "en", "-f", "pdf"]),
    ("valid-and-invalid", ["-l", "en"], ["-l", "en", "--marking", "BAD\u202e"]),
    ("three-at-once", ["-l", "en"], ["-l", "en", "--draft"], ["-l", "en", "--crop-marks"]),
    ("four-at-once", ["-l", "en", "-f", "docx"], ["-l", "en", "-f", "docx", "--draft"],
     ["-l", "en", "-f", "docx", "--marking", "SECRET"], ["-l", "en", "-f", "docx", "--marking", "TOP SECRET"]),
]


def snapshot(folder: Path) -> dict | None:
    """Under a shared lock on the folder: the manifest, and whether every output it lists has the hash it gives."""
    try:
        handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except FileNotFoundError:
        return None
    try:
        fcntl.flock(handle, fcntl.LOCK_SH)
        manifest = folder / f"{NAME}.manifest.json"
        if not manifest.exists():
            return None
        listed = json.loads(manifest.read_text(encoding="utf-8"))["outputs"]
        return {entry["file"]: sha256(folder / entry["file"]) == entry["sha256"] for entry in listed}
    finally:
        os.close(handle)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def it_keeps_manifest_and_outputs_together_when_builds_share_a_folder(case, tmp_path):
    name, *builds = case
    out = tmp_path / "out"
    out.mkdir()
    done = threading.Event()
    seen = []

    def watch() -> None:
        while not done.is_set():
            state = snapshot(out)
            if state is not None:
                seen.append(state)
            time.sleep(0.01)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        with ThreadPoolExecutor(len(builds)) as pool:
            outcomes = list(pool.map(lambda arguments: run("build", str(SAMPLE), "-o", str(out), *arguments), builds))
    finally:
        done.set()
        watcher.join()
    for arguments, outcome in zip(builds, outcomes):
        assert_within_budget(outcome)
        assert_reach(outcome, SAMPLE, out)
        invalid = any("\u202e" in argument for argument in arguments)
        assert outcome.status == (2 if invalid else 0), outcome.stderr
    # Every look under the lock found the manifest true to the files beside it, and so does the end.
    assert all(all(state.values()) for state in seen), [s for s in seen if not all(s.values())]
    final = snapshot(out)
    assert final and all(final.values())
    assert_consistent(out, every_output_listed=False)


def they_cover_the_concurrency_door_with_ten_cases_or_more():
    assert len(CASES) >= 10


def it_moves_nothing_into_place_while_another_holds_the_folder(tmp_path):
    """The lock is what keeps two sets apart: while it is held, a finished build waits with its files staged."""
    out = tmp_path / "out"
    out.mkdir()
    handle = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(handle, fcntl.LOCK_EX)
    with ThreadPoolExecutor(1) as pool:
        future = pool.submit(run, "build", str(SAMPLE), "-l", "en", "-o", str(out), "-j", "1")
        deadline = time.monotonic() + 25
        staged = []
        while time.monotonic() < deadline and len(staged) < 3:  # both outputs and the manifest written, waiting
            staged = [p for p in out.iterdir() if p.name.endswith(".part")]
            time.sleep(0.05)
        time.sleep(1.0)
        assert len(staged) == 3 and not future.done()
        assert not [p for p in out.iterdir() if not p.name.startswith(".")]
        os.close(handle)  # releases the lock
        outcome = future.result()
    assert outcome.status == 0, outcome.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{NAME}.en.docx", f"{NAME}.en.pdf", f"{NAME}.manifest.json"])
    assert_consistent(out)
