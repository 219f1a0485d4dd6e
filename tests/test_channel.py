"""The channel between the build process and a worker: whole messages either way, and EOF once the other end is gone."""

import signal
import threading

import pytest

from briefing.building.channel import channel_pair

from conftest import SAMPLE, run_briefing_patched


def it_carries_messages_both_ways_even_larger_than_a_pipe_holds():
    first, second = channel_pair()
    big = {"text": "外務省" * 200_000, "numbers": list(range(10_000))}
    received = []
    reader = threading.Thread(target=lambda: received.append(second.recv()))
    reader.start()
    first.send(big)
    reader.join(timeout=10)
    assert received == [big]
    second.send(None)
    assert first.recv() is None
    first.close()
    second.close()


def it_reports_end_of_file_once_the_other_end_is_closed():
    first, second = channel_pair()
    second.close()
    with pytest.raises(EOFError):
        first.recv()
    with pytest.raises(BrokenPipeError):
        first.send("anyone?")
    first.close()


KILLED_WORKER = """
import os, signal
import briefing.writers

real_write = briefing.writers.write

def write(document, fmt, path, theme, options):
    if fmt == "docx":  # the Word worker dies as if the kernel had killed it for memory
        os.kill(os.getpid(), signal.SIGKILL)
    real_write(document, fmt, path, theme, options)

briefing.writers.write = write
"""


def it_fails_cleanly_when_a_worker_is_killed(tmp_path):
    out = tmp_path / "out"
    result = run_briefing_patched(KILLED_WORKER, "build", str(SAMPLE), "-l", "en", "-l", "ja", "-j", "2", "-o", str(out))
    assert result.returncode == 3
    assert f"ended unexpectedly (status {-signal.SIGKILL})" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists() or list(out.iterdir()) == []  # no output, and no staged leftovers either
