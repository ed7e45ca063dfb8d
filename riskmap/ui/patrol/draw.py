"""Drawing a new patrol area (polygon) or route (polyline) on the map.

Click the vertices; Enter or a double click finishes, Backspace drops the last vertex, Esc
cancels. A polygon whose edges cross is refused with a message and stays on the map, so the
planner can take back vertices instead of starting over.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import shapely
from PySide6 import QtCore, QtGui

from riskmap.ui.map.sketch import ShapeOverlay, draw_hint, measure_text
from riskmap.ui.patrol.shapes import XY, distinct, geometry_problem
from riskmap.ui.patrol.words import words

if TYPE_CHECKING:
    from riskmap.ui.map.canvas import MapCanvas

Qt = QtCore.Qt
FinishFn = Callable[[str, shapely.Geometry], None]  # (kind "area" | "route", geometry)


class PatrolDrawTool:
    """The map tool of one kind: "area" draws a polygon, "route" a polyline with a corridor."""

    cursor = Qt.CursorShape.CrossCursor

    def __init__(
        self, canvas: MapCanvas, kind: str, overlay: ShapeOverlay, finished: FinishFn
    ) -> None:
        self.canvas = canvas
        self.kind = kind
        self.overlay = overlay
        self.finished = finished
        self.points: list[XY] = []
        self.hover_xy: XY | None = None
        self.corridor_m = 500.0  # the corridor shown while drawing a route

    @property
    def closed(self) -> bool:
        return self.kind == "area"

    @property
    def drawing(self) -> bool:
        return bool(self.points)

    @property
    def hint(self) -> str:
        """What to do, for the status bar when the tool is taken up."""
        return draw_hint(self.kind)

    # -- events ---------------------------------------------------------------------------
    def click(self, ev: Any) -> bool:
        if ev.button() != Qt.MouseButton.LeftButton:
            return False
        ev.accept()
        if ev.double():
            if self.points:
                self.finish()
            return True
        p = self.canvas.vb.mapToView(ev.pos())
        self.add(float(p.x()), float(p.y()))
        return True

    def add(self, x: float, y: float) -> None:
        """One more vertex at map point (x, y)."""
        self.points.append((x, y))
        self.hover_xy = (x, y)
        self._sketch()

    def drag(self, ev: Any) -> bool:
        return False  # dragging pans between vertices

    def double_click(self) -> bool:
        if self.points:
            self.finish()
            return True
        return False

    def hover(self, x: float, y: float) -> None:
        if self.points:
            self.hover_xy = (x, y)
            self._sketch()

    def key(self, ev: QtGui.QKeyEvent) -> bool:
        k = ev.key()
        if k == Qt.Key.Key_Escape:
            return self.cancel()
        if not self.points:
            return False
        if k in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.finish()
            return True
        if k == Qt.Key.Key_Backspace:
            self.points.pop()
            self._sketch() if self.points else self.cancel()
            return True
        return False

    def cancel(self) -> bool:
        had = bool(self.points)
        self.points, self.hover_xy = [], None
        self.overlay.hide_shape()
        self.canvas.show_readout(None)
        return had

    # -- finishing --------------------------------------------------------------------------
    def finish(self) -> None:
        pts = distinct(self.points, self.closed)
        need = 3 if self.closed else 2
        if len(pts) < need:
            if self.closed:
                #: 巡查区域：请至少点击三个顶点
                text = QtCore.QCoreApplication.translate(
                    "PatrolDrawTool", "Patrol area: click at least three vertices"
                )
            else:
                #: 巡查路线：请至少点击两个点
                text = QtCore.QCoreApplication.translate(
                    "PatrolDrawTool", "Patrol route: click at least two points"
                )
            self.canvas.sigMessage.emit(text)
            return
        geom = shapely.Polygon(pts) if self.closed else shapely.LineString(pts)
        problem = geometry_problem(geom, self.closed)
        if problem is not None:
            # Keep the vertices: Backspace takes back the ones that made the edges cross.
            self.points = pts
            self.hover_xy = None
            self._sketch(invalid=True)
            self.canvas.sigMessage.emit(words().problem(*problem))
            return
        self.cancel()
        self.finished(self.kind, geom)

    # -- sketch ---------------------------------------------------------------------------
    def _sketch(self, invalid: bool = False) -> None:
        pts = list(self.points)
        if self.hover_xy is not None and (not pts or self.hover_xy != pts[-1]):
            pts.append(self.hover_xy)
        corridor = self.corridor_m if not self.closed else 0.0
        self.overlay.show_shape([pts], self.closed, corridor_m=corridor, invalid=invalid)
        self.canvas.show_readout(self._readout(pts), at=self.hover_xy)

    def _readout(self, pts: list[XY]) -> str | None:
        return measure_text(pts, self.closed)
