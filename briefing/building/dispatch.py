"""Which target a build worker writes next: its own format first, the largest first, and another format's when worth it."""

from __future__ import annotations

from briefing.book.targets import FORMATS, Target

# A worker that has not loaded a format's writer takes that format's targets
# only when at least this many are left: loading python-docx costs about
# half a Word draft, ReportLab and the fonts about two PDFs.
WORTH_LOADING = {"docx": 2, "pdf": 3, "html": 1}  # the HTML writer imports nothing heavy


class Dispatch:
    """Hands out targets one at a time as workers ask, so a worker slowed by a busy machine is helped by the other.

    Targets are given largest first (the bilingual books), so what is left at
    the end is small and the workers finish close together; but each worker's
    first target is the first one-language book, whose single tree the build
    makes first (a pair's takes both its languages' trees and their alignment),
    so the workers start sooner.
    """

    def __init__(self, targets: list[Target], imported: frozenset[str] = frozenset()):
        """`imported`: the formats whose writers every worker has from the start (forked from a build server's
        warm process, which has them all): taking their targets costs a worker nothing more."""
        self.left = {fmt: sorted((t for t in targets if t.format == fmt), key=_largest_first) for fmt in FORMATS}
        self.loaded: dict[object, set[str]] = {}
        self.imported = imported
        self.stopped = False

    def next_for(self, worker, preferred: str) -> Target | None:
        """The target `worker` should write next (it has loaded `preferred`'s writer), or None when it is done."""
        if self.stopped:
            return None
        first = worker not in self.loaded
        loaded = self.loaded.setdefault(worker, {preferred, *self.imported})
        choices = [preferred] + [fmt for fmt in FORMATS if fmt in loaded and fmt != preferred]
        choices += [fmt for fmt in FORMATS if fmt not in choices and len(self.left[fmt]) >= WORTH_LOADING[fmt]]
        for fmt in choices:
            if self.left[fmt]:
                loaded.add(fmt)
                return self.left[fmt].pop(_first_single(self.left[fmt]) if first else 0)
        return None

    def stop(self) -> None:
        """A worker failed: the build will fail, so nothing more is handed out."""
        self.stopped = True


def _first_single(targets: list[Target]) -> int:
    """Where the first one-language target stands (they follow the pairs), or 0 when there is none."""
    return next((index for index, target in enumerate(targets) if "+" not in target.locale), 0)


def _largest_first(target: Target) -> tuple[bool, str]:
    return ("+" not in target.locale, target.locale)
