"""The register: markers come from facts, and the legend has a row only for markers in use."""

from dataclasses import replace

from briefing.content import load_book
from briefing.register import CEREMONY, LEGISLATIVE, OCCASION, flag, lead_marker, markers_used

from conftest import SAMPLE


def it_derives_markers_from_the_two_facts():
    register = load_book(SAMPLE).register
    mlat = register.documents[0]
    assert (lead_marker(mlat), flag(mlat)) == (CEREMONY, LEGISLATIVE)
    outside = replace(mlat, signed_at_ceremony=False, requires_legislative_approval=False)
    assert (lead_marker(outside), flag(outside)) == (OCCASION, "")


def it_gives_the_legend_only_the_markers_in_use():
    register = load_book(SAMPLE).register
    assert markers_used(register) == [CEREMONY, OCCASION, LEGISLATIVE]
    no_legislation = replace(register, documents=tuple(
        replace(d, requires_legislative_approval=False) for d in register.documents))
    assert markers_used(no_legislation) == [CEREMONY, OCCASION]
    all_at_ceremony = replace(no_legislation, documents=tuple(
        replace(d, signed_at_ceremony=True) for d in no_legislation.documents))
    assert markers_used(all_at_ceremony) == [CEREMONY]
