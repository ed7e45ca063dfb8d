"""Optional raster basemap: an XYZ tile URL template or a local MBTiles file.

Nothing is fetched unless a URL is configured. Web Mercator tiles are placed in the map's
metric CRS by their four corners (a projective transform per tile): within a 256 px tile at
city scale the Gauss-Krüger and Mercator grids differ by far less than a pixel. Tiles are
taken as WGS84; those of Chinese providers in GCJ-02 (Amap, Tencent) sit ~300–500 m off.
"""

from __future__ import annotations

import math
import urllib.request
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
from PySide6 import QtCore, QtGui, QtWidgets

from riskmap.core.crs import lonlat_to_xy, xy_to_lonlat
from riskmap.io.mbtiles import MBTilesSource
from riskmap.ui.map.overlays import Z_TILES

if TYPE_CHECKING:
    from riskmap.ui.map.canvas import MapCanvas

TILE_PX = 256
MAX_TILES = 80  # per view; beyond this the zoom level is lowered
CACHE_TILES = 512
DEBOUNCE_MS = 100
MERC_M_PER_PX_Z0 = 156543.03392804097  # Web Mercator ground resolution at the equator, z 0


class TileSource(Protocol):
    min_zoom: int
    max_zoom: int
    name: str

    def tile(self, z: int, x: int, y: int) -> bytes | None: ...

    def close(self) -> None: ...


class XYZSource:
    """A tile server URL template with {z}, {x}, {y} (and optionally {s} for a subdomain)."""

    def __init__(self, template: str, max_zoom: int = 18):
        if not all(k in template for k in ("{z}", "{x}", "{y}")):
            raise ValueError(f"tile URL needs {{z}}, {{x}} and {{y}}: {template!r}")
        self.template = template
        self.min_zoom, self.max_zoom = 0, max_zoom
        self.name = template.split("/")[2] if "//" in template else template

    def tile(self, z: int, x: int, y: int) -> bytes | None:
        url = self.template.format(z=z, x=x, y=y, s="abc"[(x + y) % 3])
        req = urllib.request.Request(url, headers={"User-Agent": "riskmap"})
        try:
            with urllib.request.urlopen(req, timeout=8) as resp:
                return resp.read()
        except OSError:
            return None  # offline or refused: the map works without its basemap

    def close(self) -> None:
        pass


def open_source(spec: str) -> TileSource:
    """'…/x.mbtiles' → MBTilesSource; 'http(s)://…{z}/{x}/{y}…' → XYZSource."""
    if spec.startswith(("http://", "https://")):
        return XYZSource(spec)
    if spec.lower().endswith(".mbtiles"):
        return MBTilesSource(spec)
    raise ValueError(f"a basemap is an .mbtiles file or an http(s) URL template, not {spec!r}")


def tile_range(lon0: float, lat0: float, lon1: float, lat1: float, z: int) -> tuple[int, ...]:
    """Tile columns and rows (x0, y0, x1, y1 inclusive) covering a lon/lat box at zoom z."""
    n = 1 << z

    def tx(lon: float) -> int:
        return min(n - 1, max(0, int((lon + 180.0) / 360.0 * n)))

    def ty(lat: float) -> int:
        lat = max(-85.0511, min(85.0511, lat))
        r = math.radians(lat)
        return min(n - 1, max(0, int((1 - math.asinh(math.tan(r)) / math.pi) / 2 * n)))

    return tx(lon0), ty(lat1), tx(lon1), ty(lat0)


def tile_corners(z: int, x: int, y: int) -> np.ndarray:
    """lon/lat of a tile's corners: top-left, top-right, bottom-right, bottom-left."""
    n = 1 << z
    lons = np.array([x, x + 1, x + 1, x], dtype=float) / n * 360.0 - 180.0
    ys = np.array([y, y, y + 1, y + 1], dtype=float)
    lats = np.degrees(np.arctan(np.sinh(np.pi * (1 - 2 * ys / n))))
    return np.column_stack([lons, lats])


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
    sigTile = QtCore.Signal(object, object)  # (z, x, y), bytes | None


class TileLayer(QtCore.QObject):
    """Keeps the tile item filled for the view; remote tiles load on a small thread pool."""

    def __init__(self, canvas: MapCanvas, source: TileSource):
        super().__init__(canvas)
        self.canvas, self.source = canvas, source
        self.item = TileItem()
        canvas.vb.addItem(self.item, ignoreBounds=True)
        self.cache: OrderedDict[tuple[int, int, int], QtGui.QImage | None] = OrderedDict()
        self.wanted: set[tuple[int, int, int]] = set()
        self.pending: set[tuple[int, int, int]] = set()
        self.remote = isinstance(source, XYZSource)
        self.pool = ThreadPoolExecutor(max_workers=4) if self.remote else None
        self.bridge = _Bridge(self)
        self.bridge.sigTile.connect(self._arrived)
        self.timer = QtCore.QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self.timer.timeout.connect(self.refresh)

    def view_changed(self) -> None:
        self.timer.start()

    def zoom_for(self, lat: float) -> int:
        px = self.canvas.pixel_size()
        z = round(math.log2(max(MERC_M_PER_PX_Z0 * math.cos(math.radians(lat)) / px, 1.0)))
        return max(self.source.min_zoom, min(self.source.max_zoom, z))  # overzoom past the max

    def refresh(self) -> None:
        r = self.canvas.view_rect()
        xs = np.array([r.left(), r.right(), r.right(), r.left()])
        ys = np.array([r.top(), r.top(), r.bottom(), r.bottom()])
        lon, lat = xy_to_lonlat(xs, ys, self.canvas.ws.crs)
        z = self.zoom_for(float(np.mean(lat)))
        while True:
            x0, y0, x1, y1 = tile_range(lon.min(), lat.min(), lon.max(), lat.max(), z)
            if (x1 - x0 + 1) * (y1 - y0 + 1) <= MAX_TILES or z <= self.source.min_zoom:
                break
            z -= 1
        self.wanted = {(z, x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)}
        for key in sorted(self.wanted - set(self.cache) - self.pending):
            if self.pool is not None:
                self.pending.add(key)
                self.pool.submit(self._fetch, key)
            else:
                self._store(key, self.source.tile(*key))
        self._show()

    def _fetch(self, key: tuple[int, int, int]) -> None:
        self.bridge.sigTile.emit(key, self.source.tile(*key))

    def _arrived(self, key: tuple[int, int, int], data: bytes | None) -> None:
        self.pending.discard(key)
        self._store(key, data)
        if key in self.wanted:
            self._show()

    def _store(self, key: tuple[int, int, int], data: bytes | None) -> None:
        img = QtGui.QImage.fromData(data) if data else None
        self.cache[key] = img if img is not None and not img.isNull() else None
        while len(self.cache) > CACHE_TILES:
            self.cache.popitem(last=False)

    def _show(self) -> None:
        keys = [k for k in self.wanted if self.cache.get(k) is not None]
        tiles = {}
        if keys:
            corners = np.concatenate([tile_corners(*k) for k in keys])
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
        self.source.close()
        scene = self.item.scene()
        if scene is not None:
            scene.removeItem(self.item)
