"""An SVG sketch of an incident: the rings, the sites in them, dashes to the nearest help.

Metric coordinates scaled into a square around the point (north up), so distances read true.
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

from riskmap.brief.incident.words import compass_name, layer_colors, layer_name, radius_label, words
from riskmap.core.catalog import Catalog
from riskmap.core.incident import IncidentReport, sector
from riskmap.core.workspace import Workspace

RING_COLORS = ("#c62828", "#ef6c00", "#f9a825", "#7cb342", "#1e88e5")
RESOURCE_COLOR = "#1565c0"
SECTOR_COLOR = "#6a1b9a"  # the downwind sector (the HTML's downwind rows share it)
PAD = 1.12  # the square reaches this far beyond the outer ring


def incident_geometries(ws: Workspace, report: IncidentReport) -> dict[int, shapely.Geometry]:
    """The metric geometries of every site and resource in the report, for the sketch."""
    ids = {s.site_id for r in report.rings for s in r.sites}
    ids |= {n.site_id for items in report.resources.values() for n in items}
    return dict(sorted(ws.geometries(sorted(ids)).items()))


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


def svg_sketch(
    report: IncidentReport,
    geometries: Mapping[int, shapely.Geometry],
    catalog: Catalog,
    lang: str = "zh",
    size: int = 560,
) -> str:
    """The sketch as an inline <svg> element (no XML declaration, no namespace URL)."""
    f = _Frame(report, size)
    colors = layer_colors(catalog)
    tolerance = 0.8 / f.scale  # about a pixel, in metres
    title = html.escape(words(lang)["sketch"])
    out = [
        f'<svg class="sketch" viewBox="0 0 {size} {size}" width="{size}" height="{size}" '
        f'role="img" aria-label="{title}">',
        f'<rect width="{size}" height="{size}" fill="#f7f6f1"/>',
    ]
    cx, cy = f.xy(report.x, report.y)
    for i, ring in reversed(list(enumerate(report.rings))):
        color = RING_COLORS[min(i, len(RING_COLORS) - 1)]
        r = round(ring.outer_m * f.scale, 1)
        out.append(
            f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="{color}" fill-opacity="0.06" '
            f'stroke="{color}" stroke-width="1.5"/>'
        )
    out.extend(_sector(report, f, lang))
    sites = [s for ring in report.rings for s in ring.sites]
    shapes, points = [], []
    for s in sites:
        geom = geometries.get(s.site_id)
        if geom is None:
            continue
        color = colors.get(s.layer, "#555555")
        name = html.escape(s.name)
        if shapely.get_type_id(geom) in (0, 4):  # points
            for p in shapely.get_parts(geom):
                x, y = f.xy(p.x, p.y)
                big = s.kind in ("school", "hospital")
                r = 4.5 if big else 3.0
                points.append(
                    f'<circle cx="{x}" cy="{y}" r="{r}" fill="{color}" stroke="#ffffff" '
                    f'stroke-width="0.8"><title>{name}</title></circle>'
                )
            continue
        clipped = shapely.simplify(shapely.intersection(geom, f.box), tolerance)
        d = f.path(clipped)
        if not d:
            continue
        polygon = shapely.get_type_id(clipped) in (3, 6)
        fill = f'fill="{color}" fill-opacity="0.18"' if polygon else 'fill="none"'
        width = "0.8" if polygon else "1.6"
        shapes.append(
            f'<path d="{d}" {fill} stroke="{color}" stroke-width="{width}" '
            f'fill-rule="evenodd"><title>{name}</title></path>'
        )
    out.extend(shapes)
    out.extend(points)
    out.extend(_resources(report, geometries, f))
    # The point itself: a red cross in a white halo, on top of everything.
    out.append(
        f'<g stroke-linecap="round"><path d="M{cx - 8},{cy - 8} L{cx + 8},{cy + 8} '
        f'M{cx - 8},{cy + 8} L{cx + 8},{cy - 8}" stroke="#ffffff" stroke-width="6"/>'
        f'<path d="M{cx - 8},{cy - 8} L{cx + 8},{cy + 8} M{cx - 8},{cy + 8} L{cx + 8},{cy - 8}" '
        f'stroke="#b71c1c" stroke-width="3"/></g>'
    )
    for ring in report.rings:
        y = round(cy - ring.outer_m * f.scale, 1)
        out.append(
            f'<text x="{cx}" y="{y - 3}" text-anchor="middle" class="ring-label">'
            f"{html.escape(radius_label(ring.outer_m))}</text>"
        )
    out.append(_scale_bar(f))
    out.append(_north(f))
    out.append(_legend(report, catalog, lang, f))
    out.append("</svg>")
    return "\n".join(out)


def _sector(report: IncidentReport, f: _Frame, lang: str) -> list[str]:
    """The downwind wedge out to the outer ring, and its name at the tip."""
    toward = report.downwind_deg
    if toward is None:
        return []
    outer = report.rings[-1].outer_m
    wedge = sector(report.x, report.y, toward, report.sector_half_deg, outer)
    d = f.path(wedge)
    label = html.escape(f"{words(lang)['sector_label']} {compass_name(toward, lang)}")
    tip = np.radians(toward)
    lx, ly = f.xy(report.x + outer * 0.7 * np.sin(tip), report.y + outer * 0.7 * np.cos(tip))
    return [
        f'<path d="{d}" fill="{SECTOR_COLOR}" fill-opacity="0.14" stroke="{SECTOR_COLOR}" '
        f'stroke-width="1.5" stroke-dasharray="6 4"><title>{label}</title></path>',
        f'<text x="{lx}" y="{ly}" text-anchor="middle" class="ring-label" '
        f'fill="{SECTOR_COLOR}">{label}</text>',
    ]


def _legend(report: IncidentReport, catalog: Catalog, lang: str, f: _Frame) -> str:
    """The layers drawn, in their colours, bottom right."""
    colors = layer_colors(catalog)
    layers = list(dict.fromkeys(s.layer for ring in report.rings for s in ring.sites))
    if not layers:
        return ""
    rows = []
    x = f.size - 150
    y0 = f.size - 14 - 16 * len(layers)
    for i, layer in enumerate(layers):
        y = y0 + 16 * i
        name = html.escape(layer_name(layer, catalog, lang))
        color = colors.get(layer, "#555555")
        rows.append(
            f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{color}"/>'
            f'<text x="{x + 15}" y="{y}">{name}</text>'
        )
    return f'<g class="legend">{"".join(rows)}</g>'


def _resources(
    report: IncidentReport, geometries: Mapping[int, shapely.Geometry], f: _Frame
) -> list[str]:
    """A dashed line to the nearest resource of each kind (all k of five kinds would bury the
    sketch in lines), a square on every resource inside the square."""
    out = []
    origin = shapely.Point(report.x, report.y)
    for items in report.resources.values():
        for i, res in enumerate(items):
            geom = geometries.get(res.site_id)
            if geom is None:
                continue
            target = shapely.Point(geom.representative_point())
            inside = bool(shapely.contains(f.box, target))
            title = html.escape(f"{res.name} {res.distance_m / 1000:.2f} km")
            if i == 0:
                seg = shapely.intersection(shapely.LineString([origin, target]), f.box)
                if not seg.is_empty and seg.geom_type == "LineString":
                    (x0, y0), (x1, y1) = f.xy(*seg.coords[0]), f.xy(*seg.coords[-1])
                    out.append(
                        f'<line x1="{x0}" y1="{y0}" x2="{x1}" y2="{y1}" '
                        f'stroke="{RESOURCE_COLOR}" stroke-opacity="0.75" stroke-width="1.2" '
                        f'stroke-dasharray="5 4"><title>{title}</title></line>'
                    )
            if inside:
                x, y = f.xy(target.x, target.y)
                out.append(
                    f'<rect x="{x - 5}" y="{y - 5}" width="10" height="10" '
                    f'fill="{RESOURCE_COLOR}" stroke="#ffffff" stroke-width="1">'
                    f"<title>{title}</title></rect>"
                )
    return out


def _scale_bar(f: _Frame) -> str:
    # A round length near a fifth of the square.
    target = f.half * 2 / 5
    step = 10 ** np.floor(np.log10(target))
    length = max(m * step for m in (1, 2, 5) if m * step <= target)
    px = round(length * f.scale, 1)
    x0, y0 = 14, f.size - 16
    label = html.escape(radius_label(length) if length >= 1000 else f"{length:g} m")
    return (
        f'<g class="scale"><path d="M{x0},{y0 - 5} L{x0},{y0} L{x0 + px},{y0} L{x0 + px},{y0 - 5}" '
        f'fill="none" stroke="#333333" stroke-width="1.5"/>'
        f'<text x="{x0 + px / 2}" y="{y0 - 7}" text-anchor="middle">{label}</text></g>'
    )


def _north(f: _Frame) -> str:
    x, y = f.size - 22, 14
    return (
        f'<g class="north"><path d="M{x},{y} L{x + 7},{y + 20} L{x},{y + 15} L{x - 7},{y + 20} Z" '
        f'fill="#333333"/><text x="{x}" y="{y + 34}" text-anchor="middle">N</text></g>'
    )
