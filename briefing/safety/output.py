"""Putting files in place: atomic replacement, and the build time that SOURCE_DATE_EPOCH pins for reproducible bytes."""

from __future__ import annotations

import datetime
import errno
import os
import tempfile
import zipfile
from pathlib import Path
from typing import Callable


def build_time() -> datetime.datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), otherwise now; always UTC and whole seconds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc)
    return datetime.datetime.now(tz=datetime.timezone.utc).replace(microsecond=0)


def flush(path: str) -> None:
    """Makes a written file durable before it is moved into place (a crash then finds it whole or absent)."""
    with open(path, "rb+") as written:
        os.fsync(written.fileno())


class Staging:
    """Outputs written as hidden temporary files beside their targets, moved into place together at the end.

    A failed or killed build leaves every old file untouched and at most hidden
    temporary files, never a truncated output or half a set of new ones.
    """

    def __init__(self) -> None:
        self.staged: list[tuple[str, Path]] = []
        self.created: list[Path] = []  # the folders made for the outputs, removed again if nothing is committed
        self.flushed: set[str] = set()  # the temporary files already made durable by whoever wrote them

    def reserve(self, target: Path) -> str:
        """A temporary file in the target's folder, to hold the target's future content."""
        from briefing.safety.locking import signals_deferred

        # A stop between creating the file and recording it would leave it behind: it waits until it is recorded.
        with signals_deferred():
            for attempt in (1, 2):
                self._make_folders(target.parent)
                try:
                    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
                    break
                except FileNotFoundError:  # another build refused meanwhile removed the folder it had made
                    if attempt == 2:
                        raise
            os.close(handle)
            self.staged.append((temporary, target))
        return temporary

    def _make_folders(self, folder: Path) -> None:
        missing = []
        while not folder.exists() and folder != folder.parent:
            missing.append(folder)
            folder = folder.parent
        for made in reversed(missing):
            try:
                made.mkdir()
            except FileExistsError:
                continue
            self.created.append(made)

    def stage(self, target: Path, produce: Callable[[str], None]) -> None:
        """Lets `produce` write the future content of `target` into a temporary file in the same folder."""
        produce(self.reserve(target))

    def commit(self) -> list[Path]:
        """Flushes every staged file to disk, then moves each into place (os.replace within one folder is atomic)."""
        from briefing.safety.locking import moving_into

        for temporary, _ in self.staged:
            if temporary not in self.flushed:
                flush(temporary)
            os.chmod(temporary, 0o644)
        # Under the folder's lock, with stopping signals held back: another build's
        # outputs and manifest move in before or after ours, never between.
        with moving_into({target.parent for _, target in self.staged}):
            for _, target in self.staged:
                _replaceable(target)  # every target, before the first is replaced: all or nothing
            for temporary, target in self.staged:
                os.replace(temporary, target)
        done = [target for _, target in self.staged]
        self.staged, self.created = [], []
        return done

    def discard(self) -> None:
        from briefing.safety.locking import signals_deferred

        with signals_deferred():  # a second Ctrl-C while cleaning up must not leave half the files
            for temporary, _ in self.staged:
                try:
                    os.unlink(temporary)
                except FileNotFoundError:
                    pass
            self.staged = []
            for folder in reversed(self.created):  # nothing was committed: the folders made for it go too
                try:
                    folder.rmdir()
                except OSError:  # not empty: something else is in it now
                    pass
            self.created = []

    def __enter__(self) -> "Staging":
        return self

    def __exit__(self, kind, value, traceback) -> None:
        self.discard()  # after commit() nothing is left to discard


def _replaceable(target: Path) -> None:
    """Refuses a target that os.replace cannot replace by a file (a folder), as the OSError the rename would raise."""
    if target.is_dir() and not target.is_symlink():
        raise IsADirectoryError(errno.EISDIR, "is a folder, not a file", str(target))


def zip_stamp(when: datetime.datetime) -> tuple[int, ...]:
    """A zip entry's date and time for `when` (zip cannot say anything before 1980)."""
    return max(when, datetime.datetime(1980, 1, 1, tzinfo=datetime.timezone.utc)).timetuple()[:6]


def zip_entry(name: str, stamp: tuple[int, ...]) -> zipfile.ZipInfo:
    """A deflated zip entry with a fixed date and attributes, so the same content gives the same bytes."""
    entry = zipfile.ZipInfo(name, date_time=stamp)
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = 0o644 << 16
    entry.create_system = 0
    return entry
