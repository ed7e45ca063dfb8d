"""The main window's state between sessions (QSettings): geometry and docks, layers, filters,
the view, the basemap and the tool."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from PySide6 import QtCore

from riskmap.ui.panels.layer_panel import DISTRICTS_KEY

if TYPE_CHECKING:
    from riskmap.ui.main_window import MainWindow


def restore_window(win: MainWindow) -> None:
    """Geometry, docks, layers, filters, view, basemap and tool as the user left them."""
    s = win.settings
    geom = s.value("geometry")
    if isinstance(geom, QtCore.QByteArray | bytes):
        win.restoreGeometry(geom)
    else:
        win.resize(1600, 1000)
    state = s.value("window_state")
    if isinstance(state, QtCore.QByteArray | bytes):
        win.restoreState(state)
    else:
        # First start: the map gets most of the height, the dossier a third.
        h = win.height()
        win.resizeDocks([win.dossier_dock], [int(h * 0.3)], QtCore.Qt.Orientation.Vertical)
        w = win.width()
        win.resizeDocks(
            [win.layer_dock, win.detail_dock],
            [int(w * 0.17), int(w * 0.2)],
            QtCore.Qt.Orientation.Horizontal,
        )
    layers = s.value("layers")
    if isinstance(layers, str):
        try:
            win.layer_panel.restore_state(json.loads(layers))
            visible = set(win.layer_panel.visible_layers())
            for key in win.canvas.layer_keys():
                win.canvas.set_layer_visible(key, key in visible)
            win.canvas.set_basemap_visible(DISTRICTS_KEY in visible)
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
    basemap = s.value("basemap")
    if isinstance(basemap, str) and basemap:
        win.canvas.set_basemap(basemap)
    tool = s.value("tool")
    win.set_tool(tool if isinstance(tool, str) and tool in win.tool_actions else "pan")


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
