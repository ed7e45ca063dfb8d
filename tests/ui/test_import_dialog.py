"""Import and export from the window: the Import dialog on real files, drops, roles, exports."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import numpy as np
import pyogrio.raw
import pytest
import shapely
from PySide6 import QtCore, QtGui, QtWidgets

from riskmap.core.crs import to_degrees
from riskmap.core.datum import from_wgs84
from riskmap.core.region import Region
from riskmap.core.workspace import Workspace
from riskmap.io.importer import read_features
from riskmap.store.engine import open_store
from riskmap.ui.app import open_window
from riskmap.ui.importer import ImportActions, ImportDialog

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise|grabbing)"),
]
CHEMICALS = ("液氯", "甲醇", "液氨", "硫酸", "汽油")
WAIT = 60_000


@pytest.fixture
def city(demo_copy: str):
    ws = Workspace.load(open_store(demo_copy))
    yield ws
    ws.store.dispose()


def _window(qtbot, city: Workspace, tmp_path: Path, user: str, today: dt.date):
    settings = QtCore.QSettings(str(tmp_path / "s.ini"), QtCore.QSettings.Format.IniFormat)
    win = open_window(city, settings, "zh", user=user, today=today)
    qtbot.addWidget(win)
    win.resize(1600, 1000)
    win.show()
    qtbot.waitExposed(win)
    return win, win.import_ui


def _db(ws: Workspace) -> str:
    return ws.store.url.removeprefix("sqlite:///")


def _count(ws: Workspace, sql: str = "SELECT COUNT(*) FROM sites") -> int:
    con = sqlite3.connect(_db(ws))
    try:
        return int(con.execute(sql).fetchone()[0])
    finally:
        con.close()


def _plants(ws: Workspace) -> list[tuple[str, shapely.Geometry]]:
    con = sqlite3.connect(_db(ws))
    try:
        rows = con.execute(
            "SELECT name, geom FROM sites WHERE layer = 'chemical_plants' ORDER BY id"
        ).fetchall()
    finally:
        con.close()
    return [(name, shapely.from_wkb(g)) for name, g in rows]


def gcj02_enterprises_csv(ws: Workspace, path: Path) -> tuple[Path, list[shapely.Geometry]]:
    """The demo's chemical plants as a unit sends them: names, lon/lat copied from Amap."""
    plants = _plants(ws)
    degrees = np.array([to_degrees(g, ws.crs).coords[0] for _, g in plants])
    lon, lat = from_wgs84(degrees[:, 0], degrees[:, 1], "gcj02")
    lines = ["名称,经度,纬度,危险化学品,从业人数"]
    for i, ((name, _g), x, y) in enumerate(zip(plants, lon, lat, strict=True)):
        lines.append(f"{name},{x:.9f},{y:.9f},{CHEMICALS[i % 5]},{20 + i}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, [g for _, g in plants]


def venues_csv(path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    lines = ["名称,经度,纬度,类型"] + [",".join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _opened(qtbot, actions: ImportActions, path: Path) -> ImportDialog:
    dlg = actions.import_dialog(path)
    # Read, and the read job's every signal handled (the buttons follow its end).
    qtbot.waitUntil(lambda: dlg.panel.source is not None and not dlg.run_bar.busy(), timeout=WAIT)
    return dlg


def test_gcj02_enterprises_convert_check_import_and_show_on_the_map(
    qtbot, city, tmp_path: Path, demo_anchor: dt.date
) -> None:
    win, actions = _window(qtbot, city, tmp_path, "admin", demo_anchor)
    assert actions.act_import.isEnabled() and not actions.cannot_import()
    path, truth = gcj02_enterprises_csv(city, tmp_path / "危化企业（高德坐标）.csv")
    before = _count(city)
    layer_before = win.canvas.data["chemical_plants"].n
    dlg = _opened(qtbot, actions, path)
    assert dlg.panel.base.format == "CSV" and dlg.panel.base.count == len(truth)
    assert dlg.panel.crs_edit.text() == "EPSG:4490"
    assert dlg.preview.rowCount() == 10 and dlg.preview.item(0, 0).text() == _plants(city)[0][0]
    dlg.set_target("chemical_plants")

    # The verdict: offset like GCJ-02, from the same-named plants; one click converts.
    qtbot.waitUntil(lambda: dlg.verdict is not None, timeout=WAIT)
    assert dlg.verdict.looks_offset and dlg.verdict.datum == "gcj02"
    assert "GCJ-02" in dlg.verdict_label.text()
    assert dlg.convert_button.isVisible()
    qtbot.mouseClick(dlg.convert_button, QtCore.Qt.MouseButton.LeftButton)
    assert dlg.panel.datum() == "gcj02" and dlg.panel.source.datum == "gcj02"
    assert not dlg.convert_button.isVisible() and "CGCS2000" in dlg.verdict_label.text()

    # Columns: 名称 and 从业人数 match by themselves; 危险化学品 is mapped by hand.
    assert dlg.mapping.column_of("name") == "名称"
    assert dlg.mapping.column_of("employees") == "从业人数"
    assert dlg.mapping.column_of("chemicals") == ""
    dlg.mapping.set_column("chemicals", "危险化学品")
    assert dlg.plan is not None and dlg.plan.fields["chemicals"] == "危险化学品"
    assert dlg.import_button.isEnabled()

    with qtbot.waitSignal(dlg.sigReport, timeout=WAIT) as got:
        dlg.check()
    report = got.args[0]
    assert report.dry_run and not report.written and report.imported == len(truth)
    assert str(len(truth)) in dlg.report_view.summary.text()
    assert _count(city) == before

    refreshed = qtbot.waitSignal(actions.refresher.sigRefreshed, timeout=WAIT)
    with refreshed, qtbot.waitSignal(dlg.sigImported, timeout=WAIT) as got:
        dlg.run_import()
    report = got.args[0]
    assert report.written and report.imported == len(truth)
    assert _count(city) == before + len(truth)
    assert not dlg.import_button.isEnabled()  # the same file twice would duplicate it

    con = sqlite3.connect(_db(city))
    rows = con.execute(
        "SELECT id, geom, json_extract(attrs, '$.chemicals') FROM sites"
        " WHERE id BETWEEN ? AND ? ORDER BY id",
        report.site_ids,
    ).fetchall()
    con.close()
    new = shapely.from_wkb([g for _i, g, _c in rows])
    error = shapely.distance(new, np.array(truth, dtype=object))
    assert error.max() < 0.5, f"worst {error.max():.3f} m"
    assert [c for *_r, c in rows][:5] == list(CHEMICALS)

    # The map knows them: drawn in the layer, counted in the panel, found by identify.
    assert win.canvas.data["chemical_plants"].n == layer_before + len(truth)
    chem = win.layer_panel._items["chemical_plants"]
    assert chem.text(1).replace(",", "") == str(layer_before + len(truth))
    first = rows[0][0]
    assert first in win.ws.index
    x, y = shapely.get_coordinates(new[0])[0]
    # zoomed in to it: at city scale a plant is drawn only when it has an urgent hazard
    win.canvas.set_view_rect(QtCore.QRectF(x - 1000, y - 1000, 2000, 2000))
    assert first in win.canvas.identify_at(float(x), float(y))
    qtbot.waitUntil(win.canvas.rendering_idle, timeout=WAIT)
    dlg.close()


def test_a_bad_row_imports_nothing_then_the_good_ones(
    qtbot, city, tmp_path: Path, demo_anchor: dt.date
) -> None:
    _win, actions = _window(qtbot, city, tmp_path, "admin", demo_anchor)
    path = venues_csv(
        tmp_path / "场所.csv",
        [
            ("第一中学", "104.61", "35.57", "学校"),
            ("人民医院", "104.62", "35.58", "医院"),
            ("火车站", "abc", "35.60", "车站"),
            ("体育馆", "104.67", "35.63", "体育场馆"),
            ("农贸市场", "104.68", "35.64", "集贸市场"),
        ],
    )
    before = _count(city)
    dlg = _opened(qtbot, actions, path)
    dlg.set_target("dense_venues")
    # 类型 is required: unmapped, Import is disabled and the row says why.
    assert dlg.mapping.column_of("kind") == "类型"
    dlg.mapping.set_column("kind", "")
    assert not dlg.import_button.isEnabled() and not dlg.check_button.isEnabled()
    assert dlg.mapping.labels["kind"] in dlg.status_label.text()
    dlg.mapping.set_column("kind", "类型")
    assert dlg.import_button.isEnabled() and not dlg.status_label.text()

    with qtbot.waitSignal(dlg.sigReport, timeout=WAIT) as got:
        dlg.run_import()
    report = got.args[0]
    assert not report.written and [p.row for p in report.rejected] == [4]
    assert "第 4 行" in dlg.report_view.text.toPlainText()
    assert _count(city) == before
    good = dlg.report_view.good_button
    assert good.isVisible() and good.isEnabled() and "4" in good.text()
    saved = dlg.report_view.save_report(tmp_path / "报告.xlsx")
    assert saved is not None and saved.stat().st_size > 0

    refreshed = qtbot.waitSignal(actions.refresher.sigRefreshed, timeout=WAIT)
    with refreshed, qtbot.waitSignal(dlg.sigImported, timeout=WAIT) as got:
        qtbot.mouseClick(good, QtCore.Qt.MouseButton.LeftButton)
    report = got.args[0]
    assert report.written and report.imported == 4 and report.skipped_rejected
    assert _count(city) == before + 4
    assert _count(city, "SELECT COUNT(*) FROM sites WHERE name = '火车站'") == 0
    dlg.close()


def test_cancel_right_after_the_start_writes_nothing(
    qtbot, city, tmp_path: Path, demo_anchor: dt.date
) -> None:
    _win, actions = _window(qtbot, city, tmp_path, "admin", demo_anchor)
    rng = np.random.default_rng(5)
    lon, lat = rng.uniform(104.3, 105.1, 50_000), rng.uniform(35.2, 35.9, 50_000)
    rows = [
        (f"场所{i}", f"{x:.6f}", f"{y:.6f}", "学校")
        for i, (x, y) in enumerate(zip(lon, lat, strict=True))
    ]
    path = venues_csv(tmp_path / "五万.csv", rows)
    before = _count(city)
    dlg = _opened(qtbot, actions, path)
    assert dlg.panel.source.count == 50_000
    dlg.set_target("dense_venues")
    dlg.run_import()
    assert dlg.run_bar.busy() and dlg.run_bar.cancel_button.isVisible()
    qtbot.mouseClick(dlg.run_bar.cancel_button, QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dlg.run_bar.busy(), timeout=WAIT)
    cancelled = QtCore.QCoreApplication.translate("ImportDialog", "Cancelled: nothing was written.")
    assert dlg.report_view.summary.text() == cancelled and dlg.report_view.report is None
    assert _count(city) == before
    assert dlg.import_button.isEnabled()  # nothing happened: it may run again
    dlg.close()


def test_metres_without_a_crs_wait_for_the_epsg_code(
    qtbot, city, tmp_path: Path, demo_anchor: dt.date
) -> None:
    """x/y in metres and no CRS: nothing runs until the user types a valid EPSG code."""
    _win, actions = _window(qtbot, city, tmp_path, "admin", demo_anchor)
    plants = _plants(city)[:3]
    lines = ["名称,x,y"] + [f"{n}（测）,{g.x:.2f},{g.y:.2f}" for n, g in plants]
    path = tmp_path / "米.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    dlg = _opened(qtbot, actions, path)
    dlg.set_target("chemical_plants")
    assert dlg.panel.source.crs is None and dlg.panel.problem
    assert not dlg.import_button.isEnabled() and dlg.status_label.text() == dlg.panel.problem
    assert not dlg.panel.datum_combo.isEnabled()
    dlg.panel.set_crs("EPSG:45")  # not a code PROJ knows
    assert dlg.panel.problem and not dlg.import_button.isEnabled()
    dlg.panel.set_crs("EPSG:4544")  # the demo's own CGCS2000 Gauss-Krüger zone
    assert not dlg.panel.problem and dlg.import_button.isEnabled()
    assert dlg.panel.source.crs == "EPSG:4544" and "4544" in dlg.panel.crs_info.text()
    assert "GCJ-02" in dlg.verdict_label.text()  # offsets are a lon/lat matter
    before = _count(city)
    with qtbot.waitSignal(dlg.sigImported, timeout=WAIT) as got:
        dlg.run_import()
    report = got.args[0]
    assert report.written and _count(city) == before + 3
    con = sqlite3.connect(_db(city))
    new = con.execute("SELECT geom FROM sites WHERE id >= ? ORDER BY id", (report.site_ids[0],))
    got_geoms = shapely.from_wkb([g for (g,) in new.fetchall()])
    con.close()
    error = shapely.distance(got_geoms, np.array([g for _n, g in plants], dtype=object))
    assert error.max() < 0.01
    qtbot.waitUntil(lambda: not actions.refresher.refreshing, timeout=WAIT)
    dlg.close()


def _drop(widget: QtWidgets.QWidget, path: Path) -> None:
    """What Qt sends a widget when a file from the desktop is dropped on it."""
    mime = QtCore.QMimeData()
    mime.setUrls([QtCore.QUrl.fromLocalFile(str(path))])
    pos = widget.rect().center()
    action = QtCore.Qt.DropAction.CopyAction
    left, none = QtCore.Qt.MouseButton.LeftButton, QtCore.Qt.KeyboardModifier.NoModifier
    enter = QtGui.QDragEnterEvent(pos, action, mime, left, none)
    QtWidgets.QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    drop = QtGui.QDropEvent(QtCore.QPointF(pos), action, mime, left, none)
    QtWidgets.QApplication.sendEvent(widget, drop)
    assert drop.isAccepted()


def _gpkg(path: Path) -> Path:
    pyogrio.raw.write(
        str(path),
        shapely.to_wkb(shapely.points([104.61, 104.62], [35.57, 35.58])),
        [np.array(["甲厂", "乙厂"], dtype=object)],
        ["名称"],
        geometry_type="Point",
        crs="EPSG:4490",
        layer="plants",
    )
    return path


def test_a_file_dropped_on_the_map_opens_the_dialog(
    qtbot, city, tmp_path: Path, demo_anchor: dt.date
) -> None:
    win, actions = _window(qtbot, city, tmp_path, "admin", demo_anchor)
    path = _gpkg(tmp_path / "企业.gpkg")
    _drop(win.canvas.view.viewport(), path)
    dlg = actions.dialog
    assert dlg is not None and dlg.isVisible() and dlg.panel.path == path
    qtbot.waitUntil(lambda: dlg.panel.source is not None, timeout=WAIT)
    assert dlg.panel.base.format == "GPKG" and dlg.panel.base.count == 2
    # The window's language switch reaches the dialog (layer names come from the catalog).
    i = dlg.layer_combo.findData("chemical_plants")
    assert dlg.layer_combo.itemText(i) == city.catalog["chemical_plants"].name_zh
    win.set_language("en")
    qtbot.waitUntil(
        lambda: dlg.layer_combo.itemText(i) == city.catalog["chemical_plants"].name_en,
        timeout=WAIT,
    )
    dlg.close()
    # Another kind of file is refused, saying which kinds are taken.
    other = tmp_path / "说明.docx"
    other.write_bytes(b"PK")
    _drop(win, other)
    assert actions.refusal is not None and ".gpkg" in actions.refusal.text()
    actions.refusal.close()


def test_an_editor_sees_the_import_actions_disabled(
    qtbot, city, tmp_path: Path, demo_anchor: dt.date
) -> None:
    win, actions = _window(qtbot, city, tmp_path, "zhangwei", demo_anchor)
    reason = actions.cannot_import()
    assert "张伟" in reason  # who they are, and (in words) why not
    for act in (actions.act_import, actions.act_import_districts):
        assert not act.isEnabled() and act.toolTip() == reason
    assert actions.act_export.isEnabled() and actions.act_export_selection.isEnabled()
    assert actions.act_import in win.menu_file.actions()
    _drop(win, _gpkg(tmp_path / "企业.gpkg"))
    assert actions.dialog is None and actions.refusal.text() == reason
    actions.refusal.close()
    win.ledger_ui.switch_user("admin", "riskmap")
    assert actions.act_import.isEnabled()


def test_export_a_layer_and_the_selection_then_read_them_back(
    qtbot, city, tmp_path: Path, demo_anchor: dt.date
) -> None:
    win, actions = _window(qtbot, city, tmp_path, "duty", demo_anchor)
    n = _count(city, "SELECT COUNT(*) FROM sites WHERE layer = 'chemical_plants'")
    out = tmp_path / "危化企业.geojson"
    with qtbot.waitSignal(actions.sigExported, timeout=WAIT):
        actions.export_to(out, "chemical_plants")
    assert actions.last_export.count == n
    assert read_features(out).count == n
    assert str(out) in win.statusBar().currentMessage()

    # The selection: a circle around the first plant, its plants only.
    x, y = shapely.get_coordinates(_plants(city)[0][1])[0]
    with qtbot.waitSignal(win.sigDossierReady, timeout=WAIT):
        win.set_region(Region.from_circle(float(x), float(y), 5000, crs=city.crs))
    ids = actions.selection_ids("chemical_plants")
    assert 0 < len(ids) < n and actions.selection_counts()["chemical_plants"] == len(ids)
    sel = tmp_path / "选区.xlsx"
    with qtbot.waitSignal(actions.sigExported, timeout=WAIT):
        actions.export_to(sel, "chemical_plants", ids)
    assert read_features(sel).count == len(ids)


def test_districts_dialog_checks_a_township_file(
    qtbot, city, tmp_path: Path, demo_anchor: dt.date
) -> None:
    _win, actions = _window(qtbot, city, tmp_path, "admin", demo_anchor)
    town = next(d for d in city.districts if d.level == "township")
    lon, lat = to_degrees(shapely.point_on_surface(town.geom), city.crs).coords[0]
    square = shapely.box(lon - 0.002, lat - 0.002, lon + 0.002, lat + 0.002)
    path = tmp_path / "镇.gpkg"
    pyogrio.raw.write(
        str(path),
        shapely.to_wkb(np.array([square], dtype=object)),
        [np.array(["999999999001"], dtype=object), np.array(["测试镇"], dtype=object)],
        ["区划代码", "名称"],
        geometry_type="Polygon",
        crs="EPSG:4490",
    )
    before = _count(city, "SELECT COUNT(*) FROM districts")
    dlg = actions.districts(path)
    qtbot.waitUntil(lambda: dlg.panel.source is not None and not dlg.run_bar.busy(), timeout=WAIT)
    assert dlg.column("code") == "区划代码" and dlg.column("name") == "名称"
    assert dlg.check_button.isEnabled()
    with qtbot.waitSignal(dlg.sigReport, timeout=WAIT) as got:
        dlg.run(dry_run=True)
    report = got.args[0]
    assert report.dry_run and report.imported == 1 and not report.rejected
    assert _count(city, "SELECT COUNT(*) FROM districts") == before
    dlg.close()


def test_the_rebuilt_map_draws_new_sites_in_direct_mode(qtbot, city, tmp_path: Path) -> None:
    """Small cities draw every layer as scene items: the rebuild replaces them too."""
    from riskmap.core.catalog import load_catalog
    from riskmap.io.importer import import_features, plan_import
    from riskmap.store.access import Actor
    from riskmap.ui.map.canvas import MapCanvas

    canvas = MapCanvas(city, mode="direct")
    qtbot.addWidget(canvas)
    canvas.resize(800, 600)
    canvas.show()
    qtbot.waitExposed(canvas)
    before = len(canvas.layer_item("chemical_plants").scatter.data)
    path = tmp_path / "三家.csv"
    path.write_text("名称,经度,纬度\n甲,104.61,35.57\n乙,104.62,35.58\n丙,104.63,35.59\n", "utf-8")
    src = read_features(path)
    plan = plan_import(src, load_catalog(), "chemical_plants")
    report = import_features(city.store, Actor("admin", "admin"), src, plan)
    assert report.written
    canvas.reload_layers(Workspace.load(city.store, city.catalog))
    item = canvas.layer_item("chemical_plants")
    assert len(item.scatter.data) == before + 3
    first = report.site_ids[0]
    x, y = shapely.get_coordinates(city.index.geometry(first))[0]
    canvas.set_view_rect(QtCore.QRectF(x - 1000, y - 1000, 2000, 2000))  # where it is drawn
    assert first in canvas.identify_at(float(x), float(y))
    canvas.shutdown()
