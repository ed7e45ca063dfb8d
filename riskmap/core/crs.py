"""Coordinate systems: CGCS2000 degrees, the metric Gauss-Krüger zone, cached transformers.

PROJ treats CGCS2000 (EPSG:4490) and WGS84 as the same to well under a metre at city scale, which
is what a work-safety map needs. GCJ-02 and BD-09 (which PROJ does not know) come with the import
issue.
"""

from __future__ import annotations

import functools
import math
import threading

import numpy as np
import pyproj
import shapely
from shapely.geometry.base import BaseGeometry

from riskmap.errors import RegionError
from riskmap.messages import words

GEOGRAPHIC = "EPSG:4490"  # CGCS2000 geographic
WGS84 = "EPSG:4326"


def gk3_zone_crs(lon: float) -> str:
    """The CGCS2000 3-degree Gauss-Krüger CRS (central meridian form, no zone prefix) for `lon`.

    EPSG:4534 … 4554 are CM 75°E … 135°E in 3° steps.
    """
    if not 73.5 <= lon <= 136.5:
        raise ValueError(f"longitude {lon} is outside China's Gauss-Krüger zones (75°E–135°E)")
    cm = round(lon / 3.0) * 3
    return f"EPSG:{4534 + (cm - 75) // 3}"


def metric_crs_for(bounds: tuple[float, float, float, float]) -> str:
    """The metric CRS for an area given in degrees (minlon, minlat, maxlon, maxlat)."""
    return gk3_zone_crs((bounds[0] + bounds[2]) / 2.0)


_local = threading.local()


def transformer(src: str, dst: str) -> pyproj.Transformer:
    """A cached transformer for this thread.

    A pyproj Transformer must not be shared between threads (PROJ contexts are per thread;
    sharing one crashes), and the client transforms on its worker threads too.
    """
    cache = getattr(_local, "cache", None)
    if cache is None:
        cache = _local.cache = {}
    t = cache.get((src, dst))
    if t is None:
        t = cache[(src, dst)] = pyproj.Transformer.from_crs(src, dst, always_xy=True)
    return t


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
    t = transformer(GEOGRAPHIC, crs)
    return shapely.transform(geom, lambda xy: np.column_stack(t.transform(xy[:, 0], xy[:, 1])))


def to_degrees(geom: BaseGeometry, crs: str) -> BaseGeometry:
    t = transformer(crs, GEOGRAPHIC)
    return shapely.transform(geom, lambda xy: np.column_stack(t.transform(xy[:, 0], xy[:, 1])))


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


@functools.lru_cache(maxsize=16)
def axis_order(crs: str) -> tuple[tuple[str, str], ...]:
    """(abbreviation, direction) of each axis of `crs`, in the CRS's own order.

    Chinese Gauss-Krüger CRSs (EPSG:4544) put the northing first and call it X (纵坐标), the
    easting Y (横坐标); UTM has E then N. Labels come from here, never from a guess: riskmap's
    own arrays hold (easting, northing) whatever the CRS says.
    """
    info = pyproj.CRS(crs).axis_info
    return tuple((a.abbrev, a.direction.lower()) for a in info[:2])
