"""Revision 0006 on both backends: a database at 0005 gains the sites' source and source_id,
unique per layer and source, and matches the models."""

from __future__ import annotations

from pathlib import Path

import pytest
import shapely
from sqlalchemy import Connection, insert, inspect
from sqlalchemy.exc import IntegrityError
from test_postgis import _diffs

from riskmap.errors import StoreError
from riskmap.store.engine import ensure_pg_database, make_engine, open_store
from riskmap.store.migrate import HEAD, current_revision, migrate
from riskmap.store.schema import Site


def site(c: Connection, name: str, source: str, sid: str | None) -> None:
    c.execute(
        insert(Site.__table__).values(
            layer="roads", name=name, address="", geom=shapely.to_wkb(shapely.Point(5e5, 4e6)),
            lon=104.6, lat=35.6, attrs={}, version=1, source=source, source_id=sid,
        )
    )  # fmt: skip


@pytest.fixture(params=["sqlite", "postgis"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.sqlite'}"
    return request.getfixturevalue("pg_url")


def test_source_ids_arrive_with_revision_0006(empty_url: str) -> None:
    ensure_pg_database(empty_url)
    eng = make_engine(empty_url)
    with eng.begin() as c:
        if c.dialect.name == "postgresql":
            c.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS postgis")
        migrate(c, 4544, "0005")
        c.exec_driver_sql("INSERT INTO meta (key, value) VALUES ('crs', 'EPSG:4544')")
        assert "source" not in {col["name"] for col in inspect(c).get_columns("sites")}
    eng.dispose()
    with pytest.raises(StoreError, match="schema version 5; upgrade it with"):
        open_store(empty_url)
    store = open_store(empty_url, upgrade=True)
    try:
        with store.engine.begin() as c:
            assert current_revision(c) == HEAD == "0006"
            assert {"source", "source_id"} <= {
                col["name"] for col in inspect(c).get_columns("sites")
            }
            site(c, "a", "roads", "1")
            site(c, "b", "roads", "2")
            site(c, "c", "other", "1")
            # Appended sites carry no id: any number of them.
            site(c, "d", "roads", None)
            site(c, "e", "roads", None)
        with pytest.raises(IntegrityError), store.engine.begin() as c:
            site(c, "f", "roads", "1")
    finally:
        store.dispose()
    assert _diffs(empty_url) == []
