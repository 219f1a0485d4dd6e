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

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from briefing.safety import draft_budget
from briefing.safety import guarded
from briefing.writers.docx.trace import CONTENT_PREFIX, GENERATED_PREFIX, NAMESPACE

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
MACRO_TYPES = ("macroEnabled", "vbaProject")

MAX_ENTRIES = 2000
MAX_PART = 64 * 1024 * 1024  # bytes of one part, uncompressed
MAX_TOTAL = 256 * 1024 * 1024  # of all parts together
MAX_RATIO = 200  # uncompressed / compressed of a part over 1 MiB: a zip bomb


class DraftError(Exception):
    """The file is not a draft this tool can read back (not a .docx, unsafe, or without its trace)."""


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


# -- the package ---------------------------------------------------------------


class _Package:
    """The zip of a .docx, read part by part with a cap on every read."""

    def __init__(self, path: Path):
        name = path.name.lower()
        if name.endswith(".docm") or name.endswith(".dotm"):
            raise DraftError("a macro-enabled Word document (.docm) is refused; save the draft as .docx")
        if not name.endswith(".docx"):
            raise DraftError("not a Word draft: the file name does not end in .docx")
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(guarded.read(path, "draft").data))
        except guarded.Refused as refused:
            raise DraftError(str(refused)) from None
        except (zipfile.BadZipFile, OSError, ValueError) as error:
            raise DraftError(f"not a Word document (a .docx is a zip package): {error}") from None
        infos = self.zip.infolist()
        if len(infos) > MAX_ENTRIES:
            raise DraftError(f"{len(infos)} parts in the package (at most {MAX_ENTRIES}): not a draft")
        total = 0
        self.names = set()
        for info in infos:
            total += info.file_size
            if info.file_size > MAX_PART or total > MAX_TOTAL:
                raise DraftError(f"{info.filename}: too large uncompressed ({info.file_size} bytes): a zip bomb?")
            if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise DraftError(f"{info.filename}: compressed {info.file_size // max(info.compress_size, 1)} to 1: "
                                 "a zip bomb?")
            self.names.add(info.filename)
        self.read_total = 0

    def read(self, name: str) -> bytes | None:
        if name not in self.names:
            return None
        try:
            with self.zip.open(name) as handle:
                data = handle.read(MAX_PART + 1)
        except (zipfile.BadZipFile, OSError, RuntimeError, EOFError, NotImplementedError) as error:
            raise DraftError(f"{name}: cannot be read: {error}") from None
        self.read_total += len(data)
        if len(data) > MAX_PART or self.read_total > MAX_TOTAL:
            raise DraftError(f"{name}: larger than its header says: a zip bomb?")
        return data

    def xml(self, name: str):
        data = self.read(name)
        if data is not None:
            try:
                draft_budget.check_part(data, name)  # counted before the tree is built (briefing/safety/draft_budget.py)
            except draft_budget.OverBudget as over:
                error = DraftError(str(over))
                error.line = over.paragraph
                raise error from None
        return None if data is None else parse_xml(data, name)

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id -> (type, target part name) of a part."""
        folder, base = posixpath.split(part)
        root = self.xml(posixpath.join(folder, "_rels", base + ".rels"))
        found = {}
        for rel in root if root is not None else ():
            if rel.get("TargetMode") == "External":
                continue
            target = posixpath.normpath(posixpath.join(folder, rel.get("Target", ""))).lstrip("/")
            found[rel.get("Id")] = (rel.get("Type", ""), target)
        return found


_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def parse_xml(data: bytes, name: str):
    """One XML part: no DTD, no entity, no network; a DOCTYPE is refused (Word never writes one)."""
    if _DECLARATION.search(data) or _DECLARATION.search(data.replace(b"\0", b"")):
        raise DraftError(f"{name}: declares a DOCTYPE or entity, which a Word document never does: refused")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise DraftError(f"{name}: not well-formed XML: {error}") from None
    if root.getroottree().docinfo.doctype:
        raise DraftError(f"{name}: declares a DOCTYPE: refused")
    return root


# -- what a draft holds --------------------------------------------------------


@dataclass(frozen=True)
class Record:
    """One entry of the snapshot: a bookmark the writer placed and what it said there."""

    id: str
    kind: str  # "text" or a generated kind ("date", "table", "detail", …)
    text: str
    language: str
    path: str = ""  # content path of a text; for generated text, the nearest one before it
    part: int = 0
    parts: int = 1
    prefix: str = ""
    suffix: str = ""
    state: str = ""


@dataclass
class Snapshot:
    book: str
    content: str
    languages: tuple[str, ...]
    records: dict[str, Record]
    furniture: dict[str, str]
    contents: list = field(default_factory=list)  # (heading's content path, language, entry text)


@dataclass(frozen=True)
class Revision:
    """A tracked change: inserted, deleted, moved or formatting only, by whom and when, in which paragraph."""

    kind: str  # "insert", "delete" or "format"
    author: str
    date: str
    text: str
    paragraph: int


@dataclass(frozen=True)
class Comment:
    id: str
    author: str
    date: str
    text: str


@dataclass
class Paragraph:
    """A body paragraph after tracked changes are decided: its text and where bookmarks and comments sit in it."""

    number: int  # 1-based, in reading order (table cells included)
    text: str = ""
    marks: list = field(default_factory=list)  # (offset, bookmark name), traced bookmarks only
    comments: list = field(default_factory=list)  # (offset, "start"|"end", comment id)
    level: int | None = None  # the list level when the paragraph is numbered
    style: str = ""
    column: int | None = None  # the cell's index in its row, None outside a table
    contents: bool = False  # inside the contents (TOC) field


@dataclass(frozen=True)
class Found:
    """A traced text as the draft now has it (one paragraph of it), and what stands around it."""

    id: str
    text: str
    paragraph: int
    prefix: str  # what precedes it in its paragraph (a heading's label, an entry's marker)
    suffix_ok: bool  # the generated text after it (an entry's flag) is still there
    level: int | None = None  # its paragraph's list level, when numbered
    column: int | None = None  # its table cell's index in the row (a bilingual draft's column), None outside


@dataclass(frozen=True)
class New:
    """A paragraph with no trace: typed into the draft. `after` is the traced text it follows in its column."""

    paragraph: int
    text: str
    level: int | None
    style: str
    after: str | None
    column: int | None


@dataclass(frozen=True)
class Remark:
    """A reviewer's comment with the text it is anchored on and the traced text it starts in."""

    comment: Comment
    anchored: str
    at: str | None  # the record id whose text the comment starts in
    paragraph: int


