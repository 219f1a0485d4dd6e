"""A memory of results bounded in bytes, the least recently used forgotten first: what a writer keeps from one output for the next in the same process."""

from __future__ import annotations

from collections import OrderedDict


class Kept:
    """Results by key, together no larger than `limit` bytes (a single larger one is kept alone)."""

    def __init__(self, limit: int):
        self.limit = limit
        self._results: OrderedDict = OrderedDict()  # key -> (result, its size)
        self._size = 0

    def get(self, key):
        """The result kept under `key`, or None."""
        found = self._results.get(key)
        if found is None:
            return None
        self._results.move_to_end(key)
        return found[0]

    def put(self, key, result, size: int) -> None:
        """Keeps `result`, counted as `size` bytes, forgetting the least recently used beyond the limit."""
        self._results[key] = (result, size)
        self._size += size
        while self._size > self.limit and len(self._results) > 1:
            _, (_, forgotten) = self._results.popitem(last=False)
            self._size -= forgotten
