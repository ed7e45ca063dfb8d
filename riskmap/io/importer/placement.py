"""Features that land far outside the city are refused, with the likely cause.

A file's coordinates read in the wrong system still transform to *somewhere*: degrees declared
as Gauss-Krüger metres land at the equator, metres of the neighbouring zone 3° east or west,
swapped columns thousands of kilometres away. Before anything is written, every feature is
measured against the city (its city and county districts, else whatever level it holds); more
than OUTSIDE_TOLERANCE_M outside refuses the import with the count and the cause found by
trying the alternatives on the file's own coordinates: degrees read as lon/lat, the other
Gauss-Krüger zones, x and y swapped (lon/lat order for a lon/lat file). With nothing to measure
against (the first boundary of a new city) there is no check. `allow_outside` skips it.
"""

from __future__ import annotations

import warnings

import numpy as np
import pyproj
import shapely
from sqlalchemy import text

from riskmap.core.crs import GEOGRAPHIC, transformer
from riskmap.core.datum import to_wgs84
from riskmap.errors import RiskmapError
from riskmap.io.importer.hygiene import Prepared
from riskmap.io.importer.source import FeatureSource, crs_is_geographic
from riskmap.store.engine import Store
from riskmap.store.schema import wkb_sql

OUTSIDE_TOLERANCE_M = 5000.0
SAMPLE = 500
FITS = 0.8  # an alternative explains the misplacement when it brings this share inside
MAX_ZONE_SHIFT = 20  # ±60° of central meridian: every 3° zone from 75°E to 135°E and beyond
# CGCS2000 3° Gauss-Krüger: EPSG:4513… with the zone number in the easting, 4534… without.
_GK3_PREFIXED, _GK3_PLAIN, _GK3_FIRST_CM, _GK3_ZONES = 4513, 4534, 75, 21


def city_area(store: Store, level: str | None = None) -> shapely.Geometry | None:
    """The city as its districts draw it: the union of the city and county districts (else of
    whatever districts it holds); None when the database holds none. `level`: the level being
    imported, measured against the levels above it when there are any."""
    with store.engine.connect() as c:
        rows = c.execute(text(f"SELECT level, {wkb_sql(c.dialect.name)} FROM districts")).all()
    by_level: dict[str, list[bytes]] = {}
    for lvl, g in rows:
        if g is not None:
            by_level.setdefault(lvl, []).append(bytes(g))
    above = {"city": (), "county": ("city",), "township": ("city", "county")}
    levels = above.get(level or "", ("city", "county"))
    geoms = [g for lvl in levels for g in by_level.get(lvl, [])]
    if not geoms:  # nothing above: the level itself (a replacement), or whatever is held
        geoms = [g for items in by_level.values() for g in items]
    if not geoms:
        return None
    area = shapely.union_all(shapely.from_wkb(geoms))
    shapely.prepare(area)
    return area


def check_placement(
    store: Store,
    source: FeatureSource,
    prep: Prepared,
    keep: np.ndarray,
    *,
    level: str | None = None,
) -> None:
    """RiskmapError when any kept feature lies more than OUTSIDE_TOLERANCE_M outside the city,
    naming how many and the likely cause."""
    area = city_area(store, level)
    if area is None or not len(keep):
        return
    # Representative points inside the city settle most features at once (a prepared
    # point-in-polygon test); only the others are measured.
    xy = prep.xy[keep]
    far = ~shapely.contains_xy(area, xy[:, 0], xy[:, 1])
    out = np.flatnonzero(far)
    if len(out):
        if prep.geoms is not None:
            d = shapely.distance(prep.geoms[keep[out]], area)
        else:
            d = shapely.distance(shapely.points(xy[out]), area)
        far[out] = d > OUTSIDE_TOLERANCE_M
    count = int(far.sum())
    if not count:
        return
    km = OUTSIDE_TOLERANCE_M / 1000
    common = {"name": source.path.name, "count": count, "total": len(keep), "km": km}
    cause = _diagnose(store, source, keep[far], area)
    if cause is None:
        raise RiskmapError.of("import.outside_city", **common)
    code, params = cause
    raise RiskmapError.of(code, **common, **params)


