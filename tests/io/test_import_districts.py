"""Admin boundaries are data: a city loads its official townships (validated, all or none)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pyogrio.raw
import pytest
import shapely

from riskmap.core.crs import to_degrees
from riskmap.errors import PermissionDenied, RiskmapError
from riskmap.io.importer import import_districts, read_features
from riskmap.store.access import Actor
from riskmap.store.engine import open_store

ADMIN = Actor("admin", "admin")
EDITOR = Actor("zhangwei", "editor")


def query(url: str, sql: str, *args: object) -> list[tuple]:
    con = sqlite3.connect(url.removeprefix("sqlite:///"))
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def townships_gpkg(url: str, path: Path, crs: str, rename: str = "", drop: int = 0) -> Path:
    rows = query(
        url, "SELECT code, name, parent_code, geom FROM districts WHERE level = 'township'"
    )
    rows = rows[drop:]
    geoms = [to_degrees(shapely.from_wkb(g), crs) for *_, g in rows]
    pyogrio.raw.write(
        str(path),
        shapely.to_wkb(geoms),
        [
            np.array([r[0] for r in rows], dtype=object),
            np.array([r[1] + rename for r in rows], dtype=object),
            np.array([r[2] for r in rows], dtype=object),
        ],
        ["区划代码", "名称", "上级代码"],
        geometry_type="MultiPolygon",
        crs="EPSG:4490",
        promote_to_multi=True,
    )
    return path


def test_replace_townships_with_official_ones(demo_copy: str, tmp_path: Path) -> None:
    store = open_store(demo_copy)
    before = dict(query(demo_copy, "SELECT id, district_code FROM sites"))
    path = townships_gpkg(demo_copy, tmp_path / "乡镇.gpkg", store.crs, rename="（官方）")
    src = read_features(path)
    with pytest.raises(PermissionDenied):
        import_districts(store, EDITOR, src, "township", "区划代码", "名称", "上级代码", True)
    report = import_districts(store, ADMIN, src, "township", "区划代码", "名称", "上级代码", True)
    assert report.written and report.imported == src.count and not report.rejected
    names = [r[0] for r in query(demo_copy, "SELECT name FROM districts WHERE level = 'township'")]
    assert names and all(n.endswith("（官方）") for n in names)
    after = dict(query(demo_copy, "SELECT id, district_code FROM sites"))
    moved = [i for i in before if before[i] != after[i]]
    assert len(moved) <= len(before) * 0.001  # the same boundaries: the same townships
    store.dispose()


def test_codes_must_be_new_unless_replacing(demo_copy: str, tmp_path: Path) -> None:
    store = open_store(demo_copy)
    src = read_features(townships_gpkg(demo_copy, tmp_path / "t.gpkg", store.crs))
    report = import_districts(store, ADMIN, src, "township", "区划代码", "名称", "上级代码")
    assert not report.written and report.rejected_features == src.count
    assert "already exists (township); use replace" in report.rejected[0].reason_en
    store.dispose()


def test_removing_a_township_still_in_use_is_refused(demo_copy: str, tmp_path: Path) -> None:
    store = open_store(demo_copy)
    before = query(demo_copy, "SELECT code, name FROM districts ORDER BY code")
    src = read_features(townships_gpkg(demo_copy, tmp_path / "t.gpkg", store.crs, drop=1))
    with pytest.raises(RiskmapError, match=r"cannot remove districts \d+: still named by"):
        import_districts(store, ADMIN, src, "township", "区划代码", "名称", "上级代码", True)
    assert query(demo_copy, "SELECT code, name FROM districts ORDER BY code") == before
    store.dispose()


def test_a_new_township_finds_its_county(demo_copy: str, tmp_path: Path) -> None:
    store = open_store(demo_copy)
    county, geom = query(demo_copy, "SELECT code, geom FROM districts WHERE level = 'county'")[0]
    inner = shapely.from_wkb(geom).point_on_surface().buffer(300, quad_segs=4)
    path = tmp_path / "新区.geojson"
    pyogrio.raw.write(
        str(path),
        shapely.to_wkb([to_degrees(inner, store.crs)]),
        [np.array(["629999001"], dtype=object), np.array(["高新区"], dtype=object)],
        ["code", "name"],
        geometry_type="Polygon",
        crs="EPSG:4490",
    )
    report = import_districts(store, ADMIN, read_features(path), "township", "code", "name")
    assert report.written
    assert query(demo_copy, "SELECT parent_code, name FROM districts WHERE code = '629999001'") == [
        (county, "高新区")
    ]
    store.dispose()


def test_bad_boundaries_import_nothing(demo_copy: str, tmp_path: Path) -> None:
    store = open_store(demo_copy)
    before = query(demo_copy, "SELECT COUNT(*) FROM districts")
    square = shapely.box(104.6, 35.5, 104.61, 35.51)
    path = tmp_path / "bad.geojson"
    pyogrio.raw.write(
        str(path),
        shapely.to_wkb([square, square, square]),
        [
            np.array(["629999001", "629999001", "6299990011234"], dtype=object),
            np.array(["甲", "乙", "丙"], dtype=object),
            np.array(["000000", None, None], dtype=object),
        ],
        ["code", "name", "parent"],
        geometry_type="Polygon",
        crs="EPSG:4490",
    )
    report = import_districts(
        store, ADMIN, read_features(path), "township", "code", "name", "parent"
    )
    assert not report.written
    reasons = {(p.feature, p.reason_en) for p in report.rejected}
    assert (2, "code '629999001' repeats feature 1") in reasons
    assert (3, "the code is over 12 characters") in reasons
    assert (1, "parent '000000' is not an existing county") in reasons
    assert query(demo_copy, "SELECT COUNT(*) FROM districts") == before
    points = tmp_path / "points.geojson"
    pyogrio.raw.write(
        str(points),
        shapely.to_wkb([square.centroid]),
        [np.array(["1"], dtype=object), np.array(["点"], dtype=object)],
        ["code", "name"],
        geometry_type="Point",
        crs="EPSG:4490",
    )
    with pytest.raises(RiskmapError, match="the layer holds polygons but the file has Point"):
        import_districts(store, ADMIN, read_features(points), "township", "code", "name")
    with pytest.raises(RiskmapError, match="no column 'adcode'"):
        import_districts(store, ADMIN, read_features(points), "township", "adcode", "name")
    store.dispose()
