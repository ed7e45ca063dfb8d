"""What the patrol planner draws on the map: the patrol areas and routes (with their corridors
and names), the uncovered high-risk sites of a coverage check, and the shape being drawn or
edited with its vertex handles. All are plain items added to the canvas's view box.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
import shapely
from PySide6 import QtCore, QtGui, QtWidgets

from riskmap.core.patrol import Patrol
from riskmap.ui.map.layers import PassiveScatter, cosmetic_pen
from riskmap.ui.map.overlays import (
    Z_EDIT,
    Z_GAPS,
    Z_PATROL_LABELS,
    Z_PATROLS,
    LabelItem,
    geometry_path,
    map_font,
)

PATROL = QtGui.QColor("#304ffe")  # indigo: no risk layer uses it (waterways are #1e88e5)
SELECTED = QtGui.QColor("#ff6d00")
GAP = QtGui.QColor("#f50057")  # pink A400: no layer, highlight or selection uses it
EDIT = QtGui.QColor("#ff6d00")
INVALID = QtGui.QColor("#d50000")
LABELS_BELOW = 90.0  # m per px: patrol names appear once an area is ~50 px or more across
CORRIDOR_SEGMENTS = 8


def _alpha(c: QtGui.QColor, a: int) -> QtGui.QColor:
    out = QtGui.QColor(c)
    out.setAlpha(a)
    return out


def _pen(c: QtGui.QColor, width: float, style: QtCore.Qt.PenStyle | None = None) -> QtGui.QPen:
    # A few hundred vertices per patrol: the general stroker of a wide pen costs nothing here.
    pen = cosmetic_pen(c)
    pen.setWidthF(width)
    pen.setCapStyle(QtCore.Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(QtCore.Qt.PenJoinStyle.RoundJoin)
    if style is not None:
        pen.setStyle(style)
    return pen


def corridor(geom: shapely.Geometry, width_m: float) -> shapely.Geometry:
    """A preview of the corridor of a route being drawn (a saved one shows Patrol.coverage)."""
    return shapely.buffer(geom, max(width_m, 0.0), quad_segs=CORRIDOR_SEGMENTS)


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
            color = SELECTED if s.id == self.selected else PATROL
            if s.line:
                p.setPen(_pen(color, 1.0, QtCore.Qt.PenStyle.DashLine))
                p.setBrush(_alpha(color, 0x22))
                p.drawPath(s.area)
                p.setBrush(QtCore.Qt.BrushStyle.NoBrush)
                p.setPen(_pen(QtGui.QColor(255, 255, 255, 220), 6.0))
                p.drawPath(s.path)
                p.setPen(_pen(color, 4.0))
                p.drawPath(s.path)
            else:
                p.setPen(_pen(color, 2.5 if s.id == self.selected else 2.0))
                p.setBrush(_alpha(color, 0x30))
                p.drawPath(s.path)


def _label_point(geom: shapely.Geometry) -> tuple[float, float]:
    if is_line(geom):
        pt = shapely.line_interpolate_point(shapely.line_merge(geom), 0.5, normalized=True)
        if isinstance(pt, shapely.Point) and not pt.is_empty:
            return float(pt.x), float(pt.y)
    pt = shapely.point_on_surface(geom)
    return float(pt.x), float(pt.y)


class GapMarkers(QtWidgets.QGraphicsObject):
    """Uncovered high-risk sites: a pink target at each site, above every layer, and the outline
    of lines and areas in the same pink."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(Z_GAPS)
        self._path = QtGui.QPainterPath()
        self._rect = QtCore.QRectF()
        # A filled dot in a white ring in a pink ring: reads on any layer colour, and stays
        # small enough that a few hundred of them at city zoom leave the map readable.
        self.halo = PassiveScatter(
            pxMode=True, symbol="o", size=17, pen=pg.mkPen(GAP, width=2.5), brush=None
        )
        self.dots = PassiveScatter(
            pxMode=True,
            symbol="o",
            size=10,
            pen=pg.mkPen("w", width=2),
            brush=pg.mkBrush(GAP),
        )
        for s in (self.halo, self.dots):
            s.setParentItem(self)
        self.ids: list[int] = []

    def set_sites(self, ids: list[int], xy: np.ndarray, geoms: np.ndarray) -> None:
        self.prepareGeometryChange()
        self.ids = list(ids)
        tid = shapely.get_type_id(geoms) if len(geoms) else np.zeros(0, int)
        shaped = geoms[(tid != 0) & (tid != 4)] if len(geoms) else geoms
        self._path = geometry_path(shaped) if len(shaped) else QtGui.QPainterPath()
        self._rect = self._path.boundingRect()
        xy = xy.reshape(-1, 2)
        for s in (self.halo, self.dots):
            s.setData(x=xy[:, 0], y=xy[:, 1])
        self.setVisible(bool(self.ids))
        self.update()

    def boundingRect(self) -> QtCore.QRectF:
        return self._rect

    def paint(self, p: QtGui.QPainter, *_: Any) -> None:
        if self._path.isEmpty():
            return
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
        p.setBrush(QtCore.Qt.BrushStyle.NoBrush)
        p.setPen(_pen(QtGui.QColor(255, 255, 255, 200), 3.5))
        p.drawPath(self._path)
        p.setPen(_pen(GAP, 1.5))
        p.drawPath(self._path)


