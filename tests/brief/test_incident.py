"""突发事件周边风险研判: the one-page PDF read back with pypdf, the self-contained HTML page."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
import shapely
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
    """Page count and the text with no whitespace: pypdf puts spaces between CJK glyphs and NULs
    where fpdf2 maps codes through the embedded CMap (see tests/brief/test_notice.py)."""
    reader = PdfReader(path)
    return len(reader.pages), _squash("".join(p.extract_text() for p in reader.pages))


def _squash(text: str) -> str:
    return re.sub(r"[\s\x00]+", "", text)


def _png(width: int = 600, height: int = 400) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (width, height), (200, 220, 240)).save(buf, "PNG")
    return buf.getvalue()


def test_pdf_is_one_page_with_the_rings_and_the_school(
    report, demo_ws, demo_anchor: dt.date, tmp_path: Path
) -> None:
    out = write_incident_pdf(report, tmp_path / "研判.pdf", demo_ws.catalog)
    pages, text = _text(out)
    assert pages == 1
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


def test_pdf_with_a_map_and_a_crowded_page_stays_one_page(
    demo_ws, demo_anchor: dt.date, tmp_path: Path
) -> None:
    c = demo_ws.city().geom.centroid
    big = incident_report(demo_ws, c.x, c.y, (2000, 5000, 10000, 20000), k=5, as_of=demo_anchor)
    assert big.total_sites > 200
    out = write_incident_pdf(big, tmp_path / "big.pdf", demo_ws.catalog, map_png=_png(800, 800))
    pages, text = _text(out)
    assert pages == 1
    assert "另有" in text and "处未列出" in text
    assert "每类列出最近3处" in text  # k = 5, the page lists 3 of each kind
    reader = PdfReader(out)
    assert len(reader.pages[0].images) == 1


def test_pdf_in_english(report, demo_ws, tmp_path: Path) -> None:
    out = write_incident_pdf(
        report, tmp_path / "en.pdf", demo_ws.catalog, lang="en", map_png=_png(), fictional=True
    )
    pages, text = _text(out)
    assert pages == 1
    assert "Risksaroundanincident" in text
    assert "Nearestemergencyresources" in text
    assert "fictional" in text


def test_pdf_without_a_map_draws_a_sketch(report, demo_ws, tmp_path: Path) -> None:
    geoms = incident_geometries(demo_ws, report)
    plain = write_incident_pdf(report, tmp_path / "plain.pdf", demo_ws.catalog)
    out = write_incident_pdf(report, tmp_path / "sketch.pdf", demo_ws.catalog, geometries=geoms)
    pages, text = _text(out)
    assert pages == 1
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
        assert _text(pdf)[0] == 1
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


def test_a_grabbed_map_gets_the_legend_of_the_layers_around(
    report, demo_ws, tmp_path: Path
) -> None:
    layers = {s.layer for ring in report.rings for s in ring.sites}
    out = write_incident_pdf(report, tmp_path / "grab.pdf", demo_ws.catalog, map_png=_png(600, 400))
    pages, text = _text(out)
    _, plain = _text(write_incident_pdf(report, tmp_path / "plain.pdf", demo_ws.catalog))
    assert pages == 1
    # The legend is the first text drawn after the title (beside the facts, under the map).
    legend = text.split("突发事件周边风险研判", 1)[1].split("事发地点", 1)[0]
    assert plain.split("突发事件周边风险研判", 1)[1].split("事发地点", 1)[0] == ""
    for key in layers:
        assert _squash(demo_ws.catalog[key].name_zh) in legend, key
    fonts = PdfReader(out).pages[0]["/Resources"]["/Font"]
    assert not any("Helvetica" in str(f.get_object()["/BaseFont"]) for f in fonts.values())
