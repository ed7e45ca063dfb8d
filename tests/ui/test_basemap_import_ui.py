"""文件 → 导入底图… in the Chinese window: the dialog reads an OSM-tagged file, checks it, imports
it, and the map draws the new basemap without reloading the city; an editor finds the action
disabled with the reason."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pyogrio.raw
import pytest
import shapely
from PySide6 import QtCore

from riskmap.core.crs import to_degrees
from riskmap.core.workspace import Workspace
from riskmap.store.engine import open_store
from riskmap.ui.app import open_window

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise|grabbing)"),
]
WAIT = 60_000


@pytest.fixture
def city(demo_copy: str):
    store = open_store(demo_copy)
    with store.engine.begin() as c:  # the demo city's own basemap: this test imports one
        c.exec_driver_sql("DELETE FROM basemap")
    ws = Workspace.load(store)
    yield ws
    ws.store.dispose()


def _window(qtbot, city: Workspace, tmp_path: Path, user: str, today: dt.date):
    settings = QtCore.QSettings(str(tmp_path / "s.ini"), QtCore.QSettings.Format.IniFormat)
    win = open_window(city, settings, "zh", user=user, today=today)
    qtbot.addWidget(win)
    win.resize(1600, 1000)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_import_basemap_from_the_file_menu(qtbot, city, tmp_path: Path, demo_anchor) -> None:
    win = _window(qtbot, city, tmp_path, "admin", demo_anchor)
    act = win.findChild(QtCore.QObject, "act_import_basemap")
    assert act is not None and act.isEnabled() and act.text() == "导入底图…"
    town = next(d for d in city.districts if d.level == "township")
    c = shapely.point_on_surface(town.geom)
    lines = [shapely.LineString([(c.x - 300, c.y + k * 40), (c.x + 300, c.y + k * 40)])
             for k in range(3)]  # fmt: skip
    path = tmp_path / "路网.gpkg"
    pyogrio.raw.write(
        str(path),
        shapely.to_wkb(np.array([to_degrees(g, city.crs) for g in lines], dtype=object)),
        [np.array(["primary", "residential", "footway"], dtype=object)],
        ["highway"],
        geometry_type="LineString",
        crs="EPSG:4490",
    )
    canvas = win.canvas
    qtbot.waitUntil(canvas.rendering_idle, timeout=WAIT)
    assert canvas.city_basemap.item is None  # no basemap yet
    dlg = win.import_ui.basemap(path)
    assert dlg.windowTitle() == "导入底图"
    qtbot.waitUntil(lambda: dlg.panel.source is not None and not dlg.run_bar.busy(), timeout=WAIT)
    assert dlg.check_button.isEnabled() and dlg.kind_combo.currentData() == "auto"
    dlg.run(dry_run=True)
    qtbot.waitUntil(lambda: not dlg.run_bar.busy() and dlg.report_view.report is not None,
                    timeout=WAIT)  # fmt: skip
    assert dlg.report_view.report.dry_run and dlg.report_view.report.imported == 3
    assert "试运行" in dlg.report_view.summary.text()
    with qtbot.waitSignal(dlg.sigImported, timeout=WAIT) as got:
        dlg.run(dry_run=False)
    assert got.args[0].written and got.args[0].imported == 3
    qtbot.waitUntil(lambda: canvas.city_basemap.item is not None, timeout=WAIT)
    assert len(canvas.city_basemap.item.data) == 3
    assert "道路 3 条" in dlg.report_view.text.toPlainText()
    dlg.close()


def test_an_editor_may_not_import_the_basemap(qtbot, city, tmp_path: Path, demo_anchor) -> None:
    from riskmap.store.access import Actor

    settings = QtCore.QSettings(str(tmp_path / "s.ini"), QtCore.QSettings.Format.IniFormat)
    win = open_window(city, settings, "zh", actor=Actor("zhangwei", "editor"), today=demo_anchor)
    qtbot.addWidget(win)
    act = win.findChild(QtCore.QObject, "act_import_basemap")
    assert act is not None and not act.isEnabled() and "管理员" in act.toolTip()
