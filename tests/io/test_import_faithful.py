"""Coordinates stored where they belong, or refused: offset datums never pass silently, and
features far outside the city (degrees declared as metres, a wrong zone, swapped columns) are
refused with their cause and nothing written — through the command line, as a user runs it."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pyogrio.raw
import pytest
import shapely
from sqlalchemy import text

from riskmap.core.crs import to_degrees
from riskmap.core.datum import from_wgs84

TOL_M = 0.5
OFFSET_MESSAGE = {
    "gcj02": "looks like GCJ-02 (Amap), offset ~",
    "bd09": "looks like BD-09 (Baidu), offset ~",
}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "riskmap", *args], capture_output=True, text=True, timeout=300
    )


def digest(db: Path) -> str:
    """The database's bytes, its write-ahead log included."""
    h = hashlib.sha256(db.read_bytes())
    wal = db.with_name(db.name + "-wal")
    if wal.exists():
        h.update(wal.read_bytes())
    return h.hexdigest()


def rows(db: Path, sql: str, *args: object) -> list[tuple]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def db_crs(db: Path) -> str:
    return rows(db, "SELECT value FROM meta WHERE key = 'crs'")[0][0]


def shifted(geoms: list[shapely.Geometry], datum: str) -> list[shapely.Geometry]:
    return [
        shapely.transform(g, lambda c: np.column_stack(from_wgs84(c[:, 0], c[:, 1], datum)))
        for g in geoms
    ]


def write_roads(db: Path, path: Path, datum: str | None, crs: str = "EPSG:4490", how=None) -> Path:
    """The demo's roads as a GeoPackage, in degrees shifted to `datum`, or in `crs` (metres)
    passed through `how` (a function of the metric coordinates)."""
    found = rows(db, "SELECT name, attrs, geom FROM sites WHERE layer = 'roads' ORDER BY id")
    metric = [shapely.from_wkb(g) for *_, g in found]
    if how is not None:
        geoms = [shapely.transform(g, how) for g in metric]
    else:
        geoms = [to_degrees(g, db_crs(db)) for g in metric]
        geoms = shifted(geoms, datum) if datum else geoms
    attrs = [json.loads(a) for _, a, _ in found]
    pyogrio.raw.write(
        str(path),
        shapely.to_wkb(geoms),
        [
            np.array([n for n, *_ in found], dtype=object),
            np.array([a["road_class"] for a in attrs], dtype=object),
        ],
        ["名称", "road_class"],
        geometry_type="LineString",
        crs=crs,
    )
    return path


def new_roads(db: Path, after: int) -> list[shapely.Geometry]:
    got = rows(db, "SELECT geom FROM sites WHERE layer = 'roads' AND id > ? ORDER BY id", after)
    return [shapely.from_wkb(g) for (g,) in got]


def original_roads(db: Path) -> list[shapely.Geometry]:
    got = rows(db, "SELECT geom FROM sites WHERE layer = 'roads' ORDER BY id")
    return [shapely.from_wkb(g) for (g,) in got]


def last_id(db: Path) -> int:
    return rows(db, "SELECT MAX(id) FROM sites")[0][0]


def one_line_refusal(proc: subprocess.CompletedProcess[str], *needles: str) -> str:
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    err = proc.stderr.strip()
    assert "Traceback" not in err and len(err.splitlines()) == 1, err
    for needle in needles:
        assert needle in err, err
    return err


@pytest.mark.parametrize("datum", ["gcj02", "bd09"])
def test_offset_roads_are_refused_then_converted(
    demo_copy: str, tmp_path: Path, datum: str
) -> None:
    db = Path(demo_copy.removeprefix("sqlite:///"))
    path = write_roads(db, tmp_path / f"roads_{datum}.gpkg", datum)
    before = digest(db)
    proc = run("import", str(path), "--layer", "roads", "--db", demo_copy, "--user", "admin")
    err = one_line_refusal(proc, OFFSET_MESSAGE[datum], f"--datum {datum}", "--datum wgs84")
    offset = float(err.split("offset ~")[1].split(" m")[0])
    low, high = (150, 1000) if datum == "gcj02" else (600, 2000)
    assert low < offset < high, err
    assert digest(db) == before
    first = last_id(db)
    proc = run("import", str(path), "--layer", "roads", "--db", demo_copy, "--user", "admin",
               "--datum", datum)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    got, truth = new_roads(db, first), original_roads(db)[: len(new_roads(db, first))]
    assert len(got) == len(original_roads(db)) // 2
    worst = max(shapely.hausdorff_distance(a, b) for a, b in zip(got, truth, strict=True))
    assert worst < TOL_M, f"worst {worst:.3f} m"


