"""Coverage of high-risk sites by patrol areas, against an independent computation."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest
import shapely

from riskmap.core.ledger import Ledger
from riskmap.core.patrol import PEOPLE_AT_RISK_MIN, coverage, load_patrols
from riskmap.core.presets import Window, holiday_window
from riskmap.core.workspace import Workspace
from riskmap.store.access import Actor
from riskmap.store.engine import open_store


def _independent_gaps(path: Path, window: Window, as_of: dt.date) -> tuple[set[int], set[int]]:
    """(high-risk site ids, uncovered ones) straight from the file, without riskmap.core."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        areas = []
        for kind, wkb, buf, start, end in con.execute(
            "SELECT kind, geom, buffer_m, starts_on, ends_on FROM patrol_areas"
        ):
            s = dt.date.fromisoformat(start) if start else None
            e = dt.date.fromisoformat(end) if end else None
            if (s is None or s <= window.end) and (e is None or e >= window.start):
                g = shapely.from_wkb(wkb)
                areas.append(g.buffer(buf) if kind == "route" else g)
        risky: set[int] = set()
        for (sid,) in con.execute(
            "SELECT DISTINCT h.site_id FROM hazards h LEFT JOIN rectifications r"
            " ON r.hazard_id = h.id WHERE h.level = 'major' AND h.found_on <= ?"
            " AND (r.id IS NULL OR r.status <> 'verified')",
            (as_of.isoformat(),),
        ):
            risky.add(sid)
        for sid, layer, attrs in con.execute("SELECT id, layer, attrs FROM sites"):
            a = json.loads(attrs or "{}")
            if (
                (layer == "chemical_plants" and a.get("hazard_class") in (1, 2))
                or (layer == "forest_fire" and a.get("fire_class") == 5)
                or (layer == "geohazards" and a.get("threatened_people", 0) >= 100)
            ):
                risky.add(sid)
        geoms = {
            sid: shapely.from_wkb(wkb)
            for sid, wkb in con.execute(
                f"SELECT id, geom FROM sites WHERE id IN ({','.join(map(str, risky))})"
            )
        }
    finally:
        con.close()
    gaps = {sid for sid, g in geoms.items() if not any(a.intersects(g) for a in areas)}
    return risky, gaps


def test_qingming_coverage_gaps_equal_an_independent_computation(
    demo_ws: Workspace, demo_url: str, demo_anchor: dt.date
) -> None:
    patrols = load_patrols(demo_ws.store)
    year = max(p.ends_on for p in patrols if p.preset == "qingming").year
    window = holiday_window("qingming", year)
    cov = coverage(demo_ws, window, as_of=demo_anchor)
    assert {p.preset for p in cov.patrols} == {"qingming"} and len(cov.patrols) == 8
    risky, gaps = _independent_gaps(Path(demo_url.removeprefix("sqlite:///")), window, demo_anchor)
    assert {s.site_id for s in cov.high_risk} == risky
    assert {s.site_id for s in cov.gaps} == gaps
    assert 0 < len(gaps) < len(risky)  # the demo's patrols cover some, not all
    reasons = {r for s in cov.high_risk for r in s.reasons}
    assert reasons == {"major_hazard", "chemical_class", "top_fire_class", "people_at_risk"}
    assert PEOPLE_AT_RISK_MIN == 100


def test_outside_the_window_nothing_is_covered(demo_ws: Workspace, demo_anchor: dt.date) -> None:
    cov = coverage(demo_ws, Window(dt.date(2027, 7, 1), dt.date(2027, 7, 31)), as_of=demo_anchor)
    assert cov.patrols == [] and cov.covered == {}
    assert len(cov.gaps) == len(cov.high_risk)


