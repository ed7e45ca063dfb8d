"""Layer exports as other GIS programs read them, checked by reading the files back with GDAL:
GeoPackage 1.2, Chinese field names, Shapefile short names with their sidecar, yes/no as 是/否,
KML folders and colours from the catalogue, GeoJSON rings counter-clockwise."""

from __future__ import annotations

import csv
import itertools
import json
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

import pyogrio
import pytest

from riskmap.core.catalog import load_catalog
from riskmap.errors import RiskmapError
from riskmap.io.export import export_layer
from riskmap.store.engine import open_store

CATALOG = load_catalog()
KML = "{http://www.opengis.net/kml/2.2}"


@pytest.fixture(scope="module")
def store(demo_url: str):
    s = open_store(demo_url)
    yield s
    s.dispose()


def _db_rows(demo_url: str, layer: str) -> dict[int, dict]:
    con = sqlite3.connect(demo_url.removeprefix("sqlite:///"))
    try:
        rows = con.execute("SELECT id, attrs FROM sites WHERE layer = ?", (layer,)).fetchall()
    finally:
        con.close()
    return {i: json.loads(a) for i, a in rows}


def test_geopackage_is_version_1_2_with_chinese_field_names(store, tmp_path: Path) -> None:
    out = export_layer(store, tmp_path / "mines.gpkg", "mines").path
    con = sqlite3.connect(out)
    try:
        (app_id,) = con.execute("PRAGMA application_id").fetchone()
        (version,) = con.execute("PRAGMA user_version").fetchone()
    finally:
        con.close()
    assert app_id == 0x47504B47  # 'GPKG'
    assert version == 10200  # GeoPackage 1.2.0 (1.3 would be 10300)
    info = pyogrio.read_info(out)
    fields = list(info["fields"])
    assert fields[:4] == ["编号", "名称", "地址", "行政区划代码"]
    assert "井工开采" in fields and "underground" not in fields
    newer = export_layer(store, tmp_path / "new.gpkg", "mines", gpkg_version="1.4").path
    con = sqlite3.connect(newer)
    try:
        assert con.execute("PRAGMA user_version").fetchone()[0] == 10400
    finally:
        con.close()
    with pytest.raises(RiskmapError, match=r"1\.2, 1\.3 or 1\.4"):
        export_layer(store, tmp_path / "bad.gpkg", "mines", gpkg_version="2.0")


