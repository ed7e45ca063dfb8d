"""Map geometry for a briefing: districts and focus sites, simplified for the medium.

The HTML map and the printed maps draw the same things at different scales; both take them from
here, simplified to what the medium can show (a fraction of a millimetre on paper, a few metres
in a browser zoomed in), so a page or a file never carries vertices nobody can see.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np
import shapely

from riskmap.brief.context import Briefing, Gap, MapSite
from riskmap.core.basemap import BasemapData, basemap_in, load_basemap
from riskmap.core.catalog import LayerSpec
from riskmap.core.crs import to_degrees
from riskmap.core.workspace import Workspace


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    geom: shapely.Geometry


@dataclass(frozen=True)
class Feature:
    site: MapSite
    geom: shapely.Geometry


@dataclass
class MapData:
    """What one map shows, in the workspace's metric CRS unless converted (`to_lonlat`)."""

    frame: shapely.Geometry  # the area the map is about (city or a county)
    areas: list[Area]  # its divisions, outlined (counties, or townships)
    context: list[Area]  # neighbours drawn faintly around a zoomed map
    features: list[Feature]  # focus sites, drawn in layer order
    resources: list[Feature]
    # "township" or "county" when the areas say so; "" reads it from `context` (a zoomed map
    # outlines townships). `outline`: draw the frame's edge (not for a plain rectangle).
    area_level: str = ""
    outline: bool = True
    patrols: list[Area] = field(default_factory=list)  # the ground active patrols cover
    gaps: list[Feature] = field(default_factory=list)  # high-risk sites no patrol covers
    # the grey basemap's roads, water and land use in the frame (None: the city has none)
    basemap: BasemapData | None = None

    @property
    def townships(self) -> bool:
        """Whether the areas are townships (drawn dashed and named small)."""
        return self.area_level == "township" if self.area_level else bool(self.context)

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        minx, miny, maxx, maxy = shapely.bounds(self.frame)
        return float(minx), float(miny), float(maxx), float(maxy)

    def to_lonlat(self, crs: str) -> MapData:
        """The same map in CGCS2000 degrees (for Leaflet), converted in one call per group."""

        def conv(geoms: list[shapely.Geometry]) -> list[shapely.Geometry]:
            if not geoms:
                return []
            arr = np.asarray(geoms, dtype=object)
            # 1e-5° ≈ 1 m: the GeoJSON keeps no more digits than a browser map can use.
            return list(shapely.set_precision(to_degrees(arr, crs), 1e-5))

        def areas(items: list[Area]) -> list[Area]:
            return [
                Area(a.code, a.name, g)
                for a, g in zip(items, conv([a.geom for a in items]), strict=True)
            ]

        def feats(items: list[Feature]) -> list[Feature]:
            return [
                Feature(f.site, g)
                for f, g in zip(items, conv([f.geom for f in items]), strict=True)
            ]

        (frame,) = conv([self.frame])
        return MapData(
            frame,
            areas(self.areas),
            areas(self.context),
            feats(self.features),
            feats(self.resources),
            self.area_level,
            self.outline,
            areas(self.patrols),
            feats(self.gaps),
        )  # the web map draws no basemap of its own: the browser's tiles are its basemap


def layer_order(ws: Workspace, b: Briefing) -> list[LayerSpec]:
    """The focus layers bottom first (polygons under lines under points), as the catalog orders."""
    keys = {f.key for f in b.focus_layers}
    return [spec for spec in ws.catalog.values() if spec.key in keys]


def map_data(
    ws: Workspace, b: Briefing, tolerance_m: float, district: str | None = None
) -> MapData:
    """The map of the briefing's scope, or zoomed to one of its districts (`district` code)."""
    scope = ws.district(b.scope_code)
    assert scope is not None
    children = [d for d in ws.districts if d.parent_code == b.scope_code]
    if district is None:
        frame = scope.geom
        areas = [Area(d.code, d.name, d.geom) for d in children]
        context: list[Area] = []
        keep = {s.id for s in b.sites}
        res = b.resources
        gaps = b.gaps
    else:
        rec = ws.district(district)
        assert rec is not None
        frame = rec.geom
        areas = [Area(d.code, d.name, d.geom) for d in ws.districts if d.parent_code == district]
        context = [Area(d.code, d.name, d.geom) for d in children if d.code != district]
        keep = {s.id for s in b.sites if _belongs(s, district, b.scope_level)}
        res = [s for s in b.resources if _belongs(s, district, b.scope_level)]
        gaps = b.gaps_of(district)
    order = {spec.key: i for i, spec in enumerate(layer_order(ws, b))}
    sites = sorted(
        (s for s in b.sites if s.id in keep),
        key=lambda s: (order.get(s.layer, 99), s.major_open, s.id),
    )
    patrols = [Area(str(p.id), p.name, p.ground) for p in b.patrol_areas]
    return MapData(
        frame=_outlines([frame], tolerance_m)[0],
        areas=_district_areas(areas, tolerance_m),
        context=_district_areas(context, tolerance_m),
        features=_features(ws, sites, tolerance_m),
        resources=_features(ws, res, tolerance_m),
        patrols=_areas([a for a in patrols if a.geom.intersects(frame)], tolerance_m),
        gaps=_gap_points(ws, gaps),
        basemap=basemap_in(ws.store, tuple(shapely.bounds(frame)), tolerance_m, _basemap(ws, b)),
    )


