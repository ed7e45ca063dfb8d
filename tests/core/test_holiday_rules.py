"""The fixed rules of riskmap.core.holiday_rules against the State Council's notices.

OFFICIAL is written out here from the notices (国务院办公厅关于××年部分节假日安排的通知,
2007–2025), not from the code: each break as the notice's "×月×日至×日放假调休" gives it. The
rules must give exactly these days in every year, and agree with the calendar package in every
year it covers; the lunar table is checked against lunar-python, a maintained implementation
of the Chinese calendar.
"""

from __future__ import annotations

import datetime as dt

import lunar_python

from riskmap.core import holiday_rules
from riskmap.core.holiday_rules import LUNAR_DATES
from riskmap.core.presets import calendar_break, calendar_years, holiday_window

# year: (清明, 五一, 国庆), each (first month, first day, last month, last day)
OFFICIAL = {
    2008: ((4, 4, 4, 6), (5, 1, 5, 3), (9, 29, 10, 5)),
    2009: ((4, 4, 4, 6), (5, 1, 5, 3), (10, 1, 10, 8)),
    2010: ((4, 3, 4, 5), (5, 1, 5, 3), (10, 1, 10, 7)),
    2011: ((4, 3, 4, 5), (4, 30, 5, 2), (10, 1, 10, 7)),
    2012: ((4, 2, 4, 4), (4, 29, 5, 1), (9, 30, 10, 7)),
    2013: ((4, 4, 4, 6), (4, 29, 5, 1), (10, 1, 10, 7)),
    2014: ((4, 5, 4, 7), (5, 1, 5, 3), (10, 1, 10, 7)),
    2015: ((4, 4, 4, 6), (5, 1, 5, 3), (10, 1, 10, 7)),
    2016: ((4, 2, 4, 4), (4, 30, 5, 2), (10, 1, 10, 7)),
    2017: ((4, 2, 4, 4), (4, 29, 5, 1), (10, 1, 10, 8)),
    2018: ((4, 5, 4, 7), (4, 29, 5, 1), (10, 1, 10, 7)),
    2019: ((4, 5, 4, 7), (5, 1, 5, 4), (10, 1, 10, 7)),
    2020: ((4, 4, 4, 6), (5, 1, 5, 5), (10, 1, 10, 8)),
    2021: ((4, 3, 4, 5), (5, 1, 5, 5), (10, 1, 10, 7)),
    2022: ((4, 3, 4, 5), (4, 30, 5, 4), (10, 1, 10, 7)),
    2023: ((4, 5, 4, 5), (4, 29, 5, 3), (9, 29, 10, 6)),
    2024: ((4, 4, 4, 6), (5, 1, 5, 5), (10, 1, 10, 7)),
    2025: ((4, 4, 4, 6), (5, 1, 5, 5), (10, 1, 10, 8)),
    2026: ((4, 4, 4, 6), (5, 1, 5, 5), (10, 1, 10, 7)),
}
# 端午 (the lunar table's rule), 2008–2026 but 2012 (Friday 22 – Sunday 24 June).
OFFICIAL_DUANWU = {
    2008: (6, 7, 6, 9), 2009: (5, 28, 5, 30), 2010: (6, 14, 6, 16), 2011: (6, 4, 6, 6),
    2013: (6, 10, 6, 12), 2014: (5, 31, 6, 2), 2015: (6, 20, 6, 22), 2016: (6, 9, 6, 11),
    2017: (5, 28, 5, 30), 2018: (6, 16, 6, 18), 2019: (6, 7, 6, 9), 2020: (6, 25, 6, 27),
    2021: (6, 12, 6, 14), 2022: (6, 3, 6, 5), 2023: (6, 22, 6, 24), 2024: (6, 8, 6, 10),
    2025: (5, 31, 6, 2), 2026: (6, 19, 6, 21),
}  # fmt: skip
SOLAR_RULES = {
    "qingming": holiday_rules.qingming,
    "labor_day": holiday_rules.labor_day,
    "national_day": holiday_rules.national_day,
}


def _span(year: int, m0: int, d0: int, m1: int, d1: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, m0, d0), dt.date(year, m1, d1)


def test_the_fixed_rules_give_every_official_break_since_2008() -> None:
    assert sorted(OFFICIAL) == list(range(2008, 2027))
    for year, breaks in OFFICIAL.items():
        for (key, rule), official in zip(SOLAR_RULES.items(), breaks, strict=True):
            assert rule(year) == _span(year, *official), (key, year)
    for year, official in OFFICIAL_DUANWU.items():
        assert holiday_rules.dragon_boat(year) == _span(year, *official), year


def test_the_calendar_package_gives_the_official_breaks_too() -> None:
    # The package names only the statutory and moved days; its break is the run of days off.
    first, last = calendar_years()
    for year in range(max(first, 2008), last + 1):
        for key, official in zip(SOLAR_RULES, OFFICIAL[year], strict=True):
            w = holiday_window(key, year)
            assert (w.start, w.end, w.source) == (*_span(year, *official), "calendar"), key


def test_the_rules_agree_with_the_calendar_package_in_every_year_it_covers() -> None:
    first, last = calendar_years()
    names = {"qingming": "Tomb-sweeping Day", "labor_day": "Labour Day",
             "national_day": "National Day"}  # fmt: skip
    checked = 0
    for year in range(first, last + 1):
        for key, rule in SOLAR_RULES.items():
            official = calendar_break(names[key], year)
            if official is None:
                assert key == "qingming" and year < 2008  # not a holiday before the reform
                assert rule(year) is None
                continue
            assert rule(year) == official, (key, year)
            checked += 1
    assert checked >= 3 * 19


def test_qingming_2027_falls_on_the_weekend_before_the_solar_term() -> None:
    # 5 April 2027 is a Monday: Saturday 3 – Monday 5 April, as in 2010 (also a Monday).
    w = holiday_window("qingming", 2027)
    assert (w.start, w.end, w.source) == (dt.date(2027, 4, 3), dt.date(2027, 4, 5), "fixed rule")


def test_the_lunar_table_agrees_with_lunar_python() -> None:
    for year, (new_year, duanwu, mid_autumn) in LUNAR_DATES.items():
        for (month, day), (lm, ld) in zip(
            (new_year, duanwu, mid_autumn), ((1, 1), (5, 5), (8, 15)), strict=True
        ):
            solar = lunar_python.Lunar.fromYmd(year, lm, ld).getSolar()
            assert (solar.getMonth(), solar.getDay()) == (month, day), (year, lm, ld)


def test_the_qingming_solar_term_agrees_with_lunar_python() -> None:
    for year in range(2000, 2100):
        # 15 April lies between 清明 (4–5 April) and 谷雨 (19–20 April) in every year.
        term = lunar_python.Solar.fromYmd(year, 4, 15).getLunar().getPrevJieQi()
        assert term.getName() == "清明", year
        assert (term.getSolar().getMonth(), term.getSolar().getDay()) == (
            4,
            holiday_rules.qingming_day(year),
        ), year
