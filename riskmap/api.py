"""riskmap from Python: a city's regions, their dossiers and the figures, for notebooks and scripts.

    import riskmap.api as rm

    with rm.open("riskmap.sqlite") as city:
        r = city.region(district="东川县")
        r.counts.open          # the figures of riskmap.core.figures, as on the wall
        r.hazards              # a GeoDataFrame in CGCS2000 degrees (EPSG:4490)
        city.summary()         # a DataFrame: the figures of each county

The API is `riskmap query` and `riskmap summary` as Python objects: the region is built by
riskmap.core.region, the dossier by riskmap.core.dossier and every count by riskmap.core.figures,
so a figure here is the one the client, the wall and the briefing show. docs/api.md walks
through it.

Read-only by design: edits go through the ledger (the client, `riskmap ledger`), which checks the
user's role and writes the audit trail. geopandas and pandas are imported when a table is first
asked for, so neither `import riskmap.api` nor the client's start-up pays for them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
from collections.abc import Iterable, Sequence
from functools import cached_property
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from riskmap.core import figures
from riskmap.core.crs import GEOGRAPHIC, to_degrees, transform_geometry
from riskmap.core.dossier import (
    CrossingSite,
    Dossier,
    Filters,
    HazardRow,
    RectificationRow,
    SiteRow,
    Totals,
    UnitRow,
    build,
)
from riskmap.core.duties import responsible
from riskmap.core.figures import Counts
from riskmap.core.region import Region
from riskmap.core.workspace import Workspace
from riskmap.errors import RegionError, RiskmapError
from riskmap.messages import Words, words
from riskmap.store.engine import display_url, open_store

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

__all__ = ["GEOGRAPHIC", "City", "Counts", "RegionResult", "open"]

# The tables of a region and the rows they are made of (riskmap.core.dossier).
_ROWS: dict[str, type] = {
    "sites": SiteRow,
    "hazards": HazardRow,
    "units": UnitRow,
    "rectifications": RectificationRow,
    "crossing": CrossingSite,
}


# Shadows the builtin on purpose, inside this module only: `rm.open(path)` reads as opening a file.
def open(url_or_path: str | os.PathLike[str]) -> City:
    """Open a riskmap database and load its city: a SQLite file's path, or a database URL
    (`sqlite:///…`, `postgresql+psycopg2://user@host/riskmap`). Close it with `close()` or a
    `with` block."""
    url = _url(url_or_path)
    store = open_store(url)
    try:
        ws = Workspace.load(store)
    except BaseException:
        store.dispose()
        raise
    return City(ws)


def _url(url_or_path: str | os.PathLike[str]) -> str:
    text = os.fspath(url_or_path)
    if isinstance(url_or_path, os.PathLike) or "://" not in text:
        return f"sqlite:///{Path(text).expanduser().resolve().as_posix()}"
    return text


def _as_of(value: dt.date | str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise RiskmapError.of("api.as_of", value=value) from None


class City:
    """An open riskmap database with its city loaded (sites indexed, districts at hand)."""

    def __init__(self, ws: Workspace) -> None:
        self._ws = ws

    # -- what the city is -------------------------------------------------------------------

    @property
    def name(self) -> str:
        return self._ws.store.city_name

    @property
    def fictional(self) -> bool:
        return self._ws.store.fictional

    @property
    def url(self) -> str:
        """The database's URL, without its password."""
        return display_url(self._ws.store.url)

    @property
    def metric_crs(self) -> str:
        """The city's metric CRS (Gauss-Krüger metres): `frame.to_crs(city.metric_crs)` for
        lengths and areas."""
        return self._ws.crs

    geographic_crs = GEOGRAPHIC

    def districts(self, level: str | None = None) -> gpd.GeoDataFrame:
        """The districts (city, county, township), or those of one `level`, in degrees."""
        import geopandas as gpd

        rows = [d for d in self._ws.districts if level is None or d.level == level]
        columns = ["code", "name", "name_en", "level", "parent_code"]
        data = {c: [getattr(d, c) for d in rows] for c in columns}
        geoms = _degrees([d.geom for d in rows], self._ws.crs)
        frame = gpd.GeoDataFrame(data, columns=columns, geometry=geoms, crs=GEOGRAPHIC)
        frame.attrs["metric_crs"] = self._ws.crs
        return frame

    # -- questions ---------------------------------------------------------------------------

    def region(
        self,
        *,
        bbox: Sequence[float] | None = None,
        circle: Sequence[float] | None = None,
        polygon: Any = None,
        district: str | None = None,
        as_of: dt.date | str | None = None,
        layers: Iterable[str] = (),
        levels: Iterable[str] = (),
        status: str = "all",
    ) -> RegionResult:
        """The dossier of a region, as `riskmap query` answers it.

        One of: `bbox=(minlon, minlat, maxlon, maxlat)`; `circle=(lon, lat, km)`;
        `polygon=` WKT or GeoJSON text, a GeoJSON dict, a shapely geometry or a GeoDataFrame /
        GeoSeries (its polygons, merged); `district=` a name or code (a district answers for
        its own sites, 属地; the others' sites crossing into it are in `.crossing`). None of
        them: the whole city. Coordinates are CGCS2000 degrees (EPSG:4490; WGS84 is the same at
        city scale). `as_of` (default today) dates the figures; `layers`, `levels` (general,
        major) and `status` (all, open, closed, overdue or a rectification status) filter the
        lists as `riskmap query --layers/--level/--status` do.
        """
        ws = self._ws
        filters = Filters(
            layers=tuple(layers), levels=tuple(levels), status=status, as_of=_as_of(as_of)
        )
        ws.catalog.keys_checked(list(filters.layers))
        region = self._region(bbox, circle, polygon, district)
        return RegionResult(self, build(ws, region, filters))

    def summary(self, as_of: dt.date | str | None = None) -> pd.DataFrame:
        """The figures of each county (the sites of its townships, 属地) on `as_of`, indexed by
        county code; a last row with code "" holds sites outside every county, when there are
        any. The same figures as `riskmap summary --format json` and the wall."""
        import pandas as pd

        day = _as_of(as_of)
        per_county = figures.by_county(self._ws.store, day, self._ws.territory)
        names = [(d.code, d.name, d.name_en) for d in self._ws.counties()]
        if "" in per_county:
            names.append(("", "", ""))
        columns = ["code", "name", "name_en", *(f.name for f in dataclasses.fields(Counts))]
        rows = [
            {"code": code, "name": name, "name_en": name_en,
             **per_county.get(code, Counts()).as_dict()}
            for code, name, name_en in names
        ]  # fmt: skip
        frame = pd.DataFrame(rows, columns=columns).set_index("code")
        frame.attrs.update(as_of=day, city=self.name)
        return frame

    def counts(self, as_of: dt.date | str | None = None) -> Counts:
        """The figures of the whole city on `as_of` (default today)."""
        return figures.for_city(self._ws.store, _as_of(as_of))

    # -- the region ----------------------------------------------------------------------------

    def _region(self, bbox: Any, circle: Any, polygon: Any, district: Any) -> Region:
        ws = self._ws
        given = [n for n, v in (("bbox", bbox), ("circle", circle), ("polygon", polygon),
                                ("district", district)) if v is not None]  # fmt: skip
        if len(given) > 1:
            zh = "、".join(words.region(_ARGUMENT_KIND[n]).zh for n in given)
            raise RegionError.of("region.one_only", given=Words(" and ".join(given), zh))
        if bbox is not None:
            values = _numbers(bbox, 4, "bbox=(minlon, minlat, maxlon, maxlat)")
            return Region.from_bbox_lonlat(*values, crs=ws.crs)
        if circle is not None:
            lon, lat, km = _numbers(circle, 3, "circle=(lon, lat, km)")
            return Region.from_circle_lonlat(lon, lat, km * 1000.0, crs=ws.crs)
        if district is not None:
            return Region.from_district(ws.districts, str(district), crs=ws.crs)
        if polygon is not None:
            return _polygon_region(polygon, ws.crs)
        return ws.whole_region()

    # -- closing -------------------------------------------------------------------------------

    def close(self) -> None:
        self._ws.store.dispose()

    def __enter__(self) -> City:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<riskmap City {self.name!r}: {len(self._ws.sites)} sites, {self.url}>"


