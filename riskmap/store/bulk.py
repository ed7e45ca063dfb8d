"""Bulk copy of a SQLite riskmap database into PostGIS with COPY: the path `riskmap db copy`
takes from a file to a server (10^6 sites: ~35 s instead of ~186 s of batched INSERTs).

What pg_restore does for a bulk load:

- each table's secondary indexes (the GiST index among them) and foreign keys are dropped, the
  rows go in with `COPY … FROM STDIN` (CSV), then the indexes are re-created and the foreign keys
  re-added from their own definitions: the GiST index is built once, sorted, instead of grown
  row by row, and each foreign key is checked by one join instead of a lookup per row;
- SQLite writes each CSV line itself (see `_line_sql`), so Python only forwards text.

Everything runs on the caller's connection, inside its transaction: a failure leaves nothing.
"""

from __future__ import annotations

import io
import sqlite3
import struct

from sqlalchemy import Boolean, Connection, Float, Integer, Table, text

from riskmap.store.schema import Base, WKBGeometry

CHUNK = 100_000  # lines per COPY statement: bounds the memory of one buffer (~60 MB of sites)


def can_copy(src: sqlite3.Connection) -> bool:
    """Whether every geometry is 2D little-endian WKB, which `_line_sql` turns into EWKB by
    splicing in the SRID (anything else takes the ordinary row-by-row copy)."""
    for table in Base.metadata.sorted_tables:
        for col in table.columns:
            if isinstance(col.type, WKBGeometry):
                bad = src.execute(
                    f'SELECT EXISTS (SELECT 1 FROM {table.name} WHERE "{col.name}" IS NOT NULL'
                    f" AND (substr(hex(\"{col.name}\"), 1, 2) != '01'"
                    f" OR substr(hex(\"{col.name}\"), 9, 2) != '00'))"
                ).fetchone()[0]
                if bad:
                    return False
    return True


def copy_sqlite_tables(src: sqlite3.Connection, dc: Connection, srid: int) -> dict[str, int]:
    """Copy every riskmap table but meta from `src` into the empty schema on `dc` (PostGIS)."""
    counts: dict[str, int] = {}
    # the re-created indexes (the GiST one above all) sort in memory instead of on disk
    dc.execute(text("SET LOCAL maintenance_work_mem = '512MB'"))
    present = {name for (name,) in src.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    for table in Base.metadata.sorted_tables:
        # meta is written with the schema; a table newer than the source has nothing to copy.
        if table.name != "meta" and table.name in present:
            counts[table.name] = _copy_table(src, dc, table, srid)
    # Planner statistics now, not after autovacuum gets round to a million fresh rows.
    dc.execute(text("ANALYZE"))
    return counts


def _copy_table(src: sqlite3.Connection, c: Connection, table: Table, srid: int) -> int:
    if src.execute(f"SELECT NOT EXISTS (SELECT 1 FROM {table.name})").fetchone()[0]:
        return 0
    rows = src.execute(_line_sql(table, srid))
    cols = ", ".join(f'"{col.name}"' for col in table.columns)
    sql = f"COPY {table.name} ({cols}) FROM STDIN WITH (FORMAT csv)"
    restore = _drop_indexes_and_foreign_keys(c, table.name)
    cur = c.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    n = 0
    try:
        while chunk := rows.fetchmany(CHUNK):
            cur.copy_expert(sql, io.StringIO("".join(line for (line,) in chunk)))
            n += len(chunk)
    finally:
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
    # for little-endian 2D WKB (checked by can_copy), the type's 4th byte 00 becomes 20.
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
