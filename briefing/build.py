"""Decides what to build: loads and checks a book, renders each target's document tree, and writes each output atomically."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from briefing import markup, model, tree
from briefing.bilingual import align
from briefing.errors import InvalidInput, Problem
from briefing.i18n.localizer import Localizer
from briefing.i18n.labels import page_labels
from briefing.i18n.typography import refine
from briefing.manifest import write_manifest
from briefing.output import Staging
from briefing.templating import render_markup
from briefing.check import check_fonts, load_checked  # noqa: F401  (the build's entry points, re-exported)
from briefing.theme import Theme

FORMATS = ("pdf", "docx")


@dataclass(frozen=True)
class Target:
    """One output file: a locale (or a pair such as ja+en) in one format."""

    locale: str
    format: str

    def filename(self, book: model.Book) -> str:
        return f"{book.folder_name}.{self.locale}.{self.format}"


def localizer_for(book: model.Book, locale: str) -> Localizer:
    return Localizer(locale, book.date_style.get(locale, "long"))


@dataclass(frozen=True)
class Options:
    """What the user asked for beyond the content: a marking other than the book's, a draft watermark, print mode."""

    marking: str | None = None
    draft: bool = False
    crop_marks: bool = False
    reference_docx: Path | None = None


def marking_for(book: model.Book, locale: str, marking: str | None) -> str:
    """The book's classification, or the user's marking in this locale where the book translates it."""
    if marking is None:
        return refine(book.classification[locale], locale)
    for known in (book.classification, *book.markings):
        if marking in known.by_locale.values():
            return refine(known[locale], locale)
    return marking


_documents: dict[tuple[int, str, "Options"], tuple[model.Book, tree.Document]] = {}


def document_for(book: model.Book, locale: str, options: Options = Options()) -> tree.Document:
    """The document tree of the book in one locale, or in a pair such as ja+en (primary first).

    Trees are kept for the life of the process: a default build needs the
    Japanese tree for ja, ja+en and ja+ru in both formats, and makes it once.
    """
    key = (id(book), locale, options)
    if key not in _documents or _documents[key][0] is not book:
        _documents[key] = (book, _document_for(book, locale, options))
    return _documents[key][1]


def _document_for(book: model.Book, locale: str, options: Options) -> tree.Document:
    if "+" in locale:
        primary, secondary = locale.split("+")
        return align(document_for(book, primary, options), document_for(book, secondary, options))
    localizer = localizer_for(book, locale)
    labels = page_labels(localizer)
    try:
        blocks = markup.parse(render_markup(book, localizer), localizer.numbering)
    except markup.MarkupError as error:
        # Only a template can produce markup outside the vocabulary: name the folder of the book's own.
        where = book.templates or "templates"
        raise InvalidInput([Problem(where, 1, str(error))]) from None
    # The contents follow the title block.
    blocks = blocks[:1] + (tree.Contents(labels["contents"]),) + blocks[1:]
    text = lambda value: refine(value[locale], locale)  # noqa: E731
    meta = tree.Meta(
        title=text(book.title),
        short_title=text(book.short_title),
        subject=text(book.subtitle) if book.subtitle else text(book.title),
        author=text(book.author) if book.author else "",
        marking=marking_for(book, locale, options.marking),
        draft=options.draft,
        date=localizer.date(book.date),
        language=localizer.language_tag,
        languages=(localizer.language_tag,),
        labels=labels,
        keywords=tuple(text(p.name) for p in book.parties),
    )
    return tree.Document(meta=meta, blocks=blocks)


def render_target(book: model.Book, theme: Theme, target: Target, path: str, options: Options = Options()) -> None:
    """Renders one output into `path` (a staged temporary file); runs in a worker process under -j."""
    document = document_for(book, target.locale, options)
    # Writers are imported only when needed, so `check` and `--help` never load ReportLab or python-docx.
    if target.format == "pdf":
        from briefing.writers import pdf

        pdf.write(document, path, theme, crop_marks=options.crop_marks)
    else:
        from briefing.writers import docx

        docx.write(document, path, theme, reference=options.reference_docx)


def build(book: model.Book, theme: Theme, targets: list[Target], out_dir: Path, options: Options = Options(),
          jobs: int = 1) -> list[Path]:
    """Writes every target and the manifest, all or nothing: files move into place only when every one succeeded."""
    with Staging() as staging:
        work = [(target, staging.reserve(out_dir / target.filename(book))) for target in targets]
        if jobs > 1 and len(work) > 1:
            _render_in_parallel(book, theme, work, options, jobs)
        else:
            for target, path in work:
                render_target(book, theme, target, path, options)
        outputs = [(out_dir / target.filename(book), path) for target, path in work]
        manifest_path = out_dir / f"{book.folder_name}.manifest.json"
        built = {part for target in targets for part in target.locale.split("+")}
        staging.stage(manifest_path, lambda temporary: write_manifest(temporary, book, theme, outputs, options, built))
        return staging.commit()


def _render_in_parallel(book, theme, work, options, jobs: int) -> None:
    """Renders targets in `jobs` processes: this one takes a share, forked workers the rest.

    Workers are forked after the book is loaded, so they start with it and
    with every module this process has imported, at no cost of a pool. Each
    renders whole targets; outputs are byte-identical to a -j 1 build.
    """
    import multiprocessing

    context = multiprocessing.get_context("fork")
    # Contiguous shares of the targets sorted by format: a process renders
    # mostly one format, so it imports one writer and parses fonts only for
    # PDFs, and the processes do not each repeat the other's start-up.
    ordered = sorted(work, key=lambda item: (item[0].format, item[0].locale))
    count = min(jobs, len(ordered))
    bounds = [round(index * len(ordered) / count) for index in range(count + 1)]
    shares = [ordered[bounds[index]:bounds[index + 1]] for index in range(count)]
    workers = []
    for share in shares[1:]:
        receiving, sending = context.Pipe(duplex=False)
        process = context.Process(target=_worker, args=(book, theme, share, options, sending, os.getpid()),
                                  daemon=True)
        process.start()
        sending.close()
        workers.append((process, receiving))
    for target, path in shares[0]:
        render_target(book, theme, target, path, options)
    for process, receiving in workers:
        failure = receiving.recv() if receiving.poll(None) else None
        process.join()
        if failure is not None:
            raise failure
        if process.exitcode != 0:
            raise RuntimeError(f"a build process ended with status {process.exitcode}")


def _die_with(parent: int) -> None:
    """Asks Linux to kill this worker when the build process dies (kill -9 included): no orphan keeps writing."""
    import ctypes
    import signal

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _worker(book, theme, share, options, report, parent: int) -> None:
    """A forked process's share: render each target, then report None, or the exception that stopped it."""
    _die_with(parent)
    try:
        for target, path in share:
            render_target(book, theme, target, path, options)
        report.send(None)
    except BaseException as error:  # reported to the parent, which decides what the user sees
        report.send(error)
