"""Geometries checked, repaired and moved into the database's metric CRS.

Per feature: a missing, empty or NaN geometry is rejected; lon/lat outside −180…180 / −90…90
is rejected as "metres given as degrees"; a geometry of the wrong type for the layer is
rejected; an invalid one (a self-intersecting polygon) is repaired with make_valid, keeping the
parts of the layer's dimension, and counted. Offset coordinates (GCJ-02, BD-09) are converted
to CGCS2000 first. When no feature at all survives for one reason (every coordinate is metres,
every geometry is a line on a polygon layer) the file as a whole gets that one message.

Everything is vectorised: points stay an (n, 2) array from the file to the WKB.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely

from riskmap.core.crs import GEOGRAPHIC, transformer
from riskmap.core.datum import to_wgs84
from riskmap.errors import RiskmapError
from riskmap.io.importer.report import Bad, Problem
from riskmap.io.importer.source import FeatureSource, check_crs, crs_is_geographic
from riskmap.messages import Words

# GEOS type ids: 0 Point, 1 LineString, 2 LinearRing, 3 Polygon, 4–6 Multi…, 7 collection.
_POINTS, _LINES, _POLYGONS = (0, 4), (1, 2, 5), (3, 6)
ALLOWED = {
    "point": _POINTS,
    "line": _LINES,
    "polygon": _POLYGONS,
    "line+polygon": _LINES + _POLYGONS,
    "any": _POINTS + _LINES + _POLYGONS + (7,),
}
KIND_WORDS = {
    "point": ("点", "points"),
    "line": ("线", "lines"),
    "polygon": ("面", "polygons"),
    "line+polygon": ("线或面", "lines or polygons"),
    "any": ("任意几何", "any geometry"),
}
_TYPE_WORDS = {0: "点", 1: "线", 2: "线", 3: "面", 4: "多点", 5: "多线", 6: "多面", 7: "几何集合"}
_TYPE_EN = {0: "Point", 1: "LineString", 2: "LinearRing", 3: "Polygon", 4: "MultiPoint"}
_TYPE_EN |= {5: "MultiLineString", 6: "MultiPolygon", 7: "GeometryCollection"}
_REASONS_ZH = {
    "Self-intersection": "自相交",
    "Ring Self-intersection": "环自相交",
    "Too few points": "点数过少",
    "Duplicate Rings": "环重复",
    "Nested shells": "外环嵌套",
    "Interior is disconnected": "内部不连通",
    "Hole lies outside shell": "内环在外环之外",
    "Nested holes": "内环嵌套",
    "Invalid Coordinate": "坐标无效",
    "Ring is not closed": "环未闭合",
}
# Lon/lat CRSs the sites' lon/lat may be taken from as they are (CGCS2000 and WGS84 agree to
# centimetres, as riskmap.core.crs says).
_LONLAT = ("EPSG:4490", "EPSG:4326")
METRES = Bad(
    "坐标看起来是米而不是度：请指定坐标系",
    "coordinates look like metres, not degrees: give the CRS",
)


@dataclass
class Prepared:
    """The geometries ready for the sites table (entries of rejected features are unused)."""

    wkb: list[bytes | None]
    xy: np.ndarray  # (n, 2) representative points in the metric CRS
    lon: np.ndarray
    lat: np.ndarray
    geoms: np.ndarray | None  # metric shapely geometries (None for point sources)
    problems: list[Problem] = field(default_factory=list)
    repaired: list[Problem] = field(default_factory=list)
    rejected: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))


def point_wkb(xy: np.ndarray) -> list[bytes]:
    """2D little-endian WKB Points, built with numpy (10^6 in ~0.2 s, no shapely objects)."""
    n = len(xy)
    buf = np.empty((n, 21), dtype=np.uint8)
    buf[:, 0] = 1
    buf[:, 1:5] = (1, 0, 0, 0)
    buf[:, 5:] = np.ascontiguousarray(xy, dtype="<f8").view(np.uint8).reshape(n, 16)
    raw = buf.tobytes()
    return [raw[i : i + 21] for i in range(0, 21 * n, 21)]


def _crs_refusal(
    what: str, name: str, xy: np.ndarray, store_crs: str, bounds: tuple[float, ...] | None
) -> RiskmapError:
    """Metre coordinates without a usable CRS (`what`: "no_crs" or "metres"), with a hint: the
    database's own CRS, said to fit when most of them fall in the city."""
    try:
        crs_name = check_crs(store_crs).name
    except RiskmapError:
        crs_name = store_crs
    code = f"import.{what}_fits" if _fits_city(xy, bounds) else f"import.{what}"
    return RiskmapError.of(code, name=name, example=_example(xy), crs=store_crs, crs_name=crs_name)


