"""A tagged PDF's structure tree and marked content read with pikepdf: which element owns each MCID and annotation, what each page draws outside any mark, and which fonts draw which codes."""

from __future__ import annotations

import re
from collections import defaultdict

import pikepdf
from pikepdf import Dictionary, Name

# ISO 32000-1, 14.8.4: the standard structure types PDF/UA-1 builds on.
STANDARD = frozenset(
    "Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4 H5 H6 "
    "L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot "
    "Ruby RB RT RP Warichu WT WP Figure Formula Form".split())
# Which parents and which kids the grouping elements allow (ISO 32000-1, Tables 333, 336 and 337, as
# veraPDF's PDF/UA-1 profile words them in rules 7.2-3 to 7.2-40).
PARENTS = {"TR": {"Table", "THead", "TBody", "TFoot"}, "TH": {"TR"}, "TD": {"TR"}, "THead": {"Table"},
           "TBody": {"Table"}, "TFoot": {"Table"}, "LI": {"L"}, "LBody": {"LI"}, "TOCI": {"TOC"}}
KIDS = {"Table": {"TR", "THead", "TBody", "TFoot", "Caption"}, "TR": {"TH", "TD"}, "THead": {"TR"},
        "TBody": {"TR"}, "TFoot": {"TR"}, "L": {"L", "LI", "Caption"}, "LI": {"Lbl", "LBody"},
        "TOC": {"TOC", "TOCI", "Caption"}}
# Matterhorn's condition for a misused grouping element, by the element's family.
SYNTAX_ID = {**dict.fromkeys(["Table", "TR", "TH", "TD", "THead", "TBody", "TFoot"], "09-004"),
             **dict.fromkeys(["L", "LI", "Lbl", "LBody"], "09-005"), "TOC": "09-006", "TOCI": "09-006"}
TEXT_SHOWING = {"Tj", "TJ", "'", '"'}
PAINTING = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh"}  # "n" ends a path without painting it
LANGUAGE_TAG = re.compile(r"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$")  # the test of veraPDF's rule 7.2-29


def key_of(obj) -> tuple[int, int]:
    return obj.objgen


def attribute(element, key: str, owner: str | None = None):
    """A structure attribute from the element's /A (a dictionary or an array of them, revision numbers between)."""
    attrs = element.get("/A")
    if attrs is None:
        return None
    for entry in ([attrs] if isinstance(attrs, Dictionary) else list(attrs)):
        if isinstance(entry, Dictionary) and key in entry and (owner is None or entry.get("/O") == Name(owner)):
            return entry[key]
    return None


