"""The grey basemap's own features (roads, water, land use) and how they are drawn.

One drawing plan (`plan`) for every renderer: the window's map, the printed map and the
briefing's maps each turn its steps into their own strokes and fills, so the basemap looks the
same on screen and on paper. The colours, widths and scale ranges are `BASEMAP`'s
(riskmap.core.style.overlays; tabled in docs/cartography.md).

OSM classification (`classify_osm`): a feature tagged highway=* is a road (class: the highway
value), waterway=* a waterway, natural=water or landuse=basin/reservoir a water area, any other
landuse=* (or natural=wood) land use; the first tag that applies wins.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import shapely
from sqlalchemy import select

from riskmap.core.style import BASEMAP, Color
from riskmap.store.engine import Store
from riskmap.store.schema import BASEMAP_KINDS, BasemapFeature, wkb_sql

# OSM landuse values that are water, not land
WATER_LANDUSE = frozenset({"basin", "reservoir"})
_LINE_TYPES, _POLYGON_TYPES = (1, 2, 5), (3, 6)
T = TypeVar("T")


def _values(columns: dict[str, np.ndarray], name: str, n: int) -> list[str]:
    col = columns.get(name)
    if col is None:
        return [""] * n
    out = []
    for v in col.tolist():
        text = "" if v is None or (isinstance(v, float) and v != v) else str(v).strip()
        out.append(text)
    return out


def classify_osm(columns: dict[str, np.ndarray], n: int) -> tuple[list[str], list[str]]:
    """(kind, class) of each of `n` features from their OSM tag columns (highway, waterway,
    natural, landuse); kind "" where no tag says."""
    highway = _values(columns, "highway", n)
    waterway = _values(columns, "waterway", n)
    natural = _values(columns, "natural", n)
    landuse = _values(columns, "landuse", n)
    pairs = [_osm_kind(*tags) for tags in zip(highway, waterway, natural, landuse, strict=True)]
    return [k for k, _c in pairs], [c for _k, c in pairs]


def _osm_kind(highway: str, waterway: str, natural: str, landuse: str) -> tuple[str, str]:
    if highway:
        return "road", highway
    if waterway:
        return "water", waterway
    if natural == "water" or landuse in WATER_LANDUSE:
        return "water", landuse if landuse in WATER_LANDUSE else "water"
    if landuse:
        return "landuse", landuse
    if natural in ("wood", "scrub", "grassland", "heath"):
        return "landuse", "forest" if natural == "wood" else natural
    return "", ""


# The column that names a feature's class when the kind is given: OSM's tag of that kind, else
# Geofabrik's shapefile `fclass`, else a plain class/type column.
CLASS_COLUMNS = {
    "road": ("highway", "fclass", "road_class", "class", "type"),
    "water": ("waterway", "natural", "fclass", "kind", "class", "type"),
    "landuse": ("landuse", "fclass", "class", "type"),
}
NAME_COLUMNS = ("name", "名称", "name_zh", "NAME")


def class_column(kind: str, columns: dict[str, np.ndarray]) -> str | None:
    return next((c for c in CLASS_COLUMNS[kind] if c in columns), None)


def name_column(columns: dict[str, np.ndarray]) -> str | None:
    return next((c for c in NAME_COLUMNS if c in columns), None)


@dataclass
class BasemapData:
    """Basemap features as parallel arrays, geometries in the city's metric CRS."""

    kind: np.ndarray  # str, BASEMAP_KINDS
    cls: np.ndarray  # str
    name: np.ndarray  # str
    geoms: np.ndarray  # shapely, object

    def __len__(self) -> int:
        return len(self.geoms)

    @classmethod
    def empty(cls) -> BasemapData:
        e = np.zeros(0, dtype=object)
        return cls(e, e.copy(), e.copy(), e.copy())

    def take(self, idx: np.ndarray) -> BasemapData:
        return BasemapData(self.kind[idx], self.cls[idx], self.name[idx], self.geoms[idx])

    def in_box(self, box: tuple[float, float, float, float]) -> BasemapData:
        """The features meeting a bounding box (minx, miny, maxx, maxy)."""
        if not len(self):
            return self
        b = shapely.bounds(self.geoms)
        x0, y0, x1, y1 = box
        keep = (b[:, 0] <= x1) & (b[:, 2] >= x0) & (b[:, 1] <= y1) & (b[:, 3] >= y0)
        return self.take(np.flatnonzero(keep))

    def simplified(self, tolerance_m: float) -> BasemapData:
        if not len(self) or tolerance_m <= 0:
            return self
        g = shapely.simplify(self.geoms, tolerance_m, preserve_topology=False)
        keep = np.flatnonzero(~shapely.is_empty(g))
        return BasemapData(self.kind[keep], self.cls[keep], self.name[keep], g[keep])

    def counts(self) -> dict[str, int]:
        return {k: int((self.kind == k).sum()) for k in BASEMAP_KINDS}


def count_basemap(store: Store) -> int:
    from sqlalchemy import func

    with store.engine.connect() as c:
        return int(c.execute(select(func.count()).select_from(BasemapFeature)).scalar_one())


