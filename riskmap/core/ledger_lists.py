"""The lists an admin or an editor keeps beside the ledger: units (责任单位), duties (责任清单),
patrol areas (巡查区域) and users. `LedgerTx` inherits `_ListsMixin`: every method checks its rules
and flushes, so a refused edit raises at the call; the audit trail and the role checks come from
the store's flush hooks. This module does not import `riskmap.core.ledger`, which imports it.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING, Any

import shapely
from sqlalchemy import func, select

from riskmap.core.accounts import set_password
from riskmap.core.catalog import PRESET_KEYS
from riskmap.errors import LedgerError
from riskmap.messages import words
from riskmap.store.schema import (
    DUTY_ROLES,
    UNIT_KINDS,
    USER_ROLES,
    District,
    Duty,
    PatrolArea,
    Rectification,
    Resource,
    Site,
    Unit,
    User,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy.orm import Session

    from riskmap.store.access import Actor

UNIT_FIELDS = (
    "name",
    "kind",
    "department_code",
    "district_code",
    "contact_person",
    "phone",
    "credit_code",
)
DUTY_FIELDS = ("unit_id", "role", "layer", "site_id", "district_code", "note")
PATROL_FIELDS = (
    "name",
    "kind",
    "geom",
    "buffer_m",
    "team",
    "unit_id",
    "starts_on",
    "ends_on",
    "preset",
    "note",
)


class _ListsMixin:
    s: Session
    actor: Actor

    if TYPE_CHECKING:

        def _get(self, model: type[Any], row_id: int, expected_version: int | None) -> Any: ...

        def _apply(self, obj: Any, values: dict[str, Any], allowed: Sequence[str]) -> None: ...

    def create_unit(self, **values: Any) -> int:
        u = Unit(contact_person="", phone="", credit_code="")
        self._apply(u, values, UNIT_FIELDS)
        self._check_unit(u)
        self.s.add(u)
        self.s.flush()
        return u.id

    def update_unit(
        self, unit_id: int, changes: dict[str, Any], expected_version: int | None = None
    ) -> None:
        u = self._get(Unit, unit_id, expected_version)
        self._apply(u, changes, UNIT_FIELDS)
        self._check_unit(u)
        self.s.flush()

    def delete_unit(self, unit_id: int, expected_version: int | None = None) -> None:
        u = self._get(Unit, unit_id, expected_version)
        used = sum(
            self.s.scalar(select(func.count()).where(col == unit_id)) or 0
            for col in (
                Duty.unit_id,
                Rectification.unit_id,
                PatrolArea.unit_id,
                Resource.unit_id,
                User.unit_id,
            )
        )
        if used:
            raise LedgerError.of("lists.unit_in_use", unit=u.name, count=used)
        self.s.delete(u)
        self.s.flush()

    def _check_unit(self, u: Unit) -> None:
        if not (u.name or "").strip():
            raise LedgerError.of("lists.unit_name")
        if u.kind not in UNIT_KINDS:
            raise LedgerError.of("lists.unit_kind", choices=list(UNIT_KINDS))
        if u.district_code is not None and self.s.get(District, u.district_code) is None:
            raise LedgerError.of("lists.no_district", code=u.district_code)
        code = (u.credit_code or "").strip()
        if code:
            # 统一社会信用代码 identifies one legal entity: two units with one code is a typo.
            other = self.s.scalar(
                select(Unit.name).where(Unit.credit_code == code, Unit.id != u.id).limit(1)
            )
            if other is not None:
                raise LedgerError.of("lists.credit_code_taken", code=code, unit=other)

    def create_duty(self, **values: Any) -> int:
        d = Duty(note="")
        self._apply(d, values, DUTY_FIELDS)
        self._check_duty(d)
        self.s.add(d)
        self.s.flush()
        return d.id

    def update_duty(
        self, duty_id: int, changes: dict[str, Any], expected_version: int | None = None
    ) -> None:
        d = self._get(Duty, duty_id, expected_version)
        self._apply(d, changes, DUTY_FIELDS)
        self._check_duty(d)
        self.s.flush()

    def delete_duty(self, duty_id: int, expected_version: int | None = None) -> None:
        self.s.delete(self._get(Duty, duty_id, expected_version))
        self.s.flush()

    def _check_duty(self, d: Duty) -> None:
        if d.role not in DUTY_ROLES:
            raise LedgerError.of("lists.duty_role", choices=list(DUTY_ROLES), role=d.role)
        if d.unit_id is None or self.s.get(Unit, d.unit_id) is None:
            raise LedgerError.of("ledger.no_row", entity=words.entity("unit"), id=d.unit_id)
        if d.site_id is not None and self.s.get(Site, d.site_id) is None:
            raise LedgerError.of("ledger.no_row", entity=words.entity("site"), id=d.site_id)
        if d.site_id is None and d.layer is None and d.district_code is None:
            raise LedgerError.of("lists.duty_scope")
        if d.layer is not None and d.layer not in _layer_keys():
            raise LedgerError.of("lists.unknown_layer", layer=d.layer)
        if d.district_code is not None and self.s.get(District, d.district_code) is None:
            raise LedgerError.of("lists.no_district", code=d.district_code)
        if d.site_id is not None and d.layer is not None:
            site_layer = self.s.scalar(select(Site.layer).where(Site.id == d.site_id))
            if site_layer != d.layer:
                raise LedgerError.of(
                    "lists.site_layer", id=d.site_id, layer=site_layer, wanted=d.layer
                )

    def create_patrol_area(self, **values: Any) -> int:
        p = PatrolArea(team="", buffer_m=0.0, kind="area")
        self._apply(p, values, PATROL_FIELDS)
        self._check_patrol(p)
        self.s.add(p)
        self.s.flush()
        return p.id

    def update_patrol_area(
        self, area_id: int, changes: dict[str, Any], expected_version: int | None = None
    ) -> None:
        p = self._get(PatrolArea, area_id, expected_version)
        self._apply(p, changes, PATROL_FIELDS)
        self._check_patrol(p)
        self.s.flush()

    def delete_patrol_area(self, area_id: int, expected_version: int | None = None) -> None:
        self.s.delete(self._get(PatrolArea, area_id, expected_version))
        self.s.flush()

    def _check_patrol(self, p: PatrolArea) -> None:
        if not (p.name or "").strip():
            raise LedgerError.of("lists.patrol_name")
        if p.kind not in ("area", "route"):
            raise LedgerError.of("lists.patrol_kind")
        if p.geom is None or p.geom.is_empty:
            raise LedgerError.of("lists.patrol_geometry")
        if p.starts_on and p.ends_on and p.ends_on < p.starts_on:
            raise LedgerError.of("lists.patrol_dates", ends=p.ends_on, starts=p.starts_on)
        dims = shapely.get_dimensions(p.geom)
        if p.kind == "area" and dims != 2:
            raise LedgerError.of("lists.patrol_polygon")
        if p.kind == "route":
            if dims != 1:
                raise LedgerError.of("lists.patrol_line")
            if not (p.buffer_m or 0) > 0:
                raise LedgerError.of("lists.patrol_width")
        if (p.buffer_m or 0) < 0:
            raise LedgerError.of("lists.patrol_width_negative")
        if not p.geom.is_valid:
            reason = shapely.is_valid_reason(p.geom)
            raise LedgerError.of("lists.patrol_invalid", detail=reason)
        if p.preset is not None and p.preset not in PRESET_KEYS:
            raise LedgerError.of("lists.unknown_preset", preset=p.preset)
        if p.unit_id is not None and self.s.get(Unit, p.unit_id) is None:
            raise LedgerError.of("ledger.no_row", entity=words.entity("unit"), id=p.unit_id)

    def set_user(
        self,
        name: str,
        role: str,
        display_name: str = "",
        unit_id: int | None = None,
        active: bool = True,
    ) -> None:
        if role not in USER_ROLES:
            raise LedgerError.of(
                "lists.user_role", choices=[words.role(r) for r in USER_ROLES], role=role
            )
        if not name.strip():
            raise LedgerError.of("lists.user_name")
        u = self.s.get(User, name)
        if u is None:
            u = User(name=name, created_at=dt.datetime.now(dt.UTC).replace(tzinfo=None))
            self.s.add(u)
        if u.name == self.actor.name and (role != "admin" or not active):
            raise LedgerError.of("lists.self_demotion")
        if u.role == "admin" and (role != "admin" or not active):
            admins = self.s.scalar(
                select(func.count()).where(User.role == "admin", User.active.is_(True))
            )
            if (admins or 0) <= 1:
                raise LedgerError.of("lists.last_admin", user=name)
        u.role, u.display_name, u.unit_id, u.active = role, display_name or name, unit_id, active
        self.s.flush()

    def set_password(self, name: str, new: str, old: str | None = None) -> None:
        """Set `name`'s password in this transaction (riskmap.core.accounts.set_password)."""
        set_password(self.s, self.actor, name, new, old)


@functools.cache
def _layer_keys() -> frozenset[str]:
    from riskmap.core.catalog import load_catalog

    return frozenset(load_catalog().keys())
