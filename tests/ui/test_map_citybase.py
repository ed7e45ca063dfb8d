"""The city's own roads, water and land use on the window's map: imported into a copy of the
demo city, drawn under the risk layers in the basemap's greys, switched off from the layer
panel's 底图 row, and read again after an import without reopening the map."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import shapely
from PySide6 import QtCore, QtGui

from riskmap.core.crs import xy_to_lonlat
from riskmap.core.workspace import Workspace
from riskmap.io.importer import import_basemap, read_features
from riskmap.store.access import Actor
from riskmap.store.engine import open_store
from riskmap.ui.map import MapCanvas

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("does not support propagateSizeHints", "does not support raise"),
]
ADMIN = Actor("admin", "admin")
W, H = 800, 600
# The basemap's colours as docs/cartography.md tables them.
ROAD_FILL, LAND, FARMLAND, WATER = "#ffffff", "#f4f3ee", "#efeee6", "#d4dde3"


def _quiet_spot(ws: Workspace) -> tuple[float, float]:
    """A point of the city with no site within 600 m (nothing of the risk layers drawn near)."""
    city = ws.city()
    assert city is not None
    x0, y0, x1, y1 = city.geom.bounds
    for x in np.linspace(x0, x1, 40)[1:-1]:
        for y in np.linspace(y0, y1, 40)[1:-1]:
            area = shapely.Point(x, y).buffer(600.0)
            if city.geom.contains(area) and not len(ws.ids_in(area)):
                return float(x), float(y)
    raise AssertionError("no quiet spot in the demo city")


def _geojson(path: Path, features: list[tuple[dict, shapely.Geometry]], crs: str) -> Path:
    def degrees(g: shapely.Geometry) -> shapely.Geometry:
        return shapely.transform(g, lambda xy: np.column_stack(xy_to_lonlat(xy[:, 0], xy[:, 1],
                                                                           crs)))  # fmt: skip

    doc = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": props,
             "geometry": shapely.geometry.mapping(degrees(g))}
            for props, g in features
        ],
    }  # fmt: skip
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _pixel(img: QtGui.QImage, c: MapCanvas, x: float, y: float) -> str:
    p = c.map_to_widget(x, y)
    return img.pixelColor(p.x(), p.y()).name()


def _near(found: str, expected: str, tol: int = 12) -> bool:
    a, b = QtGui.QColor(found), QtGui.QColor(expected)
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) <= tol


def _line_near(img: QtGui.QImage, c: MapCanvas, x: float, y: float, expected: str) -> bool:
    """A line's colour across its width: some pixel of the 3 × 3 round (x, y) (an antialiased
    2.7 px line need not cover the one pixel its centre rounds to)."""
    p = c.map_to_widget(x, y)
    around = [img.pixelColor(p.x() + dx, p.y() + dy).name() for dx in (-1, 0, 1)
              for dy in (-1, 0, 1)]  # fmt: skip
    return any(_near(v, expected) for v in around)


@pytest.mark.parametrize("mode", ["direct", "raster"])
def test_basemap_drawn_under_the_layers_and_switched_off(qtbot, demo_copy, tmp_path, mode):
    store = open_store(demo_copy)
    with store.engine.begin() as c:  # the demo city's own basemap: only this test's is drawn
        c.exec_driver_sql("DELETE FROM basemap")
    ws = Workspace.load(store)
    x, y = _quiet_spot(ws)
    road = shapely.LineString([(x - 500, y - 100), (x + 500, y - 100)])
    farm = shapely.box(x - 400, y + 50, x + 400, y + 350)
    lake = shapely.box(x - 400, y - 450, x + 400, y - 250)
    osm = _geojson(tmp_path / "osm.geojson", [
        ({"highway": "primary", "name": "测试路"}, road),
        ({"landuse": "farmland"}, farm),
        ({"natural": "water"}, lake),
    ], ws.crs)  # fmt: skip
    report = import_basemap(store, ADMIN, read_features(osm))
    assert report.written and report.imported == 3

    c = MapCanvas(ws, mode=mode)
    qtbot.addWidget(c)
    c.resize(W, H)
    c.show()
    qtbot.waitExposed(c)
    # about 1:13,000 (0.35 m per pixel at 96 dpi): the road, land and the farmland in view
    c.set_view_rect(QtCore.QRectF(x - 140, y - 125, 280, 210))
    qtbot.waitUntil(c.rendering_idle, timeout=30000)
    img = c.view.grab().toImage()
    assert _line_near(img, c, x, y - 100, ROAD_FILL)  # on the road's centreline
    assert _near(_pixel(img, c, x, y + 60), FARMLAND)
    assert _near(_pixel(img, c, x, y), LAND)  # between them: plain land
    # the lake is below this view; zoom out to see it and the road's casing
    c.set_view_rect(QtCore.QRectF(x - 600, y - 600, 1200, 1000))
    qtbot.waitUntil(c.rendering_idle, timeout=30000)
    img = c.view.grab().toImage()
    assert _near(_pixel(img, c, x, y - 350), WATER)

    # the layer panel's 底图 row hides it: land where the road and the lake were
    c.set_city_basemap_visible(False)
    img = c.view.grab().toImage()
    assert _near(_pixel(img, c, x, y - 350), LAND)
    assert _near(_pixel(img, c, x, y - 100), LAND)
    c.set_city_basemap_visible(True)

    # imported again with the lake gone: the map reads its basemap again
    osm = _geojson(tmp_path / "osm.geojson", [({"highway": "primary"}, road)], ws.crs)
    report = import_basemap(store, ADMIN, read_features(osm))
    assert report.written and report.imported == 1
    c.city_basemap.reload()
    qtbot.waitUntil(c.rendering_idle, timeout=30000)
    img = c.view.grab().toImage()
    assert _near(_pixel(img, c, x, y - 350), LAND)
    assert _line_near(img, c, x, y - 100, ROAD_FILL)
    # the basemap lies under every risk layer and the choropleth, over the land colour
    item = c.city_basemap.item
    assert item is not None and c.land.zValue() <= item.zValue()
    children = c.land.parentItem().childItems()  # equal z: drawn in this order
    assert children.index(c.land) < children.index(item)
    layers = [*c._items.values(), *([c.raster.item] if c.raster is not None else [])]
    assert layers and all(item.zValue() < li.zValue() for li in [*layers, c.choropleth])
    c.shutdown()
    store.dispose()
