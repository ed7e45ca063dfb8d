"""Selection tools: what a left click or drag on the map means.

The view box hands every left-button click and drag to the controller first; what it does not
take (a drag in the pan, identify, district and buffer tools, the polygon tool between
vertices, any middle or right drag) pans and zooms as usual. Finished shapes become a
`riskmap.core.region.Region` in the workspace CRS; a shape the core refuses (no area, a
self-crossing lasso it cannot repair, …) becomes a one-line message and changes nothing.

Other packages add tools of their own (`add_tool`: the patrol planner's drawing and vertex
editing) through the `ToolHandler` protocol: while such a tool is current, the controller hands
it every click, drag, double click, hover and key, and pans with what it declines.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import shapely
from PySide6 import QtCore, QtGui

from riskmap.core.crs import ground_metres
from riskmap.core.region import Region
from riskmap.errors import RegionError
from riskmap.ui.errors import error_text

if TYPE_CHECKING:
    from riskmap.ui.map.canvas import MapCanvas

TOOLS = ("pan", "identify", "rect", "polygon", "lasso", "circle", "district", "buffer")
LASSO_STEP_PX = 2.0  # freehand vertices closer than this on screen add nothing
Qt = QtCore.Qt


class ToolHandler(Protocol):
    """A map tool defined outside this package. Each method returns True when it used the
    event (a declined drag pans the map)."""

    cursor: QtCore.Qt.CursorShape

    @property
    def drawing(self) -> bool: ...

    def click(self, ev: Any) -> bool: ...  # pyqtgraph MouseClickEvent, any button

    def drag(self, ev: Any) -> bool: ...  # pyqtgraph MouseDragEvent, any button

    def double_click(self) -> bool: ...

    def hover(self, x: float, y: float) -> None: ...

    def key(self, ev: QtGui.QKeyEvent) -> bool: ...

    def cancel(self) -> bool: ...  # the tool is left or Esc: drop what is in progress


def km_text(metres: float) -> str:
    return f"{metres / 1000:.2f} km" if metres >= 1000 else f"{metres:.0f} m"


class ToolController:
    """State of the current tool and of the shape being drawn (map coordinates)."""

    def __init__(self, canvas: MapCanvas):
        self.canvas = canvas
        self.name = "pan"
        self.points: list[tuple[float, float]] = []  # polygon / lasso vertices
        self.anchor: tuple[float, float] | None = None  # rect corner or circle centre
        self.cursor: tuple[float, float] | None = None
        self.handlers: dict[str, ToolHandler] = {}

    # ------------------------------------------------------------------ state

    @property
    def handler(self) -> ToolHandler | None:
        """The current tool's handler when it is one added with add_tool."""
        return self.handlers.get(self.name)

    @property
    def drawing(self) -> bool:
        h = self.handler
        if h is not None:
            return h.drawing
        return bool(self.points) or self.anchor is not None

    def add_tool(self, name: str, handler: ToolHandler) -> None:
        if name in TOOLS:
            raise ValueError(f"map tool {name!r} exists already")
        self.handlers[name] = handler

    def set_tool(self, name: str) -> None:
        if name not in TOOLS and name not in self.handlers:
            known = (*TOOLS, *self.handlers)
            raise ValueError(f"unknown map tool {name!r} (one of {', '.join(known)})")
        self.cancel()
        self.name = name

    def cancel(self) -> bool:
        """Drop a drawing in progress; True when there was one."""
        h = self.handler
        if h is not None:
            return h.cancel()
        had = self.drawing
        self.points, self.anchor, self.cursor = [], None, None
        self.canvas.show_sketch(None)
        return had

    # ------------------------------------------------------------------ events

    def drag(self, ev: Any) -> bool:
        """A pyqtgraph MouseDragEvent on the view box; True when the tool used it."""
        h = self.handler
        if h is not None:
            return h.drag(ev)
        if ev.button() != Qt.MouseButton.LeftButton or self.name not in ("rect", "lasso", "circle"):
            return False
        ev.accept()
        vb = self.canvas.vb
        here = _xy(vb.mapToView(ev.pos()))
        if ev.isStart():
            self.anchor = _xy(vb.mapToView(ev.buttonDownPos()))
            self.points = [self.anchor] if self.name == "lasso" else []
        if self.anchor is None:  # Esc pressed mid-drag: ignore the rest of it
            return True
        if self.name == "lasso":
            last = self.points[-1]
            if math.dist(last, here) >= LASSO_STEP_PX * self.canvas.pixel_size():
                self.points.append(here)
        self.cursor = here
        if ev.isFinish():
            self._finish_drag(here)
        else:
            self._sketch(ev.pos())
        return True

    def click(self, ev: Any) -> bool:
        """A pyqtgraph MouseClickEvent; True when the tool used it."""
        x, y = _xy(self.canvas.vb.mapToView(ev.pos()))
        left = ev.button() == Qt.MouseButton.LeftButton
        h = self.handler
        used = h.click(ev) if h is not None else (left and self._click(ev, x, y))
        if left and not ev.double():
            self.canvas.sigMapClicked.emit(x, y)
        return used

    def _click(self, ev: Any, x: float, y: float) -> bool:
        shift = bool(ev.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        c = self.canvas
        if self.name == "identify":
            c.sigIdentified.emit(c.identify_at(x, y))
        elif self.name == "polygon":
            if ev.double():
                if self.points:
                    self.close_polygon()
            else:
                self.points.append((x, y))
                self.cursor = (x, y)
                self._sketch(None)
        elif self.name == "district":
            self._pick_district(x, y, county=shift)
        elif self.name == "buffer":
            hits = c.identify_at(x, y)
            c.selected_sites = sorted(set(c.selected_sites) | set(hits)) if shift else hits
        else:
            return self.name != "pan"  # a click without a drag draws nothing; pan ignores it
        ev.accept()
        return True

    def double_click(self) -> bool:
        """A double click on the view: closes a polygon being drawn."""
        h = self.handler
        if h is not None:
            return h.double_click()
        if self.name == "polygon" and self.points:
            self.close_polygon()
            return True
        return False

    def hover(self, x: float, y: float, pos: QtCore.QPointF) -> None:
        h = self.handler
        if h is not None:
            h.hover(x, y)
            return
        if self.name == "polygon" and self.points:
            self.cursor = (x, y)
            self._sketch(None)

    def key(self, ev: QtGui.QKeyEvent) -> bool:
        h = self.handler
        if h is not None:
            return h.key(ev)
        k = ev.key()
        if k == Qt.Key.Key_Escape:
            return self.cancel()
        if self.name != "polygon" or not self.points:
            return False
        if k in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.close_polygon()
            return True
        if k == Qt.Key.Key_Backspace:
            self.points.pop()
            self._sketch(None) if self.points else self.cancel()
            return True
        return False

    # ------------------------------------------------------------------ finishing

    def close_polygon(self) -> None:
        pts = _dedupe(self.points)
        self.cancel()
        if len(pts) < 3:
            self.canvas.sigMessage.emit(
                QtCore.QCoreApplication.translate(
                    "MapCanvas", "Polygon: click at least three vertices"
                )
            )
            return
        self._emit(lambda crs: Region.from_polygon(shapely.Polygon(pts), crs, kind="polygon"))

    def _finish_drag(self, here: tuple[float, float]) -> None:
        anchor, pts, name = self.anchor, _dedupe([*self.points, here]), self.name
        self.cancel()
        if anchor is None:
            return
        if name == "rect":
            self._emit(lambda crs: Region.from_rect(*anchor, *here, crs))
        elif name == "circle":
            radius = math.dist(anchor, here)  # on the map; the region takes ground metres
            self._emit(
                lambda crs: Region.from_circle(*anchor, ground_metres(radius, crs, *anchor), crs)
            )
        elif len(pts) < 3:
            self.canvas.sigMessage.emit(
                QtCore.QCoreApplication.translate("MapCanvas", "Lasso: drag around an area")
            )
        else:
            self._emit(lambda crs: Region.from_polygon(shapely.Polygon(pts), crs, kind="lasso"))

    def _emit(self, build: Callable[[str], Region]) -> None:
        try:
            region = build(self.canvas.ws.crs)
        except RegionError as exc:
            self.canvas.sigMessage.emit(error_text(exc))
            return
        except (ValueError, shapely.errors.GEOSException) as exc:  # shapely refused the ring
            self.canvas.sigMessage.emit(f"{self.name}: {error_text(exc)}")
            return
        self.canvas.show_region(region)
        self.canvas.sigRegionSelected.emit(region)

    def _pick_district(self, x: float, y: float, county: bool) -> None:
        ws = self.canvas.ws
        level = "county" if county else "township"
        hit = [d for d in ws.districts if d.level == level and d.geom.covers(shapely.Point(x, y))]
        if not hit:
            if county:
                text = QtCore.QCoreApplication.translate("MapCanvas", "No county here")
            else:
                text = QtCore.QCoreApplication.translate("MapCanvas", "No township here")
            self.canvas.sigMessage.emit(text)
            return
        code = hit[0].code
        self._emit(lambda crs: Region.from_district(ws.districts, code, crs))

    # ------------------------------------------------------------------ sketch

    def _sketch(self, vb_pos: QtCore.QPointF | None) -> None:
        path = QtGui.QPainterPath()
        readout = None
        if self.name == "rect" and self.anchor and self.cursor:
            (x0, y0), (x1, y1) = self.anchor, self.cursor
            path.addRect(QtCore.QRectF(QtCore.QPointF(x0, y0), QtCore.QPointF(x1, y1)).normalized())
        elif self.name == "circle" and self.anchor and self.cursor:
            r = math.dist(self.anchor, self.cursor)
            path.addEllipse(QtCore.QPointF(*self.anchor), r, r)
            path.moveTo(*self.anchor)
            path.lineTo(*self.cursor)
            readout = km_text(ground_metres(r, self.canvas.ws.crs, *self.anchor))
        elif self.points:
            pts = [*self.points, self.cursor] if self.cursor else list(self.points)
            path.moveTo(*pts[0])
            for p in pts[1:]:
                path.lineTo(*p)
            if self.name == "lasso" or len(pts) > 2:
                path.closeSubpath()
        self.canvas.show_sketch(path, readout)


def _xy(p: QtCore.QPointF) -> tuple[float, float]:
    return (float(p.x()), float(p.y()))


def _dedupe(pts: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Drop consecutive repeats (a double-click adds its point twice on some platforms)."""
    if not pts:
        return []
    arr = np.asarray(pts, dtype=float)
    keep = np.ones(len(arr), dtype=bool)
    keep[1:] = np.any(np.diff(arr, axis=0) != 0, axis=1)
    return [tuple(map(float, p)) for p in arr[keep]]
