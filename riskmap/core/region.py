"""Region: the area a person selected, as a shapely geometry in the metric CRS, and how it was made.

Every constructor validates what it is given and raises RegionError with a one-line message that
names the problem, because the message goes straight to the status bar or the command line.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from shapely.geometry import shape

from riskmap.core.crs import (
    check_lonlat,
    lonlat_to_xy,
    lonlat_window,
    map_metres,
    to_degrees,
    to_metric,
    xy_to_lonlat,
)
from riskmap.errors import RegionError
from riskmap.messages import Note, words

if TYPE_CHECKING:
    from riskmap.store.load import DistrictRecord

KINDS = ("city", "rect", "polygon", "lasso", "circle", "district", "buffer", "patrol")
# 64 segments per quarter: the polygon lies within 0.008 % of the true circle, so a point 2.9 km
# out is inside a 3 km circle and 3.1 km out is not, as a person reading the radius expects
CIRCLE_QUAD_SEGS = 64
# 32 per quarter for buffers and corridors: their arcs lie within 0.03 % of the distance, inside
# the 0.1 % a buffer promises (16 would cut 0.12 % off between vertices).
BUFFER_QUAD_SEGS = 32
# An edge drawn in degrees is a curve in the metric CRS: a vertex every 0.02° keeps the chord
# within metres of it on the widest area a Gauss-Krüger zone is used for.
_EDGE_STEP_DEG = 0.02
_EARTH_REACH = 1e10  # metres; the Earth's circumference is 4e7
_MAX_METRIC = 1e12  # metres from a CRS's origin: no map coordinate is further out


def _finite(*values: float) -> bool:
    return all(isinstance(v, int | float | np.number) and math.isfinite(v) for v in values)


def _km(metres: float) -> str:
    return f"{metres / 1000:.1f} km" if metres >= 1000 else f"{metres:.0f} m"


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """The polygonal part of geom (empty when it has none)."""
    tid = shapely.get_type_id(geom)
    if tid in (3, 6):
        return geom
    parts = [
        p for p in shapely.get_parts(geom) if shapely.get_type_id(p) in (3, 6) and not p.is_empty
    ]
    if not parts:
        return shapely.Polygon()
    return shapely.union_all(parts) if len(parts) > 1 else parts[0]


def _check_degrees(geom: shapely.Geometry, what: str) -> None:
    xy = shapely.get_coordinates(geom)
    if len(xy) == 0:
        return
    if not np.isfinite(xy).all():
        raise RegionError.of("region.degrees_not_finite", what=words.region(what))
    bad = (np.abs(xy[:, 0]) > 180) | (np.abs(xy[:, 1]) > 90)
    if bad.any():
        x, y = xy[np.argmax(bad)]
        raise RegionError.of(
            "region.metres_as_degrees", what=words.region(what), x=f"{x:.6g}", y=f"{y:.6g}"
        )


def _repair_note(what: str, reason: str) -> str:
    if "Self-intersection" in reason:
        return Note("note.region_repaired", what=words.region(what))
    return Note("note.region_invalid_repaired", what=words.region(what), reason=reason)


def _window(crs: str) -> dict[str, float]:
    """The params {west}…{north} of a message: where the map's `crs` is faithful."""
    west, south, east, north = lonlat_window(crs)
    return {"west": west, "south": south, "east": east, "north": north}


def _degrees_to_metric(
    geom_deg: shapely.Geometry, crs: str, what: str
) -> tuple[shapely.Geometry, tuple[str, ...]]:
    """A polygon in degrees → the metric `crs`, clipped to where that CRS is faithful.

    Far outside its area of use a Gauss-Krüger projection folds over or overflows, so a world
    box transformed as it is selects nothing, or fails in GEOS. No site lies out there, so the
    clip loses none; a polygon wholly outside is a RegionError.
    """
    notes: tuple[str, ...] = ()
    if not shapely.is_valid(geom_deg):
        notes += (_repair_note(what, shapely.is_valid_reason(geom_deg)),)
        geom_deg = _polygonal(shapely.make_valid(geom_deg))
    else:
        geom_deg = _polygonal(geom_deg)
    if geom_deg.is_empty or geom_deg.area <= 0:
        raise RegionError.of("region.no_area", kind=words.region(what))
    window = shapely.box(*lonlat_window(crs))
    if not window.covers(geom_deg):
        geom_deg = _polygonal(shapely.intersection(geom_deg, window))
        if geom_deg.is_empty or geom_deg.area <= 0:
            raise RegionError.of(
                "region.outside_map", what=words.region(what), crs=crs, **_window(crs)
            )
        notes += (Note("note.region_clipped", what=words.region(what), **_window(crs)),)
    metric = to_metric(shapely.segmentize(geom_deg, _EDGE_STEP_DEG), crs)
    if not np.isfinite(shapely.get_coordinates(metric)).all():
        raise RegionError.of("region.cannot_project", what=words.region(what), crs=crs)
    return metric, notes


