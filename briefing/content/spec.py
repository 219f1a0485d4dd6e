"""The content format declared once: kinds of value and records of fields, which read located YAML and describe themselves as JSON Schema and documentation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from briefing.content.schema import _ID, Reader
from briefing.content.yamlsource import Mapping, Node, Scalar, Sequence, kind_name

LOCALE_KEY = "^[a-z]{2,3}$"


class Kind:
    """A kind of value a field may hold: how it is read, how JSON Schema and the docs describe it."""

    title = "value"
    error = ""  # the message a user gets when the value is of the wrong kind

    def read(self, r: Reader, node: Node, where: str) -> Any:
        raise NotImplementedError

    def schema(self) -> dict:
        raise NotImplementedError


class TextKind(Kind):
    title = "text by locale"
    error = "missing 'ja' text  /  locale 'de' is not declared in book.yaml"

    def read(self, r, node, where):
        return r.text(node, where)

    def schema(self):
        return {"type": "object", "description": "One text per locale of the book, e.g. en: ..., ja: ...",
                "patternProperties": {LOCALE_KEY: {"type": "string", "minLength": 1}},
                "additionalProperties": False, "minProperties": 1}


class StringKind(Kind):
    title = "text"
    error = "expected text, found a mapping"

    def __init__(self, pattern: str | None = None, hint: str = ""):
        self.pattern = pattern
        self.hint = hint

    def read(self, r, node, where):
        value = r.string(node, where)
        if value is not None and self.pattern and not re.fullmatch(self.pattern, value):
            r.fail(node, f"{where}: {value!r} is not {self.hint}")
            return None
        return value

    def schema(self):
        out = {"type": "string"}
        if self.pattern:
            out["pattern"] = f"^(?:{self.pattern})$"
        return out


class IdKind(Kind):
    title = "id"
    error = "'Foo Bar' is not an id (lower-case letters, digits, '-' and '_')"

    def read(self, r, node, where):
        return r.identifier(node, where)

    def schema(self):
        return {"type": "string", "pattern": _ID.pattern}


class BoolKind(Kind):
    title = "true or false"
    error = "expected true or false, found 'yes'"

    def read(self, r, node, where):
        return r.boolean(node, where)

    def schema(self):
        return {"type": "boolean"}


class DateKind(Kind):
    title = "date (YYYY-MM-DD)"
    error = "expected a date as YYYY-MM-DD, found '12 May 2009'"

    def read(self, r, node, where):
        return r.date(node, where)

    def schema(self):
        # The YAML language server reads an unquoted date as a string.
        return {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}


class ChoiceKind(Kind):
    error = "unknown value 'x'; expected one of: …"

    def __init__(self, *values: str):
        self.values = values
        self.title = "one of " + ", ".join(f"`{v}`" for v in values)

    def read(self, r, node, where):
        return r.choice(node, where, self.values)

    def schema(self):
        return {"enum": list(self.values)}


NUMBER_PATTERN = re.compile(r"-?\d+(\.\d+)?")  # a number as typed: digits, an optional sign and decimals


class NumberKind(Kind):
    title = "number"
    error = "expected a number such as 1234.5, found '1,234'"

    def read(self, r, node, where):
        from decimal import Decimal

        if isinstance(node, Scalar) and not node.quoted and NUMBER_PATTERN.fullmatch(node.text):
            return Decimal(node.text)
        shown = node.text if isinstance(node, Scalar) else kind_name(node)
        r.fail(node, f"{where}: expected a number such as 1234.5, found {shown!r}")
        return None

    def schema(self):
        return {"type": "number"}


class ListKind(Kind):
    error = "expected a list, found a mapping"

    def __init__(self, item: Kind, min_items: int = 0):
        self.item = item
        self.min_items = min_items

    @property
    def title(self):
        return f"list of {resolve(self.item).title}"

    def read(self, r, node, where):
        values = r.list_of(node, where, _bound(r, self.item))
        if isinstance(node, Sequence) and len(node.items) < self.min_items:
            r.fail(node, f"{where}: needs at least {self.min_items} item(s)")
        return values

    def schema(self):
        out = {"type": "array", "items": schema_of(self.item)}
        if self.min_items:
            out["minItems"] = self.min_items
        return out


@dataclass
class Field:
    """One key of a record: its kind, whether it is required, what it means and an example."""

    name: str
    kind: Kind
    doc: str
    required: bool = False
    example: str = ""


class Record(Kind):
    """A mapping with declared fields; `make` turns the values read into a model object."""

    error = "unknown field 'x'; expected one of: …  /  missing field 'x'"

    def __init__(self, name: str, doc: str, fields: list[Field], make: Callable | None = None):
        self.name = name
        self.title = name
        self.doc = doc
        self.fields = fields
        self.make = make
        DEFINITIONS[name] = self

    def read(self, r, node, where):
        required = {f.name for f in self.fields if f.required}
        optional = {f.name for f in self.fields if not f.required}
        found = r.fields(node, where, required, optional)
        if not found.ok:
            return None
        values = {f.name: found.get(f.name, _bound(r, f.kind)) for f in self.fields}
        return self.make(values, node, where, r) if self.make else values

    def schema(self):
        return {"$ref": f"#/$defs/{self.name}"}

    def definition(self) -> dict:
        return {
            "type": "object",
            "description": self.doc,
            "properties": {f.name: {**schema_of(f.kind), "description": f.doc} for f in self.fields},
            "required": [f.name for f in self.fields if f.required],
            "additionalProperties": False,
        }


class OneOf(Kind):
    """A mapping with exactly one key, which names the kind of what it holds (a block: `paragraph: …`)."""

    error = "a block is one of paragraph, bullets, … (a mapping with exactly one of these keys)"

    def __init__(self, name: str, doc: str, choices: dict[str, Kind]):
        self.name = name
        self.title = name
        self.doc = doc
        self.choices = choices
        DEFINITIONS[name] = self

    def read(self, r, node, where):
        kinds = ", ".join(self.choices)
        if not isinstance(node, Mapping) or len(node.items) != 1:
            r.fail(node, f"{where}: a {self.name} is one of {kinds} (a mapping with exactly one of these keys)")
            return None
        (key, value), = node.items.items()
        if key not in self.choices:
            r.problems.add(node.file, node.key_lines[key],
                           f"{where}.{key}: unknown {self.name} kind {key!r}; expected one of: {kinds}")
            return None
        return resolve(self.choices[key]).read(r, value, f"{where}.{key}")

    def schema(self):
        return {"$ref": f"#/$defs/{self.name}"}

    def definition(self) -> dict:
        return {
            "description": self.doc,
            "oneOf": [{"type": "object", "properties": {key: schema_of(kind)}, "required": [key],
                       "additionalProperties": False} for key, kind in self.choices.items()],
        }


class Either(Kind):
    """One of several shapes, told apart by the YAML node itself (a text or a mapping with `text:`)."""

    error = "expected one of the shapes listed"

    def __init__(self, title: str, pick: Callable[[Node], Kind], options: list[Kind]):
        self.title = title
        self.pick = pick
        self.options = options

    def read(self, r, node, where):
        return resolve(self.pick(node)).read(r, node, where)

    def schema(self):
        return {"anyOf": [schema_of(option) for option in self.options]}


class Ref(Kind):
    """A kind defined later by name (blocks hold sections that hold blocks)."""

    def __init__(self, name: str):
        self.name = name

    @property
    def title(self):
        return self.name

    def read(self, r, node, where):
        return DEFINITIONS[self.name].read(r, node, where)

    def schema(self):
        return {"$ref": f"#/$defs/{self.name}"}


DEFINITIONS: dict[str, Kind] = {}


def _bound(r: Reader, kind: Kind) -> Callable[[Node, str], Any]:
    """The kind's reader with the Reader bound, in the shape the schema's Fields and list_of call."""
    return lambda node, where: resolve(kind).read(r, node, where)


def resolve(kind: Kind) -> Kind:
    return DEFINITIONS[kind.name] if isinstance(kind, Ref) else kind


def schema_of(kind: Kind) -> dict:
    return kind.schema()


def reachable(root: Kind) -> list[Kind]:
    """Every named definition a root record uses, in first-use order (for $defs and the docs)."""
    seen: dict[str, Kind] = {}

    def visit(kind: Kind) -> None:
        kind = resolve(kind)
        if isinstance(kind, (Record, OneOf)):
            if kind.name in seen:
                return
            seen[kind.name] = kind
            children = [f.kind for f in kind.fields] if isinstance(kind, Record) else list(kind.choices.values())
        elif isinstance(kind, ListKind):
            children = [kind.item]
        elif isinstance(kind, Either):
            children = kind.options
        else:
            children = []
        for child in children:
            visit(child)

    visit(root)
    return list(seen.values())


TEXT = TextKind()
ID = IdKind()
BOOL = BoolKind()
DATE = DateKind()
NUMBER = NumberKind()
