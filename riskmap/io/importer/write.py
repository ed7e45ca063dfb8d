"""`import_features`: every feature checked first, then all written in one transaction, or none.

On SQLite the sites go in through the raw DBAPI cursor (executemany) inside the SQLAlchemy
transaction, like the synthetic-city builder; a large import into a small table drops the
sites' indexes and builds them again at the end, inside the same transaction, so a rollback
restores them too; an import that only adds sites runs without SQLite's row-by-row foreign-key
check, its references proved once instead (`_transaction`). Any other database gets
SQLAlchemy Core batches with RETURNING. Both bypass the ORM flush guard, so the role is
checked here with the store's own `check_write`.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import Connection, bindparam, insert, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from riskmap.core.style.site_class import style_classes_of
from riskmap.errors import RiskmapError
from riskmap.io.importer.hygiene import prepare
from riskmap.io.importer.locate import Townships
from riskmap.io.importer.offset import refuse_offset
from riskmap.io.importer.placement import check_placement
from riskmap.io.importer.plan import ImportPlan, convert
from riskmap.io.importer.report import ImportCancelled, ImportReport
from riskmap.io.importer.source import DATUM_NAMES, FeatureSource, Progress
from riskmap.io.importer.update import (
    Existing,
    Matching,
    apply_updates,
    existing_sites,
    match,
    source_ids,
    source_name,
)
from riskmap.io.importer.update import delete_gone as delete_gone_sites
from riskmap.messages import Note
from riskmap.store.access import Actor, check_write
from riskmap.store.engine import Store
from riskmap.store.schema import Resource, Site

Cancel = Callable[[], bool]
BATCH = 50_000
# Dropping and rebuilding the sites' indexes pays off when the import is at least this large
# and at least as large as the table already is.
BULK_MIN = 100_000
RES_SQL = (
    "INSERT INTO resources (site_id, kind, capacity, capacity_unit, unit_id, contact)"
    " VALUES (?, ?, ?, '', NULL, ?)"
)


@dataclass
class NewSites:
    """The rows an import adds to the sites table, the one place that names their columns:
    `each` holds a value per row, `same` one value for every row (the layer, the source, the
    time). Both writers read it (version 1 is theirs)."""

    each: dict[str, list[Any]]
    same: dict[str, Any]

    def __len__(self) -> int:
        return len(next(iter(self.each.values())))


def _step(
    progress: Progress | None, cancel: Cancel | None, done: int, total: int, what: str
) -> None:
    if cancel is not None and cancel():
        raise ImportCancelled.of("import.cancelled")
    if progress is not None:
        progress(done, total, what)


def import_features(
    store: Store,
    actor: Actor,
    source: FeatureSource,
    plan: ImportPlan,
    *,
    district_assign: bool = True,
    dry_run: bool = False,
    skip_rejected: bool = False,
    allow_outside: bool = False,
    source_label: str | None = None,
    append: bool = False,
    delete_gone: bool = False,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> ImportReport:
    """Import `source` into `plan.layer`: all of it in one transaction, or none.

    The sites keep the source's name (`source_label`, else the file's) and each feature's id
    there; importing the same source again updates the sites it matches, adds the new ones and
    reports the unchanged and the gone (riskmap.io.importer.update), deleted with `delete_gone`.
    `append`: every feature a new site.

    Every feature is checked first (attributes, geometry, duplicate ids). With any rejected
    feature nothing is written and the report lists them all, unless `skip_rejected` (the user
    saw the report and chose to leave them out). Invalid geometries are repaired and listed.
    `progress(done, total, stage)` may raise to stop; `cancel()` returning True stops with
    ImportCancelled — in both cases nothing is written. PermissionDenied unless `actor` may
    create sites (admin); RiskmapError when the file as a whole cannot fit the layer, when its
    lon/lat look offset (GCJ-02, BD-09) and `source.datum` does not say how to read them, and
    when features lie far outside the city (unless `allow_outside`).
    """
    check_write(actor, "sites", "create")
    layer = plan.layer
    if layer.key == "resources":
        check_write(actor, "resources", "create")
    plan.check()
    n = source.count
    report = ImportReport(
        path=str(source.path),
        layer=layer.key,
        source_layer=source.layer,
        features=n,
        notes=list(source.notes),
        dry_run=dry_run,
    )
    if source.datum in ("gcj02", "bd09"):
        report.notes.append(Note("note.datum_converted", datum=DATUM_NAMES[source.datum]))
    _step(progress, cancel, 0, n, "check")
    with ThreadPoolExecutor(1, thread_name_prefix="import") as pool:
        # The geometry (numpy, PROJ, GEOS: mostly without the GIL) on the other core while the
        # cells are converted here; its refusals still come after the offset's, as in sequence.
        towns = Townships.load(store)
        geometry = pool.submit(prepare, source, layer.geometry, store.crs, towns.city_bounds)
        refuse_offset(source, store)
        values = convert(source, plan)
        _step(progress, cancel, 0, n, "geometry")
        prep = geometry.result()
    rejected = prep.rejected.copy()
    for p in values.problems:
        rejected[p.feature - 1] = True
    report.rejected = sorted([*values.problems, *prep.problems], key=lambda p: p.feature)
    report.repaired = prep.repaired
    keep = np.flatnonzero(~rejected)
    if not len(keep) or (report.rejected and not skip_rejected):
        return report
    report.skipped_rejected = bool(report.rejected)
    _step(progress, cancel, 0, n, "districts")
    kl = keep.tolist()

    def kept(column: list[Any]) -> list[Any]:
        return column if len(kl) == n else [column[i] for i in kl]

    with ThreadPoolExecutor(1, thread_name_prefix="import") as pool:
        # The placement check and point in polygon (GEOS, numpy) on the other core while the
        # attributes become JSON; a refusal of the placement still comes before anything else.
        placed = None if allow_outside else pool.submit(check_placement, store, source, prep, keep)
        located = pool.submit(towns.assign, prep.xy[keep]) if district_assign else None
        stamp = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        values_k = {
            "name": kept(values.names),
            "address": kept(values.addresses),
            "attrs": _attrs_json(values.attrs, keep),
            "style_class": kept(style_classes_of(layer, values.attrs, n)),
            "geom": kept(prep.wkb),
            "lon": prep.lon[keep].tolist(),
            "lat": prep.lat[keep].tolist(),
        }
        report.source = name = source_name(source, source_label)
        existing: dict[str, Existing] = {}
        if append:
            ids: list[str | None] = [None] * len(kl)
        else:
            every = source_ids(source, values.source_ids, plan.id_column is not None)
            ids = kept(every)  # type: ignore[arg-type]
            existing = existing_sites(store, layer.key, name)
        if placed is not None:
            placed.result()
        codes = located.result() if located is not None else [None] * len(keep)
    values_k["district_code"] = codes
    report.outside = sum(c is None for c in codes) if district_assign else 0
    report.imported = len(keep)
    if append:
        matching = Matching(new=list(range(len(kl))))
    else:
        matching = match(
            existing,
            ids,  # type: ignore[arg-type]
            *(values_k[k] for k in ("name", "address", "attrs", "geom", "district_code")),
            present=set(every) if existing else set(),
        )
    report.added, report.updated = len(matching.new), len(matching.changed)
    report.unchanged, report.gone = matching.unchanged, matching.gone
    if dry_run:
        return report
    if matching.changed:
        check_write(actor, "sites", "update")
    gone = [existing[sid] for sid, _name in matching.gone] if delete_gone else []
    if gone:
        check_write(actor, "sites", "delete")
    new = matching.new

    def fresh(column: list[Any]) -> list[Any]:
        return column if len(new) == len(kl) else [column[k] for k in new]

    sites = NewSites(
        each={
            "name": fresh(values_k["name"]),
            "district_code": fresh(codes),
            "address": fresh(values_k["address"]),
            "geom": fresh(values_k["geom"]),
            "lon": fresh(values_k["lon"]),
            "lat": fresh(values_k["lat"]),
            "attrs": fresh(values_k["attrs"]),
            "style_class": fresh(values_k["style_class"]),
            "source_id": fresh(ids),
        },
        same={"layer": layer.key, "source": name, "created_at": stamp, "updated_at": stamp},
    )
    if plan.address_column is None:  # every address empty: one value, not 10^6 of them
        sites.same["address"] = ""
        del sites.each["address"]
    resources = _resource_values(values.attrs, kl) if layer.key == "resources" else []
    try:
        with _transaction(store, adds_only=bool(new) and not matching.changed and not gone) as (
            conn,
            unchecked,
        ):
            if store.engine.dialect.name == "sqlite":
                # A write first, so SQLite takes the write lock now: the ids counted next stay ours.
                conn.exec_driver_sql("UPDATE meta SET value = value WHERE key = 'crs'")
            if unchecked:
                _prove_townships(conn, sites.each["district_code"])
            apply_updates(conn, actor, name, matching.changed, values_k, stamp)
            delete_gone_sites(conn, actor, name, gone)
            if resources and matching.changed:
                _update_resources(conn, [(old.id, resources[k]) for k, old in matching.changed])
            if new:
                added = [resources[k] for k in new] if resources else []
                if store.engine.dialect.name == "sqlite":
                    report.site_ids = _write_sqlite(conn, sites, added, progress, cancel)
                else:
                    report.site_ids = _write_core(conn, sites, added, progress, cancel)
            _step(progress, cancel, n, n, "commit")
    except SQLAlchemyError as exc:
        raise RiskmapError.of("import.write_failed", detail=exc) from None
    report.written = True
    report.deleted = len(gone)
    _step(progress, None, n, n, "done")
    return report


@contextmanager
def _transaction(store: Store, *, adds_only: bool) -> Iterator[tuple[Connection, bool]]:
    """The import's one transaction, and whether SQLite's row-by-row foreign-key check is off.

    It is off for an import that only adds sites (no update, no delete: nothing another table
    points at changes), on SQLite: the new rows' references are proved once instead, inside the
    transaction, under its write lock — the townships by `_prove_townships`, the resources'
    site ids by construction (the ids just inserted). The pragma takes only outside a
    transaction, so it is switched before the transaction begins and back after it ends
    (committed or rolled back); a connection where it did not come back on is dropped, never
    returned to the pool."""
    if not adds_only or store.engine.dialect.name != "sqlite":
        with store.engine.begin() as conn:
            yield conn, False
        return
    with store.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        off = _set_foreign_keys(raw, on=False)
        try:
            with conn.begin():
                yield conn, off
        finally:
            if off and not conn.invalidated and not _set_foreign_keys(raw, on=True):
                conn.invalidate()


def _set_foreign_keys(raw: Any, *, on: bool) -> bool:
    """Switch the foreign-key check of a SQLite DBAPI connection; whether it took (inside a
    transaction SQLite ignores the pragma)."""
    raw.execute(f"PRAGMA foreign_keys = {'ON' if on else 'OFF'}")
    return bool(raw.execute("PRAGMA foreign_keys").fetchone()[0]) == on


def _prove_townships(conn: Connection, codes: list[str | None]) -> None:
    """Every township code of the new sites is in the districts table, read under the write lock
    (a township deleted since the import read them fails as the check row by row would)."""
    wanted = set(codes)
    wanted.discard(None)
    if not wanted:
        return
    known = {code for (code,) in conn.exec_driver_sql("SELECT code FROM districts")}
    if not wanted <= known:
        raise IntegrityError(
            "INSERT INTO sites (district_code)",
            sorted(wanted - known)[:5],  # type: ignore[arg-type]
            sqlite3.IntegrityError("FOREIGN KEY constraint failed"),
        )


def _attrs_json(attrs: dict[str, list[Any]], keep: np.ndarray) -> list[str]:
    """The attrs JSON of each kept feature. Cells repeat (classes, kinds, yes/no), so each
    distinct value is encoded once, and each distinct row joined once: 10^6 rows in under 1 s."""
    kl = keep.tolist()
    full = not attrs or len(kl) == len(next(iter(attrs.values())))
    columns: list[list[str | None]] = []
    for key, values in attrs.items():
        if not full:
            values = [values[i] for i in kl]
        distinct = set(values)
        distinct.discard(None)
        if not distinct:
            continue
        prefix = json.dumps(key, ensure_ascii=False) + ": "
        if len({type(v) for v in distinct}) == 1:
            # One type per column (the field's): a set cannot mix up True and 1 here.
            frag = {v: prefix + json.dumps(v, ensure_ascii=False) for v in distinct}
            get = frag.get
            columns.append([get(v) for v in values])  # type: ignore[arg-type]
        else:
            columns.append(
                [None if v is None else prefix + json.dumps(v, ensure_ascii=False) for v in values]
            )
    if not columns:
        return ["{}"] * len(kl)
    # Whole rows repeat too (a kind and a capacity): join each distinct row once.
    rows: dict[tuple[str | None, ...], str] = {}
    out: list[str] = []
    for parts in zip(*columns, strict=True):
        text = rows.get(parts)
        if text is None:
            text = rows[parts] = "{" + ", ".join([f for f in parts if f is not None]) + "}"
        out.append(text)
    return out


def _resource_values(attrs: dict[str, list[Any]], kl: list[int]) -> list[tuple[Any, ...]]:
    """(kind, capacity, contact) per kept feature: the resources table behind the layer, which
    the incident view's nearest-resource search reads."""
    kinds = attrs.get("kind", [None] * (max(kl) + 1))
    caps = attrs.get("capacity", [None] * (max(kl) + 1))
    contacts = attrs.get("contact", [None] * (max(kl) + 1))
    return [(kinds[i], caps[i] if caps[i] is not None else 0, contacts[i] or "") for i in kl]


