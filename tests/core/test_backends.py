"""Property tests: the same question asked of the SQLite city (spatial index in memory) and of
the same city in PostGIS (the question pushed down to the database) gets the same answer."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskmap.core.dossier import Filters, build
from riskmap.core.incident import incident_report
from riskmap.core.region import Region

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def pair(demo_ws, demo_pg_ws):
    assert demo_pg_ws.spatial is not None and demo_ws.spatial is None
    return demo_ws, demo_pg_ws


def _city_box(ws) -> tuple[float, float, float, float]:
    return tuple(float(v) for v in shapely.bounds(ws.whole_region().geom))


fractions = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


@st.composite
def regions(draw, box):
    """A rectangle, a circle or an irregular polygon somewhere over the city, 200 m to 40 km."""
    x0, y0, x1, y1 = box
    cx, cy = x0 + draw(fractions) * (x1 - x0), y0 + draw(fractions) * (y1 - y0)
    size = draw(st.floats(min_value=200.0, max_value=40_000.0))
    kind = draw(st.sampled_from(["rect", "circle", "polygon"]))
    crs = "EPSG:4544"
    if kind == "rect":
        aspect = draw(st.floats(min_value=0.2, max_value=5.0))
        w, h = size, size / aspect
        return Region.from_rect(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, crs)
    if kind == "circle":
        return Region.from_circle(cx, cy, size / 2, crs)
    n = draw(st.integers(min_value=3, max_value=12))
    angles = sorted(draw(st.lists(fractions, min_size=n, max_size=n)))
    radii = draw(st.lists(st.floats(min_value=0.2, max_value=1.0), min_size=n, max_size=n))
    pts = [
        (cx + size / 2 * r * np.cos(2 * np.pi * a), cy + size / 2 * r * np.sin(2 * np.pi * a))
        for a, r in zip(angles, radii, strict=True)
    ]
    poly = shapely.Polygon(pts)
    if not poly.is_valid or poly.area < 1.0:
        poly = shapely.Point(cx, cy).buffer(size / 2)
    return Region.from_polygon(poly, crs)


def test_random_regions_give_the_same_dossier_on_both_backends(pair, demo_anchor) -> None:
    lite, pg = pair

    @SETTINGS
    @given(
        region=regions(_city_box(lite)),
        status=st.sampled_from(["all", "open", "overdue", "verified"]),
        layers=st.sampled_from([(), ("chemical_plants",), ("roads", "waterways", "dense_venues")]),
    )
    def check(region: Region, status: str, layers: tuple[str, ...]) -> None:
        f = Filters(layers=layers, status=status, as_of=demo_anchor)
        a, b = build(lite, region, f).to_json(), build(pg, region, f).to_json()
        assert a == b

    check()


def test_a_county_with_sites_is_not_an_empty_answer(pair, demo_anchor) -> None:
    """Guards the property test against agreeing on nothing: real regions hold sites."""
    lite, pg = pair
    county = lite.counties()[0]
    region = Region.from_district(lite.districts, county.code, crs=lite.crs)
    d = build(pg, region, Filters(as_of=demo_anchor))
    assert len(d.sites) > 100 and d.hazards and d.units


def test_nearest_sites_agree(pair) -> None:
    lite, pg = pair
    x0, y0, x1, y1 = _city_box(lite)

    @SETTINGS
    @given(fx=fractions, fy=fractions, k=st.integers(min_value=1, max_value=25))
    def check(fx: float, fy: float, k: int) -> None:
        x, y = x0 + fx * (x1 - x0), y0 + fy * (y1 - y0)
        ids_a, d_a = lite.index.nearest(x, y, k)
        ids_b, d_b = pg.spatial.nearest(x, y, k)
        np.testing.assert_allclose(d_b, d_a, rtol=0, atol=1e-6)
        assert list(ids_a) == list(ids_b)  # ties by id on both

    check()


def test_incident_rings_and_nearest_resources_agree(pair, demo_anchor) -> None:
    lite, pg = pair
    x0, y0, x1, y1 = _city_box(lite)

    @SETTINGS
    @given(fx=fractions, fy=fractions)
    def check(fx: float, fy: float) -> None:
        x, y = x0 + fx * (x1 - x0), y0 + fy * (y1 - y0)
        a = incident_report(lite, x, y, as_of=demo_anchor, wind_from=fx * 360)
        b = incident_report(pg, x, y, as_of=demo_anchor, wind_from=fx * 360)
        assert _rings(a) == _rings(b)
        assert _resources(a) == _resources(b)

    check()


def _rings(report) -> list:
    return [
        [(layer.layer, [(s.site_id, round(s.distance_m, 6), s.downwind) for s in layer.sites])
         for layer in ring.layers]
        + [[(r.site_id, round(r.distance_m, 6)) for r in ring.resources]]
        for ring in report.rings
    ]  # fmt: skip


def _resources(report) -> dict:
    return {
        kind: [(r.site_id, round(r.distance_m, 6)) for r in items]
        for kind, items in report.resources.items()
    }
