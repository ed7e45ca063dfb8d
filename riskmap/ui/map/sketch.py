"""A shape being drawn or edited, as every drawing tool shows it: the outline over a white
casing, vertex handles, midpoint handles, the vertex in hand, a route's corridor, the live
measure beside the pointer and the hint in the status bar.

One overlay for the selection tools (rectangle, polygon, lasso, circle) and the patrol
planner's drawing and editing, so they look and behave alike.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pyqtgraph as pg
import shapely
from PySide6 import QtCore, QtGui, QtWidgets

from riskmap.core.style import OVERLAYS
from riskmap.ui.map.layers import PassiveScatter, cosmetic_pen, qcolor
from riskmap.ui.map.overlays import Z_EDIT, geometry_path

XY = tuple[float, float]
EDIT = qcolor(OVERLAYS["sketch"].stroke)
INVALID = EDIT.darker(160)  # and dashed: a shape the core would refuse
CORRIDOR_SEGMENTS = 8


def km_text(metres: float) -> str:
    return f"{metres / 1000:.2f} km" if metres >= 1000 else f"{metres:.0f} m"


def area_text(m2: float) -> str:
    return f"{m2 / 1e6:.2f} km²" if m2 >= 1e5 else f"{m2:,.0f} m²"


def measure_text(pts: Sequence[XY], closed: bool) -> str | None:
    """The live measure of a shape in progress: area and perimeter of a ring of three or more
    vertices, else the length drawn so far (None for fewer than two)."""
    if len(pts) < 2:
        return None
    length = sum(math.dist(a, b) for a, b in itertools.pairwise(pts))
    if closed and len(pts) >= 3:
        ring = [*pts, pts[0]]
        perimeter = sum(math.dist(a, b) for a, b in itertools.pairwise(ring))
        area = abs(shapely.Polygon(pts).area)
        return f"{area_text(area)} · {km_text(perimeter)}"
    return km_text(length)


def corridor(geom: shapely.Geometry, width_m: float) -> shapely.Geometry:
    """What a route covers, as the core computes it (Patrol.coverage)."""
    return shapely.buffer(geom, max(width_m, 0.0), quad_segs=CORRIDOR_SEGMENTS)


def _alpha(c: QtGui.QColor, a: int) -> QtGui.QColor:
    out = QtGui.QColor(c)
    out.setAlpha(a)
    return out


def _pen(c: QtGui.QColor, width: float, style: QtCore.Qt.PenStyle | None = None) -> QtGui.QPen:
    # A few hundred vertices per shape: the general stroker of a wide pen costs nothing here.
    pen = cosmetic_pen(c)
    pen.setWidthF(width)
    if style is not None:
        pen.setStyle(style)
    return pen


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
        handles: list[tuple[float, float]] | None = None,
    ) -> None:
        """Draw `paths` (rings when `closed`); no paths hides the overlay. Every vertex gets a
        handle, unless `handles` names the points that do (a lasso's hundreds of vertices
        would be a smear of squares)."""
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
        hxy = xy if handles is None else np.asarray(handles, dtype=float).reshape(-1, 2)
        self.vertices.setData(x=hxy[:, 0], y=hxy[:, 1])
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


def draw_hint(tool: str) -> str:
    """What to do next with a drawing tool, for the status bar ("" for a tool that draws
    nothing). In the window's language: translated under the context "MapSketch"."""
    if tool == "polygon":
        #: 多边形：依次单击各顶点；双击或按 Enter 闭合，Backspace 撤销上一个顶点，Esc 取消
        return QtCore.QCoreApplication.translate(
            "MapSketch",
            "Polygon: click the vertices; double-click or Enter closes it, "
            "Backspace takes back a vertex, Esc cancels",
        )
    if tool == "lasso":
        #: 套索：按住鼠标圈出范围，松开即闭合；Esc 取消
        return QtCore.QCoreApplication.translate(
            "MapSketch", "Lasso: drag around the area and release to close it; Esc cancels"
        )
    if tool == "rect":
        #: 矩形：从一角拖到对角；Esc 取消
        return QtCore.QCoreApplication.translate(
            "MapSketch", "Rectangle: drag from one corner to the opposite one; Esc cancels"
        )
    if tool == "circle":
        #: 圆形：从圆心向外拖动；Esc 取消
        return QtCore.QCoreApplication.translate(
            "MapSketch", "Circle: drag from the centre outwards; Esc cancels"
        )
    if tool == "area":
        #: 巡查区域：依次单击各顶点；双击或按 Enter 完成，Backspace 撤销上一个顶点，Esc 取消
        return QtCore.QCoreApplication.translate(
            "MapSketch",
            "Patrol area: click the vertices; double-click or Enter finishes, "
            "Backspace takes back a vertex, Esc cancels",
        )
    if tool == "route":
        #: 巡查路线：依次单击各点；双击或按 Enter 完成，Backspace 撤销上一个点，Esc 取消
        return QtCore.QCoreApplication.translate(
            "MapSketch",
            "Patrol route: click the points; double-click or Enter finishes, "
            "Backspace takes back a point, Esc cancels",
        )
    return ""


def circle_ring(cx: float, cy: float, r: float, n: int = 72) -> list[XY]:
    t = np.linspace(0.0, 2 * math.pi, n, endpoint=False)
    return [
        (float(x), float(y)) for x, y in zip(cx + r * np.cos(t), cy + r * np.sin(t), strict=True)
    ]
