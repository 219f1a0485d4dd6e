"""The machine-checkable conditions of PDF/UA-1 (Matterhorn Protocol 1.1 ids) and PDF/A-2a (veraPDF's rule ids) that apply to a producer like ours, checked with pikepdf: `check(path)` lists what fails."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pikepdf
from lxml import etree
from pikepdf import Dictionary, Name

from pdf_marks import LANGUAGE_TAG, Marks, Tree, key_of

NS = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "dc": "http://purl.org/dc/elements/1.1/",
      "xmp": "http://ns.adobe.com/xap/1.0/", "pdf": "http://ns.adobe.com/pdf/1.3/",
      "pdfaid": "http://www.aiim.org/pdfa/ns/id/", "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
      "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# PDF/A-2, 6.5.1 (veraPDF rule 6.5.1-1): the actions a conforming file may not contain.
FORBIDDEN_ACTIONS = {"Launch", "Sound", "Movie", "ResetForm", "ImportData", "Hide", "SetOCGState", "Rendition",
                     "Trans", "GoTo3DView", "JavaScript", "set-state", "no-op"}
# PDF/A-2, 6.3.1: annotation types ISO 32000-1 defines, less 3D, Sound, Screen and Movie.
ANNOTATIONS = {"Text", "Link", "FreeText", "Line", "Square", "Circle", "Polygon", "PolyLine", "Highlight",
               "Underline", "Squiggly", "StrikeOut", "Stamp", "Caret", "Ink", "Popup", "FileAttachment", "Widget",
               "PrinterMark", "TrapNet", "Watermark", "Redact"}
# ISO 32000-1, 9.10.2: collections whose CIDs map to Unicode without a ToUnicode CMap.
KNOWN_COLLECTIONS = {"Japan1", "GB1", "CNS1", "Korea1"}
STANDARD_ENCODINGS = {"/WinAnsiEncoding", "/MacRomanEncoding", "/StandardEncoding"}


def check(path) -> list[str]:
    """Every failed condition as "id: what, where"; an empty list when the file passes all of them."""
    failures: list[str] = []
    with pikepdf.open(Path(path)) as pdf:
        tree = Tree(pdf, failures)
        marks = Marks(pdf, failures)
        _check_catalog(pdf, failures)
        _check_metadata(pdf, failures)
        _check_parent_tree(pdf, tree, marks, failures)
        _check_annotations(pdf, tree, failures)
        _check_fonts(marks, failures)
        _check_archival(pdf, failures)
        for value, where in marks.lang_objects:
            if not LANGUAGE_TAG.match(value):
                failures.append(f"11-001: /Lang {value!r} in a marked-content property list is not a language tag, on {where}")
        for form, times in marks.form_draws.items():
            if times > 1 and any(holder == form for holder in marks.shown):
                failures.append(f"30-002: form XObject {form} holds MCIDs and is drawn {times} times")
    return failures


def _check_catalog(pdf, failures) -> None:
    root = pdf.Root
    mark_info = root.get("/MarkInfo", Dictionary())
    if mark_info.get("/Marked") is not True:
        failures.append("A2:6.7.2.2 / UA1:6.2: MarkInfo /Marked is not true, in the catalog")
    if mark_info.get("/Suspects") is True:
        failures.append("01-007: MarkInfo /Suspects is true, in the catalog")
    if "/StructTreeRoot" not in root:
        failures.append("A2:6.7.3.3 / UA1:7.1-11: no StructTreeRoot, in the catalog")
    preferences = root.get("/ViewerPreferences", Dictionary())
    if "/DisplayDocTitle" not in preferences:
        failures.append("07-001: ViewerPreferences has no DisplayDocTitle, in the catalog")
    elif preferences.DisplayDocTitle is not True:
        failures.append("07-002: ViewerPreferences /DisplayDocTitle is false, in the catalog")
    if "/Lang" not in root or not str(root.Lang):
        # Every text, Alt, annotation Contents and the metadata then has no language (11-001 to 11-006).
        failures.append("11-001: no /Lang in the catalog, so the language of the text cannot be determined")
    elif not LANGUAGE_TAG.match(str(root.Lang)):
        failures.append(f"11-001: catalog /Lang {str(root.Lang)!r} is not a language tag")


def xmp_values(packet: etree._Element, prop: str) -> list[str] | None:
    """An XMP property's values (an rdf:Alt with its x-default first), written as an attribute or an element; None if absent."""
    prefix, local = prop.split(":")
    tag = f"{{{NS[prefix]}}}{local}"
    for description in packet.iter(f"{{{NS['rdf']}}}Description"):
        if tag in description.attrib:
            return [description.attrib[tag]]
        found = description.find(tag)
        if found is not None:
            items = found.findall(f".//{{{NS['rdf']}}}li")
            items.sort(key=lambda li: li.get(XML_LANG) != "x-default")
            return [li.text or "" for li in items] if items else [found.text or ""]
    return None


