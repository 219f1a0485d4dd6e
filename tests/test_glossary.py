"""The sample book's translations keep the terms of its glossary: wherever the English uses a term, every translation uses the glossary's."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

BOOK = Path(__file__).resolve().parent.parent / "content" / "2009-05-12-japan-russia"
GLOSSARY = BOOK / "glossary.yaml"
LOCALES = ("ja", "ru", "zh", "ko", "fr")
KEYS = {"en", "note", *LOCALES, *(f"{locale}_match" for locale in LOCALES)}


def load_glossary() -> list[dict]:
    # safe_load is enough here: the glossary is test data, not book content.
    return yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))


def english_pattern(term: str) -> re.Pattern:
    """The English term as a whole phrase, in any case: `\\b` fails at a term's own brackets, so look for non-word characters instead."""
    return re.compile(r"(?<!\w)" + re.escape(term) + r"(?!\w)", re.IGNORECASE)


def locale_mappings(node, trail: str = ""):
    """Every mapping from locale to text in a loaded YAML file, with the keys that lead to it."""
    if isinstance(node, dict):
        if isinstance(node.get("en"), str):
            yield trail, node
            return
        for key, value in node.items():
            yield from locale_mappings(value, f"{trail}.{key}" if trail else str(key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from locale_mappings(value, f"{trail}[{index}]")


def where(path: Path, trail: str, text: str) -> str:
    """file:line of a text, found as the one-line double-quoted string it is written as; the key trail where it is not."""
    quoted = json.dumps(text, ensure_ascii=False)
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if quoted in line:
            return f"{path.name}:{number}"
    return f"{path.name}: {trail}"


def terms_used(english: str, glossary: list[dict]) -> list[dict]:
    """The entries whose term the English uses, longest match first: an occurrence inside a longer term's occurrence is that term's to check."""
    spans = [(entry, match.span()) for entry in glossary for match in english_pattern(entry["en"]).finditer(english)]

    def covered(span, other) -> bool:
        return other[0] <= span[0] and span[1] <= other[1] and other != span

    used = []
    for entry, span in spans:
        if entry in used:
            continue
        if not any(covered(span, other) for _, other in spans):
            used.append(entry)
    return used


def it_has_a_well_formed_glossary():
    glossary = load_glossary()
    assert isinstance(glossary, list) and glossary, "glossary.yaml must be a non-empty list"
    problems = []
    for number, entry in enumerate(glossary, 1):
        if not isinstance(entry, dict):
            problems.append(f"entry {number}: not a mapping")
            continue
        label = f"entry {number} ({entry.get('en')!r})"
        for key in ("en", *LOCALES):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                problems.append(f"{label}: '{key}' must be a non-empty string")
        for key in sorted(set(entry) - KEYS):
            problems.append(f"{label}: unknown key '{key}'")
        for key in (*(f"{locale}_match" for locale in LOCALES), "note"):
            if key in entry and not isinstance(entry[key], str):
                problems.append(f"{label}: '{key}' must be a string")
        for key, canonical in ((f"{locale}_match", locale) for locale in LOCALES):
            if isinstance(entry.get(key), str) and isinstance(entry.get(canonical), str):
                try:
                    pattern = re.compile(entry[key])
                except re.error as error:
                    problems.append(f"{label}: '{key}' is not a regular expression: {error}")
                    continue
                if not pattern.search(entry[canonical]):
                    problems.append(f"{label}: '{key}' does not match its own '{canonical}' {entry[canonical]!r}")
    terms = [entry.get("en", "").casefold() for entry in glossary if isinstance(entry, dict)]
    problems += [f"'{term}' is listed twice" for term in sorted({t for t in terms if terms.count(t) > 1})]
    assert not problems, "glossary.yaml:\n" + "\n".join(problems)


@pytest.fixture(scope="module")
def texts():
    """Every locale mapping of the book, with its file and key trail; the glossary itself is not content."""
    found = []
    for path in sorted(BOOK.glob("*.yaml")):
        if path == GLOSSARY:
            continue
        for trail, mapping in locale_mappings(yaml.safe_load(path.read_text(encoding="utf-8"))):
            found.append((path, trail, mapping))
    assert found, f"no texts found in {BOOK}"
    return found


def it_uses_every_glossary_term_somewhere(texts):
    unused = [
        entry["en"] for entry in load_glossary()
        if not any(english_pattern(entry["en"]).search(mapping["en"]) for _, _, mapping in texts)
    ]
    assert not unused, "glossary terms the English never uses: " + ", ".join(unused)


def it_translates_glossary_terms_consistently(texts):
    glossary = load_glossary()
    problems = []
    for path, trail, mapping in texts:
        for entry in terms_used(mapping["en"], glossary):
            for locale in LOCALES:
                text = mapping.get(locale)
                if not isinstance(text, str):
                    continue
                match = f"{locale}_match"
                found = re.search(entry[match], text) if match in entry else entry[locale] in text
                if not found:
                    problems.append(f"{where(path, trail, text)}: {locale}: {entry['en']!r} should read {entry[locale]!r}")
    assert not problems, f"{len(problems)} translation(s) out of line with glossary.yaml:\n" + "\n".join(problems)
