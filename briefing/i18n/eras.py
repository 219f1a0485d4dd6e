"""Japanese era (gengō) dates: the eras from Meiji to Reiwa as data, and 平成21年5月12日-style formatting."""

from __future__ import annotations

import datetime

# First Gregorian day of each era.  Meiji is counted from the proclamation of
# 23 October 1868, as the government's own era conversion tables do.
ERAS = (
    ("明治", datetime.date(1868, 10, 23)),
    ("大正", datetime.date(1912, 7, 30)),
    ("昭和", datetime.date(1926, 12, 25)),
    ("平成", datetime.date(1989, 1, 8)),
    ("令和", datetime.date(2019, 5, 1)),
)


def era_of(day: datetime.date) -> tuple[str, int]:
    """The era name and the year within it (1 for the first, partial year)."""
    for name, start in reversed(ERAS):
        if day >= start:
            return name, day.year - start.year + 1
    raise ValueError(f"{day.isoformat()} is before the Meiji era; use Gregorian dates")


def format_era_date(day: datetime.date) -> str:
    """平成21年5月12日; the first year of an era is written 元年 (令和元年5月1日)."""
    name, year = era_of(day)
    year_text = "元" if year == 1 else str(year)
    return f"{name}{year_text}年{day.month}月{day.day}日"


def format_era_range(start: datetime.date, end: datetime.date) -> str:
    """平成10年11月11日～13日: the era, year and month the two days share are written once, as the ministry does."""
    if start == end:
        return format_era_date(start)
    (start_era, start_year), (end_era, end_year) = era_of(start), era_of(end)
    full = format_era_date(end)
    if start_era != end_era:
        tail = full
    elif start_year != end_year:
        tail = full[len(end_era):]
    elif start.month != end.month:
        tail = f"{end.month}月{end.day}日"
    else:
        tail = f"{end.day}日"
    return f"{format_era_date(start)}～{tail}"
