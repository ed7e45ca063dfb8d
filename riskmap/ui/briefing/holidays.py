"""The holiday calendar dialog (节假日安排): enter a year's breaks as the State Council's notice
gives them, correct or remove them (riskmap.core.holidays; stored in the database for every
seat, audited). Opened from the briefing dialog and from the File menu.

A row is one holiday in one year; saving a holiday and year already entered replaces its dates.
Choosing a holiday and year fills in the dates the briefing would use now (entered, official
calendar or rule), so entering the notice is correcting what is shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6 import QtCore, QtWidgets

from riskmap.core.database import Actor, Store
from riskmap.core.holidays import list_holidays, set_holiday, unset_holiday
from riskmap.core.presets import PRESETS, holiday_window
from riskmap.errors import RiskmapError
from riskmap.ui.errors import error_text
from riskmap.ui.i18n import ui_language
from riskmap.ui.screen_fit import keep_on_screen

YEARS = (2004, 2100)


def _qdate(d: dt.date) -> QtCore.QDate:
    return QtCore.QDate(d.year, d.month, d.day)


def _date(q: QtCore.QDate) -> dt.date:
    return dt.date(q.year(), q.month(), q.day())


class HolidayDialog(QtWidgets.QDialog):
    """Lists the entered breaks; enters, corrects and removes them."""

    sigChanged = QtCore.Signal()

    def __init__(
        self,
        store: Store,
        actor: Callable[[], Actor],
        *,
        preset: str = "qingming",
        year: int | None = None,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("holiday_dialog")
        self.store, self.actor = store, actor
        self.preset = QtWidgets.QComboBox(self)
        self.preset.setObjectName("holiday_preset")
        for p in PRESETS.values():
            self.preset.addItem(p.zh, p.key)
        self.year = QtWidgets.QSpinBox(self)
        self.year.setObjectName("holiday_year")
        self.year.setRange(*YEARS)
        self.year.setGroupSeparatorShown(False)
        self.start = QtWidgets.QDateEdit(self)
        self.start.setObjectName("holiday_start")
        self.end = QtWidgets.QDateEdit(self)
        self.end.setObjectName("holiday_end")
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.note = QtWidgets.QLineEdit(self)
        self.note.setObjectName("holiday_note")
        self.current = QtWidgets.QLabel(self)
        self.current.setObjectName("holiday_current")
        self.current.setWordWrap(True)
        self.form = QtWidgets.QFormLayout()
        self.labels = [QtWidgets.QLabel(self) for _ in range(6)]
        for label, field in zip(
            self.labels,
            (self.preset, self.year, self.start, self.end, self.note, self.current),
            strict=True,
        ):
            self.form.addRow(label, field)
        self.save_button = QtWidgets.QPushButton(self)
        self.save_button.setObjectName("holiday_save")
        self.save_button.clicked.connect(self.save)
        self.remove_button = QtWidgets.QPushButton(self)
        self.remove_button.setObjectName("holiday_remove")
        self.remove_button.clicked.connect(self.remove)
        self.close_button = QtWidgets.QPushButton(self)
        self.close_button.clicked.connect(self.close)
        self.table = QtWidgets.QTableWidget(0, 6, self)
        self.table.setObjectName("holiday_table")
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._row_chosen)
        self.status = QtWidgets.QLabel(self)
        self.status.setObjectName("holiday_status")
        self.status.setWordWrap(True)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        lay = QtWidgets.QVBoxLayout(self)
        lay.addWidget(self.table, 1)
        lay.addLayout(self.form)
        lay.addWidget(self.status)
        lay.addLayout(buttons)
        keep_on_screen(self, 720, 560)
        self.retranslate()
        self.preset.setCurrentIndex(max(0, self.preset.findData(preset)))
        self.year.setValue(year or dt.date.today().year + 1)
        self.preset.currentIndexChanged.connect(self._choice_changed)
        self.year.valueChanged.connect(self._choice_changed)
        self.refresh()
        self._choice_changed()

    def retranslate(self) -> None:
        #: 节假日安排
        self.setWindowTitle(self.tr("Holiday calendar"))
        texts = (
            #: 节日：
            self.tr("Holiday:"),
            #: 年份：
            self.tr("Year:"),
            #: 放假开始：
            self.tr("First day off:"),
            #: 放假结束：
            self.tr("Last day off:"),
            #: 依据（如通知文号）：
            self.tr("Source (e.g. the notice's number):"),
            #: 现用日期：
            self.tr("Dates in use:"),
        )
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        #: 保存（按国务院通知录入）
        self.save_button.setText(self.tr("Save (as the State Council's notice gives it)"))
        #: 删除所选
        self.remove_button.setText(self.tr("Remove selected"))
        #: 关闭
        self.close_button.setText(self.tr("Close"))
        self.table.setHorizontalHeaderLabels(
            [
                #: 节日
                self.tr("Holiday"),
                #: 年份
                self.tr("Year"),
                #: 开始
                self.tr("From"),
                #: 结束
                self.tr("To"),
                #: 天数
                self.tr("Days"),
                #: 依据
                self.tr("Source"),
            ]
        )

    def changeEvent(self, ev: QtCore.QEvent) -> None:
        if ev.type() == QtCore.QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(ev)

    def key(self) -> str:
        return str(self.preset.currentData())

    def refresh(self) -> None:
        """The entered breaks, newest year first."""
        rows = sorted(list_holidays(self.store), key=lambda h: (-h.year, h.start))
        self.table.setRowCount(len(rows))
        for r, h in enumerate(rows):
            days = (h.end - h.start).days + 1
            values = (h.name, str(h.year), h.start.isoformat(), h.end.isoformat(), str(days),
                      h.note)  # fmt: skip
            for c, text in enumerate(values):
                item = QtWidgets.QTableWidgetItem(text)
                item.setData(QtCore.Qt.ItemDataRole.UserRole, (h.preset, h.year))
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()

    def _choice_changed(self, *_: Any) -> None:
        """The dates the briefing uses now for this holiday and year, ready to correct."""
        try:
            w = holiday_window(self.key(), self.year.value(), estimate=True, store=self.store)
        except RiskmapError as exc:
            self.current.setText(error_text(exc))
            return
        self.start.setDate(_qdate(w.start))
        self.end.setDate(_qdate(w.end))
        source = w.source_text(ui_language())
        #: {0} 至 {1}，共 {2} 天（{3}）
        self.current.setText(self.tr("{0} to {1}, {2} days ({3})").format(
            w.start.isoformat(), w.end.isoformat(), w.days, source))  # fmt: skip

    def _row_chosen(self) -> None:
        items = self.table.selectedItems()
        if not items:
            return
        preset, year = items[0].data(QtCore.Qt.ItemDataRole.UserRole)
        self.preset.setCurrentIndex(max(0, self.preset.findData(preset)))
        self.year.setValue(int(year))

    def save(self) -> bool:
        try:
            h = set_holiday(self.store, self.actor(), self.key(), self.year.value(),
                            _date(self.start.date()), _date(self.end.date()),
                            self.note.text().strip())  # fmt: skip
        except RiskmapError as exc:
            self._say(error_text(exc), error=True)
            return False
        #: 已录入 {0} 年{1}：{2} 至 {3}
        self._say(self.tr("Entered {1} {0}: {2} to {3}").format(
            h.year, h.name, h.start.isoformat(), h.end.isoformat()))  # fmt: skip
        self.refresh()
        self._choice_changed()
        self.sigChanged.emit()
        return True

    def remove(self) -> bool:
        items = self.table.selectedItems()
        if not items:
            #: 请先在列表中选择要删除的一行。
            self._say(self.tr("Choose a row of the list first."), error=True)
            return False
        preset, year = items[0].data(QtCore.Qt.ItemDataRole.UserRole)
        try:
            unset_holiday(self.store, self.actor(), preset, int(year))
        except RiskmapError as exc:
            self._say(error_text(exc), error=True)
            return False
        #: 已删除；该年改用官方日历或规则推算的日期。
        self._say(self.tr("Removed: that year takes the official calendar's or the rule's dates."))
        self.refresh()
        self._choice_changed()
        self.sigChanged.emit()
        return True

    def _say(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #c62828;" if error else "")
