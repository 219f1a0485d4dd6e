"""Figures are untrusted files: only a real PNG or JPEG inside the book folder, of a sane size, is accepted."""

import hashlib
import os
import struct
import zlib

import pytest
from PIL import Image

from briefing import images
from briefing.images import ImageRefused, inspect_image


def make(path, size=(40, 20), fmt="PNG"):
    Image.new("RGB", size, (200, 30, 30)).save(path, fmt)
    return path


def it_accepts_a_png_and_a_jpeg_inside_the_book(tmp_path):
    png = make(tmp_path / "chart.png")
    make(tmp_path / "photo.JPEG", (30, 50), "JPEG")
    image = inspect_image("chart.png", str(tmp_path))
    assert (image.format, image.width, image.height) == ("PNG", 40, 20)
    assert image.path == os.path.realpath(png)
    assert image.digest == hashlib.sha256(png.read_bytes()).hexdigest()
    photo = inspect_image("photo.JPEG", str(tmp_path))
    assert (photo.format, photo.width, photo.height) == ("JPEG", 30, 50)


def it_accepts_an_image_in_a_subfolder(tmp_path):
    (tmp_path / "figures").mkdir()
    make(tmp_path / "figures" / "a.png")
    assert inspect_image("figures/a.png", str(tmp_path)).width == 40


def refusal(path, folder) -> str:
    with pytest.raises(ImageRefused) as raised:
        inspect_image(path, str(folder))
    return str(raised.value)


def it_refuses_a_png_named_jpg(tmp_path):
    make(tmp_path / "fake.jpg")
    assert "is named .jpg but is a PNG file" in refusal("fake.jpg", tmp_path)


def it_refuses_a_text_file_named_png(tmp_path):
    (tmp_path / "notes.png").write_text("<svg onload=alert(1)>not an image</svg>\n")
    assert "not a readable PNG or JPEG image" in refusal("notes.png", tmp_path)


def it_refuses_a_truncated_png(tmp_path):
    data = make(tmp_path / "whole.png", (300, 300)).read_bytes()
    (tmp_path / "cut.png").write_bytes(data[: len(data) // 2])
    assert "not a readable PNG or JPEG image" in refusal("cut.png", tmp_path)


def it_refuses_another_format_with_an_image_extension(tmp_path):
    Image.new("RGB", (10, 10)).save(tmp_path / "old.png", "GIF")
    assert "not a readable PNG or JPEG image" in refusal("old.png", tmp_path)


def it_refuses_an_extension_that_is_not_an_image(tmp_path):
    make(tmp_path / "chart.gif")
    assert "must be a PNG or JPEG" in refusal("chart.gif", tmp_path)


def bomb_png(path, width, height):
    """A PNG whose header claims width × height grey pixels, compressed to almost nothing."""
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    row = b"\x00" + b"\x00" * width
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
                     + chunk(b"IDAT", data) + chunk(b"IEND", b""))
    return path


def it_refuses_a_decompression_bomb(tmp_path):
    bomb = bomb_png(tmp_path / "bomb.png", 10_000, 10_000)  # 100 megapixels in about 100 kB
    assert bomb.stat().st_size < 200_000
    assert "more pixels than the limit" in refusal("bomb.png", tmp_path)


def it_refuses_an_image_just_over_the_pixel_limit(tmp_path, monkeypatch):
    """Between the limit and twice it Pillow only warns: the warning is a refusal too."""
    monkeypatch.setattr(images, "MAX_PIXELS", 100 * 100)
    make(tmp_path / "big.png", (101, 101))
    assert "more pixels than the limit" in refusal("big.png", tmp_path)
    make(tmp_path / "fine.png", (100, 100))
    assert inspect_image("fine.png", str(tmp_path)).width == 100


def it_refuses_a_file_larger_than_the_cap(tmp_path, monkeypatch):
    monkeypatch.setattr(images, "MAX_BYTES", 100)
    make(tmp_path / "heavy.png", (200, 200))
    assert "larger than" in refusal("heavy.png", tmp_path)


def it_refuses_a_symbolic_link_even_to_an_image_inside(tmp_path):
    make(tmp_path / "real.png")
    (tmp_path / "link.png").symlink_to(tmp_path / "real.png")
    assert "symbolic link" in refusal("link.png", tmp_path)


def it_refuses_a_file_outside_the_book(tmp_path):
    book = tmp_path / "book"
    book.mkdir()
    make(tmp_path / "outside.png")
    assert "outside the book folder" in refusal("../outside.png", book)
    assert "outside the book folder" in refusal(str(tmp_path / "outside.png"), book)


def it_refuses_a_file_reached_through_a_linked_folder(tmp_path):
    book = tmp_path / "book"
    book.mkdir()
    (tmp_path / "elsewhere").mkdir()
    make(tmp_path / "elsewhere" / "a.png")
    (book / "figures").symlink_to(tmp_path / "elsewhere")
    assert "outside the book folder" in refusal("figures/a.png", book)


def it_refuses_what_is_not_a_regular_file(tmp_path):
    (tmp_path / "folder.png").mkdir()
    assert "not a regular file" in refusal("folder.png", tmp_path)
    os.mkfifo(tmp_path / "pipe.png")
    assert "not a regular file" in refusal("pipe.png", tmp_path)


def it_refuses_a_missing_file(tmp_path):
    assert "no such file" in refusal("gone.png", tmp_path)
    assert "no such file" in refusal("nul\0.png", tmp_path)
