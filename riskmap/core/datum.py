"""GCJ-02 (国测局, used by Amap/Tencent maps) and BD-09 (Baidu), which PROJ does not know.

Coordinates copied from those maps are offset from WGS84/CGCS2000 by a few hundred metres in
China; a plant placed with them lands in the wrong township. The forward transforms are the
published ones; their inverses are solved by fixed-point iteration to well under a centimetre.
Outside China the offset is not applied (the published rule), so every function is the identity
there. CGCS2000 and WGS84 differ by centimetres, far below this offset, and are treated alike.

All functions take and return numpy arrays (or scalars) of longitude and latitude in degrees.
"""

from __future__ import annotations

from typing import Any

import numpy as np

DATUMS = ("wgs84", "cgcs2000", "gcj02", "bd09")
_A = 6378245.0  # Krasovsky 1940 semi-major axis, as the GCJ-02 formula uses
_EE = 0.00669342162296594323
_X_PI = np.pi * 3000.0 / 180.0
_TOL = 1e-10  # degrees (~0.01 mm) for the iterative inverses
_MAX_ITER = 30


def in_china(lon: Any, lat: Any) -> np.ndarray:
    """The box in which the GCJ-02 offset applies (the formula's own test)."""
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    return (lon >= 72.004) & (lon <= 137.8347) & (lat >= 0.8293) & (lat <= 55.8271)


def _d_lat(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    r += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    r += (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
    r += (160.0 * np.sin(y / 12.0 * np.pi) + 320.0 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    return r


def _d_lon(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    r += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    r += (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
    r += (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    return r


def wgs84_to_gcj02(lon: Any, lat: Any) -> tuple[np.ndarray, np.ndarray]:
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    dlat = _d_lat(lon - 105.0, lat - 35.0)
    dlon = _d_lon(lon - 105.0, lat - 35.0)
    rad = lat / 180.0 * np.pi
    magic = 1.0 - _EE * np.sin(rad) ** 2
    sq = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1.0 - _EE)) / (magic * sq) * np.pi)
    dlon = (dlon * 180.0) / (_A / sq * np.cos(rad) * np.pi)
    inside = in_china(lon, lat)
    return np.where(inside, lon + dlon, lon), np.where(inside, lat + dlat, lat)


def gcj02_to_bd09(lon: Any, lat: Any) -> tuple[np.ndarray, np.ndarray]:
    x, y = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    z = np.sqrt(x * x + y * y) + 0.00002 * np.sin(y * _X_PI)
    theta = np.arctan2(y, x) + 0.000003 * np.cos(x * _X_PI)
    inside = in_china(x, y)
    return (
        np.where(inside, z * np.cos(theta) + 0.0065, x),
        np.where(inside, z * np.sin(theta) + 0.006, y),
    )


def wgs84_to_bd09(lon: Any, lat: Any) -> tuple[np.ndarray, np.ndarray]:
    return gcj02_to_bd09(*wgs84_to_gcj02(lon, lat))


def _invert(forward: Any, lon: Any, lat: Any) -> tuple[np.ndarray, np.ndarray]:
    """Solve forward(w) = target for w by fixed-point iteration (the offset varies slowly)."""
    tlon, tlat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    wlon, wlat = tlon.copy(), tlat.copy()
    for _ in range(_MAX_ITER):
        flon, flat = forward(wlon, wlat)
        elon, elat = flon - tlon, flat - tlat
        wlon, wlat = wlon - elon, wlat - elat
        if np.all(np.abs(elon) < _TOL) and np.all(np.abs(elat) < _TOL):
            break
    return wlon, wlat


def gcj02_to_wgs84(lon: Any, lat: Any) -> tuple[np.ndarray, np.ndarray]:
    return _invert(wgs84_to_gcj02, lon, lat)


def bd09_to_gcj02(lon: Any, lat: Any) -> tuple[np.ndarray, np.ndarray]:
    return _invert(gcj02_to_bd09, lon, lat)


def bd09_to_wgs84(lon: Any, lat: Any) -> tuple[np.ndarray, np.ndarray]:
    return _invert(wgs84_to_bd09, lon, lat)


def to_wgs84(lon: Any, lat: Any, datum: str) -> tuple[np.ndarray, np.ndarray]:
    """Longitude/latitude in `datum` → WGS84/CGCS2000 degrees."""
    if datum in ("wgs84", "cgcs2000"):
        return np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    if datum == "gcj02":
        return gcj02_to_wgs84(lon, lat)
    if datum == "bd09":
        return bd09_to_wgs84(lon, lat)
    raise ValueError(f"unknown datum {datum!r} (use one of {', '.join(DATUMS)})")


def from_wgs84(lon: Any, lat: Any, datum: str) -> tuple[np.ndarray, np.ndarray]:
    """WGS84/CGCS2000 degrees → longitude/latitude in `datum` (e.g. to compare with Amap)."""
    if datum in ("wgs84", "cgcs2000"):
        return np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    if datum == "gcj02":
        return wgs84_to_gcj02(lon, lat)
    if datum == "bd09":
        return wgs84_to_bd09(lon, lat)
    raise ValueError(f"unknown datum {datum!r} (use one of {', '.join(DATUMS)})")
