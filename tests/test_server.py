"""The build server (briefing/server/): a command it runs is the command run alone, down to the exit status, the messages, Ctrl-C and the bytes written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import EPOCH, ROOT, SAMPLE

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the server passes files over a Unix socket")


def briefing(socket: Path, *args: str, cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "briefing", *args], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, "BRIEFING_SERVER": str(socket), **env}, timeout=300)


def served(socket: Path) -> int:
    """How many commands the server has run, as it says itself."""
    from briefing.commands.server import ask

    return ask(str(socket), "ping")["served"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("server")
    folder.chmod(0o700)
    socket = folder / "server.sock"
    started = briefing(socket, "server", "start", "--idle", "10")
    assert started.returncode == 0, started.stderr
    assert "build server ready" in started.stdout
    yield socket
    briefing(socket, "server", "stop")
    assert not socket.exists()


def test_a_served_build_is_the_build_run_alone(server, tmp_path):
    before = served(server)
    # Relative paths: the child works in the client's folder.
    request = ("build", os.path.relpath(SAMPLE, tmp_path), "-l", "en", "-l", "ja+en", "-f", "pdf", "-f", "docx",
               "-f", "html", "-o")
    alone = briefing(server, *request, "alone", cwd=tmp_path, BRIEFING_SERVER="off", SOURCE_DATE_EPOCH=EPOCH)
    by_server = briefing(server, *request, "served", cwd=tmp_path, SOURCE_DATE_EPOCH=EPOCH)
    assert (alone.returncode, by_server.returncode) == (0, 0), by_server.stderr
    assert served(server) == before + 1
    names = sorted(p.name for p in (tmp_path / "alone").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "served").iterdir())
    assert len(names) == 7  # 2 locales × 3 formats, and the manifest
    for name in names:
        assert (tmp_path / "alone" / name).read_bytes() == (tmp_path / "served" / name).read_bytes(), name
    # The same preflight warnings, in the same order.
    assert by_server.stderr.replace("served", "alone") == alone.stderr


def test_invalid_input_usage_and_help_answer_as_alone(server, tmp_path):
    book = tmp_path / "broken"
    book.mkdir()
    (book / "book.yaml").write_text("title: [\n", encoding="utf-8")
    for args in (["build", str(book), "-o", str(tmp_path / "out")], ["build", "--no-such-option", str(book)],
                 ["--help"], ["--version"], ["server", "status"]):
        alone = briefing(server, *args, BRIEFING_SERVER="off")
        by_server = briefing(server, *args)
        if args[0] == "server":  # the server's own command, with or without it
            assert "running" in by_server.stdout
            continue
        assert (by_server.returncode, by_server.stdout, by_server.stderr) == \
            (alone.returncode, alone.stdout, alone.stderr), args
    assert not (tmp_path / "out").exists()
    assert briefing(server, "build", str(book), "-o", str(tmp_path / "out")).returncode == 1


def test_ctrl_c_reaches_the_command_and_nothing_is_written(server, tmp_path):
    out = tmp_path / "out"
    client = subprocess.Popen([sys.executable, "-m", "briefing", "build", str(SAMPLE), "-o", str(out), "-j", "1"],
                              stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, cwd=ROOT,
                              env={**os.environ, "BRIEFING_SERVER": str(server)})
    before = served(server)
    deadline = time.monotonic() + 60
    while served(server) == before and time.monotonic() < deadline:  # the command has reached its child
        time.sleep(0.02)
    time.sleep(0.3)
    client.send_signal(signal.SIGINT)
    _, errors = client.communicate(timeout=120)
    assert client.returncode == 130, errors
    assert "interrupted; nothing was written" in errors
    assert not out.exists() or not any(p.suffix in (".pdf", ".docx") for p in out.iterdir())


def test_the_next_commands_build_workers_are_forked_once_the_last_command_has_ended(server):
    """The spare forks a worker per core ahead (briefing/server/standby.py) when the command before has ended."""
    from briefing.commands.server import ask

    assert briefing(server, "--version").returncode == 0
    server_process = ask(str(server), "ping")["pid"]
    deadline = time.monotonic() + 20
    while len(spares := _children(server_process)) != 1 and time.monotonic() < deadline:
        time.sleep(0.05)  # the command's own process may still be exiting: its client has the status already
    assert len(spares) == 1
    while len(_children(spares[0])) < len(os.sched_getaffinity(0)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(_children(spares[0])) == len(os.sched_getaffinity(0))


def _children(parent: int) -> list[int]:
    """The live processes whose parent is `parent`, from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            state, ppid = stat.read_text().rsplit(")", 1)[1].split()[:2]
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
        if int(ppid) == parent and state not in ("Z", "X"):
            found.append(int(stat.parent.name))
    return found


