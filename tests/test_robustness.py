"""Nothing lost, nothing reached: killed builds, concurrent builds, a full disk, and a build's reach (files, network)."""

from __future__ import annotations

import json
import os
import random
import resource
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path


from conftest import ROOT, SAMPLE, require_tool, run_briefing

NAME = SAMPLE.name


def valid_pdf(path: Path) -> bool:
    return subprocess.run([require_tool("qpdf"), "--check", str(path)], capture_output=True).returncode == 0


def valid_docx(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as package:
            return package.testzip() is None and "word/document.xml" in package.namelist()
    except zipfile.BadZipFile:
        return False


def visible_outputs(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if not p.name.startswith("."))


def assert_every_output_whole(folder: Path) -> None:
    for path in visible_outputs(folder):
        if path.suffix == ".pdf":
            assert valid_pdf(path), path
        elif path.suffix == ".docx":
            assert valid_docx(path), path
        elif path.suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))


def it_never_leaves_a_truncated_file_when_killed(tmp_path):
    out = tmp_path / "out"
    first = run_briefing("build", str(SAMPLE), "-l", "en", "-l", "ja", "-o", str(out))
    assert first.returncode == 0, first.stderr
    good = {p.name: p.read_bytes() for p in visible_outputs(out)}
    random.seed(7)
    for attempt in range(8):
        process = subprocess.Popen([sys.executable, "-m", "briefing", "build", str(SAMPLE), "-l", "en", "-l", "ja",
                                    "-o", str(out), "--draft"], cwd=ROOT,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(random.uniform(0.05, 2.0))
        process.send_signal(signal.SIGKILL)
        process.wait()
        # Worker processes die with the build: wait until none is left writing.
        deadline = time.monotonic() + 30
        while _builds_running(out) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _builds_running(out), "a worker outlived its killed build"
        assert_every_output_whole(out)
        for path in visible_outputs(out):
            # Each file is the good one or a complete new one, never a mixture.
            assert path.name in good
    # Leftover hidden temporaries never shadow an output; a later build still succeeds.
    again = run_briefing("build", str(SAMPLE), "-l", "en", "-l", "ja", "-o", str(out))
    assert again.returncode == 0 and sorted(good) == [p.name for p in visible_outputs(out)]


def _builds_running(out: Path) -> bool:
    """Whether any process whose command line names this output folder is still alive (read from /proc)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            arguments = (entry / "cmdline").read_bytes().split(b"\0")
            state = (entry / "stat").read_text().split(") ")[-1][:1]
        except OSError:
            continue
        if state != "Z" and b"briefing" in arguments and str(out).encode() in arguments:
            return True
    return False


def it_lets_several_builds_share_a_folder(tmp_path):
    out = tmp_path / "out"
    processes = [subprocess.Popen([sys.executable, "-m", "briefing", "build", str(SAMPLE), "-l", locale, "-o", str(out)]
                                  + extra, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                 for locale, extra in (("en", []), ("en", ["--draft"]), ("ja", []), ("ru", []))]
    for process in processes:
        _, error = process.communicate(timeout=300)
        assert process.returncode == 0, error
    assert_every_output_whole(out)
    assert [p.name for p in visible_outputs(out)] == sorted(
        [f"{NAME}.{l}.{f}" for l in ("en", "ja", "ru") for f in ("docx", "pdf")] + [f"{NAME}.manifest.json"])
    assert not [p for p in out.iterdir() if p.name.endswith(".part")]


def _limit_file_size():
    # A file-size limit stands in for a full disk: writes past it fail with EFBIG.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (60_000, 60_000))


def it_keeps_the_good_outputs_when_the_disk_fills(tmp_path):
    out = tmp_path / "out"
    assert run_briefing("build", str(SAMPLE), "-l", "en", "-o", str(out)).returncode == 0
    good = {p.name: p.read_bytes() for p in visible_outputs(out)}
    result = subprocess.run([sys.executable, "-m", "briefing", "build", str(SAMPLE), "-l", "en", "-o", str(out),
                             "--draft"], cwd=ROOT, capture_output=True, text=True, preexec_fn=_limit_file_size)
    assert result.returncode == 1, result.stderr
    assert "cannot write" in result.stderr and "Traceback" not in result.stderr
    assert {p.name: p.read_bytes() for p in visible_outputs(out)} == good
    assert not [p for p in out.iterdir() if p.name.endswith(".part")]


def it_opens_only_its_inputs_and_never_the_network(tmp_path):
    out = tmp_path / "out"
    log = tmp_path / "events.json"
    result = subprocess.run([sys.executable, str(ROOT / "tests" / "audited_build.py"), str(log), "build", str(SAMPLE),
                             "-o", str(out), "-j", "2"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    events = json.loads(log.read_text(encoding="utf-8"))
    workers = sorted(tmp_path.glob("events.json.*"))  # each forked worker's own record (tests/audited_build.py)
    assert workers, "the workers' file opens were not recorded"
    for worker in workers:
        for kind, found in json.loads(worker.read_text(encoding="utf-8")).items():
            events[kind] += found
    assert events["status"] == 0
    assert events["socket"] == []
    assert set(Path(p).name for p in events["subprocess"]) <= {"fc-list"}
    from briefing.fonts import find_face
    from briefing.theme import load_theme
    from briefing.writers.pdf.tagging.archival import SRGB_PROFILE

    theme = load_theme()
    fonts = {os.path.realpath(find_face(p).path) for locale in theme.fonts.values()
             for value in locale.values() for p in (value if isinstance(value, list) else [value])}
    from briefing import cache

    # The user's cache (briefing/cache.py) holds compiled templates and parsed patterns, read and written.
    allowed_roots = [os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, ROOT / "briefing", ROOT / "templates",
                                                   SAMPLE, out, *filter(None, [cache.folder()]))]
    opened = [(p, m) for p, m in events["open"] if not os.path.realpath(p).startswith(os.path.realpath(log))]  # the logs
    outside = []
    for path, mode in opened:
        real = os.path.realpath(path)
        if real in fonts or real == os.path.realpath(SRGB_PROFILE) or any(
                real == root or real.startswith(root + os.sep) for root in allowed_roots):
            continue  # the fonts and the PDF/A output intent's profile are declared inputs (the manifest lists them)
        if path.startswith("/proc/self/") or real.startswith(("/dev/", "/proc/self/", "/etc/localtime", "/usr/share/zoneinfo")):
            continue
        outside.append((path, mode))
    assert outside == [], outside
    writes = [path for path, mode in opened if any(c in mode for c in "wax+")]
    assert all(os.path.realpath(p).startswith(tuple(os.path.realpath(r) + os.sep for r in (out, *filter(None, [cache.folder()]))))
               for p in writes), writes