def ground_buffer(geoms: Any, distance_m: float, crs: str) -> Any:
    """`geoms` (metric `crs`) grown by `distance_m` metres on the ground: the one buffer rule of
    region buffers and patrol corridors. The map's scale factor is taken at the middle of what
    is buffered (it varies by well under 0.01 % across a city's buffer)."""
    minx, miny, maxx, maxy = shapely.total_bounds(geoms)
    reach = map_metres(distance_m, crs, (minx + maxx) / 2.0, (miny + maxy) / 2.0)
    return shapely.buffer(geoms, reach, quad_segs=BUFFER_QUAD_SEGS)


def patrol_ground(geom: shapely.Geometry, buffer_m: float, crs: str) -> shapely.Geometry:
    """The ground a patrol covers: a route's corridor, or an area grown by its buffer.

    One rule for the coverage check and for the patrol's dossier, so both count the same sites.
    """
    if buffer_m > 0:
        return ground_buffer(geom, float(buffer_m), crs)
    return geom


def _lonlat_text(x: float, y: float, crs: str) -> str:
    lon, lat = xy_to_lonlat(np.array([x]), np.array([y]), crs)
    return f"{float(lon[0]):.2f}, {float(lat[0]):.2f}"


@dataclass(frozen=True, eq=False)
class Region:
    """A selected area in the metric `crs`; `kind` tells how it was drawn or chosen."""

    geom: shapely.Geometry
    kind: str
    crs: str
    label: str
    params: dict[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    @property
    def area_km2(self) -> float:
        return float(self.geom.area) / 1e6

    def to_geojson_lonlat(self) -> dict[str, Any]:
        """A GeoJSON Feature in CGCS2000 degrees, with how the region was made as properties."""
        return {
            "type": "Feature",
            "geometry": json.loads(shapely.to_geojson(to_degrees(self.geom, self.crs))),
            "properties": {
                "kind": self.kind,
                "label": self.label,
                "crs": self.crs,
                "area_km2": round(self.area_km2, 6),
                "params": self.params,
                "notes": list(self.notes),
            },
        }

    # ---------------------------------------------------------------- rectangles

    @classmethod
    def from_bbox_lonlat(
        cls, minlon: float, minlat: float, maxlon: float, maxlat: float, crs: str
    ) -> Region:
        for lon, lat in ((minlon, minlat), (maxlon, maxlat)):
            check_lonlat(lon, lat, "bounding box")
        # min > max is refused rather than read as a box across the 180° meridian: swapped
        # corners are a typing slip far more often, and no Chinese city lies at 180°
        if not (minlon < maxlon and minlat < maxlat):
            raise RegionError.of(
                "region.bbox_order", minlon=minlon, maxlon=maxlon, minlat=minlat, maxlat=maxlat
            )
        box = shapely.box(minlon, minlat, maxlon, maxlat)
        geom, clip_notes = _degrees_to_metric(box, crs, "bounding box")
        label = f"box {minlon:.4f}–{maxlon:.4f} E, {minlat:.4f}–{maxlat:.4f} N"
        params = {"bbox_lonlat": [float(minlon), float(minlat), float(maxlon), float(maxlat)]}
        return cls._checked(geom, "rect", crs, label, params, clip_notes)

    @classmethod
    def from_rect(cls, x0: float, y0: float, x1: float, y1: float, crs: str) -> Region:
        if not _finite(x0, y0, x1, y1):
            raise RegionError.of("region.rect_not_finite", x0=x0, y0=y0, x1=x1, y1=y1)
        minx, maxx = sorted((float(x0), float(x1)))
        miny, maxy = sorted((float(y0), float(y1)))
        if not (minx < maxx and miny < maxy):
            raise RegionError.of("region.rect_no_area", x0=x0, y0=y0, x1=x1, y1=y1)
        geom = shapely.box(minx, miny, maxx, maxy)
        label = f"rectangle {_km(maxx - minx)} × {_km(maxy - miny)}"
        return cls(geom, "rect", crs, label, {"bbox": [minx, miny, maxx, maxy]})

    # ------------------------------------------------------------------ polygons

    @classmethod
    def from_polygon(
        cls, geom_metric: shapely.Geometry | None, crs: str, kind: str = "polygon"
    ) -> Region:
        """A drawn or given polygon (metric CRS); an invalid one is repaired, with a note."""
        if kind not in KINDS:
            raise RegionError.of("region.unknown_kind", kind=kind, choices=KINDS)
        if geom_metric is None or not isinstance(geom_metric, shapely.Geometry):
            raise RegionError.of("region.no_geometry", kind=words.region(kind))
        if geom_metric.is_empty:
            raise RegionError.of("region.empty", kind=words.region(kind))
        if not np.isfinite(shapely.get_coordinates(geom_metric)).all():
            raise RegionError.of("region.not_finite", kind=words.region(kind))
        if shapely.get_dimensions(geom_metric) < 2:
            raise RegionError.of(
                "region.not_polygon",
                kind=words.region(kind),
                geometry=words.geometry(geom_metric.geom_type),
            )
        return cls._checked(geom_metric, kind, crs, None, {}, ())

    @classmethod
    def from_polygon_lonlat(
        cls, geom_deg: shapely.Geometry | None, crs: str, kind: str = "polygon"
    ) -> Region:
        if geom_deg is None or not isinstance(geom_deg, shapely.Geometry) or geom_deg.is_empty:
            raise RegionError.of("region.empty", kind=words.region(kind))
        _check_degrees(geom_deg, kind)
        if shapely.get_dimensions(geom_deg) < 2:
            raise RegionError.of(
                "region.not_polygon",
                kind=words.region(kind),
                geometry=words.geometry(geom_deg.geom_type),
            )
        geom, notes = _degrees_to_metric(geom_deg, crs, kind)
        region = cls.from_polygon(geom, crs, kind)
        return dataclasses.replace(region, notes=notes + region.notes)

    @classmethod
    def from_geojson(cls, text_or_obj: str | bytes | dict[str, Any], crs: str) -> Region:
        """A FeatureCollection, Feature or bare geometry in degrees; its polygons, merged."""
        obj: Any = text_or_obj
        if isinstance(obj, bytes | bytearray):
            try:
                obj = obj.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise RegionError.of("region.geojson_not_utf8") from None
        if isinstance(obj, str):
            try:
                obj = json.loads(obj)
            except json.JSONDecodeError as exc:
                raise RegionError.of(
                    "region.geojson_syntax", line=exc.lineno, column=exc.colno, detail=exc.msg
                ) from None
        geoms = _geojson_geometries(obj)
        if not geoms:
            raise RegionError.of("region.geojson_no_geometry")
        kinds = sorted({g.geom_type for g in geoms})
        polys = [g for g in geoms if shapely.get_type_id(g) in (3, 6) and not g.is_empty]
        if not polys:
            if all(g.is_empty for g in geoms):
                raise RegionError.of("region.geojson_empty")
            raise RegionError.of(
                "region.geojson_no_polygon", found=[words.geometry(k) for k in kinds]
            )
        for p in polys:
            _check_degrees(p, "GeoJSON")
        notes: tuple[str, ...] = ()
        if len(polys) > 1:
            # a union of invalid polygons can fail in GEOS: repair each before merging
            if not all(p.is_valid for p in polys):
                polys = [p if p.is_valid else _polygonal(shapely.make_valid(p)) for p in polys]
                notes += (Note("note.geojson_repaired"),)
            merged = shapely.union_all(polys)
        else:
            merged = polys[0]
        geom, clip_notes = _degrees_to_metric(merged, crs, "polygon")
        region = cls.from_polygon(geom, crs, "polygon")
        params = {"source": "geojson", "polygons": len(polys)}
        notes += clip_notes + region.notes
        if len(polys) < len(geoms):
            notes += (Note("note.non_polygons_ignored", count=len(geoms) - len(polys)),)
        label = f"GeoJSON polygon {region.area_km2:.2f} km²"
        return cls(region.geom, region.kind, crs, label, params, notes)

    # ------------------------------------------------------------------- circles

    @classmethod
    def from_circle(cls, x: float, y: float, radius_m: float, crs: str) -> Region:
        if not _finite(radius_m) or radius_m <= 0:
            raise RegionError.of("region.radius", radius=radius_m)
        if not _finite(x, y):
            raise RegionError.of("region.centre_not_finite", x=x, y=y)
        x, y, reach = float(x), float(y), float(radius_m)
        if max(abs(x), abs(y)) > _MAX_METRIC:
            raise RegionError.of(
                "region.centre_too_far",
                x=f"{x:.6g}",
                y=f"{y:.6g}",
                limit=f"{_MAX_METRIC:.0e}",
                crs=crs,
            )
        # No point of the Earth lies _EARTH_REACH from the origin of a metric CRS: a larger
        # circle selects the same sites, and an astronomic radius overflows in GEOS.
        reach = min(reach, math.hypot(x, y) + _EARTH_REACH)
        # The radius is ground metres; the map is stretched by its scale factor there.
        if reach < _EARTH_REACH:
            reach = map_metres(reach, crs, x, y)
        geom = shapely.Point(x, y).buffer(reach, quad_segs=CIRCLE_QUAD_SEGS)
        lonlat = _lonlat_text(float(x), float(y), crs)
        label = f"circle {radius_m / 1000:.1f} km around {lonlat}"
        params = {"center": [float(x), float(y)], "radius_m": float(radius_m)}
        return cls(geom, "circle", crs, label, params)

    @classmethod
    def from_circle_lonlat(cls, lon: float, lat: float, radius_m: float, crs: str) -> Region:
        check_lonlat(lon, lat, "circle centre")
        w = lonlat_window(crs)
        if not (w[0] <= lon <= w[2] and w[1] <= lat <= w[3]):
            raise RegionError.of("region.centre_outside", lon=lon, lat=lat, crs=crs, **_window(crs))
        x, y = lonlat_to_xy(np.array([lon]), np.array([lat]), crs)
        region = cls.from_circle(float(x[0]), float(y[0]), radius_m, crs)
        region.params["center_lonlat"] = [float(lon), float(lat)]
        return region

    # ---------------------------------------------------------------- districts

    @classmethod
    def from_district(
        cls, districts: Sequence[DistrictRecord], code_or_name: str, crs: str
    ) -> Region:
        """By exact code, exact name, then a unique name prefix or substring."""
        d = _match_district(districts, str(code_or_name).strip())
        region = cls.from_polygon(d.geom, crs, "district")
        label = f"district {d.name} ({d.code})"
        params = {"code": d.code, "name": d.name, "level": d.level}
        return cls(region.geom, "district", crs, label, params, region.notes)

    # ------------------------------------------------------------------ buffers

    @classmethod
    def from_buffer(cls, geoms: Sequence[shapely.Geometry], distance_m: float, crs: str) -> Region:
        """Everything within distance_m of the selected sites, or of a route."""
        if not _finite(distance_m) or distance_m <= 0:
            raise RegionError.of("region.buffer_distance", distance=distance_m)
        arr = np.asarray(list(geoms) if not isinstance(geoms, np.ndarray) else geoms, dtype=object)
        arr = arr[[g is not None and not g.is_empty for g in arr]] if arr.size else arr
        if arr.size == 0:
            raise RegionError.of("region.buffer_nothing")
        if not np.isfinite(shapely.get_coordinates(arr)).all():
            raise RegionError.of("region.buffer_not_finite")
        geom = shapely.union_all(ground_buffer(arr, float(distance_m), crs))
        dims = shapely.get_dimensions(arr)
        if len(arr) == 1 and dims[0] == 1:
            what = f"along a route of {_km(float(shapely.length(arr[0])))}"
        else:
            what = f"around {len(arr)} site{'s' if len(arr) != 1 else ''}"
        label = f"{_km(float(distance_m))} {what}"
        params = {"distance_m": float(distance_m), "count": len(arr)}
        return cls._checked(geom, "buffer", crs, label, params, ())

    @classmethod
    def from_patrol_area(
        cls, name: str, geom: shapely.Geometry | None, buffer_m: float, crs: str
    ) -> Region:
        """A saved patrol area; a route covers what lies within buffer_m of it."""
        if geom is None or geom.is_empty:
            raise RegionError.of("region.patrol_no_geometry", name=name)
        if not _finite(buffer_m) or buffer_m < 0:
            raise RegionError.of("region.patrol_buffer", name=name, distance=buffer_m)
        if shapely.get_dimensions(geom) < 2 and buffer_m <= 0:
            raise RegionError.of("region.patrol_route_buffer", name=name)
        region = cls.from_polygon(patrol_ground(geom, buffer_m, crs), crs, "patrol")
        params = {"name": name, "buffer_m": float(buffer_m)}
        return cls(region.geom, "patrol", crs, f"patrol area {name}", params, region.notes)

    @classmethod
    def whole(cls, geom_city: shapely.Geometry, crs: str) -> Region:
        region = cls.from_polygon(geom_city, crs, "city")
        return cls(region.geom, "city", crs, "whole city", {}, region.notes)

    # ---------------------------------------------------------------- internals

    @classmethod
    def _checked(
        cls,
        geom: shapely.Geometry,
        kind: str,
        crs: str,
        label: str | None,
        params: dict[str, Any],
        notes: tuple[str, ...],
    ) -> Region:
        """Repair an invalid polygon (with a note), keep its polygonal part, refuse no area."""
        if not shapely.is_valid(geom):
            notes += (_repair_note(kind, shapely.is_valid_reason(geom)),)
            geom = _polygonal(shapely.make_valid(geom))
        else:
            geom = _polygonal(geom)
        if geom.is_empty or geom.area <= 0:
            raise RegionError.of("region.no_area", kind=words.region(kind))
        if label is None:
            label = f"{kind} {geom.area / 1e6:.2f} km²"
        return cls(geom, kind, crs, label, params, notes)


def _geojson_geometries(obj: Any) -> list[shapely.Geometry]:
    if not isinstance(obj, dict) or "type" not in obj:
        raise RegionError.of("region.geojson_not_object")
    t = obj["type"]
    try:
        if t == "FeatureCollection":
            return [g for f in obj["features"] for g in _geojson_geometries(f)]
        if t == "Feature":
            geom = obj.get("geometry")
            return [] if geom is None else _geojson_geometries(geom)
        if t in ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"):
            with warnings.catch_warnings():
                # JSON may hold NaN: shapely warns while building, _check_degrees then refuses
                warnings.simplefilter("ignore", RuntimeWarning)
                return [shape(obj)]
        if t == "GeometryCollection":
            return [g for sub in obj["geometries"] for g in _geojson_geometries(sub)]
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
        raise RegionError.of("region.geojson_malformed", type=t, detail=str(exc)) from None
    except shapely.errors.GEOSException as exc:
        raise RegionError.of("region.geojson_malformed", type=t, detail=str(exc)) from None
    raise RegionError.of("region.geojson_type", type=t)


def _match_district(districts: Sequence[DistrictRecord], query: str) -> DistrictRecord:
    if not query:
        raise RegionError.of("region.district_query")
    for d in districts:
        if d.code == query:
            return d
    q = query.casefold()

    def names(d: DistrictRecord) -> tuple[str, ...]:
        return tuple(n.casefold() for n in (d.name, d.name_en) if n)

    for test in (
        lambda n: n == q,
        lambda n: n.startswith(q),
        lambda n: q in n,
    ):
        found = [d for d in districts if any(test(n) for n in names(d))]
        if len(found) == 1:
            return found[0]
        if found:
            shown: list[object] = [f"{d.name} ({d.code})" for d in found[:8]]
            if len(found) > 8:
                shown.append(words.more(len(found) - 8))
            raise RegionError.of("region.district_ambiguous", query=query, matches=shown)
    all_names = [n for d in districts for n in (d.name, d.name_en) if n]
    close = difflib.get_close_matches(query, all_names, n=5, cutoff=0.4)
    if close:
        raise RegionError.of("region.no_district_close", query=query, close=close)
    raise RegionError.of("region.no_district", query=query)
