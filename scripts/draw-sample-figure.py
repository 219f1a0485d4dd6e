#!/usr/bin/env python3
"""Draws the second sample book's figure (trade by year, as bars) from the data in its economy module.

The image is the project's own: made from the table it illustrates, with
Pillow, and with no text in it (the caption and the alternative text carry
the words, in every locale). Run from the repository root:

    .venv/bin/python scripts/draw-sample-figure.py
"""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import yaml
from PIL import Image, ImageDraw

BOOK = Path(__file__).resolve().parent.parent / "content" / "2010-11-19-japan-mongolia"
WIDTH, HEIGHT, MARGIN = 1200, 600, 60
EXPORTS, IMPORTS, AXIS = (31, 76, 122), (230, 145, 56), (90, 90, 90)


def rows() -> list[tuple[str, Decimal, Decimal]]:
    """(year, exports, imports) from the table of economy.yaml, so the bars always show the table's numbers."""
    blocks = yaml.safe_load((BOOK / "economy.yaml").read_text(encoding="utf-8"))["blocks"]
    table = next(block["table"] for block in _walk(blocks) if "table" in block)
    return [(str(row[0]), Decimal(str(row[1])), Decimal(str(row[2]))) for row in table["rows"]]


def _walk(blocks):
    for block in blocks:
        yield block
        if "section" in block:
            yield from _walk(block["section"]["blocks"])


def draw(data) -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    pen = ImageDraw.Draw(image)
    top = max(max(e, i) for _, e, i in data)
    base = HEIGHT - MARGIN
    pen.line([(MARGIN, MARGIN // 2), (MARGIN, base), (WIDTH - MARGIN // 2, base)], fill=AXIS, width=3)
    for step in range(1, 5):  # light grid lines at quarters of the largest value
        y = base - (base - MARGIN) * step // 4
        pen.line([(MARGIN + 2, y), (WIDTH - MARGIN // 2, y)], fill=(225, 225, 225), width=1)
    slot = (WIDTH - 2 * MARGIN) // len(data)
    bar = slot // 3
    for index, (_, exports, imports) in enumerate(data):
        x = MARGIN + index * slot + slot // 6
        for offset, value, colour in ((0, exports, EXPORTS), (bar, imports, IMPORTS)):
            height = int((base - MARGIN) * value / top)
            pen.rectangle([x + offset, base - height, x + offset + bar - 4, base - 1], fill=colour)
    return image


def main() -> int:
    target = BOOK / "figures" / "trade.png"
    target.parent.mkdir(exist_ok=True)
    draw(rows()).save(target, format="PNG", optimize=True)
    print(target.relative_to(Path.cwd()) if target.is_relative_to(Path.cwd()) else target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
