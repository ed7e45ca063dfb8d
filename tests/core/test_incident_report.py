"""The incident report against brute force over every site of the demo city, read straight from
the database (not through the spatial index the core uses)."""

from __future__ import annotations

import contextlib
import datetime as dt
import json

import pyproj
import pytest
import shapely
from sqlalchemy import text

from riskmap.core.incident import (
    DEFAULT_RINGS_M,
    MAX_RING_M,
    check_rings,
    incident_report,
    nearest_resources,
)
from riskmap.errors import RiskmapError


@pytest.fixture(scope="module")
def everything(demo_ws) -> dict[int, tuple[str, shapely.Geometry, dict]]:
    """site id → (layer, metric geometry, attrs), from SQL."""
    with demo_ws.store.engine.connect() as c:
        rows = c.execute(text("SELECT id, layer, geom, attrs FROM sites")).all()
    out = {}
    for sid, layer, wkb, attrs in rows:
        if isinstance(attrs, str):
            attrs = json.loads(attrs)
        out[int(sid)] = (layer, shapely.from_wkb(bytes(wkb)), attrs or {})
    return out


@pytest.fixture(scope="module")
def resources(demo_ws) -> list[tuple[int, str]]:
    with demo_ws.store.engine.connect() as c:
        return [(int(s), k) for s, k in c.execute(text("SELECT site_id, kind FROM resources"))]


