"""What the page furniture says, for both writers: the running head and the markings in each language."""

from __future__ import annotations

from briefing import tree


def running_head(meta: tree.Meta) -> str:
    """The short title and the book's date in the locale's date style (平成21年5月12日, 12 мая 2009 г.)."""
    pattern = meta.labels.get("running_head")
    if not pattern or not meta.date:
        return meta.short_title
    # str.format substitutes the values as they are: braces typed in a title stay text.
    return pattern.format(title=meta.short_title, date=meta.date)


def markings(meta: tree.Meta) -> list[tuple[str, str]]:
    """(language tag, marking) for each language of the page that has one, primary first.

    A book without a classification prints no marking at all, not an empty banner.
    """
    languages = [meta] + ([meta.secondary] if meta.secondary is not None else [])
    return [(m.language, m.marking) for m in languages if m.marking]
