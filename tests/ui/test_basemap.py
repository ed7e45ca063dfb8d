"""地图 → 底图…: the dialog, and online tiles on the canvas (a local tile server; no network)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6 import QtCore, QtWidgets
from tileserver import TileServer

from riskmap.core.crs import lonlat_to_xy, xy_to_lonlat
from riskmap.core.datum import wgs84_to_gcj02
from riskmap.core.tiles import BasemapConfig
from riskmap.ui.i18n import Translations
from riskmap.ui.map import MapCanvas
from riskmap.ui.map.basemap_dialog import BasemapDialog

KEY = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def zh(qapp) -> Iterator[None]:
    translations = qapp.findChild(Translations) or Translations(qapp)
    assert translations.set_language("zh")
    yield  # the ui conftest puts English back


@pytest.fixture
def canvas(qtbot, demo_ws) -> Iterator[MapCanvas]:
    c = MapCanvas(demo_ws, mode="direct")
    qtbot.addWidget(c)
    c.resize(1200, 800)
    c.show()
    qtbot.waitExposed(c)
    c.zoom_to_extent()
    yield c
    c.shutdown()


def _ok(dlg: BasemapDialog) -> None:
    box = dlg.findChild(QtWidgets.QDialogButtonBox)
    box.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).click()


def test_a_bad_key_keeps_the_dialog_open_and_says_why_in_chinese(qtbot, zh) -> None:
    dlg = BasemapDialog(BasemapConfig())
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.kind.currentIndex() == 0  # 无: nothing is fetched until the user says so
    dlg.kind.setCurrentIndex(2)
    qtbot.keyClicks(dlg.key, "abc")
    _ok(dlg)
    assert dlg.isVisible() and dlg.config() is None
    assert dlg.error.isVisible()
    assert (
        dlg.error.text() == "天地图密钥应为 32 位字母和数字，请从天地图开发者控制台复制完整的密钥"
    )
    dlg.key.setText(f" {KEY} ")
    dlg.tdt_layer.setCurrentIndex(1)
    _ok(dlg)
    assert not dlg.isVisible()
    assert dlg.config() == BasemapConfig(kind="tianditu", key=KEY, layer="img")


def test_a_bad_url_is_refused_and_an_amap_url_is_marked_gcj02(qtbot, zh) -> None:
    dlg = BasemapDialog(BasemapConfig())
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.kind.setCurrentIndex(3)
    assert dlg.datum.currentData() == "wgs84"
    qtbot.keyClicks(dlg.url, "https://tiles.example.cn/{z}/{x}.png")
    _ok(dlg)
    assert dlg.error.text() == "瓦片地址缺少 {y}：地址中须用 {z}、{x}、{y} 标出缩放级别、列号和行号"
    dlg.url.clear()
    amap = "https://webrd0{s}.is.autonavi.com/appmaptile?style=8&x={x}&y={y}&z={z}"
    qtbot.keyClicks(dlg.url, amap)
    assert dlg.datum.currentData() == "gcj02"  # a host known to serve GCJ-02 marks itself
    dlg.subdomains.setText("1, 2")
    _ok(dlg)
    assert dlg.error.text() == (
        "子域名须为字母或数字，每个字符代表一台服务器（如 1234），而不是 1, 2"
    )
    dlg.subdomains.setText("1234")
    _ok(dlg)
    assert dlg.config() == BasemapConfig(kind="xyz", url=amap, datum="gcj02", subdomains="1234")


def test_a_file_that_is_no_tile_file_is_said_in_the_dialog(qtbot, zh, tmp_path: Path) -> None:
    dlg = BasemapDialog(BasemapConfig(kind="mbtiles", path=str(tmp_path / "无.mbtiles")))
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.kind.currentIndex() == 1 and dlg.path.text().endswith("无.mbtiles")
    _ok(dlg)
    assert dlg.error.text() == f"MBTiles 文件不存在：{tmp_path / '无.mbtiles'}"
    assert dlg.config() is None


def test_gcj02_tiles_land_on_the_maps_wgs84_positions(
    qtbot, canvas: MapCanvas, demo_ws, tile_server: TileServer
) -> None:
    c = demo_ws.city().geom.centroid
    canvas.set_view_rect(QtCore.QRectF(c.x - 1500, c.y - 1000, 3000, 2000))
    lon, lat = (float(v[0]) for v in xy_to_lonlat(np.array([c.x]), np.array([c.y]), demo_ws.crs))
    canvas.set_basemap(BasemapConfig(kind="xyz", url=tile_server.url, datum="gcj02"))
    layer = canvas.tiles
    assert layer is not None and layer.datum == "gcj02"
    layer.refresh()
    qtbot.waitUntil(lambda: len(layer.item.tiles) == len(layer.wanted), timeout=10_000)
    # The server drew the site at (lon, lat) at its GCJ-02 position: find that pixel.
    glon, glat = (float(v) for v in wgs84_to_gcj02(lon, lat))
    z = next(iter(layer.wanted))[0]
    assert z >= 14  # a city-scale view
    n = 1 << z
    fx = (glon + 180.0) / 360.0 * n
    fy = (1 - math.log(math.tan(math.pi / 4 + math.radians(glat) / 2)) / math.pi) / 2 * n
    img, transform = layer.item.tiles[(z, int(fx), int(fy))]
    at = transform.map(QtCore.QPointF((fx - int(fx)) * img.width(), (fy - int(fy)) * img.height()))
    want_x, want_y = (
        float(v[0]) for v in lonlat_to_xy(np.array([lon]), np.array([lat]), demo_ws.crs)
    )
    assert math.hypot(at.x() - want_x, at.y() - want_y) < 1.0  # metres in the map's CRS
    # where the uncorrected tile would have put it: GCJ-02's few hundred metres away
    gx, gy = (float(v[0]) for v in lonlat_to_xy(np.array([glon]), np.array([glat]), demo_ws.crs))
    assert 100 < math.hypot(gx - want_x, gy - want_y) < 1000
    # every tile came once, through the disk cache
    assert all(v == 1 for v in tile_server.hits.values())


def test_a_refusing_server_is_said_once_in_chinese(
    qtbot, zh, canvas: MapCanvas, tile_server: TileServer
) -> None:
    tile_server.status = 403
    said: list[str] = []
    canvas.sigMessage.connect(said.append)
    canvas.set_basemap(BasemapConfig(kind="xyz", url=tile_server.url))
    layer = canvas.tiles
    assert layer is not None
    layer.refresh()
    qtbot.waitUntil(lambda: not layer.pending, timeout=10_000)
    assert len(tile_server.hits) > 1  # many tiles refused …
    assert said == ["瓦片服务器 127.0.0.1 拒绝了请求（返回 403），请检查瓦片地址"]  # … said once
    assert not layer.item.tiles
