"""The limits a Word draft's parts are held to, counted in one streaming pass before any tree is built or any text compared."""

from __future__ import annotations

import io

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# Far above any real draft (the sample book's has 420 paragraphs and a reviewed
# draft a few dozen comments), far below what strains the reader: 3,000,000 empty
# paragraphs took 55 s and 2.3 GB, 10,000 comments 49 s and 1.3 GB (each open
# comment range collects every later paragraph), and a 9.5 M-character paragraph
# 57 s in difflib before the 20,000-character rule refused it.
MAX_PARAGRAPHS = 50_000
MAX_COMMENTS = 1_000  # comments in the comments part, and comment ranges in a body
MAX_PARAGRAPH_CHARACTERS = 25_000  # a text is at most 20,000 (content rule), with its label around it

_P, _T, _DEL_T = f"{{{W}}}p", f"{{{W}}}t", f"{{{W}}}delText"
_COMMENT, _RANGE = f"{{{W}}}comment", f"{{{W}}}commentRangeStart"


class OverBudget(Exception):
    """A part holds more than a draft ever does; `paragraph` is where it went over (the draft's place)."""

    def __init__(self, paragraph: int, message: str):
        super().__init__(message)
        self.paragraph = paragraph


def check_part(data: bytes, name: str) -> None:
    """Counts paragraphs, comments, comment ranges and each paragraph's characters, refusing at the first excess.

    The pass keeps no tree (each element is dropped once ended), so a part
    built to exhaust memory costs no more than its bytes while it is refused.
    """
    paragraphs = comments = ranges = characters = 0
    parser = etree.iterparse(io.BytesIO(data), events=("start", "end"), resolve_entities=False, no_network=True,
                             load_dtd=False, huge_tree=False, remove_pis=True)
    try:
        for event, element in parser:
            tag = element.tag
            if event == "start":
                if tag == _P:
                    paragraphs += 1
                    characters = 0
                    if paragraphs > MAX_PARAGRAPHS:
                        raise OverBudget(paragraphs, f"{name}: more than {MAX_PARAGRAPHS:,} paragraphs; a draft of a "
                                                     "briefing book has a few thousand at most: refused")
                elif tag == _RANGE:
                    ranges += 1
                    if ranges > MAX_COMMENTS:
                        raise OverBudget(paragraphs, f"{name}: more than {MAX_COMMENTS:,} comment ranges: refused")
                elif tag == _COMMENT:
                    comments += 1
                    if comments > MAX_COMMENTS:
                        raise OverBudget(1, f"{name}: more than {MAX_COMMENTS:,} comments: refused")
                continue
            if tag in (_T, _DEL_T):
                characters += len(element.text or "")
                if characters > MAX_PARAGRAPH_CHARACTERS:
                    raise OverBudget(paragraphs, f"{name}: a paragraph of more than {MAX_PARAGRAPH_CHARACTERS:,} "
                                                 "characters; a text of the book has at most 20,000: refused")
            # Ended and counted: drop it and the siblings before it, so the pass holds no tree.
            element.clear(keep_tail=False)
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError:
        return  # not well-formed: the parse proper says where
