"""Runs the hostile cases of every door as a user would: in a child process under audit hooks, with its time and memory recorded and bounded."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from conftest import ROOT

MAX_SECONDS = 30
MAX_MEMORY_MB = 500
PROBLEM = re.compile(r"^\S.*:\d+: \S")


@dataclass
class Outcome:
    status: int
    stdout: str
    stderr: str
    seconds: float
    memory_mb: float  # the largest resident set of the build or any of its workers
    events: dict = field(default_factory=dict)


def run(*args: str, cwd: Path | None = None, env: dict | None = None, timeout: float = 120,
        stop: tuple[float, int] | None = None, group: bool = False) -> Outcome:
    """Runs `briefing ARGS` under tests/audited_build.py; `stop` = (after seconds, signal) sends a signal meanwhile,
    to the build alone or, with `group`, to its whole process group (workers included), as a terminal or service manager does."""
    with tempfile.TemporaryDirectory(prefix="door-") as scratch:
        log = Path(scratch) / "events.json"
        out_path, err_path = Path(scratch) / "stdout", Path(scratch) / "stderr"
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            started = time.monotonic()
            process = subprocess.Popen([sys.executable, str(ROOT / "tests" / "audited_build.py"), str(log), *args],
                                       cwd=cwd or ROOT, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                       env={**os.environ, **(env or {})}, start_new_session=group)
            killer = threading.Timer(timeout, process.kill)
            killer.start()
            if stop is not None:
                signaller = threading.Timer(stop[0], lambda: _signal(process.pid, stop[1], group))
                signaller.start()
            try:
                # wait4, not wait: the child's own resource usage, its workers included.
                _, status, usage = os.wait4(process.pid, 0)
            finally:
                killer.cancel()
                if stop is not None:
                    signaller.cancel()
            process.returncode = os.waitstatus_to_exitcode(status)
            seconds = time.monotonic() - started
        events = json.loads(log.read_text(encoding="utf-8")) if log.exists() else {}
        for worker in sorted(Path(scratch).glob("events.json.*")):  # what each forked worker opened
            extra = json.loads(worker.read_text(encoding="utf-8"))
            for kind in ("open", "socket", "subprocess"):
                events.setdefault(kind, []).extend(extra[kind])
            events["peak_kb"] = max(events.get("peak_kb", 0), extra["peak_kb"])
        # Each process's own peak (VmHWM) when it could report it; else the kernel's account from wait4,
        # which also carries the resident size of this test process at the moment it started the build.
        memory = events["peak_kb"] / 1024 if events.get("peak_kb") else usage.ru_maxrss / 1024
        outcome = Outcome(process.returncode, out_path.read_text(errors="replace"),
                          err_path.read_text(errors="replace"), seconds, memory, events)
    _record(args, outcome)
    return outcome


def _signal(pid: int, signum: int, group: bool = False) -> None:
    try:
        if group:
            os.killpg(pid, signum)
        else:
            os.kill(pid, signum)
    except ProcessLookupError:
        pass


def _record(args, outcome: Outcome) -> None:
    """Appends the case's cost to $DOOR_COSTS (JSON lines) when set, for the README's figures."""
    path = os.environ.get("DOOR_COSTS")
    if path:
        with open(path, "a", encoding="utf-8") as costs:
            costs.write(json.dumps({"case": os.environ.get("PYTEST_CURRENT_TEST", "").split(" ")[0],
                                    "status": outcome.status, "seconds": round(outcome.seconds, 2),
                                    "memory_mb": round(outcome.memory_mb, 1)}) + "\n")


def assert_within_budget(outcome: Outcome) -> None:
    assert outcome.seconds < MAX_SECONDS, f"{outcome.seconds:.1f} s"
    assert outcome.memory_mb < MAX_MEMORY_MB, f"{outcome.memory_mb:.0f} MB"
    assert outcome.status != 3, outcome.stderr
    assert "Traceback" not in outcome.stderr, outcome.stderr


def assert_refused(outcome: Outcome, pattern: str, status: int = 1) -> None:
    """Exit 1 with every problem as file:line and one naming the cause (or exit 2, a usage error naming the argument)."""
    assert_within_budget(outcome)
    assert outcome.status == status, (outcome.status, outcome.stderr)
    assert re.search(pattern, outcome.stderr), outcome.stderr
    if status == 1 and "briefing: cannot write " not in outcome.stderr:  # else a folder it cannot write, named
        problems = [line for line in outcome.stderr.splitlines() if not line.startswith("briefing:")]
        assert problems and all(PROBLEM.match(line) for line in problems), outcome.stderr


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_consistent(folder: Path, every_output_listed: bool = True) -> None:
    """No temporary file left; the manifest's outputs are on disk with the hashes it gives (none torn or mismatched)."""
    if not folder.exists():
        return
    names = sorted(p.name for p in folder.iterdir())
    assert not [n for n in names if n.endswith(".part")], names
    manifests = [folder / n for n in names if n.endswith(".manifest.json")]
    listed = set()
    for manifest in manifests:
        for output in json.loads(manifest.read_text(encoding="utf-8"))["outputs"]:
            path = folder / output["file"]
            assert path.exists(), output["file"]
            assert sha256(path) == output["sha256"] and path.stat().st_size == output["bytes"], output["file"]
            listed.add(output["file"])
    if every_output_listed:
        visible = {n for n in names if not n.startswith(".") and not n.endswith(".manifest.json")}
        assert visible <= listed, visible - listed


def _font_files() -> set[str]:
    from briefing.fonts import find_face
    from briefing.theme import load_theme

    theme = load_theme()
    return {os.path.realpath(find_face(p).path) for locale in theme.fonts.values()
            for value in locale.values() for p in (value if isinstance(value, list) else [value])}


def assert_reach(outcome: Outcome, *inside: Path) -> None:
    """The build opened only the tool's own files, the fonts, the PDF/A output intent's ICC profile, the user's
    cache, and `inside` (the book, the output, named inputs); no network."""
    from briefing.writers.pdf.tagging.archival import SRGB_PROFILE

    events = outcome.events
    assert events, "the audited build wrote no log"
    assert events["socket"] == []
    assert {Path(p).name for p in events["subprocess"]} <= {"fc-list"}
    from briefing import cache

    # The user's cache (briefing/cache.py): compiled templates and parsed hyphenation patterns.
    roots = [os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, ROOT / "briefing", ROOT / "templates",
                                           *inside, *filter(None, [cache.folder()]))]
    fonts = _font_files() | {os.path.realpath(SRGB_PROFILE)}
    outside = []
    for path, mode in events["open"]:
        real = os.path.realpath(path)
        if real in fonts or any(real == root or real.startswith(root + os.sep) for root in roots):
            continue
        if path.startswith("/proc/self/") or real.startswith(("/dev/", "/proc/self/", "/etc/localtime", "/usr/share/zoneinfo", tempfile.gettempdir()
                            + os.sep + "door-")):
            continue
        outside.append((path, mode))
    assert outside == [], outside


def assert_absorb_reach(outcome: Outcome, book: Path, *inside: Path) -> None:
    """assert_reach for a command that checks the edited book in a temporary copy (under `inside`, its TMPDIR).

    Removing the copy opens its folder by name relative to a folder handle
    (shutil.rmtree's dir_fd): the one relative path in the log, the book's name.
    """
    outcome.events["open"] = [(p, m) for p, m in outcome.events["open"] if os.path.isabs(p) or p != book.name]
    assert_reach(outcome, book, *inside)
