"""What the Chinese window says when something fails: the import dialog on an unreadable file,
a shapefile without its parts, a CRS-less file and a read-only database; Qt's own buttons; the
error dialog; an exception nobody caught; a region the map refuses, a holiday beyond the tables
and a broken layer file. Every line is checked for stray English."""

from __future__ import annotations

import datetime as dt
import errno
import sys
import threading
from pathlib import Path

import pytest
from PySide6 import QtCore, QtWidgets
from sqlalchemy import event
from test_messages import foreign_words

from riskmap.core.catalog import load_catalog
from riskmap.core.region import Region
from riskmap.core.workspace import Workspace
from riskmap.errors import CatalogError, RegionError
from riskmap.store.engine import open_store
from riskmap.ui.app import open_window
from riskmap.ui.errors import install_window_hooks, show_error
from riskmap.ui.i18n import Translations
from riskmap.ui.importer import ImportActions, ImportDialog

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise|grabbing)"),
]
WAIT = 60_000
CJK = QtCore.QRegularExpression("[\u4e00-\u9fff]")


def chinese_only(text: str) -> bool:
    return bool(text) and CJK.match(text).hasMatch() and not foreign_words(text)


@pytest.fixture
def city(demo_copy: str):
    ws = Workspace.load(open_store(demo_copy))
    yield ws
    ws.store.dispose()


@pytest.fixture
def actions(qtbot, city: Workspace, tmp_path: Path, demo_anchor: dt.date) -> ImportActions:
    settings = QtCore.QSettings(str(tmp_path / "s.ini"), QtCore.QSettings.Format.IniFormat)
    win = open_window(city, settings, "zh", user="admin", today=demo_anchor)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win.import_ui


def _read(qtbot, actions: ImportActions, path: Path) -> ImportDialog:
    dlg = actions.import_dialog(path)
    qtbot.waitUntil(lambda: not dlg.panel.reading and not dlg.run_bar.busy(), timeout=WAIT)
    return dlg


def test_unreadable_and_incomplete_files_are_said_in_chinese(
    qtbot, actions: ImportActions, tmp_path: Path
) -> None:
    garbage = tmp_path / "企业.gpkg"
    garbage.write_bytes(b"this is not a GeoPackage at all" * 40)
    dlg = _read(qtbot, actions, garbage)
    text = dlg.panel.error_label.text()
    assert "企业.gpkg" in text and "不是可读取的文件" in text, text
    assert chinese_only(text), foreign_words(text)
    dlg.close()

    shp = tmp_path / "园区.shp"
    shp.write_bytes(b"\0" * 100)
    (tmp_path / "园区.shx").write_bytes(b"\0" * 100)
    dlg = _read(qtbot, actions, shp)
    text = dlg.panel.error_label.text()
    assert "缺少 园区.dbf" in text and "--" not in text, text
    assert chinese_only(text), foreign_words(text)
    dlg.close()


def test_a_file_without_a_coordinate_system_asks_in_chinese(
    qtbot, actions: ImportActions, tmp_path: Path
) -> None:
    path = tmp_path / "米.csv"
    path.write_text("名称,x,y\n甲厂,512345.6,3934567.8\n", encoding="utf-8")
    dlg = _read(qtbot, actions, path)
    dlg.set_target("chemical_plants")
    text = dlg.status_label.text()
    assert text == dlg.panel.problem and "坐标系" in text
    assert chinese_only(text), foreign_words(text)
    # What the reader assumed is said in Chinese too, beside the file.
    notes = dlg.panel.notes_label.text()
    assert notes == "X/Y 列不是经纬度：请在“坐标系”中选择它们的坐标系", notes
    dlg.close()

    degrees = tmp_path / "经纬度.csv"
    degrees.write_text("名称,经度,纬度\n甲厂,104.61,35.57\n", encoding="utf-8")
    dlg = _read(qtbot, actions, degrees)
    notes = dlg.panel.notes_label.text()
    assert notes == "坐标为经纬度，按 CGCS2000（EPSG:4490）读取", notes
    assert chinese_only(notes), foreign_words(notes)
    dlg.close()


def test_an_import_into_a_read_only_database(
    qtbot, actions: ImportActions, city: Workspace, tmp_path: Path
) -> None:
    # SQLite itself refuses every write ("attempt to write a readonly database").
    def read_only(dbapi_conn, _record) -> None:
        dbapi_conn.execute("PRAGMA query_only=ON")

    event.listen(city.store.engine, "connect", read_only)
    city.store.engine.dispose()
    path = tmp_path / "场所.csv"
    path.write_text("名称,经度,纬度,类型\n第一中学,104.61,35.57,学校\n", encoding="utf-8")
    dlg = _read(qtbot, actions, path)
    dlg.set_target("dense_venues")
    assert dlg.import_button.isEnabled()
    dlg.run_import()
    qtbot.waitUntil(lambda: not dlg.run_bar.busy(), timeout=WAIT)
    text = dlg.report_view.summary.text()
    assert "数据库是只读的" in text and "未做任何修改" in text, text
    assert chinese_only(text), foreign_words(text)
    dlg.close()
    event.remove(city.store.engine, "connect", read_only)


