"""Holiday and season windows: when 清明, 五一, 端午, 主汛期, 国庆 and 春节 fall in a given year.

Holidays come from the official calendar (the State Council's notices, via chinese-calendar),
which covers the years it has data for. For another year the solar holidays fall back to fixed
rules, and the window says so (`source`); the lunar ones (端午, 春节) have no fixed rule and are
refused with a message that names the years covered. 主汛期 is a season, not a holiday: June to
September in the north-west.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from riskmap.core.catalog import PRESET_KEYS
from riskmap.errors import RiskmapError

# chinese-calendar's names of the official holidays.
CALENDAR_NAMES = {
    "qingming": "Tomb-sweeping Day",
    "labor_day": "Labour Day",
    "dragon_boat": "Dragon Boat Festival",
    "national_day": "National Day",
    "spring_festival": "Spring Festival",
}
PRESET_NAMES = {
    "qingming": ("清明", "Qingming"),
    "labor_day": ("五一", "May Day"),
    "dragon_boat": ("端午", "Dragon Boat"),
    "flood_season": ("主汛期", "Flood season"),
    "national_day": ("国庆", "National Day"),
    "spring_festival": ("春节", "Spring Festival"),
}
FLOOD_SEASON = ((6, 1), (9, 30))


@dataclass(frozen=True)
class Window:
    """A closed date range [start, end] and where it came from."""

    start: dt.date
    end: dt.date
    preset: str | None = None
    source: str = "given"  # given | calendar | fixed rule

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise RiskmapError(f"the window ends ({self.end}) before it starts ({self.start})")

    def overlaps(self, start: dt.date | None, end: dt.date | None) -> bool:
        """Whether [start, end] (open-ended where None) meets this window."""
        return (start is None or start <= self.end) and (end is None or end >= self.start)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def preset_name(preset: str, lang: str = "zh") -> str:
    zh, en = PRESET_NAMES.get(preset, (preset, preset))
    return zh if lang.startswith("zh") else en


def holiday_window(preset: str, year: int) -> Window:
    """The days of `preset` in `year`; RiskmapError for an unknown preset or an uncovered lunar
    holiday."""
    if preset not in PRESET_KEYS:
        raise RiskmapError(f"unknown preset {preset!r} (use one of {', '.join(PRESET_KEYS)})")
    if preset == "flood_season":
        (m0, d0), (m1, d1) = FLOOD_SEASON
        return Window(dt.date(year, m0, d0), dt.date(year, m1, d1), preset, "fixed rule")
    days = _calendar_days(CALENDAR_NAMES[preset], year)
    if days:
        return Window(min(days), max(days), preset, "calendar")
    return _fixed_rule(preset, year)


def _calendar_days(name: str, year: int) -> list[dt.date]:
    import chinese_calendar as cc

    # A holiday can reach into the next year (春节 late January .. February, never December).
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    try:
        days = cc.get_holidays(start, end, include_weekends=True)
        return [d for d in days if cc.get_holiday_detail(d)[1] == name]
    except NotImplementedError:
        return []


def _fixed_rule(preset: str, year: int) -> Window:
    if preset == "qingming":
        # 清明 is the solar term at 15° ecliptic longitude: 4 or 5 April (5 April in some
        # years); the holiday takes the three days around it.
        day = dt.date(year, 4, _qingming_day(year))
        return Window(day - dt.timedelta(days=1), day + dt.timedelta(days=1), preset, "fixed rule")
    if preset == "labor_day":
        return Window(dt.date(year, 5, 1), dt.date(year, 5, 5), preset, "fixed rule")
    if preset == "national_day":
        return Window(dt.date(year, 10, 1), dt.date(year, 10, 7), preset, "fixed rule")
    raise RiskmapError(
        f"the official calendar has no {preset_name(preset, 'en')} dates for {year} "
        "(a lunar holiday has no fixed rule); give the dates of the window instead"
    )


def _qingming_day(year: int) -> int:
    # The usual 21st-century approximation of the solar term: [Y·D + C] − [Y/4], Y = year % 100.
    y = year % 100
    c = 4.81 if year >= 2000 else 5.59
    return int(y * 0.2422 + c) - int(y / 4) if year < 2100 else 4
