"""Live refresh on PostgreSQL + PostGIS (offscreen, a real server, a writable demo city): another
process commits a hazard change, and the wall display's watcher hears it from the server (not by
polling: the poll interval is far beyond every wait here) and its tiles show it, and the main
window's site detail and dossier follow; with nothing committed nothing is re-read, and the
window's own edit is not refreshed twice. How fast is measured by bench/live.py, not here."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pg_editor import commit_now, committed_at, editor_process
from PySide6 import QtCore
from sqlalchemy import exists, select

from riskmap.core.region import Region
from riskmap.core.workspace import Workspace
from riskmap.store.engine import open_store
from riskmap.store.schema import Hazard, Rectification
from riskmap.ui.app import open_wall, open_window

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise|grabbing)"),
]


@pytest.fixture
def pg_city(demo_pg_copy: str):
    ws = Workspace.load(open_store(demo_pg_copy))
    yield ws
    ws.store.dispose()


def _open_general_hazard(ws: Workspace, day: dt.date) -> tuple[int, int]:
    """(hazard id, site id) of a general hazard that counts as open on `day`."""
    verified = exists().where(
        Rectification.hazard_id == Hazard.id, Rectification.status == "verified"
    )
    with ws.store.session() as s:
        row = s.execute(
            select(Hazard.id, Hazard.site_id)
            .where(Hazard.level == "general", Hazard.found_on <= day, ~verified)
            .order_by(Hazard.id)
            .limit(1)
        ).one()
    return int(row[0]), int(row[1])


def test_the_wall_hears_another_process_by_notification(
    qtbot, pg_city: Workspace, tmp_path: Path, demo_anchor: dt.date
) -> None:
    settings = QtCore.QSettings(str(tmp_path / "s.ini"), QtCore.QSettings.Format.IniFormat)
    # A refresh interval of a minute: whatever shows sooner came by notification, not a poll.
    wall = open_wall(pg_city, settings, "zh", today=demo_anchor, interval_s=600, refresh_s=60)
    qtbot.addWidget(wall)
    wall.resize(1600, 900)
    wall.show()
    qtbot.waitExposed(wall)
    qtbot.waitUntil(lambda: wall.figures is not None and not wall.live.busy(), timeout=20000)
    watcher = wall.live.watcher
    assert watcher.listening() and watcher.notifier is not None
    assert not watcher.poll.isActive()  # no polling while the server tells
    changed: list[float] = []
    shown: list[float] = []
    watcher.sigChanged.connect(lambda: changed.append(time.time()))
    wall.sigRefreshed.connect(lambda _fig: shown.append(time.time()))
    hid, _site = _open_general_hazard(pg_city, demo_anchor)
    major = wall.tiles["major"].number()
    assert major is not None
    reads = wall.live.reads

    with editor_process(pg_city.store.url, demo_anchor, hid, "major") as proc:
        qtbot.wait(1200)  # the editor opened the database and read: nothing to re-read
        assert changed == [] and shown == [] and wall.live.reads == reads
        with qtbot.waitSignal(wall.sigRefreshed, timeout=20000):  # the poll: 60 s
            commit_now(proc)
        t0 = committed_at(proc)

    heard, on_screen = changed[0] - t0, shown[0] - t0
    print(f"\nwall: commit → sigChanged {heard * 1000:.0f} ms, → tiles {on_screen * 1000:.0f} ms")
    assert len(changed) == 1 and "hazards" in watcher.tables
    assert changed[0] <= shown[0]  # heard first, then shown: the notification drove the refresh
    assert wall.tiles["major"].number() == major + 1
    assert wall.tiles["major"].property("changed") is True
    qtbot.wait(1000)  # and then quiet again
    assert len(changed) == 1 and wall.live.reads == reads + 1
    wall.close()
    assert watcher.listener is None and watcher.notifier is None  # the connection is closed


def test_the_main_window_follows_another_seat_and_not_itself(
    qtbot, pg_city: Workspace, tmp_path: Path, demo_anchor: dt.date
) -> None:
    settings = QtCore.QSettings(str(tmp_path / "s.ini"), QtCore.QSettings.Format.IniFormat)
    win = open_window(pg_city, settings, "en", user="zhangwei", today=demo_anchor)
    qtbot.addWidget(win)
    win.resize(1600, 1000)
    win.show()
    qtbot.waitExposed(win)
    watcher = win.db_watcher
    assert watcher is not None and watcher.listening()
    hid, site = _open_general_hazard(pg_city, demo_anchor)
    win.show_site(site, fly=False)
    assert win.detail_panel.card(hid).hazard.level == "general"
    x, y = pg_city.geometries([site])[site].representative_point().coords[0]
    with qtbot.waitSignal(win.sigDossierReady, timeout=20000):
        win.set_region(Region.from_circle(x, y, 2000, crs=pg_city.crs))
    counts = win.dossier_panel.counts()
    assert counts is not None
    major_before = counts.major_open
    changed: list[float] = []
    ready: list[float] = []
    watcher.sigChanged.connect(lambda: changed.append(time.time()))
    win.sigDossierReady.connect(lambda _d: ready.append(time.time()))

    # Another seat raises the hazard to major: the detail and the dossier follow by themselves.
    with editor_process(pg_city.store.url, demo_anchor, hid, "major") as proc:
        qtbot.wait(1000)
        assert changed == [] and ready == []
        with qtbot.waitSignal(win.sigDossierReady, timeout=20000):
            commit_now(proc)
        t0 = committed_at(proc)
    print(
        f"\nmain window: commit → sigChanged {(changed[0] - t0) * 1000:.0f} ms,"
        f" → dossier {(ready[0] - t0) * 1000:.0f} ms"
    )
    assert len(changed) == 1 and changed[0] <= ready[0]  # the notification drove the dossier
    assert win.detail_panel.card(hid).hazard.level == "major"
    counts = win.dossier_panel.counts()
    assert counts is not None and counts.major_open == major_before + 1

    # The window's own edit refreshes it once, through the ledger; the watcher leaves it out.
    with qtbot.waitSignal(win.sigDossierReady, timeout=20000):
        win.ledger.run("level", lambda tx: tx.update_hazard(hid, {"level": "general"}), [site])
    assert win.detail_panel.card(hid).hazard.level == "general"
    qtbot.wait(1000)
    assert len(changed) == 1 and len(ready) == 2
    assert watcher.listener is not None and watcher.listener.notifications >= 2  # it came
    win.close()
    assert watcher.listener is None


def test_the_watcher_listens_again_after_the_connection_dropped(
    qtbot, pg_city: Workspace, demo_anchor: dt.date
) -> None:
    from riskmap.core.ledger import Ledger
    from riskmap.store.access import Actor
    from riskmap.store.schema import WATCHED_TABLES
    from riskmap.ui.wall.watch import DbWatcher

    store = pg_city.store
    watcher = DbWatcher(store, 60000)
    try:
        assert watcher.listening() and watcher.listener is not None
        pid = watcher.listener.backend_pid()
        with qtbot.waitSignal(watcher.sigChanged, timeout=10000), store.engine.connect() as c:
            c.exec_driver_sql(f"SELECT pg_terminate_backend({pid})")
        # What was committed meanwhile went unheard: everything is reported, on a new socket.
        assert watcher.tables == set(WATCHED_TABLES)
        assert watcher.listening() and watcher.listener.connects == 2 and watcher.error == ""
        assert watcher.listener.backend_pid() != pid and watcher.notifier is not None
        hid, _site = _open_general_hazard(pg_city, demo_anchor)
        ledger = Ledger(store, Actor("lina", "editor", "李娜"), today=demo_anchor)
        with qtbot.waitSignal(watcher.sigChanged, timeout=10000), ledger.edit() as tx:
            tx.update_hazard(hid, {"level": "major"})
        assert watcher.tables == {"hazards"}
    finally:
        watcher.stop()
    assert watcher.listener is None


def test_without_a_server_to_listen_to_the_wall_rereads_every_interval(qtbot) -> None:
    from riskmap.store.engine import Store, make_engine
    from riskmap.ui.wall.watch import DbWatcher

    url = "postgresql+psycopg2://nobody@127.0.0.1:1/riskmap"  # nothing listens on port 1
    store = Store(url=url, engine=make_engine(url), meta={"crs": "EPSG:4544"})
    wall, window = DbWatcher(store, 300), DbWatcher(store, 300, fallback=False)
    try:
        for w in (wall, window):
            assert not w.listening() and "cannot listen for changes" in w.error
            assert w.poll.isActive()  # trying again every interval
        heard: list[str] = []
        window.sigChanged.connect(lambda: heard.append("window"))
        with qtbot.waitSignal(wall.sigChanged, timeout=2000):
            pass  # the wall re-reads (and shows the reader's error) …
        qtbot.wait(400)
        assert heard == []  # … the main window waits for the server to come back
    finally:
        wall.stop()
        window.stop()
        store.dispose()


def test_sites_another_seat_imports_appear_on_the_map(
    qtbot, pg_city: Workspace, tmp_path: Path, demo_anchor: dt.date
) -> None:
    """New sites from another process reload the map in the background, as after an import."""
    settings = QtCore.QSettings(str(tmp_path / "s.ini"), QtCore.QSettings.Format.IniFormat)
    win = open_window(pg_city, settings, "en", user="zhangwei", today=demo_anchor)
    qtbot.addWidget(win)
    win.resize(1600, 1000)
    win.show()
    qtbot.waitExposed(win)
    before = len(pg_city.sites.ids)
    csv = tmp_path / "三家.csv"
    csv.write_text("名称,经度,纬度\n甲,104.61,35.57\n乙,104.62,35.58\n丙,104.63,35.59\n", "utf-8")
    env = {**os.environ, "RISKMAP_USER": "admin"}
    with qtbot.waitSignal(win.import_ui.refresher.sigRefreshed, timeout=20000):
        proc = subprocess.run(
            [sys.executable, "-m", "riskmap", "import", str(csv), "--layer", "chemical_plants",
             "--db", pg_city.store.url],
            env=env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
    assert len(pg_city.sites.ids) == before + 3  # the window's workspace holds them
    drawn = win.canvas.data["chemical_plants"]  # what the map's layers draw from
    assert set(pg_city.sites.ids[-3:].tolist()) <= set(drawn.ids.tolist())
    win.close()
