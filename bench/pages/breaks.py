"""Line breaks inside a run or a word in a Word draft as LibreOffice lays it out: digits and Latin letters split in CJK text (2/020年, JOGM/EC), and titles and headings split inside a word or name (プー/チン, 例/示)."""

from __future__ import annotations

import functools
import re

from .reading import FRAME_BOTTOM, FRAME_TOP, HEADING, _group, _same
from .tables import _script

# A digit or a Latin letter, half- or full-width: the characters of a run that must not split.
_ALNUM = re.compile(r"[0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_RUN = re.compile(r"[0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")
# Han, kana and Hangul: a line holding one is East Asian text.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_KANA = re.compile(r"[\u3040-\u30ff]")
# Two lines of one paragraph stand less than this many times their size apart (top to top), in one size.
LEADING = 2.0


@functools.lru_cache(maxsize=2)
def _parser(kana: bool):
    # BudouX (Google's phrase segmenter): where a Japanese or Chinese title may break, found without briefing's code.
    import budoux

    return budoux.load_default_japanese_parser() if kana else budoux.load_default_simplified_chinese_parser()


def phrase_starts(text: str) -> set[int]:
    """Offsets in `text` where BudouX starts a phrase (Japanese when it holds kana, else Chinese)."""
    starts, offset = set(), 0
    for phrase in _parser(bool(_KANA.search(text))).parse(text):
        offset += len(phrase)
        starts.add(offset)
    return starts


def runs_of(words: set[str] | None) -> set[str]:
    """Every run of digits and Latin letters in a book's words: a break that splits one of them is a defect."""
    return {run for word in words or () for run in _RUN.findall(word)}


def _lines(chars: list[dict]) -> list[dict]:
    """Characters into lines (reading.py's grouping: a character joins the line whose top is within a third of
    its size), each with its text, top, size and whether it is set in the heading colour."""
    found = []
    for line in _group(chars):
        text = "".join(c["text"] for c in line).replace("\u2060", "")
        visible = [c for c in line if c["text"].strip()]
        if visible:
            found.append({"text": text, "top": line[0]["top"], "size": max(c["size"] for c in visible),
                          "heading": all(_same(c.get("non_stroking_color"), HEADING) for c in visible)})
    return found


def _flows(page, columns: int) -> list[list[dict]]:
    """A page's text flows, each its lines top to bottom: every ruled table cell, and each column outside them."""
    tables = [cell for table in page.find_tables() for cell in table.cells]
    chars = [c for c in page.chars if FRAME_TOP < c["top"] < FRAME_BOTTOM and c["text"] != " "]

    def cell_of(char):
        x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
        return next((i for i, (x0, top, x1, bottom) in enumerate(tables) if x0 <= x <= x1 and top <= y <= bottom), None)

    groups: dict = {}
    for char in chars:
        cell = cell_of(char)
        key = ("cell", cell) if cell is not None else ("column", int(columns == 2 and char["x0"] > page.width / 2))
        groups.setdefault(key, []).append(char)
    return [_lines(group) for _, group in sorted(groups.items(), key=lambda item: str(item[0]))]


def _split_run(head: str, tail: str, runs: set[str] | None) -> str | None:
    """'left/right' when a run of digits or Latin letters goes on from one line of CJK text to the next."""
    head, tail = head.rstrip(), tail.lstrip()
    if not head or not tail or not _ALNUM.match(head[-1]) or not _ALNUM.match(tail[0]):
        return None
    if not (_CJK.search(head) or _CJK.search(tail)):
        return None
    left, right = _RUN.findall(head)[-1], _RUN.match(tail).group(0)
    if runs is not None and left + right not in runs:
        return None  # two runs a space apart (a Latin name in Japanese text), the space dropped at the line end
    return f"{left}/{right}"


def _split_word(head: str, tail: str, words: set[str] | None) -> str | None:
    """'left/right' when a title or heading breaks inside a word: within a run of one kana script, within
    a BudouX phrase between two Han characters, or between two pieces of one of the book's spaced words."""
    head, tail = head.rstrip(), tail.lstrip()
    if not head or not tail:
        return None
    a, b = _script(head[-1]), _script(tail[0])
    if a != b or not a:
        return None
    shown = f"{head[-3:]}/{tail[:3]}"
    if a in ("hiragana", "katakana"):
        return shown
    if a == "han":
        return None if len(head) in phrase_starts(head + tail) else shown
    left, right = re.split(r"\s", head)[-1], re.split(r"\s", tail)[0]
    return f"{left}/{right}" if words and (left + right).strip(".,;:()") in words else None


def broken_runs(path, columns: int = 1, words: set[str] | None = None) -> list[tuple[int, str]]:
    """(page, 'left/right') of each line break inside a digit or Latin run in CJK text, and each inside a
    word of a title or heading, in a converted draft (`columns=2` for a pair, its languages side by side).
    Without `words`, every digit or Latin run split between lines counts."""
    import pdfplumber

    runs = runs_of(words) if words else None
    found = []
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            for lines in _flows(page, columns):
                for first, second in zip(lines, lines[1:]):
                    if second["top"] - first["top"] > LEADING * first["size"] \
                            or abs(second["size"] - first["size"]) > 0.5:
                        continue  # another paragraph (a title and its subtitle, a heading and the one under it)
                    split = _split_run(first["text"], second["text"], runs)
                    if split is None and first["heading"] and second["heading"]:
                        split = _split_word(first["text"], second["text"], words)
                    if split:
                        found.append((page.page_number, split))
    return found
