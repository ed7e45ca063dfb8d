"""A city's own 台账, which names its enterprises and units instead of numbering them."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import sqlite3
import statistics
from pathlib import Path
from typing import Any

import pyproj
import pytest
import shapely
from openpyxl import Workbook

from riskmap.errors import PermissionDenied
from riskmap.io.ledger_xlsx import import_ledger
from riskmap.io.ledger_xlsx.names import name_key
from riskmap.store.access import Actor

ADMIN = Actor("admin", "admin", "系统管理员")
EDITOR = Actor("zhangwei", "editor", "张伟")
GEOD = pyproj.Geod(ellps="WGS84")
HEADER = (
    "序号",
    "企业名称",
    "乡镇/街道",
    "地址",
    "经度",
    "纬度",
    "责任单位",
    "隐患描述",
    "隐患等级",
    "发现日期",
    "整改措施",
    "整改期限",
    "整改状态",
)


def _sql(url: str, query: str, *params: Any) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(url.removeprefix("sqlite:///"))
    try:
        return con.execute(query, params).fetchall()
    finally:
        con.close()


def _digest(url: str) -> str:
    con = sqlite3.connect(url.removeprefix("sqlite:///"))
    try:
        return hashlib.sha256("\n".join(con.iterdump()).encode()).hexdigest()
    finally:
        con.close()


_FULL = {
    c: chr(ord(c) + 0xFEE0)
    for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz()"
}


def _variant(name: str, i: int) -> str:
    """The name as another office typed it: the same name to anyone reading it."""
    k = i % 4
    if k == 1:
        return f" {name[:2]} {name[2:]}\u3000"
    if k == 2 and name.endswith("有限公司"):
        return name.removesuffix("有限公司") + "有限责任公司"
    if k == 2 and name.endswith("有限责任公司"):
        return name.removesuffix("有限责任公司") + "有限公司"
    if k == 3:
        return "".join(_FULL.get(c, c) for c in name).replace("(", "（").replace(")", "）")
    return name


def _far(lon: float, lat: float, others: list[tuple[float, float]], km: float) -> bool:
    return all(GEOD.inv(lon, lat, ox, oy)[2] > km * 1000 for ox, oy in others)


def _write_xlsx(path: Path, rows: list[tuple[Any, ...]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "隐患排查治理台账"
    ws.append(("青岚市2024年度隐患排查治理台账",))  # a title row above the header
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


@pytest.fixture
def named(demo_copy: str, demo_anchor: dt.date) -> dict[str, Any]:
    """300 rows built from the database's own names: 295 that match after normalisation, 3 whose
    name several sites share with none at the row's place, 2 enterprises it does not have."""
    url = demo_copy
    sites = _sql(
        url,
        "SELECT s.id, s.name, s.lon, s.lat, coalesce(d.name, '') FROM sites s "
        "LEFT JOIN districts d ON d.code = s.district_code "
        "WHERE s.layer = 'dense_venues' AND s.name IN (SELECT name FROM sites GROUP BY name "
        "HAVING count(*) = 1) ORDER BY s.id",
    )
    units = [
        name
        for (name,) in _sql(
            url,
            "SELECT name FROM units WHERE kind = 'enterprise' GROUP BY name HAVING count(*) = 1 "
            "ORDER BY name",
        )
    ]
    shared = [
        name
        for (name,) in _sql(
            url, "SELECT name FROM sites GROUP BY name HAVING count(*) > 1 ORDER BY name LIMIT 3"
        )
    ]
    assert len(sites) >= 295 and len(units) >= 10 and len(shared) == 3
    found = demo_anchor - dt.timedelta(days=20)
    deadline = demo_anchor + dt.timedelta(days=30)

    def tail(i: int) -> tuple[Any, ...]:
        level = "重大" if i % 7 == 0 else "一般"
        status = "整改中" if i % 5 == 0 else "待整改"
        return (
            _variant(units[i % len(units)], i),
            f"隐患描述 {i}",
            level,
            found.isoformat(),
            f"整改措施 {i}",
            deadline.isoformat(),
            status,
        )

    rows: list[tuple[Any, ...]] = []
    meant: dict[int, int] = {}  # Excel row → the site id the row means
    for i, (sid, name, lon, lat, town) in enumerate(sites[:295]):
        how = i % 3
        rows.append(
            (
                i + 1,
                _variant(name, i),
                town if how == 1 else "",
                "",
                lon if how == 0 else None,
                lat if how == 0 else None,
                *tail(i),
            )
        )
        meant[len(rows) + 2] = sid
    # Namesakes: the row's coordinates are another site's, far from every one of them.
    ambiguous: dict[int, tuple[str, float, float, set[int]]] = {}
    for j, name in enumerate(shared):
        twins = _sql(url, "SELECT id, lon, lat FROM sites WHERE name = ?", name)
        spot = next(
            (lon, lat)
            for _sid, _n, lon, lat, _t in sites[300:]
            if _far(lon, lat, [(x, y) for _i, x, y in twins], 2.0)
        )
        rows.append((len(rows) + 1, _variant(name, j + 1), "", "", *spot, *tail(300 + j)))
        ambiguous[len(rows) + 2] = (name, *spot, {t[0] for t in twins})
    # Unknown: one with coordinates, one with an address naming its township only.
    base1, base2 = sites[296][1], sites[297][1]
    lon1, lat1 = sites[298][2], sites[298][3]
    town_code, town_name, county_name = _sql(
        url,
        "SELECT t.code, t.name, c.name FROM districts t JOIN districts c ON c.code = t.parent_code"
        " WHERE t.level = 'township' ORDER BY t.code LIMIT 1",
    )[0]
    rows.append((len(rows) + 1, f"{base1}第二分厂", "", "", lon1, lat1, *tail(310)))
    unknown = {len(rows) + 2: (f"{base1}第二分厂", base1)}
    address = f"{county_name}{town_name}工业路8号"
    rows.append((len(rows) + 1, f"{base2}新厂区", "", address, None, None, *tail(311)))
    unknown[len(rows) + 2] = (f"{base2}新厂区", base2)
    assert len(rows) == 300
    return {
        "url": url,
        "rows": rows,
        "meant": meant,
        "ambiguous": ambiguous,
        "unknown": unknown,
        "town": (town_code, address),
    }


