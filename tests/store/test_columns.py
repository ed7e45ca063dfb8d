"""A SQLite file read as columns (riskmap.store.columns) gives the very sites the row-by-row
read gives: the same ids, layers and geometries (identical, coordinate for coordinate), across
chunk boundaries and sparse ids, and for WKB the compiled walk leaves to GEOS or refuses."""

from __future__ import annotations

import sqlite3
import struct
from pathlib import Path

import numpy as np
import pytest
import shapely
from sqlalchemy.engine import make_url

from riskmap.store import columns
from riskmap.store.engine import open_store
from riskmap.store.load import SiteArrays, load_sites

pytest.importorskip("numba")


def _file(url: str) -> Path:
    return Path(str(make_url(url).database))


def _spy_on_column_read(monkeypatch) -> list:
    """What each column read returned (None: it declined and the rows were read)."""
    calls: list = []
    real = columns.read_sites
    monkeypatch.setattr(
        "riskmap.store.load.read_sites", lambda *a: calls.append(r := real(*a)) or r
    )
    return calls


def _both(url: str, monkeypatch, columns_read: bool = True) -> tuple[SiteArrays, SiteArrays]:
    """(the default read, the row-by-row read); `columns_read`: whether the default one must
    have been the column read (True) or have declined it (False)."""
    monkeypatch.setattr(columns, "COLUMNS_FROM", 0)  # the demo city is small
    calls = _spy_on_column_read(monkeypatch)
    store = open_store(url)
    try:
        got = load_sites(store), load_sites(store, rows=True)
    finally:
        store.dispose()
    assert len(calls) == 1 and (calls[0] is not None) == columns_read
    return got


def _same(a: SiteArrays, b: SiteArrays) -> None:
    np.testing.assert_array_equal(a.ids, b.ids)
    assert a.layers.dtype == b.layers.dtype == np.int16
    np.testing.assert_array_equal(a.layers, b.layers)
    assert a.layer_keys == b.layer_keys
    assert len(a.geoms) == len(b.geoms)
    assert shapely.equals_identical(a.geoms, b.geoms).all()
    # the column read's bounds are GEOS's own, bit for bit (signed zeros too)
    assert a.bounds is not None and b.bounds is None
    assert a.bounds.tobytes() == shapely.bounds(b.geoms).tobytes()


def _set_geoms(url: str, blobs: dict[int, bytes]) -> None:
    con = sqlite3.connect(_file(url))
    with con:
        con.executemany(
            "UPDATE sites SET geom = ? WHERE id = ?", [(b, i) for i, b in blobs.items()]
        )
    con.close()


def test_columns_equal_rows_across_chunks(demo_copy: str, monkeypatch) -> None:
    monkeypatch.setattr(columns, "CHUNK", 97)  # many chunks, the last one short
    a, b = _both(demo_copy, monkeypatch)
    assert len(a) > 10 * 97
    _same(a, b)
    kinds = set(shapely.get_type_id(a.geoms).tolist())
    assert {0, 1, 3} <= kinds  # points, lines and polygons all built from arrays


def test_sparse_ids(demo_copy: str, monkeypatch) -> None:
    con = sqlite3.connect(_file(demo_copy))
    with con:  # ids far apart: the ranges follow the ids, not their span
        con.execute("UPDATE sites SET id = id * 1000003 WHERE id % 3 = 0")
        con.execute("UPDATE sites SET id = id + 4000000000000 WHERE id % 5 = 1")
    con.close()
    monkeypatch.setattr(columns, "CHUNK", 101)
    a, b = _both(demo_copy, monkeypatch)
    assert a.ids.max() > 4_000_000_000_000
    _same(a, b)


def _ring(x: float, y: float, d: float) -> list[tuple[float, float]]:
    return [(x, y), (x + d, y), (x + d, y + d), (x, y + d), (x, y)]


def test_wkb_left_to_geos(demo_copy: str, monkeypatch) -> None:
    """Multi-geometries, an empty (NaN) point, a hole, a ring closed on -0.0, a -0.0:
    each equals what GEOS reads from the blob itself."""
    x, y = 500000.0, 3500000.0
    nan_point = struct.pack("<BIdd", 1, 1, float("nan"), float("nan"))
    # a ring whose first x is 0.0 and last -0.0: equal numbers, different bytes
    ring = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (-0.0, 0.0)]
    signed = struct.pack("<BIII", 1, 3, 1, len(ring)) + b"".join(
        struct.pack("<dd", *p) for p in ring
    )
    blobs = {
        3: shapely.MultiPolygon(
            [shapely.Polygon(_ring(x, y, 5)), shapely.box(x + 9, y, x + 12, y + 2)]
        ).wkb,
        4: shapely.MultiLineString([[(x, y), (x + 1, y + 1)], [(x + 2, y), (x + 3, y)]]).wkb,
        5: shapely.MultiPoint([(x, y), (x + 3, y + 4)]).wkb,
        6: nan_point,
        8: shapely.Polygon(_ring(x, y, 10), [_ring(x + 2, y + 2, 3)]).wkb,
        9: signed,
        10: shapely.Point(x, -0.0).wkb,
    }
    _set_geoms(demo_copy, blobs)
    monkeypatch.setattr(columns, "CHUNK", 4)  # the odd blobs in several chunks
    a, b = _both(demo_copy, monkeypatch)
    _same(a, b)
    for sid, blob in blobs.items():
        got = a.geoms[a.row_of(np.array([sid]))[0]]
        assert shapely.equals_identical(got, shapely.from_wkb(blob)), sid


