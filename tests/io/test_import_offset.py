"""GCJ-02 and BD-09: conversion on import (within 0.5 m of the truth) and detection."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest
import shapely
from openpyxl import Workbook

from riskmap.core.catalog import load_catalog
from riskmap.core.crs import to_degrees
from riskmap.core.datum import from_wgs84
from riskmap.io.importer import detect_offset, import_features, plan_import, read_features
from riskmap.store.access import Actor
from riskmap.store.engine import open_store

ADMIN = Actor("admin", "admin")
CATALOG = load_catalog()


def demo_sites(url: str, layer: str) -> list[tuple[str, shapely.Geometry]]:
    con = sqlite3.connect(f"file:{url.removeprefix('sqlite:///')}?mode=ro", uri=True)
    try:
        rows = con.execute(
            "SELECT name, geom FROM sites WHERE layer = ? ORDER BY id", (layer,)
        ).fetchall()
    finally:
        con.close()
    return [(name, shapely.from_wkb(geom)) for name, geom in rows]


def enterprises_xlsx(path: Path, names: list[str], lon: np.ndarray, lat: np.ndarray) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "企业名单"
    ws.append(["序号", "企业名称", "经度", "纬度", "从业人数"])
    for i, (name, x, y) in enumerate(zip(names, lon, lat, strict=True), start=1):
        ws.append([i, name, float(x), float(y), 10 * i])
    wb.save(path)
    return path


@pytest.mark.parametrize("datum", ["gcj02", "bd09"])
def test_offset_enterprises_convert_within_half_a_metre(
    demo_copy: str, tmp_path: Path, datum: str
) -> None:
    store = open_store(demo_copy)
    truth = demo_sites(demo_copy, "chemical_plants")
    names = [f"{n}（{datum}）" for n, _ in truth]
    degrees = np.array([to_degrees(g, store.crs).coords[0] for _, g in truth])
    lon, lat = from_wgs84(degrees[:, 0], degrees[:, 1], datum)
    src = read_features(enterprises_xlsx(tmp_path / f"{datum}.xlsx", names, lon, lat), datum=datum)
    assert src.datum == datum
    report = import_features(store, ADMIN, src, plan_import(src, CATALOG, "chemical_plants"))
    assert report.written and report.imported == len(truth)
    assert any("converted from" in n for n in report.notes)
    con = sqlite3.connect(demo_copy.removeprefix("sqlite:///"))
    got = con.execute(
        "SELECT geom FROM sites WHERE id BETWEEN ? AND ? ORDER BY id", report.site_ids
    ).fetchall()
    con.close()
    new = shapely.from_wkb([g for (g,) in got])
    old = np.array([g for _, g in truth], dtype=object)
    error = shapely.distance(new, old)
    assert error.max() < 0.5, f"worst {error.max():.3f} m"
    # Read as given, the same file lands hundreds of metres off.
    plain = read_features(tmp_path / f"{datum}.xlsx")
    shifted = np.hypot(*(np.asarray(plain.geometry.xy) - degrees).T) * 111_000
    assert shifted.min() > 100
    store.dispose()


@pytest.mark.parametrize(("datum", "low", "high"), [("gcj02", 150, 1000), ("bd09", 600, 2000)])
def test_detect_offset_from_same_named_sites(
    demo_url: str, tmp_path: Path, datum: str, low: float, high: float
) -> None:
    store = open_store(demo_url)
    sites = demo_sites(demo_url, "chemical_plants") + demo_sites(demo_url, "dense_venues")[:60]
    degrees = np.array([to_degrees(g, store.crs).coords[0] for _, g in sites])
    lon, lat = from_wgs84(degrees[:, 0], degrees[:, 1], datum)
    path = enterprises_xlsx(tmp_path / "e.xlsx", [n for n, _ in sites], lon, lat)
    verdict = detect_offset(read_features(path), store)
    assert verdict.looks_offset and verdict.datum == datum
    assert low < verdict.offset_m < high
    name = {"gcj02": "GCJ-02", "bd09": "BD-09"}[datum]
    assert verdict.message("en").startswith(f"looks offset like {name} by ~")
    assert "same-named site" in verdict.message("en")
    assert "偏移坐标" in verdict.message("zh")
    # The same points as given agree with the database.
    plain = enterprises_xlsx(tmp_path / "p.xlsx", [n for n, _ in sites], *degrees.T)
    verdict = detect_offset(read_features(plain), store)
    assert verdict.confident and verdict.datum is None and not verdict.looks_offset
    store.dispose()


def test_detect_offset_from_roads_without_names(demo_url: str, tmp_path: Path) -> None:
    """Accident black spots copied from Amap: no names in the database, but on its roads."""
    store = open_store(demo_url)
    roads = [g for _, g in demo_sites(demo_url, "roads")][::3][:300]
    spots = shapely.line_interpolate_point(np.array(roads, dtype=object), 0.37, normalized=True)
    degrees = np.array([to_degrees(p, store.crs).coords[0] for p in spots])
    lon, lat = from_wgs84(degrees[:, 0], degrees[:, 1], "gcj02")
    path = tmp_path / "黑点.csv"
    rows = ["地点,经度,纬度"] + [
        f"黑点{i},{x:.8f},{y:.8f}" for i, (x, y) in enumerate(zip(lon, lat, strict=True))
    ]
    path.write_text("\n".join(rows), encoding="utf-8")
    verdict = detect_offset(read_features(path), store)
    assert verdict.looks_offset and verdict.datum == "gcj02"
    assert "within 10 m of a road" in verdict.message("en")
    store.dispose()


def test_detect_offset_needs_lon_lat(demo_url: str, tmp_path: Path) -> None:
    store = open_store(demo_url)
    path = tmp_path / "xy.csv"
    path.write_text("名称,x,y\n井,512345,3937654\n", encoding="utf-8")
    verdict = detect_offset(read_features(path, x="x", y="y", crs="EPSG:4544"), store)
    assert not verdict.applicable and not verdict.looks_offset
    far = tmp_path / "far.csv"
    far.write_text("名称,经度,纬度\n上海,121.47,31.23\n", encoding="utf-8")
    verdict = detect_offset(read_features(far), store)
    assert not verdict.applicable and "lie in the city" in verdict.message("en")
    store.dispose()
