"""The city's own roads, water and land use as the grey basemap of the window's map.

Read off the GUI thread once the map's first frame is shown (the first frame never waits for
it, nor shares the interpreter with its reading), then drawn
by one scene item just above the land colour and under everything else (tiles, risk layers,
district outlines), in the passes of `riskmap.core.basemap.plan` — the plan the printed maps
draw too. Like the district outlines it is cached in device coordinates: a pan is a blit, and
paths are rebuilt only when the zoom band, the scale range or the culling window change.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from PySide6 import QtCore, QtGui, QtWidgets

from riskmap.core.basemap import BasemapData, Step, as_lines, load_basemap, plan, scale_key
from riskmap.core.database import DatabaseError
from riskmap.ui.map.aggregate import denominator
from riskmap.ui.map.layers import (
    CHUNK_PX,
    band_of,
    band_offsets,
    cosmetic_pen,
    grouped_paths,
    qcolor,
    vertex_arrays,
)
from riskmap.ui.map.overlays import PX_PER_PT, Z_TILES

if TYPE_CHECKING:
    from riskmap.ui.map.canvas import MapCanvas

# Over the land colour (Z_TILES - 10), under tiles and layers. The view box lifts everything
# under its own z to one value, so among land, tiles and this item the order of adding decides:
# the land comes first, and this item is stacked under tiles added before it.
Z_CITY_BASEMAP = Z_TILES - 5.0
CULL_FRACTION = 1 / 9  # cull to a window round the view when it shows this little of the city
LINE_CHUNKS = 4  # lines are chunked in cells this many times a polygon chunk's side
REST_MS = 80  # paths are built this long after the last view change (labels wait 60 ms)

Chunks = list[tuple[QtGui.QPainterPath, QtCore.QRectF]]


def build_passes(
    data: BasemapData, bounds: np.ndarray, key: tuple[Any, ...], base_px: float
) -> list[tuple[Step, Chunks]]:
    """The plan's passes for a view `key` (band, scale range, culling window, px) as chunks of
    paths in map units. Qt-safe off the GUI thread (paths are values, nothing is painted)."""
    _band, _scale, cull, px = key
    _, tol = band_of(px, base_px)
    if cull is not None:
        b = bounds
        hit = (b[:, 0] <= cull[2]) & (b[:, 2] >= cull[0]) & (b[:, 1] <= cull[3])
        data = data.take(np.flatnonzero(hit & (b[:, 3] >= cull[1])))
    data = data.simplified(tol)
    out = []
    for step in plan(data, denominator(px)):
        geoms = data.geoms[step.idx]
        polygon = step.what == "fill"
        if not polygon:
            geoms = as_lines(geoms)
            if cull is not None:
                # a line is stroked over its whole length: a street running kilometres
                # beyond the view costs its length, so lines end at the window
                geoms = shapely.clip_by_rect(geoms, *cull)
        xy, connect, _ = vertex_arrays(geoms)
        # Polygons in small chunks (Qt fills a path scanline by scanline over its bounding
        # box); lines in larger ones: a stroke costs its length, and fewer paths build faster.
        cell = CHUNK_PX * tol * (1 if polygon else LINE_CHUNKS)
        paths = grouped_paths(xy, connect, np.zeros(len(xy), np.int64), 1, polygon, cell)
        out.append((step, [(path, path.controlPointRect()) for _g, path in paths]))
    return out


class CityBasemapItem(QtWidgets.QGraphicsObject):
    """The basemap features in the scene, drawn with the plan for the view's scale.

    Paths are built on a thread of their own when the view's key changes (the newest request
    wins); until they arrive the item draws the ones it has when only the culling window moved
    (in map units, so in place), nothing after a zoom to another band: neither the first frame
    nor a zoom frame waits for the basemap.
    """

    sigBuilt = QtCore.Signal(object)

    def __init__(
        self, data: BasemapData, base_px: float, busy: Callable[[], bool] = lambda: False
    ) -> None:
        """`busy`: whether the map is still rendering its risk layers (the build waits)."""
        super().__init__()
        self.busy = busy
        self.data = data
        self.base_px = base_px
        self._bounds = shapely.bounds(data.geoms)
        x0, y0 = np.nanmin(self._bounds[:, :2], axis=0)
        x1, y1 = np.nanmax(self._bounds[:, 2:], axis=0)
        self._rect = QtCore.QRectF(x0, y0, x1 - x0, y1 - y0)
        self._key: tuple[Any, ...] | None = None
        self._passes: list[tuple[Step, Chunks]] | None = None
        self._lock = threading.Lock()
        self._pending = 0
        self.sigBuilt.connect(self._built)
        self._rest = QtCore.QTimer(self, singleShot=True, interval=REST_MS)
        self._rest.timeout.connect(self._start_build)
        self.setZValue(Z_CITY_BASEMAP)
        self.setCacheMode(QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setFlag(QtWidgets.QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)

    def boundingRect(self) -> QtCore.QRectF:
        return self._rect

    def idle(self) -> bool:
        with self._lock:
            return self._pending == 0 and not self._rest.isActive()

    def view_changed(self, rect: QtCore.QRectF, px: float) -> None:
        band, _ = band_of(px, self.base_px)
        scale = scale_key(denominator(px))
        cull = None
        area = max(self._rect.width() * self._rect.height(), 1.0)
        if rect.width() * rect.height() < area * CULL_FRACTION:
            old = self._key[2] if self._key and self._key[:2] == (band, scale) else None
            inside = old is not None and (
                old[0] <= rect.left() and old[1] <= rect.top()
                and old[2] >= rect.right() and old[3] >= rect.bottom()
            )  # fmt: skip
            w, h = rect.width(), rect.height()  # a window 3× the view: pans stay inside it
            cull = old if inside else (
                rect.left() - w, rect.top() - h, rect.right() + w, rect.bottom() + h)  # fmt: skip
        key = (band, scale, cull, px)
        if self._key is None or key[:3] != self._key[:3]:
            if self._key is not None and key[:2] != self._key[:2]:
                # another zoom band: the old paths drawn at this scale would be city-long
                # strokes for nothing (or too coarse); the new ones follow in a moment
                self._passes = None
                self.update()
            self._key = key
            self._rest.start()  # built once the view rests: no frame shares the GIL with it

    def _start_build(self) -> None:
        if self.busy():  # the risk layers' frame first: the basemap waits for it
            self._rest.start()
            return
        key = self._key
        with self._lock:
            self._pending += 1
        threading.Thread(target=self._build, args=(key,), daemon=True,
                         name="riskmap-basemap-paths").start()  # fmt: skip

    def _build(self, key: tuple[Any, ...]) -> None:
        passes = build_passes(self.data, self._bounds, key, self.base_px)
        with contextlib.suppress(RuntimeError):  # the item is gone
            self.sigBuilt.emit((key, passes))

    def _built(self, result: tuple[tuple[Any, ...], list[tuple[Step, Chunks]]]) -> None:
        key, passes = result
        with self._lock:
            self._pending -= 1
        if key == self._key:  # else a newer build is on its way
            self._passes = passes
            self.update()

    def paint(self, p: QtGui.QPainter, option: QtWidgets.QStyleOptionGraphicsItem, *_: Any) -> None:
        if self._passes is None:
            return
        exposed = option.exposedRect
        for step, chunks in self._passes:
            shown = [path for path, r in chunks if r.intersects(exposed)]
            if not shown:
                continue
            if step.what == "fill":
                p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, False)
                assert step.fill is not None
                brush = QtGui.QBrush(qcolor(step.fill))
                for path in shown:
                    p.fillPath(path, brush)
                if step.stroke is None:
                    continue
            p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
            assert step.stroke is not None
            p.setPen(cosmetic_pen(qcolor(step.stroke)))
            p.setBrush(QtCore.Qt.BrushStyle.NoBrush)
            base = p.transform()
            for dx, dy in band_offsets(step.width * PX_PER_PT):
                p.setTransform(base * QtGui.QTransform.fromTranslate(dx, dy))
                for path in shown:
                    p.drawPath(path)
            p.setTransform(base)


class CityBasemap(QtCore.QObject):
    """Reads the city's basemap on a thread of its own and keeps its item on the canvas."""

    sigLoaded = QtCore.Signal(object)

    def __init__(self, canvas: MapCanvas) -> None:
        super().__init__(canvas)
        self.canvas = canvas
        self.item: CityBasemapItem | None = None
        self.visible = True
        self._gen = 0
        self._pending = 0
        self._started = False
        self._lock = threading.Lock()
        self.sigLoaded.connect(self._loaded)

    def start(self) -> None:
        """The first read, once the map's first frame is on screen (called again: nothing)."""
        if not self._started:
            self._started = True
            self.reload()

    def reload(self) -> None:
        """Read the basemap again (after an import); the newest read wins."""
        with self._lock:
            self._gen += 1
            gen = self._gen
            self._pending += 1
        threading.Thread(target=self._run, args=(gen,), daemon=True,
                         name="riskmap-basemap").start()  # fmt: skip

    def _run(self, gen: int) -> None:
        try:
            data: BasemapData | None = load_basemap(self.canvas.ws.store)
        except DatabaseError:  # the store closed mid-read (the window closing): no basemap
            data = None
        with contextlib.suppress(RuntimeError):  # the canvas is gone
            self.sigLoaded.emit((gen, data))

    def _loaded(self, result: tuple[int, BasemapData | None]) -> None:
        gen, data = result
        with self._lock:
            self._pending -= 1
            if gen != self._gen:
                return
        vb = self.canvas.vb
        if self.item is not None:
            vb.removeItem(self.item)
            self.item = None
        if data is None or not len(data):
            return
        canvas = self.canvas
        self.item = CityBasemapItem(
            data, canvas.base_px, lambda: canvas.raster is not None and not canvas.raster.idle()
        )
        self.item.setVisible(self.visible)
        vb.addItem(self.item, ignoreBounds=True)
        tiles = self.canvas.tiles
        if tiles is not None and tiles.item.zValue() == self.item.zValue():
            self.item.stackBefore(tiles.item)
        self.item.view_changed(self.canvas.view_rect(), self.canvas.pixel_size())

    def view_changed(self, rect: QtCore.QRectF, px: float) -> None:
        if self.item is not None:
            self.item.view_changed(rect, px)

    def set_visible(self, visible: bool) -> None:
        self.visible = bool(visible)
        if self.item is not None:
            self.item.setVisible(self.visible)

    def idle(self) -> bool:
        with self._lock:
            if self._pending or not self._started:
                return False
        return self.item is None or self.item.idle()
