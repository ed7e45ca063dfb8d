"""The patrol dock: the list of patrol areas with its buttons, and the coverage check.

Widgets only: they say what the user asked for through signals and show what they are given;
riskmap.ui.patrol.window decides what happens.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from riskmap.core.patrol import Patrol
from riskmap.ui.patrol.coverage_view import CoverageView
from riskmap.ui.patrol.tables import ID_ROLE, PatrolFilter, PatrolTableModel
from riskmap.ui.patrol.widgets import date_edit, fill_presets, qdate, table
from riskmap.ui.patrol.words import words


class PatrolList(QWidget):
    """The patrol areas: filter, sortable table, and the buttons that act on them."""

    sigNew = Signal(str)  # "area" | "route"
    sigEdit = Signal(int)
    sigDelete = Signal(int)
    sigCovers = Signal(int)
    sigSelected = Signal(object)  # area id or None
    sigActivated = Signal(int)  # double click: fly to it
    sigApply = Signal()
    sigDiscard = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = PatrolTableModel(self)
        self.proxy = PatrolFilter(self)
        self.proxy.setSourceModel(self.model)
        self.view = table(self)
        self.view.setModel(self.proxy)
        self.view.sortByColumn(3, Qt.SortOrder.AscendingOrder)
        self.preset = QComboBox(self)
        self.use_window = QCheckBox(self)
        self.start = date_edit(self)
        self.end = date_edit(self)
        self.count = QLabel(self)
        self.buttons = {
            key: QPushButton(self)
            for key in ("new_area", "new_route", "edit", "delete", "covers", "apply", "discard")
        }
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(self.preset)
        top.addWidget(self.use_window)
        top.addWidget(self.start)
        top.addWidget(QLabel("–", self))
        top.addWidget(self.end)
        top.addStretch(1)
        top.addWidget(self.count)
        row = QHBoxLayout()
        for key in ("new_area", "new_route", "edit", "delete", "covers"):
            row.addWidget(self.buttons[key])
        row.addStretch(1)
        row.addWidget(self.buttons["apply"])
        row.addWidget(self.buttons["discard"])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(top)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.hint)
        lay.addLayout(row)

        b = self.buttons
        b["new_area"].clicked.connect(lambda: self.sigNew.emit("area"))
        b["new_route"].clicked.connect(lambda: self.sigNew.emit("route"))
        b["edit"].clicked.connect(lambda: self._with_selected(self.sigEdit.emit))
        b["delete"].clicked.connect(lambda: self._with_selected(self.sigDelete.emit))
        b["covers"].clicked.connect(lambda: self._with_selected(self.sigCovers.emit))
        b["apply"].clicked.connect(self.sigApply.emit)
        b["discard"].clicked.connect(self.sigDiscard.emit)
        self.preset.currentIndexChanged.connect(self._filter)
        self.use_window.toggled.connect(self._filter)
        self.start.dateChanged.connect(self._filter)
        self.end.dateChanged.connect(self._filter)
        self.view.selectionModel().currentRowChanged.connect(self._current)
        self.view.doubleClicked.connect(self._activated)
        self._reason = ""
        self._editing = (False, False)
        self.set_editing(False, False)
        self.retranslate()

    def retranslate(self) -> None:
        #: 全部专题
        fill_presets(self.preset, [("", self.tr("All presets")), ("-", words().no_preset())])
        #: 时段内有效：
        self.use_window.setText(self.tr("Active between"))
        texts = {
            #: 新建区域
            "new_area": self.tr("New area"),
            #: 新建路线
            "new_route": self.tr("New route"),
            #: 编辑…
            "edit": self.tr("Edit…"),
            #: 删除…
            "delete": self.tr("Delete…"),
            #: 覆盖范围内有什么
            "covers": self.tr("What it covers"),
            #: 应用图形修改
            "apply": self.tr("Apply shape"),
            #: 放弃修改
            "discard": self.tr("Discard"),
        }
        for key, text in texts.items():
            self.buttons[key].setText(text)
        self.model.set_titles(
            [
                #: 名称
                self.tr("Name"),
                #: 类型
                self.tr("Kind"),
                #: 巡查组
                self.tr("Team"),
                #: 巡查时段
                self.tr("Window"),
                #: 专题
                self.tr("Preset"),
                #: 责任单位
                self.tr("Unit"),
            ]
        )
        self.model.refresh_texts()
        self.set_editing(*self._editing)
        self._show_count()

    # -- data -----------------------------------------------------------------------------
    def set_patrols(self, patrols: list[Patrol], units: dict[int, str]) -> None:
        keep = self.selected_id()
        self.model.set_patrols(patrols, units)
        if keep is not None:
            self.select_area(keep)
        self._show_count()
        self._update_buttons()

    def selected_id(self) -> int | None:
        index = self.view.selectionModel().currentIndex()
        if not index.isValid() or not self.view.selectionModel().isRowSelected(index.row()):
            return None
        value = index.siblingAtColumn(0).data(ID_ROLE)
        return int(value) if value is not None else None

    def select_area(self, area_id: int | None) -> None:
        """Select the row of a patrol area (None: clear) without signalling back."""
        self.view.selectionModel().blockSignals(True)
        try:
            row = self.model.row_of(area_id) if area_id is not None else None
            if row is None:
                self.view.clearSelection()
                self.view.selectionModel().setCurrentIndex(
                    QModelIndex(), QItemSelectionModel.SelectionFlag.Clear
                )
            else:
                index = self.proxy.mapFromSource(self.model.index(row, 0))
                if index.isValid():
                    self.view.selectRow(index.row())
                    self.view.scrollTo(index)
        finally:
            self.view.selectionModel().blockSignals(False)
        self._update_buttons()

    def set_can_edit(self, reason: str) -> None:
        """Empty `reason`: the user may edit; else every editing button says why not."""
        self._reason = reason
        self._update_buttons()

    def set_editing(self, editing: bool, dirty: bool, problem: str = "") -> None:
        self._editing = (editing, dirty)
        self.buttons["apply"].setVisible(editing)
        self.buttons["discard"].setVisible(editing)
        self.buttons["apply"].setEnabled(dirty and not problem)
        self.buttons["discard"].setEnabled(dirty)
        if problem:
            self.hint.setText(problem)
            self.hint.setStyleSheet("color: #d32f2f")
        elif editing:
            self.hint.setStyleSheet("")
            self.hint.setText(
                #: 拖动方块移动顶点；拖动圆点或点击边线加点；右键或Delete删点；回车应用，Esc放弃。
                self.tr(
                    "Drag a square to move a vertex; drag a dot or click an edge to add one; "
                    "right-click or Delete removes one; Enter applies, Esc discards."
                )
            )
        else:
            self.hint.setText("")
        self.hint.setVisible(bool(self.hint.text()))

    # -- internals ------------------------------------------------------------------------
    def _with_selected(self, emit: object) -> None:
        area_id = self.selected_id()
        if area_id is not None and callable(emit):
            emit(area_id)

    def _update_buttons(self) -> None:
        chosen = self.selected_id() is not None
        for key in ("new_area", "new_route", "edit", "delete"):
            b = self.buttons[key]
            b.setEnabled(not self._reason and (chosen or key.startswith("new")))
            b.setToolTip(self._reason)
        self.buttons["covers"].setEnabled(chosen)

    def _filter(self) -> None:
        self.proxy.set_preset(self.preset.currentData() or "")
        on = self.use_window.isChecked()
        self.start.setEnabled(on)
        self.end.setEnabled(on)
        window = (self.start.date().toPython(), self.end.date().toPython()) if on else None
        self.proxy.set_window(window)
        self._show_count()

    def set_filter_window(self, start: dt.date, end: dt.date) -> None:
        """The dates the "Active between" filter offers (the coverage window in use)."""
        self.start.setDate(qdate(start))
        self.end.setDate(qdate(end))

    def _show_count(self) -> None:
        #: {0} / {1} 个巡查区域
        text = self.tr("{0} of {1} patrol areas").format(
            self.proxy.rowCount(), self.model.rowCount()
        )
        self.count.setText(text)

    def _current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_buttons()
        value = current.siblingAtColumn(0).data(ID_ROLE) if current.isValid() else None
        self.sigSelected.emit(int(value) if value is not None else None)

    def _activated(self, index: QModelIndex) -> None:
        value = index.siblingAtColumn(0).data(ID_ROLE)
        if value is not None:
            self.sigActivated.emit(int(value))


class PatrolPanel(QTabWidget):
    """The dock's content: the list of patrol areas and the coverage check, as two tabs."""

    def __init__(self, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PatrolPanel")
        self.list = PatrolList(self)
        self.coverage = CoverageView(today, self)
        self.addTab(self.list, "")
        self.addTab(self.coverage, "")
        self.retranslate()

    def retranslate(self) -> None:
        #: 巡查区域
        self.setTabText(0, self.tr("Patrol areas"))
        #: 覆盖检查
        self.setTabText(1, self.tr("Coverage check"))
        self.list.retranslate()
        self.coverage.retranslate()
