"""Reads an edited Word draft back: its snapshot, its revisions and comments, and each traced text as it now reads.

The Word writer bookmarks every text it wrote (`briefing/writers/docx/trace.py`)
and embeds a snapshot of them; this module opens a draft safely, finds those
bookmarks and the snapshot again, decides tracked changes as asked, and says
which content path each paragraph, new paragraph and comment belongs to. It
never edits YAML: `briefing/clearance/absorb.py` does, from what this returns.

A draft is untrusted: the package is checked as a zip (entries, sizes, ratio,
read with a cap, whatever its headers claim), a macro-enabled document is
refused, and every XML part is parsed by lxml without DTDs, entities or
network, a part that declares a DOCTYPE being refused outright.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from briefing.readers.package import MACRO_TYPES, MC, DraftError, Package, qualified  # noqa: F401  (DraftError: raised to callers)
from briefing.readers.records import Comment, Paragraph, Reading, Record, Revision, Snapshot
from briefing.writers.docx.trace import CONTENT_PREFIX, GENERATED_PREFIX, NAMESPACE


class Draft:
    """An opened draft: its snapshot, revisions and comments; `read(decide)` gives its texts."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        package = Package(self.path)
        types = package.xml("[Content_Types].xml")
        if types is None:
            raise DraftError("not a Word document: no [Content_Types].xml")
        if any(any(word in (item.get("ContentType") or "") for word in MACRO_TYPES) for item in types) or any(
                name.lower().endswith("vbaproject.bin") for name in package.names):
            raise DraftError("a macro-enabled Word document (.docm) is refused; save the draft as .docx")
        main = next((target for kind, target in package.rels("").values() if kind.endswith("/officeDocument")), None)
        document = package.xml(main) if main else None
        if document is None or document.find(qualified("body")) is None:
            raise DraftError("not a Word document: no main document part with a body")
        self.snapshot = _snapshot(package)
        related = package.rels(main)
        self.comments = {}
        self.furniture_parts: dict[str, list] = {"header": [], "footer": []}
        for kind, target in related.values():
            if kind.endswith("/comments"):
                root = package.xml(target)
                for comment in root.iter(qualified("comment")) if root is not None else ():
                    text = "\n".join(_plain(p) for p in comment.iter(qualified("p"))).strip()
                    self.comments[comment.get(qualified("id"))] = Comment(comment.get(qualified("id")), comment.get(qualified("author"), ""),
                                                                   comment.get(qualified("date"), ""), text)
            elif kind.endswith("/header") or kind.endswith("/footer"):
                root = package.xml(target)
                if root is not None:
                    self.furniture_parts["header" if kind.endswith("/header") else "footer"].append(root)
        self.body = document.find(qualified("body"))
        self.revisions: list[Revision] = []
        self._paragraphs = list(_walk(self.body, self.revisions))

    # -- deciding tracked changes -------------------------------------------------

    def read(self, decide) -> Reading:
        """The draft's texts with each revision kept or undone by `decide(kind, author)` (True: accept it)."""
        paragraphs = _resolve(self._paragraphs, decide)
        furniture = {kind: "\n".join(p.text for root in roots for p in _resolve(list(_walk(root, [])), decide))
                     for kind, roots in self.furniture_parts.items()}
        furniture["contents"] = "\n".join(p.text for p in paragraphs if p.contents)
        from briefing.readers.mapping import map_paragraphs  # it builds the records defined here

        return map_paragraphs(paragraphs, self.snapshot, self.comments, furniture)


