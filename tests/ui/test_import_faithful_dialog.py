"""The import dialogs never store offset coordinates silently: the finding is shown, one click
converts (and runs again) or keeps them; a file imported again reports what it updated."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import numpy as np
import pyogrio.raw
import pytest
import shapely
from PySide6 import QtCore
from test_import_dialog import WAIT, _count, _db, _opened, _window, city, gcj02_enterprises_csv

from riskmap.core.crs import to_degrees
from riskmap.core.datum import from_wgs84

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise|grabbing)"),
]
__all__ = ["city"]  # the fixture, shared with the Import dialog's tests
CLICK = QtCore.Qt.MouseButton.LeftButton


def test_offset_points_kept_as_they_are_then_imported_again_unchanged(
    qtbot, city, tmp_path: Path, demo_anchor: dt.date
) -> None:
    _win, actions = _window(qtbot, city, tmp_path, "admin", demo_anchor)
    path, truth = gcj02_enterprises_csv(city, tmp_path / "危化企业.csv")
    dlg = _opened(qtbot, actions, path)
    dlg.set_target("chemical_plants")
    before = _count(city)
    # Import before deciding: refused, nothing written, the choice offered.
    with qtbot.waitSignal(dlg.run_bar.sigEnded, timeout=WAIT):
        dlg.run_import()
    assert _count(city) == before
    assert "GCJ-02" in dlg.report_view.summary.text() and "未写入" in dlg.report_view.summary.text()
    assert dlg.convert_button.isVisible() and dlg.keep_button.isVisible()
    assert dlg.keep_button.text() == "按原样导入"
    qtbot.mouseClick(dlg.keep_button, CLICK)
    assert not dlg.keep_button.isVisible() and "原样" in dlg.verdict_label.text()
    with qtbot.waitSignal(dlg.sigImported, timeout=WAIT) as got:
        dlg.run_import()
    assert got.args[0].added == len(truth)
    assert _count(city) == before + len(truth)
    dlg.close()

    # The same file again: matched by row, nothing changes, and the report says so.
    dlg = _opened(qtbot, actions, path)
    dlg.set_target("chemical_plants")
    qtbot.waitUntil(lambda: dlg.verdict is not None, timeout=WAIT)
    qtbot.mouseClick(dlg.keep_button, CLICK)
    with qtbot.waitSignal(dlg.sigReport, timeout=WAIT) as got:
        dlg.run_import()
    report = got.args[0]
    assert (report.added, report.updated, report.unchanged) == (0, 0, len(truth))
    assert f"未变 {len(truth)} 个" in dlg.report_view.summary.text()
    assert _count(city) == before + len(truth)
    dlg.close()


def test_offset_county_boundaries_convert_with_one_click(
    qtbot, city, tmp_path: Path, demo_anchor: dt.date
) -> None:
    _win, actions = _window(qtbot, city, tmp_path, "admin", demo_anchor)
    con = sqlite3.connect(_db(city))
    found = con.execute(
        "SELECT code, name, parent_code, geom FROM districts WHERE level = 'county' ORDER BY code"
    ).fetchall()
    con.close()
    truth = {code: shapely.from_wkb(g) for code, _n, _p, g in found}
    degrees = [to_degrees(shapely.from_wkb(g), city.crs) for *_, g in found]
    amap = [
        shapely.transform(g, lambda c: np.column_stack(from_wgs84(c[:, 0], c[:, 1], "gcj02")))
        for g in degrees
    ]
    path = tmp_path / "区县（高德）.gpkg"
    pyogrio.raw.write(
        str(path),
        shapely.to_wkb(amap),
        [np.array([r[i] for r in found], dtype=object) for i in range(3)],
        ["区划代码", "名称", "上级代码"],
        geometry_type="MultiPolygon",
        crs="EPSG:4490",
        promote_to_multi=True,
    )
    dlg = actions.districts(path)
    qtbot.waitUntil(lambda: dlg.panel.source is not None and not dlg.run_bar.busy(), timeout=WAIT)
    dlg.level_combo.setCurrentIndex(dlg.level_combo.findData("county"))
    dlg.replace_box.setChecked(True)
    with qtbot.waitSignal(dlg.run_bar.sigEnded, timeout=WAIT):
        dlg.run(dry_run=False)
    choice = dlg.datum_choice
    assert choice.isVisible() and "GCJ-02" in choice.label.text()
    assert choice.convert_button.text() == "从 GCJ-02 转换"
    with qtbot.waitSignal(dlg.sigImported, timeout=WAIT) as got:
        qtbot.mouseClick(choice.convert_button, CLICK)
    assert got.args[0].written and dlg.panel.datum() == "gcj02"
    con = sqlite3.connect(_db(city))
    stored = dict(con.execute("SELECT code, geom FROM districts WHERE level = 'county'"))
    con.close()
    worst = max(
        shapely.hausdorff_distance(shapely.from_wkb(stored[c]), g) for c, g in truth.items()
    )
    assert worst < 0.5, f"worst {worst:.3f} m"
    dlg.close()


def test_degrees_declared_as_metres_are_refused_with_the_cause(
    qtbot, city, tmp_path: Path, demo_anchor: dt.date
) -> None:
    _win, actions = _window(qtbot, city, tmp_path, "admin", demo_anchor)
    con = sqlite3.connect(_db(city))
    plants = con.execute(
        "SELECT name, lon, lat FROM sites WHERE layer = 'chemical_plants' ORDER BY id"
    ).fetchall()
    con.close()
    path = tmp_path / "企业.gpkg"
    pyogrio.raw.write(
        str(path),
        shapely.to_wkb(shapely.points([(x, y) for _n, x, y in plants])),
        [np.array([n for n, _x, _y in plants], dtype=object)],
        ["名称"],
        geometry_type="Point",
        crs="EPSG:4544",  # what the file says; the numbers are degrees
    )
    dlg = _opened(qtbot, actions, path)
    dlg.set_target("chemical_plants")
    before = _count(city)
    with qtbot.waitSignal(dlg.run_bar.sigEnded, timeout=WAIT):
        dlg.run_import()
    text = dlg.report_view.summary.text()
    assert f"{len(plants)} 个要素中有 {len(plants)} 个在本市范围外 5 公里以上" in text
    assert "坐标是经纬度" in text and "EPSG:4490" in text and "未写入任何数据" in text
    assert _count(city) == before
    # The user who insists: outside the city, as the file says.
    dlg.outside_box.setChecked(True)
    with qtbot.waitSignal(dlg.sigImported, timeout=WAIT) as got:
        dlg.run_import()
    assert got.args[0].added == len(plants) and _count(city) == before + len(plants)
    dlg.close()
