"""Basemap tiles without Qt: Web Mercator tile maths, where a GCJ-02 tile belongs on a WGS84
map, and the user's basemap choice (none, a local MBTiles file, 天地图 with the user's key, or
a plain XYZ URL template) with the URLs it fetches.

Nothing here fetches; riskmap.io.tilecache does, and only for a source the user configured.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlsplit

import numpy as np

from riskmap.core.datum import gcj02_to_wgs84
from riskmap.errors import RiskmapError

KINDS = ("none", "mbtiles", "tianditu", "xyz")
TILE_DATUMS = ("wgs84", "gcj02")
TIANDITU_LAYERS = ("vec", "img")  # 矢量 (with cva labels) or 影像 (with cia labels)
_TIANDITU_LABELS = {"vec": "cva", "img": "cia"}
TIANDITU_MAX_ZOOM = 18
_TIANDITU_KEY = re.compile(r"^[0-9a-fA-F]{32}$")  # the console hands out 32 hex digits
# Web Mercator "_w" WMTS endpoints; t0–t7 spread the load as the service asks.
_TIANDITU_URL = (
    "https://t{{s}}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
    "&LAYER={layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles"
    "&TILEMATRIX={{z}}&TILEROW={{y}}&TILECOL={{x}}&tk={key}"
)
_TIANDITU_SUBDOMAINS = "01234567"
# Tile hosts known to serve GCJ-02 tiles: the dialog marks them so when a URL names one.
GCJ02_HOSTS = ("autonavi.com", "amap.com", "gtimg.com", "map.qq.com")


# ------------------------------------------------------------------------------- tile maths
def tile_range(lon0: float, lat0: float, lon1: float, lat1: float, z: int) -> tuple[int, ...]:
    """Tile columns and rows (x0, y0, x1, y1 inclusive) covering a lon/lat box at zoom z."""
    n = 1 << z

    def tx(lon: float) -> int:
        return min(n - 1, max(0, int((lon + 180.0) / 360.0 * n)))

    def ty(lat: float) -> int:
        lat = max(-85.0511, min(85.0511, lat))
        r = math.radians(lat)
        return min(n - 1, max(0, int((1 - math.asinh(math.tan(r)) / math.pi) / 2 * n)))

    return tx(lon0), ty(lat1), tx(lon1), ty(lat0)


def tile_corners(z: int, x: int, y: int, datum: str = "wgs84") -> np.ndarray:
    """WGS84 lon/lat of where a tile's corners belong: top-left, top-right, bottom-right,
    bottom-left.

    A GCJ-02 tile shows at its nominal corners what lies at the WGS84 positions that GCJ-02
    moved there, so each corner goes back by the GCJ-02 offset at that corner. Neighbours share
    corners, so the tiles stay seamless; inside a tile the offset varies by far less than a
    pixel at city zooms (docs/cartography.md gives the figures)."""
    n = 1 << z
    lons = np.array([x, x + 1, x + 1, x], dtype=float) / n * 360.0 - 180.0
    ys = np.array([y, y, y + 1, y + 1], dtype=float)
    lats = np.degrees(np.arctan(np.sinh(np.pi * (1 - 2 * ys / n))))
    if datum == "gcj02":
        lons, lats = gcj02_to_wgs84(lons, lats)
    return np.column_stack([lons, lats])


# ------------------------------------------------------------------------------- the choice
@dataclass(frozen=True)
class BasemapConfig:
    """What the user chose in 底图…; stored as a dict in the user settings (riskmap.settings)."""

    kind: str = "none"
    path: str = ""  # mbtiles
    key: str = ""  # tianditu
    layer: str = "vec"  # tianditu: vec | img
    url: str = ""  # xyz
    datum: str = "wgs84"  # xyz: the tiles' datum (wgs84 | gcj02)
    subdomains: str = "abc"  # xyz: what {s} takes, one character each

    @classmethod
    def from_dict(cls, data: Any) -> BasemapConfig:
        """The stored setting; anything unreadable is "no basemap" (never a guess at a URL)."""
        if isinstance(data, str) and data.strip():  # an older setting: a path or a URL
            s = data.strip()
            return (
                cls(kind="xyz", url=s)
                if s.startswith(("http://", "https://"))
                else cls(kind="mbtiles", path=s)
            )
        if not isinstance(data, dict):
            return cls()
        known = {k: str(v) for k, v in data.items() if k in cls.__dataclass_fields__}
        cfg = cls(**known)
        return cfg if cfg.kind in KINDS else cls()

    def to_dict(self) -> dict[str, str]:
        return asdict(self)

    @property
    def active(self) -> bool:
        return self.kind != "none"

    def validated(self) -> BasemapConfig:
        """Self with whitespace trimmed, or a RiskmapError saying what is wrong."""
        cfg = BasemapConfig(
            kind=self.kind,
            path=self.path.strip(),
            key=self.key.strip(),
            layer=self.layer,
            url=self.url.strip(),
            datum=self.datum,
            subdomains=self.subdomains.strip() or "abc",
        )
        if cfg.kind not in KINDS:
            raise RiskmapError.of("tiles.unknown_kind", kind=cfg.kind)
        if cfg.kind == "mbtiles" and not cfg.path:
            raise RiskmapError.of("tiles.no_mbtiles")
        if cfg.kind == "tianditu":
            if not _TIANDITU_KEY.match(cfg.key):
                raise RiskmapError.of("tiles.tianditu_key_format")
            if cfg.layer not in TIANDITU_LAYERS:
                raise RiskmapError.of("tiles.unknown_kind", kind=cfg.layer)
        if cfg.kind == "xyz":
            check_template(cfg.url)
            if cfg.datum not in TILE_DATUMS:
                raise RiskmapError.of("tiles.unknown_kind", kind=cfg.datum)
            if not cfg.subdomains.isalnum() and "{s}" in cfg.url:
                raise RiskmapError.of("tiles.subdomains", subdomains=cfg.subdomains)
        return cfg

    def layers(self) -> list[tuple[str, str]]:
        """(URL template, cache folder) of each image drawn for one tile, bottom first
        (天地图: the map, then its labels). The key is never part of a cache folder: a new key
        for the same layers keeps the tiles."""
        if self.kind == "tianditu":
            lays = (self.layer, _TIANDITU_LABELS[self.layer])
            return [(_TIANDITU_URL.format(layer=la, key=self.key), f"tianditu-{la}") for la in lays]
        if self.kind == "xyz":
            digest = hashlib.sha1(self.url.encode("utf-8")).hexdigest()[:16]
            host = re.sub(r"[^A-Za-z0-9.-]", "_", urlsplit(self.url).hostname or "xyz")
            return [(self.url, f"{host}-{digest}")]
        return []

    @property
    def tile_datum(self) -> str:
        # 天地图 is CGCS2000, which the map treats as WGS84 (datum.py: centimetres apart)
        return self.datum if self.kind == "xyz" else "wgs84"

    @property
    def max_zoom(self) -> int:
        return TIANDITU_MAX_ZOOM if self.kind == "tianditu" else 18

    @property
    def subdomain_chars(self) -> str:
        return _TIANDITU_SUBDOMAINS if self.kind == "tianditu" else self.subdomains


def check_template(url: str) -> None:
    """A RiskmapError unless `url` is an http(s) URL template with {z}, {x} and {y}."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise RiskmapError.of("tiles.url_scheme", url=url)
    missing = [k for k in ("{z}", "{x}", "{y}") if k not in url]
    if missing:
        raise RiskmapError.of("tiles.url_placeholders", url=url, missing=missing)


def looks_gcj02(url: str) -> bool:
    """Whether a tile URL names a host known to serve GCJ-02 tiles (高德, 腾讯)."""
    host = (urlsplit(url.strip()).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in GCJ02_HOSTS)


def tile_url(template: str, z: int, x: int, y: int, subdomains: str = "abc") -> str:
    """One tile's URL; {s} takes a subdomain that stays the same for a tile (so caches hit)."""
    s = subdomains[(x + y) % len(subdomains)] if subdomains else ""
    return (
        template.replace("{s}", s)
        .replace("{z}", str(z))
        .replace("{x}", str(x))
        .replace("{y}", str(y))
    )
