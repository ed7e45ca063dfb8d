"""Off-thread raster rendering of the risk layers (large cities).

A render thread paints each visible layer into its own QImage for the view (plus a margin,
so short pans show no blank edge) and composites them with the layers' opacities into one
image; the GUI shows that image as one item in map coordinates, so while the user pans or
zooms the view simply moves and scales it, and the fresh image for the new view replaces it
DEBOUNCE_MS after the view stops changing. Visibility, opacity and order changes recomposite
the layer images already made. QImage and QPainter are thread-safe; QPixmap is not, and
nothing here touches one.

How a layer is painted depends on what it would cost and show. When its visible features
would cover the view many times over (a whole city of 10^5–10^6 sites), they cannot be told
apart and painting them all costs seconds; so is it when drawing them exactly would exceed the
frame's time budget for a layer. Such a layer is drawn as a density surface in its class
colours (alpha = expected pixel coverage) from bbox centres alone, its largest features still
exact. Otherwise features are drawn exactly: culled to the view, simplified for the zoom band,
one path per class and spatial chunk; point symbols as pre-painted stamps.

The first frame after start-up has no margin and a small budget, so it is on screen fast; the
full frame is requested as soon as it is shown. The admin boundaries are painted into the
same image, over the layers. Class colours (one SQL query per layer) load on another thread
after the first frame and re-render only their layer.
"""

from __future__ import annotations

import math
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pyqtgraph as pg
import shapely
from PySide6 import QtCore, QtGui

from riskmap.core.style.site_class import class_codes
from riskmap.ui.map.layers import (
    CHUNK_PX,
    LINE,
    POINT,
    POLYGON,
    LayerData,
    band_of,
    cosmetic_pen,
    fill,
    grouped_paths,
    stroke,
    to_path,
    vertex_arrays,
)
from riskmap.ui.map.overlays import DistrictGeoms, draw_districts
from riskmap.ui.map.raster_item import RasterItem

if TYPE_CHECKING:
    from riskmap.core.workspace import Workspace
    from riskmap.ui.map.canvas import MapCanvas

DEBOUNCE_MS = 80
MARGIN = 0.15  # of the view size, rendered beyond each edge
DENSITY_INK = 1.0  # a layer whose ink would cover the view this many times is drawn as density
# ... and so is one whose exact drawing would take longer than the frame's budget per layer,
# estimated from what a feature costs here (µs: a point stamp, a line, a filled polygon)
EXACT_US = np.array([2.5, 6.0, 15.0])
LAYER_BUDGET_MS = 150.0
FIRST_LAYER_BUDGET_MS = 25.0  # the first frame: quick, then refined at once
DENSITY_CELL, DENSITY_CELL_MAX = 4, 12  # px per density grid cell
BIG_FEATURE_PX = 40  # in density mode, features larger than this are still drawn exactly,
BIG_MAX = 2000  # ... the largest this many of them
FMT = QtGui.QImage.Format.Format_ARGB32_Premultiplied
LINE_CHUNK_PX = 128


@dataclass(frozen=True)
class FrameSpec:
    """What to render: a map rectangle (x0, y0, x1, y1) onto width × height device pixels."""

    rect: tuple[float, float, float, float]
    width: int
    height: int
    dpr: float = 1.0

    @property
    def res(self) -> float:
        return (self.rect[2] - self.rect[0]) / self.width

    def to_px(self, xy: np.ndarray) -> np.ndarray:
        out = np.empty_like(xy)
        out[:, 0] = (xy[:, 0] - self.rect[0]) / self.res
        out[:, 1] = (self.rect[3] - xy[:, 1]) / self.res
        return out


@dataclass
class Frame:
    gen: int
    spec: FrameSpec
    image: QtGui.QImage
    ms: float
    layers: dict[str, Parts] = field(default_factory=dict)
    limited: bool = False  # some layer is coarser than a frame with the full budget draws it


# ---------------------------------------------------------------------------- painting


# A layer's picture for a frame: images with the device rectangle each covers (a full-size
# image of exact features, a small density grid scaled up).
Parts = list[tuple[QtGui.QImage, QtCore.QRectF]]


