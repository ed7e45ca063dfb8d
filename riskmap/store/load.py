"""Bulk loading of sites and districts into arrays for the spatial index and the dossier.

The hot path (a million sites) reads through the raw DBAPI cursor and parses WKB with one
vectorised shapely call; the ORM is for edits, not for this.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

import numpy as np
import shapely
from sqlalchemy import select

from riskmap.collector import paused
from riskmap.store.columns import read_sites
from riskmap.store.engine import Store
from riskmap.store.schema import District


@dataclass
class SiteArrays:
    """All sites as parallel arrays, in site-id order. Geometries are in the metric CRS.

    Names, districts and attributes stay in the database: the dossier reads them for the sites
    a region hits, so a million-site load carries only what the index needs.
    """

    ids: np.ndarray  # int64, ascending
    layers: np.ndarray  # int16 index into layer_keys
    layer_keys: list[str]
    geoms: np.ndarray  # object: shapely geometries
    # (n, 4) shapely.bounds of geoms when the read had them for free (the column read), so
    # the index need not ask GEOS again; None otherwise
    bounds: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.ids)

    def layer_mask(self, keys: list[str] | None) -> np.ndarray:
        if not keys:
            return np.ones(len(self.ids), dtype=bool)
        wanted = [self.layer_keys.index(k) for k in keys if k in self.layer_keys]
        return np.isin(self.layers, np.asarray(wanted, dtype=self.layers.dtype))

    def row_of(self, site_ids: np.ndarray) -> np.ndarray:
        """Row positions of the given site ids (ids are sorted)."""
        return np.searchsorted(self.ids, site_ids)


def load_sites(store: Store, geometry: bool = True, rows: bool = False) -> SiteArrays:
    """Every site's id, layer and geometry; with `geometry=False` only the layer keys (a lazy
    PostGIS workspace asks the database for geometries when it needs them).

    A SQLite file is read as columns where numba is installed (riskmap.store.columns), else,
    and with `rows=True` (the benches' old path, the tests' independent read), row by row."""
    with paused():  # a geometry object per site
        return _load_sites(store, geometry, rows)


def _load_sites(store: Store, geometry: bool, rows: bool) -> SiteArrays:
    raw = store.engine.raw_connection()
    try:
        if geometry and not store.is_postgis and not rows:
            got = read_sites(raw.driver_connection)
            if got is not None:
                keys, ids, layers, geoms, bounds = got
                return SiteArrays(ids, layers, keys, geoms, bounds)
        cur = raw.cursor()
        cur.execute("SELECT DISTINCT layer FROM sites")
        layer_keys = sorted(str(r[0]) for r in cur.fetchall())
        if not geometry:
            cur.close()
            empty = np.zeros(0, dtype=np.int64)
            return SiteArrays(empty, empty.astype(np.int16), layer_keys, np.zeros(0, dtype=object))
        # The layer comes back as a small int computed in SQL: CPython caches small ints, while
        # a million layer strings would each be a new object (≈1 s at 10^6 sites).
        cases = " ".join(f"WHEN {_param(store)} THEN {i}" for i in range(len(layer_keys)))
        layer_expr = f"CASE layer {cases} END" if layer_keys else "0"
        # PostGIS: plain WKB (bytea), not the geometry's hex text, so shapely parses binary.
        geom = "ST_AsBinary(geom)" if store.is_postgis else "geom"
        cur.execute(f"SELECT id, {layer_expr}, {geom} FROM sites ORDER BY id", layer_keys)
        rows = cur.fetchall()
        cur.close()
    finally:
        raw.close()
    n = len(rows)
    ids = np.fromiter(map(itemgetter(0), rows), dtype=np.int64, count=n)
    layers = np.fromiter(map(itemgetter(1), rows), dtype=np.int16, count=n)
    wkb = np.empty(n, dtype=object)
    wkb[:] = (
        list(map(bytes, map(itemgetter(2), rows))) if store.is_postgis else [r[2] for r in rows]
    )
    del rows
    return SiteArrays(ids=ids, layers=layers, layer_keys=layer_keys, geoms=shapely.from_wkb(wkb))


def _param(store: Store) -> str:
    """The DBAPI's positional placeholder (sqlite3: ?, psycopg: %s)."""
    return "?" if store.engine.dialect.paramstyle == "qmark" else "%s"


