"""突发事件周边风险研判: the PDF read back with pypdf, the self-contained HTML page."""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from pathlib import Path

import pytest
import shapely
import shapely.ops
from pdftext import pdf_text
from pypdf import PdfReader

from riskmap.brief.incident import (
    incident_geometries,
    incident_html,
    ring_label,
    write_incident_html,
    write_incident_pdf,
)
from riskmap.core.incident import incident_report
from riskmap.core.workspace import Workspace
from riskmap.errors import RiskmapError
from riskmap.store.access import SYSTEM
from riskmap.store.engine import open_store
from riskmap.store.schema import Site

EVIL = "<script>alert(1)</script>"


def _school(ws) -> tuple[int, shapely.Point]:
    """A school of the demo city: its id and point."""
    with ws.store.session() as s:
        for site in s.query(Site).filter(Site.layer == "dense_venues").order_by(Site.id):
            if (site.attrs or {}).get("kind") == "school":
                return site.id, ws.index.geometry(site.id)
    raise AssertionError("the demo city has no school")


@pytest.fixture(scope="module")
def report(demo_ws, demo_anchor: dt.date):
    """An incident 300 m east of a school: the school heads the first ring."""
    _, p = _school(demo_ws)
    return incident_report(demo_ws, p.x + 300, p.y, as_of=demo_anchor)


def _text(path: Path) -> tuple[int, str]:
    """Page count and the text with no whitespace (poppler: pypdf misreads later pages)."""
    return pdf_text(path)


def _squash(text: str) -> str:
    return re.sub(r"[\s\x00]+", "", text)


def _png(width: int = 600, height: int = 400) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (width, height), (200, 220, 240)).save(buf, "PNG")
    return buf.getvalue()


def test_pdf_has_the_rings_and_the_school(
    report, demo_ws, demo_anchor: dt.date, tmp_path: Path
) -> None:
    out = write_incident_pdf(report, tmp_path / "研判.pdf", demo_ws.catalog)
    _, text = _text(out)
    assert "突发事件周边风险研判" in text
    for ring in report.rings:
        assert _squash(ring_label(ring)) in text
    school = report.rings[0].layers[0].sites[0]
    assert school.kind == "school"
    assert _squash(school.name) in text
    assert demo_anchor.isoformat() in text
    for kind, items in report.resources.items():
        if items:
            assert _squash(items[0].name) in text, kind


def test_a_crowded_report_lists_every_site_on_continuation_pages(
    demo_ws, demo_anchor: dt.date, tmp_path: Path
) -> None:
    c = demo_ws.city().geom.centroid
    big = incident_report(demo_ws, c.x, c.y, (2000, 5000, 10000), k=5, as_of=demo_anchor)
    assert big.total_sites > 200
    out = write_incident_pdf(big, tmp_path / "big.pdf", demo_ws.catalog, map_png=_png(800, 800))
    pages, text = _text(out)
    assert pages > 1
    assert "未列出" not in text
    reader = PdfReader(out)
    assert len(reader.pages[0].images) == 1
    # Every site's row: the table numbers each ring's rows 1..n, and every name is there.
    names = [s.name for r in big.rings for s in r.sites]
    missing = [n for n in names if _squash(n) not in text]
    assert not missing, missing[:5]
    assert "每类列出最近3处" in text  # k = 5, the page lists 3 of each kind


def _brute_force(store, layer: str, x: float, y: float, within_m: float) -> dict[int, str]:
    """Sites of `layer` within `within_m` of (x, y), straight from the store's geometries."""
    out = {}
    with store.session() as s:
        for site in s.query(Site).filter(Site.layer == layer):
            if shapely.distance(shapely.Point(x, y), site.geom) <= within_m:
                out[site.id] = site.name
    return out


def _densest_plant(ws) -> shapely.Point:
    """The chemical plant with the most other plants within 1 km (an industrial park)."""
    with ws.store.session() as s:
        pts = [site.geom for site in s.query(Site).filter(Site.layer == "chemical_plants")]
    arr = shapely.points([(p.x, p.y) for p in pts])
    counts = [int((shapely.distance(p, arr) <= 1000).sum()) for p in arr]
    return pts[counts.index(max(counts))]


