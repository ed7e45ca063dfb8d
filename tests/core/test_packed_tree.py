"""The packed Hilbert R-tree behind SpatialIndex: its candidates are exactly the boxes that meet
the query box (touching counts, NaN boxes never), ascending, checked against a brute-force
numpy test over the bounds written here, and against GEOS's STRtree on odd geometries."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from riskmap.core.index import SpatialIndex
from riskmap.core.packed_tree import PackedTree

NAN = np.nan


def brute(bounds: np.ndarray, box: tuple[float, float, float, float]) -> np.ndarray:
    """Rows of (n, 4) `bounds` whose box meets `box`, by four comparisons each."""
    b = np.asarray(bounds, dtype=np.float64).reshape(-1, 4)
    hit = (b[:, 0] <= box[2]) & (b[:, 2] >= box[0]) & (b[:, 1] <= box[3]) & (b[:, 3] >= box[1])
    return np.flatnonzero(hit)


def mixed_geoms(n: int, seed: int) -> np.ndarray:
    """Points, lines and boxes on a 10 m lattice (so query edges meet them exactly), some empty."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        xy = np.round(rng.uniform(0, 1000, 2), -1)
        kind = i % 5
        if kind == 0:
            out.append(shapely.Point(xy))
        elif kind == 1:
            steps = np.round(rng.normal(0, 40, (int(rng.integers(2, 6)), 2)), -1)
            steps[0] = 0
            out.append(shapely.LineString(xy + np.cumsum(steps, axis=0)))
        elif kind == 2:
            w, h = np.round(rng.uniform(0, 80, 2), -1)
            out.append(shapely.box(xy[0], xy[1], xy[0] + w, xy[1] + h))
        elif kind == 3:
            out.append(shapely.LineString([xy, xy]))  # collapsed: a zero-size box
        else:
            out.append(shapely.Point() if i % 15 == 4 else shapely.Point(xy + 0.5))
    return np.array(out, dtype=object)


def boxes(seed: int, count: int = 60) -> list[tuple[float, float, float, float]]:
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(count):
        x0, y0 = np.round(rng.uniform(-100, 1000, 2), -1)
        w, h = np.round(rng.uniform(0, 300, 2), -1) * (rng.random() < 0.9)  # some zero-size
        out.append((float(x0), float(y0), float(x0 + w), float(y0 + h)))
    out += [(-1e9, -1e9, 1e9, 1e9), (2000.0, 2000.0, 3000.0, 3000.0)]
    return out


@pytest.mark.parametrize("node", [2, 3, 16, 32])
@pytest.mark.parametrize("n", [0, 1, 2, 31, 32, 33, 1025, 3000])
def test_candidates_equal_brute_force(node: int, n: int) -> None:
    geoms = mixed_geoms(n, seed=n + node)
    bounds = shapely.bounds(geoms).reshape(-1, 4)
    tree = PackedTree(np.ascontiguousarray(bounds.T), node)
    for box in boxes(seed=n):
        got = tree.query(box)
        assert got.dtype == np.int64
        np.testing.assert_array_equal(got, brute(bounds, box))


def test_boxes_touching_the_query_box_edge() -> None:
    # a box left, right, below, above the query box, each sharing one edge or a corner only
    q = (10.0, 10.0, 20.0, 20.0)
    b = np.array(
        [
            [0, 12, 10, 14],  # meets the left edge
            [20, 12, 30, 14],  # the right edge
            [12, 0, 14, 10],  # the bottom edge
            [12, 20, 14, 30],  # the top edge
            [20, 20, 25, 25],  # the top-right corner
            [10, 10, 10, 10],  # a point on the bottom-left corner
            [20, 15, 20, 15],  # a point on the right edge
            [0, 0, 9.999999, 9.999999],  # just short of the corner
            [20.000001, 10, 30, 20],  # just right of the right edge
        ]
    )
    tree = PackedTree(np.ascontiguousarray(b.T), 2)
    np.testing.assert_array_equal(tree.query(q), [0, 1, 2, 3, 4, 5, 6])
    np.testing.assert_array_equal(tree.query((20, 20, 20, 20)), [4])  # a point query
    np.testing.assert_array_equal(tree.query((20, 14, 20, 15)), [1, 6])  # a zero-width box


def test_nan_boxes_never_match() -> None:
    b = np.array([[NAN] * 4, [0, 0, 1, 1], [NAN] * 4, [NAN] * 4, [5, NAN, 5, NAN], [2, 2, 3, 3]])
    for node in (2, 4):
        tree = PackedTree(np.ascontiguousarray(b.T), node)
        np.testing.assert_array_equal(tree.query((-10, -10, 10, 10)), [1, 5])
        np.testing.assert_array_equal(tree.query((1, 1, 2, 2)), [1, 5])
        assert len(tree.query((NAN, 0, 10, 10))) == 0
    only_nan = PackedTree(np.full((4, 40), NAN), 4)
    assert len(only_nan.query((-1e300, -1e300, 1e300, 1e300))) == 0


