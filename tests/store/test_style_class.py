"""sites.style_class (schema version 10): an import, a re-import's update, an edit through the
ORM and the migration from version 9 each leave the column equal to the value of the layer's
class attribute, read independently from the sites' JSON here, on SQLite and PostGIS; the map
reads the column, and the JSON when the column was filled for another class field."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import shapely
from sqlalchemy import inspect, select, text
from test_postgis import _diffs

from riskmap.core.catalog import Catalog, load_catalog
from riskmap.core.style.site_class import class_codes
from riskmap.errors import StoreError
from riskmap.io.importer import import_features, plan_import, read_features
from riskmap.store.access import Actor
from riskmap.store.engine import ensure_pg_database, make_engine, open_store
from riskmap.store.migrate import HEAD, current_revision, migrate
from riskmap.store.schema import Site

ADMIN = Actor("admin", "admin")
CATALOG = load_catalog()
# The class attribute of each classed layer, as layers/*.toml write it.
FIELDS = {
    "chemical_plants": "hazard_class",
    "dense_venues": "kind",
    "forest_fire": "fire_class",
    "gas": "kind",
    "geohazards": "scale",
    "mines": "kind",
    "quarantine_sites": "kind",
    "resources": "kind",
    "roads": "road_class",
    "waterways": "flood_risk",
}
HEADER = "编号,名称,经度,纬度,类型,容纳人数\n"
VENUES = [
    ("V1", "青岚一中", 104.620, 35.610, "school", 1200),
    ("V2", "城关体育馆", 104.640, 35.600, "stadium", 3000),
    ("V3", "人民商场", 104.625, 35.615, "mall", 2000),
]


def key_of(value: Any) -> str | None:
    """How a layer file writes a class: true/false, 2 for 2.0, the text of anything else."""
    if value is None:
        return None
    if value is True or value is False:
        return str(value).lower()
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return str(value)


def stored(url: str, layers: list[str] | None = None) -> list[tuple[int, str, Any, Any]]:
    """(id, layer, the class read from attrs, style_class) of every site (of `layers`)."""
    eng = make_engine(url)
    try:
        with eng.connect() as c:
            rows = c.execute(text("SELECT id, layer, attrs, style_class FROM sites ORDER BY id"))
            out = []
            for sid, layer, attrs, cls in rows:
                if layers is not None and layer not in layers:
                    continue
                a = json.loads(attrs) if isinstance(attrs, str) else (attrs or {})
                field = FIELDS.get(layer)
                out.append((sid, layer, key_of(a.get(field)) if field else None, cls))
            return out
    finally:
        eng.dispose()


def assert_column_matches(url: str, layers: list[str] | None = None) -> int:
    rows = stored(url, layers)
    wrong = [r for r in rows if r[2] != r[3]]
    assert wrong == []
    return len(rows)


def venues_csv(path: Path, venues: list[tuple]) -> Path:
    lines = [",".join(str(v) for v in row) for row in venues]
    path.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("backend", ["sqlite", "postgis"])
def test_an_import_and_its_update_store_the_class(
    request: pytest.FixtureRequest, tmp_path: Path, backend: str
) -> None:
    url = request.getfixturevalue("demo_copy" if backend == "sqlite" else "demo_pg_copy")
    assert assert_column_matches(url) > 1000  # the demo city as installed
    store = open_store(url)
    try:
        path = venues_csv(tmp_path / "场所.csv", VENUES)

        def again() -> tuple[int, int]:
            src = read_features(path)
            r = import_features(store, ADMIN, src, plan_import(src, CATALOG, "dense_venues"))
            return r.added, r.updated

        assert again() == (3, 0)
        venues_csv(path, [VENUES[0], (*VENUES[1][:4], "market", 3000), VENUES[2]])
        assert again() == (0, 1)
    finally:
        store.dispose()
    rows = [r for r in stored(url, ["dense_venues"]) if r[3] in ("school", "market", "mall")]
    assert {r[3] for r in rows} >= {"school", "market", "mall"}
    assert "stadium" not in {r[3] for r in stored(url, ["dense_venues"])[-3:]}
    assert_column_matches(url, ["dense_venues"])


@pytest.mark.parametrize("backend", ["sqlite", "postgis"])
def test_an_edit_through_the_orm_stores_the_class(
    request: pytest.FixtureRequest, backend: str
) -> None:
    url = request.getfixturevalue("demo_copy" if backend == "sqlite" else "demo_pg_copy")
    store = open_store(url)
    try:
        with store.session(ADMIN) as s:
            plant = s.scalars(select(Site).where(Site.layer == "chemical_plants")).first()
            assert plant is not None
            pid = plant.id
            plant.attrs = {**plant.attrs, "hazard_class": 7.0}
            road = Site(
                layer="roads", name="新修道路", address="", lon=104.6, lat=35.6,
                geom=shapely.LineString([(5e5, 4e6), (5e5 + 50, 4e6)]),
                attrs={"road_class": "county"}, created_at=dt.datetime(2026, 1, 1),
            )  # fmt: skip
            s.add(road)
            s.commit()
            rid = road.id
        with store.session(ADMIN) as s:
            again = s.get(Site, pid)
            assert again is not None
            again.attrs = {k: v for k, v in again.attrs.items() if k != "hazard_class"}
            s.commit()
    finally:
        store.dispose()
    rows = {r[0]: r for r in stored(url, ["chemical_plants", "roads"])}
    assert rows[rid][3] == "county"
    assert rows[pid][3] is None  # the class attribute gone: no class
    assert_column_matches(url, ["chemical_plants", "roads"])


@pytest.fixture(params=["sqlite", "postgis"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.sqlite'}"
    return request.getfixturevalue("pg_url")


def test_migration_0010_fills_the_class_of_a_version_9_database(empty_url: str) -> None:
    ensure_pg_database(empty_url)
    eng = make_engine(empty_url)
    sites = [
        ("roads", {"road_class": "expressway"}),
        ("roads", {}),
        ("chemical_plants", {"hazard_class": 2}),
        ("chemical_plants", {"hazard_class": 3.0}),
        ("forest_fire", {"fire_class": 4, "area": 2.5}),
        ("dense_venues", {"kind": True}),
        ("waterways", {"flood_risk": None}),
        ("construction", {"kind": "bridge"}),  # no class field: none
    ]
    with eng.begin() as c:
        if c.dialect.name == "postgresql":
            c.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS postgis")
        migrate(c, 4544, "0009")
        c.exec_driver_sql("INSERT INTO meta (key, value) VALUES ('crs', 'EPSG:4544')")
        assert "style_class" not in {col["name"] for col in inspect(c).get_columns("sites")}
        for i, (layer, attrs) in enumerate(sites):
            c.execute(
                Site.__table__.insert().values(
                    layer=layer, name=f"s{i}", address="", lon=104.6, lat=35.6, attrs=attrs,
                    geom=shapely.to_wkb(shapely.Point(5e5 + i, 4e6)), version=1,
                )
            )  # fmt: skip
    eng.dispose()
    with pytest.raises(StoreError, match="schema version 9; upgrade it with"):
        open_store(empty_url)
    store = open_store(empty_url, upgrade=True)
    try:
        with store.engine.connect() as c:
            assert current_revision(c) == HEAD
        assert json.loads(store.meta["style_class_fields"])["roads"] == "road_class"
    finally:
        store.dispose()
    classes = [r[3] for r in stored(empty_url)]
    assert classes == ["expressway", None, "2", "3", "4", "true", None, None]
    assert_column_matches(empty_url)
    assert _diffs(empty_url) == []


def test_the_map_reads_the_column_and_the_json_for_another_field(demo_copy: str) -> None:
    store = open_store(demo_copy)
    try:
        spec = CATALOG["roads"]
        rows = stored(demo_copy, ["roads"])
        ids = np.array([r[0] for r in rows], dtype=np.int64)
        classes = list(spec.style.classes)
        want = [classes.index(r[2]) if r[2] in classes else len(classes) for r in rows]
        assert class_codes(store, spec, ids).tolist() == want
        assert class_codes(store, spec, ids[:5], subset=True).tolist() == want[:5]
        # the column is what is read: a class written there alone shows
        other = next(c for c in classes if c != rows[0][2])
        with store.engine.begin() as c:
            c.execute(text("UPDATE sites SET style_class = :c WHERE id = :i"),
                      {"c": other, "i": int(ids[0])})  # fmt: skip
        assert class_codes(store, spec, ids)[0] == classes.index(other)
        # a catalogue classing roads by another attribute reads it from the JSON
        by_name = dataclasses.replace(spec, style=dataclasses.replace(spec.style,
                                      class_field="name_of_class"))  # fmt: skip
        catalog = Catalog([by_name if s.key == "roads" else s for s in CATALOG.values()])
        codes = class_codes(store, catalog["roads"], ids)
        assert codes.tolist() == [len(classes)] * len(ids)  # no road has that attribute
    finally:
        store.dispose()


def test_db_upgrade_fills_again_a_layer_classed_by_another_field(
    demo_copy: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from riskmap.cli import main

    eng = make_engine(demo_copy)
    with eng.begin() as c:  # as if the roads' layer file had classed them by another attribute
        c.execute(text("UPDATE sites SET style_class = 'x' WHERE layer = 'roads'"))
        fields = {**FIELDS, "roads": "surface"}
        c.execute(text("UPDATE meta SET value = :v WHERE key = 'style_class_fields'"),
                  {"v": json.dumps(fields)})  # fmt: skip
    eng.dispose()
    store = open_store(demo_copy)
    try:  # meanwhile the map reads the roads' classes from their JSON
        spec = CATALOG["roads"]
        rows = stored(demo_copy, ["roads"])
        classes = list(spec.style.classes)
        want = [classes.index(r[2]) if r[2] in classes else len(classes) for r in rows]
        ids = np.array([r[0] for r in rows], dtype=np.int64)
        assert class_codes(store, spec, ids).tolist() == want
    finally:
        store.dispose()
    assert main(["--lang", "en", "db", "upgrade", "--db", demo_copy]) == 0
    assert "style classes filled again (roads)" in capsys.readouterr().out
    assert_column_matches(demo_copy)
    store = open_store(demo_copy)
    try:
        assert json.loads(store.meta["style_class_fields"]) == FIELDS
    finally:
        store.dispose()
    assert main(["--lang", "en", "db", "upgrade", "--db", demo_copy]) == 0
    assert "style classes" not in capsys.readouterr().out  # nothing stale any more
