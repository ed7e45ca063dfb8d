"""A seat on a SQLite file starts from its local snapshot while the file's sites are unchanged
(r0012's change marker), and reads the file again after any change to a site's id, layer or
geometry, by riskmap or by any other program, or when the file can no longer vouch for itself."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import numpy as np
import shapely
from sqlalchemy.engine import make_url

from riskmap.core.seat import wait_for_snapshot
from riskmap.core.workspace import Workspace
from riskmap.store.access import SYSTEM
from riskmap.store.engine import open_store
from riskmap.store.schema import SITE_MARK_TRIGGERS, Site
from riskmap.store.snapshot import file_identity, snapshot_path


def _load(url: str) -> Workspace:
    store = open_store(url)
    ws = Workspace.load(store)
    store.dispose()
    return ws


def _file(url: str) -> Path:
    return Path(str(make_url(url).database))


def _same_sites(a: Workspace, b: Workspace) -> None:
    np.testing.assert_array_equal(a.sites.ids, b.sites.ids)
    assert [a.sites.layer_keys[i] for i in a.sites.layers] == [
        b.sites.layer_keys[i] for i in b.sites.layers
    ]
    assert shapely.equals_exact(a.sites.geoms, b.sites.geoms, tolerance=0).all()


def _answers_by_brute_force(ws: Workspace) -> None:
    """Region answers equal a plain shapely test of every site (independent of the index)."""
    x0, y0, x1, y1 = ws.index.bounds
    for fx, fy in ((0.3, 0.4), (0.6, 0.5)):
        cx, cy = x0 + fx * (x1 - x0), y0 + fy * (y1 - y0)
        for region in (
            shapely.Point(cx, cy).buffer(3000.0),
            shapely.box(cx, cy, cx + 4e3, cy + 2e3),
        ):
            expected = ws.sites.ids[shapely.intersects(ws.sites.geoms, region)]
            np.testing.assert_array_equal(ws.ids_in(region), expected)


def _sql(url: str, *statements: tuple[str, tuple]) -> None:
    con = sqlite3.connect(_file(url))
    with con:
        for sql, params in statements:
            con.execute(sql, params)
    con.close()


def _first_ids(url: str, n: int) -> list[int]:
    con = sqlite3.connect(_file(url))
    ids = [r[0] for r in con.execute("SELECT id FROM sites ORDER BY id LIMIT ?", (n,))]
    con.close()
    return ids


def _riskmap_moves(url: str, sid: int, geom: shapely.Geometry) -> None:
    store = open_store(url)
    with store.begin(SYSTEM) as s:
        s.get(Site, sid).geom = geom
    store.dispose()


def test_the_snapshot_is_used_until_a_site_changes(demo_copy: str) -> None:
    first = _load(demo_copy)
    assert first.source == "database"
    second = _load(demo_copy)
    assert second.source == "snapshot"
    _same_sites(first, second)
    _answers_by_brute_force(second)

    moved, gone = _first_ids(demo_copy, 2)
    # a name is not what the snapshot holds: still valid
    _sql(demo_copy, ("UPDATE sites SET name = name || '（改）' WHERE id = ?", (moved,)))
    assert _load(demo_copy).source == "snapshot"

    # riskmap moves a site 500 m east: the file is read again, and its snapshot written anew
    shifted = shapely.affinity.translate(second.index.geometry(moved), 500.0, 0.0)
    _riskmap_moves(demo_copy, moved, shifted)
    third = _load(demo_copy)
    assert third.source == "database"
    assert third.index.geometry(moved).equals(shifted)
    _answers_by_brute_force(third)
    assert _load(demo_copy).source == "snapshot"

    # another program deletes a site: read, and read again until riskmap commits to the file
    _sql(demo_copy, ("DELETE FROM sites WHERE id = ?", (gone,)))
    fourth = _load(demo_copy)
    assert fourth.source == "database" and gone not in fourth.index
    assert len(fourth.sites) == len(first.sites) - 1
    assert _load(demo_copy).source == "database"
    back = shapely.affinity.translate(shifted, -500.0, 0.0)
    _riskmap_moves(demo_copy, moved, back)
    assert _load(demo_copy).source == "database"
    again = _load(demo_copy)
    assert again.source == "snapshot" and gone not in again.index
    assert again.index.geometry(moved).equals(back)

    _sql(demo_copy, ("UPDATE sites SET layer = 'test_layer' WHERE id = ?", (moved,)))
    fifth = _load(demo_copy)
    assert fifth.source == "database"
    assert fifth.sites.layer_keys[fifth.index.layer_of(moved)] == "test_layer"


def test_a_copy_edited_apart_is_not_taken_for_its_origin(demo_copy: str, tmp_path: Path) -> None:
    path = _file(demo_copy)
    backup = tmp_path / "backup.sqlite"
    shutil.copyfile(path, backup)
    sid = _first_ids(demo_copy, 1)[0]
    original = _load(demo_copy).index.geometry(sid)
    east = shapely.affinity.translate(original, 300.0, 0.0)
    north = shapely.affinity.translate(original, 0.0, 300.0)
    # the origin: one edit, loaded (its snapshot now holds the origin after that edit)
    _riskmap_moves(demo_copy, sid, east)
    assert _load(demo_copy).index.geometry(sid).equals(east)
    assert _load(demo_copy).source == "snapshot"
    # the copy put back in its place with one other edit: as many edits, another history
    shutil.copyfile(backup, path)
    _riskmap_moves(demo_copy, sid, north)
    back = _load(demo_copy)
    assert back.source == "database"
    assert back.index.geometry(sid).equals(north)


def test_a_file_without_its_triggers_is_always_read(demo_copy: str) -> None:
    _load(demo_copy)
    assert _load(demo_copy).source == "snapshot"
    _sql(demo_copy, (f"DROP TRIGGER {SITE_MARK_TRIGGERS[1]}", ()))
    assert _load(demo_copy).source == "database"
    assert _load(demo_copy).source == "database"


def test_a_damaged_snapshot_is_rebuilt(demo_copy: str) -> None:
    first = _load(demo_copy)
    store = open_store(demo_copy)
    path = snapshot_path(file_identity(store))
    store.dispose()
    wait_for_snapshot(path)  # the cold start writes it on a thread of its own
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    again = _load(demo_copy)
    assert again.source == "database"
    _same_sites(first, again)
    assert _load(demo_copy).source == "snapshot"


def test_reading_writes_nothing_and_a_read_only_file_uses_its_snapshot(demo_copy: str) -> None:
    first = _load(demo_copy)
    sid = _first_ids(demo_copy, 1)[0]
    moved = shapely.affinity.translate(first.index.geometry(sid), 0.0, 200.0)
    _riskmap_moves(demo_copy, sid, moved)
    before = _file(demo_copy).read_bytes()
    for expected in ("database", "snapshot"):
        store = open_store(demo_copy, read_only=True)
        ws = Workspace.load(store)
        store.dispose()
        assert ws.source == expected and ws.index.geometry(sid).equals(moved)
    assert _file(demo_copy).read_bytes() == before
