"""Renders one target: the book's document tree in a locale (or pair), handed to the writer of its format."""

from __future__ import annotations

from briefing import markup, model, tree, writers
from briefing.bilingual import align
from briefing.errors import InvalidInput, Problem
from briefing.i18n.localizer import Localizer
from briefing.i18n.labels import page_labels
from briefing.i18n.typography import refine
from briefing.targets import Options, Target
from briefing.templating import render_markup
from briefing.theme import Theme

def localizer_for(book: model.Book, locale: str) -> Localizer:
    return Localizer(locale, book.date_style.get(locale))  # None: the language's own default


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
    """Renders one output into `path` (a staged temporary file)."""
    # Writers are imported only when needed, so `check` and `--help` never load ReportLab or python-docx.
    writers.write(document_for(book, target.locale, options), target.format, path, theme, options)
