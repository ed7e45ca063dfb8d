"""Patrol plans out of the window: GeoJSON and KML for phones in the field, an XLSX roster."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu

from riskmap.core.patrol import load_patrols
from riskmap.errors import RiskmapError
from riskmap.ui.workers import JobContext

if TYPE_CHECKING:
    from riskmap.ui.services import Services


class PatrolExport(QObject):
    """The Patrols menu's "Export patrol plans…"; the file type follows the chosen filter."""

    def __init__(self, services: Services, menu: QMenu) -> None:
        super().__init__(services.parent)
        self.services = services
        self.act = QAction(services.parent)
        self.act.setObjectName("act_patrol_export")
        self.act.triggered.connect(lambda _c=False: self.dialog())
        menu.addSeparator()
        menu.addAction(self.act)
        self.last_path: Path | None = None

    def retranslate(self) -> None:
        #: 导出巡查方案（GeoJSON / KML / XLSX）…
        self.act.setText(self.tr("Export patrol plans (GeoJSON / KML / XLSX)…"))

    def dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self.services.parent,
            #: 导出巡查方案
            self.tr("Export patrol plans"),
            str(Path.home() / "巡查方案.kml"),
            #: KML（手机地图） (*.kml);;GeoJSON (*.geojson);;Excel 排班表 (*.xlsx)
            self.tr("KML for phones (*.kml);;GeoJSON (*.geojson);;Excel roster (*.xlsx)"),
        )
        if path:
            self.export_to(path)

    def export_to(self, path: str | Path, preset: str | None = None) -> None:
        from riskmap.io import patrol_export as pe

        store, target = self.services.ws.store, Path(path)

        def work(_ctx: JobContext) -> int:
            patrols = [p for p in load_patrols(store) if preset in (None, p.preset)]
            names = pe.patrol_unit_names(store, patrols)
            suffix = target.suffix.lower()
            if suffix == ".kml":
                pe.write_kml(patrols, target, store.crs, unit_names=names)
            elif suffix in (".geojson", ".json"):
                pe.write_geojson(patrols, target, store.crs, unit_names=names)
            elif suffix == ".xlsx":
                pe.write_roster_xlsx(patrols, target, names)
            else:
                raise RiskmapError.of("export.patrol_suffix", name=target.name)
            return len(patrols)

        def done(n: int) -> None:
            self.last_path = target
            #: 已导出 {0} 个巡查区域到 {1}
            self.services.message(self.tr("Exported {0} patrol areas to {1}").format(n, target))

        self.services.run(work, done, self.services.message, label="patrol export")
