"""Renders one target: the book's document tree in a locale (or pair), handed to the writer of its format."""

from __future__ import annotations

from briefing import markup, tree, writers
from briefing.book import model
from briefing.book.bilingual import align
from briefing.content.fingerprint import content_fingerprint
from briefing.errors import InvalidInput, Problem
from briefing.i18n.localizer import Localizer
from briefing.i18n.labels import page_labels
from briefing.i18n.typography import refine
from briefing.book.targets import Options, Target
from briefing.templating import render_markup
from briefing.theme import Theme

def localizer_for(book: model.Book, locale: str) -> Localizer:
    # None: the language's own default.
    return Localizer(locale, book.date_style.get(locale), book.name_style.get(locale))


def marking_for(book: model.Book, locale: str, marking: str | None) -> str:
    """The book's classification, or the user's marking in this locale where the book translates it."""
    if marking is None:
        return tree.plain(refine(book.classification[locale], locale)) if book.classification else ""
    for known in (*((book.classification,) if book.classification else ()), *book.markings):
        if marking in map(tree.plain, known.by_locale.values()):
            return tree.plain(refine(known[locale], locale))
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
        blocks = markup.parse(render_markup(book, localizer), localizer.numbering, images_of(book))
    except markup.MarkupError as error:
        # Only a template can produce markup outside the vocabulary: name the folder of the book's own.
        where = book.templates or "templates"
        raise InvalidInput([Problem(where, 1, str(error))]) from None
    if wants_contents(book, blocks):
        # The contents follow the title page: the title block, the meeting's facts and participants.
        end = 1
        while end < len(blocks) and _on_title_page(blocks[end]):
            end += 1
        blocks = blocks[:end] + (tree.Contents(labels["contents"]),) + blocks[end:]
    text = lambda value: tree.plain(refine(value[locale], locale))  # noqa: E731  (no draft state marks in metadata)
    meta = tree.Meta(
        title=text(book.title),
        short_title=text(book.short_title),
        subject=text(book.subtitle) if book.subtitle else text(book.title),
        author=text(book.author) if book.author else "",
        marking=marking_for(book, locale, options.marking),
        draft=options.draft,
        date=localizer.date_range(book.date, book.end_date),
        language=localizer.language_tag,
        languages=(localizer.language_tag,),
        labels=labels,
        keywords=tuple(text(p.name) for p in book.parties),
        book=book.id,
        content=content_fingerprint(book.source_files),
    )
    return tree.Document(meta=meta, blocks=blocks)


# Roughly what one A4 page of body text holds, in characters of each kind.
_LATIN_PER_PAGE = 3200
_WIDE_PER_PAGE = 1300


def images_of(book: model.Book) -> dict:
    """Every checked figure image of the book by its key (its digest), for the markup's <figure image="KEY">."""
    found = {}

    def walk(blocks) -> None:
        for block in blocks:
            if isinstance(block, model.Figure) and block.image is not None:
                for image in (block.image, *(image for _, image in block.localized)):
                    found[image.digest] = image
            elif isinstance(block, model.Section):
                walk(block.blocks)
            elif isinstance(block, (model.BulletList, model.NumberedList)):
                for item in block.items:
                    walk(item.blocks)

    for module in book.modules.values():
        walk(module.blocks)
    return found


def _on_title_page(block) -> bool:
    """The venue and occasion lines and the participants table that book.j2 sets under the title block."""
    return (isinstance(block, tree.Paragraph) and block.role == "meta") or (
        isinstance(block, tree.Table) and block.role == "participants")


def wants_contents(book: model.Book, blocks: tuple) -> bool:
    """A contents page when the book asks for one; by default only when the body runs past about two pages."""
    if book.contents != "auto":
        return book.contents == "yes"
    pages = 0.0
    for text in _texts(blocks):
        wide = sum(1 for char in text if ord(char) >= 0x2E80)
        pages += wide / _WIDE_PER_PAGE + (len(text) - wide) / _LATIN_PER_PAGE
    return pages > 2


def _texts(blocks):
    for block in blocks:
        for value in vars(block).values():
            if isinstance(value, str):
                yield value
            elif isinstance(value, tuple):
                yield from (v for v in value if isinstance(v, str))
                yield from _texts([v for v in value if hasattr(v, "__dataclass_fields__")])
                yield from (cell for row in value if isinstance(row, tuple) for cell in row if isinstance(cell, str))


def render_target(book: model.Book, theme: Theme, target: Target, path: str, options: Options = Options()) -> list:
    """Renders one output into `path` (a staged temporary file); returns its preflight findings."""
    # Writers are imported only when needed, so `check` and `--help` never load ReportLab or python-docx.
    from briefing.preflight import named

    return named(writers.write(document_for(book, target.locale, options), target.format, path, theme, options),
                 target.shown())
