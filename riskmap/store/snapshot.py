"""A PostgreSQL seat's sites in memory: a fast cold load, a local snapshot, and the deltas.

The database stays the truth. Schema version 9 keeps a revision counter and a log of the sites
each revision touched (migration r0009); a seat that holds the city as of revision r asks for
the sites logged after r and re-reads just those, in one query.

- Cold load: in one REPEATABLE READ snapshot, the counter and every site, a chunk at a time as
  three binary values per chunk (ids and layer codes as packed integers, the geometries as
  one WKB collection), so the client parses a few large buffers in C instead of a million rows.
- Snapshot: a local file per database (its `database_id`; for a SQLite file, its path) holding
  the arrays as shapely ragged arrays, the spatial index's tree order, the revision and the
  CRS: a JSON header and the raw arrays, each with its CRC-32, read through a memory map, so
  a million sites take one pass over ~220 MB and no copy before shapely builds the
  geometries. A snapshot that does not match its database, is ahead of it (a restored backup)
  or fails a CRC is rebuilt, never trusted; a file's is used only while the file's change
  mark (r0012) is the one it was saved with.
"""

from __future__ import annotations

import hashlib
import json
import logging
import mmap
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.errors import GEOSException

from riskmap.atomic import atomic_path
from riskmap.collector import paused
from riskmap.paths import user_cache_dir
from riskmap.store.engine import Store
from riskmap.store.load import SiteArrays, load_sites
from riskmap.store.schema import SITE_MARK_TRIGGERS

log = logging.getLogger(__name__)

CHUNK = 250_000  # sites per cold-load query: bounds the server's memory for the collection
_EMPTY = "'GEOMETRYCOLLECTION EMPTY'::geometry"


@dataclass(frozen=True)
class SiteDelta:
    """What changed in the database after a revision."""

    rev: int
    changed: SiteArrays  # new or changed sites, ids ascending
    deleted: np.ndarray  # ids gone from the database
    reset: bool = False  # the log cannot say (truncated, pruned, restored): load everything


def has_site_log(store: Store) -> bool:
    if not store.is_postgis:
        return False
    with store.engine.connect() as conn:
        return bool(conn.exec_driver_sql("SELECT to_regclass('site_rev') IS NOT NULL").scalar())


def _read_only_cursor(store: Store) -> tuple[Any, Any]:
    raw = store.engine.raw_connection()
    cur = raw.cursor()
    # psycopg2 opens the transaction with this statement: every read below sees one snapshot
    cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
    return raw, cur


def _layer_case(keys: list[str]) -> str:
    cases = " ".join(f"WHEN %s THEN {i}" for i in range(len(keys)))
    return f"(CASE layer {cases} END)::smallint" if keys else "0::smallint"


@paused()  # a geometry object per site, as load_sites
def load_sites_pg(store: Store) -> tuple[SiteArrays, int]:
    """Every site and the revision they are as of (one database snapshot)."""
    raw, cur = _read_only_cursor(store)
    try:
        cur.execute("SELECT rev FROM site_rev")
        rev = int(cur.fetchone()[0])
        cur.execute("SELECT DISTINCT layer FROM sites")
        keys = sorted(str(r[0]) for r in cur.fetchall())
        sql = (
            "SELECT count(*), max(id),"
            " string_agg(int8send(id::bigint), ''::bytea ORDER BY id),"
            f" string_agg(int2send({_layer_case(keys)}), ''::bytea ORDER BY id),"
            f" ST_AsBinary(ST_Collect(COALESCE(geom, {_EMPTY}) ORDER BY id))"
            " FROM (SELECT id, layer, geom FROM sites WHERE id > %s ORDER BY id LIMIT %s) s"
        )
        ids, layers, geoms = [], [], []
        last = -(2**62)
        while True:
            cur.execute(sql, [*keys, last, CHUNK])
            n, top, id_bytes, layer_bytes, wkb = cur.fetchone()
            if not n:
                break
            parts = shapely.get_parts(shapely.from_wkb(bytes(wkb)))
            if len(parts) != n:  # pragma: no cover - a collection PostGIS flattened
                raise ValueError(f"{n} sites gave {len(parts)} geometries")
            ids.append(np.frombuffer(bytes(id_bytes), ">i8").astype(np.int64))
            layers.append(np.frombuffer(bytes(layer_bytes), ">i2").astype(np.int16))
            geoms.append(parts)
            last = int(top)
            if n < CHUNK:
                break
    finally:
        cur.close()
        raw.rollback()
        raw.close()
    if not ids:
        return SiteArrays(
            np.zeros(0, np.int64), np.zeros(0, np.int16), keys, np.zeros(0, object)
        ), rev
    return SiteArrays(np.concatenate(ids), np.concatenate(layers), keys, np.concatenate(geoms)), rev


