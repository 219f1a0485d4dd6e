"""Property-based: arbitrary Unicode text and arbitrary YAML structures go through load, templates and both writers without a crash."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.building.build import document_for
from briefing.check import check_fonts
from briefing.content import load_book
from briefing.errors import InvalidInput
from briefing.theme import load_theme

from conftest import SAMPLE

THEME = load_theme()
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def fresh_book(tmp_path_factory) -> Path:
    book = tmp_path_factory.mktemp("prop") / "book"
    shutil.copytree(SAMPLE, book)
    return book


def build_in_memory(book_folder: Path) -> None:
    """Load, check fonts, render every locale's tree and write both formats to memory; InvalidInput is an answer."""
    from briefing.writers import docx, pdf

    try:
        book = load_book(book_folder)
        check_fonts(book, THEME, ("en",))
        # A module whose shape its template does not expect (an appendix of prose blocks) is
        # refused by the template, as templates/x.j2:LINE: also an answer, not a crash.
        document = document_for(book, "en")
    except InvalidInput as invalid:
        assert invalid.problems and all(p.line >= 1 and p.file for p in invalid.problems)
        return
    out = book_folder.parent
    pdf.write(document, str(out / "p.pdf"), THEME)
    docx.write(document, str(out / "p.docx"), THEME)
    assert (out / "p.pdf").read_bytes().startswith(b"%PDF")


@SETTINGS
@given(text=st.text(min_size=1, max_size=300))
def it_survives_any_unicode_text(tmp_path_factory, text):
    book = fresh_book(tmp_path_factory)
    path = book / "international.yaml"
    source = path.read_text(encoding="utf-8")
    marker = 'en: "North Korea, U.S.-Russia relations'
    # JSON string syntax is valid YAML double-quoted syntax, escapes included.
    path.write_text(source.replace(marker, "en: " + json.dumps(text)[:-1] + ' North Korea, U.S.-Russia relations', 1),
                    encoding="utf-8")
    build_in_memory(book)


YAML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=25,
)


@SETTINGS
@given(data=st.dictionaries(st.sampled_from(["blocks", "title", "section", "paragraph", "x"]), YAML_VALUES, max_size=3),
       module=st.sampled_from(["summary.yaml", "appendix.yaml", "book.yaml"]))
def it_survives_any_yaml_structure(tmp_path_factory, data, module):
    book = fresh_book(tmp_path_factory)
    (book / module).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    build_in_memory(book)


@SETTINGS
@given(blocks=st.lists(st.fixed_dictionaries({"paragraph": st.fixed_dictionaries(
    {"en": st.text(min_size=1, max_size=80), "ja": st.just("日本語"), "ru": st.just("русский")})}), max_size=5))
def it_survives_valid_shapes_with_any_text(tmp_path_factory, blocks):
    book = fresh_book(tmp_path_factory)
    (book / "international.yaml").write_text(yaml.safe_dump({"blocks": blocks}, allow_unicode=True), encoding="utf-8")
    build_in_memory(book)
