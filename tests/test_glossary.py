"""The glossary is part of the book format: the loader reads glossary.yaml, and `check` holds every translation to it."""

from __future__ import annotations

import shutil

import pytest

from briefing.cli import main
from briefing.content import load_book
from briefing.errors import InvalidInput
from briefing.translations.glossary import glossary_problems, source_pattern, terms_used
from briefing.translations.texts import book_texts

from conftest import SAMPLE


@pytest.fixture(scope="module")
def sample():
    return load_book(SAMPLE)


def it_reads_the_sample_glossary_with_every_locale(sample):
    assert len(sample.glossary) > 40
    assert all(set(term.terms) == set(sample.locales) == {"en", "ja", "ru", "zh", "ko", "fr"} for term in sample.glossary)
    territories = next(t for t in sample.glossary if t.terms["en"] == "Northern Territories")
    assert territories.terms["ja"] == "北方領土" and "ru" in territories.matches
    assert territories.file.endswith("glossary.yaml") and territories.line > 1


def it_uses_every_glossary_term_somewhere(sample):
    sources = [text.by_locale["en"] for text in book_texts(sample)]
    unused = [t.terms["en"] for t in sample.glossary if not any(source_pattern(t.terms["en"]).search(s) for s in sources)]
    assert not unused, "glossary terms the English never uses: " + ", ".join(unused)


def it_translates_glossary_terms_consistently(sample):
    problems = glossary_problems(sample)
    assert not problems, f"{len(problems)} translation(s) out of line with glossary.yaml:\n" + "\n".join(map(str, problems))


def it_checks_only_the_longest_term_where_terms_overlap(sample):
    used = terms_used("Deputy Director General of Rosatom", sample.glossary, "en")
    assert [t.terms["en"] for t in used] == ["Deputy Director General of Rosatom"]


@pytest.fixture
def book_copy(tmp_path):
    folder = tmp_path / "book"
    shutil.copytree(SAMPLE, folder)
    return folder


def _replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def it_warns_in_check_where_a_translation_lacks_the_agreed_term(book_copy, capsys):
    summary = book_copy / "summary.yaml"
    _replace(summary, "北方領土問題については", "南千島問題については")
    line = next(n for n, l in enumerate(summary.read_text(encoding="utf-8").splitlines(), 1) if "南千島問題" in l)
    assert main(["check", str(book_copy)]) == 0
    err = capsys.readouterr().err
    assert f"{summary}:{line}: ja: 'Northern Territories issue' should be 北方領土問題" in err
    assert main(["check", "--strict", str(book_copy)]) == 1
    assert f"{summary}:{line}: ja: 'Northern Territories issue' should be 北方領土問題" in capsys.readouterr().err


def it_refuses_a_malformed_glossary_with_file_and_line(book_copy):
    glossary = book_copy / "glossary.yaml"
    _replace(glossary, 'ru_match: "северн\\\\w+ территори\\\\w+"', 'ru_match: "северн(\\\\w+ территори"')
    _replace(glossary, '  - en: "Northern Territories issue"', '  - en: "Northern Territories"')
    _replace(glossary, 'ja: "北朝鮮"', 'jp: "北朝鮮"')
    with pytest.raises(InvalidInput) as raised:
        load_book(book_copy)
    messages = [p.message for p in raised.value.problems]
    assert any("ru_match: not a regular expression" in m for m in messages), messages
    assert any("'Northern Territories' is listed twice" in m for m in messages), messages
    assert any("unknown field 'jp'" in m for m in messages), messages
    assert all(p.file.endswith("glossary.yaml") for p in raised.value.problems)


def it_refuses_a_match_pattern_that_misses_its_own_term(book_copy):
    _replace(book_copy / "glossary.yaml", 'ru_match: "Северн\\\\w+ Коре\\\\w+"', 'ru_match: "КНДР"')
    with pytest.raises(InvalidInput, match="ru_match: does not match its own 'ru' term 'Северная Корея'"):
        load_book(book_copy)


def it_reads_a_book_without_a_glossary(book_copy):
    (book_copy / "glossary.yaml").unlink()
    assert load_book(book_copy).glossary == ()
