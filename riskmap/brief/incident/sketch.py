"""An SVG sketch of an incident: the rings, the sites in them, dashes to the nearest help.

Metric coordinates scaled into a square around the point (north up), so distances read true.
Colours, ring grades, the legend and label placement come from riskmap.core.style, so the sketch
and every other map agree. Texts name their font family with the bundled face first: the PDF
(fpdf2 reads the SVG) then sets them in the embedded CJK font, a browser in its own sans-serif.
Geometries are clipped to the square and thinned to about a pixel before they become paths,
so a forest zone of thousands of vertices costs a few hundred bytes. Resources beyond the
square are shown where their dashed line leaves it. Every text is escaped; there is no
script and no external reference (the page opens on a machine with no network).
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import numpy as np
import shapely

from riskmap.brief.incident.words import radius_label, words
from riskmap.brief.pdfdoc import FONT
from riskmap.brief.surface import text_length_pt
from riskmap.core import style
from riskmap.core.catalog import Catalog, LayerSpec
from riskmap.core.incident import IncidentReport, RingSite
from riskmap.core.style.data import site_classes
from riskmap.core.workspace import Workspace

PAD = 1.12  # the square reaches this far beyond the outer ring
# The PDF's registered family first (fpdf2 takes the first it knows), then the browser's.
FONT_FAMILY = f"{FONT}, Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, sans-serif"
LABEL_PX = 11.0
LEGEND_PX = 11.0


def incident_geometries(ws: Workspace, report: IncidentReport) -> dict[int, shapely.Geometry]:
    """The metric geometries of every site and resource in the report, for the sketch."""
    ids = {s.site_id for r in report.rings for s in r.sites}
    ids |= {n.site_id for items in report.resources.values() for n in items}
    return dict(sorted(ws.geometries(sorted(ids)).items()))


def incident_classes(ws: Workspace, report: IncidentReport) -> dict[int, str | None]:
    """Site id → its style class (`[style.classes]` key) for every site in the report's rings
    and every resource, so the sketch colours them as the map does."""
    pairs = [(s.site_id, s.layer) for r in report.rings for s in r.sites]
    pairs += [(n.site_id, "resources") for items in report.resources.values() for n in items]
    return dict(site_classes(ws.store, ws.catalog, pairs))


class _Frame:
    def __init__(self, report: IncidentReport, size: int) -> None:
        self.cx, self.cy = report.x, report.y
        self.half = report.rings[-1].outer_m * PAD
        self.size = size
        self.scale = (size / 2) / self.half
        self.box = shapely.box(
            self.cx - self.half, self.cy - self.half, self.cx + self.half, self.cy + self.half
        )

    def xy(self, x: float, y: float) -> tuple[float, float]:
        # SVG's y grows downwards; the map's north is up.
        return (
            round(self.size / 2 + (x - self.cx) * self.scale, 1),
            round(self.size / 2 - (y - self.cy) * self.scale, 1),
        )

    def path(self, geom: shapely.Geometry) -> str:
        parts = []
        for part in shapely.get_parts(geom):
            if isinstance(part, shapely.Polygon):
                rings = [part.exterior, *part.interiors]
                parts.extend(self._line(r.coords, close=True) for r in rings)
            elif isinstance(part, shapely.LineString):
                parts.append(self._line(part.coords, close=False))
        return " ".join(p for p in parts if p)

    def _line(self, coords: object, close: bool) -> str:
        xy = np.asarray(coords, dtype=float)
        if len(xy) < 2:
            return ""
        pts = [self.xy(x, y) for x, y, *_ in xy]
        d = "M" + " L".join(f"{x:g},{y:g}" for x, y in pts)
        return d + (" Z" if close else "")


def _text(x: float, y: float, text: str, *, cls: str = "", size: float = LABEL_PX,
          anchor: str = "middle", bold: bool = False) -> str:  # fmt: skip
    weight = ' font-weight="bold"' if bold else ""
    klass = f' class="{cls}"' if cls else ""
    return (
        f'<text x="{x:g}" y="{y:g}" text-anchor="{anchor}" font-family="{FONT_FAMILY}" '
        f'font-size="{size:g}px"{weight}{klass}>{html.escape(text)}</text>'
    )


def svg_sketch(
    report: IncidentReport,
    geometries: Mapping[int, shapely.Geometry],
    catalog: Catalog,
    lang: str = "zh",
    size: int = 560,
    classes: Mapping[int, str | None] | None = None,
) -> str:
    """The sketch as an inline <svg> element (no XML declaration, no namespace URL).

    `classes`: site id → style class (`incident_classes`); without it sites take their layer's
    colour."""
    f = _Frame(report, size)
    classes = classes or {}
    tolerance = 0.8 / f.scale  # about a pixel, in metres
    title = html.escape(words(lang)["sketch"])
    out = [
        f'<svg class="sketch" viewBox="0 0 {size} {size}" width="{size}" height="{size}" '
        f'role="img" aria-label="{title}">',
        f'<rect width="{size}" height="{size}" fill="{style.BASEMAP.land.hex}"/>',
    ]
    cx, cy = f.xy(report.x, report.y)
    for i, ring in reversed(list(enumerate(report.rings))):
        rs = style.ring_style(i)
        r = round(ring.outer_m * f.scale, 1)
        out.append(
            f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="{rs.fill.hex if rs.fill else "none"}" '
            f'fill-opacity="{rs.fill.opacity if rs.fill else 0}" stroke="{rs.stroke.hex}" '
            f'stroke-width="{rs.width:g}"/>'
        )
    sites = [s for ring in report.rings for s in ring.sites]
    shapes, points = [], []
    used: dict[str, set[str | None]] = {}
    label_cands: list[style.LabelCandidate] = []
    for s in sites:
        geom = geometries.get(s.site_id)
        spec = catalog.get(s.layer)
        if geom is None or spec is None:
            continue
        cls = classes.get(s.site_id)
        used.setdefault(s.layer, set()).add(cls if cls in spec.style.classes else None)
        name = html.escape(s.name)
        if shapely.get_type_id(geom) in (0, 4):  # points
            fs = style.feature_style(spec, cls, geometry="point")
            assert fs.fill is not None
            for p in shapely.get_parts(geom):
                x, y = f.xy(p.x, p.y)
                big = s.kind in ("school", "hospital")
                r = 4.5 if big else 3.0
                points.append(
                    f'<circle cx="{x}" cy="{y}" r="{r}" fill="{fs.fill.hex}" stroke="#ffffff" '
                    f'stroke-width="0.8"><title>{name}</title></circle>'
                )
                label_cands.append(_label(spec, s, x, y, r + 2))
            continue
        clipped = shapely.simplify(shapely.intersection(geom, f.box), tolerance)
        d = f.path(clipped)
        if not d:
            continue
        polygon = shapely.get_type_id(clipped) in (3, 6)
        fs = style.feature_style(spec, cls, geometry="polygon" if polygon else "line")
        if polygon and fs.fill is not None:
            paint = f'fill="{fs.fill.hex}" fill-opacity="{fs.fill.opacity}"'
            stroke, width = fs.stroke, "0.8"
        else:
            paint, stroke, width = 'fill="none"', fs.stroke, "1.6"
        shapes.append(
            f'<path d="{d}" {paint} stroke="{stroke.hex}" stroke-width="{width}" '
            f'fill-rule="evenodd"><title>{name}</title></path>'
        )
    out.extend(shapes)
    out.extend(points)
    out.extend(_resources(report, geometries, f, catalog, classes))
    # The point itself: the incident overlay's cross in a white casing, on top of everything.
    ip = style.OVERLAYS["incident_point"]
    cross = f"M{cx - 8},{cy - 8} L{cx + 8},{cy + 8} M{cx - 8},{cy + 8} L{cx + 8},{cy - 8}"
    casing = (ip.casing or style.parse_color("#ffffff")).hex
    out.append(
        f'<g stroke-linecap="round"><path d="{cross}" stroke="{casing}" '
        f'stroke-width="{ip.width + ip.casing_width + 2:g}"/>'
        f'<path d="{cross}" stroke="{ip.stroke.hex}" stroke-width="{ip.width + 1:g}"/></g>'
    )
    ring_boxes = []
    for ring in report.rings:
        y = round(cy - ring.outer_m * f.scale, 1)
        text = radius_label(ring.outer_m)
        w = text_length_pt(text, LABEL_PX, bold=True)
        ring_boxes.append((cx - w / 2, y - 3 - LABEL_PX, cx + w / 2, y - 1))
        out.append(_text(cx, y - 3, text, cls="ring-label", bold=True))
    legend, legend_box = _legend(report, catalog, used, f, lang)
    furniture = [(f.size - 32, 8, f.size - 8, 54), (8, f.size - 40, f.size / 2, f.size), legend_box]
    placed = style.place_labels(
        label_cands, [*ring_boxes, *furniture], bounds=(0, 0, f.size, f.size), padding=1.5
    )
    for lab in placed:
        x0, _, x1, y1 = lab.box
        out.append(_text((x0 + x1) / 2, y1 - 2, lab.text, cls="site-label"))
    out.append(_scale_bar(f))
    out.append(_north(f, lang))
    out.extend(legend)
    out.append("</svg>")
    return "\n".join(out)


def _label(spec: LayerSpec, s: RingSite, x: float, y: float, offset: float) -> style.LabelCandidate:
    """A site's label candidate: schools and hospitals first, then by the layer's priority."""
    text = style.label_text(spec, s.name) or s.name
    prio = style.label_priority(spec) + (300 if s.kind in ("school", "hospital") else 0)
    prio -= s.distance_m / 1e6  # among equals, the nearer first
    w = text_length_pt(text, LABEL_PX)
    return style.LabelCandidate(s.site_id, text, x, y, w, LABEL_PX * 1.15, prio, offset)


def _legend(
    report: IncidentReport,
    catalog: Catalog,
    used: Mapping[str, set[str | None]],
    f: _Frame,
    lang: str,
) -> tuple[list[str], tuple[float, float, float, float]]:
    """The legend of what the sketch shows: its layers, in their own colours (the classes
    would fill a third of a sketch printed 7 cm wide; the rings are labelled in place); its
    box, top left."""
    specs = [spec for key, spec in catalog.items() if key in used]
    rows = style.legend_entries(specs, lang, classes=False, levels=False, edges=())
    line = LEGEND_PX * 1.45
    width = max((text_length_pt(r.label, LEGEND_PX) + (10 if r.indent else 0) for r in rows),
                default=0) + 26  # fmt: skip
    x0, y0 = 8.0, 8.0
    height = len(rows) * line + 8
    out = [
        f'<g class="legend"><rect x="{x0}" y="{y0}" width="{width:.1f}" height="{height:.1f}" '
        f'fill="#ffffff" fill-opacity="0.88" stroke="#9e9e9e" stroke-width="0.6"/>'
    ]
    for i, r in enumerate(rows):
        sx = x0 + 10 + (10 if r.indent else 0)
        sy = y0 + 4 + i * line + line / 2
        fill = r.fill or r.stroke
        if r.geometry == "ring":
            out.append(f'<circle cx="{sx}" cy="{sy:.1f}" r="4.5" fill="none" '
                       f'stroke="{r.stroke.hex}" stroke-width="{r.width:g}"/>')  # fmt: skip
        elif r.geometry == "line":
            out.append(f'<path d="M{sx - 6},{sy:.1f} L{sx + 6},{sy:.1f}" '
                       f'stroke="{r.stroke.hex}" stroke-width="2"/>')  # fmt: skip
        elif r.geometry == "polygon":
            out.append(f'<rect x="{sx - 6}" y="{sy - 4:.1f}" width="12" height="8" '
                       f'fill="{fill.hex}" fill-opacity="{max(fill.opacity, 0.45)}" '
                       f'stroke="{r.stroke.hex}" stroke-width="0.8"/>')  # fmt: skip
        else:
            out.append(f'<circle cx="{sx}" cy="{sy:.1f}" r="3.5" fill="{fill.hex}" '
                       f'stroke="#ffffff" stroke-width="0.8"/>')  # fmt: skip
        out.append(_text(sx + 10, sy + LEGEND_PX * 0.36, r.label, size=LEGEND_PX, anchor="start",
                         bold=r.kind == "layer"))  # fmt: skip
    out.append("</g>")
    return out, (x0, y0, x0 + width, y0 + height)


def _resources(
    report: IncidentReport,
    geometries: Mapping[int, shapely.Geometry],
    f: _Frame,
    catalog: Catalog,
    classes: Mapping[int, str | None],
) -> list[str]:
    """A dashed line to the nearest resource of each kind (all k of five kinds would bury the
    sketch in lines), a square on every resource inside the square, in the resource layer's
    class colour."""
    out = []
    spec = catalog.get("resources")
    origin = shapely.Point(report.x, report.y)
    for kind, items in report.resources.items():
        for i, res in enumerate(items):
            geom = geometries.get(res.site_id)
            if geom is None:
                continue
            color = (
                style.feature_style(spec, classes.get(res.site_id, kind), geometry="point").stroke
                if spec is not None
                else style.parse_color("#1565c0")
            )
            fill = style.class_color(spec.style, classes.get(res.site_id, kind)) if spec else color
            target = shapely.Point(geom.representative_point())
            inside = bool(shapely.contains(f.box, target))
            title = html.escape(f"{res.name} {res.distance_m / 1000:.2f} km")
            if i == 0:
                seg = shapely.intersection(shapely.LineString([origin, target]), f.box)
                if not seg.is_empty and seg.geom_type == "LineString":
                    (x0, y0), (x1, y1) = f.xy(*seg.coords[0]), f.xy(*seg.coords[-1])
                    out.append(
                        f'<line x1="{x0}" y1="{y0}" x2="{x1}" y2="{y1}" '
                        f'stroke="{fill.hex}" stroke-opacity="0.75" stroke-width="1.2" '
                        f'stroke-dasharray="5 4"><title>{title}</title></line>'
                    )
            if inside:
                x, y = f.xy(target.x, target.y)
                out.append(
                    f'<rect x="{x - 5}" y="{y - 5}" width="10" height="10" '
                    f'fill="{fill.hex}" stroke="#ffffff" stroke-width="1">'
                    f"<title>{title}</title></rect>"
                )
    return out


def _scale_bar(f: _Frame) -> str:
    # A round length near a fifth of the square.
    length = style.nice_length_m(f.half * 2 / 5)
    px = round(length * f.scale, 1)
    x0, y0 = 14, f.size - 16
    return (
        f'<g class="scale"><path d="M{x0},{y0 - 5} L{x0},{y0} L{x0 + px},{y0} L{x0 + px},{y0 - 5}" '
        f'fill="none" stroke="#333333" stroke-width="1.5"/>'
        + _text(x0 + px / 2, y0 - 7, style.length_label(length))
        + "</g>"
    )


def _north(f: _Frame, lang: str) -> str:
    x, y = f.size - 22, 14
    north = "北" if lang.startswith("zh") else "N"
    return (
        f'<g class="north"><path d="M{x},{y} L{x + 7},{y + 20} L{x},{y + 15} L{x - 7},{y + 20} Z" '
        f'fill="#333333"/>' + _text(x, y + 34, north, bold=True) + "</g>"
    )
