"""Figures as a hostile book can name them: one image named by thousands of blocks, transparent images at and over
their pixel limit, a file swapped for a link after its check. Each image is read and decoded once, checked, and
those bytes are what every writer embeds."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image

from doors import assert_reach, assert_refused, assert_within_budget, run

FIGURE = """  - figure:
      image: figures/chart.png
      caption:
        en: "Figure {n}"
      alt:
        en: "A chart"
"""


def new_book(tmp_path: Path, figures: int, size=(400, 300), mode="RGB") -> Path:
    made = run("new", "book", "--locales", "en", cwd=tmp_path)
    assert made.status == 0, made.stderr
    book = tmp_path / "book"
    (book / "figures").mkdir()
    # Noise, so that decoding costs what a photograph's does; tiled, so that a large one stays under the file cap.
    tile = (min(size[0], 400), min(size[1], 300))
    noise = Image.frombytes(mode, tile, os.urandom(tile[0] * tile[1] * len(mode)))
    picture = Image.new(mode, size)
    for x in range(0, size[0], tile[0]):
        for y in range(0, size[1], tile[1]):
            picture.paste(noise, (x, y))
    picture.save(book / "figures" / "chart.png")
    with open(book / "overview.yaml", "a", encoding="utf-8") as overview:
        overview.write("".join(FIGURE.format(n=n) for n in range(figures)))
    return book


def it_checks_ten_thousand_figures_naming_one_image_decoding_it_once(tmp_path):
    book = new_book(tmp_path, 10_000)
    outcome = run("check", str(book))
    assert_within_budget(outcome)
    assert_reach(outcome, book)
    assert outcome.status == 0, outcome.stderr


def it_refuses_a_transparent_image_over_its_pixel_limit_before_decoding_it(tmp_path):
    book = tmp_path / "book"
    made = run("new", "book", "--locales", "en", cwd=tmp_path)
    assert made.status == 0, made.stderr
    (book / "figures").mkdir()
    Image.new("RGBA", (7999, 5000), (0, 0, 128, 128)).save(book / "figures" / "chart.png")
    with open(book / "overview.yaml", "a", encoding="utf-8") as overview:
        overview.write(FIGURE.format(n=1))
    outcome = run("build", str(book), "-o", str(tmp_path / "out"))
    assert_refused(outcome, r"overview\.yaml:\d+: figure 'figures/chart\.png': .*7999 × 5000 pixels with "
                            r"transparency, more than the limit of 24,000,000")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("mode, size", [("RGBA", (6000, 4000)), ("RGB", (8000, 5000))])
def it_builds_an_image_at_its_pixel_limit_within_the_memory_budget(mode, size, tmp_path):
    book = new_book(tmp_path, 1, size=size, mode=mode)
    outcome = run("build", str(book), "-o", str(tmp_path / "out"), "-f", "pdf", "-j", "1", timeout=300)
    assert_within_budget(outcome)
    assert outcome.status == 0, outcome.stderr


def it_embeds_in_the_web_page_the_figure_that_was_checked_not_a_link_swapped_in_after(tmp_path):
    import base64

    from briefing import tree
    from briefing.images import inspect_image
    from briefing.writers import html
    from test_tables_figures import document

    book = tmp_path / "book"
    book.mkdir()
    Image.new("RGB", (20, 10), "navy").save(book / "chart.png")
    checked = (book / "chart.png").read_bytes()
    image = inspect_image("chart.png", str(book))
    secret = tmp_path / "secret.png"
    Image.new("RGB", (20, 10), "red").save(secret)
    (book / "chart.png").unlink()
    (book / "chart.png").symlink_to(secret)
    page = html.render(document(tree.Figure(image, "c", "a")))
    assert base64.b64encode(checked).decode("ascii") in page
    assert base64.b64encode(secret.read_bytes()).decode("ascii") not in page
