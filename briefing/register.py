"""The register's derived facts: which marker each outcome document carries, and the legend rows the book needs."""

from __future__ import annotations

from briefing.model import OutcomeDocument, Register

# The marker symbols, derived from two facts per document and never typed in content.
CEREMONY = "◎"      # signed at the signing ceremony
OCCASION = "●"      # signed on the occasion of the visit, outside the ceremony
LEGISLATIVE = "*"   # enacted after legislative approval in both countries

MARKER_ORDER = (CEREMONY, OCCASION, LEGISLATIVE)


def lead_marker(document: OutcomeDocument) -> str:
    """◎ for the signing ceremony, ● for the rest of the visit's documents."""
    return CEREMONY if document.signed_at_ceremony else OCCASION


def flag(document: OutcomeDocument) -> str:
    """* when the document needs legislative approval before it is enacted."""
    return LEGISLATIVE if document.requires_legislative_approval else ""


def markers_used(register: Register) -> list[str]:
    """The markers the register actually shows, in legend order; an unused marker gets no legend row."""
    used = {lead_marker(d) for d in register.documents} | {flag(d) for d in register.documents}
    return [marker for marker in MARKER_ORDER if marker in used]


def documents_in(register: Register, category: str) -> list[OutcomeDocument]:
    """The documents of one category, in the order the content lists them."""
    return [d for d in register.documents if d.category == category]
