"""Editable Qt models over the responsibility lists and the units, with pending edits.

An edit changes only the model: a changed cell, a new row and a row marked for deletion stay
pending (shown italic, tinted or struck out) until the dialog saves them all in one ledger
transaction, each existing row with the version it was read at, so a row someone else changed
in between is refused instead of overwritten. Rows the core would refuse are flagged here
first, with the reason, so the user sees the problem on the row instead of after Save.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt

from riskmap.core.database import Actor, Store
from riskmap.core.ledger import Ledger
from riskmap.core.ledger_lists import DUTY_ROLES, UNIT_KINDS
from riskmap.core.ledger_records import Unit
from riskmap.io.duties_xlsx import DutyRecord, DutyRefs
from riskmap.ui.models.dossier_models import terms
from riskmap.ui.models.editable import (
    CHANGED_BACKGROUND,
    CHOICES_ROLE,
    DELETED_BACKGROUND,
    DELETED_TEXT,
    INVALID_BACKGROUND,
    NEW_BACKGROUND,
    PROBLEM_ROLE,
    STATE_ROLE,
    EditableTableModel,
    EditFilterProxy,
    EditRow,
    ListWords,
    _Index,
    words,
)

# The generic pieces live in riskmap.ui.models.editable; importable from here as before.
__all__ = [
    "CHANGED_BACKGROUND",
    "CHOICES_ROLE",
    "DELETED_BACKGROUND",
    "DELETED_TEXT",
    "INVALID_BACKGROUND",
    "NEW_BACKGROUND",
    "PROBLEM_ROLE",
    "STATE_ROLE",
    "DutyTableModel",
    "EditFilterProxy",
    "EditRow",
    "EditableTableModel",
    "ListWords",
    "SiteInfo",
    "UnitListModel",
    "words",
    "write_pending",
]

SiteInfo = tuple[str, str, str | None]  # name, layer, district code


class DutyTableModel(EditableTableModel):
    """One responsibility list: the department list (duties naming no site) or the enterprise
    list (duties naming a site)."""

    FIELDS = {
        "unit": "unit_id",
        "role": "role",
        "layer": "layer",
        "district": "district_code",
        "site": "site_id",
        "township": "",
        "note": "note",
    }
    LONG_COLUMNS = ("unit", "site", "note")
    CHOICE_COLUMNS = ("unit", "role", "layer", "district", "site")
    COLUMNS = {
        "department": ("unit", "role", "layer", "district", "note"),
        "enterprise": ("site", "layer", "township", "unit", "role", "note"),
    }

    def __init__(
        self,
        kind: str,
        refs: DutyRefs,
        layer_names: dict[str, str],
        site_loader: Callable[[], dict[int, SiteInfo]] | None = None,
        parent: QObject | None = None,
    ) -> None:
        self.kind = kind
        self._refs = refs
        self._layer_names = dict(layer_names)
        self._sites: dict[int, SiteInfo] = {}
        self._site_loader = site_loader
        self._all_sites = False
        self._choice_cache: dict[str, list[tuple[Any, str]]] = {}
        super().__init__(self.COLUMNS[kind], parent)

    def header_texts(self) -> list[str]:
        words_ = {
            #: 责任单位
            "unit": self.tr("Responsible unit"),
            #: 责任类型
            "role": self.tr("Role"),
            #: 图层
            "layer": self.tr("Layer"),
            #: 区域
            "district": self.tr("District"),
            #: 风险点
            "site": self.tr("Site"),
            #: 所属镇办
            "township": self.tr("Township"),
            #: 说明
            "note": self.tr("Note"),
        }
        return [words_[k] for k in self.COLUMNS[self.kind]]

    def set_records(self, records: Sequence[DutyRecord], refs: DutyRefs | None = None) -> None:
        """The duties of this list (others are ignored), read just now."""
        if refs is not None:
            self._refs = refs
            self._choice_cache.clear()
        rows = []
        for d in records:
            if d.kind != self.kind:
                continue
            if d.site_id is not None:
                self._sites[d.site_id] = (d.site_name, d.site_layer or "", d.site_district)
            values = {
                "unit_id": d.unit_id,
                "role": d.role,
                "layer": d.layer,
                "site_id": d.site_id,
                "district_code": d.district_code,
                "note": d.note,
            }
            rows.append(EditRow(d.id, d.version, values, dict(values)))
        self.set_rows(rows)

    def set_layer_names(self, layer_names: dict[str, str]) -> None:
        self._layer_names = dict(layer_names)
        self._choice_cache.pop("layer", None)
        self.retranslate()

    def blank_values(self) -> dict[str, Any]:
        role = "enterprise" if self.kind == "enterprise" else "regulator"
        return {
            "unit_id": None,
            "role": role,
            "layer": None,
            "site_id": None,
            "district_code": None,
            "note": "",
        }

    def text(self, values: dict[str, Any], key: str) -> str:
        if key == "unit":
            uid = values.get("unit_id")
            return self._refs.unit_label(uid) or ("" if uid is None else f"#{uid}")
        if key == "role":
            return terms().role(values.get("role") or "")
        if key == "layer":
            layer = values.get("layer")
            return words().all_layers() if layer is None else self._layer_names.get(layer, layer)
        if key == "district":
            code = values.get("district_code")
            return words().whole_city() if code is None else self._refs.district_label(code)
        if key == "site":
            sid = values.get("site_id")
            if sid is None:
                return ""
            info = self._sites.get(sid)
            return f"{info[0]} #{sid}" if info else f"#{sid}"
        if key == "township":
            info = self._sites.get(values.get("site_id") or -1)
            return self._refs.district_label(info[2]) if info and info[2] else ""
        return str(values.get(key) or "")

    def sort_key(self, values: dict[str, Any], key: str) -> Any:
        if key == "role":
            role = values.get("role")
            return DUTY_ROLES.index(role) if role in DUTY_ROLES else len(DUTY_ROLES)
        if key == "district":
            return values.get("district_code") or ""  # codes sort city, county, township
        return self.text(values, key)

    def choices(self, key: str) -> list[tuple[Any, str]] | None:
        if key == "role":
            return [(r, terms().role(r)) for r in DUTY_ROLES]
        if key in self._choice_cache:
            return self._choice_cache[key]
        refs = self._refs
        out: list[tuple[Any, str]] | None
        if key == "unit":
            units = sorted(refs.units.values(), key=lambda u: (UNIT_KINDS.index(u.kind), u.id))
            out = [(u.id, refs.unit_label(u.id)) for u in units]
        elif key == "layer":
            out = [(None, words().all_layers()), *self._layer_names.items()]
        elif key == "district":
            out = [(None, words().whole_city())]
            out += [(c, refs.district_label(c)) for c in refs.districts]
        elif key == "site":
            self._load_all_sites()
            out = [(sid, f"{name} #{sid}") for sid, (name, _l, _d) in sorted(self._sites.items())]
        else:
            return None
        self._choice_cache[key] = out
        return out

    def _load_all_sites(self) -> None:
        # Only when a site editor first opens: the lists themselves need just their own sites.
        if not self._all_sites and self._site_loader is not None:
            self._sites.update(self._site_loader())
            self._all_sites = True

    def _changed(self, row: EditRow, field_key: str) -> None:
        if field_key != "site_id" or row.values["site_id"] is None:
            return
        info = self._sites.get(row.values["site_id"])
        if info is not None and info[1]:
            # A duty on a site is on that site's layer; pick it for the user.
            row.values["layer"] = info[1]

    def problems(self, values: dict[str, Any]) -> list[str]:
        out = []
        uid = values.get("unit_id")
        if uid is None:
            #: 未填责任单位
            out.append(self.tr("No responsible unit"))
        elif uid not in self._refs.units:
            #: 责任单位已不存在
            out.append(self.tr("The unit no longer exists"))
        if values.get("role") not in DUTY_ROLES:
            #: 未知的责任类型
            out.append(self.tr("Unknown role"))
        if self.kind == "enterprise":
            if values.get("site_id") is None:
                #: 未选择风险点
                out.append(self.tr("No site chosen"))
        elif values.get("layer") is None and values.get("district_code") is None:
            #: 须指定图层或区域（不能同时为“全部”和“全市”）
            out.append(self.tr("Name a layer or a district (not both all layers and whole city)"))
        return out


class UnitListModel(EditableTableModel):
    """The responsible units (责任单位), editable like the lists."""

    FIELDS = {
        "name": "name",
        "kind": "kind",
        "department_code": "department_code",
        "district": "district_code",
        "contact_person": "contact_person",
        "phone": "phone",
        "credit_code": "credit_code",
    }
    LONG_COLUMNS = ("name",)
    CHOICE_COLUMNS = ("kind", "district")
    OPTIONAL = ("department_code", "district_code")  # None when empty; the rest are text

    def __init__(self, refs: DutyRefs, parent: QObject | None = None) -> None:
        self._refs = refs
        super().__init__(tuple(self.FIELDS), parent)

    def header_texts(self) -> list[str]:
        return [
            #: 单位名称
            self.tr("Name"),
            #: 单位类别
            self.tr("Kind"),
            #: 部门代码
            self.tr("Department code"),
            #: 所属行政区
            self.tr("District"),
            #: 联系人
            self.tr("Contact person"),
            #: 联系电话
            self.tr("Phone"),
            #: 统一社会信用代码
            self.tr("Unified social credit code"),
        ]

    def set_records(self, units: Sequence[Unit], refs: DutyRefs | None = None) -> None:
        """The units as read (detached rows of a closed session will do)."""
        if refs is not None:
            self._refs = refs
        rows = []
        for u in units:
            values = {k: getattr(u, k) for k in self.FIELDS.values()}
            for k in self.FIELDS.values():
                if k not in self.OPTIONAL:
                    values[k] = values[k] or ""
            rows.append(EditRow(u.id, u.version, values, dict(values)))
        self.set_rows(rows)

    def blank_values(self) -> dict[str, Any]:
        return {
            "name": "",
            "kind": "enterprise",
            "department_code": None,
            "district_code": None,
            "contact_person": "",
            "phone": "",
            "credit_code": "",
        }

    def text(self, values: dict[str, Any], key: str) -> str:
        if key == "kind":
            return terms().kind(values.get("kind") or "")
        if key == "district":
            code = values.get("district_code")
            return "" if code is None else self._refs.district_label(code)
        return str(values.get(self.FIELDS.get(key, key)) or "")

    def choices(self, key: str) -> list[tuple[Any, str]] | None:
        if key == "kind":
            return [(k, terms().kind(k)) for k in UNIT_KINDS]
        if key == "district":
            return [(None, "")] + [(c, self._refs.district_label(c)) for c in self._refs.districts]
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        key = self.FIELDS.get(self._columns[index.column()] if index.isValid() else "", "")
        if key in self.OPTIONAL and isinstance(value, str) and not value.strip():
            value = None  # an emptied code is no code, not an empty one
        elif key not in self.OPTIONAL and value is None:
            value = ""
        return super().setData(index, value, role)

    def problems(self, values: dict[str, Any]) -> list[str]:
        out = []
        if not (values.get("name") or "").strip():
            #: 未填单位名称
            out.append(self.tr("No name"))
        if values.get("kind") not in UNIT_KINDS:
            #: 未知的单位类别
            out.append(self.tr("Unknown kind"))
        return out


def write_pending(
    store: Store, actor: Actor, units: Sequence[EditRow], duties: Sequence[EditRow]
) -> None:
    """Write the pending unit and duty rows in one ledger transaction: all of them or none."""
    with Ledger(store, actor).edit() as tx:
        # Units first (a duty may name a renamed unit), unit deletions last (after the
        # duties that named them are gone).
        for r in units:
            if r.state == "new":
                tx.create_unit(**r.values)
            elif r.state == "changed":
                tx.update_unit(r.key, r.changes(), expected_version=r.version)
        for r in duties:
            if r.state == "deleted":
                tx.delete_duty(r.key, expected_version=r.version)
        for r in duties:
            if r.state == "new":
                tx.create_duty(**r.values)
            elif r.state == "changed":
                tx.update_duty(r.key, r.changes(), expected_version=r.version)
        for r in units:
            if r.state == "deleted":
                tx.delete_unit(r.key, expected_version=r.version)
