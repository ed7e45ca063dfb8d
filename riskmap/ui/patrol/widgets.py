"""Small widget helpers shared by the patrol list and the coverage view."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHeaderView,
    QTableView,
    QWidget,
)

from riskmap.ui.patrol.words import words


def qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


def date_edit(parent: QWidget) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def table(parent: QWidget) -> QTableView:
    v = QTableView(parent)
    v.setSortingEnabled(True)
    v.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    v.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    v.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    v.verticalHeader().setVisible(False)
    # Rows as the dossier's: a line and a half, so a short dock still lists a dozen.
    v.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    v.verticalHeader().setDefaultSectionSize(round(v.fontMetrics().height() * 1.5))
    v.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    v.horizontalHeader().setStretchLastSection(True)
    v.setWordWrap(False)
    return v


def fill_presets(combo: QComboBox, first: list[tuple[str, str]]) -> None:
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for code, name in [*first, *words().presets()]:
        combo.addItem(name, code)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    combo.blockSignals(False)
