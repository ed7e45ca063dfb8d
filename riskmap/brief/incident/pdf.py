"""突发事件周边风险研判 as one A4 page: the point, the map, what each ring holds, the nearest help.

One page always, because it is handed over in the first minutes of an incident. The table font
goes down to a floor; beyond that each ring lists its first sites (schools and hospitals come
first in the core's order) and a line says how many more and of what. Sites are shared between
the rings round-robin, inner ring first, so no ring loses all its rows to a crowded neighbour.
"""

from __future__ import annotations

import io
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import shapely

from riskmap.brief.incident.sketch import svg_sketch
from riskmap.brief.incident.words import (
    capacity_text,
    distance_km,
    kind_name,
    lonlat_text,
    more_text,
    people_text,
    place_text,
    resource_groups,
    ring_line,
    ring_sites,
    ring_summaries,
    rings_text,
    site_row,
    words,
    xy_text,
)
from riskmap.brief.mapdraw import swatch
from riskmap.brief.pdfdoc import FONT, GREY, RED, Cell, Column, PdfDoc, Styled, TableStyle
from riskmap.brief.surface import PdfSurface
from riskmap.core import style
from riskmap.core.catalog import Catalog
from riskmap.core.incident import IncidentReport, Ring
from riskmap.errors import RiskmapError

TABLE_SIZES = (9.0, 8.5, 8.0, 7.5)  # below 7.5 pt a printed row is no longer readable
RESOURCES_PER_KIND = 3
MAP_W = 76.0  # mm: the map image beside the facts
MAP_MAX_H = 72.0
GAP = 4.0
FACT_SIZE = 9.5
SECTION_SIZE = 11.0
LINE_SPACING = 1.45
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
SVG_NS = "http://www.w3.org/2000/svg"


@dataclass(frozen=True)
class _Picture:
    data: bytes  # PNG or SVG
    aspect: float  # height / width
    legend: bool = False  # a grabbed map has none of its own: one is printed under it


@dataclass(frozen=True)
class _Plan:
    style: TableStyle
    shown: tuple[int, ...]  # rows shown per ring


def write_incident_pdf(
    report: IncidentReport,
    path: str | os.PathLike[str],
    catalog: Catalog,
    lang: str = "zh",
    map_png: bytes | None = None,
    *,
    geometries: Mapping[int, shapely.Geometry] | None = None,
    classes: Mapping[int, str | None] | None = None,
    fictional: bool = False,
) -> Path:
    """Lay the report out on one A4 page and write it atomically; the path written.

    `map_png`: a picture of the map around the point (the client grabs its canvas with the
    rings drawn). Without one, `geometries` (site id → metric geometry, `incident_geometries`)
    give a drawn sketch instead (the command line has no map to grab), coloured by `classes`
    (`incident_classes`), its texts in the embedded font. `fictional` prints the demo-data
    note in the footer."""
    doc = render_incident_pdf(
        report, catalog, lang, map_png, geometries=geometries, classes=classes, fictional=fictional
    )
    return doc.save(path)