# The region arguments of City's methods, by the kind of region each gives.
_ARGUMENT_KIND = {
    "bbox": "bounding box",
    "circle": "circle",
    "polygon": "polygon",
    "district": "district",
}


def _numbers(values: Any, n: int, form: str) -> list[float]:
    try:
        out = [float(v) for v in values]
    except (TypeError, ValueError):
        raise RegionError.of("region.numbers", form=form, n=n, got=repr(values)) from None
    if len(out) != n:
        raise RegionError.of("region.numbers", form=form, n=n, got=len(out))
    return out


def _polygon_region(polygon: Any, crs: str) -> Region:
    """A polygon in degrees, as WKT, GeoJSON (text or dict), shapely or geopandas."""
    if isinstance(polygon, dict):
        return Region.from_geojson(polygon, crs)
    if isinstance(polygon, str | bytes):
        text = polygon.decode("utf-8-sig") if isinstance(polygon, bytes) else polygon
        if text.lstrip().startswith("{"):
            return Region.from_geojson(text, crs)
        try:
            geom = shapely.from_wkt(text)
        except shapely.errors.GEOSException as exc:
            raise RegionError.of("region.polygon_text", detail=str(exc)) from None
        return Region.from_polygon_lonlat(geom, crs)
    if isinstance(polygon, shapely.Geometry):
        return Region.from_polygon_lonlat(polygon, crs)
    if hasattr(polygon, "__geo_interface__"):
        # A GeoDataFrame or GeoSeries may be in any CRS; the region's coordinates are degrees.
        # Through riskmap's one transformation pipeline, not geopandas' own choice of operation.
        if getattr(polygon, "crs", None) is not None:
            series = getattr(polygon, "geometry", polygon)
            geoms = transform_geometry(
                np.asarray(series.values, dtype=object), polygon.crs.to_string(), GEOGRAPHIC
            )
            features = [
                {"type": "Feature", "geometry": json.loads(shapely.to_geojson(g))}
                for g in geoms
                if g is not None
            ]
            return Region.from_geojson({"type": "FeatureCollection", "features": features}, crs)
        return Region.from_geojson(dict(polygon.__geo_interface__), crs)
    raise RegionError.of("region.polygon_type", type=str(type(polygon)))


