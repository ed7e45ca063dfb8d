"""A real city from nothing, as its GIS officer starts it: `riskmap db init --empty --boundary`,
then its counties and townships with `riskmap import --districts` (real files, real processes)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import numpy as np
import pyproj
import shapely
from test_cli import assert_one_line_error, run

from riskmap.core.datum import from_wgs84

ENV = {"RISKMAP_USER": "officer"}
# A city around 120.6°E, 31.3°N (the Gauss-Krüger zone of CM 120°E is EPSG:4549), in degrees.
CITY = shapely.box(120.40, 31.15, 120.80, 31.45)
WEST, EAST = shapely.box(120.40, 31.15, 120.60, 31.45), shapely.box(120.60, 31.15, 120.80, 31.45)


def _write(path: Path, rows: list[tuple[dict, shapely.Geometry]]) -> Path:
    features = [
        {"type": "Feature", "properties": props, "geometry": json.loads(shapely.to_geojson(g))}
        for props, g in rows
    ]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), "utf-8")
    return path


def _rows(path: Path, sql: str) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _offset(geom: shapely.Geometry, datum: str) -> shapely.Geometry:
    """The geometry as Amap (gcj02) or Baidu (bd09) shows it."""
    return shapely.transform(
        shapely.segmentize(geom, 0.01),
        lambda c: np.column_stack(from_wgs84(c[:, 0], c[:, 1], datum)),
    )


def test_a_new_city_from_its_outline_then_counties_and_townships(tmp_path: Path) -> None:
    db = tmp_path / "新城.sqlite"
    url = f"sqlite:///{db}"
    outline = _write(tmp_path / "市界.geojson", [({"名称": "新城市"}, CITY)])
    proc = run(
        "db", "init", "--db", url, "--empty", "--boundary", str(outline),
        "--name", "新城市", "--code", "320500", env=ENV,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "EPSG:4549" in proc.stdout and "chosen from its centre" in proc.stdout
    assert _rows(db, "SELECT value FROM meta WHERE key = 'crs'") == [("EPSG:4549",)]
    assert _rows(db, "SELECT value FROM meta WHERE key = 'city_name'") == [("新城市",)]
    [(code, name, level, parent, wkb)] = _rows(
        db, "SELECT code, name, level, parent_code, geom FROM districts"
    )
    assert (code, name, level, parent) == ("320500", "新城市", "city", None)
    # the stored outline's corners are the file's, in the zone of CM 120°E (pyproj directly)
    to_gk = pyproj.Transformer.from_crs("EPSG:4490", "EPSG:4549", always_xy=True)
    want = shapely.transform(CITY, lambda c: np.column_stack(to_gk.transform(c[:, 0], c[:, 1])))
    got = shapely.from_wkb(bytes(wkb))
    assert shapely.hausdorff_distance(got, want) < 0.01

    # townships before their counties: the message says which level to import first
    # 跨界镇 lies mostly in the east county, but its interior point falls in a strip it has in
    # the west one: its parent is the county holding most of it
    strip = shapely.box(120.55, 31.15, 120.60, 31.45)
    block = shapely.box(120.60, 31.15, 120.72, 31.28)
    across = shapely.union_all([strip, block])
    assert WEST.contains(shapely.point_on_surface(across))
    assert block.area > strip.area
    east_town = shapely.union_all(
        [shapely.box(120.72, 31.15, 120.80, 31.45), shapely.box(120.60, 31.28, 120.72, 31.45)]
    )
    towns = [
        ({"代码": "320501001", "名称": "西镇"}, shapely.box(120.40, 31.15, 120.55, 31.45)),
        ({"代码": "320502001", "名称": "跨界镇"}, across),
        ({"代码": "320502002", "名称": "东镇"}, east_town),
    ]
    town_file = _write(tmp_path / "乡镇.geojson", towns)
    args = ("--code-field", "代码", "--name-field", "名称")
    proc = run("import", str(town_file), "--db", url, "--districts", "township", *args, env=ENV)
    assert_one_line_error(proc, "there is no county in the database to hold these townships")
    assert "countys" not in proc.stderr and "townships" in proc.stderr

    counties = [
        ({"代码": "320501", "名称": "西区"}, WEST),
        ({"代码": "320502", "名称": "东区"}, EAST),
    ]
    proc = run(
        "import", str(_write(tmp_path / "区县.geojson", counties)), "--db", url,
        "--districts", "county", *args, env=ENV,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    proc = run("import", str(town_file), "--db", url, "--districts", "township", *args, env=ENV)
    assert proc.returncode == 0, proc.stderr
    parents = dict(_rows(db, "SELECT code, parent_code FROM districts WHERE level != 'city'"))
    assert parents == {
        "320501": "320500",
        "320502": "320500",
        "320501001": "320501",
        "320502001": "320502",  # by the larger overlap
        "320502002": "320502",
    }


def test_an_amap_outline_is_converted_when_the_user_says_so(tmp_path: Path) -> None:
    for datum in ("gcj02", "bd09"):
        db = tmp_path / f"{datum}.sqlite"
        shifted = _write(tmp_path / f"{datum}.geojson", [({}, _offset(CITY, datum))])
        proc = run(
            "db", "init", "--db", f"sqlite:///{db}", "--empty", "--boundary", str(shifted),
            "--datum", datum, "--name", "新城市", env=ENV,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        [(wkb,)] = _rows(db, "SELECT geom FROM districts")
        got = shapely.from_wkb(bytes(wkb))
        to_gk = pyproj.Transformer.from_crs("EPSG:4490", "EPSG:4549", always_xy=True)
        for lon, lat in shapely.get_coordinates(CITY)[:4]:
            x, y = to_gk.transform(lon, lat)
            # each true corner is within half a metre of the stored outline's boundary
            assert shapely.distance(shapely.Point(x, y), got.exterior) < 0.5, datum


def test_a_crs_on_another_datum_is_refused_with_the_reason(tmp_path: Path) -> None:
    db = tmp_path / "ch.sqlite"
    outline = _write(tmp_path / "zh.geojson", [({}, shapely.box(8.4, 47.3, 8.6, 47.45))])
    proc = run(
        "db", "init", "--db", f"sqlite:///{db}", "--empty", "--boundary", str(outline),
        "--crs", "EPSG:2056", env=ENV,
    )  # fmt: skip
    assert_one_line_error(proc, "EPSG:2056", "CH1903+", "disagree by", "EPSG:32632")
    assert not db.exists()
    proc = run("db", "init", "--db", f"sqlite:///{db}", "--empty", "--crs", "EPSG:2056", env=ENV)
    assert_one_line_error(proc, "EPSG:2056", "disagree by")
    assert not db.exists()
    # without --crs the outline picks the UTM zone on WGS84
    proc = run(
        "db", "init", "--db", f"sqlite:///{db}", "--empty", "--boundary", str(outline), env=ENV
    )
    assert proc.returncode == 0, proc.stderr
    assert _rows(db, "SELECT value FROM meta WHERE key = 'crs'") == [("EPSG:32632",)]


def test_the_city_level_imports_once(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite"
    url = f"sqlite:///{db}"
    proc = run("db", "init", "--db", url, "--empty", "--crs", "EPSG:4549", env=ENV)
    assert proc.returncode == 0, proc.stderr
    halves = [
        ({"代码": "320500", "名称": "新城市"}, WEST),
        ({"代码": "320500", "名称": "新城市"}, EAST),
    ]
    city = _write(tmp_path / "city.geojson", halves)
    args = ("--districts", "city", "--code-field", "代码", "--name-field", "名称")
    proc = run("import", str(city), "--db", url, *args, env=ENV)
    assert proc.returncode == 0, proc.stderr
    [(code, level, area)] = [
        (c, lv, shapely.from_wkb(bytes(g)).area)
        for c, lv, g in _rows(db, "SELECT code, level, geom FROM districts")
    ]
    assert (code, level) == ("320500", "city")  # two polygons, one city
    assert 0.9 * 37.6e3 * 33.3e3 < area < 1.1 * 37.6e3 * 33.3e3  # ~0.4° × 0.3° at 31°N
    other = _write(tmp_path / "other.geojson", [({"代码": "320600", "名称": "别市"}, CITY)])
    proc = run("import", str(other), "--db", url, *args, env=ENV)
    assert_one_line_error(proc, "already holds the city 新城市 (320500)", "--replace")


def test_a_city_outside_the_databases_crs_is_refused(tmp_path: Path) -> None:
    """A database made without an outline keeps CM 105°E: Helsinki cannot be its city."""
    db = tmp_path / "e.sqlite"
    url = f"sqlite:///{db}"
    assert run("db", "init", "--db", url, "--empty", env=ENV).returncode == 0
    far = _write(
        tmp_path / "hki.geojson",
        [({"代码": "091", "名称": "赫尔辛基"}, shapely.box(24.9, 60.1, 25.0, 60.2))],
    )
    args = ("--districts", "city", "--code-field", "代码", "--name-field", "名称")
    before = db.read_bytes()
    proc = run("import", str(far), "--db", url, *args, env=ENV)
    assert_one_line_error(proc, "outside where EPSG:4544 is faithful", "EPSG:32635", "--boundary")
    assert db.read_bytes() == before
