"""Moving whole databases: `riskmap db copy` (SQLite ⇄ PostGIS), and the demo city copied into
a new database. All of it or nothing: one transaction on PostgreSQL, a file moved into place
when complete on SQLite."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, inspect, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.types import Integer

from riskmap.atomic import replace_with
from riskmap.errors import StoreError
from riskmap.store.engine import (
    Store,
    _bind_crs,
    _check_sqlite_file,
    build_schema,
    display_url,
    ensure_pg_database,
    make_engine,
    open_store,
    read_meta,
    sqlite_path,
    srid_of,
)
from riskmap.store.schema import Base


def shift_dates(value: Any, days: int) -> Any:
    if days and isinstance(value, dt.date):
        return value + dt.timedelta(days=days)
    return value


def copy_tables(
    sc: Connection, dc: Connection, shift_days: int = 0, batch: int = 5000
) -> dict[str, int]:
    """Copy every riskmap table but meta from `sc` into the empty schema on `dc`.

    Runs inside the callers' transactions. Dates and datetimes move by `shift_days`: the demo
    city is dated relative to its anchor day, and is re-anchored on today when a database is
    created from it.
    """
    counts: dict[str, int] = {}
    present = set(inspect(sc).get_table_names())
    for table in Base.metadata.sorted_tables:
        # A source older than a table added since (the bundled demo city) has none of its rows.
        if table.name == "meta" or table.name not in present:
            continue
        # The columns the source has: the bundled demo city may predate a column added since
        # (the new one takes its default).
        have = {c["name"] for c in inspect(sc).get_columns(table.name)}
        cols = [c for c in table.columns if c.name in have]
        # Streamed: a client-side cursor would hold a million sites in memory at once.
        stmt = select(*cols).order_by(*table.primary_key.columns).execution_options(yield_per=batch)
        rows = sc.execute(stmt).mappings()
        n = 0
        chunk: list[dict[str, Any]] = []
        for row in rows:
            chunk.append({k: shift_dates(v, shift_days) for k, v in row.items()})
            if len(chunk) >= batch:
                dc.execute(table.insert(), chunk)
                n += len(chunk)
                chunk = []
        if chunk:
            dc.execute(table.insert(), chunk)
            n += len(chunk)
        counts[table.name] = n
    reset_sequences(dc)
    return counts


def reset_sequences(c: Connection) -> None:
    """After rows were written with their ids, PostgreSQL's id sequences continue past them."""
    if c.dialect.name != "postgresql":
        return
    for table in Base.metadata.sorted_tables:
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or not isinstance(pk[0].type, Integer) or pk[0].foreign_keys:
            continue
        seq = c.execute(
            text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": pk[0].name}
        ).scalar()
        if seq:
            c.execute(
                text(
                    f"SELECT setval(:seq, COALESCE((SELECT MAX({pk[0].name}) FROM {table.name}),"
                    f" 1), (SELECT COUNT(*) > 0 FROM {table.name}))"
                ),
                {"seq": seq},
            )


def write_database(
    src: Engine,
    url: str,
    meta: dict[str, str],
    overwrite: bool,
    fill: Callable[[Connection, Connection], None],
) -> Store:
    """Create the schema at `url` and fill it from `src`, all of it or nothing.

    PostgreSQL: one transaction. SQLite: the file is built beside its destination and moved
    into place only when complete, so a failure (or a killed process) leaves no half database.
    """
    path = sqlite_path(url)
    target_url = url
    if path is not None:
        if path.exists() and path.stat().st_size > 0:
            if not overwrite:
                raise StoreError.of("store.exists", path=path)
            _check_sqlite_file(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        building = path.with_name(f".{path.name}.building")
        _remove_sqlite_file(building)
        target_url = f"sqlite:///{building}"
    ensure_pg_database(url)
    engine = make_engine(target_url)
    _bind_crs(engine, meta["crs"])
    try:
        with src.connect() as sc, engine.begin() as dc:
            build_schema(dc, meta, overwrite)
            fill(sc, dc)
        if path is not None:
            engine.dispose()
            _checkpoint(building)
            for suffix in ("-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            replace_with(building, path)
            engine = make_engine(url)
            _bind_crs(engine, meta["crs"])
    except BaseException as exc:
        engine.dispose()
        if path is not None:
            _remove_sqlite_file(building)
        if isinstance(exc, OperationalError):
            raise StoreError.of("store.cannot_write", url=display_url(url), detail=exc) from None
        raise
    return Store(url=url, engine=engine, meta=read_meta(engine))


def _checkpoint(path: Path) -> None:
    """Fold a SQLite file's WAL into it, so that the file alone is the whole database."""
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()


def _remove_sqlite_file(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def copy_db(src_url: str, dst_url: str, overwrite: bool = False) -> dict[str, int]:
    """Copy a whole riskmap database to another one, SQLite or PostGIS either way.

    The destination is created from the migrations and filled in one transaction (for SQLite, a
    file moved into place when complete): a failure leaves it as it was. Rows keep their ids;
    PostgreSQL's sequences are moved past them. Returns the rows copied per table.
    """
    if src_url == dst_url:
        raise StoreError.of("store.same_database")
    src = open_store(src_url)
    counts: dict[str, int] = {}
    try:
        # The copy keeps the database id: `db copy` moves a city (to PostGIS, to a new server),
        # and the spreadsheets exported before the move still belong to it.
        meta = {k: v for k, v in src.meta.items() if k != "schema_version"}

        def fill(sc: Connection, dc: Connection) -> None:
            raw = sc.connection.dbapi_connection
            if dc.dialect.name == "postgresql" and isinstance(raw, sqlite3.Connection):
                from riskmap.store import bulk

                if bulk.can_copy(raw):  # COPY: a file of a million sites in seconds
                    counts.update(bulk.copy_sqlite_tables(raw, dc, srid_of(meta["crs"])))
                    reset_sequences(dc)
                    return
            counts.update(copy_tables(sc, dc))

        write_database(src.engine, dst_url, meta, overwrite, fill).dispose()
    finally:
        src.dispose()
    return counts
