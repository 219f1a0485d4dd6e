"""`briefing preview`: the book's web page served on 127.0.0.1, rebuilt when a file changes, reloaded through server-sent events."""

from __future__ import annotations

import json
import os
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

from briefing.errors import InvalidInput
from briefing.writers.html.writer import attribute, text

HOST = "127.0.0.1"  # never another interface: the preview shows unpublished content
KEEP_ALIVE = 15  # seconds between comments on an idle event stream, so a closed tab is noticed
IDLE = 30  # seconds a connection may wait for a request, or send one, before it is closed

# The one script any page of briefing runs: reload when the server says the book changed,
# keeping the reader's place. Its hash is in the page's Content-Security-Policy.
SCRIPT = """(function () {
  var key = "briefing-scroll:" + location.pathname, y = sessionStorage.getItem(key);
  if (y !== null) { sessionStorage.removeItem(key); window.scrollTo(0, +y); }
  var events = new EventSource("/events?generation=GENERATION");
  events.addEventListener("reload", function () {
    events.close(); sessionStorage.setItem(key, String(window.scrollY)); location.reload();
  });
})();"""

BAR_CSS = """
.preview-bar { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; align-items: center; padding: 0.4rem 1rem;
  background: #202833; color: #fff; font-size: 0.9rem; }
.preview-bar, .preview-bar * { font-family: "DejaVu Sans", "Liberation Sans", sans-serif; }
.preview-bar ul { display: flex; flex-wrap: wrap; gap: 0.25rem 0.75rem; list-style: none; margin: 0; padding: 0; }
.preview-bar a { color: #cfe0ff; }
.preview-bar a[aria-current] { color: #fff; font-weight: 700; text-decoration: none; }
.preview-bar .downloads { margin-left: auto; }
.problems { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 0.95rem; padding-left: 1.25rem; }
.problems li { margin: 0 0 0.5rem; overflow-wrap: anywhere; }
@media print { .preview-bar { display: none; } }
"""


