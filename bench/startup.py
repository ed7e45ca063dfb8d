"""Cold start to an interactive window: process spawn → main window shown, event loop running.

    .venv/bin/python bench/startup.py [--runs 5] [--big] [--baseline /path/to/other/checkout]
                                      [--source] [--no-demo] [--platform xcb]

Runs `python -m riskmap --db URL --quit-after 0 --password-stdin` in fresh processes (offscreen;
signed in as the login name, an admin with the demo password). The child prints
the wall-clock time at which its event loop first ran with the window shown; the figure is that
minus the spawn time. Targets (docs/performance.md): ≤ 1.0 s on the demo city, ≤ 3 s at 10^6 sites.

Bytecode: an installed riskmap (pip, the PyInstaller bundle) runs from compiled bytecode, so by
default the children write and reuse .pyc files in a private cache (PYTHONPYCACHEPREFIX in a
temporary folder: nothing is written into the checkout) and the untimed first start fills it.
`--source` measures a checkout under PYTHONDONTWRITEBYTECODE instead, where every start compiles
riskmap's ~200 modules again (~0.4 s more).

`--baseline DIR` starts another checkout's code (e.g. the main branch) on the same database in
the same run, alternating start by start with this one, so both see the same machine, and prints
the ratio of the medians. Prints only; never asserts.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


PLATFORM = "offscreen"  # --platform: xcb under `xvfb-run` measures what a desktop adds


def child_env(settings_dir: str, pycache: str | None) -> dict[str, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": PLATFORM, "XDG_CONFIG_HOME": settings_dir}
    if pycache is None:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env.pop("PYTHONPYCACHEPREFIX", None)
    else:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = pycache
    return env


def one_start(
    url: str, settings_dir: str, tree: Path = ROOT, pycache: str | None = None
) -> tuple[float, float]:
    """(seconds from spawn to the window shown, CPU seconds of the whole process)."""
    from riskmap.store.engine import DEMO_PASSWORD

    cpu0 = _children_cpu()
    t0 = time.time()
    proc = subprocess.run(
        [sys.executable, "-m", "riskmap", "--db", url, "--quit-after", "0", "--password-stdin"],
        input=f"{DEMO_PASSWORD}\n",
        capture_output=True,
        text=True,
        env=child_env(settings_dir, pycache),
        timeout=600,
        cwd=tree,  # `-m riskmap` imports the package of the working directory
    )
    if proc.returncode != 0:
        raise SystemExit(f"start failed ({tree}): {proc.stderr.strip()[-800:]}")
    cpu = _children_cpu() - cpu0
    for line in proc.stdout.splitlines():
        if line.startswith("interactive at "):
            return float(line.split()[2]) - t0, cpu
    raise SystemExit(f"no timing line in output: {proc.stdout[-400:]}")


def _children_cpu() -> float:
    # CPU time moves less than wall-clock time when other tenants load the machine; it counts
    # the whole process (its exit too) and every thread.
    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    return use.ru_utime + use.ru_stime


def big_city() -> str:
    big = ROOT / "bench" / "out" / "synthetic-1000000-seed1.sqlite"
    if not big.exists():
        from riskmap.demo import build_synthetic

        print("building the 10^6-site city once (~30 s)…", flush=True)
        big.parent.mkdir(parents=True, exist_ok=True)
        build_synthetic(f"sqlite:///{big}", 1_000_000).dispose()
    if big.is_symlink():  # another checkout's (or everybody's) file: the bench writes to it
        raise SystemExit(f"{big} is a link to a shared file: copy it instead (cp -L)")
    # Someone to sign in as: the login name, an admin with the demo password.
    from riskmap.store.access import login_name
    from riskmap.store.engine import add_admin, open_store, set_demo_passwords

    store = open_store(f"sqlite:///{big}", upgrade=True)
    add_admin(store, login_name())
    set_demo_passwords(store)
    store.dispose()
    return f"sqlite:///{big}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--big", action="store_true", help="also the 10^6-site synthetic city")
    ap.add_argument("--demo", action=argparse.BooleanOptionalAction, default=True)
    ap.add_argument("--baseline", type=Path, default=None, metavar="DIR")
    ap.add_argument("--source", action="store_true", help="no bytecode cache (a dev checkout)")
    ap.add_argument("--platform", default=PLATFORM, help="Qt platform plugin (default offscreen)")
    args = ap.parse_args()
    globals()["PLATFORM"] = args.platform
    from riskmap.demo.install import init_db

    trees = [("this", ROOT)] + ([("baseline", args.baseline.resolve())] if args.baseline else [])
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        cases = []
        if args.demo:
            demo = f"sqlite:///{Path(tmp) / 'demo.sqlite'}"
            init_db(demo).dispose()
            cases.append(("demo city (4,206 sites)", demo, 1.0))
        if args.big:
            cases.append(("synthetic 10^6 sites", big_city(), 3.0))
        caches = {
            name: None if args.source else str(Path(tmp) / f"pycache-{name}") for name, _ in trees
        }
        for label, url, target in cases:
            runs: dict[str, list[tuple[float, float]]] = {name: [] for name, _ in trees}
            for name, tree in trees:  # warm the OS file cache and fill the bytecode cache
                one_start(url, tmp, tree, caches[name])
            for _ in range(args.runs):
                for name, tree in trees:
                    runs[name].append(one_start(url, tmp, tree, caches[name]))
            for name, _ in trees:
                rows.append((label, name, runs[name], target))
    mode = "source, no .pyc" if args.source else "bytecode cached"
    print(f"median of {args.runs} fresh processes each ({mode}, Qt platform {args.platform})")
    print(
        f"{'case':<28} {'code':<9} {'median s':>9} {'min':>7} {'max':>7} {'target':>8} {'CPU s':>7}"
    )
    medians: dict[tuple[str, str], tuple[float, float]] = {}
    for label, name, pairs, target in rows:
        times = [t for t, _ in pairs]
        med = statistics.median(times)
        cpu = statistics.median(c for _, c in pairs)
        medians[label, name] = (med, cpu)
        mark = "ok" if med <= target else "MISS"
        print(
            f"{label:<28} {name:<9} {med:>9.2f} {min(times):>7.2f} {max(times):>7.2f} "
            f"{'≤ ' + str(target):>8} {cpu:>7.2f} {mark}"
        )
    if args.baseline:
        for label in dict.fromkeys(r[0] for r in rows):
            (t, c), (bt, bc) = medians[label, "this"], medians[label, "baseline"]
            print(f"{label}: this / baseline = {t / bt:.2f} (start), {c / bc:.2f} (CPU)")


if __name__ == "__main__":
    main()
