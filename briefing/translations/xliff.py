"""XLIFF 1.2 out to CAT tools and back: one trans-unit per text, its id the content path, refusing any file it cannot trust."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from briefing import __version__
from briefing.content.schema import Reader
from briefing.content.yamlsource import Scalar
from briefing.errors import Problems
from briefing.translations.glossary import terms_in
from briefing.translations.state import MISSING, STALE, TRANSLATED, Assessment, Translation

NS = "urn:oasis:names:tc:xliff:document:1.2"
XML_NS = "http://www.w3.org/XML/1998/namespace"
MAX_BYTES = 16 * 1024 * 1024

# The XLIFF 1.2 target state of each of our states.
EXPORTED_STATE = {TRANSLATED: "translated", STALE: "needs-review-translation", MISSING: "new"}
# Target states a translator sets on a finished unit; a unit left `new`, `needs-translation` or
# `needs-review-*` with its target unchanged is not taken back.
DONE_STATES = {"translated", "final", "signed-off"}
NOT_DONE_STATES = {"new", "needs-translation", "needs-adaptation", "needs-l10n",
                   "needs-review-translation", "needs-review-adaptation", "needs-review-l10n"}


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _inline(parent: ET.Element, text: str) -> None:
    """Text into an element, each line break as the placeholder <x id="lbN" ctype="lb"/> that CAT tools keep."""
    lines = text.split("\n")
    parent.text = lines[0]
    for number, line in enumerate(lines[1:], 1):
        placeholder = ET.SubElement(parent, _q("x"), {"id": f"lb{number}", "ctype": "lb"})
        placeholder.tail = line


def export(assessment: Assessment, locale: str, only_needed: bool = False, copy_source: bool = False) -> bytes:
    """The XLIFF 1.2 file of one target locale: every text (or, with only_needed, the stale and missing ones).

    With copy_source every target holds the source text and the current
    translation stands in <alt-trans>: OmegaT 3's XLIFF filter translates the
    target element, not the source.
    """
    book = assessment.book
    ET.register_namespace("", NS)
    root = ET.Element(_q("xliff"), {"version": "1.2"})
    file = ET.SubElement(root, _q("file"), {
        "original": book.id, "source-language": assessment.source_locale, "target-language": locale,
        "datatype": "plaintext", "product-name": "briefing", "product-version": __version__,
    })
    header = ET.SubElement(file, _q("header"))
    ET.SubElement(header, _q("tool"), {"tool-id": "briefing", "tool-name": "briefing", "tool-version": __version__})
    ET.SubElement(header, _q("note")).text = (
        f"Book {book.id}: {assessment.source_locale} to {locale}. Each id is a text's content path; keep the "
        "<x ctype=\"lb\"/> placeholders. Set a unit's state to translated when it is done.")
    body = ET.SubElement(file, _q("body"))
    for translation in assessment.of(locale):
        if only_needed and translation.state == TRANSLATED:
            continue
        _unit(body, assessment, translation, copy_source)
    ET.indent(root, space="  ")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8", xml_declaration=False) + b"\n"


def _unit(body: ET.Element, assessment: Assessment, translation: Translation, copy_source: bool) -> None:
    text, locale = translation.text, translation.locale
    source = text.by_locale[assessment.source_locale]
    unit = ET.SubElement(body, _q("trans-unit"), {"id": text.path, f"{{{XML_NS}}}space": "preserve"})
    _inline(ET.SubElement(unit, _q("source")), source)
    target = ET.SubElement(unit, _q("target"), {"state": EXPORTED_STATE[translation.state]})
    if copy_source:
        _inline(target, source)
    elif locale in text.by_locale:
        _inline(target, text.by_locale[locale])
    line = text.lines.get(assessment.source_locale, text.line)
    ET.SubElement(unit, _q("note"), {"from": "briefing"}).text = f"{text.file}:{line}"
    if translation.state == STALE:
        ET.SubElement(unit, _q("note"), {"from": "briefing"}).text = f"Stale: {translation.reason}."
    terms = terms_in(assessment.book, source, locale)
    if terms:
        ET.SubElement(unit, _q("note"), {"from": "glossary"}).text = "Glossary: " + "; ".join(terms)
    if copy_source and locale in text.by_locale:
        alternative = ET.SubElement(unit, _q("alt-trans"), {"origin": "briefing"})
        _inline(ET.SubElement(alternative, _q("target"), {f"{{{XML_NS}}}lang": locale}), text.by_locale[locale])


# -- import ----------------------------------------------------------------------


@dataclass(frozen=True)
class Returned:
    """A trans-unit taken back: the text, the translation it carries, and whether the translator marked it done."""

    path: str
    target: str
    done: bool
    line: int


def read_returned(data: bytes, shown: str, assessment: Assessment) -> tuple[str, list[Returned]]:
    """The locale and the translated units of an XLIFF file; raises InvalidInput with every problem found."""
    problems = Problems()
    if len(data) > MAX_BYTES:
        problems.add(shown, 1, f"the file is larger than {MAX_BYTES // (1024 * 1024)} MiB; not an XLIFF of one book")
        problems.raise_if_any()
    root = _parse(data, shown, problems)
    problems.raise_if_any()
    if root.tag != _q("xliff") or root.get("version") != "1.2":
        version = root.get("version")
        problems.add(shown, root.sourceline or 1, f"not an XLIFF 1.2 file (root <{_local(root.tag)}>"
                                                  + (f", version {version}" if version else "") + ")")
        problems.raise_if_any()
    files = root.findall(_q("file"))
    if len(files) != 1:
        problems.add(shown, root.sourceline or 1, f"expected one <file>, found {len(files)}")
        problems.raise_if_any()
    file = files[0]
    book, line = assessment.book, file.sourceline or 1
    locale = file.get("target-language", "")
    if file.get("original") != book.id:
        problems.add(shown, line, f"the file is for book {file.get('original')!r}, not {book.id!r}")
    if file.get("source-language") != assessment.source_locale:
        problems.add(shown, line, f"the file translates from {file.get('source-language')!r}; "
                                  f"the book's source locale is {assessment.source_locale!r}")
    if locale not in assessment.targets:
        problems.add(shown, line, f"target language {locale!r} is not one of the book's translated locales "
                                  f"({', '.join(assessment.targets)})")
    problems.raise_if_any()
    returned = []
    exported = {t.text.path: EXPORTED_STATE[t.state] for t in assessment.of(locale)}
    seen: dict[str, int] = {}
    checker = Reader(problems, book.locales, assessment.source_locale)
    for unit in file.iter(_q("trans-unit")):
        line = unit.sourceline or 1
        unit_id = unit.get("id")
        where = f"trans-unit {unit_id!r}"
        if unit_id is None:
            problems.add(shown, line, "trans-unit without an id")
            continue
        if unit_id in seen:
            problems.add(shown, line, f"{where}: duplicate id (first at line {seen[unit_id]})")
            continue
        seen[unit_id] = line
        text = assessment.by_path.get(unit_id)
        if text is None:
            problems.add(shown, line, f"{where}: the book has no such text")
            continue
        source_element = unit.find(_q("source"))
        source = _read_inline(source_element, shown, where, problems) if source_element is not None else None
        source_now = text.by_locale[assessment.source_locale]
        if source is None or source[0] != source_now:
            problems.add(shown, line, f"{where}: the {assessment.source_locale} text changed since this file was "
                                      f"exported (now at {text.file}:{text.lines.get(assessment.source_locale, text.line)}); "
                                      "export it again")
            continue
        target_element = unit.find(_q("target"))
        if target_element is None:
            continue
        target = _read_inline(target_element, shown, where, problems)
        if target is None:
            continue
        value, placeholders = target
        if not value.strip():
            continue
        if not _placeholders_match(source[1], placeholders, shown, target_element.sourceline or line, where, problems):
            continue
        checker.check_characters(Scalar(shown, target_element.sourceline or line), where, value)
        from briefing.incoming import separator_problem  # YAML would read it as a line break

        if separator_problem(value):
            problems.add(shown, target_element.sourceline or line, f"{where}: {separator_problem(value)}")
            continue
        state = target_element.get("state")
        if state is not None and state not in DONE_STATES | NOT_DONE_STATES and not state.startswith("x-"):
            problems.add(shown, target_element.sourceline or line, f"{where}: unknown target state {state!r}")
            continue
        if value == source_now and state not in DONE_STATES:
            continue  # the source copied into the target (--copy-source), untranslated
        returned.append(Returned(unit_id, value, _done(state, value, text.by_locale.get(locale), exported[unit_id]), line))
    problems.raise_if_any()
    return locale, returned


def _done(state: str | None, target: str, current: str | None, exported: str) -> bool:
    """Whether a returned unit counts as reviewed, so its fingerprint is recorded.

    A done state (or none at all) says so. A tool that never changes states
    (OmegaT 3) hands back the state we exported: then a new target is the
    translator's work. A state the translator changed to new or needs-review
    says the unit is not done, whatever its target.
    """
    if state is None or state in DONE_STATES:
        return True
    if state == exported:
        return target != current
    return False


def _parse(data: bytes, shown: str, problems: Problems):
    """Parses untrusted XML: defusedxml refuses DOCTYPEs and entities first, then lxml parses for line numbers."""
    import defusedxml
    import defusedxml.ElementTree as safe
    from lxml import etree

    try:
        safe.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except defusedxml.DTDForbidden:
        problems.add(shown, 1, "the file has a DOCTYPE; XLIFF needs none, and it is refused (entities could expand or reach out)")
        return None
    except (defusedxml.EntitiesForbidden, defusedxml.ExternalReferenceForbidden):
        problems.add(shown, 1, "the file declares or references entities; refused")
        return None
    except ET.ParseError as error:
        problems.add(shown, error.position[0] if error.position else 1, f"not XML: {error}")
        return None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        problems.add(shown, error.lineno or 1, f"not XML: {error.msg}")
        return None


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else "?"


def _read_inline(element, shown: str, where: str, problems: Problems) -> tuple[str, list[str]] | None:
    """An element's text with each <x ctype="lb"/> as a line break, and the placeholder ids in order; None if broken."""
    pieces = [element.text or ""]
    ids: list[str] = []
    for child in element:
        if not isinstance(child.tag, str):  # a comment or processing instruction: not text
            pieces.append(child.tail or "")
            continue
        if child.tag != _q("x") or child.get("ctype") != "lb" or not child.get("id") or len(child) or child.text:
            problems.add(shown, child.sourceline or element.sourceline or 1,
                         f"{where}: <{_local(child.tag)}> is not a placeholder of this file "
                         "(only <x id=\"lbN\" ctype=\"lb\"/>, a line break)")
            return None
        ids.append(child.get("id"))
        pieces.append("\n")
        pieces.append(child.tail or "")
    return "".join(pieces), ids


def _placeholders_match(source: list[str], target: list[str], shown: str, line: int, where: str, problems: Problems) -> bool:
    from briefing.incoming import placeholder_problems  # linear, and capped

    found = placeholder_problems(source, target)
    for message in found:
        problems.add(shown, line, f"{where}: {message}")
    return not found
