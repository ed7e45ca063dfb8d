"""Patrol plans to GeoJSON, KML and the 巡查排班表, read back by GDAL and openpyxl."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely
from openpyxl import load_workbook

from riskmap.core.crs import to_metric
from riskmap.core.patrol import Patrol, load_patrols
from riskmap.errors import RiskmapError
from riskmap.io import patrol_export
from riskmap.io.patrol_export import (
    ROSTER_HEADERS,
    patrol_unit_names,
    write_geojson,
    write_kml,
    write_roster_xlsx,
)

TOLERANCE_M = 0.01


@pytest.fixture(scope="module")
def plans(demo_ws) -> tuple[list[Patrol], dict[int, str], str]:
    """The demo city's patrols plus awkward ones: markup in the text, a hole, two parts, no
    dates, no unit."""
    patrols = load_patrols(demo_ws.store)
    assert {p.kind for p in patrols} == {"area", "route"}
    x, y = patrols[0].geom.centroid.coords[0]
    holed = shapely.Polygon(
        [(x, y), (x + 2000, y), (x + 2000, y + 2000), (x, y + 2000)],
        [[(x + 500, y + 500), (x + 900, y + 500), (x + 900, y + 900), (x + 500, y + 900)]],
    )
    two = shapely.MultiPolygon(
        [shapely.box(x + 3000, y, x + 3500, y + 500), shapely.box(x + 4000, y, x + 4500, y + 500)]
    )
    base = patrols[0]
    extra = [
        dataclasses.replace(
            base, id=901, name='河堤 <b>"夜巡"</b> & 值守', geom=holed, note="<script>x</script>"
        ),
        dataclasses.replace(
            base,
            id=902,
            name="两片区",
            geom=two,
            unit_id=None,
            starts_on=None,
            ends_on=None,
            preset=None,
        ),
    ]
    all_patrols = patrols + extra
    return all_patrols, patrol_unit_names(demo_ws.store, all_patrols), demo_ws.crs


def _same(a: shapely.Geometry, b: shapely.Geometry) -> bool:
    """Same type and vertex count, every vertex within the tolerance. (Not equals_exact on
    normalized shapes: normalize starts a ring at its least vertex, and two vertices with the
    same x pick different starts after a sub-millimetre round trip.)"""
    a = shapely.force_2d(a)
    return (
        a.geom_type == b.geom_type
        and shapely.get_num_coordinates(a) == shapely.get_num_coordinates(b)
        and shapely.hausdorff_distance(a, b) <= TOLERANCE_M
    )


def test_geojson_reads_back_with_the_same_names_and_geometries(plans, tmp_path: Path) -> None:
    patrols, units, crs = plans
    out = write_geojson(patrols, tmp_path / "巡查.geojson", crs, unit_names=units)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection"
    assert "crs" not in doc  # RFC 7946: lon/lat by definition

    df = gpd.read_file(out, engine="pyogrio")
    assert df.crs.to_epsg() == 4326
    plain = df[~df["corridor"].astype(bool)]
    assert list(plain["name"]) == [p.name for p in patrols]
    for p, (_, row) in zip(patrols, plain.iterrows(), strict=True):
        assert _same(to_metric(row.geometry, crs), p.geom), p.name
        assert row["kind"] == p.kind
        assert row["team"] == p.team
        assert row["buffer_m"] == pytest.approx(p.buffer_m)
        assert row["unit"] == (units.get(p.unit_id, "") if p.unit_id else "")
        start = None if pd.isna(row["starts_on"]) else pd.Timestamp(row["starts_on"]).date()
        assert start == p.starts_on

    routes = [p for p in patrols if p.kind == "route"]
    corridors = df[df["corridor"].astype(bool)]
    assert list(corridors["name"]) == [p.name for p in routes]
    for p, geom in zip(routes, corridors.geometry, strict=True):
        assert geom.geom_type == "Polygon"
        assert _same(to_metric(geom, crs), p.coverage)


def test_geojson_without_corridors(plans, tmp_path: Path) -> None:
    patrols, _, crs = plans
    out = write_geojson(patrols, tmp_path / "p.geojson", crs, corridors=False)
    assert len(json.loads(out.read_text(encoding="utf-8"))["features"]) == len(patrols)


def test_kml_reads_back_through_gdal(plans, tmp_path: Path) -> None:
    patrols, units, crs = plans
    out = write_kml(patrols, tmp_path / "巡查.kml", crs, unit_names=units)
    # One folder per kind, named in Chinese; GDAL reads each as a layer.
    layers = [name for name, _type in pyogrio.list_layers(out)]
    assert layers == ["巡查区域", "巡查路线", "路线覆盖范围"]
    info = pyogrio.read_info(out, layer=layers[0])
    assert info["driver"] in ("LIBKML", "KML")
    df = pd.concat([pyogrio.read_dataframe(out, layer=name) for name in layers])
    name_col = "Name" if "Name" in df.columns else "name"
    names = list(df[name_col])
    routes = [p for p in patrols if p.kind == "route"]
    assert len(df) == len(patrols) + len(routes)
    for p in patrols:
        row = df[df[name_col] == p.name]
        assert len(row) == 1, p.name
        assert _same(to_metric(row.geometry.iloc[0], crs), p.geom), p.name
        if p.team:
            assert p.team in row["description"].iloc[0]
    corridor_names = [n for n in names if n.endswith("（路线覆盖范围）")]
    assert len(corridor_names) == len(routes)


def test_kml_is_escaped_utf8_with_a_style_per_kind(plans, tmp_path: Path) -> None:
    patrols, units, crs = plans
    raw = write_kml(patrols, tmp_path / "p.kml", crs, unit_names=units).read_bytes()
    text = raw.decode("utf-8")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert "<script>" not in text and "<b>" not in text
    assert '<name>河堤 &lt;b&gt;"夜巡"&lt;/b&gt; &amp; 值守</name>' in text
    for style in ("area", "route", "corridor"):
        assert f'<Style id="{style}">' in text
    # The map's indigo #304ffe, as KML's aabbggrr: the phone shows what the map shows.
    root = ET.fromstring(raw)
    ns = "{http://www.opengis.net/kml/2.2}"
    styles = {st.get("id"): st for st in root.iter(f"{ns}Style")}
    assert styles["area"].find(f"{ns}LineStyle/{ns}color").text == "fffe4f30"
    assert styles["route"].find(f"{ns}LineStyle/{ns}color").text == "fffe4f30"
    assert styles["area"].find(f"{ns}PolyStyle/{ns}color").text == "12fe4f30"
    assert text.count("<styleUrl>#route</styleUrl>") == sum(p.kind == "route" for p in patrols)
    first = patrols[0]
    assert f"巡查时间：{first.starts_on} 至 {first.ends_on}" in text
    assert "巡查时间：不限" in text  # the patrol without dates
    english = write_kml(patrols, tmp_path / "en.kml", crs, unit_names=units, lang="en")
    assert "Team: " in english.read_text(encoding="utf-8")


def test_roster_has_one_row_per_patrol_with_real_dates(plans, tmp_path: Path) -> None:
    patrols, units, _ = plans
    out = write_roster_xlsx(patrols, tmp_path / "排班表.xlsx", units)
    wb = load_workbook(out)
    ws = wb["巡查排班表"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ROSTER_HEADERS
    body = rows[1:]
    assert sorted(r[0] for r in body) == sorted(p.name for p in patrols)
    col = {h: i for i, h in enumerate(ROSTER_HEADERS)}
    by_name = {r[0]: r for r in body}
    for p in patrols:
        r = by_name[p.name]
        assert r[col["巡查组"]] == p.team
        assert (r[col["责任单位"]] or "") == (units.get(p.unit_id, "") if p.unit_id else "")
        if p.starts_on:
            assert isinstance(r[col["开始日期"]], dt.datetime)
            assert r[col["开始日期"]].date() == p.starts_on
            assert r[col["结束日期"]].date() == p.ends_on
        else:
            assert r[col["开始日期"]] is None
        if p.kind == "route":
            assert r[col["类型"]] == "巡查路线"
            assert r[col["长度(公里)"]] == pytest.approx(p.geom.length / 1000, abs=1e-3)
            assert r[col["路线缓冲(米)"]] == p.buffer_m
        else:
            assert r[col["类型"]] == "巡查区域"
            assert r[col["面积(平方公里)"]] == pytest.approx(p.geom.area / 1e6, abs=1e-3)
    assert by_name["两片区"][col["节点"]] in (None, "")
    assert by_name[patrols[0].name][col["节点"]] == "清明"
    dated = next(i for i, r in enumerate(body, start=2) if r[col["开始日期"]] is not None)
    assert ws.cell(row=dated, column=col["开始日期"] + 1).is_date


def test_a_failed_write_keeps_the_old_file(plans, tmp_path: Path, monkeypatch) -> None:
    patrols, _, crs = plans
    target = tmp_path / "p.kml"
    target.write_text("old", encoding="utf-8")

    def refuse(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(patrol_export.os, "replace", refuse)
    with pytest.raises(RiskmapError, match="cannot write"):
        write_kml(patrols, target, crs)
    with pytest.raises(RiskmapError, match="cannot write"):
        write_geojson(patrols, tmp_path / "p.kml", crs)
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(os.listdir(tmp_path)) == ["p.kml"]


def test_a_bad_crs_is_a_clear_error(plans, tmp_path: Path) -> None:
    patrols, _, _ = plans
    with pytest.raises(RiskmapError, match="reproject"):
        write_geojson(patrols, tmp_path / "p.geojson", "EPSG:999999")
    assert not (tmp_path / "p.geojson").exists()


def _ring_ccw(ring: list[list[float]]) -> bool:
    # The shoelace sum, computed here: positive for a counter-clockwise ring.
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring)) > 0


def test_geojson_rings_follow_rfc_7946(plans, tmp_path: Path) -> None:
    patrols, units, crs = plans
    out = write_geojson(patrols, tmp_path / "p.geojson", crs, unit_names=units)
    polygons = []
    for f in json.loads(out.read_text(encoding="utf-8"))["features"]:
        g = f["geometry"]
        if g and g["type"] == "Polygon":
            polygons.append(g["coordinates"])
        elif g and g["type"] == "MultiPolygon":
            polygons.extend(g["coordinates"])
    assert polygons
    for rings in polygons:
        assert _ring_ccw(rings[0])  # the outer ring counter-clockwise
        assert not any(_ring_ccw(hole) for hole in rings[1:])  # holes clockwise
