"""The paragraphs of the English original, as a built book must give them back."""

from __future__ import annotations

import re

from conftest import REFERENCE

# The source's own slips, corrected in the content (see the comments there).
CORRECTIONS = (
    ("APEC Summit in Vladivosto\n", "APEC Summit in Vladivostok.\n"),
    ("Minister of Energy Shmatk)", "Minister of Energy Shmatko)"),
    ("(G20) .", "(G20)."),
    # The body's name in May 2009, as every translation gives it (renamed from the State Committee in 2008).
    ("Head of the State Committee of Fisheries Krainy", "Head of the Federal Agency for Fishery Krainy"),
    # VEB, JBIC and JOGMEC are state bodies: "bodies other than governments", as the translations say.
    ("Documents Signed between Non-Governmental Bodies", "Documents Signed between Bodies Other than Governments"),
)

# Lines the book shows differently on purpose: the marker notes become the
# legend table, the parenthesised headings lose their brackets, and the
# agreed points "• (i) …" are a numbered list, (i) without a bullet.
_LEGEND_LINES = ("(Documents signed at the signing ceremony", "(Documents to be enacted", "Others are enacted")
_RENAMED = {"(Overview)": "Overview", "(Summary)": "Summary"}


def normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def paragraphs() -> list[str]:
    text = REFERENCE.read_text(encoding="utf-8")
    for old, new in CORRECTIONS:
        assert old in text, old
        text = text.replace(old, new)
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line == "Back to Index" or line.startswith(_LEGEND_LINES):
            continue
        line = re.sub(r"^• (?=\([ivx]+\) )", "", line)
        out.append(normalize(_RENAMED.get(line, line)))
    return out
