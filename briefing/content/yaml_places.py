"""Where a content path stands in a YAML file's own text: its node, an item's first line, a block's lines, and spans applied to the text."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import yaml

_STEP = re.compile(r"\.?([A-Za-z0-9_-]+)|\[(\d+)\]")


def quoted(value: str) -> str:
    """A YAML double-quoted scalar for `value` (JSON's string syntax is a subset of it)."""
    return json.dumps(value, ensure_ascii=False)


def split_path(content_path: str) -> tuple[str, list[str | int]]:
    """`summary.yaml:blocks[2].paragraph` as its file name and steps ["blocks", 2, "paragraph"]."""
    file, _, rest = content_path.partition(":")
    if not file or not rest or "/" in file or "\\" in file or file.startswith("."):
        raise EditError(f"{content_path!r} is not a content path (file.yaml:key[index].key…)")
    steps: list[str | int] = []
    position = 0
    while position < len(rest):
        match = _STEP.match(rest, position)
        if match is None or (match.group(0).startswith(".") and position == 0):
            raise EditError(f"{content_path!r} is not a content path (file.yaml:key[index].key…)")
        steps.append(match.group(1) if match.group(1) is not None else int(match.group(2)))
        position = match.end()
    return file, steps


class EditError(Exception):
    """A content path that does not lead to a text mapping, or an edit the file's layout cannot take."""


@dataclass
class Span:
    start: int
    end: int
    replacement: str
    order: int = 0  # among insertions at one place: the locale order



def compose(text: str, file: str):
    # The pure-Python composer: its marks count characters of this very string (libyaml's need not).
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        raise EditError(f"{file}: YAML syntax: {error}") from None


def walk(node, steps: list, content_path: str):
    """The text mapping (locale to text) at the steps."""
    node = walk_to(node, steps, content_path)
    if not isinstance(node, yaml.MappingNode):
        raise EditError(f"{content_path}: not a text by locale")
    return node


def walk_to(node, steps: list, content_path: str):
    """The node at the steps, whatever it is."""
    for step in steps:
        if isinstance(step, int):
            if not isinstance(node, yaml.SequenceNode) or step >= len(node.value):
                raise EditError(f"{content_path}: no item [{step}] there")
            node = node.value[step]
        else:
            if not isinstance(node, yaml.MappingNode):
                raise EditError(f"{content_path}: no key {step!r} there")
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == step:
                    node = value
                    break
            else:
                raise EditError(f"{content_path}: no key {step!r} there")
    return node


def shifted_steps(steps, moves) -> list:
    """Original steps as they read after items were inserted into or removed from the sequences they pass through."""
    out = list(steps)
    for position, step in enumerate(steps):
        if not isinstance(step, int):
            continue
        prefix = tuple(steps[:position])
        out[position] = step + sum(delta for sequence, index, delta in moves if sequence == prefix and (
            index < step or (index == step and delta > 0)))
    return out


def last_scalar(node):
    """The last scalar inside a node: where its text really ends (a block's own end mark lies past comments)."""
    while not isinstance(node, yaml.ScalarNode):
        if isinstance(node, yaml.MappingNode) and node.value:
            node = node.value[-1][1]
        elif isinstance(node, yaml.SequenceNode) and node.value:
            node = node.value[-1]
        else:
            return node
    return node


def dash_before(text: str, index: int, content_path: str) -> int:
    """Where the `-` of the block sequence item starting at `index` stands."""
    dash = text.rfind("-", 0, index)
    if dash < 0 or text[dash + 1:index].strip() or (dash + 1 < len(text) and text[dash + 1] not in " \r\n"):
        raise EditError(f"{content_path}: the item is not written in block style (- …)")
    return dash


def item_start(text: str, dash: int, column: int) -> int:
    """The start of an item's first line, or of the comment lines at its indent just above it (they belong to it)."""
    start = text.rfind("\n", 0, dash) + 1
    if text[start:dash].strip():
        raise EditError("a list item that shares its line with its parent key")
    while start > 0:
        previous = text.rfind("\n", 0, start - 1) + 1
        line = text[previous:start].rstrip("\r\n")
        if line.strip().startswith("#") and len(line) - len(line.lstrip(" ")) == column:
            start = previous
        else:
            break
    return start


def block_lines(value, indent: int) -> list[str]:
    """A text mapping, or one-key mappings around one, as block-style YAML lines at `indent`."""
    lines = []
    for key, inner in value.items():
        if isinstance(inner, dict):
            lines.append(" " * indent + f"{key}:")
            lines.extend(block_lines(inner, indent + 2))
        else:
            lines.append(" " * indent + f"{key}: {quoted(inner)}")
    return lines


def text_of(value) -> tuple[list, str, str]:
    """The steps down to the text mapping of an item to insert, and its (first) locale and text."""
    steps = []
    while True:
        (key, inner), *rest = value.items()
        if isinstance(inner, dict):
            steps.append(key)
            value = inner
        else:
            return steps, key, inner


def texts_in(node) -> list[tuple[str, str]]:
    """(locale, text) of the first text mapping inside a node: what a removed item said."""
    if isinstance(node, yaml.MappingNode):
        pairs = [(k.value, v.value) for k, v in node.value if isinstance(v, yaml.ScalarNode)]
        if pairs:
            return pairs
        for _, value in node.value:
            found = texts_in(value)
            if found:
                return found
    return []


def line_end(text: str, index: int) -> int:
    """The start of the line after the one `index` stands on (a block scalar's end already stands there)."""
    if index > 0 and text[index - 1] == "\n":
        return index
    found = text.find("\n", index)
    return len(text) if found < 0 else found + 1


def apply(text: str, spans: list[Span], file: str) -> str:
    ordered = sorted(spans, key=lambda s: (s.start, s.end, s.order))
    for before, after in zip(ordered, ordered[1:]):
        if after.start < before.end:
            raise EditError(f"{file}: two edits overlap at character {after.start}")
    pieces = []
    position = 0
    for span in ordered:
        pieces.append(text[position:span.start])
        pieces.append(span.replacement)
        position = span.end
    pieces.append(text[position:])
    return "".join(pieces)


def line_in_book(folder, content_path: str) -> int:
    """The line where a content path (a table's row, say, which is no text) starts in its file of the book; 1 if it is
    not there (the file changed since, or the path does not name a file of the book)."""
    import os

    from briefing.safety import guarded

    file, _, steps_text = content_path.partition(":")
    if not file or "/" in file or "\\" in file or file.startswith(".") or not steps_text:
        return 1
    try:
        _, steps = split_path(content_path)
        data = guarded.read(os.path.join(folder, file), "content file", inside=folder).data
        return walk_to(compose(data.decode("utf-8"), file), steps, content_path).start_mark.line + 1
    except (guarded.Refused, EditError, UnicodeDecodeError, OSError):
        return 1
