"""The resting city view's placement of names and hazard marks at 10^5 … 10^6 sites.

Run with `.venv/bin/python bench/marks.py [--sizes 100000,1000000] [--runs 9]` (from any
checkout: it measures the riskmap it imports; run it on two checkouts to compare them).
Offscreen, a 1920×1080 `MapCanvas` on the synthetic cities (bench/out/synthetic-N-seed1.sqlite),
zoomed to the whole city once counts and marks are read; then `labels.refresh()` — the two label
passes with the marks placed and painted between them — timed `--runs` times (a checkout whose
marks refresh on their own: that refresh too). Prints the median, the marks and names drawn and
peak RSS; never asserts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100000,1000000", help="site counts, comma-separated")
    ap.add_argument("--runs", type=int, default=9)
    args = ap.parse_args(argv)

    import sqlalchemy as sa
    from PySide6 import QtWidgets

    from riskmap.core.workspace import Workspace
    from riskmap.store.engine import open_store
    from riskmap.ui.map import MapCanvas

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    for n in (int(v) for v in args.sizes.split(",")):
        path = OUT / f"synthetic-{n}-seed1.sqlite"
        if not path.exists():
            print(f"{path} missing (bench/render.py builds it)")
            continue
        store = open_store(f"sqlite:///{path}")
        ws = Workspace.load(store)
        with store.engine.connect() as c:
            day = c.execute(sa.text("SELECT max(found_on) FROM hazards")).scalar()
        canvas = MapCanvas(ws, as_of=dt.date.fromisoformat(str(day)[:10]))
        canvas.resize(1920, 1080)
        canvas.show()
        end = time.monotonic() + 300
        while (canvas.risk is None or not canvas.rendering_idle()) and time.monotonic() < end:
            app.processEvents()
        canvas.zoom_to_extent()
        for _ in range(50):
            app.processEvents()
        times = []
        for _ in range(args.runs):
            t = time.perf_counter()
            canvas.labels.refresh()
            if hasattr(canvas.marks, "timer"):  # marks placed and painted on their own
                canvas.marks.refresh()
            times.append((time.perf_counter() - t) * 1000)
        r = canvas.risk
        assert r is not None
        print(
            f"{n:>9,} sites  urgent {int((r.major | r.overdue).sum()):>6,}  "
            f"marks+bubbles drawn {canvas.marks.drawn_symbols:>5}  "
            f"names {len(canvas.labels.placed)}  "
            f"refresh median {statistics.median(times):7.1f} ms  "
            f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB"
        )
        canvas.shutdown()
        canvas.deleteLater()
        store.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
