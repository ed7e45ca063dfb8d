"""Patrol plans (巡查区域) out of riskmap: GeoJSON for GIS, KML for the teams' phones, and the
巡查排班表 as XLSX for the duty office.

Geometries are stored in the city's metric CRS; GeoJSON (RFC 7946) and KML both want lon/lat, so
they are reprojected to CGCS2000 degrees, which PROJ treats as WGS84 to well under a metre at
city scale. Coordinates keep nine decimals (about 0.1 mm): a plan read back and reprojected
lands where it was drawn, not a rounding step away.

KML is written with riskmap.io.kml_write (xml.etree, not GDAL): one shared <Style> per kind,
the placemarks in a <Folder> per kind named in the document's language (巡查区域, 巡查路线,
路线覆盖范围), a readable <description> and a <TimeSpan>; GDAL reads each folder as a layer
(tests). GeoJSON polygons have their outer rings counter-clockwise and holes clockwise, as
RFC 7946 asks.

Every file is written to a temporary file beside the target and renamed over it, so a failed
export never leaves half a file where the old one was.
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from pyproj.exceptions import CRSError
from shapely.geometry import mapping
from sqlalchemy import select

from riskmap.atomic import write_bytes_atomic
from riskmap.core.crs import to_degrees
from riskmap.core.patrol import STYLE as PATROL_STYLE
from riskmap.core.patrol import Patrol
from riskmap.core.presets import preset_name
from riskmap.errors import RiskmapError
from riskmap.io import kml_write as kw
from riskmap.io.tables import write_xlsx
from riskmap.store.engine import Store
from riskmap.store.schema import Unit

DECIMALS = kw.DECIMALS
ROSTER_SHEET = "巡查排班表"
ROSTER_HEADERS = (
    "名称",
    "类型",
    "巡查组",
    "责任单位",
    "开始日期",
    "结束日期",
    "节点",
    "路线缓冲(米)",
    "面积(平方公里)",
    "长度(公里)",
    "备注",
)
KIND_NAMES = {"area": ("巡查区域", "patrol area"), "route": ("巡查路线", "patrol route")}
# The map's patrol style (riskmap.core.patrol.STYLE) in KML's aabbggrr: areas outlined and
# lightly filled, routes a bold line, a route's corridor a faint outline and fill.
KML_STYLES: dict[str, dict[str, Any]] = {
    "area": {
        "line": kw.kml_colour(PATROL_STYLE.color, 0xFF),
        "width": 2.0,
        "poly": kw.kml_colour(PATROL_STYLE.fill or PATROL_STYLE.color),
    },
    "route": {"line": kw.kml_colour(PATROL_STYLE.color, 0xFF), "width": 4.0, "poly": None},
    "corridor": {
        "line": kw.kml_colour(PATROL_STYLE.color, 0x80),
        "width": 1.0,
        "poly": kw.kml_colour(PATROL_STYLE.color, 0x30),
    },
}
_WORDS = {
    "zh": {
        "title": "巡查区域与路线",
        "team": "巡查组",
        "unit": "责任单位",
        "window": "巡查时间",
        "to": "至",
        "open": "不限",
        "preset": "节点",
        "buffer": "路线缓冲",
        "note": "备注",
        "corridor": "（路线覆盖范围）",
        "m": "米",
        "area": "巡查区域",
        "route": "巡查路线",
        "corridors": "路线覆盖范围",
    },
    "en": {
        "title": "Patrol areas and routes",
        "team": "Team",
        "unit": "Responsible unit",
        "window": "Dates",
        "to": "to",
        "open": "open",
        "preset": "Focus",
        "buffer": "Route buffer",
        "note": "Note",
        "corridor": " (route corridor)",
        "m": "m",
        "area": "Patrol areas",
        "route": "Patrol routes",
        "corridors": "Route corridors",
    },
}


def patrol_unit_names(store: Store, patrols: Sequence[Patrol]) -> dict[int, str]:
    """The names of the units the patrols are assigned to, by unit id."""
    ids = sorted({p.unit_id for p in patrols if p.unit_id is not None})
    if not ids:
        return {}
    with store.session() as s:
        return {
            int(uid): str(name)
            for uid, name in s.execute(select(Unit.id, Unit.name).where(Unit.id.in_(ids)))
        }


# --------------------------------------------------------------------------------- GeoJSON


def write_geojson(
    patrols: Sequence[Patrol],
    path: str | os.PathLike[str],
    crs: str,
    *,
    unit_names: Mapping[int, str] | None = None,
    corridors: bool = True,
) -> Path:
    """A FeatureCollection in lon/lat (RFC 7946); with `corridors`, each route's covered ground
    is a second, polygon feature with `corridor: true`. The path written."""
    names = unit_names or {}
    features: list[dict[str, Any]] = []
    for p in patrols:
        props = _properties(p, names)
        features.append(_feature(_lonlat(p.geom, crs), {**props, "corridor": False}))
        if corridors and _is_route(p):
            features.append(_feature(_lonlat(p.coverage, crs), {**props, "corridor": True}))
    doc = {"type": "FeatureCollection", "features": features}
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    return write_bytes_atomic(Path(path), text.encode("utf-8"))


def _properties(p: Patrol, unit_names: Mapping[int, str]) -> dict[str, Any]:
    return {
        # Not "id": GDAL takes an integer "id" property for the feature id, and a route's
        # corridor shares its patrol's.
        "patrol_id": p.id,
        "name": p.name,
        "kind": p.kind,
        "team": p.team,
        "unit_id": p.unit_id,
        "unit": unit_names.get(p.unit_id, "") if p.unit_id is not None else "",
        "starts_on": p.starts_on.isoformat() if p.starts_on else None,
        "ends_on": p.ends_on.isoformat() if p.ends_on else None,
        "preset": p.preset,
        "buffer_m": p.buffer_m,
        "note": p.note,
    }


def _feature(geom: shapely.Geometry | None, props: dict[str, Any]) -> dict[str, Any]:
    geometry = None if geom is None else mapping(geom)
    return {"type": "Feature", "properties": props, "geometry": geometry}


def _is_route(p: Patrol) -> bool:
    return p.geom is not None and (
        p.kind == "route" or p.geom.geom_type in ("LineString", "MultiLineString")
    )


def _lonlat(geom: shapely.Geometry | None, crs: str) -> shapely.Geometry | None:
    if geom is None or geom.is_empty:
        return None
    try:
        out = to_degrees(geom, crs)
    except CRSError as exc:
        raise RiskmapError.of("export.cannot_reproject", crs=crs, detail=str(exc)) from None
    out = shapely.transform(out, lambda xy: np.round(xy, DECIMALS))
    # RFC 7946 §3.1.6: exterior rings counter-clockwise, holes clockwise (KML does not mind).
    return shapely.orient_polygons(out)


# --------------------------------------------------------------------------------- KML


def write_kml(
    patrols: Sequence[Patrol],
    path: str | os.PathLike[str],
    crs: str,
    *,
    unit_names: Mapping[int, str] | None = None,
    lang: str = "zh",
    corridors: bool = True,
) -> Path:
    """KML 2.2 for phones' map apps: one Placemark per patrol (and per route corridor), a shared
    Style per kind, the team and dates in the description. The path written."""
    words = _WORDS["zh" if lang.startswith("zh") else "en"]
    names = unit_names or {}
    kml, doc = kw.document(words["title"])
    for style_id, st in KML_STYLES.items():
        kw.style(doc, style_id, line=st["line"], width=st["width"], poly=st["poly"])
    folders: dict[str, ET.Element] = {}

    def folder(kind: str) -> ET.Element:
        # In the order met: areas, routes, then the corridors of the routes.
        if kind not in folders:
            folders[kind] = kw.folder(doc, words[kind])
        return folders[kind]

    routes = [p for p in patrols if _is_route(p)]
    for p in patrols:
        style = "route" if _is_route(p) else "area"
        _placemark(folder(style), p, p.name, style, _lonlat(p.geom, crs), words, names, lang)
    if corridors:
        for p in routes:
            label = p.name + words["corridor"]
            corridor = _lonlat(p.coverage, crs)
            _placemark(folder("corridors"), p, label, "corridor", corridor, words, names, lang)
    return write_bytes_atomic(Path(path), kw.to_bytes(kml))


def _placemark(
    parent: ET.Element,
    p: Patrol,
    name: str,
    style: str,
    geom: shapely.Geometry | None,
    words: dict[str, str],
    unit_names: Mapping[int, str],
    lang: str,
) -> None:
    pm = ET.SubElement(parent, kw.k("Placemark"))
    kw.text(pm, "name", name)
    unit = unit_names.get(p.unit_id, "") if p.unit_id is not None else ""
    start = p.starts_on.isoformat() if p.starts_on else words["open"]
    end = p.ends_on.isoformat() if p.ends_on else words["open"]
    window = f"{start} {words['to']} {end}" if p.starts_on or p.ends_on else words["open"]
    lines = [
        (words["team"], p.team),
        (words["unit"], unit),
        (words["window"], window),
        (words["preset"], preset_name(p.preset, lang) if p.preset else ""),
        (words["buffer"], f"{p.buffer_m:g} {words['m']}" if _is_route(p) else ""),
        (words["note"], p.note),
    ]
    sep = "：" if lang.startswith("zh") else ": "
    kw.text(pm, "description", "\n".join(f"{k}{sep}{v}" for k, v in lines if v))
    if p.starts_on or p.ends_on:
        span = ET.SubElement(pm, kw.k("TimeSpan"))
        if p.starts_on:
            kw.text(span, "begin", p.starts_on.isoformat())
        if p.ends_on:
            kw.text(span, "end", p.ends_on.isoformat())
    kw.text(pm, "styleUrl", f"#{style}")
    kw.extended_data(
        pm,
        [
            ("kind", p.kind),
            ("team", p.team),
            ("unit", unit),
            ("starts_on", p.starts_on.isoformat() if p.starts_on else ""),
            ("ends_on", p.ends_on.isoformat() if p.ends_on else ""),
            ("preset", p.preset or ""),
            ("buffer_m", f"{p.buffer_m:g}"),
            ("corridor", "1" if style == "corridor" else "0"),
        ],
    )
    if geom is not None:
        kw.geometry(pm, geom)


# --------------------------------------------------------------------------------- roster


def write_roster_xlsx(
    patrols: Sequence[Patrol],
    path: str | os.PathLike[str],
    unit_names: Mapping[int, str] | None = None,
) -> Path:
    """巡查排班表: one row per patrol, by start date; dates are Excel dates. The path written."""
    names = unit_names or {}
    rows = []
    for p in sorted(patrols, key=_roster_key):
        geom = p.geom
        route = _is_route(p)
        area_km2 = round(geom.area / 1e6, 3) if geom is not None and not route else None
        length_km = round(geom.length / 1000, 3) if geom is not None and route else None
        rows.append(
            [
                p.name,
                KIND_NAMES.get("route" if route else "area", (p.kind, p.kind))[0],
                p.team,
                names.get(p.unit_id, "") if p.unit_id is not None else "",
                p.starts_on,
                p.ends_on,
                preset_name(p.preset, "zh") if p.preset else "",
                p.buffer_m if route else None,
                area_km2,
                length_km,
                p.note,
            ]
        )
    return write_xlsx(Path(path), {ROSTER_SHEET: (ROSTER_HEADERS, rows)})


def _roster_key(p: Patrol) -> tuple[Any, ...]:
    # Open-ended patrols (no start date) first: they run already.
    start = p.starts_on.toordinal() if p.starts_on else 0
    end = p.ends_on.toordinal() if p.ends_on else 10**7
    return (start, end, p.team, p.name, p.id)


# --------------------------------------------------------------------------------- files
