"""XLIFF 1.2 out to CAT tools and back: one trans-unit per text, its id the content path, refusing any file it cannot trust."""

from __future__ import annotations

import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from briefing import __version__
from briefing.content.schema import Reader
from briefing.content.yamlsource import Scalar
from briefing.errors import Problems
from briefing.translations.diff import word_diff
from briefing.translations.glossary import terms_in
from briefing.translations.state import MISSING, STALE, TRANSLATED, Assessment, Translation
from briefing.translations.texts import fingerprint

NS = "urn:oasis:names:tc:xliff:document:1.2"
XML_NS = "http://www.w3.org/XML/1998/namespace"
MAX_BYTES = 16 * 1024 * 1024

# The XLIFF 1.2 target state of each of our states: a reviewed translation is `final` (and its unit
# approved="yes"), which translate-toolkit's po2tmx and OmegaT read as a finished translation.
EXPORTED_STATE = {TRANSLATED: "final", STALE: "needs-review-translation", MISSING: "new"}
# A target holding a copy of the source (--copy-source) is not a translation yet.
COPIED_STATE = "needs-translation"
# More reviewed translations than this about to be replaced by their source text: the file is an
# untranslated copy (an unchanged --copy-source export, a CAT tool run without its memory), refused.
HANDFUL = 5
EXTRA = "translation-fingerprint:"  # a trans-unit's extradata: the translation it was exported with
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
        "<x ctype=\"lb\"/> placeholders. Set a unit's state to translated when it is done. A target equal to "
        "its source is never taken as a translation.")
    body = ET.SubElement(file, _q("body"))
    texts: list[tuple[ET.Element, str]] = []
    for translation in assessment.of(locale):
        if only_needed and translation.state == TRANSLATED:
            continue
        _unit(body, assessment, translation, copy_source, texts)
    ET.indent(root, space="  ")
    for element, value in texts:  # after indenting: ET.indent would put white space beside a placeholder
        _inline(element, value)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8", xml_declaration=False) + b"\n"


def _unit(body: ET.Element, assessment: Assessment, translation: Translation, copy_source: bool, texts: list) -> None:
    """One trans-unit; the texts of its inline elements go to `texts`, filled in after indenting."""
    text, locale = translation.text, translation.locale
    source = text.by_locale[assessment.source_locale]
    # extradata: the translation as exported, so that import can tell this text from another with the same
    # source once both have moved (a paragraph inserted above them).
    attributes = {"id": text.path, f"{{{XML_NS}}}space": "preserve",
                  "extradata": f"{EXTRA}{fingerprint(text.by_locale.get(locale, ''))}"}
    reviewed = translation.state == TRANSLATED and not copy_source
    if reviewed:
        attributes["approved"] = "yes"
    unit = ET.SubElement(body, _q("trans-unit"), attributes)
    texts.append((ET.SubElement(unit, _q("source")), source))
    target = ET.SubElement(unit, _q("target"), {"state": COPIED_STATE if copy_source else EXPORTED_STATE[translation.state]})
    if copy_source:
        texts.append((target, source))
    elif locale in text.by_locale:
        texts.append((target, text.by_locale[locale]))
    line = text.lines.get(assessment.source_locale, text.line)
    ET.SubElement(unit, _q("note"), {"from": "briefing"}).text = f"{_in_book(assessment, text.file)}:{line}"
    if translation.state == STALE:
        stale = f"Stale: {translation.reason}."
        if translation.previous is not None:
            stale += f" Changes in the {assessment.source_locale} text: {word_diff(translation.previous, source)}"
        ET.SubElement(unit, _q("note"), {"from": "briefing"}).text = stale
    terms = terms_in(assessment.book, source, locale)
    if terms:
        ET.SubElement(unit, _q("note"), {"from": "glossary"}).text = "Glossary: " + "; ".join(terms)
    if locale in text.by_locale and (copy_source or translation.state == STALE):
        # The translation as it stands, with the source it was made from when that changed: what a CAT
        # tool shows beside the unit as the previous version.
        alternative = ET.SubElement(unit, _q("alt-trans"), {"origin": "briefing"})
        if translation.state == STALE and translation.previous is not None:
            texts.append((ET.SubElement(alternative, _q("source"), {f"{{{XML_NS}}}lang": assessment.source_locale}),
                          translation.previous))
        texts.append((ET.SubElement(alternative, _q("target"), {f"{{{XML_NS}}}lang": locale}), text.by_locale[locale]))


# -- import ----------------------------------------------------------------------


@dataclass(frozen=True)
class Returned:
    """A trans-unit taken back: the text, the translation it carries, and whether the translator marked it done."""

    path: str
    target: str
    done: bool
    line: int
    current: str | None = None  # the translation the book holds now


