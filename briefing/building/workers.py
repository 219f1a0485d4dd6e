"""The build's worker processes: forked before the book loads, each imports its writer and writes whole targets."""

from __future__ import annotations

import os
import pickle

from briefing.book.targets import Target

_DONE = "done"  # nothing more for this worker
_NOT_YET = object()
_exiting: list[int] = []  # workers told to end, not yet reaped (see Workers.close)


def default_jobs() -> int:
    """How many processes a build uses unless -j says: one per core it may run on (and so how many workers a
    build server's spare forks ahead, briefing/server/standby.py)."""
    return len(os.sched_getaffinity(0))


class Workers:
    """Build processes forked at start-up, each importing the writer of its format while the book is being loaded;
    in a build server's child, those its spare forked ahead are taken first.

    Each worker prefers one format: a default build's PDFs go to one process
    and its Word drafts to another, so neither imports both writers or parses
    fonts it will not embed unless it takes over the other's work. Workers
    render whole targets, so the outputs are byte-identical to a -j 1 build.
    """

    def __init__(self, formats: list[str], jobs: int, theme_path=None, locales: list[str] | None = None,
                 book_folder=None):
        from briefing.building.channel import channel_pair

        # What this process and every worker will import, imported once before
        # forking instead of three times after.
        import briefing.safety.output  # noqa: F401
        import briefing.theme  # noqa: F401
        import briefing.tree  # noqa: F401
        import briefing.writers  # noqa: F401

        reap_exited()
        self.processes: list[tuple[str, int, object]] = []  # (preferred format, process id, our channel end)
        self.released = False  # told to end (release): no more books for them
        self.imported = _imported_writers()  # what every worker has from the fork
        warm = (str(theme_path), tuple(locales or ()), str(book_folder) if book_folder else None)
        parent = os.getpid()
        # In a build server's child, workers forked ahead (briefing/server/standby.py), already the command's.
        ahead = _forked_ahead(jobs)
        for index in range(jobs):
            fmt = formats[index % len(formats)]
            if self._adopt(ahead, fmt, warm):
                continue
            ours, theirs = channel_pair()
            process = os.fork()
            if process == 0:  # the worker: it never returns from here
                status = 1
                try:
                    ours.close()
                    for _, _, others in self.processes:  # so each channel ends when its own worker does
                        others.close()
                    serve(fmt, theirs, parent, warm)
                    status = 0
                finally:
                    # No interpreter teardown, no atexit handlers, no flush of buffers the parent owns.
                    os._exit(status)
            theirs.close()
            self.processes.append((fmt, process, ours))

    def _adopt(self, ahead: list, fmt: str, warm) -> bool:
        """Takes the next worker forked ahead that is still there, to prefer `fmt`; False when none is left."""
        while ahead:
            process, ours = ahead.pop(0)
            try:
                ours.send((fmt, warm))
            except OSError:  # it ended meanwhile (killed): another is taken, or forked
                ours.close()
                try:
                    os.waitpid(process, os.WNOHANG)
                except ChildProcessError:
                    pass
                continue
            self.processes.append((fmt, process, ours))
            return True
        return False

    def run(self, trees, theme, work, options, meanwhile, findings=None, release: bool = False,
            written=lambda path: None):
        """Hands each worker a target with its document tree whenever it asks, until every target is written.

        The trees are made here (by `trees`, a CheckedTrees, which checks
        each language's before a worker is given it), which has nothing else
        to do while the workers warm up, so the workers need neither Jinja2
        nor Babel. A worker asks for its next target once the last is on
        disk, and is given one of its own format while any are left, then one of the other
        format when enough are left to be worth loading that writer (see
        `Dispatch`): on a machine where one process is slowed, the other
        takes over its share. While no worker is asking, this process makes
        the trees still to come, calls `written(path)` with each output on disk
        (the manifest's digests), and then runs `meanwhile()`, whose result it returns.
        Each target's preflight findings come back with its report and go into `findings`.
        With `release`, the workers are told to end once every target is on disk
        (see `release`).
        """
        try:
            result = self._run(trees, theme, work, options, meanwhile, {} if findings is None else findings, written)
        except BaseException:
            # Stopped (a signal, an error here): no worker may go on writing into a
            # temporary file that is about to be removed, or create it again.
            self.kill()
            raise
        if release:
            self.release()
        return result

    def release(self) -> None:
        """Tells every worker there is nothing more to do, without waiting for it to end.

        Ending a worker (the kernel unmapping a copy of a build process) takes
        about 13 ms, which the build spent waiting before it could return; now
        the workers end while this process writes the manifest and moves the
        outputs into place, and `close` only reaps them.
        """
        for _, _, connection in self.processes:
            try:
                connection.send(None)
            except OSError:  # already ended
                pass
        self.released = True

    def kill(self) -> None:
        """Ends every worker at once and reaps it: once this returns, none can write another byte."""
        import signal

        for _, process, _ in self.processes:
            try:
                os.kill(process, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.close(wait=True)

    def _run(self, trees, theme, work, options, meanwhile, findings, written):
        from select import select

        from briefing.building.dispatch import Dispatch

        paths = dict(work)
        dispatch = Dispatch([target for target, _ in work], imported=self.imported)
        preferred = {connection: fmt for fmt, _, connection in self.processes}
        for connection in preferred:
            connection.send((theme, options))
        # Single languages first, so the pairs find both their trees already made.
        trees_to_make = sorted({target.locale for target, _ in work}, key=lambda locale: ("+" in locale, locale))
        result, errors, asking = _NOT_YET, [], set(preferred)
        writing: dict[object, Target] = {}  # what each worker was last sent
        pickled: dict[str, bytes] = {}  # each language's tree, pickled once for its PDF and its Word draft
        on_disk: list[str] = []  # outputs written, not yet given to `written`
        while asking:
            idle_work = bool(trees_to_make or on_disk) or (result is _NOT_YET and not errors)
            ready = select(list(asking), [], [], 0 if idle_work else None)[0]
            if not ready:
                if trees_to_make:
                    trees.document(trees_to_make.pop(0))
                elif on_disk:
                    written(on_disk.pop())
                else:
                    result = meanwhile()
                continue
            for connection in ready:
                try:
                    failure = connection.recv()  # None or its findings (a list): on disk, send the next
                except EOFError:  # killed (out of memory, say) before it could report
                    failure = self._ended(connection)
                if isinstance(failure, list):
                    finished = writing.pop(connection)
                    findings[finished] = failure
                    on_disk.append(paths[finished])
                    failure = None
                target = None if failure is not None else dispatch.next_for(connection, preferred[connection])
                try:
                    if target is not None:
                        writing[connection] = target
                        connection.send((target, paths[target], _pickled(pickled, trees, target.locale)))
                        continue
                    if failure is None:
                        connection.send(_DONE)
                except OSError:  # it stopped before it could read
                    failure = self._ended(connection)
                if failure is not None:
                    errors.append(failure)
                    dispatch.stop()
                asking.discard(connection)
        if errors:
            self.close()
            raise errors[0]
        # Every worker is waiting for the next book's theme and options (or None, from close()).
        return meanwhile() if result is _NOT_YET else result

    @property
    def open(self) -> bool:
        """Whether the workers are still there to take another book (an error in one ends them all)."""
        return bool(self.processes) and not self.released

    def close(self, wait: bool | None = None) -> None:
        """Tells every worker still waiting that there is nothing to do, and reaps them.

        No worker is writing here (each reported its last target, failed, or
        is still warming up), so one told to end has nothing left to do but
        exit: for a worker that wrote, the kernel unmapping its copy of this
        process, about 12 ms. In a build server's child, which answers its
        client before its process ends and whose usage nobody accounts for,
        the answer does not wait for that (unless `wait`): the workers still
        exiting are reaped after the answer (`reap_exited`), not left to a
        system whose first process may never reap them. A command's own
        process waits for them, so whoever started it (time, a CI's limits)
        accounts for the workers too.
        """
        if wait is None:
            wait = not _in_build_server()
        if not self.released:
            self.release()
        for _, process, connection in self.processes:
            try:
                if os.waitpid(process, 0 if wait else os.WNOHANG) == (0, 0):
                    _exiting.append(process)
            except ChildProcessError:  # already reaped by _ended
                pass
            connection.close()
        self.processes = []

    def _ended(self, connection) -> RuntimeError:
        """The error for a worker that stopped without reporting, with how it ended."""
        process = next(process for _, process, ours in self.processes if ours is connection)
        try:
            _, status = os.waitpid(process, 0)
        except ChildProcessError:
            return RuntimeError("a build process ended unexpectedly")
        return RuntimeError(f"a build process ended unexpectedly (status {os.waitstatus_to_exitcode(status)})")


def _pickled(pickled: dict[str, bytes], trees, locale: str) -> bytes:
    """The tree of `locale`, pickled the first time a worker is sent it: a language's PDF and Word draft go to
    different workers, and each tree was pickled once for each."""
    if locale not in pickled:
        pickled[locale] = pickle.dumps(trees.document(locale), protocol=pickle.HIGHEST_PROTOCOL)
    return pickled[locale]


def reap_exited() -> None:
    """Reaps the workers left to end on their own (Workers.close): when the next workers start (long since
    ended by then), and in a build server's child once its client has its answer (briefing/server/child.py)."""
    while _exiting:
        try:
            os.waitpid(_exiting.pop(), 0)
        except ChildProcessError:
            pass


def _in_build_server() -> bool:
    """Whether this is a build server's child (whose spare's module is loaded only there)."""
    import sys

    return "briefing.server.standby" in sys.modules


def _forked_ahead(count: int) -> list:
    """Up to `count` workers the server's spare forked ahead, as (process id, channel), or none outside a server."""
    import sys

    return sys.modules["briefing.server.standby"].take(count) if _in_build_server() else []


def _imported_writers() -> frozenset[str]:
    """The formats whose writers this process had imported before it forked the workers (all of them in a build
    server's child; none in a command's own process, whose workers each import their own)."""
    import sys

    from briefing.book.targets import FORMATS

    return frozenset(fmt for fmt in FORMATS if f"briefing.writers.{fmt}" in sys.modules)


def serve(fmt: str, connection, parent: int, warm) -> None:
    """A worker: import its format's writer, then write the documents it is sent (or none), and report.

    `warm` (theme file, locales named with -l, book folder) lets a PDF worker
    parse the likely locales' fonts before the book has even loaded.
    """
    die_with(parent)
    from briefing import writers
    from briefing.safety.output import flush
    from briefing.preflight import named

    if fmt == "pdf":
        import briefing.writers.pdf  # noqa: F401

        parse_fonts(warm[0], _likely_locales(*warm[1:]))
    elif fmt == "docx":
        import briefing.writers.docx  # noqa: F401
    else:
        import briefing.writers.html  # noqa: F401
    try:
        # One book after another (`briefing build content/*/`): the writer stays imported and its fonts parsed.
        while True:
            try:
                message = connection.recv()
            except EOFError:
                return
            if message is None:
                return
            theme, options = message
            connection.send(None)  # ready for a first target
            while (item := connection.recv()) != _DONE:
                target, path, document = item
                document = pickle.loads(document)
                found = named(writers.write(document, target.format, path, theme, options), target.shown())
                flush(path)  # in the worker, so the disk writes of several outputs overlap
                connection.send(list(found))  # on disk, with its preflight findings: ready for the next
    except BaseException as error:  # reported to the parent, which decides what the user sees
        from briefing.errors import InvalidInput

        if not isinstance(error, (InvalidInput, KeyboardInterrupt, OSError)):
            # Described, not pickled: unpickling a ReportLab or python-docx error would import
            # that library in the parent, where nothing has pinned its settings.
            error = RuntimeError(f"{type(error).__name__}: {error}")
        connection.send(error)
    # Everything this process made is on disk or reported; the caller ends the
    # process without the teardown of ReportLab and python-docx.
    connection.close()


def _likely_locales(named: tuple[str, ...], book_folder: str | None) -> set[str]:
    """The locales the build will probably need: those named with -l, else those book.yaml declares.

    Only a guess for warming up, read with the same strict reader as the
    build (so a hostile file costs no more here); the build itself decides.
    """
    if named:
        return {part for locale in named for part in locale.split("+")}
    if book_folder is None:
        return set()
    from briefing.content.yamlsource import Scalar, Sequence, read_yaml
    from briefing.errors import Problems

    book = read_yaml(os.path.join(book_folder, "book.yaml"), "book.yaml", Problems(), inside=book_folder)
    declared = book.items.get("locales") if book is not None else None
    if not isinstance(declared, Sequence):
        return set()
    return {item.text for item in declared.items if isinstance(item, Scalar)}


def parse_fonts(theme_path: str, locales: set[str]) -> None:
    """Registers the faces a PDF of these locales will use; anything amiss is left for the build to report."""
    from briefing.theme import load_theme
    from briefing.writers.pdf.fonts import Fonts

    try:
        theme = load_theme(theme_path)
        for locale in locales:
            if locale in theme.fonts:
                Fonts(theme, locale).register_all()
        from briefing.writers.pdf import hyphenation, phrases

        hyphenation.warm(locales)
        phrases.warm(locales)
    except Exception:  # noqa: BLE001 - a warm-up only; the real build reports errors properly
        pass


def die_with(parent: int) -> None:
    """Asks Linux to kill this worker when the build process dies (kill -9 included): no orphan keeps writing."""
    import ctypes
    import signal

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)
