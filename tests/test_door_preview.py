"""`briefing preview` as a hostile client or book folder would try it: a folder name that would inject a header,
downloads cancelled and requests dropped half-sent or never sent, a figure swapped while the preview runs."""

from __future__ import annotations

import shutil
import socket
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import unquote

import pytest

from conftest import ROOT
from doors import assert_refused, run
from test_preview import Server

SECOND = ROOT / "content" / "2010-11-19-japan-mongolia"  # a book with a figure


def it_refuses_to_serve_a_book_folder_whose_name_would_inject_a_header(tmp_path):
    book = shutil.copytree(SECOND, tmp_path / "book\r\nSet-Cookie: x=1")
    outcome = run("preview", str(book), "--port", "0", timeout=60)
    assert_refused(outcome, r"BOOK .*control or bidirectional character", status=2)


@pytest.mark.parametrize("name", ['a "quoted" book.en.pdf', "back\\slash.en.pdf", "日本語の本.ja.pdf",
                                  "line\r\nSet-Cookie: x=1.en.pdf"])
def it_quotes_a_download_name_per_rfc_6266(name):
    from briefing.preview import disposition

    header = disposition(name)
    assert "\r" not in header and "\n" not in header and header.isascii()
    # filename* (RFC 8187) carries the exact name; browsers prefer it to the fallback (RFC 6266 section 4.3).
    assert unquote(header.split("filename*=UTF-8''", 1)[1], encoding="utf-8", errors="strict") == name
    fallback = header.split('filename="', 1)[1].split('"', 1)[0]
    assert '"' not in fallback and "\\" not in fallback


@pytest.fixture
def serving(tmp_path):
    book = shutil.copytree(SECOND, tmp_path / SECOND.name)
    running = Server(book, "-l", "en")
    yield running, book
    running.kill()


def raw(server, request: bytes, read: bool = True) -> bytes:
    with socket.create_connection(("127.0.0.1", server.port), timeout=60) as connection:
        connection.sendall(request)
        return connection.recv(65536) if read else b""


def it_answers_dropped_and_cancelled_requests_with_no_traceback_and_closes_idle_ones(serving):
    server, book = serving
    host = f"Host: 127.0.0.1:{server.port}\r\n".encode()
    raw(server, b"GET /en HTTP/1.1\r\n" + host, read=False)  # half a request, then gone
    raw(server, b"GET /download/en.pdf HTTP/1.1\r\n" + host + b"\r\n", read=False)  # a download, cancelled
    raw(server, b"GET /download/en.docx HTTP/1.1\r\n" + host + b"\r\n", read=False)
    # A connection that never sends its request is closed by the server (recv sees the end), not held forever.
    assert raw(server, b"") == b""
    with urllib.request.urlopen(server.url, timeout=30) as page:  # and the preview still answers
        assert page.status == 200
    status, errors = server.interrupt()
    assert status == 0, errors
    assert "Traceback" not in errors, errors


def it_answers_the_download_of_a_figure_swapped_for_a_link_with_the_problems_page(tmp_path):
    """The preview reloads the book (as its watcher does on a change) and a download then gets the problems page."""
    import threading

    from briefing.paths import DEFAULT_THEME
    from briefing.preview import Handler, Preview, Server as PreviewServer

    book = shutil.copytree(SECOND, tmp_path / SECOND.name)
    preview = Preview(book, DEFAULT_THEME, "en")
    assert preview.problems == []
    secret = tmp_path / "secret.png"
    shutil.copy(book / "figures" / "trade.png", secret)
    (book / "figures" / "trade.png").unlink()
    (book / "figures" / "trade.png").symlink_to(secret)
    preview.reload()
    server = PreviewServer(("127.0.0.1", 0), type("H", (Handler,), {"preview": preview}))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"http://127.0.0.1:{server.server_address[1]}/download/en.pdf", timeout=60)
    finally:
        server.shutdown()
        server.server_close()
    assert refused.value.code == 409
    assert refused.value.headers["Content-Type"].startswith("text/html")
    assert "is a symbolic link" in refused.value.read().decode("utf-8")
