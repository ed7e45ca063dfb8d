"""Table models of the patrol panel: the patrol areas, and the uncovered high-risk sites.

Both sort through a proxy on SORT_ROLE (dates and distances as numbers, not as text).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from riskmap.core.patrol import HighRiskSite, Patrol
from riskmap.ui.patrol.words import words

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class GapRow:
    """One uncovered high-risk site as the coverage list shows it."""

    site: HighRiskSite
    layer_name: str
    township: str
    nearest: str  # name of the nearest active patrol area ("" when there is none)
    distance_m: float | None


class _Model(QAbstractTableModel):
    KEYS: tuple[str, ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._titles: list[str] = []

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows())

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return len(self.KEYS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._titles[section] if section < len(self._titles) else None
        return None

    def set_titles(self, titles: list[str]) -> None:
        self._titles = titles
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.KEYS) - 1)

    def refresh_texts(self) -> None:
        """The language changed: every cell says its words again."""
        if self.rowCount():
            last = self.index(self.rowCount() - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def _rows(self) -> list[Any]:
        raise NotImplementedError


class PatrolTableModel(_Model):
    KEYS = ("name", "kind", "team", "window", "preset", "unit")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.patrols: list[Patrol] = []
        self.units: dict[int, str] = {}

    def _rows(self) -> list[Patrol]:
        return self.patrols

    def set_patrols(self, patrols: list[Patrol], units: dict[int, str]) -> None:
        self.beginResetModel()
        self.patrols = list(patrols)
        self.units = units
        self.endResetModel()

    def row_of(self, area_id: int) -> int | None:
        return next((i for i, p in enumerate(self.patrols) if p.id == area_id), None)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        p = self.patrols[index.row()]
        key = self.KEYS[index.column()]
        w = words()
        if role == ID_ROLE:
            return p.id
        if role == SORT_ROLE:
            if key == "window":
                return (p.starts_on or dt.date.min).toordinal()
            return str(self.data(index) or "")
        if role == Qt.ItemDataRole.ToolTipRole and key == "name" and p.note:
            return p.note
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if key == "name":
            return p.name
        if key == "kind":
            text = w.kind(p.kind)
            return f"{text} · {w.distance(p.buffer_m)}" if p.kind == "route" else text
        if key == "team":
            return p.team
        if key == "window":
            return w.window(p.starts_on, p.ends_on)
        if key == "preset":
            return w.preset(p.preset)
        return self.units.get(p.unit_id, "") if p.unit_id is not None else ""


class PatrolFilter(QSortFilterProxyModel):
    """Filter by preset ("" all, "-" none, else a preset code) and by dates met."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.preset = ""
        self.window: tuple[dt.date, dt.date] | None = None
        self.setSortRole(SORT_ROLE)

    def set_preset(self, preset: str) -> None:
        self.beginFilterChange()
        self.preset = preset
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_window(self, window: tuple[dt.date, dt.date] | None) -> None:
        self.beginFilterChange()
        self.window = window
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: _Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, PatrolTableModel)
        p = model.patrols[row]
        if self.preset == "-" and p.preset:
            return False
        if self.preset not in ("", "-") and p.preset != self.preset:
            return False
        if self.window is not None:
            start, end = self.window
            if (p.starts_on is not None and p.starts_on > end) or (
                p.ends_on is not None and p.ends_on < start
            ):
                return False
        return True


class GapTableModel(_Model):
    KEYS = ("site", "layer", "township", "reasons", "nearest")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.gaps: list[GapRow] = []

    def _rows(self) -> list[GapRow]:
        return self.gaps

    def set_gaps(self, gaps: list[GapRow]) -> None:
        self.beginResetModel()
        self.gaps = list(gaps)
        self.endResetModel()

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        g = self.gaps[index.row()]
        key = self.KEYS[index.column()]
        w = words()
        if role == ID_ROLE:
            return g.site.site_id
        if role == SORT_ROLE:
            if key == "nearest":
                return g.distance_m if g.distance_m is not None else float("inf")
            return str(self.data(index) or "")
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if key == "site":
            return g.site.name
        if key == "layer":
            return g.layer_name
        if key == "township":
            return g.township
        if key == "reasons":
            sep = "；" if w.lang.startswith("zh") else "; "
            return sep.join(w.reason(r) for r in g.site.reasons)
        if not g.nearest or g.distance_m is None:
            return ""
        return f"{g.nearest} · {w.distance(g.distance_m)}"


def sorting_proxy(model: QAbstractTableModel, parent: QObject) -> QSortFilterProxyModel:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    return proxy
