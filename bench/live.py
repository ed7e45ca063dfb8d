"""Live refresh on PostgreSQL: from another process's commit to what each seat shows
(SPEC: another seat's edit appears within 1 s; docs/performance.md).

Run with `.venv/bin/python bench/live.py [--runs 20] [--server URL]`. Prints a table; never
asserts. `--server` is a PostgreSQL + PostGIS maintenance database (default $RISKMAP_TEST_PG);
without one a throwaway cluster is started (tools/pg_throwaway.sh) and stopped at the end. The
demo city is written into a new database there (`riskmap.demo.install.init_db`), dropped after.

One editor process (tests/pg_editor.py, the live-refresh tests' own) raises an open general
hazard to major and lowers it again, `--runs` commits per row, and prints its clock right after
each commit; the figures are (time the seat shows it − that time), ms:

- listener: `ChangeListener.wait` returns (riskmap.store.watch). Peer in the same commits: a
  plain psycopg2 connection in `LISTEN riskmap_changes` on a thread — the floor;
- wall: `DbWatcher.sigChanged`, then `sigRefreshed` with the major tile showing the change
  (`open_wall`, offscreen; its refresh interval set to 60 s so nothing arrives by a poll). Peer:
  the same wall with notifications unavailable, re-reading every refresh interval (the wall's
  default, 5 s): what the notification replaces, and the wall's fallback today;
- main window: `db_watcher.sigChanged`, then `sigDossierReady` with the region's dossier and the
  site detail showing the new level;
- cached seat: another connection moves a site, until this seat's region answer holds it at
  its new place (`bench/query.py`'s `commit_to_answer`, the same figure its PostGIS run prints).

The editor's clock is read after its commit call returns, so the server's notification can
come a hair before it: a listener figure slightly below zero is that, not an error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import queue
import random
import select
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import psycopg2
from sqlalchemy import create_engine
from sqlalchemy import select as sql_select
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pg_editor import commit_now, committed_at, editor_process  # noqa: E402
from query import _fmt, commit_to_answer, stats  # noqa: E402

from riskmap.core.figures import found_sql, open_sql  # noqa: E402
from riskmap.core.workspace import Workspace  # noqa: E402
from riskmap.errors import StoreError  # noqa: E402
from riskmap.store.engine import Store, display_url, open_store  # noqa: E402
from riskmap.store.migrate import NOTIFY_CHANNEL  # noqa: E402
from riskmap.store.schema import Hazard, Rectification  # noqa: E402
from riskmap.store.watch import ChangeListener  # noqa: E402

TARGET_MS = 1000.0  # SPEC: another seat's edit appears within 1 s
LEVELS = ("major", "general")  # the editor's commits alternate: each one changes what shows
WAIT_S = 15.0  # the longest to wait for one commit to show before the bench gives up


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=20, help="commits per figure (>= 20; default 20)")
    ap.add_argument("--server", help="PostgreSQL maintenance database URL (else $RISKMAP_TEST_PG)")
    args = ap.parse_args(argv)
    runs = args.runs
    if runs < 20:
        print(f"--runs {runs} is below 20: medians and p90 of so few commits are noise; using 20")
        runs = 20
    # the seats' snapshots and settings go to a folder of this run, not the user's
    scratch = tempfile.TemporaryDirectory(prefix="riskmap-live-")
    for var in ("RISKMAP_CACHE_DIR", "RISKMAP_DATA_DIR"):
        os.environ[var] = str(Path(scratch.name) / var.lower())
    print(f"riskmap bench/live.py — {os.cpu_count()} cores, {runs} commits per figure")
    with (
        postgres(args.server or os.environ.get("RISKMAP_TEST_PG")) as server,
        demo_city(server) as url,
    ):
        day = dt.date.today()
        hid, site = open_general_hazard(url, day)
        print(f"demo city in {display_url(url)}; the editor toggles hazard {hid} at site {site}")
        phases: list[Callable[[], list[tuple]]] = [
            lambda: listener_rows(url, day, hid, runs),
            lambda: wall_rows(url, day, hid, runs, scratch.name),
            lambda: window_rows(url, day, hid, site, runs, scratch.name),
            lambda: [seat_row(url, runs)],
        ]
        rows = []
        for phase in phases:
            for row in phase():
                rows.append(row)
                print(f"  {row[0]}: median {_fmt(stats(row[1])[0])} ms", flush=True)
    print_table(rows, runs)
    scratch.cleanup()
    return 0


# ------------------------------------------------------------------------------ the database


@contextmanager
def postgres(server: str | None) -> Iterator[str]:
    """The given server, else a throwaway cluster for the run."""
    if server:
        yield server
        return
    script = ROOT / "tools" / "pg_throwaway.sh"
    out = subprocess.run([str(script), "start"], check=True, capture_output=True, text=True)
    env = dict(
        line.removeprefix("export ").replace("'", "").split("=", 1)
        for line in out.stdout.splitlines()
    )
    print(f"a throwaway PostgreSQL cluster in {env['RISKMAP_TEST_PG_DIR']}")
    try:
        yield env["RISKMAP_TEST_PG"]
    finally:
        subprocess.run([str(script), "stop", env["RISKMAP_TEST_PG_DIR"]], check=False)


@contextmanager
def demo_city(server: str) -> Iterator[str]:
    """A new database on `server` holding the demo city (anchored today), dropped after."""
    from riskmap.demo.install import init_db

    name = f"live_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    try:
        init_db(url, admin="admin").dispose()
        yield url
    finally:
        with admin.connect() as c:
            c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def open_general_hazard(url: str, day: dt.date) -> tuple[int, int]:
    """(hazard id, site id) of the first general hazard open on `day`."""
    store = open_store(url)
    try:
        with store.session() as s:
            row = s.execute(
                sql_select(Hazard.id, Hazard.site_id)
                .outerjoin(Rectification, Rectification.hazard_id == Hazard.id)
                .where(Hazard.level == "general", found_sql(day), open_sql())
                .order_by(Hazard.id)
                .limit(1)
            ).one()
    finally:
        store.dispose()
    return int(row[0]), int(row[1])


# ------------------------------------------------------------------------------ timing


def _gap(spread_s: float = 0.5) -> None:
    # Commits at irregular moments, never inside the previous one's debounce or re-read; against
    # a poll, spread over its whole interval so a commit falls anywhere between two polls.
    time.sleep(0.3 + random.uniform(0.0, spread_s))


def listener_rows(url: str, day: dt.date, hid: int, runs: int) -> list[tuple]:
    store = open_store(url)
    mine, floor = [], []
    arrived: queue.Queue[float] = queue.Queue()
    stop = threading.Event()
    raw = _raw_listener(store)

    def hear_raw() -> None:
        while not stop.is_set():
            if select.select([raw], [], [], 0.2)[0]:
                raw.poll()
                if raw.notifies:
                    arrived.put(time.time())
                    raw.notifies.clear()

    thread = threading.Thread(target=hear_raw, daemon=True)
    thread.start()
    try:
        with ChangeListener(store) as lis, editor_process(url, day, hid) as proc:
            lis.poll()
            for i in range(runs):
                commit_now(proc, LEVELS[i % 2])
                got = lis.wait(WAIT_S)
                heard = time.time()
                t0 = committed_at(proc)
                assert "hazards" in got, got
                mine.append((heard - t0) * 1e3)
                floor.append((arrived.get(timeout=WAIT_S) - t0) * 1e3)
                _gap()
                lis.poll()  # the rest of the commit's tables
                while not arrived.empty():
                    arrived.get_nowait()
    finally:
        stop.set()
        thread.join()
        raw.close()
        store.dispose()
    return [("listener hears it (ChangeListener.wait)", mine, "plain psycopg2 LISTEN", floor)]


def _raw_listener(store: Store) -> Any:
    cargs, cparams = store.engine.dialect.create_connect_args(store.engine.url)
    conn = psycopg2.connect(*cargs, **cparams)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f"LISTEN {NOTIFY_CHANNEL}")
    return conn


def _wait_until(cond: Callable[[], bool], timeout_s: float) -> bool:
    """Run the Qt event loop until `cond()` holds (checked every 5 ms) or the time is up."""
    from PySide6 import QtCore

    deadline = time.monotonic() + timeout_s
    loop = QtCore.QEventLoop()
    timer = QtCore.QTimer(interval=5)
    timer.timeout.connect(lambda: (cond() or time.monotonic() > deadline) and loop.quit())
    timer.start()
    if not cond():
        loop.exec()
    timer.stop()
    return cond()


def _settings(scratch: str) -> Any:
    from PySide6 import QtCore

    path = Path(scratch) / f"{uuid.uuid4().hex[:8]}.ini"
    return QtCore.QSettings(str(path), QtCore.QSettings.Format.IniFormat)


def wall_rows(url: str, day: dt.date, hid: int, runs: int, scratch: str) -> list[tuple]:
    from riskmap.ui.wall.settings import WallOptions

    heard, shown = _wall(url, day, hid, runs, scratch, refresh_s=60, notify=True)
    poll_s = WallOptions.refresh_s
    _, polled = _wall(url, day, hid, runs, scratch, refresh_s=poll_s, notify=False)
    return [
        ("wall: watcher hears it (sigChanged)", heard, None, None),
        ("wall: tiles show it (sigRefreshed)", shown, f"wall polling every {poll_s} s", polled),
    ]


def _wall(
    url: str, day: dt.date, hid: int, runs: int, scratch: str, *, refresh_s: int, notify: bool
) -> tuple[list[float], list[float]]:
    """(commit → sigChanged, commit → the major tile showing it), ms, one wall."""
    import riskmap.ui.wall.watch as watch
    from riskmap.ui.app import open_wall

    # Without notifications the watcher falls back to re-reading every refresh interval (what
    # it does while the server cannot be listened to).
    quiet = mock.patch.object(watch, "listener_for", _cannot_listen)
    ws = Workspace.load(open_store(url))
    with quiet if not notify else _nothing():
        wall = open_wall(
            ws, _settings(scratch), "zh", today=day, interval_s=600, refresh_s=refresh_s
        )
        wall.resize(1600, 900)
        wall.show()
        _wait_until(lambda: wall.figures is not None and not wall.live.busy(), 60)
        assert wall.live.watcher.listening() == notify
        changed: list[float] = []
        shown: list[tuple[float, int | None]] = []
        _first(wall.live.watcher.sigChanged, wall.live.refresh, lambda: changed.append(time.time()))
        wall.sigRefreshed.connect(
            lambda _f: shown.append((time.time(), wall.tiles["major"].number()))
        )
        base = wall.tiles["major"].number()
        assert base is not None
        heard, on_screen = [], []
        try:
            with editor_process(url, day, hid) as proc:
                for i in range(runs):
                    want = base + 1 if LEVELS[i % 2] == "major" else base
                    n_changed, n_shown = len(changed), len(shown)
                    commit_now(proc, LEVELS[i % 2])
                    ok = _wait_until(
                        lambda s=n_shown, w=want: _showing(shown, s, w) is not None, WAIT_S
                    )
                    t0 = committed_at(proc)
                    assert ok, f"the wall did not show commit {i} within {WAIT_S} s"
                    on_screen.append((_showing(shown, n_shown, want) - t0) * 1e3)
                    if notify:
                        heard.append((changed[n_changed] - t0) * 1e3)
                    _wait_until(lambda: not wall.live.busy(), WAIT_S)
                    _gap(0.5 if notify else refresh_s)
        finally:
            wall.close()
            ws.store.dispose()
    return heard, on_screen


def _first(signal: Any, existing: Callable[[], None], record: Callable[[], None]) -> None:
    """Connect `record` ahead of `existing`: Qt calls slots in connection order, and the emit's
    own time is wanted, not the time after the window's synchronous refresh work."""
    signal.disconnect(existing)
    signal.connect(record)
    signal.connect(existing)


