"""Units, districts and layers by id and by name (DutyRefs), and the duties as the lists
show them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import bindparam, select

from riskmap.core.catalog import Catalog, load_catalog
from riskmap.io.duties_xlsx.columns import _ROLE_ALIASES, ALL_LAYERS, ROLE_WORDS, WHOLE_CITY
from riskmap.store.engine import Store
from riskmap.store.schema import District, Duty, Site, Unit

_SEPARATORS = re.compile(r"[\s/·\-—]+")
_CHUNK = 5000


@dataclass(frozen=True)
class UnitRef:
    id: int
    name: str
    kind: str
    credit_code: str
    district_code: str | None


@dataclass(frozen=True)
class DistrictRef:
    code: str
    name: str
    level: str
    parent_code: str | None


@dataclass(frozen=True)
class DutyRecord:
    """One duty as the lists show it, with its site's name, layer and township."""

    id: int
    version: int
    unit_id: int
    role: str
    layer: str | None
    site_id: int | None
    district_code: str | None
    note: str
    site_name: str = ""
    site_layer: str | None = None
    site_district: str | None = None

    @property
    def kind(self) -> str:
        return "enterprise" if self.site_id is not None else "department"


class Refusal(ValueError):
    """One reason a row cannot be imported (Chinese, shown to the user)."""


def _norm(text: str) -> str:
    return _SEPARATORS.sub("", text)


@dataclass
class DutyRefs:
    """Units, districts and layers by id and by the names a list uses for them."""

    units: dict[int, UnitRef]
    districts: dict[str, DistrictRef]
    layers: dict[str, str]  # key → Chinese name, in catalog order
    _unit_names: dict[str, list[int]] = field(default_factory=dict, repr=False)
    _credit: dict[str, list[int]] = field(default_factory=dict, repr=False)
    _district_keys: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _layer_keys: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for u in self.units.values():
            self._unit_names.setdefault(u.name, []).append(u.id)
            if u.credit_code:
                self._credit.setdefault(u.credit_code, []).append(u.id)
        for d in self.districts.values():
            for word in {d.name, self.district_label(d.code), d.code}:
                codes = self._district_keys.setdefault(_norm(word), [])
                if d.code not in codes:
                    codes.append(d.code)
        for key, name in self.layers.items():
            self._layer_keys[key] = key
            self._layer_keys[name] = key

    @classmethod
    def load(cls, store: Store, catalog: Catalog | None = None) -> DutyRefs:
        catalog = catalog if catalog is not None else load_catalog()
        with store.session() as s:
            units = {
                u.id: UnitRef(u.id, u.name, u.kind, u.credit_code or "", u.district_code)
                for u in s.scalars(select(Unit).order_by(Unit.id))
            }
            districts = {
                code: DistrictRef(code, name, level, parent)
                for code, name, level, parent in s.execute(
                    select(
                        District.code, District.name, District.level, District.parent_code
                    ).order_by(District.code)
                )
            }
        return cls(units, districts, {k: spec.name_zh for k, spec in catalog.items()})

    # -- ids → words ------------------------------------------------------------------------

    def unit_label(self, unit_id: int | None) -> str:
        """The name, with the credit code when another unit has the same name."""
        u = self.units.get(unit_id) if unit_id is not None else None
        if u is None:
            return ""
        if len(self._unit_names.get(u.name, ())) > 1 and u.credit_code:
            return f"{u.name}（{u.credit_code}）"
        return u.name

    def layer_label(self, key: str | None) -> str:
        return ALL_LAYERS if key is None else self.layers.get(key, key)

    def district_label(self, code: str | None) -> str:
        """全市 for no district; a township with its county before it (东川县城关镇)."""
        if code is None:
            return WHOLE_CITY
        d = self.districts.get(code)
        if d is None:
            return code
        parent = self.districts.get(d.parent_code or "")
        if d.level == "township" and parent is not None:
            return f"{parent.name}{d.name}"
        return d.name

    # -- words → ids (the import) --------------------------------------------------------------

    def resolve_unit(self, name: str, credit_code: str) -> int:
        if credit_code:
            ids = self._credit.get(credit_code, [])
            if not ids:
                raise Refusal(f"未知的统一社会信用代码“{credit_code}”")
            # The core does not keep credit codes unique; a shared one settles nothing.
            named = [i for i in ids if not name or self.units[i].name == name] or ids
            if len(named) > 1:
                raise Refusal(f"统一社会信用代码“{credit_code}”属于{len(named)}个单位")
            uid = named[0]
            if name and self.units[uid].name != name:
                raise Refusal(
                    f"统一社会信用代码“{credit_code}”属于“{self.units[uid].name}”，"
                    f"与责任单位“{name}”不符"
                )
            return uid
        if not name:
            raise Refusal("缺少责任单位")
        ids = self._unit_names.get(name, [])
        if not ids:
            raise Refusal(f"未知的责任单位“{name}”")
        if len(ids) > 1:
            raise Refusal(f"有{len(ids)}个单位名为“{name}”，请填写统一社会信用代码")
        return ids[0]

    def resolve_layer(self, text: str) -> str | None:
        if not text or text == ALL_LAYERS:
            return None
        key = self._layer_keys.get(text)
        if key is None:
            raise Refusal(f"未知的图层“{text}”")
        return key

    def resolve_district(self, text: str, code: str) -> str | None:
        if code:
            if code not in self.districts:
                raise Refusal(f"未知的区划代码“{code}”")
            if text and code not in self._district_keys.get(_norm(text), []):
                raise Refusal(f"区划代码“{code}”是{self.district_label(code)}，与区域“{text}”不符")
            return code
        if not text or text == WHOLE_CITY:
            return None
        codes = self._district_keys.get(_norm(text), [])
        if not codes:
            raise Refusal(f"未知的区域“{text}”")
        if len(codes) > 1:
            names = "、".join(self.district_label(c) for c in codes)
            raise Refusal(f"区域“{text}”不唯一（{names}），请写全称或填写区划代码")
        return codes[0]