def read_delta(store: Store, since: int, layer_keys: list[str]) -> SiteDelta:
    """The sites logged after revision `since`, re-read; layer codes index `layer_keys`, to
    which new layer keys are appended (in place)."""
    raw, cur = _read_only_cursor(store)
    try:
        cur.execute("SELECT rev, floor FROM site_rev")
        rev, floor = (int(v) for v in cur.fetchone())
        nothing = np.zeros(0, np.int64)
        if since < floor or since > rev:
            return SiteDelta(rev, _no_sites(layer_keys), nothing, reset=True)
        if since == rev:
            return SiteDelta(rev, _no_sites(layer_keys), nothing)
        cur.execute(
            "SELECT DISTINCT site_id FROM site_log WHERE rev > %s AND rev <= %s", [since, rev]
        )
        touched = [r[0] for r in cur.fetchall()]
        if any(t is None for t in touched):
            return SiteDelta(rev, _no_sites(layer_keys), nothing, reset=True)
        cur.execute(
            "SELECT id, layer, ST_AsBinary(COALESCE(geom, "
            f"{_EMPTY})) FROM sites WHERE id = ANY(%s) ORDER BY id",
            [touched],
        )
        rows = cur.fetchall()
    finally:
        cur.close()
        raw.rollback()
        raw.close()
    for r in rows:
        if r[1] not in layer_keys:
            layer_keys.append(str(r[1]))
    ids = np.array([r[0] for r in rows], np.int64)
    layers = np.array([layer_keys.index(r[1]) for r in rows], np.int16)
    geoms = shapely.from_wkb(np.array([bytes(r[2]) for r in rows], dtype=object))
    changed = SiteArrays(ids, layers, layer_keys, np.asarray(geoms, dtype=object).reshape(-1))
    deleted = np.setdiff1d(np.array(touched, np.int64), ids)
    return SiteDelta(rev, changed, deleted)


def _no_sites(keys: list[str]) -> SiteArrays:
    return SiteArrays(np.zeros(0, np.int64), np.zeros(0, np.int16), keys, np.zeros(0, object))


# ----------------------------------------------------------------------------- the local file

_MAGIC = b"RMSNAP\x00\x02"  # riskmap snapshot, format 2
_ALIGN = 64
_GEOM_TYPES = (0, 1, 3, 4, 5, 6)  # those shapely's ragged arrays hold


@dataclass(frozen=True)
class Snapshot:
    """A snapshot as read: the sites, the revision (and stamp) they are as of, and the spatial
    index's tree order when it was saved with one (rows of `sites`, in tree order)."""

    sites: SiteArrays
    rev: int
    stamp: str = ""
    order: np.ndarray | None = None


