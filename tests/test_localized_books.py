"""The default build: ten files, each in its languages, fonts embedded, Japanese set by kinsoku, bilingual pairs aligned."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET

import docx
import pytest

from briefing import tree
from briefing.building.build import document_for
from briefing.content import load_book
from briefing.writers.pdf.kinsoku import CANNOT_END, CANNOT_START

from conftest import SAMPLE, require_tool, run_briefing

NAME = SAMPLE.name
TARGETS = ["en", "ja", "ru", "zh", "ko", "fr", "ja+en", "ja+ru", "ja+zh", "ja+ko", "zh+en", "ko+en", "en+fr", "fr+ru"]
RIGHT_MARGIN = 595.276 - 22 * 72 / 25.4
# Acronyms and codes the Japanese and Russian texts keep in Latin letters, as their originals do.
LATIN_KEPT = {"APEC", "G20", "JOGMEC", "INK", "NEXI", "VEB", "JBIC", "DPJ", "LNG", "MLAT", "CMAA", "I", "II", "III"}


def text_of(path, *options) -> str:
    return subprocess.run([require_tool("pdftotext"), *options, str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


def it_builds_every_locale_and_pair_in_both_formats(built_default):
    assert sorted(p.name for p in built_default.iterdir()) == sorted(
        [f"{NAME}.{target}.{fmt}" for target in TARGETS for fmt in ("pdf", "docx")] + [f"{NAME}.manifest.json"])


@pytest.mark.parametrize("target", TARGETS)
def it_embeds_every_font(built_default, target):
    rows = subprocess.run([require_tool("pdffonts"), str(built_default / f"{NAME}.{target}.pdf")],
                          capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert rows and all(row.split()[-5:-3] == ["yes", "yes"] for row in rows), rows


@pytest.mark.parametrize("locale, script", [("ja", r"[\u3040-\u30ff\u4e00-\u9fff]"), ("ru", r"[А-Яа-яЁё]")])
def it_gives_back_the_language_and_no_untranslated_english(built_default, locale, script):
    text = text_of(built_default / f"{NAME}.{locale}.pdf")
    assert len(re.findall(script, text)) > 2000
    latin_words = set(re.findall(r"[A-Za-z][A-Za-z0-9]*", text)) - LATIN_KEPT
    assert latin_words == set(), sorted(latin_words)


@pytest.mark.parametrize("locale, sample", [
    ("ja", "四島の帰属の問題"), ("ja", "平成21年5月12日"), ("ja", "１ 総論"), ("ja", "（１）北方領土問題"),
    ("ru", "12 мая 2009 г."), ("ru", "Приложение"), ("ru", "1) Проблема северных территорий"),
])
def it_prints_localized_dates_numbering_and_terms(built_default, locale, sample):
    # pdftotext gives the ideographic space after "１" and Russian no-break spaces as plain spaces.
    text = re.sub(r"[ \u00a0\u202f\u3000]+", " ", text_of(built_default / f"{NAME}.{locale}.pdf"))
    assert sample in text


@pytest.mark.parametrize("target", ["ja", "ja+en", "ja+ru"])
def it_sets_japanese_without_kinsoku_violations_or_overflow(built_default, target):
    path = built_default / f"{NAME}.{target}.pdf"
    page = ET.fromstring(re.sub(r'\sxmlns="[^"]+"', "", text_of(path, "-bbox-layout"), count=1))
    for line in page.iter("line"):
        words = [w.text or "" for w in line.iter("word")]
        text = "".join(words)
        if not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text):
            continue
        assert text[0] not in CANNOT_START, text
        assert text[-1] not in CANNOT_END, text
        assert max(float(w.get("xMax")) for w in line.iter("word")) <= RIGHT_MARGIN + 0.5, text


def layout_lines(path) -> list[tuple[int, float, str]]:
    """(page, top, text without spaces) of every line, in pdftotext's reading order."""
    xml = re.sub(r'\sxmlns="[^"]+"', "", text_of(path, "-bbox-layout"), count=1)
    found = []
    for number, page in enumerate(ET.fromstring(xml).iter("page"), 1):
        for line in page.iter("line"):
            words = list(line.iter("word"))
            found.append((number, float(words[0].get("yMin")), "".join(w.text or "" for w in words)))
    return found


def position_of(heading: tree.Heading, lines, after: int) -> tuple[int, tuple[int, float] | None]:
    """The first line at or after `after` that begins the heading (a wrapped heading begins on it)."""
    wanted = re.sub(r"\s+", "", heading.display())
    for index in range(after, len(lines)):
        page, top, text = lines[index]
        if text and len(text) >= min(4, len(wanted)) and wanted.startswith(text):
            return index + 1, (page, top)
    return after, None