def _fits_city(xy: np.ndarray, bounds: tuple[float, ...] | None) -> bool:
    if bounds is not None and len(xy):
        minx, miny, maxx, maxy = bounds
        pad = max(maxx - minx, maxy - miny) * 0.5
        inside = (
            (xy[:, 0] >= minx - pad)
            & (xy[:, 0] <= maxx + pad)
            & (xy[:, 1] >= miny - pad)
            & (xy[:, 1] <= maxy + pad)
        )
        return bool(inside.mean() > 0.5)
    return False


def prepare(
    source: FeatureSource,
    kind: str,
    store_crs: str,
    city_bounds: tuple[float, ...] | None = None,
) -> Prepared:
    """Check, repair, un-offset and reproject every geometry of `source` for a layer of `kind`
    (point/line/polygon/line+polygon/any). RiskmapError when the file as a whole cannot fit."""
    name = source.path.name
    n = source.count
    if source.crs is None:
        xy = source.geometry.sample_xy()
        raise _crs_refusal("no_crs", name, xy, store_crs, city_bounds)
    geographic = crs_is_geographic(source.crs)
    bad: dict[int, Bad] = dict(source.geometry.bad)
    # NaN coordinates make GEOS and numpy warn; each such feature is rejected by name here.
    with np.errstate(invalid="ignore"):
        if source.geometry.points_only:
            prep = _points(source, kind, geographic, store_crs, bad, city_bounds)
        else:
            prep = _shapes(source, kind, geographic, store_crs, bad, city_bounds)
    rejected = np.zeros(n, dtype=bool)
    for i, b in sorted(bad.items()):
        rejected[i] = True
        prep.problems.append(Problem(i + 1, source.row_of(i), "geometry", b.zh, b.en))
    prep.rejected = rejected
    return prep


def _example(xy: np.ndarray) -> str:
    if not len(xy):
        return Words("none readable", "没有可读的坐标")
    return f"{xy[0, 0]:.1f}, {xy[0, 1]:.1f}"


def _check_metres(
    name: str,
    coords: np.ndarray,
    owner: np.ndarray,
    bad: dict[int, Bad],
    store_crs: str,
    city_bounds: tuple[float, ...] | None,
) -> None:
    """Reject features with coordinates outside the degree ranges; all of them: a file error."""
    out = (np.abs(coords[:, 0]) > 180) | (np.abs(coords[:, 1]) > 90)
    if not out.any():
        return
    located = np.unique(owner)
    hit = np.unique(owner[out])
    if len(hit) == len(located):
        sample = coords[out][:50]
        if _swapped_fits(sample, store_crs, city_bounds):
            raise RiskmapError.of("import.lonlat_swapped", name=name, example=_example(sample))
        raise _crs_refusal("metres", name, sample, store_crs, city_bounds)
    for i in hit.tolist():
        bad.setdefault(int(i), METRES)


def _swapped_fits(
    sample: np.ndarray, store_crs: str, city_bounds: tuple[float, ...] | None
) -> bool:
    """Latitude, longitude order (a latitude over 90 is a longitude): read the other way
    round, the points are degrees and fall in the city."""
    sw = sample[:, ::-1]
    if not ((np.abs(sw[:, 0]) <= 180) & (np.abs(sw[:, 1]) <= 90)).all():
        return False
    x, y = transformer(GEOGRAPHIC, store_crs).transform(sw[:, 0], sw[:, 1])
    return _fits_city(np.column_stack([x, y]), city_bounds)


def _type_error(name: str, kind: str, types: np.ndarray) -> RiskmapError:
    live = sorted({int(t) for t in types if t >= 0})
    en = ", ".join(_TYPE_EN.get(t, "?") for t in live) or "none"
    zh = "、".join(dict.fromkeys(_TYPE_WORDS.get(t, "?") for t in live)) or "无"
    words = KIND_WORDS[kind]
    return RiskmapError.of(
        "import.wrong_kind", name=name, kind=Words(words[1], words[0]), found=Words(en, zh)
    )


