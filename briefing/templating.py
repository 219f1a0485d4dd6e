"""Renders a book through the sandboxed Jinja2 templates into document-tree markup for one locale."""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

import jinja2
from jinja2 import (
    BaseLoader, BytecodeCache, ChoiceLoader, FileSystemLoader, StrictUndefined, TemplateError, TemplateNotFound,
    TemplateSyntaxError, select_autoescape,
)
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from markupsafe import Markup

from briefing import cache
from briefing.book import model
from briefing.book import register
from briefing.content.loader import N_
from briefing.errors import InvalidInput, Problem
from briefing.i18n.localizer import Localizer
from briefing.i18n.numbering import roman
from briefing.i18n.typography import name_before_title, refine
from briefing.paths import TEMPLATE_FOLDER
from briefing.safety.template_limits import LimitExceeded, LimitedSandbox, limited


class ConfinedLoader(FileSystemLoader):
    """A FileSystemLoader that refuses a template whose real path (after links) leaves its folder."""

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        root = os.path.realpath(self.searchpath[0])
        if os.path.commonpath([os.path.realpath(filename), root]) != root:
            raise TemplateNotFound(f"{template} (it links outside {self.searchpath[0]})")
        return source, filename, uptodate


class RefusedTemplate(TemplateError):
    """A book template that exists but cannot be used (a link out of the book, a pipe, too big, not UTF-8)."""

    def __init__(self, file: str, line: int, message: str):
        super().__init__(message)
        self.file, self.line = file, line


# The book templates each build used, by real path: their SHA-256, for the manifest.
used_overrides: dict[str, str] = {}


class BookTemplateLoader(BaseLoader):
    """A book's own templates/ folder, read only from regular files really inside the book, through the guarded reader."""

    def __init__(self, folder: str):
        self.folder = folder
        self.book = os.path.dirname(os.path.abspath(folder))

    def get_source(self, environment, template):
        import hashlib

        from briefing.safety.guarded import Refused, read

        path = os.path.join(self.folder, *split_template_path(template))  # refuses '..'
        if not os.path.lexists(path):
            raise TemplateNotFound(template)  # ours is used instead
        try:
            data = read(path, "template", inside=self.book).data
        except Refused as refused:
            raise RefusedTemplate(path, 1, str(refused)) from None
        try:
            source = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise RefusedTemplate(path, line, f"not UTF-8: byte 0x{data[error.start]:02x} cannot be decoded") from None
        used_overrides[os.path.realpath(path)] = hashlib.sha256(data).hexdigest()
        return source, path, lambda: True


class SharedCompilation(BytecodeCache):
    """Compiled templates kept for the life of the process and shared by every locale's environment.

    The environments differ only in their catalog and `t` filter, which are
    looked up when a template runs, so a template compiled for one locale
    serves them all: each is compiled once per build instead of once per
    locale. Jinja2 keys the code by template name and file and checks it
    against a hash of the source.
    """

    def __init__(self) -> None:
        self.compiled: dict[str, tuple[str, object]] = {}

    def load_bytecode(self, bucket) -> None:
        checksum, code = self.compiled.get(bucket.key, (None, None))
        if checksum == bucket.checksum:
            bucket.code = code
            return
        stored = cache.load("templates", _entry(bucket))
        if stored is not None:
            bucket.bytecode_from_string(stored)  # Jinja2 checks its own magic and drops a stale entry
            if bucket.code is not None:
                self.compiled[bucket.key] = (bucket.checksum, bucket.code)

    def dump_bytecode(self, bucket) -> None:
        self.compiled[bucket.key] = (bucket.checksum, bucket.code)
        cache.store("templates", _entry(bucket), bucket.bytecode_to_string())


def _entry(bucket) -> str:
    """A compiled template's name in the user's cache (briefing/cache.py): its name, file and source, Jinja2's
    version, and this tool's code generator, which compiles every template under the limits of the sandbox."""
    return cache.key(bucket.key, bucket.checksum, jinja2.__version__, _generator_digest())


@functools.lru_cache(maxsize=1)
def _generator_digest() -> str:
    from briefing.safety import template_limits

    with open(template_limits.__file__, "rb") as source:
        return hashlib.sha256(source.read()).hexdigest()


_compiled = SharedCompilation()


