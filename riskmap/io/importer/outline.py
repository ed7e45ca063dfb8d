"""A new city's outline: the first file of an empty database, which fixes its metric CRS.

The outline (any vector file: GeoPackage, Shapefile, KML, GeoJSON …; one or more polygons) is
read like every import (riskmap.io.importer.hygiene: checked, repaired, un-offset from GCJ-02 or
BD-09 when the caller says the coordinates came from Amap or Baidu, since nothing exists yet to
compare them against), its centre picks the metric CRS (riskmap.core.crs.metric_crs_for)
unless one is given, and its polygons become one district of level "city".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import shapely

from riskmap.core.crs import GEOGRAPHIC, check_metric_crs, lonlat_window, metric_crs_for
from riskmap.core.crs import transform_geometry as transform
from riskmap.core.datum import to_wgs84
from riskmap.errors import RiskmapError
from riskmap.io.importer.districts import CODE_LIMIT, NAME_LIMIT
from riskmap.io.importer.hygiene import prepare
from riskmap.io.importer.source import FeatureSource, read_features
from riskmap.messages import Words
from riskmap.store.access import Actor, check_write
from riskmap.store.engine import Store
from riskmap.store.schema import District

_POLYGONS = (3, 6)  # GEOS type ids of Polygon and MultiPolygon


@dataclass
class CityOutline:
    """A city's outline, read and checked; `crs` is the metric CRS the database will use."""

    source: FeatureSource
    degrees: shapely.Geometry  # CGCS2000 lon/lat
    crs: str
    crs_chosen: bool  # True: chosen from the outline's centre; False: given by the user
    metric: shapely.Geometry  # in `crs`
    polygons: int
    notes: list[str] = field(default_factory=list)

    @property
    def centre(self) -> tuple[float, float]:
        minx, miny, maxx, maxy = self.degrees.bounds
        return (minx + maxx) / 2.0, (miny + maxy) / 2.0

    @property
    def area_km2(self) -> float:
        return float(self.metric.area) / 1e6


def outline_crs(
    path: str | Path,
    *,
    layer: str | None = None,
    encoding: str | None = None,
    file_crs: str | None = None,
    datum: str | None = None,
) -> str:
    """The metric CRS a city of this outline gets by default (the dialog shows it first)."""
    source = read_features(path, layer=layer, encoding=encoding, crs=file_crs, datum=datum)
    return metric_crs_for(_degrees(source).bounds)


def read_outline(
    path: str | Path,
    *,
    crs: str | None = None,
    layer: str | None = None,
    encoding: str | None = None,
    file_crs: str | None = None,
    datum: str | None = None,
) -> CityOutline:
    """Read a city outline and settle the city's metric CRS: `crs`, else the one its centre
    picks. `file_crs` declares the file's own CRS when it says none; `datum` that lon/lat are
    GCJ-02 or BD-09. RiskmapError (with the reason) when the file cannot be a city's outline or
    the CRS cannot be the city's."""
    source = read_features(path, layer=layer, encoding=encoding, crs=file_crs, datum=datum)
    degrees = _degrees(source)
    minx, miny, maxx, maxy = degrees.bounds
    centre = ((minx + maxx) / 2.0, (miny + maxy) / 2.0)
    metric_crs = crs or metric_crs_for(degrees.bounds)
    check_metric_crs(metric_crs, centre)
    _within_window(source.path.name, degrees, metric_crs)
    # The same checks, repairs and transformation as every later import into this database.
    prep = prepare(source, "polygon", metric_crs)
    assert prep.geoms is not None
    good = [g for g, bad in zip(prep.geoms, prep.rejected, strict=True) if not bad]
    if prep.problems and not good:
        first = prep.problems[0]
        raise RiskmapError.of(
            "city.outline_unusable", name=source.path.name, why=Words(first.reason_en, first.reason)
        )
    metric = shapely.union_all([g for g in good if shapely.get_type_id(g) in _POLYGONS])
    if metric.is_empty or metric.area <= 0:
        raise RiskmapError.of("city.outline_no_polygon", name=source.path.name)
    notes = list(source.notes)
    if prep.repaired:
        notes.append(f"{len(prep.repaired)} invalid polygon(s) repaired")
    if prep.problems:
        notes.append(f"{len(prep.problems)} feature(s) left out: {prep.problems[0].reason_en}")
    return CityOutline(
        source=source,
        degrees=degrees,
        crs=metric_crs,
        crs_chosen=crs is None,
        metric=metric,
        polygons=len(shapely.get_parts(metric)),
        notes=notes,
    )


