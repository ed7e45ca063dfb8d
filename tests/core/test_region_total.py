"""Region queries are total: any box, circle or polygon gives the sites a brute force finds,
or a one-line RegionError — never another exception, never a silently empty answer."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pyproj
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from riskmap.core.region import Region
from riskmap.errors import RegionError
from riskmap.store.schema import wkb_sql

EPS_DEG = 1e-3  # sites this close to a boundary are left out of the comparison (edge chords)


class Sites:
    """The demo city's sites in metres and in degrees; `ws` is queried as the application does."""

    def __init__(self, ids: np.ndarray, metric: np.ndarray, lonlat: np.ndarray, ws: Any) -> None:
        self.ids, self.metric, self.lonlat, self.ws, self.crs = ids, metric, lonlat, ws, ws.crs

    def __repr__(self) -> str:  # hypothesis prints the arguments of a failing example
        return f"Sites({len(self.ids)})"


@pytest.fixture(scope="module")
def sites(demo_ws) -> Sites:
    with demo_ws.store.engine.connect() as c:
        rows = c.execute(text(f"SELECT id, {wkb_sql(c.dialect.name)} FROM sites")).all()
    ids = np.array([r[0] for r in rows])
    metric = shapely.from_wkb([bytes(r[1]) for r in rows])
    # an independent transformer, not the one the code under test caches
    t = pyproj.Transformer.from_crs(demo_ws.crs, "EPSG:4490", always_xy=True)
    lonlat = shapely.transform(metric, lambda xy: np.column_stack(t.transform(xy[:, 0], xy[:, 1])))
    return Sites(ids, metric, lonlat, demo_ws)


def _found(s: Sites, region: Region) -> set[int]:
    return {int(i) for i in s.ws.ids_in(region.geom)}


def _compare(found: set[int], s: Sites, inside: np.ndarray, robust: np.ndarray) -> None:
    expected = {int(i) for i in s.ids[inside & robust]}
    unexpected = {int(i) for i in s.ids[~inside & robust]}
    assert expected <= found, sorted(expected - found)[:5]
    assert not (found & unexpected), sorted(found & unexpected)[:5]


def test_world_box_and_half_world_box_give_every_site(sites: Sites) -> None:
    everyone = {int(i) for i in sites.ids}
    assert len(everyone) > 1000
    boxes = ((-180, -90, 180, 90), (0, 0, 180, 80), (100, 30, 110, 40), (-10, -90, 170, 90))
    for box in boxes:
        r = Region.from_bbox_lonlat(*box, sites.crs)
        assert _found(sites, r) == everyone, box


def test_far_box_is_a_region_error_naming_the_covered_area(sites: Sites) -> None:
    with pytest.raises(RegionError, match=r"outside longitude 100\.5…109\.51"):
        Region.from_bbox_lonlat(-100, 10, -90, 20, sites.crs)
    with pytest.raises(RegionError, match="circle centre"):
        Region.from_circle_lonlat(-100, 10, 1000, sites.crs)


LON = st.floats(-180, 180)
LAT = st.floats(-90, 90)
NEAR_LON = st.floats(103.0, 106.5)  # the demo city is at 103.9–105.4 E, 34.9–36.2 N
NEAR_LAT = st.floats(34.0, 37.0)
ODD = st.sampled_from([math.nan, math.inf, -math.inf, 1e300, -1e300, 0.0])
ANY_LON = st.one_of(NEAR_LON, NEAR_LON, LON, ODD)
ANY_LAT = st.one_of(NEAR_LAT, NEAR_LAT, LAT, ODD)
FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def _valid_lonlat(*v: float) -> bool:
    lons, lats = v[0::2], v[1::2]
    return (
        all(math.isfinite(x) for x in v)
        and all(abs(x) <= 180 for x in lons)
        and all(abs(y) <= 90 for y in lats)
    )


@FUZZ
@given(ANY_LON, ANY_LAT, ANY_LON, ANY_LAT)
def test_any_box_equals_brute_force(sites: Sites, x0, y0, x1, y1) -> None:
    # min > max: refused (swapped corners), not read as a box across the 180° meridian
    if _valid_lonlat(x0, y0, x1, y1) and x0 < x1 and y0 < y1:
        box = shapely.box(x0, y0, x1, y1)
        inside = shapely.intersects(sites.lonlat, box)
    else:
        box, inside = None, np.zeros(len(sites.ids), dtype=bool)
    try:
        r = Region.from_bbox_lonlat(x0, y0, x1, y1, sites.crs)
    except RegionError as exc:
        assert "\n" not in str(exc)
        assert not inside.any(), "a box holding sites was refused"
        return
    assert box is not None, "a malformed box was accepted"
    robust = shapely.distance(sites.lonlat, box.boundary) > EPS_DEG
    _compare(_found(sites, r), sites, inside, robust)