def _cannot_listen(store: Store, **_kw: Any) -> None:
    raise StoreError.of(
        "store.cannot_listen", url=display_url(store.url), detail="bench/live.py: the poll peer"
    )


def _showing(series: list[tuple[float, int | None]], start: int, want: int) -> float | None:
    """When the first of `series[start:]` showing `want` came (None: none yet)."""
    return next((t for t, n in series[start:] if n == want), None)


@contextmanager
def _nothing() -> Iterator[None]:
    yield


def window_rows(
    url: str, day: dt.date, hid: int, site: int, runs: int, scratch: str
) -> list[tuple]:
    from riskmap.core.region import Region
    from riskmap.ui.app import open_window

    ws = Workspace.load(open_store(url))
    win = open_window(ws, _settings(scratch), "en", user="zhangwei", today=day)
    win.resize(1600, 1000)
    win.show()
    watcher = win.db_watcher
    assert watcher is not None and watcher.listening()
    win.show_site(site, fly=False)
    x, y = ws.geometries([site])[site].representative_point().coords[0]
    ready: list[tuple[float, int | None]] = []
    changed: list[float] = []

    def dossier_ready(_d: Any) -> None:
        counts = win.dossier_panel.counts()
        ready.append((time.time(), None if counts is None else counts.major_open))

    win.sigDossierReady.connect(dossier_ready)
    _first(watcher.sigChanged, win._other_seat_changed, lambda: changed.append(time.time()))
    win.set_region(Region.from_circle(x, y, 2000, crs=ws.crs))
    _wait_until(lambda: bool(ready), 60)
    base = ready[-1][1]
    assert base is not None
    heard, shown = [], []
    try:
        with editor_process(url, day, hid) as proc:
            for i in range(runs):
                level = LEVELS[i % 2]
                want = base + 1 if level == "major" else base
                n_changed, n_ready = len(changed), len(ready)

                def follows(n_ready: int = n_ready, want: int = want, level: str = level) -> bool:
                    card = win.detail_panel.card(hid)
                    done = _showing(ready, n_ready, want) is not None
                    return done and card is not None and card.hazard.level == level

                commit_now(proc, level)
                ok = _wait_until(follows, WAIT_S)
                t0 = committed_at(proc)
                assert ok, f"the window did not follow commit {i} within {WAIT_S} s"
                shown.append((_showing(ready, n_ready, want) - t0) * 1e3)
                heard.append((changed[n_changed] - t0) * 1e3)
                _gap()
    finally:
        win.close()
        ws.store.dispose()
    return [
        ("main window: watcher hears it", heard, None, None),
        ("main window: dossier + detail follow", shown, None, None),
    ]


