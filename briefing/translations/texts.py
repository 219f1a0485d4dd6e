"""Every text of a book in reading order, each once, with the words a translator is paid by."""

from __future__ import annotations

import hashlib
import re

from briefing.book import model

_WORD = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


def book_texts(book: model.Book) -> list[model.Text]:
    """Every Text of the book model, wherever it stands, in the model's order; a text reached twice counts once."""
    found: dict[str, model.Text] = {}
    for text in _walk(book):
        found.setdefault(text.path or f"{text.file}:{text.line}", text)
    return list(found.values())


def _walk(value):
    if isinstance(value, model.Text):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _walk(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _walk(item)
    elif hasattr(value, "__dataclass_fields__") and not isinstance(value, model.GlossaryTerm):
        for name in value.__dataclass_fields__:
            yield from _walk(getattr(value, name))


def words(text: str) -> int:
    """Words as CAT tools count them: runs of letters and digits, and each Chinese or Japanese character."""
    cjk = len(_CJK.findall(text))
    return cjk + len(_WORD.findall(_CJK.sub(" ", text)))


def fingerprint(text: str) -> str:
    """A short fingerprint of a text (64 bits of SHA-256): what a translation records of the source it was made from."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

