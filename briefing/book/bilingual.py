"""Pairs two documents of the same book block by block into one bilingual document of aligned rows."""

from __future__ import annotations

from dataclasses import replace

from briefing import tree


class AlignmentError(Exception):
    """The two languages' documents do not have the same shape (a template or content bug)."""


def align(primary: tree.Document, secondary: tree.Document) -> tree.Document:
    """The primary document's blocks beside the secondary's, one aligned pair per block or list item."""
    if len(primary.blocks) != len(secondary.blocks):
        raise AlignmentError(f"{len(primary.blocks)} blocks against {len(secondary.blocks)}")
    pairs: list[tree.Aligned] = []
    for left, right in zip(primary.blocks, secondary.blocks):
        pairs.extend(_pairs(left, right))
    return tree.Document(meta=replace(primary.meta, secondary=secondary.meta,
                                      languages=(primary.meta.language, secondary.meta.language)),
                         blocks=tuple(pairs))


def _pairs(left, right):
    if type(left) is not type(right):
        raise AlignmentError(f"{type(left).__name__} beside {type(right).__name__}")
    if not isinstance(left, tree.List):
        yield tree.Aligned(left, right)
        return
    if len(left.items) != len(right.items):
        raise AlignmentError(f"a list of {len(left.items)} items beside one of {len(right.items)}")
    # Each list item is its own row, so long lists flow across pages and stay aligned item by item.
    for number, (left_item, right_item) in enumerate(zip(left.items, right.items), start=left.start):
        yield tree.Aligned(_single(left, left_item, number), _single(right, right_item, number))
        if len(left_item.blocks) != len(right_item.blocks):
            raise AlignmentError("list items with different nested blocks")
        for left_child, right_child in zip(left_item.blocks, right_item.blocks):
            yield from _pairs(left_child, right_child)


def _single(source: tree.List, item: tree.ListItem, number: int) -> tree.List:
    return replace(source, items=(replace(item, blocks=()),), start=number)
