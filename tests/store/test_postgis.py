"""The PostGIS backend: migrations, `db copy` both ways, concurrency, database roles."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import shapely
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.exc import DBAPIError

from riskmap.core.ledger import Ledger
from riskmap.demo.install import init_db
from riskmap.errors import ConflictError, StoreError
from riskmap.store import transfer as transfer_mod
from riskmap.store.access import Actor
from riskmap.store.engine import open_store
from riskmap.store.migrate import HEAD, current_revision
from riskmap.store.schema import SCHEMA_VERSION, SITE_LOG_TABLES, Base, Hazard, Rectification
from riskmap.store.transfer import copy_db

EDITOR = Actor("zhangwei", "editor", "张伟")
OTHER = Actor("lina", "editor", "李娜")


@pytest.fixture(params=["sqlite", "postgis"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.sqlite'}"
    return request.getfixturevalue("pg_url")


def _diffs(url: str) -> list:
    store = open_store(url)
    try:
        with store.engine.connect() as c:
            diffs = compare_metadata(MigrationContext.configure(c), Base.metadata)
    finally:
        store.dispose()
    # The GiST indexes exist on PostgreSQL only (Index.ddl_if); SQLite indexes sites in memory.
    # spatial_ref_sys is PostGIS's own table; the sites' change log is kept by triggers. A
    # geometry column carries the SRID of its database's CRS (meta.crs), which the models cannot
    # know.
    return [
        d
        for d in diffs
        if not (d[0] == "add_index" and d[1].name.endswith("_geom"))
        and not (d[0] == "remove_table" and d[1].name == "spatial_ref_sys")
        and not (d[0] == "remove_table" and d[1].name in SITE_LOG_TABLES)
        and not (d[0] == "remove_index" and d[1].table.name in SITE_LOG_TABLES)
        and not (isinstance(d, list) and d[0][0] == "modify_type" and d[0][3] == "geom")
    ]


def test_migrations_from_the_first_schema_build_the_models(empty_url: str) -> None:
    store = init_db(empty_url, empty=True, admin="root")
    with store.engine.connect() as c:
        assert current_revision(c) == HEAD
    assert store.meta["schema_version"] == str(SCHEMA_VERSION)
    store.dispose()
    assert _diffs(empty_url) == []


def test_postgis_schema_has_srid_gist_indexes_and_triggers(demo_pg_url: str) -> None:
    eng = create_engine(demo_pg_url)
    try:
        with eng.connect() as c:
            cols = c.execute(
                text("SELECT f_table_name, srid, type FROM geometry_columns ORDER BY 1")
            ).all()
            assert cols == [
                ("basemap", 4544, "GEOMETRY"),
                ("districts", 4544, "GEOMETRY"),
                ("patrol_areas", 4544, "GEOMETRY"),
                ("sites", 4544, "GEOMETRY"),
            ]
            gist = c.execute(
                text("SELECT tablename FROM pg_indexes WHERE indexdef LIKE '%USING gist%'")
            ).scalars()
            assert set(gist) == {"sites", "districts", "patrol_areas", "basemap"}
            triggers = set(
                c.execute(
                    text("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'riskmap_notify_%'")
                ).scalars()
            )
            assert {"riskmap_notify_hazards", "riskmap_notify_rectifications"} <= triggers
            # The planner uses the GiST index for a region query.
            plan = "\n".join(
                c.execute(
                    text(
                        "EXPLAIN SELECT id FROM sites WHERE ST_Intersects(geom,"
                        " ST_MakeEnvelope(0, 0, 1, 1, 4544))"
                    )
                ).scalars()
            )
            assert "ix_sites_geom" in plan
    finally:
        eng.dispose()


def _dump(url: str) -> dict[str, list[tuple]]:
    """Every row of every riskmap table, geometries as WKB, in primary-key order."""
    store = open_store(url)
    out: dict[str, list[tuple]] = {}
    try:
        with store.engine.connect() as c:
            for table in Base.metadata.sorted_tables:
                rows = c.execute(select(table).order_by(*table.primary_key.columns)).all()
                out[table.name] = [
                    tuple(
                        shapely.to_wkb(shapely.set_srid(v, 0)) if isinstance(v, shapely.Geometry)
                        else v
                        for v in row
                    )
                    for row in rows
                ]  # fmt: skip
    finally:
        store.dispose()
    return out


def test_db_copy_sqlite_to_postgis_to_sqlite_is_identical(
    demo_url: str, pg_url: str, tmp_path: Path
) -> None:
    back = f"sqlite:///{tmp_path / 'back.sqlite'}"
    there = copy_db(demo_url, pg_url)
    again = copy_db(pg_url, back)
    assert there == again
    assert there["sites"] > 4000 and there["hazards"] > 1000 and there["audit_events"] > 0
    original, round_trip, in_pg = _dump(demo_url), _dump(back), _dump(pg_url)
    for name in original:
        assert len(round_trip[name]) == len(original[name]), name
        assert round_trip[name] == original[name], name
        assert in_pg[name] == original[name], name
    assert open_store(back).meta == open_store(demo_url).meta


def test_cli_db_copy_both_ways(demo_url: str, pg_url: str, tmp_path: Path, capsys) -> None:
    from riskmap.cli import main

    assert main(["db", "copy", demo_url, pg_url]) == 0
    assert "sites" in capsys.readouterr().out
    back = f"sqlite:///{tmp_path / 'back.sqlite'}"
    assert main(["db", "copy", pg_url, back]) == 0
    assert main(["db", "check", "--db", back]) == 0
    # Into a database that holds riskmap data: refused, nothing changed.
    assert main(["db", "copy", back, pg_url]) == 2
    assert "pass --force" in capsys.readouterr().err


def test_copy_into_a_full_database_needs_force(demo_url: str, pg_url: str) -> None:
    copy_db(demo_url, pg_url)
    before = _dump(pg_url)
    with pytest.raises(StoreError, match="already holds riskmap tables; pass --force"):
        copy_db(demo_url, pg_url)
    assert _dump(pg_url) == before
    copy_db(demo_url, pg_url, overwrite=True)
    assert _dump(pg_url) == before


def test_a_failed_copy_leaves_the_destination_as_it_was(
    demo_url: str, pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from riskmap.store import bulk

    def failing(real):
        def half_then_fail(*a, **kw):
            real(*a, **kw)  # every row written, then the failure
            raise RuntimeError("disk full")

        return half_then_fail

    real = transfer_mod.copy_tables
    # SQLite → PostGIS goes through COPY (riskmap.store.bulk), the other ways row by row.
    monkeypatch.setattr(bulk, "copy_sqlite_tables", failing(bulk.copy_sqlite_tables))
    with pytest.raises(RuntimeError, match="disk full"):
        copy_db(demo_url, pg_url)
    eng = create_engine(pg_url)
    try:
        assert inspect(eng).get_table_names() == []
    finally:
        eng.dispose()
    # SQLite: an existing destination keeps its bytes; no half file is left beside it.
    dst = tmp_path / "keep.sqlite"
    copy_db(demo_url, f"sqlite:///{dst}")
    kept = dst.read_bytes()
    monkeypatch.setattr(transfer_mod, "copy_tables", failing(real))
    with pytest.raises(RuntimeError, match="disk full"):
        copy_db(demo_url, f"sqlite:///{dst}", overwrite=True)
    assert dst.read_bytes() == kept
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.sqlite"]


def test_bad_destinations_get_one_line(demo_url: str) -> None:
    with pytest.raises(StoreError, match="not mysql"):
        copy_db(demo_url, "mysql://x/y")
    with pytest.raises(StoreError, match=r"cannot open postgresql.*Connection refused"):
        copy_db(demo_url, "postgresql+psycopg2://nobody:secret@127.0.0.1:1/x")
    with pytest.raises(StoreError, match="same database"):
        copy_db(demo_url, demo_url)


def test_passwords_stay_out_of_messages() -> None:
    with pytest.raises(StoreError) as err:
        open_store("postgresql+psycopg2://nobody:secret@127.0.0.1:1/x")
    assert "secret" not in str(err.value) and "***" in str(err.value)


def test_rows_added_after_a_copy_get_new_ids(demo_pg_copy: str) -> None:
    store = open_store(demo_pg_copy)
    try:
        with store.session() as s:
            top = s.scalar(select(Hazard.id).order_by(Hazard.id.desc()).limit(1))
            site = s.scalar(select(Hazard.site_id).limit(1))
        with Ledger(store, EDITOR).edit() as tx:
            new = tx.create_hazard(site, "general", "消防通道堵塞", found_on=dt.date(2026, 1, 5))
        assert new == top + 1
    finally:
        store.dispose()


def test_init_creates_the_postgres_database_when_missing(pg_url: str) -> None:
    missing = pg_url + "_new"
    store = init_db(missing, admin="root")
    try:
        assert store.is_postgis and store.meta["created_from"] == "demo"
        with store.engine.connect() as c:
            assert c.execute(text("SELECT COUNT(*) FROM sites")).scalar_one() > 4000
    finally:
        store.dispose()
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.exec_driver_sql(f'DROP DATABASE "{missing.rsplit("/", 1)[1]}" WITH (FORCE)')
    admin.dispose()


# ------------------------------------------------------------------ two seats, one record


def _open_rect(store) -> tuple[int, int]:
    with store.session() as s:
        r = s.scalars(
            select(Rectification).where(Rectification.status == "open").order_by(Rectification.id)
        ).first()
        return r.id, r.version


def test_a_stale_form_is_refused_with_the_other_persons_change(any_demo_copy: str) -> None:
    """Two seats open the same rectification; the second to save gets the conflict."""
    seat_a, seat_b = open_store(any_demo_copy), open_store(any_demo_copy)
    try:
        rid, version = _open_rect(seat_a)
        assert _open_rect(seat_b) == (rid, version)  # both forms show the same version
        with Ledger(seat_a, EDITOR).edit() as tx:
            tx.transition(rid, "start", expected_version=version)
        with pytest.raises(ConflictError) as err, Ledger(seat_b, OTHER).edit() as tx:
            tx.transition(rid, "start", expected_version=version)
        msg = str(err.value)
        assert f"rectification {rid} was changed by zhangwei" in msg
        assert "in_progress" in msg and "reload it and try again" in msg
        with seat_b.session() as s:
            r = s.get(Rectification, rid)
            assert (r.status, r.version) == ("in_progress", version + 1)  # A's edit stands
    finally:
        seat_a.dispose()
        seat_b.dispose()


def test_a_lost_race_inside_two_transactions_is_a_conflict(any_demo_copy: str) -> None:
    """Both transactions read the row; A commits first; B's write must not overwrite A's."""
    seat_a, seat_b = open_store(any_demo_copy), open_store(any_demo_copy)
    try:
        rid, version = _open_rect(seat_a)
        b_ctx = Ledger(seat_b, OTHER).edit()
        b = b_ctx.__enter__()
        b_row = b.s.get(Rectification, rid)  # B has read version `version`
        assert b_row.version == version
        with Ledger(seat_a, EDITOR).edit() as a:
            a.s.get(Rectification, rid).measures = "A 的整改措施"
        b_row.measures = "B 的整改措施"
        with pytest.raises(ConflictError, match=f"rectification {rid} was changed by zhangwei"):
            try:
                b.s.flush()
            except BaseException as exc:
                b_ctx.__exit__(type(exc), exc, exc.__traceback__)
                raise
        with seat_a.session() as s:
            r = s.get(Rectification, rid)
            assert (r.measures, r.version) == ("A 的整改措施", version + 1)
    finally:
        seat_a.dispose()
        seat_b.dispose()


# ------------------------------------------------------------------ database roles


def _login(pg_server: str, name: str) -> None:
    admin = create_engine(pg_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.exec_driver_sql(f"DROP ROLE IF EXISTS {name}")
        c.exec_driver_sql(f"CREATE ROLE {name} LOGIN")
    admin.dispose()


def test_database_roles_enforce_riskmap_roles_in_the_server(
    demo_pg_copy: str, pg_server: str
) -> None:
    """A riskmap viewer who logs in as themselves cannot write, whatever program they use."""
    from riskmap.core.ledger import resolve_actor

    _login(pg_server, "wallseat")
    _login(pg_server, "deskseat")
    store = open_store(demo_pg_copy)
    admin = Actor("admin", "admin", "系统管理员")
    with Ledger(store, admin).edit() as tx:
        tx.set_user("wallseat", role="viewer", display_name="大屏")
        tx.set_user("deskseat", role="editor", display_name="值班员")
    store.dispose()
    u = demo_pg_copy.replace("postgres@", "wallseat@")
    wall = open_store(u)
    try:
        assert resolve_actor(wall) == Actor("wallseat", "viewer", "大屏")  # the login is the user
        with wall.engine.connect() as c:
            assert c.execute(text("SELECT COUNT(*) FROM hazards")).scalar_one() > 0
            with pytest.raises(DBAPIError, match="permission denied"):
                c.execute(text("UPDATE hazards SET category = 'x'"))
    finally:
        wall.dispose()
    desk = open_store(demo_pg_copy.replace("postgres@", "deskseat@"))
    try:
        actor = resolve_actor(desk)
        assert actor.role == "editor"
        rid, version = _open_rect(desk)
        with Ledger(desk, actor).edit() as tx:
            tx.transition(rid, "start", expected_version=version)
        with desk.engine.connect() as c, pytest.raises(DBAPIError, match="permission denied"):
            c.execute(text("DELETE FROM audit_events"))  # the audit trail is append-only
    finally:
        desk.dispose()


def test_a_database_at_the_first_schema_is_upgraded_on_both_backends(empty_url: str) -> None:
    """`riskmap db upgrade` runs the later migrations on data made at revision 0001."""
    from riskmap.store.engine import ensure_pg_database, make_engine
    from riskmap.store.migrate import migrate

    ensure_pg_database(empty_url)
    eng = make_engine(empty_url)
    with eng.begin() as c:
        if c.dialect.name == "postgresql":
            c.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS postgis")
        migrate(c, 4544, "0001")
        c.exec_driver_sql("INSERT INTO meta (key, value) VALUES ('crs', 'EPSG:4544')")
        c.exec_driver_sql(
            "INSERT INTO units (id, name, kind, contact_person, phone, credit_code, version)"
            " VALUES (1, '东川县应急管理局', 'regulator', '', '', '', 1)"
        )
    eng.dispose()
    with pytest.raises(StoreError, match="schema version 1; upgrade it with"):
        open_store(empty_url)
    store = open_store(empty_url, upgrade=True)
    try:
        assert store.meta["schema_version"] == str(SCHEMA_VERSION)
        assert store.meta["schema_version_before_upgrade"] == "1"
        assert len(store.database_id) == 32  # made by the upgrade
        with store.engine.connect() as c:
            assert current_revision(c) == HEAD
            assert c.exec_driver_sql("SELECT name FROM units").scalar_one() == "东川县应急管理局"
    finally:
        store.dispose()
    assert _diffs(empty_url) == []


def test_passwords_arrive_with_revision_0005_on_both_backends(empty_url: str) -> None:
    """A database at revision 0004 (users, no passwords) upgrades to users without a password
    yet; on SQLite its first admin may then set one, on PostgreSQL the login is the proof."""
    from riskmap.core.accounts import authenticate, first_password_allowed, has_password
    from riskmap.core.ledger import resolve_actor
    from riskmap.store.engine import ensure_pg_database, make_engine
    from riskmap.store.migrate import migrate

    ensure_pg_database(empty_url)
    eng = make_engine(empty_url)
    with eng.begin() as c:
        if c.dialect.name == "postgresql":
            c.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS postgis")
        migrate(c, 4544, "0004")
        c.exec_driver_sql("INSERT INTO meta (key, value) VALUES ('crs', 'EPSG:4544')")
        c.exec_driver_sql(
            "INSERT INTO users (name, display_name, role, active, created_at, version)"
            " VALUES ('root', '管理员', 'admin', TRUE, '2026-01-05 09:00:00', 1)"
        )
        cols = {col["name"] for col in inspect(c).get_columns("users")}
        assert "password_hash" not in cols
    eng.dispose()
    with pytest.raises(StoreError, match="schema version 4; upgrade it with"):
        open_store(empty_url)
    store = open_store(empty_url, upgrade=True)
    try:
        assert store.meta["schema_version"] == str(SCHEMA_VERSION)
        with store.engine.connect() as c:
            assert current_revision(c) == HEAD
            assert {"password_hash", "password_set_at"} <= {
                col["name"] for col in inspect(c).get_columns("users")
            }
            assert "reverts" in {col["name"] for col in inspect(c).get_columns("audit_events")}
        assert not has_password(store, "root")
        if store.is_postgis:
            assert not first_password_allowed(store, "root")
        else:
            assert first_password_allowed(store, "root")
            with Ledger(store, resolve_actor(store, "root")).edit() as tx:
                tx.set_password("root", "root-first-pw")
            assert authenticate(store, "root", "root-first-pw").authenticated
    finally:
        store.dispose()
    assert _diffs(empty_url) == []


def test_a_lost_race_on_a_user_names_that_users_change(any_demo_copy: str) -> None:
    """Users are versioned too; the refusal shows the change to that user, not the last one."""
    from riskmap.store.schema import User

    admin = Actor("admin", "admin", "系统管理员")
    seat_a, seat_b = open_store(any_demo_copy), open_store(any_demo_copy)
    try:
        b_ctx = Ledger(seat_b, admin).edit()
        b = b_ctx.__enter__()
        b_row = b.s.get(User, "wangqiang")
        with Ledger(seat_a, admin).edit() as a:
            a.set_user("wangqiang", role="viewer", display_name="王强")
        with Ledger(seat_a, admin).edit() as a:
            a.set_user("lina", role="editor", display_name="李娜（值班）")  # a later, other change
        b_row.display_name = "王强（调离）"
        with pytest.raises(ConflictError) as err:
            try:
                b.s.flush()
            except BaseException as exc:
                b_ctx.__exit__(type(exc), exc, exc.__traceback__)
                raise
        assert "user wangqiang was changed by admin" in str(err.value)
        assert "role: editor → viewer" in str(err.value)
        assert err.value.last.after["name"] == "wangqiang"
        with seat_a.session() as s:
            assert (s.get(User, "wangqiang").role, s.get(User, "wangqiang").display_name) == (
                "viewer",
                "王强",
            )
    finally:
        seat_a.dispose()
        seat_b.dispose()