def paint_layer(
    d: LayerData, spec: FrameSpec, ws: Workspace, base_px: float, budget_ms: float
) -> tuple[Parts, bool]:
    """One layer's picture for the frame, and whether the budget alone (not crowding) made it
    a density surface: a frame with the full budget would draw its features exactly."""
    local = d.in_rect(spec.rect, ws)
    if not len(local):
        return [], False
    fam = d.take(d.family, local)
    cx, cy, w, h = (d.take(a, local) for a in d.boxes)
    res = np.float32(spec.res)
    w, h = w / res, h / res
    size = d.colors.size * spec.dpr
    kinds = d.families()
    if kinds == {POINT}:
        ink = np.full(len(local), size * size * 0.6, dtype=np.float32)
    elif kinds == {LINE}:
        ink = w + h
    elif kinds == {POLYGON}:
        ink = w * h * np.float32(0.6)
    else:
        ink = np.where(
            fam == POINT, size * size * 0.6, np.where(fam == POLYGON, w * h * 0.6, w + h)
        )
    cost_ms = float(np.bincount(fam[fam >= 0], minlength=3) @ EXACT_US) / 1000.0
    crowded = float(ink.sum()) > DENSITY_INK * spec.width * spec.height
    density = crowded or cost_ms > budget_ms
    parts: Parts = []
    if density:
        # the largest features stay exact: blurred from their centre they would smear
        extent = np.maximum(w, h)
        big = extent > BIG_FEATURE_PX
        if big.sum() > BIG_MAX:
            big = extent >= np.partition(extent, len(extent) - BIG_MAX)[-BIG_MAX]
        small = ~big
        parts += density_image(d, spec, local[small], cx[small], cy[small], ink[small],
                               extent[small])  # fmt: skip
        local = local[big]
    if len(local):
        img = QtGui.QImage(spec.width, spec.height, FMT)
        img.fill(0)
        p = QtGui.QPainter(img)
        try:
            paint_exact(p, d, spec, local, base_px)
        finally:
            p.end()
        parts.append((img, QtCore.QRectF(0, 0, spec.width, spec.height)))
    return parts, density and not crowded and cost_ms <= LAYER_BUDGET_MS


def paint_exact(
    p: QtGui.QPainter, d: LayerData, spec: FrameSpec, local: np.ndarray, base_px: float
) -> None:
    if not len(local):
        return
    c = d.colors
    fam = d.family[local]
    band, tol = band_of(spec.res, base_px)
    k = len(c.stroke)
    for family in (POLYGON, LINE):
        sel = local[fam == family]
        if not len(sel):
            continue
        xy, connect, owner = vertex_arrays(d.band_geoms(sel, band, tol))
        # chunked: Qt fills a path over its bounding box (see grouped_paths), and antialiased
        # strokes of one path spread over the view also grow faster than its length
        cell = CHUNK_PX if family == POLYGON else LINE_CHUNK_PX
        paths = grouped_paths(spec.to_px(xy), connect, d.cls[sel][owner], k, family == POLYGON,
                              cell)  # fmt: skip
        if family == POLYGON:
            p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, False)
            for g, path in paths:
                fill(p, path, c.fill[g])  # aliased fill; the antialiased outline covers the edge
            p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
            for _g, path in paths:
                stroke(p, path, c.outline, min(c.width, 1.0) * spec.dpr)
        else:
            p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
            for g, path in paths:
                stroke(p, path, c.stroke[g], c.width * spec.dpr)
    pts = local[fam == POINT]
    if len(pts):
        paint_symbols(p, d, spec, pts)


_STAMPS: dict[tuple[str, float, int, int], QtGui.QImage] = {}
_STAMPS_LOCK = threading.Lock()


