"""Loading and validating a book: the sample loads whole, and each kind of mistake is reported as file:line."""

import re

import pytest

from briefing.content import load_book
from briefing.errors import InvalidInput
from briefing.register import flag, lead_marker

from conftest import SAMPLE


def problems_of(folder) -> list[str]:
    with pytest.raises(InvalidInput) as raised:
        load_book(folder)
    return [str(p) for p in raised.value.problems]


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(needle)


def it_loads_the_sample_book_whole():
    book = load_book(SAMPLE)
    assert book.id == "2009-05-12-japan-russia" and book.date.isoformat() == "2009-05-12"
    assert list(book.modules) == ["summary", "territorial", "economic", "international"]
    assert len(book.register.documents) == 11
    assert [lead_marker(d) for d in book.register.documents].count("◎") == 6
    assert [flag(d) for d in book.register.documents].count("*") == 2


def it_reports_a_missing_module_file(book_copy):
    (book_copy / "economic.yaml").unlink()
    assert problems_of(book_copy) == [f"{book_copy / 'economic.yaml'}:1: file not found"]


def it_reports_a_missing_field(book_copy):
    path = book_copy / "appendix.yaml"
    edit(path, "    signed_at_ceremony: true\n    requires_legislative_approval: true\n\n  - id: nuclear",
         "    requires_legislative_approval: true\n\n  - id: nuclear")
    line = line_of(path, "- id: mlat") + 0
    assert problems_of(book_copy) == [f"{path}:{line}: documents[0]: missing field 'signed_at_ceremony'"]


def it_reports_an_unknown_field(book_copy):
    path = book_copy / "summary.yaml"
    edit(path, "  - section:\n      numbered: false", "  - section:\n      colour: red\n      numbered: false")
    line = line_of(path, "colour: red")
    problems = problems_of(book_copy)
    assert problems[0].startswith(f"{path}:{line}: blocks[2].section: unknown field 'colour'")


def it_reports_a_wrong_type(book_copy):
    path = book_copy / "appendix.yaml"
    edit(path, "    requires_legislative_approval: false\n\n  - id: energy",
         "    requires_legislative_approval: yes\n\n  - id: energy")
    line = line_of(path, "requires_legislative_approval: yes")
    assert problems_of(book_copy) == [
        f"{path}:{line}: documents[2].requires_legislative_approval: expected true or false, found 'yes'"]


def it_reports_an_unknown_category(book_copy):
    path = book_copy / "appendix.yaml"
    edit(path, "    category: other_agreement\n", "    category: secret_protocol\n")
    line = line_of(path, "secret_protocol")
    problems = problems_of(book_copy)
    assert problems == [f"{path}:{line}: documents[3].category: unknown value 'secret_protocol'; "
                        "expected one of: international_commitment, other_agreement, non_governmental"]


def it_reports_a_duplicate_document_id(book_copy):
    path = book_copy / "appendix.yaml"
    edit(path, "  - id: cmaa", "  - id: mlat")
    problems = problems_of(book_copy)
    assert len(problems) == 1 and re.fullmatch(
        rf"{re.escape(str(path))}:\d+: documents: duplicate document id 'mlat' \(first at line \d+\)", problems[0])


def it_reports_every_problem_at_once(book_copy):
    edit(book_copy / "appendix.yaml", "    category: other_agreement\n", "    category: nonsense\n")
    edit(book_copy / "summary.yaml", "  - paragraph:", "  - paragraf:")
    edit(book_copy / "book.yaml", "date: 2009-05-12", "date: 12 May 2009")
    problems = problems_of(book_copy)
    files = {p.split(":")[0].rsplit("/", 1)[-1] for p in problems}
    assert files == {"appendix.yaml", "summary.yaml", "book.yaml"}, problems


def it_reports_every_missing_translation(book_copy):
    book = book_copy / "book.yaml"
    lines = book.read_text(encoding="utf-8").splitlines(keepends=True)
    title = line_of(book, "title:")
    del lines[title + 1]  # the line after its en: line, its ja: line
    book.write_text("".join(lines), encoding="utf-8")
    economic = book_copy / "economic.yaml"
    edit(economic, '\n              ru: "', '\n              xx: "')
    problems = problems_of(book_copy)
    assert f"{book}:{title}: title: missing 'ja' text" in problems
    assert any(p.startswith(f"{economic}:") and p.endswith("missing 'ru' text") for p in problems), problems
    assert any("locale 'xx' is not declared in book.yaml (en, ja, ru, zh, ko, fr)" in p for p in problems), problems


def it_refuses_control_characters_in_text(book_copy):
    path = book_copy / "international.yaml"
    edit(path, "were mentioned.", "were mentioned.\\x07")
    problems = problems_of(book_copy)
    assert len(problems) == 1 and "character U+0007 cannot be printed" in problems[0]
