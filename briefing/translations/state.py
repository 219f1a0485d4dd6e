"""The state of every translation of a book: translated, stale (its source changed since) or missing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefing.book import model
from briefing.errors import InvalidInput, Problem
from briefing.translations.lock import FILE_NAME, Record, read_lock
from briefing.translations.texts import book_texts, fingerprint, words

TRANSLATED, STALE, MISSING = "translated", "stale", "missing"
STATES = (TRANSLATED, STALE, MISSING)


@dataclass(frozen=True)
class Translation:
    """One text in one target locale, with its state and why."""

    text: model.Text
    locale: str
    state: str
    reason: str = ""
    previous: str | None = None  # a stale translation's former source text, when the lock kept it
    record: Record | None = None  # the lock record a stale translation was reviewed under

    def where(self) -> tuple[str, int]:
        return self.text.file, self.text.lines.get(self.locale, self.text.line)


def book_folder(book: model.Book) -> Path:
    return Path(book.source_files[0]).parent


def shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class Assessment:
    """Every translation of the book and its state, against the book's translations.lock."""

    def __init__(self, book: model.Book):
        self.book = book
        self.source_locale = book.source_locale or book.locales[0]
        self.targets = tuple(locale for locale in book.locales if locale != self.source_locale)
        self.folder = book_folder(book)
        self.lock, self.lock_problems = read_lock(self.folder, str(self.folder / FILE_NAME), book.id,
                                                  self.source_locale, book.locales)
        # A text without a content path is one value for every locale (a table cell typed once): nothing to translate.
        self.texts = [text for text in book_texts(book) if text.path]
        self.by_path = {text.path: text for text in self.texts}
        self._exact = {(r.locale, r.source, r.target): r for r in self.lock.records}
        self._by_source = {(r.locale, r.source): r for r in self.lock.records}
        self._by_target: dict[tuple[str, str], list[Record]] = {}
        for record in self.lock.records:
            self._by_target.setdefault((record.locale, record.target), []).append(record)
        self._used: set[Record] = set()
        self.translations: list[Translation] = []
        for text in self.texts:
            source = text.by_locale.get(self.source_locale)
            if source is None:
                continue  # the loader has reported it
            for locale in self.targets:
                self.translations.append(self._judge(text, source, locale))

    def _judge(self, text: model.Text, source: str, locale: str) -> Translation:
        """By content, never by place: a text that moved keeps its state wherever it now stands."""
        if locale not in text.by_locale:
            return Translation(text, locale, MISSING, f"no {locale} text yet")
        if not self.lock.exists:
            return Translation(text, locale, TRANSLATED, "not tracked (the book has no translations.lock)")
        source_print, target_print = fingerprint(source), fingerprint(text.by_locale[locale])
        record = self._exact.get((locale, source_print, target_print))
        if record is not None:
            self._used.add(record)
            return Translation(text, locale, TRANSLATED)
        made_from = self._by_target.get((locale, target_print), [])
        if made_from:  # this translation was reviewed, against another source text: that one changed since
            self._used.update(made_from)
            previous = next((self.lock.texts[r.source] for r in made_from if r.source in self.lock.texts), None)
            return Translation(text, locale, STALE, f"the {self.source_locale} text changed since it was translated",
                               previous, made_from[0])
        record = self._by_source.get((locale, source_print))
        if record is not None:  # the translation was edited since; the source is still the one it was reviewed against
            self._used.add(record)
            return Translation(text, locale, TRANSLATED, "edited since it was reviewed")
        return Translation(text, locale, STALE, f"not reviewed against the current {self.source_locale} text")

    # -- reading ---------------------------------------------------------------

    def of(self, locale: str, *states: str) -> list[Translation]:
        return [t for t in self.translations if t.locale == locale and (not states or t.state in states)]

    def state(self, text: model.Text, locale: str) -> str:
        if locale == self.source_locale:
            return TRANSLATED
        if not hasattr(self, "_states"):
            self._states = {(id(t.text), t.locale): t.state for t in self.translations}
        return self._states.get((id(text), locale), TRANSLATED)

    def counts(self, locale: str) -> dict[str, tuple[int, int]]:
        """Texts and source words in each state."""
        found = {state: [0, 0] for state in STATES}
        for translation in self.of(locale):
            found[translation.state][0] += 1
            found[translation.state][1] += words(translation.text.by_locale[self.source_locale])
        return {state: (texts, count) for state, (texts, count) in found.items()}

    def orphans(self) -> list[Record]:
        """Lock records no text of the book uses any more (its source and translation both gone or changed)."""
        return [r for r in self.lock.records if r not in self._used]

    def raise_lock_problems(self) -> None:
        if self.lock_problems:
            raise InvalidInput(self.lock_problems)

    def warnings(self, locales: tuple[str, ...] | None = None) -> list[Problem]:
        """What `check` reports: each stale and missing translation at its file:line, and records for no text."""
        found = []
        for translation in self.translations:
            if locales is not None and translation.locale not in locales:
                continue
            file, line = translation.where()
            if translation.state == STALE:
                found.append(Problem(file, line, f"{translation.locale}: stale translation ({translation.reason})"))
            elif translation.state == MISSING:
                found.append(Problem(file, line, f"{translation.locale}: missing translation"))
        for record in self.orphans():
            found.append(Problem(self.lock.file, record.line, f"{record.source} {record.locale}: no text of the book "
                                                              "has this source or translation any more; the next "
                                                              "mark-reviewed or import drops the line"))
        return found

    # -- recording ---------------------------------------------------------------

    def records(self, reviewed: dict[tuple[str, str], str] | None = None) -> list[Record]:
        """The lock's records after `reviewed` ((path, locale) -> the translation now there) are recorded as current.

        Translated texts are recorded with their current translation; stale
        ones keep the records they were reviewed under (so they stay stale,
        and keep their former source text); missing ones and orphans have none.
        """
        reviewed = reviewed or {}
        records = []
        for translation in self.translations:
            text, locale = translation.text, translation.locale
            source = text.by_locale[self.source_locale]
            key = (text.path, locale)
            if key in reviewed:
                records.append(Record(fingerprint(source), locale, fingerprint(reviewed[key]), text=source))
            elif translation.state == TRANSLATED and locale in text.by_locale:
                records.append(Record(fingerprint(source), locale, fingerprint(text.by_locale[locale]), text=source))
            elif translation.state == STALE and translation.record is not None:
                for record in self._by_target[(locale, translation.record.target)]:
                    records.append(Record(record.source, locale, record.target, text=self.lock.texts.get(record.source)))
        return records
