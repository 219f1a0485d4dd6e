"""Signals: SIGTERM and SIGHUP stop a build as Ctrl-C does, removing its temporary files and leaving every old output
whole, or the complete new set, never a mixture."""

from __future__ import annotations

import shutil
import signal
from pathlib import Path

import pytest

from conftest import SAMPLE
from doors import assert_consistent, assert_reach, assert_within_budget, run, sha256

NAME = SAMPLE.name
STATUS = {signal.SIGINT: 130, signal.SIGTERM: 143, signal.SIGHUP: 129, signal.SIGQUIT: 131}

CASES = [(signum, delay, jobs, False) for signum, delay, jobs in [
    (signal.SIGTERM, 0.3, "1"), (signal.SIGTERM, 0.8, "1"), (signal.SIGTERM, 1.6, "1"),
    (signal.SIGTERM, 0.5, "2"), (signal.SIGTERM, 1.0, "2"), (signal.SIGTERM, 1.8, "2"),
    (signal.SIGHUP, 0.6, "1"), (signal.SIGHUP, 1.2, "1"), (signal.SIGHUP, 0.7, "2"), (signal.SIGHUP, 1.4, "2"),
    (signal.SIGINT, 0.9, "1"), (signal.SIGINT, 1.1, "2"), (signal.SIGQUIT, 0.8, "1"), (signal.SIGQUIT, 1.0, "2"),
]] + [  # to the whole process group, workers included, as Ctrl-C in a terminal or a service manager does
    (signal.SIGTERM, 0.8, "2", True), (signal.SIGINT, 1.0, "2", True), (signal.SIGHUP, 1.3, "2", True),
]


@pytest.fixture(scope="module")
def before(tmp_path_factory) -> Path:
    """The outputs of an earlier build, which a stopped build must leave as they were."""
    out = tmp_path_factory.mktemp("before") / "out"
    outcome = run("build", str(SAMPLE), "-o", str(out))  # every locale and pair: long enough to be stopped midway
    assert outcome.status == 0, outcome.stderr
    return out


@pytest.mark.parametrize("case", CASES, ids=[f"{signal.Signals(s).name}-{d}s-j{j}{'-group' if g else ''}"
                                             for s, d, j, g in CASES])
def it_cleans_up_when_stopped_by_a_signal(case, before, tmp_path):
    signum, delay, jobs, group = case
    out = tmp_path / "out"
    shutil.copytree(before, out)
    old = {p.name: sha256(p) for p in out.iterdir()}
    outcome = run("build", str(SAMPLE), "--draft", "-o", str(out), "-j", jobs,
                  stop=(delay, signum), group=group)
    assert_within_budget(outcome)
    # 0: done before the signal; 128+N: stopped cleanly; -N: killed before the command line had begun (parsing
    # its arguments, before any handler or file exists), which leaves nothing to clean.
    assert outcome.status in (0, STATUS[signum], -signum), outcome.stderr
    if outcome.events:  # a signal before the command line started leaves no log, and nothing to check
        assert_reach(outcome, SAMPLE, out)
    assert_consistent(out)  # no temporary file left; the manifest true to the outputs beside it
    now = {p.name: sha256(p) for p in out.iterdir()}
    assert sorted(now) == sorted(old)
    if outcome.status == 0:
        assert all(now[name] != old[name] for name in now)  # the whole new set (drafts differ)
    else:
        assert now == old  # the whole old set
        assert outcome.status < 0 or "nothing was written" in outcome.stderr


def they_cover_the_signal_door_with_ten_cases_or_more():
    assert len(CASES) >= 10


STARTING = {
    # Ctrl-C while the package is being imported by the `briefing` command: its handler answers.
    "importing": "import sys; sys.argv = ['/usr/bin/briefing', 'build', 'x']; import briefing, os, signal; "
                 "os.kill(os.getpid(), signal.SIGINT); import time; time.sleep(10)",
    # Ctrl-C while the arguments are read (the parser is built, lazily importing argparse's parts).
    "reading-arguments": "import sys; sys.argv = ['/usr/bin/briefing', 'build', 'x']; import briefing.cli as cli; "
                         "cli.parser = lambda: (_ for _ in ()).throw(KeyboardInterrupt()); cli.entry()",
}


@pytest.mark.parametrize("case", STARTING)
def it_stops_without_a_traceback_when_interrupted_while_starting(case):
    import subprocess
    import sys

    from conftest import ROOT

    done = subprocess.run([sys.executable, "-c", STARTING[case]], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 130, done.stderr
    assert done.stderr == "briefing: interrupted; nothing was written\n"
