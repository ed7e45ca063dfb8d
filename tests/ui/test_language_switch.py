"""Switching the language at run time: the window's and every feature package's texts follow
(each retranslates on Qt's LanguageChange), and switching back restores the English."""

from __future__ import annotations

import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from riskmap.ui.app import open_window

# objectName → (English, Chinese), one per feature package and the window's own.
ACTIONS = {
    "act_briefing": ("Briefing…", "节前安全简报…"),
    "act_wall_display": ("Wall display", "指挥中心大屏"),
    "act_database": ("Database…", "数据库…"),
    "act_import_data": ("Import data…", "导入数据…"),
    "act_switch_user": ("Switch user…", "切换用户…"),
    "act_export_ledger": ("Export the ledger (XLSX)…", "导出隐患台账（XLSX）…"),
    "act_patrol_area": ("Draw patrol area", "绘制巡查区域"),
    "act_incident_site": ("Incident at the selected site", "以所选风险点为事发点"),
    "act_reset_layout": ("Reset layout", "重置布局"),
}
MENUS = {  # title without the mnemonic → the Chinese one
    "Ledger": "隐患台账",
    "Patrols": "巡查",
    "Emergency": "应急",
    "Edit": "编辑",
}


@pytest.fixture
def window(qtbot, demo_ws, tmp_path):
    settings = QtCore.QSettings(str(tmp_path / "s.ini"), QtCore.QSettings.Format.IniFormat)
    win = open_window(demo_ws, settings, "en")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def _action_texts(win: QtWidgets.QMainWindow) -> dict[str, str]:
    found = {a.objectName(): a.text() for a in win.findChildren(QtGui.QAction)}
    return {name: found[name] for name in ACTIONS}


def _menu_titles(win: QtWidgets.QMainWindow) -> list[str]:
    titles = [a.text() for a in win.menuBar().actions()]
    return [t.split("(&")[0].replace("&", "") for t in titles]


def test_every_feature_follows_a_language_switch(qtbot, window) -> None:
    assert _action_texts(window) == {k: en for k, (en, _zh) in ACTIONS.items()}
    assert set(MENUS) <= set(_menu_titles(window))
    window.set_language("zh")
    assert _action_texts(window) == {k: zh for k, (_en, zh) in ACTIONS.items()}
    assert set(MENUS.values()) <= set(_menu_titles(window))
    patrols = window.findChild(QtWidgets.QDockWidget, "dock_patrols")
    assert patrols.windowTitle() == "巡查区域"
    assert window.findChild(QtWidgets.QDockWidget, "dock_incident").windowTitle() == "事故周边"
    window.set_language("en")
    assert _action_texts(window) == {k: en for k, (en, _zh) in ACTIONS.items()}
    assert patrols.windowTitle() == "Patrol areas"
