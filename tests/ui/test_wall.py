"""The wall display on a writable demo city (offscreen, real SQLite): read-only whoever runs it,
its tiles equal to the ledger counted independently, a change made by another process on the
wall within the refresh interval, the sequence from the city to the counties, and the same
layout at 200 % scaling."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from offscreen_screens import offscreen_platform
from PySide6 import QtCore, QtGui

from riskmap.core.wall import CITY, week_start
from riskmap.core.workspace import Workspace
from riskmap.errors import PermissionDenied
from riskmap.store.engine import open_store
from riskmap.store.schema import Hazard
from riskmap.ui.app import open_wall, open_window
from riskmap.ui.wall.window import TICKER_MAX

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise|grabbing)"),
]

# Every action the wall has: moving through it and leaving it. Nothing else may appear.
WALL_ACTIONS = {
    "act_wall_fullscreen",
    "act_wall_leave_fullscreen",
    "act_wall_next",
    "act_wall_prev",
    "act_wall_pause",
    "act_wall_refresh",
    "act_wall_settings",
    "act_wall_quit",
}
EDIT_WORDS = (
    *("undo", "redo", "new", "edit", "delete", "draw", "import", "verify", "submit", "escalate"),
    *("order", "reject", "user", "撤销", "重做", "新建", "编辑", "删除"),
)


@pytest.fixture
def city(demo_copy: str):
    ws = Workspace.load(open_store(demo_copy))
    yield ws
    ws.store.dispose()


def _db(ws: Workspace) -> Path:
    return Path(ws.store.url.removeprefix("sqlite:///"))


def _wall(qtbot, ws: Workspace, tmp_path: Path, today: dt.date, **kw):
    settings = QtCore.QSettings(str(tmp_path / "s.ini"), QtCore.QSettings.Format.IniFormat)
    wall = open_wall(ws, settings, "zh", today=today, **kw)
    qtbot.addWidget(wall)
    wall.resize(1600, 900)
    wall.show()
    qtbot.waitExposed(wall)
    qtbot.waitUntil(lambda: wall.figures is not None, timeout=20000)
    return wall


def _sql_kpis(db: Path, day: dt.date, county: str | None = None) -> tuple[int, int, int, int]:
    """The four tiles counted straight from the tables, written differently from the wall's
    query (subqueries instead of an outer join and sums)."""
    where = ""
    args: dict[str, str] = {"d": day.isoformat(), "mon": week_start(day).isoformat()}
    if county:
        where = (" AND h.site_id IN (SELECT s.id FROM sites s JOIN districts t"
                 " ON t.code = s.district_code WHERE t.parent_code = :county)")  # fmt: skip
        args["county"] = county
    verified = "SELECT 1 FROM rectifications r WHERE r.hazard_id = h.id AND r.status = 'verified'"
    con = sqlite3.connect(db)
    try:

        def one(sql: str) -> int:
            return int(con.execute(sql + where, args).fetchone()[0])

        open_ = one(f"SELECT COUNT(*) FROM hazards h WHERE h.found_on <= :d AND NOT EXISTS "
                    f"({verified})")  # fmt: skip
        major = one(f"SELECT COUNT(*) FROM hazards h WHERE h.level = 'major' AND h.found_on <= :d"
                    f" AND NOT EXISTS ({verified})")  # fmt: skip
        rect = "SELECT COUNT(*) FROM rectifications r JOIN hazards h ON h.id = r.hazard_id WHERE"
        overdue = one(f"{rect} r.status != 'verified' AND r.deadline < :d AND h.found_on <= :d")
        closed = one(f"{rect} r.status = 'verified' AND r.verified_on BETWEEN :mon AND :d")
    finally:
        con.close()
    return open_, major, overdue, closed


def _tiles(wall) -> tuple[int | None, ...]:
    return tuple(wall.tiles[t].number() for t in ("open", "major", "overdue", "closed"))


def test_the_wall_has_no_editing_action_and_cannot_write(
    qtbot, city, tmp_path: Path, demo_anchor: dt.date
) -> None:
    # Opened from the window of an admin: the wall is still a viewer.
    settings = QtCore.QSettings(str(tmp_path / "w.ini"), QtCore.QSettings.Format.IniFormat)
    win = open_window(city, settings, "zh", user="admin", today=demo_anchor)
    qtbot.addWidget(win)
    assert win.ledger.actor.role == "admin"
    win.wall_ui.act_wall.trigger()
    wall = win.wall_ui.wall
    assert wall is not None and wall.isFullScreen()
    qtbot.waitUntil(lambda: wall.figures is not None, timeout=20000)

    actions = {*wall.actions(), *wall.findChildren(QtGui.QAction)}
    assert {a.objectName() for a in actions} == WALL_ACTIONS
    for a in actions:
        text = a.text().lower()
        assert not any(w in text for w in EDIT_WORDS), a.text()
    # No menu bar, no selection or drawing tool: a click on the map only names the site.
    assert wall.map.canvas.tool() == "identify" and not wall.map.canvas.tools.handlers
    assert not wall.findChildren(QtCore.QObject, "menu_edit")

    assert wall.actor.role == "viewer" and wall.actor.name
    site = int(city.sites.ids[0])
    with pytest.raises(PermissionDenied), wall.ledger.edit() as tx:
        tx.create_hazard(site, "major", "不应写入")
    # ... and the store's own guard refuses a write in the wall's name on any other path.
    with pytest.raises(PermissionDenied), city.store.begin(wall.actor) as s:
        s.add(Hazard(site_id=site, level="major", description="不应写入", found_on=demo_anchor))
    assert wall.act_leave.isEnabled()
    wall.act_leave.trigger()
    assert not wall.isFullScreen()
    wall.act_fullscreen.trigger()
    assert wall.isFullScreen()
    # The window's language switch reaches the wall: its interface and the names of the data.
    county = city.counties()[0]
    win.set_language("en")
    assert wall.lang == "en"
    names = {p.text for p in wall.map.canvas.labels.placed if p.key[0] == "d"}
    assert county.name_en in names and county.name not in names
    assert wall.header.scope.text() == "Whole city"
    win.close()  # the wall goes with the window that opened it
    qtbot.waitUntil(lambda: win.wall_ui.wall is None, timeout=5000)


def test_tiles_table_and_ticker_equal_independent_counts(
    qtbot, city, tmp_path: Path, demo_anchor: dt.date
) -> None:
    wall = _wall(qtbot, city, tmp_path, demo_anchor, interval_s=600)
    db = _db(city)
    assert wall.scope() == CITY
    assert _tiles(wall) == _sql_kpis(db, demo_anchor)
    assert all(v > 0 for v in _tiles(wall))  # the demo city has some of each
    con = sqlite3.connect(db)
    try:
        counties = con.execute(
            "SELECT code, name FROM districts WHERE level = 'county' ORDER BY code"
        ).fetchall()
        (n_late,) = con.execute(
            "SELECT COUNT(*) FROM hazards h JOIN rectifications r ON r.hazard_id = h.id "
            "WHERE h.level = 'major' AND r.status != 'verified' AND r.deadline < ?",
            (demo_anchor.isoformat(),),
        ).fetchone()
    finally:
        con.close()
    # the table: one row per county, each equal to the county counted alone
    assert wall.table.rowCount() == len(counties)
    for row, (code, name) in enumerate(counties):
        assert wall.table.cell_text(row, 0) == name
        cells = tuple(int(wall.table.cell_text(row, c).replace(",", "")) for c in range(1, 5))
        assert cells == _sql_kpis(db, demo_anchor, code), name
    assert n_late > TICKER_MAX  # the ticker names the most overdue, then says how many more
    items = wall.ticker.items()
    assert len(items) == TICKER_MAX + 1 and str(n_late - TICKER_MAX) in items[-1]
    # "53 days overdue" or "逾期 53 天": the number, in either language
    days = [int(re.search(r"\d+", t.split(" · ")[2]).group()) for t in items[:-1]]
    assert days == sorted(days, reverse=True)
    assert str(n_late) in wall.ticker_title.text()


def test_a_change_by_another_process_shows_at_the_next_refresh(
    qtbot, city, tmp_path: Path, demo_anchor: dt.date
) -> None:
    refresh_s = 2
    wall = _wall(qtbot, city, tmp_path, demo_anchor, interval_s=600, refresh_s=refresh_s)
    db = _db(city)
    before = _tiles(wall)
    assert before == _sql_kpis(db, demo_anchor)
    # Another process, as an editor: a new major hazard whose deadline passed three days ago,
    # and the verification of a rectification someone else submitted.
    script = textwrap.dedent(f"""
        import datetime as dt
        from sqlalchemy import select
        from riskmap.core.accounts import authenticate
        from riskmap.core.ledger import Ledger
        from riskmap.store.engine import open_store
        from riskmap.store.schema import Rectification, Site
        store = open_store({city.store.url!r})
        day = dt.date.fromisoformat({demo_anchor.isoformat()!r})
        ledger = Ledger(store, authenticate(store, "zhangwei", "riskmap"), today=day)
        with store.session() as s:
            site = s.scalar(select(Site.id).where(Site.layer == "chemical_plants").limit(1))
            rect = s.scalar(select(Rectification.id).where(
                Rectification.status == "submitted", Rectification.submitted_by != "zhangwei"
            ).order_by(Rectification.id).limit(1))
        with ledger.edit() as tx:
            hid = tx.create_hazard(site, "major", "储罐区可燃气体报警器失效（测试）",
                                   found_on=day - dt.timedelta(days=10))
            tx.set_rectification(hid, "更换报警器", day - dt.timedelta(days=3))
            tx.transition(rect, "verify", note="现场复核合格")
        store.dispose()
        print(site, hid)
    """)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                         timeout=120, check=True)  # fmt: skip
    after = _sql_kpis(db, demo_anchor)
    assert after != before and after[1] == before[1] + 1 and after[3] == before[3] + 1
    # A SQLite file sends no notification: the wall's refresh timer finds the change.
    poll = wall.live.watcher.poll
    assert poll.isActive() and poll.interval() == refresh_s * 1000 // 2  # twice per interval
    qtbot.waitUntil(lambda: _tiles(wall) == after, timeout=30000)
    site, hid = map(int, out.stdout.split())
    assert [(m.site_id, m.days_overdue) for m in wall.figures.ticker() if m.hazard_id == hid] == [
        (site, 3)
    ]
    assert str(len(wall.figures.ticker())) in wall.ticker_title.text()
    # marked on the map as an overdue major hazard (its counts and marks read again)
    qtbot.waitUntil(lambda: site in wall.map.majors_shown()[1], timeout=10000)
    assert wall.tiles["major"].property("changed") is True  # the tile says it changed


def test_the_sequence_moves_from_the_city_to_the_first_county(
    qtbot, city, tmp_path: Path, demo_anchor: dt.date
) -> None:
    wall = _wall(qtbot, city, tmp_path, demo_anchor, interval_s=1)
    first = sorted(d.code for d in city.counties())[0]
    assert wall.scope() == CITY and wall.step_timer.interval() == 1000
    # the city again, for a whole interval from now (a reset, not what is timed: generous)
    with qtbot.waitSignal(wall.sigStepChanged, timeout=15000):
        wall.go_to(0, animate=False)
    city_view = wall.map.canvas.view_rect()
    # not before its interval: the step is the step timer's, started afresh by the reset
    assert wall.scope() == CITY and wall.step_timer.isActive()
    # the step after a second, then the flight (1.4 s) and the frame drawn there (the waits
    # only end a failure)
    with qtbot.waitSignal(wall.sigStepChanged, timeout=20000) as blocker:
        qtbot.waitUntil(wall.map.flying, timeout=10000)
        wall.set_paused(True)  # stay on the county while it is checked
        # on the way, the titles still name the city the map is leaving
        assert wall.scope() == first and wall.header.scope.text() == wall.scope_name(CITY)
    assert blocker.args == [first] and wall.scope() == first
    # arrived: the county's name and the county's map, drawn, together
    assert not wall.map.flying() and wall.map.canvas.rendering_idle()
    x0, y0, x1, y1 = city.district(first).geom.bounds
    assert wall.map.canvas.view_rect().contains(QtCore.QRectF(x0, y0, x1 - x0, y1 - y0))
    assert _tiles(wall) == _sql_kpis(_db(city), demo_anchor, first)
    rec = city.district(first)
    assert wall.header.scope.text() == rec.name
    towns = [d.name for d in city.districts if d.parent_code == first]
    assert [wall.table.cell_text(r, 0) for r in range(wall.table.rowCount())] == towns
    late = wall.figures.ticker(first)
    assert len(wall.ticker.items()) == max(1, len(late))
    qtbot.waitUntil(lambda: not wall.map.flying(), timeout=5000)
    view = wall.map.canvas.view_rect()
    x0, y0, x1, y1 = rec.geom.bounds
    assert view.contains(QtCore.QRectF(x0, y0, x1 - x0, y1 - y0))
    assert view.width() < city_view.width()  # flown in
    wall.act_prev.trigger()
    assert wall.scope() == CITY


def test_new_sites_from_another_process_reload_the_map(
    qtbot, city, tmp_path: Path, demo_anchor: dt.date
) -> None:
    wall = _wall(qtbot, city, tmp_path, demo_anchor, interval_s=600, refresh_s=1)
    n = len(wall.ws.sites)
    script = textwrap.dedent(f"""
        import shapely
        from riskmap.store.access import SYSTEM
        from riskmap.store.engine import open_store
        from riskmap.store.schema import Site
        from sqlalchemy import select
        store = open_store({city.store.url!r})
        with store.begin(SYSTEM) as s:
            old = s.scalar(select(Site).where(Site.layer == "dense_venues").limit(1))
            p = shapely.get_coordinates(old.geom)[0]
            s.add(Site(layer="dense_venues", name="新建学校（测试）",
                       district_code=old.district_code, geom=shapely.Point(p[0] + 50, p[1] + 50),
                       lon=old.lon, lat=old.lat, attrs={{"kind": "school"}}))
        store.dispose()
    """)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    subprocess.run([sys.executable, "-c", script], env=env, timeout=120, check=True)
    qtbot.waitUntil(lambda: len(wall.ws.sites) == n + 1, timeout=15000)
    assert wall.map.ws is wall.ws and len(wall.map.canvas.ws.sites) == n + 1


_SCALED = """
import datetime as dt, json, sys, time
from PySide6 import QtCore, QtGui, QtWidgets
from riskmap.core.workspace import Workspace
from riskmap.store.engine import open_store
from riskmap.ui.app import create_app, open_wall
app = create_app()
ws = Workspace.load(open_store(sys.argv[1]))
settings = QtCore.QSettings(sys.argv[2], QtCore.QSettings.Format.IniFormat)
wall = open_wall(ws, settings, "zh", today=dt.date.fromisoformat(sys.argv[3]))
wall.show_on_wall(app.primaryScreen())
end = time.monotonic() + 20
while (wall.figures is None or not wall.map.canvas.rendering_idle()) and time.monotonic() < end:
    app.processEvents()
