"""A SQLite file's sites read as columns, not rows: the cold load of a million sites.

Row by row, Python's sqlite3 builds a tuple, an int and a bytes object per site under the GIL,
and GEOS then parses a million WKB blobs one by one (also under the GIL). Here SQLite itself
joins each chunk of sites (a range of ids) into one value, their WKB blobs end to end, and
the ids of each layer into one text (from the covering index on the layer, after the last
chunk); the queries run on a reader thread without the GIL (sqlite3 releases it while SQLite
steps). Meanwhile the caller's thread walks chunk k with a compiled kernel (numba, nogil:
riskmap.store.wkb_jit) and builds its geometries from coordinate arrays (`shapely.points`,
`from_ragged_array`), which costs GEOS less than parsing WKB; the kernel gives their bounds
too, so the index does not ask GEOS for them.

All chunks are read in one read transaction: the same state of the file as one SELECT. Without
numba (the desktop bundle), with a file not in UTF-8 (SQLite would re-encode the blobs as text)
or with WKB the kernel does not walk, `read_sites` returns None and the caller reads rows.
"""

from __future__ import annotations

import importlib.util
import queue
import sqlite3
import threading
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from shapely import GeometryType

# Below this span of ids the rows are read: importing numba (0.3–0.7 s, first use) costs more
# than the column read saves (~2 µs a site), and a small city's window starts without it.
COLUMNS_FROM = 250_000
# Sites per chunk: large enough that a query's fixed costs vanish, small enough that the first
# chunk arrives soon and the two threads overlap for nearly the whole load.
CHUNK = 65536
# Chunks the reader may read ahead of the caller (~12 MB of WKB each at 10^6 sites): enough
# that it never waits while the caller loads the compiled kernel (0.3–0.5 s on its first
# chunk), so SQLite's step and the ids' listing end before the caller's last build.
AHEAD = 16


@dataclass
class _Chunk:
    first: int  # the sites with ids first … last, in id order
    last: int
    geoms: Any  # the chunk's WKB (uint8) until built, then its geometries
    count: int
    bounds: np.ndarray | None = None


@dataclass
class _Ids:
    ids: np.ndarray  # every site's id, ascending
    codes: np.ndarray
    keys: list[str]


def available() -> bool:
    """Whether this install can read columns (numba present)."""
    return importlib.util.find_spec("numba") is not None


def read_sites(
    raw: sqlite3.Connection,
) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """(the layer keys, sorted; ids ascending; layer codes as int16 indices into the keys;
    geometries; their bounds as shapely.bounds gives them) of every site, or None when this
    file or install needs the row-by-row read."""
    if not available():
        return None
    if raw.execute("PRAGMA encoding").fetchone()[0] != "UTF-8":
        return None
    lo, hi = raw.execute("SELECT min(id), max(id) FROM sites").fetchone()  # the rowid's ends
    if lo is None or hi - lo + 1 < COLUMNS_FROM:
        return None
    chunks: queue.Queue[_Chunk | _Ids | BaseException | None] = queue.Queue(maxsize=AHEAD)
    stop = threading.Event()
    reader = threading.Thread(
        target=_read_chunks,
        args=(raw, chunks, stop),
        name="riskmap-read-sites",
        daemon=True,
    )
    reader.start()
    # numba's import (~0.3 s) while the reader waits on SQLite for the first chunk
    from riskmap.store import wkb_jit

    built: list[_Chunk] = []
    listed: _Ids | None = None
    try:
        while (got := chunks.get()) is not None:
            if isinstance(got, BaseException):
                raise got
            if isinstance(got, _Ids):
                listed = got
                continue
            parsed = wkb_jit.scan_wkb(got.geoms, got.count)
            if not parsed[0]:
                return None
            got.geoms, got.bounds = _build((got.geoms, *parsed[1:]))
            built.append(got)
    finally:
        stop.set()
        while reader.is_alive():  # unblock a reader waiting on a full queue
            try:
                chunks.get_nowait()
            except queue.Empty:
                reader.join(0.01)
    if not built or listed is None:
        return None
    ids = listed.ids
    # each chunk holds exactly the listed sites of its id range, so the geometries, laid end
    # to end, are the ids' own, in their order
    ends = np.searchsorted(ids, [c.last for c in built], side="right")
    starts = np.searchsorted(ids, [c.first for c in built], side="left")
    if not np.array_equal(ends - starts, [len(c.geoms) for c in built]) or ends[-1] != len(ids):
        return None
    geoms = np.concatenate([c.geoms for c in built])
    return listed.keys, ids, listed.codes, geoms, np.concatenate([c.bounds for c in built])


