"""Decides what to build: loads and checks a book, renders each target's document tree, and writes each output atomically."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefing import markup, model, tree
from briefing.bilingual import align
from briefing.content import load_book
from briefing.errors import InvalidInput, Problem
from briefing.fonts import FontNotFound, chain
from briefing.i18n import Localizer
from briefing.i18n.labels import page_labels
from briefing.i18n.typography import refine
from briefing.output import Staging
from briefing.templating import render_markup
from briefing.theme import DEFAULT_THEME, Theme, load_theme

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


def document_for(book: model.Book, locale: str) -> tree.Document:
    """The document tree of the book in one locale, or in a pair such as ja+en (primary first)."""
    if "+" in locale:
        primary, secondary = locale.split("+")
        return align(document_for(book, primary), document_for(book, secondary))
    localizer = localizer_for(book, locale)
    blocks = markup.parse(render_markup(book, localizer), localizer.numbering)
    text = lambda value: refine(value[locale], locale)  # noqa: E731
    meta = tree.Meta(
        title=text(book.title),
        short_title=text(book.short_title),
        subject=text(book.subtitle) if book.subtitle else text(book.title),
        marking=text(book.classification),
        date=localizer.date(book.date),
        language=localizer.language_tag,
        languages=(localizer.language_tag,),
        labels=page_labels(localizer),
        keywords=tuple(text(p.name) for p in book.parties),
    )
    return tree.Document(meta=meta, blocks=blocks)


def check_fonts(book: model.Book, theme: Theme) -> None:
    """Every character of every text must be drawable by the fonts its locale is configured with."""
    problems: list[Problem] = []
    for locale in book.locales:
        try:
            chains = [chain(tuple(theme.font_patterns(locale, role))) for role in ("body", "bold", "heading")]
        except (FontNotFound, KeyError) as error:
            problems.append(Problem(str(DEFAULT_THEME.name), 1, f"fonts for {locale!r}: {error}"))
            continue
        for text in _texts(book):
            value = text.by_locale.get(locale, "")
            for font_chain in chains:
                missing = font_chain.missing(value)
                if missing:
                    shown = ", ".join(f"U+{ord(c):04X} {c!r}" for c in missing)
                    problems.append(Problem(text.file, text.line, f"no configured {locale!r} font has {shown}"))
                    break
    if problems:
        raise InvalidInput(problems)


def _texts(value):
    """Every Text in the book model, wherever it stands."""
    if isinstance(value, model.Text):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            yield from _texts(getattr(value, name))


def load_checked(folder: str | Path, theme_path: str | Path = DEFAULT_THEME) -> tuple[model.Book, Theme]:
    """Loads the book and the theme and checks that every glyph can be drawn; raises InvalidInput otherwise."""
    theme = load_theme(theme_path)
    book = load_book(folder)
    check_fonts(book, theme)
    return book, theme


def stage_target(book: model.Book, theme: Theme, target: Target, out_dir: Path, staging: Staging) -> None:
    """Renders one output into a staged temporary file beside its final place."""
    document = document_for(book, target.locale)
    # Writers are imported only when needed, so `check` and `--help` never load ReportLab or python-docx.
    if target.format == "pdf":
        from briefing.writers import pdf as writer
    else:
        from briefing.writers import docx as writer
    staging.stage(out_dir / target.filename(book), lambda temporary: writer.write(document, temporary, theme))


def build(book: model.Book, theme: Theme, targets: list[Target], out_dir: Path) -> list[Path]:
    """Writes every target, all or nothing: outputs are moved into place only when every one succeeded."""
    with Staging() as staging:
        for target in targets:
            stage_target(book, theme, target, out_dir, staging)
        return staging.commit()
