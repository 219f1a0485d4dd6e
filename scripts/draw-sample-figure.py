#!/usr/bin/env python3
"""Draws the second sample book's figure (trade by year, as bars), one image per locale, from its economy module.

The images are the project's own: made with Pillow from the table they
illustrate, with the value axis, the years and a legend labelled in each
locale's words (the series names are the table's own column headings), in
the fonts scripts/setup.sh installs. Run from the repository root:

    .venv/bin/python scripts/draw-sample-figure.py
"""

from __future__ import annotations

import math
import sys
from decimal import Decimal
from pathlib import Path

import yaml
from PIL import Image, ImageDraw, ImageFont

from briefing.fonts import find_face

BOOK = Path(__file__).resolve().parent.parent / "content" / "2010-11-19-japan-mongolia"
WIDTH, HEIGHT = 1200, 600
LEFT, RIGHT, TOP, BOTTOM = 110, 30, 80, 70  # room for the value axis, the legend and the years
EXPORTS, IMPORTS, AXIS, GRID = (31, 76, 122), (230, 145, 56), (90, 90, 90), (225, 225, 225)
# Per locale: the file (English is the figure's one image, the others fall back to it), the font and the unit.
LOCALES = {
    "en": ("trade.png", "Liberation Sans", "USD million"),
    "ja": ("trade.ja.png", "IPAexGothic", "百万米ドル"),
}


def table() -> dict:
    blocks = yaml.safe_load((BOOK / "economy.yaml").read_text(encoding="utf-8"))["blocks"]
    return next(block["table"] for block in _walk(blocks) if "table" in block)


def rows() -> list[tuple[str, Decimal, Decimal]]:
    """(year, exports, imports) from the table of economy.yaml, so the bars always show the table's numbers."""
    return [(str(row[0]), Decimal(str(row[1])), Decimal(str(row[2]))) for row in table()["rows"]]


def series_names(locale: str) -> tuple[str, str]:
    """The legend's words: the table's headings of the exports and imports columns in the locale."""
    header = table()["header"]
    return header[1][locale], header[2][locale]


def _walk(blocks):
    for block in blocks:
        yield block
        if "section" in block:
            yield from _walk(block["section"]["blocks"])


def step_for(top: Decimal) -> int:
    """A round step (1, 2 or 5 times a power of ten) that divides the value axis into at most five parts."""
    power = 1
    while True:
        for factor in (1, 2, 5):
            if top / (factor * power) <= 5:
                return factor * power
        power *= 10


def draw(data, locale: str = "en") -> Image.Image:
    _, font_name, unit = LOCALES[locale]
    font = ImageFont.truetype(find_face(font_name).path, 22)
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    pen = ImageDraw.Draw(image)
    step = step_for(max(max(e, i) for _, e, i in data))
    ticks = math.ceil(max(max(e, i) for _, e, i in data) / step)  # the axis ends at the first step above the data
    top = step * ticks
    base = HEIGHT - BOTTOM
    for tick in range(ticks + 1):  # grid lines and the value at each step
        y = base - (base - TOP) * tick // ticks
        if tick:
            pen.line([(LEFT + 2, y), (WIDTH - RIGHT, y)], fill=GRID, width=1)
        pen.text((LEFT - 12, y), f"{step * tick:,}", font=font, fill=AXIS, anchor="rm")
    pen.text((LEFT - 12, TOP - 40), unit, font=font, fill=AXIS, anchor="ls")
    pen.line([(LEFT, TOP - 20), (LEFT, base), (WIDTH - RIGHT, base)], fill=AXIS, width=3)
    slot = (WIDTH - LEFT - RIGHT) // len(data)
    bar = slot // 3
    for index, (year, exports, imports) in enumerate(data):
        x = LEFT + index * slot + slot // 6
        for offset, value, colour in ((0, exports, EXPORTS), (bar, imports, IMPORTS)):
            height = int((base - TOP) * value / top)
            pen.rectangle([x + offset, base - height, x + offset + bar - 4, base - 1], fill=colour)
        pen.text((x + bar, base + 12), year, font=font, fill=AXIS, anchor="mt")
    # The legend, top right: a swatch and the series' name for each.
    x = WIDTH - RIGHT
    for name, colour in reversed(list(zip(series_names(locale), (EXPORTS, IMPORTS)))):
        x -= int(pen.textlength(name, font=font))
        pen.text((x, TOP - 40), name, font=font, fill=AXIS, anchor="ls")
        x -= 30
        pen.rectangle([x, TOP - 58, x + 20, TOP - 40], fill=colour)
        x -= 30
    return image


def main() -> int:
    for locale, (name, _, _) in LOCALES.items():
        target = BOOK / "figures" / name
        target.parent.mkdir(exist_ok=True)
        draw(rows(), locale).save(target, format="PNG", optimize=True)
        print(target.relative_to(Path.cwd()) if target.is_relative_to(Path.cwd()) else target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