class Preview:
    """The book as last loaded, its pages rendered for the current generation, and who is waiting for the next."""

    def __init__(self, folder: str | Path, theme_path: str | Path, locale: str | None = None):
        self.folder = Path(folder)
        self.theme_path = Path(theme_path)
        self.wanted = locale
        self.lock = threading.RLock()  # one build at a time: ReportLab and the tree cache are not thread-safe
        self.changed = threading.Condition()
        self.generation = 0
        # A page made by an earlier run of the preview reloads as soon as it reconnects to this one.
        self.instance = str(time.time_ns())
        self.stopping = False
        self.book = self.theme = None
        self.problems: list[str] = []
        self.pages: dict[str, str] = {}
        self.saved_at = 0.0  # when the last change was seen (for the benchmark's save-to-page time)
        self.reload()

    # -- the book ----------------------------------------------------------------

    def reload(self) -> None:
        """Loads the book again and renders the pages being viewed, then tells every open page to reload."""
        from briefing.building import build
        from briefing.check import load_checked

        with self.lock:
            viewed = list(self.pages) or ([self.wanted] if self.wanted else [])
            self.pages = {}
            build._documents.clear()  # trees of the last load: kept, they would only take memory
            try:
                self.book, self.theme = load_checked(self.folder, self.theme_path)
                self.problems = []
            except InvalidInput as invalid:
                self.problems = [str(problem) for problem in invalid.problems]
                for problem in self.problems:  # the terminal too, beside the editor
                    print(problem, file=sys.stderr, flush=True)
            self.generation += 1
            for locale in viewed:
                if self.valid_locale(locale):
                    self.page(locale)
        with self.changed:
            self.changed.notify_all()

    def locales(self) -> list[str]:
        book = self.book
        if book is None:
            return []
        return [*book.locales, *(f"{a}+{b}" for a, b in book.bilingual)]

    def default_locale(self) -> str:
        if self.wanted:
            return self.wanted
        locales = self.locales()
        return locales[0] if locales else "en"

    def valid_locale(self, locale: str) -> bool:
        parts = locale.split("+")
        known = self.book.locales if self.book is not None else ()
        return 1 <= len(parts) <= 2 and len(set(parts)) == len(parts) and all(p in known for p in parts)

    def page(self, locale: str) -> str:
        """The page of one locale or pair at the current generation: the book, or its problems as file:line."""
        with self.lock:
            if locale in self.pages:
                return self.pages[locale]
            problems = self.problems
            if not problems:
                from briefing.building.build import document_for
                from briefing.writers import html

                try:
                    document = document_for(self.book, locale)
                    self.pages[locale] = html.render(document, self.theme, script=self._script(),
                                                     extra_css=BAR_CSS, toolbar=self._bar(locale))
                    return self.pages[locale]
                except InvalidInput as invalid:
                    problems = [str(problem) for problem in invalid.problems]
            self.pages[locale] = self._problems_page(locale, problems)
            return self.pages[locale]

    def download(self, locale: str, fmt: str) -> bytes:
        """The PDF or Word draft of the current state, built as `briefing build` would."""
        from briefing.building.build import render_target
        from briefing.book.targets import Target

        with self.lock:
            if self.problems:
                raise InvalidInput([])
            with tempfile.TemporaryDirectory(prefix="briefing-preview-") as folder:
                path = os.path.join(folder, f"out.{fmt}")
                render_target(self.book, self.theme, Target(locale, fmt), path)
                with open(path, "rb") as handle:
                    return handle.read()

    def filename(self, locale: str, fmt: str) -> str:
        return f"{self.folder.resolve().name}.{locale}.{fmt}"

    # -- what the page carries ---------------------------------------------------

    def token(self, generation: int | None = None) -> str:
        """What a page says it shows: this run of the preview and the generation of the book."""
        return f"{self.instance}.{self.generation if generation is None else generation}"

    def _script(self) -> str:
        return SCRIPT.replace("GENERATION", self.token())

    def _bar(self, current: str) -> str:
        """The preview's own bar: a switcher for every locale and pair, and downloads of this one."""
        links = []
        for locale in self.locales():
            mark = ' aria-current="page"' if locale == current else ""
            links.append(f'<li><a href="/{quote(locale, safe="+")}"{mark}>{text(locale)}</a></li>')
        downloads = "".join(f' <a href="/download/{quote(current, safe="+")}.{fmt}" download>{fmt.upper()}</a>'
                            for fmt in ("pdf", "docx")) if not self.problems else ""
        return (f'<nav class="preview-bar" lang="en" aria-label="Preview"><strong>Preview</strong>'
                f'<ul>{"".join(links)}</ul><span class="downloads">{downloads}</span></nav>')

    def _problems_page(self, locale: str, problems: list[str]) -> str:
        """The problems instead of the book, each as file:line: message; fixing the file brings the book back."""
        from briefing.writers.html.page import csp_hash

        script = self._script()
        items = "".join(f"<li>{text(problem)}</li>" for problem in problems)
        css = ("body { margin: 0; font-family: \"DejaVu Sans\", \"Liberation Sans\", sans-serif; color: #1a1a1a; }"
               " main { max-width: 60rem; margin: 0 auto; padding: 1.5rem 1.25rem; }"
               " h1 { color: #9c1c1c; font-size: 1.4rem; }" + BAR_CSS)
        policy = (f"default-src 'none'; style-src {csp_hash(css)}; script-src {csp_hash(script)}; "
                  "connect-src 'self'; base-uri 'none'; form-action 'none'")
        count = len(problems)
        return "\n".join([
            "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{attribute(policy)}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{count} problem{'s' if count != 1 else ''} in {text(self.folder.name)}</title>",
            f"<style>{css}</style>", "</head>", "<body>", self._bar(locale), "<main>",
            f"<h1>{count} problem{'s' if count != 1 else ''}: the book cannot be built</h1>",
            "<p>Fix the file and save it: this page shows the book again by itself.</p>",
            f'<ul class="problems">{items}</ul>', "</main>", f"<script>{script}</script>", "</body>", "</html>", ""])

    # -- watching ----------------------------------------------------------------

    def watch(self, stop: threading.Event) -> list[threading.Thread]:
        """Threads that reload the book whenever a content, template, catalog, glossary or theme file changes."""
        from briefing.paths import CATALOG_FOLDER, TEMPLATE_FOLDER

        theme = self.theme_path.resolve()
        # The theme's folder is watched, not the file: editors save by replacing it.
        groups = [([self.folder, TEMPLATE_FOLDER, CATALOG_FOLDER], True, None),
                  ([theme.parent], False, theme.name)]
        threads = []
        for paths, recursive, only in groups:
            existing = [str(p) for p in paths if Path(p).exists()]
            thread = threading.Thread(target=self._watch, args=(existing, recursive, only, stop), daemon=True)
            thread.start()
            threads.append(thread)
        return threads

    def _watch(self, paths, recursive: bool, only: str | None, stop: threading.Event) -> None:
        import watchfiles

        def relevant(change, path: str) -> bool:
            name = os.path.basename(path)
            if only is not None:
                return name == only
            # Editors' swap and backup files, and bytecode, are not the book.
            return not (name.startswith(".") or name.endswith(("~", ".swp", ".swx", ".pyc", ".part")))

        for _ in watchfiles.watch(*paths, watch_filter=relevant, recursive=recursive, stop_event=stop,
                                  debounce=400, step=30, raise_interrupt=False, yield_on_timeout=False):
            self.saved_at = time.monotonic()
            self.reload()

    def wait_for_change(self, generation: int, timeout: float) -> bool:
        """Blocks until the generation moves past `generation` (True) or `timeout` passes (False)."""
        with self.changed:
            return self.changed.wait_for(lambda: self.generation != generation or self.stopping, timeout) \
                and not self.stopping

    def stop(self) -> None:
        with self.changed:
            self.stopping = True
            self.changed.notify_all()


