"""Coordinate systems: CGCS2000 degrees, the city's metric CRS, the one transformation pipeline.

Every geometry that enters riskmap (imports, regions, boundaries) or leaves it (exports, maps)
is transformed by `transformer` here, so a point imported from a file and the same point given
as a circle centre land on the same metre. PROJ treats CGCS2000 (EPSG:4490) and WGS84 as the
same to well under a metre at city scale, which is what a work-safety map needs; a CRS on any
other datum is reached through WGS84 degrees, by one operation, and a city's own metric CRS must
be on WGS84 or CGCS2000 (`check_metric_crs`) so that no datum transformation sits between
degrees and the map. GCJ-02 and BD-09 (which PROJ does not know) are riskmap.core.datum's.

Distances on the map are not distances on the ground: a transverse Mercator map is stretched by
its point scale factor (0.9996 on a UTM central meridian, up to ~1.001 at the zone's edge), so
circles, rings and buffers convert ground metres with `map_metres` / `ground_metres`.
"""

from __future__ import annotations

import functools
import itertools
import math
import threading
from typing import Any

import numpy as np
import pyproj
import shapely
from shapely.geometry.base import BaseGeometry

from riskmap.core.datum import in_china
from riskmap.errors import RegionError, RiskmapError, StoreError
from riskmap.messages import words

GEOGRAPHIC = "EPSG:4490"  # CGCS2000 geographic
WGS84 = "EPSG:4326"
# The datums riskmap's degrees mean (CGCS2000 and WGS84 agree to centimetres): a metric CRS on
# one of these is its degrees projected, with no datum transformation in between.
CITY_DATUMS = ("China 2000", "World Geodetic System 1984")
# Two operations from degrees to a metric CRS that disagree by more than this are two answers.
_AGREE_M = 0.01
# Beyond this angular distortion (radians) a circle on the ground is no circle on the map.
_CONFORMAL_RAD = 1e-4


def gk3_zone_crs(lon: float) -> str:
    """The CGCS2000 3-degree Gauss-Krüger CRS (central meridian form, no zone prefix) for `lon`.

    EPSG:4534 … 4554 are CM 75°E … 135°E in 3° steps.
    """
    if not 73.5 <= lon <= 136.5:
        raise ValueError(f"longitude {lon} is outside China's Gauss-Krüger zones (75°E–135°E)")
    cm = round(lon / 3.0) * 3
    return f"EPSG:{4534 + (cm - 75) // 3}"


def utm_zone_crs(lon: float, lat: float) -> str:
    """The WGS84 UTM zone of (lon, lat): EPSG:326nn north of the equator, 327nn south."""
    zone = min(60, math.floor((lon + 180.0) / 6.0) + 1)
    return f"EPSG:{32600 + zone if lat >= 0 else 32700 + zone}"


def metric_crs_for(bounds: tuple[float, float, float, float]) -> str:
    """The metric CRS for an area given in degrees (minlon, minlat, maxlon, maxlat): the CGCS2000
    3° Gauss-Krüger zone whose central meridian is nearest its centre in China, else the UTM
    zone on WGS84."""
    lon, lat = (bounds[0] + bounds[2]) / 2.0, (bounds[1] + bounds[3]) / 2.0
    if 73.5 <= lon <= 136.5 and bool(in_china(lon, lat)):
        zone = gk3_zone_crs(lon)
        # "In China": inside the part of China the zone is defined for (EPSG's area of use of
        # each zone is China's extent in its band), not Seoul, Hanoi or Ulaanbaatar.
        area = pyproj.CRS.from_user_input(zone).area_of_use
        m = 0.05  # degrees: a coastal city's centre may lie just off the declared extent
        if area is None or (
            area.west - m <= lon <= area.east + m and area.south - m <= lat <= area.north + m
        ):
            return zone
    return utm_zone_crs(lon, lat)


_local = threading.local()


def _cache() -> dict[Any, Any]:
    cache = getattr(_local, "cache", None)
    if cache is None:
        cache = _local.cache = {}
    return cache


@functools.lru_cache(maxsize=64)
def _on_city_datum(crs: str) -> bool:
    geodetic = pyproj.CRS.from_user_input(crs).geodetic_crs
    name = geodetic.datum.name if geodetic is not None else ""
    return any(name.startswith(d) for d in CITY_DATUMS)