def test_name_key_normalises_width_blanks_brackets_and_company_form() -> None:
    same = [
        ("青岚安泰化肥有限责任公司", "青岚安泰化肥有限公司"),
        (" 青岚 安泰化肥\u3000有限公司 ", "青岚安泰化肥有限公司"),
        ("ＡＢＣ化工１２３号", "abc化工123号"),
        ("青岚（集团）化工厂", "青岚(集团)化工厂"),
        ("青岚【集团】化工厂", "青岚(集团)化工厂"),
        ("青岚\t化工\n厂", "青岚化工厂"),
    ]
    for a, b in same:
        assert name_key(a) == name_key(b), (a, b)
    different = [
        ("青岚安泰化肥有限公司", "青岚安泰化肥公司"),
        ("青岚安泰化肥有限公司", "青岚安泰化工有限公司"),
        ("青岚一厂", "青岚二厂"),
    ]
    for a, b in different:
        assert name_key(a) != name_key(b), (a, b)


def test_named_ledger_with_missing_enterprises_imports_nothing_and_lists_them(
    named: dict[str, Any], demo_anchor: dt.date, tmp_path: Path
) -> None:
    url = named["url"]
    path = _write_xlsx(tmp_path / "台账.xlsx", named["rows"])
    before = _digest(url)
    from riskmap.store.engine import open_store

    store = open_store(url)
    try:
        report = import_ledger(store, EDITOR, path, today=demo_anchor)
    finally:
        store.dispose()
    assert not report.written
    assert report.rows == 300 and report.header_row == 2
    bad = {p.row: p for p in report.problems}
    assert set(bad) == set(named["ambiguous"]) | set(named["unknown"])
    assert all(p.column == "企业名称" for p in report.problems)
    assert report.creatable
    for n, (name, _lon, _lat, twin_ids) in named["ambiguous"].items():
        p = bad[n]
        assert len(p.candidates) == len(twin_ids)
        assert {
            int(c.split("编号 ")[1].split("，")[0].rstrip("）")) for c in p.candidates
        } == twin_ids
        assert all(f"「{name}」" in c for c in p.candidates)
    for n, (_name, base) in named["unknown"].items():
        p = bad[n]
        assert p.candidates and p.candidates[0].startswith(f"「{base}」")
    text = report.to_text("zh")
    assert "发现 5 个问题（涉及 5 行），未写入任何数据。" in text
    assert _digest(url) == before


