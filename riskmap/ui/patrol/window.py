"""The patrol planner's part of the main window: the patrol layer on the map, the drawing and
vertex-editing tools, the Patrol menu, and the dock with the list and the coverage check.

Kept apart from riskmap.ui.main_window like the ledger's part: the window hands over its canvas,
layer panel, menus and job runner (riskmap.ui.services), and Qt tells it of a new language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import shapely
from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QAction, QContextMenuEvent
from PySide6.QtWidgets import QDialog, QDockWidget, QMenu, QMessageBox

from riskmap.core.patrol import Patrol
from riskmap.core.presets import Window
from riskmap.core.region import Region
from riskmap.errors import RiskmapError
from riskmap.ui.errors import error_text
from riskmap.ui.i18n import Retranslating
from riskmap.ui.icons import icon
from riskmap.ui.panels.layer_panel import PATROLS_KEY
from riskmap.ui.patrol.controller import PatrolController, PatrolForm
from riskmap.ui.patrol.coverage import CoverageResult, CoverageRunner
from riskmap.ui.patrol.draw import PatrolDrawTool
from riskmap.ui.patrol.editor import TOOL as EDIT_TOOL
from riskmap.ui.patrol.editor import PatrolEditTool
from riskmap.ui.patrol.export import PatrolExport
from riskmap.ui.patrol.form import DEFAULT_WIDTH_M, PatrolDialog, SaveFn
from riskmap.ui.patrol.items import GapMarkers, PatrolLayerItem, ShapeOverlay, is_line
from riskmap.ui.patrol.panel import PatrolPanel
from riskmap.ui.patrol.words import words

if TYPE_CHECKING:
    from riskmap.ui.services import Services

DRAW_TOOLS = {"area": "patrol_area", "route": "patrol_route"}
HIT_PX = 4.0
DRAW_HERE_SIDE_M = 8000.0  # the view around a site when "Draw a patrol here" starts


class PatrolActions(Retranslating, QObject):
    """Everything patrol in one main window; `ctl` makes the edits, `panel` lists them."""

    def __init__(self, services: Services) -> None:
        super().__init__(services.parent)
        self.services = services
        self.ledger = ledger = services.ledger
        self.ctl = PatrolController(ledger, self)
        canvas = services.canvas
        self.layer = PatrolLayerItem(canvas.vb)
        self.gaps = GapMarkers()
        self.overlay = ShapeOverlay()
        for item in (self.layer, self.gaps, self.overlay):
            canvas.vb.addItem(item, ignoreBounds=True)
        self.gaps.setVisible(False)
        self.draw = {
            kind: PatrolDrawTool(canvas, kind, self.overlay, self._drawn) for kind in DRAW_TOOLS
        }
        for kind, tool in self.draw.items():
            canvas.add_tool(DRAW_TOOLS[kind], tool)
        self.editor = PatrolEditTool(canvas, self.overlay, self.ctl.set_geometry, self.patrol_at)
        canvas.add_tool(EDIT_TOOL, self.editor)
        canvas.add_hover_text(self.hover_text)

        self.panel = PatrolPanel(ledger.today, services.parent)
        # The holiday calendar entered in the database decides a preset's days.
        self.panel.coverage.store = services.ws.store
        self.dock = QDockWidget(services.parent)
        self.dock.setObjectName("dock_patrols")
        self.dock.setWidget(self.panel)
        services.add_dock(
            "patrols", self.dock, Qt.DockWidgetArea.BottomDockWidgetArea, tabify_with="dossier"
        )
        services.dock("dossier").raise_()
        self.coverage = CoverageRunner(
            services.ws, services.jobs, self.ctl.patrols, lambda: ledger.today, self.gaps, self
        )
        self.selected: int | None = None
        self._ground: dict[int, shapely.Geometry] = {}  # id → what it covers, for hit tests
        self.dialog: QDialog | None = None  # the form or confirmation opened last (tests drive it)
        self._next_window: Window | None = None  # "Draw a patrol here": the form's window
        self._make_actions()
        self._connect()
        self._patrols_changed()
        self.retranslate()

    # -- installation ---------------------------------------------------------------------
    def _make_actions(self) -> None:
        s = self.services
        self.act_draw: dict[str, QAction] = {}
        for kind, tool in DRAW_TOOLS.items():
            act = QAction(s.parent, checkable=True)
            act.setObjectName(f"act_{tool}")
            act.triggered.connect(lambda _c=False, k=kind: self.start_drawing(k))
            s.add_map_tool(act)
            self.act_draw[kind] = act
        self.act_edit = QAction(s.parent, checkable=True)
        self.act_edit.setObjectName("act_patrol_edit")
        self.act_edit.triggered.connect(self._edit_selected_shape)
        s.add_map_tool(self.act_edit)
        self.act_coverage = QAction(s.parent)
        self.act_coverage.triggered.connect(self.show_coverage)
        self.menu = QMenu(s.parent)
        self.menu.setToolTipsVisible(True)
        self.menu.addActions([*self.act_draw.values(), self.act_edit])
        self.menu.addSeparator()
        self.menu.addActions([self.dock.toggleViewAction(), self.act_coverage])
        s.add_menu("patrol", before="language", menu=self.menu)
        s.add_menu_action("view", self.dock.toggleViewAction())
        for kind, act in self.act_draw.items():
            act.setIcon(icon(f"patrol_{kind}"))
        self.act_edit.setIcon(icon("patrol_edit"))
        for act in (*self.act_draw.values(), self.act_edit):
            s.add_toolbar_action("draw", act)
        self.export = PatrolExport(s, self.menu)

    def _connect(self) -> None:
        w, c, lst, cov = self.services, self.services.canvas, self.panel.list, self.panel.coverage
        self.ctl.sigChanged.connect(self._patrols_changed)
        self.ctl.sigMessage.connect(w.message)
        self.ctl.sigError.connect(w.message)
        self.ledger.sigChanged.connect(lambda _ids: self.coverage.rerun())
        self.ledger.sigActorChanged.connect(lambda _a: self.update_actions())
        c.sigToolChanged.connect(self._tool_changed)
        c.sigMapClicked.connect(self._map_clicked)
        c.sigViewChanged.connect(lambda _r: self.layer.view_changed(c.pixel_size()))
        c.view.viewport().installEventFilter(self)
        w.layer_panel.sigVisibilityChanged.connect(self._layer_visibility)
        w.layer_panel.sigOpacityChanged.connect(self._layer_opacity)
        self.editor.sigStateChanged.connect(self._editor_state)
        lst.sigNew.connect(self.start_drawing)
        lst.sigEdit.connect(self.edit_attributes)
        lst.sigDelete.connect(self.confirm_delete)
        lst.sigCovers.connect(self.what_it_covers)
        lst.sigSelected.connect(self.select_area)
        lst.sigActivated.connect(self.fly_to)
        lst.sigApply.connect(self.editor.apply)
        lst.sigDiscard.connect(self.editor.discard)
        cov.sigRun.connect(self.run_coverage)
        cov.sigClear.connect(self.coverage.clear)
        cov.sigSiteActivated.connect(lambda sid: w.show_site(sid))
        cov.sigDrawHere.connect(self.draw_here)
        self.coverage.sigReady.connect(self._coverage_ready)
        self.coverage.sigFailed.connect(w.message)
        self.coverage.sigCleared.connect(cov.clear)
        self.layer.view_changed(c.pixel_size())

    def retranslate(self) -> None:
        w = words()
        w.lang = self.services.lang
        texts = {
            #: 绘制巡查区域
            "area": self.tr("Draw patrol area"),
            #: 绘制巡查路线
            "route": self.tr("Draw patrol route"),
        }
        for kind, act in self.act_draw.items():
            act.setText(texts[kind])
        #: 编辑巡查区域图形
        self.act_edit.setText(self.tr("Edit patrol shape"))
        #: 巡查覆盖检查…
        self.act_coverage.setText(self.tr("Coverage check…"))
        #: 巡查(&P)
        self.menu.setTitle(self.tr("&Patrols"))
        #: 巡查区域
        self.dock.setWindowTitle(self.tr("Patrol areas"))
        self.panel.retranslate()
        self.export.retranslate()
        self.update_actions()
        if self.coverage.lang != w.lang:
            self.coverage.lang = w.lang
            self.coverage.rerun()  # layer and township names in the new language

    def update_actions(self) -> None:
        """Enable what the current user may do; a disabled action's tooltip says why."""
        reason = self.ctl.cannot_edit()
        for act in (*self.act_draw.values(), self.act_edit):
            act.setEnabled(not reason)
            act.setToolTip(reason or act.text())
        self.panel.list.set_can_edit(reason)
        self.panel.coverage.set_can_edit(reason)
        if reason and self.services.canvas.tool() in (*DRAW_TOOLS.values(), EDIT_TOOL):
            self.services.canvas.set_tool("pan")

    # -- the layer --------------------------------------------------------------------------
    def _patrols_changed(self) -> None:
        patrols = self.ctl.patrols()
        # A route's corridor is a buffer: made once per change, not at every hover.
        self._ground = {p.id: p.coverage for p in patrols}
        for g in self._ground.values():
            shapely.prepare(g)
        self.layer.set_patrols(patrols)
        self.panel.list.set_patrols(patrols, self.ctl.unit_names())
        self.services.layer_panel.set_counts({PATROLS_KEY: len(patrols)})
        if self.selected is not None and all(p.id != self.selected for p in patrols):
            self.selected = None
        self.layer.set_selected(self.selected)
        self.editor.refresh(patrols)
        self.coverage.rerun()

    def _layer_visibility(self, key: str, visible: bool) -> None:
        if key == PATROLS_KEY:
            self.layer.setVisible(visible)

    def _layer_opacity(self, key: str, opacity: float) -> None:
        if key == PATROLS_KEY:
            self.layer.setOpacity(opacity)

    def patrols_at(self, x: float, y: float) -> list[Patrol]:
        """The visible patrol areas under map point (x, y): inside an area or a corridor, or on
        the drawn line; nearest outline first, then the smallest."""
        if not self.layer.isVisible():
            return []
        pt = shapely.Point(x, y)
        tol = HIT_PX * self.services.canvas.pixel_size()
        hits = []
        for p in self.ctl.patrols():
            ground = self._ground.get(p.id)
            if ground is None:
                ground = self._ground[p.id] = p.coverage
            if shapely.distance(ground, pt) <= tol:
                on_line = shapely.distance(p.geom, pt) <= tol
                hits.append((not on_line, ground.area, p.id, p))
        return [h[-1] for h in sorted(hits, key=lambda h: h[:3])]

    def patrol_at(self, x: float, y: float) -> Patrol | None:
        hits = self.patrols_at(x, y)
        return hits[0] if hits else None

    def describe(self, p: Patrol) -> str:
        w = words()
        parts = [f"{w.kind(p.kind)}: {p.name}", p.team, w.window(p.starts_on, p.ends_on)]
        if p.preset:
            parts.append(w.preset(p.preset))
        return " · ".join(s for s in parts if s)

    def hover_text(self, x: float, y: float) -> str:
        return "\n".join(self.describe(p) for p in self.patrols_at(x, y)[:4])

    def fly_to(self, area_id: int) -> None:
        p = self.ctl.patrol(area_id)
        if p is None:
            return
        x0, y0, x1, y1 = p.coverage.bounds
        pad = 0.15 * max(x1 - x0, y1 - y0, 500.0)
        self.services.canvas.set_view_rect(
            QRectF(x0 - pad, y0 - pad, x1 - x0 + 2 * pad, y1 - y0 + 2 * pad)
        )
        self.select_area(area_id)

    # -- selection and the vertex editor ----------------------------------------------------
    def select_area(self, area_id: int | None, edit: bool = True) -> None:
        """Select a patrol area (list and map); with `edit`, an editor also gets its vertex
        handles (the map switches to the vertex tool)."""
        ed = self.editor
        if ed.editing and ed.dirty and (ed.patrol is None or ed.patrol.id != area_id):
            #: 请先应用（回车）或放弃（Esc）对图形的修改。
            self.services.message(self.tr("Apply (Enter) or discard (Esc) the changes first."))
            self.panel.list.select_area(self.selected)
            return
        self.selected = area_id
        self.layer.set_selected(area_id)
        self.panel.list.select_area(area_id)
        patrol = self.ctl.patrol(area_id) if area_id is not None else None
        if patrol is None:
            if ed.editing:
                ed.stop()
            return
        if (
            edit
            and self.ctl.can_edit()
            and (not ed.editing or ed.patrol is None or ed.patrol.id != patrol.id)
        ):
            ed.start(patrol)

    def _edit_selected_shape(self) -> None:
        """The vertex tool: on the selected patrol area, else on the one clicked next."""
        patrol = self.ctl.patrol(self.selected) if self.selected is not None else None
        if patrol is not None:
            self.editor.start(patrol)
            return
        self.services.canvas.set_tool(EDIT_TOOL)
        #: 在地图上点击要修改图形的巡查区域。
        self.services.message(self.tr("Click the patrol area whose shape you want to change."))

    def _editor_state(self) -> None:
        ed = self.editor
        if ed.patrol is not None and ed.patrol.id != self.selected:
            # The editor moved on to the patrol area clicked on the map: the list follows.
            self.selected = ed.patrol.id
            self.layer.set_selected(self.selected)
            self.panel.list.select_area(self.selected)
        self.layer.set_hidden({ed.patrol.id} if ed.patrol is not None else set())
        self.panel.list.set_editing(ed.editing, ed.dirty, ed.problem() if ed.dirty else "")

    def _tool_changed(self, name: str) -> None:
        for kind, tool in DRAW_TOOLS.items():
            if name == tool:
                self.act_draw[kind].setChecked(True)
        if name == EDIT_TOOL:
            self.act_edit.setChecked(True)

    def _map_clicked(self, x: float, y: float) -> None:
        # Not in the pan tool: a click there is the incident view's "drop a point", and a
        # patrol area under it must not take the map into another tool.
        tool = self.services.canvas.tool()
        if tool == EDIT_TOOL and not self.editor.editing:
            hit = self.patrol_at(x, y)
            if hit is not None:
                self.select_area(hit.id)
        elif tool == "identify":
            hits = self.patrols_at(x, y)
            self.select_area(hits[0].id if hits else None, edit=False)
            here = [self.describe(p) for p in hits[:4]]
            if here:  # after the window's "N features here": the sites, then the patrols
                before = self.services.status_bar().currentMessage()
                sep = "；" if words().lang.startswith("zh") else "; "
                self.services.message(sep.join([before, *here] if before else here))

    def eventFilter(self, obj: QObject, ev: QEvent) -> bool:
        # A right click on a vertex deletes it (on the release, through the editor): the map's
        # context menu must not open over it.
        if (
            ev.type() == QEvent.Type.ContextMenu
            and isinstance(ev, QContextMenuEvent)
            and self.editor.vertex_at_widget(ev.pos()) is not None
        ):
            return True
        return super().eventFilter(obj, ev)

    # -- drawing and the form -----------------------------------------------------------------
    def start_drawing(self, kind: str) -> None:
        """Switch to the drawing tool of `kind` ("area" or "route")."""
        reason = self.ctl.cannot_edit()
        if reason:
            self.services.message(reason)
            return
        self.services.canvas.set_tool(DRAW_TOOLS[kind])
        if kind == "area":
            #: 依次点击巡查区域的顶点；回车或双击结束，Backspace 撤回上一个顶点，Esc 取消。
            text = self.tr(
                "Click the vertices of the patrol area; Enter or a double click finishes, "
                "Backspace takes back the last vertex, Esc cancels."
            )
        else:
            #: 依次点击巡查路线的各点；回车或双击结束，Backspace 撤回上一个点，Esc 取消。
            text = self.tr(
                "Click the points of the patrol route; Enter or a double click finishes, "
                "Backspace takes back the last point, Esc cancels."
            )
        self.services.message(text)

    def draw_here(self, site_id: int) -> None:
        """Start a patrol area around an uncovered site, for the window of the check."""
        result = self.coverage.result
        gap = (
            next((g for g in result.coverage.gaps if g.site_id == site_id), None)
            if result
            else None
        )
        if gap is None:
            return
        side = DRAW_HERE_SIDE_M
        self.services.canvas.set_view_rect(QRectF(gap.x - side / 2, gap.y - side / 2, side, side))
        self.services.canvas.highlight([site_id])
        self._next_window = self.coverage.window
        self.start_drawing("area")

    def _defaults(self, kind: str) -> PatrolForm:
        window = self._next_window or self.coverage.window
        if window is None:
            try:
                window = self.panel.coverage.window()
            except RiskmapError:
                window = None
        return PatrolForm(
            name="",
            starts_on=window.start if window else self.ledger.today,
            ends_on=window.end if window else self.ledger.today,
            preset=window.preset if window else None,
            buffer_m=self.draw["route"].corridor_m if kind == "route" else 0.0,
        )

    def _drawn(self, kind: str, geom: shapely.Geometry) -> None:
        defaults = self._defaults(kind)
        self._next_window = None
        created: list[int] = []

        def save(form: PatrolForm) -> None:
            created.append(self.ctl.create(kind, geom, form))

        dlg = self._dialog(kind, geom, defaults, save)
        dlg.accepted.connect(lambda: self._created(created))
        #: 已放弃绘制的图形。
        dlg.rejected.connect(lambda: self.services.message(self.tr("The drawing was discarded.")))

    def _created(self, created: list[int]) -> None:
        if not created:
            return
        p = self.ctl.patrol(created[-1])
        if p is not None and p.kind == "route":
            # The next route is sketched with the corridor the planner just chose.
            self.draw["route"].corridor_m = p.buffer_m or DEFAULT_WIDTH_M
        self.select_area(created[-1])

    def edit_attributes(self, area_id: int) -> PatrolDialog | None:
        """The form on a patrol area's name, team, unit, window, preset and note."""
        patrol = self.ctl.patrol(area_id)
        if patrol is None or self._refused():
            return None
        form = PatrolForm(
            name=patrol.name,
            team=patrol.team,
            unit_id=patrol.unit_id,
            starts_on=patrol.starts_on,
            ends_on=patrol.ends_on,
            preset=patrol.preset,
            buffer_m=patrol.buffer_m,
            note=patrol.note,
        )
        return self._dialog(
            patrol.kind, patrol.geom, form, lambda f: self.ctl.update(patrol, f), patrol
        )

    def _dialog(
        self,
        kind: str,
        geom: shapely.Geometry,
        defaults: PatrolForm,
        save: SaveFn,
        record: Patrol | None = None,
    ) -> PatrolDialog:
        if is_line(geom):
            size = words().distance(float(geom.length))
        else:
            size = f"{geom.area / 1e6:.2f} km²"
        dlg = PatrolDialog(
            kind=kind,
            size_text=size,
            defaults=defaults,
            units=self.ctl.unit_names(),
            teams=self.ctl.teams(),
            save=save,
            record=record,
            store=self.services.ws.store,
            parent=self.services.parent,
        )
        self.dialog = dlg
        self.ledger.open_dialog(dlg)
        return dlg

    def _refused(self) -> bool:
        reason = self.ctl.cannot_edit()
        if reason:
            self.services.message(reason)
        return bool(reason)

    def confirm_delete(self, area_id: int) -> QMessageBox | None:
        """Ask, then delete (one undoable edit)."""
        patrol = self.ctl.patrol(area_id)
        if patrol is None or self._refused():
            return None
        box = QMessageBox(self.services.parent)
        box.setObjectName("ConfirmDeletePatrol")
        box.setIcon(QMessageBox.Icon.Warning)
        #: 删除巡查区域
        box.setWindowTitle(self.tr("Delete patrol area"))
        #: 删除巡查区域“{0}”？可以用“撤销”恢复。
        box.setText(
            self.tr("Delete the patrol area “{0}”? Undo brings it back.").format(patrol.name)
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)

        def answered(button: Any) -> None:
            if box.standardButton(button) == QMessageBox.StandardButton.Yes:
                if self.editor.patrol is not None and self.editor.patrol.id == patrol.id:
                    self.editor.stop()
                self.ctl.delete(patrol)

        box.buttonClicked.connect(answered)
        self.dialog = box
        self.ledger.open_dialog(box)
        return box

    def what_it_covers(self, area_id: int) -> None:
        """The dossier of the ground the patrol covers: its hazards, units, rectifications."""
        p = self.ctl.patrol(area_id)
        if p is None:
            return
        try:
            region = Region.from_patrol_area(p.name, p.geom, p.buffer_m, self.services.ws.crs)
        except RiskmapError as exc:
            self.services.message(error_text(exc))
            return
        self.services.set_region(region, zoom=True)
        self.services.dock("dossier").raise_()

    # -- coverage -----------------------------------------------------------------------------
    def show_coverage(self) -> None:
        self.dock.show()
        self.dock.raise_()
        self.panel.setCurrentWidget(self.panel.coverage)

    def run_coverage(self, window: Window) -> None:
        self.show_coverage()
        self.panel.list.set_filter_window(window.start, window.end)
        self.coverage.run(window)

    def _coverage_ready(self, result: CoverageResult) -> None:
        cov = result.coverage
        self.panel.coverage.set_result(
            cov.window, result.rows, len(cov.high_risk), len(cov.patrols)
        )