def _batches(n: int) -> Iterator[tuple[int, int]]:
    for start in range(0, n, BATCH):
        yield start, min(n, start + BATCH)


def _write_sqlite(
    conn: Connection,
    sites: NewSites,
    resources: list[tuple[Any, ...]],
    progress: Progress | None,
    cancel: Cancel | None,
) -> tuple[int, int]:
    """New sites through the raw cursor, in the caller's transaction (which holds the lock).

    Python's sqlite3 binds every parameter of every row one by one (~0.3 s per column for 10^6
    rows): the values all new rows share go into the statement as literals, and the ids are
    SQLite's own (max + 1 each, in order: nobody else can insert while we hold the lock)."""
    n = len(sites)
    cur = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    first = int(cur.execute("SELECT COALESCE(MAX(id), 0) FROM sites").fetchone()[0]) + 1
    existing = int(cur.execute("SELECT COUNT(*) FROM sites").fetchone()[0])
    indexes: list[tuple[str, str]] = []
    if n >= max(BULK_MIN, existing):
        indexes = cur.execute(
            "SELECT name, sql FROM sqlite_master"
            " WHERE type = 'index' AND tbl_name = 'sites' AND sql IS NOT NULL"
        ).fetchall()
        for name, _sql in indexes:
            cur.execute(f'DROP INDEX "{name}"')
    names = [*sites.each, *sites.same, "version"]
    marks = ["?"] * len(sites.each) + [_sql_literal(v) for v in sites.same.values()] + ["1"]
    sql = f"INSERT INTO sites ({', '.join(names)}) VALUES ({', '.join(marks)})"
    columns = list(sites.each.values())
    for a, b in _batches(n):
        _step(progress, cancel, a, n, "write")
        cur.executemany(sql, zip(*(c[a:b] for c in columns), strict=True))
    if resources:
        cur.executemany(RES_SQL, [(first + k, *r) for k, r in enumerate(resources)])
    _step(progress, cancel, n, n, "indexes")
    for _name, sql in indexes:
        cur.execute(sql)
    cur.close()
    return first, first + n - 1