def test_a_command_with_its_own_language_folders_runs_alone(server, tmp_path):
    before = served(server)
    result = briefing(server, "check", str(SAMPLE), BRIEFING_LANGUAGES=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert served(server) == before


def test_a_socket_in_a_folder_others_can_write_is_not_used(tmp_path):
    from briefing import server

    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    assert not server.trusted_folder(str(shared / "server.sock"))
    shared.chmod(0o700)
    assert server.trusted_folder(str(shared / "server.sock"))
    shared.chmod(0o777)
    (shared / "server.sock").write_text("")  # whatever is there, the client never connects
    result = briefing(shared / "server.sock", "--version")
    assert result.returncode == 0 and result.stdout.startswith("briefing ")


def test_a_changed_file_of_the_tool_stops_the_server(tmp_path, monkeypatch):
    from briefing.server import freshness

    module = tmp_path / "changed_module.py"
    module.write_text("X = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    __import__("changed_module")
    try:
        taken = freshness.snapshot()
        assert not freshness.changed(taken)
        module.write_text("X = 22\n")
        assert freshness.changed(taken)
    finally:
        sys.modules.pop("changed_module", None)


def test_a_font_file_rewritten_in_place_stops_the_server(tmp_path, monkeypatch):
    """The server's faces are mapped from their files: one rewritten in place (its folder unchanged) would change
    under them."""
    from briefing import fonts
    from briefing.server import freshness

    face = tmp_path / "face.ttf"
    face.write_bytes(b"\0" * 64)
    monkeypatch.setattr(fonts, "installed_files", lambda: [str(face)])
    taken = freshness.snapshot()
    assert not freshness.changed(taken)
    folder_time = os.stat(tmp_path).st_mtime_ns
    with open(face, "r+b") as handle:  # in place: the folder's time does not move
        handle.write(b"\1" * 65)
    assert os.stat(tmp_path).st_mtime_ns == folder_time
    assert freshness.changed(taken)


def test_an_idle_server_stops_by_itself_and_removes_its_socket(tmp_path):
    folder = tmp_path / "idle"
    folder.mkdir(mode=0o700)
    socket = folder / "server.sock"
    assert briefing(socket, "server", "start", "--idle", "0.02").returncode == 0  # 1.2 s
    deadline = time.monotonic() + 30
    while socket.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not socket.exists()
    assert "no build server is running" in briefing(socket, "server", "status").stdout
    # With none running, a command runs alone.
    assert briefing(socket, "--version").returncode == 0


HEAP_PROBE = """
import ctypes, os, resource, sys  # ctypes first: importing it allocates, which would coalesce by itself
import lxml.etree as ET
from briefing.server.daemon import _trim_heap

def free_many_small_blocks():  # a Word draft's worth of small C allocations, freed, as the warm-up leaves them
    root = ET.Element("root")
    for index in range(200_000):
        ET.SubElement(root, "p").text = str(index)

def pages_copied_by_a_first_large_allocation():
    child = os.fork()
    if child == 0:
        before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        block = bytes(4000)  # past Python's small-object allocator, below mmap's threshold: glibc's heap
        os._exit(min(255, (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before) // 10))
    _, status = os.waitpid(child, 0)
    return os.waitstatus_to_exitcode(status) * 10

free_many_small_blocks()
if sys.argv[1] == "trimmed":
    _trim_heap()
print(pages_copied_by_a_first_large_allocation())
"""


def test_a_command_does_not_copy_the_memory_the_warm_up_freed():
    """The server trims its heap after warming up: a forked command's first allocation then copies a few pages
    of the server's, not the thousands that coalescing the warm-up's freed chunks would write to."""
    untrimmed, trimmed = (int(subprocess.run([sys.executable, "-c", HEAP_PROBE, how], capture_output=True, text=True,
                                             check=True, cwd=ROOT, timeout=120).stdout) for how in ("as is", "trimmed"))
    assert untrimmed > 1000 and trimmed < untrimmed / 5, (untrimmed, trimmed)
