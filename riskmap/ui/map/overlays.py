"""What the map draws over its layers: the district basemap and labels, the selected region,
highlighted sites, the sketch of a drawing in progress, and the fixed furniture (scale bar,
north arrow, live readouts) painted in viewport pixels.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pyqtgraph as pg
import shapely
from PySide6 import QtCore, QtGui, QtWidgets

from riskmap.core.style import BASEMAP, OVERLAYS, OverlayStyle
from riskmap.ui.map.layers import (
    PassiveScatter,
    band_of,
    cosmetic_pen,
    grouped_paths,
    px_size,
    qcolor,
    stroke,
    vertex_arrays,
)

if TYPE_CHECKING:
    from riskmap.core.workspace import Workspace

Z_TILES, Z_LAYERS, Z_DISTRICTS, Z_LABELS = -200.0, 0.0, 400.0, 500.0
Z_REGION, Z_HIGHLIGHT, Z_SKETCH = 800.0, 900.0, 1000.0
# Patrol areas lie over the risk layers (the layer panel's top group; translucent, so the sites
# show through) and under the district outlines, their names with the district names. Uncovered
# high-risk sites stand above every layer and the selected region, under the highlight of the
# site picked from their list (else their outline would hide it); the vertex handles of an edit
# are above everything.
Z_PATROLS, Z_PATROL_LABELS = Z_DISTRICTS - 100.0, Z_LABELS + 10.0
Z_GAPS, Z_EDIT = Z_REGION + 50.0, Z_SKETCH + 10.0

INK = QtGui.QColor("#263238")
HALO = QtGui.QColor(255, 255, 255, 220)
SKETCH = qcolor(OVERLAYS["sketch"].stroke)
PX_PER_PT = 96.0 / 72.0  # the engine's sizes are points; a screen pixel is 1/96 inch


def overlay_pen(width_pt: float, color: QtGui.QColor, dash: tuple[float, ...] = ()) -> QtGui.QPen:
    pen = cosmetic_pen(color)
    pen.setWidthF(max(width_pt * PX_PER_PT, 1.0))
    if dash:
        pen.setDashPattern(list(dash))  # in multiples of the width, as the engine gives them
    return pen


def paint_overlay(p: QtGui.QPainter, path: QtGui.QPainterPath, style: OverlayStyle) -> None:
    """A path in an overlay's style (riskmap.core.style.OVERLAYS): its fill, the casing under
    the line, then the line. A few hundred vertices at most: wide pens cost nothing here."""
    p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
    if style.fill is not None:
        p.fillPath(path, qcolor(style.fill))
    p.setBrush(QtCore.Qt.BrushStyle.NoBrush)
    if style.casing is not None:
        p.setPen(overlay_pen(style.width + style.casing_width, qcolor(style.casing)))
        p.drawPath(path)
    p.setPen(overlay_pen(style.width, qcolor(style.stroke), style.dash))
    p.drawPath(path)


HIGHLIGHT_MAX = 20_000  # more than this is a selection to list, not to outline one by one


def nice_length(max_m: float) -> tuple[float, str]:
    """The longest round length (1, 2, 5 × 10^k m) not above max_m, and its text."""
    if not math.isfinite(max_m) or max_m <= 0:
        return 0.0, ""
    k = 10 ** math.floor(math.log10(max_m))
    length = max(m * k for m in (1, 2, 5) if m * k <= max_m)
    return length, f"{length / 1000:g} km" if length >= 1000 else f"{length:g} m"


def map_font(point_size: float, bold: bool = False) -> QtGui.QFont:
    from riskmap.ui.fonts import find_cjk_family

    font = QtGui.QFont()
    family = find_cjk_family()
    if family:
        font.setFamilies([family])
    font.setPointSizeF(point_size)
    font.setBold(bold)
    return font


def draw_halo_text(
    p: QtGui.QPainter, pos: QtCore.QPointF, text: str, font: QtGui.QFont, ink: QtGui.QColor = INK
) -> None:
    """Text centred on pos with a white halo, readable over any layer."""
    path = QtGui.QPainterPath()
    fm = QtGui.QFontMetricsF(font)
    w = fm.horizontalAdvance(text)
    path.addText(pos.x() - w / 2, pos.y() + fm.ascent() / 2 - fm.descent() / 2, font, text)
    p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
    pen = QtGui.QPen(HALO)
    pen.setWidthF(3.0)
    pen.setJoinStyle(QtCore.Qt.PenJoinStyle.RoundJoin)
    p.strokePath(path, pen)
    p.fillPath(path, ink)


# ---------------------------------------------------------------------------- fixed furniture


class Furniture:
    """Scale bar (bottom-left), north arrow (top-right) and a readout next to the cursor,
    painted in viewport pixels over the scene (GraphicsView.drawForeground)."""

    def __init__(self) -> None:
        self.font = map_font(9)
        self.k = 1.0  # size of the scale bar and north arrow, times the desktop's
        self.scale_text = ""
        self.scale_px = 0.0
        self.m_per_px = 0.0
        self.readout: tuple[QtCore.QPointF, str] | None = None
        self.note = ""  # a line over the top of the map, e.g. that not every site is shown
        # the choropleth's key (bottom right) while it is drawn: title, (range, colour) rows
        self.legend_title = ""
        self.legend: list[tuple[str, QtGui.QColor]] = []
        self.legend_box = QtCore.QRectF()  # where it was painted (labels keep clear of it)

    def set_size(self, k: float) -> None:
        """Scale bar and north arrow `k` times their desktop size (a wall read from afar)."""
        self.k = max(1.0, float(k))
        self.font = map_font(9 * self.k)
        self.update_scale(self.m_per_px)

    def update_scale(self, m_per_px: float, max_px: float = 160.0) -> None:
        self.m_per_px = m_per_px
        length, text = nice_length(m_per_px * max_px * self.k)
        self.scale_text = text
        self.scale_px = length / m_per_px if m_per_px > 0 else 0.0

    def paint(self, p: QtGui.QPainter, vp: QtCore.QRect) -> None:
        p.save()
        p.resetTransform()
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
        self._scale_bar(p, vp)
        self._north_arrow(p, vp)
        if self.note:
            self._note(p, vp)
        self.legend_box = self._legend(p, vp) if self.legend else QtCore.QRectF()
        if self.readout is not None:
            pos, text = self.readout
            p.setFont(self.font)
            box = QtGui.QFontMetricsF(self.font).boundingRect(text).adjusted(-4, -2, 4, 2)
            box.moveTopLeft(pos + QtCore.QPointF(14, 10))
            p.setPen(QtGui.QPen(SKETCH, 1.0))
            p.setBrush(QtGui.QColor(255, 255, 255, 230))
            p.drawRoundedRect(box, 3, 3)
            p.setPen(INK)
            p.drawText(box, QtCore.Qt.AlignmentFlag.AlignCenter, text)
        p.restore()

    def legend_rect(self, vp: QtCore.QRect) -> QtCore.QRectF:
        """Where the choropleth's key goes in a viewport `vp` (empty: no key)."""
        if not self.legend:
            return QtCore.QRectF()
        k = self.k
        fm = QtGui.QFontMetricsF(self.font)
        row = fm.height() + 2 * k
        sw = 14.0 * k
        width = max([fm.horizontalAdvance(self.legend_title),
                     *(sw + 6 * k + fm.horizontalAdvance(t) for t, _c in self.legend)])  # fmt: skip
        box = QtCore.QRectF(0, 0, width + 16 * k, row * (len(self.legend) + 1) + 12 * k)
        box.moveBottomRight(QtCore.QPointF(vp.right() - 12.0 * k, vp.bottom() - 12.0 * k))
        return box

    def _legend(self, p: QtGui.QPainter, vp: QtCore.QRect) -> QtCore.QRectF:
        k = self.k
        fm = QtGui.QFontMetricsF(self.font)
        row = fm.height() + 2 * k
        sw = 14.0 * k
        width = max([fm.horizontalAdvance(self.legend_title),
                     *(sw + 6 * k + fm.horizontalAdvance(t) for t, _c in self.legend)])  # fmt: skip
        box = self.legend_rect(vp)
        p.setPen(QtCore.Qt.PenStyle.NoPen)
        p.setBrush(QtGui.QColor(255, 255, 255, 215))
        p.drawRoundedRect(box, 4, 4)
        p.setFont(self.font)
        x, y = box.left() + 8 * k, box.top() + 6 * k
        p.setPen(INK)
        p.drawText(QtCore.QRectF(x, y, width, row), QtCore.Qt.AlignmentFlag.AlignVCenter,
                   self.legend_title)  # fmt: skip
        for text, color in self.legend:
            y += row
            p.setPen(QtGui.QPen(QtGui.QColor(120, 120, 120), 0.8))
            p.setBrush(color)
            p.drawRect(QtCore.QRectF(x, y + (row - sw * 0.7) / 2, sw, sw * 0.7))
            p.setPen(INK)
            p.drawText(QtCore.QRectF(x + sw + 6 * k, y, width, row),
                       QtCore.Qt.AlignmentFlag.AlignVCenter, text)  # fmt: skip
        return box

    def _note(self, p: QtGui.QPainter, vp: QtCore.QRect) -> None:
        p.setFont(self.font)
        box = QtGui.QFontMetricsF(self.font).boundingRect(self.note).adjusted(-10, -5, 10, 5)
        box.moveCenter(QtCore.QPointF(vp.center().x(), vp.top() + 12.0 + box.height() / 2))
        p.setPen(QtGui.QPen(INK, 1.0))
        p.setBrush(QtGui.QColor(255, 248, 225, 235))
        p.drawRoundedRect(box, 4, 4)
        p.drawText(box, QtCore.Qt.AlignmentFlag.AlignCenter, self.note)

    def _scale_bar(self, p: QtGui.QPainter, vp: QtCore.QRect) -> None:
        if self.scale_px <= 0:
            return
        k = self.k
        x0, y0 = vp.left() + 16.0 * k, vp.bottom() - 18.0 * k
        w = self.scale_px
        p.setPen(QtCore.Qt.PenStyle.NoPen)
        p.setBrush(QtGui.QColor(255, 255, 255, 200))
        p.drawRoundedRect(QtCore.QRectF(x0 - 8 * k, y0 - 22 * k, w + 16 * k, 32 * k), 3 * k, 3 * k)
        p.setBrush(INK)
        p.drawRect(QtCore.QRectF(x0, y0 - 3 * k, w / 2, 4 * k))
        p.setBrush(QtGui.QColor("white"))
        p.setPen(QtGui.QPen(INK, k))
        p.drawRect(QtCore.QRectF(x0 + w / 2, y0 - 3 * k, w / 2, 4 * k))
        p.setFont(self.font)
        p.drawText(QtCore.QPointF(x0, y0 - 7 * k), "0")
        fm = QtGui.QFontMetricsF(self.font)
        p.drawText(QtCore.QPointF(x0 + w - fm.horizontalAdvance(self.scale_text), y0 - 7 * k),
                   self.scale_text)  # fmt: skip

    def _north_arrow(self, p: QtGui.QPainter, vp: QtCore.QRect) -> None:
        # grid north of the Gauss-Krüger zone: within a degree or two of true north in a city
        k = self.k
        cx, top = vp.right() - 34.0 * k, vp.top() + 16.0 * k
        left = QtGui.QPolygonF([QtCore.QPointF(cx, top), QtCore.QPointF(cx - 9 * k, top + 34 * k),
                                QtCore.QPointF(cx, top + 27 * k)])  # fmt: skip
        right = QtGui.QPolygonF([QtCore.QPointF(cx, top), QtCore.QPointF(cx + 9 * k, top + 34 * k),
                                 QtCore.QPointF(cx, top + 27 * k)])  # fmt: skip
        p.setPen(QtGui.QPen(INK, k))
        p.setBrush(INK)
        p.drawPolygon(left)
        p.setBrush(QtGui.QColor("white"))
        p.drawPolygon(right)
        draw_halo_text(p, QtCore.QPointF(cx, top + 46 * k), "N", self.font)