def _check_metadata(pdf, failures) -> None:
    stream = pdf.Root.get("/Metadata")
    if stream is None:
        failures.append("06-001 / A2:6.6.2.1-1: no XMP metadata stream, in the catalog")
        return
    if stream.get("/Type") != Name.Metadata or stream.get("/Subtype") != Name.XML:
        failures.append("A2:6.6.2.1-1: the metadata stream lacks /Type /Metadata or /Subtype /XML")
    # PDF/A-1 (6.7.2) forbade a /Filter on this stream; PDF/A-2 and PDF/UA-1 allow one, so none is checked.
    data = stream.read_bytes()
    header = re.search(rb"<\?xpacket begin=[^>]*\?>", data)
    if header and re.search(rb"\b(bytes|encoding)=", header.group()):
        failures.append("A2:6.6.2.1-2/3: the xpacket header has a bytes or encoding attribute")
    try:
        packet = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as error:
        failures.append(f"A2:6.6.2.1-4: the XMP packet is not well-formed XML ({error})")
        return

    def value(prop):
        return (xmp_values(packet, prop) or [None])[0]

    if value("pdfuaid:part") != "1":
        failures.append(f"06-002: pdfuaid:part is {value('pdfuaid:part')!r}, not 1, in the XMP metadata")
    if not value("dc:title"):
        failures.append("06-003: no dc:title in the XMP metadata")
    declared = {element.text for element in packet.iter(f"{{{NS['pdfaSchema']}}}namespaceURI")}
    if value("pdfuaid:part") is not None and NS["pdfuaid"] not in declared:
        # ISO 14289 defines pdfuaid, neither the XMP specification nor ISO 19005: PDF/A needs an extension schema.
        failures.append("A2:6.6.2.3.1: pdfuaid:part is used but no PDF/A extension schema declares its namespace")
    if value("pdfaid:part") != "2" or value("pdfaid:conformance") != "A":
        failures.append(f"A2:6.6.4: pdfaid:part {value('pdfaid:part')!r} and pdfaid:conformance "
                        f"{value('pdfaid:conformance')!r}, not 2 and A, in the XMP metadata")
    _check_info_against_xmp(pdf, packet, failures)


def pdf_date(text: str) -> datetime | None:
    """A PDF date string (D:YYYYMMDDHHmmSSOHH'mm') as an aware datetime, UTC when it gives no offset."""
    match = re.match(r"(?:D:)?(\d{4})(\d\d)?(\d\d)?(\d\d)?(\d\d)?(\d\d)?(?:([Zz+-])(\d\d)?'?(\d\d)?'?)?", text)
    if not match:
        return None
    year, month, day, hour, minute, second, sign, oh, om = match.groups()
    offset = timedelta(hours=int(oh or 0), minutes=int(om or 0)) * (-1 if sign == "-" else 1)
    return datetime(int(year), int(month or 1), int(day or 1), int(hour or 0), int(minute or 0), int(second or 0),
                    tzinfo=timezone(offset))