@dataclass
class Reading:
    """What a draft says once its tracked changes are decided."""

    found: dict[str, Found]
    new: list[New]
    remarks: list[Remark]
    furniture: dict[str, str]
    joined: list[tuple[int, str, str]]  # (paragraph, first id, second id): two traced paragraphs made one
    ambiguous: list[tuple[int, str, str]] = field(default_factory=list)  # (paragraph, record id, why): not guessed


class Draft:
    """An opened draft: its snapshot, revisions and comments; `read(decide)` gives its texts."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        package = _Package(self.path)
        types = package.xml("[Content_Types].xml")
        if types is None:
            raise DraftError("not a Word document: no [Content_Types].xml")
        if any(any(word in (item.get("ContentType") or "") for word in MACRO_TYPES) for item in types) or any(
                name.lower().endswith("vbaproject.bin") for name in package.names):
            raise DraftError("a macro-enabled Word document (.docm) is refused; save the draft as .docx")
        main = next((target for kind, target in package.rels("").values() if kind.endswith("/officeDocument")), None)
        document = package.xml(main) if main else None
        if document is None or document.find(_w("body")) is None:
            raise DraftError("not a Word document: no main document part with a body")
        self.snapshot = _snapshot(package)
        related = package.rels(main)
        self.comments = {}
        self.furniture_parts: dict[str, list] = {"header": [], "footer": []}
        for kind, target in related.values():
            if kind.endswith("/comments"):
                root = package.xml(target)
                for comment in root.iter(_w("comment")) if root is not None else ():
                    text = "\n".join(_plain(p) for p in comment.iter(_w("p"))).strip()
                    self.comments[comment.get(_w("id"))] = Comment(comment.get(_w("id")), comment.get(_w("author"), ""),
                                                                   comment.get(_w("date"), ""), text)
            elif kind.endswith("/header") or kind.endswith("/footer"):
                root = package.xml(target)
                if root is not None:
                    self.furniture_parts["header" if kind.endswith("/header") else "footer"].append(root)
        self.body = document.find(_w("body"))
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


def _snapshot(package: _Package) -> Snapshot:
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

_CONTAINERS = {_w(tag) for tag in ("hyperlink", "smartTag", "customXml", "sdt", "sdtContent", "fldSimple", "dir",
                                   "bdo", "ins", "del", "moveTo", "moveFrom")}
_REVISION_KINDS = {_w("ins"): "insert", _w("moveTo"): "insert", _w("del"): "delete", _w("moveFrom"): "delete"}
_FORMAT_CHANGES = {_w(tag) for tag in ("rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "trPrChange",
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
    for paragraph in root.iter(_w("p")):
        if any(etree.QName(a).localname == "txbxContent" for a in paragraph.iterancestors()):
            continue  # a text box inside a paragraph: not the book's text
        number += 1
        properties = paragraph.find(_w("pPr"))
        level, style, mark = None, "", None
        if properties is not None:
            numbering = properties.find(_w("numPr"))
            if numbering is not None and numbering.find(_w("numId")) is not None and \
                    numbering.find(_w("numId")).get(_w("val")) != "0":
                ilvl = numbering.find(_w("ilvl"))
                level = int(ilvl.get(_w("val"), "0")) if ilvl is not None else 0
            style_element = properties.find(_w("pStyle"))
            style = style_element.get(_w("val"), "") if style_element is not None else ""
            for change in properties.iter(*_FORMAT_CHANGES):
                revisions.append(Revision("format", change.get(_w("author"), ""), change.get(_w("date"), ""), "",
                                          number))
            run_properties = properties.find(_w("rPr"))
            for tag, kind in ((_w("ins"), "insert"), (_w("del"), "delete")):
                found = run_properties.find(tag) if run_properties is not None else None
                if found is not None:
                    mark = (kind, found.get(_w("author"), ""))
                    revisions.append(Revision(kind, mark[1], found.get(_w("date"), ""), "¶", number))
        cell = next(paragraph.iterancestors(_w("tc")), None)
        column = list(cell.getparent().iterchildren(_w("tc"))).index(cell) if cell is not None else None
        in_sdt_contents = any(g.get(_w("val"), "").lower().startswith("table of contents")
                              for sdt in paragraph.iterancestors(_w("sdt"))
                              for g in sdt.iter(_w("docPartGallery")))
        tokens: list = []
        contents = [in_sdt_contents or any(f[0].lstrip().upper().startswith("TOC") for f in fields)]
        _tokens(paragraph, None, tokens, fields, revisions, number, contents)
        yield _Raw(number, tokens, mark, level, style, column, contents[0])


def _tokens(element, revision, tokens, fields, revisions, number, contents) -> None:
    for child in element:
        tag = child.tag
        if tag == _w("r"):
            _run(child, revision, tokens, fields, revisions, number, contents)
        elif tag == _w("bookmarkStart"):
            name = child.get(_w("name"), "")
            if name.startswith((CONTENT_PREFIX, GENERATED_PREFIX)):
                tokens.append(("mark", name))
        elif tag in (_w("commentRangeStart"), _w("commentRangeEnd")):
            tokens.append(("comment", "start" if tag == _w("commentRangeStart") else "end", child.get(_w("id"))))
        elif tag in _REVISION_KINDS:
            kind = _REVISION_KINDS[tag]
            inner = (kind, child.get(_w("author"), ""))
            start = len(tokens)
            _tokens(child, inner, tokens, fields, revisions, number, contents)
            text = "".join(t[1] for t in tokens[start:] if t[0] == "text")
            if text:  # LibreOffice records a comment made while tracking as an empty insertion: nothing to decide
                revisions.append(Revision(kind, inner[1], child.get(_w("date"), ""), text, number))
        elif tag in _CONTAINERS:
            _tokens(child, revision, tokens, fields, revisions, number, contents)
        elif tag == f"{{{MC}}}AlternateContent":
            continue


def _run(run, revision, tokens, fields, revisions, number, contents) -> None:
    for child in run:
        tag = child.tag
        if tag == _w("rPr"):
            for change in child.iter(*_FORMAT_CHANGES):
                revisions.append(Revision("format", change.get(_w("author"), ""), change.get(_w("date"), ""), "",
                                          number))
        elif tag == _w("fldChar"):
            kind = child.get(_w("fldCharType"))
            if kind == "begin":
                fields.append(["", False])
            elif kind == "separate" and fields:
                fields[-1][1] = True
            elif kind == "end" and fields:
                fields.pop()
        elif tag == _w("instrText") or tag == _w("delInstrText"):
            if fields:
                fields[-1][0] += child.text or ""
                if fields[-1][0].lstrip().upper().startswith("TOC"):
                    contents[0] = True
        elif fields and not fields[-1][1]:
            continue  # inside a field's instruction: not text
        elif tag in (_w("t"), _w("delText")):
            tokens.append(("text", child.text or "", revision))
        elif tag == _w("tab"):
            tokens.append(("text", "\t", revision))
        elif tag in (_w("br"), _w("cr")):
            if child.get(_w("type")) not in ("page", "column"):
                tokens.append(("text", " ", revision))
        elif tag == _w("noBreakHyphen"):
            tokens.append(("text", "\u2011", revision))


def _plain(paragraph) -> str:
    return "".join(t.text or "" for t in paragraph.iter(_w("t")))


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
