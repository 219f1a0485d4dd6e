"""Messages between the build process and one worker: pickled, length-prefixed, over a pair of pipes.

Plain pipes rather than multiprocessing: importing multiprocessing and its
socket machinery cost the build 20 ms before the workers could even start.
"""

from __future__ import annotations

import os
import pickle

_HEADER = 8  # bytes of big-endian message length


class Channel:
    """One end: send() to the other end, recv() what it sent (EOFError once it has closed its end)."""

    def __init__(self, reading: int, writing: int):
        self.reading, self.writing = reading, writing

    def send(self, message) -> None:
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(len(data).to_bytes(_HEADER, "big") + data)
        while view:
            view = view[os.write(self.writing, view):]  # BrokenPipeError once the other end is gone

    def recv(self):
        return pickle.loads(self._read(int.from_bytes(self._read(_HEADER), "big")))

    def fileno(self) -> int:
        """What select() waits on: the end this side reads."""
        return self.reading

    def close(self) -> None:
        for descriptor in (self.reading, self.writing):
            try:
                os.close(descriptor)
            except OSError:
                pass

    def _read(self, size: int) -> bytes:
        chunks, left = [], size
        while left:
            chunk = os.read(self.reading, min(left, 1 << 20))
            if not chunk:
                raise EOFError("the other end closed the channel")
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)


def channel_pair() -> tuple[Channel, Channel]:
    """Two connected ends: what one sends, the other receives."""
    to_second_reading, to_second_writing = os.pipe()
    to_first_reading, to_first_writing = os.pipe()
    return Channel(to_first_reading, to_second_writing), Channel(to_second_reading, to_first_writing)
