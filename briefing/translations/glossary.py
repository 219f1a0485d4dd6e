"""The glossary check: wherever a source text uses a glossary term, each translation must use the agreed term."""

from __future__ import annotations

import functools
import re

from briefing.book import model
from briefing.errors import Problem
from briefing.translations.texts import book_texts

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")


@functools.lru_cache(maxsize=None)
def source_pattern(term: str) -> re.Pattern:
    """The term as a whole phrase in any case; Japanese and Chinese, written without spaces, as it stands.

    `\\b` fails at a term's own brackets ("(JOGMEC)"), so the edges are "no word character" instead.
    """
    if _CJK.search(term):
        return re.compile(re.escape(term))
    return re.compile(r"(?<!\w)" + re.escape(term) + r"(?!\w)", re.IGNORECASE)


def terms_used(source: str, glossary: tuple[model.GlossaryTerm, ...], source_locale: str) -> list[model.GlossaryTerm]:
    """The terms a source text uses, in glossary order; an occurrence inside a longer term's occurrence is that term's."""
    spans = [(term, match.span()) for term in glossary
             for match in source_pattern(term.terms[source_locale]).finditer(source)]

    def covered(span, other) -> bool:
        return other[0] <= span[0] and span[1] <= other[1] and other != span

    used: list[model.GlossaryTerm] = []
    for term, span in spans:
        if term not in used and not any(covered(span, other) for _, other in spans):
            used.append(term)
    return used


def agrees(term: model.GlossaryTerm, locale: str, translation: str) -> bool:
    """Whether a translation uses the agreed term (its `<locale>_match` form, else the term itself); no term, no rule."""
    if locale in term.matches:
        return re.search(term.matches[locale], translation) is not None
    if locale in term.terms:
        return term.terms[locale] in translation
    return True


def glossary_problems(book: model.Book, locales: tuple[str, ...] | None = None) -> list[Problem]:
    """Each translation that lacks an agreed term its source uses: `file:line: ja: 'Northern Territories' should be 北方領土`."""
    if not book.glossary:
        return []
    source_locale = book.source_locale or book.locales[0]
    targets = [l for l in (locales or book.locales) if l != source_locale]
    found = []
    for text in book_texts(book):
        source = text.by_locale.get(source_locale)
        if source is None:
            continue
        for term in terms_used(source, book.glossary, source_locale):
            for locale in targets:
                translation = text.by_locale.get(locale)
                if translation is not None and not agrees(term, locale, translation):
                    agreed = term.terms.get(locale, term.matches.get(locale, ""))
                    found.append(Problem(text.file, text.lines.get(locale, text.line),
                                         f"{locale}: {term.terms[source_locale]!r} should be {agreed}"))
    return found


def terms_in(book: model.Book, source: str, locale: str) -> list[str]:
    """Notes for a translator: each term the source uses and the agreed term in `locale`."""
    source_locale = book.source_locale or book.locales[0]
    return [f"{term.terms[source_locale]} = {term.terms[locale]}" + (f" ({term.note})" if term.note else "")
            for term in terms_used(source, book.glossary, source_locale) if locale in term.terms]