def test_a_new_patrol_covers_a_gap_and_undo_restores_the_geometry(
    demo_copy: str, demo_anchor: dt.date
) -> None:
    store = open_store(demo_copy)
    ws = Workspace.load(store)
    patrols = load_patrols(store)
    year = max(p.ends_on for p in patrols if p.preset == "qingming").year
    window = holiday_window("qingming", year)
    before = coverage(ws, window, as_of=demo_anchor)
    gap = before.gaps[0]
    led = Ledger(store, Actor("zhangwei", "editor"), today=demo_anchor)
    square = shapely.box(gap.x - 300, gap.y - 300, gap.x + 300, gap.y + 300)
    with led.edit() as tx:
        pid = tx.create_patrol_area(
            name="补充巡查区", geom=square, team="机动组", starts_on=window.start,
            ends_on=window.end, preset="qingming",
        )  # fmt: skip
    after = coverage(ws, window, as_of=demo_anchor)
    assert gap.site_id in after.covered and pid in after.covered[gap.site_id]
    assert len(after.gaps) < len(before.gaps)
    # Edit the geometry, then undo: exactly the same coordinates come back.
    moved = shapely.Polygon([(x + 50, y) for x, y in square.exterior.coords])
    with led.edit() as tx:
        tx.update_patrol_area(pid, {"geom": moved})
        events = tx.events
    with led.edit() as tx:
        tx.revert(events)
    back = next(p for p in load_patrols(store) if p.id == pid)
    assert shapely.equals_exact(back.geom, square, 0.0)
    store.dispose()


def test_windows_from_the_official_calendar_and_fixed_rules() -> None:
    w = holiday_window("qingming", 2026)
    assert (w.start, w.end, w.source) == (dt.date(2026, 4, 4), dt.date(2026, 4, 6), "calendar")
    assert holiday_window("labor_day", 2026).start == dt.date(2026, 5, 1)
    assert holiday_window("flood_season", 2026).days == 122
    late = holiday_window("qingming", 2031)
    assert late.source == "fixed rule" and late.start.month == 4 and late.days == 3
    from riskmap.errors import RiskmapError

    with pytest.raises(RiskmapError, match="no Spring Festival dates for 2031"):
        holiday_window("spring_festival", 2031)
    with pytest.raises(RiskmapError, match="unknown preset"):
        holiday_window("christmas", 2026)
    with pytest.raises(RiskmapError, match="ends"):
        Window(dt.date(2026, 5, 2), dt.date(2026, 5, 1))


def test_a_demo_created_any_day_keeps_its_qingming_patrols_around_qingming(tmp_path) -> None:
    from riskmap.demo.install import init_db

    for today in (dt.date(2027, 1, 20), dt.date(2027, 6, 1)):
        store = init_db(f"sqlite:///{tmp_path / f'{today}.sqlite'}", today=today, admin="a")
        patrols = [p for p in load_patrols(store) if p.preset == "qingming"]
        store.dispose()
        year = today.year if today < dt.date(today.year, 4, 7) else today.year + 1
        window = holiday_window("qingming", year)
        assert patrols and all(p.starts_on <= window.start <= p.ends_on for p in patrols)
        assert all(p.starts_on >= today for p in patrols)


def test_the_ledger_refuses_malformed_patrols(demo_copy: str, demo_anchor: dt.date) -> None:
    from riskmap.errors import LedgerError

    store = open_store(demo_copy)
    led = Ledger(store, Actor("zhangwei", "editor"), today=demo_anchor)
    bow = shapely.Polygon([(0, 0), (10, 10), (10, 0), (0, 10)])
    line = shapely.LineString([(0, 0), (100, 0)])
    for values, message in (
        ({"geom": bow}, "not valid"),
        ({"geom": line}, "is a polygon"),
        ({"kind": "route", "geom": shapely.box(0, 0, 1, 1), "buffer_m": 5}, "is a line"),
        ({"kind": "route", "geom": line, "buffer_m": 0}, "corridor width"),
        ({"geom": shapely.box(0, 0, 1, 1), "preset": "easter"}, "unknown preset"),
        ({"geom": shapely.box(0, 0, 1, 1), "unit_id": 999999}, "no unit"),
    ):
        with pytest.raises(LedgerError, match=message), led.edit() as tx:
            tx.create_patrol_area(name="x", **values)
    store.dispose()
