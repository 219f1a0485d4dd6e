"""Every file of a book as records of fields: what the loader reads, and what the JSON Schema and docs/content-format.md say."""

from __future__ import annotations

import os

from briefing.book import model
from briefing.content.spec import (
    BOOL, DATE, ID, NUMBER, NUMBER_PATTERN, TEXT, ChoiceKind, Either, Field, ListKind, OneOf, Record, Ref, StringKind,
)
from briefing.content.yamlsource import Mapping, Scalar
from briefing.content.per_locale import DATE_STYLE, IMAGE_PATH, LOCALE_IMAGES, NAME_STYLE

ALIGNMENTS = ("left", "right", "center")
REGISTER_NUMBERING = ("none", "depth-1", "depth-2", "depth-3", "depth-4", "roman")
# Document facts a marker may test; a book may add its own under `facts:`.
KNOWN_FACTS = ("signed_at_ceremony", "requires_legislative_approval")
# What a register's date and place record: documents are not always signed.
ACTS = ("signed", "adopted", "exchanged", "issued")


# -- blocks ---------------------------------------------------------------------

LIST_ITEM = Record("list_item", "A list item with blocks nested under it.", [
    Field("text", TEXT, "The item's text.", required=True, example="text:\n  en: \"First point.\""),
    Field("blocks", ListKind(Ref("block")), "Blocks nested under the item (a sub-list, a paragraph)."),
], make=lambda v, node, where, r: model.ListItem(text=v["text"], blocks=v["blocks"] or ())
    if v["text"] else None)


class _BareItem(Record):
    """A list item written as its text alone (`- en: …`)."""

    def read(self, r, node, where):
        text = TEXT.read(r, node, where)
        return model.ListItem(text=text) if text else None

    def definition(self):
        return TEXT.schema()


BARE_ITEM = _BareItem("bare_item", "A list item given as its text alone.", [])

ITEM = Either("list item", lambda node: LIST_ITEM if isinstance(node, Mapping) and "text" in node.items
              else BARE_ITEM, [LIST_ITEM, BARE_ITEM])

SECTION = Record("section", "A titled group of blocks; numbered unless `numbered: false`.", [
    Field("title", TEXT, "The heading.", required=True),
    Field("blocks", ListKind(Ref("block")), "The blocks under the heading.", required=True),
    Field("numbered", BOOL, "Whether the heading gets a number from the locale's convention (default true)."),
], make=lambda v, node, where, r: model.Section(
    title=v["title"], blocks=v["blocks"] or (), numbered=True if v["numbered"] is None else v["numbered"]))


def _cell_kind(node):
    if isinstance(node, Mapping):
        return TEXT
    if isinstance(node, Scalar) and not node.quoted and NUMBER_PATTERN.fullmatch(node.text):
        return NUMBER_CELL
    return NEUTRAL_CELL


class _NumberCell(Record):
    def read(self, r, node, where):
        value = NUMBER.read(r, node, where)
        return model.Number(value, node.file, node.line) if value is not None else None

    def definition(self):
        return {"type": "number", "description": "A number, formatted by each locale (1,234.5 / 1 234,5)."}


class _NeutralCell(Record):
    def read(self, r, node, where):
        value = r.string(node, where)
        if value is None:
            return None
        # The same text in every locale (a code, a name): checked for every locale's fonts.
        return model.Text({locale: value for locale in r.locales}, node.file, node.line)

    def definition(self):
        return {"type": "string", "description": "Text that is the same in every locale (a code or an acronym)."}


NUMBER_CELL = _NumberCell("number_cell", "A number.", [])
NEUTRAL_CELL = _NeutralCell("neutral_cell", "Text the same in every locale.", [])
CELL = Either("cell: a number, a text by locale, or a text the same in every locale",
              _cell_kind, [NUMBER_CELL, TEXT, NEUTRAL_CELL])


