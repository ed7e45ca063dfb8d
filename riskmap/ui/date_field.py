"""A date typed as YYYY-MM-DD or picked from a calendar, validated and never coerced.

QDateEdit repairs what it is given (`abcd9999-99-99` became 2026-09-09 and every overdue figure
moved with it). Here an invalid date shows as invalid — a red frame, and the reason in the tooltip
in the UI language — and is not applied: `date()` keeps the last valid date, and `dateChanged`
fires only for a valid new one, so whatever depends on it stays as it was.
"""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QDate, QEvent, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QLineEdit,
    QMenu,
    QStyle,
    QWidget,
    QWidgetAction,
)

from riskmap.ui.forms import ERROR_RED

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
INVALID_STYLE = f"QLineEdit {{ border: 2px solid {ERROR_RED}; }}"


def qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


def parse_date(text: str) -> dt.date | None:
    """The date of `text` in the form YYYY-MM-DD, or None: nothing is guessed or repaired."""
    text = text.strip()
    if not ISO_DATE.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:  # 2026-02-30, 2026-13-01
        return None


class DateField(QLineEdit):
    """A validated date field with the slice of QDateEdit's API riskmap uses."""

    dateChanged = Signal(QDate)  # a valid date different from the one before
    validityChanged = Signal(bool)

    def __init__(self, parent: QWidget | None = None, date: dt.date | None = None) -> None:
        super().__init__(parent)
        self._date = date or dt.date.today()
        self._valid = True
        self.setText(self._date.isoformat())
        self.setPlaceholderText("YYYY-MM-DD")
        # Wide enough for the date and the calendar button, not for the toolbar's whole width.
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance("0000-00-00") * 2)
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowDown)
        self.calendar_action = self.addAction(icon, QLineEdit.ActionPosition.TrailingPosition)
        self.calendar_action.setObjectName("date_calendar")
        self.calendar_action.triggered.connect(self.show_calendar)
        self.textEdited.connect(self._typed)
        self.editingFinished.connect(self._finished)
        self._menu: QMenu | None = None
        self.retranslate()

    # -- QDateEdit's API ----------------------------------------------------------------------
    def date(self) -> QDate:
        """The last valid date (an invalid text is never applied)."""
        return qdate(self._date)

    def setDate(self, value: QDate) -> None:
        self._apply(value.toPython(), emit=True)
        self.setText(self._date.isoformat())

    # -- validity ------------------------------------------------------------------------------
    def is_valid(self) -> bool:
        """Whether the text shown is the date in use."""
        return self._valid

    def problem(self) -> str:
        """Why the text is not a date, in the UI language; empty when it is one."""
        if self._valid:
            return ""
        #: “{0}”不是有效日期，请按 年-月-日 填写，例如 {1}。仍按 {2} 计算。
        return self.tr(
            "“{0}” is not a valid date; type it as year-month-day, e.g. {1}. Still using {2}."
        ).format(self.text().strip(), dt.date.today().isoformat(), self._date.isoformat())

    def retranslate(self) -> None:
        #: 选择日期
        self.calendar_action.setToolTip(self.tr("Pick a date"))
        self._show_validity()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _typed(self, text: str) -> None:
        d = parse_date(text)
        self._set_valid(d is not None)
        if d is not None:
            self._apply(d, emit=True)

    def _finished(self) -> None:
        d = parse_date(self.text())
        if d is not None and self.text() != d.isoformat():
            self.setText(d.isoformat())  # " 2026-11-01 " → "2026-11-01"

    def _apply(self, d: dt.date, emit: bool) -> None:
        self._set_valid(True)
        if d == self._date:
            return
        self._date = d
        if emit:
            self.dateChanged.emit(qdate(d))

    def _set_valid(self, valid: bool) -> None:
        if valid == self._valid:
            self._show_validity()
            return
        self._valid = valid
        self._show_validity()
        self.validityChanged.emit(valid)

    def _show_validity(self) -> None:
        self.setProperty("invalid", not self._valid)
        self.setStyleSheet("" if self._valid else INVALID_STYLE)
        #: 年-月-日，例如 {0}
        hint = self.tr("year-month-day, e.g. {0}").format(dt.date.today().isoformat())
        self.setToolTip(self.problem() if not self._valid else hint)

    # -- the calendar --------------------------------------------------------------------------
    def show_calendar(self) -> QMenu:
        """The month of the date in use, below the field; a click picks the day."""
        if self._menu is None:
            self._menu = QMenu(self)
            self.calendar = QCalendarWidget(self._menu)
            self.calendar.setGridVisible(True)
            holder = QWidgetAction(self._menu)
            holder.setDefaultWidget(self.calendar)
            self._menu.addAction(holder)
            self.calendar.clicked.connect(self._picked)
        self.calendar.setSelectedDate(self.date())
        self._menu.popup(self.mapToGlobal(self.rect().bottomLeft()))
        return self._menu

    def _picked(self, value: QDate) -> None:
        if self._menu is not None:
            self._menu.hide()
        self.setDate(value)
