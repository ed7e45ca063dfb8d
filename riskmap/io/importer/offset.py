"""Do these lon/lat look like GCJ-02 (Amap, Tencent) or BD-09 (Baidu) coordinates?

Coordinates copied from those maps are a few hundred metres off in China, in a direction that
barely changes across a city; nothing in the file says so. The evidence is the city itself:
the same coordinates read as given, as GCJ-02 and as BD-09 are compared with

- sites of the database with the same name (the strongest: a plant already mapped),
- the road network (points of road features, black spots, stations lie on roads),
- the district boundaries (the vertices of a boundary file lie on the boundaries the city
  already holds: a county file on the city's edge and on its neighbours'),
- the townships (points that fall outside the city only one way).

The verdict names the datum the evidence favours, the size of the shift, and the evidence in
words, so the Import dialog can offer the conversion and say why. `refuse_offset` is the rule
every import keeps: coordinates that look offset, with no datum said, are not written as given.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely
from sqlalchemy import text

from riskmap.core.crs import lonlat_to_xy
from riskmap.core.datum import to_wgs84
from riskmap.core.workspace import Workspace
from riskmap.errors import RiskmapError
from riskmap.io.importer.coords import norm_header
from riskmap.io.importer.locate import Townships
from riskmap.io.importer.plan import NAME, SITE_COLUMNS
from riskmap.io.importer.source import DATUM_NAMES, FeatureSource, crs_is_geographic
from riskmap.messages import Words
from riskmap.store.engine import Store
from riskmap.store.schema import wkb_sql

CANDIDATES = ("cgcs2000", "gcj02", "bd09")
SAMPLE = 2000
NAME_RADIUS_M = 5000.0  # a same-named site further away is another place of the same name
NAME_MATCH_M = 30.0  # a converted point this close to its namesake is the same place
ROAD_NEAR_M = 10.0
ROAD_MARGIN_DEG = 0.05
EDGE_NEAR_M = 10.0  # a boundary vertex this close to a boundary the city holds lies on it
# Whose map each offset datum comes from, as users know it.
MAKERS = {"gcj02": Words("Amap", "高德地图"), "bd09": Words("Baidu", "百度地图")}


@dataclass
class OffsetVerdict:
    """What the evidence says about the coordinates' datum."""

    datum: str | None  # "gcj02" or "bd09" when they look offset; None: as given (or unknown)
    offset_m: float  # median shift between reading them as given and as `datum`
    confident: bool  # strong enough to offer the conversion
    applicable: bool = True  # False: projected coordinates, or points outside the city
    evidence: list[tuple[str, str]] = field(default_factory=list)  # (zh, en)

    @property
    def looks_offset(self) -> bool:
        return self.confident and self.datum in ("gcj02", "bd09")

    def message(self, lang: str = "zh") -> str:
        zh = lang.startswith("zh")
        if not self.applicable:
            head = "无法判断坐标是否有偏移" if zh else "cannot tell whether the points are offset"
        elif self.looks_offset:
            name = DATUM_NAMES[self.datum or ""]
            head = (
                f"坐标看起来是{name}偏移坐标（约 {self.offset_m:.0f} 米）"
                if zh
                else f"looks offset like {name} by ~{self.offset_m:.0f} m"
            )
        elif self.confident:
            head = "坐标与本库数据吻合，没有偏移" if zh else "the points agree with the database"
        else:
            head = "未发现明显偏移" if zh else "no clear offset found"
        reasons = [z if zh else e for z, e in self.evidence]
        sep = "；" if zh else "; "
        return head + ("：" if zh else ": ") + sep.join(reasons) if reasons else head


def _store(ws_or_store: Workspace | Store) -> Store:
    return ws_or_store.store if isinstance(ws_or_store, Workspace) else ws_or_store