@FUZZ
@given(ANY_LON, ANY_LAT, st.one_of(st.floats(1, 5e4), st.floats(1, 1e13), ODD))
def test_any_circle_equals_brute_force(sites: Sites, lon, lat, radius) -> None:
    try:
        r = Region.from_circle_lonlat(lon, lat, radius, sites.crs)
    except RegionError as exc:
        assert "\n" not in str(exc)
        window_ok = _valid_lonlat(lon, lat) and 100.5 <= lon <= 109.51 and 19.5 <= lat <= 45.21
        assert not (window_ok and math.isfinite(radius) and radius > 0), (lon, lat, radius)
        return
    t = pyproj.Transformer.from_crs("EPSG:4490", sites.crs, always_xy=True)
    centre = shapely.Point(*t.transform(lon, lat))
    d = shapely.distance(sites.metric, centre)
    inside = d <= radius
    # the circle's polygon lies within 0.008 % of the true circle: leave that band out
    robust = np.abs(d - radius) > 1.0 + radius * 1e-4
    _compare(_found(sites, r), sites, inside, robust)


@FUZZ
@given(st.lists(st.tuples(ANY_LON, ANY_LAT), min_size=3, max_size=8))
def test_any_geojson_polygon_equals_brute_force(sites: Sites, pts) -> None:
    ring = [list(p) for p in pts] + [list(pts[0])]
    # json writes NaN and Infinity, and reads them back: a file can hold them
    doc = json.dumps({"type": "Polygon", "coordinates": [ring]})
    area = None
    if _valid_lonlat(*[v for p in pts for v in p]):
        poly = shapely.Polygon(pts)
        valid = poly if poly.is_valid else shapely.make_valid(poly)
        area = shapely.union_all(
            [g for g in shapely.get_parts(valid) if shapely.get_dimensions(g) == 2]
        )
    inside = (
        shapely.intersects(sites.lonlat, area)
        if area is not None and not area.is_empty
        else np.zeros(len(sites.ids), dtype=bool)
    )
    try:
        r = Region.from_geojson(doc, sites.crs)
    except RegionError as exc:
        assert "\n" not in str(exc)
        assert not inside.any(), "a polygon holding sites was refused"
        return
    assert area is not None and not area.is_empty
    robust = shapely.distance(sites.lonlat, area.boundary) > EPS_DEG
    _compare(_found(sites, r), sites, inside, robust)


@FUZZ
@given(
    st.one_of(st.floats(-1e15, 1e15), ODD),
    st.one_of(st.floats(-1e15, 1e15), ODD),
    st.one_of(st.floats(1, 1e15), ODD),
)
def test_any_metric_circle_is_an_answer_or_a_region_error(sites, x, y, radius) -> None:
    try:
        r = Region.from_circle(x, y, radius, sites.crs)
    except RegionError as exc:
        assert "\n" not in str(exc)
        valid = all(math.isfinite(v) for v in (x, y, radius)) and radius > 0
        if valid and max(abs(x), abs(y)) > 1e12:
            assert "further out than any map" in str(exc)
        elif valid:
            with np.errstate(over="ignore"):  # the brute force at 1e300 m
                d = shapely.distance(sites.metric, shapely.Point(x, y))
            assert not (d < radius).any(), "a circle holding sites was refused"
        return
    with np.errstate(over="ignore"):
        d = shapely.distance(sites.metric, shapely.Point(x, y))
    tol = 1.0 + radius * 1e-4
    found = _found(sites, r)
    assert {int(i) for i in sites.ids[d < radius - tol]} <= found
    assert not found & {int(i) for i in sites.ids[d > radius + tol]}


def test_cli_query_world_box(tmp_path: Path, demo_url: str, sites: Sites) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    for bbox in ("-180,-90,180,90", "0,0,180,80"):
        args = ["query", "--db", demo_url, f"--bbox={bbox}", "--format", "json"]
        proc = subprocess.run(
            [sys.executable, "-m", "riskmap", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert proc.returncode == 0, proc.stderr
        assert "Traceback" not in proc.stderr
        got = json.loads(proc.stdout)
        assert len(got["sites"]) == len(sites.ids), bbox
