"""A city's own 台账 (enterprises by name) imported from the window: the refused rows listed in
Chinese with their candidates, and "create the missing units and sites"."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6 import QtCore

from riskmap.core.workspace import Workspace
from riskmap.store.engine import open_store
from riskmap.ui.app import open_window

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise|grabbing)"),
]


@pytest.fixture
def city(demo_copy: str):
    ws = Workspace.load(open_store(demo_copy))
    yield ws
    ws.store.dispose()


def _rows(db: Path, sql: str) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_named_ledger_lists_the_unknown_enterprise_then_creates_it(
    qtbot, city, tmp_path: Path, demo_anchor: dt.date
) -> None:
    db = Path(city.store.url.removeprefix("sqlite:///"))
    sites = _rows(
        db,
        "SELECT name, lon, lat FROM sites WHERE layer = 'mines' AND name IN "
        "(SELECT name FROM sites GROUP BY name HAVING count(*) = 1) ORDER BY id LIMIT 3",
    )
    unit = _rows(db, "SELECT name FROM units WHERE kind = 'enterprise' ORDER BY id LIMIT 1")[0][0]
    found = (demo_anchor - dt.timedelta(days=3)).isoformat()
    wb = Workbook()
    ws = wb.active
    deadline = (demo_anchor + dt.timedelta(days=10)).isoformat()
    ws.append(("企业名称", "经度", "纬度", "责任单位", "隐患描述", "隐患等级", "发现日期",
               "整改措施", "整改期限"))  # fmt: skip
    for name, lon, lat in sites:
        ws.append(
            (
                name.replace("有限公司", "有限责任公司"),
                lon,
                lat,
                unit,
                "消防通道堵塞",
                "一般",
                found,
                "清理",
                deadline,
            )
        )
    new_name = f"{sites[0][0]}东矿区"
    ws.append(
        (new_name, sites[1][1], sites[1][2], unit, "安全出口锁闭", "重大", found, "开锁", deadline)
    )
    path = tmp_path / "乡镇台账.xlsx"
    wb.save(path)
    hazards = _rows(db, "SELECT count(*) FROM hazards")[0][0]

    settings = QtCore.QSettings(str(tmp_path / "s.ini"), QtCore.QSettings.Format.IniFormat)
    win = open_window(city, settings, "zh", user="admin", today=demo_anchor)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    files = win.ledger_files
    files.import_from(path)
    qtbot.waitUntil(lambda: files.report is not None, timeout=20000)
    dlg = files.report
    assert not dlg.report.written
    table = dlg.problems
    assert table.rowCount() == 1, dlg.report.to_text()
    assert table.horizontalHeaderItem(0).text() == "行号"
    assert table.item(0, 0).text() == "5"
    assert table.item(0, 1).text() == "企业名称"
    assert table.item(0, 2).text() == f"没有名为「{new_name}」的风险点"
    assert table.item(0, 3).text().splitlines()[0].startswith(f"「{sites[0][0]}」")
    assert dlg.create_box is not None and not dlg.again_button.isEnabled()
    dlg.create_missing.setChecked(True)
    assert dlg.again_button.isEnabled() and dlg.layer_combo.isEnabled()
    dlg.layer_combo.setCurrentIndex(dlg.layer_combo.findData("mines"))
    dlg.again_button.click()
    qtbot.waitUntil(
        lambda: files.report is not None and files.report is not dlg and files.report.isVisible(),
        timeout=20000,
    )
    report = files.report.report
    assert report.written and report.created == 4
    assert _rows(db, "SELECT count(*) FROM hazards")[0][0] == hazards + 4
    assert _rows(db, f"SELECT layer FROM sites WHERE name = '{new_name}'") == [("mines",)]
    assert "新建风险点 1 个" in files.report.text.toPlainText()


def test_amap_coordinates_are_converted_with_one_click(
    qtbot, city, tmp_path: Path, demo_anchor: dt.date
) -> None:
    from riskmap.core.datum import from_wgs84

    db = Path(city.store.url.removeprefix("sqlite:///"))
    sites = _rows(
        db,
        "SELECT id, name, lon, lat FROM sites WHERE layer = 'geohazards' AND name IN "
        "(SELECT name FROM sites GROUP BY name HAVING count(*) = 1) ORDER BY id LIMIT 4",
    )
    found = (demo_anchor - dt.timedelta(days=3)).isoformat()
    wb = Workbook()
    ws = wb.active
    ws.append(("企业名称", "经度", "纬度", "隐患描述", "隐患等级", "发现日期"))
    for _sid, name, lon, lat in sites:
        glon, glat = from_wgs84(lon, lat, "gcj02")
        ws.append((name, float(glon), float(glat), "裂缝扩大", "一般", found))
    path = tmp_path / "高德坐标台账.xlsx"
    wb.save(path)

    settings = QtCore.QSettings(str(tmp_path / "s.ini"), QtCore.QSettings.Format.IniFormat)
    win = open_window(city, settings, "zh", user="zhangwei", today=demo_anchor)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    files = win.ledger_files
    files.import_from(path)
    qtbot.waitUntil(lambda: files.report is not None, timeout=20000)
    dlg = files.report
    assert dlg.report.offset is not None and not dlg.report.written
    assert "GCJ-02（高德地图）" in dlg.summary.text()
    assert dlg.convert_button.isVisible() and dlg.keep_button.isVisible()
    assert dlg.convert_button.text() == "从 GCJ-02 转换后导入"
    dlg.convert_button.click()
    qtbot.waitUntil(
        lambda: files.report is not None and files.report is not dlg and files.report.isVisible(),
        timeout=20000,
    )
    assert files.report.report.written and files.report.report.created == 4
    got = _rows(db, "SELECT site_id FROM hazards WHERE description = '裂缝扩大' ORDER BY site_id")
    assert got == [(sid,) for sid, *_ in sorted(sites)]
