"""Everything about one site: fields, hazards with their rectifications, and who answers for it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from riskmap.core.duties import ROLES, responsible, unit_info
from riskmap.core.figures import CHUNK, days_overdue, status_of
from riskmap.core.workspace import Workspace
from riskmap.errors import RiskmapError
from riskmap.messages import words
from riskmap.store.engine import Store
from riskmap.store.schema import Hazard, Rectification, Site, Unit


@dataclass
class FieldValue:
    key: str
    label: str
    value: object
    unit: str = ""


@dataclass
class SiteHazard:
    id: int
    level: str
    category: str
    description: str
    found_on: dt.date
    status: str
    deadline: dt.date | None
    days_overdue: int | None
    measures: str
    unit_name: str
    responsible_person: str
    escalation: int
    # What the workflow needs: which order, at which version, who did what and when.
    escalated_on: dt.date | None = None
    hazard_version: int = 1
    rect_id: int | None = None
    rect_version: int | None = None
    unit_id: int | None = None
    funds: float | None = None
    found_by: str = ""
    submitted_by: str | None = None
    submitted_on: dt.date | None = None
    verified_by: str | None = None
    verified_on: dt.date | None = None
    review_note: str = ""


@dataclass
class SiteDetail:
    id: int
    layer: str
    layer_name: str
    name: str
    address: str
    lon: float
    lat: float
    districts: list[str]  # names, township first
    fields: list[FieldValue]
    hazards: list[SiteHazard]
    units: dict[str, list[str]]  # role → unit names (the accountability chain)
    as_of: dt.date | None = None  # the day the hazards' overdue days count to


def site_detail(
    ws: Workspace, site_id: int, lang: str = "zh", as_of: dt.date | None = None
) -> SiteDetail:
    """The detail of one site; RiskmapError when it does not exist."""
    as_of = as_of or dt.date.today()
    zh = lang.startswith("zh")
    with ws.store.session() as s:
        site = s.get(Site, site_id)
        if site is None:
            raise RiskmapError.of("ledger.no_row", entity=words.entity("site"), id=site_id)
        rows = s.execute(
            select(Hazard, Rectification, Unit.name)
            .outerjoin(Rectification, Rectification.hazard_id == Hazard.id)
            .outerjoin(Unit, Unit.id == Rectification.unit_id)
            .where(Hazard.site_id == site_id)
            .order_by(Hazard.found_on.desc(), Hazard.id)
        ).all()
    spec = ws.catalog.get(site.layer)
    fields: list[FieldValue] = []
    attrs = dict(site.attrs or {})
    if spec is not None:
        for f in spec.fields:
            if f.key in attrs:
                fields.append(FieldValue(f.key, f.zh if zh else f.en, attrs.pop(f.key), f.unit))
    fields.extend(FieldValue(k, k, v) for k, v in sorted(attrs.items()))
    hazards = []
    for h, r, uname in rows:
        status = status_of(r.status if r is not None else None)
        deadline = r.deadline if r is not None else None
        hazards.append(
            SiteHazard(
                id=h.id,
                level=h.level,
                category=h.category,
                description=h.description,
                found_on=h.found_on,
                status=status,
                deadline=deadline,
                days_overdue=days_overdue(status, deadline, as_of),
                measures=r.measures if r is not None else "",
                unit_name=uname or "",
                responsible_person=r.responsible_person if r is not None else "",
                escalation=h.escalation,
                escalated_on=h.escalated_on,
                hazard_version=h.version,
                rect_id=r.id if r is not None else None,
                rect_version=r.version if r is not None else None,
                unit_id=r.unit_id if r is not None else None,
                funds=r.funds if r is not None else None,
                found_by=h.found_by,
                submitted_by=r.submitted_by if r is not None else None,
                submitted_on=r.submitted_on if r is not None else None,
                verified_by=r.verified_by if r is not None else None,
                verified_on=r.verified_on if r is not None else None,
                review_note=r.review_note if r is not None else "",
            )
        )
    members = responsible(ws, [(site.id, site.layer, site.district_code)])
    info = unit_info(ws, (uid for uid, _ in members))
    units: dict[str, list[str]] = {role: [] for role in ROLES}
    for uid, role in sorted(members, key=lambda p: (ROLES.index(p[1]), p[0])):
        units[role].append(info[uid][0])
    names = []
    for code in ws.ancestors(site.district_code):
        rec = ws.district(code)
        if rec is not None:
            names.append(rec.name)
    return SiteDetail(
        id=site.id,
        layer=site.layer,
        layer_name=spec.name(lang) if spec else site.layer,
        name=site.name,
        address=site.address,
        lon=site.lon,
        lat=site.lat,
        districts=names,
        fields=fields,
        hazards=hazards,
        units=units,
        as_of=as_of,
    )


def site_names(store: Store, ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """(layer key, name) of those of `ids` that are sites."""
    wanted = sorted({int(i) for i in ids})
    out: dict[int, tuple[str, str]] = {}
    with store.engine.connect() as c:
        for i in range(0, len(wanted), CHUNK):
            stmt = select(Site.id, Site.layer, Site.name).where(Site.id.in_(wanted[i : i + CHUNK]))
            out.update({int(s): (str(k), str(n)) for s, k, n in c.execute(stmt)})
    return out


def site_refs(store: Store) -> dict[int, tuple[str, str, str | None]]:
    """(name, layer key, district code) of every site, by id."""
    stmt = select(Site.id, Site.name, Site.layer, Site.district_code).order_by(Site.id)
    with store.engine.connect() as c:
        return {int(s): (str(n), str(k), code) for s, n, k, code in c.execute(stmt)}


def layer_site_ids(store: Store, layer: str) -> list[int]:
    """The ids of a layer's sites, ascending."""
    stmt = select(Site.id).where(Site.layer == layer).order_by(Site.id)
    with store.engine.connect() as c:
        return [int(s) for s in c.execute(stmt).scalars()]
