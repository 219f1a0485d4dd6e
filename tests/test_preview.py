"""`briefing preview`: served on 127.0.0.1 only, follows saved edits in an open browser page, shows problems, stops on Ctrl-C."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from briefing.content import load_book
from conftest import ROOT

EDIT_SECONDS = 10_000  # ms a saved edit may take to show in the page ("within a few seconds")


class Server:
    """`briefing preview BOOK --port 0` in its own process, with the address it announced."""

    def __init__(self, book: Path, *args: str):
        self.process = subprocess.Popen([sys.executable, "-m", "briefing", "preview", str(book), "--port", "0", *args],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
        lines: queue.Queue = queue.Queue()
        threading.Thread(target=lambda: [lines.put(line) for line in self.process.stdout], daemon=True).start()
        self.output = lines
        try:
            first = lines.get(timeout=60)
        except queue.Empty:
            self.kill()
            raise AssertionError(f"the preview announced no address: {self.process.stderr.read()}") from None
        match = re.search(r"at (http://127\.0\.0\.1:(\d+)/\S+)", first)
        assert match, first
        self.url, self.port = match.group(1), int(match.group(2))
        self.root = f"http://127.0.0.1:{self.port}"

    def interrupt(self) -> tuple[int, str]:
        """Ctrl-C, as a terminal sends it: the exit status and what went to stderr."""
        self.process.send_signal(signal.SIGINT)
        status = self.process.wait(timeout=15)
        return status, self.process.stderr.read()

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def server(book_copy):
    running = Server(book_copy, "-l", "en")
    yield running
    running.kill()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def listening_addresses(port: int) -> set[str]:
    """The local addresses with a socket listening on `port`, from the kernel's own tables."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        with open(table) as handle:
            for line in list(handle)[1:]:
                local, state = line.split()[1], line.split()[3]
                address, hex_port = local.rsplit(":", 1)
                if int(hex_port, 16) == port and state == "0A":  # LISTEN
                    found.add(address)
    return found


def it_listens_on_the_loopback_address_only(server):
    assert listening_addresses(server.port) == {"0100007F"}  # 127.0.0.1, and no IPv6 socket


def it_refuses_a_request_for_another_host_name(server):
    request = urllib.request.Request(server.url, headers={"Host": f"attacker.example:{server.port}"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 403


def it_shows_edits_and_problems_in_an_open_page_and_stops_on_ctrl_c(chromium, server, book_copy):
    page = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server.url)
    assert page.locator("h1").first.inner_text().startswith("Meeting Between")
    # Every locale and pair has a link in the switcher, and the current one is marked.
    switcher = page.evaluate("[...document.querySelectorAll('.preview-bar li a')].map(a => a.textContent)")
    book = load_book(book_copy)
    assert switcher == [*book.locales, *(f"{a}+{b}" for a, b in book.bilingual)]

    international = book_copy / "international.yaml"
    edit(international, "were mentioned.", "were mentioned. Seen in the preview.")
    started = time.monotonic()
    page.wait_for_function("() => document.body.innerText.includes('Seen in the preview.')",
                           timeout=EDIT_SECONDS)
    shown_after = time.monotonic() - started

    # A duplicate key: the page shows the problem as file:line instead of the book, and the server keeps running.
    book_yaml = book_copy / "book.yaml"
    original = book_yaml.read_text(encoding="utf-8")
    book_yaml.write_text(original.replace("date: 2009-05-12", "date: 2009-05-12\ndate: 2009-05-13", 1),
                         encoding="utf-8")
    page.wait_for_function(r"() => /book\.yaml:\d+: duplicate key 'date'/.test(document.body.innerText)",
                           timeout=EDIT_SECONDS)
    assert page.locator("main h1").inner_text().endswith("the book cannot be built")

    book_yaml.write_text(original, encoding="utf-8")
    page.wait_for_function("() => document.body.innerText.includes('Seen in the preview.')",
                           timeout=EDIT_SECONDS)
    assert "duplicate key" not in page.inner_text("body")

    # The links build the PDF and the Word draft of what is on screen.
    for fmt, magic in (("pdf", b"%PDF-"), ("docx", b"PK")):
        href = page.get_attribute(f'.preview-bar a[href$=".{fmt}"]', "href")
        response = page.request.get(server.root + href)
        assert response.ok and response.body().startswith(magic), fmt
        assert f'filename="{book_copy.name}.en.{fmt}"' in response.headers["content-disposition"]
    assert errors == []
    page.context.close()

    status, stderr = server.interrupt()
    assert status == 0, stderr
    assert "Traceback" not in stderr
    assert shown_after < EDIT_SECONDS / 1000


def it_starts_on_an_invalid_book_and_shows_it_once_fixed(chromium, book_copy):
    summary = book_copy / "summary.yaml"
    original = summary.read_text(encoding="utf-8")
    summary.write_text("blocks:\n\t- paragraph: x\n", encoding="utf-8")
    running = Server(book_copy, "-l", "ja+en")
    try:
        page = chromium.new_context().new_page()
        page.goto(running.url)
        assert re.search(r"summary\.yaml:2: YAML syntax", page.inner_text("main"))
        summary.write_text(original, encoding="utf-8")
        page.wait_for_function("() => document.querySelectorAll('.pair').length > 10", timeout=EDIT_SECONDS)
        assert page.evaluate("document.documentElement.lang") == "ja-JP"
        page.context.close()
    finally:
        running.kill()


def it_tells_a_page_of_an_earlier_run_to_reload_at_once(server):
    with urllib.request.urlopen(f"{server.root}/events?generation=1.1", timeout=10) as stream:
        assert stream.headers["Content-Type"] == "text/event-stream"
        received = b""
        while b"event: reload" not in received:
            line = stream.readline()
            assert line, received
            received += line