class Pipeline:
    """`src` → `dst` as riskmap transforms everything: directly when both are on the city's
    datums (a projection and its inverse), otherwise through WGS84 degrees, each leg by PROJ's
    one best operation. `transform(x, y)` as pyproj.Transformer's (always lon, lat order)."""

    def __init__(self, src: str, dst: str) -> None:
        self.src, self.dst = src, dst
        pivots = [src, dst] if _on_city_datum(src) and _on_city_datum(dst) else [src, WGS84, dst]
        self._legs = [
            pyproj.Transformer.from_crs(a, b, always_xy=True)
            for a, b in itertools.pairwise(pivots)
            if a != b
        ]

    def transform(self, x: Any, y: Any) -> tuple[Any, Any]:
        for leg in self._legs:
            x, y = leg.transform(x, y)
        return x, y


def transformer(src: str, dst: str) -> Pipeline:
    """The cached pipeline `src` → `dst` for this thread: the one way riskmap transforms.

    A pyproj Transformer must not be shared between threads (PROJ contexts are per thread;
    sharing one crashes), and the client transforms on its worker threads too.
    """
    cache = _cache()
    t = cache.get((src, dst))
    if t is None:
        t = cache[(src, dst)] = Pipeline(src, dst)
    return t


def transform_geometry(geom: Any, src: str, dst: str) -> Any:
    """A shapely geometry (or array of them) from `src` to `dst` through the pipeline."""
    t = transformer(src, dst)
    return shapely.transform(geom, lambda xy: np.column_stack(t.transform(xy[:, 0], xy[:, 1])))


def check_metric_crs(crs: str, lonlat: tuple[float, float] | None = None) -> pyproj.CRS:
    """The parsed `crs`, when it can be a city's metric CRS; RiskmapError with the reason when not.

    Refused: an unknown or unprojected CRS; one on another datum than WGS84/CGCS2000 that
    degrees reach by datum transformations PROJ chooses per source (e.g. a ballpark one from
    CGCS2000 and a Helmert one from WGS84, answers that disagree by up to hundreds of metres;
    a datum both reach by the same null transformation, like ETRS89, is one answer);
    one whose operations from degrees need grids that are missing or come in several
    accuracies; one that is not conformal (a circle on the ground is an ellipse on it).
    `lonlat` is where to measure (the city's centre; else the CRS's area of use).
    """
    try:
        parsed = pyproj.CRS.from_user_input(crs)
    except pyproj.exceptions.CRSError:
        raise StoreError.of("store.unknown_crs", crs=crs) from None
    if not parsed.is_projected:
        raise StoreError.of("store.crs_not_metric", crs=crs)
    if lonlat is None:
        area = parsed.area_of_use
        lonlat = (
            ((area.west + area.east) / 2.0, (area.south + area.north) / 2.0) if area else (0, 0)
        )
    apart = 0.0 if _on_city_datum(crs) else _disagreement(crs, lonlat)
    if not apart <= _AGREE_M:
        datum = parsed.datum.name if parsed.datum else "?"
        raise RiskmapError.of(
            "crs.foreign_datum",
            crs=crs,
            name=parsed.name,
            datum=datum,
            apart=f"{apart:.0f}" if math.isfinite(apart) else "?",
            suggest=metric_crs_for((*lonlat, *lonlat)),
        )
    for src in (GEOGRAPHIC, WGS84):
        group = pyproj.transformer.TransformerGroup(src, crs, always_xy=True)
        if group.unavailable_operations:
            raise RiskmapError.of(
                "crs.grids_missing", crs=crs, name=parsed.name, src=src,
                count=len(group.unavailable_operations),
            )  # fmt: skip
        if len({t.accuracy for t in group.transformers}) > 1:
            raise RiskmapError.of(
                "crs.ambiguous", crs=crs, name=parsed.name, src=src, count=len(group.transformers)
            )
    factors = pyproj.Proj(parsed).get_factors(*lonlat)
    if not (abs(float(factors.angular_distortion)) <= _CONFORMAL_RAD):
        raise RiskmapError.of("crs.not_conformal", crs=crs, name=parsed.name)
    return parsed


