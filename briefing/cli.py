"""The command line: `briefing build` and `briefing check`, with exit status 0 (done), 1 (invalid input), 2 (usage)."""

from __future__ import annotations

import argparse
import textwrap
import os
import sys
from pathlib import Path

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3

DESCRIPTION = """\
Turn a book folder of YAML content into a briefing book: a print-ready PDF,
an editable Word draft and a web page, in {languages}, or two of them side
by side."""

BUILD_EPILOG = """\
examples:
  briefing build content/2009-05-12-japan-russia
  briefing build content/2009-05-12-japan-russia -l en -f pdf -f docx -o build
  briefing build content/2009-05-12-japan-russia -l ja+en -f pdf

Outputs are OUT/<book folder>.<locale>.<pdf|docx|html>.  On invalid input every
problem is printed as file:line: message, the exit status is 1, and no file is
written or replaced."""


def language_list() -> str:
    """The languages of the language data (briefing/locale and BRIEFING_LANGUAGES), as help names them."""
    from briefing.i18n import languages

    names = []
    for code in languages.available():
        name = languages.name_of(code).replace(" (", ", ").rstrip(")")  # Chinese, Simplified (zh)
        names.append(f"{name} ({code})")
    return ", ".join(names)


class _Help(argparse.RawDescriptionHelpFormatter):
    """Help text whose {languages} is the language data's list, read only when help is printed."""

    def _format_text(self, text: str) -> str:
        if "{languages}" in text:  # filled again: the list is as long as the language data makes it
            text = textwrap.fill(" ".join(text.replace("{languages}", language_list()).split()), width=78)
        return super()._format_text(text)

    def _expand_help(self, action) -> str:
        expanded = super()._expand_help(action)
        if "{languages}" in expanded:
            from briefing.i18n import languages

            expanded = expanded.replace("{languages}", ", ".join(languages.available()))
        return expanded


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="briefing", description=DESCRIPTION, formatter_class=_Help)
    from briefing import __version__

    top.add_argument("--version", action="version", version=f"briefing {__version__}")
    commands = top.add_subparsers(dest="command", metavar="COMMAND", required=True)

    build = commands.add_parser("build", help="build the PDF and DOCX outputs of a book",
                                description="Build a briefing book.", epilog=BUILD_EPILOG,
                                formatter_class=_Help)
    build.add_argument("book", metavar="BOOK", help="the book folder (holds book.yaml)")
    build.add_argument("-l", "--locale", action="append", dest="locales", metavar="LOCALE",
                       help="{languages} or a pair such as ja+en; repeatable (default: the book's locales and pairs)")
    build.add_argument("-f", "--format", action="append", dest="formats", choices=("pdf", "docx", "html"),
                       help="output format; repeatable (default: pdf and docx)")
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
    build.add_argument("--strict", action="store_true",
                       help="make layout warnings (the preflight report: loose or overfull lines, lines not "
                            "flush) errors, for a print run: nothing is written")
    build.add_argument("--reference-docx", metavar="FILE",
                       help="take Word styles from this .docx, as pandoc does (see `briefing reference-docx`)")

    reference = commands.add_parser(
        "reference-docx", help="write the default reference .docx, to restyle in Word and pass to --reference-docx",
        description="Write the default reference document: its styles are the ones the Word draft uses.")
    reference.add_argument("out", metavar="FILE", help="where to write the .docx")
    reference.add_argument("-l", "--locale", default="en",
                           help="the language whose fonts the styles use (default: en; any in briefing/locale)")
    reference.add_argument("--theme", metavar="FILE", help="take fonts, sizes and colours from this theme")

    new = commands.add_parser("new", help="write a minimal valid book to start from",
                              description="Write a new book folder: book.yaml, a prose module, a register with one "
                                          "document and a glossary, each field commented, with the JSON Schemas an "
                                          "editor checks them against in FOLDER/.schema/ (its id is the folder's "
                                          "name). Refuses an existing folder. Its placeholder texts are warned of by "
                                          "check until replaced. Translations are tracked from the first `briefing "
                                          "translations mark-reviewed --all FOLDER`, which writes translations.lock: "
                                          "after it, a text changed in the source locale makes its translations "
                                          "stale.")
    new.add_argument("folder", metavar="FOLDER", help="the new book folder (must not exist)")
    new.add_argument("--locales", default="en", metavar="LIST", help="comma-separated locales, e.g. en,ja (default: en)")
    new.add_argument("--title", metavar="TEXT", help="the meeting's title (in every locale until translated)")
    new.add_argument("--date", metavar="YYYY-MM-DD", help="the day of the meeting (default: today)")

    schema = commands.add_parser("schema", help="write the JSON Schemas of the content format",
                                 description="Write the JSON Schema of each kind of file (book, module, register, "
                                             "glossary) into a folder, for editors with the YAML language server.")
    schema.add_argument("-o", "--output", default=".", metavar="DIR", help="the folder to write into (default: .)")
    schema.add_argument("--docs", metavar="FILE", help="also write the content format's reference (Markdown) to FILE")
    preview = commands.add_parser(
        "preview", help="serve the book as a web page on 127.0.0.1 that follows every saved change",
        description="Serve the book's HTML on 127.0.0.1 only; it is rebuilt whenever a content, template, "
                    "catalog, glossary or theme file changes, and the open page reloads itself. Invalid content "
                    "shows its file:line problems in the page. Ctrl-C stops.")
    preview.add_argument("book", metavar="BOOK", help="the book folder (holds book.yaml)")
    preview.add_argument("-l", "--locale", metavar="LOCALE", help="the locale or pair shown first (default: the first)")
    preview.add_argument("--port", type=int, default=8000, metavar="N",
                         help="the port on 127.0.0.1 (default: 8000; 0 picks a free one)")
    preview.add_argument("--theme", metavar="FILE", help="a theme file (copy briefing/themes/default.toml)")

    check = commands.add_parser("check", help="validate a book and write nothing",
                                description="Validate a book as a build would (content, fonts, templates and the "
                                              "document tree of every locale and pair); write nothing.")
    check.add_argument("book", metavar="BOOK", nargs="?", help="the book folder (holds book.yaml)")
    check.add_argument("--theme", metavar="FILE",
                       help="a theme file: checked against the schema, and its fonts against the book")
    check.add_argument("--strict", action="store_true",
                       help="make warnings (stale or missing translations, glossary terms) errors, for a print run")

    translations = commands.add_parser(
        "translations", help="translations: status, mark-reviewed, XLIFF export and import",
        description="The translators' workflow: which translations are stale or missing, XLIFF 1.2 for CAT tools.")
    actions = translations.add_subparsers(dest="action", metavar="ACTION", required=True)
    status = actions.add_parser("status", help="per locale: texts and words translated, stale, missing")
    status.add_argument("book", metavar="BOOK")
    status.add_argument("-l", "--locale", action="append", dest="locales", metavar="LOCALE")
    status.add_argument("--list", action="store_true", help="name each stale or missing text with file:line")
    status.add_argument("--json", action="store_true", help="the same as JSON, for scripts")
    reviewed = actions.add_parser("mark-reviewed", help="record translations as made from the current source text")
    reviewed.add_argument("book", metavar="BOOK")
    reviewed.add_argument("places", nargs="*", metavar="FILE:LINE",
                          help="a translation's file:line (or its text's content path)")
    reviewed.add_argument("-l", "--locale", action="append", dest="locales", metavar="LOCALE")
    reviewed.add_argument("--all", action="store_true", help="every translation (of the locales given with -l)")
    export = actions.add_parser("export", help="write an XLIFF 1.2 file of one locale for a CAT tool")
    export.add_argument("book", metavar="BOOK")
    export.add_argument("-l", "--locale", required=True, metavar="LOCALE")
    export.add_argument("-o", "--output", required=True, metavar="FILE")
    export.add_argument("--only-needed", action="store_true", help="only the stale and missing texts")
    export.add_argument("--copy-source", action="store_true",
                        help="put the source text in each target (the translation moves to <alt-trans>), "
                             "for CAT tools that translate the target element, such as OmegaT 3")
    export.add_argument("--tmx", action="store_true",
                        help="write the book's memory instead (TMX 1.4: each reviewed translation beside its source), "
                             "for a CAT tool's memory folder (OmegaT: tm/auto)")
    imported = actions.add_parser("import", help="write an XLIFF file's translations back into the YAML")
    imported.add_argument("book", metavar="BOOK")
    imported.add_argument("xliff", metavar="FILE")
    imported.add_argument("--dry-run", action="store_true", help="print the changes and write nothing")
    absorbed = commands.add_parser(
        "absorb", help="write the edits, decided tracked changes and comments of a Word draft back into the content",
        description="Read an edited Word draft of BOOK (built by `briefing build -f docx`) and write its edits back "
                    "into the YAML, every untouched byte kept; print each as file:line: old → new.",
        epilog=ABSORB_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    absorbed.add_argument("book", metavar="BOOK")
    absorbed.add_argument("draft", metavar="DRAFT.docx")
    absorbed.add_argument("--dry-run", action="store_true", help="print the edits and write nothing")
    absorbed.add_argument("--accept-all", action="store_true", help="accept every tracked change")
    absorbed.add_argument("--reject-all", action="store_true", help="reject every tracked change (but those of "
                                                                      "--accept-author)")
    absorbed.add_argument("--accept-author", action="append", default=[], metavar="NAME",
                          help="accept this reviewer's tracked changes; repeatable")
    absorbed.add_argument("--keep-draft", action="store_true",
                          help="a text changed in the draft and in the content since: take the draft's")
    absorbed.add_argument("--keep-content", action="store_true",
                          help="a text changed in the draft and in the content since: keep the content's")
    absorbed.add_argument("--comments-to-yaml", action="store_true",
                          help="also write each comment as a YAML comment above the text it is anchored on")
    absorbed.add_argument("--skip-unmapped", action="store_true",
                          help="absorb what maps to content and list the rest, instead of refusing the draft")
    return top


ABSORB_EPILOG = """\
examples:
  briefing absorb content/2009-05-12-japan-russia cleared.docx --dry-run
  briefing absorb content/2009-05-12-japan-russia cleared.docx --accept-author "A. Tanaka" --reject-all

Undecided tracked changes, edits the content cannot take (generated text, a new
heading, a moved block) and texts changed on both sides since the draft was
built are listed as file:line: message, the exit status is 1, and no file is
written."""


def entry() -> None:
    """The console script: run, flush what was printed, and leave without tearing the interpreter down.

    By then every output is complete and moved into place; skipping the
    teardown of ReportLab, python-docx, Jinja2 and Babel saves a user's wait.
    """
    import signal

    try:
        signal.signal(signal.SIGINT, signal.default_int_handler)  # from here, Ctrl-C cleans up (see _run)
        status = main()
    except KeyboardInterrupt as interrupt:  # Ctrl-C while starting (imports, reading the arguments): nothing begun
        status = _stopped(interrupt)
    _ignore_stopping_signals()  # done: a late SIGTERM must not turn a finished build into a traceback
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def _ignore_stopping_signals() -> None:
    import signal

    from briefing.safety.locking import STOPPING

    for signum in STOPPING:
        signal.signal(signum, signal.SIG_IGN)


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
            return _check(arguments)
        if arguments.command == "preview":
            from briefing.arguments import check_book_name
            from briefing.preview import serve

            check_book_name(arguments.book)  # it names the downloads, as it names a build's outputs
            if not 0 <= arguments.port <= 65535:
                return _usage("--port must be between 0 and 65535")
            return serve(arguments.book, _theme_path(arguments), arguments.locale, arguments.port)
        if arguments.command == "reference-docx":
            return _reference_docx(arguments)
        if arguments.command == "new":
            return _new(arguments)
        if arguments.command == "schema":
            return _schema(arguments)
        if arguments.command == "translations":
            return _translations(arguments)
        if arguments.command == "absorb":
            return _absorb(arguments)
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
    from briefing.check import check_trees, load_checked

    from briefing.errors import InvalidInput
    from briefing.translations.commands import check_warnings

    book, theme = load_checked(arguments.book, _theme_path(arguments))
    check_trees(book)
    if book.templates:
        # The book's own templates are its program: their output is held to the glyph rules as a build's is.
        from briefing.safety.drawable import check_documents
        from briefing.book.targets import Options

        check_documents(book, theme, set(book.locales), Options())
    from briefing.content.lint import content_warnings

    warnings = sorted(check_warnings(book) + content_warnings(book), key=lambda p: (p.file, p.line, p.message))
    if warnings and arguments.strict:
        raise InvalidInput(warnings)
    for warning in warnings:
        print(f"{warning}", file=sys.stderr)
    from briefing.translations.state import MISSING, Assessment

    # check and build agree: a locale with a missing translation does not build without --draft.
    lacking = sorted({t.locale for t in Assessment(book).translations if t.state == MISSING})
    if lacking:
        print(f"briefing: a build of {', '.join(lacking)} fails for texts not translated yet unless --draft (which "
              "stands the source text in, marked)", file=sys.stderr)
    shown = f"; {len(warnings)} warning(s) (--strict makes them errors)" if warnings else ""
    print(f"{arguments.book}: valid ({', '.join(book.locales)}){shown}")
    # check sees no pages: the preflight report of layout comes from `build` (briefing/preflight).
    print("layout (loose, overfull and ragged lines) is checked at build: `briefing build --strict` refuses what it finds")
    return EXIT_OK


def _translations(arguments) -> int:
    from briefing.content import load_book

    if arguments.action in ("mark-reviewed", "import"):  # they rewrite the book: read it under its lock
        with _writing(arguments.book):
            return _translations_in(arguments, load_book(arguments.book))
    return _translations_in(arguments, load_book(arguments.book))


def _writing(book: str):
    """The book folder's lock for a command that rewrites it (briefing/safety/locking.py); none for a path that is not a folder,
    which the loader then reports."""
    import contextlib

    from briefing.safety.locking import writing_book

    return writing_book(book) if Path(book).is_dir() else contextlib.nullcontext()


def _translations_in(arguments, book) -> int:
    from briefing.translations import commands

    if arguments.action == "status":
        return commands.status(book, arguments.locales, arguments.list, arguments.json)
    if arguments.action == "mark-reviewed":
        if not arguments.places and not arguments.all:
            return _usage("mark-reviewed: name translations by FILE:LINE, or give --all")
        return commands.mark_reviewed(book, arguments.places, arguments.locales, arguments.all)
    if arguments.action == "export":
        return commands.export(book, arguments.locale, Path(arguments.output), arguments.only_needed,
                               arguments.copy_source, arguments.tmx)
    return commands.import_(book, Path(arguments.xliff), arguments.dry_run)


def _absorb(arguments) -> int:
    from briefing.clearance.absorb import Choices, absorb
    from briefing.content import load_book

    if arguments.accept_all and arguments.reject_all:
        return _usage("absorb: --accept-all and --reject-all exclude each other")
    if arguments.keep_draft and arguments.keep_content:
        return _usage("absorb: --keep-draft and --keep-content exclude each other")
    with _writing(arguments.book):
        return absorb(load_book(arguments.book), Path(arguments.draft), _choices(arguments, Choices))


def _choices(arguments, Choices):
    return Choices(dry_run=arguments.dry_run, accept_all=arguments.accept_all, reject_all=arguments.reject_all,
                   accept_authors=tuple(arguments.accept_author), keep_draft=arguments.keep_draft,
                   keep_content=arguments.keep_content, comments_to_yaml=arguments.comments_to_yaml,
                   skip_unmapped=arguments.skip_unmapped)


def _targets(book, arguments):
    from briefing.book.targets import DEFAULT_FORMATS, Target

    locales = arguments.locales or [*book.locales, *(f"{a}+{b}" for a, b in book.bilingual)]
    formats = arguments.formats or list(DEFAULT_FORMATS)
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
    from briefing.building.runner import Workers, build
    from briefing.book.targets import DEFAULT_FORMATS, Options

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
    formats = list(dict.fromkeys(arguments.formats or DEFAULT_FORMATS))
    workers = Workers(formats, jobs, _theme_path(arguments), arguments.locales, arguments.book) if jobs > 1 else None
    try:
        from briefing.check import load_checked  # after the fork: the workers have no use for it

        book, theme = load_checked(arguments.book, _theme_path(arguments), arguments.locales)
        try:
            targets = _targets(book, arguments)
        except _UsageError as error:
            return _usage(str(error))
        from briefing.translations.commands import prepare_build

        book = prepare_build(book, [target.locale for target in targets], arguments.draft)
        options = Options(marking=arguments.marking, draft=arguments.draft, crop_marks=arguments.crop_marks,
                          reference_docx=reference, strict=arguments.strict)
        written = build(book, theme, targets, Path(arguments.output), options, workers)
        _ignore_stopping_signals()  # every output is in place: a stop now would only misreport it
        for warning in written.warnings:  # what layout could not fix (briefing/preflight)
            print(f"{warning}", file=sys.stderr)
        for path in written.paths:
            print(path)
        if written.warnings:
            print(f"briefing: {len(written.warnings)} layout warning(s) (--strict makes them errors)", file=sys.stderr)
        return EXIT_OK
    finally:
        if workers is not None:
            workers.close()


def _check_reference(reference: Path) -> None:
    """A reference document must be a Word document with styles, safe to take them from; anything else is refused before building."""
    from briefing.writers.docx.reference import sanitized

    sanitized(reference)  # raises InvalidInput naming the file and what is wrong (briefing/writers/docx/reference.py)


def _reference_docx(arguments) -> int:
    from briefing.safety.output import Staging
    from briefing.theme import load_theme
    from briefing.writers import docx

    from briefing.i18n import languages

    if languages.find(arguments.locale) is None:
        return _usage(f"-l/--locale: {languages.missing_message(arguments.locale)}")
    theme = load_theme(_theme_path(arguments))
    with Staging() as staging:
        staging.stage(Path(arguments.out), lambda temporary: docx.write_reference(temporary, theme, arguments.locale))
        staging.commit()
    print(arguments.out)
    return EXIT_OK



def _new(arguments) -> int:
    import datetime

    from briefing.errors import InvalidInput, Problem
    from briefing.i18n.locales import supported
    from briefing.scaffold import create

    locales = [part.strip() for part in arguments.locales.split(",") if part.strip()]
    unknown = [locale for locale in locales if locale not in supported()]
    if not locales or unknown or len(set(locales)) != len(locales):
        return _usage(f"--locales {arguments.locales}: give distinct locales among {', '.join(supported())}")
    try:
        day = datetime.date.fromisoformat(arguments.date) if arguments.date else datetime.date.today()
    except ValueError:
        return _usage(f"--date {arguments.date}: expected YYYY-MM-DD")
    from briefing.scaffold import check_name_and_title

    check_name_and_title(arguments.folder, arguments.title)
    folder = Path(arguments.folder)
    if folder.exists() or folder.is_symlink():
        raise InvalidInput([Problem(str(folder), 1, "already exists; briefing new writes only a new folder")])
    if not folder.parent.is_dir():
        raise InvalidInput([Problem(str(folder.parent), 1, "no such folder to create the book in")])
    try:
        for path in create(folder, locales, arguments.title, day):
            print(path)
    except FileExistsError:
        raise InvalidInput([Problem(str(folder), 1, "already exists; briefing new writes only a new folder")]) from None
    print(f"next: briefing check {folder}  then  briefing build {folder}")
    return EXIT_OK


def _schema(arguments) -> int:
    from briefing.content.describe import markdown, schemas
    from briefing.safety.output import Staging

    folder = Path(arguments.output)
    if not folder.is_dir():
        return _usage(f"-o {arguments.output}: not a folder")
    outputs = {folder / name: text for name, text in schemas().items()}
    if arguments.docs:
        outputs[Path(arguments.docs)] = markdown()
    with Staging() as staging:
        for path, text in outputs.items():
            staging.stage(path, lambda temporary, text=text: Path(temporary).write_text(text, encoding="utf-8"))
        staging.commit()
    for path in outputs:
        print(path)
    return EXIT_OK


def _usage(message: str) -> int:
    print(f"briefing: error: {message}", file=sys.stderr)
    return EXIT_USAGE