def test_every_chemical_plant_within_1_km_is_listed(
    demo_ws, demo_anchor: dt.date, tmp_path: Path
) -> None:
    p = _densest_plant(demo_ws)
    want = _brute_force(demo_ws.store, "chemical_plants", p.x + 50, p.y, 1000)
    assert len(want) > 3  # more than the old sheet's three rows per ring
    r = incident_report(demo_ws, p.x + 50, p.y, as_of=demo_anchor)
    got = {s.site_id for s in r.rings[0].sites if s.layer == "chemical_plants"}
    assert got == set(want)
    _, text = _text(write_incident_pdf(r, tmp_path / "plants.pdf", demo_ws.catalog))
    for name in want.values():
        assert _squash(name) in text, name


def test_every_shelter_inside_the_rings_is_listed(demo_ws, demo_anchor, tmp_path: Path) -> None:
    from riskmap.store.schema import Resource

    c = demo_ws.city().geom.centroid
    r = incident_report(demo_ws, c.x, c.y, (2000, 6000, 12000), k=1, as_of=demo_anchor)
    # Brute force: every shelter of the store within the outer ring, by its geometry.
    with demo_ws.store.session() as s:
        rows = s.query(Site.id, Site.name, Site.geom).join(Resource, Resource.site_id == Site.id)
        want = {
            sid: name
            for sid, name, geom in rows.filter(Resource.kind == "shelter")
            if shapely.distance(shapely.Point(c.x, c.y), geom) <= 12000
        }
    assert len(want) > 1  # more than the one nearest that k = 1 lists
    got = {res.site_id for ring in r.rings for res in ring.resources if res.kind == "shelter"}
    assert got == set(want)
    _, text = _text(write_incident_pdf(r, tmp_path / "shelters.pdf", demo_ws.catalog))
    assert "三、各范围内应急资源" in text
    for name in want.values():
        assert _squash(name) in text, name


def test_xy_labels_follow_the_crs_axis_order(demo_ws, demo_anchor, tmp_path: Path) -> None:
    from pyproj import Transformer

    assert demo_ws.crs == "EPSG:4544"
    p = _densest_plant(demo_ws)
    r = incident_report(demo_ws, p.x, p.y, (500,), as_of=demo_anchor)
    # The CRS's own (authority) order, independently: EPSG:4544 gives northing, easting.
    first, second = Transformer.from_crs("EPSG:4490", "EPSG:4544").transform(r.lat, r.lon)
    assert first > 2_000_000 > second  # X, the northing, is the large one in China
    _, text = _text(write_incident_pdf(r, tmp_path / "xy.pdf", demo_ws.catalog))
    m = re.search(r"X([\d,]+)m（纵坐标）,Y([\d,]+)m（横坐标）", text)
    assert m is not None, text[:300]
    x_val, y_val = (float(g.replace(",", "")) for g in m.groups())
    assert x_val == pytest.approx(first, abs=1) and y_val == pytest.approx(second, abs=1)


def _bearing(p: shapely.Point, g: shapely.Geometry) -> float | None:
    near = shapely.ops.nearest_points(p, g)[1]
    dx, dy = near.x - p.x, near.y - p.y
    if dx == dy == 0:
        return None
    return math.degrees(math.atan2(dx, dy)) % 360


def test_downwind_sector_lists_its_sites_per_ring(demo_ws, demo_anchor, tmp_path: Path) -> None:
    p = _densest_plant(demo_ws)
    r = incident_report(demo_ws, p.x, p.y, as_of=demo_anchor, wind_from="东北风")
    assert r.wind_from_deg == 45 and r.downwind_deg == 225
    geoms = incident_geometries(demo_ws, r)
    seen = 0
    for ring in r.rings:
        for site in ring.sites:
            g = geoms[site.site_id]
            if shapely.get_type_id(g) != 0:
                continue  # points only: their bearing decides alone
            b = _bearing(shapely.Point(p.x, p.y), g)
            inside = b is None or abs((b - 225 + 180) % 360 - 180) <= 22.5
            assert site.downwind == inside, site.name
            seen += inside
    assert seen > 0
    out = write_incident_pdf(r, tmp_path / "wind.pdf", demo_ws.catalog, geometries=geoms)
    _, text = _text(out)
    assert "东北风（来向45°）；下风向西南（225°±22.5°）" in text
    for ring in r.rings:
        names = [s.name for s in ring.sites if s.downwind]
        if names:
            assert f"下风向扇区内{len(names)}处" in text
            for n in names:
                assert _squash(n) in text
    page = incident_html(r, demo_ws.catalog, "zh", geometries=geoms)
    assert "下风向 西南" in page and 'stroke-dasharray="6 4"' in page