@pytest.mark.parametrize("suffix", [".gpkg", ".geojson", ".shp", ".fgb", ".csv"])
def test_yes_no_is_the_text_shi_fou_everywhere(store, demo_url, tmp_path, suffix) -> None:
    out = export_layer(store, tmp_path / f"mines{suffix}", "mines")
    column = out.columns["underground"]
    ident = out.columns["id"]
    if suffix == ".csv":
        with open(out.path, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
        got = {int(r[ident]): r[column] for r in rows}
    else:
        info = pyogrio.read_info(out.path)
        # A text field (GDAL's String), not a boolean or integer one.
        assert info["dtypes"][list(info["fields"]).index(column)] == "object"
        df = pyogrio.read_dataframe(out.path, read_geometry=False)
        got = dict(zip(df[ident].astype(int), df[column], strict=True))
    want = {
        i: {True: "是", False: "否"}[a["underground"]]
        for i, a in _db_rows(demo_url, "mines").items()
    }
    assert got == want
    assert set(want.values()) == {"是", "否"}


def test_shapefile_short_names_and_their_sidecar(store, tmp_path: Path) -> None:
    out = export_layer(store, tmp_path / "geohazards.shp", "geohazards")
    assert out.path.with_suffix(".cpg").read_text().strip() == "UTF-8"
    info = pyogrio.read_info(out.path)
    fields = list(info["fields"])
    assert all(len(f.encode("utf-8")) <= 10 for f in fields)
    sidecar = out.path.with_name("geohazards.fields.csv")
    with open(sidecar, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["字段", "字段名称", "字段键"]
    table = {short: (zh, key) for short, zh, key in rows[1:]}
    assert list(table) == fields  # every field of the .dbf, in its order
    spec = CATALOG["geohazards"]
    for f in spec.fields:
        short = out.columns[f.key]
        assert table[short] == (f.zh, f.key)
    assert table[out.columns["name"]] == ("名称", "name")
    # A key over 10 characters is cut, and the sidecar still names it in full.
    long_keys = [f for f in spec.fields if len(f.key) > 10]
    assert long_keys
    assert all(len(out.columns[f.key]) <= 10 for f in long_keys)


def _to_kml(hex_rgb: str) -> str:
    # '#rrggbb' → 'ffbbggrr', written out here rather than taken from the writer.
    h = hex_rgb.lstrip("#")
    return ("ff" + h[4:6] + h[2:4] + h[0:2]).lower()


def test_kml_is_styled_with_the_layers_colours_in_a_chinese_folder(
    store, demo_url, tmp_path
) -> None:
    spec = CATALOG["chemical_plants"]
    out = export_layer(store, tmp_path / "chem.kml", "chemical_plants").path
    assert [name for name, _t in pyogrio.list_layers(out)] == ["危化品企业"]
    df = pyogrio.read_dataframe(out, layer="危化品企业")
    # GDAL reads the keys (it would launder Chinese names to underscores); Google Earth shows
    # each field's Chinese displayName.
    assert {f.key for f in spec.fields} <= set(df.columns)
    root = ET.parse(out).getroot()
    doc = root.find(f"{KML}Document")
    styles = {s.get("id"): s for s in doc.findall(f"{KML}Style")}
    assert styles["layer"].find(f"{KML}LineStyle/{KML}color").text == _to_kml("#d84315")
    assert spec.style.class_field == "hazard_class"
    for cls, colour in {"1": "#b71c1c", "2": "#e53935", "3": "#fb8c00", "4": "#fdd835"}.items():
        st = styles[f"class-{cls}"]
        assert st.find(f"{KML}IconStyle/{KML}color").text == _to_kml(colour)
    (folder,) = doc.findall(f"{KML}Folder")
    assert folder.find(f"{KML}name").text == "危化品企业"
    marks = folder.findall(f"{KML}Placemark")
    assert len(marks) == len(df) == len(_db_rows(demo_url, "chemical_plants"))
    zh = {f.key: f.zh for f in spec.fields} | {"id": "编号", "address": "地址"}
    for pm in marks:
        found = pm.findall(f"{KML}ExtendedData/{KML}Data")
        data = {d.get("name"): d.find(f"{KML}value").text for d in found}
        shown = {d.get("name"): d.find(f"{KML}displayName").text for d in found}
        assert all(shown[key] == label for key, label in zh.items() if key in shown)
        assert "重大危险源等级" in shown.values()
        assert pm.find(f"{KML}styleUrl").text == f"#class-{data['hazard_class']}"


def _ccw(ring: list[list[float]]) -> bool:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring)) > 0


def test_geojson_rings_are_counter_clockwise(store, tmp_path: Path) -> None:
    out = export_layer(store, tmp_path / "forest.geojson", "forest_fire").path
    doc = json.loads(out.read_text(encoding="utf-8"))
    polygons = []
    for f in doc["features"]:
        g = f["geometry"]
        polygons += [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
    assert len(polygons) >= len(doc["features"])
    assert all(_ccw(p[0]) for p in polygons)
    assert not any(_ccw(hole) for p in polygons for hole in p[1:])
    assert "名称" in doc["features"][0]["properties"]


def test_the_command_writes_1_2_unless_asked(demo_url: str, tmp_path: Path) -> None:
    from test_cli import run

    for args, want in (((), 10200), (("--gpkg-version", "1.4"), 10400)):
        out = tmp_path / f"m{want}.gpkg"
        proc = run("export", str(out), "--layer", "mines", "--db", demo_url, *args)
        assert proc.returncode == 0, proc.stderr
        con = sqlite3.connect(out)
        try:
            assert con.execute("PRAGMA user_version").fetchone()[0] == want
        finally:
            con.close()