@dataclass(frozen=True)
class DistrictRecord:
    code: str
    name: str
    name_en: str
    level: str
    parent_code: str | None
    geom: shapely.Geometry  # metric CRS


def load_districts(store: Store) -> list[DistrictRecord]:
    with store.session() as s:
        return [
            DistrictRecord(d.code, d.name, d.name_en, d.level, d.parent_code, d.geom)
            for d in s.scalars(select(District).order_by(District.code))
        ]


def attr_values(
    store: Store, layer: str, field: str, ids: list[int] | None = None
) -> Iterator[tuple[np.ndarray, list[Any]]]:
    """(site ids, values of attribute `field`) of a layer's sites, in chunks of at most 65536
    (never a million tuples at once); `ids`: only those sites (PostgreSQL is then asked for
    them alone, a lazy map's viewport), otherwise the whole layer. A missing attribute is None;
    PostgreSQL gives every value as text, SQLite as its JSON type.
    """
    if store.engine.dialect.name == "postgresql":
        sql = "SELECT id, attrs ->> %s FROM sites WHERE layer = %s"
        params: tuple[Any, ...] = (field, layer)
        if ids is not None:
            sql += " AND id = ANY(%s)"
            params += ([int(i) for i in ids],)
    else:  # SQLite's JSON1; bound parameters only (docs/reliability.md)
        sql = "SELECT id, json_extract(attrs, ?) FROM sites WHERE layer = ?"
        params = (f"$.{field}", layer)
    raw = store.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute(sql, params)
        wanted = None if ids is None else np.unique(np.asarray(ids, dtype=np.int64))
        while rows := cur.fetchmany(65536):
            got = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
            if wanted is None:
                yield got, [r[1] for r in rows]
                continue
            keep = np.isin(got, wanted)  # SQLite read the whole layer; PostgreSQL only these
            yield got[keep], [r[1] for r, k in zip(rows, keep, strict=True) if k]
        cur.close()
    finally:
        raw.close()


def style_class_codes(
    store: Store, layer: str, classes: list[str], ids: list[int] | None = None
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(site ids, class index) of the layer's sites whose `style_class` is one of `classes`
    (the index into it), one class at a time; the others have none of them. `ids`: only those
    sites, as attr_values.

    The ids of a class come as one text the database joins (they are a run of the index on
    (layer, style_class)): 480,000 roads cost 0.2 s, not the 0.8 s of a Python tuple each.
    """
    if not classes:
        return
    p = _param(store)
    postgres = store.engine.dialect.name == "postgresql"
    joined = "string_agg(id::text, ',')" if postgres else "group_concat(id)"
    sql = (
        f"SELECT style_class, {joined} FROM sites WHERE layer = {p}"
        f" AND style_class IN ({', '.join([p] * len(classes))})"
    )
    params: list[Any] = [layer, *classes]
    if ids is not None and postgres:
        sql += f" AND id = ANY({p})"
        params.append([int(i) for i in ids])
    raw = store.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute(sql + " GROUP BY style_class", params)
        rows = cur.fetchall()
        cur.close()
    finally:
        raw.close()
    wanted = None if ids is None else np.unique(np.asarray(ids, dtype=np.int64))
    index = {c: i for i, c in enumerate(classes)}
    for cls, text in rows:
        got = np.fromstring(text, dtype=np.int64, sep=",")
        if wanted is not None:
            got = got[np.isin(got, wanted)]  # SQLite read the whole layer; PostgreSQL only these
        yield got, np.full(len(got), index[cls], dtype=np.int16)
