"""Region queries, nearest sites and load+index at 10^4 … 10^6 sites, against peers
(targets: docs/performance.md).

Run with `make bench` or `.venv/bin/python bench/query.py [--sizes 10000,100000,1000000]
[--runs 30] [--db URL]`. Prints tables; never asserts. The synthetic databases are built once with
`riskmap.demo.build_synthetic` and cached under bench/out/ (keyed by size and seed).

Peers, measured in the same run on the same data:
- plain shapely STRtree: `tree.query(region, predicate="intersects")`, geometries in store order;
- rtree (libspatialindex) bulk-loaded from the bboxes, candidates then shapely.intersects on the
  prepared region; for nearest, rtree's `index.nearest` (bbox distance only, so it does less).

With `--db postgresql+psycopg2://…` one run sets PostGIS pushdown (`PostGISSpatial`: the database
answers, ids come back) beside in-process (`load_sites` from that database + `SpatialIndex`) and
the plain STRtree, on the same regions and points as the SQLite run. A database without riskmap
tables is first filled with the synthetic city of `--sites` sites (`riskmap db copy`).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sqlite3
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import shapely
import shapely.affinity
from sqlalchemy import bindparam, create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.types import LargeBinary

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from riskmap.core.catalog import load_catalog  # noqa: E402
from riskmap.core.index import SpatialIndex  # noqa: E402
from riskmap.core.seat import CachedSeat, load_file_seat, wait_for_snapshot  # noqa: E402
from riskmap.core.workspace import Workspace  # noqa: E402
from riskmap.store.engine import Store, display_url, open_store  # noqa: E402
from riskmap.store.load import load_districts, load_sites  # noqa: E402
from riskmap.store.schema import SCHEMA_VERSION  # noqa: E402
from riskmap.store.snapshot import (  # noqa: E402
    file_identity,
    file_marker,
    open_snapshot,
    read_arrays,
    seat_identity,
    snapshot_of,
    snapshot_path,
)
from riskmap.store.spatial import PostGISSpatial  # noqa: E402
from riskmap.store.transfer import copy_db  # noqa: E402
from riskmap.store.watch import listener_for  # noqa: E402

OUT = ROOT / "bench" / "out"
FRACTIONS = (0.01, 0.10)
NEAREST_POINTS = 200  # nearest() calls per run; a run's figure is their mean
# docs/performance.md targets at 10^6 sites, in ms
TARGETS = {"query 1 %": 5.0, "query 10 %": 25.0, "nearest-10": 0.05, "load + index": 2000.0}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000,1000000", help="site counts, comma-separated")
    ap.add_argument("--runs", type=int, default=30, help="runs per figure (>= 20; default 30)")
    ap.add_argument("--db", help="benchmark this database instead of synthetic ones")
    ap.add_argument("--seed", type=int, default=1, help="synthetic city and region seed")
    ap.add_argument(
        "--sites",
        type=int,
        default=1_000_000,
        help="PostgreSQL --db without riskmap tables: fill it with this synthetic city",
    )
    args = ap.parse_args(argv)
    if args.runs < 20:
        print(f"--runs {args.runs} is below 20: medians and p90 of so few runs are noise; using 20")
        args.runs = 20
    print(
        f"riskmap bench/query.py — {os.cpu_count()} cores, shapely {shapely.__version__} "
        f"(GEOS {shapely.geos_version_string}), numpy {np.__version__}, runs {args.runs}"
    )
    if args.db and make_url(args.db).get_backend_name() == "postgresql":
        bench_postgis(args.db, args.sites, args.runs, args.seed)
        return 0
    if args.db:
        bench_one(args.db, None, args.runs, args.seed)
        return 0
    for n in (int(s) for s in args.sizes.split(",") if s.strip()):
        bench_one(synthetic_db(n, args.seed), n, args.runs, args.seed)
    return 0


# ------------------------------------------------------------------------------ data


def synthetic_db(n: int, seed: int) -> str:
    """A cached synthetic city of n sites (built on first use)."""
    from riskmap.demo import GENERATOR, build_synthetic

    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"synthetic-{n}-seed{seed}.sqlite"
    # the schema version is part of the key: a city cached before a migration would otherwise
    # be refused by open_store ("upgrade it with …") instead of being rebuilt
    if path.exists() and _meta(path) == (str(n), str(seed), GENERATOR, str(SCHEMA_VERSION)):
        return f"sqlite:///{path}"
    tmp = path.with_suffix(".building")
    print(
        f"\nbuilding the synthetic city with {n:,} sites → {path} (first run only"
        f"{'; ~20–60 s at 10^6' if n >= 1_000_000 else ''}) …",
        flush=True,
    )
    t = time.perf_counter()
    build_synthetic(f"sqlite:///{tmp}", n, seed=seed, overwrite=True).dispose()
    # fold the WAL into the file before moving it: a -wal left behind would not follow
    with sqlite3.connect(tmp) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.execute("PRAGMA journal_mode=DELETE")
    os.replace(tmp, path)
    took = time.perf_counter() - t
    slow = " — slow; it is cached for the next runs" if took > 60 else ""
    print(f"built in {took:.1f} s{slow}")
    return f"sqlite:///{path}"


def _meta(path: Path) -> tuple[str, str, str, str] | None:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
            meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.Error:
        return None
    return (
        meta.get("synthetic_sites", ""),
        meta.get("synthetic_seed", ""),
        meta.get("generator", ""),
        meta.get("schema_version", ""),
    )


# ------------------------------------------------------------------------------ timing


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t = time.perf_counter()
    out = fn()
    return (time.perf_counter() - t) * 1e3, out


def _series(fn: Callable[[Any], Any], items: list[Any]) -> tuple[list[float], list[Any]]:
    times, outs = [], []
    for item in items:
        ms, out = timed(lambda i=item: fn(i))
        times.append(ms)
        outs.append(out)
    return times, outs


def stats(ms: list[float]) -> tuple[float, float]:
    return float(np.median(ms)), float(np.percentile(ms, 90))


def regions(
    city: shapely.Geometry | None,
    extent: np.ndarray,
    frac: float,
    runs: int,
    rng: np.random.Generator,
) -> dict[str, list[shapely.Geometry]]:
    """Per kind, `runs` regions of `frac` of the area the sites cover, at random places in it.

    The sites fill the city polygon, not its bbox, so "the extent" is the city's area and each
    region lies wholly inside the city: this reproduces the ~12,000 hits at 1 % of 10^6
    sites. Without a city (a --db of another kind) the sites' bbox stands in.
    """
    x0, y0, x1, y1 = extent
    area = frac * (city.area if city is not None else (x1 - x0) * (y1 - y0))
    side = math.sqrt(area)
    # an irregular 12-gon, scaled to the same area: a drawn district-like polygon
    ang = np.linspace(0, 2 * np.pi, 13)[:-1]
    rad = 1.0 + 0.35 * np.sin(3 * ang) + 0.15 * np.cos(5 * ang)
    unit = shapely.Polygon(np.column_stack([rad * np.cos(ang), rad * np.sin(ang)]))
    scale = math.sqrt(area / unit.area)
    reach = side * 0.87  # every kind fits in this radius around its centre
    inner = None if city is None else city.buffer(-reach)
    if inner is not None and not inner.is_empty:
        centres = query_points(inner, np.zeros(0, object), rng, runs)
    else:
        centres = rng.uniform((x0 + reach, y0 + reach), (x1 - reach, y1 - reach), (runs, 2))
    out: dict[str, list[shapely.Geometry]] = {"square": [], "circle": [], "polygon": []}
    for cx, cy in centres:
        out["square"].append(
            shapely.box(cx - side / 2, cy - side / 2, cx + side / 2, cy + side / 2)
        )
        out["circle"].append(shapely.Point(cx, cy).buffer(math.sqrt(area / math.pi), quad_segs=64))
        out["polygon"].append(shapely.Polygon(shapely.get_coordinates(unit) * scale + [cx, cy]))
    return out


def query_points(
    city: shapely.Geometry | None, geoms: np.ndarray, rng: np.random.Generator, n: int
) -> np.ndarray:
    """Uniform points in the city (where an incident can be), else near random sites."""
    if city is None:
        centres = shapely.get_coordinates(shapely.centroid(geoms[rng.integers(0, len(geoms), n)]))
        return centres + rng.normal(0, 500, (n, 2))
    x0, y0, x1, y1 = city.bounds
    shapely.prepare(city)
    out = np.zeros((0, 2))
    while len(out) < n:
        xy = rng.uniform((x0, y0), (x1, y1), (2 * n, 2))
        out = np.vstack([out, xy[shapely.contains_xy(city, xy[:, 0], xy[:, 1])]])
    return out[:n]


@dataclass
class Workload:
    """The regions and points every implementation is asked about, for one size."""

    regions: dict[float, dict[str, list[shapely.Geometry]]]  # fraction → kind → `runs` regions
    points: np.ndarray  # (runs, NEAREST_POINTS, 2): nearest() query points, one row per run


def workload(city: shapely.Geometry | None, geoms: np.ndarray, runs: int, seed: int) -> Workload:
    """Regions of 1 % and 10 % and the nearest() points, all from one generator seeded `seed`.

    One function for the SQLite and the PostGIS runs, drawing in one fixed order: the same seed
    and city give the same regions and points on both backends.
    """
    rng = np.random.default_rng(seed)
    extent = shapely.total_bounds(geoms)
    regs = {frac: regions(city, extent, frac, runs, rng) for frac in FRACTIONS}
    pts = query_points(city, geoms, rng, runs * NEAREST_POINTS).reshape(runs, -1, 2)
    return Workload(regs, pts)


# ------------------------------------------------------------------------------ peers


class Peers:
    def __init__(self, geoms: np.ndarray, ids: np.ndarray) -> None:
        from rtree import index as rindex

        self.geoms, self.ids = geoms, ids
        self.strtree_ms, self.strtree = timed(lambda: shapely.STRtree(geoms))
        b = shapely.bounds(geoms)
        ok = ~np.isnan(b[:, 0])
        pos = np.flatnonzero(ok).astype(np.int64)

        def bulk() -> Any:
            return rindex.Index(
                (pos, np.ascontiguousarray(b[ok, :2]), np.ascontiguousarray(b[ok, 2:]))
            )

        self.rtree_ms, self.rtree = timed(bulk)

    def strtree_query(self, region: shapely.Geometry) -> np.ndarray:
        return np.sort(self.ids[self.strtree.query(region, predicate="intersects")])

    def rtree_query(self, region: shapely.Geometry) -> np.ndarray:
        b = np.asarray(region.bounds)
        cand, _ = self.rtree.intersection_v(b[None, :2], b[None, 2:])
        prepared = shapely.from_wkb(shapely.to_wkb(region))
        shapely.prepare(prepared)
        hit = shapely.intersects(prepared, self.geoms[cand])
        return np.sort(self.ids[cand[hit]])

    def rtree_nearest(self, x: float, y: float) -> list[int]:
        return list(self.rtree.nearest((x, y, x, y), 10))

    def strtree_nearest1(self, x: float, y: float) -> np.ndarray:
        return self.strtree.query_nearest(shapely.Point(x, y))


# ------------------------------------------------------------------------------ bench


def snapshot_formats(path: Path, runs: int) -> tuple[list[float], list[float]]:
    """Snapshot open + index build, ms: this format (a mapped flat file, the tree order
    stored) beside format 1 (the same arrays as a zip of .npy members through np.load, the
    index sorted anew), run by run in turn."""
    header, arrays = read_arrays(path)
    old_file = path.with_suffix(".format1.npz")
    with old_file.open("wb") as f:
        np.savez(f, **{k: v for k, v in arrays.items() if k != "order"})
    del arrays

    def format1() -> SpatialIndex:
        with old_file.open("rb") as f, np.load(f, allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
        return SpatialIndex.from_sites(snapshot_of(header, arrays).sites)

    def format2() -> SpatialIndex:
        got = open_snapshot(path, identity=header["identity"], crs=header["crs"])
        assert got is not None
        return SpatialIndex.from_sites(got.sites, got.order)

    new, old = [], []
    try:
        for _ in range(runs):
            new.append(timed(format2)[0])
            old.append(timed(format1)[0])
    finally:
        old_file.unlink(missing_ok=True)
    return new, old


def bench_one(url: str, n: int | None, runs: int, seed: int) -> None:
    store = open_store(url)
    load_runs = 3
    loads, builds, colds, warms, rows_ms = [], [], [], [], []
    arrays = index = None
    # the file seat's snapshot (r0012) beside the plain read, run by run in turn: cold (read,
    # index; the snapshot is written on a thread after) and warm (snapshot + index, as
    # Workspace.load starts)
    snap = snapshot_path(file_identity(store)) if file_marker(store) else None
    for _ in range(load_runs):
        # the old read (a row object per site, GEOS parsing each WKB), then the column read
        # (riskmap.store.columns), each followed by the index build, in turn
        arrays = index = None
        ms, index = timed(lambda: SpatialIndex.from_sites(load_sites(store, rows=True)))
        rows_ms.append(ms)
        index = None
        ms, arrays = timed(lambda: load_sites(store))
        loads.append(ms)
        ms, index = timed(lambda a=arrays: SpatialIndex.from_sites(a))
        builds.append(ms)
        if snap is not None:
            arrays = index = None
            snap.unlink(missing_ok=True)
            ms, (arrays, index, _src) = timed(lambda: load_file_seat(store))
            colds.append(ms)
            wait_for_snapshot()  # written on a thread after the start: not part of it
            arrays = index = None
            ms, (arrays, index, src) = timed(lambda: load_file_seat(store))
            assert src == "snapshot", src
            warms.append(ms)
    formats = snapshot_formats(snap, load_runs) if snap is not None else None
    districts = load_districts(store)
    store.dispose()
    assert arrays is not None and index is not None
    city = next((d.geom for d in districts if d.level == "city"), None)
    n_sites = len(arrays)
    print(f"\n=== {n_sites:,} sites ({url}) ===")
    near_ms, _ = timed(index.prepare_nearest)
    peers = Peers(arrays.geoms, arrays.ids)
    work = workload(city, arrays.geoms, runs, seed)
    rows: list[tuple] = []
    rows.append(("load from the store", stats(loads), None, None, None, "", None))
    rows.append(
        ("index build", stats(builds), None, (peers.strtree_ms,), (peers.rtree_ms,), "", None)
    )
    rows.append(("nearest() tables, first call", (near_ms, near_ms), None, None, None, "", None))
    plain_ms = [a + b for a, b in zip(loads, builds, strict=True)]
    rows.append(
        ("load + index, old read (rows)", stats(rows_ms), None, None, None, "", "load + index")
    )
    old_read = (float(np.median(rows_ms)),)
    rows.append(
        (
            "load + index (columns)",
            stats(plain_ms),
            None,
            old_read,
            None,
            "peer: old read (rows) above",
            "load + index",
        )
    )
    if warms:
        before = old_read
        note = "peer: old read (rows) above"
        rows.append(
            ("file seat, cold (snapshot after)", stats(colds), None, before, None, note, None)
        )
        rows.append(
            (
                "file seat, warm: snapshot + index",
                stats(warms),
                None,
                before,
                None,
                note,
                "load + index",
            )
        )
    if formats is not None:
        new_ms, old_ms = formats
        note = "peer: format 1 (zip, sorted anew)"
        before = (float(np.median(old_ms)),)
        rows.append(("  snapshot open + index", stats(new_ms), None, before, None, note, None))
    mismatches = 0
    for frac, by_kind in work.regions.items():
        for kind, regs in by_kind.items():
            # each implementation over all regions in turn: every one is timed in its own
            # steady state, not right after another one has flushed the caches
            index.query(regs[0])  # warm the thread pool
            ours, got = _series(index.query, regs)
            plain, exp = _series(peers.strtree_query, regs)
            rt, _ = _series(peers.rtree_query, regs)
            hits = [len(h) for h in got]
            mismatches += sum(not np.array_equal(a, b) for a, b in zip(got, exp, strict=True))
            rows.append(
                (
                    f"query {frac:.0%} {kind}",
                    stats(ours),
                    int(np.median(hits)),
                    stats(plain),
                    stats(rt),
                    "",
                    f"query {frac:.0%}",
                )
            )
    pts = work.points
    for x, y in pts[0][:20]:
        index.nearest(x, y, 10)
    ours = [timed(lambda b=b: [index.nearest(x, y, 10) for x, y in b])[0] / len(b) for b in pts]
    rt = [timed(lambda b=b: [peers.rtree_nearest(x, y) for x, y in b])[0] / len(b) for b in pts]
    s1 = [timed(lambda b=b: [peers.strtree_nearest1(x, y) for x, y in b])[0] / len(b) for b in pts]
    rows.append(
        ("nearest-10 (exact)", stats(ours), None, None, stats(rt), "rtree: bbox only", "nearest-10")
    )
    rows.append(("  peer: STRtree.query_nearest k=1", stats(s1), None, None, None, "", None))
    print_table(rows, n_sites)
    if mismatches:
        print(f"!! {mismatches} region queries differ from plain STRtree intersects")
    else:
        print("all region query results equal plain STRtree intersects")


# ------------------------------------------------------------------------------ PostGIS

# the PostGIS 3.3 (GiST) peer at 10^6 features, ms: the figures this run re-measures.
PEER_POSTGIS = {"query 1 %": 68.0, "query 10 %": 169.0, "nearest-10": 0.24, "fill": 3700.0}
LOAD_RUNS = 3  # a 10^6 load takes seconds: medians of 3


def pg_fill(url: str, n: int, seed: int) -> float | None:
    """Fill an empty PostgreSQL database with the synthetic city of `n` sites; the seconds it
    took, or None when `url` already is a riskmap database (used as it is)."""
    engine = create_engine(url)
    try:
        try:
            tables = set(inspect(engine).get_table_names())
        except OperationalError as exc:
            # most often the database does not exist yet: say so in one line, not a traceback
            first = str(exc.orig or exc).strip().splitlines()[0]
            raise SystemExit(
                f"cannot open {display_url(url)}: {first}\n"
                'create it first, e.g. psql "postgresql://…/postgres" -c "CREATE DATABASE bench_pg"'
            ) from None
        if {"meta", "sites"} <= tables:
            with engine.connect() as c:
                count = c.execute(text("SELECT COUNT(*) FROM sites")).scalar_one()
            print(f"{display_url(url)} is a riskmap database with {count:,} sites: used as it is")
            return None
    finally:
        engine.dispose()
    src = synthetic_db(n, seed)
    print(f"\nfilling {display_url(url)} with {src} (riskmap db copy) …", flush=True)
    t = time.perf_counter()
    # riskmap db copy: COPY from a SQLite file (riskmap.store.bulk), in one transaction.
    counts = copy_db(src, url)
    # planner statistics and a vacuumed heap, as a database that has been up for a while has
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as c:
        c.execute(text("VACUUM ANALYZE"))
    engine.dispose()
    took = time.perf_counter() - t
    print(f"filled in {took:.1f} s ({counts.get('sites', 0):,} sites)")
    return took


def pg_server(store: Store) -> str:
    """The server and the settings that move these figures (all at the server's defaults)."""
    with store.engine.connect() as c:
        version = c.execute(text("SHOW server_version")).scalar_one()
        postgis = c.execute(text("SELECT postgis_lib_version()")).scalar_one()
        names = ("shared_buffers", "work_mem", "max_parallel_workers_per_gather", "jit")
        settings = ", ".join(f"{s} {c.execute(text(f'SHOW {s}')).scalar_one()}" for s in names)
        size = c.execute(text("SELECT pg_size_pretty(pg_total_relation_size('sites'))")).scalar()
    return f"PostgreSQL {version}, PostGIS {postgis}; {settings}; sites with its indexes: {size}"


def without_jit(url: str) -> str:
    """`url` with JIT compilation off for its sessions (libpq `options`)."""
    u = make_url(url)
    options = " ".join(filter(None, [str(u.query.get("options", "")), "-c jit=off"]))
    return u.update_query_dict({"options": options}).render_as_string(hide_password=False)


def pg_plan(pg: PostGISSpatial, region: shapely.Geometry) -> str:
    """How PostgreSQL runs PostGISSpatial.intersecting's statement once: the node chain (is the
    GiST index used?), the execution time and JIT compilation's time (summed over the leader
    and its parallel workers, so it can exceed its share of the wall-clock time)."""
    stmt = text(
        "EXPLAIN (ANALYZE, FORMAT JSON) SELECT id FROM sites"
        " WHERE ST_Intersects(geom, ST_GeomFromEWKB(:g)) ORDER BY id"
    ).bindparams(bindparam("g", type_=LargeBinary))
    wkb = shapely.to_wkb(shapely.set_srid(region, pg.srid), include_srid=True)
    with pg.store.engine.connect() as c:
        plan = c.execute(stmt, {"g": wkb}).scalar_one()
    if isinstance(plan, str):
        plan = json.loads(plan)
    top = plan[0]
    nodes: list[str] = []
    node: dict[str, Any] | None = top["Plan"]
    while node is not None:
        on = node.get("Index Name") or node.get("Relation Name")
        nodes.append(node["Node Type"] + (f" ({on})" if on else ""))
        node = (node.get("Plans") or [None])[0]
    jit = top.get("JIT", {}).get("Timing", {}).get("Total", 0.0)
    return (
        f"{' > '.join(nodes)}; executed in {top['Execution Time']:.0f} ms,"
        f" JIT {jit:.0f} ms (all processes)"
    )


def _per_call(
    fn: Callable[[float, float], tuple[np.ndarray, np.ndarray]], pts: np.ndarray
) -> tuple[list[float], list[tuple[np.ndarray, np.ndarray]]]:
    """Per run (a row of `pts`), the mean ms of one call; and every call's answer, in order."""
    times, outs = [], []
    for batch in pts:
        t = time.perf_counter()
        res = [fn(x, y) for x, y in batch]
        times.append((time.perf_counter() - t) * 1e3 / len(batch))
        outs.extend(res)
    return times, outs


def _differ(got: list[np.ndarray], exp: list[np.ndarray]) -> tuple[int, int, int]:
    """(results that differ, ids only in `got`, ids only in `exp`) over a series of regions."""
    bad = extra = missing = 0
    for a, b in zip(got, exp, strict=True):
        if not np.array_equal(a, b):
            bad += 1
            extra += len(np.setdiff1d(a, b))
            missing += len(np.setdiff1d(b, a))
    return bad, extra, missing


def _near_differ(
    got: list[tuple[np.ndarray, np.ndarray]], exp: list[tuple[np.ndarray, np.ndarray]]
) -> tuple[int, int]:
    """(answers listing the same distances with other ids at a tie, answers that differ)."""
    ties = bad = 0
    for (ia, da), (ib, db) in zip(got, exp, strict=True):
        if np.array_equal(ia, ib):
            continue
        if len(da) == len(db) and np.allclose(da, db, rtol=0, atol=1e-6):
            ties += 1
        else:
            bad += 1
    return ties, bad


def bench_postgis(url: str, n: int, runs: int, seed: int) -> None:
    """Pushdown (PostGIS answers, ids shipped back) beside in-process (every site loaded from
    the same PostGIS database into a SpatialIndex), on the same regions and points."""
    fill_s = pg_fill(url, n, seed)
    store = open_store(url)
    pg = PostGISSpatial(store)
    # The server's default JIT compiles every statement PostGIS's function costs make look
    # expensive, which can cost more than the query; the same pushdown without it, beside.
    store_nojit = open_store(without_jit(url))
    pg_nojit = PostGISSpatial(store_nojit)
    print(pg_server(store))
    n_sites = pg.count()
    print(f"\n=== {n_sites:,} sites ({display_url(url)}): pushdown vs in-process ===", flush=True)

    # Pushdown's start: what a seat loads before its first question. Above LAZY_SITES that is
    # no geometry at all (the catalog comes from files, not the database: loaded once, outside).
    catalog = load_catalog()
    lazy_ms, lazy = [], False
    for _ in range(LOAD_RUNS):
        ms, ws = timed(lambda: Workspace.load(store, catalog, pushdown=True))
        lazy_ms.append(ms)
        lazy = ws.lazy
    del ws
    # The cached seat: cold (no snapshot: everything from PostGIS; the snapshot is written after)
    # and warm (from the snapshot, caught up from the database's log), index included.
    snap = snapshot_path(seat_identity(store))
    colds, warms = [], []
    seat_ws: Workspace | None = None
    for _ in range(LOAD_RUNS):
        seat_ws = None
        CachedSeat.forget(store)
        snap.unlink(missing_ok=True)
        ms, seat_ws = timed(lambda: Workspace.load(store, catalog))
        colds.append(ms)
        wait_for_snapshot()  # written on a thread after the start: not part of it
    for _ in range(LOAD_RUNS):
        seat_ws = None
        CachedSeat.forget(store)
        ms, seat_ws = timed(lambda: Workspace.load(store, catalog))
        warms.append(ms)
    assert seat_ws is not None and seat_ws.seat is not None
    seat_new, seat_old = snapshot_formats(snap, LOAD_RUNS)
    # the file seat: the same city from the SQLite file it was filled from
    file_store = open_store(synthetic_db(n, seed), upgrade=True)
    file_starts = []
    file_ws: Workspace | None = None
    for _ in range(LOAD_RUNS):
        file_ws = None
        ms, file_ws = timed(lambda: Workspace.load(file_store, catalog))
        file_starts.append(ms)
    assert file_ws is not None
    file_index = file_ws.index
    file_index.prepare_nearest()
    # before this seat: every site as a row object, then the index
    rows_ms, _ = timed(lambda: load_sites(store))
    arrays, index = seat_ws.sites, seat_ws.index
    builds = [timed(lambda a=arrays: SpatialIndex.from_sites(a))[0] for _ in range(LOAD_RUNS)]
    near_ms, _ = timed(index.prepare_nearest)
    districts = load_districts(store)
    city = next((d.geom for d in districts if d.level == "city"), None)
    peers = Peers(arrays.geoms, arrays.ids)
    work = workload(city, arrays.geoms, runs, seed)
    for frac, by_kind in work.regions.items():
        print(f"plan, {frac:.0%} polygon: {pg_plan(pg, by_kind['polygon'][0])}")
        print(f"  same, jit off: {pg_plan(pg_nojit, by_kind['polygon'][0])}")

    rows: list[tuple] = []
    notes: list[str] = []
    lazy_label = "start: Workspace.load" + (" (lazy: no geometry)" if lazy else "")
    if fill_s is not None:
        fill_ms = (fill_s * 1e3, fill_s * 1e3)
        rows.append(("fill (db copy), once", None, fill_ms, None, None, None, "", "fill"))
    rows.append((lazy_label, None, stats(lazy_ms), None, None, None, "", None))
    rows.append(
        ("seat start, cold: load + index", None, None, None, stats(colds), None, "", "ready")
    )
    rows.append(
        ("seat start, warm: snapshot + index", None, None, None, stats(warms), None, "", "ready")
    )
    # the file seat's start from the same city's SQLite file (its snapshot, after the first)
    file_start = stats(file_starts)
    rows.append(("file seat start", None, None, None, None, None, "", None, file_start))
    rows.append(
        ("  before: load_sites, row objects", None, None, None, (rows_ms, rows_ms), None, "", None)
    )
    ratio = float(np.median(seat_new)) / float(np.median(seat_old))
    rows.append(("  snapshot open + index", None, None, None, stats(seat_new), None, "", None))
    rows.append(
        (
            f"  before: format 1 (zip, sorted anew); ratio {ratio:.2f}",
            None,
            None,
            None,
            stats(seat_old),
            None,
            "",
            None,
        )
    )
    strtree_build = (peers.strtree_ms, peers.strtree_ms)
    rows.append(("index build", None, None, None, stats(builds), strtree_build, "", None))
    rows.append(("nearest() tables, once", None, None, None, (near_ms, near_ms), None, "", None))

    for frac, by_kind in work.regions.items():
        for kind, regs in by_kind.items():
            label = f"query {frac:.0%} {kind}"
            # warm each one: the connection pools, the buffer cache, the thread pool
            for fn in (pg.intersecting, pg_nojit.intersecting, index.query):
                fn(regs[0])
            t = time.perf_counter()
            push, got_pg = _series(pg.intersecting, regs)
            push_nojit, got_nojit = _series(pg_nojit.intersecting, regs)
            took = time.perf_counter() - t
            inproc, got_ix = _series(index.query, regs)
            on_file, got_file = _series(file_index.query, regs)
            plain, exp = _series(peers.strtree_query, regs)
            print(f"  {label}: both pushdown series {took:.1f} s", flush=True)
            hits = int(np.median([len(h) for h in exp]))
            differ = [_differ(got, exp) for got in (got_pg, got_nojit, got_ix, got_file)]
            rows.append(
                (
                    label,
                    hits,
                    stats(push),
                    stats(push_nojit),
                    stats(inproc),
                    stats(plain),
                    " / ".join(str(d[0]) for d in differ),
                    f"query {frac:.0%}",
                    stats(on_file),
                )
            )
            whos = ("PostGIS", "PostGIS (jit off)", "cached seat", "file seat")
            for who, (bad, extra, missing) in zip(whos, differ, strict=True):
                if bad:
                    notes.append(
                        f"{label}: {who} differs from STRtree on {bad} of {len(regs)} regions "
                        f"({extra} ids only in {who}, {missing} only in STRtree)"
                    )

    pts = work.points
    for x, y in pts[0][:20]:
        pg.nearest(x, y, 10)
        pg_nojit.nearest(x, y, 10)
        index.nearest(x, y, 10)
    push, near_pg = _per_call(lambda x, y: pg.nearest(x, y, 10), pts)
    push_nojit, near_nojit = _per_call(lambda x, y: pg_nojit.nearest(x, y, 10), pts)
    inproc, near_ix = _per_call(lambda x, y: index.nearest(x, y, 10), pts)
    on_file, _near_file = _per_call(lambda x, y: file_index.nearest(x, y, 10), pts)
    s1 = [timed(lambda b=b: [peers.strtree_nearest1(x, y) for x, y in b])[0] / len(b) for b in pts]
    calls = len(near_ix)
    near_bad = []
    for who, got in (("PostGIS", near_pg), ("PostGIS (jit off)", near_nojit)):
        ties, bad = _near_differ(got, near_ix)
        near_bad.append(bad)
        if ties:
            notes.append(
                f"nearest-10: {who} lists tied distances with other ids in {ties} of {calls} "
                "answers"
            )
        if bad:
            notes.append(f"nearest-10: {bad} of {calls} {who} answers differ from SpatialIndex's")
    rows.append(
        (
            "nearest-10 (exact)",
            None,
            stats(push),
            stats(push_nojit),
            stats(inproc),
            stats(s1),
            f"{near_bad[0]} / {near_bad[1]} / –",
            "nearest-10",
            stats(on_file),
        )
    )
    lat = commit_to_answer(url, seat_ws, arrays.ids, LATENCY_RUNS)
    rows.append(
        ("another seat's commit → answer", None, None, None, stats(lat), None, "", "latency")
    )
    print()
    print_pg_table(rows)
    print(
        f"{runs} runs per figure (nearest: {NEAREST_POINTS} points per run, mean per call); "
        f"loads: median of {LOAD_RUNS}."
    )
    print(
        "STRtree: plain shapely STRtree.query(predicate='intersects') on the loaded geometries; "
        "for nearest, query_nearest (k = 1 only)."
    )
    print(
        "≠ STRtree: regions whose ids differ from the plain STRtree's (PostGIS / PostGIS jit "
        "off / cached seat / file seat); for nearest-10, PostGIS answers that differ from the "
        "cached seat's."
    )
    for line in notes or ["all PostGIS and SpatialIndex results equal the plain STRtree's"]:
        print(("!! " if notes else "") + line)
    store.dispose()
    store_nojit.dispose()
    file_store.dispose()


LATENCY_RUNS = 20


def commit_to_answer(url: str, ws: Workspace, ids: np.ndarray, runs: int) -> list[float]:
    """ms from another seat's commit (a site moved 250 m east) to this seat's region answer
    holding the site at its new place: notification, catch-up and query."""
    other = open_store(url)
    listener = listener_for(ws.store)
    assert listener is not None
    rng = np.random.default_rng(7)
    out = []
    try:
        listener.poll()
        for sid in rng.choice(ids, runs, replace=False).tolist():
            moved = shapely.affinity.translate(ws.index.geometry(sid), 250.0, 0.0)
            with other.engine.begin() as c:
                c.execute(
                    text("UPDATE sites SET geom = ST_Translate(geom, 250, 0) WHERE id = :i"),
                    {"i": sid},
                )
            t0 = time.perf_counter()
            while True:
                if "sites" in listener.wait(5.0):
                    ws.catch_up()
                    if ws.index.geometry(sid).equals(moved):
                        break
            assert sid in ws.ids_in(moved.buffer(1.0))
            out.append((time.perf_counter() - t0) * 1e3)
    finally:
        listener.close()
        other.dispose()
    return out


def print_pg_table(rows: list[tuple]) -> None:
    head = (
        "operation",
        "hits",
        "pushdown ms (p90)",
        "jit off ms (p90)",
        "cached seat ms (p90)",
        "ratio",
        "jit off ratio",
        "STRtree ms (p90)",
        "≠ STRtree",
        "peer PostGIS",
        "file seat ms (p90)",
    )
    lines = [head]
    for row in rows:
        label, hits, push, nojit, inproc, plain, differ, key, on_file = (*row, None)[:9]
        cells = [label, "" if hits is None else f"{hits:,}"]
        for fig in (push, nojit, inproc):
            cells.append("" if fig is None else f"{_fmt(fig[0])} ({_fmt(fig[1])})")
        for fig in (push, nojit):
            ok = fig is not None and inproc is not None and inproc[0] > 0
            cells.append(f"{fig[0] / inproc[0]:.2f}" if ok else "")
        cells.append("" if plain is None else f"{_fmt(plain[0])} ({_fmt(plain[1])})")
        cells.append(differ)
        spec = PEER_POSTGIS.get(key or "")
        cells.append("" if spec is None else _fmt(spec))
        cells.append("" if on_file is None else f"{_fmt(on_file[0])} ({_fmt(on_file[1])})")
        lines.append(tuple(cells))
    widths = [max(len(row[i]) for row in lines) for i in range(len(head))]
    for j, row in enumerate(lines):
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        if j == 0:
            print("  ".join("-" * w for w in widths))
    print(
        "ratio = pushdown / cached seat (above 1: the seat's memory is faster); jit off: the "
        "same pushdown in sessions with JIT compilation off. Cached seat = riskmap.core.seat: the "
        "PostGIS city in memory, kept current from the database's change log (LISTEN/NOTIFY)."
    )


def _fmt(ms: float) -> str:
    if ms >= 100:
        return f"{ms:,.0f}"
    if ms >= 1:
        return f"{ms:.2f}"
    return f"{ms:.4f}"


def print_table(rows: list[tuple], n_sites: int) -> None:
    head = (
        "operation",
        "riskmap ms (p90)",
        "hits",
        "STRtree ms",
        "ratio",
        "rtree ms",
        "ratio",
        "target",
    )
    lines = [head]
    for label, (med, p90), hits, plain, rt, note, target_key in rows:
        cells = [label, f"{_fmt(med)} ({_fmt(p90)})", "" if hits is None else f"{hits:,}"]
        for peer in (plain, rt):
            if peer is None:
                cells += ["", ""]
            else:
                cells += [_fmt(peer[0]), f"{med / peer[0]:.2f}" if peer[0] > 0 else ""]
        if note:
            cells[-2] += f" [{note}]"
        target = TARGETS.get(target_key or "")
        if target is not None and n_sites >= 1_000_000:
            mark = "PASS" if med <= target else "FAIL"
            cells.append(f"≤ {_fmt(target)} {mark}")
        else:
            cells.append("")
        lines.append(tuple(cells))
    widths = [max(len(row[i]) for row in lines) for i in range(len(head))]
    for j, row in enumerate(lines):
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        if j == 0:
            print("  ".join("-" * w for w in widths))
    print("ratio = riskmap / peer (below 1: riskmap faster). Targets apply at 10^6 sites.")


if __name__ == "__main__":
    raise SystemExit(main())
