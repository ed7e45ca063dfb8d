"""A named ledger's enterprises and units the database lacks: listed with the closest names, or
(create_missing) planned as new sites and units, written with the rows in one transaction.

A new site needs a place: the row's longitude/latitude (degrees; `datum` says whose), else a
township the row names (所属镇办, or its address naming one the city knows), where it goes at
the township's inner point and is marked as placed there (attrs["placed"] = "township") for the
officer to move it on the map. Its layer: the row's 所属图层, else the one the import names,
else the layer most of the file's matched enterprises are on (a 危化 台账 adds to
chemical_plants); a layer of lines or polygons cannot take a point. Its source is the 台账's file
name, without a source id: no layer import takes it for one of its own.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pyproj
import shapely

from riskmap.core.catalog import load_catalog
from riskmap.core.crs import lonlat_to_xy, xy_to_lonlat
from riskmap.core.datum import from_wgs84, to_wgs84
from riskmap.io.importer.locate import Townships
from riskmap.io.ledger_xlsx.names import NEAR_M, SAME_M, name_key, township_in, unit_kind
from riskmap.io.ledger_xlsx.read import _Row

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from riskmap.io.ledger_xlsx.lookups import _Lookups

_GEOD = pyproj.Geod(ellps="WGS84")
POINT_GEOMETRIES = ("point", "any")
# Rows whose lon/lat sit this far (median) from their uniquely named sites as given, but within
# OFFSET_FIT_M once read as GCJ-02 or BD-09, were copied from Amap or Baidu.
OFFSET_MIN_M = 100.0
OFFSET_FIT_M = 30.0
OFFSET_PAIRS = 3


@dataclass
class NewSite:
    """A site the import creates; `id` is negative until it is written."""

    id: int
    name: str
    layer: str
    district_code: str | None
    address: str
    lon: float
    lat: float
    x: float
    y: float
    placed: str  # "coordinates" | "township"
    rows: list[int] = field(default_factory=list)


@dataclass
class NewUnit:
    """A 责任单位 the import creates; `id` is negative until it is written."""

    id: int
    name: str
    kind: str
    district_code: str | None
    rows: list[int] = field(default_factory=list)


def distance_m(site: Any, lon: float, lat: float) -> float:
    """Metres from a site's point (its stored lon/lat) to lon/lat, on the ellipsoid."""
    _a, _b, d = _GEOD.inv(float(site.lon), float(site.lat), lon, lat)
    return float(d)


def describe_site(site: Any, tree: Any) -> str:
    """A candidate as the user tells it apart: name, id, township, address."""
    township, county = tree.township_county(site.district_code)
    where = "".join(x for x in (county, township) if x)
    parts = [f"编号 {site.id}"] + ([where] if where else [])
    if getattr(site, "address", ""):
        parts.append(site.address)
    return f"「{site.name}」（{'，'.join(parts)}）"


