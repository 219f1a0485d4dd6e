"""A child forked before the next command arrives, so a command does not wait for the fork: it waits on a socket pair for its request."""

from __future__ import annotations

import os
import socket

from briefing.server import protocol


class Spare:
    """The next command's process, already forked from the warm server; `take` hands it a command."""

    def __init__(self, listener: socket.socket):
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        process = os.fork()
        if process == 0:  # never returns
            status = 0
            try:
                listener.close()
                ours.close()
                _wait_for_a_command(theirs)
            except BaseException:  # noqa: BLE001 - the server stopped, or sent nothing usable: nothing begun
                status = 1
            finally:
                os._exit(status)
        theirs.close()
        self.pid, self.channel = process, ours

    def take(self, connection: socket.socket, request: dict, files: list[int]) -> None:
        """Hands over the client's connection and standard files (the process's own copies stay ours to close)."""
        try:
            socket.send_fds(self.channel, [protocol.encode(request)], [connection.fileno(), *files])
        finally:
            self.channel.close()

    def dismiss(self) -> None:
        """The server stops: the spare reads the end of its channel and leaves."""
        self.channel.close()


def _wait_for_a_command(channel: socket.socket) -> None:
    from briefing.server import child

    request, files = protocol.receive(channel, 4)
    if len(files) != 4:
        for descriptor in files:
            os.close(descriptor)
        raise EOFError
    channel.close()
    connection = socket.socket(fileno=files[0])
    child.run(connection, request, files[1:])