def _sample(source: FeatureSource) -> tuple[np.ndarray, np.ndarray]:
    """(indices, lon/lat) of up to SAMPLE located features, evenly spread over the file."""
    g = source.geometry
    if g.xy is not None:
        ok = np.flatnonzero(np.isfinite(g.xy).all(axis=1))
        idx = ok[:: max(1, len(ok) // SAMPLE)][:SAMPLE]
        return idx, g.xy[idx]
    geoms = g.shapely()
    ok = np.flatnonzero(~shapely.is_missing(geoms) & ~shapely.is_empty(geoms))
    idx = ok[:: max(1, len(ok) // SAMPLE)][:SAMPLE]
    xy = shapely.get_coordinates(shapely.point_on_surface(geoms[idx]))
    return idx, xy


def detect_offset(source: FeatureSource, ws_or_store: Workspace | Store) -> OffsetVerdict:
    """Test the file's lon/lat against the database's sites, roads and townships as given, as
    GCJ-02 and as BD-09, and say which reading fits (and by how much the others are off)."""
    store = _store(ws_or_store)
    if source.crs is None or not crs_is_geographic(source.crs):
        return OffsetVerdict(
            None,
            0.0,
            False,
            applicable=False,
            evidence=[
                (
                    "坐标为投影坐标，偏移只见于经纬度",
                    "projected coordinates: offsets are a lon/lat matter",
                )
            ],
        )
    idx, lonlat = _sample(source)
    ok = (np.abs(lonlat[:, 0]) <= 180) & (np.abs(lonlat[:, 1]) <= 90)
    idx, lonlat = idx[ok], lonlat[ok]
    if not len(idx):
        return OffsetVerdict(None, 0.0, False, applicable=False)
    positions = {}
    for cand in CANDIDATES:
        lon, lat = to_wgs84(lonlat[:, 0], lonlat[:, 1], cand)
        x, y = lonlat_to_xy(lon, lat, store.crs)
        positions[cand] = np.column_stack([x, y])
    towns = Townships.load(store)
    union = _union(towns)
    inside = {c: _inside_share(union, p) for c, p in positions.items()}
    if max(inside.values()) < 0.5:
        return OffsetVerdict(
            None,
            0.0,
            False,
            applicable=False,
            evidence=[
                (
                    f"只有 {max(inside.values()):.0%} 的点在本市范围内",
                    f"only {max(inside.values()):.0%} of the points lie in the city",
                )
            ],
        )
    evidence: list[tuple[str, str]] = []
    by_names = _names(source, idx, positions, store, evidence)
    by_roads = _roads(lonlat, positions, store, evidence)
    by_edges = _edges(source, store, evidence)
    z = [f"{DATUM_NAMES[c]} {inside[c]:.0%}" for c in CANDIDATES]
    evidence.append((f"在本市镇办范围内：{'、'.join(z)}", f"inside the townships: {', '.join(z)}"))
    best = by_names or by_roads or by_edges
    if best is None:
        return OffsetVerdict(None, 0.0, False, evidence=evidence)
    shift = float(np.median(np.hypot(*(positions[best] - positions["cgcs2000"]).T)))
    datum = None if best == "cgcs2000" else best
    return OffsetVerdict(datum, shift if datum else 0.0, True, evidence=evidence)


def _union(towns: Townships) -> shapely.Geometry | None:
    """The townships as one prepared shape (once for the three readings), None without any."""
    if not towns.codes:
        return None
    union = shapely.union_all(towns.geoms)
    shapely.prepare(union)
    return union


def _inside_share(union: shapely.Geometry | None, xy: np.ndarray) -> float:
    if union is None:
        return 0.0
    return float(shapely.contains_xy(union, xy[:, 0], xy[:, 1]).mean())


def _name_column(source: FeatureSource) -> str | None:
    words = {norm_header(w) for w in SITE_COLUMNS[NAME]}
    return next((c for c in source.columns if norm_header(c) in words), None)


def _names(
    source: FeatureSource,
    idx: np.ndarray,
    positions: dict[str, np.ndarray],
    store: Store,
    evidence: list[tuple[str, str]],
) -> str | None:
    """The reading that puts the points on their namesakes in the database, if one does."""
    col = _name_column(source)
    if col is None:
        return None
    names = [str(v).strip() if v is not None else "" for v in source.columns[col][idx].tolist()]
    wanted = sorted({n for n in names if n})
    known: dict[str, list[tuple[float, float]]] = {}
    with store.engine.connect() as c:
        for k in range(0, len(wanted), 500):
            chunk = wanted[k : k + 500]
            marks = ", ".join(f":n{j}" for j in range(len(chunk)))
            rows = c.execute(
                text(f"SELECT name, lon, lat FROM sites WHERE name IN ({marks})"),
                {f"n{j}": v for j, v in enumerate(chunk)},
            )
            for name, lon, lat in rows:
                known.setdefault(name, []).append((lon, lat))
    if not known:
        return None
    kx: dict[str, np.ndarray] = {}
    for name, pts in known.items():
        arr = np.asarray(pts, dtype=float)
        x, y = lonlat_to_xy(arr[:, 0], arr[:, 1], store.crs)
        kx[name] = np.column_stack([x, y])
    dist = {c: [] for c in CANDIDATES}  # type: dict[str, list[float]]
    for j, name in enumerate(names):
        if name not in kx:
            continue
        here = positions["cgcs2000"][j]
        ref = kx[name]
        near = ref[np.hypot(*(ref - here).T) <= NAME_RADIUS_M]
        if not len(near):
            continue
        for cand in CANDIDATES:
            dist[cand].append(float(np.hypot(*(near - positions[cand][j]).T).min()))
    matched = len(dist["cgcs2000"])
    if matched == 0:
        return None
    med = {c: float(np.median(v)) for c, v in dist.items()}
    best = min(med, key=med.__getitem__)
    parts = ", ".join(f"{DATUM_NAMES[c]} {med[c]:.0f} m" for c in CANDIDATES)
    parts_zh = "、".join(f"按{DATUM_NAMES[c]} {med[c]:.0f} 米" for c in CANDIDATES)
    evidence.append(
        (
            f"{matched} 个点与库中同名场所对照，中位距离：{parts_zh}",
            f"{matched} points have a same-named site in the database; median distance {parts}",
        )
    )
    close = sum(d <= NAME_MATCH_M for d in dist[best])
    if matched >= 3 and med[best] <= NAME_MATCH_M and close >= matched / 2:
        return best
    return None


def _roads(
    lonlat: np.ndarray,
    positions: dict[str, np.ndarray],
    store: Store,
    evidence: list[tuple[str, str]],
) -> str | None:
    """The reading that puts markedly more points on the road network, if one does."""
    lo = lonlat.min(axis=0) - ROAD_MARGIN_DEG
    hi = lonlat.max(axis=0) + ROAD_MARGIN_DEG
    with store.engine.connect() as c:
        rows = c.execute(
            text(
                f"SELECT {wkb_sql(c.dialect.name)} FROM sites"
                " WHERE layer = 'roads' AND lon BETWEEN :x0 AND :x1"
                " AND lat BETWEEN :y0 AND :y1"
            ),
            {"x0": float(lo[0]), "x1": float(hi[0]), "y0": float(lo[1]), "y1": float(hi[1])},
        ).all()
    if not rows:
        return None
    tree = shapely.STRtree(shapely.from_wkb([bytes(r[0]) for r in rows]))
    share = {}
    for cand, xy in positions.items():
        _pairs, d = tree.query_nearest(shapely.points(xy), return_distance=True, all_matches=False)
        share[cand] = float((d <= ROAD_NEAR_M).mean())
    return _markedly_best(
        share,
        f"距道路 {ROAD_NEAR_M:.0f} 米以内的点：",
        f"points within {ROAD_NEAR_M:.0f} m of a road: ",
        evidence,
    )


def _markedly_best(
    share: dict[str, float], zh: str, en: str, evidence: list[tuple[str, str]]
) -> str | None:
    """The reading whose share is markedly the largest (at least 30 %, and twice the next plus
    10 points), if one is; each reading's share goes into the evidence after `zh` / `en`."""
    best = max(share, key=share.__getitem__)
    parts = ", ".join(f"{DATUM_NAMES[c]} {share[c]:.0%}" for c in CANDIDATES)
    parts_zh = "、".join(f"按{DATUM_NAMES[c]} {share[c]:.0%}" for c in CANDIDATES)
    evidence.append((zh + parts_zh, en + parts))
    others = max(v for c, v in share.items() if c != best)
    if share[best] >= 0.3 and share[best] >= 2 * others + 0.1:
        return best
    return None


def _vertices(source: FeatureSource) -> np.ndarray:
    """Up to SAMPLE vertices of a line or polygon source, in its lon/lat (empty for points)."""
    if source.geometry.points_only:
        return np.empty((0, 2))
    geoms = source.geometry.shapely()
    geoms = geoms[~shapely.is_missing(geoms) & ~shapely.is_empty(geoms)]
    geoms = geoms[:: max(1, len(geoms) // SAMPLE)]  # a million parcels: a sample of them
    xy = shapely.get_coordinates(shapely.boundary(geoms[shapely.get_dimensions(geoms) == 2]))
    if not len(xy):
        xy = shapely.get_coordinates(geoms)
    xy = xy[np.isfinite(xy).all(axis=1)]
    xy = xy[(np.abs(xy[:, 0]) <= 180) & (np.abs(xy[:, 1]) <= 90)]
    return xy[:: max(1, len(xy) // SAMPLE)][:SAMPLE]


def _edges(source: FeatureSource, store: Store, evidence: list[tuple[str, str]]) -> str | None:
    """The reading that puts markedly more of the file's boundary vertices on the district
    boundaries the city already holds, if one does (boundary files: no names, no roads)."""
    lonlat = _vertices(source)
    if not len(lonlat):
        return None
    with store.engine.connect() as c:
        rows = c.execute(text(f"SELECT {wkb_sql(c.dialect.name)} FROM districts")).all()
    edges = shapely.boundary(shapely.from_wkb([bytes(r[0]) for r in rows if r[0] is not None]))
    if not len(edges):
        return None
    tree = shapely.STRtree(edges)
    share = {}
    for cand in CANDIDATES:
        lon, lat = to_wgs84(lonlat[:, 0], lonlat[:, 1], cand)
        x, y = lonlat_to_xy(lon, lat, store.crs)
        _pairs, d = tree.query_nearest(
            shapely.points(x, y), return_distance=True, all_matches=False
        )
        share[cand] = float((d <= EDGE_NEAR_M).mean())
    return _markedly_best(
        share,
        f"边界点落在本库已有区划边界 {EDGE_NEAR_M:.0f} 米以内的：",
        f"boundary vertices within {EDGE_NEAR_M:.0f} m of a district boundary: ",
        evidence,
    )


def refuse_offset(source: FeatureSource, ws_or_store: Workspace | Store) -> OffsetVerdict | None:
    """RiskmapError ("import.datum_offset") when the coordinates look offset against what the
    city holds and nobody said their datum: they are never stored as given without a word.
    The verdict otherwise (None when the datum was said, so nothing was tested)."""
    if source.datum is not None:
        return None
    verdict = detect_offset(source, ws_or_store)
    if verdict.looks_offset and verdict.datum:
        raise RiskmapError.of(
            "import.datum_offset",
            name=source.path.name,
            datum=DATUM_NAMES[verdict.datum],
            key=verdict.datum,
            maker=MAKERS[verdict.datum],
            offset=round(verdict.offset_m),
        )
    return verdict
