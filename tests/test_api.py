"""riskmap.api against an independent brute force over the raw tables of a demo-city copy.

The expected values come from sqlite3 and shapely/pyproj here, never from riskmap.core: which
sites a bbox, a circle, a polygon or a district holds, and the figures of those sites by the
rules written out below (found by the as-of day; open until verified; overdue when open with
its deadline passed; major_open; escalated while open; closed from Monday to the as-of day).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
import pyproj
import pytest
import shapely

import riskmap.api as rm
from riskmap.core import figures
from riskmap.errors import RegionError, RiskmapError, StoreError

AS_OF = dt.date(2026, 10, 20)  # a Tuesday: this week's closures are Monday's and Tuesday's
MONDAY = dt.date(2026, 10, 19)
# Sites closer than this to a region's edge are left out of the set comparisons: the region's
# outline is drawn with finitely many vertices, the brute force's is exact.
EDGE_M = 2.0


@pytest.fixture(scope="module")
def raw(demo_url: str) -> dict:
    """The raw tables of the demo copy, read with sqlite3 (no riskmap code)."""
    con = sqlite3.connect(f"file:{demo_url.removeprefix('sqlite:///')}?mode=ro", uri=True)
    try:
        crs = con.execute("SELECT value FROM meta WHERE key = 'crs'").fetchone()[0]
        sites = con.execute("SELECT id, district_code, geom FROM sites").fetchall()
        hazards = con.execute(
            "SELECT h.site_id, h.level, h.found_on, h.escalation, r.status, r.deadline,"
            " r.verified_on FROM hazards h LEFT JOIN rectifications r ON r.hazard_id = h.id"
        ).fetchall()
        districts = con.execute("SELECT code, level, parent_code FROM districts").fetchall()
    finally:
        con.close()
    ids = np.array([s[0] for s in sites])
    metric = shapely.from_wkb([s[2] for s in sites])
    to_deg = pyproj.Transformer.from_crs(crs, "EPSG:4490", always_xy=True)
    degrees = shapely.transform(
        metric, lambda xy: np.column_stack(to_deg.transform(xy[:, 0], xy[:, 1]))
    )
    return {
        "crs": crs,
        "ids": ids,
        "district": {s[0]: s[1] for s in sites},
        "metric": metric,
        "degrees": degrees,
        "hazards": hazards,
        "districts": districts,
    }


@pytest.fixture(scope="module")
def city(demo_url: str):
    c = rm.open(Path(demo_url.removeprefix("sqlite:///")))
    yield c
    c.close()


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def brute_counts(raw: dict, site_ids, as_of: dt.date = AS_OF) -> dict[str, int]:
    wanted = {int(i) for i in site_ids}
    out = dict.fromkeys(("hazards", "open", "major_open", "overdue", "escalated", "closed_week"), 0)
    out["sites"] = len(wanted)
    monday = as_of - dt.timedelta(days=as_of.weekday())
    for site, level, found, escalation, status, deadline, verified in raw["hazards"]:
        if site not in wanted or _date(found) > as_of:
            continue
        is_open = status != "verified"
        out["hazards"] += 1
        out["open"] += is_open
        out["major_open"] += is_open and level == "major"
        out["overdue"] += status is not None and is_open and deadline and _date(deadline) < as_of
        out["escalated"] += is_open and (escalation or 0) > 0
        out["closed_week"] += bool(
            status == "verified" and verified and monday <= _date(verified) <= as_of
        )
    return out


def assert_same_sites(got, expected: set[int], ambiguous: set[int]) -> None:
    got = {int(i) for i in got}
    assert expected - ambiguous, "the region holds no site: choose another"
    assert got - ambiguous == expected - ambiguous


def test_monday_is_the_monday_of_as_of() -> None:
    assert MONDAY.weekday() == 0 and MONDAY <= AS_OF < MONDAY + dt.timedelta(days=7)


def test_bbox_holds_the_sites_the_brute_force_finds(city, raw) -> None:
    box = (104.55, 35.50, 104.70, 35.62)
    r = city.region(bbox=box, as_of=AS_OF)
    outline = shapely.box(*box)
    hit = shapely.intersects(raw["degrees"], outline)
    # ~2 m in degrees at this latitude (1e-5° of latitude is 1.1 m)
    near = shapely.distance(raw["degrees"], outline.boundary) < EDGE_M * 1e-5
    expected = set(raw["ids"][hit].tolist())
    assert_same_sites(r.sites["id"], expected, set(raw["ids"][near].tolist()))
    assert r.counts.as_dict() == brute_counts(raw, r.sites["id"])
    assert r.basis == "geometry"
    assert r.as_of == AS_OF


def test_circle_is_in_kilometres(city, raw) -> None:
    lon, lat, km = 104.62, 35.57, 3.5
    r = city.region(circle=(lon, lat, km), as_of="2026-10-20")
    to_metric = pyproj.Transformer.from_crs("EPSG:4490", raw["crs"], always_xy=True)
    centre = shapely.Point(*to_metric.transform(lon, lat))
    d = shapely.distance(raw["metric"], centre)
    expected = set(raw["ids"][d <= km * 1000].tolist())
    ambiguous = set(raw["ids"][np.abs(d - km * 1000) < EDGE_M].tolist())
    assert_same_sites(r.sites["id"], expected, ambiguous)
    assert r.counts.as_dict() == brute_counts(raw, r.sites["id"])
    assert r.area_km2 == pytest.approx(np.pi * km**2, rel=1e-3)


def test_polygon_as_wkt_shapely_or_geodataframe(city, raw) -> None:
    import geopandas as gpd

    wkt = "POLYGON ((104.56 35.52, 104.72 35.54, 104.63 35.66, 104.56 35.52))"
    r = city.region(polygon=wkt, as_of=AS_OF)
    # The region's edges are straight in the metric CRS between the given vertices.
    to_metric = pyproj.Transformer.from_crs("EPSG:4490", raw["crs"], always_xy=True)
    outline = shapely.transform(
        shapely.from_wkt(wkt), lambda xy: np.column_stack(to_metric.transform(*xy.T))
    )
    hit = shapely.intersects(raw["metric"], outline)
    near = shapely.distance(raw["metric"], outline.boundary) < EDGE_M
    assert_same_sites(r.sites["id"], set(raw["ids"][hit].tolist()), set(raw["ids"][near].tolist()))
    assert r.counts.as_dict() == brute_counts(raw, r.sites["id"])

    same = city.region(polygon=shapely.from_wkt(wkt), as_of=AS_OF)
    assert same.counts == r.counts
    # A GeoDataFrame in metres is taken to degrees first.
    frame = gpd.GeoDataFrame(geometry=[shapely.from_wkt(wkt)], crs="EPSG:4490")
    again = city.region(polygon=frame.to_crs(city.metric_crs), as_of=AS_OF)
    assert list(again.sites["id"]) == list(r.sites["id"])


def _codes_under(raw: dict, code: str) -> set[str]:
    children = defaultdict(list)
    for c, _level, parent in raw["districts"]:
        children[parent].append(c)
    out, todo = set(), [code]
    while todo:
        c = todo.pop()
        out.add(c)
        todo.extend(children[c])
    return out


def test_district_answers_for_its_own_sites(city, raw) -> None:
    counties = city.districts("county")
    code = counties["code"].iloc[1]
    name = counties["name"].iloc[1]
    codes = _codes_under(raw, code)
    own = {i for i, d in raw["district"].items() if d in codes}

    r = city.region(district=name, as_of=AS_OF)
    assert r.basis == "district"
    assert set(r.sites["id"]) == own
    assert r.counts.as_dict() == brute_counts(raw, own)
    by_code = city.region(district=code, as_of=AS_OF)
    assert by_code.counts == r.counts
    # Crossing sites are other districts' sites whose geometry enters this one.
    assert not set(r.crossing["id"]) & own
    assert set(r.crossing["district_code"]).isdisjoint(codes)
    assert r.crossing_counts.as_dict() == brute_counts(raw, r.crossing["id"])
    crossing = r.crossing.set_index("id")
    for sid in r.crossing["id"]:
        assert crossing.loc[sid, "open"] == brute_counts(raw, [sid])["open"]


def test_summary_is_each_countys_own_sites(city, raw) -> None:
    level = {c: lvl for c, lvl, _p in raw["districts"]}
    parent = {c: p for c, _lvl, p in raw["districts"]}

    def county(code: str | None) -> str:
        while code and level.get(code) != "county":
            code = parent.get(code)
        return code or ""

    per_county = defaultdict(set)
    for sid, code in raw["district"].items():
        per_county[county(code)].add(sid)
    table = city.summary(as_of=AS_OF)
    assert table.attrs["as_of"] == AS_OF
    assert set(table.index) == set(per_county) | set(city.districts("county")["code"])
    for code, sids in per_county.items():
        row = table.loc[code]
        expected = brute_counts(raw, sids)
        assert {k: int(row[k]) for k in expected} == expected, code
    total = brute_counts(raw, raw["ids"])
    assert city.counts(AS_OF).as_dict() == total
    assert int(table["open"].sum()) == total["open"]


def test_district_figures_equal_core_figures(city, demo_ws) -> None:
    code = city.districts("county")["code"].iloc[0]
    r = city.region(district=code, as_of=AS_OF)
    assert r.counts == figures.for_district(demo_ws.store, code, AS_OF)


def test_frames_are_degrees_with_the_metric_crs_noted(city, raw) -> None:
    r = city.region(circle=(104.62, 35.57, 2.0), as_of=AS_OF)
    sites = r.sites
    assert sites.crs.to_epsg() == 4490
    assert sites.attrs["metric_crs"] == r.metric_crs == raw["crs"]
    back = sites.to_crs(r.metric_crs).set_index("id").geometry
    metric = dict(zip(raw["ids"].tolist(), raw["metric"], strict=True))
    for sid, geom in back.items():
        assert shapely.equals_exact(geom, metric[sid], tolerance=1e-3)

    # Hazards and rectifications stand where their site is; a unit on the sites it answers for.
    by_site = sites.set_index("id").geometry
    for frame in (r.hazards, r.rectifications):
        assert len(frame) and frame.crs.to_epsg() == 4490
        for sid, geom in zip(frame["site_id"], frame.geometry, strict=True):
            assert geom.equals(by_site[sid])
    assert str(r.hazards["found_on"].dtype).startswith("datetime64")
    assert str(r.hazards["days_overdue"].dtype) == "Int64"
    site_ids = set(sites["id"])
    for _, unit in r.units.iterrows():
        assert set(unit["site_ids"]) <= site_ids
        assert len(unit["site_ids"]) == unit["sites"]
        assert len(unit.geometry.geoms) == unit["sites"]


def test_tables_are_plain_rows_of_the_frames(city) -> None:
    r = city.region(circle=(104.62, 35.57, 2.0), as_of=AS_OF)
    tables = r.tables()
    assert [h["id"] for h in tables["hazards"]] == list(r.hazards["id"])
    assert all(isinstance(h["found_on"], dt.date) for h in tables["hazards"])
    open_rows = [h for h in tables["hazards"] if h["status"] != "verified"]
    assert len(open_rows) == r.counts.open
    assert tables["totals"]["overall"] == r.counts.as_dict()
    assert {u["id"] for u in tables["units"]} == set(r.units["id"])


def test_filters_as_the_command_line_has_them(city, raw) -> None:
    whole = city.region(as_of=AS_OF)
    assert whole.counts.as_dict() == brute_counts(raw, raw["ids"])
    major = city.region(levels=["major"], status="open", as_of=AS_OF)
    assert len(major.hazards) == whole.counts.major_open
    assert set(major.hazards["level"]) == {"major"}
    layer = sorted(set(whole.sites["layer"]))[0]
    only = city.region(layers=[layer], as_of=AS_OF)
    assert set(only.sites["layer"]) == {layer}
    assert set(only.sites["id"]) == set(whole.sites["id"][whole.sites["layer"] == layer])


def test_wrong_questions_are_one_line_errors(city, tmp_path: Path) -> None:
    with pytest.raises(RegionError, match="bbox and circle"):
        city.region(bbox=(104.5, 35.5, 104.6, 35.6), circle=(104.6, 35.6, 1))
    with pytest.raises(RegionError, match="3 numbers"):
        city.region(circle=(104.6, 35.6))
    with pytest.raises(RegionError, match="no district"):
        city.region(district="不存在县")
    with pytest.raises(RegionError, match="WKT"):
        city.region(polygon="POLYGON ((1 2")
    with pytest.raises(RiskmapError, match="YYYY-MM-DD"):
        city.region(as_of="yesterday")
    with pytest.raises(RiskmapError, match="unknown layer"):
        city.region(layers=["nope"])
    with pytest.raises(StoreError, match="no database"):
        rm.open(tmp_path / "missing.sqlite")


def test_reading_writes_nothing(demo_copy: str) -> None:
    path = Path(demo_copy.removeprefix("sqlite:///"))
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with rm.open(demo_copy) as city:
        r = city.region(district=city.districts("county")["code"].iloc[0], as_of=AS_OF)
        assert len(r.units) and len(r.hazards)
        city.summary(AS_OF)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_importing_the_api_does_not_load_geopandas() -> None:
    code = "import sys, riskmap.api, riskmap.cli; print('geopandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_postgis_answers_as_sqlite(city, demo_pg_url: str) -> None:
    with rm.open(demo_pg_url) as pg:
        assert pg.url.startswith("postgresql")
        code = city.districts("county")["code"].iloc[2]
        for where in ({"district": code}, {"circle": (104.62, 35.57, 3.5)}):
            here, there = city.region(as_of=AS_OF, **where), pg.region(as_of=AS_OF, **where)
            assert there.counts == here.counts
            assert there.sites["id"].tolist() == here.sites["id"].tolist()
            assert there.hazards["id"].tolist() == here.hazards["id"].tolist()
            assert there.units["site_ids"].tolist() == here.units["site_ids"].tolist()
            assert there.sites.geom_equals_exact(here.sites, tolerance=1e-9).all()
        assert pg.summary(AS_OF).equals(city.summary(AS_OF))
