"""The book's translation memory as TMX 1.4b, for a CAT tool: each reviewed translation of one locale beside its source.

TMX 1.4b (https://www.gala-global.org/tmx-14b): a <header> whose required
attributes say what made the file, then one <tu> per source text with a
<tuv> per language. No dates are written (creationdate is optional), so
the same book gives the same bytes. A line break inside a text is the
placeholder <ph x="N" type="lb"/>, as XLIFF's <x id="lbN" ctype="lb"/>.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from briefing import __version__
from briefing.translations.state import TRANSLATED, Assessment

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def memory(assessment: Assessment, locale: str) -> bytes:
    """The TMX of `locale`: every translation that is current against its source text, each pair once, in reading order."""
    source_locale = assessment.source_locale
    root = ET.Element("tmx", {"version": "1.4"})
    ET.SubElement(root, "header", {
        "creationtool": "briefing", "creationtoolversion": __version__, "segtype": "paragraph",
        "o-tmf": "briefing", "adminlang": "en", "srclang": source_locale, "datatype": "plaintext",
    })
    body = ET.SubElement(root, "body")
    seen = set()
    segments = []
    for translation in assessment.of(locale, TRANSLATED):
        pair = (translation.text.by_locale[source_locale], translation.text.by_locale[locale])
        if pair in seen:
            continue
        seen.add(pair)
        unit = ET.SubElement(body, "tu")
        ET.SubElement(unit, "prop", {"type": "x-briefing-path"}).text = translation.text.path
        for language, value in zip((source_locale, locale), pair):
            segments.append((ET.SubElement(ET.SubElement(unit, "tuv", {XML_LANG: language}), "seg"), value))
    ET.indent(root, space="  ")
    for seg, value in segments:  # after indenting: ET.indent would put white space into a segment with placeholders
        _segment(seg, value)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8", xml_declaration=False) + b"\n"


def _segment(seg: ET.Element, text: str) -> None:
    lines = text.split("\n")
    seg.text = lines[0]
    for number, line in enumerate(lines[1:], 1):
        placeholder = ET.SubElement(seg, "ph", {"x": str(number), "type": "lb"})
        placeholder.tail = line
