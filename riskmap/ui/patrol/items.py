"""What the patrol planner draws on the map: the patrol areas and routes (with their corridors
and names), the uncovered high-risk sites of a coverage check, and the shape being drawn or
edited with its vertex handles (riskmap.ui.map.sketch, shared with the selection tools). All
are plain items added to the canvas's view box.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
import shapely
from PySide6 import QtCore, QtGui, QtWidgets

from riskmap.core.patrol import Patrol
from riskmap.core.style import OVERLAYS
from riskmap.ui.map.aggregate import merge_cells
from riskmap.ui.map.layers import cosmetic_pen, qcolor
from riskmap.ui.map.overlays import (
    PX_PER_PT,
    Z_GAPS,
    Z_PATROL_LABELS,
    Z_PATROLS,
    LabelItem,
    geometry_path,
    map_font,
    paint_overlay,
)
from riskmap.ui.map.render import symbol_stamp
from riskmap.ui.map.sketch import ShapeOverlay, corridor

PATROL_STYLE, SELECTED_STYLE = OVERLAYS["patrol"], OVERLAYS["patrol_selected"]
GAP_STYLE = OVERLAYS["coverage_gap"]
PATROL = qcolor(PATROL_STYLE.stroke)
GAP = qcolor(GAP_STYLE.stroke)
GAP_CELL_PX = 22.0  # gaps closer than this on screen merge into one counted marker
LABELS_BELOW = 90.0  # m per px: patrol names appear once an area is ~50 px or more across


def _pen(c: QtGui.QColor, width: float, style: QtCore.Qt.PenStyle | None = None) -> QtGui.QPen:
    # A few hundred vertices per patrol: the general stroker of a wide pen costs nothing here.
    pen = cosmetic_pen(c)
    pen.setWidthF(width)
    pen.setCapStyle(QtCore.Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(QtCore.Qt.PenJoinStyle.RoundJoin)
    if style is not None:
        pen.setStyle(style)
    return pen


def is_line(geom: shapely.Geometry) -> bool:
    return shapely.get_type_id(geom) in (1, 2, 5)


class _Shape:
    """One patrol prepared for painting."""

    def __init__(self, p: Patrol) -> None:
        self.id = p.id
        self.line = is_line(p.geom)
        self.path = geometry_path([p.geom])
        self.area = geometry_path([p.coverage]) if self.line else self.path
        self.rect = self.area.boundingRect().united(self.path.boundingRect())


class PatrolLayerItem(QtWidgets.QGraphicsObject):
    """Every patrol area: polygons filled translucent, routes as a thick line over a light
    corridor; the selected one in the selection colour. Labels are separate items, with the
    district names above the district outlines (which this item lies under)."""

    def __init__(self, vb: pg.ViewBox) -> None:
        super().__init__()
        self.setZValue(Z_PATROLS)
        self.vb = vb
        self._shapes: list[_Shape] = []
        self._rect = QtCore.QRectF()
        self.selected: int | None = None
        self.hidden: set[int] = set()  # drawn by the vertex editor meanwhile (names stay)
        self.labels: dict[int, LabelItem] = {}
        self._font = map_font(9.5, bold=True)
        self._px = 0.0

    def set_patrols(self, patrols: list[Patrol]) -> None:
        self.prepareGeometryChange()
        self._shapes = [_Shape(p) for p in patrols if p.geom is not None and not p.geom.is_empty]
        rect = QtCore.QRectF()
        for s in self._shapes:
            rect = rect.united(s.rect)
        self._rect = rect
        for item in self.labels.values():
            self.vb.removeItem(item)
        self.labels = {}
        for p in patrols:
            if p.geom is None or p.geom.is_empty:
                continue
            pt = _label_point(p.geom)
            item = LabelItem(p.name, pt[0], pt[1], self._font, PATROL.darker(140))
            item.setZValue(Z_PATROL_LABELS)
            self.vb.addItem(item, ignoreBounds=True)
            self.labels[p.id] = item
        self._show_labels()
        self.update()

    def drawn_ids(self) -> list[int]:
        """The patrol areas this item paints (without the one the vertex editor shows)."""
        return [s.id for s in self._shapes if s.id not in self.hidden]

    def set_selected(self, area_id: int | None) -> None:
        self.selected = area_id
        self._show_labels()
        self.update()

    def set_hidden(self, ids: set[int]) -> None:
        self.hidden = set(ids)
        self._show_labels()
        self.update()

    def view_changed(self, px: float) -> None:
        self._px = px
        self._show_labels()

    def setVisible(self, visible: bool) -> None:
        super().setVisible(visible)
        self._show_labels()

    def setOpacity(self, opacity: float) -> None:
        super().setOpacity(opacity)
        for item in self.labels.values():
            item.setOpacity(max(opacity, 0.5))  # a faint area keeps a readable name

    def _show_labels(self) -> None:
        near = 0 < self._px <= LABELS_BELOW
        for area_id, item in self.labels.items():
            shown = near or area_id == self.selected
            item.setVisible(self.isVisible() and shown)

    def remove(self) -> None:
        for item in self.labels.values():
            self.vb.removeItem(item)
        self.labels = {}

    def boundingRect(self) -> QtCore.QRectF:
        return self._rect

    def paint(self, p: QtGui.QPainter, *_: Any) -> None:
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
        ordered = sorted(
            (s for s in self._shapes if s.id not in self.hidden),
            key=lambda s: s.id == self.selected,
        )
        for s in ordered:
            style = SELECTED_STYLE if s.id == self.selected else PATROL_STYLE
            if s.line:  # a route: its corridor in the area style, the line itself bold
                paint_overlay(p, s.area, style)
                p.setPen(_pen(QtGui.QColor(255, 255, 255, 220), 6.0))
                p.drawPath(s.path)
                p.setPen(_pen(qcolor(style.stroke), 4.0))
                p.drawPath(s.path)
            else:
                paint_overlay(p, s.path, style)


def _label_point(geom: shapely.Geometry) -> tuple[float, float]:
    if is_line(geom):
        pt = shapely.line_interpolate_point(shapely.line_merge(geom), 0.5, normalized=True)
        if isinstance(pt, shapely.Point) and not pt.is_empty:
            return float(pt.x), float(pt.y)
    pt = shapely.point_on_surface(geom)
    return float(pt.x), float(pt.y)


class GapMarkers(QtWidgets.QGraphicsObject):
    """Uncovered high-risk sites (the coverage-gap overlay): a small diamond at each, smaller
    than a site symbol so a few hundred leave the county names readable, merged into one
    counted marker where they crowd at small scales; lines and areas outlined as well."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(Z_GAPS)
        self._path = QtGui.QPainterPath()
        self._rect = QtCore.QRectF()
        self.xy = np.zeros((0, 2))
        self.ids: list[int] = []
        self.drawn = 0  # markers of the last paint (merged ones count once)
        self._font = map_font(7.0, bold=True)
        size = GAP_STYLE.size * PX_PER_PT
        casing = qcolor(GAP_STYLE.casing) if GAP_STYLE.casing else QtGui.QColor("white")
        fill = qcolor(GAP_STYLE.fill or GAP_STYLE.stroke)
        self._stamp = symbol_stamp(GAP_STYLE.symbol, size, fill, casing)

    def set_sites(self, ids: list[int], xy: np.ndarray, geoms: np.ndarray) -> None:
        self.prepareGeometryChange()
        self.ids = list(ids)
        tid = shapely.get_type_id(geoms) if len(geoms) else np.zeros(0, int)
        shaped = geoms[(tid != 0) & (tid != 4)] if len(geoms) else geoms
        self._path = geometry_path(shaped) if len(shaped) else QtGui.QPainterPath()
        self.xy = np.asarray(xy, dtype=float).reshape(-1, 2)
        rect = self._path.boundingRect()
        if len(self.xy):
            x0, y0 = self.xy.min(axis=0)
            x1, y1 = self.xy.max(axis=0)
            rect = rect.united(QtCore.QRectF(x0, y0, x1 - x0, y1 - y0))
        self._rect = rect
        self.setVisible(bool(self.ids))
        self.update()

    def boundingRect(self) -> QtCore.QRectF:
        # the markers keep their pixel size: a margin of a few hundred metres holds them
        m = max(self._rect.width(), self._rect.height(), 1.0) * 0.05 + 500.0
        return self._rect.adjusted(-m, -m, m, m)

    def paint(self, p: QtGui.QPainter, *_: Any) -> None:
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
        if not self._path.isEmpty():
            p.setBrush(QtCore.Qt.BrushStyle.NoBrush)
            p.setPen(_pen(QtGui.QColor(255, 255, 255, 200), 3.5))
            p.drawPath(self._path)
            p.setPen(_pen(GAP, 1.5))
            p.drawPath(self._path)
        if not len(self.xy):
            self.drawn = 0
            return
        t = p.transform()
        x, y = self.xy[:, 0], self.xy[:, 1]
        px = np.column_stack(
            [t.m11() * x + t.m21() * y + t.dx(), t.m12() * x + t.m22() * y + t.dy()]
        )
        first, count, inverse = merge_cells(px, GAP_CELL_PX)
        cx = np.bincount(inverse, px[:, 0]) / count
        cy = np.bincount(inverse, px[:, 1]) / count
        p.save()
        p.resetTransform()
        half = self._stamp.width() / 2
        for x, y, k in zip(cx.tolist(), cy.tolist(), count.tolist(), strict=True):
            p.drawImage(QtCore.QPointF(x - half, y - half), self._stamp)
            if k > 1:  # a count where several gaps share the spot
                text = str(k)
                fm = QtGui.QFontMetricsF(self._font)
                w = max(fm.horizontalAdvance(text) + 5, 12.0)
                box = QtCore.QRectF(x + half - 2, y - half - 9, w, 12)
                p.setPen(QtCore.Qt.PenStyle.NoPen)
                p.setBrush(GAP.darker(130))
                p.drawRoundedRect(box, 6, 6)
                p.setFont(self._font)
                p.setPen(QtGui.QColor("white"))
                p.drawText(box, QtCore.Qt.AlignmentFlag.AlignCenter, text)
        p.restore()
        self.drawn = len(first)


__all__ = ["GapMarkers", "PatrolLayerItem", "ShapeOverlay", "corridor", "is_line"]