class Tree:
    """The structure tree walked once in reading order, with the conditions that depend on one element and its parent."""

    def __init__(self, pdf: pikepdf.Pdf, failures: list[str]):
        self.failures = failures
        self.root = pdf.Root.get("/StructTreeRoot")
        rolemap = self.root.get("/RoleMap", Dictionary()) if self.root is not None else Dictionary()
        # Role names may hold spaces (LibreOffice writes its style names, /Date#20Line): compare them as text.
        self.rolemap = {str(role)[1:]: str(target)[1:] for role, target in rolemap.items()}
        self.pages = {key_of(page.obj): number for number, page in enumerate(pdf.pages, 1)}
        self.mcids: dict[tuple, tuple] = {}   # (page or form stream, MCID) -> owning element's objgen
        self.objrs: dict[tuple, tuple] = {}   # annotation's objgen -> (owning element's objgen, its standard type)
        self.types: dict[tuple, str] = {}     # element's objgen -> standard type
        self.headings: list[tuple[str, tuple]] = []
        self._header_cells: dict[tuple, list] = defaultdict(list)   # table -> its TH elements
        self._headers_used: set[tuple] = set()                         # tables whose cells use /Headers
        for role, target in self.rolemap.items():
            if role in STANDARD:
                failures.append(f"02-004: standard type {role} is remapped to {target}, in RoleMap")
        if self.root is not None:
            self._walk(self.root, "StructTreeRoot", None, None, set())
            for table, cells in self._header_cells.items():
                if table not in self._headers_used:
                    for cell in cells:
                        if attribute(cell, "/Scope", "/Table") is None:
                            failures.append(f"15-003: TH without /Scope in a table whose cells use no /Headers, "
                                            f"at object {key_of(cell)}")
            self._check_headings()

    def standard_type(self, role: str, where) -> str | None:
        """The standard type a role maps to, through the RoleMap; None (and a failure) when none is reached."""
        seen = []
        while role not in STANDARD:
            if role in seen:
                self.failures.append(f"02-003: circular role mapping {' -> '.join(seen + [role])}, at object {where}")
                return None
            seen.append(role)
            if role not in self.rolemap:
                self.failures.append(f"02-001: type {role} is neither standard nor mapped to one, at object {where}")
                return None
            role = self.rolemap[role]
        return role

    def _walk(self, node, parent_type, page, table, seen: set) -> None:
        kids = node.get("/K")
        if kids is None:
            return
        for kid in (list(kids) if isinstance(kids, pikepdf.Array) else [kids]):
            if isinstance(kid, int):
                self._own(page, kid, node)
            elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR:
                stream = kid.get("/Stm")
                self._own(stream if stream is not None else kid.get("/Pg", page), int(kid.MCID), node)
            elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.OBJR:
                claimed = self.objrs.get(key_of(kid.Obj))
                if claimed is not None and claimed[0] != key_of(node):
                    # An annotation has one /StructParent, so one element: a second OBJR contradicts the ParentTree.
                    self.failures.append(f"structure: annotation {key_of(kid.Obj)} is claimed by the OBJRs of "
                                         f"elements {claimed[0]} and {key_of(node)}")
                self.objrs[key_of(kid.Obj)] = (key_of(node), self.types.get(key_of(node)))
            elif isinstance(kid, Dictionary) and "/S" in kid:
                if key_of(kid) != (0, 0) and key_of(kid) in seen:  # direct elements cannot recur
                    self.failures.append(f"structure: element {key_of(kid)} appears twice in the tree (a cycle?)")
                    continue
                seen.add(key_of(kid))
                self._element(kid, parent_type, kid.get("/Pg", page), table, seen)

    def _element(self, element, parent_type, page, table, seen) -> None:
        where = key_of(element)
        kind = self.standard_type(str(element.S)[1:], where) or str(element.S)[1:]
        self.types[where] = kind
        if "/P" not in element:
            self.failures.append(f"UA1:7.1-12: {kind} element has no /P (parent) entry, at object {where}")
        if kind in PARENTS and parent_type not in PARENTS[kind]:
            self.failures.append(f"{SYNTAX_ID[kind]}: {kind} inside {parent_type}, at object {where}")
        if parent_type in KIDS and kind not in KIDS[parent_type] and kind not in {"NonStruct", "Private"}:
            self.failures.append(f"{SYNTAX_ID[parent_type]}: {parent_type} contains {kind}, at object {where}")
        if kind == "Figure" and not str(element.get("/Alt", "")) and element.get("/ActualText") is None:
            self.failures.append(f"13-004: Figure without /Alt or /ActualText, at object {where}")
        if kind == "Formula" and not str(element.get("/Alt", "")) and element.get("/ActualText") is None:
            self.failures.append(f"17-002: Formula without /Alt or /ActualText, at object {where}")
        if "/Lang" in element and not LANGUAGE_TAG.match(str(element.Lang)):
            self.failures.append(f"11-001: /Lang {str(element.Lang)!r} is not a language tag, at object {where}")
        if re.fullmatch(r"H\d?", kind):
            self.headings.append((kind, where))
        if kind == "Table":
            table = where
        elif kind == "TH" and table is not None:
            self._header_cells[table].append(element)
        if kind in {"TD", "TH"} and table is not None and attribute(element, "/Headers") is not None:
            self._headers_used.add(table)
        kids = element.get("/K")
        plain_h = [k for k in (list(kids) if isinstance(kids, pikepdf.Array) else [kids])
                   if isinstance(k, Dictionary) and "/S" in k and str(k.S) == "/H"]
        if len(plain_h) > 1:
            self.failures.append(f"14-006: {kind} element has {len(plain_h)} H kids, at object {where}")
        self._walk(element, kind, page, table, seen)

    def _own(self, holder, mcid: int, element) -> None:
        if holder is None:
            self.failures.append(f"structure: MCID {mcid} of element {key_of(element)} has no page (/Pg)")
            return
        self.mcids[(key_of(holder), mcid)] = key_of(element)

    def _check_headings(self) -> None:
        numbered = [(int(kind[1:]), where) for kind, where in self.headings if kind != "H"]
        if numbered and len(numbered) != len(self.headings):
            self.failures.append("14-007: the tree uses both H and H1-H6 headings")
        if numbered and numbered[0][0] != 1:
            self.failures.append(f"14-002: the first heading is H{numbered[0][0]}, not H1, at object {numbered[0][1]}")
        for (before, _), (level, where) in zip(numbered, numbered[1:]):
            if level > before + 1:
                self.failures.append(f"14-003: H{level} follows H{before} (a level skipped), at object {where}")

    def where(self, holder_key) -> str:
        number = self.pages.get(holder_key)
        return f"page {number}" if number else f"form XObject {holder_key}"


