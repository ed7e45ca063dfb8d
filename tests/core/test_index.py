"""SpatialIndex: every query equals brute-force shapely over all sites, for every kind of region.

The fixture mixes lines, points and polygons, a share of them snapped to a 250 m lattice so that
lattice-aligned regions meet them exactly on their boundaries; each property example also adds
sites derived from the region itself (its vertices, edges, and shapes touching it from outside).
"""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskmap.core import index as index_mod
from riskmap.core import index_kernels
from riskmap.core.index import SpatialIndex, hilbert_keys
from riskmap.core.region import Region

CRS = "EPSG:4542"
SIZE = 20_000.0
LATTICE = 250.0
N_LAYERS = 6
SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)


def make_sites(n: int = 8000, seed: int = 7) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    n_line, n_pt = int(n * 0.6), int(n * 0.25)
    n_poly = n - n_line - n_pt
    geoms: list[shapely.Geometry] = []
    for i in range(n_line):
        nv = int(rng.integers(2, 12))
        start = rng.uniform(0, SIZE, 2)
        steps = rng.normal(0, 200, (nv, 2))
        steps[0] = 0
        xy = start + np.cumsum(steps, axis=0)
        if i % 3 == 0:
            xy = np.round(xy / LATTICE) * LATTICE
            if len(np.unique(xy, axis=0)) < 2:
                xy[-1] += LATTICE
        geoms.append(shapely.LineString(xy))
    for i in range(n_pt):
        xy = rng.uniform(0, SIZE, 2)
        geoms.append(shapely.Point(np.round(xy / LATTICE) * LATTICE if i % 2 else xy))
    for i in range(n_poly):
        c = rng.uniform(0, SIZE, 2)
        if i % 2:
            c = np.round(c / LATTICE) * LATTICE
            w, h = LATTICE * rng.integers(1, 4, 2)
            geoms.append(shapely.box(c[0], c[1], c[0] + w, c[1] + h))
        else:
            geoms.append(shapely.Point(c).buffer(rng.uniform(20, 400), quad_segs=3))
    geoms[5] = shapely.LineString()  # an empty geometry never matches
    # collapsed onto one point: their zero-size bbox is the point
    for i in range(6, 40):
        xy = np.round(rng.uniform(0, SIZE, 2) / LATTICE) * LATTICE
        geoms[i] = shapely.LineString([xy, xy]) if i % 2 else shapely.MultiPoint([xy, xy])
    arr = np.empty(n, dtype=object)
    arr[:] = geoms
    order = rng.permutation(n)
    ids = rng.choice(10**9, n, replace=False).astype(np.int64)
    # skewed layers: layer 5 is small enough to get a tree of its own
    layers = rng.choice(N_LAYERS, n, p=[0.35, 0.25, 0.2, 0.1, 0.09, 0.01]).astype(np.int16)
    return arr[order], ids, layers


GEOMS, IDS, LAYERS = make_sites()


@pytest.fixture(scope="module")
def base_index() -> SpatialIndex:
    return SpatialIndex.build(GEOMS, IDS, LAYERS)


def brute(region: shapely.Geometry, geoms: np.ndarray, ids: np.ndarray) -> np.ndarray:
    return np.sort(ids[shapely.intersects(region, geoms)])


# ------------------------------------------------------------------------------------- regions

coord = st.floats(0, SIZE)
lattice = st.integers(0, int(SIZE / LATTICE)).map(lambda i: i * LATTICE)


@st.composite
def star_polygon(draw: st.DrawFn, snap: bool = False) -> shapely.Geometry:
    n = draw(st.integers(3, 14))
    cx, cy = draw(coord), draw(coord)
    angles = np.sort(np.array(draw(st.lists(st.floats(0, 2 * np.pi), min_size=n, max_size=n))))
    radii = np.array(draw(st.lists(st.floats(300, 6000), min_size=n, max_size=n)))
    xy = np.column_stack([cx + radii * np.cos(angles), cy + radii * np.sin(angles)])
    if snap:
        xy = np.round(xy / LATTICE) * LATTICE
    return shapely.Polygon(xy)