def test_same_candidates_as_geos_strtree_on_odd_geometries() -> None:
    # GEOS leaves empty and NaN-envelope geometries out of its tree; NaN vertices drop out of
    # an envelope; an all-NaN line spans everything. The packed tree gives the same answer.
    # (Not Point(1, NaN): GEOS files its half-NaN envelope, and its node's box then loses
    # neighbours; the packed tree returns those, as the brute force above does.)
    with np.errstate(invalid="ignore"):
        odd = [
            shapely.Point(NAN, NAN),
            shapely.LineString([(NAN, NAN), (1, 1), (2, 2)]),
            shapely.LineString([(1, 1), (NAN, NAN), (3, 3)]),
            shapely.Point(),
            shapely.Polygon(),
            shapely.LineString(),
            shapely.Point(1, 1),
            shapely.GeometryCollection([shapely.Point(5, 5), shapely.Point()]),
            shapely.MultiPoint([(0, 0), (NAN, NAN)]),
            shapely.box(2, 2, 4, 4),
        ]
    geoms = np.array(odd * 5, dtype=object)
    strtree = shapely.STRtree(geoms)
    tree = PackedTree(np.ascontiguousarray(shapely.bounds(geoms).T), 4)
    queries = [(0, 0, 10, 10), (1, 1, 1, 1), (-1, -1, 0, 0), (2, 2, 2, 2), (3, 3, 3, 3)]
    queries.append((4, 0, 9, 9))
    for q in queries:
        np.testing.assert_array_equal(tree.query(q), np.sort(strtree.query(shapely.box(*q))))


def test_rejects_bad_shapes() -> None:
    with pytest.raises(ValueError, match=r"\(4, n\)"):
        PackedTree(np.zeros((3, 5)))
    with pytest.raises(ValueError, match="at least 2"):
        PackedTree(np.zeros((4, 5)), 1)


# ---------------------------------------------------------------- through SpatialIndex


def index_brute(
    geoms: np.ndarray,
    ids: np.ndarray,
    layers: np.ndarray,
    box: tuple[float, float, float, float],
    wanted: set[int] | None = None,
) -> np.ndarray:
    keep = brute(shapely.bounds(geoms), box)
    if wanted is not None:
        keep = keep[np.isin(layers[keep], list(wanted))]
    return np.sort(ids[keep])


def test_query_bbox_no_site_and_one_site() -> None:
    none = SpatialIndex.build(np.zeros(0, object), np.zeros(0, np.int64))
    assert len(none.query_bbox(-1e9, -1e9, 1e9, 1e9)) == 0
    assert len(none.query(shapely.box(0, 0, 1, 1))) == 0
    one = SpatialIndex.build(np.array([shapely.Point(5, 5)], object), np.array([42]))
    np.testing.assert_array_equal(one.query_bbox(5, 5, 5, 5), [42])
    np.testing.assert_array_equal(one.query_bbox(0, 0, 5, 5), [42])
    assert len(one.query_bbox(0, 0, 4.999, 10)) == 0
    np.testing.assert_array_equal(one.query(shapely.box(5, 0, 10, 10)), [42])


def test_query_bbox_layers_edits_and_compact() -> None:
    geoms = mixed_geoms(4000, seed=3)
    rng = np.random.default_rng(3)
    ids = rng.permutation(np.arange(10, 50_000, 5))[: len(geoms)].astype(np.int64)
    # layer 5 is rare (a tree of its own per selection), 0 and 1 common (the main tree, masked)
    layers = np.where(rng.random(len(geoms)) < 0.05, 5, rng.integers(0, 3, len(geoms)))
    layers = layers.astype(np.int16)
    index = SpatialIndex.build(geoms, ids, layers)

    def check(g: np.ndarray, i: np.ndarray, lay: np.ndarray) -> None:
        for box in boxes(seed=11, count=25):
            np.testing.assert_array_equal(index.query_bbox(*box), index_brute(g, i, lay, box))
            for wanted in ({5}, {0, 1}, {2, 5}, {7}):
                got = index.query_bbox(*box, layers=sorted(wanted))
                np.testing.assert_array_equal(got, index_brute(g, i, lay, box, wanted))

    check(geoms, ids, layers)
    # edits: some deleted, some moved (and one onto another layer), some inserted
    geoms, layers = geoms.copy(), layers.copy()
    for k in range(0, 300, 7):
        index.delete(int(ids[k]))
    for k in range(1, 300, 7):
        geoms[k] = shapely.box(500, 500, 520, 510 + k)
        index.update(int(ids[k]), geoms[k], 5 if k % 2 else None)
        layers[k] = 5 if k % 2 else layers[k]
    gone = np.zeros(len(ids), bool)
    gone[0:300:7] = True
    new_geoms = np.array([shapely.Point(x, 500.0) for x in range(480, 560, 10)], dtype=object)
    new_ids = np.arange(50_001, 50_001 + len(new_geoms), dtype=np.int64)
    for g, i in zip(new_geoms, new_ids, strict=True):
        index.insert(int(i), g, 2)
    all_geoms = np.concatenate([geoms[~gone], new_geoms])
    all_ids = np.concatenate([ids[~gone], new_ids])
    all_layers = np.concatenate([layers[~gone], np.full(len(new_ids), 2, np.int16)])
    check(all_geoms, all_ids, all_layers)
    index.compact()
    check(all_geoms, all_ids, all_layers)
