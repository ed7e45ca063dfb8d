"""Import of 10^6 point features from a GeoPackage into a fresh database
(target in docs/performance.md: no slower than ogr2ogr).

    .venv/bin/python bench/import.py [--n 1000000] [--runs 3] [--no-peers] [--baseline DIR]

Data: n venues (名称, 类型 in codes and Chinese words, 容纳人数, 运营单位) uniformly inside the demo
city, CGCS2000 degrees, written once to bench/out/import-<n>.gpkg (git-ignored; ~1 min the first
time). Each run copies a template database holding only the demo city's districts (so every
site is assigned to its township, as in a real import) and times riskmap's whole path:
`read_features` → `plan_import` → `import_features` (checks, reprojection to EPSG:4544,
townships, one transaction, indexes). Prints the median, the stages of the median run, the
ratio to the 15 s target, and the ratio to peers measured in the same run on the same file:

- GDAL's own translation GeoPackage → SQLite (what `ogr2ogr -f SQLite` does, in-process through
  pyogrio): no checks, no reprojection, no townships;
- geopandas `read_file` + pandas `to_sql` (WKB and attributes into SQLite): the naive script.

The runs are interleaved (riskmap, then each peer, then again), so that the load of a shared
machine falls on all of them alike; the ratios are the medians of each round's own ratio.
`--baseline DIR` adds another checkout's riskmap (e.g. /work/main) to every round, run in a
child process with its modules imported before the clock starts.

Prints only; never asserts.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_S = 15.0
OUT = ROOT / "bench" / "out"
Timing = tuple[float, float]  # wall-clock and CPU seconds (CPU: every thread of the process)
KINDS = ("school", "hospital", "mall", "station", "学校", "医院", "景区", "集贸市场")


def make_gpkg(path: Path, n: int) -> None:
    import numpy as np
    import pyogrio.raw
    import shapely

    from riskmap.core.crs import xy_to_lonlat
    from riskmap.demo.install import demo_source_path

    con = sqlite3.connect(f"file:{demo_source_path()}?mode=ro", uri=True)
    city_wkb, crs = con.execute(
        "SELECT d.geom, m.value FROM districts d, meta m WHERE d.level = 'city' AND m.key = 'crs'"
    ).fetchone()
    con.close()
    city = shapely.from_wkb(city_wkb)
    shapely.prepare(city)
    rng = np.random.default_rng(20260404)
    minx, miny, maxx, maxy = city.bounds
    pts: list[np.ndarray] = []
    have = 0
    while have < n:
        x = rng.uniform(minx, maxx, n)
        y = rng.uniform(miny, maxy, n)
        ok = shapely.contains_xy(city, x, y)
        pts.append(np.column_stack([x[ok], y[ok]]))
        have += int(ok.sum())
    xy = np.vstack(pts)[:n]
    lon, lat = xy_to_lonlat(xy[:, 0], xy[:, 1], crs)
    names = np.array([f"场所{i:07d}" for i in range(n)], dtype=object)
    kinds = np.array(KINDS, dtype=object)[rng.integers(0, len(KINDS), n)]
    capacity = rng.integers(20, 5000, n).astype(np.int64)
    operators = np.array(["青岚市教育局", "青岚市卫健委", "青岚商贸集团", ""], dtype=object)
    operator = operators[rng.integers(0, len(operators), n)]
    tmp = path.with_suffix(".tmp.gpkg")
    tmp.unlink(missing_ok=True)
    pyogrio.raw.write(
        str(tmp),
        shapely.to_wkb(shapely.points(lon, lat)),
        [names, kinds, capacity, operator],
        ["名称", "类型", "容纳人数", "运营单位"],
        layer="venues",
        geometry_type="Point",
        crs="EPSG:4490",
    )
    tmp.rename(path)


def make_template(path: Path) -> None:
    """An empty riskmap database with the demo city's districts and an admin user."""
    from sqlalchemy import create_engine, select

    from riskmap.demo.install import demo_source_path
    from riskmap.store.engine import add_admin, create_schema, read_meta
    from riskmap.store.schema import District

    src = create_engine(f"sqlite:///file:{demo_source_path()}?mode=ro&uri=true")
    meta = read_meta(src)
    with src.connect() as c:
        rows = [dict(r._mapping) for r in c.execute(select(District.__table__))]
    src.dispose()
    store = create_schema(
        f"sqlite:///{path}",
        {"crs": meta["crs"], "city_name": meta.get("city_name", ""), "fictional": "1"},
        overwrite=True,
    )
    rows.sort(key=lambda r: ("city", "county", "township").index(r["level"]))
    with store.engine.begin() as c:
        c.execute(District.__table__.insert(), rows)
    add_admin(store, "bench")
    store.dispose()


def fresh_copy(template: Path, workdir: Path) -> str:
    dst = workdir / "import.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{dst}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(template, dst)
    return f"sqlite:///{dst}"


def run_riskmap(gpkg: Path, url: str) -> tuple[Timing, dict[str, float], int]:
    from riskmap.core.catalog import load_catalog
    from riskmap.io.importer import import_features, plan_import, read_features
    from riskmap.store.access import Actor
    from riskmap.store.engine import open_store

    marks: list[tuple[str, float]] = []

    def progress(_done: int, _total: int, stage: str) -> None:
        if not marks or marks[-1][0] != stage:
            marks.append((stage, time.perf_counter()))

    c0 = time.process_time()
    t0 = time.perf_counter()
    store = open_store(url)
    src = read_features(gpkg)
    t_read = time.perf_counter()
    plan = plan_import(src, load_catalog(), "dense_venues")
    report = import_features(store, Actor("bench", "admin"), src, plan, progress=progress)
    t1 = time.perf_counter()
    c1 = time.process_time()
    store.dispose()
    if not report.written:
        raise SystemExit(report.to_text("en")[:2000])
    stages = {"read": t_read - t0}
    marks.append(("end", t1))
    for (stage, a), (_next, b) in pairwise(marks):
        stages[stage] = stages.get(stage, 0.0) + (b - a)
    return (t1 - t0, c1 - c0), stages, report.imported


