"""A draft build's view of the book: stale translations marked, missing ones stood in for by the marked source text."""

from __future__ import annotations

import dataclasses

from briefing import tree
from briefing.book import model
from briefing.translations.state import MISSING, STALE, Assessment

_MARK = {state: mark for mark, state in tree.STATE_MARKS.items()}


def marked_book(book: model.Book, assessment: Assessment, locales: tuple[str, ...]) -> model.Book:
    """The book with each stale or missing text of `locales` carrying its state mark (tree.STATE_MARKS)."""
    changed: dict[str, dict[str, str]] = {}
    for translation in assessment.translations:
        if translation.locale not in locales or translation.state not in (STALE, MISSING):
            continue
        text = translation.text
        value = text.by_locale[translation.locale] if translation.state == STALE else text.by_locale[assessment.source_locale]
        changed.setdefault(text.path, {})[translation.locale] = _MARK[translation.state] + value
    if not changed:
        return book
    return _replace(book, changed)


def _replace(value, changed: dict[str, dict[str, str]]):
    if isinstance(value, model.Text):
        if value.path in changed:
            return dataclasses.replace(value, by_locale={**value.by_locale, **changed[value.path]})
        return value
    if isinstance(value, tuple):
        return tuple(_replace(item, changed) for item in value)
    if isinstance(value, dict):
        return {key: _replace(item, changed) for key, item in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type) and not isinstance(value, model.GlossaryTerm):
        updates = {}
        for field in dataclasses.fields(value):
            old = getattr(value, field.name)
            new = _replace(old, changed)
            if new is not old:
                updates[field.name] = new
        return dataclasses.replace(value, **updates) if updates else value
    return value
