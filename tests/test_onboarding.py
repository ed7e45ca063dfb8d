"""A real city from nothing, as docs/onboarding.md walks through it, on real OpenStreetMap data
(tests/fixtures/osm/helsinki_center.gpkg, ODbL): its outline, counties and townships, roads,
waterways, green areas and venues as layers, the city's own 台账 naming its venues, and then
dossiers for three regions checked against a brute-force shapely computation on the source file.

Every step is the command line, in its own process, as a GIS officer types it.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyogrio
import pyproj
import shapely
from openpyxl import Workbook
from test_cli import run

GPKG = Path(__file__).parent / "fixtures" / "osm" / "helsinki_center.gpkg"
ENV = {"RISKMAP_USER": "gis"}
# Features nearer than this to a region's edge could go either way (float rounding, a circle's
# radius scaled to the map at its centre); the regions are chosen so that none is that near.
EDGE_M = 0.25

# The files a GIS officer prepares from the OSM extract: the SQL of docs/onboarding.md (GDAL's
# SQLite dialect, as `ogr2ogr -dialect SQLite -sql …` runs it).
LAYERS: dict[str, list[str]] = {
    "roads": [
        "SELECT geom, osm_id AS source_id, coalesce(name, highway || ' ' || osm_id) AS name, "
        "CASE WHEN highway LIKE 'primary%' THEN 'national' "
        "WHEN highway LIKE 'secondary%' THEN 'provincial' "
        "WHEN highway LIKE 'tertiary%' THEN 'county' ELSE 'township' END AS road_class "
        "FROM roads"
    ],
    "waterways": [
        "SELECT geom, osm_id AS source_id, coalesce(waterway, 'waterway') || ' ' || osm_id "
        "AS name, 'canal' AS kind FROM waterways",
        "SELECT geom, osm_id AS source_id, 'water ' || osm_id AS name, "
        "CASE WHEN landuse = 'basin' THEN 'reservoir' ELSE 'lake' END AS kind FROM water_areas",
    ],
    "forest_fire": [
        "SELECT geom, osm_id AS source_id, coalesce(name, 'green ' || osm_id) AS name, "
        "5 AS fire_class FROM landuse WHERE landuse = 'grass'"
    ],
    "dense_venues": [
        "SELECT geom, osm_id AS source_id, coalesce(name, category || ' ' || osm_id) AS name, "
        "CASE category WHEN 'school' THEN 'school' WHEN 'hospital' THEN 'hospital' "
        "ELSE 'mall' END AS kind FROM pois "
        "WHERE category IN ('school', 'hospital', 'crowded_venue')"
    ],
}


def _ok(*args: str) -> str:
    proc = run(*args, env=ENV)
    assert proc.returncode == 0, (args, proc.stdout, proc.stderr)
    return proc.stdout


def _sql(db: Path, query: str, *params: Any) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(db)
    try:
        return con.execute(query, params).fetchall()
    finally:
        con.close()


def _feature_collection(path: Path, rows: list[dict[str, Any]]) -> Path:
    features = [
        {
            "type": "Feature",
            "properties": {k: v for k, v in r.items() if k != "geometry"},
            "geometry": shapely.geometry.mapping(r["geometry"]),
        }
        for r in rows
    ]
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False),
        encoding="utf-8",
    )
    return path


def _source() -> list[tuple[str, str, shapely.Geometry]]:
    """(layer, source id, geometry in degrees) of every feature the city imports."""
    out = []
    for layer, queries in LAYERS.items():
        for sql in queries:
            df = pyogrio.read_dataframe(GPKG, sql=sql, sql_dialect="SQLITE")
            for sid, g in zip(df["source_id"], df.geometry, strict=True):
                out.append((layer, str(sid), g))
    return out


def _split(poly: shapely.Polygon, vertical: bool) -> tuple[shapely.Geometry, shapely.Geometry]:
    """Two halves of `poly`, cut at its centroid (west/east, or south/north)."""
    minx, miny, maxx, maxy = poly.bounds
    c = poly.centroid
    if vertical:
        a = shapely.box(minx - 1, miny - 1, c.x, maxy + 1)
        b = shapely.box(c.x, miny - 1, maxx + 1, maxy + 1)
    else:
        a = shapely.box(minx - 1, miny - 1, maxx + 1, c.y)
        b = shapely.box(minx - 1, c.y, maxx + 1, maxy + 1)
    return poly.intersection(a), poly.intersection(b)


def _in_region(
    source: list[tuple[str, str, shapely.Geometry]], region: shapely.Geometry, to_xy: Any
) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(surely in, on the edge): features intersecting `region` (metric, in the CRS `to_xy`
    projects to) by more than EDGE_M, and those within EDGE_M of its edge."""
    inner, outer = region.buffer(-EDGE_M), region.buffer(EDGE_M)
    sure, edge = set(), set()
    for layer, sid, g in source:
        m = shapely.transform(g, lambda xy: np.column_stack(to_xy.transform(xy[:, 0], xy[:, 1])))
        if m.intersects(inner):
            sure.add((layer, sid))
        elif m.intersects(outer):
            edge.add((layer, sid))
    return sure, edge


