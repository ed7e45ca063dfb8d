"""Cold start to an interactive window: process spawn → main window shown, event loop running.

    .venv/bin/python bench/startup.py [--runs 5] [--big]

Runs `python -m riskmap --db URL --quit-after 0 --password-stdin` in fresh processes (offscreen;
signed in as the login name, an admin with the demo password). The child prints
the wall-clock time at which its event loop first ran with the window shown; the figure is that
minus the spawn time. Targets (docs/performance.md): ≤ 1.0 s on the demo city, ≤ 3 s at 10^6 sites.
Prints only; never asserts.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def one_start(url: str, settings_dir: str) -> float:
    from riskmap.store.engine import DEMO_PASSWORD

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": settings_dir}
    t0 = time.time()
    proc = subprocess.run(
        [sys.executable, "-m", "riskmap", "--db", url, "--quit-after", "0", "--password-stdin"],
        input=f"{DEMO_PASSWORD}\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        cwd=ROOT,
    )
    if proc.returncode != 0:
        raise SystemExit(f"start failed: {proc.stderr.strip()[-800:]}")
    for line in proc.stdout.splitlines():
        if line.startswith("interactive at "):
            return float(line.split()[2]) - t0
    raise SystemExit(f"no timing line in output: {proc.stdout[-400:]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--big", action="store_true", help="also the 10^6-site synthetic city")
    args = ap.parse_args()
    from riskmap.demo.install import init_db

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        demo = f"sqlite:///{Path(tmp) / 'demo.sqlite'}"
        init_db(demo).dispose()
        cases = [("demo city (4,206 sites)", demo, 1.0)]
        if args.big:
            big = ROOT / "bench" / "out" / "synthetic-1000000-seed1.sqlite"
            if not big.exists():
                from riskmap.demo import build_synthetic

                print("building the 10^6-site city once (~30 s)…", flush=True)
                big.parent.mkdir(parents=True, exist_ok=True)
                build_synthetic(f"sqlite:///{big}", 1_000_000).dispose()
            # Someone to sign in as: the login name, an admin with the demo password.
            from riskmap.store.access import login_name
            from riskmap.store.engine import add_admin, open_store, set_demo_passwords

            store = open_store(f"sqlite:///{big}", upgrade=True)
            add_admin(store, login_name())
            set_demo_passwords(store)
            store.dispose()
            cases.append(("synthetic 10^6 sites", f"sqlite:///{big}", 3.0))
        for label, url, target in cases:
            one_start(url, tmp)  # warm the OS file cache: "cold" means a new process
            times = [one_start(url, tmp) for _ in range(args.runs)]
            med = statistics.median(times)
            rows.append((label, med, min(times), max(times), target))
    print(f"{'case':<28} {'median s':>9} {'min':>7} {'max':>7} {'target':>8}")
    for label, med, lo, hi, target in rows:
        mark = "ok" if med <= target else "MISS"
        print(f"{label:<28} {med:>9.2f} {lo:>7.2f} {hi:>7.2f} {'≤ ' + str(target):>8} {mark}")


if __name__ == "__main__":
    main()
