"""Large synthetic cities for benchmarks: the demo city's districts and departments with any
number of sites, in the benchmark mix of docs/performance.md (60 % lines of 5–30 vertices, 25 %
points, 15 % polygons).

Everything is built with numpy and shapely array functions; on SQLite the big tables go through
the raw DBAPI cursor (executemany) inside the same transaction as the small ones.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import numpy as np
import shapely

from riskmap.core.catalog import load_catalog
from riskmap.core.crs import xy_to_lonlat
from riskmap.core.style.site_class import style_class_of
from riskmap.demo import DEMO_CRS, DEMO_SEED, rng_for
from riskmap.demo import names as N
from riskmap.demo.city import city_meta, district_rows, insert_tables
from riskmap.demo.geography import Land, build_land
from riskmap.demo.hazard_texts import TEXTS
from riskmap.demo.ledger import PUBLIC_OWNER, Ledger, build_units
from riskmap.demo.model import City
from riskmap.store.engine import Store, create_schema, sqlite_path

# Layers per geometry type, with their shares.
LINE_LAYERS = (("roads", 0.8), ("waterways", 0.12), ("gas", 0.08))
POINT_LAYERS = (
    ("dense_venues", 0.3),
    ("resources", 0.2),
    ("geohazards", 0.18),
    ("gas", 0.15),
    ("chemical_plants", 0.06),
    ("mines", 0.06),
    ("quarantine_sites", 0.05),
)
POLYGON_LAYERS = (("forest_fire", 0.6), ("construction", 0.3), ("waterways", 0.1))
# A few attribute sets per (layer, geometry): every key and choice as in layers/*.toml.
ATTRS: dict[tuple[str, str], tuple[dict[str, Any], ...]] = {
    ("roads", "line"): tuple(
        {"road_class": c, "blackspot": b, "accidents_last_year": a, "mountain": m}
        for c in ("expressway", "national", "provincial", "county", "township")
        for b, a in ((False, 0), (False, 1), (True, 6))
        for m in (False, True)
    ),
    ("waterways", "line"): tuple(
        {"kind": k, "flood_risk": f, "navigable": False, "swimming_risk": s}
        for k in ("river", "tributary", "canal")
        for f in ("low", "medium", "high")
        for s in (False, True)
    ),
    ("gas", "line"): tuple(
        {"kind": "pipeline", "pressure": p, "operator": "青岚市燃气集团有限公司"}
        for p in ("medium", "high")
    ),
    ("dense_venues", "point"): tuple(
        {"kind": k, "capacity": c, "operator": ""}
        for k in (
            "school",
            "hospital",
            "mall",
            "station",
            "scenic_spot",
            "cemetery",
            "stadium",
            "market",
        )
        for c in (200, 1500)
    ),
    ("resources", "point"): tuple(
        {"kind": k, "capacity": c, "contact": "0940-8000000"}
        for k in ("rescue_team", "fire_station", "material_depot", "shelter", "medical")
        for c in (20, 500)
    ),
    ("geohazards", "point"): tuple(
        {"kind": k, "scale": s, "threatened_people": p, "threatened_property": p * 5.0}
        for k in ("landslide", "debris_flow", "collapse", "subsidence")
        for s, p in (("small", 20), ("medium", 120), ("large", 400))
    ),
    ("gas", "point"): tuple(
        {"kind": k, "pressure": p, "operator": "青岚市燃气集团有限公司"}
        for k in ("gas_station", "lpg_station", "regulator_station")
        for p in ("low", "medium", "high")
    ),
    ("chemical_plants", "point"): tuple(
        {"hazard_class": h, "chemicals": c, "employees": 120, "in_park": p, "license_no": ""}
        for h in (1, 2, 3, 4)
        for c in ("液氯", "甲醇、液氨")
        for p in (False, True)
    ),
    ("mines", "point"): tuple(
        {"kind": k, "underground": u, "employees": 80}
        for k in ("coal", "metal", "nonmetal", "tailings_pond")
        for u in (False, True)
    ),
    ("quarantine_sites", "point"): tuple(
        {"kind": k, "beds": 60, "state": s}
        for k in ("isolation_point", "designated_hospital", "vaccination_point")
        for s in ("active", "standby")
    ),
    ("forest_fire", "polygon"): tuple(
        {"fire_class": f, "area_km2": 0.5, "forest_type": t, "ranger_station": ""}
        for f in (1, 2, 3, 4, 5)
        for t in ("油松林", "云杉林")
    ),
    ("construction", "polygon"): tuple(
        {"project": p, "contractor": "青岚建工集团有限公司", "workers": 120, "deep_pit": d}
        for p in ("住宅", "道路桥梁", "厂房")
        for d in (False, True)
    ),
    ("waterways", "polygon"): tuple(
        {"kind": k, "flood_risk": f, "navigable": False, "swimming_risk": True}
        for k in ("reservoir", "lake")
        for f in ("low", "medium", "high")
    ),
}
RESOURCE_UNITS = {
    "rescue_team": "人",
    "fire_station": "人",
    "material_depot": "吨",
    "shelter": "人",
    "medical": "床",
}


def _inside(rng: np.random.Generator, area: shapely.Geometry, n: int) -> np.ndarray:
    """n points uniformly inside `area`."""
    minx, miny, maxx, maxy = area.bounds
    shapely.prepare(area)
    out: list[np.ndarray] = []
    have = 0
    while have < n:
        m = int((n - have) * 1.45) + 64
        x = rng.uniform(minx, maxx, m)
        y = rng.uniform(miny, maxy, m)
        ok = shapely.contains_xy(area, x, y)
        xy = np.column_stack([x[ok], y[ok]])
        out.append(xy)
        have += len(xy)
    return np.vstack(out)[:n]


def _lines(rng: np.random.Generator, centres: np.ndarray) -> np.ndarray:
    n = len(centres)
    nv = rng.integers(5, 31, size=n)
    idx = np.repeat(np.arange(n), nv)
    total = int(nv.sum())
    starts = np.concatenate([[0], np.cumsum(nv)[:-1]])
    heading = np.repeat(rng.uniform(0, 2 * np.pi, n), nv) + np.cumsum(rng.normal(0, 0.35, total))
    step = rng.uniform(30.0, 220.0, total)
    dx, dy = step * np.cos(heading), step * np.sin(heading)
    first = np.zeros(total, dtype=bool)
    first[starts] = True
    dx[first] = 0.0
    dy[first] = 0.0
    cx, cy = np.cumsum(dx), np.cumsum(dy)
    cx -= np.repeat(cx[starts], nv)
    cy -= np.repeat(cy[starts], nv)
    # Centre each line on its centre point (the middle vertex lands there).
    mid = starts + nv // 2
    cx += np.repeat(centres[:, 0] - cx[mid], nv)
    cy += np.repeat(centres[:, 1] - cy[mid], nv)
    coords = np.round(np.column_stack([cx, cy]), 1)
    return shapely.linestrings(coords, indices=idx)


def _polygons(rng: np.random.Generator, centres: np.ndarray) -> np.ndarray:
    n = len(centres)
    nv = rng.integers(4, 13, size=n)
    idx = np.repeat(np.arange(n), nv)
    total = int(nv.sum())
    starts = np.concatenate([[0], np.cumsum(nv)[:-1]])
    k = np.arange(total) - np.repeat(starts, nv)
    ang = (k + rng.uniform(-0.3, 0.3, total)) * (2 * np.pi / np.repeat(nv, nv))
    r = np.repeat(rng.uniform(50.0, 600.0, n), nv) * rng.uniform(0.7, 1.3, total)
    coords = np.round(
        np.column_stack(
            [
                np.repeat(centres[:, 0], nv) + r * np.cos(ang),
                np.repeat(centres[:, 1], nv) + r * np.sin(ang),
            ]
        ),
        1,
    )
    rings = shapely.linearrings(coords, indices=idx)
    return shapely.polygons(rings)


def township_codes(land: Land, pts: np.ndarray) -> np.ndarray:
    """The township holding each point (lowest code on shared boundaries; nearest if outside).

    Each township is prepared once and asked only about the points in its bounding box, which is
    much faster than a tree query of raw polygons for a million points.
    """
    towns = land.townships
    x, y = pts[:, 0], pts[:, 1]
    out = np.full(len(pts), -1, dtype=np.int64)
    tree = shapely.STRtree([t.geom for t in towns])
    for ti, t in enumerate(towns):
        minx, miny, maxx, maxy = t.geom.bounds
        cand = np.flatnonzero((out < 0) & (x >= minx) & (x <= maxx) & (y >= miny) & (y <= maxy))
        if len(cand) == 0:
            continue
        shapely.prepare(t.geom)
        hit = shapely.intersects_xy(t.geom, x[cand], y[cand])
        out[cand[hit]] = ti
    miss = np.flatnonzero(out < 0)
    if len(miss):
        mi, mt = tree.query_nearest(shapely.points(pts[miss]), all_matches=False)
        out[miss[mi]] = mt
    codes = np.array([t.code for t in towns], dtype=object)
    return codes[out]


def _pick_layers(
    rng: np.random.Generator, table: tuple[tuple[str, float], ...], n: int
) -> np.ndarray:
    names = np.array([k for k, _ in table], dtype=object)
    p = np.array([w for _, w in table])
    return names[rng.choice(len(names), size=n, p=p / p.sum())]


def build(url: str, n_sites: int, seed: int, anchor: dt.date, overwrite: bool) -> Store:
    if n_sites <= 0:
        raise ValueError(f"n_sites must be positive, got {n_sites}")
    land = build_land(rng_for(DEMO_SEED, 0))
    catalog = load_catalog()
    led = build_units(City(land), catalog, rng_for(DEMO_SEED, 13))
    _area_duties(land, catalog, led)
    rng = np.random.default_rng([seed, 1_000_000])

    n_line = round(n_sites * 0.60)
    n_point = round(n_sites * 0.25)
    n_poly = n_sites - n_line - n_point
    kind = np.concatenate(
        [np.zeros(n_line, np.int8), np.ones(n_point, np.int8), np.full(n_poly, 2, np.int8)]
    )
    perm = rng.permutation(n_sites)  # interleave types over ids, like a real import
    kind = kind[perm]
    centres = _inside(rng, land.city, n_sites)
    geoms = np.empty(n_sites, dtype=object)
    layer = np.empty(n_sites, dtype=object)
    for k, (maker, table) in enumerate(
        (
            (_lines, LINE_LAYERS),
            (None, POINT_LAYERS),
            (_polygons, POLYGON_LAYERS),
        )
    ):
        sel = np.flatnonzero(kind == k)
        geoms[sel] = shapely.points(centres[sel]) if maker is None else maker(rng, centres[sel])
        layer[sel] = _pick_layers(rng, table, len(sel))
    gtype = np.array(["line", "point", "polygon"], dtype=object)[kind]

    rp = shapely.get_coordinates(shapely.point_on_surface(geoms))
    codes = township_codes(land, rp)
    lon, lat = xy_to_lonlat(rp[:, 0], rp[:, 1], DEMO_CRS)
    wkb = shapely.to_wkb(geoms)

    # Attributes: one of a few JSON texts per (layer, geometry type).
    attrs_json = np.empty(n_sites, dtype=object)
    style_class = np.full(n_sites, None, dtype=object)
    attr_idx = np.zeros(n_sites, dtype=np.int64)
    for (lk, gk), variants in ATTRS.items():
        sel = np.flatnonzero((layer == lk) & (gtype == gk))
        if len(sel) == 0:
            continue
        texts = np.array([json.dumps(v, ensure_ascii=False) for v in variants], dtype=object)
        attr_idx[sel] = rng.integers(len(variants), size=len(sel))
        attrs_json[sel] = texts[attr_idx[sel]]
        classes = np.array([style_class_of(lk, v, catalog) for v in variants], dtype=object)
        style_class[sel] = classes[attr_idx[sel]]
    zh = {key: spec.name_zh for key, spec in catalog.items()}
    ids = np.arange(1, n_sites + 1)
    names = [f"{zh[lk]}{i:07d}" for lk, i in zip(layer.tolist(), ids.tolist(), strict=True)]
    created = (dt.datetime.combine(anchor, dt.time(9)) - dt.timedelta(days=400)).isoformat(
        " "
    ) + ".000000"
    site_cols = (
        ids.tolist(),
        layer.tolist(),
        names,
        codes.tolist(),
        wkb.tolist(),
        np.round(lon, 7).tolist(),
        np.round(lat, 7).tolist(),
        attrs_json.tolist(),
        style_class.tolist(),
    )

    res_sel = np.flatnonzero(layer == "resources")
    res_rows = []
    for i in res_sel.tolist():
        a = ATTRS[("resources", "point")][int(attr_idx[i])]
        county = codes[i][:6]
        res_rows.append(
            (
                i + 1,
                a["kind"],
                a["capacity"],
                RESOURCE_UNITS[a["kind"]],
                led.dept[(county, "emergency")],
                a["contact"],
            )
        )

    hazards, rects = _hazards(rng, led, layer, codes, anchor)

    store = create_schema(
        url,
        {
            **city_meta(land, DEMO_SEED, anchor),
            "synthetic_seed": str(seed),
            "synthetic_sites": str(n_sites),
        },
        overwrite,
    )
    small = {"districts": district_rows(land), "units": led.units, "duties": led.duties}
    if sqlite_path(url) is None and not url.startswith("sqlite"):
        _write_core(store, small, site_cols, created, res_rows, hazards, rects)
    else:
        _write_sqlite(store, small, site_cols, created, res_rows, hazards, rects)
    return store


def _area_duties(land: Land, catalog: Any, led: Ledger) -> None:
    areas = [N.CITY_CODE] + [c.code for c in land.counties]

    def duty(**kw: Any) -> None:
        led.duties.append(
            {
                "id": len(led.duties) + 1,
                "layer": None,
                "site_id": None,
                "district_code": None,
                "note": "",
                "version": 1,
                **kw,
            }
        )

    for spec in catalog.values():
        for code in areas:
            duty(
                unit_id=led.dept[(code, spec.regulator.code)],
                role="regulator",
                layer=spec.key,
                district_code=code,
            )
    for code, uid in led.gov.items():
        duty(unit_id=uid, role="territorial", district_code=code)


def _hazards(
    rng: np.random.Generator, led: Ledger, layer: np.ndarray, codes: np.ndarray, anchor: dt.date
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Hazards on ~3 % of the risk sites, each with a rectification (some overdue)."""
    risk = np.flatnonzero(layer != "resources")
    sel = np.sort(rng.choice(risk, size=max(1, int(len(layer) * 0.03)), replace=False))
    n = len(sel)
    found = rng.integers(1, 121, size=n)
    status = rng.choice(4, size=n, p=[0.2, 0.28, 0.1, 0.42])
    overdue = (status < 3) & (found > 8) & (rng.random(n) < 0.22)
    deadline = np.where(overdue, -rng.integers(1, 6, size=n), rng.integers(2, 60, size=n))
    deadline = np.where(status == 3, -found + rng.integers(7, 60, size=n), deadline)
    major = rng.random(n) < 0.12
    pick = rng.integers(0, 1_000_000, size=n)
    statuses = ("open", "in_progress", "submitted", "verified")
    day = dt.timedelta(days=1)
    hazards, rects = [], []
    for j, i in enumerate(sel.tolist()):
        lk = layer[i]
        cat, desc, measures, _ = TEXTS[lk][int(pick[j]) % len(TEXTS[lk])]
        found_on = anchor - int(found[j]) * day
        st = statuses[int(status[j])]
        sub_by = "企业负责人" if st in ("submitted", "verified") else None
        ver_by = "监管部门核查人" if st == "verified" else None
        sub_on = (anchor - day).isoformat() if sub_by else None
        owner = led.dept[(codes[i][:6], PUBLIC_OWNER.get(lk, "emergency"))]
        esc = int(major[j] and overdue[j])
        hazards.append(
            (
                j + 1,
                i + 1,
                "major" if major[j] else "general",
                cat,
                desc,
                found_on.isoformat(),
                "督查组",
                esc,
            )
        )
        rects.append(
            (
                j + 1,
                j + 1,
                measures,
                (anchor + int(deadline[j]) * day).isoformat(),
                owner,
                "责任人",
                st,
                sub_by,
                sub_on,
                ver_by,
                (anchor - day).isoformat() if ver_by else None,
            )
        )
    return hazards, rects


