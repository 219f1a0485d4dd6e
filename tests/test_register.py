"""The register: markers come from declared facts, and the legend has a row only for markers in use."""

from dataclasses import replace

from briefing.content import load_book
from briefing.book.register import flag_markers, lead_markers, markers_used, running_numbers

from conftest import SAMPLE


def symbols(markers, locale="en"):
    return [m.symbol_in(locale) for m in markers]


def it_derives_the_default_markers_from_the_two_facts():
    register = load_book(SAMPLE).register
    mlat = register.documents[0]
    assert (symbols(lead_markers(register, mlat)), symbols(flag_markers(register, mlat))) == (["◎"], ["*"])
    assert symbols(flag_markers(register, mlat), "ja") == ["＊"]
    outside = replace(mlat, facts={"signed_at_ceremony": False, "requires_legislative_approval": False})
    assert (symbols(lead_markers(register, outside)), symbols(flag_markers(register, outside))) == (["●"], [])


def it_sets_no_marker_for_a_fact_the_source_does_not_give():
    register = load_book(SAMPLE).register
    unknown = replace(register.documents[0], facts={})
    assert lead_markers(register, unknown) == [] and flag_markers(register, unknown) == []


def it_gives_the_legend_only_the_markers_in_use():
    register = load_book(SAMPLE).register
    assert symbols(markers_used(register)) == ["◎", "●", "*"]
    no_legislation = replace(register, documents=tuple(
        replace(d, facts={**d.facts, "requires_legislative_approval": False}) for d in register.documents))
    assert symbols(markers_used(no_legislation)) == ["◎", "●"]
    all_at_ceremony = replace(no_legislation, documents=tuple(
        replace(d, facts={**d.facts, "signed_at_ceremony": True}) for d in no_legislation.documents))
    assert symbols(markers_used(all_at_ceremony)) == ["◎"]
    assert markers_used(replace(register, markers=())) == []


def it_numbers_documents_in_printed_order():
    register = load_book(SAMPLE).register
    numbers = running_numbers(register)
    assert sorted(numbers.values()) == list(range(1, 12))
    assert numbers[register.documents[0].id] == 1
