"""Finds every value of one kind inside nested dataclasses, lists, tuples and dicts (a book model or a document tree)."""

from __future__ import annotations

from typing import Iterator


def every(value, kind: type) -> Iterator:
    """Each value of `kind` wherever it stands, in field order; a match is not searched further."""
    if isinstance(value, kind):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from every(item, kind)
    elif isinstance(value, dict):
        for item in value.values():
            yield from every(item, kind)
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            yield from every(getattr(value, name), kind)