def _table(values, node, where, r):
    header, rows, align = values["header"] or (), values["rows"] or (), values["align"] or ()
    width = len(header)
    row_nodes = node.items["rows"].items if "rows" in node.items and hasattr(node.items["rows"], "items") else []
    for index, (row, row_node) in enumerate(zip(rows, row_nodes)):
        if len(row) != width:
            r.fail(row_node, f"{where}.rows[{index}]: {len(row)} cells, but the header has {width}")
    if align and len(align) != width:
        r.fail(node.items["align"], f"{where}.align: {len(align)} alignments for {width} columns")
    decimals = values["decimals"]
    if decimals is not None and (decimals != decimals.to_integral_value() or not 0 <= decimals <= 12):
        r.fail(node.items["decimals"], f"{where}.decimals: a whole number from 0 to 12, found {decimals}")
        decimals = None
    return model.Table(header=tuple(header), rows=tuple(tuple(row) for row in rows), align=tuple(align),
                       caption=values["caption"], source=values["source"],
                       places=_places(rows, width, None if decimals is None else int(decimals)),
                       path=f"{os.path.basename(node.file)}:{where}")


def _places(rows, width: int, declared: int | None) -> tuple[int | None, ...]:
    """Per column, the decimals its numbers print with so they line up: the table's own count, else the most any
    number of the column was typed with (211 among 189.4 prints 211.0); None for a column without numbers."""
    places = []
    for column in range(width):
        numbers = [row[column].value for row in rows if column < len(row) and isinstance(row[column], model.Number)]
        if not numbers:
            places.append(None)
        else:
            places.append(declared if declared is not None else max(max(0, -n.as_tuple().exponent) for n in numbers))
    return tuple(places)


TABLE = Record("table", "A data table: a header row, rows of cells, alignment per column, caption and source.", [
    Field("header", ListKind(CELL, min_items=1), "The header row's cells.", required=True,
          example="header:\n  - en: \"Year\"\n  - en: \"Trade (USD million)\""),
    Field("rows", ListKind(ListKind(CELL), min_items=1), "The rows; each has as many cells as the header.",
          required=True, example="rows:\n  - [2008, 29830.5]"),
    Field("align", ListKind(ChoiceKind(*ALIGNMENTS)), "Per column: left, right or center (default left).",
          example="align: [left, right]"),
    Field("decimals", NUMBER, "How many decimals every number of the table prints with (default: per column, "
          "the most any of its numbers was typed with).", example="decimals: 1"),
    Field("caption", TEXT, "A caption above the table."),
    Field("source", TEXT, "A source note under the table."),
], make=_table)


def _figure(values, node, where, r):
    if values["image"] is None or values["caption"] is None or values["alt"] is None:
        return None
    image = node.items["image"]
    return model.Figure(path=values["image"], caption=values["caption"], alt=values["alt"],
                        file=image.file, line=image.line, by_locale=tuple((values["images"] or {}).items()))


FIGURE = Record("figure", "An image of the book folder (PNG or JPEG), scaled to the text width, with caption and alt text.", [
    Field("image", IMAGE_PATH,
          "The image file, relative to the book folder.", required=True, example="image: figures/trade.png"),
    Field("images", LOCALE_IMAGES, "An image per locale where the image's words are in one language (falls back "
          "to `image`).", example="images:\n  ja: figures/trade.ja.png"),
    Field("caption", TEXT, "The caption under the image.", required=True),
    Field("alt", TEXT, "What the image shows, for readers who cannot see it.", required=True),
], make=_figure)

BLOCK = OneOf("block", "One content block: a mapping with exactly one of these keys.", {
    "paragraph": TEXT,
    "bullets": ListKind(ITEM),
    "numbered": ListKind(ITEM),
    "section": SECTION,
    "table": TABLE,
    "figure": FIGURE,
})


class _Blocks(ListKind):
    """A list of blocks, turning each key's value into its model block."""

    def read(self, r, node, where):
        from briefing.content.yamlsource import Sequence

        if not isinstance(node, Sequence):
            r.fail(node, f"{where}: expected a list, found a {type(node).__name__.lower()}")
            return ()
        out = []
        for index, item in enumerate(node.items):
            block = _block(r, item, f"{where}[{index}]")
            if block is not None:
                out.append(block)
        return tuple(out)


