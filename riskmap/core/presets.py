"""Holiday and season presets (节日/季节专题): when each falls, and what a briefing looks at.

Two things live here, both as data:

- **When.** `holiday_window(preset, year)`: the days of 清明, 五一, 端午, 国庆, 春节 from the
  official calendar (the State Council's notices, via chinese-calendar), which covers the years it
  has data for. For another year the solar holidays fall back to fixed rules, and the window says
  so (`source`). The lunar ones (端午, 春节) have no fixed solar rule: by default they are refused
  with a message naming the years covered; with `estimate=True` (what a briefing asks for) their
  dates come from `LUNAR_DATES`, a table of the lunar festivals, and the window says "lunar table".
  主汛期 is a season, not a holiday: June to September in the north-west.
- **What.** `PRESETS`: one row per preset with its names, the focus it stands for in the words of
  the safety meeting (文明祭祀、森林防火 …), the days before the holiday a briefing looks at
  (`lead_days`: the pre-holiday inspection period, 节前排查), and per layer the filter that picks
  the sites that matter for it. The focus layers themselves are the layers whose TOML lists the
  preset (`presets = [...]` in layers/*.toml); a layer without a filter here is taken whole.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from riskmap.core.catalog import PRESET_KEYS
from riskmap.errors import RiskmapError
from riskmap.messages import Words

if TYPE_CHECKING:
    from riskmap.core.catalog import Catalog, LayerSpec

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
LUNAR_PRESETS = ("dragon_boat", "spring_festival")

# Where a window came from, as a briefing prints it.
SOURCE_TEXT = {
    "calendar": (
        "国务院办公厅节假日安排（chinese-calendar）",
        "the State Council's holiday notice (chinese-calendar)",
    ),
    "fixed rule": (
        "按固定规则推算（官方日历未覆盖该年）",
        "fixed rule (the official calendar does not cover the year)",
    ),
    "lunar table": (
        "按农历日期表推算（官方日历未覆盖该年，以国务院当年通知为准）",
        "lunar date table (the official calendar does not cover the year; the State Council's "
        "notice of that year decides)",
    ),
    "given": ("指定日期", "given dates"),
}

# 正月初一 and 五月初五 (the Spring and Dragon Boat festivals) in the Gregorian calendar, as
# (month, day) of year. Source: the Hong Kong Observatory's Gregorian–Lunar conversion tables
# (公历与农历日期对照表, 1901–2100); every date was checked against two independent
# implementations of the Chinese calendar (lunardate 0.3.0 and lunar-python 1.4.8). The years the
# official calendar covers are kept too, so a test can hold the table against it.
LUNAR_DATES: dict[int, tuple[tuple[int, int], tuple[int, int]]] = {
    2004: ((1, 22), (6, 22)), 2005: ((2, 9), (6, 11)), 2006: ((1, 29), (5, 31)),
    2007: ((2, 18), (6, 19)), 2008: ((2, 7), (6, 8)), 2009: ((1, 26), (5, 28)),
    2010: ((2, 14), (6, 16)), 2011: ((2, 3), (6, 6)), 2012: ((1, 23), (6, 23)),
    2013: ((2, 10), (6, 12)), 2014: ((1, 31), (6, 2)), 2015: ((2, 19), (6, 20)),
    2016: ((2, 8), (6, 9)), 2017: ((1, 28), (5, 30)), 2018: ((2, 16), (6, 18)),
    2019: ((2, 5), (6, 7)), 2020: ((1, 25), (6, 25)), 2021: ((2, 12), (6, 14)),
    2022: ((2, 1), (6, 3)), 2023: ((1, 22), (6, 22)), 2024: ((2, 10), (6, 10)),
    2025: ((1, 29), (5, 31)), 2026: ((2, 17), (6, 19)), 2027: ((2, 6), (6, 9)),
    2028: ((1, 26), (5, 28)), 2029: ((2, 13), (6, 16)), 2030: ((2, 3), (6, 5)),
    2031: ((1, 23), (6, 24)), 2032: ((2, 11), (6, 12)), 2033: ((1, 31), (6, 1)),
    2034: ((2, 19), (6, 20)), 2035: ((2, 8), (6, 10)), 2036: ((1, 28), (5, 30)),
    2037: ((2, 15), (6, 18)), 2038: ((2, 4), (6, 7)), 2039: ((1, 24), (5, 27)),
    2040: ((2, 12), (6, 14)),
}  # fmt: skip


@dataclass(frozen=True)
class Window:
    """A closed date range [start, end] and where it came from."""

    start: dt.date
    end: dt.date
    preset: str | None = None
    source: str = "given"  # given | calendar | fixed rule | lunar table

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise RiskmapError.of("preset.window_order", ends=self.end, starts=self.start)

    def overlaps(self, start: dt.date | None, end: dt.date | None) -> bool:
        """Whether [start, end] (open-ended where None) meets this window."""
        return (start is None or start <= self.end) and (end is None or end >= self.start)

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def source_text(self, lang: str = "zh") -> str:
        zh, en = SOURCE_TEXT.get(self.source, (self.source, self.source))
        return zh if lang.startswith("zh") else en


def preset_name(preset: str, lang: str = "zh") -> str:
    zh, en = PRESET_NAMES.get(preset, (preset, preset))
    return zh if lang.startswith("zh") else en


def _holiday(preset: str) -> Words:
    return Words(preset_name(preset, "en"), preset_name(preset, "zh"))


def _unknown_preset(preset: str) -> RiskmapError:
    choices = [Words(key, preset_name(key, "zh")) for key in PRESET_KEYS]
    return RiskmapError.of("preset.unknown", preset=preset, choices=choices)


def holiday_window(preset: str, year: int, *, estimate: bool = False) -> Window:
    """The days of `preset` in `year`.

    RiskmapError for an unknown preset, and for a lunar holiday the official calendar does not
    cover unless `estimate`: then its dates come from `LUNAR_DATES` (source "lunar table"), and a
    year beyond that table is refused too.
    """
    if preset not in PRESET_KEYS:
        raise _unknown_preset(preset)
    if preset == "flood_season":
        (m0, d0), (m1, d1) = FLOOD_SEASON
        return Window(dt.date(year, m0, d0), dt.date(year, m1, d1), preset, "fixed rule")
    days = _calendar_days(CALENDAR_NAMES[preset], year)
    if days:
        return Window(min(days), max(days), preset, "calendar")
    if preset in LUNAR_PRESETS and estimate:
        return _lunar_rule(preset, year)
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


def calendar_years() -> tuple[int, int]:
    """The first and last year the official calendar package has holidays for."""
    from chinese_calendar import constants

    return min(constants.holidays).year, max(constants.holidays).year


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
    raise RiskmapError.of("preset.no_calendar", holiday=_holiday(preset), year=year)


def _lunar_rule(preset: str, year: int) -> Window:
    dates = LUNAR_DATES.get(year)
    if dates is None:
        first, last = min(LUNAR_DATES), max(LUNAR_DATES)
        raise RiskmapError.of(
            "preset.beyond_table",
            holiday=_holiday(preset),
            year=year,
            first_year=first,
            last_year=last,
        )
    new_year, duanwu = dates
    if preset == "spring_festival":
        # Since 2025 the statutory days are 除夕 to 初三; with the moved weekends the break has
        # run from 除夕 to 初七 (8 days).
        first = dt.date(year, *new_year) - dt.timedelta(days=1)
        return Window(first, first + dt.timedelta(days=7), preset, "lunar table")
    # 端午 is one statutory day joined to a weekend into three: the State Council's notices of
    # 2008–2026 (all but 2012) end the break on the festival when it falls Monday to Wednesday,
    # start it there Thursday to Saturday, and take Saturday to Monday around a Sunday.
    day = dt.date(year, *duanwu)
    offset = {0: -2, 1: -2, 2: -2, 3: 0, 4: 0, 5: 0, 6: -1}[day.weekday()]
    start = day + dt.timedelta(days=offset)
    return Window(start, start + dt.timedelta(days=2), preset, "lunar table")


def _qingming_day(year: int) -> int:
    # The usual 21st-century approximation of the solar term: [Y·D + C] − [Y/4], Y = year % 100.
    y = year % 100
    c = 4.81 if year >= 2000 else 5.59
    return int(y * 0.2422 + c) - int(y / 4) if year < 2100 else 4


def next_year(preset: str, as_of: dt.date) -> int:
    """The year of the next occurrence of `preset` that has not ended on `as_of`."""
    this = holiday_window(preset, as_of.year, estimate=True)
    return as_of.year if this.end >= as_of else as_of.year + 1


# -- what a preset looks at ---------------------------------------------------------------------


@dataclass(frozen=True)
class Condition:
    """`attrs[field] op value`: op is "in" (value a tuple), ">=" or "==". A missing attribute
    fails the test: a site without the data is not known to be in the focus."""

    field: str
    op: str
    value: Any

    def test(self, attrs: Mapping[str, Any]) -> bool:
        v = attrs.get(self.field)
        if v is None:
            return False
        if self.op == "in":
            return v in self.value
        if self.op == ">=":
            try:
                return float(v) >= float(self.value)
            except (TypeError, ValueError):
                return False
        return bool(v == self.value)


@dataclass(frozen=True)
class LayerFilter:
    """The sites of a layer a preset looks at: those meeting any of `any_of` (all when empty)."""

    any_of: tuple[Condition, ...]
    zh: str  # what it keeps, as the briefing says it
    en: str = ""

    def test(self, attrs: Mapping[str, Any] | None) -> bool:
        return not self.any_of or any(c.test(attrs or {}) for c in self.any_of)


def _in(field_: str, *values: Any) -> Condition:
    return Condition(field_, "in", tuple(values))


def _is(field_: str, value: Any = True) -> Condition:
    return Condition(field_, "==", value)


def _at_least(field_: str, value: float) -> Condition:
    return Condition(field_, ">=", value)


@dataclass(frozen=True)
class Preset:
    key: str
    lead_days: int  # how many days before the holiday the briefing's period starts (节前排查)
    focus_zh: str  # the focus in the meeting's words
    focus_en: str
    filters: Mapping[str, LayerFilter] = field(default_factory=dict)

    @property
    def zh(self) -> str:
        return PRESET_NAMES[self.key][0]

    @property
    def en(self) -> str:
        return PRESET_NAMES[self.key][1]

    def name(self, lang: str = "zh") -> str:
        return self.zh if lang.startswith("zh") else self.en

    def window(self, year: int) -> Window:
        """The holiday's window in `year`, estimated from the lunar table where need be."""
        return holiday_window(self.key, year, estimate=True)

    def layers(self, catalog: Catalog) -> list[LayerSpec]:
        """The focus layers: the risk layers whose TOML names this preset (resources are the
        response, not a risk, and the briefing shows them apart)."""
        return [s for s in catalog.for_preset(self.key) if s.group == "risk"]

    def keeps(self, layer: str, attrs: Mapping[str, Any] | None) -> bool:
        """Whether a site of `layer` with `attrs` is in this preset's focus."""
        f = self.filters.get(layer)
        return f is None or f.test(attrs)

    def filter_text(self, layer: str, lang: str = "zh") -> str:
        f = self.filters.get(layer)
        if f is None:
            return "全部" if lang.startswith("zh") else "all"
        return f.zh if lang.startswith("zh") else (f.en or f.zh)


