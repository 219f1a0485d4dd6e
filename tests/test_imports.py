"""Each command and each writer imports only the libraries it uses: start-up time is what users wait for first."""

import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT, SAMPLE

HEAVY = ("reportlab", "docx", "lxml", "jinja2", "babel", "yaml")

PROBE = """
import contextlib, io, json, sys
{code}
print(json.dumps(sorted(name for name in {heavy!r} if name in sys.modules)), file=sys.__stderr__)
"""


def heavy_imports(code: str, env: dict | None = None) -> list[str]:
    result = subprocess.run([sys.executable, "-c", PROBE.format(code=code, heavy=HEAVY)],
                            capture_output=True, text=True, cwd=ROOT, check=True, env={**os.environ, **(env or {})})
    return json.loads(result.stderr.strip().splitlines()[-1])


def it_shows_help_without_any_library():
    code = ("from briefing.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit): main(['--help'])")
    assert heavy_imports(code) == []


def it_checks_a_book_through_its_templates_without_a_writer(tmp_path):
    code = f"from briefing.cli import main\nwith contextlib.redirect_stdout(io.StringIO()): main(['check', {str(SAMPLE)!r}])"
    cache = {"BRIEFING_CACHE": str(tmp_path / "cache")}
    assert heavy_imports(code, cache) == ["babel", "jinja2", "yaml"]
    # Checked again unchanged, the book is not even loaded: its answer is remembered (briefing/building/checked.py).
    assert heavy_imports(code, cache) == []


@pytest.mark.parametrize(("writer", "expected"), [("pdf", ["reportlab"]), ("docx", ["docx", "lxml"]), ("html", [])])
def it_loads_a_writer_without_the_other_or_the_localization(writer, expected):
    assert heavy_imports(f"import briefing.writers.{writer}") == expected
