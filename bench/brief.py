"""Holiday briefing (清明) for the demo city: HTML + PDF + XLSX, per format and in total.

    .venv/bin/python bench/brief.py [--runs 3] [--preset qingming] [--year 2027]

Each run is a fresh process (imports and font loading included, as for `riskmap brief`): it
loads the demo city, then times `build_briefing` step by step (context, html, pdf, xlsx). A
second build in the same process shows the warm figure (a desktop session making a second
briefing). Prints medians over the runs and the ratio to the target (briefing for the
demo city ≤ 10 s). Prints only; never asserts.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_S = 10.0
STEPS = ("context", "html", "pdf", "xlsx")


def child(url: str, preset: str, year: int | None, out: str, as_of: str) -> None:
    import datetime as dt

    t0 = time.perf_counter()
    from riskmap.brief import build_briefing
    from riskmap.core.workspace import Workspace
    from riskmap.store.engine import open_store

    ws = Workspace.load(open_store(url))
    load = time.perf_counter() - t0
    day = dt.date.fromisoformat(as_of)
    cold: dict[str, float] = {}
    build_briefing(ws, preset, year, out_dir=out, as_of=day, timings=cold)
    warm: dict[str, float] = {}
    build_briefing(ws, preset, year, out_dir=out, as_of=day, timings=warm)
    sizes = {p.suffix: p.stat().st_size for p in Path(out).iterdir()}
    print(json.dumps({"load": load, "cold": cold, "warm": warm, "sizes": sizes}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--preset", default="qingming")
    ap.add_argument("--year", type=int, default=None, help="default: the next one")
    ap.add_argument(
        "--child", nargs=4, metavar=("URL", "OUT", "AS_OF", "YEAR"), help=argparse.SUPPRESS
    )
    args = ap.parse_args()
    if args.child:
        url, out, as_of, year = args.child
        child(url, args.preset, int(year) if year != "-" else None, out, as_of)
        return

    from riskmap.demo.install import init_db
    from riskmap.store.engine import read_meta

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'demo.sqlite'}"
        store = init_db(url)
        as_of = read_meta(store.engine).get("anchor_date") or time.strftime("%Y-%m-%d")
        store.dispose()
        for i in range(args.runs):
            out = Path(tmp) / f"out{i}"
            out.mkdir()
            year = str(args.year) if args.year else "-"
            cmd = [sys.executable, __file__, "--preset", args.preset, "--child", url, str(out),
                   as_of, year]  # fmt: skip
            proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=600)
            if proc.returncode != 0:
                raise SystemExit(f"run failed: {proc.stderr.strip()[-1200:]}")
            results.append(json.loads(proc.stdout.strip().splitlines()[-1]))

    def med(kind: str, step: str) -> float:
        return statistics.median(r[kind][step] for r in results)

    print(
        f"briefing {args.preset}, demo city, as of {as_of}; median of {args.runs} fresh processes"
    )
    print(f"{'step':<16} {'cold s':>8} {'warm s':>8}")
    for step in STEPS:
        print(f"{step:<16} {med('cold', step):>8.2f} {med('warm', step):>8.2f}")
    totals = {k: statistics.median(sum(r[k].values()) for r in results) for k in ("cold", "warm")}
    html_pdf = {
        k: statistics.median(sum(r[k][s] for s in ("context", "html", "pdf")) for r in results)
        for k in ("cold", "warm")
    }
    print(f"{'HTML + PDF':<16} {html_pdf['cold']:>8.2f} {html_pdf['warm']:>8.2f}")
    print(f"{'total (3 files)':<16} {totals['cold']:>8.2f} {totals['warm']:>8.2f}")
    load = statistics.median(r["load"] for r in results)
    print(f"(loading the city before it, imports included: {load:.2f} s)")
    sizes = results[-1]["sizes"]
    print("files: " + ", ".join(f"{k} {v / 1024:.0f} KiB" for k, v in sorted(sizes.items())))
    ratio = totals["cold"] / TARGET_S
    mark = "ok" if totals["cold"] <= TARGET_S else "MISS"
    print(f"total / target {TARGET_S:.0f} s = {ratio:.2f} ({mark})")


if __name__ == "__main__":
    main()