SITE_SQL = (
    "INSERT INTO sites (id, layer, name, district_code, address, geom, lon, lat, attrs,"
    " style_class, created_at, updated_at, version) VALUES (?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, 1)"
)
HAZARD_SQL = (
    "INSERT INTO hazards (id, site_id, level, category, description, found_on, found_by,"
    " escalation, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)"
)
RECT_SQL = (
    "INSERT INTO rectifications (id, hazard_id, measures, deadline, unit_id, responsible_person,"
    " status, submitted_by, submitted_on, verified_by, verified_on, version)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)"
)
RES_SQL = (
    "INSERT INTO resources (site_id, kind, capacity, capacity_unit, unit_id, contact)"
    " VALUES (?, ?, ?, ?, ?, ?)"
)


def _write_sqlite(
    store: Store,
    small: dict[str, list[dict[str, Any]]],
    cols: tuple[list[Any], ...],
    created: str,
    res_rows: list[tuple[Any, ...]],
    hazards: list[tuple[Any, ...]],
    rects: list[tuple[Any, ...]],
) -> None:
    with store.engine.begin() as conn:
        for name in ("districts", "units", "duties"):
            from riskmap.store.schema import Base

            conn.execute(Base.metadata.tables[name].insert(), small[name])
        cur = conn.connection.dbapi_connection.cursor()
        # Indexes are cheaper built once at the end than kept up row by row.
        idx = cur.execute(
            "SELECT name, sql FROM sqlite_master"
            " WHERE type='index' AND tbl_name='sites' AND sql IS NOT NULL"
        ).fetchall()
        for name, _ in idx:
            cur.execute(f'DROP INDEX "{name}"')
        ids, layer, names, codes, wkb, lon, lat, attrs, classes = cols
        rows = zip(
            ids,
            layer,
            names,
            codes,
            wkb,
            lon,
            lat,
            attrs,
            classes,
            [created] * len(ids),
            [created] * len(ids),
            strict=True,
        )
        cur.executemany(SITE_SQL, rows)
        for _, sql in idx:
            cur.execute(sql)
        cur.executemany(RES_SQL, res_rows)
        cur.executemany(HAZARD_SQL, hazards)
        cur.executemany(RECT_SQL, rects)
        cur.close()


