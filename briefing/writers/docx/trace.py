"""The Word draft's trace back to its content: a bookmark around each text and a snapshot part of what was written.

An edited draft is absorbed (`briefing absorb`, `briefing/readers/docx.py`)
through two carriers that survive a save in LibreOffice (tested) and, by the
OOXML specification, in Word:

- every paragraph written from content carries a bookmark (`_bcN`; `_bgN` for
  generated text such as a date, a table cell or a register detail) around its
  text. The leading underscore makes it hidden in Word's bookmark list; names
  and order survive editing, ids do not need to (LibreOffice renumbers them);
- a custom XML part (ECMA-376 part 1, 22.5: data a document carries for an
  application, kept by Word as it is) holds the snapshot: the book's id, the
  fingerprint of its content files, and for each bookmark its content path,
  language, the text written and what the tool put around it (a heading's
  label, an entry's marker and flag); also the contents, header and footer.

The snapshot is the base of the three-way merge when content changed since
the draft was built. Nothing here changes how the draft looks.
"""

from __future__ import annotations

import contextlib

import hashlib

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from lxml import etree

from briefing.writers.docx.elements import new_element

NAMESPACE = "urn:briefing:draft:1"
CONTENT_PREFIX, GENERATED_PREFIX = "_bc", "_bg"
FIRST_ID = 1_000_000  # bookmark ids of the trace, clear of the contents' heading bookmarks (1, 2, …)
_DATASTORE = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
_ID, _NAME, _PPR = qn("w:id"), qn("w:name"), qn("w:pPr")


class Trace:
    """Collects the bookmarks a draft's writer places and renders the snapshot part that explains them."""

    def __init__(self, book: str, content: str, locale: str):
        self.root = etree.Element(f"{{{NAMESPACE}}}draft", nsmap={None: NAMESPACE})
        self.root.set("book", book)
        self.root.set("content", content)
        self.root.set("locale", locale)
        self.count = 0
        self.near = ""  # the last content path written: where generated text that follows is nearest
        self.enabled = bool(book)  # a document not made from a book (the reference document) traces nothing

    def content(self, paragraph, runs, source: str, language: str, text: str, part: int, parts: int,
                prefix: str = "", suffix: str = "", state: str = "") -> None:
        """Bookmarks the runs of one paragraph of a content text (part `part` of `parts`) and records it."""
        if not self.enabled:
            return
        name = self._bookmark(paragraph, runs, CONTENT_PREFIX)
        record = etree.SubElement(self.root, f"{{{NAMESPACE}}}text", id=name, path=source, lang=language,
                                  part=str(part), parts=str(parts))
        for key, value in (("prefix", prefix), ("suffix", suffix), ("state", state)):
            if value:
                record.set(key, value)
        record.text = text
        self.near = source

    @contextlib.contextmanager
    def nearest(self, source: str):
        """Generated text written inside the block is recorded near `source` (a table's caption, header, a row), when given."""
        before = self.near
        self.near = source or before
        try:
            yield
        finally:
            self.near = before

    def generated(self, paragraph, kind: str, language: str, text: str) -> None:
        """Bookmarks a paragraph the tool composed (not one content text) and records it with the nearest content."""
        if not text or not self.enabled:
            return
        name = self._bookmark(paragraph, None, GENERATED_PREFIX)
        record = etree.SubElement(self.root, f"{{{NAMESPACE}}}generated", id=name, kind=kind, lang=language,
                                  near=self.near)
        record.text = text

    def furniture(self, kind: str, text: str) -> None:
        """Text outside the body that the tool generates (contents, header, footer), compared as a whole."""
        record = etree.SubElement(self.root, f"{{{NAMESPACE}}}furniture", kind=kind)
        record.text = text

    def contents(self, entries) -> None:
        """The contents as written: each entry's text with the content path and language of its heading, so that a
        heading edited in the draft (and the contents updated by the word processor) is not taken for an edit here."""
        record = etree.SubElement(self.root, f"{{{NAMESPACE}}}furniture", kind="contents")
        for source, language, text in entries:
            entry = etree.SubElement(record, f"{{{NAMESPACE}}}entry", path=source, lang=language)
            entry.text = text

    def _bookmark(self, paragraph, runs, prefix: str) -> str:
        self.count += 1
        name = f"{prefix}{self.count}"
        start, end = new_element("w:bookmarkStart"), new_element("w:bookmarkEnd")
        start.set(_ID, str(FIRST_ID + self.count))
        start.set(_NAME, name)
        end.set(_ID, str(FIRST_ID + self.count))
        if runs:
            runs[0]._r.addprevious(start)
            runs[-1]._r.addnext(end)
        else:
            properties = paragraph._p.find(_PPR)
            paragraph._p.insert(1 if properties is not None else 0, start)
            paragraph._p.append(end)
        return name

    def attach(self, document) -> None:
        """Adds the snapshot to the package as a custom XML part with its properties part, related from the document."""
        package = document.part.package
        taken = {str(part.partname) for part in package.iter_parts()}
        number = 1
        while f"/customXml/item{number}.xml" in taken:
            number += 1
        blob = etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True)
        item = Part(PackURI(f"/customXml/item{number}.xml"), "application/xml", blob, package)
        # A fixed item id (from the book and locale): the draft stays byte-reproducible.
        digest = hashlib.sha256(f"{self.root.get('book')}\0{self.root.get('locale')}".encode()).hexdigest().upper()
        guid = f"{{{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}}}"
        properties = etree.Element(f"{{{_DATASTORE}}}datastoreItem", nsmap={"ds": _DATASTORE})
        properties.set(f"{{{_DATASTORE}}}itemID", guid)
        refs = etree.SubElement(properties, f"{{{_DATASTORE}}}schemaRefs")
        etree.SubElement(refs, f"{{{_DATASTORE}}}schemaRef").set(f"{{{_DATASTORE}}}uri", NAMESPACE)
        props = Part(PackURI(f"/customXml/itemProps{number}.xml"),
                     "application/vnd.openxmlformats-officedocument.customXmlProperties+xml",
                     etree.tostring(properties, xml_declaration=True, encoding="UTF-8", standalone=False), package)
        item.relate_to(props, RT.CUSTOM_XML_PROPS)
        document.part.relate_to(item, RT.CUSTOM_XML)


def table_part(node, part: str) -> str:
    """The content path of a part of a data table (`caption`, `header[1]`, `rows[3]`, `source`); empty for a table
    the templates composed (the legend, the participants), whose edits are refused near the text before it."""
    return f"{node.src}.{part}" if node.src else ""