def check_fits_crs(source: FeatureSource, crs: str) -> None:
    """RiskmapError when a city outline lies where the database's `crs` is not faithful (a
    database made without an outline keeps EPSG:4544, CM 105°E, whatever city comes later)."""
    _within_window(source.path.name, _degrees(source), crs)


def _within_window(name: str, degrees: shapely.Geometry, crs: str) -> None:
    minx, miny, maxx, maxy = degrees.bounds
    w = lonlat_window(crs)
    if not (w[0] <= minx and maxx <= w[2] and w[1] <= miny and maxy <= w[3]):
        raise RiskmapError.of(
            "city.outline_outside_crs",
            name=name,
            crs=crs,
            west=minx,
            east=maxx,
            south=miny,
            north=maxy,
            suggest=metric_crs_for(degrees.bounds),
        )


def _degrees(source: FeatureSource) -> shapely.Geometry:
    """The outline's polygons in CGCS2000 degrees (un-offset), merged; refused when none."""
    name = source.path.name
    if source.crs is None:
        raise RiskmapError.of("city.outline_no_crs", name=name)
    geoms = np.asarray(source.geometry.shapely(), dtype=object)
    live = geoms[~shapely.is_missing(geoms)] if len(geoms) else geoms
    polys = [g for g in live if shapely.get_type_id(g) in _POLYGONS and not g.is_empty]
    if not polys:
        raise RiskmapError.of("city.outline_no_polygon", name=name)
    arr = np.asarray(polys, dtype=object)
    if source.datum in ("gcj02", "bd09") and source.geographic:
        datum = source.datum
        arr = shapely.transform(arr, lambda c: np.column_stack(to_wgs84(c[:, 0], c[:, 1], datum)))
        src_crs = GEOGRAPHIC
    else:
        src_crs = source.crs
    with np.errstate(invalid="ignore"):
        deg = transform(arr, src_crs, GEOGRAPHIC)
    xy = shapely.get_coordinates(deg)
    if (
        not len(xy)
        or not np.isfinite(xy).all()
        or (np.abs(xy[:, 0]) > 180).any()
        or (np.abs(xy[:, 1]) > 90).any()
    ):
        raise RiskmapError.of("city.outline_not_degrees", name=name, crs=source.crs)
    valid = [g if g.is_valid else shapely.make_valid(g) for g in deg]
    return shapely.union_all(valid)


DEFAULT_CODE = "CITY"  # a city's district code when none is given (its 行政区划代码 is better)


def city_words(outline: CityOutline, name: str | None, code: str | None) -> tuple[str, str]:
    """The city's name (default: the outline file's name) and district code, checked."""
    name = (name or "").strip() or outline.source.path.stem
    code = (code or "").strip() or DEFAULT_CODE
    if len(name) > NAME_LIMIT:
        raise RiskmapError.of("city.bad_name", name=name, max_chars=NAME_LIMIT)
    if len(code) > CODE_LIMIT:
        raise RiskmapError.of("city.bad_code", code=code, max_chars=CODE_LIMIT)
    return name, code


def write_city(store: Store, actor: Actor, outline: CityOutline, name: str, code: str) -> None:
    """The outline as the database's one district of level "city", and the city's name."""
    check_write(actor, "districts", "create")
    name, code = city_words(outline, name, code)
    from riskmap.store.schema import Meta

    with store.begin(actor) as s:
        s.add(District(code=code, name=name, name_en="", level="city", geom=outline.metric))
        meta = s.get(Meta, "city_name")
        if meta is None:
            s.add(Meta(key="city_name", value=name))
        else:
            meta.value = name
    store.meta["city_name"] = name
