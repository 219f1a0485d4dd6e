"""The widest gap between two words on each page of a PDF, from `pdftotext -bbox`: how far justification stretched a line.

Run as a script: `python tests/word_gaps.py BOOK.pdf...` prints one line per file.
"""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET

# The running head and foot lie outside the text frame: their title and marking stand far apart on purpose.
FRAME_TOP, FRAME_BOTTOM = 70.0, 842.0 - 70.0


def widest_gaps(path, pdftotext: str = "pdftotext") -> list[float]:
    """Per page, the widest space between two words of one text line (the gap after a list label excepted)."""
    xml = subprocess.run([pdftotext, "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    root = ET.fromstring(re.sub(r'\sxmlns="[^"]+"', "", xml, count=1))
    widest = []
    for page in root.iter("page"):
        lines: dict[float, list[tuple[float, float]]] = {}
        for word in page.iter("word"):
            top = float(word.get("yMin"))
            if FRAME_TOP < top < FRAME_BOTTOM:
                lines.setdefault(round(float(word.get("yMax")), 1), []).append(
                    (float(word.get("xMin")), float(word.get("xMax"))))
        gaps = [0.0]
        for words in lines.values():
            words.sort()
            # From the second gap on: the first may be a list label's indent.
            gaps += [right[0] - left[1] for left, right in zip(words[1:], words[2:])]
        widest.append(max(gaps))
    return widest


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(name, " ".join(f"{gap:.1f}" for gap in widest_gaps(name)))