# ---------------------------------------------------------------------------- scene items


def geometry_path(geoms: Sequence[shapely.Geometry] | np.ndarray) -> QtGui.QPainterPath:
    arr = np.asarray(list(geoms) if not isinstance(geoms, np.ndarray) else geoms, dtype=object)
    xy, connect, _ = vertex_arrays(arr)
    if not len(xy):
        return QtGui.QPainterPath()
    [(_, path)] = grouped_paths(xy, connect, np.zeros(len(xy), np.int64), 1, polygon=True)
    return path


class RegionItem(QtWidgets.QGraphicsPathItem):
    """The selected region in the selection overlay's style, until cleared or replaced."""

    def __init__(self) -> None:
        super().__init__()
        self.style = OVERLAYS["selection"]
        self.setZValue(Z_REGION)

    def set_geometry(self, geom: shapely.Geometry | None) -> None:
        self.setPath(geometry_path([geom]) if geom is not None else QtGui.QPainterPath())
        self.setVisible(geom is not None)

    def boundingRect(self) -> QtCore.QRectF:
        return self.path().controlPointRect()

    def shape(self) -> QtGui.QPainterPath:
        return self.path()

    def paint(self, p: QtGui.QPainter, *_: Any) -> None:
        paint_overlay(p, self.path(), self.style)