def _points(
    source: FeatureSource,
    kind: str,
    geographic: bool,
    store_crs: str,
    bad: dict[int, Bad],
    city_bounds: tuple[float, ...] | None,
) -> Prepared:
    xy = np.array(source.geometry.xy, dtype=float)
    n = len(xy)
    if 0 not in ALLOWED[kind]:
        raise _type_error(source.path.name, kind, np.zeros(1, dtype=int))
    finite = np.isfinite(xy).all(axis=1)
    for i in np.flatnonzero(~finite).tolist():
        if np.isnan(xy[i]).all():
            bad.setdefault(i, Bad("几何为空或缺失", "the geometry is empty or missing"))
        else:
            bad.setdefault(i, Bad("坐标不是有限数值（NaN）", "a coordinate is not a number (NaN)"))
    ok = np.flatnonzero(finite)
    src_crs = source.crs
    assert src_crs is not None
    if geographic:
        _check_metres(source.path.name, xy[ok], ok, bad, store_crs, city_bounds)
        good = ~np.isin(ok, np.fromiter(bad, dtype=np.int64, count=len(bad)))
        use = ok[good]
        if source.datum in ("gcj02", "bd09"):
            lon, lat = to_wgs84(xy[use, 0], xy[use, 1], source.datum)
            xy[use] = np.column_stack([lon, lat])
            src_crs = GEOGRAPHIC  # un-offset lon/lat are CGCS2000 (WGS84 to centimetres)
    else:
        use = ok
    metric = np.full((n, 2), np.nan)
    if len(use):
        mx, my = transformer(src_crs, store_crs).transform(xy[use, 0], xy[use, 1])
        metric[use] = np.column_stack([mx, my])
    _unprojectable(metric, use, bad)
    if geographic and src_crs in _LONLAT:
        # The representative point of a point is the point: its (un-offset) lon/lat as read,
        # without a second pass through PROJ for 10^6 points.
        lon = np.where(np.isfinite(metric[:, 0]), np.round(xy[:, 0], 7), np.nan)
        lat = np.where(np.isfinite(metric[:, 1]), np.round(xy[:, 1], 7), np.nan)
    else:
        lon, lat = _degrees(metric, store_crs)
    return Prepared(wkb=point_wkb(np.nan_to_num(metric)), xy=metric, lon=lon, lat=lat, geoms=None)


def _unprojectable(metric: np.ndarray, use: np.ndarray, bad: dict[int, Bad]) -> None:
    lost = use[~np.isfinite(metric[use]).all(axis=1)]
    for i in lost.tolist():
        bad.setdefault(
            i,
            Bad(
                "坐标无法转换到本库坐标系（超出投影范围）",
                "the coordinates cannot be projected to the database's CRS",
            ),
        )


def _degrees(metric: np.ndarray, store_crs: str) -> tuple[np.ndarray, np.ndarray]:
    lon = np.full(len(metric), np.nan)
    lat = np.full(len(metric), np.nan)
    ok = np.isfinite(metric).all(axis=1)
    if ok.any():
        a, b = transformer(store_crs, GEOGRAPHIC).transform(metric[ok, 0], metric[ok, 1])
        lon[ok], lat[ok] = np.round(a, 7), np.round(b, 7)
    return lon, lat


