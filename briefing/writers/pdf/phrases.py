"""Where a Japanese title or heading may break: between the phrases BudouX finds, never inside a name (プーチン) or a word."""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=1)
def _parser():
    # Imported and loaded on the first heading: its model is a few hundred kilobytes of JSON.
    import budoux

    return budoux.load_default_japanese_parser()


@functools.lru_cache(maxsize=256)
def phrase_starts(text: str) -> tuple[int, ...]:
    """Offsets in `text` where a phrase begins (0 excluded), in order.

    BudouX's cost grows linearly with the text; headings are short and repeat
    (contents, bookmarks, the bilingual twin), hence the cache.
    """
    starts = []
    offset = 0
    for phrase in _parser().parse(text)[:-1]:
        offset += len(phrase)
        starts.append(offset)
    return tuple(starts)


def warm(locales) -> None:
    """Loads BudouX's model now if a Japanese document is coming (a PDF worker does so while it waits)."""
    if "ja" in locales:
        _parser()
