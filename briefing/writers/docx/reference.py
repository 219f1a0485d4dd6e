"""The reference document, sanitized: only its styles, numbering, fonts, theme and settings are taken, parsed without DTDs or entities.

A reference .docx comes from someone's Word, so it is read as hostile: the
file through the guarded reader (regular file, size cap), the archive checked
entry by entry before inflating, only five parts read at all, each parsed by
lxml without DTDs, entities or network, and stripped of anything that points
outside itself (relationships: macros, attached templates, embedded fonts and
pictures, external data). Those five parts replace the same parts of
python-docx's default document, so nothing else of the reference (its body,
headers, customXml, vbaProject, embedded objects, properties) can reach a draft.
"""

from __future__ import annotations

import functools
import os
import posixpath
import zipfile
from dataclasses import dataclass

from lxml import etree

from briefing.errors import InvalidInput, Problem
from briefing.safety.guarded import Archive, Refused, read

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
OFFICE_DOCUMENT = R + "/officeDocument"
# The parts taken, by relationship type from the main document.
TAKEN = {R + "/styles": "styles", R + "/numbering": "numbering", R + "/fontTable": "fonts",
         R + "/theme": "theme", R + "/settings": "settings"}
MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
}
MACRO_TYPES = {
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
}
# Settings that point outside the document, protect it against editing, or
# refer to parts that are not taken (footnote separators).
DROPPED_SETTINGS = {"attachedTemplate", "mailMerge", "docVars", "saveThroughXslt", "attachedSchema",
                    "documentProtection", "writeProtection", "linkStyles", "footnotePr", "endnotePr",
                    "schemaLibrary"}

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                          dtd_validation=False, remove_pis=True, remove_comments=True)


@dataclass(frozen=True)
class Sanitized:
    """The parts taken from a reference document, as XML bytes (styles merged with the defaults it lacks)."""

    parts: dict  # styles, numbering, fonts, theme, settings -> bytes (styles always present)
    style_names: frozenset  # the styles the reference itself defines (they keep their formatting)


def _parse(data: bytes, name: str):
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as error:
        raise Refused(f"{name} is not well-formed XML ({error.msg})") from None
    if root.getroottree().docinfo.doctype:
        raise Refused(f"{name} declares a DTD; Word documents have none")
    return root


def _strip_relationships(root) -> None:
    """Removes every element that refers to a relationship: the parts taken carry none of theirs."""
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        if any(key.startswith("{" + R + "}") for key in element.attrib) and element.getparent() is not None:
            element.getparent().remove(element)


def _check_characters(root, name: str) -> None:
    """The content's character rules hold here too: a numbering level's text is printed before each item."""
    from briefing.safety.characters import refused

    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for value in (element.text or "", *element.attrib.values()):
            found = refused(value)
            if found is not None:
                where = etree.QName(element).localname
                raise Refused(f"{name}: <{where}>: {found[1]}")


def _has_relationships(root) -> bool:
    return any(isinstance(e.tag, str) and any(k.startswith("{" + R + "}") for k in e.attrib) for e in root.iter())


def _main_part(archive: Archive) -> str:
    rels = _parse(archive.read("_rels/.rels"), "_rels/.rels")
    for rel in rels.iter(f"{{{PKG_RELS}}}Relationship"):
        if rel.get("Type") == OFFICE_DOCUMENT and rel.get("TargetMode", "Internal") == "Internal":
            return _resolve("", rel.get("Target", ""))
    raise Refused("it has no main document")


def _resolve(base: str, target: str) -> str:
    path = posixpath.normpath(target[1:] if target.startswith("/") else posixpath.join(base, target))
    if path.startswith("../") or path == ".." or path.startswith("/"):
        raise Refused(f"a relationship points outside the package ({target[:60]!r})")
    return path