def _block(r, node, where):
    value = BLOCK.read(r, node, where)
    if value is None:
        return None
    (kind,) = node.items
    if kind == "paragraph":
        return model.Paragraph(value)
    if kind == "bullets":
        return model.BulletList(tuple(value))
    if kind == "numbered":
        return model.NumberedList(tuple(value))
    return value


BLOCKS = _Blocks(Ref("block"))
# Sections and list items nest blocks: they read them with the same list.
for record in (LIST_ITEM, SECTION):
    for f in record.fields:
        if f.name == "blocks":
            f.kind = BLOCKS

MODULE = Record("module", "A prose module: the blocks of one part of the book, in reading order.", [
    Field("blocks", BLOCKS, "The module's blocks.", required=True,
          example="blocks:\n  - paragraph:\n      en: \"On 12 May …\""),
])

# -- the register ----------------------------------------------------------------

SIGNATORY = Record("signatory", "A person who signed, with the office they signed in.", [
    Field("name", TEXT, "The name as printed.", required=True),
    Field("office", TEXT, "The office, as printed before or after the name by the locale.", required=True),
], make=lambda v, node, where, r: model.Signatory(name=v["name"], office=v["office"]))

CATEGORY = Record("category", "A group of the register, in the order listed.", [
    Field("id", ID, "How documents name the category.", required=True, example="id: signed"),
    Field("title", TEXT, "The category's heading.", required=True),
    Field("note", TEXT, "A note printed under the heading."),
], make=lambda v, node, where, r: model.Category(id=v["id"], title=v["title"], note=v["note"]))

MARKER = Record("marker", "A symbol printed before (lead) or after (flag) a document's title when one of its facts has a value.", [
    Field("symbol", Either("symbol: one text, or a text by locale",
                           lambda node: TEXT if isinstance(node, Mapping) else StringKind(), [StringKind(), TEXT]),
          "The symbol, e.g. ◎; by locale where a language uses another (ja: ＊).", required=True,
          example="symbol: \"◎\""),
    Field("fact", ID, "The document fact it shows (signed_at_ceremony, requires_legislative_approval, "
          "or a fact of your own under a document's `facts:`).", required=True),
    Field("when", BOOL, "The fact's value that sets the marker (default true)."),
    Field("position", ChoiceKind("lead", "flag"), "lead: before the title (default); flag: after it."),
    Field("meaning", TEXT, "The legend's explanation of the symbol.", required=True),
], make=lambda v, node, where, r: model.Marker(
    symbol=_symbol(v["symbol"]), fact=v["fact"], when=True if v["when"] is None else v["when"],
    position=v["position"] or "lead", meaning=v["meaning"]) if v["symbol"] is not None and v["fact"] else None)


def _symbol(value) -> dict[str, str]:
    if isinstance(value, model.Text):
        return dict(value.by_locale)
    return {"*": value}


class _Facts(Record):
    """Further yes/no facts of a document, by name, for markers of the book's own."""

    def read(self, r, node, where):
        if not isinstance(node, Mapping):
            r.fail(node, f"{where}: expected a mapping of fact names to true or false")
            return {}
        facts = {}
        for key, value in node.items.items():
            if ID.read(r, Scalar(node.file, node.key_lines[key], text=key), f"{where}.{key}") is None:
                continue
            flag = BOOL.read(r, value, f"{where}.{key}")
            if flag is not None:
                facts[key] = flag
        return facts

    def definition(self):
        return {"type": "object", "description": self.doc, "additionalProperties": {"type": "boolean"}}


FACTS = _Facts("facts", "Further yes/no facts of a document, by name.", [])

DESCRIPTION = Either("description: a text by locale, or a list of blocks (paragraphs, bullets)",
                     lambda node: BLOCKS if not isinstance(node, Mapping) else TEXT, [TEXT, BLOCKS])


def _document(values, node, where, r):
    facts = dict(values["facts"] or {})
    for name in KNOWN_FACTS:
        if values[name] is not None:
            facts[name] = values[name]
    description = values["description"]
    if isinstance(description, model.Text):
        description = (model.Paragraph(description),)
    return model.OutcomeDocument(
        id=values["id"], category=values["category"], title=values["title"],
        signatories=values["signatories"] or (), description=description or (), facts=facts,
        signed_on=values["signed_on"], signed_in=values["signed_in"], act=values["act"] or "signed",
        file=node.file, line=node.line)


