"""One command in a child of the build server: it takes the client's standard files, folder, environment and umask, runs the command line, and reports its exit status."""

from __future__ import annotations

import os
import signal
import sys
import tempfile
import time

from briefing.server import protocol


def run(connection, request: dict, files: list[int], ending: int | None = None) -> None:
    """Becomes the client's process as far as the command can tell, runs it, and exits; never returns.

    Once the client has its exit status, a byte on `ending` tells the next
    spare (briefing/server/spare.py) that this command no longer needs the cores."""
    status = 3
    try:
        become(request, files)
        connection.settimeout(None)
        connection.sendall(protocol.STARTED + protocol.number(os.getpid()))
        from briefing import cli

        status = cli.run(request["argv"])
    except BaseException:  # noqa: BLE001 - whatever happened, the client must hear a status
        status = 3
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        try:
            connection.sendall(protocol.ENDED + protocol.number(status))
        except OSError:
            pass
        if ending is not None:
            try:
                os.write(ending, b"\0")
            except OSError:
                pass
        # The build's workers, still exiting when it answered: reaped here, not left to the system's first
        # process, which in a container may never reap an orphan.
        from briefing.building.workers import reap_exited

        reap_exited()
        os._exit(status)


def become(request: dict, files: list[int]) -> None:
    """Takes the client's standard files (closing the descriptors given), folder, environment, umask, time zone
    and arguments, and the signal handling of a process of its own: in a command's child, and in the build
    workers forked ahead for it (briefing/server/standby.py)."""
    for signum in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(signum, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for target, descriptor in zip((0, 1, 2), files):
        os.dup2(descriptor, target)
        os.close(descriptor)
    files.clear()
    os.chdir(request["cwd"])
    os.umask(request["umask"])
    os.environ.clear()
    os.environ.update(request["env"])
    time.tzset()
    tempfile.tempdir = None  # found again from the client's TMPDIR, not the server's
    _standard_files(request["encodings"])
    sys.argv = [request["argv0"], *request["argv"]]


def _standard_files(encodings: list) -> None:
    """New stdin, stdout and stderr over the client's, encoded and buffered as the client's own would be."""
    (in_encoding, in_errors), (out_encoding, out_errors), (err_encoding, err_errors) = encodings
    sys.stdin = open(0, encoding=in_encoding, errors=in_errors, closefd=False)
    sys.stdout = open(1, "w", encoding=out_encoding, errors=out_errors, closefd=False,
                      buffering=1 if os.isatty(1) else -1)  # 1: by lines
    sys.stderr = open(2, "w", encoding=err_encoding, errors=err_errors, closefd=False, buffering=1)