def _sql_literal(value: str | dt.datetime) -> str:
    """A text or timestamp as an SQLite literal, stored exactly as the bound value would be."""
    if isinstance(value, dt.datetime):
        value = value.isoformat(" ", timespec="microseconds")  # SQLAlchemy's SQLite DateTime
    quoted = value.replace("'", "''").replace("\x00", "' || char(0) || '")
    return f"'{quoted}'"


def _write_core(
    conn: Connection,
    sites: NewSites,
    resources: list[tuple[Any, ...]],
    progress: Progress | None,
    cancel: Cancel | None,
) -> tuple[int, int]:
    """Any SQLAlchemy database: Core inserts in batches, ids from the database (RETURNING), in
    the caller's transaction."""
    n = len(sites)
    keys = list(sites.each)
    same = {**sites.same, "version": 1}
    stmt = insert(Site.__table__).returning(Site.__table__.c.id, sort_by_parameter_order=True)
    ids: list[int] = []
    for a, b in _batches(n):
        _step(progress, cancel, a, n, "write")
        rows = [
            {**same, **dict(zip(keys, values, strict=True))}
            for values in zip(*(c[a:b] for c in sites.each.values()), strict=True)
        ]
        for row in rows:
            row["attrs"] = json.loads(row["attrs"])
        ids += [int(r[0]) for r in conn.execute(stmt, rows)]
    if resources:
        conn.execute(
            insert(Resource.__table__),
            [
                {
                    "site_id": sid,
                    "kind": kind,
                    "capacity": cap,
                    "capacity_unit": "",
                    "contact": contact,
                }
                for sid, (kind, cap, contact) in zip(ids, resources, strict=True)
            ],
        )
    return min(ids), max(ids)


def _update_resources(conn: Connection, rows: list[tuple[int, tuple[Any, ...]]]) -> None:
    """The resources table behind updated resource sites follows their new kind, capacity and
    contact."""
    t = Resource.__table__
    stmt = (
        update(t)
        .where(t.c.site_id == bindparam("_site"))
        .values(kind=bindparam("_kind"), capacity=bindparam("_cap"), contact=bindparam("_contact"))
    )
    conn.execute(
        stmt,
        [{"_site": sid, "_kind": r[0], "_cap": r[1], "_contact": r[2]} for sid, r in rows],
    )
