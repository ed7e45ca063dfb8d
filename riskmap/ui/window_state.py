"""The main window's state between sessions (QSettings): geometry and docks, layers, filters,
the view, the basemap and the tool."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from PySide6 import QtCore, QtWidgets

from riskmap.core.tiles import BasemapConfig
from riskmap.ui.map.commands import saved_basemap
from riskmap.ui.panels.layer_panel import BASEMAP_KEY, DISTRICTS_KEY
from riskmap.ui.screen_fit import first_start, keep_on_screen

# The first layout: the dossier dock lists this many rows (the map keeps at least MAP_SHARE of
# the height between the toolbars and the status bar), the layer and detail docks take these
# shares of the width.
DOSSIER_ROWS = 12
MAP_SHARE = 0.5
SIDE_SHARES = (0.16, 0.19)
# A dock is moved or closed on purpose; floating it by a slip of the mouse over its title is not
# offered (View → Reset layout puts everything back in any case).
DOCK_FEATURES = (
    QtWidgets.QDockWidget.DockWidgetFeature.DockWidgetClosable
    | QtWidgets.QDockWidget.DockWidgetFeature.DockWidgetMovable
)

if TYPE_CHECKING:
    from riskmap.ui.main_window import MainWindow


def restore_window(win: MainWindow) -> None:
    """Geometry, docks, layers, filters, view, basemap and tool as the user left them."""
    s = win.settings
    for dock in _docks(win):
        dock.setFeatures(DOCK_FEATURES)
    # What View → Reset layout goes back to: every dock and toolbar where the code put it.
    win.setProperty("default_layout", win.saveState())
    geom = s.value("geometry")
    if not (isinstance(geom, QtCore.QByteArray | bytes) and win.restoreGeometry(geom)):
        first_start(win)
    keep_on_screen(win)  # a session saved on a larger screen opens inside this one
    state = s.value("window_state")
    if not (isinstance(state, QtCore.QByteArray | bytes) and win.restoreState(state)):
        _default_sizes(win)
    for dock in _docks(win):
        dock.setFeatures(DOCK_FEATURES)  # a state saved by an older version may float one
        if dock.isFloating():
            dock.setFloating(False)
    layers = s.value("layers")
    if isinstance(layers, str):
        try:
            win.layer_panel.restore_state(json.loads(layers))
            visible = set(win.layer_panel.visible_layers())
            for key in win.canvas.layer_keys():
                win.canvas.set_layer_visible(key, key in visible)
            win.canvas.set_basemap_visible(DISTRICTS_KEY in visible)
            win.canvas.set_city_basemap_visible(BASEMAP_KEY in visible)
            win.apply_layer_order(win.layer_panel.order())
        except (ValueError, KeyError, TypeError):
            pass  # a stale layout from another version: keep the defaults
    filters = s.value("filters")
    if isinstance(filters, str):
        try:
            f = json.loads(filters)
            win.level_combo.setCurrentIndex(int(f.get("level", 0)))
            win.status_combo.setCurrentIndex(int(f.get("status", 0)))
        except (ValueError, TypeError, AttributeError):
            pass
    view = s.value("view")
    if isinstance(view, str):
        try:
            x, y, w, h = (float(v) for v in json.loads(view))
            win.canvas.set_view_rect(QtCore.QRectF(x, y, w, h))
        except (ValueError, TypeError):
            win.canvas.zoom_to_extent()
    basemap = saved_basemap()
    if not basemap.active:  # chosen before the basemap moved to the user settings
        basemap = BasemapConfig.from_dict(s.value("basemap"))
    if basemap.active:
        win.canvas.set_basemap(basemap)
    tool = s.value("tool")
    win.set_tool(tool if isinstance(tool, str) and tool in win.tool_actions else "pan")


def reset_layout(win: MainWindow) -> None:
    """The docks and toolbars as on a first start: placed, docked, sized; the dossier in front."""
    default = win.property("default_layout")
    if isinstance(default, QtCore.QByteArray | bytes):
        win.restoreState(default)
    for dock in _docks(win):
        dock.setFloating(False)
        dock.setFeatures(DOCK_FEATURES)
    for dock in (win.layer_dock, win.dossier_dock, win.detail_dock):
        dock.show()
    _default_sizes(win)


def _docks(win: MainWindow) -> list[QtWidgets.QDockWidget]:
    direct = QtCore.Qt.FindChildOption.FindDirectChildrenOnly
    return win.findChildren(QtWidgets.QDockWidget, options=direct)


def _default_sizes(win: MainWindow) -> None:
    """The dossier tall enough for DOSSIER_ROWS rows (the map keeps MAP_SHARE of the window's
    height at least), the side docks a share of the width; the dossier in front of its tabs."""
    h, w = win.height(), win.width()
    bars = [win.menuBar(), win.statusBar(), win.toolbar]
    middle = h - sum(b.sizeHint().height() for b in bars)
    rows = win.dossier_panel.height_for_rows(DOSSIER_ROWS) + _dock_chrome(win.dossier_dock)
    win.resizeDocks(
        [win.dossier_dock],
        [min(rows, int(middle * (1 - MAP_SHARE)))],
        QtCore.Qt.Orientation.Vertical,
    )
    win.resizeDocks(
        [win.layer_dock, win.detail_dock],
        [int(w * SIDE_SHARES[0]), int(w * SIDE_SHARES[1])],
        QtCore.Qt.Orientation.Horizontal,
    )
    win.dossier_dock.raise_()


def _dock_chrome(dock: QtWidgets.QDockWidget) -> int:
    """Height a dock adds around its widget: its title, and the tab bar of docks tabbed with it."""
    fm = dock.fontMetrics()
    title = dock.titleBarWidget().sizeHint().height() if dock.titleBarWidget() else fm.height() + 8
    tabs = round(fm.height() * 1.8)
    return title + tabs


def save_window(win: MainWindow) -> None:
    s = win.settings
    s.setValue("geometry", win.saveGeometry())
    s.setValue("window_state", win.saveState())
    s.setValue("layers", json.dumps(win.layer_panel.state()))
    r = win.canvas.view_rect()
    s.setValue("view", json.dumps([r.x(), r.y(), r.width(), r.height()]))
    s.setValue("language", win.lang)
    s.setValue("filters", json.dumps(win.filter_state()))
    s.sync()