def test_keeping_offset_coordinates_as_they_are_is_said_not_silent(
    demo_copy: str, tmp_path: Path
) -> None:
    db = Path(demo_copy.removeprefix("sqlite:///"))
    path = write_roads(db, tmp_path / "roads.gpkg", "gcj02")
    first = last_id(db)
    proc = run("import", str(path), "--layer", "roads", "--db", demo_copy, "--user", "admin",
               "--datum", "wgs84")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    got, truth = new_roads(db, first), original_roads(db)
    # Kept as given: hundreds of metres off the roads they copy.
    assert min(shapely.hausdorff_distance(a, b) for a, b in zip(got, truth, strict=False)) > 100


def write_counties(db: Path, path: Path, datum: str) -> Path:
    found = rows(
        db, "SELECT code, name, parent_code, geom FROM districts WHERE level = 'county' "
        "ORDER BY code",
    )  # fmt: skip
    geoms = [to_degrees(shapely.from_wkb(g), db_crs(db)) for *_, g in found]
    pyogrio.raw.write(
        str(path),
        shapely.to_wkb(shifted(geoms, datum)),
        [np.array([r[i] for r in found], dtype=object) for i in range(3)],
        ["区划代码", "名称", "上级代码"],
        geometry_type="MultiPolygon",
        crs="EPSG:4490",
        promote_to_multi=True,
    )
    return path


@pytest.mark.parametrize("datum", ["gcj02", "bd09"])
def test_offset_county_boundaries_are_refused_then_converted(
    demo_copy: str, tmp_path: Path, datum: str
) -> None:
    db = Path(demo_copy.removeprefix("sqlite:///"))
    truth = {
        c: shapely.from_wkb(g)
        for c, g in rows(db, "SELECT code, geom FROM districts WHERE level = 'county'")
    }
    path = write_counties(db, tmp_path / f"区县_{datum}.gpkg", datum)
    args = ["import", str(path), "--districts", "county", "--code-field", "区划代码",
            "--name-field", "名称", "--parent-field", "上级代码", "--replace",
            "--db", demo_copy, "--user", "admin"]  # fmt: skip
    before = digest(db)
    one_line_refusal(run(*args), OFFSET_MESSAGE[datum], f"--datum {datum}")
    assert digest(db) == before
    proc = run(*args, "--datum", datum)
    assert proc.returncode == 0, proc.stderr
    got = dict(rows(db, "SELECT code, geom FROM districts WHERE level = 'county'"))
    assert sorted(got) == sorted(truth)
    worst = max(shapely.hausdorff_distance(shapely.from_wkb(got[c]), truth[c]) for c in truth)
    assert worst < TOL_M, f"worst {worst:.3f} m"


# -- implausible placement -------------------------------------------------------------------


def degrees_as_metres(c: np.ndarray, crs: str) -> np.ndarray:
    """Lon/lat written into a file that says it is in metres."""
    from pyproj import Transformer

    t = Transformer.from_crs(crs, "EPSG:4490", always_xy=True)
    return np.column_stack(t.transform(c[:, 0], c[:, 1]))


def road_count(db: Path) -> int:
    return rows(db, "SELECT COUNT(*) FROM sites WHERE layer = 'roads'")[0][0]


def test_degrees_declared_as_gauss_krueger_are_refused(demo_copy: str, tmp_path: Path) -> None:
    db = Path(demo_copy.removeprefix("sqlite:///"))
    crs, n = db_crs(db), road_count(db)
    path = write_roads(
        db, tmp_path / "roads.gpkg", None, crs=crs, how=lambda c: degrees_as_metres(c, crs)
    )
    before = digest(db)
    proc = run("import", str(path), "--layer", "roads", "--db", demo_copy, "--user", "admin")
    one_line_refusal(
        proc, f"{n} of {n} features lie more than 5 km outside the city",
        "the coordinates are degrees", "--crs EPSG:4490", "--allow-outside",
    )  # fmt: skip
    assert digest(db) == before


