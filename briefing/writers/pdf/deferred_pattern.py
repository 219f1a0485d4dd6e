"""Imports ReportLab's paragraph module with its URL pattern compiled on first use, not on import.

`reportlab.platypus.paragraph` compiles `uri_pat` when it is imported: a
case-insensitive pattern over U+00A1-U+FFFF, for which `re` folds the case
of every character of that range, 25 to 30 ms, a twelfth of a short build in
its own process. ReportLab matches it against each word it would hyphenate
(to split a URL at its slashes instead), but a match must begin with a scheme
and "://": a word without "://" is answered without the pattern, which is
compiled the first time a word has one.
"""

from __future__ import annotations

import re
import sys

# How `uri_pat` begins (ReportLab 5, from Django's URL validator). Any other pattern is compiled as usual, so a
# ReportLab that changes it loses only the saving, which tests/test_deferred_pattern.py then reports.
URI_PATTERN_START = "(^(?:[a-z0-9\\.\\-\\+]*)://)"
_compile = re.compile  # the real one, also while the import below has re.compile replaced


class CompiledOnFirstUse:
    """Stands for ReportLab's `re.compile(uri_pat, re.I)`, compiling it when a method or attribute is first needed."""

    __slots__ = ("pattern_source", "flags_given", "compiled")

    def __init__(self, pattern: str, flags: int):
        self.pattern_source = pattern
        self.flags_given = flags
        self.compiled: re.Pattern | None = None

    def match(self, string, *bounds):
        # The pattern's first group, not optional, is "^scheme://" (URI_PATTERN_START): no "://", no match.
        if not bounds and isinstance(string, str) and "://" not in string:
            return None
        return self.compiled_pattern().match(string, *bounds)

    def __getattr__(self, name: str):
        return getattr(self.compiled_pattern(), name)

    def compiled_pattern(self) -> re.Pattern:
        """The compiled pattern, compiled now if it has not been."""
        if self.compiled is None:
            self.compiled = _compile(self.pattern_source, self.flags_given)
        return self.compiled


def import_paragraph_module() -> None:
    """Imports `reportlab.platypus` (its paragraph module among it) with `uri_pat` deferred; nothing if already imported."""
    if "reportlab.platypus.paragraph" in sys.modules:
        return

    def compile_deferring_uri_pattern(pattern, flags=0):
        if isinstance(pattern, str) and pattern.startswith(URI_PATTERN_START):
            return CompiledOnFirstUse(pattern, flags)
        return _compile(pattern, flags)

    re.compile = compile_deferring_uri_pattern  # only while ReportLab's modules run their top level
    try:
        import reportlab.platypus.paragraph  # noqa: F401
    finally:
        re.compile = _compile