@pytest.mark.parametrize(
    "blob",
    [
        shapely.Point(500000.0, 3500000.0, 12.0).wkb,  # 3D: not walked
        struct.pack(">BIdd", 0, 1, 500000.0, 3500000.0),  # big-endian
        shapely.GeometryCollection([shapely.Point(1, 2)]).wkb,
    ],
)
def test_wkb_not_walked_reads_rows(demo_copy: str, blob: bytes, monkeypatch) -> None:
    _set_geoms(demo_copy, {2: blob})
    a, b = _both(demo_copy, monkeypatch, columns_read=False)  # declined: the rows were read
    a.bounds = shapely.bounds(a.geoms)  # (the row read has none to compare)
    _same(a, b)
    assert shapely.equals_identical(a.geoms[a.row_of(np.array([2]))[0]], shapely.from_wkb(blob))


def test_scan_wkb_kinds() -> None:
    from riskmap.store import wkb_jit

    geoms = [
        shapely.Point(1.5, 2.5),
        shapely.LineString([(0, 0), (3, 4), (6, 0)]),
        shapely.Polygon(_ring(0, 0, 2), [_ring(0.5, 0.5, 1)]),
        shapely.MultiPoint([(1, 1), (2, 2)]),
        shapely.Point(),  # empty: NaN NaN
    ]
    buf = np.frombuffer(b"".join(g.wkb for g in geoms), np.uint8)
    got = wkb_jit.scan_wkb(buf, 5)
    ok, kind, start, pt, ln, ln_off, pg, ring_off, pg_off, bounds = got
    assert ok
    assert kind.tolist() == [0, 1, 2, 3, 3]
    assert start.tolist() == [0, 21, 21 + 57, 21 + 57 + 177, 21 + 57 + 177 + 51, len(buf)]
    assert pt.view(np.float64).tolist() == [1.5, 2.5]
    assert ln.view(np.float64).tolist() == [0, 0, 3, 4, 6, 0]
    assert ln_off.tolist() == [0, 3]
    assert ring_off.tolist() == [0, 5, 10]
    assert pg_off.tolist() == [0, 2]
    assert pg.view(np.float64)[10:12].tolist() == [0.5, 0.5]
    assert bounds[:3].tolist() == [[1.5, 2.5, 1.5, 2.5], [0, 0, 6, 4], [0, 0, 2, 2]]
    assert np.isnan(bounds[3:]).all()  # left to GEOS
    # one geometry too many or too few for the bytes: refused
    assert not wkb_jit.scan_wkb(buf, 4)[0]
    assert not wkb_jit.scan_wkb(buf, 6)[0]


def test_small_file_reads_rows(demo_copy: str, monkeypatch) -> None:
    """A city below COLUMNS_FROM sites is read row by row: numba is not imported for it."""
    monkeypatch.setattr(columns, "COLUMNS_FROM", 10**9)
    calls = _spy_on_column_read(monkeypatch)
    store = open_store(demo_copy)
    try:
        assert len(load_sites(store)) > 0
    finally:
        store.dispose()
    assert calls == [None]


def test_without_numba_reads_rows(demo_copy: str, monkeypatch) -> None:
    """The desktop bundle has no numba: the same sites, read row by row."""
    monkeypatch.setattr(columns, "available", lambda: False)
    a, b = _both(demo_copy, monkeypatch, columns_read=False)
    a.bounds = shapely.bounds(a.geoms)
    _same(a, b)


def test_index_on_the_column_read(demo_copy: str, monkeypatch) -> None:
    """The index built on the read's own bounds answers regions as a test of every site."""
    from riskmap.core.index import SpatialIndex

    a, _b = _both(demo_copy, monkeypatch)
    index = SpatialIndex.from_sites(a)
    x0, y0, x1, y1 = shapely.total_bounds(a.geoms)
    hits = 0
    for fx, fy, r in ((0.3, 0.4, 2000.0), (0.6, 0.5, 5000.0), (0.5, 0.5, 400.0)):
        cx, cy = x0 + fx * (x1 - x0), y0 + fy * (y1 - y0)
        for region in (shapely.Point(cx, cy).buffer(r), shapely.box(cx, cy, cx + r, cy + r / 2)):
            expected = a.ids[shapely.intersects(a.geoms, region)]
            np.testing.assert_array_equal(index.query(region), expected)
            hits += len(expected)
    assert hits > 0


@pytest.mark.parametrize("was_on", [True, False])
def test_load_leaves_the_collector_as_it_was(demo_copy: str, monkeypatch, was_on: bool) -> None:
    """The collector rests during the load (not a pass over the new geometries while they
    are made) and is back as the caller had it: on, or off as the window's start keeps it."""
    import gc

    monkeypatch.setattr(columns, "COLUMNS_FROM", 0)
    during: list[bool] = []
    real = columns.read_sites
    monkeypatch.setattr(
        "riskmap.store.load.read_sites", lambda *a: during.append(gc.isenabled()) or real(*a)
    )
    store = open_store(demo_copy)
    before = gc.isenabled()
    try:
        (gc.enable if was_on else gc.disable)()
        got = load_sites(store)
        assert gc.isenabled() is was_on
        # and after a load that failed half-way
        monkeypatch.setattr("riskmap.store.load.read_sites", lambda *a: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            load_sites(store)
        assert gc.isenabled() is was_on
    finally:
        (gc.enable if before else gc.disable)()
        store.dispose()
    assert during == [False] and len(got) > 0 and got.bounds is not None
