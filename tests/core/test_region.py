"""Region constructors: what they build, and the one-line message for each kind of bad input."""

from __future__ import annotations

import dataclasses
import json
import math
import warnings

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from riskmap.core.crs import lonlat_to_xy
from riskmap.core.region import Region
from riskmap.errors import RegionError
from riskmap.store.load import DistrictRecord

CRS = "EPSG:4544"  # CGCS2000 / 3-degree Gauss-Krüger CM 105E, the demo city's
LON, LAT = 104.61, 35.62


def xy(lon: float = LON, lat: float = LAT) -> tuple[float, float]:
    x, y = lonlat_to_xy(np.array([lon]), np.array([lat]), CRS)
    return float(x[0]), float(y[0])


# ------------------------------------------------------------------------------------ circles


@pytest.mark.parametrize("make", ["metric", "lonlat"])
def test_circle_membership_is_exact_enough(make: str) -> None:
    cx, cy = xy()
    r = (
        Region.from_circle(cx, cy, 3000, CRS)
        if make == "metric"
        else Region.from_circle_lonlat(LON, LAT, 3000, CRS)
    )
    # between polygon vertices too, where the chord is furthest inside the true circle
    angles = np.linspace(0, 2 * np.pi, 1000, endpoint=False)
    for dist, inside in ((2900.0, True), (3100.0, False), (2999.0, True), (3001.0, False)):
        px, py = cx + dist * np.cos(angles), cy + dist * np.sin(angles)
        assert (shapely.intersects_xy(r.geom, px, py) == inside).all(), dist
    assert r.kind == "circle"
    assert r.label == "circle 3.0 km around 104.61, 35.62"
    assert r.area_km2 == pytest.approx(math.pi * 9, rel=1e-3)
    assert r.params["radius_m"] == 3000.0


@pytest.mark.parametrize("radius", [0, -5, float("nan"), float("inf")])
def test_circle_bad_radius(radius: float) -> None:
    with pytest.raises(RegionError, match="radius must be a positive number"):
        Region.from_circle(*xy(), radius, CRS)
    with pytest.raises(RegionError, match="radius"):
        Region.from_circle_lonlat(LON, LAT, radius, CRS)


def test_circle_bad_centre() -> None:
    with pytest.raises(RegionError, match="centre must be finite"):
        Region.from_circle(float("nan"), 0.0, 100, CRS)
    with pytest.raises(RegionError, match="not longitude/latitude"):
        Region.from_circle_lonlat(512_345.0, 3_941_234.0, 100, CRS)


# --------------------------------------------------------------------------------- rectangles


def test_bbox_lonlat() -> None:
    r = Region.from_bbox_lonlat(104.5, 35.5, 104.7, 35.7, CRS)
    assert r.kind == "rect" and r.geom.is_valid
    # 0.2° × 0.2° at 35.6°N is about 18.1 km × 22.2 km
    assert r.area_km2 == pytest.approx(18.1 * 22.2, rel=0.02)
    x, y = xy(104.6, 35.6)
    assert r.geom.contains(shapely.Point(x, y))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((104.7, 35.5, 104.5, 35.7), "min < max"),
        ((104.5, 35.5, 104.5, 35.7), "min < max"),
        ((500_000.0, 3_900_000.0, 510_000.0, 3_910_000.0), "projected metres"),
        ((104.5, 95.0, 104.7, 96.0), "not longitude/latitude"),
        ((float("nan"), 35.5, 104.7, 35.7), "finite"),
    ],
)
def test_bbox_lonlat_errors(args: tuple, message: str) -> None:
    with pytest.raises(RegionError, match=message):
        Region.from_bbox_lonlat(*args, CRS)


def test_rect_any_corner_order() -> None:
    a = Region.from_rect(0, 0, 2000, 1000, CRS)
    b = Region.from_rect(2000, 1000, 0, 0, CRS)
    c = Region.from_rect(0, 1000, 2000, 0, CRS)
    assert a.geom.equals(b.geom) and a.geom.equals(c.geom)
    assert a.area_km2 == pytest.approx(2.0)
    assert a.label == "rectangle 2.0 km × 1.0 km"
    with pytest.raises(RegionError, match="no area"):
        Region.from_rect(0, 0, 0, 100, CRS)
    with pytest.raises(RegionError, match="finite"):
        Region.from_rect(0, 0, float("inf"), 100, CRS)


# ----------------------------------------------------------------------------------- polygons


def test_polygon_empty() -> None:
    with pytest.raises(RegionError, match="empty"):
        Region.from_polygon(shapely.Polygon(), CRS)
    with pytest.raises(RegionError, match="no geometry"):
        Region.from_polygon(None, CRS)
    with pytest.raises(RegionError, match="empty"):
        Region.from_polygon_lonlat(shapely.Polygon(), CRS)


