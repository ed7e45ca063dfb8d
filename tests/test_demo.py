"""The demo-city generator: exact district tiling, consistent sites and ledger, determinism, and
the synthetic city's geometry mix."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import numpy as np
import pytest
import shapely

from riskmap.core.catalog import load_catalog
from riskmap.demo import DEMO_ANCHOR, DEMO_CRS, DEMO_SEED, build_demo, build_synthetic
from riskmap.demo.install import demo_source_path
from riskmap.store.schema import DUTY_ROLES, Base

TABLES = ("meta", *(t.name for t in Base.metadata.sorted_tables if t.name != "meta"))
GEOM_COLS = {"districts": "geom", "sites": "geom", "patrol_areas": "geom"}


def _build(tmp: Path, name: str, seed: int = DEMO_SEED) -> Path:
    path = tmp / name
    build_demo(f"sqlite:///{path}", seed=seed).dispose()
    return path


def _connect(path: Path) -> sqlite3.Connection:
    # Read-only, so that no test turns a file into WAL mode or otherwise touches it.
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def _dump(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, geometries as WKT rounded to 0.1 m."""
    out = {}
    with _connect(path) as c:
        for table in TABLES:
            cur = c.execute(f"SELECT * FROM {table} ORDER BY 1")
            cols = [d[0] for d in cur.description]
            rows = []
            for row in cur:
                row = list(row)
                if table in GEOM_COLS:
                    i = cols.index(GEOM_COLS[table])
                    row[i] = shapely.to_wkt(shapely.from_wkb(row[i]), rounding_precision=1)
                rows.append(tuple(row))
            out[table] = rows
    return out


def _counts(path: Path) -> dict[str, int]:
    with _connect(path) as c:
        return {t: c.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("demo"), "demo.sqlite")


@pytest.fixture(scope="module")
def db(built: Path) -> sqlite3.Connection:
    c = _connect(built)
    yield c
    c.close()


def _districts(db: sqlite3.Connection) -> dict[str, tuple[str, str | None, shapely.Geometry]]:
    rows = db.execute("SELECT code, level, parent_code, geom FROM districts ORDER BY code")
    return {code: (level, parent, shapely.from_wkb(g)) for code, level, parent, g in rows}


def test_meta(db: sqlite3.Connection) -> None:
    meta = dict(db.execute("SELECT key, value FROM meta"))
    assert meta["crs"] == DEMO_CRS
    assert meta["fictional"] == "1"
    assert meta["anchor_date"] == DEMO_ANCHOR.isoformat()
    assert meta["seed"] == str(DEMO_SEED)
    assert meta["city_name"]
    minlon, minlat, maxlon, maxlat = map(float, meta["bounds_lonlat"].split(","))
    assert 103.5 < minlon < 104.6 < maxlon < 105.7
    assert 34.8 < minlat < 35.6 < maxlat < 36.4


def test_districts_tile_exactly(db: sqlite3.Connection) -> None:
    d = _districts(db)
    city = [g for level, _, g in d.values() if level == "city"]
    counties = {c: g for c, (level, _, g) in d.items() if level == "county"}
    towns = {c: (p, g) for c, (level, p, g) in d.items() if level == "township"}
    assert len(city) == 1
    assert len(counties) == 7
    assert 60 <= len(towns) <= 100
    assert 13_000e6 < city[0].area < 17_000e6
    for code, geom in counties.items():
        parts = [g for p, g in towns.values() if p == code]
        assert parts, code
        union = shapely.union_all(parts)
        assert shapely.symmetric_difference(union, geom).area < 1.0, code
        assert abs(sum(g.area for g in parts) - union.area) < 1.0, code
        assert all(len(t) == 9 and t.startswith(code) for t, (p, _) in towns.items() if p == code)
    union = shapely.union_all(list(counties.values()))
    assert shapely.symmetric_difference(union, city[0]).area < 1.0
    assert abs(sum(g.area for g in counties.values()) - union.area) < 1.0


def test_site_district_is_township_of_representative_point(db: sqlite3.Connection) -> None:
    d = _districts(db)
    towns = {c: g for c, (level, _, g) in d.items() if level == "township"}
    rows = db.execute("SELECT district_code, geom FROM sites").fetchall()
    codes = [r[0] for r in rows]
    assert all(c in towns for c in codes)
    rp = shapely.point_on_surface(shapely.from_wkb([r[1] for r in rows]))
    owner = np.array([towns[c] for c in codes], dtype=object)
    assert shapely.intersects(owner, rp).all()