def load_basemap(store: Store) -> BasemapData:
    """Every basemap feature of the database, in drawing order (land use, water, roads)."""
    # Plain WKB parsed in one vectorised call: row by row through the ORM's geometry type it
    # took ~60 ms for the demo's 4,329 features, and a briefing draws nine maps.
    sql = f"SELECT kind, cls, name, {wkb_sql(store.engine.dialect.name)} FROM basemap ORDER BY id"
    with store.engine.connect() as c:
        rows = c.exec_driver_sql(sql).all()
    if not rows:
        return BasemapData.empty()
    kind, cls, name, wkb = (np.asarray(col, dtype=object) for col in zip(*rows, strict=True))
    geoms = shapely.from_wkb(np.asarray([bytes(b) for b in wkb], dtype=object))
    order = np.argsort([BASEMAP_KINDS.index(k) if k in BASEMAP_KINDS else 0 for k in kind],
                       kind="stable")  # fmt: skip
    return BasemapData(kind, cls, name, geoms).take(order)


def basemap_in(
    store: Store,
    box: tuple[float, float, float, float],
    tolerance_m: float,
    data: BasemapData | None = None,
) -> BasemapData | None:
    """The basemap features meeting `box`, simplified to `tolerance_m` (a printed map's); None
    when the database has none. `data`: the basemap already loaded (a document drawing several
    maps reads it once)."""
    if data is None:
        data = load_basemap(store)
    if not len(data):
        return None
    return data.in_box(box).simplified(tolerance_m)


@dataclass(frozen=True)
class Step:
    """One pass of the drawing plan: fill the polygons `idx` with `fill` and edge them with
    `stroke` `width` pt wide, or (`fill` None, lines) stroke the lines `idx`."""

    what: str  # "fill" | "line"
    idx: np.ndarray
    fill: Color | None
    stroke: Color | None
    width: float  # pt


def _families(data: BasemapData) -> np.ndarray:
    t = shapely.get_type_id(data.geoms) if len(data) else np.zeros(0, int)
    fam = np.full(len(t), "", dtype=object)
    fam[np.isin(t, _LINE_TYPES)] = "line"
    fam[np.isin(t, _POLYGON_TYPES)] = "polygon"
    return fam


def _per_class(cls: np.ndarray, fn: Callable[[str], T], empty: T) -> np.ndarray:
    """fn of each feature's class, computed once per distinct class (a city has a few dozen)."""
    if not len(cls):
        return np.full(0, empty, dtype=object)
    uniq, inv = np.unique(cls.astype(str), return_inverse=True)
    return np.asarray([fn(str(c)) for c in uniq] + [empty], dtype=object)[:-1][inv]


def scale_key(denominator: float) -> int:
    """Which of the basemap's scale ranges a scale falls in: two scales with one key draw the
    same passes (the window rebuilds its paths only when the key changes)."""
    s = BASEMAP
    limits = {t.max_denominator for t in s.road_tiers}
    limits |= {s.landuse_max_denominator, s.minor_max_denominator}
    return sum(1 for v in limits if denominator <= v)


def plan(data: BasemapData, denominator: float) -> list[Step]:
    """The passes that draw `data` at scale 1:`denominator`, bottom first: land-use tints, water
    areas, waterways, then the roads — paths, the casings of every tier (minor first), then their
    fills (minor first), so a major road's white runs unbroken over the minor ones it crosses.
    Road areas (squares) are drawn as their outlines. Empty passes are left out."""
    s = BASEMAP
    fam = _families(data)
    kind, cls = data.kind, data.cls
    steps: list[Step] = []
    if denominator <= s.landuse_max_denominator:
        lu = (kind == "landuse") & (fam == "polygon")
        tint = _per_class(cls, lambda c: t.key if (t := s.tint(c)) else "", "")
        for t in reversed(s.tints):  # built-up over farmland where two overlap
            steps.append(Step("fill", np.flatnonzero(lu & (tint == t.key)), t.fill, None, 0.0))
    water = kind == "water"
    steps.append(Step("fill", np.flatnonzero(water & (fam == "polygon")), s.water_fill,
                      s.water_edge, s.water_edge_width))  # fmt: skip
    ways = water & (fam == "line")
    shows = _per_class(cls, lambda c: s.waterway_shows(c, denominator), False).astype(bool)
    width = _per_class(cls, s.waterway_width, 0.0).astype(float)
    for w in sorted(set(width[ways & shows].tolist())):
        steps.append(Step("line", np.flatnonzero(ways & shows & (width == w)), None,
                          s.water_edge, w))  # fmt: skip
    tier = _per_class(cls, lambda c: s.road_tier(c).key, "")
    tier[kind != "road"] = ""
    shown = [t for t in reversed(s.road_tiers) if denominator <= t.max_denominator]
    idx = {t.key: np.flatnonzero(tier == t.key) for t in shown}
    for t in shown:  # paths: thin grey lines under the cased roads
        if not t.casing_width:
            steps.append(Step("line", idx[t.key], None, s.road_casing, t.width))
    cased = [t for t in shown if t.casing_width]
    for t in cased:
        steps.append(Step("line", idx[t.key], None, s.road_casing, t.width + t.casing_width))
    for t in cased:
        steps.append(Step("line", idx[t.key], None, s.road_fill, t.width))
    return [st for st in steps if len(st.idx)]


def as_lines(geoms: np.ndarray) -> np.ndarray:
    """Lines as they are, polygons as their outlines (a road area drawn as a road)."""
    if not len(geoms):
        return geoms
    t = shapely.get_type_id(geoms)
    out = geoms.copy()
    poly = np.isin(t, _POLYGON_TYPES)
    if poly.any():
        out[poly] = shapely.boundary(geoms[poly])
    return out