def test_polygon_self_intersecting_is_repaired_with_a_note() -> None:
    bowtie = shapely.Polygon([(0, 0), (1000, 1000), (1000, 0), (0, 1000)])
    assert not bowtie.is_valid
    r = Region.from_polygon(bowtie, CRS, kind="lasso")
    assert r.geom.is_valid and r.kind == "lasso"
    assert r.area_km2 == pytest.approx(0.5)  # both lobes kept
    assert r.notes == ("the lasso intersected itself; repaired with make_valid",)


def test_polygon_without_area() -> None:
    flat = shapely.Polygon([(0, 0), (1000, 0), (2000, 0), (0, 0)])
    with pytest.raises(RegionError, match="no area"):
        Region.from_polygon(flat, CRS)
    with pytest.raises(RegionError, match="LineString has no area"):
        Region.from_polygon(shapely.LineString([(0, 0), (1, 1)]), CRS)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # shapely warns when making it
        with_nan = shapely.Polygon([(0, 0), (1, float("nan")), (1, 0)])
    with pytest.raises(RegionError, match="not finite"):
        Region.from_polygon(with_nan, CRS)
    with pytest.raises(RegionError, match="unknown region kind"):
        Region.from_polygon(shapely.box(0, 0, 1, 1), CRS, kind="blob")


def test_polygon_lonlat() -> None:
    deg = shapely.box(104.5, 35.5, 104.6, 35.6)
    r = Region.from_polygon_lonlat(deg, CRS)
    assert r.geom.contains(shapely.Point(*xy(104.55, 35.55)))
    with pytest.raises(RegionError, match="projected metres"):
        Region.from_polygon_lonlat(shapely.box(500_000, 3_900_000, 501_000, 3_901_000), CRS)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.floats(-1e4, 1e4), st.floats(-1e4, 1e4)), min_size=3, max_size=12))
def test_any_ring_gives_a_valid_area_or_a_region_error(pts: list[tuple[float, float]]) -> None:
    try:
        r = Region.from_polygon(shapely.Polygon(pts), CRS)
    except RegionError as exc:
        assert "\n" not in str(exc)
        return
    assert r.geom.is_valid and r.geom.area > 0
    assert shapely.get_type_id(r.geom) in (3, 6)
    assert bool(r.notes) == (not shapely.Polygon(pts).is_valid)


# ------------------------------------------------------------------------------------ GeoJSON

SQUARE = [[104.5, 35.5], [104.6, 35.5], [104.6, 35.6], [104.5, 35.6], [104.5, 35.5]]


def test_geojson_kinds() -> None:
    bare = {"type": "Polygon", "coordinates": [SQUARE]}
    feature = {"type": "Feature", "properties": {"name": "x"}, "geometry": bare}
    other = [[104.7, 35.7], [104.8, 35.7], [104.8, 35.8], [104.7, 35.7]]
    fc = {
        "type": "FeatureCollection",
        "features": [
            feature,
            {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [other]}},
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [104.5, 35.5]}},
            {"type": "Feature", "geometry": None},
        ],
    }
    a = Region.from_geojson(json.dumps(bare), CRS)
    b = Region.from_geojson(feature, CRS)
    c = Region.from_geojson(json.dumps(fc).encode(), CRS)
    assert a.geom.equals(b.geom) and a.kind == "polygon"
    assert c.area_km2 > a.area_km2 and c.geom.geom_type == "MultiPolygon"
    assert "1 non-polygon geometries ignored" in c.notes


def test_geojson_malformed_json_names_line_and_column() -> None:
    text = '{"type": "Feature",\n  "geometry": {"type": "Polygon", "coordinates": [[1, 2],]}}'
    with pytest.raises(RegionError, match=r"malformed GeoJSON at line 2 column \d+"):
        Region.from_geojson(text, CRS)


@pytest.mark.parametrize(
    ("obj", "message"),
    [
        ({"type": "Point", "coordinates": [104.5, 35.5]}, "no polygon .found Point"),
        ({"type": "FeatureCollection", "features": []}, "no geometry"),
        ({"type": "FeatureCollection"}, "malformed GeoJSON FeatureCollection"),
        ({"type": "Polygon", "coordinates": [[[104.5, 35.5], [104.6, 35.5]]]}, "malformed"),
        ({"type": "Circle"}, "not a FeatureCollection, Feature or geometry"),
        ([1, 2], "must be an object"),
        (
            {
                "type": "Polygon",
                "coordinates": [[[5e5, 3.9e6], [5.1e5, 3.9e6], [5.1e5, 3.91e6], [5e5, 3.9e6]]],
            },
            "look like projected metres",
        ),
    ],
)
def test_geojson_errors(obj: object, message: str) -> None:
    with pytest.raises(RegionError, match=message):
        Region.from_geojson(json.dumps(obj), CRS)


