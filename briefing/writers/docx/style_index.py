"""The styles part's styles by name and by id, indexed once: python-docx finds each one with an XPath query over every style."""

from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.styles import BabelFish
from docx.styles.style import StyleFactory

_STYLE, _NAME, _VAL, _STYLE_ID = qn("w:style"), qn("w:name"), qn("w:val"), qn("w:styleId")


class StyleIndex:
    """`styles[name]`, `styles.get_by_id(...)` and `style.base_style` as python-docx answers them, from two dicts.

    Each dict keeps the first style in document order, as python-docx's XPath
    queries return it; a style added later is entered by `added`.
    """

    def __init__(self, styles, places: tuple[dict, dict] | None = None):
        """`places`: another index's `places()`, when this document is a copy of its (each style where it was)."""
        self.styles = styles  # python-docx's Styles, asked for whatever the index does not hold
        self.by_name: dict[str, object] = {}
        self.by_id: dict[str, object] = {}
        elements = list(styles.element.iterchildren(_STYLE))
        if places is not None:  # found where the original's are, without reading every style's name and id again
            self.by_name = {name: elements[place] for name, place in places[0].items()}
            self.by_id = {style_id: elements[place] for style_id, place in places[1].items()}
            return
        for element in elements:
            self.added(element)

    def places(self) -> tuple[dict, dict]:
        """Where each style indexed by name and by id stands among the styles, counted from the first."""
        place = {id(element): index for index, element in enumerate(self.styles.element.iterchildren(_STYLE))}
        return ({name: place[id(element)] for name, element in self.by_name.items()},
                {style_id: place[id(element)] for style_id, element in self.by_id.items()})

    def added(self, element) -> None:
        name = element.find(_NAME)
        if name is not None and name.get(_VAL) is not None:
            self.by_name.setdefault(name.get(_VAL), element)
        if element.get(_STYLE_ID) is not None:
            self.by_id.setdefault(element.get(_STYLE_ID), element)

    def named(self, name: str):
        """The style `styles[name]` returns (a UI name such as "Heading 1" is looked up as styles.xml spells it)."""
        element = self.by_name.get(BabelFish.ui2internal(name))
        # Not indexed: python-docx's own lookup (by id, with its warning, or its KeyError).
        return StyleFactory(element) if element is not None else self.styles[name]

    def paragraph_style(self, style_id: str | None):
        """The paragraph style `styles.get_by_id(style_id, WD_STYLE_TYPE.PARAGRAPH)` returns."""
        element = self.by_id.get(style_id) if style_id else None
        if element is None or element.type != WD_STYLE_TYPE.PARAGRAPH:
            return self.styles.get_by_id(style_id, WD_STYLE_TYPE.PARAGRAPH)
        return StyleFactory(element)

    def base_of(self, style):
        """`style.base_style`: the style its w:basedOn names, if there is one."""
        based_on = style.element.basedOn
        if based_on is None:
            return None
        element = self.by_id.get(based_on.val)
        return StyleFactory(element) if element is not None else None