def disposition(filename: str) -> str:
    """An attachment's Content-Disposition per RFC 6266: an ASCII fallback name, and the exact name as RFC 8187's filename*.

    Anything outside printable ASCII, and the quote and backslash, become "_"
    in the fallback, so no name can end the header or start another.
    """
    fallback = "".join(c if " " <= c <= "~" and c not in '"\\' else "_" for c in filename)
    return f'attachment; filename="{fallback}"; filename*=UTF-8\'\'{quote(filename, safe="")}'


class Server(ThreadingHTTPServer):
    """The preview's server: a client that goes away mid-answer is one line on the console, not a traceback."""

    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError, OSError)):
            print(f"briefing: preview: a browser closed its connection ({type(error).__name__})", file=sys.stderr,
                  flush=True)
            return
        print(f"briefing: preview: internal error ({type(error).__name__}: {error}); please report this as a bug",
              file=sys.stderr, flush=True)


class Handler(BaseHTTPRequestHandler):
    """GET only: /LOCALE (a page), /events (its reload signal), /download/LOCALE.pdf|docx; nothing else is served."""

    preview: Preview
    server_version = "briefing-preview"
    protocol_version = "HTTP/1.1"
    timeout = IDLE  # a slow or idle client is closed, not waited for

    def log_message(self, format, *args):  # noqa: A002 - the quiet console is the user's editor's companion
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        host = self.headers.get("Host", "")
        port = self.server.server_address[1]
        # A page elsewhere that points a name of its own at 127.0.0.1 (DNS rebinding) is refused.
        if host not in (f"{HOST}:{port}", f"localhost:{port}"):
            return self._send(403, "text/plain; charset=utf-8", b"forbidden host\n")
        url = urlsplit(self.path)
        path = unquote(url.path).lstrip("/")
        preview = self.preview
        if path == "":
            return self._redirect("/" + quote(preview.default_locale(), safe="+"))
        if path == "events":
            return self._events(parse_qs(url.query).get("generation", [""])[0])
        if path.startswith("download/"):
            return self._download(path[len("download/"):])
        if path == "favicon.ico":
            return self._send(204, "image/x-icon", b"")
        # Before the book has ever loaded, its problems stand at the address the preview announced.
        if preview.valid_locale(path) or (preview.book is None and path == preview.default_locale()):
            return self._send(200, "text/html; charset=utf-8", preview.page(path).encode("utf-8"))
        return self._send(404, "text/plain; charset=utf-8", b"not found\n")

    def _download(self, name: str) -> None:
        locale, _, fmt = name.rpartition(".")
        preview = self.preview
        if fmt not in ("pdf", "docx") or preview.book is None or not preview.valid_locale(locale):
            return self._send(404, "text/plain; charset=utf-8", b"not found\n")
        try:
            data = preview.download(locale, fmt)
        except InvalidInput as invalid:  # the book, or a figure changed since it was checked: the problems page
            problems = [str(p) for p in invalid.problems] or preview.problems or ["the book has problems"]
            page = preview._problems_page(locale, problems)
            return self._send(409, "text/html; charset=utf-8", page.encode("utf-8"))
        kind = "application/pdf" if fmt == "pdf" else \
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        self._send(200, kind, data, {"Content-Disposition": disposition(preview.filename(locale, fmt))})

    def _events(self, seen: str) -> None:
        """Server-sent events: one `reload` when the book has changed since the page was made."""
        generation = self.preview.generation
        if seen != self.preview.token(generation):
            generation = -1  # a page of another generation, or of another run: reload at once
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        try:
            self.wfile.write(b"retry: 500\n\n")
            self.wfile.flush()
            while not self.preview.stopping:
                if self.preview.generation != generation or self.preview.wait_for_change(generation, KEEP_ALIVE):
                    self.wfile.write(f"event: reload\ndata: {json.dumps(self.preview.generation)}\n\n".encode())
                    self.wfile.flush()
                    return
                self.wfile.write(b": still watching\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return

    def _redirect(self, location: str) -> None:
        self._send(302, "text/plain; charset=utf-8", b"", {"Location": location})

    def _send(self, status: int, kind: str, body: bytes, headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


def serve(folder: str | Path, theme_path: str | Path, locale: str | None = None, port: int = 8000) -> int:
    """Runs the preview until Ctrl-C; returns the exit status."""
    preview = Preview(folder, theme_path, locale)
    handler = type("PreviewHandler", (Handler,), {"preview": preview})
    try:
        server = Server((HOST, port), handler)
    except OSError as error:
        print(f"briefing: cannot listen on {HOST}:{port}: {error.strerror or error}; choose another --port",
              file=sys.stderr)
        return 1
    server.daemon_threads = True
    stop = threading.Event()
    watchers = preview.watch(stop)
    address = f"http://{HOST}:{server.server_address[1]}/{quote(preview.default_locale(), safe='+')}"
    print(f"briefing: previewing {folder} at {address} (Ctrl-C stops)", flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        preview.stop()
        stop.set()
        server.server_close()
        for watcher in watchers:
            watcher.join(timeout=2)
    print("briefing: preview stopped", flush=True)
    return 0
