"""`briefing build` and `briefing reference-docx`: a book's targets written, and the Word styles to restyle."""

from __future__ import annotations

import sys
from pathlib import Path

from briefing.commands import EXIT_OK, ignore_stopping_signals, theme_path, usage


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


def run(arguments) -> int:
    checked = prepare(arguments)
    if isinstance(checked, int):
        return checked
    reference, jobs = checked
    book = arguments.books[0]
    if arguments.locales:  # the targets are named: no more processes than targets (one needs no worker at all)
        from briefing.book.targets import DEFAULT_FORMATS

        jobs = min(jobs, len(set(arguments.locales)) * len(set(arguments.formats or DEFAULT_FORMATS)))
    key = stamp_of(arguments, book, reference)
    if up_to_date(arguments, book, key) is not None:
        return EXIT_OK
    pool = Pool(arguments, jobs, book)
    try:
        return build_one(arguments, book, reference, pool, key, last=True)
    finally:
        pool.close()


def prepare(arguments):
    """The arguments every build checks first: (the reference document, the number of processes), or a usage
    error's exit status."""
    from briefing.arguments import check_book_name, check_jobs, check_marking, check_output
    from briefing.building.workers import default_jobs

    check_jobs(arguments.jobs)
    check_marking(arguments.marking)
    check_output(arguments.output)
    for book in arguments.books:
        check_book_name(book)
    jobs = arguments.jobs or default_jobs()
    reference = Path(arguments.reference_docx) if arguments.reference_docx else None
    if reference is not None:
        _check_reference(reference)
    output = Path(arguments.output)
    if output.exists() and not output.is_dir():
        return usage(f"-o {arguments.output}: not a folder")
    return reference, jobs


def up_to_date(arguments, book: str, key: str | None) -> list[Path] | None:
    """The outputs, listed as a build lists them, when this request of this book (its stamp: `key`) is up to date;
    else None."""
    if arguments.force:
        return None
    from briefing.building.incremental import current

    made = current(_manifest(arguments, book), key, Path(arguments.output), arguments.strict)
    if made is not None:  # the same request of the same inputs: every output is still what it would be
        for path in made:
            print(path)
        print(f"briefing: {book}: up to date ({len(made)} output(s)); nothing written (--force builds again)",
              file=sys.stderr)
    return made


class Pool:
    """The build processes (with -j above 1), started before the first book loads and shared by every book after."""

    def __init__(self, arguments, jobs: int, first_book: str):
        from briefing.book.targets import DEFAULT_FORMATS

        self.arguments, self.jobs, self.first_book = arguments, jobs, first_book
        self.formats = list(dict.fromkeys(arguments.formats or DEFAULT_FORMATS))
        self.workers = self._start() if jobs > 1 else None

    def _start(self):
        from briefing.building.workers import Workers

        # The workers import the writers while this process loads and checks the book.
        return Workers(self.formats, self.jobs, theme_path(self.arguments), self.arguments.locales, self.first_book)

    def get(self):
        """The workers, started again if an error in the last book ended them."""
        if self.workers is not None and not self.workers.open:
            self.workers = self._start()
        return self.workers

    def close(self) -> None:
        if self.workers is not None:
            self.workers.close()


def build_one(arguments, book_path: str, reference: Path | None, pool: Pool, key: str | None,
              last: bool = False) -> int:
    """Builds one book's targets (all or nothing), recording `key` (its stamp), and prints its outputs and layout
    warnings. `last`: no book follows it, so the pool's workers may end as soon as its outputs are written."""
    from briefing.book.targets import Options
    from briefing.building.runner import build
    from briefing.check import load_checked  # after the fork: the workers have no use for it

    workers = pool.get()
    book, theme = load_checked(book_path, theme_path(arguments), arguments.locales)
    try:
        targets = _targets(book, arguments)
    except _UsageError as error:
        return usage(str(error))
    from briefing.translations.commands import prepare_build

    book = prepare_build(book, [target.locale for target in targets], arguments.draft)
    options = Options(marking=arguments.marking, draft=arguments.draft, crop_marks=arguments.crop_marks,
                      reference_docx=reference, strict=arguments.strict, pdf_standards=pdf_standards(arguments))
    written = build(book, theme, targets, Path(arguments.output), options, workers, stamp=key,
                    reuse=not arguments.force, last=last)
    ignore_stopping_signals()  # every output is in place: a stop now would only misreport it
    for warning in written.warnings:  # what layout could not fix (briefing/preflight)
        print(f"{warning}", file=sys.stderr)
    for path in written.paths:
        print(path)
    if written.warnings:
        print(f"briefing: {len(written.warnings)} layout warning(s) (--strict makes them errors)", file=sys.stderr)
    if written.kept:  # their trees and writer inputs are the last build's: the same bytes, copied
        print(f"briefing: {len(written.kept)} of {len(targets)} output(s) unchanged, kept as the last build made "
              "them (--force writes every one)", file=sys.stderr)
    return EXIT_OK


def _check_reference(reference: Path) -> None:
    """A reference document must be a Word document with styles, safe to take them from; anything else is refused before building."""
    from briefing.writers.docx.reference import sanitized

    sanitized(reference)  # raises InvalidInput naming the file and what is wrong (briefing/writers/docx/reference.py)


def reference_docx(arguments) -> int:
    from briefing.safety.output import Staging
    from briefing.theme import load_theme
    from briefing.writers import docx

    from briefing.i18n import languages

    if languages.find(arguments.locale) is None:
        return usage(f"-l/--locale: {languages.missing_message(arguments.locale)}")
    theme = load_theme(theme_path(arguments))
    with Staging() as staging:
        staging.stage(Path(arguments.out), lambda temporary: docx.write_reference(temporary, theme, arguments.locale))
        staging.commit()
    print(arguments.out)
    return EXIT_OK


def stamp_of(arguments, book: str, reference: Path | None) -> str | None:
    """The request as given (the same words build the same targets while book.yaml is unchanged) and its inputs,
    hashed once per book: to compare with the last build, and to record with this one."""
    from briefing.building.incremental import sha256, stamp

    request = {"locales": arguments.locales or [], "formats": arguments.formats or [], "marking": arguments.marking,
               "draft": arguments.draft, "crop_marks": arguments.crop_marks,
               "pdf_standards": list(pdf_standards(arguments)),
               "reference_docx": sha256(reference) if reference else None}
    return stamp(book, request, arguments.theme, Path(arguments.output))


def pdf_standards(arguments) -> tuple[str, ...]:
    """The standards asked for with --pdf-standard, in a fixed order; none asked: both; `none`: neither."""
    asked = set(arguments.pdf_standards or ("a-2a", "ua-1"))
    return tuple(sorted(asked - {"none"}))


def _manifest(arguments, book: str) -> Path:
    return Path(arguments.output) / f"{Path(book).resolve().name}.manifest.json"
