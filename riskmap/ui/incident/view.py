"""The incident view in the main window: drop a point on the map (or take the selected site),
see what each ring around it holds and which rescue resources are nearest, export a briefing.

It attaches itself to a main window (`IncidentView.install(services)`): a menu 应急 next to the
ledger's, a button on the tools bar, its own dock beside the dossier, and its own items on the
map's view box; the window's code knows nothing of it. A click is taken from the scene's
`sigMouseClicked`, which pyqtgraph emits for every click after the items have had theirs, so
the map's tools need no hook: while a point is being dropped the map is in the pan tool, whose
clicks do nothing else, and choosing another tool ends dropping.

The core answers in about 10 ms on the demo city, so it runs on the GUI thread; the exports
(the PDF embeds a subset of a CJK font, about 2 s) run on the window's job pool.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shapely
from PySide6 import QtCore, QtGui, QtWidgets

from riskmap.core.incident import IncidentReport, incident_report
from riskmap.errors import RiskmapError
from riskmap.ui.errors import error_text
from riskmap.ui.i18n import Retranslating
from riskmap.ui.icons import icon
from riskmap.ui.incident.items import IncidentItems
from riskmap.ui.incident.panel import IncidentPanel
from riskmap.ui.workers import JobContext

if TYPE_CHECKING:
    from riskmap.ui.services import Services

SHORTCUT = "Ctrl+I"
FIT_MARGIN = 1.25  # the view shows the outer ring and a quarter of its radius around it
MAP_PNG_MAX_PX = 1000  # the PDF prints the map 76 mm wide: 1000 px is over 300 dpi


class IncidentView(Retranslating, QtCore.QObject):
    """The incident tool, dock and map items of one main window."""

    sigReportChanged = QtCore.Signal(object)  # the IncidentReport shown, or None when cleared

    @classmethod
    def install(cls, services: Services) -> IncidentView:
        """Attach to the window of `services` (once: a second call returns the view there)."""
        found = services.parent.findChild(QtCore.QObject, "incident_view")
        if isinstance(found, IncidentView):
            return found
        return cls(services)

    def __init__(self, services: Services) -> None:
        super().__init__(services.parent)
        self.setObjectName("incident_view")
        self.services = services
        self.ws = services.ws
        self.report: IncidentReport | None = None
        self.point: tuple[float, float, int | None] | None = None
        self.dropping = False
        self.last_path: Path | None = None  # the last file exported (tests and messages)
        self.items = IncidentItems(services.canvas.vb)

        self.panel = IncidentPanel()
        self.dock = QtWidgets.QDockWidget(services.parent)
        self.dock.setObjectName("dock_incident")
        self.dock.setWidget(self.panel)
        # Beside the dossier: both are lists under the map, and an incident is not a selection.
        services.add_dock("incident", self.dock, tabify_with="dossier")
        self.dock.hide()  # until first used

        self.act_drop = self._action("act_incident_drop", self.set_drop_mode, checkable=True)
        self.act_drop.setShortcut(QtGui.QKeySequence(SHORTCUT))
        self.act_site = self._action("act_incident_site", self.use_selected_site)
        self.act_clear = self._action("act_incident_clear", self.clear)
        self.act_pdf = self._action("act_incident_pdf", self.export_pdf_dialog)
        self.act_html = self._action("act_incident_html", self.export_html_dialog)
        self.menu = QtWidgets.QMenu(services.parent)
        self.menu.setObjectName("menu_incident")
        self.menu.setToolTipsVisible(True)
        self.menu.addActions([self.act_drop, self.act_site, self.act_clear])
        self.menu.addSeparator()
        self.menu.addActions([self.act_pdf, self.act_html])
        self.menu.addSeparator()
        self.menu.addAction(self.dock.toggleViewAction())
        services.add_menu("incident", before="language", menu=self.menu)
        self.menu.aboutToShow.connect(self.update_actions)
        self.act_drop.setIcon(icon("incident"))
        services.add_toolbar_action("analyse", self.act_drop)

        p = self.panel
        p.sigDropToggled.connect(self.set_drop_mode)
        p.sigUseSite.connect(self.use_selected_site)
        p.sigApply.connect(self.apply)
        p.sigClear.connect(self.clear)
        p.sigExportPdf.connect(self.export_pdf_dialog)
        p.sigExportHtml.connect(self.export_html_dialog)
        p.sigSiteActivated.connect(self._site_activated)
        services.canvas.view.scene().sigMouseClicked.connect(self._clicked)
        services.canvas.sigToolChanged.connect(self._tool_changed)
        self.retranslate()
        self.update_actions()

    def _action(self, name: str, slot: Any, checkable: bool = False) -> QtGui.QAction:
        act = QtGui.QAction(self.services.parent)
        act.setObjectName(name)
        act.setCheckable(checkable)
        if checkable:
            act.toggled.connect(slot)
        else:
            act.triggered.connect(lambda _checked=False: slot())
        return act

    # -- text ---------------------------------------------------------------------------
    def retranslate(self) -> None:
        #: 应急(&M)
        self.menu.setTitle(self.tr("E&mergency"))
        #: 事故周边
        self.dock.setWindowTitle(self.tr("Incident surroundings"))
        #: 事故周边：地图选点
        self.act_drop.setText(self.tr("Incident: drop a point"))
        #: 在地图上点击事发地点，查看各研判范围内的场所和最近的应急资源
        tip = self.tr("Click the map where the incident is: sites within the rings and the "
                      "nearest rescue resources")  # fmt: skip
        self.act_drop.setToolTip(f"{tip} ({self.act_drop.shortcut().toString()})")
        #: 以所选风险点为事发点
        self.act_site.setText(self.tr("Incident at the selected site"))
        #: 清除事发点
        self.act_clear.setText(self.tr("Clear the incident"))
        #: 导出事故周边研判（PDF）…
        self.act_pdf.setText(self.tr("Export the incident briefing (PDF)…"))
        #: 导出事故周边研判（HTML）…
        self.act_html.setText(self.tr("Export the incident briefing (HTML)…"))
        self.panel.retranslate()
        if self.report is not None:  # its words (layer names, kinds) in the new language too
            self.panel.set_report(self.report, self.ws.catalog, self.services.lang)

    def update_actions(self) -> None:
        has = self.report is not None
        for act in (self.act_clear, self.act_pdf, self.act_html):
            act.setEnabled(has)
        site = self.services.state.selected_site is not None
        self.act_site.setEnabled(site)
        #: 请先在地图上选择风险点（识别工具）。
        self.act_site.setToolTip("" if site else self.tr("Select a site on the map first."))

    # -- the point ------------------------------------------------------------------------
    def set_drop_mode(self, on: bool) -> None:
        """While on, a left click on the map is the incident's location."""
        on = bool(on)
        for w in (self.act_drop, self.panel.drop_button):
            w.blockSignals(True)
            w.setChecked(on)
            w.blockSignals(False)
        if on == self.dropping:
            return
        self.dropping = on
        viewport = self.services.canvas.view.viewport()
        if on:
            self.services.set_tool("pan")
            self.show_dock()
            viewport.setCursor(QtCore.Qt.CursorShape.CrossCursor)
            #: 在地图上点击事发地点
            self.services.message(self.tr("Click the map where the incident is"))
        elif self.services.canvas.tool() == "pan":
            viewport.setCursor(QtCore.Qt.CursorShape.OpenHandCursor)

    def _tool_changed(self, name: str) -> None:
        if name != "pan" and self.dropping:
            self.set_drop_mode(False)

    def _clicked(self, ev: Any) -> None:
        if not self.dropping or ev.button() != QtCore.Qt.MouseButton.LeftButton or ev.double():
            return
        vb = self.services.canvas.vb
        if not vb.sceneBoundingRect().contains(ev.scenePos()):
            return
        p = vb.mapSceneToView(ev.scenePos())
        self.set_incident(float(p.x()), float(p.y()))

    def use_selected_site(self) -> IncidentReport | None:
        sid = self.services.state.selected_site
        if sid is None:
            #: 请先在地图上选择风险点（识别工具）。
            text = self.tr("Select a site on the map first.")
            self.panel.show_error(text)
            self.services.message(text)
            self.show_dock()
            return None
        return self.set_site(sid)

    def set_site(self, site_id: int) -> IncidentReport | None:
        """The site as the incident: at its point, or a point on its line or in its area."""
        try:
            geom = self.ws.geometry(int(site_id))
        except (KeyError, IndexError, ValueError):
            #: 风险点 {0} 不在地图上
            self.panel.show_error(self.tr("Site {0} is not on the map").format(site_id))
            return None
        pt = geom if geom.geom_type == "Point" else shapely.point_on_surface(geom)
        return self.set_incident(pt.x, pt.y, int(site_id))

    def set_incident(
        self, x: float, y: float, site_id: int | None = None, *, zoom: bool = True
    ) -> IncidentReport | None:
        """Rings around (x, y) with the panel's distances; None (nothing changed) when the
        distances are wrong or the core refuses."""
        rings = self.panel.rings_m()
        if rings is None:
            self.show_dock()
            return None
        try:
            report = incident_report(
                self.ws, x, y, rings, self.panel.k(), site_id=site_id, as_of=self._as_of()
            )
        except RiskmapError as exc:
            self.panel.show_error(error_text(exc))
            return None
        self.point = (x, y, site_id)
        self._show(report, zoom)
        return report

    def apply(self) -> IncidentReport | None:
        """New distances or k for the incident shown (or only checked, when there is none)."""
        if self.point is None:
            self.panel.rings_m()
            return None
        x, y, sid = self.point
        before = self.report.rings[-1].outer_m if self.report and self.report.rings else None
        report = self.set_incident(x, y, sid, zoom=False)
        if report is not None and report.rings[-1].outer_m != before:
            self.fit()
        return report

    def _as_of(self) -> dt.date:
        return self.services.state.as_of

    def _show(self, report: IncidentReport, zoom: bool) -> None:
        self.report = report
        xy: list[tuple[float, float]] = []
        nearest: list[tuple[float, float]] = []
        # one query for a lazy workspace, not one per resource
        geoms = self.ws.geometries([r.site_id for rs in report.resources.values() for r in rs])
        for items in report.resources.values():
            for i, res in enumerate(items):
                g = geoms[res.site_id]
                pt = g if g.geom_type == "Point" else shapely.point_on_surface(g)
                xy.append((pt.x, pt.y))
                if i == 0:
                    nearest.append((pt.x, pt.y))
        self.items.show(report, xy, nearest)
        self.panel.set_report(report, self.ws.catalog, self.services.lang)
        self.show_dock()
        if zoom:
            self.fit()
        self.update_actions()
        people = sum(r.people for r in report.rings)
        #: 事发点周边 {0} 公里内 {1} 处场所，涉及约 {2} 人
        text = self.tr("{1} sites within {0} km of the incident, about {2} people")
        self.services.message(
            text.format(f"{report.rings[-1].outer_m / 1000:g}", report.total_sites, f"{people:,}")
        )
        self.sigReportChanged.emit(report)

    def fit(self) -> None:
        """Show the outer ring whole, centred on the point."""
        if self.report is None or not self.report.rings:
            return
        r = self.report.rings[-1].outer_m * FIT_MARGIN
        rect = QtCore.QRectF(self.report.x - r, self.report.y - r, 2 * r, 2 * r)
        self.services.canvas.set_view_rect(rect)

    def show_dock(self) -> None:
        self.dock.show()
        self.dock.raise_()

    def clear(self) -> None:
        """Remove the rings from the map and empty the panel."""
        self.items.clear()
        self.panel.clear()
        self.report = None
        self.point = None
        self.update_actions()
        self.sigReportChanged.emit(None)

    def _site_activated(self, site_id: int) -> None:
        self.services.show_site(site_id)

    # -- exports --------------------------------------------------------------------------
    def map_png(self) -> bytes:
        """The map around the point as PNG bytes: a square crop of the view, rings included."""
        canvas = self.services.canvas
        pix = canvas.view.grab()
        ratio = pix.devicePixelRatio()
        w, h = pix.width(), pix.height()
        if self.report is not None and self.report.rings:
            c = canvas.map_to_widget(self.report.x, self.report.y)
            radius = self.report.rings[-1].outer_m * 1.1 / canvas.pixel_size() * ratio
            side = int(min(2 * radius, w, h))
            left = int(min(max(c.x() * ratio - side / 2, 0), w - side))
            top = int(min(max(c.y() * ratio - side / 2, 0), h - side))
            pix = pix.copy(QtCore.QRect(left, top, side, side))
        if max(pix.width(), pix.height()) > MAP_PNG_MAX_PX:
            pix = pix.scaled(
                MAP_PNG_MAX_PX,
                MAP_PNG_MAX_PX,
                QtCore.Qt.AspectRatioMode.KeepAspectRatio,
                QtCore.Qt.TransformationMode.SmoothTransformation,
            )
        buf = QtCore.QBuffer()
        buf.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
        pix.save(buf, "PNG")
        data = bytes(buf.data().data())
        buf.close()
        return data

    def _default_name(self, suffix: str) -> str:
        day = self.report.as_of if self.report is not None else self._as_of()
        return str(Path.home() / f"事故周边研判_{day:%Y%m%d}.{suffix}")

    def _no_report(self) -> bool:
        if self.report is None:
            #: 请先确定事发点。
            self.services.message(self.tr("Drop a point or pick a site first."))
            return True
        return False

    def export_pdf_dialog(self) -> None:
        if self._no_report():
            return
        path, _ = QtWidgets.QFileDialog.getSaveFileName(
            self.services.parent,
            #: 导出事故周边研判
            self.tr("Export the incident briefing"),
            self._default_name("pdf"),
            #: PDF 文件 (*.pdf)
            self.tr("PDF files (*.pdf)"),
        )
        if path:
            self.export_pdf(path)

    def export_html_dialog(self) -> None:
        if self._no_report():
            return
        path, _ = QtWidgets.QFileDialog.getSaveFileName(
            self.services.parent,
            #: 导出事故周边研判
            self.tr("Export the incident briefing"),
            self._default_name("html"),
            #: 网页文件 (*.html)
            self.tr("Web pages (*.html)"),
        )
        if path:
            self.export_html(path)

    def export_pdf(self, path: str | Path) -> None:
        """The one-page PDF with a picture of the map as it is now, written off the GUI
        thread; `last_path` is set when it is written."""
        from riskmap.brief.incident import write_incident_pdf

        report = self.report
        if self._no_report() or report is None:
            return
        catalog, lang, fictional = self.ws.catalog, self.services.lang, self.ws.store.fictional
        png, target = self.map_png(), Path(path)

        def work(_ctx: JobContext) -> Path:
            return write_incident_pdf(report, target, catalog, lang, png, fictional=fictional)

        self.services.run(work, self._exported, self._failed, label="incident pdf")

    def export_html(self, path: str | Path) -> None:
        from riskmap.brief.incident import (
            incident_classes,
            incident_geometries,
            write_incident_html,
        )

        report = self.report
        if self._no_report() or report is None:
            return
        catalog, lang, fictional = self.ws.catalog, self.services.lang, self.ws.store.fictional
        geoms, target = incident_geometries(self.ws, report), Path(path)
        classes = incident_classes(self.ws, report)

        def work(_ctx: JobContext) -> Path:
            return write_incident_html(
                report,
                target,
                catalog,
                lang,
                geometries=geoms,
                classes=classes,
                fictional=fictional,
            )

        self.services.run(work, self._exported, self._failed, label="incident html")

    def _exported(self, path: Path) -> None:
        self.last_path = path
        #: 已导出：{0}
        self.services.message(self.tr("Exported: {0}").format(path))

    def _failed(self, text: str) -> None:
        self.panel.show_error(text)
        self.services.message(text)
