"""突发事件周边风险研判 on A4: the point, the map, what each ring holds, the nearest help.

The first page carries the facts, the map and the per-ring summary, which is what is read in
the first minutes; then every site of every ring is listed (schools and hospitals first, in
the core's order), continuing on further pages with the table header repeated, so that no
plant or school is ever left off. With a wind direction each site says its bearing, the ones in
the downwind sector are marked and named ring by ring, and the sketch draws the sector.
"""

from __future__ import annotations

import io
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import shapely

from riskmap.brief.incident.sketch import svg_sketch
from riskmap.brief.incident.words import (
    capacity_text,
    distance_km,
    downwind_line,
    kind_name,
    lonlat_text,
    people_text,
    place_text,
    resource_groups,
    ring_line,
    ring_resources_line,
    ring_sites,
    ring_summaries,
    rings_text,
    site_row,
    wind_text,
    words,
    xy_text,
)
from riskmap.brief.pdfdoc import FONT, GREY, RED, Cell, Column, PdfDoc, Styled, TableStyle
from riskmap.core.catalog import Catalog
from riskmap.core.incident import IncidentReport, Ring
from riskmap.errors import RiskmapError

TABLE_STYLE = TableStyle(size=8.5, padding=0.55, padding_x=1.0)
RESOURCES_PER_KIND = 3
MAP_W = 76.0  # mm: the map image beside the facts
MAP_MAX_H = 72.0
GAP = 4.0
FACT_SIZE = 9.5
SECTION_SIZE = 11.0
LINE_SPACING = 1.45
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
SECTOR = (106, 27, 154)  # the downwind sector's purple, as the sketch draws it
SVG_NS = "http://www.w3.org/2000/svg"


@dataclass(frozen=True)
class _Picture:
    data: bytes  # PNG or SVG
    aspect: float  # height / width


def write_incident_pdf(
    report: IncidentReport,
    path: str | os.PathLike[str],
    catalog: Catalog,
    lang: str = "zh",
    map_png: bytes | None = None,
    *,
    geometries: Mapping[int, shapely.Geometry] | None = None,
    fictional: bool = False,
) -> Path:
    """Lay the report out on one A4 page and write it atomically; the path written.

    `map_png`: a picture of the map around the point (the client grabs its canvas with the
    rings drawn). Without one, `geometries` (site id → metric geometry, `incident_geometries`)
    give a drawn sketch instead (the command line has no map to grab). `fictional` prints the
    demo-data note in the footer."""
    doc = render_incident_pdf(
        report, catalog, lang, map_png, geometries=geometries, fictional=fictional
    )
    return doc.save(path)


def render_incident_pdf(
    report: IncidentReport,
    catalog: Catalog,
    lang: str = "zh",
    map_png: bytes | None = None,
    *,
    geometries: Mapping[int, shapely.Geometry] | None = None,
    fictional: bool = False,
) -> PdfDoc:
    """The report as an unsaved one-page document."""
    picture: _Picture | None = None
    if map_png is not None:
        width, height = _png_size(map_png)  # refused before a font is opened
        picture = _Picture(map_png, height / width)
    elif geometries is not None and report.rings:
        svg = svg_sketch(report, geometries, catalog, lang)
        # fpdf2 reads a standalone SVG document; the HTML page inlines it without the namespace.
        svg = svg.replace("<svg ", f'<svg xmlns="{SVG_NS}" ', 1)
        # fpdf2 sets SVG text in the family it names: ours, which has the Chinese glyphs.
        svg = svg.replace("<text ", f'<text font-family="{FONT}" ')
        picture = _Picture(svg.encode("utf-8"), 1.0)
    w = words(lang)
    doc = PdfDoc(
        w["title"],
        report.as_of,
        subject=place_text(report, lang),
        margins=(15.0, 12.0, 15.0, 13.0),
        footer_note=w["fictional"] if fictional else "",
    )
    try:
        _layout(doc, report, catalog, lang, picture)
    except BaseException:
        doc.close_fonts()  # fpdf2 holds the font files open until output
        raise
    return doc


