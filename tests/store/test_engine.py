from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

import pytest
import shapely
from schema_v1 import make_version_1
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from riskmap.demo.install import init_db
from riskmap.errors import StoreError
from riskmap.store.access import SYSTEM
from riskmap.store.checks import check_db
from riskmap.store.engine import open_store
from riskmap.store.load import load_districts, load_sites
from riskmap.store.schema import SCHEMA_VERSION, District, Meta, Site, User


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_empty_database_has_schema_and_crs(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'e.sqlite'}"
    store = init_db(url, empty=True, crs="EPSG:4545")
    assert store.crs == "EPSG:4545"
    assert check_db(store) == []
    assert len(load_sites(store)) == 0
    store.dispose()
    reopened = open_store(url)
    assert reopened.meta["schema_version"] == str(SCHEMA_VERSION)
    with reopened.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    reopened.dispose()


def test_sites_round_trip_through_wkb(tmp_path: Path) -> None:
    store = init_db(f"sqlite:///{tmp_path / 'r.sqlite'}", empty=True)
    line = shapely.LineString([(500000, 3900000), (501000, 3901000)])
    with store.begin(SYSTEM) as s:
        s.add(District(code="1", name="测试市", level="city", geom=line.buffer(5000)))
        s.add(Site(layer="roads", name="测试路", district_code="1", geom=line, lon=105, lat=35))
    arrays = load_sites(store)
    assert arrays.layer_keys == ["roads"]
    assert shapely.equals(arrays.geoms[0], line)
    assert load_districts(store)[0].name == "测试市"
    with store.session() as s:
        site = s.scalars(select(Site)).one()
        assert site.version == 1 and site.attrs == {}
    store.dispose()


def test_refuses_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("这不是数据库 — just some text\n" * 20, encoding="utf-8")
    before = _digest(path)
    with pytest.raises(StoreError, match="is not a SQLite database"):
        open_store(f"sqlite:///{path}")
    with pytest.raises(StoreError, match="already exists"):
        init_db(f"sqlite:///{path}", empty=True)
    assert _digest(path) == before


def test_refuses_a_sqlite_file_of_another_program(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "other.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="not a riskmap database"):
        open_store(f"sqlite:///{path}")


def test_missing_database_says_how_to_create_it(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="riskmap db init"):
        open_store(f"sqlite:///{tmp_path / 'nope.sqlite'}")
    assert not (tmp_path / "nope.sqlite").exists()


def test_bad_url_and_bad_crs(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="not a database URL"):
        open_store("this is not a url")
    with pytest.raises(StoreError, match="not a projected"):
        init_db(f"sqlite:///{tmp_path / 'x.sqlite'}", empty=True, crs="EPSG:4490")
    with pytest.raises(StoreError, match="unknown coordinate system"):
        init_db(f"sqlite:///{tmp_path / 'x.sqlite'}", empty=True, crs="EPSG:999999")
    assert not (tmp_path / "x.sqlite").exists()


def test_demo_database_is_reanchored_on_today(tmp_path: Path) -> None:
    from riskmap.demo.install import demo_source_path
    from riskmap.store.schema import Rectification

    src = create_engine(f"sqlite:///file:{demo_source_path()}?mode=ro&uri=true")
    with Session(src) as s:
        anchor = dt.date.fromisoformat(s.get(Meta, "anchor_date").value)
        first = s.scalars(select(Rectification).order_by(Rectification.id)).first()
    src.dispose()
    today = anchor + dt.timedelta(days=40)
    store = init_db(f"sqlite:///{tmp_path / 'd.sqlite'}", today=today)
    assert store.meta["anchor_date"] == today.isoformat()
    with store.session() as s:
        moved = s.get(Rectification, first.id)
    assert moved.deadline == first.deadline + dt.timedelta(days=40)
    assert check_db(store) == []
    store.dispose()


def test_a_version_1_database_is_upgraded_on_request(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'v1.sqlite'}"
    init_db(url, empty=True, admin="root").dispose()
    make_version_1(tmp_path / "v1.sqlite")  # as made before riskmap used Alembic
    with pytest.raises(StoreError, match="schema version 1; upgrade it with: riskmap db upgrade"):
        open_store(url)
    store = open_store(url, upgrade=True)
    assert store.meta["schema_version"] == str(SCHEMA_VERSION)
    assert check_db(store) == []
    with store.engine.connect() as c:
        cols = {r[1] for r in c.exec_driver_sql("PRAGMA table_info(rectifications)")}
        assert "review_note" in cols
        cols = {r[1] for r in c.exec_driver_sql("PRAGMA table_info(audit_events)")}
        assert "note" in cols
    # The old database gets an identity of its own: 32 hex digits of a random UUID.
    assert re.fullmatch(r"[0-9a-f]{32}", store.database_id)
    with Session(store.engine) as s:
        assert s.scalars(select(User)).all() == []
    store.dispose()


def test_every_database_has_its_own_identity_and_a_copy_keeps_it(tmp_path: Path) -> None:
    from riskmap.store.transfer import copy_db

    day = dt.date(2026, 5, 1)
    a = init_db(f"sqlite:///{tmp_path / 'a.sqlite'}", today=day)
    b = init_db(f"sqlite:///{tmp_path / 'b.sqlite'}", today=day)
    e = init_db(f"sqlite:///{tmp_path / 'e.sqlite'}", empty=True)
    ids = {a.database_id, b.database_id, e.database_id}
    assert len(ids) == 3 and all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids)
    for st in (a, b, e):
        st.dispose()
    copy_db(a.url, f"sqlite:///{tmp_path / 'moved.sqlite'}")
    moved = open_store(f"sqlite:///{tmp_path / 'moved.sqlite'}")
    assert moved.database_id == a.database_id  # `db copy` moves a city: its files still fit
    moved.dispose()


def test_whoever_creates_a_database_is_its_admin(tmp_path: Path) -> None:
    store = init_db(f"sqlite:///{tmp_path / 'a.sqlite'}", empty=True, admin="chen")
    with Session(store.engine) as s:
        assert [(u.name, u.role) for u in s.scalars(select(User))] == [("chen", "admin")]
    store.dispose()
