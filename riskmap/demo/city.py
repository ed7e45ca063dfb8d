"""Assembling the demo city from its stages, and writing it in one transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import shapely
from sqlalchemy import Engine, delete

from riskmap.core.catalog import load_catalog
from riskmap.core.crs import xy_to_lonlat
from riskmap.core.style.site_class import style_class_of
from riskmap.demo import DEMO_CRS, GENERATOR, facilities, networks, places, rng_for
from riskmap.demo import names as N
from riskmap.demo.basemap import basemap_rows
from riskmap.demo.geography import Land, build_land
from riskmap.demo.ledger import (
    Ledger,
    build_duties,
    build_ledger,
    build_patrols,
    build_resources,
    build_units,
    build_users,
)
from riskmap.demo.model import City
from riskmap.store.engine import Store, create_schema, sqlite_path
from riskmap.store.schema import Base, Meta


def build_city(seed: int, anchor: dt.date) -> tuple[City, Ledger]:
    land = build_land(rng_for(seed, 0))
    city = City(land)
    networks.waterways(city, rng_for(seed, 1))
    trunk = networks.roads(city, rng_for(seed, 2))
    networks.forest_zones(city, rng_for(seed, 3))
    venues = places.venues(city, rng_for(seed, 4))
    facilities.chemical_plants(city, rng_for(seed, 5))
    facilities.quarantine(city, rng_for(seed, 6), venues)
    mine_recs = facilities.mines(city, rng_for(seed, 7))
    facilities.geohazards(city, rng_for(seed, 8), mine_recs)
    operators = networks.gas_companies(city, rng_for(seed, 9))
    networks.gas_pipelines(city, rng_for(seed, 9), operators)
    facilities.gas_points(city, rng_for(seed, 10), operators, trunk)
    facilities.construction(city, rng_for(seed, 11))
    facilities.resources(city, rng_for(seed, 12))
    _locate(city)

    catalog = load_catalog()
    ledger = build_units(city, catalog, rng_for(seed, 13))
    build_duties(city, catalog, ledger)
    build_resources(city, ledger)
    build_ledger(city, ledger, rng_for(seed, 14), anchor)
    build_patrols(city, ledger, rng_for(seed, 15), anchor)
    build_users(city, ledger, anchor)
    return city, ledger


def township_of(land: Land, points: np.ndarray) -> np.ndarray:
    """The code of the township containing each point (the lowest code on a shared boundary;
    the nearest township for a point outside the city)."""
    towns = land.townships
    codes = np.array([t.code for t in towns], dtype=object)
    tree = shapely.STRtree([t.geom for t in towns])
    pi, ti = tree.query(points, predicate="intersects")
    best = np.full(len(points), len(towns), dtype=np.int64)
    np.minimum.at(best, pi, ti)
    missing = np.flatnonzero(best == len(towns))
    if len(missing):
        mi, mt = tree.query_nearest(points[missing], all_matches=False)
        best[missing[mi]] = mt
    return codes[best]


def _locate(city: City) -> None:
    geoms = np.array([s.geom for s in city.sites], dtype=object)
    rp = shapely.point_on_surface(geoms)
    codes = township_of(city.land, rp)
    for i, (s, code) in enumerate(zip(city.sites, codes, strict=True), start=1):
        s.id = i
        s.district = str(code)


def district_rows(land: Land) -> list[dict[str, Any]]:
    rows = [
        {
            "code": N.CITY_CODE,
            "name": N.CITY_ZH,
            "name_en": f"{N.CITY_EN} City",
            "level": "city",
            "parent_code": None,
            "population": sum(t.population for t in land.townships),
            "geom": land.city,
        }
    ]
    for c in land.counties:
        rows.append(
            {
                "code": c.code,
                "name": c.name,
                "name_en": c.name_en,
                "level": "county",
                "parent_code": N.CITY_CODE,
                "population": sum(t.population for t in c.townships),
                "geom": c.geom,
            }
        )
    for t in land.townships:
        rows.append(
            {
                "code": t.code,
                "name": t.name,
                "name_en": t.name_en,
                "level": "township",
                "parent_code": t.county,
                "population": t.population,
                "geom": t.geom,
            }
        )
    for r in rows:
        r["geom"] = shapely.to_wkb(r["geom"])
    return rows


def site_rows(city: City, anchor: dt.date, seed: int) -> list[dict[str, Any]]:
    rng = rng_for(seed, 16)
    land = city.land
    geoms = np.array([s.geom for s in city.sites], dtype=object)
    rp = shapely.get_coordinates(shapely.point_on_surface(geoms))
    lon, lat = xy_to_lonlat(rp[:, 0], rp[:, 1], DEMO_CRS)
    wkb = shapely.to_wkb(geoms)
    names = {t.code: (t.name, t.county) for t in land.townships}
    county_names = {c.code: c.name for c in land.counties}
    age = rng.integers(30, 1500, size=len(city.sites))
    touched = rng.integers(0, 30, size=len(city.sites))
    base = dt.datetime.combine(anchor, dt.time(9))
    rows = []
    for i, s in enumerate(city.sites):
        tname, ccode = names[s.district]
        created = base - dt.timedelta(days=int(age[i]), minutes=int(touched[i]) * 17)
        rows.append(
            {
                "id": s.id,
                "layer": s.layer,
                "name": s.name,
                "district_code": s.district,
                "address": f"{N.CITY_ZH}{county_names[ccode]}{tname}{s.detail}",
                "geom": wkb[i],
                "lon": round(float(lon[i]), 7),
                "lat": round(float(lat[i]), 7),
                "attrs": s.attrs,
                "style_class": style_class_of(s.layer, s.attrs),
                "created_at": created,
                "updated_at": created + dt.timedelta(days=int(min(touched[i], age[i] - 1))),
                "version": 1,
            }
        )
    return rows


def city_meta(land: Land, seed: int, anchor: dt.date) -> dict[str, str]:
    minx, miny, maxx, maxy = land.city.bounds
    xs = np.array([minx, maxx, minx, maxx])
    ys = np.array([miny, miny, maxy, maxy])
    lon, lat = xy_to_lonlat(xs, ys, DEMO_CRS)
    bounds = f"{lon.min():.5f},{lat.min():.5f},{lon.max():.5f},{lat.max():.5f}"
    return {
        "crs": DEMO_CRS,
        "city_name": N.CITY_ZH,
        "city_name_en": N.CITY_EN,
        "fictional": "1",
        "anchor_date": anchor.isoformat(),
        "seed": str(seed),
        "generator": GENERATOR,
        "bounds_lonlat": bounds,
    }


def insert_tables(engine: Engine, tables: dict[str, list[dict[str, Any]]]) -> None:
    """All rows in one transaction, tables in foreign-key order."""
    with engine.begin() as conn:
        for table in Base.metadata.sorted_tables:  # foreign-key order
            name = table.name
            rows = tables.get(name) or []
            for k in range(0, len(rows), 20_000):
                conn.execute(table.insert(), rows[k : k + 20_000])


def finish_sqlite(store: Store) -> None:
    """Compact the file and leave it in rollback-journal mode, one self-contained file that can
    be read from a read-only installation (a WAL database needs a writable -shm beside it)."""
    if sqlite_path(store.url) is None:
        return
    store.engine.dispose()
    raw = store.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cur.execute("VACUUM")
        cur.execute("PRAGMA journal_mode=DELETE")
        cur.close()
    finally:
        raw.close()
    store.engine.dispose()


def write_city(
    url: str, city: City, led: Ledger, seed: int, anchor: dt.date, overwrite: bool
) -> Store:
    store = create_schema(url, city_meta(city.land, seed, anchor), overwrite)
    tables = {
        "districts": district_rows(city.land),
        "units": led.units,
        "sites": site_rows(city, anchor, seed),
        "duties": led.duties,
        "inspections": led.inspections,
        "hazards": led.hazards,
        "rectifications": led.rectifications,
        "patrol_areas": [{**p, "geom": shapely.to_wkb(p["geom"])} for p in led.patrol_areas],
        "resources": led.resources,
        "basemap": basemap_rows(city, rng_for(seed, 17)),
        "audit_events": led.audit_events,
        "users": led.users,
    }
    insert_tables(store.engine, tables)
    # The generator's file is a source, not a city anyone exports from: every database made
    # from it gets an identity of its own (riskmap.demo.install), and the file stays the same
    # bytes for the same seed.
    with store.engine.begin() as conn:
        conn.execute(delete(Meta).where(Meta.key == "database_id"))
    store.meta.pop("database_id", None)
    finish_sqlite(store)
    return store