def _layout(
    doc: PdfDoc, report: IncidentReport, catalog: Catalog, lang: str, picture: _Picture | None
) -> None:
    w = words(lang)
    if not lang.startswith("zh"):
        doc.set_lang("en")
    doc.add_page()
    doc.heading(w["title"], 17, after=1.5)
    doc.rule(RED, 0.6, after=3)
    _top(doc, report, catalog, lang, picture)
    doc.ln(2)

    resources = _resource_rows(report, lang)
    _section(doc, w["sites_section"])
    for ring in report.rings:
        _ring(doc, report, ring, catalog, lang, TABLE_STYLE)
    doc.ln(1)
    _section(doc, w["resources_section"])
    _resources(doc, report, lang, resources, TABLE_STYLE)
    doc.ln(1)
    _section(doc, w["ring_resources_section"])
    for ring in report.rings:
        _ring_resources(doc, ring, lang, TABLE_STYLE)


# ------------------------------------------------------------------------------ top block


def _top(
    doc: PdfDoc, report: IncidentReport, catalog: Catalog, lang: str, picture: _Picture | None
) -> None:
    """The facts and the per-ring summary on the left, the map on the right."""
    w = words(lang)
    y0 = doc.y
    right = doc.r_margin
    img_bottom = y0
    if picture is not None:
        img_w = MAP_W
        img_h = img_w * picture.aspect
        if img_h > MAP_MAX_H:
            img_w, img_h = img_w * MAP_MAX_H / img_h, MAP_MAX_H
        x = doc.w - doc.r_margin - img_w
        doc.image(io.BytesIO(picture.data), x=x, y=y0, w=img_w, h=img_h)
        doc.set_draw_color(*GREY)
        doc.rect(x, y0, img_w, img_h)
        img_bottom = y0 + img_h
        # The left column is a narrower page: tables then size and centre within it.
        doc.set_right_margin(right + img_w + GAP)
    try:
        facts = [
            (w["place"], place_text(report, lang)),
            (w["lonlat"], lonlat_text(report)),
            (w["xy"], xy_text(report, lang)),
            (w["as_of"], report.as_of.isoformat()),
            (w["rings"], rings_text(report)),
        ]
        if report.wind_from_deg is not None:
            facts.append((w["wind"], wind_text(report, lang)))
        line_mm = FACT_SIZE * LINE_SPACING * 25.4 / 72
        sep = "：" if lang.startswith("zh") else ": "
        for label, value in facts:
            doc.set_x(doc.l_margin)
            doc.set_font(FONT, "B", FACT_SIZE)
            head = f"{label}{sep}"
            head_w = doc.get_string_width(head)
            doc.cell(head_w, line_mm, head)
            lines = doc.wrap(value, doc.text_width - head_w, FACT_SIZE)
            doc.set_font(FONT, "", FACT_SIZE)
            doc.multi_cell(doc.text_width - head_w + 0.01, line_mm, "\n".join(lines))
        doc.ln(2)
        _summary(doc, report, lang)
    finally:
        doc.set_right_margin(right)
    doc.set_xy(doc.l_margin, max(doc.y, img_bottom))


def _summary(doc: PdfDoc, report: IncidentReport, lang: str) -> None:
    w = words(lang)
    cols = [
        Column(w["ring"]),
        Column(w["sites"], align="R"),
        Column(w["schools"], align="R"),
        Column(w["hospitals"], align="R"),
        Column(w["people"], align="R"),
    ]
    rows: list[list[Cell]] = []
    for s in ring_summaries(report):
        rows.append(
            [s.label, str(s.sites), str(s.schools), str(s.hospitals), people_text(s.people)]
        )
    sums = ring_summaries(report)
    rows.append(
        [
            Styled(w["total"], bold=True),
            Styled(str(sum(s.sites for s in sums)), bold=True),
            Styled(str(sum(s.schools for s in sums)), bold=True),
            Styled(str(sum(s.hospitals for s in sums)), bold=True),
            Styled(people_text(sum(s.people for s in sums)), bold=True),
        ]
    )
    style = TableStyle(size=8.5, padding=0.6)
    doc.data_table(doc.fit_widths(cols, rows, style), rows, style)


def _png_size(data: bytes) -> tuple[int, int]:
    if not data.startswith(PNG_MAGIC) or len(data) < 24:
        raise RiskmapError.of("brief.map_not_png")
    width = int.from_bytes(data[16:20], "big")
    height = int.from_bytes(data[20:24], "big")
    if width <= 0 or height <= 0:
        raise RiskmapError.of("brief.map_empty")
    return width, height


# ------------------------------------------------------------------------------ columns


