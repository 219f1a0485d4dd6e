"""Where a word may break inside itself, per language: pyphen's patterns under a typesetter's rules, a compound's own hyphen, Korean's · and (."""

from __future__ import annotations

import functools
from dataclasses import dataclass


@dataclass(frozen=True)
class Rules:
    """Per language: the patterns, the shortest word hyphenated, and the fewest letters left on each side."""

    patterns: str
    word: int
    left: int
    right: int


# Russian practice leaves two letters on each side (пере-нос) and hyphenates words of five
# letters or more; English and French keep three letters on the new line (TeX's and Word's habit).
RULES = {
    "ru": Rules("ru_RU", word=5, left=2, right=2),
    "en": Rules("en_GB", word=6, left=2, right=3),
    "fr": Rules("fr", word=6, left=2, right=3),
}
# No dictionary word is longer (Russian's longest run to about 35 letters); a longer run
# of letters is not a word, and pyphen's splits of it would cost the square of its length.
LONGEST_WORD = 40
# Korean breaks between words, and inside one after a middle dot (한·러) and before an opening bracket.
KOREAN_AFTER = "·"
KOREAN_BEFORE = "(（[［「『〈《"


@functools.lru_cache(maxsize=None)
def dictionary(language: str):
    """pyphen's patterns for the language, parsed once per process, when first needed, or read from the
    user's cache (briefing/cache.py), where parsing them once left them."""
    import pyphen

    rules = RULES[language]
    path = pyphen.LANGUAGES[pyphen.language_fallback(rules.patterns)]
    if path not in pyphen.hdcache:
        pyphen.hdcache[path] = _cached_patterns(pyphen, path)
    return pyphen.Pyphen(lang=rules.patterns, left=rules.left, right=rules.right)


# What pyphen's HyphDict holds once parsed; a version that holds more is parsed every time, not cached.
_PARSED = {"patterns", "cache", "maxlen"}


def _cached_patterns(pyphen, path):
    """pyphen's parsed dictionary at `path`: unmarshalled from the cache (about 15 times faster than
    parsing), else parsed and stored there. The entry's key is the file's path, size and time and pyphen's version."""
    import marshal

    from briefing import cache

    entry = cache.file_key(path, pyphen.__version__)
    stored = cache.load("hyphenation", entry)
    if stored is not None:
        try:
            patterns, maxlen = marshal.loads(stored)
        except (EOFError, ValueError, TypeError):
            patterns = None
        if isinstance(patterns, dict):
            parsed = pyphen.HyphDict.__new__(pyphen.HyphDict)
            parsed.patterns, parsed.cache, parsed.maxlen = patterns, {}, maxlen
            return parsed
    parsed = pyphen.HyphDict(path)
    # Only plain patterns (no nonstandard hyphenation, whose values are pyphen's own int subclass) marshal.
    if set(vars(parsed)) == _PARSED and all(type(v) is int for _, values in parsed.patterns.values() for v in values):
        cache.store("hyphenation", entry, marshal.dumps((parsed.patterns, parsed.maxlen)))
    return parsed


@dataclass(frozen=True)
class Break:
    """A place inside a word: the head keeps `at` characters, and `hyphen` says whether a hyphen is added."""

    at: int
    hyphen: bool


def _core(word: str) -> tuple[int, int]:
    """The start and end of the letters of a word between its leading and trailing punctuation («(слово),»)."""
    start, end = 0, len(word)
    while start < end and not word[start].isalpha():
        start += 1
    while end > start and not word[end - 1].isalpha():
        end -= 1
    return start, end


@functools.lru_cache(maxsize=65536)  # a book repeats its words; pyphen's lookup is the composer's dearest call
def breaks(word: str, language: str, last: bool = False) -> tuple[Break, ...]:
    """Every place the word may break, in order.

    A compound breaks after its own hyphen (американо-|российских), which
    stays at the line end and is not repeated. Otherwise the letters are
    hyphenated by the patterns, never a word that starts with a capital
    (names: Путин, Vladivostok; a sentence-initial word loses its hyphen
    too, which costs less than a broken name) nor the paragraph's last word.
    """
    if language == "ko":
        return tuple(sorted([Break(i + 1, False) for i, c in enumerate(word[:-1]) if c in KOREAN_AFTER] + [
            Break(i, False) for i, c in enumerate(word) if i > 0 and c in KOREAN_BEFORE], key=lambda b: b.at))
    if language not in RULES or last:
        return ()
    start, end = _core(word)
    core = word[start:end]
    if "-" in core:
        return tuple(Break(start + i + 1, False) for i, c in enumerate(core[:-1])
                     if c == "-" and i > 0 and core[i - 1].isalpha() and core[i + 1].isalpha())
    rules = RULES[language]
    if not (rules.word <= len(core) <= LONGEST_WORD and core.isalpha() and not core[0].isupper()):
        return ()
    return tuple(Break(start + position, True) for position in dictionary(language).positions(core))


def warm(locales) -> None:
    """Loads the patterns of these locales now: pyphen parses a dictionary in about 0.2 s, which a
    PDF worker can spend while it waits for its first document."""
    for locale in locales:
        if locale in RULES:
            dictionary(locale)