def _resolve_role(text: str) -> str:
    if not text:
        raise Refusal("缺少责任类型")
    word = text.strip()
    for code, short in ROLE_WORDS.items():
        if word in (code, short, f"{short}责任"):
            return code
    if word in _ROLE_ALIASES:
        return _ROLE_ALIASES[word]
    raise Refusal(f"未知的责任类型“{text}”（可填：{'、'.join(ROLE_WORDS.values())}）")


def load_duties(store: Store) -> list[DutyRecord]:
    """Every duty in id order, with its site's name, layer and district."""
    stmt = (
        select(
            Duty.id,
            Duty.version,
            Duty.unit_id,
            Duty.role,
            Duty.layer,
            Duty.site_id,
            Duty.district_code,
            Duty.note,
            Site.name,
            Site.layer,
            Site.district_code,
        )
        .outerjoin(Site, Site.id == Duty.site_id)
        .order_by(Duty.id)
    )
    with store.engine.connect() as c:
        return [
            DutyRecord(i, v, u, r, lay, sid, dc, note or "", sn or "", sl, sd)
            for i, v, u, r, lay, sid, dc, note, sn, sl, sd in c.execute(stmt)
        ]


def site_info(store: Store, ids: Iterable[int]) -> dict[int, tuple[str, str, str | None]]:
    """site id → (name, layer, district code) for the given ids that exist."""
    ids = sorted(set(ids))
    out: dict[int, tuple[str, str, str | None]] = {}
    stmt = select(Site.id, Site.name, Site.layer, Site.district_code).where(
        Site.id.in_(bindparam("ids", expanding=True))
    )
    with store.engine.connect() as c:
        for i in range(0, len(ids), _CHUNK):
            for sid, name, layer, code in c.execute(stmt, {"ids": ids[i : i + _CHUNK]}):
                out[sid] = (name, layer, code)
    return out