def _write_core(
    store: Store,
    small: dict[str, list[dict[str, Any]]],
    cols: tuple[list[Any], ...],
    created: str,
    res_rows: list[tuple[Any, ...]],
    hazards: list[tuple[Any, ...]],
    rects: list[tuple[Any, ...]],
) -> None:
    """Any other database: SQLAlchemy Core in batches (slower, portable)."""
    ts = dt.datetime.fromisoformat(created)
    ids, layer, names, codes, wkb, lon, lat, attrs, classes = cols
    sites = [
        {
            "id": a,
            "layer": b,
            "name": c,
            "district_code": d,
            "address": "",
            "geom": e,
            "lon": f,
            "lat": g,
            "attrs": json.loads(h),
            "style_class": k,
            "created_at": ts,
            "updated_at": ts,
            "version": 1,
        }
        for a, b, c, d, e, f, g, h, k in zip(
            ids, layer, names, codes, wkb, lon, lat, attrs, classes, strict=True
        )
    ]
    keys_r = ("site_id", "kind", "capacity", "capacity_unit", "unit_id", "contact")
    keys_h = (
        "id",
        "site_id",
        "level",
        "category",
        "description",
        "found_on",
        "found_by",
        "escalation",
    )
    keys_c = (
        "id",
        "hazard_id",
        "measures",
        "deadline",
        "unit_id",
        "responsible_person",
        "status",
        "submitted_by",
        "submitted_on",
        "verified_by",
        "verified_on",
    )
    dates = {"found_on", "deadline", "submitted_on", "verified_on"}

    def rows(keys: tuple[str, ...], data: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
        return [
            {
                k: dt.date.fromisoformat(v) if k in dates and v else v
                for k, v in zip(keys, r, strict=True)
            }
            for r in data
        ]

    insert_tables(
        store.engine,
        {
            **small,
            "sites": sites,
            "resources": rows(keys_r, res_rows),
            "hazards": rows(keys_h, hazards),
            "rectifications": rows(keys_c, rects),
        },
    )
