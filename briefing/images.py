"""Checks an image file named by a book before any writer sees it: inside the book, a real PNG or JPEG, decodable, not a bomb."""

from __future__ import annotations

import hashlib
import io
import os
import stat
import warnings

from briefing import tree

MAX_BYTES = 20 * 1024 * 1024  # a briefing figure is a chart or a photograph, a few megabytes at most
MAX_PIXELS = 40_000_000  # 8000 × 5000; above it a file is refused before it is decoded
FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}


class ImageRefused(Exception):
    """The file cannot be used as a figure; the message says why, for the user (the caller adds file:line)."""


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
    data = _read(real, path)
    image_format, width, height = _decode(data, path)
    if image_format != FORMATS[extension]:
        raise ImageRefused(f"{path}: is named {extension} but is a {image_format} file")
    return tree.Image(path=real, format=image_format, width=width, height=height,
                      digest=hashlib.sha256(data).hexdigest())


def _read(real: str, path: str) -> bytes:
    # O_NOFOLLOW: a link swapped in after the check above is refused, not followed.
    try:
        descriptor = os.open(real, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
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


def _reason(error: Exception) -> str:
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    # Pillow names the stream it read; the user knows the file already.
    return text.replace("<_io.BytesIO object at", "data at")[:120]
