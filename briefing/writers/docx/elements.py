"""New WordprocessingML elements as python-docx's OxmlElement makes them, each tag's name resolved once, not per element."""

from __future__ import annotations

from docx.oxml.ns import nsmap, qn
from docx.oxml.parser import oxml_parser

_names: dict[str, tuple[str, dict[str, str]]] = {}


def new_element(tag: str):
    """OxmlElement(tag): the element class python-docx registers for `tag`, declaring the tag's namespace only."""
    name = _names.get(tag)
    if name is None:
        prefix = tag.partition(":")[0]
        name = _names[tag] = (qn(tag), {prefix: nsmap[prefix]})
    return oxml_parser.makeelement(name[0], nsmap=name[1])