class Marks:
    """Every page's content streams walked operator by operator, with the BMC/BDC/EMC nesting, into the form XObjects they draw."""

    def __init__(self, pdf: pikepdf.Pdf, failures: list[str]):
        self.failures = failures
        self.shown: dict[tuple, set[int]] = defaultdict(set)       # page or form stream -> MCIDs holding content
        self.fonts: dict[tuple, tuple] = {}                          # font objgen -> (font, codes shown as bytes)
        self.form_draws: dict[tuple, int] = defaultdict(int)         # form objgen -> times drawn
        self.lang_objects: list[tuple[str, str]] = []                # (Lang value, where) from property lists
        for number, page in enumerate(pdf.pages, 1):
            unmarked: dict[str, int] = defaultdict(int)
            resources, node = page.obj.get("/Resources"), page.obj
            while resources is None and "/Parent" in node:  # inherited from the page tree (ISO 32000-1, 7.7.3.4)
                node = node.Parent
                resources = node.get("/Resources")
            resources = resources if resources is not None else Dictionary()
            self._stream(page.obj, resources, key_of(page.obj), [], unmarked, f"page {number}", 0)
            if unmarked:
                what = ", ".join(f"{count} {op}" for op, count in sorted(unmarked.items()))
                failures.append(f"01-005: content neither tagged nor an artifact ({what}), on page {number}")

    def _stream(self, stream, resources, holder, stack, unmarked, where, depth) -> None:
        if depth > 12:  # a form drawing itself would recurse for ever
            self.failures.append(f"XObject: forms nested more than 12 deep, on {where}")
            return
        font = None
        start = len(stack)
        for item in pikepdf.parse_content_stream(stream):
            if isinstance(item, pikepdf.ContentStreamInlineImage):
                self._show("inline image", stack, holder, unmarked)
                continue
            operands, op = item.operands, str(item.operator)
            if op in {"BMC", "BDC"}:
                self._begin(operands, resources, stack, where)
            elif op == "EMC":
                if len(stack) <= start:
                    self.failures.append(f"content: EMC without its BMC/BDC, on {where}")
                else:
                    stack.pop()
            elif op == "Tf":
                fonts = resources.get("/Font", Dictionary())
                font = fonts.get(operands[0])
            elif op in TEXT_SHOWING:
                self._show("text", stack, holder, unmarked)
                if font is not None:  # only fonts that show text count (ReportLab selects Helvetica on every page)
                    self.fonts.setdefault(key_of(font), (font, []))
                    shown = operands[-1]
                    parts = list(shown) if isinstance(shown, pikepdf.Array) else [shown]
                    self.fonts[key_of(font)][1].extend(bytes(p) for p in parts if isinstance(p, pikepdf.String))
            elif op in PAINTING:
                self._show("path" if op != "sh" else "shading", stack, holder, unmarked)
            elif op == "Do":
                xobject = resources.get("/XObject", Dictionary()).get(operands[0])
                if xobject is None:
                    continue
                if xobject.get("/Subtype") == Name.Form:
                    self.form_draws[key_of(xobject)] += 1
                    # A form with /StructParents has MCIDs of its own (MCRs with /Stm); without, its marks are the page's.
                    own = key_of(xobject) if "/StructParents" in xobject else holder
                    self._stream(xobject, xobject.get("/Resources", resources), own, stack, unmarked,
                                 f"{where} (form {key_of(xobject)})", depth + 1)
                else:
                    self._show("image", stack, holder, unmarked)
        if len(stack) != start:
            self.failures.append(f"content: {len(stack) - start} BMC/BDC left open at the end of a stream, on {where}")
            del stack[start:]

    def _begin(self, operands, resources, stack, where) -> None:
        tag = str(operands[0])[1:]
        props = operands[1] if len(operands) > 1 else None
        if isinstance(props, Name):  # a named property list in the resources
            props = resources.get("/Properties", Dictionary()).get(props)
        mcid = int(props["/MCID"]) if isinstance(props, Dictionary) and "/MCID" in props else None
        if isinstance(props, Dictionary) and "/Lang" in props:
            self.lang_objects.append((str(props.Lang), where))
        inside_artifact = any(entry[0] == "Artifact" for entry in stack)
        inside_tagged = any(entry[1] is not None for entry in stack)
        if tag == "Artifact" and inside_tagged:
            self.failures.append(f"01-003: an Artifact inside tagged content, on {where}")
        if mcid is not None and inside_artifact:
            self.failures.append(f"01-004: tagged content (MCID {mcid}) inside an Artifact, on {where}")
        stack.append((tag, mcid))

    def _show(self, what, stack, holder, unmarked) -> None:
        if any(entry[0] == "Artifact" for entry in stack):
            return
        mcid = next((entry[1] for entry in reversed(stack) if entry[1] is not None), None)
        if mcid is None:
            unmarked[what] += 1
        else:
            self.shown[holder].add(mcid)
