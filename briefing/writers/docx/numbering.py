"""Real Word numbering: each list becomes a numbering instance (numbering.xml) in the locale's convention, not typed labels."""

from __future__ import annotations

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from briefing.i18n.numbering import Level

BULLET = "•"


class WordNumbering:
    """Adds list definitions to a document's numbering part: one abstract definition per look, one instance per list."""

    def __init__(self, document):
        self.root = document.part.numbering_part.element
        self.definitions: dict[tuple, int] = {}
        self.next_abstract = 1 + max([int(a.get(qn("w:abstractNumId"))) for a in self.root.findall(qn("w:abstractNum"))],
                                     default=0)
        self.next_num = 1 + max([int(n.get(qn("w:numId"))) for n in self.root.findall(qn("w:num"))], default=0)

    def instance(self, level: Level | None, left_twips: int, hanging_twips: int, start: int = 1) -> int:
        """A new list instance (so counting restarts, or starts at `start`); level None is a bullet list."""
        key = (level, left_twips, hanging_twips)
        if key not in self.definitions:
            self.definitions[key] = self._define(level, left_twips, hanging_twips)
        num_id = self.next_num
        self.next_num += 1
        self.root.append(parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{self.definitions[key]}"/>'
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride></w:num>'))
        return num_id

    def _define(self, level: Level | None, left: int, hanging: int) -> int:
        abstract_id = self.next_abstract
        self.next_abstract += 1
        if level is None:
            number_format, text = "bullet", BULLET
        else:
            # Word's own format for the counter (ECMA-376 ST_NumberFormat), named in the language.toml.
            number_format = level.word
            # A bullet level (the Russian dash) prints its one symbol; a counted one Word's %1.
            text = level.label(1) if number_format == "bullet" else level.pattern.replace("{}", "%1")
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
        definition = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
            f'<w:multiLevelType w:val="singleLevel"/>'
            f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{number_format}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:tabs><w:tab w:val="num" w:pos="{left}"/></w:tabs><w:ind w:left="{left}" w:hanging="{hanging}"/></w:pPr>'
            f'</w:lvl></w:abstractNum>')
        # Abstract definitions must precede every w:num in numbering.xml.
        first_num = self.root.find(qn("w:num"))
        if first_num is None:
            self.root.append(definition)
        else:
            first_num.addprevious(definition)
        return abstract_id


def attach(paragraph, num_id: int) -> None:
    """Makes a paragraph an item of a list instance (w:numPr)."""
    properties = paragraph._p.get_or_add_pPr()
    properties.insert(1 if properties.find(qn("w:pStyle")) is not None else 0, parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))
