"""The command's first step: hand it to a running build server (briefing/server/daemon.py), or say there is none so it runs here.

This runs before anything else is imported, in every `briefing` command, so
it imports only built-in C modules: with no server it costs one stat().
"""

from __future__ import annotations

import os
import sys

# Commands that stay in their own process: the server's own, and the preview, which is a server itself.
OWN_PROCESS = ("server", "preview")
FORWARDED = (2, 3, 1, 15)  # SIGINT, SIGQUIT, SIGHUP, SIGTERM: what the command would have received


def hand_over(argv: list[str]) -> int | None:
    """The command's exit status when the server ran it; None when it must run here (no server, a command that
    stays in its own process, or a server that cannot take this command)."""
    from briefing import server

    command = next((a for a in argv if not a.startswith("-")), None)
    if command in OWN_PROCESS:
        return None
    path = server.location()
    if path is None or not os.path.exists(path) or not server.trusted_folder(path):
        return None
    import _socket

    connection = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        try:
            connection.connect(path)
            _send(connection, request(argv))
        except (OSError, ValueError):  # a socket left by a server that has stopped, a closed stdin
            return None
        return _wait(connection)
    finally:
        connection.close()


def request(argv: list[str]) -> dict:
    """What the server needs to run the command as this process would: arguments, folder, environment, umask,
    how the standard files are encoded, and which interpreter and libraries this process would import."""
    import briefing

    umask = os.umask(0o022)
    os.umask(umask)
    streams = [sys.stdin, sys.stdout, sys.stderr]
    if any(stream is None for stream in streams):
        raise ValueError("a standard file is closed")
    return {"kind": "run", "argv": list(argv), "argv0": sys.argv[0] if sys.argv else "briefing",
            "cwd": os.getcwd(), "env": dict(os.environ), "umask": umask,
            "encodings": [[s.encoding, s.errors] for s in streams],
            "runtime": runtime(), "package": os.path.dirname(os.path.abspath(briefing.__file__))}


def runtime() -> list:
    """The interpreter and the folders it imports from (the first, the script's or working folder, aside):
    the server takes only a command that would run on the same code."""
    return [sys.executable, sys.version, sys.path[1:], sys.getfilesystemencoding(), sys.flags.utf8_mode,
            sys.flags.optimize]


def _send(connection, message: dict) -> None:
    """The request, its first message carrying this process's stdin, stdout and stderr."""
    import _socket
    import array

    from briefing.server import protocol

    data = protocol.encode(message)
    files = array.array("i", [0, 1, 2]).tobytes()
    sent = connection.sendmsg([data], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, files)])
    if sent < len(data):
        connection.sendall(data[sent:])


def _wait(connection) -> int | None:
    """Forwards the stopping signals to the server's child and waits for its exit status."""
    import _signal

    from briefing.server import protocol

    child = [None]
    pending = []

    def forward(signum, frame):
        if child[0] is None:
            pending.append(signum)
            return
        try:
            os.kill(child[0], signum)
        except ProcessLookupError:  # it has just ended: its status is on its way
            pass

    for signum in FORWARDED:
        _signal.signal(signum, forward)
    received = b""
    while chunk := connection.recv(4096):
        received += chunk
        while received[:1] in (protocol.STARTED, protocol.ENDED) and len(received) >= 5:
            tag, value, received = received[:1], protocol.read_number(received[1:5]), received[5:]
            if tag == protocol.ENDED:
                return value
            child[0] = value
            for signum in pending:
                os.kill(value, signum)
            pending.clear()
    # The server closed the connection: a refusal (nothing begun, so the command runs here) or a lost child.
    if received[:1] == protocol.STOPPED:
        os.write(2, b"briefing: the build server has stopped (" + received[1:] + b"); this command runs on "
                    b"its own, and `briefing server start` starts a new server\n")
    if child[0] is None and pending:  # stopped before anything began
        os.write(2, b"briefing: interrupted; nothing was written\n")
        return 128 + pending[0]
    if child[0] is None:
        return None  # the server did not begin the command
    os.write(2, b"briefing: the build server's process for this command ended without an exit status; "
                b"run the command again (BRIEFING_SERVER=off runs it without the server)\n")
    return 3