def _degrees(geoms: Sequence[shapely.Geometry | None], crs: str) -> np.ndarray:
    arr = np.asarray(list(geoms), dtype=object)
    if arr.size == 0:
        return arr
    return np.asarray(to_degrees(arr, crs), dtype=object)


class RegionResult:
    """A region's dossier: its lists as GeoDataFrames and plain tables, and its figures.

    Geometries are CGCS2000 degrees (EPSG:4490); `metric_crs` is the city's metric CRS, for
    `frame.to_crs(result.metric_crs)` when lengths or areas matter. Hazards and rectifications
    carry their site's geometry; a unit, the sites of the region it answers for (in that role).
    """

    def __init__(self, city: City, dossier: Dossier) -> None:
        self._city = city
        self.dossier = dossier

    # -- what was asked ---------------------------------------------------------------------

    @property
    def region(self) -> Region:
        """The region as riskmap.core.region builds it (geometry in the metric CRS)."""
        return self.dossier.region

    @property
    def label(self) -> str:
        return self.dossier.region.label

    @property
    def area_km2(self) -> float:
        return self.dossier.region.area_km2

    @property
    def as_of(self) -> dt.date:
        return self.dossier.filters.as_of

    @property
    def basis(self) -> str:
        """ "district": the district's own sites (属地); "geometry": what the shape meets."""
        return self.dossier.basis

    @property
    def metric_crs(self) -> str:
        return self.dossier.region.crs

    geographic_crs = GEOGRAPHIC

    @cached_property
    def geometry(self) -> shapely.Geometry:
        """The region's outline in degrees."""
        return to_degrees(self.dossier.region.geom, self.metric_crs)

    # -- the figures -----------------------------------------------------------------------------

    @property
    def counts(self) -> Counts:
        """The region's figures: sites, hazards, open, major_open, overdue, escalated,
        closed_week (riskmap.core.figures). For a district, those of its own sites."""
        return self.dossier.totals.overall

    @property
    def totals(self) -> Totals:
        """The figures by layer, by level and by county as well."""
        return self.dossier.totals

    @property
    def crossing_counts(self) -> Counts:
        """The figures of the other districts' sites crossing into a district."""
        return self.dossier.crossing_counts

    # -- the tables ----------------------------------------------------------------------------

    def tables(self) -> dict[str, Any]:
        """The lists as plain Python: table name → list of dicts (dates as datetime.date), and
        "totals" → the figures as dicts."""
        out: dict[str, Any] = {
            name: [dataclasses.asdict(row) for row in getattr(self.dossier, name)] for name in _ROWS
        }
        out["totals"] = dataclasses.asdict(self.dossier.totals)
        return out

    def to_json(self) -> dict[str, Any]:
        """The JSON of `riskmap query --format json` for this region."""
        return self.dossier.to_json()

    @cached_property
    def sites(self) -> gpd.GeoDataFrame:
        """The sites of the region: id, layer, name, district_code, county_code, lon, lat."""
        rows = self.dossier.sites
        return self._frame("sites", rows, [self._site_geoms.get(r.id) for r in rows])

    @cached_property
    def hazards(self) -> gpd.GeoDataFrame:
        """The hazards of the region's sites found by `as_of` (and passing the filters)."""
        rows = self.dossier.hazards
        return self._frame("hazards", rows, [self._site_geoms.get(r.site_id) for r in rows])

    @cached_property
    def rectifications(self) -> gpd.GeoDataFrame:
        """The open rectification orders of the region's hazards."""
        rows = self.dossier.rectifications
        return self._frame("rectifications", rows, [self._site_geoms.get(r.site_id) for r in rows])

    @cached_property
    def units(self) -> gpd.GeoDataFrame:
        """The units answering for the region's sites, one row per unit and role, with the ids
        (`site_ids`) and geometries of the sites it answers for here."""
        rows = self.dossier.units
        members = responsible(
            self._city._ws, ((s.id, s.layer, s.district_code) for s in self.dossier.sites)
        )
        ids = [sorted(members.get((u.id, u.role), ())) for u in rows]
        geoms = [
            shapely.GeometryCollection([self._site_geoms[i] for i in sids if i in self._site_geoms])
            for sids in ids
        ]
        frame = self._frame("units", rows, geoms)
        frame.insert(len(frame.columns) - 1, "site_ids", ids)
        return frame

    @cached_property
    def crossing(self) -> gpd.GeoDataFrame:
        """A district's crossing sites (other districts' sites whose geometry enters it), each
        with its figures; empty for other regions."""
        rows = self.dossier.crossing
        frame = self._frame("crossing", rows, [self._site_geoms.get(r.id) for r in rows])
        counts = frame.pop("counts")
        for f in dataclasses.fields(Counts):
            frame.insert(len(frame.columns) - 1, f.name, [c[f.name] for c in counts])
        return frame

    @cached_property
    def _site_geoms(self) -> dict[int, shapely.Geometry]:
        """The geometries, in degrees, of every site the dossier names."""
        d = self.dossier
        ids = sorted({s.id for s in d.sites} | {c.id for c in d.crossing})
        metric = self._city._ws.geometries(ids)
        found = [i for i in ids if i in metric]
        return dict(zip(found, _degrees([metric[i] for i in found], self.metric_crs), strict=True))

    def _frame(self, name: str, rows: Sequence[Any], geoms: Sequence[Any]) -> gpd.GeoDataFrame:
        import geopandas as gpd
        import pandas as pd

        fields = dataclasses.fields(_ROWS[name])
        columns = [f.name for f in fields]
        frame = pd.DataFrame([dataclasses.asdict(r) for r in rows], columns=columns)
        for f in fields:
            kind = str(f.type)
            # Dates as datetime64, so that `.dt` and comparisons with pd.Timestamp work; counts
            # that may be missing (days_left of a closed hazard) stay integers, not floats.
            if "dt.date" in kind:
                frame[f.name] = pd.to_datetime(frame[f.name])
            elif kind == "int | None":
                frame[f.name] = frame[f.name].astype("Int64")
        out = gpd.GeoDataFrame(frame, geometry=list(geoms), crs=GEOGRAPHIC)
        out.attrs["metric_crs"] = self.metric_crs
        return out

    def __repr__(self) -> str:
        c = self.counts
        return (
            f"<riskmap region {self.label!r} as of {self.as_of}: {c.sites} sites, "
            f"{c.hazards} hazards ({c.open} open, {c.overdue} overdue)>"
        )