DOCUMENT = Record("document", "One document of the register.", [
    Field("id", ID, "A name for the document, unique in the register.", required=True),
    Field("category", ID, "The id of one of the register's categories.", required=True),
    Field("title", TEXT, "The document's title.", required=True),
    Field("signatories", ListKind(SIGNATORY), "Who signed it."),
    Field("description", DESCRIPTION, "What it does: one text, or paragraphs and lists."),
    Field("signed_on", DATE, "The date of signature."),
    Field("signed_in", TEXT, "The place of signature."),
    Field("act", ChoiceKind(*ACTS), "What signed_on and signed_in record: signed (default), adopted, exchanged "
          "or issued (\"Adopted in Tokyo on 12 May 2009\").", example="act: adopted"),
    Field("signed_at_ceremony", BOOL, "Signed at the signing ceremony (leave out when the source does not say)."),
    Field("requires_legislative_approval", BOOL, "Enacted only after legislative approval."),
    Field("facts", FACTS, "Further facts for the book's own markers, e.g. `facts: {commercial: true}`."),
], make=_document)

REGISTER = Record("register", "A register module: documents grouped by category, with markers and a legend.", [
    Field("title", TEXT, "The register's heading.", required=True),
    Field("subtitle", TEXT, "A line under the heading."),
    Field("categories", ListKind(CATEGORY, min_items=1), "The categories, in the order they are printed.",
          required=True),
    Field("markers", ListKind(MARKER), "The markers; leave out for ◎ ● * (ceremony, outside it, legislative "
          "approval), or give [] for none. The legend lists the markers in use."),
    Field("numbering", ChoiceKind(*REGISTER_NUMBERING),
          "Number the documents: the locale's style at a depth (depth-1: 1. / １), roman (I.), or none (default)."),
    Field("brackets", BOOL, "Print each description in brackets, once around all its paragraphs and lists "
          "(default true); false prints them bare.", example="brackets: false"),
    Field("documents", ListKind(DOCUMENT), "The documents, in order within each category.", required=True),
])

# -- book.yaml -------------------------------------------------------------------

PARTY = Record("party", "A side of the meeting.", [
    Field("id", ID, "How participants name the party.", required=True),
    Field("name", TEXT, "The party's name.", required=True),
], make=lambda v, node, where, r: model.Party(id=v["id"], name=v["name"]))

PARTICIPANT = Record("participant", "A principal of the meeting, printed in the participants block.", [
    Field("party", ID, "The id of one of the parties.", required=True),
    Field("name", TEXT, "The name.", required=True),
    Field("office", TEXT, "The office.", required=True),
], make=lambda v, node, where, r: model.Participant(party=v["party"], name=v["name"], office=v["office"]))

OUTLINE_MODULE = Record("outline_module", "A module in the body, read from MODULE.yaml.", [
    Field("module", ID, "The module's name: its file is MODULE.yaml beside book.yaml.", required=True),
], make=lambda v, node, where, r: model.OutlineModule(module=v["module"]))

OUTLINE_GROUP = Record("outline_group", "A numbered section whose content comes from several modules.", [
    Field("title", TEXT, "The section's heading.", required=True),
    Field("modules", ListKind(ID, min_items=1), "The modules under it, in order.", required=True),
], make=lambda v, node, where, r: model.OutlineGroup(title=v["title"], modules=v["modules"] or ()))

OUTLINE_ENTRY = Either("outline entry: a module, or a group of modules",
                       lambda node: OUTLINE_GROUP if isinstance(node, Mapping) and "modules" in node.items
                       else OUTLINE_MODULE, [OUTLINE_MODULE, OUTLINE_GROUP])


