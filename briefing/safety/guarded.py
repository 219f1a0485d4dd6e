"""The one guarded way an untrusted file is read: regular files only, inside their folder, within a size cap per kind, zip archives checked before inflating."""

from __future__ import annotations

import hashlib
import io
import os
import stat
import zipfile
from dataclasses import dataclass

# The largest file of each kind a build reads.  Each is far above anything
# real (a theme is 2 KiB, a template 2 KiB, a restyled reference document
# 40 KiB) and far below what would strain memory.
CAPS = {
    "content file": 4 * 1024 * 1024,
    "theme": 256 * 1024,
    "template": 256 * 1024,
    "reference document": 32 * 1024 * 1024,
    # The translators' and reviewers' files: a Word draft of a whole book with its
    # figures (the sample's is 150 KiB), the XLIFF of one locale of one book, and
    # the lock that records what each translation was made from.
    "draft": 64 * 1024 * 1024,
    "XLIFF file": 16 * 1024 * 1024,
    "translations lock": 16 * 1024 * 1024,
}

# Zip archives (the reference .docx): checked from the central directory
# before any entry is inflated, then again while inflating.
ZIP_MAX_ENTRIES = 2000
ZIP_MAX_ENTRY = 16 * 1024 * 1024  # one part, inflated
ZIP_MAX_TOTAL = 64 * 1024 * 1024  # the parts a build reads, inflated
ZIP_MAX_RATIO = 100  # inflated / compressed, for parts over ZIP_RATIO_FLOOR
ZIP_RATIO_FLOOR = 1024 * 1024


# The SHA-256 of the bytes each file last gave this process, by real path: what the
# manifest records of an input is what was loaded, not the file read again after the
# build (an absorb may have replaced it in between).
loaded: dict[str, str] = {}


def loaded_digest(path: str | os.PathLike) -> str | None:
    """The SHA-256 of the bytes `path` gave when it was read through here, or None if it was not."""
    return loaded.get(os.path.realpath(os.fspath(path)))


class Refused(Exception):
    """The file cannot be read safely; the message says why, in words for the user."""


@dataclass(frozen=True)
class Read:
    """What was read: the bytes, and the real path they came from."""

    data: bytes
    real: str


def _mib(size: int) -> str:
    return f"{size // 1024} KiB" if size < 1024 * 1024 else f"{size // (1024 * 1024)} MiB"


def read(path: str | os.PathLike, kind: str, inside: str | os.PathLike | None = None) -> Read:
    """Reads a whole regular file of `kind`, refusing a FIFO, a device, a folder, a file over the cap or one outside `inside`.

    The file is opened without blocking (a FIFO with no writer would
    otherwise hang the build) and checked with fstat on the open handle, so
    what is checked is what is read.
    """
    cap = CAPS[kind]
    path = os.fspath(path)
    if inside is not None and os.path.lexists(path):
        root = os.path.realpath(inside)
        if os.path.commonpath([os.path.realpath(path), root]) != root:
            raise Refused("the file links outside the book folder; a build reads only the book's own files")
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise Refused("file not found") from None
    except IsADirectoryError:
        raise Refused("is a folder, not a file") from None
    except OSError as error:
        raise Refused(f"cannot read file: {error.strerror}") from None
    try:
        status = os.fstat(handle)
        if not stat.S_ISREG(status.st_mode):
            what = ("a folder" if stat.S_ISDIR(status.st_mode) else "a pipe" if stat.S_ISFIFO(status.st_mode)
                    else "a device" if stat.S_ISCHR(status.st_mode) or stat.S_ISBLK(status.st_mode)
                    else "a socket" if stat.S_ISSOCK(status.st_mode) else "not a regular file")
            raise Refused(f"is {what}, not a regular file")
        if status.st_size > cap:
            raise Refused(f"file is larger than {_mib(cap)} (the limit for a {kind})")
        chunks, size = [], 0
        while True:
            chunk = os.read(handle, min(1 << 20, cap + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > cap:  # it grew while being read
                raise Refused(f"file is larger than {_mib(cap)} (the limit for a {kind})")
    except OSError as error:
        raise Refused(f"cannot read file: {error.strerror}") from None
    finally:
        os.close(handle)
    read = Read(b"".join(chunks), os.path.realpath(path))
    loaded[read.real] = hashlib.sha256(read.data).hexdigest()
    return read


class Archive:
    """A zip archive read from bytes, whose entries are checked before and while they are inflated."""

    def __init__(self, data: bytes):
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, IndexError,
                NotImplementedError) as error:
            raise Refused(f"not a zip archive ({error})") from None
        if len(infos) > ZIP_MAX_ENTRIES:
            raise Refused(f"{len(infos):,} entries in the archive; at most {ZIP_MAX_ENTRIES:,} are accepted")
        names = [info.filename for info in infos]
        if len(set(names)) != len(names):
            # Two entries of one name: readers disagree about which one counts.
            raise Refused("the archive holds two entries of the same name")
        self.infos = {info.filename: info for info in infos}
        self.inflated = 0

    def names(self) -> set[str]:
        return set(self.infos)

    def read(self, name: str) -> bytes:
        """One entry's bytes, refused if its declared or actual size, or its compression ratio, is out of bounds."""
        info = self.infos.get(name)
        if info is None:
            raise Refused(f"the archive has no {name}")
        if info.flag_bits & 0x1:
            raise Refused(f"{name} is encrypted")
        if info.file_size > ZIP_MAX_ENTRY:
            raise Refused(f"{name} inflates to {info.file_size:,} bytes; at most {ZIP_MAX_ENTRY:,} are accepted")
        if info.file_size > ZIP_RATIO_FLOOR and info.file_size > ZIP_MAX_RATIO * max(info.compress_size, 1):
            raise Refused(f"{name} is compressed more than {ZIP_MAX_RATIO} to 1 (a zip bomb?)")
        if self.inflated + info.file_size > ZIP_MAX_TOTAL:
            raise Refused(f"the parts read inflate to more than {ZIP_MAX_TOTAL:,} bytes")
        try:
            with self.zip.open(info) as entry:
                # zipfile stops at the declared size and checks the CRC at the end;
                # reading one byte more finds an entry longer than it says.
                data = entry.read(info.file_size + 1)
        except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError, RuntimeError) as error:
            raise Refused(f"{name} cannot be read ({error})") from None
        except Exception as error:  # zlib.error and friends: a damaged entry
            raise Refused(f"{name} cannot be read ({type(error).__name__}: {error})") from None
        if len(data) != info.file_size:
            raise Refused(f"{name} is {len(data):,} bytes, not the {info.file_size:,} its header declares")
        self.inflated += len(data)
        return data
