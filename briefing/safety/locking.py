"""Commands take turns on a folder: builds moving outputs into place, and commands that rewrite a book for their whole read-merge-write; an flock on the folder itself."""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import sys

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
    folders = {os.path.abspath(os.fspath(f)) for f in folders}
    folders = {f for f in folders if os.path.realpath(f) not in _books}  # already ours: the book's lock
    try:
        try:
            signal.pthread_sigmask(signal.SIG_BLOCK, STOPPING)
            blocked = True
        except (AttributeError, OSError, ValueError):
            pass
        for folder in sorted(folders):
            handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
            handles.append(handle)
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        for handle in handles:
            os.close(handle)  # releases the lock
        if blocked:
            _unblock()


# Book folders whose lock this process holds (real path -> handle): moving files into
# one of them needs no second lock (a second flock of the same folder would wait on us).
_books: dict[str, int] = {}


@contextlib.contextmanager
def writing_book(folder, out=None):
    """Holds the book folder's lock for a command's whole read-merge-write; a second command waits, saying so.

    Absorbing a draft, importing XLIFF, marking translations reviewed and
    `new` read what they merge into only once they hold it, so two at once
    are applied one after the other and neither loses the other's edit.
    """
    real = os.path.realpath(os.fspath(folder))
    if real in _books:
        yield
        return
    handle = os.open(real, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"briefing: {os.fspath(folder)}: another command is writing this book; waiting for it to finish",
                  file=out or sys.stderr, flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        _books[real] = handle
        yield
    finally:
        _books.pop(real, None)
        os.close(handle)  # releases the lock


@contextlib.contextmanager
def signals_deferred():
    """A stopping signal that comes inside the block is held and arrives when it ends, as it would have.

    The handlers are swapped rather than the signals blocked: a signal blocked in
    this thread would be taken by any other thread of the process, whose handler
    still runs here at once.
    """
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield  # handlers can only be set in the main thread, where signals are handled
        return
    received = []
    saved = {signum: signal.signal(signum, lambda signum, frame: received.append(signum)) for signum in STOPPING}
    try:
        yield
    finally:
        for signum, handler in saved.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
        if received:
            signal.raise_signal(received[0])


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
