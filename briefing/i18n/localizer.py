"""One locale bound once: translated labels, dates, numbering and lists, passed around as a single object."""

from __future__ import annotations

import copy
import datetime
import functools
import io
import struct
from decimal import ROUND_HALF_UP, Decimal

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal
from babel.lists import format_list
from babel.support import NullTranslations, Translations

from briefing.i18n.eras import format_era_date, format_era_range
from briefing.i18n.intervals import format_range
from briefing.i18n import languages
from briefing.i18n.numbering import Convention

DOMAIN = "briefing"


@functools.lru_cache(maxsize=None)
def load_translations(locale: str) -> NullTranslations:
    """The locale's .po catalog, compiled (no .mo is kept in the repository); English is the source language.

    The compiled bytes come from the user's cache (briefing/cache.py) when an
    earlier run left them there: Babel's .po parser, and the email module it
    imports, cost a build 15 ms. The entry's key is the file's path, size and
    time and Babel's version; an entry gettext cannot read is compiled again.
    """
    import babel

    from briefing import cache

    po_path = languages.get(locale).catalog
    if not po_path.exists():
        return NullTranslations()
    entry = cache.file_key(po_path, babel.__version__)
    stored = cache.load("catalogs", entry)
    if stored is not None:
        try:
            return Translations(io.BytesIO(stored), domain=DOMAIN)
        except (OSError, ValueError, IndexError, struct.error):
            pass
    compiled = _compile_catalog(po_path, locale)
    cache.store("catalogs", entry, compiled)
    return Translations(io.BytesIO(compiled), domain=DOMAIN)


def _compile_catalog(po_path, locale: str) -> bytes:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with open(po_path, "rb") as handle:
        catalog = read_po(handle, locale=locale)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    return compiled.getvalue()


class Localizer:
    """Formatting functions bound to one locale, like Babel's `support.Format`."""

    def __init__(self, locale: str, date_style: str | None = None, name_style: str | None = None):
        self.locale = locale
        self.language = languages.get(locale)
        self.language_tag = self.language.tag
        self.babel_locale = Locale.parse(locale)
        self.date_style = date_style or self.language.date_style
        # A style may be another CLDR locale's way of writing dates (day-month English is en_GB's).
        self.date_locale = Locale.parse(self.language.date_locales.get(self.date_style, locale))
        self.name_style = name_style or self.language.name_style
        self.translations = load_translations(locale)
        self.numbering: Convention = self.language.numbering

    def gettext(self, message: str) -> str:
        return self.translations.ugettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ungettext(singular, plural, n)

    def date(self, day: datetime.date) -> str:
        """The date in the book's chosen style: `long` (Babel's), `day-month`, `era` (Japanese eras) or `gregorian`."""
        if self.date_style == "era":
            return format_era_date(day)
        return format_date(day, format="long", locale=self.date_locale)

    def date_range(self, start: datetime.date, end: datetime.date | None) -> str:
        """One day, or the days of a visit ("12–14 May 2009", "平成21年5月12日～14日") in the book's date style."""
        if end is None or end == start:
            return self.date(start)
        if self.date_style == "era":
            return format_era_range(start, end)
        return format_range(start, end, self.date_locale)

    def person(self, name: str, office: str) -> str:
        """A participant or signatory in the book's name style: "Shinzo Abe, Prime Minister of Japan" (name-office)
        or "Prime Minister of Japan Shinzo Abe" (office-name); each language's catalog gives the pattern's words."""
        if self.name_style == "name-office":
            return self.gettext("%(name)s, %(office)s") % {"name": name, "office": office}
        return self.gettext("%(office)s %(name)s") % {"office": office, "name": name}

    def people(self, people: list[str]) -> str:
        """Participants or signatories as one list; an office in apposition is closed by a comma before the
        conjunction ("A, Minister, and B, Minister"), and several are kept apart by semicolons."""
        if self.name_style != "name-office" or len(people) < 2:
            return self.join(people)
        head = people[0] + "," if len(people) == 2 else "; ".join(people[:-1])
        return self.join([head, people[-1]])

    def number(self, value, places: int | None = None) -> str:
        """A number as the locale writes it: 1,234.5 / 1 234,5 / 1,234.5, every digit typed kept, or rounded half
        up to `places` decimals (211 as 211.0 in a column of tenths)."""
        if places is not None:
            # The locale's own pattern with exactly `places` decimals (Babel's drops trailing zeros), rounded half up
            # first as a reader expects (Babel would round half to even).
            pattern = copy.copy(self.babel_locale.decimal_formats[None])
            pattern.frac_prec = (places, places)
            return pattern.apply(Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP),
                                 self.babel_locale)
        return format_decimal(value, locale=self.babel_locale, decimal_quantization=False)

    def join(self, items: list[str]) -> str:
        """`A and B`, `A、B`, `A и B`: a list as the locale writes it."""
        return format_list(items, style="standard", locale=self.babel_locale)
