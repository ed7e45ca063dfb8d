"""tests/test_onboarding.py through the window: a real city from nothing with the dialogs a GIS
officer uses — File → 数据库… → 新建城市…, 导入行政区划…, 导入数据…, 隐患台账 → 导入隐患台账… — and
dossiers of three selections checked against the brute force on the source file."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from PySide6 import QtCore, QtWidgets
from test_onboarding import areas, check_dossier, prepare, write_ledger

from riskmap.core.region import Region
from riskmap.core.workspace import Workspace
from riskmap.store.engine import open_store
from riskmap.ui.app import open_window
from riskmap.ui.database_dialog import DatabaseDialog

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise|grabbing)"),
]
OK = QtWidgets.QDialogButtonBox.StandardButton.Ok
WAIT = 60000


def _count(db: Path, sql: str) -> int:
    con = sqlite3.connect(db)
    try:
        return int(con.execute(sql).fetchone()[0])
    finally:
        con.close()


def test_a_city_from_nothing_through_the_windows_dialogs(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RISKMAP_USER", "gis")  # whoever creates the city is its admin
    city = prepare(tmp_path)
    db = tmp_path / "helsinki.sqlite"
    url = f"sqlite:///{db}"

    # File → 数据库… → 新建城市…: the outline, where its coordinates came from, name and code.
    dbdlg = DatabaseDialog(url)
    qtbot.addWidget(dbdlg)
    dbdlg.show()
    dbdlg.test_button.click()
    qtbot.waitUntil(lambda: dbdlg.test_button.isEnabled(), timeout=WAIT)
    dbdlg.create_city.click()
    form = dbdlg.city_dialog
    assert form is not None
    form.datum.setCurrentIndex(form.datum.findData("wgs84"))
    form.file.setText(str(city.outline))
    qtbot.waitUntil(form.ok_button.isEnabled, timeout=WAIT)
    assert form.crs.text() == "EPSG:32635"
    form.name.setText("赫尔辛基")
    form.code.setText("990100")
    form.ok_button.click()
    qtbot.waitUntil(lambda: dbdlg.buttons.button(OK).isEnabled(), timeout=WAIT)
    dbdlg.close()

    ws = Workspace.load(open_store(url))
    crs = ws.crs
    settings = QtCore.QSettings(str(tmp_path / "s.ini"), QtCore.QSettings.Format.IniFormat)
    today = dt.date.today()
    win = open_window(ws, settings, "zh", user="gis", today=today)
    qtbot.addWidget(win)
    win.resize(1600, 1000)
    win.show()
    qtbot.waitExposed(win)
    try:
        # 文件 → 导入行政区划…: the counties, then the townships.
        for path, level in ((city.counties, "county"), (city.townships, "township")):
            dlg = win.import_ui.districts(path)
            qtbot.waitUntil(
                lambda d=dlg: d.panel.source is not None and not d.run_bar.busy(), timeout=WAIT
            )
            dlg.level_combo.setCurrentIndex(dlg.level_combo.findData(level))
            assert dlg.column("code") == "代码" and dlg.column("name") == "名称"
            with qtbot.waitSignal(dlg.sigReport, timeout=WAIT) as got:
                dlg.run(dry_run=False)
            assert got.args[0].written, got.args[0]
            dlg.close()
        assert _count(db, "SELECT count(*) FROM districts") == 7

        # 文件 → 导入数据…: each prepared file into its layer.
        for layer, path in city.layer_files:
            dlg = win.import_ui.import_dialog(path)
            qtbot.waitUntil(
                lambda d=dlg: d.panel.source is not None and not d.run_bar.busy(), timeout=WAIT
            )
            dlg.set_target(layer)
            qtbot.waitUntil(dlg.import_button.isEnabled, timeout=WAIT)
            with qtbot.waitSignal(dlg.sigImported, timeout=WAIT) as got:
                dlg.run_import()
            assert got.args[0].written
            qtbot.waitUntil(lambda: not win.import_ui.refresher.refreshing, timeout=WAIT)
        assert _count(db, "SELECT count(*) FROM sites") == len(city.source)

        # 隐患台账 → 导入隐患台账…: refused, the rows listed; created with one checkbox.
        ledger = tmp_path / "隐患台账.xlsx"
        hazards_of, n_units = write_ledger(db, ledger, today)
        files = win.ledger_files
        files.import_from(ledger)
        qtbot.waitUntil(lambda: files.report is not None, timeout=WAIT)
        first = files.report
        assert not first.report.written and first.problems.rowCount() == sum(hazards_of.values())
        assert first.problems.item(0, 1).text() == "责任单位"
        first.create_missing.setChecked(True)
        first.again_button.click()
        qtbot.waitUntil(
            lambda: files.report is not None and files.report is not first, timeout=WAIT
        )
        assert files.report.report.written
        assert _count(db, "SELECT count(*) FROM hazards") == sum(hazards_of.values())
        assert _count(db, "SELECT count(*) FROM units") == n_units
        files.report.close()

        # Three selections on the map: each dossier against the brute force.
        for area in areas(city, crs, tmp_path):
            if area.kind == "circle":
                region = Region.from_circle_lonlat(*area.value, crs)
            elif area.kind == "polygon":
                region = Region.from_polygon_lonlat(area.value, crs)
            else:
                region = Region.from_bbox_lonlat(*area.value, crs)
            with qtbot.waitSignal(win.sigDossierReady, timeout=WAIT) as got:
                win.set_region(region)
            check_dossier(got.args[0].to_json(), area, city, db, hazards_of)
    finally:
        win.close()
        ws.store.dispose()