@st.composite
def regions(draw: st.DrawFn) -> Region:
    kind = draw(
        st.sampled_from(
            [
                "rect",
                "rect_lattice",
                "polygon",
                "polygon_lattice",
                "selfcross",
                "circle",
                "buffer_sites",
                "buffer_line",
                "district",
                "multi_hole",
            ]
        )
    )
    if kind == "rect":
        x0, y0 = draw(coord), draw(coord)
        w, h = draw(st.floats(1, 9000)), draw(st.floats(1, 9000))
        return Region.from_rect(x0 + w, y0, x0, y0 + h, CRS)  # any corner order
    if kind == "rect_lattice":
        x0, y0 = draw(lattice), draw(lattice)
        return Region.from_rect(
            x0, y0, x0 + draw(lattice) + LATTICE, y0 + draw(lattice) + LATTICE, CRS
        )
    if kind in ("polygon", "polygon_lattice"):
        poly = draw(star_polygon(snap=kind == "polygon_lattice"))
        if shapely.get_dimensions(poly) < 2 or shapely.make_valid(poly).area == 0:
            poly = shapely.box(0, 0, 5000, 5000)
        return Region.from_polygon(poly, CRS, "lasso")
    if kind == "selfcross":
        n = draw(st.integers(4, 10))
        pts = draw(st.lists(st.tuples(coord, coord), min_size=n, max_size=n))
        poly = shapely.Polygon(pts)
        if shapely.make_valid(poly).area < 1.0:
            poly = shapely.Polygon([(1000, 1000), (9000, 9000), (9000, 1000), (1000, 9000)])
        return Region.from_polygon(poly, CRS)
    if kind == "circle":
        return Region.from_circle(draw(coord), draw(coord), draw(st.floats(50, 9000)), CRS)
    if kind == "buffer_sites":
        picks = draw(st.lists(st.integers(0, len(GEOMS) - 1), min_size=1, max_size=30))
        return Region.from_buffer(GEOMS[picks], draw(st.floats(10, 1500)), CRS)
    if kind == "buffer_line":
        pts = draw(st.lists(st.tuples(coord, coord), min_size=2, max_size=8, unique=True))
        return Region.from_buffer([shapely.LineString(pts)], draw(st.floats(10, 1500)), CRS)
    if kind == "district":
        seeds = shapely.multipoints(
            np.array(draw(st.lists(st.tuples(coord, coord), min_size=4, max_size=12, unique=True)))
        )
        cells = shapely.get_parts(
            shapely.voronoi_polygons(seeds, extend_to=shapely.box(0, 0, SIZE, SIZE))
        )
        cell = shapely.intersection(
            cells[draw(st.integers(0, len(cells) - 1))], shapely.box(0, 0, SIZE, SIZE)
        )
        return Region.from_polygon(cell, CRS, "district")
    outer = draw(star_polygon())
    outer = shapely.make_valid(outer) if not outer.is_valid else outer
    hole = shapely.buffer(shapely.centroid(outer), draw(st.floats(100, 2000)))
    other = shapely.Point(draw(coord), draw(coord)).buffer(draw(st.floats(200, 3000)), quad_segs=4)
    return Region.from_polygon(shapely.union_all([shapely.difference(outer, hole), other]), CRS)


def touching_sites(region: shapely.Geometry, rng: np.random.Generator) -> list[shapely.Geometry]:
    """Sites lying exactly on the region's boundary or touching it from outside."""
    ring = shapely.get_coordinates(shapely.boundary(region))
    out: list[shapely.Geometry] = []
    picks = rng.choice(len(ring), min(len(ring), 40), replace=False)
    for a in picks:
        p = ring[a]
        q = ring[(a + 1) % len(ring)]
        out.append(shapely.Point(p))
        if not np.array_equal(p, q):
            out.append(shapely.LineString([p, q]))  # on an edge
            out.append(shapely.Point((p + q) / 2))
    # small shapes across, along and just off the edges: they fit between the boundary raster's
    # marked cells, where a wrong inside/outside shortcut would show
    edges = np.flatnonzero(np.any(ring[1:] != ring[:-1], axis=1))
    for e in rng.choice(edges, min(len(edges), 150)):
        p, q = ring[e], ring[e + 1]
        t = rng.uniform()
        on = p + t * (q - p)
        normal = np.array([p[1] - q[1], q[0] - p[0]]) / np.hypot(*(q - p))
        eps = 10 ** rng.uniform(-2, 1.5)
        out.append(shapely.LineString([on - eps * normal, on + eps * normal]))
        out.append(shapely.box(*(on - eps), *(on + eps)))
        off = on + normal * eps * rng.choice([-1.01, 1.01, 0.5, -0.5])
        out.append(shapely.box(*(off - eps * 0.3), *(off + eps * 0.3)))
        out.append(shapely.LineString([on, on + eps * normal]))
    x0, y0, x1, y1 = shapely.bounds(region)
    for y in rng.uniform(y0, y1, 10):  # barely outside the bbox, barely inside
        out.append(shapely.box(x0 - 0.5, y, x0 - 0.1, y + 10))
        out.append(shapely.box(x1 + 0.1, y, x1 + 0.5, y + 10))
        out.append(shapely.box(x0 + 0.1, y, x0 + 0.5, y + 10))
    xy = shapely.get_coordinates(region)
    right = xy[np.argmax(xy[:, 0])]
    top = xy[np.argmax(xy[:, 1])]
    out += [
        shapely.box(right[0], right[1] - 50, right[0] + 300, right[1] + 50),  # touches at a vertex
        shapely.LineString([right + np.array([400.0, 0.0]), right]),  # ends on the boundary
        shapely.LineString(
            [top + np.array([-200, 0.001]), top + np.array([200, 0.001])]
        ),  # just misses
        shapely.box(x1, y0, x1 + 100, y1),  # meets the bbox edge
        shapely.Point(x1 + 1e-9, (y0 + y1) / 2),
        shapely.box(x0 - 500, y0 - 500, x1 + 500, y1 + 500),  # holds the whole region
    ]
    return out


