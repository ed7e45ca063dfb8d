"""The index's bbox tree at 10^6 sites: GEOS's STRtree beside the packed Hilbert R-tree
(riskmap.core.packed_tree) at several node sizes, build and candidate queries, same run.

Run with `.venv/bin/python bench/packtree.py [--sites 1000000] [--runs 10]`: loads the synthetic
city bench/query.py caches in bench/out/ (built there if missing), builds the index once, then
times, in turn per run, `shapely.STRtree(geoms)` against `PackedTree(bounds, node)` and, on
bench/query.py's regions, the candidates as the index used to take them
(`STRtree.query(region)` + sort) against the packed tree's (ascending already). Every packed
answer is compared with the STRtree's; a difference is printed. Prints medians; never asserts.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import shapely

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from query import FRACTIONS, regions, synthetic_db, workload  # noqa: E402

from riskmap.core.index import SpatialIndex  # noqa: E402
from riskmap.core.packed_tree import PackedTree  # noqa: E402
from riskmap.store.engine import open_store  # noqa: E402
from riskmap.store.load import load_districts, load_sites  # noqa: E402

NODES = (8, 16, 32, 64)


def _ms(fn: Callable[[], object]) -> tuple[float, object]:
    t = time.perf_counter()
    out = fn()
    return (time.perf_counter() - t) * 1e3, out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sites", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=10, help="build runs and regions per kind")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    store = open_store(synthetic_db(args.sites, args.seed))
    arrays = load_sites(store)
    city = next((d.geom for d in load_districts(store) if d.level == "city"), None)
    store.dispose()
    s = SpatialIndex.from_sites(arrays)._state.static  # tree order: Hilbert, bounds (4, n)
    geoms, bounds = s.geoms, s.bounds
    del arrays
    print(f"{len(geoms):,} sites, {args.runs} runs, node sizes {NODES}")

    builds: dict[str, list[float]] = {"STRtree": []} | {f"packed {k}": [] for k in NODES}
    trees: dict[str, object] = {}
    for _ in range(args.runs):
        trees.clear()
        ms, trees["STRtree"] = _ms(lambda: shapely.STRtree(geoms))
        builds["STRtree"].append(ms)
        for k in NODES:
            ms, trees[f"packed {k}"] = _ms(lambda k=k: PackedTree(bounds, k))
            builds[f"packed {k}"].append(ms)
    print("\nbuild, median ms (ratio to STRtree)")
    base = float(np.median(builds["STRtree"]))
    for name, ms in builds.items():
        print(f"  {name:<12} {np.median(ms):9.2f}  ({np.median(ms) / base:.3f})")

    work = workload(city, geoms, args.runs, args.seed)
    # a click or a small view: far fewer candidates than the benches' 1 %
    rng = np.random.default_rng(args.seed)
    work.regions[0.0001] = regions(city, shapely.total_bounds(geoms), 0.0001, args.runs, rng)
    strtree = trees.pop("STRtree")
    print(
        "\ncandidates, median ms over the regions (ratio to STRtree.query + sort); mismatches;"
        " STRtree.query alone (unsorted) last"
    )
    for frac in (0.0001, *FRACTIONS):
        for kind, regs in work.regions[frac].items():
            boxes = [shapely.bounds(r) for r in regs]
            times: dict[str, list[float]] = {"STRtree": [], "unsorted": []}
            times |= {name: [] for name in trees}
            bad = dict.fromkeys(times, 0)
            count = []
            for r, box in zip(regs, boxes, strict=True):
                ms, _ = _ms(lambda r=r: strtree.query(r))
                times["unsorted"].append(ms)
                ms, exp = _ms(lambda r=r: np.sort(strtree.query(r)))
                times["STRtree"].append(ms)
                count.append(len(exp))
                for name, tree in trees.items():
                    ms, got = _ms(lambda t=tree, b=box: t.query(b))
                    times[name].append(ms)
                    bad[name] += not np.array_equal(got, exp)
            base = float(np.median(times["STRtree"]))
            line = "  ".join(
                f"{name} {np.median(t):6.2f} ({np.median(t) / base:.2f}) {bad[name]}"
                for name, t in times.items()
            )
            print(f"  {frac:.2%} {kind:<8} {int(np.median(count)):>7,} cand: {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
