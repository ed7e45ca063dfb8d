"""The column mapping (layer field ← file column) with inline checks, and the first rows.

Each row of the mapping is one target of `ImportPlan.rows()`: the site's name, address and
source id, then the layer's fields. Its check column converts the first rows of the chosen
column with the field's own converter (the one the import uses), so a column of 很多 mapped to
a whole-number field shows its problem before anything runs.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from riskmap.core.catalog import Catalog, FieldSpec
from riskmap.errors import RiskmapError
from riskmap.io.importer import FeatureSource, ImportPlan, plan_import
from riskmap.io.importer.report import Bad
from riskmap.io.importer.values import CONVERTERS, blank, text

_FAMILY = {
    "Point": "point",
    "MultiPoint": "point",
    "LineString": "line",
    "MultiLineString": "line",
    "Polygon": "polygon",
    "MultiPolygon": "polygon",
}
_FITS = {
    "point": {"point"},
    "line": {"line"},
    "polygon": {"polygon"},
    "line+polygon": {"line", "polygon"},
}
PREVIEW_ROWS = 10
NAME = "name"  # the one site column every import needs
MISSING = QColor("#ffebee")
BAD_INK = QColor("#c62828")


def fits(geometry: str, source: FeatureSource) -> bool:
    """Whether a layer declared `geometry` can hold every geometry of the source."""
    families = {_FAMILY.get(t, "other") for t in source.geometry.type_counts()}
    return geometry == "any" or families <= _FITS.get(geometry, set())


def guess_layer(source: FeatureSource, catalog: Catalog) -> str | None:
    """The layer that takes the file's geometry and fills most fields from its columns."""
    best, best_score = None, -1
    for key, spec in catalog.items():
        if not fits(spec.geometry, source):
            continue
        try:
            plan = plan_import(source, catalog, key)
        except RiskmapError:
            continue
        score = 2 * len(plan.fields) - len(plan.missing_required)
        if score > best_score:
            best, best_score = key, score
    return best


