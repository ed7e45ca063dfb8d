"""Circles, rings and buffers are exact on the ground to 0.1 %, wherever the city lies.

Each city starts from nothing (`riskmap db init --empty --boundary`'s path): its outline picks
the metric CRS, sites are imported from a file like a user's, and a site placed by geodesic
distance (pyproj.Geod, independent of the map) 0.1 % inside a radius is in, 0.1 % outside is
out — for the circle, the incident ring, the buffer and a patrol's corridor.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyproj
import pytest
import shapely

from riskmap.core.catalog import load_catalog
from riskmap.core.crs import lonlat_to_xy
from riskmap.core.incident import incident_report
from riskmap.core.region import Region, patrol_ground
from riskmap.core.workspace import Workspace
from riskmap.demo.install import init_db
from riskmap.io.importer import import_features, plan_import, read_features
from riskmap.io.importer.outline import read_outline
from riskmap.store.access import Actor

GEOD = pyproj.Geod(ellps="WGS84")
RADIUS = 1500.0
AZIMUTHS = np.arange(0.0, 360.0, 10.0)
# Cities off their central meridians, and the metric CRS each outline must pick (the
# Gauss-Krüger zone nearest in China — CM 87°, 105°, 126° — else the UTM zone).
CITIES = [
    ("Zürich-like, 9.5°E", 9.5, 47.4, "EPSG:32632"),
    ("Ürümqi, 87.6°E", 87.6, 43.8, "EPSG:4538"),
    ("105°E", 105.0, 30.0, "EPSG:4544"),
    ("Harbin, 126.6°E", 126.6, 45.75, "EPSG:4551"),
    ("Shanghai, 121.5°E", 121.5, 31.2, "EPSG:4549"),
]
# A CRS given by the user 3.9° off its central meridian: the map is 0.19 % longer than the
# ground there, so a radius drawn unscaled would take in the sites 0.1 % outside.
GIVEN = ("Guangxi on CM 105°E, 108.9°E", 108.9, 25.0, "EPSG:4544")


def _geojson(path: Path, features: list[dict]) -> Path:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), "utf-8")
    return path


def _city(
    tmp_path: Path, lon: float, lat: float, crs: str | None = None, url: str | None = None
) -> tuple[Workspace, list[int], list[int]]:
    outline = _geojson(
        tmp_path / "outline.geojson",
        [
            {
                "type": "Feature",
                "properties": {},
                "geometry": json.loads(
                    shapely.to_geojson(shapely.box(lon - 0.2, lat - 0.15, lon + 0.2, lat + 0.15))
                ),
            }
        ],
    )
    city = read_outline(outline, crs=crs)
    url = url or f"sqlite:///{tmp_path / 'city.sqlite'}"
    store = init_db(url, empty=True, outline=city, admin="officer")
    features = []
    for factor in (1 - 0.001, 1 + 0.001):
        n = len(AZIMUTHS)
        lons, lats, _ = GEOD.fwd([lon] * n, [lat] * n, AZIMUTHS, [RADIUS * factor] * n)
        for a, b, az in zip(lons, lats, AZIMUTHS, strict=True):
            features.append(
                {
                    "type": "Feature",
                    "properties": {"名称": f"{'in' if factor < 1 else 'out'} {az:.0f}"},
                    "geometry": {"type": "Point", "coordinates": [a, b]},
                }
            )
    sites = read_features(_geojson(tmp_path / "sites.geojson", features))
    catalog = load_catalog()
    plan = plan_import(sites, catalog, "chemical_plants", None)
    report = import_features(store, Actor("officer", "admin"), sites, plan)
    assert report.written and report.imported == len(features)
    ws = Workspace.load(store)
    names = {}
    with store.engine.connect() as c:
        from sqlalchemy import text

        names = dict(c.execute(text("SELECT id, name FROM sites")).all())
    inside = sorted(i for i, n in names.items() if n.startswith("in "))
    outside = sorted(i for i, n in names.items() if n.startswith("out "))
    return ws, inside, outside


def _within(ws: Workspace, geom: shapely.Geometry, ids: list[int]) -> list[bool]:
    return [bool(shapely.covers(geom, ws.index.geometry(i))) for i in ids]


@pytest.mark.parametrize(
    ("label", "lon", "lat", "crs"), [*CITIES, GIVEN], ids=[c[0] for c in [*CITIES, GIVEN]]
)
def test_circles_rings_and_buffers_are_exact_to_a_thousandth(
    tmp_path: Path, label: str, lon: float, lat: float, crs: str
) -> None:
    given = crs if (label, lon, lat, crs) == GIVEN else None
    _check(*_city(tmp_path, lon, lat, given), label, lon, lat, crs)


@pytest.mark.parametrize(("label", "lon", "lat", "crs"), [CITIES[0], GIVEN])
def test_the_same_on_postgis(
    tmp_path: Path, pg_url: str, label: str, lon: float, lat: float, crs: str
) -> None:
    """PostGIS answers rings with ST_DWithin on its GiST index: the same ground metres."""
    given = crs if (label, lon, lat, crs) == GIVEN else None
    ws, inside, outside = _city(tmp_path, lon, lat, given, url=pg_url)
    assert ws.spatial is not None
    _check(ws, inside, outside, label, lon, lat, crs)


def _check(
    ws: Workspace, inside: list[int], outside: list[int], label: str, lon: float, lat: float,
    crs: str,
) -> None:  # fmt: skip
    assert ws.crs == crs
    assert len(inside) == len(outside) == len(AZIMUTHS)
    try:
        circle = Region.from_circle_lonlat(lon, lat, RADIUS, ws.crs)
        assert all(_within(ws, circle.geom, inside)), label
        assert not any(_within(ws, circle.geom, outside)), label

        x, y = (float(v[0]) for v in lonlat_to_xy(np.array([lon]), np.array([lat]), ws.crs))
        buffer = Region.from_buffer([shapely.Point(x, y)], RADIUS, ws.crs)
        assert all(_within(ws, buffer.geom, inside)) and not any(_within(ws, buffer.geom, outside))
        corridor = patrol_ground(shapely.Point(x, y), RADIUS, ws.crs)
        assert all(_within(ws, corridor, inside)) and not any(_within(ws, corridor, outside))

        report = incident_report(ws, x, y, (RADIUS, 2 * RADIUS))
        first, second = ({s.site_id for s in r.sites} for r in report.rings)
        assert first == set(inside) and second == set(outside), label
        # and the distances are the geodesic ones
        by_id = {s.site_id: s.distance_m for r in report.rings for s in r.sites}
        for i in inside:
            assert by_id[i] == pytest.approx(RADIUS * 0.999, rel=1e-5)
        for i in outside:
            assert by_id[i] == pytest.approx(RADIUS * 1.001, rel=1e-5)
    finally:
        ws.store.dispose()


def test_the_map_of_105e_would_miss_a_city_at_9_5e(tmp_path: Path) -> None:
    """Why the outline picks the CRS: a far-off zone cannot even be chosen for it."""
    from riskmap.errors import RiskmapError

    outline = _geojson(
        tmp_path / "o.geojson",
        [
            {
                "type": "Feature",
                "properties": {},
                "geometry": json.loads(shapely.to_geojson(shapely.box(9.3, 47.3, 9.7, 47.5))),
            }
        ],
    )
    with pytest.raises(RiskmapError, match="EPSG:32632"):
        read_outline(outline, crs="EPSG:4544")
