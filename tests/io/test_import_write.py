"""import_features: all features in one transaction or none, roles, repairs, reports."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import numpy as np
import pyogrio.raw
import pytest
import shapely
from openpyxl import load_workbook

from riskmap.core.catalog import load_catalog
from riskmap.core.crs import lonlat_to_xy
from riskmap.errors import PermissionDenied, RiskmapError
from riskmap.io.importer import (
    ImportCancelled,
    import_features,
    plan_import,
    read_features,
)
from riskmap.io.importer import write as writer
from riskmap.store.access import Actor
from riskmap.store.engine import open_store

ADMIN = Actor("admin", "admin", "系统管理员")
EDITOR = Actor("zhangwei", "editor", "张伟")
CATALOG = load_catalog()


def db_file(url: str) -> str:
    return url.removeprefix("sqlite:///")


def count(url: str, sql: str = "SELECT COUNT(*) FROM sites") -> int:
    con = sqlite3.connect(db_file(url))
    try:
        return int(con.execute(sql).fetchone()[0])
    finally:
        con.close()


def demo_plants(url: str) -> list[tuple]:
    con = sqlite3.connect(db_file(url))
    try:
        return con.execute(
            "SELECT name, lon, lat, district_code, attrs FROM sites"
            " WHERE layer = 'chemical_plants' ORDER BY id"
        ).fetchall()
    finally:
        con.close()


def indexes(url: str) -> list[str]:
    con = sqlite3.connect(db_file(url))
    try:
        return sorted(
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'sites'"
            )
        )
    finally:
        con.close()


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    lines = [",".join(header)] + [",".join(str(v) for v in r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_gbk_shapefile_of_plants_lands_in_their_townships(demo_copy: str, tmp_path: Path) -> None:
    plants = demo_plants(demo_copy)
    path = tmp_path / "企业.shp"
    n = len(plants)
    classes = ["一级", "2级", "三", "4"]
    pyogrio.raw.write(
        str(path),
        shapely.to_wkb(shapely.points([p[1] for p in plants], [p[2] for p in plants])),
        [
            np.array([p[0] + "（新）" for p in plants], dtype=object),
            np.array([classes[i % 4] for i in range(n)], dtype=object),
            np.array(["是" if i % 2 else "否" for i in range(n)], dtype=object),
            np.array([f"{100 + i}人" for i in range(n)], dtype=object),
            np.array([f"WH-{i:04d}" for i in range(n)], dtype=object),
        ],
        ["名称", "重大危险源", "位于化工", "从业人数", "许可证号"],
        geometry_type="Point",
        crs="EPSG:4490",
        encoding="GBK",
    )
    path.with_suffix(".cpg").unlink()  # detection, not the .cpg
    store = open_store(demo_copy)
    before = count(demo_copy)
    src = read_features(path)
    plan = plan_import(src, CATALOG, "chemical_plants", {"license_no": "许可证号"})
    assert plan.fields == {
        "hazard_class": "重大危险源",
        "employees": "从业人数",
        "in_park": "位于化工",
        "license_no": "许可证号",
    }
    report = import_features(store, ADMIN, src, plan)
    assert report.written and report.imported == n and not report.rejected
    assert count(demo_copy) == before + n
    con = sqlite3.connect(db_file(demo_copy))
    rows = con.execute(
        "SELECT name, lon, lat, district_code, attrs FROM sites WHERE id >= ? ORDER BY id",
        (report.site_ids[0],),
    ).fetchall()
    con.close()
    for i, (old, new) in enumerate(zip(plants, rows, strict=True)):
        assert new[0] == old[0] + "（新）"
        assert new[1] == pytest.approx(old[1], abs=2e-7) and new[2] == pytest.approx(
            old[2], abs=2e-7
        )
        assert new[3] == old[3]  # the same township as the demo's own plant there
        attrs = json.loads(new[4])
        assert attrs == {
            "hazard_class": i % 4 + 1,
            "employees": 100 + i,
            "in_park": bool(i % 2),
            "license_no": f"WH-{i:04d}",
        }
    store.dispose()


def test_only_an_admin_may_import(demo_copy: str, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "a.csv", ["名称", "经度", "纬度", "类型"], [["甲", 104.6, 35.5, "学校"]]
    )
    store = open_store(demo_copy)
    src = read_features(path)
    plan = plan_import(src, CATALOG, "dense_venues")
    with pytest.raises(PermissionDenied, match="needs the admin role"):
        import_features(store, EDITOR, src, plan)
    assert count(demo_copy, "SELECT COUNT(*) FROM sites WHERE name = '甲'") == 0
    store.dispose()


def test_bad_rows_import_nothing_and_are_reported(demo_copy: str, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "场所.csv",
        ["编号", "名称", "经度", "纬度", "类型", "容纳人数"],
        [
            ["A1", "第一中学", "104.61", "35.57", "学校", "1200"],
            ["A2", "", "104.62", "35.58", "医院", "300"],
            ["A3", "人民商场", "104.63", "35.59", "超市", "2000"],
            ["A1", "火车站", "104.64", "35.60", "车站", "很多"],
            ["A5", "公墓", "abc", "35.61", "公墓", "0"],
            ["A6", "景区", "104.66", "35.62", "", "50"],
            ["A7", "体育馆", "104.67", "35.63", "体育场馆", "5000"],
        ],
    )
    store = open_store(demo_copy)
    before = count(demo_copy)
    src = read_features(path)
    plan = plan_import(src, CATALOG, "dense_venues")
    assert plan.id_column == "编号" and plan.fields["capacity"] == "容纳人数"
    report = import_features(store, ADMIN, src, plan)
    assert not report.written and not report.ok and count(demo_copy) == before
    got = {(p.row, p.column, p.reason_en) for p in report.rejected}
    assert (3, "名称", "the name is empty") in got
    assert (
        4,
        "类型",
        "kind '超市' is not one of school/hospital/mall/station/scenic_spot/"
        "cemetery/stadium/market",
    ) in got
    assert (5, "容纳人数", "capacity must be a whole number") in got
    assert (2, "编号", "id 'A1' is not unique (rows 2, 5)") in got
    assert (5, "编号", "id 'A1' is not unique (rows 2, 5)") in got
    assert any(p.row == 6 and "cannot read longitude 'abc'" in p.reason_en for p in report.rejected)
    assert (7, "类型", "kind is required") in got
    text = report.to_text("zh")
    assert "第 3 行「名称」：名称为空" in text and "未写入任何数据" in text
    for suffix in (".txt", ".csv", ".xlsx"):
        saved = report.write(tmp_path / f"report{suffix}")
        assert saved.stat().st_size > 0
    ws = load_workbook(tmp_path / "report.xlsx").active
    assert [c.value for c in ws[1]] == ["要素序号", "行号", "列", "处理", "原因", "Reason"]
    assert ws.max_row == len(report.rejected) + 1
    # The user may choose to leave the bad rows out: only A7 is clean (A1 is there twice).
    done = import_features(store, ADMIN, src, plan, skip_rejected=True)
    assert done.written and done.imported == 1 and count(demo_copy) == before + 1
    assert "6 rejected features left out as asked" in done.summary("en")
    store.dispose()


def test_metres_given_as_degrees(demo_copy: str, tmp_path: Path) -> None:
    plants = demo_plants(demo_copy)[:5]
    x, y = lonlat_to_xy(
        np.array([p[1] for p in plants]), np.array([p[2] for p in plants]), "EPSG:4544"
    )
    path = write_csv(
        tmp_path / "米.csv",
        ["名称", "经度", "纬度"],
        [[p[0], f"{a:.2f}", f"{b:.2f}"] for p, a, b in zip(plants, x, y, strict=True)],
    )
    store = open_store(demo_copy)
    before = count(demo_copy)
    src = read_features(path)
    plan = plan_import(src, CATALOG, "chemical_plants")
    with pytest.raises(
        RiskmapError,
        match=r"coordinates look like metres, not degrees \(e\.g\. .*\): give the CRS \(they "
        r"fit EPSG:4544, the database's own CRS",
    ):
        import_features(store, ADMIN, src, plan)
    # Declared right, the same file imports.
    report = import_features(store, ADMIN, src.with_crs("EPSG:4544"), plan)
    assert report.written and count(demo_copy) == before + 5
    store.dispose()


def test_unknown_crs_and_wrong_geometry_type(demo_copy: str, tmp_path: Path) -> None:
    store = open_store(demo_copy)
    path = tmp_path / "noprj.shp"
    with pytest.warns(UserWarning, match="'crs' was not provided"):
        pyogrio.raw.write(
            str(path),
            shapely.to_wkb(shapely.points([512345.0], [3937654.0])),
            [np.array(["井"], dtype=object)],
            ["name"],
            geometry_type="Point",
        )
    src = read_features(path)
    assert src.crs is None
    plan = plan_import(src, CATALOG, "chemical_plants")
    with pytest.raises(RiskmapError, match="the coordinate system is unknown"):
        import_features(store, ADMIN, src, plan)
    lines = tmp_path / "roads.geojson"
    pyogrio.raw.write(
        str(lines),
        shapely.to_wkb(shapely.linestrings([[[104.6, 35.5], [104.7, 35.6]]])),
        [np.array(["路"], dtype=object)],
        ["name"],
        geometry_type="LineString",
        crs="EPSG:4326",
    )
    src = read_features(lines)
    with pytest.raises(RiskmapError, match="the layer holds points but the file has LineString"):
        import_features(store, ADMIN, src, plan_import(src, CATALOG, "chemical_plants"))
    store.dispose()


def polygons_with_seven_bad(n: int) -> tuple[np.ndarray, list[int], list[int]]:
    rng = np.random.default_rng(7)
    cx = rng.uniform(104.3, 105.2, n)
    cy = rng.uniform(35.2, 35.9, n)
    d = 0.001
    ring = np.stack(
        [
            np.column_stack([cx - d, cy - d]),
            np.column_stack([cx + d, cy - d]),
            np.column_stack([cx + d, cy + d]),
            np.column_stack([cx - d, cy + d]),
            np.column_stack([cx - d, cy - d]),
        ],
        axis=1,
    )
    geoms = shapely.polygons(ring)
    bowties = [10, 20_000, 55_555, 99_998]
    for i in bowties:  # self-intersecting: repaired
        geoms[i] = shapely.Polygon(
            [
                (cx[i] - d, cy[i] - d),
                (cx[i] + d, cy[i] + d),
                (cx[i] + d, cy[i] - d),
                (cx[i] - d, cy[i] + d),
            ]
        )
    rejected = [3, 42_000, 77_777]
    geoms[3] = shapely.Polygon()  # empty
    with np.errstate(invalid="ignore"):  # a NaN coordinate on purpose
        geoms[42_000] = shapely.from_wkt(
            "POLYGON ((104.6 35.5, NaN 35.55, 104.7 35.6, 104.6 35.5))"
        )
    geoms[77_777] = None
    return geoms, bowties, rejected


def test_100000_features_with_7_invalid(demo_copy: str, tmp_path: Path) -> None:
    n = 100_000
    geoms, bowties, bad = polygons_with_seven_bad(n)
    path = tmp_path / "forest.gpkg"
    pyogrio.raw.write(
        str(path),
        shapely.to_wkb(geoms),
        [np.array([f"林区{i}" for i in range(n)], dtype=object), np.full(n, 3, dtype=np.int64)],
        ["名称", "fire_class"],
        geometry_type="Polygon",
        crs="EPSG:4490",
        layer="forest",
    )
    store = open_store(demo_copy)
    before = count(demo_copy)
    src = read_features(path)
    assert src.count == n
    plan = plan_import(src, CATALOG, "forest_fire")
    report = import_features(store, ADMIN, src, plan)
    # The empty, NaN and missing geometries make the import fail; the self-intersections would
    # have been repaired.
    assert not report.written and count(demo_copy) == before
    assert sorted(p.feature for p in report.rejected) == [i + 1 for i in bad]
    reasons = {p.feature: p.reason_en for p in report.rejected}
    assert reasons[4] == "the geometry is empty or missing"
    assert reasons[42_001] == "a coordinate is not a number (NaN)"
    assert reasons[77_778] == "the geometry is empty or missing"
    assert sorted(p.feature for p in report.repaired) == [i + 1 for i in bowties]
    assert report.repaired[0].reason_en == "invalid geometry (Self-intersection) repaired"
    assert report.summary("en") == f"3 of {n} features cannot be imported; nothing was written."
    done = import_features(store, ADMIN, src, plan, skip_rejected=True)
    assert done.written and done.imported == n - 3 and done.repaired_features == 4
    assert count(demo_copy) == before + n - 3
    con = sqlite3.connect(db_file(demo_copy))
    wkb = [
        r[0] for r in con.execute("SELECT geom FROM sites WHERE name IN ('林区10', '林区20000')")
    ]
    con.close()
    fixed = shapely.from_wkb(wkb)
    assert shapely.is_valid(fixed).all() and (shapely.get_type_id(fixed) == 6).all()
    store.dispose()


def _venues_csv(tmp_path: Path, n: int) -> Path:
    rows = [[f"场所{i}", 104.5 + i * 1e-5, 35.5, "学校"] for i in range(n)]
    return write_csv(tmp_path / "venues.csv", ["名称", "经度", "纬度", "类型"], rows)


def test_cancel_rolls_everything_back(demo_copy: str, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(writer, "BATCH", 500)
    monkeypatch.setattr(writer, "BULK_MIN", 0)  # indexes dropped too, and must come back
    store = open_store(demo_copy)
    before, idx = count(demo_copy), indexes(demo_copy)
    src = read_features(_venues_csv(tmp_path, 2000))
    plan = plan_import(src, CATALOG, "dense_venues")
    stages: list[str] = []

    def progress(done: int, total: int, stage: str) -> None:
        stages.append(stage)

    def cancel() -> bool:
        return stages.count("write") >= 3  # after two batches are in

    with pytest.raises(ImportCancelled, match="nothing was written"):
        import_features(store, ADMIN, src, plan, progress=progress, cancel=cancel)
    assert count(demo_copy) == before and indexes(demo_copy) == idx

    def fail(done: int, total: int, stage: str) -> None:
        if stage == "write" and done >= 1500:
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        import_features(store, ADMIN, src, plan, progress=fail)
    assert count(demo_copy) == before and indexes(demo_copy) == idx
    report = import_features(store, ADMIN, src, plan, dry_run=True)
    assert report.imported == 2000 and not report.written and count(demo_copy) == before
    assert "Dry run" in report.summary("en")
    report = import_features(store, ADMIN, src, plan)
    assert count(demo_copy) == before + 2000 and indexes(demo_copy) == idx
    store.dispose()


def test_core_writer_and_resources(demo_copy: str, tmp_path: Path, monkeypatch) -> None:
    """The portable path (PostgreSQL) on SQLite: ids from RETURNING, the resources table too."""
    monkeypatch.setattr(writer, "_write_sqlite", writer._write_core)
    path = write_csv(
        tmp_path / "资源.csv",
        ["名称", "经度", "纬度", "类型", "能力", "联系电话"],
        [
            ["城东消防站", 104.6, 35.55, "消防站", "45", "0940-119"],
            ["物资库", 104.62, 35.56, "material_depot", "", ""],
        ],
    )
    store = open_store(demo_copy)
    res_before = count(demo_copy, "SELECT COUNT(*) FROM resources")
    src = read_features(path)
    report = import_features(store, ADMIN, src, plan_import(src, CATALOG, "resources"))
    assert report.written and report.imported == 2
    con = sqlite3.connect(db_file(demo_copy))
    rows = con.execute(
        "SELECT s.name, r.kind, r.capacity, r.contact FROM resources r JOIN sites s"
        " ON s.id = r.site_id WHERE s.id >= ? ORDER BY s.id",
        (report.site_ids[0],),
    ).fetchall()
    con.close()
    assert rows == [
        ("城东消防站", "fire_station", 45, "0940-119"),
        ("物资库", "material_depot", 0, ""),
    ]
    assert count(demo_copy, "SELECT COUNT(*) FROM resources") == res_before + 2
    store.dispose()


def test_plan_mapping_errors(tmp_path: Path) -> None:
    src = read_features(_venues_csv(tmp_path, 3))
    with pytest.raises(RiskmapError, match="layer dense_venues has no field 'colour'"):
        plan_import(src, CATALOG, "dense_venues", {"colour": "类型"})
    with pytest.raises(RiskmapError, match="the file has no column '种类'"):
        plan_import(src, CATALOG, "dense_venues", {"kind": "种类"})
    plan = plan_import(src, CATALOG, "dense_venues", {"kind": "ignore"})
    assert plan.missing_required == ["kind"] and not plan.ok
    with pytest.raises(RiskmapError, match=r"requires kind \(类型\)"):
        plan.check()
    rows = plan.rows("zh")
    assert rows[0] == ("name", "名称", "名称") and ("kind", "类型", "") in rows


def test_township_grid_agrees_with_point_in_polygon(demo_url: str, monkeypatch) -> None:
    """Large imports settle most points by grid cell; the answer must not change."""
    from riskmap.io.importer import locate

    store = open_store(demo_url)
    towns = locate.Townships.load(store)
    minx, miny, maxx, maxy = towns.city_bounds
    rng = np.random.default_rng(3)
    xy = np.column_stack(
        [
            rng.uniform(minx - 2000, maxx + 2000, 40_000),
            rng.uniform(miny - 2000, maxy + 2000, 40_000),
        ]
    )
    xy[7] = np.nan
    by_grid = towns.assign(xy)
    monkeypatch.setattr(locate, "GRID_FROM", 10**9)
    assert towns.assign(xy) == by_grid
    assert by_grid[7] is None and sum(c is not None for c in by_grid) > 20_000
    store.dispose()


@pytest.mark.parametrize("address", [True, False])
def test_bulk_writer_stores_what_the_core_writer_stores(
    demo_copy: str, tmp_path: Path, monkeypatch, address: bool
) -> None:
    """The SQLite bulk path writes the shared values (layer, source, times) into its statement:
    the rows must read back exactly as the portable path binds them, quotes and all."""
    header = ["名称", "经度", "纬度", "类型", "容纳人数"] + (["地址"] if address else [])
    rows = [
        [f"场所{i}", 104.5 + i * 1e-4, 35.5, "学校", 100 + i] + (["青岚路1号"] if address else [])
        for i in range(5)
    ]
    path = write_csv(tmp_path / "venues.csv", header, rows)
    src = read_features(path)
    plan = plan_import(src, CATALOG, "dense_venues")
    store = open_store(demo_copy)
    bulk = import_features(store, ADMIN, src, plan, source_label="O'Brien's 台账\x00b")
    with monkeypatch.context() as m:
        m.setattr(writer, "_write_sqlite", writer._write_core)
        core = import_features(store, ADMIN, src, plan, source_label="core")
    assert bulk.written and core.written and bulk.added == core.added == 5
    cols = "layer, name, district_code, address, geom, lon, lat, attrs, source_id, version"

    def read(label: str) -> list[tuple]:
        con = sqlite3.connect(db_file(demo_copy))
        try:
            return con.execute(
                f"SELECT {cols}, source, created_at, updated_at, typeof(created_at)"
                " FROM sites WHERE source = ? ORDER BY id",
                (label,),
            ).fetchall()
        finally:
            con.close()

    ours, theirs = read("O'Brien's 台账\x00b"), read("core")
    assert [r[:10] for r in ours] == [r[:10] for r in theirs]
    assert [r[1] for r in ours] == [f"场所{i}" for i in range(5)]
    assert {r[3] for r in ours} == {"青岚路1号" if address else ""}
    assert all(r[10] == "O'Brien's 台账\x00b" and r[13] == "text" for r in ours)
    for r in ours:  # SQLAlchemy's SQLite DateTime text, as the core path stores it
        assert r[11] == r[12] and len(r[11]) == len(theirs[0][11]) == 26
    con = sqlite3.connect(db_file(demo_copy))
    got = [
        r[0] for r in con.execute("SELECT id FROM sites WHERE source LIKE 'O''Brien%' ORDER BY id")
    ]
    con.close()
    assert got == list(range(bulk.site_ids[0], bulk.site_ids[1] + 1))
    again = import_features(store, ADMIN, src, plan, source_label="O'Brien's 台账\x00b")
    assert again.unchanged == 5 and again.added == 0
    store.dispose()


def _statements(store) -> list[str]:
    """Every statement SQLite runs on the store's connections from now on (its own trace)."""
    from sqlalchemy import event

    seen: list[str] = []

    def trace(dbapi_conn, _record, _proxy) -> None:
        dbapi_conn.set_trace_callback(seen.append)

    event.listen(store.engine, "checkout", trace)
    return seen


