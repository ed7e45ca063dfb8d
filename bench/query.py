"""Region queries, nearest sites and load+index at 10^4 … 10^6 sites, against peers (SPEC §6).

Run with `make bench` or `.venv/bin/python bench/query.py [--sizes 10000,100000,1000000]
[--runs 30] [--db URL]`. Prints tables; never asserts. The synthetic databases are built once with
`riskmap.demo.build_synthetic` and cached under bench/out/ (keyed by size and seed).

Peers, measured in the same run on the same data:
- plain shapely STRtree: `tree.query(region, predicate="intersects")`, geometries in store order;
- rtree (libspatialindex) bulk-loaded from the bboxes, candidates then shapely.intersects on the
  prepared region; for nearest, rtree's `index.nearest` (bbox distance only, so it does less).
"""

from __future__ import annotations

import argparse
import math
import os
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import shapely

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from riskmap.core.index import SpatialIndex  # noqa: E402
from riskmap.store.engine import open_store  # noqa: E402
from riskmap.store.load import load_districts, load_sites  # noqa: E402

OUT = ROOT / "bench" / "out"
FRACTIONS = (0.01, 0.10)
NEAREST_POINTS = 200  # nearest() calls per run; a run's figure is their mean
# SPEC §6 targets at 10^6 sites, in ms
TARGETS = {"query 1 %": 10.0, "query 10 %": 80.0, "nearest-10": 0.05, "load + index": 5000.0}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000,1000000", help="site counts, comma-separated")
    ap.add_argument("--runs", type=int, default=30, help="runs per figure (>= 20; default 30)")
    ap.add_argument("--db", help="benchmark this database instead of synthetic ones")
    ap.add_argument("--seed", type=int, default=1, help="synthetic city and region seed")
    args = ap.parse_args(argv)
    if args.runs < 20:
        print(f"--runs {args.runs} is below 20: medians and p90 of so few runs are noise; using 20")
        args.runs = 20
    print(
        f"riskmap bench/query.py — {os.cpu_count()} cores, shapely {shapely.__version__} "
        f"(GEOS {shapely.geos_version_string}), numpy {np.__version__}, runs {args.runs}"
    )
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
    if path.exists() and _meta(path) == (str(n), str(seed), GENERATOR):
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


def _meta(path: Path) -> tuple[str, str, str] | None:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
            meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.Error:
        return None
    return (
        meta.get("synthetic_sites", ""),
        meta.get("synthetic_seed", ""),
        meta.get("generator", ""),
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
    region lies wholly inside the city: this reproduces SPEC §6's ~12,000 hits at 1 % of 10^6
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


def bench_one(url: str, n: int | None, runs: int, seed: int) -> None:
    store = open_store(url)
    load_runs = 3
    loads, builds = [], []
    arrays = index = None
    for _ in range(load_runs):
        ms, arrays = timed(lambda: load_sites(store))
        loads.append(ms)
        index = None
        ms, index = timed(lambda a=arrays: SpatialIndex.from_sites(a))
        builds.append(ms)
    districts = load_districts(store)
    store.dispose()
    assert arrays is not None and index is not None
    city = next((d.geom for d in districts if d.level == "city"), None)
    n_sites = len(arrays)
    print(f"\n=== {n_sites:,} sites ({url}) ===")
    near_ms, _ = timed(index.prepare_nearest)
    peers = Peers(arrays.geoms, arrays.ids)
    extent = shapely.total_bounds(arrays.geoms)
    rng = np.random.default_rng(seed)
    rows: list[tuple] = []
    load_med, build_med = float(np.median(loads)), float(np.median(builds))
    rows.append(("load from the store", stats(loads), None, None, None, "", None))
    rows.append(
        ("index build", stats(builds), None, (peers.strtree_ms,), (peers.rtree_ms,), "", None)
    )
    rows.append(("nearest() tables, first call", (near_ms, near_ms), None, None, None, "", None))
    rows.append(
        (
            "load + index",
            (load_med + build_med, load_med + build_med),
            None,
            None,
            None,
            "",
            "load + index",
        )
    )
    mismatches = 0
    for frac in FRACTIONS:
        for kind, regs in regions(city, extent, frac, runs, rng).items():
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
    pts = query_points(city, arrays.geoms, rng, runs * NEAREST_POINTS).reshape(runs, -1, 2)
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
        "SPEC target",
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