@functools.lru_cache(maxsize=None)
def locale_environment(locale: str, overrides: str | None = None) -> LimitedSandbox:
    """One compiled environment per locale and process: sandboxed, strict about undefined names, escaping all content.

    Each locale gets an environment of its own rather than an overlay: overlays
    share their parent's filters, globals and i18n extension, so the last
    locale's catalog and `t` filter would leak into every other.
    """
    # A book may override any template from its own templates/ folder; the
    # overrides run in the same immutable sandbox as ours.
    # Every template runs under the limits of briefing/safety/template_limits.py.
    loaders = ([BookTemplateLoader(overrides)] if overrides else []) + [ConfinedLoader(str(TEMPLATE_FOLDER))]
    env = LimitedSandbox(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=select_autoescape(default=True, default_for_string=True),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        bytecode_cache=_compiled,
    )
    env.tests.update(
        paragraph=lambda b: isinstance(b, model.Paragraph),
        bullet_list=lambda b: isinstance(b, model.BulletList),
        numbered_list=lambda b: isinstance(b, model.NumberedList),
        section=lambda b: isinstance(b, model.Section),
        table=lambda b: isinstance(b, model.Table),
        figure=lambda b: isinstance(b, model.Figure),
    )
    env.install_gettext_translations(Localizer(locale).translations, newstyle=True)
    env.filters["t"] = lambda value: refine(value[locale], locale)
    return env


def render_markup(book: model.Book, localizer: Localizer) -> str:
    """The book in one locale as document-tree markup; a template error is reported as file:line."""
    try:
        with limited():
            markup = _render(book, localizer)
    except RefusedTemplate as refused:
        raise InvalidInput([Problem(_shown(refused.file), refused.line, str(refused))]) from None
    except TemplateSyntaxError as error:
        raise InvalidInput([Problem(_shown(error.filename or error.name or "template"), error.lineno or 1,
                                    f"template syntax: {error.message}")]) from None
    except (TemplateError, SecurityError, ArithmeticError, TypeError, ValueError, AttributeError,
            KeyError, IndexError, RecursionError, MemoryError, SyntaxError) as error:
        file, line = _compiling(error.__traceback__) or _template_position(error.__traceback__)
        if file is None:
            if not isinstance(error, (LimitExceeded, RecursionError, MemoryError, SyntaxError)):
                raise
            # Raised while a template was compiled, or between two of its lines: name the folder.
            file, line = book.templates or str(TEMPLATE_FOLDER), 1
        kind = "" if isinstance(error, LimitExceeded) else f"{type(error).__name__}: "
        raise InvalidInput([Problem(_shown(file), line, f"template: {kind}{error}")]) from None
    _check_characters(markup, book)
    return markup


def _check_characters(markup: str, book: model.Book) -> None:
    """Template text obeys the content's character rules: content is checked already, so the culprit is a template."""
    from briefing.safety.characters import refused
    from briefing.tree import plain

    # A draft's state marks (non-characters the loader refuses in content) are the build's own: not checked.
    markup = plain(markup)
    found = refused(markup)
    if found is None:
        return
    index, message = found
    char = markup[index]
    found_at = template_line_of(book, char)
    if found_at is not None:
        raise InvalidInput([Problem(_shown(found_at[0]), found_at[1], f"template: {message}")])
    raise InvalidInput([Problem(_shown(book.templates or str(TEMPLATE_FOLDER)), 1,
                                f"template output: {message}")])


def template_line_of(book: model.Book, char: str, shipped: bool = True) -> tuple[str, int] | None:
    """The first line holding `char` of a book template the build used (or, with `shipped`, of ours)."""
    for folder in (book.templates, str(TEMPLATE_FOLDER) if shipped else None):
        if not folder:
            continue
        for path in sorted(Path(folder).rglob("*.j2")):
            if folder == book.templates and os.path.realpath(path) not in used_overrides:
                continue
            try:
                lines = path.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                continue
            for number, line in enumerate(lines, 1):
                if char in line:
                    return str(path), number
    return None


def _compiling(trace) -> tuple[str, int] | None:
    """The template being compiled when the error came (nesting too deep for Jinja2's parser or Python's compiler)."""
    while trace is not None:
        code = trace.tb_frame.f_code
        if code.co_name in ("compile", "_parse", "_generate", "_compile") and \
                code.co_filename.endswith(os.path.join("jinja2", "environment.py")):
            filename = trace.tb_frame.f_locals.get("filename")
            if filename:
                return filename, 1
        trace = trace.tb_next
    return None


def _template_position(trace) -> tuple[str | None, int]:
    """The innermost template line in a traceback (Jinja2 maps template frames to .j2 lines)."""
    found: tuple[str | None, int] = (None, 1)
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = (filename, trace.tb_lineno)
        trace = trace.tb_next
    return found


def _shown(path: str) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


