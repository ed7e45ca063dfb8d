"""The real main window, offscreen, driven with mouse events as a user would."""

from __future__ import annotations

import time

import numpy as np
import pytest
import shapely
from PySide6 import QtCore, QtGui, QtWidgets

from riskmap.core.dossier import Filters, build
from riskmap.core.region import Region
from riskmap.core.tiles import BasemapConfig
from riskmap.settings import load_settings
from riskmap.ui.app import open_window

Qt = QtCore.Qt


@pytest.fixture
def window(qtbot, demo_ws, tmp_path):
    settings = QtCore.QSettings(str(tmp_path / "s.ini"), QtCore.QSettings.Format.IniFormat)
    win = open_window(demo_ws, settings, "en")
    qtbot.addWidget(win)
    win.resize(1600, 1000)
    win.show()
    qtbot.waitExposed(win)
    win.canvas.zoom_to_extent()
    yield win
    win.close()


def _send(widget: QtWidgets.QWidget, kind, pos: QtCore.QPoint, button, buttons, mods=None) -> None:
    p = QtCore.QPointF(pos)
    ev = QtGui.QMouseEvent(
        kind, p, p, QtCore.QPointF(widget.mapToGlobal(pos)), button, buttons,
        mods or Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QtWidgets.QApplication.sendEvent(widget, ev)


def drag(canvas, points: list[tuple[float, float]]) -> None:
    """Press at the first map point, move through the others with the button held, release."""
    vp = canvas.view.viewport()
    px = [canvas.map_to_widget(x, y) for x, y in points]
    left = Qt.MouseButton.LeftButton
    _send(vp, QtCore.QEvent.Type.MouseButtonPress, px[0], left, left)
    for p in px[1:]:
        time.sleep(0.011)  # pyqtgraph drops moves faster than 100/s, as a hand never makes
        _send(vp, QtCore.QEvent.Type.MouseMove, p, Qt.MouseButton.NoButton, left)
    _send(vp, QtCore.QEvent.Type.MouseButtonRelease, px[-1], left, Qt.MouseButton.NoButton)


def click(canvas, x: float, y: float, double: bool = False) -> None:
    """QTest clicks: real timestamps, so pyqtgraph tells clicks from double clicks."""
    from PySide6.QtTest import QTest

    vp = canvas.view.viewport()
    p = canvas.map_to_widget(x, y)
    # A user's pointer arrives before it clicks: pyqtgraph routes a click by the last hover,
    # and drops moves that come faster than its rate limit (100/s).
    time.sleep(0.012)
    none = Qt.MouseButton.NoButton
    _send(vp, QtCore.QEvent.Type.MouseMove, p, none, none)
    if double:
        QTest.mouseDClick(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, p)
    else:
        QTest.mouseClick(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, p)


def centre(ws) -> tuple[float, float]:
    c = ws.city().geom.centroid
    return c.x, c.y


def wait_dossier(qtbot, win):
    with qtbot.waitSignal(win.sigDossierReady, timeout=20000) as blocker:
        pass
    return blocker.args[0]


def assert_dossier_matches_core(win, ws, dossier) -> None:
    expected = build(ws, dossier.region, win.filters())
    assert [s.id for s in dossier.sites] == [s.id for s in expected.sites]
    assert [h.id for h in dossier.hazards] == [h.id for h in expected.hazards]
    assert {(u.id, u.role) for u in dossier.units} == {(u.id, u.role) for u in expected.units}
    assert win.dossier_panel.list_tab("hazards") is not None
    assert len(dossier.sites) > 0


def test_rectangle_selection(qtbot, window, demo_ws) -> None:
    cx, cy = centre(demo_ws)
    window.tool_actions["rect"].trigger()
    assert window.canvas.tool() == "rect"
    with qtbot.waitSignal(window.sigDossierReady, timeout=20000) as got:
        drag(window.canvas, [(cx - 9000, cy - 6000), (cx, cy), (cx + 9000, cy + 6000)])
    dossier = got.args[0]
    assert dossier.region.kind == "rect"
    x0, _y0, _x1, y1 = dossier.region.geom.bounds
    px = window.canvas.pixel_size()
    assert abs(x0 - (cx - 9000)) < 2 * px and abs(y1 - (cy + 6000)) < 2 * px
    assert_dossier_matches_core(window, demo_ws, dossier)


def test_polygon_lasso_and_circle(qtbot, window, demo_ws) -> None:
    cx, cy = centre(demo_ws)
    window.set_tool("polygon")
    tri = [(cx - 10000, cy - 8000), (cx + 12000, cy - 6000), (cx, cy + 10000)]
    with qtbot.waitSignal(window.sigDossierReady, timeout=20000) as got:
        for x, y in tri:
            click(window.canvas, x, y)
        QtWidgets.QApplication.sendEvent(
            window.canvas.view,
            QtGui.QKeyEvent(
                QtCore.QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier
            ),
        )
    d = got.args[0]
    assert d.region.kind == "polygon"
    expected = shapely.Polygon(tri)
    # Clicks land on whole pixels: allow a band of two pixels along the outline.
    band = expected.length * 2 * window.canvas.pixel_size()
    assert shapely.symmetric_difference(d.region.geom, expected).area < band
    assert_dossier_matches_core(window, demo_ws, d)

    window.set_tool("lasso")
    ring = [(cx + 8000 * np.cos(t), cy + 8000 * np.sin(t)) for t in np.linspace(0, 2 * np.pi, 40)]
    with qtbot.waitSignal(window.sigDossierReady, timeout=20000) as got:
        drag(window.canvas, ring)
    d = got.args[0]
    assert d.region.kind == "lasso"
    assert abs(d.region.area_km2 - np.pi * 64) / (np.pi * 64) < 0.05
    assert_dossier_matches_core(window, demo_ws, d)

    window.set_tool("circle")
    with qtbot.waitSignal(window.sigDossierReady, timeout=20000) as got:
        drag(window.canvas, [(cx, cy), (cx + 3000, cy), (cx + 6000, cy)])
    d = got.args[0]
    assert d.region.kind == "circle"
    r = np.sqrt(d.region.geom.area / np.pi)
    assert abs(r - 6000) < 2 * window.canvas.pixel_size()
    assert_dossier_matches_core(window, demo_ws, d)


def test_district_click_and_picker(qtbot, window, demo_ws) -> None:
    county = demo_ws.counties()[2]
    p = county.geom.representative_point()
    township = next(
        d for d in demo_ws.districts
        if d.level == "township" and d.geom.contains(p)
    )  # fmt: skip
    window.set_tool("district")
    with qtbot.waitSignal(window.sigDossierReady, timeout=20000) as got:
        click(window.canvas, p.x, p.y)
    d = got.args[0]
    assert d.region.kind == "district" and d.region.params.get("code") == township.code
    assert_dossier_matches_core(window, demo_ws, d)
    with qtbot.waitSignal(window.sigDossierReady, timeout=20000) as got:
        window.select_district(county.code)
    assert got.args[0].region.params.get("code") == county.code


def test_esc_cancels_a_drawing(qtbot, window, demo_ws) -> None:
    cx, cy = centre(demo_ws)
    window.set_tool("polygon")
    click(window.canvas, cx, cy)
    click(window.canvas, cx + 5000, cy)
    assert window.canvas.tools.drawing
    QtWidgets.QApplication.sendEvent(
        window.canvas.view,
        QtGui.QKeyEvent(
            QtCore.QEvent.Type.KeyPress, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier
        ),
    )
    assert not window.canvas.tools.drawing
    assert window.region is None


def test_filters_rerun_the_dossier_on_the_same_region(qtbot, window, demo_ws) -> None:
    cx, cy = centre(demo_ws)
    region = Region.from_circle(cx, cy, 15000, crs=demo_ws.crs)
    with qtbot.waitSignal(window.sigDossierReady, timeout=20000):
        window.set_region(region)
    with qtbot.waitSignal(window.sigDossierReady, timeout=20000) as got:
        window.level_combo.setCurrentIndex(2)  # major
    d = got.args[0]
    assert d.region is region
    assert d.hazards and all(h.level == "major" for h in d.hazards)
    expected = build(demo_ws, region, Filters(levels=("major",), as_of=d.filters.as_of))
    assert [h.id for h in d.hazards] == [h.id for h in expected.hazards]


def test_identify_at_a_known_site(qtbot, window, demo_ws) -> None:
    code = demo_ws.sites.layer_keys.index("chemical_plants")
    row = int(np.flatnonzero(demo_ws.sites.layers == code)[0])
    site_id = int(demo_ws.sites.ids[row])
    pt = demo_ws.sites.geoms[row]
    window.canvas.set_view_rect(QtCore.QRectF(pt.x - 1500, pt.y - 1000, 3000, 2000))
    window.set_tool("identify")
    with qtbot.waitSignal(window.canvas.sigIdentified, timeout=5000) as got:
        click(window.canvas, pt.x, pt.y)
    ids = got.args[0]
    assert site_id in ids
    assert window.detail_panel.detail() is not None
    assert window.detail_panel.detail().id in ids
    assert (
        "危化品" in window.detail_panel.plain_text()
        or "chemical" in window.detail_panel.plain_text().lower()
    )


def test_hidden_layer_is_not_drawn_nor_selected(qtbot, window, demo_ws) -> None:
    window.layer_panel.set_visible("chemical_plants", False)
    assert not window.canvas.layer_visible("chemical_plants")
    item = window.canvas.layer_item("chemical_plants")
    assert item is None or not item.isVisible()
    cx, cy = centre(demo_ws)
    with qtbot.waitSignal(window.sigDossierReady, timeout=20000) as got:
        window.set_region(Region.from_circle(cx, cy, 40000, crs=demo_ws.crs))
    assert "chemical_plants" not in {s.layer for s in got.args[0].sites}


def test_row_click_flies_to_site(qtbot, window, demo_ws) -> None:
    cx, cy = centre(demo_ws)
    with qtbot.waitSignal(window.sigDossierReady, timeout=20000) as got:
        window.set_region(Region.from_circle(cx, cy, 20000, crs=demo_ws.crs))
    hazard = got.args[0].hazards[0]
    view = window.dossier_panel.table_view("hazards")
    idx = view.model().index(0, 0)
    rect = view.visualRect(idx)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.selected_site == hazard.site_id
    geom = demo_ws.index.geometry(hazard.site_id)
    assert window.canvas.view_rect().contains(QtCore.QPointF(geom.centroid.x, geom.centroid.y))
    assert window.canvas.highlighted() == [hazard.site_id]


def test_language_switch_changes_menus(qtbot, window) -> None:
    assert window.menu_file.title() == "&File"
    window.lang_actions["zh"].trigger()
    assert window.menu_file.title() == "文件(&F)"
    assert window.tool_actions["circle"].text() == "圆形"
    assert window.dossier_dock.windowTitle() == "区域档案"
    window.lang_actions["en"].trigger()
    assert window.menu_file.title() == "&File"


def test_state_is_restored_on_restart(qtbot, demo_ws, tmp_path) -> None:
    settings = QtCore.QSettings(str(tmp_path / "r.ini"), QtCore.QSettings.Format.IniFormat)
    win = open_window(demo_ws, settings, "en")
    qtbot.addWidget(win)
    win.show()
    win.set_tool("circle")
    win.layer_panel.set_visible("roads", False)
    rect = QtCore.QRectF(470000, 3930000, 20000, 12000)
    win.canvas.set_view_rect(rect)
    win.close()
    again = open_window(demo_ws, settings, None)
    qtbot.addWidget(again)
    again.show()
    assert again.lang == "en"
    assert again.canvas.tool() == "circle"
    assert not again.canvas.layer_visible("roads")
    got = again.canvas.view_rect()
    assert got.contains(rect.center())
    again.close()


def test_base_map_and_patrol_entries_toggle_without_error(qtbot, window) -> None:
    from riskmap.ui.panels.layer_panel import DISTRICTS_KEY, PATROLS_KEY

    window.layer_panel.set_visible(DISTRICTS_KEY, False)
    assert not window.canvas.basemap_visible()
    window.layer_panel.set_visible(DISTRICTS_KEY, True)
    assert window.canvas.basemap_visible()
    window.layer_panel.set_visible(PATROLS_KEY, False)
    window.layer_panel.move_layer("roads", 0)
    assert "roads" in window.canvas.layer_order()


def test_basemap_source_is_a_remembered_setting(qtbot, demo_ws, tmp_path) -> None:
    import sqlite3

    path = tmp_path / "one.mbtiles"
    con = sqlite3.connect(path)
    con.executescript(
        "CREATE TABLE metadata (name TEXT, value TEXT);"
        "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER,"
        " tile_data BLOB);"
        "INSERT INTO metadata VALUES ('name', 't'), ('format', 'png'), ('minzoom', '6'),"
        " ('maxzoom', '6');"
    )
    con.execute("INSERT INTO tiles VALUES (6, 52, 38, ?)", (b"not drawn in this test",))
    con.commit()
    con.close()
    settings = QtCore.QSettings(str(tmp_path / "b.ini"), QtCore.QSettings.Format.IniFormat)
    win = open_window(demo_ws, settings, "en")
    qtbot.addWidget(win)
    assert win.canvas.tiles is None  # nothing unless the user configures a source
    win.set_basemap(BasemapConfig(kind="mbtiles", path=str(path)))
    assert win.canvas.tiles is not None
    win.close()
    assert load_settings()["basemap"]["path"] == str(path)  # in the user settings
    again = open_window(demo_ws, settings, None)
    qtbot.addWidget(again)
    assert again.canvas.tiles is not None
    assert again.canvas.tiles.config == BasemapConfig(kind="mbtiles", path=str(path))
    again.set_basemap(None)
    assert again.canvas.tiles is None and "basemap" not in load_settings()
    again.close()