def render_incident_pdf(
    report: IncidentReport,
    catalog: Catalog,
    lang: str = "zh",
    map_png: bytes | None = None,
    *,
    geometries: Mapping[int, shapely.Geometry] | None = None,
    classes: Mapping[int, str | None] | None = None,
    fictional: bool = False,
) -> PdfDoc:
    """The report as an unsaved one-page document."""
    picture: _Picture | None = None
    if map_png is not None:
        width, height = _png_size(map_png)  # refused before a font is opened
        picture = _Picture(map_png, height / width, legend=True)
    elif geometries is not None and report.rings:
        # Drawn smaller than on screen so its texts print at a readable size in 7 cm.
        svg = svg_sketch(report, geometries, catalog, lang, size=400, classes=classes)
        # fpdf2 reads a standalone SVG document; the HTML page inlines it without the namespace.
        svg = svg.replace("<svg ", f'<svg xmlns="{SVG_NS}" ', 1)
        picture = _Picture(svg.encode("utf-8"), 1.0)
    w = words(lang)
    doc = PdfDoc(
        w["title"],
        report.as_of,
        subject=place_text(report, lang),
        margins=(15.0, 12.0, 15.0, 13.0),
        footer_note=w["fictional"] if fictional else "",
        page_numbers=False,
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
    # One page whatever happens: the plan below makes everything fit; if a pathological input
    # still overflows, it is cut at the page foot rather than spilling onto a second page.
    doc.set_auto_page_break(False, margin=doc.b_margin)
    doc.add_page()
    doc.heading(w["title"], 17, after=1.5)
    doc.rule(RED, 0.6, after=3)
    _top(doc, report, catalog, lang, picture)
    doc.ln(2)

    resources = _resource_rows(report, lang)
    plan = _plan(doc, report, catalog, lang, resources)
    _section(doc, w["sites_section"])
    for ring, n in zip(report.rings, plan.shown, strict=True):
        _ring(doc, ring, n, catalog, lang, plan.style)
    doc.ln(1)
    _section(doc, w["resources_section"])
    _resources(doc, report, lang, resources, plan.style)


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
        if picture.legend:
            img_bottom += 1.5 + _legend(doc, report, catalog, lang, x, img_bottom + 1.5, img_w)
        # The left column is a narrower page: tables then size and centre within it.
        doc.set_right_margin(right + img_w + GAP)
    try:
        facts = [
            (w["place"], place_text(report, lang)),
            (w["lonlat"], lonlat_text(report)),
            (w["xy"], xy_text(report)),
            (w["as_of"], report.as_of.isoformat()),
            (w["rings"], rings_text(report)),
        ]
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


LEGEND_ROW = 3.4  # mm
LEGEND_PT = 7.0


def _legend(
    doc: PdfDoc,
    report: IncidentReport,
    catalog: Catalog,
    lang: str,
    x: float,
    y: float,
    width: float,
) -> float:
    """The layers of the report's sites and the resources, in their map colours (from
    riskmap.core.style), in two columns under a grabbed map; its height."""
    keys = {site.layer for ring in report.rings for site in ring.sites}
    if any(report.resources.values()):
        keys.add("resources")
    specs = [spec for key, spec in catalog.items() if key in keys]
    rows = style.legend_entries(specs, lang, classes=False, levels=False, edges=())
    if not rows:
        return 0.0
    s = PdfSurface(doc)
    per_col = (len(rows) + 1) // 2
    col_w = width / 2
    for i, r in enumerate(rows):
        c, k = divmod(i, per_col)
        cx, cy = x + c * col_w + 2.5, y + k * LEGEND_ROW + LEGEND_ROW / 2
        swatch(s, cx, cy, r)
        s.text(cx + 3.5, cy + 1.0, r.label, LEGEND_PT, style.parse_color("#1e1e1e"))
    return per_col * LEGEND_ROW


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


# ------------------------------------------------------------------------------ fitting


def _site_columns(doc: PdfDoc, lang: str) -> tuple[Column, ...]:
    w = words(lang)
    fixed = {"no": 9.0, "category": 28.0, "distance": 18.0, "people": 19.0}
    name_w = doc.text_width - sum(fixed.values())
    return (
        Column(w["no"], fixed["no"]),
        Column(w["name"], name_w, "L"),
        Column(w["category"], fixed["category"]),
        Column(w["distance"], fixed["distance"], "R"),
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


def _text_h(doc: PdfDoc, text: str, size: float, bold: bool = False) -> float:
    return len(doc.wrap(text, doc.text_width, size, bold=bold)) * _line_mm(size)


def _ring_h(
    doc: PdfDoc,
    ring: Ring,
    n: int,
    catalog: Catalog,
    lang: str,
    style: TableStyle,
    heights: Sequence[float],
    header: float,
) -> float:
    h = _text_h(doc, ring_line(ring, catalog, lang), style.size + 0.5, bold=True) + 0.8
    if n:
        h += header + sum(heights[:n])
    if n < len(ring.sites):
        h += _text_h(doc, more_text(ring_sites(ring)[n:], catalog, lang), style.size) + 0.5
    return h + 1.5


def _plan(
    doc: PdfDoc,
    report: IncidentReport,
    catalog: Catalog,
    lang: str,
    resources: list[list[Cell]],
) -> _Plan:
    """The largest table font at which everything fits; else the floor font and as many rows
    per ring as fit, shared round-robin from the inner ring out."""
    full = [len(r.sites) for r in report.rings]
    for size in TABLE_SIZES:
        style = TableStyle(size=size, padding=0.55, padding_x=1.0)
        fits = _Measure(doc, report, catalog, lang, resources, style)
        if fits(full):
            return _Plan(style, tuple(full))
    shown = [0] * len(report.rings)
    grew = True
    while grew:
        grew = False
        for i in range(len(shown)):
            if shown[i] >= full[i]:
                continue
            shown[i] += 1
            if fits(shown):
                grew = True
            else:
                shown[i] -= 1
    return _Plan(fits.style, tuple(shown))


class _Measure:
    """Whether the rings fit with so many rows each, at one table style (heights measured
    once, by the code that draws)."""

    def __init__(
        self,
        doc: PdfDoc,
        report: IncidentReport,
        catalog: Catalog,
        lang: str,
        resources: list[list[Cell]],
        style: TableStyle,
    ) -> None:
        self.doc, self.report, self.catalog = doc, report, catalog
        self.lang, self.style = lang, style
        cols = _site_columns(doc, lang)
        self.header = doc.row_height(cols, [c.title for c in cols], style, bold=True)
        self.heights = [
            [
                doc.row_height(cols, site_row(i, s, catalog, lang), style)
                for i, s in enumerate(ring_sites(ring), 1)
            ]
            for ring in report.rings
        ]
        sections = 2 * (_line_mm(SECTION_SIZE) + 1.5) + 1.0
        self.room = (
            doc.bottom - doc.y - sections - _resources_h(doc, report, lang, resources, style)
        )

    def __call__(self, shown: Sequence[int]) -> bool:
        used = 0.0
        for ring, n, hs in zip(self.report.rings, shown, self.heights, strict=True):
            used += _ring_h(self.doc, ring, n, self.catalog, self.lang, self.style, hs, self.header)
        return used <= self.room


def _resources_h(
    doc: PdfDoc, report: IncidentReport, lang: str, rows: list[list[Cell]], style: TableStyle
) -> float:
    if not rows:
        return _line_mm(style.size) + 1
    cols = _resource_columns(doc, lang)
    h = doc.table_height(cols, rows, style)
    if _truncated(report):
        h += _line_mm(style.size) + 0.5
    return h


def _truncated(report: IncidentReport) -> bool:
    return any(len(items) > RESOURCES_PER_KIND for items in report.resources.values())


# ------------------------------------------------------------------------------ drawing


def _section(doc: PdfDoc, text: str) -> None:
    doc.set_x(doc.l_margin)
    doc.set_font(FONT, "B", SECTION_SIZE)
    doc.cell(0, _line_mm(SECTION_SIZE), text)
    doc.ln(_line_mm(SECTION_SIZE) + 1.5)


def _ring(doc: PdfDoc, ring: Ring, n: int, catalog: Catalog, lang: str, style: TableStyle) -> None:
    doc.paragraph(
        ring_line(ring, catalog, lang),
        style.size + 0.5,
        line_height=LINE_SPACING,
        indent=False,
        bold=True,
        after=0.8,
    )
    if n:
        rows = [site_row(i, s, catalog, lang) for i, s in enumerate(ring_sites(ring)[:n], 1)]
        doc.data_table(_site_columns(doc, lang), rows, style)
    if n < len(ring.sites):
        doc.ln(0.5)
        doc.paragraph(
            more_text(ring_sites(ring)[n:], catalog, lang),
            style.size,
            line_height=LINE_SPACING,
            indent=False,
            color=GREY,
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
