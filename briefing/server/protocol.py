"""What a client and the build server say to each other over the socket: a request with the client's three standard files, then one-letter replies.

The request is a marshal'd dict of strings, lists and integers (marshal, not
JSON: it is built in, and the client pays no import for it), sent after its
length; its first message carries the client's stdin, stdout and stderr as
file descriptors (SCM_RIGHTS). Only a process of the same user is answered.
"""

from __future__ import annotations

import marshal

HEADER = 4  # the request's length, big-endian
LIMIT = 4 * 1024 * 1024  # a request is its arguments and environment: far below this

REFUSED = b"R"  # then the reason, UTF-8: the client runs the command itself
STOPPED = b"X"  # then the reason, UTF-8: the server is stopping; the client says so and runs the command itself
STARTED = b"P"  # then the child's process id (4 bytes): where the client forwards Ctrl-C and SIGTERM
ENDED = b"S"  # then the exit status (4 bytes, signed)
INFO = b"I"  # then a marshal'd dict: the answer to a ping


def encode(request: dict) -> bytes:
    payload = marshal.dumps(request)
    return len(payload).to_bytes(HEADER, "big") + payload


def decode(payload: bytes) -> dict:
    """The request, refused unless it is a dict of plain data (marshal could also carry a code object)."""
    request = marshal.loads(payload)
    if not isinstance(request, dict) or not _plain(request):
        raise ValueError("not a request")
    return request


def _plain(value, depth: int = 0) -> bool:
    if depth > 4:
        return False
    if isinstance(value, (str, int, bool)) or value is None:
        return True
    if isinstance(value, (list, tuple)):
        return all(_plain(item, depth + 1) for item in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v, depth + 1) for k, v in value.items())
    return False


def receive(connection, most_files: int) -> tuple[dict, list[int]]:
    """A request and the file descriptors its first message carried; on anything short, long or malformed
    the descriptors are closed and ValueError or EOFError raised."""
    import os
    import socket  # here, not above: the client imports this module and must not pay for socket's enums

    data, files, _, _ = socket.recv_fds(connection, 65536, most_files)
    try:
        if len(data) < HEADER:
            raise EOFError
        length = int.from_bytes(data[:HEADER], "big")
        if length > LIMIT:
            raise ValueError("request too long")
        payload = data[HEADER:]
        while len(payload) < length:
            chunk = connection.recv(min(65536, length - len(payload)))
            if not chunk:
                raise EOFError
            payload += chunk
        return decode(payload), list(files)
    except BaseException:
        for descriptor in files:
            os.close(descriptor)
        raise


def number(value: int) -> bytes:
    return value.to_bytes(4, "big", signed=True)


def read_number(data: bytes) -> int:
    return int.from_bytes(data[:4], "big", signed=True)