def read_returned(data: bytes, shown: str, assessment: Assessment) -> tuple[str, list[Returned], list[Returned]]:
    """The locale, the translated units and the units whose target is still the source, of an XLIFF file.

    Each unit is found by identity: the text its id names if that text's
    source is the unit's source, else the one text of the book with that
    source (it moved: a paragraph was inserted above it). Raises
    InvalidInput with every problem found.
    """
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
    copies: list[Returned] = []
    seen: dict[str, int] = {}
    resolved: dict[str, int] = {}  # content path -> line of the unit that named it
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
        source_element = unit.find(_q("source"))
        source = _read_inline(source_element, shown, where, problems) if source_element is not None else None
        if source is None:
            if source_element is None:
                problems.add(shown, line, f"{where}: no <source>; export the file again")
            continue
        text, why = _identify(assessment, unit_id, source[0], locale, unit.get("extradata", ""))
        if text is None:
            problems.add(shown, line, f"{where}: {why}")
            continue
        if text.path in resolved:
            problems.add(shown, line, f"{where}: the same text as the trans-unit at line {resolved[text.path]}")
            continue
        resolved[text.path] = line
        source_now = text.by_locale[assessment.source_locale]
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
        from briefing.safety.incoming import separator_problem  # YAML would read it as a line break

        if separator_problem(value):
            problems.add(shown, target_element.sourceline or line, f"{where}: {separator_problem(value)}")
            continue
        state = target_element.get("state")
        if state is not None and state not in DONE_STATES | NOT_DONE_STATES and not state.startswith("x-"):
            problems.add(shown, target_element.sourceline or line, f"{where}: unknown target state {state!r}")
            continue
        current = text.by_locale.get(locale)
        if same_text(value, source_now):
            # Never a translation, whatever its state: the source copied into the target and left so.
            copies.append(Returned(text.path, value, False, line, current))
            continue
        exported = {EXPORTED_STATE[assessment.state(text, locale)], COPIED_STATE}
        returned.append(Returned(text.path, value, _done(state, value, current, exported), line, current))
    problems.raise_if_any()
    return locale, returned, copies


def _identify(assessment: Assessment, unit_id: str, source: str, locale: str, extradata: str):
    """The text a unit stands for, and why none when there is none.

    A text with the unit's source and the translation it was exported with
    (extradata): the one its id names, else the only such text (it moved: a
    paragraph was inserted above it). Anything else is refused, never
    guessed: a translation edited since the export would be overwritten.
    """
    source_locale = assessment.source_locale
    text = assessment.by_path.get(unit_id)
    same_source = [t for t in assessment.texts if t.by_locale.get(source_locale) == source]
    found = same_source
    if extradata.startswith(EXTRA):
        found = [t for t in same_source if fingerprint(t.by_locale.get(locale, "")) == extradata[len(EXTRA):]]
    if text is not None and any(t is text for t in found):
        return text, ""
    if len(found) == 1:
        return found[0], ""
    if found:
        places = ", ".join(f"{t.file}:{t.lines.get(source_locale, t.line)}" for t in found)
        return None, (f"its {source_locale} text now stands at {len(found)} places ({places}) and none is where "
                      "it was exported; export the file again")
    if same_source:
        places = ", ".join(f"{t.file}:{t.lines.get(locale, t.line)}" for t in same_source)
        return None, (f"the {locale} translation was edited since this file was exported (at {places}); importing "
                      "would overwrite that edit: export the file again")
    if text is None:
        return None, f"the book has no such text, and no text with this unit's {source_locale} source"
    return None, (f"the {source_locale} text changed since this file was exported (now at "
                  f"{text.file}:{text.lines.get(source_locale, text.line)}); export it again")


def same_text(first: str, second: str) -> bool:
    """Equal but for Unicode normalisation and runs of white space: what a CAT tool's copy of the source looks like."""
    def folded(value: str) -> str:
        return " ".join(unicodedata.normalize("NFC", value).split())
    return folded(first) == folded(second)


def _done(state: str | None, target: str, current: str | None, exported: set[str]) -> bool:
    """Whether a returned unit counts as reviewed, so its fingerprint is recorded.

    A done state (or none at all) says so. A tool that never changes states
    (OmegaT 3) hands back the state we exported: then a new target is the
    translator's work. A state the translator changed to new or needs-review
    says the unit is not done, whatever its target.
    """
    if state is None or state in DONE_STATES:
        return True
    if state in exported:
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


def _in_book(assessment: Assessment, file: str) -> str:
    """A content file as the book names it (`summary.yaml`): the XLIFF leaves this machine, its folders stay."""
    try:
        return Path(file).resolve().relative_to(assessment.folder.resolve()).as_posix()
    except ValueError:
        return Path(file).name


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
    from briefing.safety.incoming import placeholder_problems  # linear, and capped

    found = placeholder_problems(source, target)
    for message in found:
        problems.add(shown, line, f"{where}: {message}")
    return not found
