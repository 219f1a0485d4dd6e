"""The logical structure of a tagged PDF (PDF 32000-1 §14.7, §14.8): elements, their marked content and the parent tree."""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFObjectReference, PDFString


@dataclass
class ContentItem:
    """A marked-content sequence on a page (an MCR) or an annotation (an OBJR) that an element owns."""

    page: int
    mcid: int = -1
    annotation: str = ""  # the annotation's name in ReportLab's document, for an OBJR


class Slot(list):
    """The place among an element's kids where its own marked content goes, reserved when the element is
    tagged: a list item's text is drawn after its nested list's elements exist, and is read before them."""


@dataclass(eq=False)
class Element:
    """One structure element: its standard type, its attributes and its kids in reading order."""

    role: str
    parent: Element | None = None
    lang: str = ""
    alt: str = ""
    attributes: dict = field(default_factory=dict)  # Scope (owner /Table) or BBox (owner /Layout)
    kids: list = field(default_factory=list)  # Elements, ContentItems and at most one Slot of ContentItems
    slot: Slot | None = None

    def reserve(self) -> None:
        """Marked content drawn later goes here, before the kids added after now."""
        if self.slot is None:
            self.slot = Slot()
            self.kids.append(self.slot)

    def content(self, item: ContentItem) -> None:
        (self.slot if self.slot is not None else self.kids).append(item)

    def flat_kids(self) -> list:
        return [item for kid in self.kids for item in (kid if isinstance(kid, Slot) else [kid])]

    def add(self, role: str, lang: str = "", **attributes) -> Element:
        """A new child element at the end of this one's kids; `lang` only where it differs from the language inherited."""
        child = Element(role, self, "" if lang == self.language() else lang, attributes=attributes)
        self.kids.append(child)
        return child

    def language(self) -> str:
        element = self
        while element is not None:
            if element.lang:
                return element.lang
            element = element.parent
        return ""


class StructureTree:
    """Collects marked content as the pages are drawn, then writes the tree into ReportLab's document."""

    def __init__(self, language: str):
        self.root = Element("Document", lang=language)
        self._next_mcid: dict[int, int] = {}  # per page
        self.owners: dict[int, list[Element]] = {}  # per page, the element of each MCID in order
        self.annotations: list[tuple[str, Element]] = []  # (annotation name, Link element) in order
        self.page_count = 0  # set once layout is done, before the pages are finished and saved

    def mark(self, element: Element, page: int) -> int:
        """A new MCID on `page` belonging to `element`, recorded in the element's kids and the parent tree."""
        mcid = self._next_mcid.get(page, 0)
        self._next_mcid[page] = mcid + 1
        self.owners.setdefault(page, []).append(element)
        element.content(ContentItem(page, mcid))
        return mcid

    def link(self, element: Element, page: int, name: str) -> int:
        """Records the annotation `name` on `page` as an OBJR kid of `element`; returns its /StructParent key."""
        element.content(ContentItem(page, annotation=name))
        self.annotations.append((name, element))
        # Annotation keys follow the page keys: the page count is known by then (links are drawn at save).
        return self.page_count + len(self.annotations) - 1

    def write(self, document) -> PDFObjectReference:
        """The StructTreeRoot, every element and the parent tree as objects of ReportLab's `document`."""
        page_count = self.page_count
        references: dict[int, PDFObjectReference] = {}
        elements = [e for e in _walk(self.root) if _used(e)]
        for number, element in enumerate(elements):
            references[id(element)] = PDFObjectReference(f"StructElem{number}")
        root_reference = PDFObjectReference("StructTreeRoot")
        for element in elements:
            document.Reference(self._dictionary(element, document, references, root_reference),
                               references[id(element)].name)
        nums = []
        for page in range(1, page_count + 1):
            owners = self.owners.get(page, [])
            nums += [page - 1, PDFArray([references[id(e)] for e in owners])]
        for index, (_, element) in enumerate(self.annotations):
            nums += [page_count + index, references[id(element)]]
        root = PDFDictionary({
            "Type": PDFName("StructTreeRoot"),
            "K": references[id(self.root)],
            "ParentTree": PDFDictionary({"Nums": PDFArray(nums)}),
            "ParentTreeNextKey": page_count + len(self.annotations),
        })
        document.Reference(root, "StructTreeRoot")
        return root_reference

    def _dictionary(self, element: Element, document, references, root_reference) -> PDFDictionary:
        # /Type is optional (ISO 32000-1 Table 323): left out, as is /Pg on each MCR of the element's own page,
        # where a bare MCID says the same (§14.7.4.2): a fifth of the file's size is its structure.
        entries = {"S": PDFName(element.role),
                   "P": references[id(element.parent)] if element.parent is not None else root_reference}
        home = next((kid.page for kid in element.flat_kids() if isinstance(kid, ContentItem)), 0)
        if home:
            entries["Pg"] = _page(home)
        kids = []
        for kid in element.flat_kids():
            if isinstance(kid, Element):
                if _used(kid):
                    kids.append(references[id(kid)])
            elif kid.annotation:
                kids.append(PDFDictionary({"Type": PDFName("OBJR"), "Obj": document.refAnnotation(kid.annotation),
                                           "Pg": _page(kid.page)}))
            elif kid.page == home:
                kids.append(kid.mcid)
            else:
                kids.append(PDFDictionary({"Type": PDFName("MCR"), "Pg": _page(kid.page), "MCID": kid.mcid}))
        if kids:
            entries["K"] = PDFArray(kids)
        if element.lang:
            entries["Lang"] = PDFString(element.lang)
        if element.alt:
            entries["Alt"] = PDFString(element.alt)
        if element.attributes:
            attributes = {"O": PDFName("Table" if "Scope" in element.attributes else "Layout")}
            for key, value in element.attributes.items():
                attributes[key] = PDFName(value) if isinstance(value, str) else PDFArray([round(v, 2) for v in value])
            entries["A"] = PDFDictionary(attributes)
        return PDFDictionary(entries)


def _page(number: int) -> PDFObjectReference:
    return PDFObjectReference(f"Page{number}")  # ReportLab names each page object Page1, Page2, …


def _walk(element: Element):
    yield element
    for kid in element.kids:
        if isinstance(kid, Element):
            yield from _walk(kid)


def _used(element: Element) -> bool:
    """An element with nothing drawn under it (a slot never filled, a heading row only repeated) is left out."""
    if element.role in ("Document", "TD", "TH"):  # an empty cell still holds its place in its row
        return True
    return any(not isinstance(kid, Element) or _used(kid) for kid in element.flat_kids())
