"""The register's derived facts: which markers and number each document carries, and the legend rows the book needs."""

from __future__ import annotations

from briefing.book.model import Marker, OutcomeDocument, Register


def sets(marker: Marker, document: OutcomeDocument) -> bool:
    """A marker applies when the document gives its fact with the marker's value; an absent fact sets none."""
    return document.facts.get(marker.fact) is marker.when


def lead_markers(register: Register, document: OutcomeDocument) -> list[Marker]:
    return [m for m in register.markers if m.position == "lead" and sets(m, document)]


def flag_markers(register: Register, document: OutcomeDocument) -> list[Marker]:
    return [m for m in register.markers if m.position == "flag" and sets(m, document)]


def markers_used(register: Register) -> list[Marker]:
    """The markers the register actually shows, in declared order; an unused marker gets no legend row."""
    return [m for m in register.markers if any(sets(m, d) for d in register.documents)]


def documents_in(register: Register, category: str) -> list[OutcomeDocument]:
    """The documents of one category, in the order the content lists them."""
    return [d for d in register.documents if d.category == category]


def running_numbers(register: Register) -> dict[str, int]:
    """Each document's running number in printed order (categories in order, documents within each)."""
    numbers: dict[str, int] = {}
    for category in register.categories:
        for document in documents_in(register, category.id):
            numbers[document.id] = len(numbers) + 1
    return numbers