@dataclass
class City:
    """What a GIS officer prepares from the OSM extract before starting: the outline, the
    counties and townships, one file per layer import."""

    source: list[tuple[str, str, shapely.Geometry]]
    everything: shapely.Geometry
    outline: Path
    counties: Path
    townships: Path
    layer_files: list[tuple[str, Path]]


def prepare(tmp_path: Path) -> City:
    source = _source()
    everything = shapely.union_all([g for _l, _s, g in source])
    # The outline: the data's hull and some 100 m around it.
    hull = everything.convex_hull.buffer(0.0015, quad_segs=4)
    outline = _feature_collection(tmp_path / "城市轮廓.geojson", [{"geometry": hull}])
    west, east = _split(hull, vertical=True)
    counties = [
        {"代码": "990101", "名称": "西区", "geometry": west},
        {"代码": "990102", "名称": "东区", "geometry": east},
    ]
    towns = []
    for county, half in (("990101", west), ("990102", east)):
        south, north = _split(half, vertical=False)
        prefix = "西" if county == "990101" else "东"
        towns += [
            {"代码": f"{county}001", "名称": f"{prefix}南街道", "geometry": south},
            {"代码": f"{county}002", "名称": f"{prefix}北街道", "geometry": north},
        ]
    files = []
    for layer, queries in LAYERS.items():
        for i, sql in enumerate(queries):
            df = pyogrio.read_dataframe(GPKG, sql=sql, sql_dialect="SQLITE")
            path = tmp_path / f"{layer}_{i}.gpkg"
            pyogrio.write_dataframe(df, path)
            files.append((layer, path))
    return City(
        source,
        everything,
        outline,
        _feature_collection(tmp_path / "区县.geojson", counties),
        _feature_collection(tmp_path / "乡镇.geojson", towns),
        files,
    )


def write_ledger(db: Path, path: Path, today: dt.date) -> tuple[dict[str, int], int]:
    """The city's own 台账: its venues by name, as another office typed them (capitals, blanks),
    with lon/lat where names repeat and on every other row, and a unit per venue name. (hazards
    per venue source id, the number of distinct unit names)."""
    venues = _sql(
        db,
        "SELECT id, name, lon, lat, source_id FROM sites WHERE layer = 'dense_venues' ORDER BY id",
    )
    counts: dict[str, int] = {}
    for _id, name, *_rest in venues:
        counts[name] = counts.get(name, 0) + 1
    wb = Workbook()
    ws = wb.active
    ws.append(("企业名称", "经度", "纬度", "责任单位", "隐患描述", "隐患等级", "发现日期",
               "整改措施", "整改期限"))  # fmt: skip
    hazards_of: dict[str, int] = {}
    for k, (_sid, name, lon, lat, src) in enumerate(venues):
        where = (lon, lat) if counts[name] > 1 or k % 2 == 0 else (None, None)
        typed = f" {name.upper()} " if k % 3 == 0 else name
        level = "一般" if k % 4 else "重大"
        found = (today - dt.timedelta(days=k % 30 + 1)).isoformat()
        deadline = (today + dt.timedelta(days=15)).isoformat()
        unit = f"{name} 安全管理处"
        ws.append((typed, *where, unit, f"疏散通道堵塞 {k}", level, found, "清理通道", deadline))
        hazards_of[str(src)] = hazards_of.get(str(src), 0) + 1
    wb.save(path)
    return hazards_of, len(counts)


@dataclass
class Area:
    """A region as the command line takes it (`args`) and in degrees (`kind`, `value`), with
    the brute force's metric shape and the projection it is in."""

    args: list[str]
    kind: str  # circle | polygon | bbox
    value: Any  # (lon, lat, radius) | a shapely polygon in degrees | (minlon, minlat, …)
    metric: shapely.Geometry
    project: Any


