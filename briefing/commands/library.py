"""`briefing build BOOK BOOK ...` (a ministry's year of books, `content/*/`): one pool of workers, a line per book, a summary."""

from __future__ import annotations

import contextlib
import io
import sys

from briefing.commands import EXIT_INVALID, EXIT_OK


def run(arguments) -> int:
    """Builds each book in turn, each all or nothing, sharing the worker processes; one book's invalid input is
    reported at its place and the others are still built. Exit 1 when any book failed."""
    from briefing.commands.build import Pool, build_one, prepare, stamp_of, up_to_date
    from briefing.errors import InvalidInput

    checked = prepare(arguments)
    if isinstance(checked, int):
        return checked
    reference, jobs = checked

    books = arguments.books
    built = current = failed = 0
    pool = None
    try:
        for number, book in enumerate(books, 1):
            head = f"briefing: [{number}/{len(books)}] {book}:"
            # A book's own lines: its outputs go to stdout as a one-book build prints them; its messages are
            # gathered so that the terminal shows one line per book.
            outputs, messages = io.StringIO(), io.StringIO()
            try:
                with contextlib.redirect_stdout(outputs), contextlib.redirect_stderr(messages):
                    key = stamp_of(arguments, book, reference)
                    made = up_to_date(arguments, book, key)
                    if made is None:
                        pool = pool or Pool(arguments, jobs, book)
                        status = build_one(arguments, book, reference, pool, key, last=number == len(books))
                        _resume_stopping()
            except InvalidInput as invalid:
                failed += 1
                for problem in invalid.problems:
                    print(problem, file=sys.stderr)
                _progress(f"{head} {len(invalid.problems)} problem(s); nothing of this book was written")
                continue
            sys.stdout.write(outputs.getvalue())
            if made is not None:
                current += 1
                _progress(f"{head} up to date ({len(made)} output(s))")
                continue
            said = [line for line in messages.getvalue().splitlines() if not line.startswith("briefing: ")]
            for line in said:  # layout warnings, or what refused the request
                print(line, file=sys.stderr)
            if status != EXIT_OK:
                failed += 1
                sys.stderr.write("".join(line + "\n" for line in messages.getvalue().splitlines()
                                         if line.startswith("briefing: ")))
                _progress(f"{head} not built")
                continue
            built += 1
            shown = f", {len(said)} layout warning(s)" if said else ""
            _progress(f"{head} {len(outputs.getvalue().splitlines())} file(s) written{shown}")
    finally:
        if pool is not None:
            pool.close()
    print(f"briefing: {len(books)} book(s): {built} built, {current} up to date, {failed} failed", file=sys.stderr)
    return EXIT_INVALID if failed else EXIT_OK


def _progress(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _resume_stopping() -> None:
    """After a book is in place the stopping signals were set aside (commands.ignore_stopping_signals); the next
    book must be stoppable again."""
    import signal

    from briefing.safety.locking import stop_cleanly

    signal.signal(signal.SIGINT, signal.default_int_handler)
    stop_cleanly()