class MappingTable(QTableWidget):
    """Target (required ones marked *) | file column (a combo) | check of the first rows."""

    sigChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 3, parent)
        self.keys: list[str] = []
        self.labels: dict[str, str] = {}
        self.required: set[str] = set()
        self.combos: dict[str, QComboBox] = {}
        self.lang = "zh"
        self.verticalHeader().hide()
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        h = self.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        h.setStretchLastSection(True)
        self.retranslate()

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels(
            [
                #: 图层字段
                self.tr("Layer field"),
                #: 文件中的列
                self.tr("File column"),
                #: 前几行检查
                self.tr("Check of the first rows"),
            ]
        )
        for combo in self.combos.values():
            #: —— 不导入 ——
            combo.setItemText(0, self.tr("— not imported —"))

    def set_plan(self, source: FeatureSource, plan: ImportPlan, lang: str) -> None:
        """One row per target, each combo set to the plan's column."""
        self.lang = lang
        rows = plan.rows(lang)
        self.keys = [key for key, _label, _col in rows]
        self.labels = {key: label for key, label, _col in rows}
        self.required = {NAME} | {f.key for f in plan.layer.fields if f.required}
        self.combos = {}
        #: —— 不导入 ——
        none = self.tr("— not imported —")
        self.setRowCount(len(rows))
        for r, (key, label, col) in enumerate(rows):
            item = QTableWidgetItem(f"{label} *" if key in self.required else label)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(key)
            self.setItem(r, 0, item)
            combo = QComboBox(self)
            combo.addItem(none, "")
            for c in source.columns:
                combo.addItem(c, c)
            combo.setCurrentIndex(max(0, combo.findData(col)))
            combo.currentIndexChanged.connect(lambda _i: self.sigChanged.emit())
            self.setCellWidget(r, 1, combo)
            self.combos[key] = combo
            self.setItem(r, 2, QTableWidgetItem(""))
        # Cell widgets do not count in resizeColumnToContents: size the column to the combos.
        fm = self.fontMetrics()
        texts = [none, *source.columns]
        widest = max(fm.horizontalAdvance(t) for t in texts)
        self.setColumnWidth(1, widest + 4 * fm.averageCharWidth() + 24)

    def mapping(self) -> dict[str, str]:
        """{target: column or "ignore"} for every row: the user's choices, all of them."""
        return {k: str(c.currentData() or "") or "ignore" for k, c in self.combos.items()}

    def column_of(self, key: str) -> str:
        combo = self.combos.get(key)
        return str(combo.currentData() or "") if combo is not None else ""

    def set_column(self, key: str, column: str) -> None:
        """Map `column` (or "" for none) to target `key`, as choosing it in the combo does."""
        combo = self.combos[key]
        combo.setCurrentIndex(max(0, combo.findData(column)))

    def missing(self) -> list[str]:
        """Labels of the required targets without a column."""
        return [self.labels[k] for k in self.keys if k in self.required and not self.column_of(k)]

    def update_checks(self, source: FeatureSource, plan: ImportPlan) -> int:
        """Fill the check column; mark unmapped required rows. The number of problems."""
        problems = 0
        for r, key in enumerate(self.keys):
            col = self.column_of(key)
            item = self.item(r, 2)
            if item is None:
                continue
            unmapped = not col and key in self.required
            for c in (0, 2):
                cell = self.item(r, c)
                if cell is not None:
                    cell.setBackground(QBrush(MISSING) if unmapped else QBrush())
            if unmapped:
                #: 必填：请选择一列
                item.setText(self.tr("required: choose a column"))
                item.setForeground(QBrush(BAD_INK))
                problems += 1
                continue
            if not col or col not in source.columns:
                item.setText("")
                continue
            note, bad = self._sample(source, plan.layer.field(key), col)
            item.setText(note)
            item.setToolTip(note)
            item.setForeground(QBrush(BAD_INK) if bad else QBrush())
            problems += bad
        return problems

    def _sample(self, source: FeatureSource, f: FieldSpec | None, col: str) -> tuple[str, bool]:
        """(first value as it will be stored, or the first problem; whether it is one)."""
        values = source.columns[col][:PREVIEW_ROWS].tolist()
        conv: Any = CONVERTERS[f.type](f) if f is not None else text
        first = ""
        zh = self.lang.startswith("zh")
        for i, v in enumerate(values):
            if blank(v):
                continue
            try:
                value = conv(v)
            except Bad as problem:
                where = self._where(source, i)
                sep = "：" if zh else ": "
                return f"⚠ {where}{sep}{problem.zh if zh else problem.en}", True
            if not first:
                first = "✓ " + _shown(value)
        return first, False

    def _where(self, source: FeatureSource, i: int) -> str:
        row = source.row_of(i)
        if row is not None:
            #: 第 {0} 行
            return self.tr("row {0}").format(row)
        #: 第 {0} 个要素
        return self.tr("feature {0}").format(i + 1)


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "✓" if value else "✗"
    return str(value)


class PreviewTable(QTableWidget):
    """The first rows of the file as read: its columns, then the geometry as text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 0, parent)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.horizontalHeader().setStretchLastSection(True)

    def set_source(self, source: FeatureSource | None) -> None:
        if source is None:
            self.setRowCount(0)
            self.setColumnCount(0)
            return
        headers, rows = source.preview(PREVIEW_ROWS)
        self.setColumnCount(len(headers))
        self.setHorizontalHeaderLabels([str(h) for h in headers])
        self.setRowCount(len(rows))
        labels = []
        for r, values in enumerate(rows):
            row = source.row_of(r)
            labels.append(str(row if row is not None else r + 1))
            for c, v in enumerate(values):
                self.setItem(r, c, QTableWidgetItem("" if v is None else str(v)))
        self.setVerticalHeaderLabels(labels)
        self.resizeColumnsToContents()
