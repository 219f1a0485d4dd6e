"""The command line: `briefing build` and `briefing check`, with exit status 0 (done), 1 (invalid input), 2 (usage)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3

DESCRIPTION = """\
Turn a book folder of YAML content into a briefing book: a print-ready PDF
and an editable Word draft, in English, Japanese, Russian or two of them
side by side."""

BUILD_EPILOG = """\
examples:
  briefing build content/2009-05-12-japan-russia
  briefing build content/2009-05-12-japan-russia -l en -f pdf -f docx -o build
  briefing build content/2009-05-12-japan-russia -l ja+en -f pdf

Outputs are OUT/<book folder>.<locale>.<pdf|docx>.  On invalid input every
problem is printed as file:line: message, the exit status is 1, and no file is
written or replaced."""


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="briefing", description=DESCRIPTION,
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
    from briefing import __version__

    top.add_argument("--version", action="version", version=f"briefing {__version__}")
    commands = top.add_subparsers(dest="command", metavar="COMMAND", required=True)

    build = commands.add_parser("build", help="build the PDF and DOCX outputs of a book",
                                description="Build a briefing book.", epilog=BUILD_EPILOG,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    build.add_argument("book", metavar="BOOK", help="the book folder (holds book.yaml)")
    build.add_argument("-l", "--locale", action="append", dest="locales", metavar="LOCALE",
                       help="en, ja, ru or a pair such as ja+en; repeatable (default: the book's locales and pairs)")
    build.add_argument("-f", "--format", action="append", dest="formats", choices=("pdf", "docx"),
                       help="output format; repeatable (default: both)")
    build.add_argument("-o", "--output", default="build", metavar="OUT", help="output folder (default: build)")
    build.add_argument("-j", "--jobs", type=int, default=0, metavar="JOBS",
                       help="build targets in this many processes (default: one per processor core)")
    build.add_argument("--theme", metavar="FILE", help="a PDF theme file (copy briefing/themes/default.toml)")
    build.add_argument("--marking", metavar="TEXT",
                       help="the marking printed in header and footer of every page (default: the book's "
                            "classification); translated where the book lists it under markings")
    build.add_argument("--draft", action="store_true", help="add a diagonal DRAFT watermark (localized)")
    build.add_argument("--crop-marks", action="store_true",
                       help="print mode: each A4 page on a larger sheet with 3 mm bleed and crop marks")
    build.add_argument("--reference-docx", metavar="FILE",
                       help="take Word styles from this .docx, as pandoc does (see `briefing reference-docx`)")

    reference = commands.add_parser(
        "reference-docx", help="write the default reference .docx, to restyle in Word and pass to --reference-docx",
        description="Write the default reference document: its styles are the ones the Word draft uses.")
    reference.add_argument("out", metavar="FILE", help="where to write the .docx")
    reference.add_argument("-l", "--locale", default="en", choices=("en", "ja", "ru"),
                           help="the language whose fonts the styles use (default: en)")
    reference.add_argument("--theme", metavar="FILE", help="take fonts, sizes and colours from this theme")

    check = commands.add_parser("check", help="validate a book and write nothing",
                                description="Validate a book's content and fonts; write nothing.")
    check.add_argument("book", metavar="BOOK", nargs="?", help="the book folder (holds book.yaml)")
    check.add_argument("--theme", metavar="FILE",
                       help="a theme file: checked against the schema, and its fonts against the book")
    return top


def entry() -> None:
    """The console script: run, flush what was printed, and leave without tearing the interpreter down.

    By then every output is complete and moved into place; skipping the
    teardown of ReportLab, python-docx, Jinja2 and Babel saves a user's wait.
    """
    status = main()
    _ignore_stopping_signals()  # done: a late SIGTERM must not turn a finished build into a traceback
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def _ignore_stopping_signals() -> None:
    import signal

    from briefing.locking import STOPPING

    for signum in STOPPING:
        signal.signal(signum, signal.SIG_IGN)


def main(argv: list[str] | None = None) -> int:
    arguments = parser().parse_args(argv)  # exits with status 2 on a usage error
    from briefing.locking import stop_cleanly

    stop_cleanly()  # SIGTERM, SIGHUP and SIGQUIT clean up as Ctrl-C does
    try:
        from briefing.arguments import ArgumentRefused
        from briefing.errors import InvalidInput
    except KeyboardInterrupt as interrupt:  # stopped while starting: nothing begun
        return _stopped(interrupt)
    try:
        if arguments.command == "check":
            return _check(arguments)
        if arguments.command == "reference-docx":
            return _reference_docx(arguments)
        return _build(arguments)
    except InvalidInput as invalid:
        for problem in invalid.problems:
            print(problem, file=sys.stderr)
        print(f"briefing: {len(invalid.problems)} problem(s); nothing was written", file=sys.stderr)
        return EXIT_INVALID
    except ArgumentRefused as refused:  # an argument breaks the rules content follows
        return _usage(str(refused))
    except OSError as error:  # a full disk, a read-only folder: the old outputs are untouched
        where = f" {error.filename}" if error.filename else ""
        print(f"briefing: cannot write{where}: {error.strerror or error}; nothing was written or replaced",
              file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt as interrupt:  # Ctrl-C, or SIGTERM / SIGHUP / SIGQUIT (briefing/locking.py)
        return _stopped(interrupt)
    except Exception as error:  # a bug: say so briefly, never a traceback
        print(f"briefing: internal error ({type(error).__name__}: {error}); nothing was written. "
              "Please report this as a bug.", file=sys.stderr)
        return EXIT_BUG


def _stopped(interrupt: KeyboardInterrupt) -> int:
    print(f"briefing: {'stopped by ' + str(interrupt) if getattr(interrupt, 'status', None) else 'interrupted'}; "
          "nothing was written", file=sys.stderr)
    return getattr(interrupt, "status", 130)


def _theme_path(arguments):
    if arguments.theme:
        return Path(arguments.theme)
    from briefing.paths import DEFAULT_THEME

    return DEFAULT_THEME


def _check(arguments) -> int:
    if arguments.book is None:  # `briefing check --theme FILE`: the theme alone
        if not arguments.theme:
            return _usage("check needs a BOOK, a --theme FILE, or both")
        from briefing.check import check_theme

        check_theme(arguments.theme)
        print(f"{arguments.theme}: valid theme")
        return EXIT_OK
    from briefing.check import load_checked

    book, theme = load_checked(arguments.book, _theme_path(arguments))
    if book.templates:
        # The book's own templates are its program: check runs them as a build would (limits, characters,
        # glyphs), so what check accepts builds. Without them Jinja2 is not even loaded.
        from briefing.drawable import check_documents
        from briefing.targets import Options

        check_documents(book, theme, set(book.locales), Options())
    print(f"{arguments.book}: valid ({', '.join(book.locales)})")
    return EXIT_OK


def _targets(book, arguments):
    from briefing.targets import FORMATS, Target

    locales = arguments.locales or [*book.locales, *(f"{a}+{b}" for a, b in book.bilingual)]
    formats = arguments.formats or list(FORMATS)
    for locale in locales:
        parts = locale.split("+")
        if len(parts) > 2 or len(set(parts)) != len(parts) or any(p not in book.locales for p in parts):
            from briefing.arguments import shown

            raise _UsageError(f"locale {shown(locale)}: the book is written in {', '.join(book.locales)}"
                              " (a pair is two of them joined by +)")
    seen = []
    for locale in locales:
        for fmt in dict.fromkeys(formats):
            if Target(locale, fmt) not in seen:
                seen.append(Target(locale, fmt))
    return seen


class _UsageError(Exception):
    pass


def _build(arguments) -> int:
    from briefing.runner import Workers, build
    from briefing.targets import FORMATS, Options

    from briefing.arguments import check_book_name, check_jobs, check_marking, check_output

    check_jobs(arguments.jobs)
    check_marking(arguments.marking)
    check_output(arguments.output)
    check_book_name(arguments.book)
    jobs = arguments.jobs or len(os.sched_getaffinity(0))
    reference = Path(arguments.reference_docx) if arguments.reference_docx else None
    if reference is not None:
        _check_reference(reference)
    output = Path(arguments.output)
    if output.exists() and not output.is_dir():
        return _usage(f"-o {arguments.output}: not a folder")
    # With more than one process, the workers start now: they import the writers
    # while this process loads and checks the book.
    formats = list(dict.fromkeys(arguments.formats or FORMATS))
    workers = Workers(formats, jobs, _theme_path(arguments), arguments.locales, arguments.book) if jobs > 1 else None
    try:
        from briefing.check import load_checked  # after the fork: the workers have no use for it

        book, theme = load_checked(arguments.book, _theme_path(arguments), arguments.locales)
        try:
            targets = _targets(book, arguments)
        except _UsageError as error:
            return _usage(str(error))
        options = Options(marking=arguments.marking, draft=arguments.draft, crop_marks=arguments.crop_marks,
                          reference_docx=reference)
        written = build(book, theme, targets, Path(arguments.output), options, workers)
        _ignore_stopping_signals()  # every output is in place: a stop now would only misreport it
        for path in written:
            print(path)
        return EXIT_OK
    finally:
        if workers is not None:
            workers.close()


def _check_reference(reference: Path) -> None:
    """A reference document must be a Word document with styles, safe to take them from; anything else is refused before building."""
    from briefing.writers.docx.reference import sanitized

    sanitized(reference)  # raises InvalidInput naming the file and what is wrong (briefing/writers/docx/reference.py)


def _reference_docx(arguments) -> int:
    from briefing.output import Staging
    from briefing.theme import load_theme
    from briefing.writers import docx

    theme = load_theme(_theme_path(arguments))
    with Staging() as staging:
        staging.stage(Path(arguments.out), lambda temporary: docx.write_reference(temporary, theme, arguments.locale))
        staging.commit()
    print(arguments.out)
    return EXIT_OK



def _usage(message: str) -> int:
    print(f"briefing: error: {message}", file=sys.stderr)
    return EXIT_USAGE
