"""Build workers forked ahead by the server's spare process, so that a served `build -j` does not wait for its forks.

Forking a copy of the warm server takes 10 to 15 ms, and a `-j 2` build's
two forks came before anything else it did. The spare (briefing/server/spare.py)
forks them while it waits for its command instead, once the command before
it has ended (so they take no time from it). When the command arrives, each
worker forked ahead is given the command's request and standard files and
becomes the command's process as the spare does (child.become); the build
then takes them (briefing/building/workers.py) as if it had forked them. A
command that builds nothing in parallel leaves them waiting, and they end
with it.
"""

from __future__ import annotations

import os
import socket

from briefing.server import protocol

_waiting: list[tuple[int, object, socket.socket]] = []  # (process, our channel end, our hand-over end) of each


def fork_ahead(count: int, arrived) -> None:
    """Forks up to `count` workers, one at a time, stopping as soon as `arrived()` says the command is here."""
    from briefing.building.channel import channel_pair

    parent = os.getpid()
    while len(_waiting) < count and not arrived():
        ours, theirs = channel_pair()
        handing, handed = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        process = os.fork()
        if process == 0:  # the worker: it never returns from here
            status = 1
            try:
                ours.close()
                handing.close()
                for _, channel, hand_over_end in _waiting:  # so each ends when its own worker does
                    channel.close()
                    hand_over_end.close()
                _stand_by(handed, theirs, parent)
                status = 0
            except BaseException:  # noqa: BLE001 - the spare or its command ended: nothing begun
                pass
            finally:
                os._exit(status)
        theirs.close()
        handed.close()
        _waiting.append((process, ours, handing))


def hand_over(request: dict, files: list[int]) -> None:
    """Gives every worker forked ahead the command's request and standard files (the caller keeps its own)."""
    message = protocol.encode(request)
    for entry in list(_waiting):
        process, ours, handing = entry
        try:
            socket.send_fds(handing, [message], files)
        except OSError:  # it has ended: the build forks a worker of its own instead
            _waiting.remove(entry)
            ours.close()
        finally:
            handing.close()


def take(count: int) -> list[tuple[int, object]]:
    """Up to `count` workers forked ahead and handed the command, each as (process id, our channel end)."""
    taken = []
    while _waiting and len(taken) < count:
        process, ours, _ = _waiting.pop(0)
        taken.append((process, ours))
    return taken


def _stand_by(handed: socket.socket, channel, parent: int) -> None:
    """A worker forked ahead: waits for the command, becomes its process, then for the build's first message."""
    from briefing.building import workers
    from briefing.safety.locking import stop_cleanly
    from briefing.server import child

    workers.die_with(parent)
    request, files = protocol.receive(handed, 3)
    handed.close()
    child.become(request, files)
    stop_cleanly()  # as the command's process does before a build forks its workers (briefing/cli.py)
    try:
        fmt, warm = channel.recv()  # from Workers, when the command builds with -j
    except EOFError:  # the command ended without taking it
        return
    workers.serve(fmt, channel, parent, warm)
