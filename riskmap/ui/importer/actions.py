"""Import and export in the main window: the File menu's actions, and files dropped on it.

Importing changes the sites and the districts, which only an admin may do: for anyone else the
two import actions stay disabled with the reason as their tooltip (the core refuses anyway).
Exporting is reading, open to every role. After a written import the workspace is loaded again
in the background and the map, the layer counts and the selection's dossier follow.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QDialog, QMessageBox

from riskmap.ui.errors import notes_text
from riskmap.ui.i18n import Retranslating
from riskmap.ui.importer.refresh import MapRefresher, layer_counts
from riskmap.ui.ledger.words import words
from riskmap.ui.workers import JobContext

# The dialogs and the readers and writers behind them import on first use, not with the
# window: they are most of what importing costs and no part of the first frame.
if TYPE_CHECKING:
    from riskmap.io.export import ExportResult
    from riskmap.io.importer import ImportReport
    from riskmap.ui.importer.basemap_dialog import BasemapDialog
    from riskmap.ui.importer.dialog import ImportDialog
    from riskmap.ui.importer.districts import DistrictsDialog
    from riskmap.ui.importer.export_dialog import ExportDialog
    from riskmap.ui.services import Services

_DRAG_EVENTS = (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop)


def dropped_file(event: QDropEvent | QDragEnterEvent) -> Path | None:
    """The file a drag carries (a shapefile's .shp among its companions), if any."""
    from riskmap.ui.importer.source_panel import SUFFIXES

    mime = event.mimeData()
    if mime is None or not mime.hasUrls():
        return None
    paths = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
    if not paths:
        return None
    shp = [p for p in paths if p.suffix.lower() == ".shp"]
    known = [p for p in paths if p.suffix.lower() in SUFFIXES]
    return (shp or known or paths)[0]


class ImportActions(Retranslating, QObject):
    """File → Import data…, Import administrative boundaries…, Import basemap…, Export layer…,
    Export the selection's sites…; a file dropped on the window opens the Import dialog with it."""

    sigExported = Signal(object)  # ExportResult

    def __init__(self, services: Services) -> None:
        super().__init__(services.parent)
        self.services = services
        self.ctl = services.ledger
        self.dialog: ImportDialog | None = None
        self.districts_dialog: DistrictsDialog | None = None
        self.basemap_dialog: BasemapDialog | None = None
        self.last_export: ExportResult | None = None
        self.refusal: QMessageBox | None = None
        self.refresher = MapRefresher(services)
        self.act_import = self._action("act_import_data", self.import_dialog)
        self.act_import_districts = self._action("act_import_districts", self.districts)
        self.act_import_basemap = self._action("act_import_basemap", self.basemap)
        self.act_export = self._action("act_export_layer", self.export_dialog)
        self.act_export_selection = self._action("act_export_selection", self.export_selection)
        menu = services.menu("file")
        first = menu.actions()[0] if menu.actions() else None
        menu.insertActions(first, [self.act_import, self.act_import_districts,  # type: ignore[arg-type]
                                   self.act_import_basemap])  # fmt: skip
        menu.insertSeparator(first)  # type: ignore[arg-type]
        menu.insertActions(first, [self.act_export, self.act_export_selection])  # type: ignore[arg-type]
        menu.insertSeparator(first)  # type: ignore[arg-type]
        services.route_drops(self)
        self.ctl.sigActorChanged.connect(self._actor_changed)
        self.retranslate()

    def _action(self, name: str, slot: Any) -> QAction:
        act = QAction(self.services.parent)
        act.setObjectName(name)
        act.triggered.connect(lambda _checked=False: slot())
        return act

    # -- text and roles ----------------------------------------------------------------------
    def retranslate(self) -> None:
        #: 导入数据…
        self.act_import.setText(self.tr("Import data…"))
        #: 导入行政区划…
        self.act_import_districts.setText(self.tr("Import administrative boundaries…"))
        #: 导入底图…
        self.act_import_basemap.setText(self.tr("Import basemap…"))
        #: 道路、水系、土地利用：绘制在风险图层之下的浅灰色底图
        tip = self.tr("Roads, water and land use: the quiet grey map under the risk layers")
        self.act_import_basemap.setStatusTip(tip)
        #: 导出图层…
        self.act_export.setText(self.tr("Export layer…"))
        #: 导出选区风险点…
        self.act_export_selection.setText(self.tr("Export the selection's sites…"))
        #: 把选区内某一图层的风险点导出为 GeoPackage、GeoJSON、KML 等格式
        tip = self.tr("One layer's sites in the selection as GeoPackage, GeoJSON, KML, …")
        self.act_export_selection.setToolTip(tip)
        self.update_actions()
        lang = self.services.lang
        for dlg in (self.dialog, self.districts_dialog, self.basemap_dialog):
            if dlg is not None:
                dlg.retranslate(lang)

    def cannot_import(self) -> str:
        """Why the current user may not import; empty when they may."""
        actor = self.ctl.actor
        if actor.may_write("sites") and actor.may_write("districts"):
            return ""
        #: 导入会改动风险点和行政区划，需要管理员角色；当前用户：{0}
        text = self.tr(
            "Importing changes the sites and districts and needs the admin role; you are {0}."
        )
        return text.format(words().user_line(actor))

    def update_actions(self) -> None:
        reason = self.cannot_import()
        for act in (self.act_import, self.act_import_districts, self.act_import_basemap):
            act.setEnabled(not reason)
            act.setToolTip(reason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _DRAG_EVENTS and isinstance(event, QDropEvent):
            path = dropped_file(event)
            if path is None:
                return False  # not a file: the widget's own business
            event.acceptProposedAction()
            if kind == QEvent.Type.Drop:
                self.open_dropped(path)
            return True
        return False

    # -- importing ---------------------------------------------------------------------------
    def open_dropped(self, path: Path) -> ImportDialog | None:
        """Open the Import dialog with a dropped file, or say why not."""
        from riskmap.ui.importer.source_panel import SUFFIXES

        if path.suffix.lower() not in SUFFIXES:
            names = " ".join(SUFFIXES)
            #: 无法导入 {0}：支持的格式为 {1}
            text = self.tr("Cannot import {0}: drop one of {1}").format(path.name, names)
            self._refuse(text)
            return None
        reason = self.cannot_import()
        if reason:
            self._refuse(reason)
            return None
        return self.import_dialog(path)

    def _refuse(self, text: str) -> None:
        self.services.message(text)
        box = QMessageBox(
            QMessageBox.Icon.Information, "riskmap", text, parent=self.services.parent
        )
        box.setObjectName("import_refusal")
        self.refusal = box
        box.open()

    def import_dialog(self, path: str | Path | None = None) -> ImportDialog:
        """The Import dialog (one per window), with `path` read when given."""
        from riskmap.ui.importer.dialog import ImportDialog

        s = self.services
        if self.dialog is None:
            self.dialog = ImportDialog(s.ws, self.ctl.actor, s.jobs, s.lang, s.parent)
            self.dialog.sigImported.connect(self._imported)
        _bring_up(self.dialog)
        if path is not None:
            self.dialog.open_file(str(path))
        elif self.dialog.panel.path is None:
            self.dialog.panel.browse()
        return self.dialog

    def districts(self, path: str | Path | None = None) -> DistrictsDialog:
        from riskmap.ui.importer.districts import DistrictsDialog

        s = self.services
        if self.districts_dialog is None:
            self.districts_dialog = DistrictsDialog(s.ws, self.ctl.actor, s.jobs, s.lang, s.parent)
            self.districts_dialog.sigImported.connect(self._imported)
        _bring_up(self.districts_dialog)
        if path is not None:
            self.districts_dialog.open_file(str(path))
        elif self.districts_dialog.panel.path is None:
            self.districts_dialog.panel.browse()
        return self.districts_dialog

    def basemap(self, path: str | Path | None = None) -> BasemapDialog:
        """File → 导入底图…: roads, water, land use under the risk layers."""
        from riskmap.ui.importer.basemap_dialog import BasemapDialog

        s = self.services
        if self.basemap_dialog is None:
            self.basemap_dialog = BasemapDialog(s.ws, self.ctl.actor, s.jobs, s.lang, s.parent)
            self.basemap_dialog.sigImported.connect(self._basemap_imported)
        _bring_up(self.basemap_dialog)
        if path is not None:
            self.basemap_dialog.open_file(str(path))
        elif self.basemap_dialog.panel.path is None:
            self.basemap_dialog.panel.browse()
        return self.basemap_dialog

    def _actor_changed(self, _actor: object) -> None:
        self.update_actions()
        # The dialogs were opened for the previous user; they close with that user.
        for dlg in (self.dialog, self.districts_dialog, self.basemap_dialog):
            if dlg is not None:
                dlg.close()
                dlg.deleteLater()
        self.dialog = self.districts_dialog = self.basemap_dialog = None

    def _imported(self, report: ImportReport) -> None:
        self.services.message(report.summary(self.services.lang))
        self.refresher.refresh()

    def _basemap_imported(self, report: ImportReport) -> None:
        # no site changed: the map reads its basemap again, nothing else
        self.services.message(report.summary(self.services.lang))
        self.services.canvas.city_basemap.reload()

    # -- exporting ---------------------------------------------------------------------------
    def export_dialog(self) -> None:
        from riskmap.ui.importer.export_dialog import ExportDialog

        dlg = ExportDialog(
            self.services.ws.catalog,
            layer_counts(self.services.ws),
            self.services.lang,
            self.services.parent,
        )
        if dlg.exec() == QDialog.DialogCode.Accepted:
            self._export_from(dlg, None)

    def selection_counts(self) -> dict[str, int]:
        """Sites of the current dossier per layer (empty without a selection)."""
        dossier = self.services.state.dossier
        return dict(Counter(s.layer for s in dossier.sites)) if dossier is not None else {}

    def export_selection(self) -> None:
        counts = self.selection_counts()
        if not counts:
            #: 请先选择一个区域：导出的是选区内的风险点。
            self.services.message(self.tr("Select a region first: its sites are what is exported."))
            return
        from riskmap.ui.importer.export_dialog import ExportDialog

        dlg = ExportDialog(
            self.services.ws.catalog,
            counts,
            self.services.lang,
            self.services.parent,
            selection=True,
        )
        if dlg.exec() == QDialog.DialogCode.Accepted:
            self._export_from(dlg, self.selection_ids(dlg.layer()))

    def selection_ids(self, layer: str | None) -> list[int]:
        dossier = self.services.state.dossier
        if dossier is None:
            return []
        return [s.id for s in dossier.sites if s.layer == layer]

    def _export_from(self, dlg: ExportDialog, site_ids: list[int] | None) -> None:
        layer, path = dlg.layer(), dlg.path()
        if layer is not None and path is not None:
            self.export_to(path, layer, site_ids)

    def export_to(self, path: str | Path, layer: str, site_ids: list[int] | None = None) -> None:
        """Write `layer` (only `site_ids`, when given) in the background; the format by the
        suffix. The status bar says how many sites went where, or why none did."""
        ws, target = self.services.ws, Path(path)

        def work(_ctx: JobContext) -> ExportResult:
            from riskmap.io.export import export_layer

            return export_layer(ws, target, layer, site_ids, catalog=ws.catalog)

        def done(result: ExportResult) -> None:
            self.last_export = result
            #: 已导出 {0} 个风险点到 {1}
            text = self.tr("Exported {0} sites to {1}").format(result.count, result.path)
            self.services.message(notes_text([text, *result.notes]))
            self.sigExported.emit(result)

        self.services.run(work, done, self.services.message, label="export")


def _bring_up(dlg: QDialog) -> None:
    dlg.show()
    # The offscreen platform (tests, screenshots) has no stacking and warns on raise().
    if QGuiApplication.platformName() != "offscreen":
        dlg.raise_()
        dlg.activateWindow()
