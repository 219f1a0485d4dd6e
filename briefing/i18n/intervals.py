"""Date ranges as each locale writes them: CLDR's interval formats, their month as the locale's long date has it.

UTS #35 (Dates, "intervalFormats") lets a matched skeleton adjust a field's
width, "including adjusting between MMM and MMMM"; Babel matches the skeleton
but keeps the abbreviated month, so this module widens the month itself
("11–13 Nov 1998" becomes "11–13 November 1998") where the locale's long date
spells the month out; where it writes a number (年11月), the number stays.
"""

from __future__ import annotations

import datetime
import re

from babel import Locale
from babel.dates import DateTimeFormat, PATTERN_CHAR_ORDER, format_date, match_skeleton, parse_pattern

SKELETON = "yMMMMd"
# An abbreviated month (format or stand-alone), not already the full one.
_SHORT_MONTH = re.compile(r"(?<![ML])([ML])\1\1(?![ML])")


def widen(pattern: str) -> str:
    """A CLDR pattern with its abbreviated month (MMM, LLL) as the full one (MMMM, LLLL); quoted text left alone."""
    parts = re.split(r"('[^']*')", pattern)
    return "".join(part if part.startswith("'") else _SHORT_MONTH.sub(lambda m: m.group(1) * 4, part)
                   for part in parts)


def format_range(start: datetime.date, end: datetime.date, locale: Locale) -> str:
    """The days from `start` to `end` with a full month, each field the two share written once."""
    if start == end:
        return format_date(start, format="long", locale=locale)
    formats = locale.interval_formats
    skeleton = SKELETON if SKELETON in formats else match_skeleton(SKELETON, formats)
    if not skeleton:
        return f"{format_date(start, format='long', locale=locale)} – {format_date(end, format='long', locale=locale)}"
    patterns = formats[skeleton]
    spelled = re.search(r"MMMM|LLLL", locale.date_formats["long"].pattern)
    adjust = widen if spelled else (lambda pattern: pattern)
    first, last = DateTimeFormat(start, locale=locale), DateTimeFormat(end, locale=locale)
    for field in PATTERN_CHAR_ORDER:  # largest first, as UTS #35 says: the greatest field that differs
        if field in patterns and first.extract(field) != last.extract(field):
            return "".join(parse_pattern(adjust(pattern)).apply(day, locale)
                           for pattern, day in zip(patterns[field], (start, end)))
    return format_date(start, format="long", locale=locale)
