"""Which target a build worker writes next: the largest first, its own format first among equals, another format's when worth it, a language it has written."""

from __future__ import annotations

from briefing.book.targets import FORMATS, Target

# A worker that has not loaded a format's writer takes that format's targets
# only when at least this many are left: loading python-docx costs about
# half a Word draft, ReportLab and the fonts about two PDFs.
WORTH_LOADING = {"docx": 2, "pdf": 3, "html": 1}  # the HTML writer imports nothing heavy


class Dispatch:
    """Hands out targets one at a time as workers ask, so a worker slowed by a busy machine is helped by the other.

    Targets are given largest first (the bilingual books) among the formats
    whose writers a worker has loaded, its own format first among equals: the
    longest jobs first, so what is left at the end is small and the workers
    finish close together (Graham's LPT rule). A worker done with its own pairs
    takes the other format's pairs before its own single books; taking the
    other's single books at the very end would leave it writing a whole PDF,
    and one slower for not having composed its languages before, while the
    other is done. Each worker's first target is the first one-language book,
    whose single tree the build makes first (a pair's takes both its languages'
    trees and their alignment), so the workers start sooner.

    Among one-language books, a worker with every writer (a served build's)
    takes the PDFs before the Word drafts, so both end on drafts of about
    20 ms instead of one waiting for the other's last PDF; and among those of
    one format, the book in a language it has already written in that format
    (and the others have not) first: a process remembers the paragraphs,
    lines and subsets it composed, and the Japanese PDF costs half as much
    after the Japanese-Chinese pair as written first.
    """

    def __init__(self, targets: list[Target], imported: frozenset[str] = frozenset()):
        """`imported`: the formats whose writers every worker has from the start (forked from a build server's
        warm process, which has them all): taking their targets costs a worker nothing more."""
        self.left = {fmt: sorted((t for t in targets if t.format == fmt), key=_largest_first) for fmt in FORMATS}
        self.loaded: dict[object, set[str]] = {}
        self.written: dict[object, set[tuple[str, str]]] = {}  # each worker's (format, language) so far
        self.imported = imported
        self.stopped = False

    def next_for(self, worker, preferred: str) -> Target | None:
        """The target `worker` should write next (it has loaded `preferred`'s writer), or None when it is done."""
        if self.stopped:
            return None
        first = worker not in self.loaded
        loaded = self.loaded.setdefault(worker, {preferred, *self.imported})
        choices = [fmt for fmt in dict.fromkeys([preferred, *FORMATS]) if fmt in loaded and self.left[fmt]]
        if not choices:  # then another writer, when enough of its targets are left to pay for loading it
            choices = [fmt for fmt in FORMATS if len(self.left[fmt]) >= WORTH_LOADING[fmt]][:1]
        if not choices:
            return None
        if first:
            fmt, index = choices[0], _first_single(self.left[choices[0]])
        else:  # min() keeps the first of equals: its own format first
            fmt = min(choices, key=lambda fmt: _order(self.left[fmt][0]))
            index = self._familiar_single(worker, fmt) if _is_single(self.left[fmt][0]) else 0
        loaded.add(fmt)
        target = self.left[fmt].pop(index)
        self.written.setdefault(worker, set()).update((fmt, language) for language in target.locale.split("+"))
        return target

    def _familiar_single(self, worker, fmt: str) -> int:
        """Where, among `fmt`'s one-language books left (all of them, as the pairs go first), is the one
        `worker` has written the language of, and the fewest other workers have; the first of equals."""
        mine = self.written.get(worker, set())
        others = [languages for other, languages in self.written.items() if other is not worker]

        def unfamiliarity(index: int) -> tuple[bool, int]:
            written = (fmt, self.left[fmt][index].locale)
            return written not in mine, sum(written in languages for languages in others)

        return min(range(len(self.left[fmt])), key=unfamiliarity)

    def stop(self) -> None:
        """A worker failed: the build will fail, so nothing more is handed out."""
        self.stopped = True


def _first_single(targets: list[Target]) -> int:
    """Where the first one-language target stands (they follow the pairs), or 0 when there is none."""
    return next((index for index, target in enumerate(targets) if _is_single(target)), 0)


# The one-language books of a default build, largest first: a PDF costs two to four Word drafts.
_SINGLE_SIZE = {"pdf": 0, "docx": 1, "html": 2}


def _order(target: Target) -> tuple[bool, int]:
    """Which format's next target a worker takes: pairs (its own format first), then single books, largest first."""
    single = _is_single(target)
    return single, _SINGLE_SIZE[target.format] if single else 0


def _is_single(target: Target) -> bool:
    return "+" not in target.locale


def _largest_first(target: Target) -> tuple[bool, str]:
    return (_is_single(target), target.locale)
