"""The composer's two rules measured from a built PDF with poppler's `pdftotext -bbox-layout`: loose justified lines, and CJK lines not flush.

Run as a script: `python -m bench.pages.lines BOOK.pdf...` prints, per file, the median word gap of its
justified lines, how many lines have a gap over twice that, and how many Japanese or Chinese lines
(not a paragraph's last) end 0.5 pt or more short of their paragraph's measure.
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass

# The running head and foot lie outside the text frame: their title and marking stand far apart on purpose.
FRAME_TOP, FRAME_BOTTOM = 70.0, 842.0 - 70.0
FLUSH = 1.0  # a line ending this close to its column's right edge was justified
SHORT = 0.5  # a CJK line ending this far short of its measure is not flush
PARAGRAPH_END = re.compile(r"[。：．][）」』］\]]*$")
_LABEL = re.compile(r"^([(（]?\w{1,3}[.)）．]|[•–—·◎●-]|[(（][^)）]{1,3}[)）]|[IVX]+\.)$")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff5e]")


@dataclass
class Line:
    page: int
    x0: float
    x1: float
    y0: float
    words: list  # (x0, x1, text)
    last_of_block: bool


def _body_font(path) -> str:
    """The font most of the output's Japanese or Chinese characters are set in: the body text's
    (headings and register titles are set in another face), read with pdfplumber."""
    import pdfplumber

    counts: dict[str, int] = {}
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            for char in page.chars:
                if _CJK.match(char["text"]):
                    counts[char["fontname"]] = counts.get(char["fontname"], 0) + 1
    return max(sorted(counts), key=counts.get) if counts else ""


def _fonts_of_lines(path, lines) -> list[str]:
    """The font of each line's first Japanese or Chinese character."""
    import pdfplumber

    found = []
    with pdfplumber.open(str(path)) as pdf:
        by_page: dict[int, list] = {}
        for line in lines:
            chars = by_page.get(line.page)
            if chars is None:
                chars = by_page[line.page] = [c for c in pdf.pages[line.page - 1].chars if _CJK.match(c["text"])]
            font = next((c["fontname"] for c in chars
                         if line.x0 - 0.5 <= c["x0"] <= line.x1 and abs(c["top"] - line.y0) < 3), "")
            found.append(font)
    return found


def lines_of(path) -> list[Line]:
    """Every text line inside the text frame, as poppler groups words into lines and blocks."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    root = ET.fromstring(re.sub(r'\sxmlns="[^"]+"', "", xml, count=1))
    found = []
    for number, page in enumerate(root.iter("page"), 1):
        for block in page.iter("block"):
            rows = [line for line in block.iter("line") if FRAME_TOP < float(line.get("yMin")) < FRAME_BOTTOM]
            for index, line in enumerate(rows):
                words = [(float(w.get("xMin")), float(w.get("xMax")), w.text or "") for w in line.iter("word")]
                if words:
                    found.append(Line(number, float(line.get("xMin")), float(line.get("xMax")),
                                      float(line.get("yMin")), words, index == len(rows) - 1))
    return found


def _edges(lines: list[Line], width: float) -> dict[bool, float]:
    """The right edge of each column (left, right half of the page): the furthest any line reaches."""
    edges: dict[bool, float] = {}
    for line in lines:
        right = line.x0 > width / 2
        edges[right] = max(edges.get(right, 0.0), line.x1)
    return edges


def _text_start(line: Line) -> float:
    """Where a line's text starts, after a list label ((ア), 1.) set before it."""
    words = line.words
    return words[1][0] if len(words) > 1 and _LABEL.match(words[0][2]) else words[0][0]


def _paragraphs(lines: list[Line]) -> list[list[Line]]:
    """poppler's blocks cut where the space between two lines is wider than the block's line spacing:
    a block may run several paragraphs together, which their spacing after sets apart."""
    blocks: list[list[Line]] = [[]]
    for line in lines:
        blocks[-1].append(line)
        if line.last_of_block:
            blocks.append([])
    paragraphs = []
    for block in blocks:
        steps = [b.y0 - a.y0 for a, b in zip(block, block[1:])]
        step = min(steps, default=0.0)
        current: list[Line] = []
        for index, line in enumerate(block):
            # A paragraph's lines start where its second line does (the first may be indented): a line
            # starting elsewhere after that begins another paragraph that no space set apart.
            if len(current) >= 2 and abs(_text_start(line) - _text_start(current[-1])) > 0.5:
                paragraphs.append(current)
                current = []
            current.append(line)
            if index == len(block) - 1 or steps[index] > step + 1.0:
                paragraphs.append(current)
                current = []
    return paragraphs


def _contents_pages(lines: list[Line], edges: dict[bool, float], width: float) -> set[int]:
    """Pages of the contents: three or more page numbers set flush right (its entries are not paragraphs)."""
    numbers: dict[int, int] = {}
    for line in lines:
        x0, x1, text = line.words[-1]
        if text.isdigit() and x1 >= edges[line.x0 > width / 2] - FLUSH:
            numbers[line.page] = numbers.get(line.page, 0) + 1
    return {page for page, count in numbers.items() if count >= 3}


@dataclass
class Measures:
    median_gap: float
    loose: list  # (page, widest gap) of each justified line with a gap over twice the median
    ragged_cjk: list  # (page, points short) of each CJK line that is not flush


def measure(path, width: float = 595.3) -> Measures:
    lines = lines_of(path)
    edges = _edges(lines, width)
    justified, gaps = [], []
    for line in lines:
        if _CJK.search("".join(text for _, _, text in line.words)):
            continue
        if line.x1 >= edges[line.x0 > width / 2] - FLUSH and len(line.words) > 1:
            # The gap after a list label (1., (a), –) is its indent, not a word gap.
            words = line.words[1:] if _LABEL.match(line.words[0][2]) else line.words
            own = [b[0] - a[1] for a, b in zip(words, words[1:])]
            if own:
                justified.append((line.page, max(own)))
                gaps += own
    median = statistics.median(gaps) if gaps else 0.0
    loose = [(page, gap) for page, gap in justified if gap > 2 * median]
    ragged = []
    blocks = _paragraphs(lines)
    contents = _contents_pages(lines, edges, width)
    body, fonts = None, {}
    for block in blocks:
        cjk = [line for line in block if _CJK.search("".join(text for _, _, text in line.words))]
        if len(cjk) < 2 or len(cjk) != len(block) or block[0].page in contents:
            continue
        if body is None:
            body = _body_font(path)
            cjk_lines = [line for b in blocks for line in b if _CJK.search("".join(t for _, _, t in line.words))]
            fonts = dict(zip(map(id, cjk_lines), _fonts_of_lines(path, cjk_lines)))
        if any(fonts.get(id(line)) != body for line in block):
            continue  # a heading or a register title: broken between phrases, not justified
        for line in block[:-1]:
            # The measure: the furthest a line of the paragraph reaches. A line ending a sentence
            # may end a list item that poppler ran into the next one: it is not counted.
            right = max(other.x1 for other in block)
            if line.x1 < right - SHORT and not PARAGRAPH_END.search(line.words[-1][2]):
                ragged.append((line.page, round(right - line.x1, 1)))
    return Measures(median, loose, ragged)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        found = measure(name)
        print(f"{name}: median gap {found.median_gap:.2f} pt, {len(found.loose)} loose line(s), "
              f"{len(found.ragged_cjk)} CJK line(s) not flush")
