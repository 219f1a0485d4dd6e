"""The Knuth–Plass total-fit line breaker over boxes, glue and penalties (Knuth & Plass, "Breaking Paragraphs into Lines", 1981)."""

from __future__ import annotations

from dataclasses import dataclass

# Item kinds. A paragraph is a list of items; a line may end at a glue that
# follows a box, or at a penalty below INFINITY (Knuth & Plass, section 2).
BOX, GLUE, PENALTY = 0, 1, 2
INFINITY = 10000  # a penalty of INFINITY forbids a break, of -INFINITY forces one

# TeX's plain values (The TeXbook, chapter 14): \linepenalty, \doublehyphendemerits, \adjdemerits.
LINE_PENALTY = 10
FLAGGED_DEMERITS = 10000  # two consecutive lines ending in a (flagged) hyphen
FITNESS_DEMERITS = 10000  # a very loose line next to a tight one
# A last line shorter than this share of the measure (one short word alone) costs as much as a second hyphen.
SHORT_LAST_LINE = 0.15
SHORT_LAST_DEMERITS = 10000


@dataclass
class Items:
    """A paragraph as parallel lists (plain lists and numbers, for the inner loop): kind, width, stretch,
    shrink, penalty and flagged of each item."""

    kind: list
    width: list
    stretch: list
    shrink: list
    penalty: list
    flagged: list

    @classmethod
    def empty(cls) -> "Items":
        return cls([], [], [], [], [], [])

    def add(self, kind: int, width: float = 0.0, stretch: float = 0.0, shrink: float = 0.0,
            penalty: float = 0.0, flagged: bool = False) -> None:
        self.kind.append(kind)
        self.width.append(width)
        self.stretch.append(stretch)
        self.shrink.append(shrink)
        self.penalty.append(penalty)
        self.flagged.append(flagged)


@dataclass(frozen=True)
class Line:
    """One chosen line: the item it ends at, and its adjustment ratio (how far its glue stretched, > 0, or shrank, < 0)."""

    end: int
    ratio: float


def _fitness(ratio: float) -> int:
    # The four classes of section 2: tight, decent, loose, very loose.
    if ratio < -0.5:
        return 0
    if ratio <= 0.5:
        return 1
    if ratio <= 1:
        return 2
    return 3


class _Node:
    __slots__ = ("position", "line", "fitness", "width", "stretch", "shrink", "demerits", "ratio", "previous")

    def __init__(self, position, line, fitness, width, stretch, shrink, demerits, ratio, previous):
        self.position, self.line, self.fitness = position, line, fitness
        self.width, self.stretch, self.shrink = width, stretch, shrink
        self.demerits, self.ratio, self.previous = demerits, ratio, previous


def breaks(items: Items, widths: list[float], tolerance: float = 2.0) -> list[Line] | None:
    """The breaks that minimise the paragraph's total demerits with no line's ratio above `tolerance`, or None
    when there are none (the caller tries again more tolerant). `widths` are the lines' measures, the last repeated.

    The last item must be a forced break. With an infinite tolerance (the last pass), a line too full to
    shrink (a word wider than the measure) is kept when nothing else is left active, as TeX's final pass
    keeps an overfull box rather than fail.
    """
    kind, width, stretch, shrink, penalty, flagged = (items.kind, items.width, items.stretch, items.shrink,
                                                     items.penalty, items.flagged)
    count = len(kind)
    last_measure = len(widths) - 1
    active = [_Node(0, 0, 1, 0.0, 0.0, 0.0, 0.0, 0.0, None)]
    sum_w = sum_y = sum_z = 0.0
    for b in range(count):
        k = kind[b]
        if k == BOX:
            sum_w += width[b]
            continue
        if k == GLUE:
            if b == 0 or kind[b - 1] != BOX:
                sum_w += width[b]; sum_y += stretch[b]; sum_z += shrink[b]
                continue
        elif penalty[b] >= INFINITY:
            continue
        pb = penalty[b] if k == PENALTY else 0.0
        extra = width[b] if k == PENALTY else 0.0  # a hyphen's width counts on the line it ends
        forced = k == PENALTY and pb <= -INFINITY
        best: dict[int, tuple] = {}
        survivors = []
        fallback = None
        for node in active:
            measure = widths[min(node.line, last_measure)]
            natural = sum_w - node.width + extra
            if natural < measure:
                room = sum_y - node.stretch
                ratio = (measure - natural) / room if room > 0 else float("inf")
            elif natural > measure:
                room = sum_z - node.shrink
                ratio = (measure - natural) / room if room > 0 else float("-inf")
            else:
                ratio = 0.0
            if ratio < -1 or forced:
                fallback = node  # the newest: the overfull line it starts holds the least
            else:
                survivors.append(node)
            if -1 <= ratio <= tolerance or (forced and ratio >= -1):
                # A line with no glue to stretch is infinitely bad (TeX's 10000), yet possible in the last pass.
                badness = min(100 * abs(ratio) ** 3, INFINITY) if ratio != float("inf") else INFINITY
                demerits = (LINE_PENALTY + badness) ** 2
                if pb >= 0:
                    demerits += pb * pb
                elif pb > -INFINITY:
                    demerits -= pb * pb
                if flagged[b] and kind[node.position] == PENALTY and flagged[node.position]:
                    demerits += FLAGGED_DEMERITS
                fitness = _fitness(ratio)
                if abs(fitness - node.fitness) > 1:
                    demerits += FITNESS_DEMERITS
                if forced and natural < SHORT_LAST_LINE * measure and node.line > 0:
                    demerits += SHORT_LAST_DEMERITS
                demerits += node.demerits
                held = best.get(fitness)
                if held is None or demerits < held[0]:
                    best[fitness] = (demerits, node, ratio)
        if not survivors and not best and fallback is not None and tolerance == float("inf"):
            # Nothing fits: an overfull line (or, at the end, the only way to finish) is kept.
            measure = widths[min(fallback.line, last_measure)]
            best[1] = (fallback.demerits + 1e9, fallback, -1.0 if sum_w - fallback.width + extra > measure else 0.0)
        active = survivors
        if best:
            # The sums after the break: the glue and penalties that follow it vanish at a line start.
            after_w, after_y, after_z = sum_w, sum_y, sum_z
            if k == GLUE:
                after_w += width[b]; after_y += stretch[b]; after_z += shrink[b]
            i = b + 1
            while i < count and kind[i] != BOX:
                if kind[i] == PENALTY and penalty[i] <= -INFINITY and i > b:
                    break
                if kind[i] == GLUE:
                    after_w += width[i]; after_y += stretch[i]; after_z += shrink[i]
                i += 1
            for fitness, (demerits, node, ratio) in sorted(best.items()):
                active.append(_Node(b, node.line + 1, fitness, after_w, after_y, after_z, demerits, ratio, node))
        if k == GLUE:
            sum_w += width[b]; sum_y += stretch[b]; sum_z += shrink[b]
        if not active:
            return None
    ends = [node for node in active if node.position == count - 1]
    if not ends:
        return None
    node = min(ends, key=lambda n: n.demerits)
    lines = []
    while node.previous is not None:
        lines.append(Line(node.position, node.ratio))
        node = node.previous
    return lines[::-1]
