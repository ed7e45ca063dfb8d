"""The pending-edit plumbing of an editable table: its rows, its model and its filter proxy.

A changed cell, a new row and a row marked for deletion stay pending in the model (shown
italic, tinted or struck out) until the dialog saves them; leaf models (duty_models) own the
columns, the words and the rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont

from riskmap.ui.models.dossier_models import SORT_ROLE

CHOICES_ROLE = Qt.ItemDataRole.UserRole + 10  # [(value, label)] for a combo editor, or None
STATE_ROLE = Qt.ItemDataRole.UserRole + 11  # "clean", "new", "changed" or "deleted"
PROBLEM_ROLE = Qt.ItemDataRole.UserRole + 12  # why the row cannot be saved, or ""

# Tints with alpha, so they read on the light and on the dark (wall-display) theme alike.
INVALID_BACKGROUND = QColor(229, 57, 53, 90)
NEW_BACKGROUND = QColor(67, 160, 71, 45)
CHANGED_BACKGROUND = QColor(255, 179, 0, 70)
DELETED_BACKGROUND = QColor(128, 128, 128, 60)
DELETED_TEXT = QColor(128, 128, 128)

_Index = QModelIndex | QPersistentModelIndex


@dataclass
class EditRow:
    """One row: its values now, as read (None for a new row), and whether it is to be deleted."""

    id: int | None
    version: int | None
    values: dict[str, Any]
    original: dict[str, Any] | None = None
    deleted: bool = False

    @property
    def state(self) -> str:
        if self.deleted:
            return "deleted"
        if self.original is None:
            return "new"
        return "changed" if self.values != self.original else "clean"

    @property
    def key(self) -> int:
        """The id of a saved row (a new row has none yet)."""
        if self.id is None:
            raise ValueError("a new row has no id yet")
        return self.id

    def changes(self) -> dict[str, Any]:
        """The fields that differ from what was read (all of them for a new row)."""
        if self.original is None:
            return dict(self.values)
        return {k: v for k, v in self.values.items() if self.original.get(k) != v}

    def cell_changed(self, key: str) -> bool:
        return self.original is not None and self.original.get(key) != self.values.get(key)


class ListWords(QObject):
    """Words the editable lists share, in one tr() context (see Terms for why a leaf class)."""

    def all_layers(self) -> str:
        #: 全部
        return self.tr("All layers")

    def whole_city(self) -> str:
        #: 全市
        return self.tr("Whole city")

    def was(self, old: str) -> str:
        #: 原值：{old}
        return self.tr("Was: {old}").format(old=old or "—")

    def new_row(self) -> str:
        #: 新增，尚未保存
        return self.tr("New row, not saved yet")

    def to_delete(self) -> str:
        #: 保存时删除
        return self.tr("Will be deleted when you save")


_words: ListWords | None = None


def words() -> ListWords:
    global _words
    if _words is None:
        _words = ListWords()
    return _words


class EditableTableModel(QAbstractTableModel):
    """Pending-edit plumbing; leaf classes own the columns, words and rules (their tr context)."""

    pendingChanged = Signal()

    # column key → the value key it edits ("" for a derived, read-only column)
    FIELDS: dict[str, str] = {}
    LONG_COLUMNS: tuple[str, ...] = ()
    CHOICE_COLUMNS: tuple[str, ...] = ()  # edited with a combo (choices())

    def __init__(self, columns: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[EditRow] = []
        self._editable = False
        self._headers = self.header_texts()
        self._search: dict[int, str] = {}
        self._italic = QFont()
        self._italic.setItalic(True)
        self._struck = QFont()
        self._struck.setStrikeOut(True)

    # -- leaf classes fill these in -------------------------------------------------------
    def header_texts(self) -> list[str]:
        raise NotImplementedError

    def text(self, values: dict[str, Any], key: str) -> str:
        raise NotImplementedError

    def sort_key(self, values: dict[str, Any], key: str) -> Any:
        return self.text(values, key)

    def choices(self, key: str) -> list[tuple[Any, str]] | None:
        return None

    def problems(self, values: dict[str, Any]) -> list[str]:
        return []

    def blank_values(self) -> dict[str, Any]:
        raise NotImplementedError

    def _changed(self, row: EditRow, field_key: str) -> None:
        """Hook after a field changed (e.g. a site brings its layer)."""

    # -- rows -----------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[EditRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._search.clear()
        self.endResetModel()
        self.pendingChanged.emit()

    def row_at(self, row: int) -> EditRow:
        return self._rows[row]

    def column_keys(self) -> list[str]:
        return list(self._columns)

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0))

    def pending(self) -> list[EditRow]:
        return [r for r in self._rows if r.state != "clean"]

    def pending_count(self) -> int:
        return sum(1 for r in self._rows if r.state != "clean")

    def problem(self, row: int) -> str:
        r = self._rows[row]
        return "" if r.deleted else "; ".join(self.problems(r.values))

    def invalid_rows(self) -> list[int]:
        return [i for i, r in enumerate(self._rows) if r.state != "clean" and self.problem(i)]

    def add_row(self, values: dict[str, Any] | None = None) -> int:
        """Append a new (pending) row; its position."""
        n = len(self._rows)
        self.beginInsertRows(QModelIndex(), n, n)
        self._rows.append(EditRow(None, None, {**self.blank_values(), **(values or {})}))
        self.endInsertRows()
        self.pendingChanged.emit()
        return n

    def remove_rows(self, rows: Sequence[int]) -> None:
        """New rows go at once; saved rows are marked for deletion, or unmarked when all of
        them already were (so the same button undoes a mistaken delete)."""
        rows = sorted(set(rows))
        saved = [i for i in rows if self._rows[i].original is not None]
        undelete = bool(saved) and all(self._rows[i].deleted for i in saved)
        for i in saved:
            self._rows[i].deleted = not undelete
            self._row_changed(i)
        for i in reversed([i for i in rows if self._rows[i].original is None]):
            self.beginRemoveRows(QModelIndex(), i, i)
            del self._rows[i]
            self.endRemoveRows()
        self._search.clear()
        self.pendingChanged.emit()

    def revert(self) -> None:
        """Back to the rows as read: new rows dropped, changes and deletions undone."""
        kept = [
            EditRow(r.id, r.version, dict(r.original), dict(r.original))
            for r in self._rows
            if r.original is not None
        ]
        self.set_rows(kept)

    def search_text(self, row: int) -> str:
        text = self._search.get(row)
        if text is None:
            values = self._rows[row].values
            text = "\t".join(self.text(values, k) for k in self._columns).casefold()
            self._search[row] = text
        return text

    def retranslate(self) -> None:
        self._headers = self.header_texts()
        self._search.clear()
        if self._columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._columns) - 1)
        if self._rows:
            last = self.index(len(self._rows) - 1, len(self._columns) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def _row_changed(self, row: int) -> None:
        self._search.pop(row, None)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self._columns) - 1))

    # -- QAbstractTableModel ----------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._columns):
            return self._headers[section]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        r = self._rows[index.row()]
        if self._editable and not r.deleted and self.FIELDS.get(self._columns[index.column()]):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        r = self._rows[index.row()]
        key = self._columns[index.column()]
        field_key = self.FIELDS.get(key, "")
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(r.values, key)
        if role == Qt.ItemDataRole.EditRole:
            value = r.values.get(field_key) if field_key else None
            # A text editor needs a string; a combo is matched on the raw value.
            return value if key in self.CHOICE_COLUMNS or value is not None else ""
        if role == SORT_ROLE:
            return self.sort_key(r.values, key)
        if role == CHOICES_ROLE:
            return self.choices(key) if field_key else None
        if role == STATE_ROLE:
            return r.state
        if role == PROBLEM_ROLE:
            return self.problem(index.row())
        state = r.state
        if role == Qt.ItemDataRole.BackgroundRole:
            if state in ("new", "changed") and self.problem(index.row()):
                return INVALID_BACKGROUND
            if state == "deleted":
                return DELETED_BACKGROUND
            if state == "new":
                return NEW_BACKGROUND
            return CHANGED_BACKGROUND if field_key and r.cell_changed(field_key) else None
        if role == Qt.ItemDataRole.FontRole:
            if state == "deleted":
                return self._struck
            if state == "new" or (field_key and r.cell_changed(field_key)):
                return self._italic
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return DELETED_TEXT if state == "deleted" else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(index.row(), r, key, field_key)
        return None

    def _tooltip(self, row: int, r: EditRow, key: str, field_key: str) -> str | None:
        problem = self.problem(row) if r.state in ("new", "changed") else ""
        if problem:
            return problem
        if r.state == "deleted":
            return words().to_delete()
        if r.state == "new":
            return words().new_row()
        if field_key and r.cell_changed(field_key) and r.original is not None:
            return words().was(self.text(r.original, key))
        return self.text(r.values, key) if key in self.LONG_COLUMNS else None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not (self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        r = self._rows[index.row()]
        field_key = self.FIELDS[self._columns[index.column()]]
        if isinstance(value, str):
            value = value.strip()
        if r.values.get(field_key) == value:
            return False
        r.values[field_key] = value
        self._changed(r, field_key)
        self._row_changed(index.row())
        self.pendingChanged.emit()
        return True


class EditFilterProxy(QSortFilterProxyModel):
    """Sorts by SORT_ROLE; a search text filters saved rows on every column's text. Pending
    rows always stay in view, so an edit never vanishes behind the filter."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setSortLocaleAware(True)
        self._needle = ""

    def set_search(self, text: str) -> None:
        needle = text.strip().casefold()
        if needle != self._needle:
            self.beginFilterChange()
            self._needle = needle
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        if not self._needle or not isinstance(model, EditableTableModel):
            return True
        if model.row_at(source_row).state != "clean":
            return True
        return self._needle in model.search_text(source_row)
