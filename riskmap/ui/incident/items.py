"""What the incident view draws on the map: the rings with their labels, the point, and dashed
lines to the nearest resources.

None of these items takes a mouse button: pyqtgraph offers a click to the items under the
cursor before the view box, and an item that accepted it would keep the map's tools (and the
next dropped point) from ever seeing it. Plain QGraphicsItems have no `mouseClickEvent` for
pyqtgraph to call, buttons are refused for Qt's own delivery, and the scatters are the map's
PassiveScatter, which ignores clicks the way the layers' symbols do.
"""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from riskmap.brief.incident import radius_label
from riskmap.core.crs import map_metres
from riskmap.core.incident import IncidentReport
from riskmap.ui.map.layers import PassiveScatter, cosmetic_pen
from riskmap.ui.map.overlays import Z_HIGHLIGHT, Z_REGION, draw_halo_text, map_font

# Above a selected region, below highlighted sites (a site flown to stays visible).
Z_RINGS = (Z_REGION + Z_HIGHLIGHT) / 2
Z_MARKS = Z_HIGHLIGHT + 50
RING_COLORS = ("#c62828", "#ef6c00", "#f9a825", "#7cb342", "#1e88e5")
RESOURCE_COLOR = QtGui.QColor("#1565c0")
POINT_COLOR = QtGui.QColor("#b71c1c")


def ring_color(i: int) -> QtGui.QColor:
    return QtGui.QColor(RING_COLORS[min(i, len(RING_COLORS) - 1)])


class RingItem(QtWidgets.QGraphicsEllipseItem):
    """One ring: a circle in map metres with a cosmetic outline and a faint fill."""

    def __init__(self, x: float, y: float, radius: float, color: QtGui.QColor) -> None:
        super().__init__(x - radius, y - radius, 2 * radius, 2 * radius)
        self.radius = radius
        pen = cosmetic_pen(color)
        pen.setWidthF(2.0)  # one circle: the general stroker costs nothing here
        self.setPen(pen)
        fill = QtGui.QColor(color)
        fill.setAlpha(0x12)
        self.setBrush(fill)
        self.setZValue(Z_RINGS)
        self.setAcceptedMouseButtons(QtCore.Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)


class RingLabel(QtWidgets.QGraphicsItem):
    """'3 km' at the top of its ring, at a fixed pixel size with a white halo."""

    def __init__(self, text: str, x: float, y: float, color: QtGui.QColor) -> None:
        super().__init__()
        self.text, self.color = text, QtGui.QColor(color).darker(130)
        self.font = map_font(10.5, bold=True)
        self.setPos(x, y)
        self.setFlag(QtWidgets.QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setZValue(Z_MARKS)
        self.setAcceptedMouseButtons(QtCore.Qt.MouseButton.NoButton)
        fm = QtGui.QFontMetricsF(self.font)
        w, h = fm.horizontalAdvance(text) + 8, fm.height() + 6
        # Above the circle's top point, not across its line.
        self._rect = QtCore.QRectF(-w / 2, -h - 2, w, h)

    def boundingRect(self) -> QtCore.QRectF:
        return self._rect

    def paint(self, p: QtGui.QPainter, *_: Any) -> None:
        draw_halo_text(p, self._rect.center(), self.text, self.font, self.color)


class LinesItem(QtWidgets.QGraphicsPathItem):
    """Dashed straight lines from the point to the nearest resources."""

    def __init__(self) -> None:
        super().__init__()
        color = QtGui.QColor(RESOURCE_COLOR)
        color.setAlpha(0xC0)
        pen = cosmetic_pen(color)
        pen.setWidthF(1.5)
        pen.setStyle(QtCore.Qt.PenStyle.DashLine)
        self.setPen(pen)
        self.setZValue(Z_RINGS + 1)
        self.setAcceptedMouseButtons(QtCore.Qt.MouseButton.NoButton)


class IncidentItems:
    """The items of one incident on one view box; `show` replaces, `clear` removes them."""

    def __init__(self, vb: pg.ViewBox) -> None:
        self.vb = vb
        self.rings: list[RingItem] = []
        self.labels: list[RingLabel] = []
        self.lines = LinesItem()
        self.point = PassiveScatter(
            pxMode=True,
            symbol="x",
            size=22,
            pen=pg.mkPen("#ffffff", width=1.5),
            brush=pg.mkBrush(POINT_COLOR),
        )
        self.point.setZValue(Z_MARKS + 1)
        # A ring around the resource's own symbol (its layer draws it), like a highlight.
        self.resources = PassiveScatter(
            pxMode=True, symbol="o", size=20, pen=pg.mkPen(RESOURCE_COLOR, width=2.5), brush=None
        )
        self.resources.setZValue(Z_MARKS)
        self._shown = False

    def items(self) -> list[QtWidgets.QGraphicsItem]:
        """Every item now on the map (empty when cleared)."""
        if not self._shown:
            return []
        return [*self.rings, *self.labels, self.lines, self.point, self.resources]

    def show(
        self,
        report: IncidentReport,
        resource_xy: list[tuple[float, float]],
        lines_to: list[tuple[float, float]],
    ) -> None:
        """Rings and point of `report`; rings around the resources at `resource_xy`, and
        dashed lines to those at `lines_to` (the nearest of each kind: all k of five kinds
        would hide the map under fifteen lines)."""
        self.clear()
        x, y = report.x, report.y
        for i, ring in enumerate(report.rings):
            color = ring_color(i)
            r = map_metres(ring.outer_m, report.crs, x, y)  # the ring is ground metres
            self.rings.append(RingItem(x, y, r, color))
            self.labels.append(RingLabel(radius_label(ring.outer_m), x, y + r, color))
        path = QtGui.QPainterPath()
        for rx, ry in lines_to:
            path.moveTo(x, y)
            path.lineTo(rx, ry)
        self.lines.setPath(path)
        self.point.setData(x=[x], y=[y])
        self.resources.setData(x=[p[0] for p in resource_xy], y=[p[1] for p in resource_xy])
        for item in self.items_to_add():
            self.vb.addItem(item, ignoreBounds=True)
        self._shown = True

    def items_to_add(self) -> list[QtWidgets.QGraphicsItem]:
        return [*self.rings, *self.labels, self.lines, self.point, self.resources]

    def clear(self) -> None:
        if self._shown:
            for item in self.items_to_add():
                self.vb.removeItem(item)
        self.rings, self.labels = [], []
        self.lines.setPath(QtGui.QPainterPath())
        self._shown = False
