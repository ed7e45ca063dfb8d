"""The form of one patrol area or route: name, team, unit, window, preset, corridor, note.

Like the hazard form it validates as the user types (Save stays disabled, a red line under the
field says what is wrong) and saves through a callback while still open, so a refusal of the
core appears in the dialog with everything the user typed still there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from riskmap.core.database import Store
from riskmap.core.patrol import Patrol
from riskmap.core.presets import holiday_window
from riskmap.errors import RiskmapError
from riskmap.ui.errors import error_text
from riskmap.ui.forms import SaveOnAccept
from riskmap.ui.patrol.controller import PatrolForm
from riskmap.ui.patrol.words import words
from riskmap.ui.screen_fit import keep_on_screen

ERROR_RED = "#d32f2f"
DEFAULT_WIDTH_M = 500.0
MAX_WIDTH_M = 20_000.0

SaveFn = Callable[[PatrolForm], None]


def qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


class PatrolDialog(SaveOnAccept, QDialog):
    """Name and assign a new patrol area or route, or edit one's attributes."""

    def __init__(
        self,
        *,
        kind: str,
        size_text: str,
        defaults: PatrolForm,
        units: dict[int, str],
        teams: list[str],
        save: SaveFn,
        record: Patrol | None = None,
        store: Store | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("PatrolDialog")
        self.store = store  # whose holiday calendar decides a preset's days
        self.kind = kind
        self.record = record
        self._save = save
        w = words()
        if record is None and kind == "route":
            #: 新建巡查路线
            self.setWindowTitle(self.tr("New patrol route"))
        elif record is None:
            #: 新建巡查区域
            self.setWindowTitle(self.tr("New patrol area"))
        else:
            #: 编辑{0}“{1}”
            self.setWindowTitle(self.tr("Edit {0} “{1}”").format(w.kind(kind), record.name))

        self.size_label = QLabel(f"{w.kind(kind)} · {size_text}", self)
        self.name = QLineEdit(self)
        self.team = QComboBox(self)
        self.team.setEditable(True)
        self.team.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.team.addItems(teams)
        self.team.setCurrentIndex(-1)
        #: 巡查组名称
        self.team.lineEdit().setPlaceholderText(self.tr("Name of the patrol team"))
        self.unit = QComboBox(self)
        self._unit_ids: dict[str, int] = {}
        self._fill_units(units)
        self.preset = QComboBox(self)
        self.preset.addItem(w.no_preset(), None)
        for code, name in w.presets():
            self.preset.addItem(name, code)
        self.source = QLabel(self)
        self.starts = self._date_edit()
        self.ends = self._date_edit()
        self.width = QDoubleSpinBox(self)
        self.width.setRange(0.0, MAX_WIDTH_M)
        self.width.setDecimals(0)
        self.width.setSingleStep(100.0)
        self.width.setSuffix(" m")
        self.note = QPlainTextEdit(self)
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(self.fontMetrics().lineSpacing() * 4 + 12)

        self.errors = {
            key: self._error_label() for key in ("name", "unit", "preset", "window", "width")
        }
        self.error_label = self._error_label()  # the core's answer to a save
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        #: 保存
        self.ok_button.setText(self.tr("Save"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()
        self._load(defaults)
        for signal in (
            self.name.textChanged,
            self.starts.dateChanged,
            self.ends.dateChanged,
            self.width.valueChanged,
            self.unit.currentTextChanged,
        ):
            signal.connect(self.validate)
        self.preset.currentIndexChanged.connect(self._preset_chosen)
        self.validate()
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        keep_on_screen(self)  # its own size, from its fields

    # -- construction -----------------------------------------------------------------------
    def _date_edit(self) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    def _error_label(self) -> QLabel:
        label = QLabel(self)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setStyleSheet(f"color: {ERROR_RED}")
        label.setVisible(False)
        return label

    def _with_error(self, field: QWidget, key: str) -> QWidget:
        box = QWidget(self)
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(field)
        lay.addWidget(self.errors[key])
        return box

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.size_label)
        #: 名称
        form.addRow(self.tr("Name"), self._with_error(self.name, "name"))
        #: 巡查组
        form.addRow(self.tr("Team"), self.team)
        #: 责任单位
        form.addRow(self.tr("Responsible unit"), self._with_error(self.unit, "unit"))
        preset_row = QWidget(self)
        pl = QHBoxLayout(preset_row)
        pl.setContentsMargins(0, 0, 0, 0)
        pl.addWidget(self.preset, 1)
        pl.addWidget(self.source)
        #: 节日/季节专题
        form.addRow(self.tr("Preset"), self._with_error(preset_row, "preset"))
        dates = QWidget(self)
        dl = QHBoxLayout(dates)
        dl.setContentsMargins(0, 0, 0, 0)
        dl.addWidget(self.starts, 1)
        dl.addWidget(QLabel("–", dates))
        dl.addWidget(self.ends, 1)
        #: 巡查时段
        form.addRow(self.tr("Patrol window"), self._with_error(dates, "window"))
        if self.kind == "route":
            #: 覆盖宽度（路线两侧）
            form.addRow(self.tr("Corridor (each side)"), self._with_error(self.width, "width"))
        else:
            self.width.setVisible(False)
        #: 备注
        form.addRow(self.tr("Note"), self.note)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.error_label)
        lay.addWidget(self.buttons)

    def _fill_units(self, units: dict[int, str]) -> None:
        combo = self.unit
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.addItem("", None)  # optional: no unit named
        for uid, name in units.items():
            combo.addItem(name, uid)
            self._unit_ids.setdefault(name, uid)
        # Search anywhere in the name: people remember "林业" rather than how a name starts.
        completer = combo.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        #: 选填；输入名称查找责任单位
        combo.lineEdit().setPlaceholderText(self.tr("Optional; type to search the units"))

    def _load(self, f: PatrolForm) -> None:
        self.name.setText(f.name)
        self.team.setEditText(f.team)
        i = self.unit.findData(f.unit_id) if f.unit_id is not None else 0
        self.unit.setCurrentIndex(max(0, i))
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(max(0, self.preset.findData(f.preset)) if f.preset else 0)
        self.preset.blockSignals(False)
        start = f.starts_on or dt.date.today()
        self.starts.setDate(qdate(start))
        self.ends.setDate(qdate(f.ends_on or start))
        self.width.setValue(f.buffer_m)
        self.note.setPlainText(f.note)

    # -- behaviour --------------------------------------------------------------------------
    def _preset_chosen(self, _index: int) -> None:
        """A preset brings its own dates (in the year of the window shown): the planner picks
        清明 and gets 清明's days, from the official calendar where it has them."""
        code = self.preset.currentData()
        self.errors["preset"].setVisible(False)
        self.source.setText("")
        if not code:
            return
        year = self.starts.date().year()
        try:
            win = holiday_window(code, year, estimate=True, store=self.store)
        except RiskmapError as exc:
            self.errors["preset"].setText(error_text(exc))
            self.errors["preset"].setVisible(True)
            return
        self.starts.setDate(qdate(win.start))
        self.ends.setDate(qdate(win.end))
        self.source.setText(f"({words().source(win.source)})")

    def _unit_id(self) -> tuple[int | None, bool]:
        text = self.unit.currentText().strip()
        if not text:
            return None, True
        uid = self._unit_ids.get(text)
        return uid, uid is not None

    def problems(self) -> dict[str, str]:
        """Field key → what is wrong with it (empty: the form can be saved)."""
        out: dict[str, str] = {}
        if not self.name.text().strip():
            #: 请填写名称。
            out["name"] = self.tr("Give the patrol area a name.")
        if self.ends.date() < self.starts.date():
            #: 结束日期不能早于开始日期。
            out["window"] = self.tr("The end date cannot be before the start date.")
        if self.kind == "route" and self.width.value() <= 0:
            #: 路线的覆盖宽度必须大于 0 米。
            out["width"] = self.tr("A route's corridor must be wider than 0 m.")
        if not self._unit_id()[1]:
            #: 请从列表中选择责任单位（或留空）。
            out["unit"] = self.tr("Pick a unit from the list (or leave it empty).")
        return out

    def validate(self) -> bool:
        problems = self.problems()
        for key, label in self.errors.items():
            if key == "preset":
                continue  # set by _preset_chosen, it does not block saving
            label.setText(problems.get(key, ""))
            label.setVisible(key in problems)
        self.ok_button.setEnabled(not problems)
        return not problems

    def form(self) -> PatrolForm:
        return PatrolForm(
            name=self.name.text().strip(),
            team=self.team.currentText().strip(),
            unit_id=self._unit_id()[0],
            starts_on=self.starts.date().toPython(),
            ends_on=self.ends.date().toPython(),
            preset=self.preset.currentData() or None,
            buffer_m=float(self.width.value()) if self.kind == "route" else 0.0,
            note=self.note.toPlainText().strip(),
        )
