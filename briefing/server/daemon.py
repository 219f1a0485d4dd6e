"""The build server's process: warms up, listens on its socket, and forks a child for each command, which runs it as the client's own process would have.

Run by `briefing server start` as `python -m briefing.server.daemon SOCKET
IDLE_SECONDS`. It answers only its own user, takes one request at a time
(a child runs each, so commands still run side by side), stops after
IDLE_SECONDS without a request, and stops instead of answering when its code,
libraries or fonts have changed since it started (briefing/server/freshness.py).
"""

from __future__ import annotations

import gc
import os
import signal
import socket
import struct
import sys
import time

from briefing.server import protocol
from briefing.server.spare import Spare


def serve(path: str, idle: float) -> int:
    from briefing.server import freshness, warm

    warm.warm_up()
    taken = freshness.snapshot()
    gc.collect()
    gc.freeze()  # the warm objects stay out of every child's collections: fewer copied pages, faster forks
    _trim_heap()
    listener = _listen(path)
    started = time.time()
    own = os.stat(path).st_ino
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGHUP, _stop)
    listener.settimeout(idle)
    state = {"taken": taken, "started": int(started), "idle": int(idle), "served": 0, "spare": Spare(listener)}
    try:
        while True:
            try:
                connection, _ = listener.accept()
            except (TimeoutError, KeyboardInterrupt):
                return 0
            with connection:
                if not _answer(connection, listener, state):
                    return 0
    finally:
        state["spare"].dismiss()
        listener.close()
        try:
            if os.stat(path).st_ino == own:  # a newer server's socket is not ours to remove
                os.unlink(path)
        except OSError:
            pass


def _trim_heap() -> None:
    """Hands the warm-up's freed memory back to glibc's heap once, before any fork.

    Otherwise every command's process, at its first large allocation,
    coalesces the thousands of small chunks the warm-up freed (glibc's
    malloc_consolidate), writing to every page they lie on: 3,000 pages
    copied from the server, 20 ms, before the command has read its arguments.
    """
    import ctypes

    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to coalesce this way
        pass


def _stop(signum, frame):
    raise KeyboardInterrupt


def _listen(path: str) -> socket.socket:
    from briefing import server

    os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
    if not server.trusted_folder(path):
        raise SystemExit(f"briefing server: {os.path.dirname(path)} is not this user's alone; not listening there")
    try:
        os.unlink(path)  # a socket left by a server that did not stop cleanly (start checked none answers)
    except FileNotFoundError:
        pass
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    previous = os.umask(0o177)  # the socket is created 0600
    try:
        listener.bind(path)
    finally:
        os.umask(previous)
    listener.listen(16)
    return listener


def _answer(connection: socket.socket, listener: socket.socket, state: dict) -> bool:
    """Answers one request; False when the server must stop (asked to, or its code changed).

    `state` holds what the server loaded (a freshness snapshot), when it
    started, its idle limit, how many commands it has run, and the spare
    process the next command goes to."""
    from briefing.server import client, freshness

    connection.settimeout(10)
    files: list[int] = []
    try:
        if not _same_user(connection):
            return True
        request, files = protocol.receive(connection, 3)
        kind = request.get("kind")
        if kind == "stop":
            connection.sendall(protocol.INFO + protocol.encode({"stopping": True}))
            return False
        if freshness.changed(state["taken"]):
            connection.sendall(protocol.STOPPED + "the tool, its libraries or the fonts changed since it started".encode())
            return False
        if kind == "ping":
            said = {key: state[key] for key in ("started", "idle", "served")}
            connection.sendall(protocol.INFO + protocol.encode({"pid": os.getpid(), **said}))
            return True
        reason = _refusal(request, len(files), client.runtime())
        if reason:
            connection.sendall(protocol.REFUSED + reason.encode())
            return True
        state["served"] += 1
        try:
            state["spare"].take(connection, request, files)
        finally:
            # The client's files and connection are closed here before the next spare is forked: a copy
            # kept by it would hold the client's pipes open after the command has ended.
            for descriptor in files:
                os.close(descriptor)
            files.clear()
            connection.close()
            taken = state["spare"]
            state["spare"] = Spare(listener, taken.ended)  # forked while the command runs, for the next one
            taken.forget()
        return True
    except (OSError, ValueError, EOFError, TypeError):
        return True  # a client that went away or sent nonsense: nothing was begun for it
    finally:
        for descriptor in files:
            os.close(descriptor)


def _same_user(connection: socket.socket) -> bool:
    credentials = connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    _, uid, _ = struct.unpack("3i", credentials)
    return uid == os.getuid()


def _refusal(request: dict, received: int, runtime: list) -> str | None:
    """Why this process cannot run the request as the client's own would, or None."""
    import briefing

    if received != 3:
        return "the standard files did not arrive"
    if request.get("runtime") != runtime:
        return "another interpreter or other library folders"
    if request.get("package") != os.path.dirname(os.path.abspath(briefing.__file__)):
        return "another copy of briefing"
    env = request.get("env")
    if not isinstance(env, dict) or env.get("BRIEFING_LANGUAGES"):
        return "language folders of the user's own (BRIEFING_LANGUAGES) are read fresh by each command"
    if not isinstance(request.get("argv"), list) or not all(isinstance(a, str) for a in request["argv"]):
        return "no arguments"
    return None


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m briefing.server.daemon SOCKET IDLE_SECONDS", file=sys.stderr)
        return 2
    return serve(argv[0], float(argv[1]))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
