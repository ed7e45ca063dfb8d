"""The compiled exact test of a region's boundary band (riskmap.core.band_jit) against GEOS.

Once the nearest grid is built (`prepare_nearest`), region queries decide the sites near the
region's boundary with float64 orientation signs certified by an error bound, and hand the
undecidable ones to GEOS. Every answer must equal `shapely.intersects` — especially where
the geometry is degenerate: touching, collinear, a vertex on the boundary.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import shapely
import shapely.affinity
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskmap.core import index_kernels
from riskmap.core.index import SpatialIndex
from riskmap.core.near_grid import band_intersects, region_boundary

SETTINGS = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
STEP = 100.0  # lattice: coordinates on it are exact, so "on the boundary" is exactly on it


def brute(region: shapely.Geometry, geoms: np.ndarray) -> np.ndarray:
    return shapely.intersects(region, geoms)


def regions() -> dict[str, shapely.Geometry]:
    lattice_poly = shapely.Polygon(
        [(0, 0), (2000, 0), (2000, 1000), (1000, 1000), (1000, 2000), (0, 2000)]
    )
    holed = shapely.Polygon(
        [(0, 0), (3000, 0), (3000, 3000), (0, 3000)],
        [[(1000, 1000), (2000, 1000), (2000, 2000), (1000, 2000)]],
    )
    multi = shapely.MultiPolygon(
        [shapely.box(0, 0, 1000, 1000), shapely.box(2000, 0, 3000, 1000).buffer(0)]
    )
    diagonal = shapely.Polygon([(0, 0), (1000, 1000), (0, 2000), (-1000, 1000)])
    return {
        "lattice": lattice_poly,
        "holed": holed,
        "multi": multi,
        "diagonal": diagonal,
        "circle": shapely.Point(500.0, 700.0).buffer(900.0, quad_segs=64),
    }


def degenerate_sites(region: shapely.Geometry, rng: np.random.Generator) -> list:
    """Sites on, along, across and just off the boundary of `region`, and around it whole."""
    out: list[shapely.Geometry] = []
    for ring in shapely.get_parts(shapely.boundary(region)):
        xy = shapely.get_coordinates(ring)
        for p, q in itertools.pairwise(xy):
            mid = (p + q) / 2
            d = q - p
            if not d.any():  # a repeated vertex: no edge to stand on
                out.append(shapely.Point(p))
                continue
            normal = np.array([-d[1], d[0]]) / np.hypot(*d)
            out += [
                shapely.Point(p),  # a vertex
                shapely.Point(mid),  # on an edge
                shapely.LineString([p, q]),  # along an edge (collinear, overlapping)
                shapely.LineString([p - d, p]),  # collinear, ending on a vertex
                shapely.LineString([p - d, p - d * 0.5]),  # collinear, short of the vertex
                shapely.LineString([mid, mid + normal * STEP]),  # ends on the boundary
                shapely.LineString([mid - normal * STEP, mid + normal * STEP]),  # crosses
                shapely.LineString([mid + normal * 1e-9, mid + normal * STEP]),  # just off
                shapely.LineString([mid - normal * 1e-9, mid - normal * STEP]),  # just off
                shapely.MultiPoint([mid + normal * STEP, mid - normal * STEP]),
                shapely.MultiPoint([mid + normal * STEP, q + normal * STEP]),
                shapely.MultiLineString([[p, p + normal * STEP], [q + d, q + d + normal]]),
                shapely.box(*(mid - STEP / 2), *(mid + STEP / 2)),  # straddles
                shapely.Polygon([p, q, q + normal * STEP, p + normal * STEP]),  # shares an edge
                shapely.Polygon([p, p + d * 0.25 + normal * STEP, p + normal * STEP]),
                shapely.Point(mid).buffer(STEP * rng.uniform(0.1, 3), quad_segs=3),
            ]
    x0, y0, x1, y1 = shapely.bounds(region)
    w, h = x1 - x0, y1 - y0
    out += [
        shapely.box(x0 - w, y0 - h, x1 + w, y1 + h),  # holds the whole region
        shapely.box(x0 - w, y0 - h, x1 + w, y1 + h).difference(shapely.box(x0, y0, x1, y1)),
        shapely.box(x1, y0, x1 + w, y1),  # meets the bbox edge
        shapely.Point(x1 + 1e-9, (y0 + y1) / 2),
        shapely.LineString([(x0 - w, y0 - 1), (x1 + w, y0 - 1)]),  # passes under it
        shapely.GeometryCollection(
            [shapely.Point(x0, y0), shapely.LineString([(x1, y1), (x1, y0)])]
        ),
        shapely.LineString(),
    ]
    for _ in range(300):  # random short shapes near the boundary, some snapped to the lattice
        c = rng.uniform((x0 - 200, y0 - 200), (x1 + 200, y1 + 200))
        xy = c + rng.normal(0, 150, (int(rng.integers(2, 6)), 2))
        if rng.uniform() < 0.5:
            xy = np.round(xy / STEP) * STEP
        if len(np.unique(xy, axis=0)) > 1:
            out.append(shapely.LineString(xy))
        out.append(shapely.Point(np.round(c / STEP) * STEP))
    return out


def build(sites: list) -> tuple[SpatialIndex, np.ndarray]:
    geoms = np.array(sites, dtype=object)
    idx = SpatialIndex.build(geoms, np.arange(len(geoms), dtype=np.int64))
    idx.prepare_nearest()
    return idx, geoms


@pytest.mark.parametrize("name", sorted(regions()))
def test_degenerate_cases_equal_geos(name: str) -> None:
    region = regions()[name]
    idx, geoms = build(degenerate_sites(region, np.random.default_rng(3)))
    expected = np.flatnonzero(brute(region, geoms))
    np.testing.assert_array_equal(idx.query(region), expected)
    # the kernel on its own, every site: what it decides is GEOS's answer, and it leaves the
    # exactly-degenerate ones undecided rather than guessing
    s = idx._state.static
    grid = s.lazy["grid"]
    got = band_intersects(grid, region_boundary(region), np.arange(len(geoms)), s.bounds)
    exact = brute(region, s.geoms)
    decided = got != 2
    np.testing.assert_array_equal(got[decided] == 1, exact[decided])
    assert (got == 2).any()  # the collinear and on-vertex sites are left to GEOS
    assert decided.mean() > 0.5


def test_kernel_answers_common_cases_itself() -> None:
    """Plainly inside, outside and crossing sites need no GEOS call."""
    region = shapely.Point(0.3, 0.1).buffer(1000.3, quad_segs=16)
    sites = [
        shapely.Point(10.5, 20.25),
        shapely.LineString([(-1500.5, 3.3), (1500.7, 4.1)]),
        shapely.LineString([(1200.1, 1200.3), (1500.2, 1700.9)]),
        shapely.Point(5.1, 2.3).buffer(200.7, quad_segs=4),
        shapely.box(-3000.1, -3000.3, 3000.7, 3000.9),
        shapely.LineString([(900.1, 900.3), (950.2, 990.9)]),
    ]
    idx, _ = build(sites)
    s = idx._state.static
    got = band_intersects(s.lazy["grid"], region_boundary(region), np.arange(len(sites)), s.bounds)
    np.testing.assert_array_equal(got, brute(region, s.geoms).astype(np.int8))


coord = st.floats(-3000, 3000)


@st.composite
def polygons(draw: st.DrawFn) -> shapely.Geometry:
    n = draw(st.integers(3, 12))
    cx, cy = draw(coord), draw(coord)
    ang = np.sort(np.array(draw(st.lists(st.floats(0, 6.28), min_size=n, max_size=n))))
    rad = np.array(draw(st.lists(st.floats(200, 3000), min_size=n, max_size=n)))
    xy = np.column_stack([cx + rad * np.cos(ang), cy + rad * np.sin(ang)])
    if draw(st.booleans()):
        xy = np.round(xy / STEP) * STEP
    poly = shapely.Polygon(xy)
    return poly if poly.is_valid and poly.area > 0 else shapely.box(cx, cy, cx + 900, cy + 700)


@SETTINGS
@given(region=polygons(), seed=st.integers(0, 2**32 - 1))
def test_random_polygons_equal_geos(region: shapely.Geometry, seed: int) -> None:
    rng = np.random.default_rng(seed)
    sites = degenerate_sites(region, rng)
    idx, geoms = build(sites)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(index_kernels, "CLASSIFY_PARALLEL_MIN", 50)  # exercise the split over threads
        got = idx.query(region)
    np.testing.assert_array_equal(got, np.flatnonzero(brute(region, geoms)))


def test_edits_after_the_grid_is_built() -> None:
    region = regions()["holed"]
    sites = degenerate_sites(region, np.random.default_rng(5))
    idx, geoms = build(sites)
    ids = np.arange(len(geoms), dtype=np.int64)
    live = dict(zip(ids.tolist(), geoms.tolist(), strict=True))
    rng = np.random.default_rng(9)
    for sid in rng.choice(ids, 40, replace=False).tolist():
        moved = shapely.affinity.translate(live[sid], 1000.0, 0.0)
        idx.update(sid, moved)
        live[sid] = moved
    for sid in rng.choice(ids, 40, replace=False).tolist():
        if sid in live:
            idx.delete(sid)
            del live[sid]
    live[10**6] = shapely.Point(1500.0, 500.0)
    idx.insert(10**6, live[10**6])
    keys = np.array(sorted(live))
    expected = keys[brute(region, np.array([live[k] for k in keys], dtype=object))]
    np.testing.assert_array_equal(idx.query(region), expected)


def test_invalid_region_left_to_geos() -> None:
    """A self-crossing ring has no inside of its own: GEOS's reading stands."""
    bow = shapely.Polygon([(0, 0), (1000, 1000), (1000, 0), (0, 1000)])
    idx, geoms = build(degenerate_sites(shapely.box(0, 0, 1000, 1000), np.random.default_rng(1)))
    np.testing.assert_array_equal(idx.query(bow), np.flatnonzero(brute(bow, geoms)))