def test_create_missing_imports_all_rows_and_the_missing_sites(
    named: dict[str, Any], demo_anchor: dt.date, tmp_path: Path
) -> None:
    from riskmap.store.engine import open_store

    url = named["url"]
    path = _write_xlsx(tmp_path / "台账.xlsx", named["rows"])
    (hazards0,) = _sql(url, "SELECT count(*) FROM hazards")[0]
    (sites0,) = _sql(url, "SELECT max(id) FROM sites")[0]
    store = open_store(url)
    try:
        with pytest.raises(PermissionDenied):
            import_ledger(store, EDITOR, path, today=demo_anchor, create_missing=True)
        crs = store.crs
        report = import_ledger(store, ADMIN, path, today=demo_anchor, create_missing=True)
    finally:
        store.dispose()
    assert report.written and not report.problems
    assert report.created == 300
    assert _sql(url, "SELECT count(*) FROM hazards")[0][0] == hazards0 + 300
    # Each matched row's hazard is at the site the row meant.
    got = dict(
        _sql(
            url,
            "SELECT h.description, h.site_id FROM hazards h WHERE h.description LIKE '隐患描述 %'",
        )
    )
    for i, sid in enumerate(named["meant"].values()):
        assert got[f"隐患描述 {i}"] == sid
    new = _sql(
        url,
        "SELECT id, name, layer, district_code, lon, lat, attrs FROM sites WHERE id > ? "
        "ORDER BY id",
        sites0,
    )
    assert len(new) == 5
    assert _sql(url, "SELECT DISTINCT source, source_id FROM sites WHERE id > ?", sites0) == [
        ("台账.xlsx", None)
    ]
    assert {r[2] for r in new} == {"dense_venues"}
    to_xy = pyproj.Transformer.from_crs("EPSG:4490", crs, always_xy=True)
    for name, lon, lat, _twins in named["ambiguous"].values():
        (r,) = [r for r in new if name_key(r[1]) == name_key(name)]
        assert abs(r[4] - lon) < 1e-9 and abs(r[5] - lat) < 1e-9
        ((wkb,),) = _sql(url, "SELECT geom FROM sites WHERE id = ?", r[0])
        point = shapely.from_wkb(bytes(wkb))
        x, y = to_xy.transform(lon, lat)
        assert abs(point.x - x) < 0.01 and abs(point.y - y) < 0.01
    town_code, _address = named["town"]
    (placed,) = [r for r in new if r[1].endswith("新厂区")]
    assert placed[3] == town_code
    assert '"placed": "township"' in placed[6]
    assert "暂放在所属镇办中部" in report.to_text("zh")

    # The same 台账 again: its rows are the hazards it created, nothing doubles.
    store = open_store(url)
    try:
        again = import_ledger(store, ADMIN, path, today=demo_anchor, create_missing=True)
    finally:
        store.dispose()
    assert again.written and not again.problems
    assert (again.created, again.updated, again.unchanged) == (0, 0, 300)
    assert _sql(url, "SELECT count(*) FROM hazards")[0][0] == hazards0 + 300
    assert _sql(url, "SELECT count(*) FROM sites WHERE id > ?", sites0)[0][0] == 5


def test_truly_ambiguous_rows_stay_refused_even_when_creating(
    named: dict[str, Any], demo_anchor: dt.date, tmp_path: Path
) -> None:
    from riskmap.store.engine import open_store

    url = named["url"]
    rows = list(named["rows"][:5])
    name = next(iter(named["ambiguous"].values()))[0]
    rows.append((6, name, "", "", None, None, *named["rows"][0][6:]))
    path = _write_xlsx(tmp_path / "台账.xlsx", rows)
    store = open_store(url)
    try:
        report = import_ledger(store, ADMIN, path, today=demo_anchor, create_missing=True)
    finally:
        store.dispose()
    assert not report.written
    (p,) = report.problems
    assert p.row == 8 and "无法确定是哪一个" in p.reason and len(p.candidates) >= 2