class HighlightItem(QtWidgets.QGraphicsObject):
    """Sites in an overlay's style (highlight, selected site): lines and areas drawn over a
    casing, points as rings around their symbol."""

    def __init__(self, style: OverlayStyle = OVERLAYS["highlight"]) -> None:
        super().__init__()
        self.setZValue(Z_HIGHLIGHT)
        self.style = style
        self.color = qcolor(style.stroke)
        self._path = QtGui.QPainterPath()
        self._rect = QtCore.QRectF()
        casing = qcolor(style.casing) if style.casing is not None else QtGui.QColor("white")
        size = max(style.size * PX_PER_PT, 16.0)  # round a site symbol (11 px), not on it
        self.casing = PassiveScatter(
            pxMode=True, symbol="o", size=size,
            pen=pg.mkPen(casing, width=(style.width + style.casing_width) * PX_PER_PT),
            brush=None,
        )  # fmt: skip
        self.rings = PassiveScatter(
            pxMode=True, symbol="o", size=size,
            pen=pg.mkPen(self.color, width=style.width * PX_PER_PT), brush=None,
        )  # fmt: skip
        for s in (self.casing, self.rings):
            s.setParentItem(self)
        self.ids: list[int] = []

    def set_geometries(self, ids: list[int], geoms: np.ndarray) -> None:
        self.prepareGeometryChange()
        self.ids = ids
        tid = shapely.get_type_id(geoms) if len(geoms) else np.zeros(0, int)
        pts = (tid == 0) | (tid == 4)
        self._path = geometry_path(geoms[~pts]) if (~pts).any() else QtGui.QPainterPath()
        self._rect = self._path.boundingRect()
        xy = shapely.get_coordinates(geoms[pts]) if pts.any() else np.zeros((0, 2))
        for s in (self.casing, self.rings):
            s.setData(x=xy[:, 0], y=xy[:, 1])
        self.update()

    def boundingRect(self) -> QtCore.QRectF:
        return self._rect

    def paint(self, p: QtGui.QPainter, *_: Any) -> None:
        if self._path.isEmpty():
            return
        # many sites' outlines: 1 px strokes offset (layers.stroke), never the wide-pen stroker
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
        if self.style.casing is not None:
            stroke(p, self._path, qcolor(self.style.casing), 3.0)
        base = p.transform()
        for d in (-1.0, 0.0, 1.0):  # a 3 px band around the outline, then the core line
            p.setTransform(base * QtGui.QTransform.fromTranslate(d, 0))
            stroke(p, self._path, self.color, 1.0)
            p.setTransform(base * QtGui.QTransform.fromTranslate(0, d))
            stroke(p, self._path, self.color, 1.0)
        p.setTransform(base)