def _shapes(
    source: FeatureSource,
    kind: str,
    geographic: bool,
    store_crs: str,
    bad: dict[int, Bad],
    city_bounds: tuple[float, ...] | None,
) -> Prepared:
    geoms = np.array(source.geometry.shapely(), dtype=object)
    n = len(geoms)
    missing = shapely.is_missing(geoms)
    empty = ~missing & shapely.is_empty(geoms)
    for i in np.flatnonzero(missing | empty).tolist():
        bad.setdefault(i, Bad("几何为空或缺失", "the geometry is empty or missing"))
    live = np.flatnonzero(~missing & ~empty)
    coords, owner = shapely.get_coordinates(geoms[live], return_index=True)
    owner = live[owner]
    nan_owner = np.unique(owner[~np.isfinite(coords).all(axis=1)])
    for i in nan_owner.tolist():
        bad.setdefault(i, Bad("坐标不是有限数值（NaN）", "a coordinate is not a number (NaN)"))
    types = shapely.get_type_id(geoms)
    allowed = np.isin(types, ALLOWED[kind])
    if not allowed[live].any() and len(live):
        raise _type_error(source.path.name, kind, types[live])
    zh_kind, en_kind = KIND_WORDS[kind]
    for i in live[~allowed[live]].tolist():
        t = int(types[i])
        bad.setdefault(
            i,
            Bad(
                f"几何类型为{_TYPE_WORDS.get(t, '?')}，本图层只收{zh_kind}",
                f"a {_TYPE_EN.get(t, '?')} does not fit a layer of {en_kind}",
            ),
        )
    src_crs = source.crs
    assert src_crs is not None
    if geographic:
        fine = np.isfinite(coords).all(axis=1)
        _check_metres(source.path.name, coords[fine], owner[fine], bad, store_crs, city_bounds)
    use = np.array([i for i in live.tolist() if i not in bad], dtype=np.int64)
    metric = np.full(n, None, dtype=object)
    if len(use):
        src = geoms[use]
        if geographic and source.datum in ("gcj02", "bd09"):
            datum = source.datum
            src = shapely.transform(
                src, lambda c: np.column_stack(to_wgs84(c[:, 0], c[:, 1], datum))
            )
            src_crs = GEOGRAPHIC
        t = transformer(src_crs, store_crs)
        metric[use] = shapely.transform(
            src, lambda c: np.column_stack(t.transform(c[:, 0], c[:, 1]))
        )
    moved = metric[use]
    if len(use):
        out_coords, out_owner = shapely.get_coordinates(moved, return_index=True)
        for j in np.unique(out_owner[~np.isfinite(out_coords).all(axis=1)]).tolist():
            bad.setdefault(
                int(use[j]),
                Bad(
                    "坐标无法转换到本库坐标系（超出投影范围）",
                    "the coordinates cannot be projected to the database's CRS",
                ),
            )
    repaired = _repair(source, metric, types, bad)
    good = np.array([i for i in use.tolist() if i not in bad], dtype=np.int64)
    xy = np.full((n, 2), np.nan)
    wkb: list[bytes | None] = [None] * n
    if len(good):
        xy[good] = shapely.get_coordinates(shapely.point_on_surface(metric[good]))
        for i, b in zip(good.tolist(), shapely.to_wkb(metric[good]).tolist(), strict=True):
            wkb[i] = b
    lon, lat = _degrees(xy, store_crs)
    return Prepared(wkb=wkb, xy=xy, lon=lon, lat=lat, geoms=metric, repaired=repaired)


def _repair(
    source: FeatureSource,
    metric: np.ndarray,
    types: np.ndarray,
    bad: dict[int, Bad],
) -> list[Problem]:
    """make_valid for invalid geometries, keeping the parts of the original's dimension."""
    present = np.flatnonzero(~shapely.is_missing(metric))
    present = np.array([i for i in present.tolist() if i not in bad], dtype=np.int64)
    if not len(present):
        return []
    invalid = present[~shapely.is_valid(metric[present])]
    repaired: list[Problem] = []
    for i in invalid.tolist():
        reason = shapely.is_valid_reason(metric[i]).split("[", 1)[0].strip()
        fixed = shapely.make_valid(metric[i])
        keep = (
            _POLYGONS if int(types[i]) in _POLYGONS else _LINES if int(types[i]) in _LINES else None
        )
        if keep is not None:
            fixed = _keep_parts(fixed, keep)
        zh_reason = _REASONS_ZH.get(reason, reason)
        if fixed is None or fixed.is_empty:
            bad[i] = Bad(
                f"几何无效（{zh_reason}），修复后没有剩下有效部分",
                f"invalid geometry ({reason}) with nothing left after repair",
            )
            continue
        metric[i] = fixed
        repaired.append(
            Problem(
                i + 1,
                source.row_of(i),
                "geometry",
                f"几何无效（{zh_reason}），已修复",
                f"invalid geometry ({reason}) repaired",
            )
        )
    return repaired


def _keep_parts(g: shapely.Geometry, keep: tuple[int, ...]) -> shapely.Geometry | None:
    """The parts of `g` of the wanted dimension, as one (multi) geometry."""
    parts = shapely.get_parts(g)
    parts = parts[np.isin(shapely.get_type_id(parts), keep)]
    parts = shapely.get_parts(parts)  # multi → single parts
    if not len(parts):
        return None
    if len(parts) == 1:
        return parts[0]
    if keep == _POLYGONS:
        return shapely.multipolygons(parts)
    return shapely.multilinestrings(parts)
