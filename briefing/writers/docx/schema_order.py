"""Children put where python-docx puts them, found by a table lookup: python-docx looks for each tag that may follow a
new child one name at a time (a paragraph style looks for 35)."""

from __future__ import annotations

from docx.oxml.ns import qn

from briefing.writers.docx.elements import new_element


class SchemaOrder:
    """The children an element may have, in the order its schema gives them (as python-docx's class lists them)."""

    def __init__(self, tags: tuple[str, ...]):
        self.clark = {tag: qn(tag) for tag in tags}
        self.rank = {qn(tag): index for index, tag in enumerate(tags)}

    def get_or_add(self, parent, tag: str):
        """The child `tag` of `parent`, added where python-docx's get_or_add_<tag>() adds it when there is none."""
        child = parent.find(self.clark[tag])
        if child is None:
            child = new_element(tag)
            self.insert(parent, child)
        return child

    def insert(self, parent, element) -> None:
        """Before the child python-docx's insert_element_before() would choose: of the tags that follow the new
        one in the schema, the earliest present, its first child; at the end when none is."""
        own = self.rank[element.tag]
        following, following_rank = None, len(self.rank)
        for child in parent:
            rank = self.rank.get(child.tag, -1)
            if own < rank < following_rank:  # strictly less: the first of equal tags, as find() returns it
                following, following_rank = child, rank
        if following is None:
            parent.append(element)
        else:
            following.addprevious(element)


# CT_PPr's children (docx/oxml/text/parfmt.py).
PARAGRAPH_PROPERTIES = SchemaOrder((
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl", "w:numPr",
    "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
    "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
    "w:sectPr", "w:pPrChange",
))
_PPR = qn("w:pPr")


def keep_with_next(p, value: bool) -> None:
    """`paragraph.paragraph_format.keep_with_next = value` (True or False) on a w:p."""
    properties = p.find(_PPR)
    if properties is None:
        properties = p.get_or_add_pPr()
    PARAGRAPH_PROPERTIES.get_or_add(properties, "w:keepNext").val = value