# ---------------------------------------------------------------------------- districts


class DistrictGeoms:
    """Admin boundaries by level, simplified per zoom band on demand (thread-safe)."""

    LEVELS = ("township", "county", "city")

    def __init__(self, ws: Workspace, base_px: float):
        self.base_px = base_px
        self.geoms = {
            lvl: np.asarray([d.geom for d in ws.districts if d.level == lvl], dtype=object)
            for lvl in self.LEVELS
        }
        self.geoms = {k: v for k, v in self.geoms.items() if len(v)}
        self._bands: dict[int, dict[str, np.ndarray]] = {}
        self._lock = threading.Lock()

    def at(self, px: float) -> dict[str, np.ndarray]:
        band, tol = band_of(px, self.base_px)
        with self._lock:
            if band not in self._bands:
                self._bands[band] = {
                    lvl: shapely.simplify(g, tol, preserve_topology=False)
                    for lvl, g in self.geoms.items()
                }
            return self._bands[band]

    def bounds(self) -> QtCore.QRectF:
        allg = [g for v in self.geoms.values() for g in v]
        if not allg:
            return QtCore.QRectF()
        x0, y0, x1, y1 = shapely.total_bounds(np.asarray(allg, dtype=object))
        return QtCore.QRectF(x0, y0, x1 - x0, y1 - y0)


