"""The build server: one process that has imported and warmed what every command needs, and forks a child to run each command a client hands it.

`briefing server start` starts it; from then on `briefing …` in the same
account hands its arguments, working folder, environment and terminal
(stdin, stdout, stderr) to it over a Unix socket, and a child forked from the
warm process runs the command exactly as a fresh process would, so the
command skips Python's imports and the fonts, languages and templates a first
build loads. Without a server, or when it cannot take a command, the command
runs in its own process as always; the outputs are the same bytes either way.
"""

from __future__ import annotations

import os

OFF = "off"
SOCKET_NAME = "server.sock"


def location() -> str | None:
    """The server's socket: `BRIEFING_SERVER` when set (`off`: no server), else `briefing/server.sock` in the
    user's runtime folder (`XDG_RUNTIME_DIR`) or, without one, in the user's cache folder."""
    chosen = os.environ.get("BRIEFING_SERVER")
    if chosen is not None:
        return None if chosen in ("", OFF) else os.path.abspath(chosen)
    base = os.environ.get("XDG_RUNTIME_DIR") or os.environ.get("XDG_CACHE_HOME") or os.path.join(
        os.path.expanduser("~"), ".cache")
    return os.path.join(base, "briefing", SOCKET_NAME)


def trusted_folder(path: str) -> bool:
    """Whether the socket's folder is this user's alone: a socket another user could put in its place would
    receive this user's terminal and environment."""
    from briefing.safety.ownership import own_folder

    return own_folder(os.path.dirname(path))