def symbol_stamp(name: str, size: float, brush: QtGui.QColor, pen: QtGui.QColor) -> QtGui.QImage:
    """The pyqtgraph symbol as ScatterPlotItem draws it in pxMode, painted once per style."""
    key = (name, size, brush.rgba(), pen.rgba())
    with _STAMPS_LOCK:
        stamp = _STAMPS.get(key)
        if stamp is None:
            side = math.ceil(size) + 3
            stamp = QtGui.QImage(side, side, FMT)
            stamp.fill(0)
            sp = QtGui.QPainter(stamp)
            sp.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
            sp.translate(side / 2, side / 2)
            sp.scale(size, size)
            sp.setPen(cosmetic_pen(pen))
            sp.setBrush(QtGui.QBrush(brush))
            symbol = pg.graphicsItems.ScatterPlotItem.Symbols.get(name)
            sp.drawPath(symbol if symbol is not None else QtGui.QPainterPath())
            sp.end()
            _STAMPS[key] = stamp
    return stamp


def paint_symbols(p: QtGui.QPainter, d: LayerData, spec: FrameSpec, pts: np.ndarray) -> None:
    """Point symbols: one pre-painted stamp per class, blitted at each point (~2 µs a point,
    a tenth of filling and outlining the same symbols as paths)."""
    c = d.colors
    geoms = d.geoms_at(pts)
    tid = shapely.get_type_id(geoms)
    if np.any(tid != 0):  # multipoints: their first point stands for them
        geoms = np.where(tid == 0, geoms, shapely.get_point(geoms, 0))
    xy = spec.to_px(shapely.get_coordinates(geoms))
    size = c.size * spec.dpr
    cls = d.cls[pts]
    for g in np.unique(cls).tolist():
        stamp = symbol_stamp(c.symbol, size, c.stroke[g], c.point_pen)
        half = stamp.width() / 2
        sel = np.rint(xy[cls == g] - half).astype(np.int64)
        draw = p.drawImage
        for x, y in zip(sel[:, 0].tolist(), sel[:, 1].tolist(), strict=True):
            draw(x, y, stamp)