def xmp_date(text: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def _check_info_against_xmp(pdf, packet, failures) -> None:
    # PDF/A-1 (6.7.3) states this equivalence and veraPDF checks it there; its PDF/A-2 profile has no such
    # rule, but two differing titles or dates are still two answers to one question, so we keep it.
    info = pdf.trailer.get("/Info", Dictionary())
    pairs = {"/Title": "dc:title", "/Author": "dc:creator", "/Subject": "dc:description", "/Keywords": "pdf:Keywords",
             "/Creator": "xmp:CreatorTool", "/Producer": "pdf:Producer", "/Trapped": "pdf:Trapped",
             "/CreationDate": "xmp:CreateDate", "/ModDate": "xmp:ModifyDate"}
    for key, prop in pairs.items():
        if key not in info:
            continue
        ours = str(info[key])[1:] if key == "/Trapped" else str(info[key])
        theirs = xmp_values(packet, prop)
        if key.endswith("Date"):
            same = theirs is not None and pdf_date(ours) is not None and pdf_date(ours) == xmp_date(theirs[0])
        elif key == "/Author":
            same = theirs is not None and len(theirs) == 1 and theirs[0] == ours
        else:
            same = theirs is not None and theirs[0] == ours
        if not same:
            failures.append(f"A1:6.7.3: Info {key[1:]} {ours!r} differs from XMP {prop} "
                            f"{theirs[0] if theirs else None!r}")


def number_tree(node, depth=0) -> dict[int, object]:
    """A number tree's leaves (ISO 32000-1, 7.9.7) as a dict."""
    found = {}
    nums = node.get("/Nums", [])
    for index in range(0, len(nums) - 1, 2):
        found[int(nums[index])] = nums[index + 1]
    for kid in node.get("/Kids", []) if depth < 32 else []:
        found.update(number_tree(kid, depth + 1))
    return found


def _check_parent_tree(pdf, tree: Tree, marks: Marks, failures) -> None:
    entries = number_tree(tree.root.ParentTree) if tree.root is not None and "/ParentTree" in tree.root else None
    if tree.root is not None and entries is None:
        failures.append("parenttree: StructTreeRoot has no ParentTree")
    following = tree.root.get("/ParentTreeNextKey") if tree.root is not None else None
    # ISO 32000-1 makes the key optional (LibreOffice writes none); when present it must be above every key.
    if following is not None and entries and int(following) <= max(entries):
        failures.append(f"parenttree: ParentTreeNextKey {int(following)} is not above the largest key {max(entries)}")
    holders = {key_of(page.obj): page.obj for page in pdf.pages}
    holders.update({form: pdf.get_object(form) for form in marks.shown if form not in holders})
    for holder_key, holder in holders.items():
        where, shown = tree.where(holder_key), marks.shown.get(holder_key, set())
        for mcid in sorted(shown):
            if (holder_key, mcid) not in tree.mcids:
                failures.append(f"01-005: MCID {mcid} holds content but belongs to no structure element, on {where}")
        for (owner_key, mcid) in tree.mcids:
            if owner_key == holder_key and mcid not in shown:
                failures.append(f"structure: an element refers to MCID {mcid}, which marks no content, on {where}")
        if not shown or entries is None:
            continue
        if "/StructParents" not in holder:
            failures.append(f"parenttree: no /StructParents although the content has MCIDs, on {where}")
            continue
        parents = entries.get(int(holder.StructParents))
        if not isinstance(parents, pikepdf.Array):
            failures.append(f"parenttree: no array at key {int(holder.StructParents)} for the MCIDs of {where}")
            continue
        for mcid in sorted(shown):
            owner = tree.mcids.get((holder_key, mcid))
            listed = parents[mcid] if mcid < len(parents) else None
            if owner is not None and (not isinstance(listed, Dictionary) or key_of(listed) != owner):
                failures.append(f"parenttree: MCID {mcid} resolves to {key_of(listed) if isinstance(listed, Dictionary) else None}"
                                f" in the ParentTree, but element {owner} owns it, on {where}")
    for number, page in enumerate(pdf.pages, 1):
        for annot in page.obj.get("/Annots", []):
            owner = tree.objrs.get(key_of(annot))
            if owner is None or "/StructParent" not in annot or entries is None:
                continue  # _check_annotations says so
            listed = entries.get(int(annot.StructParent))
            if not isinstance(listed, Dictionary) or key_of(listed) != owner[0]:
                failures.append(f"parenttree: annotation {key_of(annot)}'s StructParent {int(annot.StructParent)} does not "
                                f"resolve to element {owner[0]} that holds its OBJR, on page {number}")


def _check_annotations(pdf, tree: Tree, failures) -> None:
    for number, page in enumerate(pdf.pages, 1):
        annots = list(page.obj.get("/Annots", []))
        if annots and page.obj.get("/Tabs") is None:
            failures.append(f"28-008: a page with annotations has no /Tabs, on page {number}")
        elif annots and page.obj.Tabs != Name.S:  # a string (S) is not the name /S
            failures.append(f"28-009: /Tabs is {page.obj.Tabs!r}, not the name /S, on page {number}")
        for annot in annots:
            subtype, flags = str(annot.get("/Subtype", "/?"))[1:], int(annot.get("/F", 0))
            where = f"annotation {key_of(annot)} on page {number}"
            if subtype not in ANNOTATIONS:
                failures.append(f"A2:6.3.1: annotation type {subtype} is not permitted, {where}")
            if subtype != "Popup" and not (flags & 4) or flags & (1 | 2 | 32 | 256):
                failures.append(f"A2:6.3.2: flags {flags} (Print must be set; Hidden, Invisible, NoView unset), {where}")
            if flags & 2 or subtype == "Popup":
                continue
            owner = tree.objrs.get(key_of(annot))
            if subtype == "Link" and (owner is None or owner[1] != "Link"):
                failures.append(f"28-011: link annotation not in a Link element (by OBJR), {where}")
            elif subtype not in {"Link", "Widget", "PrinterMark"} and (owner is None or owner[1] != "Annot"):
                failures.append(f"28-002: {subtype} annotation not in an Annot element, {where}")
            if owner is not None and "/StructParent" not in annot:
                failures.append(f"28-011: annotation in the structure tree has no /StructParent, {where}")
            if subtype != "Widget" and not str(annot.get("/Contents", "")):
                alt = owner is not None and str(pdf.get_object(owner[0]).get("/Alt", ""))
                if not alt:
                    failures.append(f"{'28-012' if subtype == 'Link' else '28-004'}: {subtype} annotation has no /Contents, {where}")


def to_unicode(stream) -> dict[int, str]:
    """A ToUnicode CMap's bfchar and bfrange entries as code -> text."""
    data = stream.read_bytes().decode("latin-1")
    def hexes(text):
        return bytes.fromhex(text).decode("utf-16-be", "replace")

    mapping = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for source, target in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            mapping[int(source, 16)] = hexes(target)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for low, high, target in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[[^\]]*\]|<[0-9A-Fa-f]*>)", block):
            low, high = int(low, 16), min(int(high, 16), int(low, 16) + 0xFFFF)
            if target.startswith("["):
                for offset, item in enumerate(re.findall(r"<([0-9A-Fa-f]*)>", target)):
                    mapping[low + offset] = hexes(item)
            else:
                base = bytes.fromhex(target[1:-1]) or b"\0\0"
                first = int.from_bytes(base[-2:], "big")
                for offset in range(high - low + 1):
                    mapping[low + offset] = hexes((base[:-2].hex()) + f"{first + offset:04x}")
    return mapping