def draw_districts(p: QtGui.QPainter, paths: dict[str, QtGui.QPainterPath], dpr: float = 1.0):
    """The grey basemap's boundaries (BASEMAP): townships thin and dashed; counties and the
    city bold over them (townships tile counties, so the bold lines cover the thin ones where
    they coincide). 1 px strokes (layers.stroke): thousands of vertices."""
    p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
    if "township" in paths:
        pen = cosmetic_pen(qcolor(BASEMAP.township_edge))
        pen.setStyle(QtCore.Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.drawPath(paths["township"])
    county = qcolor(BASEMAP.district_edge)
    county.setAlpha(220)
    for lvl in ("county", "city"):
        if lvl in paths:
            stroke(p, paths[lvl], county, BASEMAP.district_width * PX_PER_PT * dpr)


class LandItem(QtWidgets.QGraphicsPathItem):
    """The mapped area in the basemap's land colour over the paler ground beyond it, under
    everything (tiles included): where the city ends reads at a glance."""

    def __init__(self, geom: shapely.Geometry | None) -> None:
        super().__init__(geometry_path([geom]) if geom is not None else QtGui.QPainterPath())
        self.setPen(QtGui.QPen(QtCore.Qt.PenStyle.NoPen))
        self.setBrush(qcolor(BASEMAP.land))
        self.setZValue(Z_TILES - 10)
        self.setCacheMode(QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache)


class DistrictItem(QtWidgets.QGraphicsObject):
    """The admin boundaries as the offline basemap, drawn in the scene (direct mode; the
    raster renderer paints the same into its image)."""

    def __init__(self, geoms: DistrictGeoms):
        super().__init__()
        self.setZValue(Z_DISTRICTS)
        self.data = geoms
        self._band = -1
        self._paths: dict[str, QtGui.QPainterPath] = {}
        self._rect = geoms.bounds()
        self.setCacheMode(QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def boundingRect(self) -> QtCore.QRectF:
        return self._rect

    def view_changed(self, px: float) -> None:
        band, _ = band_of(px, self.data.base_px)
        if band == self._band:
            return
        self._band = band
        self._paths = {lvl: geometry_path(g) for lvl, g in self.data.at(px).items()}
        self.update()

    def paint(self, p: QtGui.QPainter, *_: Any) -> None:
        if not self._paths:
            self.view_changed(px_size(p))
        draw_districts(p, self._paths)


class LabelItem(QtWidgets.QGraphicsItem):
    """A district name at a fixed pixel size, centred on a point inside the district."""

    def __init__(self, text: str, x: float, y: float, font: QtGui.QFont, ink: QtGui.QColor):
        super().__init__()
        self.text, self.font, self.ink = text, font, ink
        self.setPos(x, y)
        self.setFlag(QtWidgets.QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setZValue(Z_LABELS)
        # a halo is a stroked text path (~0.5 ms a label): paint it once, then blit
        self.setCacheMode(QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache)
        fm = QtGui.QFontMetricsF(font)
        w, h = fm.horizontalAdvance(text) + 8, fm.height() + 6
        self._rect = QtCore.QRectF(-w / 2, -h / 2, w, h)

    def boundingRect(self) -> QtCore.QRectF:
        return self._rect

    def paint(self, p: QtGui.QPainter, *_: Any) -> None:
        draw_halo_text(p, QtCore.QPointF(0, 0), self.text, self.font, self.ink)
