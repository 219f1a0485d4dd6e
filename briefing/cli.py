"""The command line: reads the arguments, runs one subcommand (briefing/commands/) and turns what ends it into an exit status: 0 done, 1 invalid input, 2 usage, 3 a bug."""

from __future__ import annotations

import argparse
import os
import sys

from briefing.commands import EXIT_BUG, EXIT_INVALID, ignore_stopping_signals, theme_path, usage
from briefing.commands.parser import parser


def entry() -> None:
    """The console script: run, flush what was printed, and leave without tearing the interpreter down.

    By then every output is complete and moved into place; skipping the
    teardown of ReportLab, python-docx, Jinja2 and Babel saves a user's wait.
    """
    status = run()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def run(argv: list[str] | None = None) -> int:
    """The command's exit status, Ctrl-C included; in the console script's process or a build server's child."""
    import signal

    try:
        signal.signal(signal.SIGINT, signal.default_int_handler)  # from here, Ctrl-C cleans up (see _run)
        status = main(argv)
    except KeyboardInterrupt as interrupt:  # Ctrl-C while starting (imports, reading the arguments): nothing begun
        status = _stopped(interrupt)
    except SystemExit as exit:  # argparse's usage errors, --help and --version
        status = exit.code if isinstance(exit.code, int) else 0 if exit.code is None else 1
        if isinstance(exit.code, str):
            print(exit.code, file=sys.stderr)
    ignore_stopping_signals()  # done: a late SIGTERM must not turn a finished build into a traceback
    return status


def _parse(commands: argparse.ArgumentParser, argv: list[str] | None) -> argparse.Namespace:
    """The arguments; mark-reviewed's places may stand after its options too (`BOOK -l zh PLACE`).

    argparse fills a `*` positional at its first chance, before the options,
    and would call a place after them unrecognised.
    """
    arguments, extra = commands.parse_known_args(argv)
    if extra and getattr(arguments, "action", None) == "mark-reviewed" and not any(e.startswith("-") for e in extra):
        arguments.places = [*arguments.places, *extra]
    elif extra:
        commands.error(f"unrecognized arguments: {' '.join(extra)}")
    return arguments


def main(argv: list[str] | None = None) -> int:
    arguments = _parse(parser(), argv)  # exits with status 2 on a usage error
    import signal

    from briefing.safety.locking import STOPPING

    # The command changes how the stopping signals are handled; a caller in the same process (a test, a
    # script) gets its own handlers back, or every process it starts later would inherit "ignore SIGINT".
    saved = {signum: signal.getsignal(signum) for signum in STOPPING}
    try:
        return _run(arguments)
    finally:
        for signum, handler in saved.items():
            if handler is not None:
                signal.signal(signum, handler)


def _run(arguments) -> int:
    from briefing.safety.locking import stop_cleanly

    stop_cleanly()  # SIGTERM, SIGHUP and SIGQUIT clean up as Ctrl-C does
    try:
        from briefing.arguments import ArgumentRefused
        from briefing.errors import InvalidInput
    except KeyboardInterrupt as interrupt:  # stopped while starting: nothing begun
        return _stopped(interrupt)
    try:
        if arguments.command == "check":
            from briefing.commands import check

            return check.run(arguments)
        if arguments.command == "preview":
            from briefing.arguments import check_book_name
            from briefing.preview import serve

            check_book_name(arguments.book)  # it names the downloads, as it names a build's outputs
            if not 0 <= arguments.port <= 65535:
                return usage("--port must be between 0 and 65535")
            return serve(arguments.book, theme_path(arguments), arguments.locale, arguments.port)
        if arguments.command == "reference-docx":
            from briefing.commands.build import reference_docx

            return reference_docx(arguments)
        if arguments.command in ("new", "schema"):
            from briefing.commands import new

            return new.new(arguments) if arguments.command == "new" else new.schema(arguments)
        if arguments.command == "translations":
            from briefing.commands import translations

            return translations.run(arguments)
        if arguments.command == "server":
            from briefing.commands import server

            return server.run(arguments)
        if arguments.command == "absorb":
            from briefing.commands import absorb

            return absorb.run(arguments)
        if len(arguments.books) > 1:  # a library of books on one pool of workers
            from briefing.commands import library

            return library.run(arguments)
        from briefing.commands import build

        return build.run(arguments)
    except InvalidInput as invalid:
        for problem in invalid.problems:
            print(problem, file=sys.stderr)
        print(f"briefing: {len(invalid.problems)} problem(s); nothing was written", file=sys.stderr)
        return EXIT_INVALID
    except ArgumentRefused as refused:  # an argument breaks the rules content follows
        return usage(str(refused))
    except OSError as error:  # a full disk, a read-only folder: the old outputs are untouched
        where = f" {error.filename}" if error.filename else ""
        print(f"briefing: cannot write{where}: {error.strerror or error}; nothing was written or replaced",
              file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt as interrupt:  # Ctrl-C, or SIGTERM / SIGHUP / SIGQUIT (briefing/safety/locking.py)
        return _stopped(interrupt)
    except Exception as error:  # a bug: say so briefly, never a traceback
        interrupt = _interrupt_behind(error)
        if interrupt is not None:
            return _stopped(interrupt)
        print(f"briefing: internal error ({type(error).__name__}: {error}); nothing was written. "
              "Please report this as a bug.", file=sys.stderr)
        return EXIT_BUG


def _interrupt_behind(error: BaseException) -> KeyboardInterrupt | None:
    """A stop that a library turned into an error of its own (ReportLab's bare `except:` re-raises a
    ValueError when Ctrl-C or SIGTERM lands while it escapes a string): the stop it hides, if any."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, KeyboardInterrupt):
            return error
        error = error.__cause__ or error.__context__
    return None


def _stopped(interrupt: KeyboardInterrupt) -> int:
    print(f"briefing: {'stopped by ' + str(interrupt) if getattr(interrupt, 'status', None) else 'interrupted'}; "
          "nothing was written", file=sys.stderr)
    return getattr(interrupt, "status", 130)