class ShapeOverlay(QtWidgets.QGraphicsObject):
    """A shape being drawn or edited: its outline, a route's corridor, vertex handles (squares),
    midpoint handles (dots, where a drag inserts a vertex) and the vertex in hand."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(Z_EDIT)
        self._path = QtGui.QPainterPath()
        self._corridor = QtGui.QPainterPath()
        self._rect = QtCore.QRectF()
        self.closed = True
        self.invalid = False
        self.vertices = PassiveScatter(
            pxMode=True, symbol="s", size=10, pen=pg.mkPen(EDIT, width=2), brush=pg.mkBrush("w")
        )
        self.mids = PassiveScatter(
            pxMode=True,
            symbol="o",
            size=8,
            pen=pg.mkPen("w", width=1),
            brush=pg.mkBrush(_alpha(EDIT, 200)),
        )
        self.active = PassiveScatter(
            pxMode=True, symbol="s", size=12, pen=pg.mkPen("w", width=2), brush=pg.mkBrush(EDIT)
        )
        for s in (self.vertices, self.mids, self.active):
            s.setParentItem(self)
        self.setVisible(False)

    def show_shape(
        self,
        paths: list[list[tuple[float, float]]],
        closed: bool,
        *,
        corridor_m: float = 0.0,
        invalid: bool = False,
        midpoints: list[tuple[float, float]] | None = None,
        active: tuple[float, float] | None = None,
    ) -> None:
        """Draw `paths` (rings when `closed`); no paths hides the overlay."""
        self.prepareGeometryChange()
        self.closed, self.invalid = closed, invalid
        path = QtGui.QPainterPath()
        lines = []
        for pts in paths:
            if not pts:
                continue
            path.moveTo(*pts[0])
            for xy in pts[1:]:
                path.lineTo(*xy)
            if closed and len(pts) > 2:
                path.closeSubpath()
            if len(pts) > 1:
                lines.append(shapely.LineString(pts))
        self._path = path
        self._corridor = QtGui.QPainterPath()
        if corridor_m > 0 and lines:
            self._corridor = geometry_path([corridor(shapely.MultiLineString(lines), corridor_m)])
        self._rect = path.boundingRect().united(self._corridor.boundingRect())
        xy = np.asarray([v for pts in paths for v in pts], dtype=float).reshape(-1, 2)
        self.vertices.setData(x=xy[:, 0], y=xy[:, 1])
        mxy = np.asarray(midpoints or [], dtype=float).reshape(-1, 2)
        self.mids.setData(x=mxy[:, 0], y=mxy[:, 1])
        axy = np.asarray([active] if active else [], dtype=float).reshape(-1, 2)
        self.active.setData(x=axy[:, 0], y=axy[:, 1])
        self.setVisible(bool(len(xy)))
        self.update()

    def hide_shape(self) -> None:
        self.show_shape([], True)

    @property
    def corridor_shown(self) -> bool:
        """Whether a route's corridor is drawn around the shape."""
        return not self._corridor.isEmpty()

    def boundingRect(self) -> QtCore.QRectF:
        return self._rect

    def paint(self, p: QtGui.QPainter, *_: Any) -> None:
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
        color = INVALID if self.invalid else EDIT
        if not self._corridor.isEmpty():
            p.setPen(_pen(color, 1.0, QtCore.Qt.PenStyle.DashLine))
            p.setBrush(_alpha(color, 0x1C))
            p.drawPath(self._corridor)
        p.setBrush(_alpha(color, 0x30) if self.closed else QtCore.Qt.BrushStyle.NoBrush)
        p.setPen(_pen(QtGui.QColor(255, 255, 255, 220), 4.5))
        p.drawPath(self._path)
        p.setPen(_pen(color, 2.5, None if not self.invalid else QtCore.Qt.PenStyle.DashLine))
        p.setBrush(QtCore.Qt.BrushStyle.NoBrush)
        p.drawPath(self._path)