# --------------------------------------------------------------------------------- properties


@SETTINGS
@given(
    region=regions(),
    seed=st.integers(0, 2**32 - 1),
    grid=st.sampled_from([4, 64, 256]),
    compiled=st.booleans(),
)
def test_query_equals_brute_force(region: Region, seed: int, grid: int, compiled: bool) -> None:
    rng = np.random.default_rng(seed)
    extra = touching_sites(region.geom, rng)
    geoms = np.concatenate([GEOMS, np.array(extra, dtype=object)])
    ids = np.concatenate([IDS, 10**10 + np.arange(len(extra))])
    layers = np.concatenate([LAYERS, np.zeros(len(extra), np.int16)])
    idx = SpatialIndex.build(geoms, ids, layers)
    if compiled:  # the band decided by the compiled test over the nearest grid's vertices
        idx.prepare_nearest()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(index_kernels, "GRID_CELLS", grid)
        mp.setattr(index_kernels, "PARALLEL_MIN", 40)  # exercise the split over threads
        mp.setattr(index_kernels, "CLASSIFY_PARALLEL_MIN", 400)
        got = idx.query(region)
    np.testing.assert_array_equal(got, brute(region.geom, geoms, ids))


@SETTINGS
@given(region=regions(), layers=st.lists(st.integers(0, N_LAYERS), max_size=3, unique=True))
def test_query_layers(base_index: SpatialIndex, region: Region, layers: list[int]) -> None:
    keep = np.isin(LAYERS, layers)
    expect = brute(region.geom, GEOMS[keep], IDS[keep])
    np.testing.assert_array_equal(base_index.query(region, layers), expect)
    np.testing.assert_array_equal(base_index.query(region.geom, np.array(layers)), expect)


