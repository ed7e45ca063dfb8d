"""Every window and dialog on every screen: a 1366×768 laptop, a 4K display at 200 %, a kiosk X
server with no window manager (real Qt: offscreen screens of those sizes, and Xvfb)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from offscreen_screens import offscreen_platform
from PySide6 import QtCore, QtWidgets
from test_main_window import centre, drag

from riskmap.ui.app import open_window

ROOT = Path(__file__).resolve().parents[2]
PROBE = Path(__file__).with_name("screen_probe.py")

pytestmark = [
    # the offscreen plugin says so when a dialog is shown; not ours, a real display can
    pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)"),
]


def _probe(demo_url: str, tmp_path: Path, day, width: int, height: int, factor: str) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": offscreen_platform(tmp_path, width, height),
           "QT_SCALE_FACTOR": factor, "PYTHONPATH": str(ROOT),
           "XDG_CONFIG_HOME": str(tmp_path / "cfg")}  # fmt: skip
    args = [sys.executable, str(PROBE), demo_url, str(tmp_path / "s.ini"), day.isoformat()]
    res = subprocess.run(args, env=env, capture_output=True, text=True, timeout=240, check=True)
    assert "Traceback" not in res.stderr, res.stderr
    return json.loads(res.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("width", "height", "factor", "logical"),
    [(1366, 768, "1", (1366, 768)), (3840, 2160, "2", (1920, 1080))],
    ids=["laptop-1366x768", "4k-200pct"],
)
def test_every_window_and_dialog_fits_with_its_buttons(
    demo_url: str, tmp_path: Path, demo_anchor, width, height, factor, logical
) -> None:
    got = _probe(demo_url, tmp_path, demo_anchor, width, height, factor)
    windows = {k: v for k, v in got.items() if isinstance(v, dict) and "fits" in v}
    assert {"main", "briefing", "import", "districts", "database", "responsibility", "users",
            "switch_user", "hazard", "patrol", "export", "unit_picker", "district_picker",
            "wall_window"} <= set(windows)  # fmt: skip
    for name, w in windows.items():
        assert w["available"][2:] == list(logical), name
        assert w["fits"], (name, w)
        # the default button and Close/Cancel (and the dialog's own) can be clicked
        assert all(w["buttons"].values()), (name, w["buttons"])
    for name in ("briefing", "import", "districts", "hazard", "patrol", "database"):
        assert len(windows[name]["buttons"]) >= 2, name
    # every tool on one row of icons, the as-of date among them: no » overflow menu
    assert got["toolbar"] == {"overflow": False, "all_shown": True, "asof": True, "icons": True}
    # a selection brings the dossier to the front
    assert got["dossier"]["in_front"]
    if logical == (1920, 1080):
        assert got["dossier"]["rows"] >= 12
    # the map keeps half the height between the bars or more
    assert got["dossier"]["map"][1] >= 0.3 * logical[1]
    # the wall fills its screen; as a window, it fits it
    assert got["wall"]["geometry"] == got["wall"]["screen"] == [0, 0, *logical]


def test_a_circle_selection_brings_a_dozen_dossier_rows_to_the_front(
    qtbot, demo_ws, tmp_path
) -> None:
    settings = QtCore.QSettings(str(tmp_path / "s.ini"), QtCore.QSettings.Format.IniFormat)
    win = open_window(demo_ws, settings, "zh")
    qtbot.addWidget(win)
    win.setWindowState(QtCore.Qt.WindowState.WindowNoState)
    win.resize(1920, 1080)  # a 1080p desktop's window
    win.show()
    qtbot.waitExposed(win)
    win.reset_layout()
    win.patrol_ui.show_coverage()  # the patrol dock in front, as a planner leaves it
    qtbot.wait(50)
    assert win.dossier_dock.visibleRegion().isEmpty()
    win.canvas.zoom_to_extent()
    win.set_tool("circle")
    cx, cy = centre(demo_ws)
    with qtbot.waitSignal(win.sigDossierReady, timeout=20000):
        drag(win.canvas, [(cx, cy), (cx + 4000, cy), (cx + 8000, cy)])
    qtbot.wait(50)
    assert not win.dossier_dock.visibleRegion().isEmpty()
    assert win.patrol_ui.dock.visibleRegion().isEmpty()
    views = [v for v in win.dossier_panel.findChildren(QtWidgets.QTableView) if v.isVisible()]
    [view] = views
    rows_shown = view.viewport().height() // view.verticalHeader().defaultSectionSize()
    assert view.model().rowCount() >= 12 and rows_shown >= 12
    win.close()


def test_reset_layout_puts_moved_and_hidden_docks_back(qtbot, demo_ws, tmp_path) -> None:
    settings = QtCore.QSettings(str(tmp_path / "s.ini"), QtCore.QSettings.Format.IniFormat)
    win = open_window(demo_ws, settings, "zh")
    qtbot.addWidget(win)
    win.resize(1600, 1000)
    win.show()
    qtbot.waitExposed(win)
    area = win.dockWidgetArea
    floatable = QtWidgets.QDockWidget.DockWidgetFeature.DockWidgetFloatable
    for dock in (win.layer_dock, win.dossier_dock, win.detail_dock, win.patrol_ui.dock):
        assert not dock.features() & floatable  # a drag on its title cannot float it
    # The first-start layout for this window size (the window opened at its screen's size).
    win.act_reset_layout.trigger()
    qtbot.wait(50)
    first = win.dossier_dock.height()
    win.addDockWidget(QtCore.Qt.DockWidgetArea.RightDockWidgetArea, win.layer_dock)
    win.dossier_dock.setFloating(True)
    win.detail_dock.hide()
    win.resizeDocks([win.patrol_ui.dock], [120], QtCore.Qt.Orientation.Vertical)
    win.patrol_ui.dock.raise_()
    win.act_reset_layout.trigger()
    qtbot.wait(50)
    assert area(win.layer_dock) == QtCore.Qt.DockWidgetArea.LeftDockWidgetArea
    assert area(win.dossier_dock) == QtCore.Qt.DockWidgetArea.BottomDockWidgetArea
    assert area(win.detail_dock) == QtCore.Qt.DockWidgetArea.RightDockWidgetArea
    assert not win.dossier_dock.isFloating() and win.detail_dock.isVisible()
    assert not win.dossier_dock.visibleRegion().isEmpty()  # in front of the patrol list
    assert abs(win.dossier_dock.height() - first) <= 2
    win.close()


def test_a_window_saved_on_a_larger_screen_opens_inside_this_one(qtbot, demo_ws, tmp_path) -> None:
    settings = QtCore.QSettings(str(tmp_path / "s.ini"), QtCore.QSettings.Format.IniFormat)
    win = open_window(demo_ws, settings, "zh")
    qtbot.addWidget(win)
    win.setWindowState(QtCore.Qt.WindowState.WindowNoState)
    win.setGeometry(2400, 300, 2500, 1400)  # where a second 4K screen used to be
    win.save_state()
    win.close()
    again = open_window(demo_ws, settings, "zh")
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    qtbot.wait(20)
    area = again.screen().availableGeometry()
    assert area.contains(again.frameGeometry()), (again.frameGeometry(), area)
    again.close()


# ------------------------------------------------------------------ kiosk X session, no WM

_KIOSK = """
import sys
from PySide6 import QtWidgets
from riskmap.core.workspace import Workspace
from riskmap.store.engine import open_store
from riskmap.ui.app import create_app, open_wall
from PySide6 import QtCore
app = create_app()
ws = Workspace.load(open_store(sys.argv[1]))
wall = open_wall(ws, QtCore.QSettings(sys.argv[2], QtCore.QSettings.Format.IniFormat), "zh")
wall.show_on_wall(app.primaryScreen())
def ready():
    g = wall.geometry()
    print("READY", wall.winId(), g.x(), g.y(), g.width(), g.height(), flush=True)
    sys.stdin.readline()  # the test looks at the X server, then lets it go
    app.quit()
