"""Changes the text at a content path in a book's YAML files, keeping every other byte, and writes all files or none.

Every model.Text knows its content path (`summary.yaml:blocks[2].section.title`).
An edit names a path and a locale; this module finds the locale mapping there
with PyYAML's composer (whose marks give each node's exact place in the file),
and rewrites only the characters of that one scalar, inserts one `locale: "…"`
line beside its siblings, or removes one. It also inserts or removes a whole
item of a block sequence (a block, a list item) and writes a `# comment` line
above a text. Comments, key order, quoting, blank lines and line endings
elsewhere stay as they were. XLIFF import and absorbing a Word draft use it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from briefing.content.yaml_places import (EditError, split_path, Span, apply, block_lines, compose, dash_before, item_start,  # noqa: F401
                                          last_scalar, line_end, quoted, shifted_steps, text_of, texts_in, walk,
                                          walk_to)
from briefing.safety.output import Staging



@dataclass(frozen=True)
class Change:
    """One planned change, as a person reviews it: where, which locale, the text before and after (None: absent)."""

    file: str
    line: int
    path: str
    locale: str
    old: str | None
    new: str | None

    def __str__(self) -> str:
        shown = lambda value: "(none)" if value is None else json.dumps(value, ensure_ascii=False)  # noqa: E731
        return f"{self.file}:{self.line}: {self.locale}: {shown(self.old)} → {shown(self.new)}"


@dataclass
class _FileEdits:
    text: str
    spans: list[Span] = field(default_factory=list)
    expected: list[tuple[str, list, str, str | None]] = field(default_factory=list)
    # Items inserted (+1) or removed (-1) in a sequence: (the sequence's steps, original index, delta).
    moves: list[tuple[tuple, int, int]] = field(default_factory=list)
    inserted: list[tuple[str, tuple, int, int, list, str, str]] = field(default_factory=list)


class ContentEdits:
    """Edits to one book's files, planned one by one and then applied together: every file is written, or none."""

    def __init__(self, folder: str | Path, locales: tuple[str, ...]):
        self.folder = Path(folder)
        self.locales = locales
        self.files: dict[str, _FileEdits] = {}
        self.changes: list[Change] = []
        self.touched: set[tuple[str, str]] = set()

    # -- planning ------------------------------------------------------------

    def set_text(self, content_path: str, locale: str, value: str) -> Change | None:
        """Plans `locale`'s text at the path to become `value` (inserted when absent); None when it already is."""
        file, steps, mapping, entries = self._locate(content_path, locale)
        edits = self.files[file]
        if locale in entries:
            key, node = entries[locale]
            if node.value == value and isinstance(node, yaml.ScalarNode):
                return None
            start, end = node.start_mark.index, node.end_mark.index
            region = edits.text[start:end]
            trailing = region[len(region.rstrip()):]  # a block scalar's end takes its line break along
            edits.spans.append(Span(start, end, quoted(value) + trailing))
            change = Change(file, key.start_mark.line + 1, content_path, locale, node.value, value)
        else:
            edits.spans.append(self._insertion(edits.text, mapping, entries, locale, value))
            change = Change(file, mapping.start_mark.line + 1, content_path, locale, None, value)
        edits.expected.append((content_path, steps, locale, value))
        self.changes.append(change)
        return change

    def remove_text(self, content_path: str, locale: str) -> Change | None:
        """Plans `locale`'s text at the path to be removed (its key line goes); None when it is absent."""
        file, steps, mapping, entries = self._locate(content_path, locale)
        if locale not in entries:
            return None
        if mapping.flow_style:
            raise EditError(f"{content_path}: cannot remove a locale from a flow mapping ({{…}}); write it in block style")
        edits = self.files[file]
        key, node = entries[locale]
        text = edits.text
        line_start = text.rfind("\n", 0, key.start_mark.index) + 1
        keys = [k for k, _ in mapping.value]
        if text[line_start:key.start_mark.index].strip():
            # `- en: …` shares its line with the list's dash: the next key moves up instead.
            following = keys[keys.index(key) + 1] if keys.index(key) + 1 < len(keys) else None
            if following is None:
                raise EditError(f"{content_path}: cannot remove the only text of a list item")
            edits.spans.append(Span(key.start_mark.index, following.start_mark.index, ""))
        else:
            edits.spans.append(Span(line_start, line_end(text, node.end_mark.index), ""))
        edits.expected.append((content_path, steps, locale, None))
        change = Change(file, key.start_mark.line + 1, content_path, locale, node.value, None)
        self.changes.append(change)
        return change

    def insert_item(self, sequence_path: str, index: int, value, order: int = 0) -> Change:
        """Plans a new item at `index` of the block sequence at the path (before the item now there, or at the end).

        `value` is the item: a text by locale ({"en": "…"}) or a one-key mapping
        around one ({"paragraph": {"en": "…"}}); it is written in block style,
        indented as its siblings. Items inserted at one place keep `order`.
        """
        file, steps = split_path(sequence_path)
        edits = self._file(file)
        sequence = walk_to(compose(edits.text, file), steps, sequence_path)
        if not isinstance(sequence, yaml.SequenceNode) or not sequence.value:
            raise EditError(f"{sequence_path}: not a list with items")
        if sequence.flow_style:
            raise EditError(f"{sequence_path}: cannot insert into a flow list ([…]); write it in block style")
        if not 0 <= index <= len(sequence.value):
            raise EditError(f"{sequence_path}: no place [{index}] there")
        text = edits.text
        sibling = sequence.value[min(index, len(sequence.value) - 1)]
        dash = dash_before(text, sibling.start_mark.index, sequence_path)
        column = dash - (text.rfind("\n", 0, dash) + 1)
        newline = "\r\n" if "\r\n" in text else "\n"
        lines = block_lines(value, column + 2)
        lines[0] = " " * column + "- " + lines[0].lstrip(" ")
        fragment = "".join(line + newline for line in lines)
        if index < len(sequence.value):
            position = item_start(text, dash, column)
        else:
            position = line_end(text, last_scalar(sequence.value[-1]).end_mark.index)
            if position == len(text) and not text.endswith("\n"):
                fragment = newline + fragment[:-len(newline)]
        edits.spans.append(Span(position, position, fragment, order))
        edits.moves.append((tuple(steps), index, +1))
        inner, locale, new = text_of(value)
        edits.inserted.append((sequence_path, tuple(steps), index, order, inner, locale, new))
        change = Change(file, text.count("\n", 0, position) + 1, f"{sequence_path}[{index}]", locale, None, new)
        self.changes.append(change)
        return change

    def remove_item(self, item_path: str) -> list[Change]:
        """Plans the removal of a whole sequence item (a block, a list item), with the comment lines just above it."""
        file, steps = split_path(item_path)
        if not steps or not isinstance(steps[-1], int):
            raise EditError(f"{item_path}: not an item of a list")
        edits = self._file(file)
        root = compose(edits.text, file)
        sequence = walk_to(root, steps[:-1], item_path)
        if not isinstance(sequence, yaml.SequenceNode) or steps[-1] >= len(sequence.value):
            raise EditError(f"{item_path}: no such item")
        if sequence.flow_style:
            raise EditError(f"{item_path}: cannot remove from a flow list ([…]); write it in block style")
        if len(sequence.value) == 1:
            raise EditError(f"{item_path}: the only item of its list")
        if any(move[0] == tuple(steps[:-1]) and move[1] == steps[-1] and move[2] < 0 for move in edits.moves):
            raise EditError(f"{item_path}: removed twice")
        item = sequence.value[steps[-1]]
        text = edits.text
        dash = dash_before(text, item.start_mark.index, item_path)
        column = dash - (text.rfind("\n", 0, dash) + 1)
        start = item_start(text, dash, column)
        end = line_end(text, last_scalar(item).end_mark.index)
        edits.spans.append(Span(start, end, ""))
        edits.moves.append((tuple(steps[:-1]), steps[-1], -1))
        changes = [Change(file, text.count("\n", 0, dash) + 1, item_path, locale, old, None)
                   for locale, old in texts_in(item)]
        self.changes.extend(changes)
        return changes

    def add_comment(self, content_path: str, locale: str, comment: str) -> bool:
        """Plans `# comment` lines above the locale's text at the path; False when that comment already stands there."""
        file, steps = split_path(content_path)
        edits = self._file(file)
        mapping = walk(compose(edits.text, file), steps, content_path)
        keys = {k.value: k for k, _ in mapping.value if isinstance(k, yaml.ScalarNode)}
        key = keys.get(locale) or next(iter(keys.values()))
        text = edits.text
        line_start = text.rfind("\n", 0, key.start_mark.index) + 1
        anchor = key.start_mark.index
        if text[line_start:anchor].strip():  # `- en: …`: above the dash
            anchor = dash_before(text, anchor, content_path)
        column = anchor - line_start
        newline = "\r\n" if "\r\n" in text else "\n"
        lines = [" " * column + "# " + line.strip() for line in comment.replace("\r", "").split("\n") if line.strip()]
        if not lines:
            return False
        block = "".join(line + newline for line in lines)
        if text[:line_start].endswith(block):
            return False
        edits.spans.append(Span(line_start, line_start, block, -1))
        return True

    def new_path(self, content_path: str) -> str:
        """Where a text at `content_path` stands once the planned items are inserted and removed."""
        file, steps = split_path(content_path)
        moves = self.files[file].moves if file in self.files else []
        shifted = shifted_steps(steps, moves)
        return file + ":" + "".join(f"[{step}]" if isinstance(step, int) else (f".{step}" if index else step)
                                    for index, step in enumerate(shifted))

    def _file(self, file: str) -> _FileEdits:
        if file not in self.files:
            path = self.folder / file
            try:
                self.files[file] = _FileEdits(path.read_bytes().decode("utf-8"))
            except (OSError, UnicodeDecodeError) as error:
                raise EditError(f"{file}: cannot read: {error}") from None
        return self.files[file]

    def _locate(self, content_path: str, locale: str):
        file, steps = split_path(content_path)
        if (content_path, locale) in self.touched:
            raise EditError(f"{content_path}: {locale!r} is edited twice")
        self._file(file)
        mapping = walk(compose(self.files[file].text, file), steps, content_path)
        entries = {}
        for key, value in mapping.value:
            if isinstance(key, yaml.ScalarNode):
                entries[key.value] = (key, value)
        self.touched.add((content_path, locale))
        return file, steps, mapping, entries

    def _insertion(self, text: str, mapping, entries, locale: str, value: str) -> Span:
        order = self.locales.index(locale) if locale in self.locales else len(self.locales)
        if mapping.flow_style:
            closing = text.rindex("}", 0, mapping.end_mark.index)
            return Span(closing, closing, f", {locale}: {quoted(value)}", order)
        keys = [key for key, _ in mapping.value]
        earlier = [entries[l] for l in self.locales[:order] if l in entries]
        newline = "\r\n" if "\r\n" in text else "\n"
        line = " " * keys[0].start_mark.column + f"{locale}: {quoted(value)}" + newline
        first = keys[0].start_mark.index
        first_line_start = text.rfind("\n", 0, first) + 1
        if not earlier and not text[first_line_start:first].strip():
            return Span(first_line_start, first_line_start, line, order)
        # After the value of the locale before it (or of the last key): after its whole line, comment included.
        after = earlier[-1][1] if earlier else mapping.value[-1][1]
        position = line_end(text, after.end_mark.index)
        if position == len(text) and not text.endswith("\n"):
            return Span(position, position, newline + line.rstrip("\r\n"), order)
        return Span(position, position, line, order)

    # -- applying ------------------------------------------------------------

    def new_contents(self) -> dict[str, bytes]:
        """Each changed file's new bytes, checked by reading them back: the edited values are there, nothing else moved."""
        contents: dict[str, bytes] = {}
        for file, edits in self.files.items():
            if not edits.spans:
                continue
            text = apply(edits.text, edits.spans, file)
            root = compose(text, file)
            for content_path, steps, locale, value in edits.expected:
                mapping = walk(root, shifted_steps(steps, edits.moves), content_path)
                found = {k.value: v for k, v in mapping.value if isinstance(k, yaml.ScalarNode)}
                now = found[locale].value if locale in found else None
                if now != value:  # a bug here, never the user's
                    raise AssertionError(f"{content_path}: {locale} reads {now!r} after the edit, not {value!r}")
            for sequence_path, steps, index, order, inner, locale, value in edits.inserted:
                before = sum(1 for other in edits.inserted if other[1] == steps and other[2] == index and other[3] < order)
                place = shifted_steps([*steps, index], [m for m in edits.moves if not (m[0] == steps and m[1] == index
                                                                                 and m[2] > 0)])
                place[-1] += before
                mapping = walk(root, place + inner, sequence_path)
                found = {k.value: v.value for k, v in mapping.value if isinstance(k, yaml.ScalarNode)}
                if found.get(locale) != value:  # a bug here, never the user's
                    raise AssertionError(f"{sequence_path}[{index}]: the inserted item reads {found!r}")
            contents[file] = text.encode("utf-8")
        return contents

    def apply(self, also: dict[Path, bytes] | None = None) -> list[Path]:
        """Writes every changed file (and `also`, such as the lock file) together: staged first, then moved into place."""
        contents = self.new_contents()
        with Staging() as staging:
            for file, data in contents.items():
                staging.stage(self.folder / file, lambda temporary, data=data: Path(temporary).write_bytes(data))
            for path, data in (also or {}).items():
                staging.stage(path, lambda temporary, data=data: Path(temporary).write_bytes(data))
            return staging.commit()
