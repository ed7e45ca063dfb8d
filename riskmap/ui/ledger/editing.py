"""The editing pieces of the responsibility lists: choice combos, their delegate and the tab
that shows one editable list (search box, row count, buttons and table).

They hold no words of their own: the dialog that uses them sets them, so the words keep
the dialog's tr() context.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from riskmap.ui.models.editable import CHOICES_ROLE, EditableTableModel, EditFilterProxy

_SEARCHABLE_FROM = 12  # combos with more choices than this get a type-to-search box
_LONG_COLUMN_CHARS = 24


class ChoiceCombo(QComboBox):
    """A combo over (value, label) choices; long lists can be searched by any part of a label."""

    def __init__(self, parent: QWidget, choices: list[tuple[Any, str]]) -> None:
        super().__init__(parent)
        self.values: list[Any] = []
        self.set_choices(choices)

    def set_choices(self, choices: list[tuple[Any, str]]) -> None:
        self.clear()
        self.values = [v for v, _label in choices]
        for i, (_v, label) in enumerate(choices):
            self.addItem(label, i)
        searchable = len(choices) > _SEARCHABLE_FROM
        if searchable and not self.isEditable():
            self.setEditable(True)
            self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            completer = QCompleter(self.model(), self)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
            self.setCompleter(completer)
        elif not searchable and self.isEditable():
            self.setEditable(False)

    def set_value(self, value: Any) -> None:
        self.setCurrentIndex(self.values.index(value) if value in self.values else -1)

    def value(self) -> tuple[bool, Any]:
        """(True, value) for a choice; (False, None) when typed text matches no label."""
        i = self.currentIndex()
        if self.isEditable():
            i = self.findText(self.currentText(), Qt.MatchFlag.MatchExactly)
        return (True, self.values[i]) if 0 <= i < len(self.values) else (False, None)


class ChoiceDelegate(QStyledItemDelegate):
    """Combos for columns whose model offers choices (CHOICES_ROLE); text editors otherwise."""

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        choices = index.data(CHOICES_ROLE)
        if choices is None:
            return super().createEditor(parent, option, index)
        combo = ChoiceCombo(parent, choices)
        # A pick from the list is the whole edit: commit it without waiting for focus to leave.
        combo.activated.connect(lambda _i: self._done(combo))
        return combo

    def _done(self, combo: ChoiceCombo) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo)

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, ChoiceCombo):
            editor.set_value(index.data(Qt.ItemDataRole.EditRole))
        else:
            super().setEditorData(editor, index)

    def setModelData(
        self,
        editor: QWidget,
        model: QAbstractItemModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        if isinstance(editor, ChoiceCombo):
            ok, value = editor.value()
            if ok:
                model.setData(index, value, Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)


class _ListTab(QWidget):
    """Search box, row count, Add / Delete / Export buttons and the table of one list.

    Holds no words of its own: the dialog sets them, so they share its tr() context.
    """

    def __init__(self, model: EditableTableModel, parent: QWidget) -> None:
        super().__init__(parent)
        self.model = model
        self.proxy = EditFilterProxy(self)
        self.proxy.setSourceModel(model)
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.count = QLabel(self)
        self.add_button = QPushButton(self)
        self.delete_button = QPushButton(self)
        self.export_button = QPushButton(self)
        self.view = QTableView(self)
        self.delegate = ChoiceDelegate(self.view)

        v = self.view
        v.setModel(self.proxy)
        v.setItemDelegate(self.delegate)
        v.setAlternatingRowColors(True)
        v.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        v.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        v.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        v.setWordWrap(False)
        v.setTextElideMode(Qt.TextElideMode.ElideRight)
        v.verticalHeader().hide()
        v.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        # Room for a combo editor inside a row, at any font size.
        v.verticalHeader().setDefaultSectionSize(round(self.fontMetrics().height() * 1.8))
        h = v.horizontalHeader()
        h.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        h.setStretchLastSection(True)
        h.setHighlightSections(False)
        h.setSortIndicatorClearable(True)
        h.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the lists' own order until sorted
        v.setSortingEnabled(True)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.search, 3)
        top.addWidget(self.count)
        top.addStretch(1)
        for b in (self.add_button, self.delete_button, self.export_button):
            top.addWidget(b)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(top)
        lay.addWidget(v, 1)
        self.search.textChanged.connect(self.proxy.set_search)

    def selected_rows(self) -> list[int]:
        """Source rows of the selected view rows."""
        sel = self.view.selectionModel().selectedRows()
        return sorted({self.proxy.mapToSource(i).row() for i in sel})

    def edit_source_row(self, row: int) -> None:
        """Scroll to a (new) row and open the editor of its first editable cell."""
        for col in range(self.model.columnCount()):
            source = self.model.index(row, col)
            if self.model.flags(source) & Qt.ItemFlag.ItemIsEditable:
                index = self.proxy.mapFromSource(source)
                self.view.scrollTo(index)
                self.view.setCurrentIndex(index)
                self.view.edit(index)
                return

    def table_as_shown(self) -> tuple[list[str], list[list[str]]]:
        """Headers and rows as shown: filtered, sorted, pending edits included."""
        proxy, model = self.proxy, self.model
        headers = [
            str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())
        ]
        rows = [
            [proxy.index(r, c).data() or "" for c in range(proxy.columnCount())]
            for r in range(proxy.rowCount())
        ]
        return headers, rows

    def fit_columns(self) -> None:
        """Widths from font metrics over a sample of rows; free text capped, the rest full."""
        fm = QFontMetrics(self.view.font())
        head = self.view.horizontalHeader().fontMetrics()
        pad = 3 * fm.averageCharWidth()
        cap = fm.horizontalAdvance("责" * _LONG_COLUMN_CHARS)
        rows = range(min(self.proxy.rowCount(), 200))
        for col, key in enumerate(self.model.column_keys()):
            title = str(self.model.headerData(col, Qt.Orientation.Horizontal) or "")
            width = head.horizontalAdvance(title) + head.height() + pad
            for r in rows:
                text = self.proxy.index(r, col).data()
                if text:
                    width = max(width, fm.horizontalAdvance(text) + pad)
            self.view.setColumnWidth(
                col, min(width, cap) if key in self.model.LONG_COLUMNS else width
            )