def _raw(source: FeatureSource, idx: np.ndarray) -> np.ndarray:
    """A representative coordinate of each feature `idx`, as the file gives it."""
    g = source.geometry
    if g.xy is not None:
        xy = g.xy[idx]
    else:
        geoms = g.shapely()[idx]
        with np.errstate(invalid="ignore"):
            xy = shapely.get_coordinates(shapely.point_on_surface(geoms))
    xy = xy[np.isfinite(xy).all(axis=1)]
    return xy[:: max(1, len(xy) // SAMPLE)][:SAMPLE]


def _share_inside(xy: np.ndarray, crs: str, datum: str | None, store: Store, area: object) -> float:
    try:
        x, y = xy[:, 0], xy[:, 1]
        if datum in ("gcj02", "bd09"):
            x, y = to_wgs84(x, y, datum)
        with np.errstate(invalid="ignore"):
            mx, my = transformer(crs, store.crs).transform(x, y)
    except pyproj.exceptions.ProjError:
        return 0.0
    ok = np.isfinite(mx) & np.isfinite(my)
    if not ok.any():
        return 0.0
    d = shapely.distance(shapely.points(mx[ok], my[ok]), area)
    return float((d <= OUTSIDE_TOLERANCE_M).sum() / len(xy))


def _diagnose(
    store: Store, source: FeatureSource, far: np.ndarray, area: object
) -> tuple[str, dict[str, object]] | None:
    """The catalogue code and params of the first alternative reading that puts the far
    features inside the city, or None when none does."""
    xy = _raw(source, far)
    crs = source.crs
    if crs is None or not len(xy):
        return None
    geographic = crs_is_geographic(crs)
    example = f"{xy[0, 0]:.6g}, {xy[0, 1]:.6g}"
    degrees = bool(((np.abs(xy[:, 0]) <= 180) & (np.abs(xy[:, 1]) <= 90)).all())
    if not geographic and degrees:
        for order, swapped in ((xy, False), (xy[:, ::-1], True)):
            if _share_inside(order, GEOGRAPHIC, source.datum, store, area) >= FITS:
                code = "import.outside_degrees_swapped" if swapped else "import.outside_degrees"
                return code, {"crs": crs, "example": example}
    if not geographic:
        zone = _other_zone(xy, crs, store, area)
        if zone is not None:
            return "import.outside_zone", {"crs": crs, "example": example, **zone}
    if _share_inside(xy[:, ::-1], crs, source.datum, store, area) >= FITS:
        code = "import.outside_lonlat_order" if geographic else "import.outside_swapped_xy"
        return code, {"crs": crs, "example": example}
    return None


def _other_zone(xy: np.ndarray, crs: str, store: Store, area: object) -> dict[str, object] | None:
    """The transverse Mercator zone n × 3° of central meridian away that puts the points in."""
    declared = pyproj.CRS.from_user_input(crs)
    op = declared.coordinate_operation
    if op is None or "Transverse Mercator" not in op.method_name:
        return None
    params = {p.name: p.value for p in op.params}
    lon_0 = params.get("Longitude of natural origin")
    if lon_0 is None:
        return None
    with warnings.catch_warnings():
        # The PROJ string loses the datum's name, not the projection this needs.
        warnings.simplefilter("ignore", UserWarning)
        proj = declared.to_dict()
    for k in sorted(range(-MAX_ZONE_SHIFT, MAX_ZONE_SHIFT + 1), key=abs):
        if k == 0:
            continue
        cm = float(lon_0) + 3 * k
        if not -180 < cm < 180:
            continue
        alt = {**proj, "lon_0": cm}
        name = _zone_code(declared.to_epsg(), cm) or " ".join(
            f"+{k}={v}" if v is not None else f"+{k}" for k, v in alt.items()
        )
        if _share_inside(xy, pyproj.CRS.from_dict(alt).to_wkt(), None, store, area) >= FITS:
            return {"cm": f"{cm:g}", "suggest": name}
    return None


def _zone_code(epsg: int | None, cm: float) -> str | None:
    """The CGCS2000 3° Gauss-Krüger EPSG code with central meridian `cm`, in the form (zone
    number in the easting or not) of the declared one."""
    if epsg is None or (cm - _GK3_FIRST_CM) % 3 or not 75 <= cm <= 135:
        return None
    step = int(cm - _GK3_FIRST_CM) // 3
    for first in (_GK3_PREFIXED, _GK3_PLAIN):
        if first <= epsg < first + _GK3_ZONES:
            return f"EPSG:{first + step}"
    return None
