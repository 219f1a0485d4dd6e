"""A set of outputs is replaced whole or not at all: when one target cannot be replaced (a folder stands there),
no earlier file of the set has been renamed, as the message says."""

from __future__ import annotations

import pytest

from conftest import SAMPLE
from doors import assert_refused, run

NAME = SAMPLE.name


@pytest.mark.parametrize("blocked", [f"{NAME}.en.pdf", f"{NAME}.en.docx", f"{NAME}.manifest.json"])
def it_replaces_no_output_of_a_build_when_one_target_is_a_folder(blocked, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    names = [f"{NAME}.en.docx", f"{NAME}.en.pdf", f"{NAME}.manifest.json"]
    for name in names:
        if name == blocked:
            (out / name).mkdir()
        else:
            (out / name).write_text("old")
    outcome = run("build", str(SAMPLE), "-l", "en", "-o", str(out), "-j", "1")
    assert_refused(outcome, r"cannot write .*" + blocked.replace(".", r"\.") + r": is a folder, not a file; nothing "
                            r"was written or replaced")
    for name in names:
        assert (out / name).is_dir() if name == blocked else (out / name).read_text() == "old"
    assert sorted(p.name for p in out.iterdir()) == sorted(names)  # no temporary file left


def it_replaces_no_schema_when_one_target_is_a_folder(tmp_path):
    out = tmp_path / "schemas"
    out.mkdir()
    (out / "book.schema.json").write_text("old")
    (out / "module.schema.json").mkdir()
    outcome = run("schema", "-o", str(out))
    assert_refused(outcome, r"cannot write .*module\.schema\.json: is a folder, not a file; nothing was written")
    assert (out / "book.schema.json").read_text() == "old"
    assert sorted(p.name for p in out.iterdir()) == ["book.schema.json", "module.schema.json"]


def it_leaves_no_temporary_file_when_stopped_between_creating_and_recording_it(tmp_path, monkeypatch):
    """A Ctrl-C that lands just after the staging file is created (before it is recorded) is cleaned up."""
    import os
    import signal
    import tempfile

    from briefing.safety import output

    real_mkstemp = tempfile.mkstemp

    def created_then_interrupted(*args, **kwargs):
        made = real_mkstemp(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGINT)  # Python's handler raises KeyboardInterrupt at the next instruction
        return made

    monkeypatch.setattr(output.tempfile, "mkstemp", created_then_interrupted)
    # Another thread in the process (as a test runner or a library may start): a signal must still wait.
    import threading
    import time

    threading.Thread(target=time.sleep, args=(3,), daemon=True).start()
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            with output.Staging() as staging:
                staging.stage(tmp_path / "book.pdf", lambda temporary: None)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def it_makes_each_output_durable_once_before_moving_it_into_place(tmp_path, monkeypatch):
    """A file its writer already flushed (a build worker does) is not flushed again; every other one is."""
    from briefing.safety import output

    flushed = []
    monkeypatch.setattr(output, "flush", lambda path: flushed.append(path))
    with output.Staging() as staging:
        for name in ("book.pdf", "book.docx"):
            staging.stage(tmp_path / name, lambda temporary: open(temporary, "w").write(name))
        by_worker = staging.staged[0][0]
        staging.flushed.add(by_worker)
        staging.commit()
    assert flushed and by_worker not in flushed and len(flushed) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.docx", "book.pdf"]
