"""Two seats on one PostGIS database: seat A answers from memory, seat B edits, adds and deletes
sites; after each change A's answers equal PostGIS's own (pushdown). A snapshot that is corrupt,
from another database or ahead of its database is detected and rebuilt, never trusted."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from sqlalchemy import text

from riskmap.core.seat import CachedSeat, wait_for_snapshot
from riskmap.core.workspace import Workspace
from riskmap.store.engine import open_store
from riskmap.store.load import load_sites
from riskmap.store.snapshot import load_sites_pg, save_snapshot, seat_identity, snapshot_path
from riskmap.store.spatial import PostGISSpatial
from riskmap.store.transfer import copy_db


@pytest.fixture
def city_pg(demo_url: str, pg_url: str):
    copy_db(demo_url, pg_url)
    stores = []

    def opened():
        s = open_store(pg_url)
        stores.append(s)
        return s

    yield opened
    for s in stores:
        CachedSeat.forget(s)
        s.dispose()


def _regions(ws: Workspace, geoms: list[shapely.Geometry]) -> list[shapely.Geometry]:
    """Squares and circles around the given geometries and across the city."""
    out = []
    for g in geoms:
        c = g.centroid
        out += [c.buffer(800.0), shapely.box(c.x - 600, c.y - 400, c.x + 900, c.y + 700)]
    b = ws.whole_region().geom.bounds
    out.append(shapely.box(b[0], b[1], (b[0] + b[2]) / 2, (b[1] + b[3]) / 2))
    return out


def _same_as_pushdown(ws: Workspace, pushdown: PostGISSpatial, regions, points) -> None:
    assert ws.spatial is None and ws.seat is not None  # A answers from memory
    for r in regions:
        np.testing.assert_array_equal(ws.ids_in(r), pushdown.intersecting(r))
    for p in points:
        ids, d = ws.index.nearest(p.x, p.y, 10)
        pids, pd = pushdown.nearest(p.x, p.y, 10)
        np.testing.assert_array_equal(ids, pids)
        np.testing.assert_allclose(d, pd, rtol=1e-9, atol=1e-6)


def test_seat_a_follows_seat_b(city_pg) -> None:
    a_store = city_pg()
    a = Workspace.load(a_store)
    assert a.seat is not None and a.seat.source == "database"
    wait_for_snapshot()  # the cold start writes it on a thread of its own
    assert snapshot_path(seat_identity(a_store)).is_file()
    b = city_pg()  # another seat: its own connections, plain SQL as any client would write
    pushdown = PostGISSpatial(b)
    with b.engine.connect() as c:
        free = c.execute(
            text(
                "SELECT id FROM sites s WHERE NOT EXISTS (SELECT 1 FROM hazards h"
                " WHERE h.site_id = s.id) AND NOT EXISTS (SELECT 1 FROM resources r"
                " WHERE r.site_id = s.id) AND NOT EXISTS (SELECT 1 FROM duties d"
                " WHERE d.site_id = s.id) ORDER BY id LIMIT 3"
            )
        ).scalars()
        moved, gone, model = list(free)
    before = {i: a.index.geometry(i) for i in (moved, gone, model)}
    regions = _regions(a, list(before.values()))
    points = [g.centroid for g in before.values()]
    _same_as_pushdown(a, pushdown, regions, points)

    with b.engine.begin() as c:  # edit: a site moves 700 m east
        c.execute(
            text("UPDATE sites SET geom = ST_Translate(geom, 700, 0) WHERE id = :i"), {"i": moved}
        )
    assert a.catch_up() == 1
    assert a.index.geometry(moved).equals(shapely.affinity.translate(before[moved], 700, 0))
    _same_as_pushdown(a, pushdown, regions, points)

    with b.engine.begin() as c:  # delete
        c.execute(text("DELETE FROM sites WHERE id = :i"), {"i": gone})
    assert a.catch_up() == 1
    assert gone not in a.index and gone not in set(a.sites.ids.tolist())
    _same_as_pushdown(a, pushdown, regions, points)

    with b.engine.begin() as c:  # add: a copy of a site, 300 m north, on a layer of its own
        new_id = c.execute(
            text(
                "INSERT INTO sites (id, layer, name, district_code, address, geom, lon, lat,"
                " attrs, created_at, updated_at, version) SELECT (SELECT max(id) + 1 FROM sites),"
                " 'test_layer', name || '（副本）', district_code, address,"
                " ST_Translate(geom, 0, 300), lon, lat, attrs, created_at, updated_at, 1"
                " FROM sites WHERE id = :i RETURNING id"
            ),
            {"i": model},
        ).scalar_one()
    assert a.catch_up() == 1
    assert new_id in a.index and "test_layer" in a.sites.layer_keys
    _same_as_pushdown(a, pushdown, regions + _regions(a, [a.index.geometry(new_id)]), points)
    assert a.catch_up() == 0  # nothing new: nothing re-read

    # a new seat in another process starts from the snapshot and catches up from its revision
    CachedSeat.forget(a_store)
    fresh = Workspace.load(city_pg())
    assert fresh.seat is not None and fresh.seat.source == "snapshot"
    _same_as_pushdown(fresh, pushdown, regions, points)
    np.testing.assert_array_equal(fresh.sites.ids, load_sites(b).ids)


def test_the_cold_load_equals_the_row_by_row_load(city_pg) -> None:
    store = city_pg()
    fast, rev = load_sites_pg(store)
    rows = load_sites(store)
    assert rev >= 1
    np.testing.assert_array_equal(fast.ids, rows.ids)
    assert [fast.layer_keys[i] for i in fast.layers] == [rows.layer_keys[i] for i in rows.layers]
    assert shapely.equals_exact(fast.geoms, rows.geoms, tolerance=0).all()


@pytest.mark.parametrize("damage", ["corrupt", "ahead", "foreign", "truncated"])
def test_a_snapshot_that_cannot_be_trusted_is_rebuilt(city_pg, damage: str) -> None:
    store = city_pg()
    first = Workspace.load(store)
    identity = seat_identity(store)
    path = snapshot_path(identity)
    wait_for_snapshot(path)  # the cold start writes it on a thread of its own
    expected = first.sites.ids.copy()
    CachedSeat.forget(store)
    if damage == "corrupt":  # a flipped byte in the middle of the geometry arrays
        data = bytearray(path.read_bytes())
        data[len(data) // 2] ^= 0xFF
        path.write_bytes(bytes(data))
    elif damage == "truncated":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 3])
    elif damage == "ahead":  # as if the database had been restored from an older backup
        save_snapshot(path, first.sites, identity=identity, rev=first.seat.rev + 50, crs=store.crs)
    else:
        # a copy of this database (same riskmap id, another database): its snapshot is not ours
        other = identity.replace("#", "#1")
        save_snapshot(path, first.sites, identity=other, rev=first.seat.rev, crs=store.crs)
    again = Workspace.load(city_pg())
    assert again.seat is not None and again.seat.source == "database"
    np.testing.assert_array_equal(again.sites.ids, expected)
    # …and the snapshot written anew is used by the next seat
    CachedSeat.forget(store)
    third = Workspace.load(city_pg())
    assert third.seat.source == "snapshot"


def test_the_log_is_pruned_and_a_seat_behind_it_loads_again(city_pg) -> None:
    a_store = city_pg()
    a = Workspace.load(a_store)
    b = city_pg()
    pushdown = PostGISSpatial(b)
    with b.engine.begin() as c:
        c.execute(text("UPDATE site_rev SET keep = 3"))
        start_floor = c.execute(text("SELECT floor FROM site_rev")).scalar_one()
        ids = list(c.execute(text("SELECT id FROM sites ORDER BY id LIMIT 10")).scalars())
    assert start_floor <= a.seat.rev
    for i in ids:  # ten statements, one site each, while seat A looks away
        with b.engine.begin() as c:
            c.execute(
                text("UPDATE sites SET geom = ST_Translate(geom, 50, 0) WHERE id = :i"), {"i": i}
            )
    with b.engine.connect() as c:
        rows = c.execute(text("SELECT count(*) FROM site_log")).scalar_one()
        logged, floor, rev = c.execute(text("SELECT logged, floor, rev FROM site_rev")).one()
        oldest = c.execute(text("SELECT min(rev) FROM site_log")).scalar_one()
    assert rows == logged and 3 <= rows <= 6  # between keep and twice keep
    assert oldest > floor > a.seat.rev  # A's revision is no longer answered for
    # A cannot catch up from the log: it loads everything, and answers as PostGIS does
    assert a.catch_up() == len(a.sites)
    assert a.seat.rev == rev
    regions = _regions(a, [a.index.geometry(i) for i in ids[:2]])
    _same_as_pushdown(a, pushdown, regions, [a.index.geometry(ids[0]).centroid])
    # within the window a seat still catches up by the log
    with b.engine.begin() as c:
        c.execute(
            text("UPDATE sites SET geom = ST_Translate(geom, 0, 50) WHERE id = :i"), {"i": ids[1]}
        )
    assert a.catch_up() == 1
    _same_as_pushdown(a, pushdown, regions, [a.index.geometry(ids[1]).centroid])
