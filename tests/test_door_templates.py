"""The template door: a book's templates/ overrides read only from regular files inside the book, run under limits, listed in the manifest."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.errors import InvalidInput

from conftest import SAMPLE
from doors import assert_consistent, assert_reach, assert_refused, assert_within_budget, run, sha256

NAME = "modules/international.j2"  # the module's own template, which overrides the generic one


def text(content: str):
    def make(templates: Path) -> None:
        (templates / NAME).parent.mkdir(exist_ok=True)
        (templates / NAME).write_text(content, encoding="utf-8")
    return make


def raw(content: bytes):
    def make(templates: Path) -> None:
        (templates / NAME).parent.mkdir(exist_ok=True)
        (templates / NAME).write_bytes(content)
    return make


def linked(target: str):
    def make(templates: Path) -> None:
        (templates / NAME).parent.mkdir(exist_ok=True)
        (templates / NAME).symlink_to(target)
    return make


def fifo(templates: Path) -> None:
    (templates / NAME).parent.mkdir(exist_ok=True)
    os.mkfifo(templates / NAME)


def folder_linked_out(templates: Path) -> None:
    outside = templates.parent.parent / "elsewhere"
    (outside / NAME).parent.mkdir(parents=True)
    (outside / NAME).write_text("<p>from outside the book</p>\n", encoding="utf-8")
    shutil.rmtree(templates)
    templates.symlink_to(outside)


def include_linked_out(templates: Path) -> None:
    (templates / NAME).parent.mkdir(exist_ok=True)
    (templates / NAME).write_text("{% include 'part.j2' %}\n", encoding="utf-8")
    (templates / "part.j2").symlink_to("/etc/hostname")


# (id, make, pattern of the refusal (its template line included), or None: it builds)
CASES = [
    ("loops-writing-nothing", text("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n"),
     r"international\.j2:1: template: the templates ran for more than \d+ s of processor time"),
    ("loops-writing", text("\n{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}\n"),
     r"international\.j2:2: template: the templates (wrote more than|ran for more)"),
    ("doubling-string", text("{% set ns = namespace(s='xx') %}\n{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}"
                             "{% endfor %}\n"), r"international\.j2:2: template: a string of [\d,]+ characters"),
    ("repeat-string", text("{{ 'x' * 10**8 }}\n"), r"international\.j2:1: template: this repetition would make"),
    ("repeat-list", text("{{ ([0] * 5000) * 5000 }}\n"), r"international\.j2:1: template: this repetition would make"),
    ("center-width", text("{{ 'x'|center(10**8) }}\n"), r"international\.j2:1: template: the number 100000000 is larger"),
    ("replace-growth", text("{{ ('x' * 3000000)|replace('x', 'yyyy') }}\n"),
     r"international\.j2:1: template: the replace filter would make"),
    ("replace-method", text("{{ ('x' * 3000000).replace('', 'ab') }}\n"), r"international\.j2:1: template: this replace"),
    ("percent-width", text("{{ '%999999s' * 10 % (1,2,3,4,5,6,7,8,9,10) }}\n"),
     r"international\.j2:1: template: this formatting would make"),
    ("format-width", text("{{ '{:>999999}{:>999999}{:>999999}{:>999999}{:>999999}'.format(1,2,3,4,5) }}\n"),
     r"international\.j2:1: template: this format would make"),
    ("join-growth", text("{{ range(100000)|join('x' * 100) }}\n"), r"international\.j2:1: template: the join filter"),
    ("map-center", text("{{ range(100000)|map('center', 1000)|list|length }}\n"),
     r"international\.j2:1: template: a sequence of more than"),
    ("big-power", text("{{ 7 ** 10000000 }}\n"), r"international\.j2:1: template: a number of more than"),
    ("lipsum", text("{{ lipsum(100000) }}\n"), r"international\.j2:1: template: the number 100000|lipsum"),
    ("recursion", text("{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}\n{{ m(0) }}\n"),
     r"international\.j2:\d+: template: RecursionError"),
    ("deep-expression", text("{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}\n"), r"international\.j2:1: template"),
    ("huge-file", text("{# " + "x" * (300 * 1024) + " #}\n"), r"international\.j2:1: file is larger than 256 KiB"),
    ("not-utf8", raw(b"<p>ok</p>\n<p>caf\xe9</p>\n"), r"international\.j2:2: not UTF-8"),
    ("pipe", fifo, r"international\.j2:1: is a pipe, not a regular file"),
    ("link-out", linked("/etc/hostname"), r"international\.j2:1: the file links outside the book folder"),
    ("folder-linked-out", folder_linked_out, r"international\.j2:1: the file links outside the book folder"),
    ("include-linked-out", include_linked_out, r"part\.j2:1: the file links outside the book folder"),
    ("no-glyph", text("<p>Ethiopic ሀ</p>\n"), r"international\.j2:1: template: no configured 'en' font has U\+1200"),
    ("bidi-control", text("<p>\n\u202eevil</p>\n"), r"international\.j2:2: template: character U\+202E would reorder"),
    ("directional-mark", text("<p>a\u200fb</p>\n"), r"international\.j2:1: template: character U\+200F .*directional mark"),
    ("control-character", text("<p>a\x1bb</p>\n"), r"international\.j2:1: template: character U\+001B cannot be printed"),
    ("override-works", text("<p>Override of the international module</p>\n"), None),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def it_runs_book_templates_inside_the_book_and_within_limits(case, book_copy, tmp_path):
    name, make, refused = case
    templates = book_copy / "templates"
    templates.mkdir()
    make(templates)
    out = tmp_path / "out"
    outcome = run("build", str(book_copy), "-l", "en", "-o", str(out), cwd=tmp_path)
    assert_reach(outcome, book_copy, out)
    assert_consistent(out)
    if refused is not None:
        assert_refused(outcome, refused)
        assert not out.exists() or not any(out.iterdir())
        assert_refused(run("check", str(book_copy), cwd=tmp_path), refused)  # check says the same
        return
    assert_within_budget(outcome)
    assert outcome.status == 0, outcome.stderr
    assert run("check", str(book_copy), cwd=tmp_path).status == 0
    manifest = json.loads((out / f"{book_copy.name}.manifest.json").read_text(encoding="utf-8"))
    used = [entry for entry in manifest["inputs"] if entry["kind"] == "book template"]
    assert used == [{"kind": "book template", "file": f"templates/{NAME}", "sha256": sha256(templates / NAME)}]


@pytest.mark.parametrize("jobs", ["1", "2"])
def it_refuses_every_language_that_cannot_draw_a_template_character_at_once(jobs, book_copy, tmp_path):
    """With workers, each language is checked just before its first target is handed out: the refusal is still the
    same as without, every language's problem at once, and nothing is left behind, not even the output folder."""
    templates = book_copy / "templates"
    templates.mkdir()
    text("<p>Ethiopic ሀ</p>\n")(templates)
    out = tmp_path / "new" / "out"
    outcome = run("build", str(book_copy), "-l", "fr", "-l", "en+fr", "-l", "en", "-f", "pdf", "-f", "docx",
                  "-o", str(out), "-j", jobs, cwd=tmp_path)
    assert_refused(outcome, r"international\.j2:1: template: no configured 'en' font has U\+1200")
    assert_refused(outcome, r"international\.j2:1: template: no configured 'fr' font has U\+1200")
    # In the order of the languages, as `briefing check` gives them.
    assert outcome.stderr.index("'en' font") < outcome.stderr.index("'fr' font")
    assert not (tmp_path / "new").exists()