def _site_columns(doc: PdfDoc, lang: str) -> tuple[Column, ...]:
    w = words(lang)
    fixed = {"no": 9.0, "category": 28.0, "distance": 17.0, "bearing": 22.0, "people": 17.0}
    name_w = doc.text_width - sum(fixed.values())
    return (
        Column(w["no"], fixed["no"]),
        Column(w["name"], name_w, "L"),
        Column(w["category"], fixed["category"]),
        Column(w["distance"], fixed["distance"], "R"),
        Column(w["bearing"], fixed["bearing"]),
        Column(w["people"], fixed["people"], "R"),
    )


def _resource_columns(doc: PdfDoc, lang: str) -> tuple[Column, ...]:
    w = words(lang)
    fixed = {"kind": 26.0, "distance": 18.0, "capacity": 24.0, "contact": 30.0}
    name_w = doc.text_width - sum(fixed.values())
    return (
        Column(w["kind"], fixed["kind"], "L"),
        Column(w["name"], name_w, "L"),
        Column(w["distance"], fixed["distance"], "R"),
        Column(w["capacity"], fixed["capacity"], "R"),
        Column(w["contact"], fixed["contact"]),
    )


def _resource_rows(report: IncidentReport, lang: str) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for kind, items in resource_groups(report):
        for i, res in enumerate(items[:RESOURCES_PER_KIND]):
            label: Cell = Styled(kind_name(kind, lang), bold=True) if i == 0 else ""
            rows.append(
                [label, res.name, distance_km(res.distance_m), capacity_text(res), res.contact]
            )
    return rows


def _line_mm(size: float) -> float:
    return size * LINE_SPACING * 25.4 / 72


def _truncated(report: IncidentReport) -> bool:
    return any(len(items) > RESOURCES_PER_KIND for items in report.resources.values())


# ------------------------------------------------------------------------------ drawing


def _section(doc: PdfDoc, text: str) -> None:
    doc.set_x(doc.l_margin)
    doc.set_font(FONT, "B", SECTION_SIZE)
    doc.cell(0, _line_mm(SECTION_SIZE), text)
    doc.ln(_line_mm(SECTION_SIZE) + 1.5)


def _ring(
    doc: PdfDoc,
    report: IncidentReport,
    ring: Ring,
    catalog: Catalog,
    lang: str,
    style: TableStyle,
) -> None:
    doc.paragraph(
        ring_line(ring, catalog, lang),
        style.size + 0.5,
        line_height=LINE_SPACING,
        indent=False,
        bold=True,
        after=0.8,
    )
    if ring.sites:
        rows: list[list[Cell]] = []
        for i, site in enumerate(ring_sites(ring), 1):
            row: list[Cell] = list(site_row(i, site, catalog, lang))
            if site.downwind:
                row[4] = Styled(str(row[4]), SECTOR, bold=True)
            rows.append(row)
        doc.data_table(_site_columns(doc, lang), rows, style)
    if report.wind_from_deg is not None:
        doc.ln(0.5)
        doc.paragraph(
            downwind_line(ring, lang),
            style.size,
            line_height=LINE_SPACING,
            indent=False,
            color=SECTOR,
            after=0,
        )
    doc.ln(1.5)


def _resources(
    doc: PdfDoc,
    report: IncidentReport,
    lang: str,
    rows: list[list[Cell]],
    style: TableStyle,
) -> None:
    w = words(lang)
    if not rows:
        doc.paragraph(w["none"], style.size, indent=False)
        return
    doc.data_table(_resource_columns(doc, lang), rows, style)
    if _truncated(report):
        doc.ln(0.5)
        text = w["per_kind"].format(k=RESOURCES_PER_KIND)
        doc.paragraph(text, style.size, line_height=LINE_SPACING, indent=False, color=GREY)


def _ring_resources(doc: PdfDoc, ring: Ring, lang: str, style: TableStyle) -> None:
    """Every resource inside one ring, by kind, nearest first (shelters are where people go)."""
    doc.paragraph(
        ring_resources_line(ring, lang),
        style.size + 0.5,
        line_height=LINE_SPACING,
        indent=False,
        bold=True,
        after=0.8,
    )
    if ring.resources:
        rows: list[list[Cell]] = [
            [
                kind_name(res.kind, lang),
                res.name,
                distance_km(res.distance_m),
                capacity_text(res),
                res.contact,
            ]
            for res in ring.resources
        ]
        doc.data_table(_resource_columns(doc, lang), rows, style)
    doc.ln(1.5)