def _checked_in_with_foreign_keys(store) -> list[int]:
    """PRAGMA foreign_keys of every connection handed back to the store's pool."""
    from sqlalchemy import event

    states: list[int] = []

    def check(dbapi_conn, _record) -> None:
        if dbapi_conn is not None:
            states.append(dbapi_conn.execute("PRAGMA foreign_keys").fetchone()[0])

    event.listen(store.engine, "checkin", check)
    return states


def test_foreign_key_check_off_only_while_sites_are_only_added(
    demo_copy: str, tmp_path: Path
) -> None:
    """An import that only adds sites runs without SQLite's row-by-row foreign-key check (its
    townships proved once); re-importing with changes keeps the check on; every connection goes
    back to the pool with the check on."""
    store = open_store(demo_copy)
    seen, states = _statements(store), _checked_in_with_foreign_keys(store)
    src = read_features(_venues_csv(tmp_path, 30))
    plan = plan_import(src, CATALOG, "dense_venues")
    report = import_features(store, ADMIN, src, plan)
    assert report.written and report.added == 30
    pragmas = [s for s in seen if s.startswith("PRAGMA foreign_keys =")]
    assert pragmas == ["PRAGMA foreign_keys = OFF", "PRAGMA foreign_keys = ON"]
    off, on = seen.index(pragmas[0]), seen.index(pragmas[1])
    insert = next(i for i, s in enumerate(seen) if s.startswith("INSERT INTO sites"))
    commit = max(i for i, s in enumerate(seen) if s == "COMMIT")
    assert off < insert < commit < on
    assert states and set(states) == {1}
    # Every imported site in a township that exists (what the check would have enforced).
    assert (
        count(
            demo_copy,
            "SELECT COUNT(*) FROM sites s LEFT JOIN districts d"
            " ON d.code = s.district_code WHERE s.district_code IS NOT NULL"
            " AND d.code IS NULL",
        )
        == 0
    )

    seen.clear()
    moved = write_csv(
        tmp_path / "venues.csv",
        ["名称", "经度", "纬度", "类型"],
        [[f"场所{i}", 104.5 + i * 1e-5, 35.5, "医院" if i == 0 else "学校"] for i in range(31)],
    )
    src = read_features(moved)
    report = import_features(store, ADMIN, src, plan_import(src, CATALOG, "dense_venues"))
    assert report.written and (report.added, report.updated) == (1, 1)
    assert not [s for s in seen if s.startswith("PRAGMA foreign_keys =")]
    assert set(states) == {1}
    store.dispose()


def test_a_township_gone_before_the_write_is_refused_as_the_check_would(
    demo_copy: str, tmp_path: Path, monkeypatch
) -> None:
    """The proof stands in for the foreign-key check: a township code missing from the districts
    table (deleted since the import read them) refuses the whole import, nothing written."""
    from riskmap.io.importer.locate import Townships

    real = Townships.assign

    def gone(self, xy):  # one site's township deleted meanwhile
        codes = real(self, xy)
        return ["999999999999", *codes[1:]]

    monkeypatch.setattr(Townships, "assign", gone)
    store = open_store(demo_copy)
    states = _checked_in_with_foreign_keys(store)
    before = count(demo_copy)
    src = read_features(_venues_csv(tmp_path, 20))
    with pytest.raises(
        RiskmapError, match=r"nothing was imported: .*FOREIGN KEY constraint failed"
    ):
        import_features(store, ADMIN, src, plan_import(src, CATALOG, "dense_venues"))
    assert count(demo_copy) == before
    assert states and set(states) == {1}
    store.dispose()