def _content_type(archive: Archive, part: str) -> str:
    types = _parse(archive.read("[Content_Types].xml"), "[Content_Types].xml")
    for override in types.iter(f"{{{CONTENT_TYPES}}}Override"):
        if override.get("PartName", "").lstrip("/") == part:
            return override.get("ContentType", "")
    extension = part.rsplit(".", 1)[-1]
    for default in types.iter(f"{{{CONTENT_TYPES}}}Default"):
        if default.get("Extension", "").lower() == extension.lower():
            return default.get("ContentType", "")
    return ""


def _take(data: bytes) -> Sanitized:
    try:
        archive = Archive(data)
    except Refused as refused:
        raise Refused(f"not a Word document with styles (.docx): {refused}") from None
    main = _main_part(archive)
    kind = _content_type(archive, main)
    if kind in MACRO_TYPES:
        raise Refused("it is a macro-enabled document (.docm); save it as a Word document (.docx) without macros")
    if kind not in MAIN_TYPES:
        raise Refused(f"its main part is not a Word document ({kind or 'no content type'})")
    folder = posixpath.dirname(main)
    rels_name = posixpath.join(folder, "_rels", posixpath.basename(main) + ".rels")
    rels = _parse(archive.read(rels_name), rels_name) if rels_name in archive.names() else None
    parts: dict[str, bytes] = {}
    for rel in (rels.iter(f"{{{PKG_RELS}}}Relationship") if rels is not None else ()):
        role = TAKEN.get(rel.get("Type", ""))
        if role is None or role in parts or rel.get("TargetMode", "Internal") != "Internal":
            continue  # everything else, and anything external, is never read
        name = _resolve(folder, rel.get("Target", ""))
        root = _parse(archive.read(name), name)
        if role == "theme":
            if _has_relationships(root):  # a picture fill: keep the default theme rather than a broken one
                continue
        elif role == "settings":
            for element in list(root):
                if isinstance(element.tag, str) and etree.QName(element).localname in DROPPED_SETTINGS:
                    root.remove(element)
        elif role == "numbering":
            for element in list(root.iter(f"{{{W}}}numPicBullet", f"{{{W}}}lvlPicBulletId")):
                element.getparent().remove(element)
            # The draft numbers its lists after the largest id: ids must be small whole numbers.
            for tag, attribute in (("abstractNum", "abstractNumId"), ("num", "numId")):
                for element in list(root.iter(f"{{{W}}}{tag}")):
                    if not (element.get(f"{{{W}}}{attribute}") or "").isdigit() or \
                            int(element.get(f"{{{W}}}{attribute}")) > 99_999:
                        element.getparent().remove(element)
        _strip_relationships(root)
        _check_characters(root, name)
        parts[role] = root
    if "styles" not in parts:
        raise Refused("not a Word document with styles (.docx)")
    styles, names = _merge_styles(parts["styles"])
    parts["styles"] = styles
    return Sanitized({role: etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
                      for role, root in parts.items()}, names)


# -- styles -----------------------------------------------------------------------

def _ui_name(style) -> str | None:
    from docx.styles import BabelFish

    name = style.find(f"{{{W}}}name")
    value = name.get(f"{{{W}}}val") if name is not None else None
    return BabelFish.internal2ui(value) if value else None


@functools.lru_cache(maxsize=1)
def _default_styles() -> bytes:
    from docx.api import _default_docx_path

    with zipfile.ZipFile(_default_docx_path()) as package:
        return package.read("word/styles.xml")


def _expected_types() -> dict[str, str]:
    """The type (paragraph, table, ...) of every style name the draft uses or python-docx's template has."""
    from briefing.writers.docx import styles as ours

    default = etree.fromstring(_default_styles(), _PARSER)
    types = {_ui_name(style): style.get(f"{{{W}}}type") for style in default.iter(f"{{{W}}}style")}
    for name in (ours.ENTRY_STYLE, ours.DETAIL_STYLE, ours.NOTE_STYLE, ours.LEAD_STYLE, ours.DATE_STYLE,
                 ours.CONTENTS_TITLE_STYLE, *(ours.LIST_STYLE.format(d) for d in range(1, 7)),
                 *(ours.CONTENTS_STYLE.format(level) for level in (1, 2, 3))):
        types.setdefault(name, "paragraph")
    types[ours.LEGEND_STYLE] = types[ours.PARALLEL_STYLE] = "table"
    return types


