"""The grey basemap's cost on the window's map at 10^6 sites: first frame, the basemap's own
arrival, a zoom to 1:10,000 and pans there, with and without the basemap in the same process.

Run with `.venv/bin/python bench/basemap.py [--sites 1000000] [--runs 7]`. The synthetic city
(bench/out, built once like bench/render.py's) gets the demo city's generated basemap (the
synthetic city has the demo's districts) in a copy of its own; one workspace is loaded, and the
peer without a basemap is the same canvas code with the basemap read as empty, alternating run
by run. Prints medians and ratios; never asserts.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import sqlite3
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from render import OUT, H, W, rss_mb, synthetic_db, wait  # noqa: E402


def with_basemap(url: str) -> str:
    """A copy of the synthetic city holding the demo city's basemap (built once)."""
    from riskmap.demo import DEMO_ANCHOR, DEMO_SEED, rng_for
    from riskmap.demo.basemap import basemap_rows
    from riskmap.demo.city import build_city

    src = Path(url.removeprefix("sqlite:///"))
    dst = OUT / f"{src.stem}-basemap.sqlite"
    if dst.exists():
        return f"sqlite:///{dst}"
    print(f"adding the demo city's basemap → {dst} (first run only) …", flush=True)
    tmp = dst.with_suffix(".building")
    shutil.copyfile(src, tmp)
    city, _ledger = build_city(DEMO_SEED, DEMO_ANCHOR)
    rows = basemap_rows(city, rng_for(DEMO_SEED, 17))
    with sqlite3.connect(tmp) as con:
        con.executemany(
            "INSERT INTO basemap (id, kind, cls, name, source, geom) VALUES (?, ?, ?, ?, ?, ?)",
            [(r["id"], r["kind"], r["cls"], r["name"], r["source"], r["geom"]) for r in rows],
        )
    os.replace(tmp, dst)
    return f"sqlite:///{dst}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sites", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=7, help="fresh canvases per peer")
    ap.add_argument("--pans", type=int, default=20)
    args = ap.parse_args(argv)

    from PySide6 import QtCore, QtWidgets

    import riskmap.ui.map.citybase as citybase
    from riskmap.core.basemap import BasemapData, count_basemap
    from riskmap.core.workspace import Workspace
    from riskmap.store.engine import open_store
    from riskmap.ui.map import MapCanvas

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    url = with_basemap(synthetic_db(args.sites, 1))
    store = open_store(url)
    ws = Workspace.load(store)
    n_basemap = count_basemap(store)
    real_load = citybase.load_basemap
    city = ws.city()
    assert city is not None
    seat = city.geom.centroid
    px = 10_000 * 0.0254 / 96  # 1:10,000 at 96 dpi
    local = QtCore.QRectF(seat.x - W * px / 2, seat.y - H * px / 2, W * px, H * px)
    out: dict[str, dict[str, list[float]]] = {"with": {}, "without": {}}
    for _ in range(args.runs):
        for peer in ("with", "without"):
            citybase.load_basemap = (
                real_load if peer == "with" else (lambda _s: BasemapData.empty())
            )
            fig = out[peer]
            t0 = time.perf_counter()
            c = MapCanvas(ws)
            c.resize(W, H)
            c.show()
            if c.raster is not None:
                loop = QtCore.QEventLoop()
                c.sigFrameRendered.connect(loop.quit)
                QtCore.QTimer.singleShot(120_000, loop.quit)
                loop.exec()
            else:
                app.processEvents()
            c.view.grab()
            fig.setdefault("first frame", []).append((time.perf_counter() - t0) * 1e3)
            t = time.perf_counter()
            wait(app, c.rendering_idle)  # classes, marks, labels and (with) the basemap
            c.view.grab()
            fig.setdefault("first frame until idle", []).append((time.perf_counter() - t) * 1e3)
            t = time.perf_counter()
            c.set_view_rect(local)
            app.processEvents()
            c.view.grab()
            fig.setdefault("zoom to 1:10,000", []).append((time.perf_counter() - t) * 1e3)
            wait(app, c.rendering_idle)
            c.view.grab()
            fig.setdefault("zoom until idle", []).append((time.perf_counter() - t) * 1e3)
            pans = []
            for i in range(args.pans):
                t = time.perf_counter()
                c.pan_by(W * 0.05 * (1 if i % 2 == 0 else -1), 0)
                app.processEvents()
                c.view.grab()
                pans.append((time.perf_counter() - t) * 1e3)
            fig.setdefault("pan frame at 1:10,000", []).append(statistics.median(pans))
            c.shutdown()
            c.deleteLater()
            app.processEvents()
            del c
            gc.collect()
    citybase.load_basemap = real_load
    print(f"{args.sites:,} sites, {n_basemap:,} basemap features, {args.runs} runs per peer, "
          f"{W}×{H}, peak RSS {rss_mb():.0f} MB")  # fmt: skip
    print(f"{'figure (median ms)':28} {'with':>9} {'without':>9} {'ratio':>7}")
    for key in out["with"]:
        a, b = statistics.median(out["with"][key]), statistics.median(out["without"][key])
        print(f"{key:28} {a:9.1f} {b:9.1f} {a / b if b else float('nan'):7.2f}")
    ws.store.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