wall.restyle_now()
for _ in range(50):
    app.processEvents()
pm = wall.grab()
tile = wall.tiles["open"]
bar_px, bar_text_px = wall.map.canvas.scale_bar_px()
label = wall.map.legend.findChildren(QtWidgets.QLabel)[-1]  # an entry's text
print(json.dumps({
    "window": [wall.width(), wall.height()],
    "grab": [pm.width(), pm.height()], "dpr": pm.devicePixelRatio(),
    "kpi_px": tile.value.font().pixelSize(), "body_px": wall.table.font().pixelSize(),
    "tile": [tile.x(), tile.y(), tile.width(), tile.height()],
    "map": [wall.map.width(), wall.map.height()],
    "ticker": wall.ticker_bar.height(),
    "legend_px": QtGui.QFontInfo(label.font()).pixelSize(),
    "scale_bar": [round(bar_px), bar_text_px],
}))
wall.close()
"""


def _scaled_run(demo_url: str, tmp_path: Path, day: dt.date, factor: str, size: str) -> dict:
    """The wall full screen on one offscreen screen of `size` device pixels at `factor`."""
    w, h = (int(v) for v in size.split("x"))
    env = {**os.environ, "QT_SCALE_FACTOR": factor,
           "QT_QPA_PLATFORM": offscreen_platform(tmp_path, w, h),
           "PYTHONPATH": str(Path(__file__).resolve().parents[2])}  # fmt: skip
    ini = tmp_path / f"s{factor}_{size}.ini"
    args = [sys.executable, "-c", _SCALED, demo_url, str(ini), day.isoformat()]
    res = subprocess.run(args, env=env, capture_output=True, text=True, timeout=180, check=True)
    assert "Warning" not in res.stderr, res.stderr
    return json.loads(res.stdout.strip().splitlines()[-1])


def test_the_same_wall_at_4k_and_at_200_percent(demo_url: str, tmp_path: Path, demo_anchor):
    hd = _scaled_run(demo_url, tmp_path, demo_anchor, "1", "1920x1080")
    uhd = _scaled_run(demo_url, tmp_path, demo_anchor, "1", "3840x2160")
    hd2 = _scaled_run(demo_url, tmp_path, demo_anchor, "2", "3840x2160")
    # 200 %: the same logical layout, every pixel doubled
    assert hd2["window"] == hd["window"] == [1920, 1080]
    assert hd2["grab"] == [3840, 2160] and hd2["dpr"] == 2.0
    for key in ("kpi_px", "body_px", "tile", "map", "ticker", "legend_px"):
        assert hd2[key] == hd[key], key
    # the bar's length follows the fitted scale, a float: rounded, it may differ by a pixel
    assert abs(hd2["scale_bar"][0] - hd["scale_bar"][0]) <= 1
    assert hd2["scale_bar"][1] == hd["scale_bar"][1]
    # 4K at 100 %: the same proportions, twice the pixels (text scales with the screen)
    assert uhd["window"] == [3840, 2160] and uhd["grab"] == [3840, 2160]
    for key in ("kpi_px", "body_px", "legend_px"):
        assert abs(uhd[key] - 2 * hd[key]) <= 1, key
    assert abs(uhd["scale_bar"][1] - 2 * hd["scale_bar"][1]) <= 1
    assert abs(uhd["tile"][3] - 2 * hd["tile"][3]) <= 0.03 * uhd["tile"][3]
    assert abs(uhd["map"][1] - 2 * hd["map"][1]) <= 0.03 * uhd["map"][1]
    # from 5 m on a wall 1080 px high: figures, table, legend and scale bar
    assert hd["kpi_px"] >= 100 and hd["body_px"] >= 28
    assert hd["legend_px"] >= 20 and hd["scale_bar"][1] >= 20
    # the scale bar grows with its text: about a tenth of the map's width, not 160 desktop px
    assert hd["scale_bar"][0] >= 0.08 * hd["map"][0] / 2


def test_run_opens_the_wall_full_screen(demo_url: str, tmp_path: Path) -> None:
    """`riskmap --wall` is run(store, wall=True): the city loads, the wall shows, it quits."""
    script = textwrap.dedent(f"""
        from PySide6 import QtCore, QtWidgets
        from riskmap.store.engine import open_store
        from riskmap.ui.app import create_app, run

        def look():
            for w in QtWidgets.QApplication.topLevelWidgets():
                if w.isVisible() and w.objectName() == "wall":
                    print("wall", w.isFullScreen(), w.step_timer.interval(), w.actor.role)

        create_app()
        QtCore.QTimer.singleShot(1200, look)
        code = run(open_store({demo_url!r}), lang="zh", quit_after_ms=1500, wall=True,
                   wall_interval=7)
        print("exit", code)
    """)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path),
           "PYTHONPATH": str(Path(__file__).resolve().parents[2])}  # fmt: skip
    res = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                         timeout=120, check=True)  # fmt: skip
    assert "wall True 7000 viewer" in res.stdout, res.stdout + res.stderr
    assert "interactive at" in res.stdout and "exit 0" in res.stdout
    assert "Traceback" not in res.stderr


def test_settings_change_the_display_only_and_are_remembered(
    qtbot, city, tmp_path: Path, demo_anchor: dt.date
) -> None:
    wall = _wall(qtbot, city, tmp_path, demo_anchor, interval_s=30)
    wall.restyle_now()  # the sizes for its height now, not after the resize debounce
    body = wall.table.font().pixelSize()
    wall.act_settings.trigger()
    bar = wall.settings_bar
    assert bar.isVisible() and wall.act_settings.isChecked()
    bar.interval.setValue(45)
    bar.refresh.setValue(3)
    bar.text.setValue(150)
    bar.preset.setCurrentIndex(bar.preset.findData("flood_season"))
    assert wall.step_timer.interval() == 45000
    assert wall.live.watcher.poll.interval() == 1500  # twice within the refresh interval
    assert abs(wall.table.font().pixelSize() - 1.5 * body) <= 1
    assert wall.preset.key == "flood_season"
    keys = {s.key for s in wall.preset.layers(city.catalog)}
    assert set(wall.map.canvas.visible_layers()) == keys
    assert "主汛期" in wall.header.preset.text()
    wall.close()
    again = QtCore.QSettings(str(tmp_path / "s.ini"), QtCore.QSettings.Format.IniFormat)
    saved = [str(again.value(f"wall/{k}")) for k in ("interval", "refresh", "preset", "text_scale")]
    assert saved == ["45", "3", "flood_season", "150"]