# Per act of a register document: with place and date, date only, place only.
ACT_MESSAGES = {
    "signed": (N_("Signed in %(place)s on %(date)s"), N_("Signed on %(date)s"), N_("Signed in %(place)s")),
    "adopted": (N_("Adopted in %(place)s on %(date)s"), N_("Adopted on %(date)s"), N_("Adopted in %(place)s")),
    "exchanged": (N_("Exchanged in %(place)s on %(date)s"), N_("Exchanged on %(date)s"),
                  N_("Exchanged in %(place)s")),
    "issued": (N_("Issued in %(place)s on %(date)s"), N_("Issued on %(date)s"), N_("Issued in %(place)s")),
}


def _render(book: model.Book, localizer: Localizer) -> str:
    env = locale_environment(localizer.locale, book.templates)
    locale = localizer.locale

    def signatories(document: model.OutcomeDocument) -> str:
        # Name and office order differs by language and book ("Minister Nakasone", "中曽根外務大臣").
        return localizer.people([person(s) for s in document.signatories])

    def person(someone) -> str:
        office = refine(someone.office[locale], locale)
        return localizer.person(name_before_title(refine(someone.name[locale], locale), office, locale), office)

    def module_markup(name: str) -> Markup:
        # A module's own template (modules/NAME.j2, the book's or ours) takes the place of the generic one.
        if book.register is not None and name == book.register.name:
            template = env.select_template([f"modules/{name}.j2", "register.j2"])
            return Markup(template.render(register=book.register, **context))
        template = env.select_template([f"modules/{name}.j2", "module.j2"])
        return Markup(template.render(module=book.modules[name], **context))

    def symbol(marker: model.Marker) -> str:
        return marker.symbol_in(locale)

    def meaning(marker: model.Marker) -> str:
        return refine(marker.meaning[locale], locale) if marker.meaning else localizer.gettext(marker.default_meaning)

    def entry_marker(document: model.OutcomeDocument, number: int) -> str:
        # A running number (when the register numbers its documents) comes before any lead marker.
        parts = [symbol(m) for m in register.lead_markers(book.register, document)]
        if book.register.numbering != "none":
            parts.insert(0, register_label(book.register.numbering, number))
        return " ".join(parts)

    def register_label(style: str, number: int) -> str:
        if style == "roman" and localizer.language.roman_numerals:
            return roman(number).upper() + "."
        if style == "roman":  # a language that numbers with its own counters instead (Chinese: 一、二、)
            return localizer.numbering.label(1, number)
        return localizer.numbering.label(int(style.split("-")[1]), number)

    def flags(document: model.OutcomeDocument) -> str:
        return "".join(symbol(m) for m in register.flag_markers(book.register, document))

    def signed(document: model.OutcomeDocument) -> str:
        place = refine(document.signed_in[locale], locale) if document.signed_in else None
        day = localizer.date(document.signed_on) if document.signed_on else None
        messages = ACT_MESSAGES[document.act]
        if place and day:
            return localizer.gettext(messages[0]) % {"place": place, "date": day}
        if day:
            return localizer.gettext(messages[1]) % {"date": day}
        return localizer.gettext(messages[2]) % {"place": place}

    def description_lines(items, brackets: bool = True) -> list[str]:
        # Paragraphs and list items of a description, bracketed once around the whole in the locale's brackets.
        lines = []
        for block in items:
            if isinstance(block, model.Paragraph):
                lines.append(refine(block.text[locale], locale))
            elif isinstance(block, (model.BulletList, model.NumberedList)):
                bullet = isinstance(block, model.BulletList)
                lines += [("• " if bullet else f"{index}. ") + refine(item.text[locale], locale)
                          for index, item in enumerate(block.items, start=1)]
        if brackets and lines:
            opening, closing = localizer.gettext("[%(description)s]").split("%(description)s", 1)
            lines[0] = opening + lines[0]
            lines[-1] = lines[-1] + closing  # the same line when there is one
        return lines

    def participants_of(party: model.Party) -> list[str]:
        return [person(p) for p in book.participants if p.party == party.id]

    def cell(value, places: int | None = None) -> str:
        if isinstance(value, model.Number):
            return localizer.number(value.value, places)
        return refine(value[locale], locale)

    env.filters["cell"] = cell
    env.filters["description_lines"] = description_lines
    env.filters["figure_image"] = lambda figure: figure.image_in(locale).digest  # its locale's, else the one image
    context = dict(
        book=book,
        date=localizer.date_range(book.date, book.end_date),
        module_markup=module_markup,
        signatories=signatories,
        participants_of=participants_of,
        markers_used=register.markers_used,
        documents_in=register.documents_in,
        running_numbers=register.running_numbers,
        entry_marker=entry_marker,
        flags=flags,
        symbol=symbol,
        meaning=meaning,
        signed=signed,
    )
    return env.get_template("book.j2").render(**context)