def _ids_and_codes(raw: sqlite3.Connection) -> _Ids:
    """Every site's id (ascending), layer code and the layer keys (sorted, as load_sites
    lists them), from the covering index on the layer: the ids of a layer come as one text
    SQLite joins, not a row each."""
    rows = [(str(layer, "utf-8"), text) for layer, text in raw.execute(_BY_LAYER)]
    keys = sorted(k for k, _ in rows)
    code_of = {k: i for i, k in enumerate(keys)}
    parts, codes = [], []
    for layer, text in rows:
        got = np.fromstring(text, dtype=np.int64, sep=",")
        parts.append(got)
        codes.append(np.full(len(got), code_of[layer], dtype=np.int16))
    if not parts:
        return _Ids(np.zeros(0, np.int64), np.zeros(0, np.int16), keys)
    ids = np.concatenate(parts)
    order = np.argsort(ids, kind="stable")
    return _Ids(ids[order], np.concatenate(codes)[order], keys)


_BY_LAYER = "SELECT layer, group_concat(id) FROM sites GROUP BY layer"


def _read_chunks(
    raw: sqlite3.Connection,
    out: queue.Queue[_Chunk | _Ids | BaseException | None],
    stop: threading.Event,
) -> None:
    # the ORDER BY costs nothing (the id is the rowid) and makes the order the query's, not
    # the scan's; SQLite 3.44+ takes it inside the aggregate, as SQL says it
    if sqlite3.sqlite_version_info >= (3, 44):
        sql = (
            "SELECT count(*), group_concat(geom, '' ORDER BY id) FROM sites"
            " WHERE id BETWEEN ? AND ?"
        )
    else:
        sql = (
            "SELECT count(*), group_concat(geom, '') FROM"
            " (SELECT geom FROM sites WHERE id BETWEEN ? AND ? ORDER BY id)"
        )
    before = raw.text_factory
    raw.text_factory = bytes  # the joined blobs are not text: take SQLite's bytes as they are
    began = not raw.in_transaction
    try:
        if began:
            raw.execute("BEGIN")  # every query from one state of the file
        lo, hi = raw.execute("SELECT min(id), max(id) FROM sites").fetchone()
        first, step = (0, 0) if lo is None else (int(lo), CHUNK)
        while lo is not None and first <= hi:
            if stop.is_set():
                return
            last = min(first + step - 1, int(hi))
            count, wkb = raw.execute(sql, (first, last)).fetchone()
            # the reader is the slower of the two threads: the caller, who waits on it, walks
            # the chunk (and checks the count)
            if count:
                out.put(_Chunk(first, last, np.frombuffer(wkb, np.uint8), count))
            # sparse ids: ranges widen until they hold ~CHUNK sites (never a query per gap),
            # and narrow again where the ids are dense
            if count < CHUNK // 2 or count > 2 * CHUNK:
                step = step * 2 if count == 0 else max(1, step * CHUNK // count)
            first = last + 1
        # the ids and layers last, when the caller is busy building the last chunks
        out.put(_ids_and_codes(raw))
        out.put(None)
    except BaseException as exc:  # handed to the caller's thread, which raises it
        out.put(exc)
    finally:
        if began and raw.in_transaction:
            raw.execute("COMMIT")
        raw.text_factory = before


def _build(parsed: tuple[np.ndarray, ...]) -> tuple[np.ndarray, np.ndarray]:
    """One chunk's geometries and their bounds, in its order, from the kernel's arrays."""
    buf, kind, start, pt, ln, ln_off, pg, ring_off, pg_off, bounds = parsed
    geoms = np.empty(len(kind), dtype=object)
    which = kind == 0
    if which.any():
        geoms[which] = shapely.points(pt.view(np.float64).reshape(-1, 2))
    which = kind == 1
    if which.any():
        xy = ln.view(np.float64).reshape(-1, 2)
        geoms[which] = shapely.from_ragged_array(GeometryType.LINESTRING, xy, (ln_off,))
    which = kind == 2
    if which.any():
        xy = pg.view(np.float64).reshape(-1, 2)
        geoms[which] = shapely.from_ragged_array(GeometryType.POLYGON, xy, (ring_off, pg_off))
    rest = np.flatnonzero(kind == 3)
    if len(rest):  # GEOS reads these itself: what it would have made of them row by row
        blobs = np.empty(len(rest), dtype=object)
        blobs[:] = [buf[start[i] : start[i + 1]].tobytes() for i in rest.tolist()]
        geoms[rest] = shapely.from_wkb(blobs)
        bounds[rest] = shapely.bounds(geoms[rest])
    return geoms, bounds
