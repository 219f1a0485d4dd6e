"""Loading and validating a book: the sample loads whole, and each kind of mistake is reported as file:line."""

import re

import pytest

from briefing.content import load_book
from briefing.errors import InvalidInput
from briefing.book.register import flag_markers, lead_markers

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
    register = book.register
    leads = [m.symbol_in("en") for d in register.documents for m in lead_markers(register, d)]
    flags = [m.symbol_in("en") for d in register.documents for m in flag_markers(register, d)]
    assert leads.count("◎") == 6 and leads.count("●") == 5 and flags == ["*", "*"]


def it_reports_a_missing_module_file_where_the_outline_names_it(book_copy):
    (book_copy / "economic.yaml").unlink()
    line = line_of(book_copy / "book.yaml", "modules: [territorial, economic]")
    assert problems_of(book_copy) == [
        f"{book_copy / 'book.yaml'}:{line}: outline: module 'economic' has no file economic.yaml in the book folder"]


def it_reports_a_missing_field(book_copy):
    path = book_copy / "appendix.yaml"
    edit(path, "  - id: mlat\n    category: international_commitment\n",
         "  - id: mlat\n    category: international_commitment\n    titel: {}\n")
    text = path.read_text(encoding="utf-8")
    start = text.index("    titel: {}\n")
    end = text.index("    signatories:", start)
    path.write_text(text[:start] + "    titel: {}\n" + text[end:], encoding="utf-8")
    line = line_of(path, "- id: mlat")
    assert problems_of(book_copy) == [
        f"{path}:{line}: documents[0]: missing field 'title'",
        f"{path}:{line + 2}: documents[0]: unknown field 'titel'; expected one of: act, category, description, facts, id, "
        "requires_legislative_approval, signatories, signed_at_ceremony, signed_in, signed_on, title"]


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
    assert problems == [f"{path}:{line}: category: 'secret_protocol' is not declared under categories "
                        "(international_commitment, non_governmental, other_agreement)"]


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


def it_reports_every_text_missing_its_source_locale(book_copy):
    book = book_copy / "book.yaml"
    lines = book.read_text(encoding="utf-8").splitlines(keepends=True)
    title = line_of(book, "title:")
    del lines[title]  # the line after title:, its en: line
    book.write_text("".join(lines), encoding="utf-8")
    economic = book_copy / "economic.yaml"
    edit(economic, '\n              en: "', '\n              xx: "')
    problems = problems_of(book_copy)
    assert f"{book}:{title}: title: missing 'en' text (the source locale)" in problems
    assert any(p.startswith(f"{economic}:") and p.endswith("missing 'en' text (the source locale)") for p in problems), problems
    assert any("locale 'xx' is not declared in book.yaml (en, ja, ru, zh, ko, fr)" in p for p in problems), problems


def it_loads_a_text_lacking_a_translation_as_missing_not_invalid(book_copy):
    book = book_copy / "book.yaml"
    lines = book.read_text(encoding="utf-8").splitlines(keepends=True)
    title = line_of(book, "title:")
    del lines[title + 1]  # its ja: line
    book.write_text("".join(lines), encoding="utf-8")
    loaded = load_book(book_copy)
    assert "ja" not in loaded.title.by_locale and loaded.title.path == "book.yaml:title"


def it_refuses_control_characters_in_text(book_copy):
    path = book_copy / "international.yaml"
    edit(path, "were mentioned.", "were mentioned.\\x07")
    problems = problems_of(book_copy)
    assert len(problems) == 1 and "character U+0007 cannot be printed" in problems[0]