def _points(demo_ws, layer: str, n: int) -> list[tuple[int, shapely.Point]]:
    code = demo_ws.sites.layer_keys.index(layer)
    mask = demo_ws.sites.layers == code
    ids, geoms = demo_ws.sites.ids[mask], demo_ws.sites.geoms[mask]
    step = max(1, len(ids) // n)
    return [(int(ids[i]), geoms[i]) for i in range(0, len(ids), step)][:n]


def _band(d: float, radii: tuple[float, ...]) -> int | None:
    """Which band a distance falls in: (0, r1], (r1, r2], …; None beyond the outer ring."""
    inner = 0.0
    for i, r in enumerate(radii):
        if (i == 0 and d <= r) or inner < d <= r:
            return i
        inner = r
    return None


def _people(layer: str, attrs: dict, catalog) -> int:
    spec = catalog[layer]
    total = 0
    for f in spec.fields:
        if f.people:
            with contextlib.suppress(TypeError, ValueError):
                total += int(attrs.get(f.key) or 0)
    return total


@pytest.mark.parametrize("east, band", [(2900.0, 1), (3100.0, 2), (900.0, 0), (999.0, 0)])
def test_a_site_falls_in_the_band_of_its_exact_distance(demo_ws, east: float, band: int) -> None:
    for layer in ("dense_venues", "chemical_plants"):
        for sid, p in _points(demo_ws, layer, 3):
            report = incident_report(demo_ws, p.x + east, p.y)
            where = [i for i, r in enumerate(report.rings) if sid in {s.site_id for s in r.sites}]
            assert where == [band], (layer, sid, east)
            site = next(s for s in report.rings[band].sites if s.site_id == sid)
            # distances are on the ground: the geodesic between the two points, to 0.001 %
            to_deg = pyproj.Transformer.from_crs(demo_ws.crs, "EPSG:4490", always_xy=True)
            (lon0, lon1), (lat0, lat1) = to_deg.transform([p.x, p.x + east], [p.y, p.y])
            ground = pyproj.Geod(ellps="GRS80").inv(lon0, lat0, lon1, lat1)[2]
            assert site.distance_m == pytest.approx(ground, rel=1e-5)


def test_the_bands_match_brute_force_over_every_site(demo_ws, everything) -> None:
    radii = (500.0, 2000.0, 4000.0, 7500.0)
    centres = [p for _, p in _points(demo_ws, "chemical_plants", 4)]
    centres += [p for _, p in _points(demo_ws, "dense_venues", 3)]
    centres.append(demo_ws.city().geom.centroid)
    proj = pyproj.Proj(demo_ws.crs)
    for c in centres:
        # ground metres: the map's distance over its point scale factor at the centre
        k = proj.get_factors(*proj(c.x, c.y, inverse=True)).meridional_scale
        expected: list[set[int]] = [set() for _ in radii]
        people = [0] * len(radii)
        for sid, (layer, geom, attrs) in everything.items():
            if layer == "resources":
                continue
            b = _band(float(shapely.distance(c, geom)) / k, radii)
            if b is not None:
                expected[b].add(sid)
                people[b] += _people(layer, attrs, demo_ws.catalog)
        report = incident_report(demo_ws, c.x, c.y, radii)
        assert [r.outer_m for r in report.rings] == list(radii)
        assert [r.inner_m for r in report.rings] == [0.0, *radii[:-1]]
        got = [{s.site_id for s in r.sites} for r in report.rings]
        assert got == expected
        assert [r.people for r in report.rings] == people
        for ring in report.rings:
            for group in ring.layers:
                assert {s.layer for s in group.sites} == {group.layer}
                assert group.people == sum(
                    _people(group.layer, everything[s.site_id][2], demo_ws.catalog)
                    for s in group.sites
                )
            for s in ring.sites:
                d = float(shapely.distance(c, everything[s.site_id][1])) / k
                assert s.distance_m == pytest.approx(d, rel=1e-9)


def test_schools_and_hospitals_come_first_in_a_ring(demo_ws) -> None:
    c = demo_ws.city().geom.centroid
    report = incident_report(demo_ws, c.x, c.y, (20_000.0,))
    ring = report.rings[0]
    assert ring.layers[0].layer == "dense_venues"
    kinds = [s.kind for s in ring.layers[0].sites]
    assert "school" in kinds and "hospital" in kinds
    rank = [0 if k == "school" else 1 if k == "hospital" else 2 for k in kinds]
    assert rank == sorted(rank)


def test_nearest_resources_match_brute_force(demo_ws, everything, resources) -> None:
    centres = [p for _, p in _points(demo_ws, "geohazards", 4)]
    centres += [demo_ws.city().geom.centroid]
    proj = pyproj.Proj(demo_ws.crs)
    for c in centres:
        scale = proj.get_factors(*proj(c.x, c.y, inverse=True)).meridional_scale
        for k in (1, 3, 7):
            got = nearest_resources(demo_ws, c.x, c.y, k)
            by_kind: dict[str, list[tuple[float, int]]] = {}
            for sid, kind in resources:
                d = float(shapely.distance(c, everything[sid][1])) / scale  # on the ground
                by_kind.setdefault(kind, []).append((d, sid))
            for kind, ranked in by_kind.items():
                expected = [sid for _, sid in sorted(ranked)[:k]]
                assert [n.site_id for n in got[kind]] == expected, (kind, k)
                dists = [n.distance_m for n in got[kind]]
                assert dists == pytest.approx([d for d, _ in sorted(ranked)[:k]], rel=1e-9)


def test_the_report_carries_the_point_site_and_date(demo_ws, demo_anchor: dt.date) -> None:
    sid, p = _points(demo_ws, "chemical_plants", 1)[0]
    report = incident_report(demo_ws, p.x, p.y, site_id=sid, as_of=demo_anchor)
    assert report.site_id == sid and report.site_name
    assert report.as_of == demo_anchor
    assert 73 < report.lon < 136 and 18 < report.lat < 54
    assert [r.outer_m for r in report.rings] == list(DEFAULT_RINGS_M)
    # The plant itself is at distance 0: in the first ring.
    assert sid in {s.site_id for s in report.rings[0].sites}
    assert report.total_sites == sum(len(r.sites) for r in report.rings)


def test_bad_input_is_refused(demo_ws) -> None:
    c = demo_ws.city().geom.centroid
    assert check_rings([3000, 1000, 1000.0]) == (1000.0, 3000.0)
    for rings in ([], [0], [-1], [float("nan")], [MAX_RING_M + 1]):
        with pytest.raises(RiskmapError):
            incident_report(demo_ws, c.x, c.y, rings)
    with pytest.raises(RiskmapError):
        incident_report(demo_ws, float("inf"), c.y)
    with pytest.raises(RiskmapError):
        incident_report(demo_ws, c.x, c.y, k=0)
    with pytest.raises(RiskmapError, match="no site"):
        incident_report(demo_ws, c.x, c.y, site_id=10**9)


def test_sites_changed_by_another_user_after_loading_do_not_break_it(demo_copy: str) -> None:
    """The workspace (and its index) is loaded once; another user may delete a site or add a
    resource meanwhile. The report leaves out what it cannot place instead of failing."""
    import sqlite3

    from riskmap.core.workspace import Workspace
    from riskmap.store.engine import open_store

    ws = Workspace.load(open_store(demo_copy))
    try:
        sid, p = _points(ws, "dense_venues", 1)[0]
        before = incident_report(ws, p.x, p.y)
        assert sid in {s.site_id for s in before.rings[0].sites}
        res_id = before.resources["shelter"][0].site_id
        con = sqlite3.connect(demo_copy.removeprefix("sqlite:///"))
        try:
            with con:
                # Another client deletes the venue, and registers a new shelter right here
                # (a site this workspace's index has never seen).
                con.execute("DELETE FROM sites WHERE id = ?", (sid,))
                new_id = con.execute("SELECT MAX(id) + 1 FROM sites").fetchone()[0]
                con.execute(
                    "INSERT INTO sites (id, layer, name, address, geom, lon, lat, attrs, "
                    "created_at, updated_at, version) SELECT ?, layer, '新避难场所', address, "
                    "geom, lon, lat, attrs, created_at, updated_at, 1 FROM sites WHERE id = ?",
                    (new_id, res_id),
                )
                con.execute(
                    "INSERT INTO resources (site_id, kind, capacity, capacity_unit, contact) "
                    "VALUES (?, 'shelter', 10, '人', '')",
                    (new_id,),
                )
        finally:
            con.close()
        after = incident_report(ws, p.x, p.y)
        assert sid not in {s.site_id for r in after.rings for s in r.sites}
        assert after.total_sites == before.total_sites - 1
        assert new_id not in {n.site_id for n in after.resources["shelter"]}
    finally:
        ws.store.dispose()
