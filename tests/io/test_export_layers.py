"""Export a layer in every format, import it back into the emptied layer: same names,
attributes and geometries (within 0.01 m)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import numpy as np
import pyogrio
import pytest
import shapely

from riskmap.core.catalog import load_catalog
from riskmap.errors import RiskmapError
from riskmap.io.export import export_layer, short_names
from riskmap.io.importer import import_features, plan_import, read_features
from riskmap.store.access import Actor
from riskmap.store.engine import open_store

ADMIN = Actor("admin", "admin")
CATALOG = load_catalog()


def layer_rows(url: str, layer: str) -> list[tuple[str, dict, shapely.Geometry]]:
    con = sqlite3.connect(url.removeprefix("sqlite:///"))
    try:
        rows = con.execute(
            "SELECT name, attrs, geom FROM sites WHERE layer = ? ORDER BY id", (layer,)
        ).fetchall()
    finally:
        con.close()
    out = []
    for name, attrs, geom in rows:
        a = json.loads(attrs)
        a.pop("source_id", None)  # the exported site id comes back as the source id
        out.append((name, a, shapely.from_wkb(geom)))
    # Order-free: FlatGeobuf writes in spatial order.
    return sorted(out, key=lambda r: (r[0], json.dumps(r[1], sort_keys=True), r[2].centroid.x))


CASES = [
    ("chemical_plants", suffix)
    for suffix in (".gpkg", ".geojson", ".shp", ".kml", ".fgb", ".csv", ".xlsx")
] + [
    ("roads", ".shp"),
    ("roads", ".kml"),
    ("roads", ".csv"),
    ("forest_fire", ".geojson"),
    ("forest_fire", ".fgb"),
    ("forest_fire", ".xlsx"),
    ("geohazards", ".shp"),  # keys over 10 characters, cut and read back
    ("waterways", ".gpkg"),  # lines and polygons in one layer
]


@pytest.mark.parametrize(("layer", "suffix"), CASES)
def test_round_trip(demo_copy: str, tmp_path: Path, layer: str, suffix: str) -> None:
    store = open_store(demo_copy)
    before = layer_rows(demo_copy, layer)
    result = export_layer(store, tmp_path / f"{layer}{suffix}", layer)
    assert result.count == len(before) and result.path.exists()
    if suffix == ".shp":
        assert result.path.with_suffix(".cpg").read_text().strip() == "UTF-8"
        assert all(len(name.encode()) <= 10 for name in result.columns.values())
    con = sqlite3.connect(demo_copy.removeprefix("sqlite:///"))
    with con:
        con.execute("DELETE FROM sites WHERE layer = ?", (layer,))
    con.close()
    src = read_features(result.path)
    plan = plan_import(src, CATALOG, layer)
    assert set(plan.fields) == {f.key for f in CATALOG[layer].fields}
    report = import_features(store, ADMIN, src, plan)
    assert report.written, report.to_text("en")
    after = layer_rows(demo_copy, layer)
    assert [r[0] for r in after] == [r[0] for r in before]
    assert [r[1] for r in after] == [r[1] for r in before]
    old = np.array([r[2] for r in before], dtype=object)
    new = np.array([r[2] for r in after], dtype=object)
    assert (shapely.get_type_id(old) == shapely.get_type_id(new)).all()
    assert shapely.hausdorff_distance(old, new).max() < 0.01
    store.dispose()


def test_selection_and_projected_crs(demo_copy: str, tmp_path: Path) -> None:
    store = open_store(demo_copy)
    con = sqlite3.connect(demo_copy.removeprefix("sqlite:///"))
    ids = [r[0] for r in con.execute("SELECT id FROM sites WHERE layer = 'roads' LIMIT 7")]
    con.close()
    result = export_layer(store, tmp_path / "sel.gpkg", "roads", site_ids=ids, crs="EPSG:4544")
    assert result.count == 7
    info = pyogrio.read_info(result.path)
    assert info["crs"] == "EPSG:4544" and info["features"] == 7
    src = read_features(result.path)
    assert sorted(src.columns["编号"].tolist()) == sorted(ids)
    store.dispose()


def test_export_refusals(demo_copy: str, tmp_path: Path) -> None:
    store = open_store(demo_copy)
    with pytest.raises(RiskmapError, match="a shapefile holds one"):
        export_layer(store, tmp_path / "w.shp", "waterways")
    assert not list(tmp_path.glob("w.*"))  # nothing half-written
    with pytest.raises(RiskmapError, match="choose a suffix"):
        export_layer(store, tmp_path / "w.dwg", "roads")
    with pytest.raises(RiskmapError, match="unknown layer 'rivers'"):
        export_layer(store, tmp_path / "w.gpkg", "rivers")
    with pytest.raises(RiskmapError, match="layer roads has none of the selected sites"):
        export_layer(store, tmp_path / "w.gpkg", "roads", site_ids=[-1])
    store.dispose()


def test_short_names() -> None:
    names = short_names(
        ["id", "accidents_last_year", "threatened_people", "threatened_property", "road_class"]
    )
    assert names == {
        "id": "id",
        "accidents_last_year": "acc_las_ye",
        "threatened_people": "threa_peop",
        "threatened_property": "threa_prop",
        "road_class": "road_class",
    }
    assert len(set(short_names(["a_very_long_name", "a_very_long_name2"]).values())) == 2