def run_gdal(gpkg: Path, workdir: Path) -> Timing:
    """ogr2ogr -f SQLite, in-process: pyogrio's Arrow-free read + GDAL's SQLite writer."""
    import pyogrio.raw

    out = workdir / "gdal.sqlite"
    out.unlink(missing_ok=True)
    c0, t0 = time.process_time(), time.perf_counter()
    meta, _fids, geometry, fields = pyogrio.raw.read(str(gpkg))
    pyogrio.raw.write(
        str(out),
        geometry,
        fields,
        meta["fields"],
        driver="SQLite",
        layer="venues",
        geometry_type="Point",
        crs=meta["crs"],
    )
    return time.perf_counter() - t0, time.process_time() - c0


def run_geopandas(gpkg: Path, workdir: Path) -> Timing:
    import geopandas
    import shapely

    out = workdir / "pandas.sqlite"
    out.unlink(missing_ok=True)
    c0, t0 = time.process_time(), time.perf_counter()
    frame = geopandas.read_file(gpkg)
    table = frame.drop(columns="geometry")
    table["geom"] = shapely.to_wkb(frame.geometry.to_crs("EPSG:4544").values)
    con = sqlite3.connect(out)
    table.to_sql("sites", con, index=False, chunksize=50_000)
    con.commit()
    con.close()
    return time.perf_counter() - t0, time.process_time() - c0


_BASELINE = """
import sys, time
sys.path.insert(0, {root!r})
import pyogrio, pyproj, shapely
from riskmap.core.catalog import load_catalog
from riskmap.io.importer import import_features, plan_import, read_features
from riskmap.store.access import Actor
from riskmap.store.engine import open_store
c0, t0 = time.process_time(), time.perf_counter()
store = open_store({url!r})
src = read_features({gpkg!r})
plan = plan_import(src, load_catalog(), "dense_venues")
report = import_features(store, Actor("bench", "admin"), src, plan)
print(time.perf_counter() - t0, time.process_time() - c0, report.imported)
"""


def run_baseline(root: Path, gpkg: Path, url: str) -> Timing:
    """Another checkout's import of the same file into the same fresh database."""
    code = _BASELINE.format(root=str(root), url=url, gpkg=str(gpkg))
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    seconds, cpu, imported = out.stdout.split()
    if int(imported) == 0:
        raise SystemExit(f"the baseline at {root} imported nothing")
    return float(seconds), float(cpu)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-peers", action="store_true")
    ap.add_argument("--baseline", type=Path, help="another checkout to run alongside")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    gpkg = OUT / f"import-{args.n}.gpkg"
    if not gpkg.exists():
        print(f"writing {gpkg.name} (once) …", flush=True)
        make_gpkg(gpkg, args.n)
    peers = (
        {}
        if args.no_peers
        else {
            "GDAL GeoPackage → SQLite (ogr2ogr)": run_gdal,
            "geopandas read_file + to_sql": run_geopandas,
        }
    )
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        work = Path(tmp)
        template = work / "template.sqlite"
        make_template(template)
        times: list[Timing] = []
        all_stages = []
        peer_times: dict[str, list[Timing]] = {name: [] for name in peers}
        if args.baseline is not None:
            peer_times[f"baseline {args.baseline}"] = []
        for k in range(args.runs):
            total, stages, n = run_riskmap(gpkg, fresh_copy(template, work))
            times.append(total)
            all_stages.append(stages)
            line = [f"run {k + 1}: riskmap {total[0]:.2f} s (CPU {total[1]:.2f} s, {n:,} sites)"]
            for name, fn in peers.items():
                peer_times[name].append(fn(gpkg, work))
                line.append(f"{name.split()[0]} {peer_times[name][-1][0]:.2f} s")
            if args.baseline is not None:
                t = run_baseline(args.baseline, gpkg, fresh_copy(template, work))
                peer_times[f"baseline {args.baseline}"].append(t)
                line.append(f"baseline {t[0]:.2f} s")
            print(", ".join(line), flush=True)
        walls = [t[0] for t in times]
        median = statistics.median(walls)
        cpu = statistics.median(t[1] for t in times)
        mid = all_stages[walls.index(sorted(walls)[len(walls) // 2])]
        print(f"\nriskmap import of {args.n:,} points, median of {args.runs}: {median:.2f} s")
        print(f"  CPU (both threads): median {cpu:.2f} s")
        print("  stages: " + ", ".join(f"{k} {v:.2f} s" for k, v in mid.items()))
        print(f"  target ≤ {TARGET_S:.0f} s: ratio {median / TARGET_S:.2f}")
        for name, peer in peer_times.items():
            ratio = statistics.median(r[0] / p[0] for r, p in zip(times, peer, strict=True))
            cpu_ratio = statistics.median(r[1] / p[1] for r, p in zip(times, peer, strict=True))
            print(
                f"  {name}: median {statistics.median(p[0] for p in peer):.2f} s"
                f" (CPU {statistics.median(p[1] for p in peer):.2f} s);"
                f" riskmap / it = {ratio:.2f}, CPU {cpu_ratio:.2f} (medians of the rounds' ratios)"
            )


if __name__ == "__main__":
    main()