@pytest.mark.parametrize(
    ("given", "deg"),
    [("东北风", 45), ("东北", 45), ("NE", 45), ("ne", 45), ("北北东风", 22.5), ("北东北", 22.5),
     ("西北偏西", None), ("45°", 45), ("0", 0), ("360", 0), ("361", None), ("风", None)],
)  # fmt: skip
def test_wind_directions(given: str, deg: float | None) -> None:
    from riskmap.core.incident import parse_wind

    if deg is None:
        with pytest.raises(RiskmapError, match="wind direction"):
            parse_wind(given)
    else:
        assert parse_wind(given) == deg


def test_pdf_in_english(report, demo_ws, tmp_path: Path) -> None:
    out = write_incident_pdf(
        report, tmp_path / "en.pdf", demo_ws.catalog, lang="en", map_png=_png(), fictional=True
    )
    _, text = _text(out)
    assert "Risksaroundanincident" in text
    assert "Nearestemergencyresources" in text
    assert "fictional" in text


def test_pdf_without_a_map_draws_a_sketch(report, demo_ws, tmp_path: Path) -> None:
    geoms = incident_geometries(demo_ws, report)
    plain = write_incident_pdf(report, tmp_path / "plain.pdf", demo_ws.catalog)
    out = write_incident_pdf(report, tmp_path / "sketch.pdf", demo_ws.catalog, geometries=geoms)
    _, text = _text(out)
    # The sketch labels its rings: "5 km" more often than in the text alone.
    assert text.count("5km") > _text(plain)[1].count("5km")
    assert out.stat().st_size > plain.stat().st_size


def test_a_map_that_is_not_a_png_is_refused(report, demo_ws, tmp_path: Path) -> None:
    with pytest.raises(RiskmapError, match="PNG"):
        write_incident_pdf(report, tmp_path / "x.pdf", demo_ws.catalog, map_png=b"GIF89a...")
    assert not (tmp_path / "x.pdf").exists()


def test_html_is_self_contained(report, demo_ws, tmp_path: Path) -> None:
    geoms = incident_geometries(demo_ws, report)
    out = write_incident_html(report, tmp_path / "研判.html", demo_ws.catalog, geometries=geoms)
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "http://" not in page and "https://" not in page
    assert not re.search(r"<(script|link|iframe|img|object|embed)\b", page, re.I)
    assert not re.search(r"\b(src|href)\s*=", page, re.I)
    assert "<svg" in page and page.count("<circle") >= len(report.rings)
    for ring in report.rings:
        assert ring_label(ring) in page
    assert report.rings[0].layers[0].sites[0].name in page
    n_rows = sum(len(r.sites) for r in report.rings)
    assert page.count("<tr") >= n_rows  # the page lists every site, not the top few


def test_html_escapes_a_site_name(demo_copy: str, demo_anchor: dt.date, tmp_path: Path) -> None:
    store = open_store(demo_copy)
    try:
        ws = Workspace.load(store)
        sid, p = _school(ws)
        with store.begin(SYSTEM) as s:
            s.get(Site, sid).name = EVIL
        r = incident_report(ws, p.x, p.y, site_id=sid, as_of=demo_anchor)
        assert r.site_name == EVIL
        geoms = incident_geometries(ws, r)
        for lang in ("zh", "en"):
            page = incident_html(r, ws.catalog, lang, geometries=geoms)
            assert EVIL not in page
            assert "<script" not in page
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        pdf = write_incident_pdf(r, tmp_path / "evil.pdf", ws.catalog)
        assert _squash(EVIL) in _text(pdf)[1]  # printed as text, as it is
    finally:
        store.dispose()


def test_an_incident_with_nothing_around(demo_ws, demo_anchor: dt.date, tmp_path: Path) -> None:
    # Far outside the city: empty rings, the resources still listed (far away).
    x0, y0, _, _ = demo_ws.city().geom.bounds
    r = incident_report(demo_ws, x0 - 50_000, y0 - 50_000, (1000,), as_of=demo_anchor)
    assert r.total_sites == 0
    pages, text = _text(write_incident_pdf(r, tmp_path / "empty.pdf", demo_ws.catalog))
    assert pages == 1 and "无登记场所" in text
    page = write_incident_html(r, tmp_path / "e.html", demo_ws.catalog, geometries={})
    assert "无登记场所" in page.read_text(encoding="utf-8")
