"""A draft's tracked changes decided as the user chose (--accept-all, --reject-all, --accept-author), each listed at its place."""

from __future__ import annotations

import json
import re

from briefing.errors import InvalidInput, Problem


def decide_revisions(draft, choices, shown: str, place, locale_of: dict[str, str], out):
    """The draft read three ways (everything, as built, as decided) and the undecided changes as problems.

    Undecided changes are refused at once unless this is a dry run, which lists them after what it would do.
    """
    everything = draft.read(lambda kind, author: True)
    original = draft.read(lambda kind, author: False)  # as built: where each revision stands
    owner_of = {found.paragraph: found.id for found in original.found.values()}
    records = draft.snapshot.records

    def revision_place(paragraph: int) -> str:
        owner = owner_of.get(paragraph)
        if owner is None:
            before = [number for number in owner_of if number < paragraph]
            owner = owner_of[max(before)] if before else None
        if owner is None:
            return f"{shown}:{paragraph}"
        record = records[owner]
        return place(record.path, locale_of[record.language])

    authors = set(choices.accept_authors)
    found_authors = sorted({r.author for r in draft.revisions if r.kind != "format"})
    strangers = [name for name in choices.accept_authors if name not in found_authors]
    if strangers:
        listed = ", ".join(json.dumps(name, ensure_ascii=False) for name in found_authors) or "none"
        raise InvalidInput([Problem(shown, 1, f"--accept-author {json.dumps(name, ensure_ascii=False)}: no tracked "
                                              f"change in the draft is by that name (names match exactly); the "
                                              f"authors of its tracked changes: {listed}") for name in strangers])
    decided_by_all = choices.accept_all or choices.reject_all
    undecided = [r for r in draft.revisions if r.kind != "format" and r.author not in authors and not decided_by_all]
    undecided_problems = [Problem(shown, r.paragraph, f"undecided tracked change: {_revision(r)} (at "
                                                       f"{revision_place(r.paragraph)}); decide with --accept-all, "
                                                       "--reject-all or --accept-author NAME") for r in undecided]
    if undecided and not choices.dry_run:
        raise InvalidInput(undecided_problems)

    def decide(kind: str, author: str) -> bool:
        return author in authors or choices.accept_all

    for revision in draft.revisions:
        if revision.kind == "format":
            print(f"{revision_place(revision.paragraph)}: formatting change by {by(revision)}: ignored "
                  "(the draft's formatting comes from the templates)", file=out)
        elif revision in undecided:
            print(f"{revision_place(revision.paragraph)}: {_revision(revision)}: undecided (left out of the edits "
                  "below)", file=out)
        else:
            verdict = "accepted" if decide(revision.kind, revision.author) else "rejected"
            print(f"{revision_place(revision.paragraph)}: {_revision(revision)}: {verdict}", file=out)

    reading = draft.read(decide)
    reading = draft.read(decide)
    return everything, original, reading, undecided_problems


def by(item) -> str:
    """Who made a change or a comment, and on what day, as a reviewer would name it."""
    date = (item.date or "")[:10]
    date = date if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) and not date.startswith("0000") else ""  # LibreOffice: "0-00-00"
    return f"{item.author or 'unknown'} ({date})" if date else (item.author or "unknown")


def _revision(revision) -> str:
    verb = {"insert": "inserted", "delete": "deleted"}[revision.kind]
    what = "a paragraph break" if revision.text == "¶" else _quoted(revision.text)
    return f"{verb} {what} by {by(revision)}"


def _quoted(text) -> str:
    from briefing.clearance import draft_blocks

    return draft_blocks.quote(text)
