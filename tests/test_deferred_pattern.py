"""ReportLab's URL pattern, compiled on first use: not on import, not by a build, and the same matches either way."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from conftest import ROOT, SAMPLE

URLS = ["https://www.mofa.go.jp/region/europe/russia/", "HTTP://Example.ORG:8080/a?b=c#d", "ftp://10.0.0.1/x",
        "https://例え.テスト/パス", "mailto:someone@example.org", "not a url", "https://-bad-.example/", "http://localhost"]


def _in_a_new_process(code: str) -> str:
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "BRIEFING_SERVER": "off"})
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def it_leaves_the_pattern_uncompiled_through_the_import_and_a_build_that_hyphenates(tmp_path):
    """A pair's ragged columns go through ReportLab's hyphenation, which matches every word it would split."""
    said = _in_a_new_process(
        "import re, sys\n"
        "compile_before = re.compile\n"
        "import briefing.writers.pdf\n"
        "from reportlab.platypus import paragraph\n"
        "from briefing.writers.pdf.deferred_pattern import CompiledOnFirstUse\n"
        "assert re.compile is compile_before, 're.compile was not given back'\n"
        "assert isinstance(paragraph.uri_pat, CompiledOnFirstUse), type(paragraph.uri_pat)\n"
        "asked = []\n"
        "match = type(paragraph.uri_pat).match\n"
        "type(paragraph.uri_pat).match = lambda self, *given: asked.append(given) or match(self, *given)\n"
        "from briefing.cli import main\n"
        f"status = main(['build', {str(SAMPLE)!r}, '-l', 'en', '-l', 'en+fr', '-f', 'pdf', '-o', {str(tmp_path)!r},"
        " '-j', '1'])\n"
        "print(status, len(asked) > 100, paragraph.uri_pat.compiled is None)\n")
    assert said.splitlines()[-1] == "0 True True"


def it_matches_as_the_pattern_compiled_at_once():
    from reportlab.platypus import paragraph

    from briefing.writers.pdf.deferred_pattern import CompiledOnFirstUse

    source = paragraph.uri_pat.pattern
    deferred = CompiledOnFirstUse(source, re.I)
    assert deferred.compiled is None
    compiled = re.compile(source, re.I)
    found = [(match.group(0), match.groups()) if match else None for match in map(deferred.match, URLS)]
    assert found == [(match.group(0), match.groups()) if match else None for match in map(compiled.match, URLS)]
    assert found[0] and found[1] and not found[5]
    assert deferred.compiled is compiled  # re's own cache: compiled once, then the same object
    assert deferred.flags == compiled.flags and deferred.pattern == source


def it_answers_a_word_without_a_scheme_as_the_pattern_would_without_compiling_it():
    import random

    from reportlab.platypus import paragraph

    from briefing.writers.pdf.deferred_pattern import CompiledOnFirstUse

    compiled = re.compile(paragraph.uri_pat.pattern, re.I)
    deferred = CompiledOnFirstUse(paragraph.uri_pat.pattern, re.I)
    pieces = ["http", "HTTPS", "ftp", ":", "/", "//", ":/", ".", "-", "+", "example", "org", "日本", "xn--p1ai",
              "localhost", "8080", "@", "?", "#", " ", "\u017f", "\u212a", "10", "255"]
    chance = random.Random(20091105)
    words = ["".join(chance.choice(pieces) for _ in range(chance.randint(1, 9))) for _ in range(3000)] + URLS
    without = [word for word in words if "://" not in word]
    assert len(without) > 1000
    assert [deferred.match(word) for word in without] == [None] * len(without)
    assert [compiled.match(word) for word in without] == [None] * len(without)
    assert deferred.compiled is None
    with_scheme = [word for word in words if "://" in word]
    found = [match and match.group(0) for match in map(deferred.match, with_scheme)]
    assert found == [match and match.group(0) for match in map(compiled.match, with_scheme)] and any(found)
