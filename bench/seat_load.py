"""Ready to query at 10^6, each in a fresh process, this checkout against another one in turn.

Run with `.venv/bin/python bench/seat_load.py --baseline /path/to/other/checkout [--runs 5]
[--pg postgresql+psycopg2://…]`: for each kind, `--runs` fresh processes of this code and of
the baseline's alternate (this code first in odd rounds, the baseline first in even ones), on
the same data and the same snapshots (`RISKMAP_CACHE_DIR` = bench/out/cache). Kinds:

- `file`: the file seat from its snapshot (`Workspace.load` on the SQLite city bench/query.py
  caches in bench/out/, the catalog loaded before the clock starts);
- `pg`: the cached PostGIS seat from its snapshot (`Workspace.load` on `--pg`, a database that
  `bench/query.py --db` filled with the same city);
- `cold`: the SQLite city read as columns and indexed (`load_sites` + `SpatialIndex.from_sites`,
  numba imported before the clock starts; its kernel's first load from numba's cache, ~0.3 s,
  inside it);
- `cold2`: the same, timed on the process's second load (the kernel loaded, as in
  bench/query.py's `load + index (columns)`);
- `seat`: the file seat cold as a user meets it (no snapshot yet, or another program edited
  the file): `Workspace.load` on the SQLite city with an empty cache directory of its own,
  numba not imported before the clock (its import and the kernel's load inside it); the
  snapshot it writes after, on its thread, is outside.

A warm-up process of each kind first writes the snapshots it needs. Prints each kind's runs,
medians, the ratio (this code / baseline) and the processes' median peak RSS; never asserts.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
CITY = OUT / "synthetic-1000000-seed1.sqlite"


def child(kind: str, url: str) -> dict[str, float | str]:
    """One measured load in this process (imports riskmap from the working directory)."""
    from riskmap.core.catalog import load_catalog
    from riskmap.core.index import SpatialIndex
    from riskmap.core.seat import wait_for_snapshot
    from riskmap.core.workspace import Workspace
    from riskmap.store.engine import open_store
    from riskmap.store.load import load_sites

    store = open_store(url)
    catalog = load_catalog()
    if kind == "seat":
        os.environ["RISKMAP_CACHE_DIR"] = tempfile.mkdtemp(prefix="riskmap-seat-bench-")
        t = time.perf_counter()
        ws = Workspace.load(store, catalog)
        ms = (time.perf_counter() - t) * 1e3
        source = ws.source
        assert len(ws.index) > 0
    elif kind.startswith("cold"):
        import numba  # noqa: F401  (its import is not the read's cost)

        if kind == "cold2":
            SpatialIndex.from_sites(load_sites(store))
        t = time.perf_counter()
        index = SpatialIndex.from_sites(load_sites(store))
        ms = (time.perf_counter() - t) * 1e3
        source = "database"
        assert len(index) > 0
    else:
        t = time.perf_counter()
        ws = Workspace.load(store, catalog)
        ms = (time.perf_counter() - t) * 1e3
        source = ws.source
    wait_for_snapshot()
    if kind == "seat":
        shutil.rmtree(os.environ["RISKMAP_CACHE_DIR"])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return {"ms": ms, "source": source, "peak_mb": peak}


def run(root: Path, kind: str, url: str) -> dict[str, float | str]:
    env = dict(os.environ, RISKMAP_CACHE_DIR=str(OUT / "cache"), PYTHONPATH=str(root))
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", kind, "--url", url],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline", type=Path, help="the other checkout (the code before)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--pg", help="a PostGIS database bench/query.py --db filled with the city")
    ap.add_argument("--kinds", default="file,pg,cold")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--url", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.url)))
        return 0
    if args.baseline is None:
        ap.error("--baseline is required")
    urls = {k: f"sqlite:///{CITY}" for k in ("file", "cold", "cold2", "seat")}
    if args.pg:
        urls["pg"] = args.pg
    roots = {"this": ROOT, "baseline": args.baseline.resolve()}
    for kind in args.kinds.split(","):
        if kind not in urls:
            print(f"{kind}: skipped (no --pg)")
            continue
        run(ROOT, kind, urls[kind])  # the snapshot written, the page cache warm
        got: dict[str, list[float]] = {"this": [], "baseline": []}
        peak: dict[str, list[float]] = {"this": [], "baseline": []}
        for i in range(args.runs):
            for who in ("this", "baseline") if i % 2 == 0 else ("baseline", "this"):
                r = run(roots[who], kind, urls[kind])
                want = "database" if kind in ("cold", "cold2", "seat") else "snapshot"
                if r["source"] != want:
                    raise SystemExit(f"{kind} ({who}) loaded from {r['source']}, not {want}")
                got[who].append(float(r["ms"]))
                peak[who].append(float(r["peak_mb"]))
        med = {who: statistics.median(ms) for who, ms in got.items()}
        mb = {who: statistics.median(v) for who, v in peak.items()}
        print(
            f"{kind:<5} this {med['this']:7.0f} ms {[round(x) for x in got['this']]}"
            f"  baseline {med['baseline']:7.0f} ms {[round(x) for x in got['baseline']]}"
            f"  ratio {med['this'] / med['baseline']:.2f}"
            f"  peak RSS {mb['this']:.0f} / {mb['baseline']:.0f} MB",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