def test_the_wrong_gauss_krueger_zone_is_refused(demo_copy: str, tmp_path: Path) -> None:
    db = Path(demo_copy.removeprefix("sqlite:///"))
    crs = db_crs(db)
    assert crs == "EPSG:4544"  # CM 105°E; the file says CM 111°E (EPSG:4546) for the same metres
    path = write_roads(db, tmp_path / "roads.gpkg", None, crs="EPSG:4546", how=lambda c: c)
    before = digest(db)
    proc = run("import", str(path), "--layer", "roads", "--db", demo_copy, "--user", "admin")
    one_line_refusal(
        proc, "features lie more than 5 km outside the city", "central meridian 105°E",
        "--crs EPSG:4544",
    )  # fmt: skip
    assert digest(db) == before


def test_swapped_x_and_y_are_refused(demo_copy: str, tmp_path: Path) -> None:
    db = Path(demo_copy.removeprefix("sqlite:///"))
    crs, n = db_crs(db), road_count(db)
    path = write_roads(db, tmp_path / "roads.gpkg", None, crs=crs, how=lambda c: c[:, ::-1])
    before = digest(db)
    proc = run("import", str(path), "--layer", "roads", "--db", demo_copy, "--user", "admin")
    one_line_refusal(proc, f"{n} of {n} features", "x and y look swapped")
    assert digest(db) == before
    # The user who means it: --allow-outside writes them all the same.
    proc = run("import", str(path), "--layer", "roads", "--db", demo_copy, "--user", "admin",
               "--allow-outside")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert road_count(db) == 2 * n


def test_lon_lat_order_is_refused(demo_copy: str, tmp_path: Path) -> None:
    db = Path(demo_copy.removeprefix("sqlite:///"))
    crs = db_crs(db)
    path = write_roads(
        db, tmp_path / "roads.gpkg", None, how=lambda c: degrees_as_metres(c, crs)[:, ::-1]
    )
    before = digest(db)
    proc = run("import", str(path), "--layer", "roads", "--db", demo_copy, "--user", "admin")
    one_line_refusal(proc, "longitude and latitude look swapped")
    assert digest(db) == before


def test_both_backends_refuse_offset_and_misplaced_features(
    any_demo_copy: str, tmp_path: Path
) -> None:
    """The same refusals on PostGIS (the evidence and the city's outline read through its SQL)."""
    from riskmap.core.catalog import load_catalog
    from riskmap.errors import RiskmapError
    from riskmap.io.importer import import_features, plan_import, read_features
    from riskmap.store.access import Actor
    from riskmap.store.engine import open_store

    store = open_store(any_demo_copy, upgrade=True)
    try:
        with store.engine.connect() as c:
            found = c.execute(
                text("SELECT name, lon, lat FROM sites WHERE layer = 'chemical_plants' ORDER BY id")
            ).all()
            n = c.execute(text("SELECT COUNT(*) FROM sites")).scalar_one()
        lon = np.array([r[1] for r in found])
        lat = np.array([r[2] for r in found])
        names = np.array([r[0] for r in found], dtype=object)

        def gpkg(path: Path, x: np.ndarray, y: np.ndarray, crs: str) -> Path:
            pyogrio.raw.write(str(path), shapely.to_wkb(shapely.points(x, y)), [names],
                              ["名称"], geometry_type="Point", crs=crs)  # fmt: skip
            return path

        def attempt(path: Path) -> RiskmapError:
            src = read_features(path)
            plan = plan_import(src, load_catalog(), "chemical_plants")
            with pytest.raises(RiskmapError) as got:
                import_features(store, Actor("admin", "admin"), src, plan)
            return got.value

        glon, glat = from_wgs84(lon, lat, "bd09")
        err = attempt(gpkg(tmp_path / "百度.gpkg", glon, glat, "EPSG:4490"))
        assert err.code == "import.datum_offset" and err.params["key"] == "bd09"
        err = attempt(gpkg(tmp_path / "度.gpkg", lon, lat, store.crs))
        assert err.code == "import.outside_degrees"
        assert err.params["count"] == err.params["total"] == len(found)
        with store.engine.connect() as c:
            assert c.execute(text("SELECT COUNT(*) FROM sites")).scalar_one() == n
    finally:
        store.dispose()
