"""Holiday windows (official calendar, fixed rules, the lunar table) and the presets' data."""

from __future__ import annotations

import datetime as dt

import pytest

from riskmap.core.catalog import PRESET_KEYS, load_catalog
from riskmap.core.presets import (
    LUNAR_DATES,
    PRESETS,
    Window,
    calendar_years,
    get_preset,
    holiday_window,
    next_year,
)
from riskmap.errors import RiskmapError


def test_qingming_2026_comes_from_the_official_calendar() -> None:
    w = PRESETS["qingming"].window(2026)
    assert (w.start, w.end) == (dt.date(2026, 4, 4), dt.date(2026, 4, 6))
    assert w.source == "calendar" and "国务院办公厅" in w.source_text()


def test_years_past_the_calendar_fall_back_to_fixed_rules_and_say_so() -> None:
    last = calendar_years()[1]
    year = last + 1
    for key in ("qingming", "labor_day", "national_day"):
        w = PRESETS[key].window(year)
        assert w.source == "fixed rule", key
        assert "固定规则" in w.source_text() and "fixed rule" in w.source_text("en")
    assert PRESETS["labor_day"].window(year) == Window(
        dt.date(year, 5, 1), dt.date(year, 5, 5), "labor_day", "fixed rule"
    )
    # 主汛期 is a season: always the rule, in every year.
    assert holiday_window("flood_season", 2026).source == "fixed rule"


def test_lunar_holidays_past_the_calendar_come_from_the_lunar_table() -> None:
    sf = PRESETS["spring_festival"].window(2031)
    # 2031's 正月初一 is 23 January: the break runs from 除夕 (22nd) to 初七 (29th).
    assert (sf.start, sf.end, sf.source) == (
        dt.date(2031, 1, 22),
        dt.date(2031, 1, 29),
        "lunar table",
    )
    assert "农历" in sf.source_text()
    # 9 June 2027 is a Wednesday: since 2014 a Wednesday holiday stays one day (清明 2023).
    db = PRESETS["dragon_boat"].window(2027)
    assert (db.start, db.end, db.source) == (
        dt.date(2027, 6, 9),
        dt.date(2027, 6, 9),
        "lunar table",
    )
    # Without `estimate` the strict behaviour stays: a lunar holiday is not guessed.
    with pytest.raises(RiskmapError, match="no Spring Festival dates for 2031"):
        holiday_window("spring_festival", 2031)
    with pytest.raises(RiskmapError, match="lunar table"):
        PRESETS["spring_festival"].window(max(LUNAR_DATES) + 1)


def test_the_lunar_table_agrees_with_the_official_calendar_where_both_have_the_year() -> None:
    first, last = calendar_years()
    checked = 0
    for year in range(first, last + 1):
        new_year, duanwu, _mid_autumn = LUNAR_DATES[year]
        sf = holiday_window("spring_festival", year)
        assert sf.source == "calendar" and sf.contains(dt.date(year, *new_year)), year
        if year < 2008:
            continue  # 端午 became a public holiday in 2008
        db = holiday_window("dragon_boat", year)
        assert db.source == "calendar"
        assert db.contains(dt.date(year, *duanwu)), year
        if year != 2012:  # the one notice that broke the weekday pattern (Fri 22 – Sun 24 June)
            estimated = _lunar_window("dragon_boat", year)
            assert (estimated.start, estimated.end) == (db.start, db.end), year
        checked += 1
    assert checked >= 15
    # Since 2025 (除夕 a statutory day) the rule's 春节 sits inside the official break.
    for year in (2025, 2026):
        official, rule = (
            holiday_window("spring_festival", year),
            _lunar_window("spring_festival", year),
        )
        assert official.start <= rule.start and rule.end <= official.end


def _lunar_window(preset: str, year: int) -> Window:
    from riskmap.core.presets import _lunar_rule

    return _lunar_rule(preset, year)


def test_next_year_is_the_coming_occurrence() -> None:
    assert next_year("qingming", dt.date(2026, 4, 6)) == 2026
    assert next_year("qingming", dt.date(2026, 4, 7)) == 2027
    assert next_year("spring_festival", dt.date(2026, 11, 1)) == 2027


def test_presets_by_key_and_name() -> None:
    assert get_preset("清明") is PRESETS["qingming"] is get_preset("qingming")
    assert get_preset("主汛期").key == "flood_season" and get_preset("may day").key == "labor_day"
    with pytest.raises(RiskmapError, match="unknown preset"):
        get_preset("圣诞")
    assert set(PRESETS) == set(PRESET_KEYS)


def test_the_preset_table_names_only_what_the_layer_files_declare() -> None:
    catalog = load_catalog()
    for preset in PRESETS.values():
        focus = {s.key for s in preset.layers(catalog)}
        assert focus, preset.key
        for layer, flt in preset.filters.items():
            # A filter for a layer that does not name the preset would never apply.
            assert layer in focus, (preset.key, layer)
            spec = catalog[layer]
            assert flt.zh and flt.any_of
            for cond in flt.any_of:
                fs = spec.field(cond.field)
                assert fs is not None, (preset.key, layer, cond.field)
                values = cond.value if cond.op == "in" else (cond.value,)
                if fs.choices and cond.op == "in":
                    assert set(values) <= set(fs.choices), (preset.key, layer, values)
                if fs.type == "bool":
                    assert values == (True,)
    qm = PRESETS["qingming"]
    assert {s.key for s in qm.layers(catalog)} == {"dense_venues", "forest_fire", "roads"}
    assert qm.keeps("dense_venues", {"kind": "cemetery"})
    assert not qm.keeps("dense_venues", {"kind": "school"})
    assert qm.keeps("forest_fire", {"fire_class": 4}) and not qm.keeps(
        "forest_fire", {"fire_class": 3}
    )
    assert qm.keeps("roads", {"mountain": True}) and not qm.keeps("roads", {"mountain": False})
    assert not qm.keeps("roads", {})  # unknown is not in the focus
    assert qm.filter_text("forest_fire") == "森林火险等级四级及以上"
