"""A child forked before the next command arrives, so a command does not wait for the fork: it waits on a socket pair for its request."""

from __future__ import annotations

import os
import socket

from briefing.server import protocol


class Spare:
    """The next command's process, already forked from the warm server; `take` hands it a command.

    `previous`: a pipe's reading end on which the command before says it has
    ended (child.run), when it may still be running: the spare forks its build
    workers ahead (standby.py) only then, so as not to take a core from it.
    """

    def __init__(self, listener: socket.socket, previous: int | None = None):
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        ended, ending = os.pipe()  # this spare's command will say on `ending` that it has ended
        process = os.fork()
        if process == 0:  # never returns
            status = 0
            try:
                listener.close()
                ours.close()
                os.close(ended)
                _wait_for_a_command(theirs, previous, ending)
            except BaseException:  # noqa: BLE001 - the server stopped, or sent nothing usable: nothing begun
                status = 1
            finally:
                os._exit(status)
        theirs.close()
        os.close(ending)
        self.pid, self.channel, self.ended = process, ours, ended

    def take(self, connection: socket.socket, request: dict, files: list[int]) -> None:
        """Hands over the client's connection and standard files (the process's own copies stay ours to close)."""
        try:
            socket.send_fds(self.channel, [protocol.encode(request)], [connection.fileno(), *files])
        finally:
            self.channel.close()

    def dismiss(self) -> None:
        """The server stops: the spare reads the end of its channel and leaves."""
        self.channel.close()
        self.forget()

    def forget(self) -> None:
        """The next spare has its own copy of `ended`: this process's is closed."""
        if self.ended is not None:
            os.close(self.ended)
            self.ended = None


def _wait_for_a_command(channel: socket.socket, previous: int | None, ending: int) -> None:
    from select import select

    from briefing.building.workers import default_jobs
    from briefing.server import child, standby

    if previous is not None:
        select([channel, previous], [], [])  # the command before has ended (or died), or ours has come
        os.close(previous)
    standby.fork_ahead(default_jobs(), lambda: bool(select([channel], [], [], 0)[0]))
    request, files = protocol.receive(channel, 4)
    if len(files) != 4:
        for descriptor in files:
            os.close(descriptor)
        raise EOFError
    channel.close()
    connection = socket.socket(fileno=files[0])
    standby.hand_over(request, files[1:])
    child.run(connection, request, files[1:], ending)
