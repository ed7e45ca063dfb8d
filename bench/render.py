"""Map rendering at 10^5 … 10^6 sites: first frame, pan and zoom frames, memory
(targets: docs/performance.md).

Run with `.venv/bin/python bench/render.py [--sizes 100000,1000000] [--runs 30] [--mode auto]`.
Offscreen, a 1920×1080 canvas on the synthetic cities (bench/out/synthetic-N-seed1.sqlite,
built once with riskmap.demo.build_synthetic). Prints a table; never asserts.

Figures:
- first frame: from MapCanvas(ws) — the workspace already loaded — to a grab of the full
  extent with labels and the aggregated small-scale style on, median of --first-runs fresh
  canvases (class colours, the hazard marks and the choropleth's counts follow: they load
  after the first frame; crowded layers are drawn as density, see render.py); beside it the
  old path (cartography off: every layer site by site at every scale, no marks, no site
  labels) measured the same way in the same run, and the time from the first frame until
  classes, marks, labels and refresh are done;
- pan / zoom frame: 30 programmatic pans of 5 % of the view (or zooms by 1.1×), each followed
  by processing events and `view.grab()` (which paints the view again), median and p90;
- refresh: from the last view change to the fresh image for the new view (raster mode);
- peak RSS of the process (resource.getrusage), which includes the loaded workspace.

Peer in the same run ("plain", see docs/performance.md): one QPainterPath per layer, no LOD, no
culling, no chunking, 1 px cosmetic pen, painted with QPainter into a QImage of the full extent.
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import resource
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
import shapely

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"
TARGETS = {"first frame": 250.0, "pan frame": 33.0}  # ms, docs/performance.md at 10^6 sites
W, H = 1920, 1080


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100000,1000000", help="site counts, comma-separated")
    ap.add_argument("--runs", type=int, default=30, help="pans and zooms per figure")
    ap.add_argument("--mode", default="auto", choices=("auto", "raster", "direct"))
    ap.add_argument("--first-runs", type=int, default=10, help="canvases made for the first frame")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-peer", action="store_true", help="skip the plain one-path peer")
    args = ap.parse_args(argv)

    from PySide6 import QtWidgets

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    from riskmap.ui.fonts import apply_cjk_font

    apply_cjk_font(app)
    import pyqtgraph as pg
    import PySide6

    print(
        f"riskmap bench/render.py — {os.cpu_count()} cores, PySide6 {PySide6.__version__}, "
        f"pyqtgraph {pg.__version__}, shapely {shapely.__version__}, {W}×{H} offscreen, "
        f"runs {args.runs}, mode {args.mode}"
    )
    rows = []
    for n in (int(s) for s in args.sizes.split(",") if s.strip()):
        rows.append(bench_one(app, synthetic_db(n, args.seed), n, args))
    print_table(rows)
    return 0


# ------------------------------------------------------------------------------ data


def synthetic_db(n: int, seed: int) -> str:
    """The cached synthetic city of n sites (the same files bench/query.py builds)."""
    from riskmap.demo import GENERATOR, build_synthetic
    from riskmap.store.schema import SCHEMA_VERSION

    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"synthetic-{n}-seed{seed}.sqlite"
    if path.exists():
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
            meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
        # a city of an older schema is built again (opening it would need an upgrade)
        have = (meta.get("synthetic_sites"), meta.get("generator"), meta.get("schema_version"))
        if have == (str(n), GENERATOR, str(SCHEMA_VERSION)):
            return f"sqlite:///{path}"
    print(f"building the synthetic city with {n:,} sites → {path} (first run only) …", flush=True)
    tmp = path.with_suffix(".building")
    build_synthetic(f"sqlite:///{tmp}", n, seed=seed, overwrite=True).dispose()
    with sqlite3.connect(tmp) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.execute("PRAGMA journal_mode=DELETE")
    os.replace(tmp, path)
    return f"sqlite:///{path}"


# ------------------------------------------------------------------------------ timing


def wait(app, cond: Callable[[], bool], timeout: float = 120.0) -> bool:
    t = time.perf_counter()
    while not cond():
        if time.perf_counter() - t > timeout:
            return False
        app.processEvents()
        time.sleep(0.002)
    return True


def series(app, canvas, step: Callable[[int], None], runs: int) -> list[float]:
    out = []
    for i in range(runs):
        t = time.perf_counter()
        step(i)
        app.processEvents()
        canvas.view.grab()
        out.append((time.perf_counter() - t) * 1e3)
    return out


def pan_series(app, canvas, runs: int) -> list[float]:
    """Pans of 5 % of the view, back and forth so the view stays over the city."""
    step = 0.05 * canvas.view.viewport().width()
    return series(app, canvas, lambda i: canvas.pan_by(step if (i // 5) % 2 == 0 else -step, 0),
                  runs)  # fmt: skip


def stats(ms: list[float]) -> tuple[float, float]:
    return float(np.median(ms)), float(np.percentile(ms, 90))


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def bench_one(app, url: str, n: int, args) -> dict[str, object]:

    from riskmap.core.workspace import Workspace
    from riskmap.store.engine import open_store

    print(f"\n{n:,} sites: {url}", flush=True)
    t = time.perf_counter()
    ws = Workspace.load(open_store(url))
    load_s = time.perf_counter() - t
    print(f"  workspace loaded and indexed in {load_s:.1f} s", flush=True)

    # the old path first (every layer site by site at every scale, no marks, no site labels),
    # then the map as it is drawn now: labels, choropleth and marks on
    old_first, old_done, old = first_frames(app, ws, args, cartography=False)
    old_pans = pan_series(app, old, args.runs)
    old.shutdown()
    old.deleteLater()
    app.processEvents()
    del old
    gc.collect()
    firsts, done, canvas = first_frames(app, ws, args, cartography=True)
    first = float(np.median(firsts))
    renders = canvas.raster.last_frame.ms if canvas.raster is not None else math.nan
    print(
        f"  first frame {first:.0f} ms median of {len(firsts)} (min {min(firsts):.0f}, max "
        f"{max(firsts):.0f}; last render thread {renders:.0f} ms, {canvas.mode}); old path "
        f"{np.median(old_first):.0f} ms (max {max(old_first):.0f})"
    )
    print(f"  class colours, marks, labels and refresh done {np.median(done):.0f} ms later "
          f"(max {max(done):.0f}; old path {np.median(old_done):.0f} ms)")  # fmt: skip
    print(f"  at this scale: {len(canvas.labels.placed)} labels, "
          f"{canvas.marks.drawn_symbols} symbols drawn for the aggregated layers")  # fmt: skip

    pans = pan_series(app, canvas, args.runs)
    step_px = 0.05 * canvas.view.viewport().width()
    wait(app, canvas.rendering_idle)
    half = args.runs // 2
    zooms = series(app, canvas, lambda i: canvas.zoom_by(1.1 if i < half else 1 / 1.1), args.runs)
    refresh = []
    for i in range(5):  # last view change → fresh image on screen
        wait(app, canvas.rendering_idle)
        t = time.perf_counter()
        canvas.pan_by(step_px if i % 2 == 0 else -step_px, 0)
        app.processEvents()
        wait(app, canvas.rendering_idle)
        refresh.append((time.perf_counter() - t) * 1e3)
    canvas.view.grab().save(str(OUT / f"render-{n}.png"))
    canvas.shutdown()
    canvas.deleteLater()
    app.processEvents()
    row = {
        "sites": n,
        "mode": canvas.mode,
        "load_s": load_s,
        "first": first,
        "old_first": float(np.median(old_first)),
        "old_pan": stats(old_pans),
        "done": float(np.median(done)),
        "pan": stats(pans),
        "zoom": stats(zooms),
        "refresh": float(np.median(refresh)),
        "rss": rss_mb(),
        "peer": None if args.no_peer else plain_peer(ws),
    }
    print(f"  old path pan {row['old_pan'][0]:.1f} ms (p90 {row['old_pan'][1]:.1f})")
    print(f"  pan {row['pan'][0]:.1f} ms, zoom {row['zoom'][0]:.1f} ms, refresh "
          f"{row['refresh']:.0f} ms, peak RSS {row['rss']:.0f} MB", flush=True)  # fmt: skip
    ws.store.dispose()
    return row


def first_frames(app, ws, args, cartography: bool) -> tuple[list[float], list[float], object]:
    """(first-frame ms, then ms until classes, marks and labels are done) of fresh canvases,
    and the last canvas (kept for the pan and zoom figures)."""
    from PySide6 import QtCore

    from riskmap.ui.map import MapCanvas

    firsts, done = [], []
    canvas = None
    for i in range(args.first_runs):  # a fresh canvas each time: nothing cached between runs
        t0 = time.perf_counter()
        canvas = MapCanvas(ws, mode=args.mode, cartography=cartography)
        canvas.resize(W, H)
        canvas.show()
        if canvas.raster is not None:
            # wait in Qt's event loop (which releases the GIL), as the application does
            loop = QtCore.QEventLoop()
            canvas.sigFrameRendered.connect(loop.quit)
            QtCore.QTimer.singleShot(120_000, loop.quit)
            loop.exec()
        else:
            app.processEvents()
        canvas.view.grab()
        firsts.append((time.perf_counter() - t0) * 1e3)
        t = time.perf_counter()
        wait(app, canvas.rendering_idle)
        canvas.view.grab()
        done.append((time.perf_counter() - t) * 1e3)
        if i < args.first_runs - 1:
            canvas.shutdown()
            canvas.deleteLater()
            app.processEvents()
            del canvas
            gc.collect()  # the canvas and its tools refer to each other: free them now
    return firsts, done, canvas


def plain_peer(ws) -> tuple[float, float]:
    """(build ms, paint ms): one path per layer from all vertices, painted at full extent."""
    import pyqtgraph as pg
    from PySide6 import QtGui

    t = time.perf_counter()
    paths = []
    for code in range(len(ws.sites.layer_keys)):
        geoms = ws.sites.geoms[ws.sites.layers == code]
        xy, idx = shapely.get_coordinates(geoms, return_index=True)
        connect = np.ones(len(xy), dtype=bool)
        connect[:-1] = idx[1:] == idx[:-1]
        paths.append(pg.arrayToQPath(xy[:, 0], xy[:, 1], connect=connect, finiteCheck=False))
    build = (time.perf_counter() - t) * 1e3
    x0, y0, x1, y1 = ws.index.bounds
    res = max((x1 - x0) / W, (y1 - y0) / H)
    img = QtGui.QImage(W, H, QtGui.QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(QtGui.QColor("white"))
    t = time.perf_counter()
    p = QtGui.QPainter(img)
    p.setTransform(QtGui.QTransform(1 / res, 0, 0, -1 / res, -x0 / res, y1 / res))
    pen = QtGui.QPen(QtGui.QColor("#555555"))
    pen.setCosmetic(True)
    pen.setWidthF(1.0)
    p.setPen(pen)
    for path in paths:
        p.drawPath(path)
    p.end()
    paint = (time.perf_counter() - t) * 1e3
    return build, paint


def print_table(rows: list[dict[str, object]]) -> None:
    print("\nmedian ms unless noted; targets (docs/performance.md, at 10^6): first frame ≤ 250 ms, "
          "pan frame ≤ 33 ms")  # fmt: skip
    head = (
        f"{'sites':>10} {'mode':>7} {'load s':>7} {'first':>7} {'pan':>6} {'p90':>6} "
        f"{'zoom':>6} {'p90':>6} {'refresh':>8} {'RSS MB':>7} {'plain':>13}  verdict"
    )
    print(head)
    print("-" * len(head))
    for r in rows:
        peer = r["peer"]
        plain = f"{peer[0] + peer[1]:.0f} ({peer[1]:.0f})" if peer else "–"
        ok_first = r["first"] <= TARGETS["first frame"]
        ok_pan = r["pan"][0] <= TARGETS["pan frame"]
        verdict = f"first {'PASS' if ok_first else 'FAIL'}, pan {'PASS' if ok_pan else 'FAIL'}"
        ratio = f", {(peer[0] + peer[1]) / r['first']:.1f}× faster than plain" if peer else ""
        ratio += f", {r['old_first'] / r['first']:.2f}× the old path's speed"
        ratio += f", done {r['done']:.0f} ms after ({'PASS' if r['done'] <= 1000 else 'FAIL'})"
        print(f"{r['sites']:>10,} {r['mode']:>7} {r['load_s']:>7.1f} {r['first']:>7.0f} "
              f"{r['pan'][0]:>6.1f} {r['pan'][1]:>6.1f} {r['zoom'][0]:>6.1f} {r['zoom'][1]:>6.1f} "
              f"{r['refresh']:>8.0f} {r['rss']:>7.0f} {plain:>13}  {verdict}{ratio}")  # fmt: skip
    print("plain = build (all vertices → one path per layer) + paint, in parentheses the paint;"
          " first = canvas creation → full-extent image on screen")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
