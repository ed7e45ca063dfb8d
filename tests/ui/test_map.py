"""The map canvas on the demo city, offscreen, driven with mouse and key events."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import numpy as np
import pytest
import shapely
from PySide6 import QtCore, QtGui, QtWidgets

from riskmap.core.crs import xy_to_lonlat
from riskmap.core.tiles import BasemapConfig, tile_range
from riskmap.ui.i18n import ui_language
from riskmap.ui.map import MapCanvas
from riskmap.ui.map.overlays import nice_length

Qt = QtCore.Qt
pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    # the offscreen platform plugin says these on show() and on a tooltip; they are not ours
    pytest.mark.qt_log_ignore("does not support propagateSizeHints", "does not support raise"),
]


@pytest.fixture
def canvas(qtbot, demo_ws):
    c = MapCanvas(demo_ws, mode="direct")
    qtbot.addWidget(c)
    c.resize(1200, 800)
    c.show()
    qtbot.waitExposed(c)
    c.zoom_to_extent()
    yield c
    c.shutdown()


@pytest.fixture
def raster_canvas(qtbot, demo_ws):
    c = MapCanvas(demo_ws, mode="raster")
    qtbot.addWidget(c)
    c.resize(1000, 700)
    with qtbot.waitSignal(c.sigFrameRendered, timeout=20000):
        c.show()
    yield c
    c.shutdown()


# ------------------------------------------------------------------------- input helpers


def _send(widget, kind, pos: QtCore.QPoint, button, buttons, mods=Qt.KeyboardModifier.NoModifier):
    p = QtCore.QPointF(pos)
    ev = QtGui.QMouseEvent(kind, p, p, QtCore.QPointF(widget.mapToGlobal(pos)), button, buttons,
                           mods)  # fmt: skip
    QtWidgets.QApplication.sendEvent(widget, ev)


def move(canvas: MapCanvas, x: float, y: float) -> None:
    time.sleep(0.012)  # pyqtgraph drops moves faster than 100/s, as a hand never makes
    none = Qt.MouseButton.NoButton
    _send(canvas.view.viewport(), QtCore.QEvent.Type.MouseMove, canvas.map_to_widget(x, y),
          none, none)  # fmt: skip


def drag(canvas: MapCanvas, points: list[tuple[float, float]], release: bool = True) -> None:
    """Press at the first map point, move through the others with the button held, release."""
    vp = canvas.view.viewport()
    px = [canvas.map_to_widget(x, y) for x, y in points]
    left = Qt.MouseButton.LeftButton
    move(canvas, *points[0])
    _send(vp, QtCore.QEvent.Type.MouseButtonPress, px[0], left, left)
    for p in px[1:]:
        time.sleep(0.012)
        _send(vp, QtCore.QEvent.Type.MouseMove, p, Qt.MouseButton.NoButton, left)
    if release:
        _send(vp, QtCore.QEvent.Type.MouseButtonRelease, px[-1], left, Qt.MouseButton.NoButton)


def click(canvas: MapCanvas, x: float, y: float, double: bool = False, shift: bool = False):
    from PySide6.QtTest import QTest

    move(canvas, x, y)  # pyqtgraph routes a click by the last hover
    mods = Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
    p = canvas.map_to_widget(x, y)
    vp = canvas.view.viewport()
    if double:
        QTest.mouseDClick(vp, Qt.MouseButton.LeftButton, mods, p)
    else:
        QTest.mouseClick(vp, Qt.MouseButton.LeftButton, mods, p)


def key(canvas: MapCanvas, k: Qt.Key) -> None:
    ev = QtGui.QKeyEvent(QtCore.QEvent.Type.KeyPress, k, Qt.KeyboardModifier.NoModifier)
    QtWidgets.QApplication.sendEvent(canvas.view, ev)


def centre(ws) -> tuple[float, float]:
    c = ws.city().geom.centroid
    return c.x, c.y


def grab_at(canvas: MapCanvas, x: float, y: float) -> QtGui.QColor:
    img = canvas.view.grab().toImage()
    p = canvas.map_to_widget(x, y)
    return img.pixelColor(p.x(), p.y())


def plant(ws, with_neighbour: bool = False) -> tuple[int, shapely.Point]:
    """A chemical plant (id, point); optionally one that lies inside or on another feature."""
    code = ws.sites.layer_keys.index("chemical_plants")
    for row in np.flatnonzero(ws.sites.layers == code):
        pt = ws.sites.geoms[row]
        if not with_neighbour or len(ws.index.query(pt.buffer(1.0))) > 1:
            return int(ws.sites.ids[row]), pt
    raise AssertionError("no chemical plant with a neighbour in the demo city")


# ------------------------------------------------------------------------- selection tools


def test_rectangle(qtbot, canvas, demo_ws) -> None:
    cx, cy = centre(demo_ws)
    canvas.set_tool("rect")
    with qtbot.waitSignal(canvas.sigRegionSelected, timeout=5000) as got:
        drag(canvas, [(cx - 9000, cy - 6000), (cx - 2000, cy), (cx + 9000, cy + 6000)])
    region = got.args[0]
    assert region.kind == "rect" and region.crs == demo_ws.crs
    px = canvas.pixel_size()
    x0, y0, x1, y1 = region.geom.bounds
    for got_v, want in zip((x0, y0, x1, y1), (cx - 9000, cy - 6000, cx + 9000, cy + 6000),
                           strict=True):  # fmt: skip
        assert abs(got_v - want) <= px
    assert len(demo_ws.index.query(region.geom)) > 0
    assert canvas.region_item.isVisible() and canvas.region() is region


def test_polygon_double_click_enter_and_backspace(qtbot, canvas, demo_ws) -> None:
    cx, cy = centre(demo_ws)
    canvas.set_tool("polygon")
    tri = [(cx - 10000, cy - 8000), (cx + 12000, cy - 6000), (cx, cy + 10000)]
    with qtbot.waitSignal(canvas.sigRegionSelected, timeout=5000) as got:
        click(canvas, *tri[0])
        click(canvas, *tri[1])
        click(canvas, cx + 20000, cy + 20000)  # a wrong vertex …
        key(canvas, Qt.Key.Key_Backspace)  # … taken back
        click(canvas, *tri[2])
        click(canvas, *tri[2], double=True)
    region = got.args[0]
    assert region.kind == "polygon"
    expected = shapely.Polygon(tri)
    assert shapely.hausdorff_distance(region.geom.exterior, expected.exterior) <= (
        1.5 * canvas.pixel_size()
    )
    assert len(demo_ws.index.query(region.geom)) > 0

    with qtbot.waitSignal(canvas.sigRegionSelected, timeout=5000) as got:
        for x, y in tri:
            click(canvas, x, y)
        key(canvas, Qt.Key.Key_Return)
    assert got.args[0].kind == "polygon"


def test_polygon_shows_vertex_handles_a_live_measure_and_a_hint(qtbot, canvas, demo_ws) -> None:
    cx, cy = centre(demo_ws)
    said: list[str] = []
    canvas.sigMessage.connect(said.append)
    canvas.set_tool("polygon")
    hint = said[-1]
    assert "Backspace" in hint or "撤销" in hint  # says how to close, take back and cancel
    square = [(cx, cy), (cx + 3000, cy), (cx + 3000, cy + 3000)]
    for x, y in square:
        click(canvas, x, y)
    move(canvas, cx, cy + 3000)  # the pointer at the fourth corner: a 3 km square
    handles = canvas.sketch_item.vertices.getData()
    assert len(handles[0]) == 4  # three clicked vertices and the one under the pointer
    assert canvas.sketch_item.isVisible()
    area, perimeter = canvas._furniture.readout[1].split(" · ")
    assert abs(float(area.split()[0]) - 9.0) < 0.2 and area.endswith("km²")
    assert abs(float(perimeter.split()[0]) - 12.0) < 0.2
    key(canvas, Qt.Key.Key_Escape)
    assert not canvas.sketch_item.isVisible() and canvas._furniture.readout is None


def test_lasso(qtbot, canvas, demo_ws) -> None:
    cx, cy = centre(demo_ws)
    canvas.set_tool("lasso")
    ring = [(cx + 8000 * np.cos(t), cy + 8000 * np.sin(t)) for t in np.linspace(0, 2 * np.pi, 40)]
    with qtbot.waitSignal(canvas.sigRegionSelected, timeout=5000) as got:
        drag(canvas, ring)
    region = got.args[0]
    assert region.kind == "lasso"
    assert abs(region.area_km2 - np.pi * 64) / (np.pi * 64) < 0.03
    assert len(demo_ws.index.query(region.geom)) > 0


def test_circle_with_live_radius(qtbot, canvas, demo_ws) -> None:
    cx, cy = centre(demo_ws)
    canvas.set_view_rect(QtCore.QRectF(cx - 10000, cy - 10000, 20000, 20000))  # 1 px ≈ 25 m
    canvas.set_tool("circle")
    drag(canvas, [(cx, cy), (cx + 2000, cy), (cx + 6000, cy)], release=False)
    assert canvas.sketch_item.isVisible()
    readout = canvas._furniture.readout
    assert readout is not None
    radius, area = readout[1].split(" · ")  # the radius, then the area: π × 6² km²
    assert radius.endswith(" km") and abs(float(radius.split()[0]) - 6.0) < 0.05
    assert area.endswith(" km²") and abs(float(area.split()[0]) - 113.1) < 1.0
    with qtbot.waitSignal(canvas.sigRegionSelected, timeout=5000) as got:
        p = canvas.map_to_widget(cx + 6000, cy)
        left = Qt.MouseButton.LeftButton
        _send(canvas.view.viewport(), QtCore.QEvent.Type.MouseButtonRelease, p, left,
              Qt.MouseButton.NoButton)  # fmt: skip
    region = got.args[0]
    assert region.kind == "circle"
    assert abs(region.params["radius_m"] - 6000) / 6000 < 0.01
    cx_got, cy_got = region.params["center"]
    assert abs(cx_got - cx) <= canvas.pixel_size() and abs(cy_got - cy) <= canvas.pixel_size()
    assert len(demo_ws.index.query(region.geom)) > 0
    assert canvas._furniture.readout is None and not canvas.sketch_item.isVisible()


def test_district_click_picks_township_or_county_with_shift(qtbot, canvas, demo_ws) -> None:
    county = demo_ws.counties()[1]
    p = county.geom.representative_point()
    township = next(d for d in demo_ws.districts
                    if d.level == "township" and d.geom.contains(p))  # fmt: skip
    canvas.set_tool("district")
    with qtbot.waitSignal(canvas.sigRegionSelected, timeout=5000) as got:
        click(canvas, p.x, p.y)
    region = got.args[0]
    assert region.kind == "district" and region.params["code"] == township.code
    assert region.geom.equals(township.geom)
    assert len(demo_ws.index.query(region.geom)) > 0
    with qtbot.waitSignal(canvas.sigRegionSelected, timeout=5000) as got:
        click(canvas, p.x, p.y, shift=True)
    assert got.args[0].params["code"] == county.code


def test_esc_cancels_drawings(qtbot, canvas, demo_ws) -> None:
    cx, cy = centre(demo_ws)
    got: list[object] = []
    canvas.sigRegionSelected.connect(got.append)
    canvas.set_tool("polygon")
    click(canvas, cx, cy)
    click(canvas, cx + 5000, cy)
    assert canvas.tools.drawing and canvas.sketch_item.isVisible()
    key(canvas, Qt.Key.Key_Escape)
    assert not canvas.tools.drawing and not canvas.sketch_item.isVisible()
    canvas.set_tool("rect")
    drag(canvas, [(cx, cy), (cx + 3000, cy + 3000), (cx + 6000, cy + 6000)], release=False)
    key(canvas, Qt.Key.Key_Escape)
    p = canvas.map_to_widget(cx + 6000, cy + 6000)
    _send(canvas.view.viewport(), QtCore.QEvent.Type.MouseButtonRelease, p,
          Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton)  # fmt: skip
    qtbot.wait(20)
    assert got == [] and canvas.region() is None


def test_refused_shape_is_a_message(qtbot, canvas, demo_ws) -> None:
    cx, cy = centre(demo_ws)
    got: list[object] = []
    canvas.sigRegionSelected.connect(got.append)
    canvas.set_tool("polygon")
    for x in (cx, cx + 4000, cx + 8000):  # three collinear vertices: no area
        click(canvas, x, cy)
    with qtbot.waitSignal(canvas.sigMessage, timeout=5000) as msg:
        key(canvas, Qt.Key.Key_Return)
    # said in the window's language, whichever a test before this one left
    said = {"zh": "多边形没有面积", "en": "polygon: the polygon has no area"}[ui_language()]
    assert msg.args[0] == said and got == [] and canvas.region() is None


# ------------------------------------------------------------------------- identify, hover


def test_identify_returns_every_site_under_the_cursor(qtbot, canvas, demo_ws) -> None:
    site_id, pt = plant(demo_ws, with_neighbour=True)
    canvas.set_view_rect(QtCore.QRectF(pt.x - 1500, pt.y - 1000, 3000, 2000))
    canvas.set_tool("identify")
    with qtbot.waitSignal(canvas.sigIdentified, timeout=5000) as got:
        click(canvas, pt.x, pt.y)
    ids = got.args[0]
    assert ids[0] == site_id  # the top layer first
    under = demo_ws.index.query(pt.buffer(1.0))
    assert set(under.tolist()) <= set(ids) and len(ids) >= 2
    canvas.set_layer_visible("chemical_plants", False)
    assert site_id not in canvas.identify_at(pt.x, pt.y)


def test_hover_names_the_site_and_cursor_signal(qtbot, canvas, demo_ws) -> None:
    site_id, pt = plant(demo_ws)
    canvas.set_view_rect(QtCore.QRectF(pt.x - 1500, pt.y - 1000, 3000, 2000))
    with qtbot.waitSignal(canvas.sigCursorMoved, timeout=5000) as got:
        move(canvas, pt.x, pt.y)
    x, y, lon, lat = got.args
    assert abs(x - pt.x) <= canvas.pixel_size() and abs(y - pt.y) <= canvas.pixel_size()
    want_lon, want_lat = xy_to_lonlat(np.array([pt.x]), np.array([pt.y]), demo_ws.crs)
    assert abs(lon - want_lon[0]) < 1e-3 and abs(lat - want_lat[0]) < 1e-3
    qtbot.waitUntil(lambda: canvas.hover_text != "", timeout=3000)
    name = canvas.site_names([site_id])[site_id][1]
    assert demo_ws.catalog["chemical_plants"].name_zh in canvas.hover_text
    assert name in canvas.hover_text


# ------------------------------------------------------------------------- layers


def test_hiding_a_layer_removes_it_from_the_picture(qtbot, canvas, demo_ws) -> None:
    _, pt = plant(demo_ws)
    canvas.set_view_rect(QtCore.QRectF(pt.x - 3000, pt.y - 2000, 6000, 4000))
    qtbot.wait(20)
    for key_ in canvas.layer_keys():  # the plant alone over the background
        canvas.set_layer_visible(key_, key_ == "chemical_plants")
    canvas.set_basemap_visible(False)
    before = grab_at(canvas, pt.x, pt.y)
    item = canvas.layer_item("chemical_plants")
    assert item is not None and item.isVisible()
    with qtbot.waitSignal(canvas.sigLayersChanged):
        canvas.set_layer_visible("chemical_plants", False)
    assert not item.isVisible() and not canvas.layer_visible("chemical_plants")
    after = grab_at(canvas, pt.x, pt.y)
    assert before != after
    # just the ground: with the basemap hidden, its land goes too (BASEMAP.outside shows)
    assert after.name() == QtGui.QColor("#e2e8ec").name()


def test_opacity_and_order(qtbot, canvas) -> None:
    canvas.set_layer_opacity("roads", 0.3)
    assert canvas.layer_item("roads").opacity() == pytest.approx(0.3)
    assert canvas.layer_opacity("roads") == pytest.approx(0.3)
    canvas.set_layer_opacity("roads", 7)
    assert canvas.layer_opacity("roads") == 1.0
    canvas.set_layer_order(["chemical_plants", "roads"])
    assert canvas.layer_order()[-2:] == ["chemical_plants", "roads"]
    z = {k: canvas.layer_item(k).zValue() for k in ("chemical_plants", "roads", "forest_fire")}
    assert z["forest_fire"] < z["chemical_plants"] < z["roads"]
    assert "roads" in canvas.visible_layers()
    with pytest.raises(KeyError):
        canvas.set_layer_visible("no_such_layer", True)


def test_raster_mode_draws_and_hides_layers(qtbot, raster_canvas, demo_ws) -> None:
    c = raster_canvas
    _, pt = plant(demo_ws)
    for key_ in c.layer_keys():
        c.set_layer_visible(key_, key_ == "chemical_plants")
    c.set_basemap_visible(False)
    with qtbot.waitSignal(c.sigFrameRendered, timeout=20000):
        c.set_view_rect(QtCore.QRectF(pt.x - 3000, pt.y - 2000, 6000, 4000))
    qtbot.waitUntil(c.rendering_idle, timeout=20000)
    before = grab_at(c, pt.x, pt.y)
    with qtbot.waitSignal(c.sigFrameRendered, timeout=20000):
        c.set_layer_visible("chemical_plants", False)
    after = grab_at(c, pt.x, pt.y)
    # the ground beyond the city (BASEMAP.outside): the basemap's land is hidden with it
    assert before != after and after.name() == QtGui.QColor("#e2e8ec").name()
    assert c.layer_item("chemical_plants") is None  # one image, not an item per layer


# ------------------------------------------------------------------------- view, overlays


def test_scale_bar_follows_the_zoom(canvas) -> None:
    far = canvas.scale_text()
    canvas.zoom_by(16)
    near = canvas.scale_text()
    assert far and near and far != near
    assert nice_length(1234.0) == (1000.0, "1 km") and nice_length(480.0) == (200.0, "200 m")


def test_fly_to_highlight_and_view_rect(qtbot, canvas, demo_ws) -> None:
    site_id, pt = plant(demo_ws)
    canvas.fly_to(site_id)
    r = canvas.view_rect()
    assert r.contains(QtCore.QPointF(pt.x, pt.y))
    assert abs(r.center().x() - pt.x) < canvas.pixel_size() * 2
    canvas.highlight([site_id])
    assert canvas.highlighted() == [site_id] and canvas.highlight_item.isVisible()
    canvas.highlight([])
    assert not canvas.highlight_item.isVisible()
    canvas.selected_sites = [site_id]
    assert canvas.selected_sites == [site_id]
    target = QtCore.QRectF(pt.x - 4000, pt.y - 4000, 8000, 8000)
    canvas.set_view_rect(target)
    shown = canvas.view_rect()
    assert shown.contains(target.adjusted(1, 1, -1, -1))
    assert min(shown.width(), shown.height()) == pytest.approx(8000, rel=0.01)


def test_mbtiles_basemap_draws_a_tile(qtbot, canvas, demo_ws, tmp_path: Path) -> None:
    cx, cy = centre(demo_ws)
    lon, lat = (float(v[0]) for v in xy_to_lonlat(np.array([cx]), np.array([cy]), demo_ws.crs))
    z = 6
    x, y, _, _ = tile_range(lon, lat, lon, lat, z)
    tile = QtGui.QImage(256, 256, QtGui.QImage.Format.Format_RGB32)
    tile.fill(QtGui.QColor("#ff00ff"))
    buf = QtCore.QBuffer()
    buf.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    tile.save(buf, "PNG")
    path = tmp_path / "one.mbtiles"
    con = sqlite3.connect(path)
    con.executescript(
        "CREATE TABLE metadata (name TEXT, value TEXT);"
        "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER,"
        " tile_data BLOB);"
    )
    con.executemany(
        "INSERT INTO metadata VALUES (?, ?)",
        [("name", "test"), ("format", "png"), ("minzoom", "6"), ("maxzoom", "6")],
    )
    con.execute(
        "INSERT INTO tiles VALUES (?, ?, ?, ?)", (z, x, (1 << z) - 1 - y, bytes(buf.data()))
    )  # TMS rows count from the south
    con.commit()
    con.close()
    for key_ in canvas.layer_keys():
        canvas.set_layer_visible(key_, False)
    canvas.set_basemap_visible(False)
    canvas.set_basemap(BasemapConfig(kind="mbtiles", path=str(path)))
    canvas.tiles.refresh()
    assert canvas.tiles.item.tiles
    assert grab_at(canvas, cx, cy).name() == "#ff00ff"
    canvas.set_basemap(None)
    assert grab_at(canvas, cx, cy).name() != "#ff00ff"
