"""Strict YAML reading: turns one file into located mappings, sequences and scalars, refusing what YAML should not do here."""

from __future__ import annotations

from dataclasses import dataclass, field

import os

import yaml

from briefing.errors import Problems

# Bounds that keep a hostile file from costing unbounded time or memory.
MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 40

# Tags the YAML core schema resolves on its own; anything else was typed by
# hand (`!!python/object`, `!custom`) and is refused.
_CORE_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}

try:  # libyaml is several times faster and keeps the same marks
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - pure-Python PyYAML
    _Loader = yaml.SafeLoader


@dataclass
class Node:
    """Anything read from YAML, with the file and 1-based line it starts on.

    `key_line` is the line of the key that introduces it, where messages about
    the field as a whole (a missing translation) should point.
    """

    file: str
    line: int
    key_line: int = 0


@dataclass
class Scalar(Node):
    """A scalar kept as the text the author typed, so `NO` or `1.10` never turns into a bool or a float."""

    text: str = ""
    quoted: bool = False


@dataclass
class Sequence(Node):
    """A YAML list."""

    items: list[Node] = field(default_factory=list)


@dataclass
class Mapping(Node):
    """A YAML mapping with string keys, in file order; `key_lines` says where each key stands."""

    items: dict[str, Node] = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)


def kind_name(node: Node) -> str:
    """Names a node's kind the way an error message should."""
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    return "text" if node.text else "an empty value"


def read_yaml(path: str, shown_as: str, problems: Problems, inside: str | None = None) -> Mapping | None:
    """Reads one file whose top level must be a mapping; reports problems and returns None on failure.

    With `inside`, the file must really lie in that folder: a link out of it is refused.
    """
    from briefing.safety.guarded import Refused, read

    try:  # regular files only, inside the book, within the size cap (briefing/safety/guarded.py)
        raw = read(path, "content file", inside=inside).data
    except Refused as refused:
        problems.add(shown_as, 1, str(refused))
        return None
    if raw.startswith(b"\xef\xbb\xbf") or raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.add(shown_as, 1, "file starts with a byte-order mark; save it as UTF-8 without BOM")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problems.add(shown_as, line, f"not UTF-8: byte 0x{raw[error.start]:02x} cannot be decoded")
        return None
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        problems.add(shown_as, 1, "file is empty")
        return None
    try:
        if "&" in text and _refuse_aliases(text, shown_as, problems):
            return None
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        message = error.problem or error.context
        problems.add(shown_as, line, f"YAML syntax: {message}{_fix_for(message or '', text, mark)}")
        return None
    except yaml.YAMLError as error:
        problems.add(shown_as, 1, f"YAML syntax: {error}")
        return None
    if root is None:
        problems.add(shown_as, 1, "file is empty")
        return None
    converted = _Converter(shown_as, problems).convert(root, 0)
    if converted is None:
        return None
    if not isinstance(converted, Mapping):
        problems.add(shown_as, converted.line, f"expected a mapping at the top level, found {kind_name(converted)}")
        return None
    return converted


def _fix_for(message: str, text: str, mark) -> str:
    """The usual fix for the syntax errors people make most, after PyYAML's own words (its line is kept)."""
    if "cannot start any token" in message and mark is not None:
        char = text[mark.index] if mark.index < len(text) else ""
        if char == "\t":
            return "; a tab cannot indent YAML; use spaces"
        if char in "@`":
            return f"; a text starting with {char} must be quoted"
    if "mapping values are not allowed" in message:
        return "; a text containing ': ' must be quoted or written as a block (|)"
    return ""


def _within(path: str, folder: str) -> bool:
    real = os.path.realpath(path)
    return os.path.commonpath([real, os.path.realpath(folder)]) == os.path.realpath(folder)


def _refuse_aliases(text: str, shown_as: str, problems: Problems) -> bool:
    """Reports every alias where it is used (composed nodes only remember the anchor's line)."""
    found = False
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            problems.add(shown_as, event.start_mark.line + 1, "YAML anchors and aliases are not allowed; write the value out")
            found = True
    return found


class _Converter:
    """Walks PyYAML's node graph once, refusing aliases, foreign tags, duplicate keys and deep nesting."""

    def __init__(self, file: str, problems: Problems):
        self.file = file
        self.problems = problems
        self.seen: set[int] = set()

    def fail(self, node: yaml.Node, message: str) -> None:
        self.problems.add(self.file, node.start_mark.line + 1, message)

    def convert(self, node: yaml.Node, depth: int) -> Node | None:
        line = node.start_mark.line + 1
        # An alias hands back a node already seen: refusing it bounds the
        # work of a "billion laughs" file to the size of the text.
        if id(node) in self.seen:
            self.fail(node, "YAML anchors and aliases are not allowed; write the value out")
            return None
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            self.fail(node, f"nesting deeper than {MAX_DEPTH} levels")
            return None
        if node.tag not in _CORE_TAGS:
            self.fail(node, f"YAML tag {node.tag!r} is not allowed")
            return None
        if isinstance(node, yaml.ScalarNode):
            return Scalar(self.file, line, text=node.value, quoted=node.style in ("'", '"', "|", ">"))
        if isinstance(node, yaml.SequenceNode):
            items = [self.convert(item, depth + 1) for item in node.value]
            return Sequence(self.file, line, items=[item for item in items if item is not None])
        mapping = Mapping(self.file, line)
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.fail(key_node, "YAML merge keys (<<) are not allowed; write the values out")
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _CORE_TAGS:
                self.fail(key_node, "keys must be plain names")
                continue
            key = key_node.value
            if key in mapping.items:
                self.fail(key_node, f"duplicate key {key!r} (first at line {mapping.key_lines[key]})")
                continue
            value = self.convert(value_node, depth + 1)
            if value is not None:
                value.key_line = key_node.start_mark.line + 1
                mapping.items[key] = value
                mapping.key_lines[key] = value.key_line
        return mapping