def notdef_codes(font) -> set[int]:
    """The codes a simple font's /Differences names .notdef: [code name name ...] gives consecutive codes."""
    encoding, found, code = font.get("/Encoding"), set(), 0
    for item in encoding.get("/Differences", []) if isinstance(encoding, Dictionary) else []:
        if isinstance(item, int):
            code = item
            continue
        if str(item) == "/.notdef":
            found.add(code)
        code += 1
    return found


def _check_fonts(marks: Marks, failures) -> None:
    for font_key, (font, shown) in marks.fonts.items():
        subtype, name = str(font.get("/Subtype", "/?"))[1:], str(font.get("/BaseFont", f"/font {font_key}"))[1:]
        descendant = font.DescendantFonts[0] if subtype == "Type0" else font
        descriptor = descendant.get("/FontDescriptor", Dictionary())
        if subtype != "Type3" and not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            failures.append(f"31-009: font {name} is not embedded")
        two_bytes = subtype == "Type0"  # Identity-H/V, which is what producers of subset fonts write
        codes = {int.from_bytes(s[i:i + 2], "big") if two_bytes else s[i]
                 for s in shown for i in range(0, len(s) - (1 if two_bytes else 0), 2 if two_bytes else 1)}
        if two_bytes and 0 in codes and descendant.get("/CIDToGIDMap", Name.Identity) == Name.Identity:
            failures.append(f"31-030: font {name} shows CID 0, the .notdef glyph")
        if not two_bytes and codes & notdef_codes(font):
            failures.append(f"31-030: font {name} shows codes its Encoding maps to .notdef")
        if "/ToUnicode" not in font:
            encoding = font.get("/Encoding")
            base = encoding.get("/BaseEncoding") if isinstance(encoding, Dictionary) else encoding
            collection = str(descendant.get("/CIDSystemInfo", Dictionary()).get("/Ordering", ""))
            if not (str(base) in STANDARD_ENCODINGS or (two_bytes and collection in KNOWN_COLLECTIONS)):
                failures.append(f"31-027: font {name} has no ToUnicode and no standard encoding to map codes to Unicode")
            continue
        mapping = to_unicode(font.ToUnicode)
        missing = sorted(codes - set(mapping))
        if missing:
            failures.append(f"10-001: font {name} shows {len(missing)} codes its ToUnicode does not map "
                            f"(first: {', '.join(hex(c) for c in missing[:5])})")
        bad = sorted(c for c in codes & set(mapping) if set(mapping[c]) & {"\0", "\ufeff", "\ufffe"})
        if bad:
            failures.append(f"31-028/029: font {name} maps codes {', '.join(hex(c) for c in bad[:5])} to U+0000, U+FEFF or U+FFFE")


