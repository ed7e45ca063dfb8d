"""The dossier against an independent brute-force computation over the ORM rows.

Every test here runs on both backends: the demo city in SQLite (spatial index in memory) and the
same city copied into PostGIS (the spatial predicate pushed down to the database).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict

import pytest
import shapely
from sqlalchemy import select

from riskmap.cli import main
from riskmap.core.dossier import Filters, build
from riskmap.core.region import Region
from riskmap.errors import RiskmapError
from riskmap.store.schema import District, Duty, Hazard, Rectification, Site


@pytest.fixture(scope="module", params=["sqlite", "postgis"])
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="module")
def ws(backend: str, request: pytest.FixtureRequest):
    """The demo workspace on each backend."""
    return request.getfixturevalue("demo_ws" if backend == "sqlite" else "demo_pg_ws")


@pytest.fixture(scope="module")
def db_url(backend: str, request: pytest.FixtureRequest) -> str:
    return request.getfixturevalue("demo_url" if backend == "sqlite" else "demo_pg_url")


@pytest.fixture(scope="module")
def rows(ws):
    with ws.store.session() as s:
        return {
            "sites": list(s.scalars(select(Site))),
            "districts": {d.code: d for d in s.scalars(select(District))},
            "duties": list(s.scalars(select(Duty))),
            "hazards": list(s.scalars(select(Hazard))),
            "rects": {r.hazard_id: r for r in s.scalars(select(Rectification))},
        }


def _chain(rows, code):
    out = []
    while code:
        out.append(code)
        code = rows["districts"][code].parent_code
    return out


def brute_force(rows, region_geom, as_of: dt.date, levels=("general", "major"), owner=None):
    """A shape's sites by geometry; a district's (`owner`) by their township (属地)."""

    def chain(code):
        return _chain(rows, code)

    if owner is None:
        hit = {s.id: s for s in rows["sites"] if shapely.intersects(region_geom, s.geom)}
    else:
        hit = {s.id: s for s in rows["sites"] if owner in chain(s.district_code)}
    hazards = [
        h for h in rows["hazards"] if h.site_id in hit and h.found_on <= as_of and h.level in levels
    ]
    open_h = defaultdict(int)
    overdue_h = defaultdict(int)
    open_rects = set()
    for h in hazards:
        r = rows["rects"].get(h.id)
        status = r.status if r else "open"
        if status != "verified":
            open_h[h.site_id] += 1
            if r is not None:
                open_rects.add(r.id)
                if r.deadline < as_of:
                    overdue_h[h.site_id] += 1
    members = defaultdict(set)
    for d in rows["duties"]:
        for s in hit.values():
            if d.site_id is not None:
                applies = d.site_id == s.id
            else:
                applies = (d.layer is None or d.layer == s.layer) and (
                    d.district_code is None or d.district_code in chain(s.district_code)
                )
            if applies:
                members[(d.unit_id, d.role)].add(s.id)
    units = {
        (uid, role): (
            len(sids),
            sum(open_h[s] for s in sids),
            sum(overdue_h[s] for s in sids),
        )
        for (uid, role), sids in members.items()
    }
    return set(hit), {h.id for h in hazards}, units, open_rects, sum(overdue_h.values())


def _counties(rows):
    return [d for d in rows["districts"].values() if d.level == "county"]


def test_each_county_dossier_equals_brute_force(ws, rows, demo_anchor) -> None:
    counties = _counties(rows)
    assert len(counties) >= 6
    for county in counties:
        region = Region.from_district(ws.districts, county.code, crs=ws.crs)
        d = build(ws, region, Filters(as_of=demo_anchor))
        sites, hazards, units, rects, overdue = brute_force(
            rows, county.geom, demo_anchor, owner=county.code
        )
        assert d.basis == "district"
        assert {s.id for s in d.sites} == sites
        # The other districts' sites crossing the county are listed apart, not counted.
        crossing = {
            s.id
            for s in rows["sites"]
            if shapely.intersects(county.geom, s.geom) and s.id not in sites
        }
        assert {c.id for c in d.crossing} == crossing
        assert {h.id for h in d.hazards} == hazards
        assert {r.id for r in d.rectifications} == rects
        assert {(u.id, u.role): (u.sites, u.open_hazards, u.overdue) for u in d.units} == units
        assert d.totals.overall.overdue == overdue
        assert d.totals.overall.sites == len(sites)
        assert sum(c.sites for c in d.totals.by_layer.values()) == len(sites)
        assert {u.role for u in d.units} >= {"regulator", "territorial", "enterprise"}


def test_union_of_counties_is_the_whole_city(ws, rows, demo_anchor) -> None:
    city = build(ws, ws.whole_region(), Filters(as_of=demo_anchor))
    assert {s.id for s in city.sites} == {s.id for s in rows["sites"]}
    union: set[int] = set()
    for county in _counties(rows):
        region = Region.from_district(ws.districts, county.code, crs=ws.crs)
        union |= {s.id for s in build(ws, region, Filters(as_of=demo_anchor)).sites}
    assert union == {s.id for s in city.sites}
    # Every site lies in exactly one township, so the per-county totals add up to the city.
    assert sum(c.sites for c in city.totals.by_district.values()) == len(city.sites)
    assert "" not in city.totals.by_district


def test_filters_level_status_layers_and_as_of(ws, rows, demo_anchor) -> None:
    region = ws.whole_region()
    major = build(ws, region, Filters(levels=("major",), as_of=demo_anchor))
    assert major.hazards and all(h.level == "major" for h in major.hazards)
    _, expected, *_ = brute_force(rows, region.geom, demo_anchor, levels=("major",))
    assert {h.id for h in major.hazards} == expected

    overdue = build(ws, region, Filters(status="overdue", as_of=demo_anchor))
    assert overdue.hazards and all(h.overdue and h.days_overdue > 0 for h in overdue.hazards)
    for h in overdue.hazards:
        assert h.days_overdue == (demo_anchor - h.deadline).days

    chem = build(ws, region, Filters(layers=("chemical_plants",), as_of=demo_anchor))
    assert chem.sites and {s.layer for s in chem.sites} == {"chemical_plants"}

    later = demo_anchor + dt.timedelta(days=365)
    future = build(ws, region, Filters(status="overdue", as_of=later))
    assert len(future.hazards) >= len(overdue.hazards)


def test_rectification_days_left_and_overdue(ws, demo_anchor) -> None:
    d = build(ws, ws.whole_region(), Filters(as_of=demo_anchor))
    assert d.rectifications
    for r in d.rectifications:
        assert r.status != "verified"
        delta = (r.deadline - demo_anchor).days
        assert (r.days_left, r.days_overdue) == (max(delta, 0), max(-delta, 0))
    # Most overdue first.
    days = [r.days_overdue for r in d.rectifications]
    assert days == sorted(days, reverse=True)


def test_bad_filters() -> None:
    with pytest.raises(RiskmapError, match="unknown hazard level"):
        Filters(levels=("huge",))
    with pytest.raises(RiskmapError, match="unknown status filter"):
        Filters(status="done")


def test_cli_query_county_json_equals_brute_force(db_url, rows, demo_anchor, capsys) -> None:
    county = sorted(_counties(rows), key=lambda d: d.code)[1]
    code = main(
        ["query", "--db", db_url, "--district", county.name, "--format", "json",
         "--as-of", demo_anchor.isoformat()]
    )  # fmt: skip
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {
        *("region", "sites", "hazards", "units", "rectifications", "totals", "crossing"),
        "crossing_totals",
    }
    sites, hazards, units, rects, _ = brute_force(rows, county.geom, demo_anchor, owner=county.code)
    assert out["region"]["basis"] == "district"
    hit, *_ = brute_force(rows, county.geom, demo_anchor)
    assert {c["id"] for c in out["crossing"]} == hit - sites
    assert {s["id"] for s in out["sites"]} == sites
    assert {h["id"] for h in out["hazards"]} == hazards
    assert {r["id"] for r in out["rectifications"]} == rects
    assert {(u["id"], u["role"]) for u in out["units"]} == set(units)
    site = out["sites"][0]
    assert {"id", "layer", "name", "lon", "lat", "district_code"} <= set(site)
    assert 100 < site["lon"] < 110 and 30 < site["lat"] < 40
    rect = out["rectifications"][0]
    assert {"id", "hazard_id", "site_id", "deadline", "status", "days_overdue"} <= set(rect)
    unit = out["units"][0]
    assert {"id", "name", "role", "sites", "open_hazards", "overdue"} <= set(unit)
    assert out["region"]["kind"] == "district"
