"""The incident view: what lies around a point, ring by ring, and the nearest help of each kind.

Distances are exact, on the ground (the map's distance over its scale factor there), from the
incident point to each site's geometry (the nearest point of a road or a forest zone, not its
centre). Rings are bands: with rings of 1, 3
and 5 km a site 2.9 km away is in the 1–3 km band, one 3.1 km away in the 3–5 km band. Inside a
band schools come first, then hospitals, then the other crowded places, then the rest by layer;
fields marked `people = true` in the layer files (students, beds, employees, people threatened)
are summed.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import shapely
from sqlalchemy import select

from riskmap.core.crs import ground_metres, map_metres, xy_to_lonlat
from riskmap.core.duties import chunks
from riskmap.core.workspace import Workspace
from riskmap.errors import RiskmapError
from riskmap.messages import words
from riskmap.store.schema import RESOURCE_KINDS, Resource, Site

DEFAULT_RINGS_M = (1000.0, 3000.0, 5000.0)
MAX_RING_M = 100_000.0
# Inside a ring: the places where people cannot get themselves out come first.
VENUE_PRIORITY = {"school": 0, "hospital": 1}


@dataclass(frozen=True)
class RingSite:
    site_id: int
    layer: str
    name: str
    kind: str  # the site's own kind (school, hospital, landslide…), "" when its layer has none
    distance_m: float
    people: int
    district_code: str | None


@dataclass
class RingLayer:
    layer: str
    sites: list[RingSite] = field(default_factory=list)

    @property
    def people(self) -> int:
        return sum(s.people for s in self.sites)


@dataclass
class Ring:
    inner_m: float
    outer_m: float
    layers: list[RingLayer] = field(default_factory=list)

    @property
    def sites(self) -> list[RingSite]:
        return [s for g in self.layers for s in g.sites]

    @property
    def people(self) -> int:
        return sum(g.people for g in self.layers)


@dataclass(frozen=True)
class NearResource:
    site_id: int
    name: str
    kind: str
    distance_m: float
    capacity: int
    capacity_unit: str
    contact: str


@dataclass
class IncidentReport:
    x: float
    y: float
    lon: float
    lat: float
    crs: str
    site_id: int | None  # the site picked as the incident, if one was
    site_name: str
    rings: list[Ring]
    resources: dict[str, list[NearResource]]  # kind → nearest first
    as_of: dt.date

    @property
    def total_sites(self) -> int:
        return sum(len(r.sites) for r in self.rings)


def check_rings(rings_m: Sequence[float]) -> tuple[float, ...]:
    """Sorted, distinct, positive radii in metres; RiskmapError otherwise."""
    out = sorted({float(r) for r in rings_m})
    if not out:
        raise RiskmapError.of("incident.no_rings")
    for r in out:
        if not math.isfinite(r) or r <= 0:
            raise RiskmapError.of("incident.ring_positive", radius=r)
        if r > MAX_RING_M:
            raise RiskmapError.of("incident.ring_too_big", km=r / 1000, max_km=MAX_RING_M / 1000)
    return tuple(out)


def incident_report(
    ws: Workspace,
    x: float,
    y: float,
    rings_m: Sequence[float] = DEFAULT_RINGS_M,
    k: int = 3,
    site_id: int | None = None,
    as_of: dt.date | None = None,
) -> IncidentReport:
    """Sites around (x, y) by ring and layer, and the `k` nearest resources of each kind."""
    if not (math.isfinite(x) and math.isfinite(y)):
        raise RiskmapError.of("incident.point_not_finite", x=x, y=y)
    if k < 1:
        raise RiskmapError.of("incident.k", k=k)
    radii = check_rings(rings_m)
    point = shapely.Point(x, y)
    # Candidates from the index by a square a little wider than the outer ring; then exact.
    # Rings are ground metres: the map around (x, y) is stretched by its scale factor.
    outer = map_metres(radii[-1], ws.crs, x, y)
    box = shapely.box(x - outer - 1, y - outer - 1, x + outer + 1, y + outer + 1)
    if ws.spatial is not None:  # PostGIS: ST_DWithin on the GiST index
        ids, dist, keys = ws.spatial.within(point, outer)
        keep = np.array([k != "resources" for k in keys], dtype=bool)
    else:
        resources_code = _code(ws, "resources")
        ids = ws.index.query(box)
        geoms = np.array([ws.index.geometry(int(i)) for i in ids], dtype=object)
        dist = shapely.distance(point, geoms) if len(ids) else np.zeros(0)
        layers = np.array([ws.index.layer_of(int(i)) for i in ids], dtype=np.int64)
        keep = (dist <= outer) & (layers != resources_code)
    ids, dist = ids[keep], ground_metres(np.asarray(dist, dtype=float)[keep], ws.crs, x, y)
    rows = _site_rows(ws, [int(i) for i in ids])
    rings = [Ring(inner, r) for inner, r in zip((0.0, *radii[:-1]), radii, strict=True)]
    band = np.searchsorted(np.array(radii), dist, side="left")
    people_fields = _people_fields(ws)
    per_ring: list[dict[str, list[RingSite]]] = [{} for _ in rings]
    for sid, d, b in zip(ids, dist, band, strict=True):
        row = rows.get(int(sid))
        if row is None:
            continue  # deleted by another client since this workspace was loaded
        layer, name, code, attrs = row
        people = sum(_int(attrs.get(f)) for f in people_fields.get(layer, ()))
        site = RingSite(int(sid), layer, name, str(attrs.get("kind", "")), float(d), people, code)
        per_ring[int(b)].setdefault(layer, []).append(site)
    order = {key: i for i, key in enumerate(ws.catalog.keys())}
    for ring, groups in zip(rings, per_ring, strict=True):
        for layer in sorted(groups, key=lambda key: (_layer_rank(key), order.get(key, 99), key)):
            sites = sorted(groups[layer], key=lambda s: (_site_rank(s), s.distance_m, s.site_id))
            ring.layers.append(RingLayer(layer, sites))
    lon, lat = xy_to_lonlat(np.array([x]), np.array([y]), ws.crs)
    name = ""
    if site_id is not None:
        with ws.store.session() as s:
            site = s.get(Site, site_id)
            if site is None:
                raise RiskmapError.of("ledger.no_row", entity=words.entity("site"), id=site_id)
            name = site.name
    return IncidentReport(
        x=x,
        y=y,
        lon=float(lon[0]),
        lat=float(lat[0]),
        crs=ws.crs,
        site_id=site_id,
        site_name=name,
        rings=rings,
        resources=nearest_resources(ws, x, y, k),
        as_of=as_of or dt.date.today(),
    )


def nearest_resources(
    ws: Workspace, x: float, y: float, k: int = 3
) -> dict[str, list[NearResource]]:
    """The `k` nearest resources of each kind, by exact distance (ties by site id)."""
    stmt = select(
        Resource.site_id,
        Resource.kind,
        Resource.capacity,
        Resource.capacity_unit,
        Resource.contact,
        Site.name,
    ).join(Site, Site.id == Resource.site_id)
    out: dict[str, list[NearResource]] = {kind: [] for kind in RESOURCE_KINDS}
    if ws.spatial is not None:  # PostGIS: KNN (`<->`) per kind
        with ws.store.session() as s:
            kinds = list(s.scalars(select(Resource.kind).distinct()))
        near = ws.spatial.nearest_resources(x, y, kinds, k)
        with ws.store.session() as s:
            info = {
                int(r[0]): r
                for r in s.execute(stmt.where(Resource.site_id.in_([n[0] for n in near])))
            }
        for sid, kind, d in near:
            d = ground_metres(float(d), ws.crs, x, y)
            _, _, cap, cap_unit, contact, name = info[int(sid)]
            out.setdefault(kind, []).append(
                NearResource(int(sid), name, kind, float(d), int(cap or 0), cap_unit, contact)
            )
        return out
    with ws.store.session() as s:
        rows = s.execute(stmt).all()
    point = shapely.Point(x, y)
    # A resource another client added since this workspace was loaded has no geometry here yet.
    rows = [r for r in rows if int(r[0]) in ws.index]
    if not rows:
        return out
    geoms = np.array([ws.index.geometry(int(r[0])) for r in rows], dtype=object)
    dist = ground_metres(shapely.distance(point, geoms), ws.crs, x, y)
    ranked = sorted(zip(dist, rows, strict=True), key=lambda t: (t[0], t[1][0]))
    for d, (sid, kind, cap, cap_unit, contact, name) in ranked:
        bucket = out.setdefault(kind, [])
        if len(bucket) < k:
            bucket.append(
                NearResource(int(sid), name, kind, float(d), int(cap or 0), cap_unit, contact)
            )
    return out


def _code(ws: Workspace, key: str) -> int:
    keys = list(ws.sites.layer_keys)
    return keys.index(key) if key in keys else -1


def _site_rows(ws: Workspace, ids: list[int]) -> dict[int, tuple[str, str, str | None, dict]]:
    out: dict[int, tuple[str, str, str | None, dict]] = {}
    stmt = select(Site.id, Site.layer, Site.name, Site.district_code, Site.attrs)
    with ws.store.session() as s:
        for chunk in chunks(ids):
            for sid, layer, name, code, attrs in s.execute(stmt.where(Site.id.in_(chunk))):
                out[int(sid)] = (layer, name, code, attrs or {})
    return out


def _people_fields(ws: Workspace) -> dict[str, tuple[str, ...]]:
    return {spec.key: tuple(f.key for f in spec.fields if f.people) for spec in ws.catalog.values()}


def _layer_rank(layer: str) -> int:
    return 0 if layer == "dense_venues" else 1


def _site_rank(site: RingSite) -> int:
    if site.layer != "dense_venues":
        return 0
    return VENUE_PRIORITY.get(site.kind, len(VENUE_PRIORITY))


def _int(v: object) -> int:
    try:
        return int(v)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return 0
