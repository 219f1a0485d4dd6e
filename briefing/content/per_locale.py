"""Values a book gives per locale that are not texts: a date style, a name style, an image path."""

from __future__ import annotations

from typing import Callable

from briefing.content.spec import LOCALE_KEY, ChoiceKind, Kind, Record, StringKind
from briefing.i18n import languages
from briefing.i18n.languages import DATE_STYLES, NAME_STYLES


class PerLocale(Record):
    """A mapping of the book's locales to values of one kind; `allowed` may refuse a value for its locale."""

    def __init__(self, name: str, doc: str, value: Kind, allowed: Callable | None = None):
        super().__init__(name, doc, [])
        self.value = value
        self.allowed = allowed

    def read(self, r, node, where):
        found = r.fields(node, where, set(), set(r.locales))
        values = {}
        for locale in r.locales:
            value = found.get(locale, lambda n, w: self.value.read(r, n, w))
            if value is None:
                continue
            refusal = self.allowed(locale, value) if self.allowed else None
            if refusal:
                r.fail(found.items[locale], f"{where}.{locale}: {refusal}")
            else:
                values[locale] = value
        return values

    def definition(self):
        return {"type": "object", "description": self.doc,
                "patternProperties": {LOCALE_KEY: self.value.schema()}, "additionalProperties": False}


def _date_style_exists(locale: str, style: str) -> str | None:
    language = languages.find(locale)
    if language is not None and style not in language.date_styles:
        return (f"{style} dates do not exist in {language.name} "
                f"(its language.toml allows {', '.join(language.date_styles)})")
    return None


DATE_STYLE = PerLocale("date_style", "The date style per locale: long (Babel's: May 12, 2009), day-month "
                                     "(English: 12 May 2009), era (Japanese eras) or gregorian.",
                       ChoiceKind(*DATE_STYLES), _date_style_exists)

NAME_STYLE = PerLocale("name_style", "How participants and signatories print per locale: name-office "
                                     "(Shinzo Abe, Prime Minister of Japan) or office-name (Prime Minister of "
                                     "Japan Shinzo Abe).", ChoiceKind(*NAME_STYLES))

IMAGE_PATH = StringKind(r"[^/\\][^\\]*", "a path inside the book folder")

LOCALE_IMAGES = PerLocale("locale_images", "An image file per locale, relative to the book folder; a locale "
                                           "without one prints `image`.", IMAGE_PATH)