def density_image(
    d: LayerData,
    spec: FrameSpec,
    local: np.ndarray,
    cx: np.ndarray,
    cy: np.ndarray,
    ink: np.ndarray,
    size_px: np.ndarray,
) -> Parts:
    """Too many features to tell apart: their expected coverage, in class colours.

    Each feature's ink (its symbol, length or area in px) goes to the grid cell of its bbox
    centre, cells about half the typical feature; a 3×3 box and the smooth scaling up spread
    it; alpha is the chance that a pixel is covered (1 − e^−ink per px), the colour the
    ink-weighted class colour.
    """
    if not len(local):
        return []
    sizes = size_px[:: max(1, len(size_px) // 2000)]  # a sample's median is enough
    cell = float(np.clip(np.median(sizes) / 2, DENSITY_CELL, DENSITY_CELL_MAX)) * spec.dpr
    gw, gh = math.ceil(spec.width / cell), math.ceil(spec.height / cell)
    gx = (cx - spec.rect[0]) / (spec.res * cell)
    gy = (spec.rect[3] - cy) / (spec.res * cell)
    ok = (gx >= 0) & (gx < gw) & (gy >= 0) & (gy < gh)
    if not ok.any():
        return []
    flat = gy[ok].astype(np.int64) * gw + gx[ok].astype(np.int64)
    wgt = ink[ok] / (cell * cell)
    fam = d.take(d.family, local)[ok]
    cls = d.take(d.cls, local)[ok]
    # polygons are mostly fill: their colour is the fill's; lines and points, the stroke's
    rgb_s = np.array([q.getRgb()[:3] for q in d.colors.stroke], dtype=np.float64)
    rgb_f = np.array([q.getRgb()[:3] for q in d.colors.fill], dtype=np.float64)
    polygon = fam == POLYGON
    one_colour = len(np.unique(cls[:: max(1, len(cls) // 1000)])) == 1 and (
        polygon.all() or not polygon.any()
    )
    n = gw * gh
    grid = np.empty((1 if one_colour else 4, n), dtype=np.float32)
    grid[0] = np.bincount(flat, wgt, minlength=n)
    rgb = (rgb_f if polygon.any() else rgb_s)[cls[0]]
    if not one_colour:
        for i in range(3):
            col = np.where(polygon, rgb_f[cls, i], rgb_s[cls, i])
            grid[i + 1] = np.bincount(flat, wgt * col, minlength=n)
    grid = _box3(grid.reshape(len(grid), gh, gw))
    total = grid[0]
    strength = 0.9 - 0.45 * float(np.mean(polygon))  # exact fills are translucent too
    alpha = (1.0 - np.exp(-total)) * strength
    out = np.empty((gh, gw, 4), dtype=np.uint8)
    out[..., 3] = alpha * 255
    scale = np.divide(alpha, total, out=np.zeros_like(total), where=total > 0)
    for i, ch in enumerate((2, 1, 0)):  # ARGB32 is B, G, R, A in memory (little endian)
        if one_colour:
            out[..., ch] = alpha * rgb[i]
        else:
            out[..., ch] = np.minimum(grid[i + 1] * scale, 255)
    img = QtGui.QImage(out.data, gw, gh, gw * 4, FMT).copy()  # own its pixels
    return [(img, QtCore.QRectF(0, 0, gw * cell, gh * cell))]


def _box3(grid: np.ndarray) -> np.ndarray:
    """A 3×3 box filter on the last two axes (edges clamp)."""
    for axis in (-1, -2):
        g = np.moveaxis(grid, axis, 0)
        if len(g) < 3:
            continue
        out = g.copy()
        out[1:] += g[:-1]
        out[:-1] += g[1:]
        out[1:-1] /= 3.0
        out[[0, -1]] /= 2.0
        grid = np.moveaxis(out, 0, axis)
    return grid


DISTRICTS = "\x00districts"  # the pseudo-layer of admin boundaries, over the risk layers


def paint_districts(geoms: DistrictGeoms, spec: FrameSpec) -> Parts:
    img = QtGui.QImage(spec.width, spec.height, FMT)
    img.fill(0)
    paths = {}
    for lvl, g in geoms.at(spec.res).items():
        xy, connect, _ = vertex_arrays(g)
        if len(xy):
            px = spec.to_px(xy)
            paths[lvl] = to_path(px[:, 0], px[:, 1], connect)
    p = QtGui.QPainter(img)
    draw_districts(p, paths, spec.dpr)
    p.end()
    return [(img, QtCore.QRectF(0, 0, spec.width, spec.height))]


def composite(
    spec: FrameSpec, layers: dict[str, Parts], states: list[tuple[str, bool, float]]
) -> QtGui.QImage:
    img = QtGui.QImage(spec.width, spec.height, FMT)
    img.fill(0)
    p = QtGui.QPainter(img)
    p.setRenderHint(QtGui.QPainter.RenderHint.SmoothPixmapTransform, True)
    for key, visible, opacity in states:
        if visible and opacity > 0:
            p.setOpacity(opacity)
            for part, rect in layers.get(key, ()):
                p.drawImage(rect, part)
    p.end()
    return img


# ---------------------------------------------------------------------------- threads


class _Bridge(QtCore.QObject):
    """Lives in the GUI thread; worker threads emit through it (queued connections)."""

    sigFrame = QtCore.Signal(object)
    sigClasses = QtCore.Signal(str)


class RenderThread(threading.Thread):
    """Renders the newest request only: requests made while it renders replace each other."""

    def __init__(
        self,
        data: dict[str, LayerData],
        districts: DistrictGeoms,
        ws: Workspace,
        base_px: float,
        bridge: _Bridge,
    ):
        super().__init__(name="riskmap-render", daemon=True)
        self.data, self.ws, self.base_px, self.bridge = data, ws, base_px, bridge
        self.districts = districts
        self._cond = threading.Condition()
        self._job: tuple[Any, ...] | None = None
        self._stopping = False
        self.busy = False
        # per layer: (spec, version, budget, picture, limited by the budget)
        self._cache: dict[str, tuple[FrameSpec, int, float, Parts, bool]] = {}
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="riskmap-layer")

    def submit(
        self,
        gen: int,
        spec: FrameSpec,
        states: list[tuple[str, bool, float]],
        versions: dict[str, int],
        budget_ms: float = LAYER_BUDGET_MS,
    ) -> None:
        with self._cond:
            self._job = (gen, spec, states, dict(versions), budget_ms)
            self._cond.notify()

    def stop(self) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify()

    def run(self) -> None:
        while True:
            with self._cond:
                while self._job is None and not self._stopping:
                    self._cond.wait()
                if self._stopping:
                    break
                job, self._job = self._job, None
                self.busy = True
            try:
                frame = self._render(*job)
            finally:
                self.busy = False
            if frame is not None and not self._stopping:
                try:
                    self.bridge.sigFrame.emit(frame)
                except RuntimeError:  # the canvas was deleted without shutdown()
                    break
        self._pool.shutdown(wait=True)

    def _render(
        self,
        gen: int,
        spec: FrameSpec,
        states: list[tuple[str, bool, float]],
        versions: dict[str, int],
        budget_ms: float,
    ) -> Frame | None:
        t0 = time.perf_counter()
        if self.data:  # every layer needs them: make them once, before the layers split up
            next(iter(self.data.values()))._site_bounds.get()
        wanted = [
            k for k, vis, op in states if vis and op > 0 and (k == DISTRICTS or self.data[k].n)
        ]
        todo = [k for k in wanted if not self._fresh(k, spec, versions.get(k, 0), budget_ms)]
        try:
            futures = {
                k: self._pool.submit(paint_districts, self.districts, spec)
                if k == DISTRICTS
                else self._pool.submit(
                    paint_layer, self.data[k], spec, self.ws, self.base_px, budget_ms
                )
                for k in todo
            }
        except RuntimeError:
            # The process is exiting (concurrent.futures refuses new work then): no frame.
            return None
        for k, fut in futures.items():
            result = fut.result()
            parts, limited = (result, False) if k == DISTRICTS else result
            self._cache[k] = (spec, versions.get(k, 0), budget_ms, parts, limited)
        layers = {k: self._cache[k][3] for k in wanted}
        image = composite(spec, layers, states)
        limited = any(self._cache[k][4] for k in wanted)
        return Frame(gen, spec, image, (time.perf_counter() - t0) * 1e3, layers, limited)

    def _fresh(self, key: str, spec: FrameSpec, version: int, budget_ms: float) -> bool:
        """The cached image of the layer serves this request."""
        hit = self._cache.get(key)
        if hit is None or hit[0] != spec or hit[1] != version:
            return False
        return hit[2] >= budget_ms or not hit[4]  # a larger budget would change nothing


class ClassLoader(threading.Thread):
    """Loads per-feature class codes (one SQL query per layer) after the first frame, for the
    layers asked for (`want`: those drawn at the view's scale, top first); a layer drawn only
    once the user zooms in (its `[style.scale] symbols` range) is read when it is."""

    def __init__(self, data: dict[str, LayerData], store: Any, bridge: _Bridge):
        super().__init__(name="riskmap-classes", daemon=True)
        self.data, self.store, self.bridge = data, store, bridge
        self.stopped = False
        self._queue: list[str] = []
        self._cond = threading.Condition()

    def want(self, keys: list[str]) -> None:
        with self._cond:
            for k in keys:
                if k not in self._queue and not self.data[k].classes_loaded:
                    self._queue.append(k)
            self._cond.notify()

    def stop(self) -> None:
        with self._cond:
            self.stopped = True
            self._cond.notify()

    def run(self) -> None:
        while True:
            with self._cond:
                while not self._queue and not self.stopped:
                    self._cond.wait()
                if self.stopped:
                    return
                key = self._queue[0]
            d = self.data[key]
            d.set_classes(class_codes(self.store, d.spec, d.ids))
            with self._cond:
                self._queue.remove(key)
            try:
                self.bridge.sigClasses.emit(d.key)
            except RuntimeError:  # the canvas was deleted without shutdown()
                return


# ---------------------------------------------------------------------------- GUI side


class RasterLayers(QtCore.QObject):
    """Drives the render thread for a canvas: debounced requests, frames in, classes in."""

    def __init__(self, canvas: MapCanvas):
        super().__init__(canvas)
        self.canvas = canvas
        self.item = RasterItem()
        canvas.vb.addItem(self.item, ignoreBounds=True)
        self.bridge = _Bridge(self)
        self.bridge.sigFrame.connect(self._frame_ready)
        self.bridge.sigClasses.connect(self._classes_ready)
        self.versions = dict.fromkeys(canvas.data, 0)  # bumped when a layer's classes arrive
        self.gen = 0
        self.shown_gen = -1
        self.last_frame: Frame | None = None
        self.thread = RenderThread(
            canvas.data, canvas.district_geoms, canvas.ws, canvas.base_px, self.bridge
        )
        self.thread.start()
        pending = [d for k, d in canvas.data.items() if d.n and not d.classes_loaded]
        self.loader = ClassLoader(canvas.data, canvas.ws.store, self.bridge)
        self.classes_pending = {d.key for d in pending}
        self._started_loader = False
        self.timer = QtCore.QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self.timer.timeout.connect(self.request)

    def view_changed(self) -> None:
        # the first frame waits only for the events of this loop turn (show, resize) to settle
        self.timer.start(0 if self.last_frame is None else DEBOUNCE_MS)

    def layers_changed(self) -> None:
        if self.gen:  # recomposite from the layer images already made
            self.request()
        if self._started_loader:
            self._want_classes()

    def _want_classes(self) -> None:
        """Ask for the classes of the layers drawn now, the top layer first."""
        drawn = [k for k in self.canvas.layer_order() if self.canvas.layer_drawn(k)]
        self.loader.want([k for k in drawn[::-1] if k in self.classes_pending])

    def request(self, budget_ms: float = LAYER_BUDGET_MS) -> None:
        first = self.last_frame is None
        # the first frame: no margin (nothing has panned yet) and a small budget per layer;
        # the full frame follows at once
        spec = self._spec(0.0 if first else MARGIN)
        if spec is None:
            return
        if first:
            budget_ms = min(budget_ms, FIRST_LAYER_BUDGET_MS)
        self.gen += 1
        states = [*self.canvas.layer_state(), (DISTRICTS, self.canvas.basemap_visible(), 1.0)]
        self.thread.submit(self.gen, spec, states, self.versions, budget_ms)

    def _spec(self, margin: float = MARGIN) -> FrameSpec | None:
        vp = self.canvas.view.viewport()
        if vp.width() < 2 or vp.height() < 2 or not vp.isVisible():
            return None
        r = self.canvas.view_rect()
        dpr = float(vp.devicePixelRatioF())
        mx, my = r.width() * margin, r.height() * margin
        w = round(vp.width() * (1 + 2 * margin) * dpr)
        res = (r.width() + 2 * mx) / w
        h = round((r.height() + 2 * my) / res)
        rect = (r.left() - mx, r.top() - my, r.left() - mx + w * res, r.top() - my + h * res)
        return FrameSpec(rect, w, h, dpr)

    def _frame_ready(self, frame: Frame) -> None:
        if frame.gen < self.shown_gen:
            return  # an older request finishing late
        self.shown_gen = frame.gen
        first = self.last_frame is None
        self.last_frame = frame
        self.item.set_frame(frame.image, frame.spec)
        if (first or frame.limited) and frame.gen == self.gen:
            self.request()  # the quick first frame, now in full
        if not self._started_loader:
            self._started_loader = True  # classes load after the first frame is on screen
            self.loader.start()
            self._want_classes()
        self.canvas.sigFrameRendered.emit()

    def _classes_ready(self, key: str) -> None:
        self.classes_pending.discard(key)
        self.versions[key] += 1
        if self.canvas.layer_visible(key):
            self.timer.start()

    def idle(self) -> bool:
        return (
            not self.timer.isActive()
            and not self.thread.busy
            and self.thread._job is None
            and self.shown_gen == self.gen
            and not any(self.canvas.layer_drawn(k) for k in self.classes_pending)
        )

    def shutdown(self) -> None:
        self.timer.stop()
        self.loader.stop()
        self.thread.stop()
        self.thread.join(timeout=5)
        if self.loader.is_alive():
            self.loader.join(timeout=10)
        self.thread._cache.clear()  # the layer pictures: ~15 MB each
        self.last_frame = None
