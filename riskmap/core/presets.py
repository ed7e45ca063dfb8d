"""Holiday and season presets (节日/季节专题): when each falls, and what a briefing looks at.

Two things live here, both as data:

- **When.** `holiday_window(preset, year)`: the days of 清明, 五一, 端午, 国庆, 春节. First the
  schedule a user entered for that year (`riskmap holidays set`, riskmap.core.holidays: the
  State Council's notice, typed in when it is published), then the official calendar package
  (chinese-calendar, the notices of the years it covers), then the rules of
  riskmap.core.holiday_rules, which reproduce every notice since 2008; the window says which
  (`source`). The lunar ones (端午, 春节) are refused by default where neither source has them;
  with `estimate=True` (what a briefing asks for) their dates come from the lunar table.
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

from riskmap.core import holiday_rules
from riskmap.core.catalog import PRESET_KEYS
from riskmap.core.holiday_rules import LUNAR_DATES
from riskmap.errors import RiskmapError
from riskmap.messages import Words

if TYPE_CHECKING:
    from riskmap.core.catalog import Catalog, LayerSpec
    from riskmap.store.engine import Store

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
    "entered": (
        "国务院办公厅节假日安排（本库录入）",
        "the State Council's holiday notice (entered in this database)",
    ),
}


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


def holiday_window(
    preset: str, year: int, *, estimate: bool = False, store: Store | None = None
) -> Window:
    """The days of `preset` in `year`.

    First the schedule entered for that year in `store` (`riskmap holidays set`: the State
    Council's notice, typed in when it comes out), then the official calendar package, then the
    rules of riskmap.core.holiday_rules. RiskmapError for an unknown preset, and for a lunar
    holiday neither covers unless `estimate`: then its dates come from the lunar table (source
    "lunar table"), and a year beyond that table is refused too.
    """
    if preset not in PRESET_KEYS:
        raise _unknown_preset(preset)
    if store is not None:
        from riskmap.core.holidays import entered

        given = entered(store, preset, year)
        if given is not None:
            return Window(*given, preset, "entered")
    if preset == "flood_season":
        (m0, d0), (m1, d1) = FLOOD_SEASON
        return Window(dt.date(year, m0, d0), dt.date(year, m1, d1), preset, "fixed rule")
    days = calendar_break(CALENDAR_NAMES[preset], year)
    if days:
        return Window(*days, preset, "calendar")
    if preset in LUNAR_PRESETS and estimate:
        return _lunar_rule(preset, year)
    return _fixed_rule(preset, year)


def calendar_break(name: str, year: int) -> tuple[dt.date, dt.date] | None:
    """The official break of holiday `name` in `year`: the run of days off around the days the
    calendar package gives the holiday's name (it names only the statutory and moved days, not
    the weekend joined to them: 清明 2016 is Saturday 2 – Monday 4 April, named only on the 4th).
    None for a year the package does not cover."""
    import chinese_calendar as cc

    # A holiday can reach into the next year (春节 late January .. February, never December).
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    try:
        days = cc.get_holidays(start, end, include_weekends=True)
        named = [d for d in days if cc.get_holiday_detail(d)[1] == name]
        if not named:
            return None
        first, last = min(named), max(named)
        one = dt.timedelta(days=1)
        while not cc.is_workday(first - one):
            first -= one
        while not cc.is_workday(last + one):
            last += one
    except NotImplementedError:
        return None
    return first, last


def calendar_years() -> tuple[int, int]:
    """The first and last year the official calendar package has holidays for."""
    from chinese_calendar import constants

    return min(constants.holidays).year, max(constants.holidays).year


_SOLAR_RULES = {
    "qingming": holiday_rules.qingming,
    "labor_day": holiday_rules.labor_day,
    "national_day": holiday_rules.national_day,
}
_LUNAR_RULES = {
    "spring_festival": holiday_rules.spring_festival,
    "dragon_boat": holiday_rules.dragon_boat,
}


def _fixed_rule(preset: str, year: int) -> Window:
    rule = _SOLAR_RULES.get(preset)
    span = rule(year) if rule else None
    if span is None:
        raise RiskmapError.of("preset.no_calendar", holiday=_holiday(preset), year=year)
    return Window(*span, preset, "fixed rule")


def _lunar_rule(preset: str, year: int) -> Window:
    span = _LUNAR_RULES[preset](year)
    if span is None:
        first, last = min(LUNAR_DATES), max(LUNAR_DATES)
        raise RiskmapError.of(
            "preset.beyond_table",
            holiday=_holiday(preset),
            year=year,
            first_year=first,
            last_year=last,
        )
    return Window(*span, preset, "lunar table")


def next_year(preset: str, as_of: dt.date, store: Store | None = None) -> int:
    """The year of the next occurrence of `preset` that has not ended on `as_of`."""
    this = holiday_window(preset, as_of.year, estimate=True, store=store)
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

    def window(self, year: int, store: Store | None = None) -> Window:
        """The holiday's window in `year` (as entered in `store`, if given), estimated from the
        lunar table where need be."""
        return holiday_window(self.key, year, estimate=True, store=store)

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
