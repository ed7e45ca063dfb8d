"""Region → Dossier: the hazards inside, the units answering for them, the open rectifications.

What a region answers for depends on how it was chosen. A district (县区, 镇办) answers for its
own sites, by the township the ledger gives them (属地, riskmap.core.figures.Territory); the
sites of other districts whose geometry crosses into it (a road, a river) are listed apart, as
`crossing`, so the headline equals the wall's and the briefing's. A drawn shape, a circle, a
buffer or a patrol area answers for the sites its geometry meets.

One spatial query over all layers, then the ledger rows of the sites hit, read with bound
parameters in chunks, counted by the rules of riskmap.core.figures. The result is plain data: the
UI shows it, `riskmap query` prints it, a briefing lays it out.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import bindparam, select

from riskmap import terms
from riskmap.core.duties import ROLES, chunks, responsible, unit_info
from riskmap.core.figures import (
    STATUS_FILTERS,
    Counts,
    Facts,
    days_left,
    days_overdue,
    is_open,
    is_overdue,
    owned_site_ids,
    status_matches,
    status_of,
)
from riskmap.core.region import Region
from riskmap.core.workspace import Workspace
from riskmap.errors import RiskmapError
from riskmap.messages import Words
from riskmap.store.schema import (
    HAZARD_LEVELS,
    Hazard,
    Rectification,
    Site,
    Unit,
)

__all__ = ["STATUS_FILTERS", "Counts", "Dossier", "Filters", "build", "status_matches"]

# How the region's headline was answered: by the ledger's 属地, or by geometry.
BASIS_DISTRICT = "district"
BASIS_GEOMETRY = "geometry"


@dataclass(frozen=True)
class Filters:
    layers: tuple[str, ...] = ()  # empty: every layer
    levels: tuple[str, ...] = ()  # empty: general and major
    status: str = "all"
    as_of: dt.date = field(default_factory=dt.date.today)

    def __post_init__(self) -> None:
        for lvl in self.levels:
            if lvl not in HAZARD_LEVELS:
                choices = [Words(k, terms.level(k)) for k in HAZARD_LEVELS]
                raise RiskmapError.of("dossier.unknown_level", level=lvl, choices=choices)
        if self.status not in STATUS_FILTERS:
            choices = [Words(k, terms.status_filter(k)) for k in STATUS_FILTERS]
            raise RiskmapError.of("dossier.unknown_status", status=self.status, choices=choices)


@dataclass
class SiteRow:
    id: int
    layer: str
    name: str
    district_code: str | None
    county_code: str | None
    lon: float
    lat: float


@dataclass
class HazardRow:
    id: int
    site_id: int
    site_name: str
    layer: str
    level: str
    category: str
    description: str
    found_on: dt.date
    status: str
    deadline: dt.date | None
    days_left: int | None
    days_overdue: int | None
    overdue: bool
    escalation: int
    district_code: str | None
    county_code: str | None
    verified_on: dt.date | None = None

    @property
    def is_open(self) -> bool:
        return is_open(self.status)

    def facts(self) -> Facts:
        return Facts(self.level, self.found_on, self.escalation, self.status, self.deadline,
                     self.verified_on)  # fmt: skip


@dataclass
class RectificationRow:
    id: int
    hazard_id: int
    site_id: int
    site_name: str
    layer: str
    level: str
    measures: str
    deadline: dt.date
    status: str
    unit_id: int | None
    unit_name: str
    responsible_person: str
    days_left: int
    days_overdue: int
    district_code: str | None


@dataclass
class UnitRow:
    id: int
    name: str
    kind: str
    role: str
    sites: int
    open_hazards: int
    overdue: int


@dataclass
class CrossingSite:
    """A site of another district whose geometry crosses into the selected district."""

    id: int
    layer: str
    name: str
    district_code: str | None
    county_code: str | None
    counts: Counts


@dataclass
class Totals:
    overall: Counts
    by_layer: dict[str, Counts]
    by_level: dict[str, Counts]
    by_district: dict[str, Counts]  # county code → counts


@dataclass
class Dossier:
    region: Region
    filters: Filters
    sites: list[SiteRow]
    hazards: list[HazardRow]
    units: list[UnitRow]
    rectifications: list[RectificationRow]
    totals: Totals
    # BASIS_DISTRICT: the lists and totals are the district's own sites; `crossing` the others.
    basis: str = BASIS_GEOMETRY
    crossing: list[CrossingSite] = field(default_factory=list)

    @property
    def crossing_counts(self) -> Counts:
        return sum((c.counts for c in self.crossing), Counts())

    def units_by_role(self) -> dict[str, list[UnitRow]]:
        out: dict[str, list[UnitRow]] = {r: [] for r in ROLES}
        for u in self.units:
            out[u.role].append(u)
        return out

    def to_json(self) -> dict[str, Any]:
        """One JSON-able object: region, sites, hazards, units, rectifications, totals."""
        region = {
            "kind": self.region.kind,
            "label": self.region.label,
            "area_km2": round(self.region.area_km2, 3),
            "crs": self.region.crs,
            "params": self.region.params,
            "notes": list(self.region.notes),
            "basis": self.basis,
            "as_of": self.filters.as_of.isoformat(),
            "filters": {
                "layers": list(self.filters.layers),
                "levels": list(self.filters.levels),
                "status": self.filters.status,
            },
        }
        return _jsonable(
            {
                "region": region,
                "sites": [asdict(s) for s in self.sites],
                "hazards": [asdict(h) for h in self.hazards],
                "units": [asdict(u) for u in self.units],
                "rectifications": [asdict(r) for r in self.rectifications],
                "totals": asdict(self.totals),
                "crossing": [asdict(c) for c in self.crossing],
                "crossing_totals": asdict(self.crossing_counts),
            }
        )


def _jsonable(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, dt.date):
        return obj.isoformat()
    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, np.floating):
        return float(obj)
    return obj


def build(ws: Workspace, region: Region, filters: Filters | None = None) -> Dossier:
    """The dossier of everything in `region` (metric CRS of the workspace)."""
    filters = filters or Filters()
    if region.crs != ws.crs:
        raise RiskmapError.of("dossier.crs_mismatch", region_crs=region.crs, crs=ws.crs)
    hit_ids = ws.ids_in(region.geom, list(filters.layers))
    basis, crossing = BASIS_GEOMETRY, []
    if region.kind == "district" and ws.district(str(region.params.get("code", ""))):
        basis = BASIS_DISTRICT
        own = owned_site_ids(ws.store, ws.territory, region.params["code"], filters.layers)
        crossing = _crossing(ws, np.setdiff1d(hit_ids, own), filters)
        hit_ids = np.asarray(own, dtype=np.int64)

    sites = _read_sites(ws, hit_ids)
    site_by_id = {s.id: s for s in sites}
    hazards, rects = _read_ledger(ws, site_by_id, filters)
    units = _responsible_units(ws, sites, hazards)
    totals = _totals(sites, hazards, filters.as_of)
    hazards.sort(key=lambda h: (not h.overdue, h.level != "major", h.found_on, h.id))
    rects.sort(key=lambda r: (-r.days_overdue, r.days_left, r.id))
    return Dossier(region, filters, sites, hazards, units, rects, totals, basis, crossing)


def _crossing(ws: Workspace, ids: np.ndarray, filters: Filters) -> list[CrossingSite]:
    """The sites `ids` (of other districts) with their counts, most open hazards first."""
    sites = _read_sites(ws, ids)
    hazards, _rects = _read_ledger(ws, {s.id: s for s in sites}, filters)
    counts = {s.id: Counts(sites=1) for s in sites}
    for h in hazards:
        counts[h.site_id].add_hazard(h.facts(), filters.as_of)
    out = [
        CrossingSite(s.id, s.layer, s.name, s.district_code, s.county_code, counts[s.id])
        for s in sites
    ]
    out.sort(key=lambda c: (-c.counts.open, -c.counts.overdue, c.id))
    return out


def _read_sites(ws: Workspace, ids: np.ndarray) -> list[SiteRow]:
    stmt = (
        select(Site.id, Site.layer, Site.name, Site.district_code, Site.lon, Site.lat)
        .where(Site.id.in_(bindparam("ids", expanding=True)))
        .order_by(Site.id)
    )
    out: list[SiteRow] = []
    with ws.store.engine.connect() as c:
        for chunk in chunks(ids):
            for sid, layer, name, dcode, lon, lat in c.execute(stmt, {"ids": chunk}):
                out.append(SiteRow(sid, layer, name, dcode, ws.county_of(dcode), lon, lat))
    out.sort(key=lambda s: s.id)
    return out


def _read_ledger(
    ws: Workspace, site_by_id: dict[int, SiteRow], filters: Filters
) -> tuple[list[HazardRow], list[RectificationRow]]:
    as_of = filters.as_of
    stmt = (
        select(
            Hazard.id,
            Hazard.site_id,
            Hazard.level,
            Hazard.category,
            Hazard.description,
            Hazard.found_on,
            Hazard.escalation,
            Rectification.id,
            Rectification.measures,
            Rectification.deadline,
            Rectification.status,
            Rectification.unit_id,
            Rectification.responsible_person,
            Rectification.verified_on,
            Unit.name,
        )
        .outerjoin(Rectification, Rectification.hazard_id == Hazard.id)
        .outerjoin(Unit, Unit.id == Rectification.unit_id)
        .where(Hazard.site_id.in_(bindparam("ids", expanding=True)))
        .where(Hazard.found_on <= as_of)
    )
    if filters.levels:
        stmt = stmt.where(Hazard.level.in_(filters.levels))
    hazards: list[HazardRow] = []
    rects: list[RectificationRow] = []
    with ws.store.engine.connect() as c:
        for chunk in chunks(list(site_by_id)):
            for row in c.execute(stmt, {"ids": chunk}):
                (hid, sid, level, cat, desc, found, esc, rid, measures, deadline, status, uid,
                 person, verified_on, uname) = row  # fmt: skip
                status = status_of(status)
                open_ = is_open(status)
                overdue = is_overdue(status, deadline, as_of)
                if not status_matches(status, overdue, filters.status):
                    continue
                site = site_by_id[sid]
                hazards.append(
                    HazardRow(
                        id=hid,
                        site_id=sid,
                        site_name=site.name,
                        layer=site.layer,
                        level=level,
                        category=cat,
                        description=desc,
                        found_on=found,
                        status=status,
                        deadline=deadline,
                        days_left=days_left(status, deadline, as_of),
                        days_overdue=days_overdue(status, deadline, as_of),
                        overdue=overdue,
                        escalation=esc,
                        district_code=site.district_code,
                        county_code=site.county_code,
                        verified_on=verified_on,
                    )
                )
                if rid is not None and open_:
                    rects.append(
                        RectificationRow(
                            id=rid,
                            hazard_id=hid,
                            site_id=sid,
                            site_name=site.name,
                            layer=site.layer,
                            level=level,
                            measures=measures,
                            deadline=deadline,
                            status=status,
                            unit_id=uid,
                            unit_name=uname or "",
                            responsible_person=person,
                            days_left=days_left(status, deadline, as_of) or 0,
                            days_overdue=days_overdue(status, deadline, as_of) or 0,
                            district_code=site.district_code,
                        )
                    )
    return hazards, rects


def _responsible_units(
    ws: Workspace, sites: list[SiteRow], hazards: list[HazardRow]
) -> list[UnitRow]:
    """Units grouped by role, each with the sites it answers for and their open / overdue counts."""
    open_by_site: dict[int, int] = defaultdict(int)
    overdue_by_site: dict[int, int] = defaultdict(int)
    for h in hazards:
        if h.is_open:
            open_by_site[h.site_id] += 1
        if h.overdue:
            overdue_by_site[h.site_id] += 1
    members = responsible(ws, ((s.id, s.layer, s.district_code) for s in sites))
    info = unit_info(ws, (uid for uid, _ in members))
    rows = [
        UnitRow(
            id=uid,
            name=info[uid][0],
            kind=info[uid][1],
            role=role,
            sites=len(sids),
            open_hazards=sum(open_by_site.get(s, 0) for s in sids),
            overdue=sum(overdue_by_site.get(s, 0) for s in sids),
        )
        for (uid, role), sids in members.items()
    ]
    rows.sort(key=lambda u: (ROLES.index(u.role), -u.overdue, -u.open_hazards, -u.sites, u.id))
    return rows


def _totals(sites: Iterable[SiteRow], hazards: Iterable[HazardRow], as_of: dt.date) -> Totals:
    overall = Counts()
    by_layer: dict[str, Counts] = defaultdict(Counts)
    by_level: dict[str, Counts] = {lvl: Counts() for lvl in HAZARD_LEVELS}
    by_district: dict[str, Counts] = defaultdict(Counts)
    for s in sites:
        overall.sites += 1
        by_layer[s.layer].sites += 1
        by_district[s.county_code or ""].sites += 1
    for h in hazards:
        facts = h.facts()
        buckets = (overall, by_layer[h.layer], by_level[h.level], by_district[h.county_code or ""])
        for b in buckets:
            b.add_hazard(facts, as_of)
    return Totals(
        overall=overall,
        by_layer=dict(sorted(by_layer.items())),
        by_level=by_level,
        by_district=dict(sorted(by_district.items())),
    )