class Missing:
    """Plans the sites and units a named ledger lacks (`create`), or says why a row cannot."""

    def __init__(
        self,
        s: Session,
        lk: _Lookups,
        rows: list[_Row],
        store_crs: str,
        *,
        create: bool,
        layer: str | None,
        datum: str | None,
    ) -> None:
        self.lk = lk
        self.create = create
        self.datum = datum or "wgs84"
        self.crs = store_crs
        self.catalog = load_catalog()
        self.sites: dict[tuple[str, str, str | None], NewSite] = {}
        self.units: dict[str, NewUnit] = {}
        self._next = -1
        self.layer = layer or self._prevailing_layer(rows)
        # (datum, metres): the rows' lon/lat look copied from Amap or Baidu; None: as given,
        # or the import says which (`datum`).
        self.offset = None if datum else self._offset(rows)
        self._s = s
        self._loaded: Townships | None = None
        self._town_geoms: dict[str, Any] = {}
        self.townships: list[tuple[str, str, str]] = []  # code, name, county name

    @property
    def _towns(self) -> Townships:
        """The lowest districts with their shapes, read when a new site is first placed."""
        if self._loaded is None:
            towns = self._loaded = Townships.from_connection(self._s.connection())
            self._town_geoms = dict(zip(towns.codes, towns.geoms, strict=True))
            tree = self.lk.tree.rows
            self.townships = [
                (d.code, d.name, tree[d.parent_code].name if d.parent_code in tree else "")
                for d in tree.values()
                if d.level == "township" and d.code in self._town_geoms
            ]
        return self._loaded

    def _prevailing_layer(self, rows: list[_Row]) -> str | None:
        """The layer most of the file's uniquely named enterprises are on."""
        layers: Counter[str] = Counter()
        for r in rows:
            name = r.cells.get("site_name")
            if name and r.cells.get("site_id") is None:
                found = self.lk.site_names.exact(name)
                if len({s.layer for s in found}) == 1:
                    layers[found[0].layer] += 1
        return layers.most_common(1)[0][0] if layers else None

    def _offset(self, rows: list[_Row]) -> tuple[str, float] | None:
        """The datum the rows' lon/lat look like, judged on the rows whose name only one site
        has (that site's place is what the row's coordinates should say)."""
        pairs = []
        for r in rows:
            c = r.cells
            if c.get("lon") is None or c.get("lat") is None or c.get("site_id") is not None:
                continue
            if not c.get("site_name"):
                continue
            found = self.lk.site_names.exact(c["site_name"])
            if len(found) == 1:
                pairs.append((c["lon"], c["lat"], found[0].lon, found[0].lat))
        if len(pairs) < OFFSET_PAIRS:
            return None
        a = np.array(pairs, dtype=float)
        raw = float(np.median(_GEOD.inv(a[:, 2], a[:, 3], a[:, 0], a[:, 1])[2]))
        if raw < OFFSET_MIN_M:
            return None
        for datum in ("gcj02", "bd09"):
            lon, lat = from_wgs84(a[:, 2], a[:, 3], datum)
            if float(np.median(_GEOD.inv(lon, lat, a[:, 0], a[:, 1])[2])) <= OFFSET_FIT_M:
                return datum, raw
        return None

    def _id(self) -> int:
        self._next -= 1
        return self._next + 1

    def point(self, row: _Row) -> tuple[float, float] | None:
        """The row's lon/lat as CGCS2000/WGS84 degrees, or None when it gives none."""
        c = row.cells
        if c.get("lon") is None or c.get("lat") is None or {"lon", "lat"} & row.bad:
            return None
        lon, lat = to_wgs84(c["lon"], c["lat"], self.datum)
        return float(lon), float(lat)

    def site(self, row: _Row, name: str, layer: str | None) -> tuple[NewSite | None, str, str]:
        """The new site for this row, or None and why not (zh, en)."""
        layer = layer or self.layer
        if layer is None:
            return (
                None,
                "新建风险点需要图层：请在文件中填写「所属图层」，或导入时选择新建风险点的图层",
                "a new site needs a layer: fill in 所属图层 or choose the layer for new sites",
            )
        spec = self.catalog.get(layer)
        if spec is None or spec.geometry not in POINT_GEOMETRIES:
            zh_name = spec.name_zh if spec is not None else layer
            return (
                None,
                f"图层「{zh_name}」不是点图层，不能按坐标新建风险点",
                f"layer {layer} does not hold points; a new site cannot go there",
            )
        address = str(row.cells.get("address") or "")
        towns = self._towns
        at = self.point(row)
        if at is not None:
            xs, ys = lonlat_to_xy(np.array([at[0]]), np.array([at[1]]), self.crs)
            x, y = float(xs[0]), float(ys[0])
            code = towns.assign(np.array([[x, y]]))[0] if towns.codes else None
            if towns.codes and code is None:
                return (
                    None,
                    f"经纬度（{at[0]:.6f}，{at[1]:.6f}）不在本市范围内，无法新建风险点",
                    f"lon/lat ({at[0]:.6f}, {at[1]:.6f}) is outside the city",
                )
            placed = "coordinates"
            lon, lat = at
        else:
            codes = self._named_townships(row, address)
            if len(codes) != 1:
                return (
                    None,
                    "无法新建风险点：需要经度、纬度，或所属镇办（地址中含本市已有的乡镇、街道名称）",
                    "cannot create the site: give lon/lat, or a township the city knows "
                    "(in 所属镇办 or the address)",
                )
            code = codes[0]
            pt = shapely.point_on_surface(self._town_geoms[code])
            x, y = float(pt.x), float(pt.y)
            lons, lats = xy_to_lonlat(np.array([x]), np.array([y]), self.crs)
            lon, lat = float(lons[0]), float(lats[0])
            placed = "township"
        key = (name_key(name), layer, code)
        new = self.sites.get(key)
        if new is None:
            new = self.sites[key] = NewSite(
                self._id(), name, layer, code, address, lon, lat, x, y, placed
            )
        new.rows.append(row.n)
        return new, "", ""

    def _named_townships(self, row: _Row, address: str) -> tuple[str, ...]:
        c = row.cells
        if c.get("township"):
            county = str(c.get("county") or "")
            named = [
                t
                for t in self.townships
                if name_key(t[1]) == name_key(c["township"])
                and (not county or name_key(t[2]) == name_key(county))
            ]
            return tuple(t[0] for t in named)
        return township_in(f"{c.get('county') or ''}{address}", self.townships)

    def unit(self, row: _Row, name: str, site: Any) -> NewUnit:
        key = name_key(name)
        new = self.units.get(key)
        if new is None:
            kind = unit_kind(name)
            code = getattr(site, "district_code", None) if kind == "enterprise" else None
            new = self.units[key] = NewUnit(self._id(), name, kind, code)
        new.rows.append(row.n)
        return new


def near(sites: list[Any], at: tuple[float, float]) -> list[Any]:
    """The sites within NEAR_M of `at` (lon, lat); of several, the one alone within SAME_M
    (two venues of one name on one square: the row's pin is on one of them)."""
    found = [(distance_m(s, at[0], at[1]), s) for s in sites]
    close = [s for d, s in found if d <= NEAR_M]
    if len(close) > 1:
        same = [s for d, s in found if d <= SAME_M]
        if len(same) == 1:
            return same
    return close