@SETTINGS
@given(x0=coord, y0=coord, x1=coord, y1=coord, layers=st.none() | st.lists(st.integers(0, 5)))
def test_query_bbox(base_index: SpatialIndex, x0, y0, x1, y1, layers) -> None:
    box = (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
    b = shapely.bounds(GEOMS)
    keep = (b[:, 0] <= box[2]) & (b[:, 2] >= box[0]) & (b[:, 1] <= box[3]) & (b[:, 3] >= box[1])
    if layers is not None:
        keep &= np.isin(LAYERS, layers)
    np.testing.assert_array_equal(base_index.query_bbox(*box, layers=layers), np.sort(IDS[keep]))


def brute_nearest(geoms, ids, layers, x, y, k, wanted=None, max_distance=None):
    d = shapely.distance(geoms, shapely.Point(x, y))
    keep = ~np.isnan(d)
    if wanted is not None:
        keep &= np.isin(layers, wanted)
    if max_distance is not None:
        keep &= d <= max_distance
    ids, d = ids[keep], d[keep]
    order = np.lexsort((ids, d))[:k]
    return ids[order], d[order]


point = st.tuples(st.floats(-3000, SIZE + 3000), st.floats(-3000, SIZE + 3000)) | st.tuples(
    lattice, lattice
)


@SETTINGS
@given(
    xy=point,
    k=st.integers(1, 25),
    layers=st.none() | st.lists(st.integers(0, 5), max_size=2, unique=True),
    max_distance=st.none() | st.floats(0, 3000),
)
def test_nearest_equals_brute_force(base_index: SpatialIndex, xy, k, layers, max_distance):
    ids, d = base_index.nearest(*xy, k=k, layers=layers, max_distance=max_distance)
    eids, ed = brute_nearest(GEOMS, IDS, LAYERS, *xy, k, layers, max_distance)
    np.testing.assert_array_equal(ids, eids)
    np.testing.assert_array_equal(d, ed)


def test_nearest_ties_by_id() -> None:
    # four points at the same distance: the order is by id
    pts = np.array(
        [shapely.Point(10, 0), shapely.Point(0, 10), shapely.Point(-10, 0), shapely.Point(0, -10)]
    )
    idx = SpatialIndex.build(pts, np.array([40, 10, 30, 20]))
    ids, d = idx.nearest(0, 0, k=3)
    assert ids.tolist() == [10, 20, 30] and d.tolist() == [10.0, 10.0, 10.0]


def test_nearest_small_and_empty() -> None:
    idx = SpatialIndex.build(np.array([shapely.Point(0, 0)]), np.array([1]))
    assert idx.nearest(5, 0, k=10)[0].tolist() == [1]
    assert idx.nearest(5, 0, k=10, max_distance=4)[0].tolist() == []
    assert idx.nearest(5, 0, k=10, layers=[])[0].tolist() == []
    empty = SpatialIndex.build(np.array([], dtype=object), np.array([], dtype=np.int64))
    assert len(empty) == 0 and empty.nearest(0, 0)[0].size == 0
    assert empty.query(shapely.box(0, 0, 1, 1)).size == 0
    with pytest.raises(ValueError):
        idx.nearest(float("nan"), 0)


# -------------------------------------------------------------------------------------- edits

edit = st.tuples(
    st.sampled_from(["insert", "update", "delete"]),
    st.integers(0, 10**6),
    coord,
    coord,
    st.integers(0, 2),
)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(ops=st.lists(edit, min_size=1, max_size=40), region=regions(), xy=point)
def test_edits_reflected(ops, region: Region, xy) -> None:
    n = 3000
    geoms, ids, layers = GEOMS[:n].copy(), IDS[:n].copy(), LAYERS[:n].copy()
    model = {int(i): (g, int(lay)) for g, i, lay in zip(geoms, ids, layers, strict=True)}
    idx = SpatialIndex.build(geoms, ids, layers)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(index_mod, "DELTA_MAX", 16)  # compaction happens within the run
        for op, pick, x, y, shape_kind in ops:
            geom = [
                shapely.Point(x, y),
                shapely.LineString([(x, y), (x + 300, y - 200)]),
                shapely.box(x, y, x + 150, y + 150),
            ][shape_kind]
            existing = sorted(model)
            if op == "insert":
                sid = 2 * 10**9 + pick
                if sid in model:
                    with pytest.raises(KeyError):
                        idx.insert(sid, geom, shape_kind)
                    continue
                idx.insert(sid, geom, shape_kind)
                model[sid] = (geom, shape_kind)
            elif op == "update":
                sid = existing[pick % len(existing)]
                idx.update(sid, geom, shape_kind)
                model[sid] = (geom, shape_kind)
            else:
                sid = existing[pick % len(existing)]
                idx.delete(sid)
                del model[sid]
                with pytest.raises(KeyError):
                    idx.delete(sid)
            assert len(idx) == len(model)
    mids = np.array(sorted(model), dtype=np.int64)
    mgeoms = np.array([model[i][0] for i in mids], dtype=object)
    mlayers = np.array([model[i][1] for i in mids], dtype=np.int16)
    np.testing.assert_array_equal(idx.query(region), brute(region.geom, mgeoms, mids))
    sel = np.isin(mlayers, [1, 2])
    np.testing.assert_array_equal(
        idx.query(region, [1, 2]), brute(region.geom, mgeoms[sel], mids[sel])
    )
    got = idx.nearest(*xy, k=12)
    exp = brute_nearest(mgeoms, mids, mlayers, *xy, 12)
    np.testing.assert_array_equal(got[0], exp[0])
    np.testing.assert_array_equal(got[1], exp[1])
    got = idx.nearest(*xy, k=5, layers=[2])
    exp = brute_nearest(mgeoms, mids, mlayers, *xy, 5, [2])
    np.testing.assert_array_equal(got[0], exp[0])
    for sid in mids[:20]:
        assert idx.geometry(int(sid)).equals(model[int(sid)][0])
        assert idx.layer_of(int(sid)) == model[int(sid)][1]


def test_edit_api(base_index: SpatialIndex) -> None:
    idx = SpatialIndex.build(GEOMS[:100], IDS[:100], LAYERS[:100])
    sid = int(IDS[0])
    far = shapely.Point(10**6, 10**6)
    idx.update(sid, far, 4)
    assert idx.layer_of(sid) == 4 and idx.geometry(sid) is far
    assert idx.query(shapely.Point(10**6, 10**6).buffer(1)).tolist() == [sid]
    assert idx.nearest(10**6, 10**6, k=1)[0].tolist() == [sid]
    idx.update(sid, far)  # keeps the layer
    assert idx.layer_of(sid) == 4
    idx.delete(sid)
    assert sid not in idx and len(idx) == 99
    with pytest.raises(KeyError):
        idx.geometry(sid)
    with pytest.raises(KeyError):
        idx.update(sid, far)
    with pytest.raises(KeyError):
        idx.insert(int(IDS[1]), far)
    with pytest.raises(TypeError):
        idx.insert(sid, None, 1)  # type: ignore[arg-type]
    idx.insert(sid, far, 1)
    assert idx.bounds[2] == 10**6
    idx.compact()
    assert (
        len(idx) == 100
        and idx.layer_of(sid) == 1
        and idx.query_bbox(-1e5, -1e5, 1e5, 1e5).size == 99
    )
    assert base_index.bounds == tuple(shapely.total_bounds(GEOMS))


def test_build_checks() -> None:
    with pytest.raises(ValueError, match="unique"):
        SpatialIndex.build(GEOMS[:3], np.array([1, 2, 1]))
    with pytest.raises(ValueError, match="length"):
        SpatialIndex.build(GEOMS[:3], np.array([1, 2]))
    with pytest.raises(TypeError):
        SpatialIndex.build(GEOMS[:3], np.array([1, 2, 3])).query("POLYGON EMPTY")  # type: ignore[arg-type]


@pytest.mark.parametrize("bits", [1, 2, 3, 5])
def test_hilbert_keys_are_a_curve(bits: int) -> None:
    # every cell once, and consecutive keys are neighbouring cells
    side = 2**bits
    xs, ys = np.meshgrid(np.arange(float(side)), np.arange(float(side)))
    keys = hilbert_keys(xs.ravel(), ys.ravel(), (0, 0, side - 1, side - 1), bits=bits)
    assert sorted(keys.tolist()) == list(range(side * side))
    cells = np.column_stack([xs.ravel(), ys.ravel()])[np.argsort(keys)]
    assert (np.abs(np.diff(cells, axis=0)).sum(axis=1) == 1).all()
    assert keys[0] == 0  # the curve starts at the extent's lower left


def test_nearest_inside_holes_and_parts() -> None:
    # a point inside a polygon is at distance 0 from it; inside its hole it is not, and a
    # multipolygon counts every part (the grid's even-odd test must agree with GEOS)
    ring = shapely.Polygon(
        [(0, 0), (100, 0), (100, 100), (0, 100)], [[(30, 30), (70, 30), (70, 70), (30, 70)]]
    )
    multi = shapely.MultiPolygon(
        [
            shapely.box(200, 0, 220, 20),
            shapely.box(300, 0, 320, 20).difference(shapely.box(305, 5, 315, 15)),
        ]
    )
    line = shapely.LineString([(-50, 50), (-10, 50)])
    geoms = np.array([ring, multi, line, shapely.Point(150, 50)], dtype=object)
    ids = np.array([1, 2, 3, 4])
    idx = SpatialIndex.build(geoms, ids)
    for xy in [(10, 10), (50, 50), (210, 10), (310, 10), (301, 1), (-30, 50), (1e7, -1e7)]:
        got = idx.nearest(*xy, k=4)
        exp = brute_nearest(geoms, ids, np.zeros(4), *xy, 4)
        np.testing.assert_array_equal(got[0], exp[0])
        np.testing.assert_array_equal(got[1], exp[1])
    assert idx.nearest(50, 50, k=1)[1].tolist() == [20.0]  # in the hole: 20 m to its edge
    assert idx.nearest(10, 10, k=1)[0].tolist() == [1]


def test_nearest_far_from_every_site() -> None:
    # two dense towns 60 km apart: a point between them is hundreds of fine grid rings from
    # any site, where the coarse grid takes over; the answer must not change
    rng = np.random.default_rng(3)
    a = rng.uniform(0, 2000, (3000, 2))
    b = rng.uniform(0, 2000, (3000, 2)) + np.array([60_000.0, 5_000.0])
    geoms = np.concatenate([shapely.points(a), shapely.linestrings(np.stack([b, b + 30], 1))])
    ids = np.arange(len(geoms), dtype=np.int64) * 7
    idx = SpatialIndex.build(geoms, ids)
    for xy in [(30_000, 2_500), (45_000, 4_000), (1_000, 30_000), (61_000, 6_000)]:
        got = idx.nearest(*xy, k=7)
        exp = brute_nearest(geoms, ids, np.zeros(len(ids)), *xy, 7)
        np.testing.assert_array_equal(got[0], exp[0])
        np.testing.assert_array_equal(got[1], exp[1])