def _snapshot(package: Package) -> Snapshot:
    for name in sorted(package.names):
        if not re.fullmatch(r"customXml/item\d+\.xml", name):
            continue
        root = package.xml(name)
        if root is None or root.tag != f"{{{NAMESPACE}}}draft":
            continue
        languages = tuple(root.get("locale", "").split("+"))
        records, furniture, contents = {}, {}, []
        try:
            for element in root:
                tag = etree.QName(element).localname
                if tag == "furniture":
                    entries = [(e.get("path", ""), e.get("lang", ""), e.text or "") for e in element]
                    furniture[element.get("kind", "")] = "\n".join(e[2] for e in entries) if entries else \
                        element.text or ""
                    if element.get("kind") == "contents":
                        contents = entries
                    continue
                record = Record(id=element.get("id", ""), kind="text" if tag == "text" else element.get("kind", ""),
                                text=element.text or "", language=element.get("lang", ""),
                                path=element.get("path") or element.get("near") or "",
                                part=int(element.get("part", "0")), parts=int(element.get("parts", "1")),
                                prefix=element.get("prefix", ""), suffix=element.get("suffix", ""),
                                state=element.get("state", ""))
                if record.language not in languages or not record.id or record.id in records:
                    raise ValueError(f"record {record.id!r}")
                records[record.id] = record
        except (ValueError, TypeError) as error:
            raise DraftError(f"{name}: the snapshot part is damaged ({error}): refused") from None
        return Snapshot(root.get("book", ""), root.get("content", ""), languages, records, furniture, contents)
    raise DraftError("the draft does not carry the snapshot that traces it back to its content (a custom XML part "
                     "written by `briefing build`); was it made by briefing, or saved by a tool that drops it?")


# -- walking WordprocessingML ----------------------------------------------------

_CONTAINERS = {qualified(tag) for tag in ("hyperlink", "smartTag", "customXml", "sdt", "sdtContent", "fldSimple", "dir",
                                   "bdo", "ins", "del", "moveTo", "moveFrom")}
_REVISION_KINDS = {qualified("ins"): "insert", qualified("moveTo"): "insert", qualified("del"): "delete", qualified("moveFrom"): "delete"}
_FORMAT_CHANGES = {qualified(tag) for tag in ("rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "trPrChange",
                                       "tcPrChange", "tblGridChange", "numberingChange")}


@dataclass
class _Raw:
    """A paragraph as found: tokens with the revision each belongs to, before any decision."""

    number: int
    tokens: list  # ("text", str, revision|None) | ("mark", name) | ("comment", "start"|"end", id)
    mark_revision: tuple | None  # the paragraph mark's own (kind, author)
    level: int | None
    style: str
    column: int | None
    contents: bool


def _walk(root, revisions: list):
    """Every paragraph under root in reading order, with its tokens; revisions are collected as they are met."""
    number = 0
    fields: list[list] = []  # open fields: [instruction, in result?]
    for paragraph in root.iter(qualified("p")):
        if any(etree.QName(a).localname == "txbxContent" for a in paragraph.iterancestors()):
            continue  # a text box inside a paragraph: not the book's text
        number += 1
        properties = paragraph.find(qualified("pPr"))
        level, style, mark = None, "", None
        if properties is not None:
            numbering = properties.find(qualified("numPr"))
            if numbering is not None and numbering.find(qualified("numId")) is not None and \
                    numbering.find(qualified("numId")).get(qualified("val")) != "0":
                ilvl = numbering.find(qualified("ilvl"))
                level = int(ilvl.get(qualified("val"), "0")) if ilvl is not None else 0
            style_element = properties.find(qualified("pStyle"))
            style = style_element.get(qualified("val"), "") if style_element is not None else ""
            for change in properties.iter(*_FORMAT_CHANGES):
                revisions.append(Revision("format", change.get(qualified("author"), ""), change.get(qualified("date"), ""), "",
                                          number))
            run_properties = properties.find(qualified("rPr"))
            for tag, kind in ((qualified("ins"), "insert"), (qualified("del"), "delete")):
                found = run_properties.find(tag) if run_properties is not None else None
                if found is not None:
                    mark = (kind, found.get(qualified("author"), ""))
                    revisions.append(Revision(kind, mark[1], found.get(qualified("date"), ""), "¶", number))
        cell = next(paragraph.iterancestors(qualified("tc")), None)
        column = list(cell.getparent().iterchildren(qualified("tc"))).index(cell) if cell is not None else None
        in_sdt_contents = any(g.get(qualified("val"), "").lower().startswith("table of contents")
                              for sdt in paragraph.iterancestors(qualified("sdt"))
                              for g in sdt.iter(qualified("docPartGallery")))
        tokens: list = []
        contents = [in_sdt_contents or any(f[0].lstrip().upper().startswith("TOC") for f in fields)]
        _tokens(paragraph, None, tokens, fields, revisions, number, contents)
        yield _Raw(number, tokens, mark, level, style, column, contents[0])


