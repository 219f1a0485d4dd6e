"""Localization: numbering conventions, era dates and the localizer's formats."""

import datetime

import pytest

from briefing.i18n.localizer import Localizer
from briefing.i18n.eras import ERAS, era_of, format_era_date
from briefing.i18n import languages
from briefing.i18n.numbering import chinese, latin, roman


def convention(locale: str):
    return languages.get(locale).numbering


@pytest.mark.parametrize("locale, labels", [
    ("en", ["1.", "(1)", "(a)", "(i)"]),
    ("ja", ["１", "（１）", "ア", "（ア）"]),
    ("ru", ["1.", "1)", "а)", "–"]),
    ("zh", ["一、", "（一）", "1.", "（1）"]),
    ("ko", ["1.", "가.", "1)", "가)"]),
    ("fr", ["I.", "A.", "1.", "a)"]),
])
def it_labels_the_first_item_at_each_depth(locale, labels):
    assert [convention(locale).label(depth, 1) for depth in (1, 2, 3, 4)] == labels


def it_counts_past_the_simple_cases():
    assert [roman(n) for n in (3, 4, 9, 14, 40, 1994)] == ["iii", "iv", "ix", "xiv", "xl", "mcmxciv"]
    assert [latin(n) for n in (1, 26, 27, 52)] == ["a", "z", "aa", "az"]
    assert convention("en").label(3, 5) == "(e)"
    assert convention("ja").label(3, 2) == "イ" and convention("ja").label(2, 12) == "（１２）"
    assert convention("en").label(6, 2) == "(ii)"  # depths past the last repeat its style
    assert [chinese(n) for n in (10, 11, 20, 21, 100, 101, 110)] == ["十", "十一", "二十", "二十一", "一百", "一百零一", "一百一十"]
    assert convention("zh").label(2, 12) == "（十二）" and convention("ko").label(2, 14) == "하." and convention("ko").label(2, 15) == "가가."
    assert convention("fr").label(1, 14) == "XIV." and convention("fr").label(2, 27) == "AA."


def it_gives_every_item_of_the_deepest_russian_level_the_same_dash():
    assert {languages.get("ru").numbering.label(depth, n) for depth in (4, 5) for n in (1, 2, 3)} == {"\u2013"}


def it_refuses_depth_or_count_below_one():
    with pytest.raises(ValueError):
        convention("en").label(0, 1)


@pytest.mark.parametrize("day, expected", [
    (datetime.date(2009, 5, 12), "平成21年5月12日"),
    (datetime.date(1989, 1, 7), "昭和64年1月7日"),
    (datetime.date(1989, 1, 8), "平成元年1月8日"),
    (datetime.date(2019, 4, 30), "平成31年4月30日"),
    (datetime.date(2019, 5, 1), "令和元年5月1日"),
    (datetime.date(2020, 1, 1), "令和2年1月1日"),
    (datetime.date(1926, 12, 24), "大正15年12月24日"),
    (datetime.date(1926, 12, 25), "昭和元年12月25日"),
    (datetime.date(1912, 7, 29), "明治45年7月29日"),
    (datetime.date(1912, 7, 30), "大正元年7月30日"),
    (datetime.date(1868, 10, 23), "明治元年10月23日"),
])
def it_writes_era_dates_across_every_boundary(day, expected):
    assert format_era_date(day) == expected


def it_refuses_dates_before_meiji():
    with pytest.raises(ValueError):
        era_of(datetime.date(1868, 10, 22))


def they_list_the_eras_in_order():
    starts = [start for _, start in ERAS]
    assert starts == sorted(starts) and [name for name, _ in ERAS][-1] == "令和"


@pytest.mark.parametrize("locale, style, expected", [
    ("en", "long", "May 12, 2009"),
    ("ja", "era", "平成21年5月12日"),
    ("ja", "gregorian", "2009年5月12日"),
    ("ru", "long", "12 мая 2009\u202fг."),
])
def it_formats_the_book_date_per_locale(locale, style, expected):
    assert Localizer(locale, style).date(datetime.date(2009, 5, 12)) == expected


def it_joins_lists_as_the_language_does():
    assert Localizer("en").join(["A", "B"]) == "A and B"
    assert Localizer("ru").join(["А", "Б"]) == "А и Б"


@pytest.mark.parametrize("locale, style, expected", [
    ("en", "long", "November 11\u2009–\u200913, 1998"),
    ("en", "day-month", "11\u2009–\u200913 November 1998"),
    ("ja", "long", "1998年11月11日～13日"),
    ("ja", "era", "平成10年11月11日～13日"),
    ("zh", "long", "1998年11月11日\u2009–\u200913日"),
    ("ko", "long", "1998년 11월 11일~13일"),
    ("fr", "long", "11–13 novembre 1998"),
    ("ru", "long", "11—13 ноября 1998\u202fг."),
])
def it_writes_a_range_of_days_compactly_with_the_full_month(locale, style, expected):
    assert Localizer(locale, style).date_range(datetime.date(1998, 11, 11), datetime.date(1998, 11, 13)) == expected


@pytest.mark.parametrize("locale, style, end, expected", [
    ("en", "day-month", datetime.date(1998, 12, 2), "11 November\u2009–\u20092 December 1998"),
    ("en", "day-month", datetime.date(1999, 1, 2), "11 November 1998\u2009–\u20092 January 1999"),
    ("ja", "era", datetime.date(1998, 12, 2), "平成10年11月11日～12月2日"),
    ("ja", "era", datetime.date(1999, 1, 2), "平成10年11月11日～11年1月2日"),
    ("ja", "era", datetime.date(2019, 5, 2), "平成10年11月11日～令和元年5月2日"),
])
def it_repeats_in_a_range_only_what_changes(locale, style, end, expected):
    assert Localizer(locale, style).date_range(datetime.date(1998, 11, 11), end) == expected


def it_writes_day_month_english_dates():
    assert Localizer("en", "day-month").date(datetime.date(2018, 12, 1)) == "1 December 2018"


@pytest.mark.parametrize("locale, style, expected", [
    ("en", "name-office", "Ann Lee, Prime Minister, and Bo Kim, President"),
    ("fr", "name-office", "M. Lee, Premier ministre, et M. Kim, Président"),
    ("en", "office-name", "Prime Minister Ann Lee and President Bo Kim"),
])
def it_lists_people_so_an_office_in_apposition_is_closed(locale, style, expected):
    localizer = Localizer(locale, name_style=style)
    names = {"en": [("Ann Lee", "Prime Minister"), ("Bo Kim", "President")],
             "fr": [("M. Lee", "Premier ministre"), ("M. Kim", "Président")]}[locale]
    assert localizer.people([localizer.person(name, office) for name, office in names]) == expected


def it_keeps_three_people_in_apposition_apart_with_semicolons():
    localizer = Localizer("en", name_style="name-office")
    people = [localizer.person(n, o) for n, o in (("A", "Minister"), ("B", "Envoy"), ("C", "Judge"))]
    assert localizer.people(people) == "A, Minister; B, Envoy and C, Judge"
