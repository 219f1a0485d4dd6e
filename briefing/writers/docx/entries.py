"""The zip entries of a Word draft: each stamped with the build time, and a large part compressed before taken from memory."""

from __future__ import annotations

import zipfile
import zlib

from briefing.safety.output import zip_entry, zip_stamp
from briefing.writers.kept import Kept

# python-docx's default document brings parts every draft holds alike, stylesWithEffects.xml
# (430 KB, 4 ms of zlib) the largest; a draft's styles are the same as another's of its language.
KEPT_BYTES = 16 * 1024 * 1024
SMALLEST_KEPT = 16 * 1024  # below this, compressing costs less than remembering
_COMPRESSED = Kept(KEPT_BYTES)


class PinnedEntries:
    """The `write(pack_uri, blob)` python-docx's package writer calls, adding each part with a fixed stamp."""

    def __init__(self, archive: zipfile.ZipFile, when):
        self.archive, self.stamp = archive, zip_stamp(when)

    def write(self, pack_uri, blob: bytes) -> None:
        entry = zip_entry(pack_uri.membername, self.stamp)
        if len(blob) < SMALLEST_KEPT:
            self.archive.writestr(entry, blob)
            return
        compressed = _COMPRESSED.get(blob)
        if compressed is None:
            compressed = deflated(blob)
            _COMPRESSED.put(blob, compressed, len(blob) + len(compressed))
        # As writestr does it (the size known first, one write), zipfile computing the CRC, sizes and headers,
        # with its compressor answered from memory: the same bytes as compressing again.
        entry.file_size = len(blob)
        with self.archive.open(entry, mode="w") as out:
            if hasattr(out, "_compressor"):
                out._compressor = _Remembered(compressed)
            out.write(blob)


def deflated(blob: bytes) -> bytes:
    """The raw deflate stream zipfile writes for a ZIP_DEFLATED entry at its default level."""
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    return compressor.compress(blob) + compressor.flush()


class _Remembered:
    """A compressor whose whole output is already known."""

    def __init__(self, compressed: bytes):
        self.left = compressed

    def compress(self, _data: bytes) -> bytes:
        out, self.left = self.left, b""
        return out

    def flush(self) -> bytes:
        return b""