def save_snapshot(
    path: Path,
    sites: SiteArrays,
    *,
    identity: str,
    rev: int,
    crs: str,
    stamp: str = "",
    order: np.ndarray | None = None,
) -> None:
    """Write the snapshot atomically (a reader never sees half a file).

    `stamp`: what else the sites' state is known by (a file's change token); `order`: the
    index's tree order, so that the next build skips the Hilbert sort.
    """
    arrays: dict[str, np.ndarray] = {"ids": sites.ids, "layers": sites.layers}
    if order is not None:
        arrays["order"] = np.asarray(order, dtype=np.int64)
    geoms = sites.geoms
    kinds = shapely.get_type_id(geoms)
    ragged = shapely.is_empty(geoms) == False  # noqa: E712 - elementwise
    for t in _GEOM_TYPES:
        pos = np.flatnonzero((kinds == t) & ragged)
        if len(pos) == 0:
            continue
        _kind, coords, offsets = shapely.to_ragged_array(geoms[pos])
        arrays[f"g{t}_pos"] = pos
        arrays[f"g{t}_coords"] = coords
        for j, off in enumerate(offsets):
            arrays[f"g{t}_off{j}"] = off
    rest = np.flatnonzero(~np.isin(kinds, _GEOM_TYPES) | ~ragged)
    if len(rest):
        wkb = shapely.to_wkb(geoms[rest])
        arrays["wkb_pos"] = rest
        arrays["wkb_len"] = np.fromiter(map(len, wkb), np.int64, len(wkb))
        arrays["wkb_data"] = np.frombuffer(b"".join(wkb), np.uint8)
    members = {}
    offset = 0
    for name, a in arrays.items():
        a = arrays[name] = np.ascontiguousarray(a)
        members[name] = [offset, a.dtype.str, list(a.shape), zlib.crc32(a)]
        offset += -(-a.nbytes // _ALIGN) * _ALIGN
    header = {
        "identity": identity,
        "rev": rev,
        "stamp": stamp,
        "crs": crs,
        "n": len(sites),
        "layer_keys": list(sites.layer_keys),
        "members": members,
    }
    head = json.dumps(header).encode()
    start = -(-(len(_MAGIC) + 12 + len(head)) // _ALIGN) * _ALIGN
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path) as tmp, tmp.open("wb") as f:
        f.write(_MAGIC + struct.pack("<QI", len(head), zlib.crc32(head)) + head)
        for name, a in arrays.items():
            f.seek(start + members[name][0])
            f.write(memoryview(a).cast("B"))
        f.truncate(start + offset)
    path.with_suffix(".npz").unlink(missing_ok=True)  # format 1's file, if any


def read_arrays(path: Path) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """The header and the arrays, as read-only views of the mapped file, every one checked
    against its CRC-32 (about a tenth of a second for a million sites)."""
    with path.open("rb") as f:
        lead = f.read(len(_MAGIC) + 12)
        if len(lead) < len(_MAGIC) + 12 or not lead.startswith(_MAGIC):
            raise ValueError("not a snapshot of this format")
        size, crc = struct.unpack("<QI", lead[len(_MAGIC) :])
        head = f.read(size)
        if len(head) != size or zlib.crc32(head) != crc:
            raise ValueError("a damaged header")
        mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    header = json.loads(head.decode())
    start = -(-(len(_MAGIC) + 12 + size) // _ALIGN) * _ALIGN
    arrays = {}
    for name, (offset, dtype, shape, crc) in header["members"].items():
        dt = np.dtype(dtype)
        count = int(np.prod(shape, dtype=np.int64))
        if start + offset + count * dt.itemsize > len(mapped):
            raise ValueError(f"{name}: beyond the end of the file")
        a = np.frombuffer(mapped, dt, count, start + offset).reshape(shape)
        if zlib.crc32(a) != crc:
            raise ValueError(f"{name}: CRC mismatch")
        arrays[name] = a
    return header, arrays


def open_snapshot(path: Path, *, identity: str, crs: str) -> Snapshot | None:
    """The snapshot's sites and revision; None (and why, in the log) when it cannot be used."""
    if not path.is_file():
        return None
    try:
        header, arrays = read_arrays(path)
        if header.get("identity") != identity or header.get("crs") != crs:
            raise ValueError("another database's snapshot")
        return snapshot_of(header, arrays)
    except (OSError, ValueError, KeyError, TypeError, GEOSException) as exc:
        log.warning("snapshot %s not used: %s", path, exc)
        return None


@paused()  # a geometry object per site, as load_sites
def snapshot_of(header: dict[str, Any], arrays: dict[str, np.ndarray]) -> Snapshot:
    """The sites from a snapshot's arrays (shapely builds the geometries per type from the
    ragged arrays); ValueError when they do not fit together."""
    n = int(header["n"])
    geoms = np.empty(n, dtype=object)
    for t in _GEOM_TYPES:
        if f"g{t}_pos" not in arrays:
            continue
        offsets = []
        j = 0
        while f"g{t}_off{j}" in arrays:
            offsets.append(arrays[f"g{t}_off{j}"])
            j += 1
        geoms[arrays[f"g{t}_pos"]] = shapely.from_ragged_array(
            shapely.GeometryType(t), arrays[f"g{t}_coords"], tuple(offsets) or None
        )
    if "wkb_pos" in arrays:
        data = arrays["wkb_data"].tobytes()
        ends = np.cumsum(arrays["wkb_len"])
        starts = ends - arrays["wkb_len"]
        blobs = np.array([data[a:b] for a, b in zip(starts, ends, strict=True)], object)
        geoms[arrays["wkb_pos"]] = shapely.from_wkb(blobs)
    ids, layers = arrays["ids"], arrays["layers"]
    if len(ids) != n or len(layers) != n or shapely.is_missing(geoms).any():
        raise ValueError("arrays of different lengths")
    order = arrays.get("order")
    if order is not None and order.shape != (n,):
        raise ValueError("a tree order of another length")
    # copies: the arrays outlive the mapping, which closes when its last view goes
    sites = SiteArrays(
        np.array(ids, np.int64), np.array(layers, np.int16), header["layer_keys"], geoms
    )
    return Snapshot(
        sites,
        int(header["rev"]),
        str(header.get("stamp", "")),
        None if order is None else np.array(order, np.int64),
    )


def load_sites_any(store: Store) -> tuple[SiteArrays, int | None]:
    """Sites by the fastest path the database offers, with their revision when it keeps one."""
    if has_site_log(store):
        return load_sites_pg(store)
    return load_sites(store), None


def file_marker(store: Store) -> str | None:
    """A SQLite file's mark for its sites as they are now (r0012: a random token that triggers
    clear on any change to a site's id, layer or geometry and riskmap's commits renew), or None
    when the file cannot vouch for its sites: not a file, its mark cleared by another program
    since riskmap last committed to it, or its triggers gone (a tool that rebuilt the table
    drops them). Reading never writes: a cleared mark only means reading the file.

    Call it before reading the sites: a commit after it renews the mark, so a snapshot of sites
    read later is never taken for a newer state than its mark says.
    """
    url = store.engine.url
    if store.is_postgis or not url.database or url.database == ":memory:":
        return None
    with store.engine.connect() as conn:
        triggers = conn.exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
            " AND tbl_name = 'sites' AND name IN (?, ?, ?)",
            SITE_MARK_TRIGGERS,
        ).scalar()
        if triggers != len(SITE_MARK_TRIGGERS):
            return None
        token = conn.exec_driver_sql("SELECT hex(token) FROM site_mark").scalar()
    return str(token) if token else None


def file_identity(store: Store) -> str:
    """Which file this is: its full path, riskmap's id of the database and the schema version
    (a snapshot of the same file under an older schema is not reused)."""
    path = Path(str(store.engine.url.database)).resolve()
    return f"file:{path}#{store.database_id}/v{store.meta.get('schema_version', '')}"


def seat_identity(store: Store) -> str:
    """Which physical database this is: server, database name and OID, and riskmap's own id.

    A copy made from a template or a restored dump keeps the `database_id` (meta) of its
    origin but not its OID, so one database's snapshot is never taken for another's.
    """
    url = store.engine.url
    with store.engine.connect() as conn:
        oid = conn.exec_driver_sql(
            "SELECT oid FROM pg_database WHERE datname = current_database()"
        ).scalar()
    return f"{url.host or ''}:{url.port or ''}/{url.database}#{oid}/{store.database_id}"


def snapshot_path(identity: str) -> Path:
    """Where a database's snapshot lives: the user's cache folder (`RISKMAP_CACHE_DIR`)."""
    name = hashlib.sha1(identity.encode()).hexdigest()[:20]
    return user_cache_dir() / "snapshots" / f"{name}.snap"
