"""`briefing server start|stop|status`: the build server (briefing/server/) that lets later commands skip their start-up."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from briefing.commands import EXIT_INVALID, EXIT_OK

READY_WITHIN = 120  # seconds a warm-up may take on a slow machine before start gives up


def run(arguments) -> int:
    from briefing import server

    path = server.location()
    if path is None:
        print("briefing server: BRIEFING_SERVER=off; no server is used", file=sys.stderr)
        return EXIT_INVALID
    if arguments.action == "status":
        return _status(path)
    if arguments.action == "stop":
        return _stop(path)
    return _start(path, arguments.idle)


def ask(path: str, kind: str) -> dict | None:
    """The server's answer to a ping or a stop, or None when none answers at `path`."""
    import socket

    from briefing.server import protocol

    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(10)
            connection.connect(path)
            connection.sendall(protocol.encode({"kind": kind}))
            answer = b""
            while chunk := connection.recv(65536):
                answer += chunk
    except OSError:
        return None
    if answer[:1] != protocol.INFO or len(answer) < 1 + protocol.HEADER:
        return None
    try:
        return protocol.decode(answer[1 + protocol.HEADER:])
    except (ValueError, EOFError, TypeError):
        return None


def _status(path: str) -> int:
    info = ask(path, "ping")
    if info is None:
        print(f"no build server is running ({path})")
        return EXIT_OK
    print(f"build server running at {path}, process {info['pid']}, since "
          f"{time.strftime('%Y-%m-%d %H:%M', time.localtime(info['started']))}; it stops after "
          f"{info['idle'] // 60} minutes without a command")
    return EXIT_OK


def _stop(path: str) -> int:
    if ask(path, "stop") is None:
        print(f"no build server is running ({path})")
        return EXIT_OK
    for _ in range(100):
        if not os.path.exists(path):
            break
        time.sleep(0.05)
    print("build server stopped")
    return EXIT_OK


def _start(path: str, idle_minutes: float) -> int:
    from briefing import server

    if ask(path, "ping") is not None:
        print(f"a build server is already running at {path}")
        return EXIT_OK
    folder = os.path.dirname(path)
    os.makedirs(folder, mode=0o700, exist_ok=True)
    if not server.trusted_folder(path):
        print(f"briefing server: {folder} is not this user's alone (or cannot be made); not starting",
              file=sys.stderr)
        return EXIT_INVALID
    log = os.path.join(folder, "server.log")
    package = os.path.dirname(os.path.dirname(os.path.abspath(server.__file__)))
    with open(log, "wb") as errors:
        # Its own session: a Ctrl-C or a closed terminal meant for this shell does not reach it.
        process = subprocess.Popen([sys.executable, "-m", "briefing.server.daemon", path, str(idle_minutes * 60)],
                                   cwd=package, stdin=subprocess.DEVNULL, stdout=errors, stderr=errors,
                                   start_new_session=True)
    deadline = time.monotonic() + READY_WITHIN
    while time.monotonic() < deadline:
        if process.poll() is not None:
            with open(log, encoding="utf-8", errors="replace") as said:
                print(f"briefing server: the server stopped while starting:\n{said.read()[-2000:]}", file=sys.stderr)
            return EXIT_INVALID
        if ask(path, "ping") is not None:
            print(f"build server ready at {path} (process {process.pid}); it stops after {idle_minutes:g} minutes "
                  "without a command, or with `briefing server stop`")
            return EXIT_OK
        time.sleep(0.1)
    process.terminate()
    print(f"briefing server: not ready after {READY_WITHIN} s; stopped it", file=sys.stderr)
    return EXIT_INVALID