QtCore.QTimer.singleShot(2500, ready)
app.exec()
"""


def _free_display() -> int:
    for n in range(99, 160):
        if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists():
            return n
    pytest.fail("no free X display number between :99 and :159")


def _wait_for_socket(n: int, proc: subprocess.Popen, timeout_s: float = 15.0) -> None:
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        if proc.poll() is not None:
            pytest.fail(f"Xvfb :{n} ended: {proc.stderr.read() if proc.stderr else ''}")
        try:
            with socket.socket(socket.AF_UNIX) as s:
                s.connect(f"/tmp/.X11-unix/X{n}")
                return
        except OSError:
            time.sleep(0.05)
    pytest.fail(f"Xvfb :{n} did not start")


@pytest.mark.skipif(
    (shutil.which("Xvfb") is None or shutil.which("xwininfo") is None)
    and os.environ.get("CI") != "true",
    reason="Xvfb and xwininfo are not installed (apt install xvfb x11-utils)",
)
def test_the_wall_covers_the_screen_of_an_x_server_without_window_manager(
    demo_url: str, tmp_path: Path
) -> None:
    n = _free_display()
    with subprocess.Popen(
        ["Xvfb", f":{n}", "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    ) as xvfb:  # fmt: skip
        try:
            _wait_for_socket(n, xvfb)
            _check_kiosk_wall(n, demo_url, tmp_path)
        finally:
            xvfb.terminate()
            xvfb.wait(timeout=10)


def _check_kiosk_wall(n: int, demo_url: str, tmp_path: Path) -> None:
    env = {**os.environ, "DISPLAY": f":{n}", "QT_QPA_PLATFORM": "xcb", "PYTHONPATH": str(ROOT),
           "XDG_CONFIG_HOME": str(tmp_path / "cfg")}  # fmt: skip
    env.pop("QT_SCALE_FACTOR", None)
    with subprocess.Popen(
        [sys.executable, "-c", _KIOSK, demo_url, str(tmp_path / "s.ini")],
        env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    ) as wall:  # fmt: skip
        assert wall.stdout is not None and wall.stdin is not None and wall.stderr is not None
        try:
            line = wall.stdout.readline()
            assert line.startswith("READY"), line + wall.stderr.read()
            _, wid, *own = line.split()
            assert [int(v) for v in own] == [0, 0, 1920, 1080]  # the window's own report
            # ... and the X server's: the wall's window is the whole screen, at 0,0
            tree = subprocess.run(["xwininfo", "-root", "-tree"], env=env, capture_output=True,
                                  text=True, timeout=30, check=True).stdout  # fmt: skip
            mine = [ln for ln in tree.splitlines() if ln.strip().startswith(hex(int(wid)))]
            assert mine, tree
            assert "1920x1080+0+0" in mine[0], mine[0]
            wall.stdin.write("\n")
            wall.stdin.flush()
            assert wall.wait(timeout=30) == 0
        finally:
            if wall.poll() is None:
                wall.kill()
                wall.wait()