# The basemap of the briefing being written: its nine maps (and the HTML's) read it once.
_BASEMAP: list[tuple[Briefing, BasemapData]] = []
_BASEMAP_LOCK = threading.Lock()


def _basemap(ws: Workspace, b: Briefing) -> BasemapData:
    with _BASEMAP_LOCK:
        if _BASEMAP and _BASEMAP[0][0] is b:
            return _BASEMAP[0][1]
        data = load_basemap(ws.store)
        _BASEMAP[:] = [(b, data)]
        return data


def _gap_points(ws: Workspace, gaps: list[Gap]) -> list[Feature]:
    """A gap as a point (its site's representative point): a marker over any geometry."""
    found = ws.geometries([g.site_id for g in gaps])
    return [
        Feature(
            MapSite(g.site_id, g.layer, g.site_name, g.district_code, g.township, g.county_code),
            found[g.site_id].representative_point(),
        )
        for g in gaps
        if g.site_id in found and not found[g.site_id].is_empty
    ]


def _belongs(site: MapSite, district: str, level: str) -> bool:
    # A county page holds the county's sites; a township page (county briefing) the township's.
    return (site.county_code if level == "city" else site.district_code) == district


def _simplify(geoms: list[shapely.Geometry], tolerance_m: float) -> list[shapely.Geometry]:
    if not geoms:
        return []
    arr = np.asarray(geoms, dtype=object)
    return list(shapely.simplify(arr, tolerance_m, preserve_topology=True))


# District outlines simplified once per outline and tolerance: they are the same objects from
# one briefing to the next (a desktop session's second briefing) and between its HTML and PDF,
# and simplifying them is most of a map's preparation. The cache holds the outline itself, so an
# id is never another's; an import of new districts brings new objects, and the oldest go.
_OUTLINES: OrderedDict[tuple[int, float], tuple[shapely.Geometry, shapely.Geometry]] = OrderedDict()
_OUTLINES_MAX = 4096
_OUTLINES_LOCK = threading.Lock()  # briefings are written on worker threads


def _outlines(geoms: list[shapely.Geometry], tolerance_m: float) -> list[shapely.Geometry]:
    out: list[shapely.Geometry | None] = []
    todo: list[int] = []
    with _OUTLINES_LOCK:
        for g in geoms:
            hit = _OUTLINES.get((id(g), tolerance_m))
            if hit is not None and hit[0] is g:
                _OUTLINES.move_to_end((id(g), tolerance_m))
                out.append(hit[1])
            else:
                out.append(None)
                todo.append(len(out) - 1)
    if todo:
        simple = _simplify([geoms[i] for i in todo], tolerance_m)
        with _OUTLINES_LOCK:
            for i, g in zip(todo, simple, strict=True):
                out[i] = g
                _OUTLINES[id(geoms[i]), tolerance_m] = (geoms[i], g)
            while len(_OUTLINES) > _OUTLINES_MAX:
                _OUTLINES.popitem(last=False)
    return out  # type: ignore[return-value]


def _district_areas(items: list[Area], tolerance_m: float) -> list[Area]:
    simple = _outlines([a.geom for a in items], tolerance_m)
    return [Area(a.code, a.name, g) for a, g in zip(items, simple, strict=True)]


def _areas(items: list[Area], tolerance_m: float) -> list[Area]:
    simple = _simplify([a.geom for a in items], tolerance_m)
    return [Area(a.code, a.name, g) for a, g in zip(items, simple, strict=True)]


def _features(ws: Workspace, sites: list[MapSite], tolerance_m: float) -> list[Feature]:
    found = ws.geometries([s.id for s in sites])
    simple = _simplify([found[s.id] for s in sites], tolerance_m)
    return [Feature(s, g) for s, g in zip(sites, simple, strict=True) if not g.is_empty]