def they_cover_the_template_door_with_ten_cases_or_more():
    assert len(CASES) >= 10


# -- a property: any template text renders, or is refused as templates/x.j2:LINE, within the limits ------------------

_PIECES = st.sampled_from([
    "<p>text</p>", "{{ module.title|t }}", "{% for i in range(N) %}", "{% endfor %}", "{% if true %}", "{% endif %}",
    "{{ 'ab' * N }}", "{{ 'x'|center(N) }}", "{{ range(N)|join(',') }}", "{{ N ** N }}", "{{ N * N * N }}",
    "{% set ns = namespace(s='ab') %}", "{% set ns.s = ns.s ~ ns.s %}", "{{ '%5s' % N }}", "{{ '{:>N}'.format(1) }}",
    "{{ lipsum(N) }}", "{{ ('y' * N)|replace('y', 'zz') }}", "{{ undefined_name }}", "{% macro m() %}x{% endmacro %}",
    "{{ m() }}", "\n", "{{", "%}", "<p>", "</p>", "★", "\u202e",
])
_NUMBERS = st.sampled_from(["0", "3", "40", "1000", "100000", "10000000"])


@st.composite
def template_texts(draw) -> str:
    pieces = draw(st.lists(_PIECES, min_size=1, max_size=12))
    return "".join(piece.replace("N", draw(_NUMBERS)) for piece in pieces)


@pytest.fixture(scope="module")
def loaded():
    from briefing.content import load_book

    return load_book(SAMPLE)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(template_texts())
def it_renders_any_template_text_or_refuses_it_at_its_line(tmp_path_factory, loaded, source):
    import dataclasses
    import time

    from briefing.building.build import localizer_for
    from briefing.templating import render_markup

    templates = tmp_path_factory.mktemp("book") / "templates"
    (templates / NAME).parent.mkdir(parents=True)
    (templates / NAME).write_text(source, encoding="utf-8")
    book = dataclasses.replace(loaded, templates=str(templates))
    started = time.process_time()
    try:
        markup = render_markup(book, localizer_for(book, "en"))
    except InvalidInput as invalid:
        lines = source.count("\n") + 1
        for problem in invalid.problems:
            assert re.search(r"(international\.j2|templates)$", problem.file), problem
            assert 1 <= problem.line <= lines, (problem, lines)
    else:
        assert isinstance(markup, str) and len(markup) < 64_000_000
    assert time.process_time() - started < 15
