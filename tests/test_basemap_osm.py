"""The grey basemap from real OpenStreetMap data (tests/fixtures/osm/helsinki_center.gpkg, ODbL):
a city built as docs/onboarding.md builds it, its roads, waterways, water areas and land use
imported with `riskmap import --basemap`, counted per kind against a brute-force read of the
fixture, imported again (replaced, not doubled), and printed with `riskmap map`: the basemap's
grey lies where a road runs, and no risk layer's colour is drawn there.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from pathlib import Path

import numpy as np
import pyogrio
import pyproj
import shapely
from test_cli import run
from test_onboarding import GPKG, prepare

ENV = {"RISKMAP_USER": "gis"}
# OSM layers of the fixture that make the basemap, and what auto should make of each feature:
# the brute force reads the tags itself (not through riskmap's classifier).
BASEMAP_LAYERS = ("roads", "waterways", "water_areas", "landuse")


def _ok(*args: str) -> str:
    proc = run(*args, env=ENV)
    assert proc.returncode == 0, (args, proc.stdout, proc.stderr)
    return proc.stdout


def _sql(db: Path, query: str) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


def _expected() -> dict[str, int]:
    """Features per kind, read straight from the fixture: a highway value makes a road, a
    waterway value or water (natural=water, landuse basin/reservoir) water, any other landuse
    value land use; features without geometry are not counted."""
    counts = {"road": 0, "water": 0, "landuse": 0}
    for layer in BASEMAP_LAYERS:
        df = pyogrio.read_dataframe(GPKG, layer=layer)
        for _, row in df.iterrows():
            if row.geometry is None or row.geometry.is_empty:
                continue
            tags = {k: row.get(k) for k in ("highway", "waterway", "natural", "landuse")}
            tags = {k: v for k, v in tags.items() if isinstance(v, str) and v}
            if "highway" in tags:
                counts["road"] += 1
            elif (
                "waterway" in tags
                or tags.get("natural") == "water"
                or tags.get("landuse") in ("basin", "reservoir")
            ):
                counts["water"] += 1
            elif "landuse" in tags:
                counts["landuse"] += 1
    return counts


def test_osm_basemap_imported_and_printed(tmp_path: Path) -> None:
    db = tmp_path / "helsinki.sqlite"
    url = f"sqlite:///{db}"
    city = prepare(tmp_path)
    _ok("db", "init", "--empty", "--boundary", str(city.outline), "--name", "赫尔辛基", "--code",
        "990100", "--datum", "wgs84", "--db", url)  # fmt: skip
    _ok("import", str(city.counties), "--districts", "county",
        "--code-field", "代码", "--name-field", "名称", "--db", url)  # fmt: skip
    for layer in BASEMAP_LAYERS:
        _ok("import", "--basemap", str(GPKG), "--source-layer", layer, "--datum", "wgs84",
            "--allow-outside", "--db", url)  # fmt: skip
    got = dict(_sql(db, "SELECT kind, count(*) FROM basemap GROUP BY kind"))
    expected = _expected()
    assert got == expected, (got, expected)
    assert expected["road"] > 900 and expected["water"] >= 10 and expected["landuse"] > 100
    # not sites: the basemap adds nothing a dossier could count
    assert _sql(db, "SELECT count(*) FROM sites") == [(0,)]
    # the classes are the OSM values
    classes = dict(_sql(db, "SELECT cls, count(*) FROM basemap WHERE kind = 'road' GROUP BY cls"))
    roads = pyogrio.read_dataframe(GPKG, layer="roads")
    assert classes == roads["highway"].value_counts().to_dict()

    # Imported again: the same source is replaced, not doubled; the import is audited.
    _ok("import", "--basemap", str(GPKG), "--source-layer", "roads", "--datum", "wgs84",
        "--allow-outside", "--db", url)  # fmt: skip
    assert dict(_sql(db, "SELECT kind, count(*) FROM basemap GROUP BY kind")) == expected
    events = _sql(db, "SELECT action, user FROM audit_events WHERE \"table\" = 'basemap'")
    assert events.count(("create", "gis")) == len(BASEMAP_LAYERS)
    assert events.count(("update", "gis")) == 1

    # Printed: the waterways risk layer is imported too, so the map has a risk colour to keep
    # apart from the basemap's grey.
    water_file = next(p for layer, p in city.layer_files if layer == "waterways")
    _ok("import", str(water_file), "--layer", "waterways", "--datum", "wgs84", "--db", url)
    out = tmp_path / "map.png"
    _ok("map", "--out", str(out), "--dpi", "100", "--db", url)
    assert out.stat().st_size > 0
    _check_road_grey(url)


def _check_road_grey(url: str) -> None:
    """On the print renderer's image, the centrelines of the fixture's primary and secondary
    roads (read from the file, projected here) are the basemap's road white or casing grey,
    where without the basemap they are plain land; no risk layer's colour is drawn there."""
    from riskmap.brief.printmap import PAPERS, layout, print_data
    from riskmap.brief.surface import ImageSurface
    from riskmap.core.style import BASEMAP
    from riskmap.core.workspace import Workspace
    from riskmap.store.engine import open_store

    store = open_store(url)
    try:
        ws = Workspace.load(store)
        crs = ws.crs
        specs = list(ws.catalog.values())
        data = print_data(ws, ws.whole_region(), specs, dt.date.today())
        assert data.basemap is not None
        w, h = PAPERS["A4"]
        images = {}
        for with_basemap in (True, False):
            shown = data if with_basemap else dataclasses.replace(data, basemap=None)
            img = ImageSurface(w, h, 150)
            painter, _bar = layout(img, w, h, "A4", shown, specs, "t", [], "zh")
            images[with_basemap] = np.asarray(img.image.convert("RGB")).astype(int)
            px_per_mm = img.px
        river = [f.geom for f in data.features]
    finally:
        store.dispose()
    to_xy = pyproj.Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    roads = pyogrio.read_dataframe(GPKG, layer="roads")
    major = roads[roads["highway"].isin(["primary", "secondary"])]
    risk = shapely.union_all(river).buffer(40.0)  # 40 m: a risk symbol's width on this page
    points = []
    for g in major.geometry:
        m = shapely.transform(g, lambda xy: np.column_stack(to_xy.transform(xy[:, 0], xy[:, 1])))
        for d in np.arange(5.0, m.length, 25.0):
            pt = m.interpolate(d)
            if not risk.contains(pt):
                points.append((pt.x, pt.y))
    assert len(points) > 100
    mm = np.asarray(painter.points(np.asarray(points)))
    px = np.round(mm * px_per_mm).astype(int)
    on, off = images[True][px[:, 1], px[:, 0]], images[False][px[:, 1], px[:, 0]]
    fill, casing = np.array(BASEMAP.road_fill.rgb), np.array(BASEMAP.road_casing.rgb)
    land = np.array(BASEMAP.land.rgb)

    def near(pixels: np.ndarray, color: np.ndarray, tol: int = 20) -> np.ndarray:
        return np.abs(pixels - color).sum(axis=1) <= tol

    grey = near(on, fill) | near(on, casing, 40)
    assert grey.mean() > 0.9, grey.mean()  # labels and district lines cover a few
    assert near(off, land).mean() > 0.9  # the same pixels without the basemap: land
    # The waterways risk layer is blue (far bluer than the basemap's grey-blue water): it is
    # on the page, and not on the sampled road pixels.
    img = images[True]
    blue = (img[..., 2] - img[..., 0]) > 60
    assert blue.sum() > 200, blue.sum()
    assert ((on[:, 2] - on[:, 0]) < 40).all()