def _check_archival(pdf, failures) -> None:
    if not pdf.trailer.get("/ID"):
        failures.append("A2:6.1.3-1: no /ID in the trailer")
    if pdf.is_encrypted or "/Encrypt" in pdf.trailer:
        failures.append("A2:6.1.3-2: the file is encrypted")
    intents = [i for i in pdf.Root.get("/OutputIntents", []) if i.get("/S") == Name.GTS_PDFA1]
    if not intents:
        failures.append("A2:6.2.3: no GTS_PDFA1 output intent, in the catalog")
    for intent in intents:
        profile = intent.get("/DestOutputProfile")
        icc = profile.read_bytes() if isinstance(profile, pikepdf.Stream) else b""
        if len(icc) < 128 or icc[36:40] != b"acsp":
            failures.append("A2:6.2.3: the GTS_PDFA1 output intent has no ICC DestOutputProfile")
        elif icc[12:16] not in {b"mntr", b"prtr"} or icc[16:20] not in {b"RGB ", b"CMYK", b"GRAY"} or icc[8] >= 5:
            failures.append(f"A2:6.2.3-1: the output profile is class {icc[12:16]!r}, space {icc[16:20]!r}, version {icc[8]}")
    if "/AA" in pdf.Root:
        failures.append("A2:6.5.2-1: the catalog has additional actions (/AA)")
    if "/JavaScript" in pdf.Root.get("/Names", Dictionary()):
        failures.append("A2:6.5.1-1: the catalog's name tree holds JavaScript")
    for number, page in enumerate(pdf.pages, 1):
        if "/AA" in page.obj:
            failures.append(f"A2:6.5.2-2: additional actions (/AA), on page {number}")
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream):
            if any(k in obj for k in ("/F", "/FFilter", "/FDecodeParms")):
                failures.append(f"A2:6.1.7.1-3: stream {key_of(obj)} refers to an external file (/F, /FFilter)")
            if obj.get("/Subtype") == Name.Form and "/Ref" in obj:
                failures.append(f"A2:6.2.9-2 / 30-001: reference XObject {key_of(obj)}")
            if obj.get("/Subtype") == Name.PS or obj.get("/Subtype2") == Name.PS:
                failures.append(f"A2:6.2.9-3: PostScript XObject {key_of(obj)}")
        for action in _actions(obj):
            kind = str(action.get("/S", ""))[1:]
            if kind in FORBIDDEN_ACTIONS:
                failures.append(f"A2:6.5.1-1: a {kind} action, at object {key_of(obj)}")
            if kind == "Named" and str(action.get("/N", ""))[1:] not in {"NextPage", "PrevPage", "FirstPage", "LastPage"}:
                failures.append(f"A2:6.5.1-2: named action {action.get('/N')}, at object {key_of(obj)}")


def _actions(obj):
    """The action dictionaries an indirect object is or holds directly (/A, /OpenAction, /Next, additional actions)."""
    if not isinstance(obj, Dictionary) or isinstance(obj, pikepdf.Stream):
        return
    if obj.get("/Type") == Name.Action or ("/S" in obj and any(k in obj for k in ("/JS", "/URI", "/D", "/N", "/Next"))):
        yield obj
    for key in ("/A", "/OpenAction"):
        if isinstance(obj.get(key), Dictionary) and not obj[key].is_indirect:
            yield from _actions(obj[key])
    if isinstance(obj.get("/AA"), Dictionary):
        yield from (a for a in obj.AA.values() if isinstance(a, Dictionary) and not a.is_indirect)
