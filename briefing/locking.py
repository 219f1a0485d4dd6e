"""Builds sharing an output folder take turns moving their files into place: an flock on the folder itself, and no signal in between."""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal

# The signals a build turns into a clean stop (briefing/cli.py); held back
# while files are being moved, so a set of outputs is never half replaced.
STOPPING = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT)


@contextlib.contextmanager
def moving_into(folders):
    """Holds every folder's lock (in a fixed order, so two builds cannot deadlock) with stopping signals deferred.

    The lock is taken on the folder (Linux locks a directory like a file), so
    no lock file is left among the outputs, and none can be swapped for a link.
    """
    handles = []
    blocked = False
    try:
        try:
            signal.pthread_sigmask(signal.SIG_BLOCK, STOPPING)
            blocked = True
        except (AttributeError, OSError, ValueError):
            pass
        for folder in sorted({os.path.abspath(os.fspath(f)) for f in folders}):
            handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
            handles.append(handle)
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        for handle in handles:
            os.close(handle)  # releases the lock
        if blocked:
            _unblock()


def _unblock() -> None:
    """Lets the stopping signals through again; one that came while files were moved is dropped.

    By then the outputs are in place and complete: stopping now would only
    report that nothing was written when everything was.
    """
    pending = signal.sigpending() & set(STOPPING)
    saved = {signum: signal.signal(signum, signal.SIG_IGN) for signum in pending}
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPPING)
    for signum, handler in saved.items():
        signal.signal(signum, handler)


class Stopped(KeyboardInterrupt):
    """SIGTERM, SIGHUP or SIGQUIT, raised like Ctrl-C so the same clean-up runs; `status` is the exit status (128 + signal)."""

    def __init__(self, signum=None):
        # ReportLab re-raises an exception from inside a paragraph as its own type with a longer
        # message: the signal is then the one received.
        if not isinstance(signum, int):
            signum = _received or signal.SIGTERM
        super().__init__(signal.Signals(signum).name)
        self.signum, self.status = signum, 128 + signum

    def __reduce__(self):  # a worker stopped too reports it to the build process
        return (Stopped, (self.signum,))


_received = 0


def _stop(signum, frame):
    global _received
    _received = signum
    raise Stopped(signum)


def stop_cleanly() -> None:
    """SIGTERM, SIGHUP and SIGQUIT stop a build as SIGINT does: its temporary files removed, every old output kept."""
    for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        try:
            signal.signal(signum, _stop)
        except (OSError, ValueError):  # not the main thread
            pass