def _tokens(element, revision, tokens, fields, revisions, number, contents) -> None:
    for child in element:
        tag = child.tag
        if tag == qualified("r"):
            _run(child, revision, tokens, fields, revisions, number, contents)
        elif tag == qualified("bookmarkStart"):
            name = child.get(qualified("name"), "")
            if name.startswith((CONTENT_PREFIX, GENERATED_PREFIX)):
                tokens.append(("mark", name))
        elif tag in (qualified("commentRangeStart"), qualified("commentRangeEnd")):
            tokens.append(("comment", "start" if tag == qualified("commentRangeStart") else "end", child.get(qualified("id"))))
        elif tag in _REVISION_KINDS:
            kind = _REVISION_KINDS[tag]
            inner = (kind, child.get(qualified("author"), ""))
            start = len(tokens)
            _tokens(child, inner, tokens, fields, revisions, number, contents)
            text = "".join(t[1] for t in tokens[start:] if t[0] == "text")
            if text:  # LibreOffice records a comment made while tracking as an empty insertion: nothing to decide
                revisions.append(Revision(kind, inner[1], child.get(qualified("date"), ""), text, number))
        elif tag in _CONTAINERS:
            _tokens(child, revision, tokens, fields, revisions, number, contents)
        elif tag == f"{{{MC}}}AlternateContent":
            continue


def _run(run, revision, tokens, fields, revisions, number, contents) -> None:
    for child in run:
        tag = child.tag
        if tag == qualified("rPr"):
            for change in child.iter(*_FORMAT_CHANGES):
                revisions.append(Revision("format", change.get(qualified("author"), ""), change.get(qualified("date"), ""), "",
                                          number))
        elif tag == qualified("fldChar"):
            kind = child.get(qualified("fldCharType"))
            if kind == "begin":
                fields.append(["", False])
            elif kind == "separate" and fields:
                fields[-1][1] = True
            elif kind == "end" and fields:
                fields.pop()
        elif tag == qualified("instrText") or tag == qualified("delInstrText"):
            if fields:
                fields[-1][0] += child.text or ""
                if fields[-1][0].lstrip().upper().startswith("TOC"):
                    contents[0] = True
        elif fields and not fields[-1][1]:
            continue  # inside a field's instruction: not text
        elif tag in (qualified("t"), qualified("delText")):
            tokens.append(("text", child.text or "", revision))
        elif tag == qualified("tab"):
            tokens.append(("text", "\t", revision))
        elif tag in (qualified("br"), qualified("cr")):
            if child.get(qualified("type")) not in ("page", "column"):
                tokens.append(("text", " ", revision))
        elif tag == qualified("noBreakHyphen"):
            tokens.append(("text", "\u2011", revision))


def _plain(paragraph) -> str:
    return "".join(t.text or "" for t in paragraph.iter(qualified("t")))


def _resolve(raws: list[_Raw], decide) -> list[Paragraph]:
    """Paragraphs after the decisions: kept text only; a paragraph whose mark goes joins the next."""
    out: list[Paragraph] = []
    pending: Paragraph | None = None
    for raw in raws:
        paragraph = pending or Paragraph(raw.number, level=raw.level, style=raw.style, column=raw.column,
                                         contents=raw.contents)
        pending = None
        text = [paragraph.text]
        length = len(paragraph.text)
        for token in raw.tokens:
            if token[0] == "text":
                revision = token[2]
                if revision is None or decide(*revision) == (revision[0] == "insert"):
                    text.append(token[1])
                    length += len(token[1])
            elif token[0] == "mark":
                paragraph.marks.append((length, token[1]))
            else:
                paragraph.comments.append((length, token[1], token[2]))
        paragraph.text = "".join(text)
        if raw.mark_revision is not None and decide(*raw.mark_revision) == (raw.mark_revision[0] == "delete"):
            pending = paragraph  # its paragraph mark is gone: the next paragraph's text follows on
            continue
        out.append(paragraph)
    if pending is not None:
        out.append(pending)
    return out
