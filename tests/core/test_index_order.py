"""An index built from a stored tree order (a snapshot's) answers as one built from scratch;
an order that is not a permutation of the sites is ignored, never trusted."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from riskmap.core.index import SpatialIndex


@pytest.fixture
def sites() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(7)
    xy = rng.uniform(0, 10_000, (600, 2))
    geoms = np.empty(600, dtype=object)
    geoms[:200] = shapely.points(xy[:200])
    geoms[200:400] = [shapely.LineString([p, p + np.array([150.0, 40.0])]) for p in xy[200:400]]
    geoms[400:] = shapely.buffer(shapely.points(xy[400:]), 60.0)
    ids = np.arange(600, dtype=np.int64) * 3 + 5
    return geoms, ids, (np.arange(600) % 4).astype(np.int16)


def _answers(ix: SpatialIndex) -> list[np.ndarray]:
    regions = [shapely.Point(5000, 5000).buffer(2500.0), shapely.box(1000, 2000, 4000, 7000)]
    return [ix.query(r) for r in regions] + [ix.nearest(2500.0, 7500.0, 10)[0]]


def test_a_stored_order_gives_the_same_index(sites) -> None:
    geoms, ids, layers = sites
    fresh = SpatialIndex.build(geoms, ids, layers)
    order = fresh.tree_order(ids)
    assert order is not None and sorted(order.tolist()) == list(range(600))
    again = SpatialIndex.build(geoms, ids, layers, order=order)
    np.testing.assert_array_equal(again.tree_order(ids), order)
    for a, b in zip(_answers(fresh), _answers(again), strict=True):
        np.testing.assert_array_equal(a, b)
    # the answers are the plain geometric ones
    disk = shapely.Point(5000, 5000).buffer(2500.0)
    np.testing.assert_array_equal(again.query(disk), ids[shapely.intersects(geoms, disk)])


@pytest.mark.parametrize(
    "bad", [np.zeros(600, np.int64), np.arange(599), np.arange(1, 601), np.full(600, -1)]
)
def test_an_order_that_is_not_a_permutation_is_ignored(sites, bad: np.ndarray) -> None:
    geoms, ids, layers = sites
    fresh = SpatialIndex.build(geoms, ids, layers)
    ix = SpatialIndex.build(geoms, ids, layers, order=bad)
    np.testing.assert_array_equal(ix.tree_order(ids), fresh.tree_order(ids))
    for a, b in zip(_answers(fresh), _answers(ix), strict=True):
        np.testing.assert_array_equal(a, b)


def test_an_edited_index_has_no_order_to_give(sites) -> None:
    geoms, ids, layers = sites
    ix = SpatialIndex.build(geoms, ids, layers)
    ix.update(int(ids[3]), shapely.Point(1.0, 1.0))
    assert ix.tree_order(ids) is None
    assert SpatialIndex.build(geoms, ids, layers).tree_order(ids[:-1]) is None
