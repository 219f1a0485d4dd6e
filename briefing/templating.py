"""Renders a book through the sandboxed Jinja2 templates into document-tree markup for one locale."""

from __future__ import annotations

import functools
from pathlib import Path

from jinja2 import FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from briefing import model, register
from briefing.i18n import Localizer
from briefing.i18n.typography import refine

# Installed, the templates are package data (briefing/templates); in a
# checkout they stand at the repository root, where the layout shows them.
_PACKAGE = Path(__file__).resolve().parent
TEMPLATE_FOLDER = next(
    (folder for folder in (_PACKAGE / "templates", _PACKAGE.parent / "templates") if folder.is_dir()),
    _PACKAGE.parent / "templates",
)


@functools.lru_cache(maxsize=None)
def locale_environment(locale: str, folder: str = str(TEMPLATE_FOLDER)) -> ImmutableSandboxedEnvironment:
    """One compiled environment per locale and process: sandboxed, strict about undefined names, escaping all content.

    Each locale gets an environment of its own rather than an overlay: overlays
    share their parent's filters, globals and i18n extension, so the last
    locale's catalog and `t` filter would leak into every other.
    """
    env = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader(folder),
        undefined=StrictUndefined,
        autoescape=select_autoescape(default=True, default_for_string=True),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.tests.update(
        paragraph=lambda b: isinstance(b, model.Paragraph),
        bullet_list=lambda b: isinstance(b, model.BulletList),
        numbered_list=lambda b: isinstance(b, model.NumberedList),
        section=lambda b: isinstance(b, model.Section),
    )
    env.install_gettext_translations(Localizer(locale).translations, newstyle=True)
    env.filters["t"] = lambda value: refine(value[locale], locale)
    return env


def render_markup(book: model.Book, localizer: Localizer) -> str:
    """The book in one locale as document-tree markup (see markup.py for the vocabulary)."""
    env = locale_environment(localizer.locale)
    locale = localizer.locale

    def signatories(document: model.OutcomeDocument) -> str:
        # Name and office order differs by language ("Minister Nakasone", "中曽根外務大臣").
        people = [
            localizer.gettext("%(office)s %(name)s")
            % {"office": refine(s.office[locale], locale), "name": refine(s.name[locale], locale)}
            for s in document.signatories
        ]
        return localizer.join(people)

    def module_markup(name: str) -> Markup:
        if book.register is not None and name == book.register.name:
            template = env.select_template([f"{name}.j2", "register.j2"])
            return Markup(template.render(register=book.register, **context))
        template = env.select_template([f"{name}.j2", "module.j2"])
        return Markup(template.render(module=book.modules[name], **context))

    context = dict(
        book=book,
        date=localizer.date(book.date),
        module_markup=module_markup,
        signatories=signatories,
        markers_used=register.markers_used,
        documents_in=register.documents_in,
        lead_marker=register.lead_marker,
        flag=register.flag,
    )
    return env.get_template("book.j2").render(**context)
