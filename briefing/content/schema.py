"""The typed schema: checks located YAML against what each field must be and builds model objects, reporting every problem."""

from __future__ import annotations

import datetime
import os
import re
from typing import Callable, TypeVar

from briefing.content.yamlsource import Mapping, Node, Scalar, Sequence, kind_name
from briefing.errors import Problems

T = TypeVar("T")

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

# The longest text one field may hold.  A briefing paragraph is a few hundred
# characters; past this, laying out one paragraph across many pages grows
# quadratically in ReportLab, so the build is refused rather than left to crawl.
MAX_TEXT = 20_000

# Characters no output format can carry, and bidirectional controls and marks:
# one rule for every input (briefing/safety/characters.py).
from briefing.safety.characters import BIDI as _BIDI_CONTROLS, MARKS as _MARKS, UNPRINTABLE as _UNPRINTABLE  # noqa: E402


class Fields:
    """Reads one mapping against its declared fields: unknown keys, missing keys and types are all reported."""

    def __init__(self, node: Node, where: str, required: set[str], optional: set[str], problems: Problems):
        self.problems = problems
        self.where = where
        self.ok = isinstance(node, Mapping)
        self.node = node
        if not self.ok:
            problems.add(node.file, node.line, f"{where}: expected a mapping, found {kind_name(node)}")
            self.items: dict[str, Node] = {}
            return
        assert isinstance(node, Mapping)
        self.items = node.items
        allowed = required | optional
        for key in node.items:
            if key not in allowed:
                hint = f"; expected one of: {', '.join(sorted(allowed))}" if allowed else ""
                problems.add(node.file, node.key_lines[key], f"{where}: unknown field {key!r}{hint}")
        for key in sorted(required - node.items.keys()):
            problems.add(node.file, node.line, f"{where}: missing field {key!r}")

    def get(self, key: str, read: Callable[[Node, str], T], default: T | None = None) -> T | None:
        node = self.items.get(key)
        if node is None:
            return default
        return read(node, f"{self.where}.{key}" if self.where else key)


class Reader:
    """Turns located nodes into checked values; knows the locales every text must have."""

    def __init__(self, problems: Problems, locales: tuple[str, ...], source_locale: str | None = None):
        self.problems = problems
        self.locales = locales
        # Only the source locale is required of every text; a missing translation is a state, not an error.
        self.source_locale = source_locale or locales[0]

    def fail(self, node: Node, message: str) -> None:
        self.problems.add(node.file, node.line, message)

    def fields(self, node: Node, where: str, required: set[str], optional: set[str] = frozenset()) -> Fields:
        return Fields(node, where, set(required), set(optional), self.problems)

    # -- scalars -----------------------------------------------------------

    def string(self, node: Node, where: str) -> str | None:
        if not isinstance(node, Scalar):
            self.fail(node, f"{where}: expected text, found {kind_name(node)}")
            return None
        self.check_characters(node, where, node.text)
        return node.text

    def identifier(self, node: Node, where: str) -> str | None:
        value = self.string(node, where)
        if value is not None and not _ID.match(value):
            self.fail(node, f"{where}: {value!r} is not an id (lower-case letters, digits, '-' and '_')")
            return None
        return value

    def boolean(self, node: Node, where: str) -> bool | None:
        # Only YAML 1.2 spellings: `yes`, `on` or `NO` are refused rather than guessed.
        if isinstance(node, Scalar) and not node.quoted and node.text in ("true", "false"):
            return node.text == "true"
        shown = node.text if isinstance(node, Scalar) else kind_name(node)
        self.fail(node, f"{where}: expected true or false, found {shown!r}")
        return None

    def date(self, node: Node, where: str) -> datetime.date | None:
        text = node.text if isinstance(node, Scalar) else None
        try:
            if text is None or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                raise ValueError
            return datetime.date.fromisoformat(text)
        except ValueError:
            shown = text if text is not None else kind_name(node)
            self.fail(node, f"{where}: expected a date as YYYY-MM-DD, found {shown!r}")
            return None

    def choice(self, node: Node, where: str, allowed: tuple[str, ...]) -> str | None:
        value = self.string(node, where)
        if value is not None and value not in allowed:
            self.fail(node, f"{where}: unknown value {value!r}; expected one of: {', '.join(allowed)}")
            return None
        return value

    def check_characters(self, node: Node, where: str, text: str) -> None:
        if len(text) > MAX_TEXT:
            self.problems.add(node.file, node.line,
                              f"{where}: text of {len(text):,} characters is longer than {MAX_TEXT:,}; split it")
            return
        found = _BIDI_CONTROLS.search(text)
        if found:
            # Word applies these, so the draft would read differently from the PDF (and from the source).
            line = node.line + text.count("\n", 0, found.start())
            kind = "a directional mark" if found.group(0) in _MARKS else "a bidirectional control"
            self.problems.add(node.file, line, f"{where}: character U+{ord(found.group(0)):04X} would reorder the "
                                               f"text in Word ({kind}); remove it")
            return
        found = _UNPRINTABLE.search(text)
        if found:
            char = found.group(0)
            line = node.line + text.count("\n", 0, found.start())
            self.problems.add(node.file, line, f"{where}: character U+{ord(char):04X} cannot be printed; remove it")

    # -- composites ----------------------------------------------------------

    def list_of(self, node: Node, where: str, read: Callable[[Node, str], T]) -> tuple[T, ...]:
        if not isinstance(node, Sequence):
            self.fail(node, f"{where}: expected a list, found {kind_name(node)}")
            return ()
        values = [read(item, f"{where}[{index}]") for index, item in enumerate(node.items)]
        return tuple(value for value in values if value is not None)

    def text(self, node: Node, where: str):
        """Reads a locale mapping (`en: ...`, `ja: ...`): the source locale present, no undeclared one.

        The text keeps its content path (file name and `where`) and each locale's line.
        """
        from briefing.book.model import Text

        if not isinstance(node, Mapping):
            self.fail(node, f"{where}: expected texts by locale (e.g. en: ...), found {kind_name(node)}")
            return None
        by_locale: dict[str, str] = {}
        for locale, value in node.items.items():
            line = node.key_lines[locale]
            if locale not in self.locales:
                declared = ", ".join(self.locales)
                self.problems.add(node.file, line, f"{where}: locale {locale!r} is not declared in book.yaml ({declared})")
                continue
            string = self.string(value, f"{where}.{locale}")
            if string is None:
                continue
            if not string.strip():
                self.problems.add(node.file, line, f"{where}: empty {locale!r} text")
                continue
            by_locale[locale] = string
        line = node.key_line or node.line
        if self.source_locale not in node.items:
            self.problems.add(node.file, line, f"{where}: missing {self.source_locale!r} text (the source locale)")
        lines = {locale: node.key_lines[locale] for locale in by_locale}
        return Text(by_locale, node.file, line, path=f"{os.path.basename(node.file)}:{where}", lines=lines)