def _disagreement(crs: str, lonlat: tuple[float, float]) -> float:
    """Metres between the answers PROJ gives for the same degrees from CGCS2000 and from WGS84."""
    a = pyproj.Transformer.from_crs(GEOGRAPHIC, crs, always_xy=True).transform(*lonlat)
    b = pyproj.Transformer.from_crs(WGS84, crs, always_xy=True).transform(*lonlat)
    return math.hypot(a[0] - b[0], a[1] - b[1])


def scale_factor(crs: str, x: float, y: float) -> float:
    """Map metres per ground metre at (x, y) of the metric `crs` (its point scale factor).

    The projections riskmap accepts are conformal, so the factor is the same in every direction.
    """
    cache = _cache()
    proj = cache.get(("proj", crs))
    if proj is None:
        proj = cache["proj", crs] = pyproj.Proj(pyproj.CRS.from_user_input(crs))
    lon, lat = proj(x, y, inverse=True)
    k = math.sqrt(float(proj.get_factors(lon, lat).areal_scale))
    return k if math.isfinite(k) and k > 0 else 1.0


def map_metres(ground_m: float, crs: str, x: float, y: float) -> float:
    """A distance on the ground around (x, y) as a distance on the map: the radius to draw."""
    return float(ground_m) * scale_factor(crs, x, y)


def ground_metres(map_m: Any, crs: str, x: float, y: float) -> Any:
    """Distances measured on the map around (x, y) as distances on the ground."""
    return map_m / scale_factor(crs, x, y)


# Degrees beyond the CRS's declared area of use still transformed: a city whose centre picks the
# zone may reach over its edge, and a Gauss-Krüger projection is accurate well beyond 1.5° from
# its central meridian. Much further out the projection folds over, so input is clipped there.
WINDOW_MARGIN_DEG = 3.0


@functools.lru_cache(maxsize=16)
def lonlat_window(crs: str) -> tuple[float, float, float, float]:
    """(minlon, minlat, maxlon, maxlat) where `crs` transforms degrees faithfully.

    The CRS's area of use widened by WINDOW_MARGIN_DEG; the world for a CRS that declares none.
    """
    area = pyproj.CRS.from_user_input(crs).area_of_use
    if area is None:
        return (-180.0, -90.0, 180.0, 90.0)
    m = WINDOW_MARGIN_DEG
    west, east = area.west, area.east
    if west > east:  # an area of use over the 180° meridian: keep its larger, western side
        west, east = (west, 180.0) if 180.0 - west >= east + 180.0 else (-180.0, east)
    return (
        max(-180.0, west - m),
        max(-90.0, area.south - m),
        min(180.0, east + m),
        min(90.0, area.north + m),
    )


def to_metric(geom: BaseGeometry, crs: str) -> BaseGeometry:
    """A geometry in CGCS2000 degrees to the metric `crs`."""
    return transform_geometry(geom, GEOGRAPHIC, crs)


def to_degrees(geom: BaseGeometry, crs: str) -> BaseGeometry:
    return transform_geometry(geom, crs, GEOGRAPHIC)


def xy_to_lonlat(x: np.ndarray, y: np.ndarray, crs: str) -> tuple[np.ndarray, np.ndarray]:
    lon, lat = transformer(crs, GEOGRAPHIC).transform(np.asarray(x), np.asarray(y))
    return np.asarray(lon), np.asarray(lat)


def lonlat_to_xy(lon: np.ndarray, lat: np.ndarray, crs: str) -> tuple[np.ndarray, np.ndarray]:
    x, y = transformer(GEOGRAPHIC, crs).transform(np.asarray(lon), np.asarray(lat))
    return np.asarray(x), np.asarray(y)


def check_lonlat(lon: float, lat: float, what: str) -> None:
    """RegionError for coordinates that cannot be degrees; `what` names them in the message
    (a key of riskmap.messages.words.REGION_ZH: "bounding box", "circle centre" …)."""
    if not (math.isfinite(lon) and math.isfinite(lat)):
        raise RegionError.of("region.lonlat_not_finite", what=words.region(what), lon=lon, lat=lat)
    if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):
        raise RegionError.of("region.not_lonlat", what=words.region(what), lon=lon, lat=lat)
