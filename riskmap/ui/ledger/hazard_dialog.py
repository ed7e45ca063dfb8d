"""The form for one hazard (隐患) and its rectification order (整改), new or edited.

It validates as the user types (the OK button stays disabled and a red line under the field says
what is wrong), and it saves through a callback while it is still open: when the core refuses
(someone else changed the hazard meanwhile, a rule, a role) the reason appears in the dialog and
everything the user typed stays where it is.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from riskmap.core.ledger_records import HazardRecord, UnitChoice
from riskmap.ui.date_field import DateField, qdate
from riskmap.ui.forms import ERROR_RED, SaveOnAccept
from riskmap.ui.models.dossier_models import terms
from riskmap.ui.screen_fit import keep_on_screen, scrolling

DEFAULT_DAYS = 30  # a new order's deadline: a month after the hazard was found
LEVELS = ("general", "major")


@dataclass(frozen=True)
class HazardForm:
    """What the user entered; `rectify` False means: leave the rectification as it is."""

    level: str
    category: str
    description: str
    found_on: dt.date
    found_by: str
    rectify: bool = False
    measures: str = ""
    deadline: dt.date | None = None
    unit_id: int | None = None
    responsible_person: str = ""
    funds: float | None = None


SaveFn = Callable[[HazardForm], None]


class _TextBox(QPlainTextEdit):
    """A multi-line field that asks for four lines, not QPlainTextEdit's screenful: the dialog
    opens compact, and the box still grows when the user makes the dialog taller."""

    LINES = 4

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)  # Tab moves on through the form, as in every other field
        self.setMinimumHeight(self._height(2))

    def _height(self, lines: int) -> int:
        m = self.contentsMargins()
        frame = 2 * self.frameWidth() + m.top() + m.bottom()
        return (
            self.fontMetrics().lineSpacing() * lines
            + frame
            + 2 * int(self.document().documentMargin())
        )

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._height(self.LINES))


def _date_edit(parent: QWidget) -> DateField:
    # Validated as typed, never coerced: a deadline that is not a date is refused, not guessed.
    return DateField(parent)


class HazardDialog(SaveOnAccept, QDialog):
    """Create a hazard at a site, or edit one and its rectification order."""

    def __init__(
        self,
        *,
        site_name: str,
        today: dt.date,
        categories: list[str],
        units: list[UnitChoice],
        save: SaveFn,
        record: HazardRecord | None = None,
        found_by: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("HazardDialog")
        self._save = save
        self._today = today
        self.record = record
        # A verified order is closed for good (the core refuses any change to it).
        self._rect_closed = record is not None and record.status == "verified"
        self._rect_exists = record is not None and record.rect_id is not None
        t = terms()

        if record is None:
            #: 在“{0}”新建隐患
            self.setWindowTitle(self.tr("New hazard at {0}").format(site_name))
        else:
            #: 编辑隐患 #{0}（{1}）
            self.setWindowTitle(self.tr("Edit hazard #{0} ({1})").format(record.id, site_name))

        self.level = QComboBox(self)
        for code in LEVELS:
            self.level.addItem(t.level(code), code)
        self.category = QComboBox(self)
        self.category.setEditable(True)
        self.category.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.category.addItems(categories)
        self.category.setCurrentIndex(-1)
        self.category.lineEdit().setPlaceholderText(
            #: 选择或输入类别
            self.tr("Pick or type a category")
        )
        self.description = _TextBox(self)
        self.found_on = _date_edit(self)
        self.found_by = QLineEdit(self)

        self.rect_group = QGroupBox(self)
        self.measures = _TextBox(self.rect_group)
        self.deadline = _date_edit(self.rect_group)
        self.unit = QComboBox(self.rect_group)
        self._unit_ids: dict[str, int] = {}
        self._fill_units(units)
        self.person = QLineEdit(self.rect_group)
        self.funds = QLineEdit(self.rect_group)
        #: 选填
        self.funds.setPlaceholderText(self.tr("optional"))

        self.errors = {
            key: self._error_label()
            for key in ("description", "found_on", "measures", "deadline", "unit", "funds")
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
        self._load(record, found_by)
        for signal in (
            self.description.textChanged,
            self.measures.textChanged,
            self.found_on.dateChanged,
            self.found_on.textChanged,
            self.deadline.dateChanged,
            self.deadline.textChanged,
            self.unit.currentTextChanged,
            self.funds.textChanged,
            self.rect_group.toggled,
        ):
            signal.connect(self.validate)
        self.validate()
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)
        keep_on_screen(self)  # its own size, from its fields

    # -- construction -----------------------------------------------------------------------
    def _error_label(self) -> QLabel:
        label = QLabel(self)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setStyleSheet(f"color: {ERROR_RED}")
        label.setVisible(False)
        return label

    def _with_error(self, field: QWidget, key: str) -> QWidget:
        box = QWidget(field.parentWidget())
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(field)
        lay.addWidget(self.errors[key])
        return box

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        #: 隐患级别
        form.addRow(self.tr("Level"), self.level)
        #: 隐患类别
        form.addRow(self.tr("Category"), self.category)
        #: 隐患描述
        form.addRow(self.tr("Description"), self._with_error(self.description, "description"))
        #: 发现日期
        form.addRow(self.tr("Found on"), self._with_error(self.found_on, "found_on"))
        #: 发现人
        form.addRow(self.tr("Found by"), self.found_by)

        #: 整改
        self.rect_group.setTitle(self.tr("Rectification"))
        rect = QFormLayout(self.rect_group)
        rect.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.rect_note = QLabel(self.rect_group)
        self.rect_note.setWordWrap(True)
        self.rect_note.setVisible(False)
        rect.addRow(self.rect_note)
        #: 整改措施
        rect.addRow(self.tr("Measures"), self._with_error(self.measures, "measures"))
        #: 整改期限
        rect.addRow(self.tr("Deadline"), self._with_error(self.deadline, "deadline"))
        #: 责任单位
        rect.addRow(self.tr("Responsible unit"), self._with_error(self.unit, "unit"))
        #: 责任人
        rect.addRow(self.tr("Responsible person"), self.person)
        #: 整改资金（万元）
        rect.addRow(self.tr("Funds (10k yuan)"), self._with_error(self.funds, "funds"))

        body = QVBoxLayout()
        body.addLayout(form)
        body.addWidget(self.rect_group, 1)
        lay = QVBoxLayout(self)
        lay.addWidget(scrolling(body), 1)  # Save and Cancel stay on screen below it
        lay.addWidget(self.error_label)
        lay.addWidget(self.buttons)

    def _fill_units(self, units: list[UnitChoice]) -> None:
        t = terms()
        combo = self.unit
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.addItem("", None)  # no unit named yet
        for u in units:
            if u.roles:
                roles = " / ".join(t.role(r) for r in u.roles)
                #: {0}（{1}）
                text = self.tr("{0} ({1})").format(u.name, roles)
            else:
                text = u.name
            combo.addItem(text, u.id)
            self._unit_ids.setdefault(text, u.id)
            self._unit_ids.setdefault(u.name, u.id)
        # Search anywhere in the name: people remember "应急" rather than how a name starts.
        completer = combo.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        #: 输入名称查找责任单位
        combo.lineEdit().setPlaceholderText(self.tr("Type to search the units"))

    def _load(self, record: HazardRecord | None, found_by: str) -> None:
        t = terms()
        if record is None:
            self.found_on.setDate(qdate(self._today))
            self.found_by.setText(found_by)
            self.deadline.setDate(qdate(self._today + dt.timedelta(days=DEFAULT_DAYS)))
            self.rect_group.setCheckable(True)
            self.rect_group.setChecked(False)
            return
        self.level.setCurrentIndex(max(0, self.level.findData(record.level)))
        self.category.setEditText(record.category)
        self.description.setPlainText(record.description)
        self.found_on.setDate(qdate(record.found_on))
        self.found_by.setText(record.found_by)
        if not self._rect_exists:
            self.deadline.setDate(qdate(self._today + dt.timedelta(days=DEFAULT_DAYS)))
            self.rect_group.setCheckable(True)
            self.rect_group.setChecked(False)
            return
        self.measures.setPlainText(record.measures)
        if record.deadline is not None:
            self.deadline.setDate(qdate(record.deadline))
        i = self.unit.findData(record.unit_id) if record.unit_id is not None else 0
        self.unit.setCurrentIndex(max(0, i))
        self.person.setText(record.responsible_person)
        self.funds.setText("" if record.funds is None else f"{record.funds:g}")
        #: 整改状态：{0}
        note = self.tr("Status: {0}").format(t.status(record.status))
        if self._rect_closed:
            #: 已验收销号的整改不能再修改。
            note += "\n" + self.tr("A verified rectification is closed and cannot change.")
            for w in (self.measures, self.deadline, self.unit, self.person, self.funds):
                w.setEnabled(False)
        self.rect_note.setText(note)
        self.rect_note.setVisible(True)

    # -- validation and saving ----------------------------------------------------------------
    def rectify(self) -> bool:
        """Whether saving writes the rectification order."""
        if self._rect_closed:
            return False
        return self._rect_exists or self.rect_group.isChecked()

    def _unit_id(self) -> tuple[int | None, bool]:
        text = self.unit.currentText().strip()
        if not text:
            return None, True
        uid = self._unit_ids.get(text)
        return uid, uid is not None

    def _funds(self) -> tuple[float | None, bool]:
        text = self.funds.text().strip().replace(",", "")
        if not text:
            return None, True
        try:
            value = float(text)
        except ValueError:
            return None, False
        return value, math.isfinite(value) and value >= 0

    def problems(self) -> dict[str, str]:
        """Field key → what is wrong with it (empty: the form can be saved)."""
        out: dict[str, str] = {}
        found = self.found_on.date().toPython()
        if not self.description.toPlainText().strip():
            #: 请填写隐患描述。
            out["description"] = self.tr("Describe the hazard.")
        if not self.found_on.is_valid():
            out["found_on"] = self.found_on.problem()
        elif found > self._today:
            #: 发现日期不能晚于今天（{0}）。
            out["found_on"] = self.tr("The date found cannot be after today ({0}).").format(
                self._today.isoformat()
            )
        if self.rectify():
            if not self.measures.toPlainText().strip():
                #: 请填写整改措施。
                out["measures"] = self.tr("Enter the rectification measures.")
            if not self.deadline.is_valid():
                out["deadline"] = self.deadline.problem()
            elif self.deadline.date().toPython() < found:
                #: 整改期限不能早于发现日期（{0}）。
                out["deadline"] = self.tr(
                    "The deadline cannot be before the date the hazard was found ({0})."
                ).format(found.isoformat())
            if not self._unit_id()[1]:
                #: 请从列表中选择责任单位（或留空）。
                out["unit"] = self.tr("Pick a unit from the list (or leave it empty).")
            if not self._funds()[1]:
                #: 整改资金应为不小于 0 的数字（万元）。
                out["funds"] = self.tr("Funds are a number of 10k yuan, 0 or more.")
        return out

    def validate(self) -> bool:
        problems = self.problems()
        for key, label in self.errors.items():
            label.setText(problems.get(key, ""))
            label.setVisible(key in problems)
        self.ok_button.setEnabled(not problems)
        return not problems

    def form(self) -> HazardForm:
        rectify = self.rectify()
        return HazardForm(
            level=self.level.currentData() or "general",
            category=self.category.currentText().strip(),
            description=self.description.toPlainText().strip(),
            found_on=self.found_on.date().toPython(),
            found_by=self.found_by.text().strip(),
            rectify=rectify,
            measures=self.measures.toPlainText().strip() if rectify else "",
            deadline=self.deadline.date().toPython() if rectify else None,
            unit_id=self._unit_id()[0] if rectify else None,
            responsible_person=self.person.text().strip() if rectify else "",
            funds=self._funds()[0] if rectify else None,
        )
