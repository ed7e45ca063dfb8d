"""The raster basemap under the layers: a local MBTiles file, 天地图 with the user's key or an
XYZ URL template (riskmap.core.tiles.BasemapConfig). Nothing is fetched unless the user
configured an online source; remote tiles load on a small thread pool through the disk cache
(riskmap.io.tilecache), never on the GUI thread.

Web Mercator tiles are placed in the map's metric CRS by their four corners (a projective
transform per tile): within a 256 px tile at city scale the Gauss-Krüger and Mercator grids
differ by far less than a pixel. GCJ-02 tiles (高德, 腾讯) are moved back by the GCJ-02 shift at
each tile's centre (core.tiles.tile_corners), so they sit on the map's WGS84/CGCS2000 data.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
from PySide6 import QtCore, QtGui, QtWidgets

from riskmap.core.crs import lonlat_to_xy, xy_to_lonlat
from riskmap.core.tiles import BasemapConfig, tile_corners, tile_range
from riskmap.errors import RiskmapError
from riskmap.io.mbtiles import MBTilesSource
from riskmap.io.tilecache import TileCache, remote_layers
from riskmap.paths import user_cache_dir
from riskmap.ui.errors import error_text
from riskmap.ui.map.overlays import Z_TILES

if TYPE_CHECKING:
    from riskmap.ui.map.canvas import MapCanvas

TILE_PX = 256
MAX_TILES = 80  # per view; beyond this the zoom level is lowered
CACHE_TILES = 512  # decoded tiles kept in memory (the disk cache keeps many more)
DEBOUNCE_MS = 100
MERC_M_PER_PX_Z0 = 156543.03392804097  # Web Mercator ground resolution at the equator, z 0


class TileSource(Protocol):
    min_zoom: int
    max_zoom: int
    name: str

    def tile(self, z: int, x: int, y: int) -> bytes | None: ...

    def close(self) -> None: ...


def open_sources(config: BasemapConfig) -> list[TileSource]:
    """The sources drawn for `config`, bottom first; a RiskmapError if it cannot be used."""
    config = config.validated()
    if config.kind == "mbtiles":
        return [MBTilesSource(config.path)]
    return list(remote_layers(config, TileCache(user_cache_dir() / "tiles")))


class TileItem(QtWidgets.QGraphicsItem):
    """The tiles of the current view, each drawn into the quad of its corners in map units."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(Z_TILES)
        self.tiles: dict[tuple[int, int, int], tuple[QtGui.QImage, QtGui.QTransform]] = {}
        self._rect = QtCore.QRectF()

    def set_tiles(self, tiles: dict[tuple[int, int, int], tuple[QtGui.QImage, QtGui.QTransform]]):
        self.prepareGeometryChange()
        self.tiles = tiles
        rect = QtCore.QRectF()
        for img, t in tiles.values():
            rect = rect.united(t.mapRect(QtCore.QRectF(img.rect())))
        self._rect = rect
        self.update()

    def boundingRect(self) -> QtCore.QRectF:
        return self._rect

    def paint(self, p: QtGui.QPainter, *_: Any) -> None:
        p.setRenderHint(QtGui.QPainter.RenderHint.SmoothPixmapTransform, True)
        base = p.transform()
        for img, t in self.tiles.values():
            p.setTransform(t * base)
            p.drawImage(0, 0, img)
        p.setTransform(base)


class _Bridge(QtCore.QObject):
    sigTile = QtCore.Signal(object, object)  # (z, x, y), [bytes | None per layer]