def test_a_site_named_after_a_county_lies_in_it(db: sqlite3.Connection) -> None:
    # 南岭县马鬃山尾矿库 must lie in 南岭县, 石门青峰林场第5林班 in 石门县: a name starting with a
    # county's name (full, or without 县/区 as 石门) says where the site is. Not meant so: a
    # river named like a county (石门河…段, it flows on) and a line between two places
    # (岚城—东川…管道).
    counties = {
        code: name
        for code, name in db.execute("SELECT code, name FROM districts WHERE level = 'county'")
    }
    assert len(counties) == 7
    prefixes = sorted(
        [(name, code) for code, name in counties.items()]
        + [(name[:-1], code) for code, name in counties.items()],
        key=lambda p: -len(p[0]),
    )
    d = _districts(db)
    wrong, checked = [], 0
    for sid, name, layer, district, wkb in db.execute(
        "SELECT id, name, layer, district_code, geom FROM sites"
    ):
        hit = next(((p, c) for p, c in prefixes if name.startswith(p)), None)
        if hit is None or "—" in name or (layer == "waterways" and name[len(hit[0])] == "河"):
            continue
        checked += 1
        county_geom = d[hit[1]][2]
        inside = county_geom.intersects(shapely.point_on_surface(shapely.from_wkb(wkb)))
        if not (district.startswith(hit[1]) and inside):
            wrong.append((sid, name, counties[district[:6]]))
    # Units (enterprises, governments, departments) are registered where their name says.
    for name, district in db.execute("SELECT name, district_code FROM units"):
        hit = next(((p, c) for p, c in prefixes if name.startswith(p)), None)
        if hit is not None:
            checked += 1
            if not (district or "").startswith(hit[1]):
                wrong.append((None, name, district))
    assert checked > 100
    assert not wrong, wrong[:10]


def test_layers_and_attributes_follow_the_catalog(db: sqlite3.Connection) -> None:
    catalog = load_catalog()
    counts = dict(db.execute("SELECT layer, COUNT(*) FROM sites GROUP BY layer"))
    assert set(counts) == set(catalog)
    assert 3500 <= sum(counts.values()) <= 6000
    for layer, attrs, geom in db.execute("SELECT layer, attrs, geom FROM sites"):
        spec = catalog[layer]
        values = json.loads(attrs)
        fields = {f.key: f for f in spec.fields}
        assert set(values) <= set(fields), (layer, values)
        for f in spec.fields:
            if f.required:
                assert f.key in values, (layer, f.key)
            if f.choices and f.key in values:
                assert values[f.key] in f.choices, (layer, f.key, values[f.key])
        kind = shapely.from_wkb(geom).geom_type
        allowed = {
            "point": {"Point"},
            "line": {"LineString"},
            "polygon": {"Polygon"},
            "line+polygon": {"LineString", "Polygon"},
            "any": {"Point", "LineString", "Polygon"},
        }[spec.geometry]
        assert kind in allowed, (layer, kind)
    resources = db.execute("SELECT COUNT(*) FROM resources").fetchone()[0]
    assert resources == counts["resources"]


def test_hazards_and_rectifications(db: sqlite3.Connection) -> None:
    anchor = DEMO_ANCHOR.isoformat()
    rows = db.execute(
        "SELECT h.level, h.found_on, s.layer, r.status, r.deadline, r.submitted_by, r.verified_by,"
        " h.escalation FROM hazards h JOIN sites s ON s.id = h.site_id"
        " JOIN rectifications r ON r.hazard_id = h.id"
    ).fetchall()
    assert 1200 <= len(rows) <= 2000
    assert {r[0] for r in rows} == {"general", "major"}
    major = sum(r[0] == "major" for r in rows) / len(rows)
    assert 0.10 <= major <= 0.15
    assert all(r[1] < anchor for r in rows)
    assert "resources" not in {r[2] for r in rows}
    layers = {r[2] for r in rows}
    assert layers == set(load_catalog()) - {"resources"}
    open_rows = [r for r in rows if r[3] != "verified"]
    overdue = [r for r in open_rows if r[4] < anchor]
    assert 0.15 <= len(overdue) / len(open_rows) <= 0.25
    verified = [r for r in rows if r[3] == "verified"]
    assert all(r[5] and r[6] and r[5] != r[6] for r in verified)
    assert any(r[4] < anchor for r in verified) and any(r[4] >= anchor for r in verified)
    assert {r[3] for r in rows} == {"open", "in_progress", "submitted", "verified"}
    assert any(r[7] == 1 and r[0] == "major" and r[4] < anchor for r in overdue)
    assert all(r[7] == 0 for r in rows if not (r[0] == "major" and r in overdue))
    n_desc = dict(
        db.execute(
            "SELECT s.layer, COUNT(DISTINCT h.category || h.description) FROM hazards h"
            " JOIN sites s ON s.id = h.site_id GROUP BY s.layer"
        )
    )
    assert min(n_desc.values()) >= 8


