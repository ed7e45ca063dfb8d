"""Risk layers prepared for drawing: numpy arrays per layer, and one graphics item per layer.

`LayerData` holds what drawing needs of one layer (geometries, bboxes, per-feature class codes,
simplified copies per zoom band) and is shared by both drawing paths: the direct items below
(small cities: every layer is one `LayerItem` in the scene) and the off-thread raster renderer
in `render.py` (large cities). Nothing here draws per feature: geometries become one
`QPainterPath` per (geometry family, style class) through `pyqtgraph.arrayToQPath`, and points
one `ScatterPlotItem` per layer.

Pens are always cosmetic and at most 1 px wide: Qt strokes a wider pen through its general
stroker, about 100× slower (measured: 200 k vertices 75 ms at 1 px, 7.9 s at 1.5 px with
antialiasing). Wider TOML widths are drawn as 1 px strokes offset by a fraction of a pixel.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pyqtgraph as pg
import shapely
from PySide6 import QtCore, QtGui, QtWidgets

from riskmap.core.style import parse_color

if TYPE_CHECKING:
    from riskmap.core.catalog import LayerSpec
    from riskmap.core.workspace import Workspace

POINT, LINE, POLYGON = 0, 1, 2
# shapely type id → family: Point, LineString, LinearRing, Polygon, MultiPoint,
# MultiLineString, MultiPolygon, GeometryCollection (drawn as lines)
_FAMILY = np.array([POINT, LINE, LINE, POLYGON, POINT, LINE, POLYGON, LINE], dtype=np.int8)
DEFAULT_FILL_ALPHA = 0x59
BAND_CACHE = 4  # simplified copies kept per layer (zoom bands)
CHUNK_PX = 64  # paths are split into spatial chunks of about this many pixels (grouped_paths)
CULL_FRACTION = 1 / 9  # direct items cull through the index when the view is this small


def family_of(geoms: np.ndarray) -> np.ndarray:
    tid = shapely.get_type_id(geoms)
    out = _FAMILY[np.clip(tid, 0, 7)]
    out[tid < 0] = -1  # missing geometry
    return out


class PassiveScatter(pg.ScatterPlotItem):
    """Points that never take a click: pyqtgraph offers a click to the items under the cursor
    first, and a scatter accepts it when a symbol is near, so a polygon vertex or an identify
    click on top of a site would never reach the map tools."""

    def mouseClickEvent(self, ev: Any) -> None:
        ev.ignore()


class LayerColors:
    """The TOML style resolved to colours per class index (the last index: no class)."""

    def __init__(self, spec: LayerSpec):
        st = spec.style
        base = qcolor(parse_color(st.color))
        self.classes = list(st.classes)
        self.stroke = [qcolor(parse_color(c)) for c in st.classes.values()] + [base]
        fill = qcolor(parse_color(st.fill)) if st.fill else None
        alpha = fill.alpha() if fill is not None else DEFAULT_FILL_ALPHA
        self.fill: list[QtGui.QColor] = []
        for c in self.stroke[:-1]:
            f = QtGui.QColor(c)
            f.setAlpha(alpha)
            self.fill.append(f)
        self.fill.append(fill if fill is not None else _with_alpha(base, alpha))
        self.outline = base  # polygon outlines keep the layer's colour: fills carry the class
        self.width = float(st.width)
        self.symbol = st.symbol
        self.size = float(st.size)
        self.point_pen = base.darker(170)


def qcolor(c: Any) -> QtGui.QColor:
    """A style engine colour (riskmap.core.style.Color: r, g, b, a) as a QColor."""
    return QtGui.QColor(c.r, c.g, c.b, c.a)


def _with_alpha(c: QtGui.QColor, alpha: int) -> QtGui.QColor:
    out = QtGui.QColor(c)
    out.setAlpha(alpha)
    return out


class SiteBounds:
    """Bounding boxes of all sites (n, 4), computed once.

    The spatial index already holds them: when it has seen no edits since the load, they
    are gathered from it (≈20 ms at 10^6 sites) instead of asking GEOS again (≈80 ms, with
    the GIL held). That reads the index's internal arrays, so it checks what it reads and
    falls back to shapely.bounds; a public accessor on SpatialIndex would be the clean way.
    """

    def __init__(self, ws: Workspace):
        self.ws = ws
        self._bounds: np.ndarray | None = None
        self._lock = threading.Lock()

    def get(self) -> np.ndarray:
        with self._lock:
            if self._bounds is None:
                self._bounds = self._from_index()
                if self._bounds is None:
                    self._bounds = shapely.bounds(self.ws.sites.geoms)
            return self._bounds

    def _from_index(self) -> np.ndarray | None:
        return self.ws.index.bounds_of_built(self.ws.sites.ids)


class FixedBounds:
    """Bounding boxes of a few given geometries (a lazy map's viewport load), as SiteBounds."""

    def __init__(self, geoms: np.ndarray):
        self._bounds = shapely.bounds(geoms) if len(geoms) else np.zeros((0, 4))

    def get(self) -> np.ndarray:
        return self._bounds


class LayerData:
    """One layer's features as arrays in site-id order; lazy parts are computed once, locked.

    Construction is cheap (row positions only): bboxes, families, oriented and simplified
    geometries are made on first use, in the render thread for large cities.
    """

    def __init__(
        self,
        spec: LayerSpec,
        code: int,
        ids: np.ndarray,
        rows: np.ndarray,
        geoms: np.ndarray,
        bounds: SiteBounds | FixedBounds,
    ):
        """`ids` are the layer's site ids, `rows` their positions in `geoms` and in `bounds`
        (the workspace's arrays, or a lazy map's viewport load); `code` the index layer code."""
        self.key = spec.key
        self.spec = spec
        self.colors = LayerColors(spec)
        self.code = code
        self.rows = rows
        self.ids: np.ndarray = ids
        self._all_geoms = geoms
        self._site_bounds = bounds
        self.n = len(rows)
        self.cls = np.full(self.n, len(self.colors.classes), dtype=np.int16)
        self.classes_loaded = not (spec.style.class_field and self.colors.classes)
        self._lock = threading.RLock()
        self._bounds: np.ndarray | None = None
        self._boxes: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None
        self._family: np.ndarray | None = None
        self._spacing: float | None = None
        self._families: set[int] | None = None
        self._extent: tuple[float, float, float, float] | None = None
        self._bands: OrderedDict[int, tuple[np.ndarray, np.ndarray]] = OrderedDict()

    def __len__(self) -> int:
        return self.n

    def geoms_at(self, local: np.ndarray) -> np.ndarray:
        return self._all_geoms[self.rows[local]]

    # ------------------------------------------------------------- lazy arrays

    @property
    def bounds(self) -> np.ndarray:
        """(n, 4) minx, miny, maxx, maxy."""
        if self._bounds is None:
            with self._lock:
                if self._bounds is None:
                    self._bounds = np.take(self._site_bounds.get(), self.rows, axis=0)
        return self._bounds

    @property
    def boxes(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(cx, cy, w, h) of each feature's bbox: what density and ink estimates need."""
        if self._boxes is None:
            with self._lock:
                if self._boxes is None:
                    b = self.bounds
                    self._boxes = (
                        (b[:, 0] + b[:, 2]) * 0.5,
                        (b[:, 1] + b[:, 3]) * 0.5,
                        (b[:, 2] - b[:, 0]).astype(np.float32),
                        (b[:, 3] - b[:, 1]).astype(np.float32),
                    )
        return self._boxes

    @property
    def family(self) -> np.ndarray:
        """Geometry family per feature (POINT, LINE, POLYGON; -1: no geometry)."""
        if self._family is None:
            with self._lock:
                if self._family is None:
                    declared = {"point": POINT, "line": LINE, "polygon": POLYGON}
                    fam = declared.get(self.spec.geometry)
                    if fam is not None and self.n >= 10_000:
                        # a large single-geometry layer: trust its TOML and skip the type scan
                        self._family = np.full(self.n, fam, dtype=np.int8)
                    else:
                        self._family = family_of(self.geoms_at(np.arange(self.n)))
        return self._family

    def families(self) -> set[int]:
        if self._families is None:
            self._families = {int(f) for f in np.unique(self.family) if f >= 0}
        return self._families

    def extent(self) -> tuple[float, float, float, float] | None:
        if not self.n:
            return None
        if self._extent is None:
            b = self.bounds
            self._extent = (
                float(np.nanmin(b[:, 0])),
                float(np.nanmin(b[:, 1])),
                float(np.nanmax(b[:, 2])),
                float(np.nanmax(b[:, 3])),
            )
        return self._extent

    def take(self, arr: np.ndarray, local: np.ndarray) -> np.ndarray:
        """arr[local], without the copy when local is the whole layer (local is sorted)."""
        return arr if len(local) == self.n else arr[local]

    def set_classes(self, codes: np.ndarray) -> None:
        self.cls = codes.astype(np.int16, copy=False)
        self.classes_loaded = True

    def vertex_spacing(self) -> float:
        """Median distance between vertices of line/polygon features (m), from a sample."""
        if self._spacing is None:
            local = np.flatnonzero(self.family != POINT)[:: max(1, self.n // 4000)]
            sample = self.geoms_at(local)
            if len(sample):
                n = shapely.get_num_coordinates(sample).astype(float)
                seg = shapely.length(sample) / np.maximum(n - 1, 1)
                self._spacing = float(np.median(seg))
            else:
                self._spacing = 0.0
        return self._spacing

    # ------------------------------------------------------------- culling and LOD

    def in_rect(self, rect: tuple[float, float, float, float], ws: Workspace | None) -> np.ndarray:
        """Local indices of features whose bbox meets rect; through the index for small rects."""
        if not self.n:
            return np.zeros(0, dtype=np.int64)
        x0, y0, x1, y1 = rect
        ext = self.extent()
        if ws is not None and ext is not None and self.code >= 0:
            area = max((ext[2] - ext[0]) * (ext[3] - ext[1]), 1.0)
            if (x1 - x0) * (y1 - y0) < area * CULL_FRACTION:
                ids = ws.index.query_bbox(x0, y0, x1, y1, [self.code])
                pos = np.minimum(np.searchsorted(self.ids, ids), self.n - 1)
                return pos[self.ids[pos] == ids]  # sites added since the load are not drawn
        if ext is not None and x0 <= ext[0] and y0 <= ext[1] and x1 >= ext[2] and y1 >= ext[3]:
            return np.arange(self.n)  # the whole layer is in view
        b = self.bounds
        m = (b[:, 0] <= x1) & (b[:, 2] >= x0) & (b[:, 1] <= y1) & (b[:, 3] >= y0)
        return np.flatnonzero(m)

    def band_geoms(self, local: np.ndarray, band: int, tol: float) -> np.ndarray:
        """Geometries of `local` simplified to `tol` metres (≈ 1 px at `band`), cached per
        feature. Polygons get counter-clockwise shells, so winding fills never cancel where
        two of them overlap. Where vertices are already coarser than the pixels, no copy is
        simplified (band -1: oriented originals)."""
        if tol <= 0.3 * self.vertex_spacing():
            band, tol = -1, 0.0
        with self._lock:
            if band not in self._bands:
                self._bands[band] = (np.empty(self.n, dtype=object), np.zeros(self.n, bool))
                while len(self._bands) > BAND_CACHE:
                    self._bands.popitem(last=False)
            self._bands.move_to_end(band)
            store, done = self._bands[band]
            missing = local[~done[local]]
            if len(missing):
                g = self.geoms_at(missing)
                poly = self.family[missing] == POLYGON
                if poly.any():
                    g[poly] = shapely.orient_polygons(g[poly])
                store[missing] = shapely.simplify(g, tol, preserve_topology=False) if tol else g
                done[missing] = True
            return store[local]


# ---------------------------------------------------------------------------- vertex arrays


def vertex_arrays(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All vertices of `geoms` as (xy, connect, owner): connect[i] joins vertex i to i-1.

    Simple geometries go through one vectorised call; multi-part geometries and polygons with
    holes are split into their parts and rings first, so no stray segment joins two parts.
    """
    if not len(geoms):
        return np.zeros((0, 2)), np.zeros(0, bool), np.zeros(0, np.int64)
    tid = shapely.get_type_id(geoms)
    complex_ = (tid >= 4) | ((tid == 3) & (shapely.get_num_interior_rings(geoms) > 0))
    if not complex_.any():
        xy, owner = shapely.get_coordinates(geoms, return_index=True)
        part = owner
    else:
        simple = np.flatnonzero(~complex_)
        xy_s, own_s = shapely.get_coordinates(geoms[simple], return_index=True)
        cpx = np.flatnonzero(complex_)
        parts, p_owner = shapely.get_parts(geoms[cpx], return_index=True)
        rings, r_owner = _rings(parts)
        xy_c, r_idx = shapely.get_coordinates(rings, return_index=True)
        xy = np.concatenate([xy_s, xy_c])
        owner = np.concatenate([simple[own_s], cpx[p_owner[r_owner[r_idx]]]])
        part = np.concatenate([own_s, len(geoms) + r_idx])  # unique id per ring or part
    connect = np.ones(len(xy), dtype=bool)
    if len(xy):
        connect[0] = False
        connect[1:] = part[1:] == part[:-1]
    return xy, connect, owner


def _rings(parts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Polygon parts → their rings; other parts pass through. Returns (geoms, index into parts)."""
    poly = shapely.get_type_id(parts) == 3
    if not poly.any():
        return parts, np.arange(len(parts))
    other = np.flatnonzero(~poly)
    rings, r_idx = shapely.get_rings(parts[poly], return_index=True)
    return (
        np.concatenate([parts[other], rings]),
        np.concatenate([other, np.flatnonzero(poly)[r_idx]]),
    )


def to_path(x: np.ndarray, y: np.ndarray, joins_prev: np.ndarray) -> QtGui.QPainterPath:
    """A QPainterPath through the vertices; joins_prev[i]: a segment from vertex i-1 to i.

    (pyqtgraph's connect array means the opposite direction: connect[i] joins i to i+1.)
    """
    nxt = np.zeros(len(joins_prev), dtype=bool)
    nxt[:-1] = joins_prev[1:]
    return pg.arrayToQPath(x, y, connect=nxt, finiteCheck=False)


def grouped_paths(
    xy: np.ndarray,
    connect: np.ndarray,
    group: np.ndarray,
    n_groups: int,
    polygon: bool,
    cell: float | None = None,
) -> list[tuple[int, QtGui.QPainterPath]]:
    """QPainterPaths per group (style class) from vertex arrays; groups keep whole parts.

    With `cell` (map units), a group's parts are also split by the grid cell of their first
    vertex: Qt fills a path scanline by scanline over its whole bounding box, so one path of
    polygons spread over the view costs ~100× more than the same polygons in compact chunks
    (measured: 875 forest zones, 7.2 s in one antialiased fill, 46 ms in 64 px cells).
    """
    out: list[tuple[int, QtGui.QPainterPath]] = []
    if not len(xy):
        return out
    starts = np.flatnonzero(~connect)
    lens = np.diff(np.append(starts, len(xy)))
    pkey = group[starts].astype(np.int64)
    if cell:
        gx = np.floor(xy[starts, 0] / cell).astype(np.int64)
        gy = np.floor(xy[starts, 1] / cell).astype(np.int64)
        gx -= gx.min()
        gy -= gy.min()
        pkey = (pkey * (gy.max() + 1) + gy) * (gx.max() + 1) + gx
    if len(pkey) > 1 and np.any(pkey[1:] < pkey[:-1]):
        order = np.argsort(pkey, kind="stable")
        ol = lens[order]
        perm = np.repeat(starts[order] - np.cumsum(ol) + ol, ol) + np.arange(len(xy))
        xy, connect, group = xy[perm], connect[perm], group[perm]
        pkey, lens = pkey[order], ol
    key = np.repeat(pkey, lens)
    brk = np.flatnonzero(np.diff(key)) + 1
    for a, b in zip(np.r_[0, brk], np.r_[brk, len(xy)], strict=True):
        path = to_path(xy[a:b, 0], xy[a:b, 1], connect[a:b])
        if polygon:
            path.setFillRule(QtCore.Qt.FillRule.WindingFill)
        out.append((int(group[a]), path))
    return out


_OFFSETS = {1: ((0.0, 0.0),), 2: ((0.0, 0.0), (0.6, 0.6)), 3: ((0.0, 0.0), (0.9, 0.0), (0.0, 0.9))}


def stroke_offsets(width: float) -> tuple[tuple[float, float], ...]:
    """Device-pixel offsets of 1 px strokes that together read as a `width` px line.

    Up to 1.6 px one antialiased pass reads right (and strokes cost per pixel: each pass
    doubles the cost); 2 px gets a second pass half a pixel off, wider lines three passes.
    """
    if width <= 1.6:
        return _OFFSETS[1]
    return _OFFSETS[2] if width <= 2.4 else _OFFSETS[3]


def band_offsets(width: float) -> list[tuple[float, float]]:
    """Device-pixel offsets of 1 px strokes that together read as a band `width` px wide at
    any angle (the basemap's roads: 1 to 5 px): shifted across x and across y, the band is
    between 70 % (diagonal) and 100 % of `width`. A 1 px antialiased stroke costs some 60×
    less than one wide-pen stroke (bench/basemap.py), so seven passes still cost a tenth."""
    if width <= 1.6:
        return [(0.0, 0.0)]
    half = (width - 1.0) / 2.0
    steps = np.linspace(-half, half, max(2, math.ceil(width))).tolist()
    return [(0.0, 0.0), *((d, 0.0) for d in steps if d), *((0.0, d) for d in steps if d)]


def cosmetic_pen(color: QtGui.QColor) -> QtGui.QPen:
    pen = QtGui.QPen(color)
    pen.setCosmetic(True)
    pen.setWidthF(1.0)
    pen.setJoinStyle(QtCore.Qt.PenJoinStyle.RoundJoin)
    pen.setCapStyle(QtCore.Qt.PenCapStyle.RoundCap)
    return pen


def stroke(p: QtGui.QPainter, path: QtGui.QPainterPath, color: QtGui.QColor, width: float) -> None:
    """Stroke `path` `width` px wide with 1 px cosmetic pens (see the module docstring)."""
    p.setPen(cosmetic_pen(color))
    p.setBrush(QtCore.Qt.BrushStyle.NoBrush)
    offsets = stroke_offsets(width)
    if len(offsets) == 1:
        p.drawPath(path)
        return
    base = p.transform()
    for dx, dy in offsets:
        p.setTransform(base * QtGui.QTransform.fromTranslate(dx, dy))
        p.drawPath(path)
    p.setTransform(base)


def fill(p: QtGui.QPainter, path: QtGui.QPainterPath, color: QtGui.QColor) -> None:
    p.fillPath(path, QtGui.QBrush(color))


def px_size(p: QtGui.QPainter) -> float:
    t = p.transform()
    det = abs(t.m11() * t.m22() - t.m12() * t.m21())
    return 1.0 / math.sqrt(det) if det > 0 else 1.0


def band_of(px: float, base: float) -> tuple[int, float]:
    """Zoom band for a pixel size (m): bands halve the tolerance; tolerance ≈ 1 px."""
    band = max(0, math.ceil(math.log2(max(base, 1e-9) / max(px, 1e-9))))
    return band, base / 2.0**band


# ---------------------------------------------------------------------------- direct items


class PathSet:
    """A layer's line/polygon features at one band as spatial chunks of per-class paths.

    Chunks let a repaint of a strip (the device-coordinate cache scrolls while panning and
    asks only for the newly exposed strip) draw only the paths that meet it.
    """

    def __init__(self, data: LayerData, local: np.ndarray, band: int, tol: float):
        fam = data.family[local]
        self.lines: list[tuple[int, QtGui.QPainterPath, QtCore.QRectF]] = []
        self.polygons: list[tuple[int, QtGui.QPainterPath, QtCore.QRectF]] = []
        k = len(data.colors.stroke)
        for family, polygon in ((LINE, False), (POLYGON, True)):
            sel = local[fam == family]
            if not len(sel):
                continue
            xy, connect, owner = vertex_arrays(data.band_geoms(sel, band, tol))
            paths = grouped_paths(xy, connect, data.cls[sel][owner], k, polygon, CHUNK_PX * tol)
            (self.polygons if polygon else self.lines).extend(
                (g, path, path.controlPointRect()) for g, path in paths
            )


class LayerItem(QtWidgets.QGraphicsObject):
    """A risk layer drawn directly in the scene: one item, paths per class, points as a child.

    The canvas tells it the view (`view_changed`); it picks the zoom band and, when the view
    shows a small part of the layer, culls through the spatial index, then rebuilds its paths
    only when band or culling window change. Device-coordinate caching makes a pan a blit.
    """

    def __init__(self, data: LayerData, ws: Workspace | None, base_px: float):
        """`ws`: the workspace whose index culls the layer; None when `data` holds only what
        a lazy map loaded for its viewport (culled by its own bboxes then)."""
        super().__init__()
        self.data = data
        self.ws = ws
        self.base_px = base_px
        self._paths: PathSet | None = None
        self._key: tuple[int, tuple[float, ...] | None] | None = None
        ext = data.extent() or (0.0, 0.0, 1.0, 1.0)
        self._rect = QtCore.QRectF(ext[0], ext[1], ext[2] - ext[0], ext[3] - ext[1])
        self.setCacheMode(QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setFlag(QtWidgets.QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self.scatter: PassiveScatter | None = None
        pts = np.flatnonzero(data.family == POINT)
        self._has_paths = len(pts) < data.n
        if len(pts):
            self.scatter = self._make_scatter(pts)
            self.scatter.setParentItem(self)

    def _make_scatter(self, pts: np.ndarray) -> PassiveScatter:
        c = self.data.colors
        xy = shapely.get_coordinates(self.data.geoms_at(pts))
        brushes = [pg.mkBrush(col) for col in c.stroke]
        item = PassiveScatter(
            x=xy[:, 0],
            y=xy[:, 1],
            pxMode=True,
            symbol=c.symbol,
            size=c.size,
            pen=pg.mkPen(c.point_pen, width=1),
            brush=[brushes[int(k)] for k in self.data.cls[pts]],
            hoverable=False,
            tip=None,
            data=self.data.ids[pts],
        )
        item.setAcceptHoverEvents(False)
        return item

    def boundingRect(self) -> QtCore.QRectF:
        return self._rect

    def view_changed(self, rect: QtCore.QRectF, px: float) -> None:
        """Pick band and culling window for the view; rebuild paths only when they change."""
        if not self._has_paths:
            return
        band, _ = band_of(px, self.base_px)
        cull = None
        area = max(self._rect.width() * self._rect.height(), 1.0)
        if rect.width() * rect.height() < area * CULL_FRACTION:
            c = self._key[1] if self._key and self._key[0] == band else None
            inside = (
                c is not None
                and (c[0] <= rect.left() and c[1] <= rect.top() and c[2] >= rect.right())
                and c[3] >= rect.bottom()
            )
            if inside:
                return
            w, h = rect.width(), rect.height()  # a window 3× the view: pans stay inside it
            cull = (rect.left() - w, rect.top() - h, rect.right() + w, rect.bottom() + h)
        key = (band, cull)
        if key != self._key:
            self._key = key
            self._paths = None
            self.update()

    def invalidate(self) -> None:
        """Class codes or style changed: rebuild paths and point brushes."""
        self._paths = None
        if self.scatter is not None:
            pts = np.flatnonzero(self.data.family == POINT)
            brushes = [pg.mkBrush(col) for col in self.data.colors.stroke]
            self.scatter.setBrush([brushes[int(k)] for k in self.data.cls[pts]])
        self.update()

    def _ensure_paths(self, px: float) -> PathSet:
        if self._paths is None:
            band, tol = band_of(px, self.base_px)
            cull = self._key[1] if self._key else None
            d = self.data
            local = np.flatnonzero(d.family != POINT)
            if cull is not None:
                hit = d.in_rect(cull, self.ws)
                local = hit[d.family[hit] != POINT]
            self._paths = PathSet(d, local, band, tol)
        return self._paths

    def paint(self, p: QtGui.QPainter, option: QtWidgets.QStyleOptionGraphicsItem, *_: Any) -> None:
        if not self._has_paths:
            return
        paths = self._ensure_paths(px_size(p))
        exposed = option.exposedRect
        c = self.data.colors
        polygons = [t for t in paths.polygons if t[2].intersects(exposed)]
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, False)
        for k, path, _ in polygons:
            fill(p, path, c.fill[k])  # aliased: the antialiased outline covers the edge
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
        for _k, path, _ in polygons:
            stroke(p, path, c.outline, min(c.width, 1.0))
        for k, path, rect in paths.lines:
            if rect.intersects(exposed):
                stroke(p, path, c.stroke[k], c.width)


def layer_data(ws: Workspace, keys: Sequence[str] | None = None) -> dict[str, LayerData]:
    """LayerData for every catalog layer (drawing order, bottom first)."""
    codes = ws.sites.layers
    order = np.argsort(codes, kind="stable")  # one pass for all layers, rows stay id-sorted
    cuts = np.searchsorted(codes[order], np.arange(len(ws.sites.layer_keys) + 1))
    bounds = SiteBounds(ws)
    out = {}
    for k in keys or list(ws.catalog):
        code = ws.sites.layer_keys.index(k) if k in ws.sites.layer_keys else -1
        rows = order[cuts[code] : cuts[code + 1]] if code >= 0 else np.zeros(0, np.int64)
        out[k] = LayerData(ws.catalog[k], code, ws.sites.ids[rows], rows, ws.sites.geoms, bounds)
    return out


def viewport_layer_data(
    ws: Workspace, key: str, ids: np.ndarray, geoms: np.ndarray, classes: np.ndarray
) -> LayerData:
    """LayerData of the sites a lazy map loaded for its viewport on one layer (ids sorted)."""
    keys = ws.sites.layer_keys
    code = keys.index(key) if key in keys else -1
    d = LayerData(ws.catalog[key], code, ids, np.arange(len(ids)), geoms, FixedBounds(geoms))
    d.set_classes(classes)
    return d