def areas(city: City, crs: str, tmp_path: Path) -> list[Area]:
    """A circle, a drawn triangle and a bounding box, each chosen with no feature within
    EDGE_M of its edge."""
    source = city.source
    c = city.everything.centroid
    out = []
    # A circle, exact on the ground: brute force in the azimuthal equidistant projection
    # around its centre, where ground distance from the centre is distance in the plane.
    aeqd = pyproj.Transformer.from_crs(
        "EPSG:4326", f"+proj=aeqd +lat_0={c.y} +lon_0={c.x} +datum=WGS84 +units=m", always_xy=True
    )
    radius = 300.0
    while _in_region(source, shapely.Point(0, 0).buffer(radius, quad_segs=256), aeqd)[1]:
        radius += 3.0
    circle = shapely.Point(0, 0).buffer(radius, quad_segs=256)
    out.append(Area(["--circle", f"{c.x},{c.y},{radius}"], "circle", (c.x, c.y, radius), circle,
                    aeqd))  # fmt: skip
    # A drawn polygon and a bounding box, in degrees; brute force in the city's CRS.
    to_xy = pyproj.Transformer.from_crs("EPSG:4326", crs, always_xy=True)

    def metric(g: shapely.Geometry) -> shapely.Geometry:
        return shapely.transform(g, lambda xy: np.column_stack(to_xy.transform(xy[:, 0], xy[:, 1])))

    minx, miny, maxx, maxy = city.everything.bounds
    w, h = maxx - minx, maxy - miny
    tries = [(a, b) for a in np.linspace(0.0, 0.05, 11) for b in (0.0, 0.02, 0.04)]
    for shift, lift in tries:
        tri = shapely.Polygon(
            [
                (minx + w * (0.1 + shift), miny + h * 0.2),
                (minx + w * 0.7, miny + h * (0.15 + shift)),
                (minx + w * 0.45, miny + h * (0.8 + lift)),
            ]
        )
        if not _in_region(source, metric(tri), to_xy)[1]:
            break
    polygon_file = tmp_path / "画的区域.geojson"
    polygon_file.write_text(json.dumps(shapely.geometry.mapping(tri)), encoding="utf-8")
    out.append(Area(["--polygon", str(polygon_file)], "polygon", tri, metric(tri), to_xy))
    for shift, lift in tries:
        box = (
            minx + w * (0.55 + shift),
            miny + h * (0.5 + lift),
            minx + w * 0.95,
            miny + h * (0.9 + shift),
        )
        box_m = metric(shapely.box(*box).segmentize(w / 50))
        if not _in_region(source, box_m, to_xy)[1]:
            break
    out.append(Area(["--bbox", ",".join(f"{v:.7f}" for v in box)], "bbox", box, box_m, to_xy))
    return out


def check_dossier(
    dossier: dict[str, Any], area: Area, city: City, db: Path, hazards_of: dict[str, int]
) -> None:
    """The dossier's sites are the source features the brute force finds in the area, and
    its hazards the ledger's rows for the venues among them."""
    expected, edge = _in_region(city.source, area.metric, area.project)
    assert not edge and len(expected) >= 10, (area.kind, len(expected), edge)
    by_site = {
        sid: (layer, str(src))
        for sid, layer, src in _sql(db, "SELECT id, layer, source_id FROM sites")
    }
    got = {by_site[s["id"]] for s in dossier["sites"]}
    assert got == expected, (area.kind, sorted(got ^ expected))
    venues_in = [src for layer, src in expected if layer == "dense_venues"]
    assert dossier["totals"]["overall"]["hazards"] == sum(
        hazards_of.get(src, 0) for src in venues_in
    )
    assert dossier["totals"]["overall"]["hazards"] > 0


def test_a_city_from_nothing_to_dossiers(tmp_path: Path) -> None:
    db = tmp_path / "helsinki.sqlite"
    url = f"sqlite:///{db}"
    city = prepare(tmp_path)
    _ok("db", "init", "--empty", "--boundary", str(city.outline), "--name", "赫尔辛基", "--code",
        "990100", "--datum", "wgs84", "--db", url)  # fmt: skip
    (crs,) = _sql(db, "SELECT value FROM meta WHERE key = 'crs'")[0]
    assert crs == "EPSG:32635"  # UTM 35N on WGS84: Helsinki, 24.9°E, is outside China
    _ok("import", str(city.counties), "--districts", "county",
        "--code-field", "代码", "--name-field", "名称", "--db", url)  # fmt: skip
    _ok("import", str(city.townships), "--districts", "township",
        "--code-field", "代码", "--name-field", "名称", "--db", url)  # fmt: skip
    assert _sql(db, "SELECT level, count(*) FROM districts GROUP BY level ORDER BY level") == [
        ("city", 1),
        ("county", 2),
        ("township", 4),
    ]
    for layer, path in city.layer_files:
        _ok("import", str(path), "--layer", layer, "--datum", "wgs84", "--db", url)
    assert _sql(db, "SELECT count(*) FROM sites")[0][0] == len(city.source)

    ledger = tmp_path / "隐患台账.xlsx"
    hazards_of, n_units = write_ledger(db, ledger, dt.date.today())
    proc = run("ledger", "import", str(ledger), "--db", url, env=ENV)
    assert proc.returncode == 1 and "--create-missing" in proc.stderr, proc.stderr
    assert _sql(db, "SELECT count(*) FROM hazards")[0][0] == 0
    _ok("ledger", "import", str(ledger), "--create-missing", "--db", url)
    assert _sql(db, "SELECT count(*) FROM hazards")[0][0] == sum(hazards_of.values())
    assert _sql(db, "SELECT count(*) FROM units")[0][0] == n_units

    # Three regions; the brute force reads the source file, not the database.
    for area in areas(city, crs, tmp_path):
        dossier = json.loads(_ok("query", *area.args, "--format", "json", "--db", url))
        check_dossier(dossier, area, city, db, hazards_of)