class TileLayer(QtCore.QObject):
    """Keeps the tile item filled for the view; remote tiles load on a small thread pool."""

    def __init__(self, canvas: MapCanvas, config: BasemapConfig, sources: list[TileSource]):
        super().__init__(canvas)
        self.canvas, self.config, self.sources = canvas, config, sources
        self.datum = config.tile_datum
        self.min_zoom = max(s.min_zoom for s in sources)
        self.max_zoom = min(s.max_zoom for s in sources)
        self.item = TileItem()
        canvas.vb.addItem(self.item, ignoreBounds=True)
        self.cache: OrderedDict[tuple[int, int, int], QtGui.QImage | None] = OrderedDict()
        self.wanted: set[tuple[int, int, int]] = set()
        self.pending: set[tuple[int, int, int]] = set()
        self.remote = config.kind in ("tianditu", "xyz")
        self.pool = ThreadPoolExecutor(max_workers=4) if self.remote else None
        self.said: set[str] = set()  # refusals already shown (once per layer, not per tile)
        self.bridge = _Bridge(self)
        self.bridge.sigTile.connect(self._arrived)
        self.timer = QtCore.QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self.timer.timeout.connect(self.refresh)

    def view_changed(self) -> None:
        self.timer.start()

    def zoom_for(self, lat: float) -> int:
        px = self.canvas.pixel_size()
        z = round(math.log2(max(MERC_M_PER_PX_Z0 * math.cos(math.radians(lat)) / px, 1.0)))
        return max(self.min_zoom, min(self.max_zoom, z))  # overzoom past the max

    def refresh(self) -> None:
        r = self.canvas.view_rect()
        xs = np.array([r.left(), r.right(), r.right(), r.left()])
        ys = np.array([r.top(), r.top(), r.bottom(), r.bottom()])
        lon, lat = xy_to_lonlat(xs, ys, self.canvas.ws.crs)
        z = self.zoom_for(float(np.mean(lat)))
        # a GCJ-02 tile shows what lies up to ~700 m away: widen the box so edges are covered
        pad = 0.01 if self.datum == "gcj02" else 0.0
        while True:
            x0, y0, x1, y1 = tile_range(
                lon.min() - pad, lat.min() - pad, lon.max() + pad, lat.max() + pad, z
            )
            if (x1 - x0 + 1) * (y1 - y0 + 1) <= MAX_TILES or z <= self.min_zoom:
                break
            z -= 1
        self.wanted = {(z, x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)}
        for key in sorted(self.wanted - set(self.cache) - self.pending):
            if self.pool is not None:
                self.pending.add(key)
                self.pool.submit(self._fetch, key)
            else:
                self._store(key, [s.tile(*key) for s in self.sources])
        self._show()

    def _fetch(self, key: tuple[int, int, int]) -> None:
        self.bridge.sigTile.emit(key, [s.tile(*key) for s in self.sources])

    def _arrived(self, key: tuple[int, int, int], layers: list[bytes | None]) -> None:
        self.pending.discard(key)
        self._store(key, layers)
        self._say_refusals()
        if key in self.wanted:
            self._show()

    def _say_refusals(self) -> None:
        for src in self.sources:
            refusal: RiskmapError | None = getattr(src, "refusal", None)
            if refusal is not None and refusal.code not in self.said:
                self.said.add(refusal.code)
                self.canvas.sigMessage.emit(error_text(refusal))

    def _store(self, key: tuple[int, int, int], layers: list[bytes | None]) -> None:
        self.cache[key] = _compose(layers)
        while len(self.cache) > CACHE_TILES:
            self.cache.popitem(last=False)

    def _show(self) -> None:
        keys = [k for k in self.wanted if self.cache.get(k) is not None]
        tiles = {}
        if keys:
            corners = np.concatenate([tile_corners(*k, datum=self.datum) for k in keys])
            x, y = lonlat_to_xy(corners[:, 0], corners[:, 1], self.canvas.ws.crs)
            for i, k in enumerate(keys):
                img = self.cache[k]
                assert img is not None
                w, h = img.width(), img.height()
                src = QtGui.QPolygonF([QtCore.QPointF(0, 0), QtCore.QPointF(w, 0),
                                       QtCore.QPointF(w, h), QtCore.QPointF(0, h)])  # fmt: skip
                dst = QtGui.QPolygonF(
                    [QtCore.QPointF(x[4 * i + j], y[4 * i + j]) for j in range(4)]
                )
                t = QtGui.QTransform()
                if QtGui.QTransform.quadToQuad(src, dst, t):
                    tiles[k] = (img, t)
        self.item.set_tiles(tiles)

    def close(self) -> None:
        self.timer.stop()
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
        for src in self.sources:
            src.close()
        scene = self.item.scene()
        if scene is not None:
            scene.removeItem(self.item)


def _compose(layers: list[bytes | None]) -> QtGui.QImage | None:
    """One tile's images drawn over each other (天地图: the map, then its labels); None when
    the bottom layer is missing (labels alone on nothing would float over the layers)."""
    images = [QtGui.QImage.fromData(d) if d else QtGui.QImage() for d in layers]
    if not images or images[0].isNull():
        return None
    if len(images) == 1:
        return images[0]
    out = images[0].convertToFormat(QtGui.QImage.Format.Format_ARGB32_Premultiplied)
    p = QtGui.QPainter(out)
    for img in images[1:]:
        if not img.isNull():
            p.drawImage(out.rect(), img)
    p.end()
    return out