def test_geojson_round_trip() -> None:
    r = Region.from_circle_lonlat(LON, LAT, 2000, CRS)
    feature = r.to_geojson_lonlat()
    assert feature["properties"]["kind"] == "circle"
    assert feature["properties"]["label"] == r.label
    json.dumps(feature)  # JSON-able as it stands
    back = Region.from_geojson(feature, CRS)
    assert back.area_km2 == pytest.approx(r.area_km2, rel=1e-6)
    lon, lat = np.asarray(feature["geometry"]["coordinates"][0]).mean(axis=0)
    assert (lon, lat) == pytest.approx((LON, LAT), abs=1e-3)


# ---------------------------------------------------------------------------------- districts


def _district(code: str, name: str, name_en: str, i: int) -> DistrictRecord:
    return DistrictRecord(
        code, name, name_en, "township", "620100", shapely.box(i * 1000, 0, i * 1000 + 900, 900)
    )


DISTRICTS = [
    _district("620102001", "城关镇", "Chengguan", 0),
    _district("620102002", "城北镇", "Chengbei", 1),
    _district("620103001", "石门乡", "Shimen", 2),
    _district("620103002", "岚河镇", "Lanhe", 3),
    _district("620104001", "新城街道", "Xincheng", 4),
]


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("620103001", "620103001"),  # code
        ("石门乡", "620103001"),  # exact name
        ("  岚河镇 ", "620103002"),
        ("lanhe", "620103002"),  # English name, any case
        ("石门", "620103001"),  # unique prefix
        ("新城", "620104001"),
        ("街道", "620104001"),  # unique substring
    ],
)
def test_district_match(query: str, code: str) -> None:
    r = Region.from_district(DISTRICTS, query, CRS)
    assert r.params["code"] == code and r.kind == "district"
    assert r.label.startswith("district ") and code in r.label


def test_district_ambiguous_lists_candidates() -> None:
    with pytest.raises(RegionError, match="ambiguous") as err:
        Region.from_district(DISTRICTS, "城", CRS)
    msg = str(err.value)
    # prefix matches come before substring ones, so 新城街道 is not offered
    assert "城关镇 (620102001)" in msg and "城北镇 (620102002)" in msg and "新城" not in msg
    with pytest.raises(RegionError, match=r"'镇' is ambiguous: it matches 城关镇.*城北镇.*岚河镇"):
        Region.from_district(DISTRICTS, "镇", CRS)


def test_district_unknown() -> None:
    with pytest.raises(
        RegionError, match=r"no district with code or name '石门镇'.*close names: 石门乡"
    ):
        Region.from_district(DISTRICTS, "石门镇", CRS)
    with pytest.raises(RegionError, match="give a code or a name"):
        Region.from_district(DISTRICTS, " ", CRS)


# ------------------------------------------------------------------------ buffers and patrols


def test_buffer_around_sites_and_along_route() -> None:
    sites = [shapely.Point(0, 0), shapely.Point(5000, 0), None, shapely.Point()]
    r = Region.from_buffer(sites, 500, CRS)
    assert r.kind == "buffer" and r.label == "500 m around 2 sites"
    assert r.area_km2 == pytest.approx(2 * math.pi * 0.25, rel=0.01)
    route = Region.from_buffer([shapely.LineString([(0, 0), (10_000, 0)])], 200, CRS)
    assert route.label == "200 m along a route of 10.0 km"
    assert route.geom.contains(shapely.Point(5000, 199))
    assert not route.geom.intersects(shapely.Point(5000, 201))


def test_buffer_errors() -> None:
    with pytest.raises(RegionError, match="buffer distance must be a positive"):
        Region.from_buffer([shapely.Point(0, 0)], 0, CRS)
    with pytest.raises(RegionError, match="buffer distance"):
        Region.from_buffer([shapely.Point(0, 0)], float("nan"), CRS)
    with pytest.raises(RegionError, match="nothing selected"):
        Region.from_buffer([], 100, CRS)
    with pytest.raises(RegionError, match="nothing selected"):
        Region.from_buffer([None, shapely.Point()], 100, CRS)


def test_patrol_area() -> None:
    route = shapely.LineString([(0, 0), (3000, 0)])
    r = Region.from_patrol_area("清明护林 1 组", route, 300, CRS)
    assert r.kind == "patrol" and r.label == "patrol area 清明护林 1 组"
    assert r.params == {"name": "清明护林 1 组", "buffer_m": 300.0}
    assert r.geom.contains(shapely.Point(1500, 299))
    with pytest.raises(RegionError, match="needs a buffer distance"):
        Region.from_patrol_area("r", route, 0, CRS)
    area = Region.from_patrol_area("a", shapely.box(0, 0, 100, 100), 0, CRS)
    assert area.area_km2 == pytest.approx(0.01)
    with pytest.raises(RegionError, match="no geometry"):
        Region.from_patrol_area("a", None, 0, CRS)


def test_whole_city_and_frozen() -> None:
    r = Region.whole(shapely.box(0, 0, 1000, 1000), CRS)
    assert r.kind == "city" and r.label == "whole city" and r.crs == CRS
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.kind = "rect"  # type: ignore[misc]
