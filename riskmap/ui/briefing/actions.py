"""File → Briefing… in the main window: one dialog, kept (and its choices) between uses."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction

if TYPE_CHECKING:
    from riskmap.ui.briefing.dialog import BriefingDialog
    from riskmap.ui.main_window import MainWindow


class BriefingActions(QObject):
    def __init__(self, win: MainWindow) -> None:
        super().__init__(win)
        self.setObjectName("briefing_actions")
        self.win = win
        self.dialog: BriefingDialog | None = None
        self.act_briefing = QAction(win)
        self.act_briefing.setObjectName("act_briefing")
        self.act_briefing.triggered.connect(self.open)
        # first in the File menu: the briefing is the file most often made
        win.menu_file.insertAction(win.act_export_csv, self.act_briefing)
        win.menu_file.insertSeparator(win.act_export_csv)
        win.installEventFilter(self)  # the dialog closes with the window
        self.retranslate()

    def retranslate(self) -> None:
        #: 节前安全简报…
        self.act_briefing.setText(self.tr("Briefing…"))
        #: 节日/季节安全风险简报：HTML 地图、PDF 和 XLSX
        self.act_briefing.setToolTip(self.tr("Holiday or season briefing: HTML map, PDF, XLSX"))
        if self.dialog is not None:
            self.dialog.set_language(self.win.lang)

    def open(self) -> BriefingDialog:
        """Show the dialog (non-modal: the map stays usable while a briefing is written)."""
        from riskmap.ui.briefing.dialog import BriefingDialog  # on first use: keeps start-up light

        w = self.win
        if self.dialog is None:
            self.dialog = BriefingDialog(w.ws, w.jobs, w.settings, lang=w.lang, today=w.today,
                                         parent=w)  # fmt: skip
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog

    def eventFilter(self, obj: QObject, ev: QEvent) -> bool:
        if obj is self.win and ev.type() == QEvent.Type.Close and self.dialog is not None:
            self.dialog.close()
        return super().eventFilter(obj, ev)