_CROWDS = _in("kind", "scenic_spot", "station", "mall", "stadium", "market")
_TRUNK_ROADS = _in("road_class", "expressway", "national", "provincial")

# One row per preset. Filters name layer fields and choices of layers/*.toml
# (tests/core/test_presets.py holds them to the catalog); a layer listed in a TOML's `presets`
# but not here is taken whole.
# Filters several presets share: the crowds of a holiday, and the roads that kill on it.
CROWD_VENUES = LayerFilter((_CROWDS,), "景区、车站、商场、体育场馆、集贸市场", "crowded venues")
ROAD_RISKS = LayerFilter(
    (_is("blackspot"), _TRUNK_ROADS), "事故多发点及高速、国道、省道", "black spots, trunk roads"
)

PRESETS: dict[str, Preset] = {
    p.key: p
    for p in (
        Preset(
            "qingming",
            lead_days=10,
            focus_zh="文明祭祀、森林防火、山区道路交通",
            focus_en="safe tomb-sweeping, forest fire, mountain roads",
            filters={
                "dense_venues": LayerFilter(
                    (_in("kind", "cemetery", "scenic_spot"),), "公墓、景区", "cemeteries, scenic"
                ),
                "forest_fire": LayerFilter(
                    (_at_least("fire_class", 4),), "森林火险等级四级及以上", "fire class ≥ 4"
                ),
                "roads": LayerFilter((_is("mountain"),), "山区路段", "mountain sections"),
            },
        ),
        Preset(
            "labor_day",
            lead_days=14,
            focus_zh="人员密集场所、景区客流、道路交通、水上安全、复工复产",
            focus_en="crowds, scenic spots, roads, water safety, work resumption",
            filters={
                "dense_venues": CROWD_VENUES,
                "roads": ROAD_RISKS,
                "waterways": LayerFilter(
                    (_is("swimming_risk"), _is("navigable")), "溺水风险及通航水域", "drowning"
                ),
            },
        ),
        Preset(
            "dragon_boat",
            lead_days=10,
            focus_zh="水上交通与防溺水、人员密集场所",
            focus_en="water traffic and drowning, crowds",
            filters={
                "dense_venues": LayerFilter((_CROWDS,), "景区、车站、商场、集贸市场", "crowds"),
                "waterways": LayerFilter(
                    (_is("swimming_risk"), _is("navigable")), "溺水风险及通航水域", "drowning"
                ),
            },
        ),
        Preset(
            "flood_season",
            lead_days=31,
            focus_zh="防汛、地质灾害监测防治、尾矿库与井下透水、深基坑",
            focus_en="floods, geological hazards, tailings ponds, deep pits",
            filters={
                "waterways": LayerFilter(
                    (_in("flood_risk", "medium", "high"),), "洪涝风险中、高", "flood risk ≥ medium"
                ),
                "roads": LayerFilter((_is("mountain"),), "山区路段（水毁、滑坡）", "mountain"),
                "mines": LayerFilter(
                    (_in("kind", "tailings_pond"), _is("underground")),
                    "尾矿库、井工矿山",
                    "tailings ponds, underground mines",
                ),
                "construction": LayerFilter((_is("deep_pit"),), "深基坑工程", "deep pits"),
            },
        ),
        Preset(
            "national_day",
            lead_days=14,
            focus_zh="人员密集场所、道路交通、燃气、危化品、秋季森林防火",
            focus_en="crowds, roads, gas, chemicals, autumn forest fire",
            filters={
                "dense_venues": CROWD_VENUES,
                "roads": ROAD_RISKS,
                "forest_fire": LayerFilter(
                    (_at_least("fire_class", 4),), "森林火险等级四级及以上", "fire class ≥ 4"
                ),
            },
        ),
        Preset(
            "spring_festival",
            lead_days=21,
            focus_zh="燃气与消防、人员密集场所、冬季道路、节后复工",
            focus_en="gas and fire, crowds, winter roads, resumption after the holiday",
            filters={
                "dense_venues": LayerFilter(
                    (_in("kind", "mall", "market", "station", "hospital", "scenic_spot"),),
                    "商场、集贸市场、车站、医院、景区",
                    "malls, markets, stations, hospitals, scenic spots",
                ),
                "roads": LayerFilter(
                    (_is("blackspot"), _is("mountain")),
                    "事故多发点及山区路段（冰雪）",
                    "black spots, mountain (ice)",
                ),
                "forest_fire": LayerFilter(
                    (_at_least("fire_class", 4),), "森林火险等级四级及以上", "fire class ≥ 4"
                ),
            },
        ),
    )
}


def get_preset(key_or_name: str) -> Preset:
    """A preset by key (qingming) or by its Chinese or English name (清明, Qingming)."""
    q = str(key_or_name).strip()
    if q in PRESETS:
        return PRESETS[q]
    for key, (zh, en) in PRESET_NAMES.items():
        if q in (zh, f"{zh}节") or q.casefold() == en.casefold():
            return PRESETS[key]
    raise _unknown_preset(q)
