"""Importing a source again updates what it imported before instead of doubling it.

Every imported site keeps the import's source name (by default the file's name) and its id in
that source (the id column, else the feature's number, or its spreadsheet row). Importing the
same source again matches features by that id: a match whose name, address, attributes or
geometry differ is updated (audited, one event per site, before and after), an equal one is
left alone, a feature with a new id is added, and the ids imported before that the file no
longer holds are reported as gone (kept in the database; with `delete_gone` deleted, audited,
unless a hazard or a duty still names them). `append` imports every feature as a new site that
no later import matches.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely
from sqlalchemy import Connection, bindparam, delete, func, insert, select, update

from riskmap.errors import RiskmapError
from riskmap.io.importer.source import FeatureSource
from riskmap.messages import Words
from riskmap.store.access import Actor
from riskmap.store.engine import Store
from riskmap.store.schema import AuditEvent, Duty, Hazard, Resource, Site, wkb_sql

SOURCE_LIMIT = 128  # the sites table's source and source_id sizes
GEOMETRY_SAME_M = 0.001  # a vertex moved less than a millimetre has not moved
# The audited columns of an update (the geometry as hex WKB, like every other audit snapshot).
AUDITED = ("name", "address", "attrs", "geom", "lon", "lat", "district_code")


def source_name(source: FeatureSource, given: str | None = None) -> str:
    """The import's source name: the user's, else the file's name (with its layer when the
    file holds several)."""
    if given and given.strip():
        return given.strip()[:SOURCE_LIMIT]
    name = source.path.stem
    if source.layer and sum(1 for info in source.layers if info.features != 0) > 1:
        name = f"{name}/{source.layer}"
    return name[:SOURCE_LIMIT]


def source_ids(source: FeatureSource, from_column: list[str | None], has_column: bool) -> list[str]:
    """Each feature's id in its source: the id column's value, else its spreadsheet row or
    feature number ("#row" when the id column is blank there, apart from the column's own)."""
    if source.rows is None and not has_column:  # feature numbers, 10^6 in 0.1 s
        return [str(i) for i in range(1, len(from_column) + 1)]
    out = []
    for i, v in enumerate(from_column):
        if v is not None:
            out.append(v[:SOURCE_LIMIT])
            continue
        where = source.row_of(i) or i + 1
        out.append(f"#{where}" if has_column else str(where))
    return out


@dataclass
class Existing:
    """A site the same source imported before."""

    id: int
    name: str
    address: str
    attrs: dict[str, Any]
    geom: bytes
    lon: float
    lat: float
    district_code: str | None
    version: int


@dataclass
class Matching:
    """The kept features sorted into new, changed and unchanged; the ids gone from the file."""

    new: list[int] = field(default_factory=list)  # positions in the kept features
    changed: list[tuple[int, Existing]] = field(default_factory=list)
    unchanged: int = 0
    gone: list[tuple[str, str]] = field(default_factory=list)  # (source id, name)


def existing_sites(store: Store, layer: str, source: str) -> dict[str, Existing]:
    with store.engine.connect() as c:
        geom = wkb_sql(c.dialect.name)
        t = Site.__table__.c
        rows = c.execute(
            select(
                t.source_id, t.id, t.name, t.address, t.attrs, t.lon, t.lat, t.district_code,
                t.version,
            ).add_columns(_geom_column(geom))
            .where(t.layer == layer, t.source == source, t.source_id.is_not(None))
        ).all()  # fmt: skip
    return {
        r[0]: Existing(
            r[1], r[2], r[3] or "", _attrs(r[4]), bytes(r[9]), r[5], r[6], r[7], r[8] or 1
        )
        for r in rows
    }


def _geom_column(sql: str) -> Any:
    from sqlalchemy import literal_column

    return literal_column(sql)


def _attrs(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        return json.loads(value)
    return dict(value or {})


def match(
    existing: dict[str, Existing],
    ids: list[str],
    names: list[Any],
    addresses: list[Any],
    attrs: list[str],
    wkb: list[Any],
    codes: list[str | None],
    present: set[str],
) -> Matching:
    """Sort the kept features (parallel lists) against what the source imported before;
    `present`: every id the file holds (a rejected feature left out is not gone)."""
    m = Matching()
    if not existing:  # the source's first import: every feature is new, nothing is gone
        m.new = list(range(len(ids)))
        return m
    for k, sid in enumerate(ids):
        old = existing.get(sid)
        if old is None:
            m.new.append(k)
            continue
        same = (
            old.name == names[k]
            and old.address == (addresses[k] or "")
            and old.attrs == json.loads(attrs[k])
            and old.district_code == codes[k]
            and _same_geometry(old.geom, wkb[k])
        )
        if same:
            m.unchanged += 1
        else:
            m.changed.append((k, old))
    m.gone = sorted((sid, e.name) for sid, e in existing.items() if sid not in present)
    return m


def _same_geometry(a: bytes, b: bytes) -> bool:
    if a == b:
        return True
    ga, gb = shapely.from_wkb(a), shapely.from_wkb(b)
    return bool(shapely.equals_exact(ga, gb, tolerance=GEOMETRY_SAME_M))


def apply_updates(
    conn: Connection,
    actor: Actor,
    source: str,
    changed: list[tuple[int, Existing]],
    values: dict[str, list[Any]],
    now: dt.datetime,
) -> None:
    """Write the changed sites and one audit event each, in the caller's transaction.
    `values`: column → list over the kept features (name, address, attrs JSON, style_class,
    geom WKB, lon, lat, district_code)."""
    if not changed:
        return
    t = Site.__table__
    stmt = (
        update(t)
        .where(t.c.id == bindparam("_id"))
        .values(
            name=bindparam("_name"),
            address=bindparam("_address"),
            attrs=bindparam("_attrs"),
            style_class=bindparam("_style_class"),
            geom=bindparam("_geom"),
            lon=bindparam("_lon"),
            lat=bindparam("_lat"),
            district_code=bindparam("_district_code"),
            updated_at=now,
            version=t.c.version + 1,
        )
    )
    rows, events = [], []
    for k, old in changed:
        new = {
            "name": values["name"][k],
            "address": values["address"][k] or "",
            "attrs": json.loads(values["attrs"][k]),
            "geom": values["geom"][k],
            "lon": _num(values["lon"][k]),
            "lat": _num(values["lat"][k]),
            "district_code": values["district_code"][k],
        }
        rows.append(
            {
                "_id": old.id,
                "_style_class": values["style_class"][k],
                **{f"_{key}": v for key, v in new.items()},
            }
        )
        before = {key: _json(getattr(old, key)) for key in AUDITED}
        after = {key: _json(new[key]) for key in AUDITED}
        keep = [key for key in AUDITED if before[key] != after[key]]
        events.append(
            {
                "at": now,
                "user": actor.name,
                "action": "update",
                "table": "sites",
                "row_id": old.id,
                "site_id": old.id,
                "before": {"id": old.id, "version": old.version, **{k: before[k] for k in keep}},
                "after": {"id": old.id, "version": old.version + 1, **{k: after[k] for k in keep}},
                "note": f"import {source}",
            }
        )
    conn.execute(stmt, rows)
    conn.execute(insert(AuditEvent.__table__), events)


def _num(v: Any) -> float | None:
    return None if v is None or (isinstance(v, float) and np.isnan(v)) else float(v)


def _json(v: Any) -> Any:
    if isinstance(v, bytes | bytearray | memoryview):
        return shapely.to_wkb(shapely.from_wkb(bytes(v)), hex=True)
    return v


def delete_gone(conn: Connection, actor: Actor, source: str, gone: list[Existing]) -> None:
    """Delete the sites gone from the source, with one audit event each, in the caller's
    transaction; RiskmapError (nothing written) while hazards or duties still name any."""
    if not gone:
        return
    ids = [e.id for e in gone]
    users = []
    for table, words in ((Hazard, ("hazards", "条隐患")), (Duty, ("duties", "条责任"))):
        n = conn.execute(
            select(func.count()).select_from(table).where(table.site_id.in_(ids))
        ).scalar_one()
        if n:
            users.append(Words(f"{n} {words[0]}", f"{n} {words[1]}"))
    if users:
        raise RiskmapError.of("import.gone_in_use", count=len(ids), users=users)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    conn.execute(delete(Resource.__table__).where(Resource.__table__.c.site_id.in_(ids)))
    conn.execute(delete(Site.__table__).where(Site.__table__.c.id.in_(ids)))
    conn.execute(
        insert(AuditEvent.__table__),
        [
            {
                "at": now,
                "user": actor.name,
                "action": "delete",
                "table": "sites",
                "row_id": e.id,
                "site_id": e.id,
                "before": {"id": e.id, "version": e.version, "name": e.name, "source": source},
                "after": None,
                "note": f"import {source}",
            }
            for e in gone
        ],
    )
