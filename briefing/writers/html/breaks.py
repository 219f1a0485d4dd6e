"""Where the page's Japanese and Chinese lines may break: titles and headings between BudouX's phrases, running text never a few characters into a katakana name."""

from __future__ import annotations

import functools
import re

# A katakana word (a name, a loanword); the middle dot between two names is not part of one.
KATAKANA = re.compile(r"[\u30a1-\u30fa\u30fc-\u30ff]{2,}")
# A katakana word breaks only after this many of its characters, as the PDF's composer carries a name
# broken fewer characters in (プー/チン, サ/ハリン) whole to the next line.
NAME_HEAD = 4
# Where a phrase too long for the line may break between its words: after a middle dot or a space.
WORD_ENDS = "・·\u3000 "


@functools.lru_cache(maxsize=3)
def _parser(language: str):
    # Imported and loaded for the first heading of a Japanese or Chinese page: a few hundred kilobytes of JSON.
    import budoux

    if language == "ja":
        return budoux.load_default_japanese_parser()
    if language == "zh-hant":
        return budoux.load_default_traditional_chinese_parser()
    return budoux.load_default_simplified_chinese_parser()


def _phrase_language(language: str) -> str:
    """The BudouX model for a language tag: Japanese, traditional or simplified Chinese; "" for any other."""
    primary, *rest = language.lower().split("-")
    if primary == "ja":
        return "ja"
    if primary == "zh":
        return "zh-hant" if {"hant", "tw", "hk", "mo"} & set(rest) else "zh"
    return ""


def phrases(value: str, language: str) -> list[str] | None:
    """A title or heading cut where its lines may break: between phrases (BudouX), and inside a phrase too
    long for the line only after a middle dot or a space (ウラジーミル・/プーチン), never inside a name;
    None in a language BudouX has no model for."""
    model = _phrase_language(language)
    if not model:
        return None
    pieces = []
    for phrase in _parser(model).parse(value) if value else []:
        pieces += [word for word in re.split(f"(?<=[{WORD_ENDS}])", phrase) if word]
    return pieces


def name_heads(value: str, language: str) -> list[tuple[int, int]]:
    """(start, end) of each katakana word's first characters in Japanese running text, to be held together
    so a line never ends a few characters into a name (プー/チン); none in another language."""
    if _phrase_language(language) != "ja":
        return []
    return [(m.start(), m.start() + min(NAME_HEAD, len(m.group()))) for m in KATAKANA.finditer(value)]
