"""One colour per layer class wherever a map is drawn: the printed map (PDF and PNG), the HTML
briefing and the incident sketch, each read back from its output and compared with the layer
files' own values, written out in tests/layer_colours.py (the wall's screen:
tests/ui/test_wall_colours.py)."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

import pytest
import shapely
from layer_colours import POINT_LAYERS, TOML
from layer_colours import expected as expected_of

from riskmap.brief.context import briefing_context
from riskmap.brief.html import render_html
from riskmap.brief.incident import incident_classes, incident_geometries, svg_sketch
from riskmap.brief.mapdraw import Frame, MapOptions, draw_map
from riskmap.brief.pdfdoc import PdfDoc
from riskmap.brief.printmap import print_data
from riskmap.brief.surface import ImageSurface, PdfSurface
from riskmap.core.incident import incident_report
from riskmap.core.region import Region


def _hex(r: float, g: float, b: float) -> str:
    return "#" + "".join(f"{round(v):02x}" for v in (r, g, b))


@pytest.fixture(scope="module")
def town(demo_ws):
    """The township with the densest point sites: a map at a scale that draws every symbol."""
    towns = [d for d in demo_ws.districts if d.level == "township"]
    dense = {d.code: len(demo_ws.ids_in(d.geom, list(POINT_LAYERS))) / d.geom.area for d in towns}
    return max(towns, key=lambda d: (dense[d.code], d.code))


def _seen(colours_by_site: dict[int, set[str]], expected) -> dict[tuple[str, str], set[str]]:
    by_class: dict[tuple[str, str], set[str]] = defaultdict(set)
    for sid, cols in colours_by_site.items():
        if sid in expected:
            layer, key, _ = expected[sid]
            by_class[(layer, key)] |= cols
    return by_class


def test_print_html_and_sketch_agree_with_the_layer_files(
    demo_ws, demo_anchor: dt.date, town, tmp_path
) -> None:
    # -- the printed map, as PNG: the pixel under each symbol's centre ----------------------
    region = Region.from_district(demo_ws.districts, town.code, demo_ws.crs)
    specs = [demo_ws.catalog[k] for k in POINT_LAYERS]
    data = print_data(demo_ws, region, specs, demo_anchor)
    frame = Frame(10, 10, 250, 180)
    opt = MapOptions(labels=False, legend=False, symbol_scale=0.9)
    img = ImageSurface(270, 200, 150)
    p = draw_map(img, frame, data, specs, opt)
    assert p.denominator < 150_000  # every point layer draws its symbols at this scale
    picture = img.image.resize(img.size)
    png: dict[int, set[str]] = defaultdict(set)
    for f in data.features:
        if f.geom.geom_type == "Point" and not f.site.hazards:
            ((x, y),) = p.points(shapely.get_coordinates(f.geom))
            if frame.x < x < frame.x + frame.w and frame.y < y < frame.y + frame.h:
                px = picture.getpixel((round(x / 25.4 * 150), round(y / 25.4 * 150)))
                png[f.site.id].add(_hex(*px[:3]))
    expected = expected_of(demo_ws, [f.site.id for f in data.features])
    by_class = _seen(png, expected)
    assert len(by_class) >= 8, by_class
    matched = sum(TOML[layer][1][key] in cols for (layer, key), cols in by_class.items())
    # A later symbol may cover an earlier one's centre; most classes show their own colour.
    assert matched >= 0.8 * len(by_class), by_class

    # -- the printed map, as PDF: the fill colours its page sets ---------------------------
    doc = PdfDoc("t", demo_anchor, orientation="L")
    doc.set_compression(False)  # the page's operators readable as text
    doc.add_page()
    draw_map(PdfSurface(doc), frame, data, specs, opt)
    stream = doc.to_bytes().decode("latin-1")
    doc.close_fonts()
    pdf_fills = {_hex(*(float(v) * 255 for v in m)) for m in
                 re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) rg", stream)}  # fmt: skip
    for layer, key in by_class:
        assert TOML[layer][1][key] in pdf_fills, (layer, key)

    # -- the HTML briefing: the style of every feature -------------------------------------
    b = briefing_context(demo_ws, "labor_day", 2027, as_of=demo_anchor)
    page = render_html(b, demo_ws)
    html_cols: dict[int, set[str]] = defaultdict(set)
    for sid, fill in re.findall(
        r'"id": (\d+), "properties": \{"look": \{[^}]*?"fillColor": "(#[0-9a-f]{6})"', page
    ):
        html_cols[int(sid)].add(fill)
    assert html_cols, "no feature style found in the page"
    html_expected = expected_of(demo_ws, list(html_cols))
    assert len({(la, k) for la, k, _ in html_expected.values()}) >= 6
    for sid, (layer, key, colour) in html_expected.items():
        assert html_cols[sid] == {colour}, (sid, layer, key)

    # -- the incident sketch: the fill of each site's circle -------------------------------
    plant = next(f for f in data.features if f.site.layer == "dense_venues")
    report = incident_report(demo_ws, plant.geom.x, plant.geom.y, rings_m=(1000, 3000),
                             as_of=demo_anchor)  # fmt: skip
    svg = svg_sketch(report, incident_geometries(demo_ws, report), demo_ws.catalog,
                     classes=incident_classes(demo_ws, report))  # fmt: skip
    by_name = {s.name: s.site_id for r in report.rings for s in r.sites}
    svg_cols: dict[int, set[str]] = defaultdict(set)
    for fill, name in re.findall(
        r'<circle [^>]*fill="(#[0-9a-f]{6})"[^>]*><title>([^<]*)</title>', svg
    ):
        if name in by_name:
            svg_cols[by_name[name]].add(fill)
    svg_expected = expected_of(demo_ws, list(svg_cols))
    assert len({(la, k) for la, k, _ in svg_expected.values()}) >= 3
    for sid, (layer, key, colour) in svg_expected.items():
        assert svg_cols[sid] == {colour}, (sid, layer, key)
