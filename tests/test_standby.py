"""Build workers forked ahead by the server's spare (briefing/server/standby.py): a build takes them instead of forking,
and they write what workers of its own would have, in the command's folder, environment and umask."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import EPOCH, ROOT, SAMPLE, assert_same_bytes, run_briefing

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the spare is a build server's, on Linux")

# A spare as the server makes it: every writer imported, workers forked ahead while the process is still the
# server's (its folder, environment and umask), then the command arrives with the client's and is handed to them.
SPARE = """
import os, sys
import briefing.writers.pdf, briefing.writers.docx, briefing.writers.html
from briefing.server import client, standby
standby.fork_ahead(2, lambda: False)
print(*[process for process, _, _ in standby._waiting], flush=True)
def kill_one():  # a worker forked ahead ends (killed) before the build takes it
    import signal
    os.kill(standby._waiting[0][0], signal.SIGKILL)
    os.waitid(os.P_PID, standby._waiting[0][0], os.WEXITED | os.WNOWAIT)
if os.environ.get("KILL_ONE") == "before the command came":
    kill_one()
folder, argv = sys.argv[1], sys.argv[2:]
os.chdir(folder)
os.environ["SOURCE_DATE_EPOCH"] = {epoch!r}
os.umask(0o027)
standby.hand_over(client.request(argv), [0, 1, 2])
if os.environ.get("KILL_ONE") == "once it had the command":
    kill_one()
forks = []
sys.addaudithook(lambda event, args: forks.append(event) if event == "os.fork" else None)
from briefing.cli import main
status = main(argv)
print("forks", len(forks), flush=True)
sys.exit(status)
"""


def spare(folder: Path, *argv: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", SPARE.format(epoch=EPOCH), str(folder), *argv], capture_output=True,
                          text=True, cwd=ROOT, timeout=300, env={**os.environ, **env})


def test_a_build_takes_the_workers_forked_ahead_and_they_work_as_the_command(tmp_path):
    targets = ("-l", "en", "-l", "ja+en", "-f", "pdf", "-f", "docx")
    ahead = spare(tmp_path, "build", str(SAMPLE), "-o", "out", "--force", "-j", "2", *targets)
    assert ahead.returncode == 0, ahead.stderr
    assert ahead.stdout.splitlines()[-1] == "forks 0"  # both workers were the ones forked ahead
    alone = run_briefing("build", str(SAMPLE), "-o", str(tmp_path / "alone"), "-j", "1", *targets,
                         env={"SOURCE_DATE_EPOCH": EPOCH})
    assert alone.returncode == 0, alone.stderr
    # In the command's folder (a relative -o), and dated by its SOURCE_DATE_EPOCH, which the workers forked
    # before it came had not: the same bytes as alone.
    names = sorted(path.name for path in (tmp_path / "alone").iterdir())
    assert names == sorted(path.name for path in (tmp_path / "out").iterdir()) and len(names) == 5
    assert_same_bytes(tmp_path / "alone", tmp_path / "out", names)
    assert not (ROOT / "out").exists()


def test_more_jobs_than_workers_forked_ahead_forks_the_rest(tmp_path):
    ahead = spare(tmp_path, "build", str(SAMPLE), "-o", "out", "--force", "-j", "3", "-l", "en", "-l", "ru",
                  "-f", "pdf", "-f", "docx")
    assert ahead.returncode == 0, ahead.stderr
    assert ahead.stdout.splitlines()[-1] == "forks 1"
    assert len(list((tmp_path / "out").iterdir())) == 5


@pytest.mark.parametrize("when", ["before the command came", "once it had the command"])
def test_a_worker_forked_ahead_that_has_ended_is_replaced_by_a_fork(tmp_path, when):
    ahead = spare(tmp_path, "build", str(SAMPLE), "-o", "out", "--force", "-j", "2", "-l", "en", "-f", "pdf",
                  "-f", "docx", KILL_ONE=when)
    assert ahead.returncode == 0, ahead.stderr
    assert ahead.stdout.splitlines()[-1] == "forks 1"
    assert len(list((tmp_path / "out").iterdir())) == 3


def test_workers_a_command_does_not_take_end_with_it(tmp_path):
    checked = spare(tmp_path, "check", str(SAMPLE))
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.splitlines()[-1] == "forks 0"
    waiting = [int(process) for process in checked.stdout.splitlines()[0].split()]
    assert len(waiting) == 2
    deadline = time.monotonic() + 20
    while any(_running(process) for process in waiting) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_running(process) for process in waiting)


def _running(process: int) -> bool:
    """Alive and not a zombie (an ended process whose new parent has not reaped it yet)."""
    try:
        state = Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


# A command's child of the build server, as the server runs it (briefing/server/child.py), in a process that
# adopts orphans (a child subreaper): any worker the command's process left behind would become its child.
ADOPTING = """
import ctypes, os, socket, sys, time
ctypes.CDLL(None, use_errno=True).prctl(36, 1)  # PR_SET_CHILD_SUBREAPER
import briefing.server.standby  # as in a build server: the build answers before its workers have exited
from briefing.server import child, client
from briefing.building import workers
serve = workers.serve
def slow_to_exit(*arguments):  # a worker whose exit takes a while (a large process unmapping its memory)
    serve(*arguments)
    time.sleep(0.5)
workers.serve = slow_to_exit
argv = sys.argv[1:]
ours, theirs = socket.socketpair()
command = os.fork()
if command == 0:
    child.run(theirs, client.request(argv), [os.dup(0), os.dup(1), os.dup(2)])
theirs.close()
while ours.recv(1 << 16):  # STARTED, then ENDED and the status, then the end of the connection
    pass
os.waitpid(command, 0)
time.sleep(1.5)  # a worker left behind would have exited by now, and be a zombie of this process
adopted = 0
while True:
    try:
        process, _ = os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        break
    if process == 0:
        break
    adopted += 1
print("adopted", adopted, flush=True)
"""


def test_a_served_build_leaves_no_worker_for_the_system_to_reap(tmp_path):
    """Its workers still exiting when it answered are reaped by the command's process before it ends: on a
    machine whose first process never reaps an orphan (a container's), none is left a zombie."""
    result = subprocess.run([sys.executable, "-c", ADOPTING, "build", str(SAMPLE), "-o", str(tmp_path / "out"),
                             "--force", "-j", "2", "-l", "en", "-l", "ja+en", "-f", "pdf", "-f", "docx"],
                            capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "adopted 0"
    assert len(list((tmp_path / "out").iterdir())) == 5