def test_the_error_dialog_and_qt_buttons_speak_the_window_language(qtbot, tmp_path: Path) -> None:
    app = QtWidgets.QApplication.instance()
    translations = app.findChild(Translations) or Translations(app)
    assert translations.set_language("zh")
    box = show_error(None, OSError(errno.ENOSPC, "No space left on device", "/u盘/简报.pdf"))
    qtbot.addWidget(box)
    assert box.text() == "磁盘已满（/u盘/简报.pdf），未写入任何数据；请清理出空间后重试"
    assert box.button(QtWidgets.QMessageBox.StandardButton.Ok).text() == "确定"
    box.close()
    buttons = QtWidgets.QDialogButtonBox(
        QtWidgets.QDialogButtonBox.StandardButton.Save
        | QtWidgets.QDialogButtonBox.StandardButton.Cancel
    )
    qtbot.addWidget(buttons)
    assert sorted(b.text() for b in buttons.buttons()) == sorted(["保存", "取消"])
    # Switched at run time: Qt's own words follow.
    translations.set_language("en")
    box = show_error(None, OSError(errno.ENOSPC, "No space left on device", "/u/b.pdf"))
    qtbot.addWidget(box)
    assert box.text().startswith("the disk is full (/u/b.pdf)")
    assert box.button(QtWidgets.QMessageBox.StandardButton.Ok).text() == "OK"
    box.close()
    translations.set_language("zh")


def test_an_uncaught_exception_becomes_a_dialog_and_a_log(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("RISKMAP_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    app = QtWidgets.QApplication.instance()
    (app.findChild(Translations) or Translations(app)).set_language("zh")
    install_window_hooks(app)
    worker = threading.Thread(target=lambda: {}["没有这个键"], name="worker-7")
    worker.start()
    worker.join()

    def shown() -> list[QtWidgets.QMessageBox]:
        return [
            w
            for w in QtWidgets.QApplication.topLevelWidgets()
            if isinstance(w, QtWidgets.QMessageBox) and w.isVisible()
        ]

    qtbot.waitUntil(lambda: bool(shown()), timeout=5000)
    box = shown()[0]
    log = tmp_path / "logs" / "riskmap.log"
    assert box.text().startswith("发生了意外错误（KeyError") and str(log) in box.text()
    assert "worker-7" in log.read_text(encoding="utf-8")
    box.close()


# -- refusals of the core: a region, a holiday, a layer file --------------------------------------


@pytest.fixture
def window(qtbot, city: Workspace, tmp_path: Path, demo_anchor: dt.date):
    settings = QtCore.QSettings(str(tmp_path / "s.ini"), QtCore.QSettings.Format.IniFormat)
    win = open_window(city, settings, "zh", user="admin", today=demo_anchor)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def _dialog_text(qtbot, parent: QtWidgets.QWidget, error: BaseException) -> str:
    box = show_error(parent, error)
    qtbot.waitUntil(box.isVisible, timeout=5000)
    text = box.text()
    box.close()
    return text


def test_a_region_the_map_refuses_is_said_in_chinese(qtbot, window, city: Workspace) -> None:
    from test_map import centre, drag

    # A circle dragged back to its centre: no radius.
    canvas = window.canvas
    cx, cy = centre(city)
    canvas.set_view_rect(QtCore.QRectF(cx - 10000, cy - 10000, 20000, 20000))
    canvas.set_tool("circle")
    drag(canvas, [(cx, cy), (cx + 2000, cy), (cx, cy)])
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() != "", timeout=5000)
    assert window.statusBar().currentMessage() == "圆的半径须大于 0 米，而不是 0.0"
    assert window.region is None or window.region.kind != "circle"

    # The district picker given a code no district has.
    window.select_district("999999999")
    text = window.statusBar().currentMessage()
    assert text == "没有代码或名称为“999999999”的行政区", text

    # A box wholly outside the map's coordinate system, as the dialog says it.
    with pytest.raises(RegionError) as outside:
        Region.from_bbox_lonlat(10.0, 10.0, 11.0, 11.0, city.crs)
    text = _dialog_text(qtbot, window, outside.value)
    assert text.startswith("矩形范围位于经度 ") and "之外，超出了地图坐标系" in text, text
    assert chinese_only(text), foreign_words(text)


def test_a_holiday_beyond_the_tables_and_a_broken_layer_file(qtbot, window, tmp_path: Path) -> None:
    window.briefing_ui.act_briefing.trigger()
    dlg = window.briefing_ui.dialog
    dlg.set_params("spring_festival", 2050)
    text = dlg.window_label.text()
    assert (
        text.startswith("没有 2050 年春节的日期：官方节假日安排和农历表") and "请直接填写" in text
    )
    assert chinese_only(text), foreign_words(text)
    assert not dlg.generate_button.isEnabled()

    layers = tmp_path / "layers"
    layers.mkdir()
    (layers / "roads.toml").write_text('key = "roads"\n[style]\ncolor = "红色"\n', "utf-8")
    with pytest.raises(CatalogError) as broken:
        load_catalog(layers)
    text = _dialog_text(qtbot, window, broken.value)
    assert text == "图层文件 roads.toml：缺少表 [names]", text
    (layers / "roads.toml").write_text('key = "roads"\ngeometri = "line"\n', "utf-8")
    with pytest.raises(CatalogError) as typo:
        load_catalog(layers)
    text = _dialog_text(qtbot, window, typo.value)
    assert text == "图层文件 roads.toml：未知的键 geometri（是否想写 geometry？）", text
