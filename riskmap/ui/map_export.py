"""File → 导出地图… (Export map): the view, a district or a holiday preset printed as a
meeting-ready PDF or PNG page, by the same code as `riskmap map` (riskmap.brief.printmap).
The dialog (riskmap.ui.map_export_dialog) is built on first use: start-up stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction

from riskmap.ui.i18n import Retranslating

if TYPE_CHECKING:
    from riskmap.ui.map_export_dialog import MapExportDialog
    from riskmap.ui.services import Services


class MapExportActions(Retranslating, QObject):
    """The File menu's 导出地图… and its dialog (kept, with its choices, between uses)."""

    def __init__(self, services: Services) -> None:
        super().__init__(services.parent)
        self.setObjectName("map_export_actions")
        self.services = services
        self.dialog: MapExportDialog | None = None
        self.act_export_map = QAction(services.parent)
        self.act_export_map.setObjectName("act_export_map")
        self.act_export_map.triggered.connect(self.open)
        services.add_menu_action("file", self.act_export_map, before="export_csv")
        services.watch_window(self)
        self.retranslate()

    def retranslate(self) -> None:
        #: 导出地图…
        self.act_export_map.setText(self.tr("Export map…"))
        #: 将当前视图、行政区或专题导出为带图例、比例尺和指北针的 PDF 或 PNG 地图
        self.act_export_map.setToolTip(
            self.tr("The view, a district or a theme as a PDF or PNG map with legend and scale")
        )

    def open(self) -> MapExportDialog:
        from riskmap.ui.map_export_dialog import MapExportDialog

        if self.dialog is None:
            self.dialog = MapExportDialog(self.services, parent=self.services.parent)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog

    def eventFilter(self, obj: QObject, ev: QEvent) -> bool:
        if self.services.is_main_window(obj) and ev.type() == QEvent.Type.Close and self.dialog:
            self.dialog.close()
        return super().eventFilter(obj, ev)