@pytest.mark.parametrize("pair", ["ja+en", "ja+ru"])
def it_places_each_heading_beside_its_translation(built_default, pair):
    primary, secondary = pair.split("+")
    book = load_book(SAMPLE)
    lines = layout_lines(built_default / f"{NAME}.{pair}.pdf")
    left = [b for b in document_for(book, primary).blocks if isinstance(b, tree.Heading)]
    right = [b for b in document_for(book, secondary).blocks if isinstance(b, tree.Heading)]
    after_left = after_right = 0
    checked = 0
    for a, b in zip(left, right):
        after_left, pa = position_of(a, lines, after_left)
        after_right, pb = position_of(b, lines, after_right)
        assert pa and pb, (a.display(), pa, b.display(), pb)
        # Same page, same line: the boxes differ by the fonts' ascents, well under a line (≈17 pt).
        assert pa[0] == pb[0] and abs(pa[1] - pb[1]) < 3, (a.display(), pa, b.display(), pb)
        checked += 1
    assert checked == len(left) == len(right) > 10


@pytest.mark.parametrize("pair", ["ja+en", "ja+ru"])
def it_gives_each_aligned_block_its_own_docx_row(built_default, pair):
    """One row per aligned block, a heading opening the row of the block it introduces; a table is a table of
    its own with both languages' columns."""
    primary, secondary = pair.split("+")
    document = docx.Document(str(built_default / f"{NAME}.{pair}.docx"))
    # The contents stand between the title's table and the body's, as one TOC field, and a table beside its
    # translation is a table of its own (its rows stay level); every other pair is in a row.
    blocks = document_for(load_book(SAMPLE), pair).blocks
    expected = [b for b in blocks if not isinstance(b.left, tree.Contents)]
    runs = sum(1 for before, block in zip((None, *blocks), blocks)
               if not isinstance(block.left, (tree.Contents, tree.Table))
               and (before is None or isinstance(before.left, (tree.Contents, tree.Table))))
    groups, leads = [], []
    for block in expected:
        if isinstance(block.left, tree.Heading) or getattr(block.left, "role", "") == "lead":
            leads.append(block)
        elif isinstance(block.left, tree.Table):
            groups += [leads] if leads else []
            leads = []
        else:
            groups.append(leads + [block])
            leads = []
    groups += [leads] if leads else []
    tables = [t for t in document.tables if t.style.name == "Parallel Text"]
    rows = [row for table in tables for row in table.rows]
    assert len(tables) == runs and len(rows) == len(groups)
    tags = {"ja": "ja-JP", "en": "en-GB", "ru": "ru-RU"}

    def shown(node):
        return node.display() if isinstance(node, tree.Heading) else getattr(node, "text", None)

    for row, group in zip(rows, groups):
        left, right = row.cells
        for side, cell in (("left", left), ("right", right)):
            texts = [shown(getattr(block, side)) for block in group]
            if all(text is not None for text in texts):
                assert cell.text == "\n".join(texts)
    legend = next(t for t in document.tables if t.style.name == "Legend Table")
    assert len(legend.columns) == 5 and legend.rows[0].cells[3].text in ("Marker", "Знак")
    xml = tables[1]._tbl.xml
    # Each run names its language in its slot: Japanese in the East Asian one (its digits and Latin letters are English).
    slot = {"ja": "w:eastAsia"}
    assert all(f'{slot.get(side, "w:val")}="{tags[side]}"' in xml for side in (primary, secondary))


def it_sets_east_asian_fonts_and_language_in_the_japanese_docx(built_default):
    document = docx.Document(str(built_default / f"{NAME}.ja.docx"))
    normal = document.styles["Normal"].element.rPr
    fonts = normal.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rFonts")
    lang = normal.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}lang")
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    assert fonts.get(w + "eastAsia") == "IPAexMincho" and lang.get(w + "eastAsia") == "ja-JP"
    assert document.core_properties.language == "ja-JP"


def it_refuses_a_character_no_font_has(book_copy):
    path = book_copy / "international.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("were mentioned.", "were mentioned. \U0001F99C", 1), encoding="utf-8")
    result = run_briefing("check", str(book_copy))
    line = next(n for n, l in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "\U0001F99C" in l)
    assert result.returncode == 1
    assert f"international.yaml:{line - 1}: no configured 'en' font has U+1F99C" in result.stderr or \
        f"international.yaml:{line}: no configured 'en' font has U+1F99C" in result.stderr, result.stderr