class _Pair(StringKind):
    title = "pair of locales (ja+en)"

    def read(self, r, node, where):
        value = r.string(node, where)
        if value is None:
            return None
        parts = value.split("+")
        if len(parts) != 2 or parts[0] == parts[1] or any(p not in r.locales for p in parts):
            r.fail(node, f"{where}: {value!r} is not a pair of two different declared locales (e.g. ja+en)")
            return None
        return (parts[0], parts[1])

    def schema(self):
        return {"type": "string", "pattern": "^[a-z]{2,3}\\+[a-z]{2,3}$"}


BOOK = Record("book", "book.yaml: the meeting, who met, the locales, and the order of the modules.", [
    Field("id", ID, "The book's id.", required=True, example="id: 2009-05-12-japan-russia"),
    Field("date", DATE, "The day of the meeting (the first day of a visit).", required=True, example="date: 2009-05-12"),
    Field("end_date", DATE, "The last day of a visit of several days."),
    Field("title", TEXT, "The meeting's title.", required=True),
    Field("subtitle", TEXT, "A line under the title (\"Overview\")."),
    Field("short_title", TEXT, "A short form for running heads and document properties.", required=True),
    Field("venue", TEXT, "Where the meeting took place."),
    Field("occasion", TEXT, "The occasion, e.g. \"on the margins of the G20 Summit\"."),
    Field("parties", ListKind(PARTY, min_items=1), "The sides of the meeting.", required=True),
    Field("participants", ListKind(PARTICIPANT), "The principals, printed by party.", required=True),
    Field("locales", ListKind(StringKind(), min_items=1), "The locales every text is written in.", required=True,
          example="locales: [en, ja]"),
    Field("source_locale", StringKind(), "The locale translations are made from (default: the first of locales); "
          "a translation whose source text changed since it was reviewed is stale."),
    Field("bilingual", ListKind(_Pair()), "The bilingual books built by default, primary locale first.",
          example="bilingual: [ja+en]"),
    Field("author", TEXT, "Who issues the book (document properties)."),
    Field("classification", TEXT, "The marking printed on every page; leave out for none."),
    Field("markings", ListKind(TEXT), "Markings a user may ask for with --marking, translated per locale."),
    Field("date_style", DATE_STYLE, "The date style per locale (default long).", example="date_style:\n  en: day-month\n  ja: era"),
    Field("name_style", NAME_STYLE, "How a participant or signatory prints per locale (default: the language's "
          "own, name-office in English and French).", example="name_style:\n  en: office-name"),
    Field("contents", ChoiceKind("auto", "yes", "no"),
          "A contents page: yes, no, or auto (default: none when the body fits on about two pages)."),
    Field("outline", ListKind(OUTLINE_ENTRY, min_items=1), "The body in reading order.", required=True,
          example="outline:\n  - module: summary\n  - title:\n      en: \"Issues\"\n    modules: [trade]"),
])

# -- glossary.yaml ---------------------------------------------------------------


class _GlossaryEntry(Record):
    """A term in every locale; `<locale>_match` is a regular expression for the forms running text uses."""

    def read(self, r, node, where):
        if not isinstance(node, Mapping):
            r.fail(node, f"{where}: expected a mapping of locale to term")
            return None
        entry = {}
        for key, value in node.items.items():
            base = key[:-6] if key.endswith("_match") else key
            if key != "note" and base not in r.locales:
                r.problems.add(node.file, node.key_lines[key], f"{where}: unknown field {key!r}; expected a "
                               f"declared locale, <locale>_match or note")
                continue
            text = r.string(value, f"{where}.{key}")
            if text is not None:
                entry[key] = text
        return entry

    def definition(self):
        return {"type": "object", "description": self.doc,
                "patternProperties": {"^[a-z]{2,3}(_match)?$": {"type": "string"}, "^note$": {"type": "string"}},
                "additionalProperties": False}


GLOSSARY_ENTRY = _GlossaryEntry("glossary_entry", "A term in every locale, with optional regular expressions "
                                "(<locale>_match) for the forms running text uses, and a note.", [])

# The files of a book, each with its schema file name and what the docs call it.
FILES = {
    "book": (BOOK, "book.schema.json", "book.yaml"),
    "module": (MODULE, "module.schema.json", "a prose module (MODULE.yaml)"),
    "register": (REGISTER, "register.schema.json", "a register module (MODULE.yaml with documents:)"),
}
