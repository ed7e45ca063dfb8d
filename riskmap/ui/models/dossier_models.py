"""Qt item models over the dossier lists (hazards, responsible units, open rectifications).

Each model keeps the dossier's plain rows and derives text, sort keys and emphasis per role:
the view shows localized words ("重大隐患", "整改中"), sorts by typed keys (dates as ordinals,
days as ints, so "9" never sorts after "10"), and the proxy filters on the rows themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from riskmap.core.dossier import HazardRow, RectificationRow, UnitRow
from riskmap.core.duties import ROLES
from riskmap.core.figures import is_major

SITE_ID_ROLE = Qt.ItemDataRole.UserRole  # the site to fly to (None for units)
SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # typed sort key: int, float or str
ROW_ROLE = Qt.ItemDataRole.UserRole + 2  # the dossier row object itself

PRESETS = ("all", "open", "overdue", "major")

# Tints with alpha, so they read on the light theme and on the dark wall-display theme alike.
OVERDUE_BACKGROUND = QColor(229, 57, 53, 56)
OVERDUE_TEXT = QColor("#c62828")
MAJOR_TEXT = QColor("#e65100")
_MISSING_DATE = 10**7  # sorts rows without a deadline after every real date

_Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row", HazardRow, UnitRow, RectificationRow)


class Terms(QObject):
    """The shared vocabulary (levels, statuses, roles, unit kinds, choices), in one tr() context.

    PySide6 looks translations up under the runtime class name, so shared words live in this one
    leaf class instead of a base class: the translator then fills them in once, under "Terms".
    """

    def level(self, code: str) -> str:
        words = {
            #: 一般隐患
            "general": self.tr("general"),
            #: 重大隐患
            "major": self.tr("major"),
        }
        return words.get(code, code)

    def status(self, code: str) -> str:
        words = {
            #: 待整改
            "open": self.tr("open"),
            #: 整改中
            "in_progress": self.tr("in progress"),
            #: 待验收
            "submitted": self.tr("submitted"),
            #: 已销号
            "verified": self.tr("verified"),
        }
        return words.get(code, code)

    def role(self, code: str) -> str:
        words = {
            #: 主管
            "regulator": self.tr("competent department"),
            #: 监管
            "supervisor": self.tr("supervisor"),
            #: 属地
            "territorial": self.tr("territorial"),
            #: 主体
            "enterprise": self.tr("enterprise"),
            #: 审批
            "approver": self.tr("approver"),
        }
        return words.get(code, code)

    def kind(self, code: str) -> str:
        words = {
            #: 行业部门
            "regulator": self.tr("department"),
            #: 属地政府
            "territorial": self.tr("local government"),
            #: 企业
            "enterprise": self.tr("company"),
        }
        return words.get(code, code)

    def choice(self, value: object) -> str:
        """An enum value of a layer field (layers/*.toml) in words; unknown values as written.

        Interim: the catalog has no labels for choices yet, and "isolation_point" must not
        reach a Chinese legend. Numbers (classes 1–5) stay numbers.
        """
        words = {
            "river": self.tr("river"),
            "tributary": self.tr("tributary"),
            "reservoir": self.tr("reservoir"),
            "lake": self.tr("lake"),
            "canal": self.tr("canal"),
            "low": self.tr("low"),
            "medium": self.tr("medium"),
            "high": self.tr("high"),
            "expressway": self.tr("expressway"),
            "national": self.tr("national road"),
            "provincial": self.tr("provincial road"),
            "county": self.tr("county road"),
            "township": self.tr("township road"),
            "gas_station": self.tr("gas station"),
            "lpg_station": self.tr("LPG station"),
            "regulator_station": self.tr("pressure-regulating station"),
            "pipeline": self.tr("pipeline"),
            "landslide": self.tr("landslide"),
            "debris_flow": self.tr("debris flow"),
            "collapse": self.tr("rockfall"),
            "subsidence": self.tr("ground subsidence"),
            "small": self.tr("small"),
            "large": self.tr("large"),
            "huge": self.tr("very large"),
            "coal": self.tr("coal mine"),
            "metal": self.tr("metal mine"),
            "nonmetal": self.tr("non-metal mine"),
            "tailings_pond": self.tr("tailings pond"),
            "school": self.tr("school"),
            "hospital": self.tr("hospital"),
            "mall": self.tr("shopping mall"),
            "station": self.tr("station"),
            "scenic_spot": self.tr("scenic spot"),
            "cemetery": self.tr("cemetery"),
            "stadium": self.tr("stadium"),
            "market": self.tr("market"),
            "isolation_point": self.tr("isolation point"),
            "designated_hospital": self.tr("designated hospital"),
            "vaccination_point": self.tr("vaccination point"),
            "active": self.tr("in use"),
            "standby": self.tr("standby"),
            "rescue_team": self.tr("rescue team"),
            "fire_station": self.tr("fire station"),
            "material_depot": self.tr("material depot"),
            "shelter": self.tr("shelter"),
            "medical": self.tr("medical"),
        }
        return words.get(value, str(value)) if isinstance(value, str) else str(value)

    def preset(self, code: str) -> str:
        words = {
            "all": self.tr("All"),
            "open": self.tr("Open only"),
            "overdue": self.tr("Overdue only"),
            "major": self.tr("Major only"),
        }
        return words.get(code, code)


_terms: Terms | None = None


def terms() -> Terms:
    """The process-wide vocabulary object (created on first use, after QApplication exists)."""
    global _terms
    if _terms is None:
        _terms = Terms()
    return _terms


def _date_text(d: dt.date | None) -> str:
    return d.isoformat() if d is not None else ""


def _date_key(d: dt.date | None) -> int:
    return d.toordinal() if d is not None else _MISSING_DATE


@dataclass(frozen=True, slots=True)
class _Column(Generic[Row]):
    """One column: text and sort key (default: the text) from a row; numbers right-aligned."""

    key: str
    text: Callable[[Row], str]
    sort: Callable[[Row], Any] | None = None
    numeric: bool = False


class DossierTableModel(QAbstractTableModel, Generic[Row]):
    """Shared plumbing; leaf classes own the columns and header words (their own tr context)."""

    PRESETS: tuple[str, ...] = ("all",)
    LONG_COLUMNS: tuple[str, ...] = ()  # free text: elided in the view, full text as tooltip

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []
        self._layer_names: dict[str, str] = {}
        self._district_names: dict[str, str] = {}
        self._columns: list[_Column[Row]] = self._make_columns()
        self._headers: list[str] = self.header_texts()
        self._search_cache: dict[int, str] = {}
        self._bold = QFont()
        self._bold.setBold(True)

    # -- leaf classes fill these in -------------------------------------------------------
    def _make_columns(self) -> list[_Column[Row]]:
        raise NotImplementedError

    def header_texts(self) -> list[str]:
        raise NotImplementedError

    def matches_preset(self, row: Row, preset: str) -> bool:
        return True

    def _site_id(self, row: Row) -> int | None:
        return None

    def _background(self, row: Row) -> QColor | None:
        return None

    def _foreground(self, row: Row, key: str) -> QColor | None:
        return None

    def _is_bold(self, row: Row) -> bool:
        return False

    # -- data -----------------------------------------------------------------------------
    def set_rows(
        self,
        rows: Sequence[Row],
        layer_names: dict[str, str] | None = None,
        district_names: dict[str, str] | None = None,
    ) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._layer_names = dict(layer_names or {})
        self._district_names = dict(district_names or {})
        self._search_cache.clear()
        self.endResetModel()

    def set_layer_names(self, layer_names: dict[str, str]) -> None:
        self._layer_names = dict(layer_names)
        self.retranslate()

    def rows(self) -> list[Row]:
        return list(self._rows)

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def column_keys(self) -> list[str]:
        return [c.key for c in self._columns]

    def retranslate(self) -> None:
        """Re-read header words and cell words after a language switch."""
        self._headers = self.header_texts()
        self._search_cache.clear()
        if self._columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._columns) - 1)
        if self._rows:
            last = self.index(len(self._rows) - 1, len(self._columns) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def search_text(self, row: int) -> str:
        """All cell texts of a row, case-folded once: the search box filters on this."""
        text = self._search_cache.get(row)
        if text is None:
            r = self._rows[row]
            text = "\t".join(c.text(r) for c in self._columns).casefold()
            self._search_cache[row] = text
        return text

    def layer_name(self, key: str) -> str:
        return self._layer_names.get(key, key)

    def district_name(self, code: str | None) -> str:
        return self._district_names.get(code or "", code or "")

    # -- QAbstractTableModel ----------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and self._columns[section].numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        r = self._rows[index.row()]
        col = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.text(r)
        if role == SORT_ROLE:
            return (col.sort or col.text)(r)
        if role == SITE_ID_ROLE:
            return self._site_id(r)
        if role == ROW_ROLE:
            return r
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(r)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(r, col.key)
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if self._is_bold(r) else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col.numeric:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col.key in self.LONG_COLUMNS:
            return col.text(r)
        return None


class HazardTableModel(DossierTableModel[HazardRow]):
    """The dossier's hazards: overdue rows tinted red, major hazards bold with an orange level."""

    PRESETS = ("all", "open", "overdue", "major")
    LONG_COLUMNS = ("site", "description")

    def _make_columns(self) -> list[_Column[HazardRow]]:
        t = terms()
        return [
            _Column("site", lambda h: h.site_name),
            _Column("layer", lambda h: self.layer_name(h.layer)),
            _Column("level", lambda h: t.level(h.level), lambda h: int(is_major(h.level))),
            _Column("status", lambda h: t.status(h.status), _status_key),
            _Column("found_on", lambda h: _date_text(h.found_on), lambda h: _date_key(h.found_on)),
            _Column("deadline", lambda h: _date_text(h.deadline), lambda h: _date_key(h.deadline)),
            _Column(
                "days_overdue",
                lambda h: str(h.days_overdue) if h.days_overdue else "",
                lambda h: h.days_overdue or 0,
                numeric=True,
            ),
            _Column("county", lambda h: self.district_name(h.county_code)),
            _Column("category", lambda h: h.category),
            _Column("description", lambda h: h.description),
        ]

    def header_texts(self) -> list[str]:
        return [
            self.tr("Site"),
            self.tr("Layer"),
            self.tr("Level"),
            self.tr("Status"),
            self.tr("Found"),
            self.tr("Deadline"),
            self.tr("Days overdue"),
            self.tr("County"),
            self.tr("Category"),
            self.tr("Description"),
        ]

    def matches_preset(self, row: HazardRow, preset: str) -> bool:
        if preset == "open":
            return row.is_open
        if preset == "overdue":
            return row.overdue
        if preset == "major":
            return is_major(row.level)
        return True

    def _site_id(self, row: HazardRow) -> int | None:
        return row.site_id

    def _background(self, row: HazardRow) -> QColor | None:
        return OVERDUE_BACKGROUND if row.overdue else None

    def _foreground(self, row: HazardRow, key: str) -> QColor | None:
        if key == "level" and is_major(row.level):
            return MAJOR_TEXT
        if key == "days_overdue" and row.overdue:
            return OVERDUE_TEXT
        return None

    def _is_bold(self, row: HazardRow) -> bool:
        return is_major(row.level)


class UnitTableModel(DossierTableModel[UnitRow]):
    """Responsible units, one row per (unit, role); the role column sorts in the chain's order."""

    PRESETS = ("all", "open", "overdue")
    LONG_COLUMNS = ("name",)

    def _make_columns(self) -> list[_Column[UnitRow]]:
        t = terms()
        return [
            _Column("role", lambda u: t.role(u.role), lambda u: _role_key(u.role)),
            _Column("name", lambda u: u.name),
            _Column("kind", lambda u: t.kind(u.kind)),
            _Column("sites", lambda u: str(u.sites), lambda u: u.sites, numeric=True),
            _Column("open_hazards", lambda u: str(u.open_hazards), lambda u: u.open_hazards, True),
            _Column("overdue", lambda u: str(u.overdue) if u.overdue else "", _overdue, True),
        ]

    def header_texts(self) -> list[str]:
        return [
            self.tr("Role"),
            self.tr("Unit"),
            self.tr("Kind"),
            self.tr("Sites"),
            self.tr("Open hazards"),
            self.tr("Overdue"),
        ]

    def matches_preset(self, row: UnitRow, preset: str) -> bool:
        if preset == "open":
            return row.open_hazards > 0
        if preset == "overdue":
            return row.overdue > 0
        return True

    def _background(self, row: UnitRow) -> QColor | None:
        return OVERDUE_BACKGROUND if row.overdue else None

    def _foreground(self, row: UnitRow, key: str) -> QColor | None:
        return OVERDUE_TEXT if key == "overdue" and row.overdue else None


class RectificationTableModel(DossierTableModel[RectificationRow]):
    """Open rectifications with days left or days overdue."""

    PRESETS = ("all", "overdue", "major")
    LONG_COLUMNS = ("site", "measures", "unit")

    def _make_columns(self) -> list[_Column[RectificationRow]]:
        t = terms()
        return [
            _Column("site", lambda r: r.site_name),
            _Column("layer", lambda r: self.layer_name(r.layer)),
            _Column("level", lambda r: t.level(r.level), lambda r: int(is_major(r.level))),
            _Column("status", lambda r: t.status(r.status), _status_key),
            _Column("deadline", lambda r: _date_text(r.deadline), lambda r: _date_key(r.deadline)),
            _Column(
                "days_left",
                lambda r: str(r.days_left) if not r.days_overdue else "",
                lambda r: r.days_left - r.days_overdue,  # overdue rows sort below "0 days left"
                numeric=True,
            ),
            _Column(
                "days_overdue",
                lambda r: str(r.days_overdue) if r.days_overdue else "",
                lambda r: r.days_overdue,
                numeric=True,
            ),
            _Column("unit", lambda r: r.unit_name),
            _Column("person", lambda r: r.responsible_person),
            _Column("measures", lambda r: r.measures),
        ]

    def header_texts(self) -> list[str]:
        return [
            self.tr("Site"),
            self.tr("Layer"),
            self.tr("Level"),
            self.tr("Status"),
            self.tr("Deadline"),
            self.tr("Days left"),
            self.tr("Days overdue"),
            self.tr("Responsible unit"),
            self.tr("Responsible person"),
            self.tr("Measures"),
        ]

    def matches_preset(self, row: RectificationRow, preset: str) -> bool:
        if preset == "overdue":
            return row.days_overdue > 0
        if preset == "major":
            return is_major(row.level)
        return True  # every listed rectification is open

    def _site_id(self, row: RectificationRow) -> int | None:
        return row.site_id

    def _background(self, row: RectificationRow) -> QColor | None:
        return OVERDUE_BACKGROUND if row.days_overdue > 0 else None

    def _foreground(self, row: RectificationRow, key: str) -> QColor | None:
        if key == "level" and is_major(row.level):
            return MAJOR_TEXT
        if key == "days_overdue" and row.days_overdue > 0:
            return OVERDUE_TEXT
        return None

    def _is_bold(self, row: RectificationRow) -> bool:
        return is_major(row.level)


_STATUS_ORDER = ("open", "in_progress", "submitted", "verified")


def _status_key(row: HazardRow | RectificationRow) -> int:
    # Workflow order, not alphabetical: 待整改 → 整改中 → 待验收 → 已销号.
    return _STATUS_ORDER.index(row.status) if row.status in _STATUS_ORDER else len(_STATUS_ORDER)


def _role_key(role: str) -> int:
    return ROLES.index(role) if role in ROLES else len(ROLES)


def _overdue(u: UnitRow) -> int:
    return u.overdue


class DossierFilterProxy(QSortFilterProxyModel):
    """Sorts by SORT_ROLE; filters by a search text (any column), a preset and a unit role."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setSortLocaleAware(True)
        self._needle = ""
        self._preset = "all"
        self._role = ""

    def set_search(self, text: str) -> None:
        needle = text.strip().casefold()
        if needle != self._needle:
            self.beginFilterChange()
            self._needle = needle
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def search(self) -> str:
        return self._needle

    def set_preset(self, preset: str) -> None:
        """One of PRESETS: all, open, overdue, major (a model ignores presets it does not know)."""
        if preset not in PRESETS:
            raise ValueError(f"unknown filter preset {preset!r}")
        if preset != self._preset:
            self.beginFilterChange()
            self._preset = preset
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def preset(self) -> str:
        return self._preset

    def set_role(self, role: str) -> None:
        """Only units in this role ("" = every role); rows without a role are not affected."""
        if role and role not in ROLES:
            raise ValueError(f"unknown role {role!r}")
        if role != self._role:
            self.beginFilterChange()
            self._role = role
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def role(self) -> str:
        return self._role

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, DossierTableModel):
            return True
        row = model.row_at(source_row)
        if self._preset != "all" and not model.matches_preset(row, self._preset):
            return False
        if self._role and getattr(row, "role", self._role) != self._role:
            return False
        return not self._needle or self._needle in model.search_text(source_row)
