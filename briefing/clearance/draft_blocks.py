"""Where a paragraph typed into a Word draft, or deleted from it, goes among the content's blocks and lists."""

from __future__ import annotations

import json
import re

from briefing import tree
from briefing.errors import Problem

ITEM = re.compile(r"^(?P<seq>.*[:.](?:bullets|numbered))\[(?P<index>\d+)\](?:\.text)?$")  # an item with blocks: .text
BLOCK = re.compile(r"^(?P<seq>.*[:.]blocks)\[(?P<index>\d+)\]\.(?P<kind>paragraph|section\.title)$")
LIST_BLOCK = re.compile(r"^(?P<seq>.*[:.]blocks)\[(?P<index>\d+)\]\.(?:bullets|numbered)$")


def quote(text) -> str:
    """A text quoted for a message, cut at 120 characters."""
    if text is None:
        return "(none)"
    text = str(text)
    return json.dumps(text if len(text) <= 120 else text[:117] + "…", ensure_ascii=False)


def insertion(new, records, reading, locale_of, source_locale, removals, current, place, unmappable, conflicts):
    """(sequence path, index, item) for a paragraph typed into the draft, or None (reported) when it maps nowhere."""
    anchor = records.get(new.after) if new.after else None
    near = place(anchor.path, locale_of[anchor.language]) if anchor and anchor.path else None
    what = "a new list item" if new.level is not None else "a new paragraph"
    if new.style.lower().startswith(("heading", "title")):
        unmappable(new.paragraph, f"a new heading ({quote(new.text)}): add the section in the content", near)
        return None
    if anchor is None or anchor.kind != "text":
        unmappable(new.paragraph, f"{what} ({quote(new.text)}) after generated text: add it in the content", near)
        return None
    locale = locale_of[anchor.language]
    if locale != source_locale:
        unmappable(new.paragraph, f"{what} in {locale} ({quote(new.text)}): add it in {source_locale}, the source "
                                  "locale, first (the draft gives only this locale's text)", near)
        return None
    base = tree.PARAGRAPH_BREAK.join(r.text for r in records.values()
                                     if r.kind == "text" and r.path == anchor.path and r.language == anchor.language)
    if current.get((anchor.path, locale)) != base:
        file, _, line = near.rpartition(":")
        conflicts.append(Problem(file, int(line), f"{what} typed after a text that changed in the content since the "
                                                  "draft was built: add it in the content"))
        return None
    text = new.text.strip()
    item = ITEM.match(anchor.path)
    block = BLOCK.match(anchor.path)
    anchor_found = reading.found.get(anchor.id)
    anchor_level = anchor_found.level if anchor_found else None
    if item and any(r.kind == "text" and r.path.startswith(f"{item.group('seq')}[{item.group('index')}].blocks")
                    for r in records.values()):
        # Typed between an item and the list inside it: the content would put it after that list.
        unmappable(new.paragraph, f"{what} ({quote(new.text)}) between a list item and the list inside it: add it in "
                                  "the content", near)
        return None
    if item and new.level is not None:
        if anchor_level is not None and new.level != anchor_level:
            unmappable(new.paragraph, f"{what} at another level than the item before it: add it in the content", near)
            return None
        return item.group("seq"), int(item.group("index")) + 1, {locale: text}
    if item and new.level is None:
        following = f"{item.group('seq')}[{int(item.group('index')) + 1}]"
        last = not any(r.kind == "text" and r.path in (following, following + ".text") for r in records.values())
        outer = LIST_BLOCK.match(item.group("seq"))
        if last and outer:
            return outer.group("seq"), int(outer.group("index")) + 1, {"paragraph": {locale: text}}
        unmappable(new.paragraph, f"{what} ({quote(new.text)}) inside a list: make it a list item, or add it in the "
                                  "content", near)
        return None
    if block and new.level is None:
        if block.group("kind") == "paragraph":
            return block.group("seq"), int(block.group("index")) + 1, {"paragraph": {locale: text}}
        return f"{block.group('seq')}[{block.group('index')}].section.blocks", 0, {"paragraph": {locale: text}}
    unmappable(new.paragraph, f"{what} ({quote(new.text)}) where the content has no list or paragraphs to take it: "
                              "add it in the content", near)
    return None


def emptied(removals: dict, texts: dict) -> list[tuple[str, int, str]]:
    """Removals that would leave a list or a section with no item, resolved in place.

    A list whose every item was deleted goes as one block; a section whose
    every block was deleted cannot (a section needs one): those removals are
    taken out and returned as (item path, draft paragraph, the section's title path).
    """
    refused = []
    changed = True
    while changed:
        changed = False
        by_sequence: dict[str, set[int]] = {}
        for target in removals:
            sequence, _, index = target.rpartition("[")
            by_sequence.setdefault(sequence, set()).add(int(index.rstrip("]")))
        for sequence, removed in by_sequence.items():
            present = {int(m.group(1)) for path in texts
                       for m in [re.match(re.escape(sequence) + r"\[(\d+)\]", path)] if m}
            if not present or not present <= removed:
                continue
            items = [f"{sequence}[{index}]" for index in sorted(removed)]
            outer = LIST_BLOCK.match(sequence)
            if outer:
                paragraph, where_ = removals[items[0]]
                for item in items:
                    del removals[item]
                removals.setdefault(sequence.rpartition(".")[0], (paragraph, where_))
            elif sequence.endswith(".section.blocks"):
                for item in items:
                    refused.append((item, removals.pop(item)[0], sequence[:-len("blocks")] + "title"))
            else:
                continue
            changed = True
            break
    return refused


def already_there(insert, current) -> bool:
    """Whether the content already has the new text at the place it would be inserted (a draft absorbed twice)."""
    sequence, index, value = insert
    inner = value.get("paragraph", value)
    (locale, text), = inner.items()
    return any(current.get((f"{sequence}[{index}]{suffix}", locale)) == text for suffix in ("", ".text", ".paragraph"))


def draft_paragraph(identifier: str, records: dict, reading) -> int:
    """The paragraph of the draft a text stands in, or, deleted, that of the nearest text before it."""
    number = 1
    for other in records:
        if other in reading.found:
            number = reading.found[other].paragraph
        if other == identifier:
            return number
    return number


def removable(path: str) -> str | None:
    """The sequence item that goes when a text is deleted: the paragraph block, or the list item; else None."""
    item = ITEM.match(path)
    if item:
        return f"{item.group('seq')}[{item.group('index')}]"
    block = BLOCK.match(path)
    if block and block.group("kind") == "paragraph":
        return f"{block.group('seq')}[{block.group('index')}]"
    return None
