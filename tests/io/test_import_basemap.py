"""The grey basemap's import: what the file holds by its OSM tags or as told, classes, all or
none (land use takes polygons), replacing the same source, audited, admins only, on SQLite and
PostGIS alike."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import shapely
from sqlalchemy import func, select

from riskmap.core.basemap import load_basemap
from riskmap.core.crs import xy_to_lonlat
from riskmap.errors import PermissionDenied, RiskmapError
from riskmap.io.importer import import_basemap, read_features
from riskmap.store.access import Actor
from riskmap.store.engine import Store, open_store
from riskmap.store.schema import AuditEvent, BasemapFeature

ADMIN = Actor("admin", "admin")
EDITOR = Actor("zhangwei", "editor")


def _centre(store: Store) -> tuple[float, float]:
    from riskmap.store.load import load_districts

    city = next(d for d in load_districts(store) if d.level == "city")
    c = city.geom.representative_point()
    return c.x, c.y


def _file(path: Path, store: Store, features: list[tuple[dict, shapely.Geometry]]) -> Path:
    """A GeoJSON (WGS84 degrees) of metric geometries around the city centre."""
    crs = store.crs

    def degrees(g: shapely.Geometry) -> shapely.Geometry:
        return shapely.transform(g, lambda xy: np.column_stack(xy_to_lonlat(xy[:, 0], xy[:, 1],
                                                                           crs)))  # fmt: skip

    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": p, "geometry": shapely.geometry.mapping(degrees(g))}
        for p, g in features]}), encoding="utf-8")  # fmt: skip
    return path


def _open(url: str) -> Store:
    """The demo copy without the demo city's own basemap: these tests count what they import."""
    store = open_store(url)
    with store.engine.begin() as c:
        c.exec_driver_sql("DELETE FROM basemap")
    return store


def _counts(store: Store) -> dict[tuple[str, str], int]:
    t = BasemapFeature
    with store.engine.connect() as c:
        rows = c.execute(select(t.kind, t.cls, func.count()).group_by(t.kind, t.cls)).all()
    return {(k, cls): n for k, cls, n in rows}


def test_osm_tags_classify_and_a_second_import_replaces(any_demo_copy: str, tmp_path) -> None:
    store = _open(any_demo_copy)
    try:
        x, y = _centre(store)
        road = shapely.LineString([(x, y), (x + 800, y + 50)])
        square = shapely.box(x + 100, y + 100, x + 160, y + 160)
        pond = shapely.box(x - 300, y - 300, x - 200, y - 200)
        fields = shapely.box(x - 900, y + 200, x - 400, y + 700)
        feats = [
            ({"highway": "primary_link", "name": "人民路"}, road),
            ({"highway": "pedestrian"}, square),
            ({"waterway": "stream"}, shapely.LineString([(x, y - 50), (x + 500, y - 60)])),
            ({"natural": "water"}, pond),
            ({"landuse": "basin"}, pond.buffer(-10)),
            ({"landuse": "farmland", "natural": None}, fields),
            ({"amenity": "school"}, shapely.box(x, y, x + 10, y + 10)),  # no basemap tag
        ]
        src = read_features(_file(tmp_path / "osm.geojson", store, feats))
        report = import_basemap(store, ADMIN, src)
        assert report.written and report.imported == 6 and not report.rejected
        assert "1 features carry no highway" in " ".join(map(str, report.notes))
        assert _counts(store) == {
            ("road", "primary_link"): 1, ("road", "pedestrian"): 1, ("water", "stream"): 1,
            ("water", "water"): 1, ("water", "basin"): 1, ("landuse", "farmland"): 1,
        }  # fmt: skip
        data = load_basemap(store)
        # drawing order: land use, water, roads; geometry in the city's metric CRS
        assert list(data.kind) == ["landuse", "water", "water", "water", "road", "road"]
        got = data.geoms[list(data.name).index("人民路")]
        assert shapely.hausdorff_distance(got, road) < 0.05  # degrees and back: centimetres
        # the same file again: replaced, not doubled; one audit event per import
        src = read_features(_file(tmp_path / "osm.geojson", store, feats[:2]))
        report = import_basemap(store, ADMIN, src)
        assert _counts(store) == {("road", "primary_link"): 1, ("road", "pedestrian"): 1}
        assert "the 6 features source 'osm' imported before were replaced" in " ".join(
            map(str, report.notes)
        )
        with store.engine.connect() as c:
            events = c.execute(
                select(AuditEvent.action, AuditEvent.user, AuditEvent.after).where(
                    AuditEvent.table == "basemap"
                )
            ).all()
        assert [(a, u) for a, u, _ in events] == [("create", "admin"), ("update", "admin")]
        assert events[-1][2]["features"] == 2 and events[-1][2]["road"] == 2
        # another source beside it stays
        other = read_features(_file(tmp_path / "lake.geojson", store, [({}, pond)]))
        import_basemap(store, ADMIN, other, "water")
        assert _counts(store)[("water", "")] == 1 and len(load_basemap(store)) == 3
    finally:
        store.dispose()


def test_a_kind_given_takes_the_class_column_and_land_use_takes_polygons(
    demo_copy: str, tmp_path
) -> None:
    store = _open(demo_copy)
    try:
        x, y = _centre(store)
        # a Geofabrik shapefile's land use: `fclass`, and one line among the polygons
        feats = [
            ({"fclass": "forest"}, shapely.box(x, y, x + 300, y + 300)),
            ({"fclass": "residential"}, shapely.box(x + 400, y, x + 700, y + 300)),
            ({"fclass": "forest"}, shapely.LineString([(x, y), (x + 100, y)])),
        ]
        src = read_features(_file(tmp_path / "gis_osm_landuse_a.geojson", store, feats))
        report = import_basemap(store, ADMIN, src, "landuse")
        assert not report.written and report.rejected_features == 1
        assert (
            report.rejected[0].feature == 3
            and "land use takes polygons" in report.rejected[0].reason_en
        )
        assert _counts(store) == {}  # all or none
        report = import_basemap(store, ADMIN, src, "landuse", dry_run=True, skip_rejected=True)
        assert report.imported == 2 and not report.written and _counts(store) == {}
        report = import_basemap(store, ADMIN, src, "landuse", skip_rejected=True)
        assert report.written
        assert _counts(store) == {("landuse", "forest"): 1, ("landuse", "residential"): 1}
    finally:
        store.dispose()


def test_refusals_before_anything_is_written(demo_copy: str, tmp_path) -> None:
    store = _open(demo_copy)
    try:
        x, y = _centre(store)
        plain = _file(tmp_path / "lines.geojson", store,
                      [({"name": "a"}, shapely.LineString([(x, y), (x + 50, y)]))])  # fmt: skip
        with pytest.raises(RiskmapError) as e:
            import_basemap(store, ADMIN, read_features(plain))
        assert e.value.code == "import.basemap_untagged"
        with pytest.raises(RiskmapError) as e:
            import_basemap(store, ADMIN, read_features(plain), "railway")
        assert e.value.code == "import.basemap_kind"
        with pytest.raises(PermissionDenied):
            import_basemap(store, EDITOR, read_features(plain), "road")
        away = shapely.LineString([(x + 9e5, y), (x + 9e5 + 50, y)])  # 900 km east
        far = _file(tmp_path / "far.geojson", store, [({"highway": "primary"}, away)])
        with pytest.raises(RiskmapError) as e:
            import_basemap(store, ADMIN, read_features(far))
        assert e.value.code.startswith("import.")
        assert _counts(store) == {}
    finally:
        store.dispose()