def _merge_styles(root):
    """The reference's styles, minus any whose type differs from what the draft needs of that name,
    plus python-docx's default style of every name the reference lacks (the draft formats those from the theme)."""
    if etree.QName(root).localname != "styles":
        raise Refused("its styles part is not a list of styles")
    expected = _expected_types()
    kept, ids = set(), set()
    for style in list(root.iter(f"{{{W}}}style")):
        name = _ui_name(style)
        base = name.rsplit(" (", 1)[0] if name and name.endswith(")") else name  # "Heading 1 (ja-JP)" variants
        want = expected.get(name) or expected.get(base)
        if name is None or (want is not None and style.get(f"{{{W}}}type") != want) or name in kept:
            style.getparent().remove(style)  # nameless, of the wrong type, or a second style of one name
            continue
        kept.add(name)
        ids.add(style.get(f"{{{W}}}styleId"))
    for style in etree.fromstring(_default_styles(), _PARSER).iter(f"{{{W}}}style"):
        name = _ui_name(style)
        if name in kept:
            continue
        style_id = style.get(f"{{{W}}}styleId")
        while style_id in ids:  # the reference uses this id for a style of another name
            style_id += "Briefing"
        style.set(f"{{{W}}}styleId", style_id)
        ids.add(style_id)
        root.append(style)
    return root, frozenset(kept)


# -- use ----------------------------------------------------------------------------

@functools.lru_cache(maxsize=4)
def _sanitized(real: str, size: int, modified: int) -> Sanitized:
    """Once per process and file version: each Word target of a build opens the same reference."""
    try:
        return _take(read(real, "reference document").data)
    except Refused as refused:
        raise InvalidInput([Problem(real, 1, f"reference document: {refused}")]) from None


def sanitized(path) -> Sanitized:
    """The reference document's usable parts, or InvalidInput naming the file and what is wrong with it."""
    shown = os.fspath(path)
    try:
        status = os.stat(shown)
        key = (os.path.realpath(shown), status.st_size, status.st_mtime_ns)
    except OSError as error:
        message = "not found" if isinstance(error, FileNotFoundError) else f"cannot be read: {error.strerror}"
        raise InvalidInput([Problem(shown, 1, f"reference document {message}")]) from None
    try:
        return _sanitized(*key)
    except InvalidInput as invalid:  # named as the user typed it
        raise InvalidInput([Problem(shown, p.line, p.message) for p in invalid.problems]) from None


def open_reference(path):
    """A python-docx Document: the default document with the reference's sanitized parts, and the style names it defines."""
    from docx import Document as open_docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.parser import parse_xml

    taken = sanitized(path)
    document = open_docx()
    part = document.part
    part._styles_part._element = parse_xml(taken.parts["styles"])
    if "numbering" in taken.parts:
        part.numbering_part._element = parse_xml(taken.parts["numbering"])
    if "settings" in taken.parts:
        part._settings_part._element = parse_xml(taken.parts["settings"])
    for reltype, role in ((RT.FONT_TABLE, "fonts"), (RT.THEME, "theme")):
        if role in taken.parts:
            part.part_related_by(reltype)._blob = taken.parts[role]
    _try_styles(document, path)
    return document, set(taken.style_names)


def _try_styles(document, path) -> None:
    """Reads what the draft reads of each paragraph style, so a value python-docx cannot parse is the reference's fault, said so."""
    from docx.enum.style import WD_STYLE_TYPE

    for style in document.styles:
        try:
            if style.type == WD_STYLE_TYPE.PARAGRAPH:
                style.base_style
                style.paragraph_format.alignment
                [stop.position for stop in style.paragraph_format.tab_stops]
        except Exception as error:  # noqa: BLE001 - python-docx raises ValueError, KeyError or its own on bad values
            raise InvalidInput([Problem(os.fspath(path), 1, f"reference document: style {style.name!r} cannot be "
                                                            f"used ({type(error).__name__}: {error})")]) from None
