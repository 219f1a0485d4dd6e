"""A build starts no more worker processes than it has targets: one named target is built in the command's own process."""

from __future__ import annotations

import pytest

from conftest import SAMPLE, run_briefing_patched


def forks_of(tmp_path, *arguments: str, books=(SAMPLE,)) -> int:
    record = tmp_path / "forks"
    patch = (f"import sys\ndef _hook(event, args):\n    if event == 'os.fork':\n"
             f"        open({str(record)!r}, 'a').write('fork\\n')\nsys.addaudithook(_hook)")
    result = run_briefing_patched(patch, "build", *map(str, books), "-o", str(tmp_path / "out"), "--force", *arguments)
    assert result.returncode == 0, result.stderr
    return len(record.read_text().splitlines()) if record.exists() else 0


def test_one_named_target_forks_nothing(tmp_path):
    assert forks_of(tmp_path, "-l", "en", "-f", "html", "-j", "2") == 0


def test_two_targets_get_two_workers_at_most(tmp_path):
    assert forks_of(tmp_path, "-l", "en", "-f", "pdf", "-f", "docx", "-j", "4") == 2


def test_a_library_shares_its_two_workers_across_books(tmp_path):
    second = SAMPLE.parent / "2010-11-19-japan-mongolia"
    assert forks_of(tmp_path, "-l", "en", "-f", "pdf", "-f", "docx", "-j", "2", books=(SAMPLE, second)) == 2


ENDED_BEFORE_CLOSE = """
import os, time
from briefing.building import workers
close = workers.Workers.close
def watched(self):
    for _, process, _ in self.processes:  # nothing sent to them here: have they been told to end?
        deadline = time.monotonic() + 20
        while (ended := os.waitpid(process, os.WNOHANG)) == (0, 0) and time.monotonic() < deadline:
            time.sleep(0.01)
        open({record!r}, "a").write("ended\\n" if ended != (0, 0) else "still waiting\\n")
    close(self)
workers.Workers.close = watched
"""


def test_the_last_books_workers_end_while_the_manifest_is_written(tmp_path):
    """The workers are told to end as soon as the last book's outputs are on disk, not after the build returns."""
    assert parallel_build_recording(ENDED_BEFORE_CLOSE, tmp_path) == ["ended", "ended"]


def parallel_build_recording(patch: str, tmp_path) -> list[str]:
    """The lines `patch` (code run first, with a {record} file to write to) records in a -j 2 build of two targets."""
    record = tmp_path / "record"
    result = run_briefing_patched(patch.format(record=str(record)), "build", str(SAMPLE), "-o", str(tmp_path / "out"),
                                  "--force", "-l", "en", "-f", "pdf", "-f", "docx", "-j", "2")
    assert result.returncode == 0, result.stderr
    return record.read_text().splitlines()


def test_the_manifest_of_a_parallel_build_has_each_outputs_digest(tmp_path):
    """Most outputs are hashed while the workers write the others; every digest is still the file's."""
    import hashlib
    import json

    from conftest import run_briefing

    out = tmp_path / "out"
    built = run_briefing("build", str(SAMPLE), "-o", str(out), "-l", "en", "-l", "ja", "-l", "ja+en", "-j", "2")
    assert built.returncode == 0, built.stderr
    outputs = json.loads((out / f"{SAMPLE.name}.manifest.json").read_text())["outputs"]
    assert len(outputs) == 6
    for output in outputs:
        assert output["sha256"] == hashlib.sha256((out / output["file"]).read_bytes()).hexdigest(), output["file"]


CHILDREN_AFTER_CLOSE = """
import os
from briefing.building import workers
close = workers.Workers.close
def watched(self, *arguments, **named):
    close(self, *arguments, **named)
    try:
        os.waitpid(-1, os.WNOHANG)
        said = "children left"
    except ChildProcessError:
        said = "none left"
    open({record!r}, "a").write(said + "\\n")
workers.Workers.close = watched
"""


def test_a_commands_own_process_reaps_its_workers_so_its_usage_counts_them(tmp_path):
    """Whoever started the command (time, the bench's peak memory, a CI's limits) sees the workers' usage."""
    assert parallel_build_recording(CHILDREN_AFTER_CLOSE, tmp_path) == ["none left"]


def test_closing_workers_does_not_wait_for_their_exit_and_the_next_workers_reap_them():
    """The command answers without waiting for its workers' exit; none is left a zombie past the next build's start."""
    import os
    import signal

    from briefing.building import workers

    first = workers.Workers(["html"], 2)
    pids = [process for _, process, _ in first.processes]
    os.kill(pids[0], signal.SIGSTOP)  # a worker slow to exit: stopped, it cannot end until continued
    try:
        first.close(wait=False)  # as in a build server's child: returns at once; waiting would never end
        assert first.processes == [] and pids[0] in workers._exiting
    finally:
        os.kill(pids[0], signal.SIGCONT)
    second = workers.Workers(["html"], 1)
    try:
        assert workers._exiting == []
        for process in pids:  # reaped: no longer this process's child
            with pytest.raises(ChildProcessError):
                os.waitpid(process, os.WNOHANG)
    finally:
        second.close(wait=True)
    assert second.processes == []
