"""Editing a patrol area's vertices on the map (the "patrol_edit" map tool).

Drag a square handle to move a vertex; drag a dot (the middle of an edge) or click on an edge
to insert one; right-click a vertex, or select it and press Delete, to remove it (a polygon keeps
three, a route two). The changes stay on the map until Enter (or Apply) saves them as one
update of the patrol area, which the undo stack can take back; Esc discards them. A drag that
leaves the polygon crossing itself is shown in red, and Apply refuses it with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import shapely
from PySide6 import QtCore, QtGui

from riskmap.core.patrol import Patrol
from riskmap.ui.patrol.items import ShapeOverlay
from riskmap.ui.patrol.shapes import EditShape, Vertex, geometry_problem
from riskmap.ui.patrol.words import words

if TYPE_CHECKING:
    from riskmap.ui.map.canvas import MapCanvas

Qt = QtCore.Qt
HANDLE_PX = 8.0  # how near (screen pixels) a press must be to take a handle
EDGE_PX = 5.0
TOOL = "patrol_edit"


class PatrolEditTool(QtCore.QObject):
    """Vertex editing of one patrol area at a time; its state drives the panel's buttons."""

    sigStateChanged = QtCore.Signal()  # editing started or ended, or the changes changed
    cursor = Qt.CursorShape.ArrowCursor

    def __init__(
        self,
        canvas: MapCanvas,
        overlay: ShapeOverlay,
        apply: Callable[[Patrol, shapely.Geometry], bool],
        patrol_at: Callable[[float, float], Patrol | None],
    ) -> None:
        super().__init__(canvas)
        self.canvas = canvas
        self.overlay = overlay
        self._apply = apply
        self._patrol_at = patrol_at
        self.patrol: Patrol | None = None
        self.shape: EditShape | None = None
        self.dirty = False
        self.active: Vertex | None = None
        self._dragging: Vertex | None = None

    # -- state ----------------------------------------------------------------------------
    @property
    def drawing(self) -> bool:
        return self._dragging is not None

    @property
    def editing(self) -> bool:
        return self.patrol is not None

    def start(self, patrol: Patrol) -> None:
        """Show the patrol's handles (switching to this tool); pending changes are dropped."""
        self.canvas.set_tool(TOOL)
        self._load(patrol)

    def _load(self, patrol: Patrol) -> None:
        self.patrol = patrol
        self.shape = EditShape.from_geometry(patrol.geom)
        self.dirty, self.active, self._dragging = False, None, None
        self._show()
        self.sigStateChanged.emit()

    def stop(self) -> None:
        """Leave editing (pending changes dropped) and go back to panning."""
        self._clear()
        self.canvas.set_tool("pan")

    def cancel(self) -> bool:
        """The map switches to another tool: drop everything, like Esc twice."""
        had = self.editing
        self._clear()
        return had

    def _clear(self) -> None:
        was = self.editing
        self.patrol, self.shape = None, None
        self.dirty, self.active, self._dragging = False, None, None
        self.overlay.hide_shape()
        if was:
            self.sigStateChanged.emit()

    def refresh(self, patrols: list[Patrol]) -> None:
        """The patrol areas changed (an edit, undo, redo): follow the one being edited."""
        if self.patrol is None:
            return
        now = next((p for p in patrols if p.id == self.patrol.id), None)
        if now is None:
            self.stop()  # deleted, or its creation undone
        elif not self.dirty:
            self._load(now)
        # With changes pending, the old version stays: Apply then says someone changed it.

    def problem(self) -> str:
        """Why the shape as edited cannot be saved ("" when it can)."""
        if self.shape is None:
            return ""
        found = geometry_problem(self.shape.geometry(), self.shape.closed)
        return words().problem(*found) if found else ""

    # -- saving ---------------------------------------------------------------------------
    def apply(self) -> bool:
        """Save the edited vertices as one update; False when refused (the reason is said)."""
        if self.patrol is None or self.shape is None or not self.dirty:
            return False
        problem = self.problem()
        if problem:
            self.canvas.sigMessage.emit(problem)
            return False
        ok = self._apply(self.patrol, self.shape.geometry())
        if ok:
            self.dirty = False  # the reload that follows the save brings the new version
            self.sigStateChanged.emit()
        return ok

    def discard(self) -> None:
        if self.patrol is not None:
            self._load(self.patrol)

    # -- events ---------------------------------------------------------------------------
    def _tol(self, px: float) -> float:
        return px * self.canvas.pixel_size()

    def drag(self, ev: Any) -> bool:
        if self.shape is None or ev.button() != Qt.MouseButton.LeftButton:
            return False
        vb = self.canvas.vb
        if ev.isStart():
            p = vb.mapToView(ev.buttonDownPos())
            x, y = float(p.x()), float(p.y())
            v = self.shape.vertex_near(x, y, self._tol(HANDLE_PX))
            if v is None:
                mid = self.shape.midpoint_near(x, y, self._tol(HANDLE_PX))
                if mid is None:
                    return False  # not on a handle: the drag pans
                v = mid[0]
                self.shape.insert(v, mid[1])
            self._dragging = self.active = v
        if self._dragging is None:
            return False
        ev.accept()
        p = vb.mapToView(ev.pos())
        self.shape.move(self._dragging, (float(p.x()), float(p.y())))
        self.dirty = True
        if ev.isFinish():
            self._dragging = None
            self._changed()
        else:
            self._show()
        return True

    def click(self, ev: Any) -> bool:
        if self.shape is None or ev.double():
            return False
        p = self.canvas.vb.mapToView(ev.pos())
        x, y = float(p.x()), float(p.y())
        v = self.shape.vertex_near(x, y, self._tol(HANDLE_PX))
        if ev.button() == Qt.MouseButton.RightButton:
            if v is not None:
                ev.accept()
                self.delete(v)
                return True
            return False
        if ev.button() != Qt.MouseButton.LeftButton:
            return False
        ev.accept()
        if v is not None:
            self.active = v
            self._show()
            return True
        edge = self.shape.edge_near(x, y, self._tol(EDGE_PX))
        if edge is not None:
            self.shape.insert(*edge)
            self.active = edge[0]
            self.dirty = True
            self._changed()
            return True
        self._elsewhere(x, y)
        return True

    def _elsewhere(self, x: float, y: float) -> None:
        """A click off the shape: another patrol area is edited next, empty ground ends the
        edit; not while changes are pending, which would be lost."""
        other = self._patrol_at(x, y)
        if self.patrol is not None and other is not None and other.id == self.patrol.id:
            return
        if self.dirty:
            #: 请先应用（回车）或放弃（Esc）对图形的修改。
            text = self.tr("Apply (Enter) or discard (Esc) the changes to the shape first.")
            self.canvas.sigMessage.emit(text)
            return
        if other is not None:
            self._load(other)
        else:
            self.stop()

    def delete(self, v: Vertex | None = None) -> bool:
        """Remove vertex `v` (default: the selected one); refused below the minimum."""
        v = v if v is not None else self.active
        if self.shape is None or v is None:
            return False
        if not self.shape.delete(v):
            if self.shape.closed:
                #: 巡查区域至少需要三个顶点。
                text = self.tr("A patrol area needs at least three vertices.")
            else:
                #: 巡查路线至少需要两个点。
                text = self.tr("A patrol route needs at least two points.")
            self.canvas.sigMessage.emit(text)
            return False
        self.active = None
        self.dirty = True
        self._changed()
        return True

    def double_click(self) -> bool:
        return self.editing  # a double click on the map must not zoom away mid-edit

    def hover(self, x: float, y: float) -> None:
        if self.shape is None:
            return
        on_handle = self.shape.vertex_near(x, y, self._tol(HANDLE_PX)) is not None
        on_handle = on_handle or self.shape.midpoint_near(x, y, self._tol(HANDLE_PX)) is not None
        shape = Qt.CursorShape.SizeAllCursor if on_handle else self.cursor
        self.canvas.view.viewport().setCursor(shape)

    def key(self, ev: QtGui.QKeyEvent) -> bool:
        if self.patrol is None:
            return False
        k = ev.key()
        if k in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.apply()
            return True
        if k == Qt.Key.Key_Escape:
            if self.dirty:
                self.discard()
            else:
                self.stop()
            return True
        if k in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete()
            return True
        return False

    def vertex_at_widget(self, pos: QtCore.QPoint) -> Vertex | None:
        """The vertex under a viewport position (the context-menu filter asks)."""
        if self.shape is None:
            return None
        x, y = self.canvas.widget_to_map(pos)
        return self.shape.vertex_near(x, y, self._tol(HANDLE_PX))

    # -- drawing --------------------------------------------------------------------------
    def _changed(self) -> None:
        self._show()
        problem = self.problem()
        if problem:
            self.canvas.sigMessage.emit(problem)
        self.sigStateChanged.emit()

    def _show(self) -> None:
        if self.shape is None or self.patrol is None:
            self.overlay.hide_shape()
            return
        active = None
        if self.active is not None:
            try:
                active = self.shape.paths[self.active.path][self.active.index]
            except IndexError:
                self.active = None
        route = not self.shape.closed
        self.overlay.show_shape(
            self.shape.paths,
            self.shape.closed,
            corridor_m=self.patrol.buffer_m if route else 0.0,
            invalid=bool(self.problem()) if self._dragging is None else False,
            midpoints=[xy for _v, xy in self.shape.midpoints()],
            active=active,
        )
