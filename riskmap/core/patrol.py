"""Patrol areas (巡查区域) and the coverage check: which high-risk sites no patrol reaches.

A patrol area is a polygon, or a route with a corridor width (`buffer_m`); it is active in a
window when its own dates meet the window. The high-risk sites are those a planner must not
leave uncovered over a holiday:

- sites with an open major hazard (重大隐患 not yet 销号);
- hazardous-chemical plants that are major hazard sources of class 1 or 2 (一级、二级重大危险源);
- forest zones of the top fire-danger class;
- geological-hazard points threatening 100 people or more (险情中型及以上: the grading of the
  geological-hazard rules puts 100–500 people at medium, below that small).

A site is covered when its geometry meets the coverage of an active patrol area.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely
from sqlalchemy import select

from riskmap.core.figures import RULES, found_sql
from riskmap.core.presets import Window
from riskmap.core.region import patrol_ground
from riskmap.core.workspace import Workspace
from riskmap.store.engine import Store
from riskmap.store.schema import Hazard, PatrolArea, Rectification, Site

# Why a site is high-risk; the UI and the exports translate these codes.
REASONS = ("major_hazard", "chemical_class", "top_fire_class", "people_at_risk")
CHEMICAL_CLASSES = (1, 2)
PEOPLE_AT_RISK_MIN = 100


@dataclass(frozen=True)
class Patrol:
    id: int
    name: str
    kind: str  # area | route
    geom: shapely.Geometry
    buffer_m: float
    team: str
    unit_id: int | None
    starts_on: dt.date | None
    ends_on: dt.date | None
    preset: str | None
    crs: str  # the database's metric CRS: the corridor is ground metres in it
    note: str = ""
    version: int = 1

    @property
    def coverage(self) -> shapely.Geometry:
        """The ground it covers: the same rule as the patrol's dossier region
        (Region.from_patrol_area), so what the check counts is what "what it covers" lists."""
        return patrol_ground(self.geom, self.buffer_m, self.crs)


@dataclass(frozen=True)
class HighRiskSite:
    site_id: int
    layer: str
    name: str
    district_code: str | None
    reasons: tuple[str, ...]
    x: float  # a representative point in the metric CRS (to fly to, to start drawing at)
    y: float


@dataclass
class Coverage:
    window: Window
    patrols: list[Patrol]  # those active in the window
    high_risk: list[HighRiskSite]
    covered: dict[int, list[int]] = field(default_factory=dict)  # site id → patrol ids

    @property
    def gaps(self) -> list[HighRiskSite]:
        return [s for s in self.high_risk if s.site_id not in self.covered]


def load_patrols(store: Store) -> list[Patrol]:
    with store.session() as s:
        rows = list(s.scalars(select(PatrolArea).order_by(PatrolArea.id)))
    return [_patrol(p, store.crs) for p in rows]


def _patrol(p: PatrolArea, crs: str) -> Patrol:
    return Patrol(
        id=p.id,
        name=p.name,
        kind=p.kind,
        geom=p.geom,
        buffer_m=float(p.buffer_m or 0.0),
        team=p.team,
        unit_id=p.unit_id,
        starts_on=p.starts_on,
        ends_on=p.ends_on,
        preset=p.preset,
        crs=crs,
        note=p.note or "",
        version=p.version,
    )


def active_patrols(patrols: list[Patrol], window: Window) -> list[Patrol]:
    return [p for p in patrols if window.overlaps(p.starts_on, p.ends_on)]


def high_risk_sites(ws: Workspace, as_of: dt.date) -> list[HighRiskSite]:
    """Every high-risk site of the city, with its reasons, by site id."""
    reasons: dict[int, list[str]] = {}
    spec = ws.catalog.get("forest_fire")
    top_fire = max(_choices(spec, "fire_class"), default=5)
    with ws.store.session() as s:
        major = s.execute(
            select(Hazard.site_id)
            .outerjoin(Rectification, Rectification.hazard_id == Hazard.id)
            .where(found_sql(as_of), RULES["major_open"].sql(as_of))
            .distinct()
        ).scalars()
        for sid in major:
            reasons.setdefault(int(sid), []).append("major_hazard")
        for sid, layer, attrs in s.execute(
            select(Site.id, Site.layer, Site.attrs).where(
                Site.layer.in_(("chemical_plants", "forest_fire", "geohazards"))
            )
        ):
            attrs = attrs or {}
            if layer == "chemical_plants" and attrs.get("hazard_class") in CHEMICAL_CLASSES:
                reasons.setdefault(sid, []).append("chemical_class")
            elif layer == "forest_fire" and attrs.get("fire_class") == top_fire:
                reasons.setdefault(sid, []).append("top_fire_class")
            elif (
                layer == "geohazards" and _int(attrs.get("threatened_people")) >= PEOPLE_AT_RISK_MIN
            ):
                reasons.setdefault(sid, []).append("people_at_risk")
        ids = sorted(reasons)
        info = (
            {
                sid: (layer, name, code)
                for sid, layer, name, code in s.execute(
                    select(Site.id, Site.layer, Site.name, Site.district_code).where(
                        Site.id.in_(ids)
                    )
                )
            }
            if ids
            else {}
        )
    out = []
    geoms = ws.geometries(list(ids))
    for sid in ids:
        layer, name, code = info[sid]
        pt = geoms[sid].representative_point()
        order = sorted(set(reasons[sid]), key=REASONS.index)
        out.append(HighRiskSite(sid, layer, name, code, tuple(order), pt.x, pt.y))
    return out


def _choices(spec: Any, key: str) -> list[Any]:
    if spec is None:
        return []
    for f in spec.fields:
        if f.key == key:
            return [c for c in (f.choices or []) if isinstance(c, int | float)]
    return []


def coverage(
    ws: Workspace, window: Window, as_of: dt.date | None = None, patrols: list[Patrol] | None = None
) -> Coverage:
    """The high-risk sites and the active patrol areas of `window` that cover each."""
    as_of = as_of or window.start
    active = active_patrols(patrols if patrols is not None else load_patrols(ws.store), window)
    sites = high_risk_sites(ws, as_of)
    result = Coverage(window, active, sites)
    if not sites or not active:
        return result
    found = ws.geometries([s.site_id for s in sites])
    geoms = np.array([found[s.site_id] for s in sites], dtype=object)
    for p in active:
        area = p.coverage
        shapely.prepare(area)
        hit = shapely.intersects(area, geoms)
        for i in np.flatnonzero(hit):
            result.covered.setdefault(sites[i].site_id, []).append(p.id)
    return result


def _int(v: Any) -> int:
    try:
        return int(v)
    except (TypeError, ValueError):
        return 0
