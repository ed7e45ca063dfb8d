"""The coverage check tab: a window (a preset and a year, or dates), Run, and the list of the
high-risk sites no active patrol covers."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from riskmap.core.database import Store
from riskmap.core.presets import Window, holiday_window
from riskmap.errors import RiskmapError
from riskmap.ui.errors import error_text
from riskmap.ui.patrol.tables import ID_ROLE, GapRow, GapTableModel, sorting_proxy
from riskmap.ui.patrol.widgets import date_edit, fill_presets, qdate, table
from riskmap.ui.patrol.words import words

DEFAULT_PRESET = "qingming"


class CoverageView(QWidget):
    """The coverage check: a window (preset and year, or dates), Run, and the uncovered sites."""

    sigRun = Signal(object)  # Window
    sigClear = Signal()
    sigSiteActivated = Signal(int)  # fly to the site
    sigDrawHere = Signal(int)  # start a patrol area around the site

    def __init__(self, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # The database whose holiday calendar decides a preset's days (set by the window).
        self.store: Store | None = None
        self.by_preset = QRadioButton(self)
        self.by_dates = QRadioButton(self)
        group = QButtonGroup(self)
        group.addButton(self.by_preset)
        group.addButton(self.by_dates)
        self.by_preset.setChecked(True)
        self.preset = QComboBox(self)
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2099)
        self.source = QLabel(self)
        self.start = date_edit(self)
        self.end = date_edit(self)
        self.start.setDate(qdate(today))
        self.end.setDate(qdate(today + dt.timedelta(days=7)))
        self.run_button = QPushButton(self)
        self.clear_button = QPushButton(self)
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.model = GapTableModel(self)
        self.proxy = sorting_proxy(self.model, self)
        self.view = table(self)
        self.view.setModel(self.proxy)
        self.draw_button = QPushButton(self)
        self._reason = ""
        self._today = today

        # Two lines of controls, so a short dock still lists a dozen sites: the window and the
        # buttons, then the count and what to do with the selected site.
        top = QHBoxLayout()
        for w in (self.by_preset, self.preset, self.year, self.source):
            top.addWidget(w)
        top.addSpacing(self.fontMetrics().averageCharWidth() * 2)
        for w in (self.by_dates, self.start, QLabel("–", self), self.end):
            top.addWidget(w)
        top.addStretch(1)
        top.addWidget(self.run_button)
        top.addWidget(self.clear_button)
        middle = QHBoxLayout()
        middle.addWidget(self.summary, 1)
        middle.addWidget(self.draw_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(top)
        lay.addLayout(middle)
        lay.addWidget(self.view, 1)

        self.run_button.clicked.connect(self.run)
        self.clear_button.clicked.connect(self.sigClear.emit)
        self.draw_button.clicked.connect(self._draw_here)
        self.preset.currentIndexChanged.connect(self._window_changed)
        self.year.valueChanged.connect(self._window_changed)
        self.by_preset.toggled.connect(self._window_changed)
        self.view.clicked.connect(self._clicked)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.retranslate()
        self.preset.setCurrentIndex(max(0, self.preset.findData(DEFAULT_PRESET)))
        self.year.setValue(self._next_year(DEFAULT_PRESET))
        self._window_changed()

    def retranslate(self) -> None:
        fill_presets(self.preset, [])
        #: 节日/季节专题
        self.by_preset.setText(self.tr("Preset"))
        #: 自定日期
        self.by_dates.setText(self.tr("Dates"))
        #: 检查覆盖
        self.run_button.setText(self.tr("Check coverage"))
        #: 清除
        self.clear_button.setText(self.tr("Clear"))
        #: 在此绘制巡查区域
        self.draw_button.setText(self.tr("Draw a patrol here"))
        self.model.set_titles(
            [
                #: 风险点
                self.tr("Site"),
                #: 图层
                self.tr("Layer"),
                #: 镇办
                self.tr("Township"),
                #: 高风险原因
                self.tr("Why high-risk"),
                #: 最近的巡查区域
                self.tr("Nearest patrol"),
            ]
        )
        self.model.refresh_texts()
        self._window_changed()
        self._update_buttons()

    def _next_year(self, preset: str) -> int:
        """The year of the preset's next occurrence: planning looks ahead."""
        year = self._today.year
        try:
            if holiday_window(preset, year, estimate=True, store=self.store).end < self._today:
                year += 1
        except RiskmapError:
            pass
        return year

    # -- the window -----------------------------------------------------------------------
    def window(self) -> Window:
        """The window chosen; RiskmapError when there is none (a lunar holiday in a year the
        calendar does not cover, dates the wrong way round)."""
        if self.by_preset.isChecked():
            # A lunar holiday beyond the official calendar comes from the core's lunar table
            # (the window's source says so): a planner looks years ahead.
            preset = self.preset.currentData() or DEFAULT_PRESET
            return holiday_window(preset, self.year.value(), estimate=True, store=self.store)
        return Window(self.start.date().toPython(), self.end.date().toPython())

    def set_window(
        self, preset: str | None, year: int | None, start: dt.date, end: dt.date
    ) -> None:
        if preset and year:
            self.by_preset.setChecked(True)
            self.preset.setCurrentIndex(max(0, self.preset.findData(preset)))
            self.year.setValue(year)
        else:
            self.by_dates.setChecked(True)
            self.start.setDate(qdate(start))
            self.end.setDate(qdate(end))
        self._window_changed()

    def _window_changed(self, *_args: object) -> None:
        on = self.by_preset.isChecked()
        for w in (self.preset, self.year):
            w.setEnabled(on)
        for w in (self.start, self.end):
            w.setEnabled(not on)
        if not on:
            self.source.setText("")
            return
        try:
            win = self.window()
        except RiskmapError as exc:
            self.source.setText(error_text(exc))
            return
        w = words()
        #: {0}（{1}）
        self.source.setText(
            self.tr("{0} ({1})").format(w.window(win.start, win.end), w.source(win.source))
        )

    def run(self) -> None:
        try:
            win = self.window()
        except RiskmapError as exc:
            self.summary.setText(error_text(exc))
            return
        self.sigRun.emit(win)

    # -- the result -----------------------------------------------------------------------
    def set_result(self, window: Window, gaps: list[GapRow], high_risk: int, active: int) -> None:
        keep = self.selected_site()
        self.model.set_gaps(gaps)
        w = words()
        #: {0} / {1} 个高风险点未被覆盖 · {2}（{3}）· {4} 个有效巡查区域
        text = self.tr("{0} of {1} high-risk sites uncovered · {2} ({3}) · {4} active patrols")
        self.summary.setText(
            text.format(
                len(gaps),
                high_risk,
                w.window(window.start, window.end),
                w.source(window.source),
                active,
            )
        )
        if keep is not None:
            self.select_site(keep)
        self._update_buttons()

    def clear(self) -> None:
        self.model.set_gaps([])
        self.summary.setText("")
        self._update_buttons()

    def selected_site(self) -> int | None:
        index = self.view.selectionModel().currentIndex()
        if not index.isValid():
            return None
        value = index.siblingAtColumn(0).data(ID_ROLE)
        return int(value) if value is not None else None

    def select_site(self, site_id: int) -> bool:
        """Select the site's row and bring it into view (no fly: that is a click's)."""
        r = self.row_of_site(site_id)
        if r is None:
            return False
        self.view.selectRow(r)
        self.view.scrollTo(self.proxy.index(r, 0))
        return True

    def row_of_site(self, site_id: int) -> int | None:
        """The view row that lists the site (tests click it)."""
        for r in range(self.proxy.rowCount()):
            if self.proxy.index(r, 0).data(ID_ROLE) == site_id:
                return r
        return None

    def set_can_edit(self, reason: str) -> None:
        self._reason = reason
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.draw_button.setEnabled(not self._reason and self.selected_site() is not None)
        self.draw_button.setToolTip(self._reason)
        self.clear_button.setEnabled(bool(self.summary.text()))

    def _clicked(self, index: QModelIndex) -> None:
        value = index.siblingAtColumn(0).data(ID_ROLE)
        if value is not None:
            self.sigSiteActivated.emit(int(value))

    def _draw_here(self) -> None:
        site = self.selected_site()
        if site is not None:
            self.sigDrawHere.emit(site)
