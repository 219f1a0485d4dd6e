"""Reads a book's glossary.yaml: the agreed term for each name and concept in every locale, checked like any content."""

from __future__ import annotations

import os
import re
from pathlib import Path

from briefing.book import model
from briefing.content.schema import Reader
from briefing.content.yamlsource import Mapping, Node, read_yaml

FILE_NAME = "glossary.yaml"


def read_glossary(folder: Path, shown: str, r: Reader) -> tuple[tuple[model.GlossaryTerm, ...], bool]:
    """The book's glossary terms (none when it has no glossary.yaml), and whether the file exists."""
    path = folder / FILE_NAME
    if not os.path.lexists(path):
        return (), False
    node = read_yaml(str(path), shown, r.problems, inside=str(folder))
    if node is None:
        return (), True
    f = r.fields(node, "", {"terms"})
    terms = f.get("terms", lambda n, w: r.list_of(n, w, _term(r)), ()) if "terms" in node.items else ()
    first: dict[str, int] = {}
    for term in terms:
        key = term.terms.get(r.source_locale, "").casefold()
        if key in first:
            r.problems.add(term.file, term.line, f"glossary: {term.terms[r.source_locale]!r} is listed twice "
                                                 f"(first at line {first[key]})")
        else:
            first[key] = term.line
    return terms, True


def _term(r: Reader):
    def read(node: Node, where: str):
        matches = {f"{locale}_match" for locale in r.locales}
        f = r.fields(node, where, {r.source_locale}, (set(r.locales) - {r.source_locale}) | matches | {"note"})
        if not f.ok:
            return None
        terms: dict[str, str] = {}
        patterns: dict[str, str] = {}
        for locale in r.locales:
            value = f.get(locale, _nonempty(r))
            if value is not None:
                terms[locale] = value
            pattern = f.get(f"{locale}_match", r.string)
            if pattern is None:
                continue
            try:
                compiled = re.compile(pattern)
            except re.error as error:
                r.fail(f.items[f"{locale}_match"], f"{where}.{locale}_match: not a regular expression: {error}")
                continue
            if locale in terms and not compiled.search(terms[locale]):
                r.fail(f.items[f"{locale}_match"],
                       f"{where}.{locale}_match: does not match its own {locale!r} term {terms[locale]!r}")
                continue
            patterns[locale] = pattern
        if r.source_locale not in terms:
            return None
        assert isinstance(node, Mapping)
        return model.GlossaryTerm(terms=terms, matches=patterns, note=f.get("note", r.string) or "",
                                  file=node.file, line=node.line)
    return read


def _nonempty(r: Reader):
    def read(node: Node, where: str):
        value = r.string(node, where)
        if value is not None and not value.strip():
            r.fail(node, f"{where}: empty term")
            return None
        return value
    return read

