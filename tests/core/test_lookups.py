"""The named reads the window makes (it runs no SQL itself): each checked against the demo
file read with the standard library's sqlite3, or against literals."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter

import numpy as np
import pytest
import shapely

from riskmap.core.figures import open_orders_per_unit, sites_per_layer
from riskmap.core.index import SpatialIndex
from riskmap.core.ledger_records import unit_names, units, users
from riskmap.core.site_detail import layer_site_ids, site_names, site_refs
from riskmap.store.engine import ServerAddress, is_database_url, sqlite_path
from riskmap.store.load import attr_values


@pytest.fixture(scope="module")
def raw(demo_url: str):
    path = sqlite_path(demo_url)
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    yield con
    con.close()


def test_sites_per_layer(demo_ws, raw) -> None:
    expected = Counter(layer for (layer,) in raw.execute("SELECT layer FROM sites"))
    assert sites_per_layer(demo_ws.store) == dict(expected)
    assert sum(sites_per_layer(demo_ws.store).values()) == len(demo_ws.sites)


def test_open_orders_per_unit(demo_ws, raw) -> None:
    names = dict(raw.execute("SELECT id, name FROM units"))
    n_open = Counter(
        uid
        for uid, status in raw.execute("SELECT unit_id, status FROM rectifications")
        if uid is not None and status != "verified"
    )
    got = open_orders_per_unit(demo_ws.store)
    assert sorted(got) == sorted((uid, name, n_open[uid]) for uid, name in names.items())
    keys = [(-n, name) for _uid, name, n in got]
    assert keys == sorted(keys)  # the busiest first, then by name
    assert got[0][2] > 0


def test_site_names_refs_and_layer_ids(demo_ws, raw) -> None:
    rows = list(raw.execute("SELECT id, layer, name, district_code FROM sites ORDER BY id"))
    some = [rows[0][0], rows[len(rows) // 2][0], rows[-1][0], 10**9]
    assert site_names(demo_ws.store, some) == {
        sid: (layer, name) for sid, layer, name, _code in rows if sid in some
    }
    assert site_names(demo_ws.store, []) == {}
    refs = site_refs(demo_ws.store)
    assert list(refs) == [r[0] for r in rows]
    assert refs == {sid: (name, layer, code) for sid, layer, name, code in rows}
    plants = layer_site_ids(demo_ws.store, "chemical_plants")
    assert plants == [sid for sid, layer, _n, _c in rows if layer == "chemical_plants"]
    assert plants and layer_site_ids(demo_ws.store, "no_such_layer") == []


def test_many_site_names_cross_the_chunk_size(demo_ws, raw) -> None:
    ids = [sid for (sid,) in raw.execute("SELECT id FROM sites ORDER BY id LIMIT 2000")]
    assert len(site_names(demo_ws.store, ids)) == len(ids)


def test_units_and_users(demo_ws, raw) -> None:
    rows = list(raw.execute("SELECT id, name FROM units"))
    assert list(unit_names(demo_ws.store).items()) == sorted(rows, key=lambda r: (r[1], r[0]))
    got = units(demo_ws.store)
    assert [u.id for u in got] == sorted(r[0] for r in rows)
    assert {u.id: u.name for u in got} == dict(rows)  # readable after the session closed
    names = sorted(n for (n,) in raw.execute("SELECT name FROM users"))
    accounts = users(demo_ws.store)
    assert [u.name for u in accounts] == names
    roles = dict(raw.execute("SELECT name, role FROM users"))
    assert {u.name: u.role for u in accounts} == roles


@pytest.mark.parametrize("backend", ["sqlite", "postgis"])
def test_attr_values_whole_layer_and_some_sites(request, backend, raw) -> None:
    ws = request.getfixturevalue("demo_ws" if backend == "sqlite" else "demo_pg_ws")
    layer, field = "chemical_plants", "hazard_class"
    rows = list(raw.execute("SELECT id, attrs FROM sites WHERE layer = ?", (layer,)))
    values = {sid: json.loads(a or "{}").get(field) for sid, a in rows}
    assert any(v is not None for v in values.values())
    expected = {sid: None if v is None else str(v) for sid, v in values.items()}

    def read(ids: list[int] | None) -> dict[int, object]:
        out: dict[int, object] = {}
        for chunk, values in attr_values(ws.store, layer, field, ids):
            assert isinstance(chunk, np.ndarray) and len(chunk) == len(values)
            # PostgreSQL's ->> gives text, SQLite's json_extract the JSON value
            out.update(
                (int(i), None if v is None else str(v)) for i, v in zip(chunk, values, strict=True)
            )
        return out

    assert read(None) == expected
    some = [*sorted(expected)[:3], 10**9]
    assert read(some) == {sid: expected[sid] for sid in some[:3]}


def test_bounds_of_built_index() -> None:
    geoms = np.asarray(
        [shapely.Point(1, 2), shapely.box(0, 0, 4, 3), shapely.LineString([(5, 5), (7, 9)])],
        dtype=object,
    )
    ids = np.asarray([3, 10, 42], dtype=np.int64)
    index = SpatialIndex.build(geoms, ids)
    expected = np.asarray([[1, 2, 1, 2], [0, 0, 4, 3], [5, 5, 7, 9]], dtype=float)
    np.testing.assert_array_equal(index.bounds_of_built(ids), expected)
    assert index.bounds_of_built(ids[:2]) is None  # not exactly the indexed sites
    index.insert(50, shapely.Point(0, 0))
    assert index.bounds_of_built(ids) is None  # edited since the build


def test_server_address() -> None:
    a = ServerAddress.parse("postgresql+psycopg2://ann:secret@db.example:6543/city")
    assert a == ServerAddress("db.example", 6543, "city", "ann")
    assert ServerAddress.parse("postgresql:///city") == ServerAddress("localhost", 5432, "city")
    assert ServerAddress.parse("not a url") is None
    assert a.url() == "postgresql+psycopg2://ann@db.example:6543/city"
    assert a.url("p@ss") == "postgresql+psycopg2://ann:p%40ss@db.example:6543/city"
    assert ServerAddress.parse(a.url("p@ss")) == a
    assert is_database_url("sqlite:///tmp/x.sqlite") and not is_database_url("::nonsense")
