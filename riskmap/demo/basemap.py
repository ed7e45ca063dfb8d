"""The demo city's grey basemap: the road and river network it generates, its forests, and
generated land use — built-up areas (the city streets, town and village centres with their
street grids), farmland on the valley floors.

Basemap rows are not sites: they carry no hazards. The roads, rivers, lakes and forests are the
same geometry as the risk layers' sites (the basemap is what the map is read by; the layers are
what is at risk), the rest is drawn here, deterministically from the seed.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely
from shapely.geometry import LineString

from riskmap.demo.model import City

SOURCE = "演示城市底图"
GRID_M = {"street": 260.0, "town": 200.0}  # street spacing of the built-up grids
MAIN_EVERY = 3  # every third grid street is a main (tertiary) street
FARM_CELL_M = 1200.0


def _built_up(city: City, rng: np.random.Generator) -> list[tuple[shapely.Geometry, str]]:
    """(area, township kind) of each built-up area: the city streets' core round their seats,
    a town's centre, a village's cluster of houses."""
    out: list[tuple[shapely.Geometry, str]] = []
    for t in city.land.townships:
        seat = shapely.Point(t.seat)
        if t.kind == "street":
            r = 1800.0 + 2.5 * np.sqrt(t.population)
            area = seat.buffer(r, quad_segs=12).intersection(t.geom)
        elif t.kind == "town":
            area = seat.buffer(550.0 + 2.0 * np.sqrt(t.population), quad_segs=8)
        else:
            area = seat.buffer(380.0, quad_segs=8)
        out.append((_wobble(area.intersection(t.geom), rng), t.kind))
        for _name, x, y in t.villages:
            village = shapely.Point(x, y).buffer(float(rng.uniform(140.0, 240.0)), quad_segs=6)
            out.append((village.intersection(t.geom), "village"))
    return [(g, k) for g, k in out if not g.is_empty]


def _wobble(poly: shapely.Geometry, rng: np.random.Generator) -> shapely.Geometry:
    """An area's edge roughened a little, so built-up areas do not read as circles."""
    if poly.is_empty:
        return poly
    r = float(np.sqrt(poly.area / np.pi))
    return poly.buffer(-0.12 * r).buffer(0.12 * r + float(rng.uniform(0.0, 0.05)) * r)


def _grid(area: shapely.Geometry, spacing: float, rng: np.random.Generator) -> list[LineString]:
    """A street grid over `area`, turned by a random angle, clipped to it."""
    c = area.centroid
    angle = float(rng.uniform(0.0, np.pi / 2))
    ca, sa = np.cos(angle), np.sin(angle)
    minx, miny, maxx, maxy = area.bounds
    half = 0.75 * max(maxx - minx, maxy - miny)
    out = []
    for axis in (0, 1):
        for k, off in enumerate(np.arange(-half, half + spacing, spacing)):
            a = np.array([-half, off]) if axis == 0 else np.array([off, -half])
            b = np.array([half, off]) if axis == 0 else np.array([off, half])
            pts = np.array([a, b]) @ np.array([[ca, sa], [-sa, ca]]) + (c.x, c.y)
            line = LineString(pts).intersection(area)
            for part in shapely.get_parts(line):
                if part.geom_type == "LineString" and part.length > spacing * 0.4:
                    out.append((part, k % MAIN_EVERY == 0))
    return out


def _farmland(city: City, built: shapely.Geometry, forest: shapely.Geometry) -> shapely.Geometry:
    """Farmland: the low valley floors (the lower third of the land's cells by elevation) in
    the townships and towns, less the built-up areas and forests."""
    land = city.land
    rural = shapely.union_all([t.geom for t in land.townships if t.kind != "street"])
    minx, miny, maxx, maxy = rural.bounds
    xs = np.arange(minx, maxx, FARM_CELL_M) + FARM_CELL_M / 2
    ys = np.arange(miny, maxy, FARM_CELL_M) + FARM_CELL_M / 2
    gx, gy = np.meshgrid(xs, ys)
    gx, gy = gx.ravel(), gy.ravel()
    inside = shapely.contains_xy(rural, gx, gy)
    gx, gy = gx[inside], gy[inside]
    e = land.terrain.elevation(gx, gy)
    low = e <= np.quantile(e, 0.33)
    h = FARM_CELL_M / 2
    cells = shapely.box(gx[low] - h, gy[low] - h, gx[low] + h, gy[low] + h)
    farm = shapely.union_all(cells).buffer(-250.0).buffer(200.0)
    return farm.intersection(rural).difference(built).difference(forest)


def basemap_rows(city: City, rng: np.random.Generator) -> list[dict[str, Any]]:
    """Every basemap row of the demo city, land use first, then water, then roads."""
    rows: list[dict[str, Any]] = []

    def add(kind: str, cls: str, name: str, geom: shapely.Geometry) -> None:
        if geom.is_empty:
            return
        rows.append({"kind": kind, "cls": cls, "name": name, "source": SOURCE,
                     "geom": shapely.to_wkb(shapely.set_precision(geom, 0.1))})  # fmt: skip

    built = _built_up(city, rng)
    forests = [s.geom for s in city.sites if s.layer == "forest_fire"]
    built_all = shapely.union_all([g for g, _k in built])
    farm = _farmland(city, built_all, shapely.union_all(forests))
    for part in shapely.get_parts(farm):
        if part.area > 0.2e6:
            add("landuse", "farmland", "", part)
    for g in forests:
        add("landuse", "forest", "", g)
    for g, _kind in built:
        add("landuse", "residential", "", g)
    for s in city.sites:
        if s.layer == "waterways":
            add("water", str(s.attrs.get("kind", "river")), s.name, s.geom)
    for g, kind in built:
        if kind in GRID_M:
            for line, main in _grid(g, GRID_M[kind], rng):
                add("road", "tertiary" if main else "residential", "", line)
    for s in city.sites:
        if s.layer == "roads":
            add("road", str(s.attrs.get("road_class", "township")), s.name, s.geom)
    for i, r in enumerate(rows, start=1):
        r["id"] = i
    return rows
