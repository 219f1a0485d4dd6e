"""Checks an image file named by a book before any writer sees it (inside the book, a real PNG or JPEG, decodable, not a bomb) and keeps the bytes checked for every writer."""

from __future__ import annotations

import hashlib
import io
import os
import stat
import warnings

from briefing import tree

MAX_BYTES = 20 * 1024 * 1024  # a briefing figure is a chart or a photograph, a few megabytes at most
MAX_PIXELS = 40_000_000  # 8000 × 5000; above it a file is refused before it is decoded
# With an alpha channel a pixel costs a third more to decode, and the PDF writer splits
# it into a colour image and a soft mask: 8000 × 5000 RGBA took 664 MB to build. This
# keeps a build with the largest figure under the 500 MB every door is held to.
MAX_ALPHA_PIXELS = 24_000_000  # 6000 × 4000
FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}


class ImageRefused(Exception):
    """The file cannot be used as a figure; the message says why, for the user (the caller adds file:line)."""


# Per process: the bytes of each image checked or read, by SHA-256, so each file is read
# once and every writer embeds exactly those bytes; and each file's check, by its
# identity on disk, so a figure named by 10,000 blocks is decoded once.
_bytes: dict[str, bytes] = {}
_checked: dict[tuple, tree.Image] = {}
loaded_digests: dict[str, str] = {}  # real path -> the SHA-256 of the bytes checked: the manifest's record


def inspect_image(path: str, book_folder: str) -> tree.Image:
    """The checked image at `path` (relative to `book_folder` or absolute), or ImageRefused saying what is wrong."""
    full = os.path.join(book_folder, path)
    folder = os.path.realpath(book_folder)
    extension = os.path.splitext(path)[1].lower()
    if extension not in FORMATS:
        raise ImageRefused(f"{path}: a figure must be a PNG or JPEG file (.png, .jpg, .jpeg)")
    try:
        link = os.lstat(full)
    except (OSError, ValueError):  # ValueError: a NUL in the name
        raise ImageRefused(f"{path}: no such file in the book folder") from None
    if stat.S_ISLNK(link.st_mode):
        raise ImageRefused(f"{path}: is a symbolic link; put the image itself in the book folder")
    real = os.path.realpath(full)
    if os.path.commonpath([real, folder]) != folder:
        raise ImageRefused(f"{path}: is outside the book folder")
    if not stat.S_ISREG(link.st_mode):
        raise ImageRefused(f"{path}: is not a regular file")
    identity = (real, link.st_dev, link.st_ino, link.st_size, link.st_mtime_ns, extension)
    if identity in _checked:
        return _checked[identity]
    data = _read(real, path)
    image_format, width, height = _decode(data, path)
    if image_format != FORMATS[extension]:
        raise ImageRefused(f"{path}: is named {extension} but is a {image_format} file")
    image = tree.Image(path=real, format=image_format, width=width, height=height,
                       digest=hashlib.sha256(data).hexdigest())
    _bytes[image.digest] = data
    _checked[identity] = image
    loaded_digests[real] = image.digest
    return image


def data_of(image: tree.Image) -> bytes:
    """The bytes of a checked image, as checked: read once per process, refused if the file changed since its check.

    Every writer (PDF, Word, the web page) embeds these bytes, so none can
    take a file swapped in, or a link to outside the book, after the check.
    """
    data = _bytes.get(image.digest)
    if data is None:
        try:
            data = _read(image.path, image.path)
        except ImageRefused as refused:
            data, why = None, str(refused)
        if data is None or hashlib.sha256(data).hexdigest() != image.digest:
            from briefing.errors import InvalidInput, Problem

            raise InvalidInput([Problem(image.path, 1, "the figure changed after the book was checked "
                                                       f"({why if data is None else 'other bytes'}); build again")])
        _bytes[image.digest] = data
    return data


def _read(real: str, path: str) -> bytes:
    # O_NOFOLLOW: a link swapped in after the check above is refused, not followed.
    try:
        descriptor = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError as error:
        raise ImageRefused(f"{path}: cannot be read ({error.strerror})") from None
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise ImageRefused(f"{path}: is not a regular file")
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ImageRefused(f"{path}: is larger than {MAX_BYTES // (1024 * 1024)} MiB")
    return data


def _decode(data: bytes, path: str) -> tuple[str, int, int]:
    """(format, width, height) of image bytes decoded in full, under the pixel limit."""
    from PIL import Image  # Pillow: only a book with figures pays for its import

    previous = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with warnings.catch_warnings():
            # Pillow warns between the limit and twice it and raises above; both are refusals here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=("PNG", "JPEG")) as image:
                image_format, (width, height) = image.format, image.size
                if width * height > MAX_PIXELS:
                    raise ImageRefused(f"{path}: has {width} × {height} pixels, more than the limit of {MAX_PIXELS:,}")
                if _has_alpha(image) and width * height > MAX_ALPHA_PIXELS:
                    raise ImageRefused(f"{path}: has {width} × {height} pixels with transparency, more than the limit "
                                       f"of {MAX_ALPHA_PIXELS:,} for an image with an alpha channel")
                image.verify()  # checksums and structure, without keeping the pixels
            with Image.open(io.BytesIO(data), formats=("PNG", "JPEG")) as image:
                image.load()  # every pixel decoded: a truncated or corrupt file fails here, not in a writer
    except ImageRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRefused(f"{path}: has more pixels than the limit of {MAX_PIXELS:,} (a decompression bomb?)") from None
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        # Pillow's errors for what is not an image, or a damaged one (UnidentifiedImageError is an OSError).
        raise ImageRefused(f"{path}: is not a readable PNG or JPEG image ({_reason(error)})") from None
    finally:
        Image.MAX_IMAGE_PIXELS = previous
    if width < 1 or height < 1:
        raise ImageRefused(f"{path}: has no pixels")
    return image_format, width, height


def _has_alpha(image) -> bool:
    """Whether decoding gives an alpha channel: an alpha band, or a palette or grey image with transparency."""
    return "A" in image.getbands() or "transparency" in image.info


def _reason(error: Exception) -> str:
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    # Pillow names the stream it read; the user knows the file already.
    return text.replace("<_io.BytesIO object at", "data at")[:120]