def test_responsibility_lists(db: sqlite3.Connection) -> None:
    plants = [r[0] for r in db.execute("SELECT id FROM sites WHERE layer = 'chemical_plants'")]
    duty = {
        r[0]
        for r in db.execute(
            "SELECT d.site_id FROM duties d JOIN units u ON u.id = d.unit_id"
            " WHERE d.role = 'enterprise' AND u.kind = 'enterprise'"
        )
    }
    assert plants and set(plants) <= duty
    roles = {r[0] for r in db.execute("SELECT DISTINCT role FROM duties")}
    assert roles == set(DUTY_ROLES)
    kinds = {r[0] for r in db.execute("SELECT DISTINCT kind FROM units")}
    assert kinds == {"regulator", "territorial", "enterprise"}
    catalog = load_catalog()
    n_areas = 1 + 7
    for spec in catalog.values():
        n = db.execute(
            "SELECT COUNT(*) FROM duties d JOIN units u ON u.id = d.unit_id"
            " WHERE d.role = 'regulator' AND d.layer = ? AND d.site_id IS NULL"
            " AND u.department_code = ?",
            (spec.key, spec.regulator.code),
        ).fetchone()[0]
        assert n == n_areas, spec.key
    towns = db.execute("SELECT COUNT(*) FROM districts WHERE level = 'township'").fetchone()[0]
    gov = db.execute("SELECT COUNT(*) FROM duties WHERE role = 'territorial'").fetchone()[0]
    assert gov == towns + n_areas


def test_patrols_and_inspections(db: sqlite3.Connection) -> None:
    patrols = db.execute(
        "SELECT kind, preset, buffer_m, starts_on, ends_on FROM patrol_areas"
    ).fetchall()
    assert {p[0] for p in patrols} == {"area", "route"}
    assert all(p[1] == "qingming" and p[3] < p[4] for p in patrols)
    assert all(p[2] > 0 for p in patrols if p[0] == "route")
    first = (DEMO_ANCHOR - dt.timedelta(days=121)).isoformat()
    dates = [r[0] for r in db.execute("SELECT date FROM inspections")]
    assert dates and all(first <= d < DEMO_ANCHOR.isoformat() for d in dates)
    kinds = {r[0] for r in db.execute("SELECT DISTINCT kind FROM inspections")}
    assert kinds == {"routine", "unannounced"}


def test_deterministic_and_seed_dependent(built: Path, tmp_path: Path) -> None:
    again = _build(tmp_path, "again.sqlite")
    first, second = _dump(built), _dump(again)
    for table in TABLES:
        assert first[table] == second[table], table
    other = _dump(_build(tmp_path, "other.sqlite", seed=DEMO_SEED + 1))
    assert other["districts"] != first["districts"]
    assert other["sites"] != first["sites"]


def test_committed_demo_file_is_current(built: Path) -> None:
    committed = demo_source_path()
    assert committed.exists(), "data/demo_city.sqlite is missing: rebuild it with `riskmap demo`"
    assert committed.stat().st_size < 20e6
    assert _counts(committed) == _counts(built)


def test_synthetic_mix(tmp_path: Path) -> None:
    path = tmp_path / "synthetic.sqlite"
    build_synthetic(f"sqlite:///{path}", 20_000).dispose()
    with _connect(path) as c:
        rows = c.execute("SELECT id, district_code, geom FROM sites").fetchall()
        towns = {r[0] for r in c.execute("SELECT code FROM districts WHERE level = 'township'")}
        n_res = c.execute("SELECT COUNT(*) FROM resources").fetchone()[0]
        n_site_res = c.execute("SELECT COUNT(*) FROM sites WHERE layer = 'resources'").fetchone()[0]
        n_haz = c.execute("SELECT COUNT(*) FROM hazards").fetchone()[0]
    assert len(rows) == 20_000
    assert len({r[0] for r in rows}) == 20_000
    assert all(r[1] in towns for r in rows)
    types = shapely.get_type_id(shapely.from_wkb([r[2] for r in rows]))
    for type_id, share in ((1, 0.60), (0, 0.25), (3, 0.15)):
        assert abs((types == type_id).mean() - share) <= 0.01, type_id
    assert n_res == n_site_res
    assert 0.025 * 20_000 <= n_haz <= 0.035 * 20_000


def test_a_new_database_takes_a_crs_only_when_empty(tmp_path: Path) -> None:
    from riskmap.demo.install import init_db
    from riskmap.errors import StoreError

    with pytest.raises(StoreError, match="empty database"):
        init_db(f"sqlite:///{tmp_path / 'demo.sqlite'}", crs="EPSG:4545")
    assert not (tmp_path / "demo.sqlite").exists()
    store = init_db(f"sqlite:///{tmp_path / 'empty.sqlite'}", empty=True, crs="EPSG:4545")
    try:
        assert store.crs == "EPSG:4545"
        assert store.city_name == ""
    finally:
        store.dispose()