def seat_row(url: str, runs: int) -> tuple:
    """bench/query.py's commit → answer, on the demo city's cached seat."""
    ws = Workspace.load(open_store(url))
    try:
        assert ws.seat is not None
        lat = commit_to_answer(url, ws, ws.sites.ids, runs)
    finally:
        ws.store.dispose()
    return ("cached seat: region answer holds it (query.py)", lat, None, None)


# ------------------------------------------------------------------------------ report


def print_table(rows: list[tuple], runs: int) -> None:
    head = (
        "commit in another process →",
        "ms (p90)",
        "peer, same run",
        "peer ms (p90)",
        "ratio",
        "target",
    )
    lines = [head]
    for label, ms, peer, peer_ms in rows:
        med, p90 = stats(ms)
        cells = [label, f"{_fmt(med)} ({_fmt(p90)})", peer or "", "", "", ""]
        if peer_ms:
            pmed, pp90 = stats(peer_ms)
            cells[3] = f"{_fmt(pmed)} ({_fmt(pp90)})"
            cells[4] = f"{med / pmed:.2f}" if pmed > 0 else ""
        cells[5] = f"≤ {TARGET_MS:,.0f} {'PASS' if med <= TARGET_MS else 'FAIL'}"
        lines.append(tuple(cells))
    widths = [max(len(r[i]) for r in lines) for i in range(len(head))]
    print()
    for j, row in enumerate(lines):
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        if j == 0:
            print("  ".join("-" * w for w in widths))
    print(
        f"medians (p90) of {runs} commits each, ms; ratio = riskmap / the peer measured on the "
        "same commits (listener) or beside them (wall). The cached seat's commits come from "
        "another connection of this process (bench/query.py), the others from one editor process."
    )


if __name__ == "__main__":
    raise SystemExit(main())
