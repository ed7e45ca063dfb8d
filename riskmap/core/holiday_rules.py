"""When a holiday falls in a year the official calendar does not cover yet: the rules.

The State Council publishes each year's holiday schedule (节假日安排) in the late autumn before
it. For a year it has not published, a briefing still needs the days, so this module estimates
them from the rules its notices have followed since the 2008 reform — each rule below reproduces
every notice of 2008–2026 (tests/core/test_holiday_rules.py holds them to those notices, written
out as literals):

- **A one-day holiday joined to a weekend** (清明, 端午, 中秋, and 五一 until 2019): the break is
  three days, the weekend next to the day plus a moved working day (调休) where need be. On a
  Monday or Tuesday the break ends on the holiday; Thursday to Saturday it starts there; around
  a Sunday it is Saturday to Monday. A Wednesday holiday was moved into Monday–Wednesday until
  2013; since 2014 it stays a single day (元旦 2014, 2020, 2025; 清明 2023).
- **五一**: seven days until 2007, one day joined to a weekend 2008–2018, four days in 2019, five
  from 2020 (two statutory days since 2025).
- **国庆**: 1–7 October (Monday to Sunday of its week in 2008, the first year of the reform);
  joined to 中秋 into eight days when the festival falls from 29 September to 8 October.
- **春节, 端午, 中秋** are lunar: their Gregorian days come from `LUNAR_DATES`, a table of the
  festivals (正月初一, 五月初五, 八月十五) from the Hong Kong Observatory's Gregorian–Lunar
  conversion tables, checked against lunar-python in the tests.

Everything here is arithmetic on dates, with no source of its own beyond the table: a holiday
schedule a user entered (riskmap.core.holidays) and the official calendar both come first.
"""

from __future__ import annotations

import datetime as dt

# 正月初一, 五月初五 and 八月十五 (the Spring, Dragon Boat and Mid-autumn festivals) in the
# Gregorian calendar, as (month, day) of year. The years the official calendar covers are kept
# too, so a test can hold the table against it.
LUNAR_DATES: dict[int, tuple[tuple[int, int], tuple[int, int], tuple[int, int]]] = {
    2004: ((1, 22), (6, 22), (9, 28)), 2005: ((2, 9), (6, 11), (9, 18)),
    2006: ((1, 29), (5, 31), (10, 6)), 2007: ((2, 18), (6, 19), (9, 25)),
    2008: ((2, 7), (6, 8), (9, 14)), 2009: ((1, 26), (5, 28), (10, 3)),
    2010: ((2, 14), (6, 16), (9, 22)), 2011: ((2, 3), (6, 6), (9, 12)),
    2012: ((1, 23), (6, 23), (9, 30)), 2013: ((2, 10), (6, 12), (9, 19)),
    2014: ((1, 31), (6, 2), (9, 8)), 2015: ((2, 19), (6, 20), (9, 27)),
    2016: ((2, 8), (6, 9), (9, 15)), 2017: ((1, 28), (5, 30), (10, 4)),
    2018: ((2, 16), (6, 18), (9, 24)), 2019: ((2, 5), (6, 7), (9, 13)),
    2020: ((1, 25), (6, 25), (10, 1)), 2021: ((2, 12), (6, 14), (9, 21)),
    2022: ((2, 1), (6, 3), (9, 10)), 2023: ((1, 22), (6, 22), (9, 29)),
    2024: ((2, 10), (6, 10), (9, 17)), 2025: ((1, 29), (5, 31), (10, 6)),
    2026: ((2, 17), (6, 19), (9, 25)), 2027: ((2, 6), (6, 9), (9, 15)),
    2028: ((1, 26), (5, 28), (10, 3)), 2029: ((2, 13), (6, 16), (9, 22)),
    2030: ((2, 3), (6, 5), (9, 12)), 2031: ((1, 23), (6, 24), (10, 1)),
    2032: ((2, 11), (6, 12), (9, 19)), 2033: ((1, 31), (6, 1), (9, 8)),
    2034: ((2, 19), (6, 20), (9, 27)), 2035: ((2, 8), (6, 10), (9, 16)),
    2036: ((1, 28), (5, 30), (10, 4)), 2037: ((2, 15), (6, 18), (9, 24)),
    2038: ((2, 4), (6, 7), (9, 13)), 2039: ((1, 24), (5, 27), (10, 2)),
    2040: ((2, 12), (6, 14), (9, 20)),
}  # fmt: skip

REFORM_YEAR = 2008  # 清明, 端午 and 中秋 became public holidays; 五一 lost its golden week
Span = tuple[dt.date, dt.date]


def _days(start: dt.date, n: int) -> Span:
    return start, start + dt.timedelta(days=n - 1)


def three_day_break(day: dt.date) -> Span:
    """The break around a one-day holiday on `day`: see the module's first rule."""
    weekday = day.weekday()
    if weekday == 2 and day.year >= 2014:
        return day, day
    offset = {0: -2, 1: -2, 2: -2, 3: 0, 4: 0, 5: 0, 6: -1}[weekday]
    return _days(day + dt.timedelta(days=offset), 3)


def qingming_day(year: int) -> int:
    """The April day of the 清明 solar term (15° ecliptic longitude), 2000–2099.

    The usual approximation [Y·D + C] − [Y/4] with Y = year % 100; it agrees with lunar-python's
    solar terms for every year the tests check."""
    y = year % 100
    return int(y * 0.2422 + 4.81) - int(y / 4)


def qingming(year: int) -> Span | None:
    """The 清明 break, or None before it was a holiday."""
    if year < REFORM_YEAR:
        return None
    return three_day_break(dt.date(year, 4, qingming_day(year)))


def labor_day(year: int) -> Span:
    may_day = dt.date(year, 5, 1)
    if year < REFORM_YEAR:
        return _days(may_day, 7)
    if year < 2019:
        return three_day_break(may_day)
    if year == 2019:  # the notice of March 2019 made it 1–4 May, a Wednesday to a Saturday
        return _days(may_day, 4)
    # Five days: from 1 May when it falls Wednesday to Saturday, else from the Saturday before
    # (Sunday 2022: 30 April; Monday 2023: 29 April).
    back = {6: 1, 0: 2, 1: 3}.get(may_day.weekday(), 0)
    return _days(may_day - dt.timedelta(days=back), 5)


def national_day(year: int) -> Span:
    first = dt.date(year, 10, 1)
    if year == REFORM_YEAR:  # 29 September – 5 October: Monday to Sunday of 1 October's week
        return _days(first - dt.timedelta(days=first.weekday()), 7)
    if year > REFORM_YEAR and year in LUNAR_DATES:
        mid_autumn = dt.date(year, *LUNAR_DATES[year][2])
        if dt.date(year, 9, 29) <= mid_autumn < first:  # 2012, 2023
            return _days(mid_autumn, 8)
        if first <= mid_autumn <= dt.date(year, 10, 8):  # 2009, 2017, 2020, 2025
            return _days(first, 8)
    return _days(first, 7)


def spring_festival(year: int) -> Span | None:
    """除夕 to 初七, eight days (the break since 2025, 除夕 a statutory day); None beyond the
    lunar table."""
    dates = LUNAR_DATES.get(year)
    if dates is None:
        return None
    return _days(dt.date(year, *dates[0]) - dt.timedelta(days=1), 8)


def dragon_boat(year: int) -> Span | None:
    """The 端午 break from the lunar table; None beyond it. The one notice off the rule: 2012
    (Friday 22 – Sunday 24 June around a Saturday festival)."""
    dates = LUNAR_DATES.get(year)
    return None if dates is None else three_day_break(dt.date(year, *dates[1]))
