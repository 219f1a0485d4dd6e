"""`briefing` with the PDF's tagging switched off, for the benchmark's measure of what tagging costs.

`python -m bench.untagged build BOOK …` takes the arguments of `briefing`. The
canvas gets no structure tree, so nothing is marked, no tree, XMP packet or
output intent is written; the writer still creates its elements (a small part).
"""

from __future__ import annotations

import sys

from briefing.writers.pdf import writer

_counting_canvas = writer.counting_canvas
writer.counting_canvas = lambda decorate, *untagged: _counting_canvas(decorate)

from briefing.cli import entry  # noqa: E402  (after the patch, which forked workers inherit)

if __name__ == "__main__":
    sys.exit(entry())
