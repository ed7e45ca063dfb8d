"""File → Briefing… in the main window: one dialog, kept (and its choices) between uses."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore, QtWidgets
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction

from riskmap.ui.i18n import Retranslating

if TYPE_CHECKING:
    from riskmap.ui.briefing.dialog import BriefingDialog
    from riskmap.ui.services import Services


class BriefingActions(Retranslating, QObject):
    def __init__(self, services: Services) -> None:
        super().__init__(services.parent)
        self.setObjectName("briefing_actions")
        self.services = services
        self.dialog: BriefingDialog | None = None
        self.act_briefing = QAction(services.parent)
        self.act_briefing.setObjectName("act_briefing")
        self.act_briefing.triggered.connect(self.open)
        # first in the File menu: the briefing is the file most often made
        services.add_menu_action("file", self.act_briefing, before="export_csv")
        self.act_holidays = QAction(services.parent)
        self.act_holidays.setObjectName("act_holidays")
        self.act_holidays.triggered.connect(self.open_holidays)
        services.add_menu_action("file", self.act_holidays, before="export_csv", separate=True)
        services.watch_window(self)  # the dialog closes with the window
        self.retranslate()

    def retranslate(self) -> None:
        #: 节前安全简报…
        self.act_briefing.setText(self.tr("Briefing…"))
        #: 节日/季节安全风险简报：HTML 地图、PDF 和 XLSX
        self.act_briefing.setToolTip(self.tr("Holiday or season briefing: HTML map, PDF, XLSX"))
        #: 节假日安排…
        self.act_holidays.setText(self.tr("Holiday calendar…"))
        #: 录入国务院公布的放假安排，简报和巡查按录入的日期
        self.act_holidays.setToolTip(
            self.tr("Enter the State Council's holiday schedule; briefings and patrols use it")
        )
        if self.dialog is not None:
            self.dialog.set_language(self.services.lang)

    def open(self) -> BriefingDialog:
        """Show the dialog (non-modal: the map stays usable while a briefing is written)."""
        from riskmap.ui.briefing.dialog import BriefingDialog  # on first use: keeps start-up light

        s = self.services
        if self.dialog is None:
            self.dialog = BriefingDialog(s.ws, s.jobs, s.settings, lang=s.lang, today=s.today,
                                         actor=lambda: s.state.actor, parent=s.parent)  # fmt: skip
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog

    def open_holidays(self) -> QtWidgets.QDialog:
        """The holiday calendar (节假日安排), for 清明 of the coming year."""
        from riskmap.ui.briefing.holidays import HolidayDialog

        s = self.services
        dialog = HolidayDialog(s.ws.store, lambda: s.state.actor, parent=s.parent)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def eventFilter(self, obj: QObject, ev: QEvent) -> bool:
        if (
            self.services.is_main_window(obj)
            and ev.type() == QEvent.Type.Close
            and self.dialog is not None
        ):
            self.dialog.close()
        return super().eventFilter(obj, ev)