def test_missing_unit_is_listed_then_created(
    named: dict[str, Any], demo_anchor: dt.date, tmp_path: Path
) -> None:
    from riskmap.store.engine import open_store

    url = named["url"]
    rows = [list(r) for r in named["rows"][:3]]
    rows[1][6] = "青岚市新星机械制造有限公司"
    path = tmp_path / "台账.csv"
    # A CSV saved by Chinese Excel: GBK.
    with path.open("w", encoding="gb18030", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        w.writerows(["" if v is None else v for v in r] for r in rows)
    store = open_store(url)
    try:
        report = import_ledger(store, ADMIN, path, today=demo_anchor)
        assert [(p.row, p.column) for p in report.problems] == [(3, "责任单位")]
        report = import_ledger(store, ADMIN, path, today=demo_anchor, create_missing=True)
    finally:
        store.dispose()
    assert report.written and report.created == 3
    assert _sql(url, "SELECT kind FROM units WHERE name = '青岚市新星机械制造有限公司'") == [
        ("enterprise",)
    ]


def test_create_missing_on_postgis(demo_pg_copy: str, demo_anchor: dt.date, tmp_path: Path) -> None:
    """The same on PostgreSQL: the new site's geometry in the city's CRS, with its SRID."""
    from sqlalchemy import text

    from riskmap.store.engine import open_store

    store = open_store(demo_pg_copy)
    try:
        with store.engine.connect() as c:
            sites = c.execute(
                text(
                    "SELECT name, lon, lat FROM sites WHERE layer = 'geohazards' ORDER BY id "
                    "LIMIT 3"
                )
            ).all()
            unit = c.execute(
                text("SELECT name FROM units WHERE kind = 'enterprise' ORDER BY id LIMIT 1")
            ).scalar_one()
            hazards0 = c.execute(text("SELECT count(*) FROM hazards")).scalar_one()
        found = (demo_anchor - dt.timedelta(days=2)).isoformat()
        rows = [(i + 1, f" {n} ", "", "", lon, lat, unit, f"裂缝 {i}", "一般", found, "监测",
                 found, "整改中") for i, (n, lon, lat) in enumerate(sites)]  # fmt: skip
        far = sites[2]
        rows.append((4, "新发现滑坡点", "", "", far[1] + 0.01, far[2], unit, "滑坡", "重大",
                     found, "搬迁", found, "待整改"))  # fmt: skip
        path = _write_xlsx(tmp_path / "台账.xlsx", rows)
        report = import_ledger(store, ADMIN, path, today=demo_anchor)
        assert [(p.row, p.column) for p in report.problems] == [(6, "企业名称")]
        report = import_ledger(store, ADMIN, path, today=demo_anchor, create_missing=True)
        assert report.written and report.created == 4
        crs = store.crs
        with store.engine.connect() as c:
            assert c.execute(text("SELECT count(*) FROM hazards")).scalar_one() == hazards0 + 4
            layer, srid, x, y = c.execute(
                text(
                    "SELECT layer, ST_SRID(geom), ST_X(geom), ST_Y(geom) FROM sites "
                    "WHERE name = '新发现滑坡点'"
                )
            ).one()
    finally:
        store.dispose()
    assert layer == "geohazards"
    assert srid == pyproj.CRS.from_user_input(crs).to_epsg()
    ex, ey = pyproj.Transformer.from_crs("EPSG:4490", crs, always_xy=True).transform(
        far[1] + 0.01, far[2]
    )
    assert abs(x - ex) < 0.01 and abs(y - ey) < 0.01


def test_amap_coordinates_are_refused_until_the_datum_is_said(
    named: dict[str, Any], demo_anchor: dt.date, tmp_path: Path
) -> None:
    from riskmap.core.datum import from_wgs84
    from riskmap.store.engine import open_store

    url = named["url"]
    # The rows that give lon/lat, as copied from Amap (GCJ-02).
    rows = []
    for r in named["rows"][:60]:
        if r[4] is not None:
            lon, lat = from_wgs84(r[4], r[5], "gcj02")
            r = (*r[:4], float(lon), float(lat), *r[6:])
        rows.append(r)
    path = _write_xlsx(tmp_path / "台账_高德.xlsx", rows)
    pairs = zip(named["rows"][:60], rows, strict=True)
    shift = [GEOD.inv(a[4], a[5], b[4], b[5])[2] for a, b in pairs if a[4] is not None]
    before = _digest(url)
    store = open_store(url)
    try:
        report = import_ledger(store, ADMIN, path, today=demo_anchor)
        assert report.blocked and not report.written and not report.problems
        datum, metres = report.offset
        assert datum == "gcj02" and abs(metres - statistics.median(shift)) < 0.01
        assert "GCJ-02（高德地图）" in report.summary("zh")
        assert _digest(url) == before
        report = import_ledger(store, ADMIN, path, today=demo_anchor, datum="gcj02")
    finally:
        store.dispose()
    assert report.written and report.created == 60
    meant = list(named["meant"].values())[:60]
    got = dict(
        _sql(url, "SELECT description, site_id FROM hazards WHERE description LIKE '隐患描述 %'")
    )
    assert [got[f"隐患描述 {i}"] for i in range(60)] == meant
