"""Bench-only bulk loader: a riskmap SQLite database → an empty PostgreSQL + PostGIS database.

Why not `riskmap.store.engine.copy_db`: it inserts through SQLAlchemy `executemany` batches with
every index and foreign key in place: 186 s for the 10^6-site benchmark city on the 2-core VM
(the client busier than the server: ~60 % against ~30 % of a core). This loader does what
pg_restore does for a bulk load, the kind SPEC §6's PostGIS peer figure names ("COPY + GiST"):

- the schema comes from `build_schema` (the same Alembic migrations as `riskmap db init`), so the
  tables, constraints, triggers and indexes are exactly riskmap's own;
- each table's secondary indexes (the GiST index among them) and its foreign keys are dropped,
  the rows go in with `COPY … FROM STDIN` (CSV), then the indexes are re-created and the foreign
  keys re-added from their own definitions: the GiST index is built once, sorted, instead of
  grown row by row, and each foreign key is checked by one join instead of a lookup per row;
- SQLite writes each CSV line itself (see `_line_sql`), so Python only forwards text;
- `reset_sequences` moves the id sequences past the copied ids, and VACUUM ANALYZE leaves the
  planner statistics and the visibility map of a database that has been up for a while (without
  it the first queries would also pay for setting hint bits on a million fresh rows).

All of it but the VACUUM runs in one transaction: a failure leaves the database empty.
"""

from __future__ import annotations

import io
import sqlite3
import struct
import sys
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Boolean, Connection, Float, Integer, Table, create_engine, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from riskmap.store.engine import build_schema, reset_sequences, srid_of  # noqa: E402
from riskmap.store.schema import Base, WKBGeometry  # noqa: E402

CHUNK = 100_000  # lines per COPY statement: bounds the memory of one buffer (~60 MB of sites)


def load_from_sqlite(
    sqlite_file: Path, pg_url: str, log: Callable[[str], None] = print
) -> dict[str, int]:
    """Copy every riskmap table of `sqlite_file` into the empty PostGIS database at `pg_url`.

    Returns the rows copied per table. The destination must hold no riskmap tables.
    """
    src = sqlite3.connect(f"file:{sqlite_file}?mode=ro", uri=True)
    engine = create_engine(pg_url, future=True)
    counts: dict[str, int] = {}
    try:
        meta = dict(src.execute("SELECT key, value FROM meta WHERE key != 'schema_version'"))
        srid = srid_of(meta["crs"])
        with engine.begin() as c:
            build_schema(c, meta)
            # the re-created indexes (the GiST one above all) sort in memory instead of on disk
            c.execute(text("SET LOCAL maintenance_work_mem = '512MB'"))
            for table in Base.metadata.sorted_tables:
                if table.name == "meta":
                    continue  # written by build_schema
                t = time.perf_counter()
                counts[table.name] = _copy_table(src, c, table, srid)
                if counts[table.name] >= CHUNK:
                    log(f"  {table.name}: {counts[table.name]:,} rows in {_since(t)}")
            reset_sequences(c)
        t = time.perf_counter()
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.execute(text("VACUUM ANALYZE"))
        log(f"  VACUUM ANALYZE in {_since(t)}")
    finally:
        src.close()
        engine.dispose()
    return counts


def _since(t: float) -> str:
    return f"{time.perf_counter() - t:.1f} s"


def _copy_table(src: sqlite3.Connection, c: Connection, table: Table, srid: int) -> int:
    if src.execute(f"SELECT NOT EXISTS (SELECT 1 FROM {table.name})").fetchone()[0]:
        return 0
    _check_wkb(src, table)
    rows = src.execute(_line_sql(table, srid))
    cols = ", ".join(f'"{col.name}"' for col in table.columns)
    sql = f"COPY {table.name} ({cols}) FROM STDIN WITH (FORMAT csv)"
    restore = _drop_indexes_and_foreign_keys(c, table.name)
    cur = c.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    n = 0
    while chunk := rows.fetchmany(CHUNK):
        cur.copy_expert(sql, io.StringIO("".join(line for (line,) in chunk)))
        n += len(chunk)
    cur.close()
    for ddl in restore:
        c.execute(text(ddl))
    return n


def _line_sql(table: Table, srid: int) -> str:
    """A SELECT giving each row of `table` as one CSV line, formatted by SQLite.

    Python's csv module copies every character one by one (~40 MB/s here, and a million sites
    are ~600 MB of CSV), so SQLite's C string functions write the lines instead. CSV as
    PostgreSQL reads it: an empty field is NULL, a quoted one ("") an empty string.
    """
    # EWKB is WKB with the SRID flag (0x20000000) in the geometry type and the SRID after it:
    # for little-endian 2D WKB (checked by _check_wkb), the type's 4th byte 00 becomes 20.
    srid_hex = struct.pack("<I", srid).hex().upper()
    fields = []
    for col in table.columns:
        q = f'"{col.name}"'
        if isinstance(col.type, WKBGeometry):
            h = f"hex({q})"
            value = f"substr({h}, 1, 8) || '20{srid_hex}' || substr({h}, 11)"
        elif isinstance(col.type, Float):
            value = f"printf('%!.17g', {q})"  # '!': all 17 digits, so every double round-trips
        elif isinstance(col.type, Integer | Boolean):
            value = f"CAST({q} AS TEXT)"  # SQLite keeps booleans as 0/1, which PostgreSQL reads
        else:  # text, JSON, dates and datetimes (ISO text in SQLite)
            value = f"'\"' || replace({q}, '\"', '\"\"') || '\"'"
        fields.append(f"CASE WHEN {q} IS NULL THEN '' ELSE {value} END")
    order = ", ".join(f'"{col.name}"' for col in table.primary_key.columns)
    line = " || ',' || ".join(fields) + " || char(10)"
    return f"SELECT {line} FROM {table.name} ORDER BY {order}"


def _check_wkb(src: sqlite3.Connection, table: Table) -> None:
    """The EWKB splice in _line_sql holds for little-endian WKB of a 2D type only."""
    for col in table.columns:
        if isinstance(col.type, WKBGeometry):
            bad = src.execute(
                f'SELECT COUNT(*) FROM {table.name} WHERE "{col.name}" IS NOT NULL AND'
                f" (substr(hex(\"{col.name}\"), 1, 2) != '01'"
                f" OR substr(hex(\"{col.name}\"), 9, 2) != '00')"
            ).fetchone()[0]
            if bad:
                raise ValueError(
                    f"{table.name}.{col.name}: {bad} geometries not 2D little-endian WKB"
                )


def _drop_indexes_and_foreign_keys(c: Connection, table: str) -> list[str]:
    """Drop `table`'s foreign keys and the indexes no constraint owns; the DDL that restores
    them, to run once its rows are in."""
    fks = c.execute(
        text(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conrelid = CAST(:t AS regclass) AND contype = 'f'"
        ),
        {"t": table},
    ).all()
    indexes = c.execute(
        text(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i"
            " WHERE i.indrelid = CAST(:t AS regclass) AND NOT EXISTS"
            " (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)"
        ),
        {"t": table},
    ).all()
    for name, _ in fks:
        c.execute(text(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"'))
    for name, _ in indexes:
        c.execute(text(f"DROP INDEX {name}"))
    return [ddl for _, ddl in indexes] + [
        f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {ddl}' for name, ddl in fks
    ]
