"""Vector maps and bar charts drawn with fpdf2 primitives for the printed briefing.

Drawn, not pasted as images: lines stay sharp on any printer, the file stays small, and no
plotting library is needed on a machine that only prints. A map is clipped to its frame, north
up, at one scale for x and y (metric CRS), with a scale bar, a north arrow and a legend.
Polygons are drawn by their outer rings (districts and forest zones have no holes that matter at
this scale).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely

from riskmap.brief.maps import (
    DISTRICT_EDGE,
    GAP_COLOR,
    LAND_FILL,
    MAJOR_COLOR,
    PATROL_COLOR,
    TOWNSHIP_EDGE,
    MapData,
)
from riskmap.brief.pdfdoc import FONT, RGB, PdfDoc
from riskmap.core.catalog import LayerSpec

NICE_KM = (0.5, 1, 2, 5, 10, 20, 25, 50, 100)
WHITE: RGB = (255, 255, 255)
FRAME_EDGE: RGB = (90, 90, 90)
OUTSIDE: RGB = (226, 232, 236)


def rgb(color: str) -> RGB:
    c = color.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def alpha(color: str, default: float) -> float:
    c = color.lstrip("#")
    return round(int(c[6:8], 16) / 255, 2) if len(c) == 8 else default


@dataclass(frozen=True)
class Frame:
    x: float
    y: float
    w: float
    h: float


class MapPainter:
    """Metric coordinates → page millimetres for one map frame."""

    def __init__(self, frame: Frame, bounds: tuple[float, float, float, float], pad: float = 0.04):
        minx, miny, maxx, maxy = bounds
        dx, dy = max(maxx - minx, 1.0), max(maxy - miny, 1.0)
        self.frame = frame
        self.scale = min(frame.w / (dx * (1 + 2 * pad)), frame.h / (dy * (1 + 2 * pad)))
        self.cx, self.cy = (minx + maxx) / 2, (miny + maxy) / 2

    def points(self, xy: np.ndarray) -> list[tuple[float, float]]:
        f = self.frame
        px = f.x + f.w / 2 + (xy[:, 0] - self.cx) * self.scale
        py = f.y + f.h / 2 - (xy[:, 1] - self.cy) * self.scale
        return list(zip(np.round(px, 2).tolist(), np.round(py, 2).tolist(), strict=True))


def fit_frame(
    x: float, y: float, w: float, h: float, bounds: tuple[float, ...], *, centre: bool = True
) -> Frame:
    """The frame of at most w × h mm with the bounds' aspect, centred horizontally or not."""
    minx, miny, maxx, maxy = bounds
    aspect = max(maxy - miny, 1.0) / max(maxx - minx, 1.0)
    fw, fh = (w, w * aspect) if w * aspect <= h else (h / aspect, h)
    return Frame(x + (w - fw) / 2 if centre else x, y, fw, fh)


def draw_map(
    doc: PdfDoc,
    frame: Frame,
    data: MapData,
    specs: Sequence[LayerSpec],
    *,
    area_edge: RGB | None = None,
    area_width: float = 0.45,
    labels: bool = True,
    legend_at: tuple[float, float] | None = None,
) -> None:
    """The map of `data` in `frame`, with scale bar, north arrow and legend (inside the frame's
    lower left corner, or with its top left corner at `legend_at` beside the map)."""
    p = MapPainter(frame, data.bounds)
    doc.set_fill_color(*OUTSIDE)
    doc.set_draw_color(*FRAME_EDGE)
    doc.rect(frame.x, frame.y, frame.w, frame.h, style="F")
    with doc.clipped(frame.x, frame.y, frame.w, frame.h):
        for a in data.context:
            _polygon(doc, p, a.geom, fill=(238, 238, 236), edge=(190, 190, 190), width=0.2)
        _polygon(doc, p, data.frame, fill=rgb(LAND_FILL), edge=None, width=0)
        for a in data.patrols:  # under the sites: the sites inside stay visible
            _polygon(doc, p, a.geom, fill=rgb(PATROL_COLOR), edge=None, width=0, opacity=0.16)
        by_layer = {s.key: s for s in specs}
        for spec in specs:
            for f in data.features:
                if f.site.layer == spec.key:
                    _feature(doc, p, f.geom, spec)
        for f in data.features:
            if f.site.major_open:
                _major(doc, p, f.geom, by_layer.get(f.site.layer))
        for a in data.patrols:
            _polygon(doc, p, a.geom, fill=None, edge=rgb(PATROL_COLOR), width=0.35)
        for f in data.gaps:
            for x, y in p.points(shapely.get_coordinates(f.geom)):
                _gap(doc, x, y)
        edge = area_edge or rgb(TOWNSHIP_EDGE if data.context else DISTRICT_EDGE)
        for a in data.areas:
            _polygon(doc, p, a.geom, fill=None, edge=edge, width=area_width)
        _polygon(doc, p, data.frame, fill=None, edge=rgb(DISTRICT_EDGE), width=0.8)
        if labels:
            # Largest first, and none over another: in a dense town centre the small
            # 街道 give way rather than print over each other.
            placed: list[tuple[float, float, float, float]] = []
            for a in sorted(data.areas, key=lambda a: (-a.geom.area, a.code)):
                _label(doc, p, a.geom, a.name, 7.5 if data.context else 9, placed)
    doc.set_draw_color(*FRAME_EDGE)
    doc.set_line_width(0.3)
    doc.rect(frame.x, frame.y, frame.w, frame.h)
    _north_arrow(doc, frame)
    _scale_bar(doc, frame, p.scale)
    _legend(doc, frame, specs, bool(data.context), legend_at)
    doc.set_line_width(0.2)
    doc.set_draw_color(0, 0, 0)


def _parts(geom: shapely.Geometry) -> list[shapely.Geometry]:
    return list(shapely.get_parts(geom)) if geom.geom_type.startswith("Multi") else [geom]


def _polygon(
    doc: PdfDoc,
    p: MapPainter,
    geom: shapely.Geometry,
    *,
    fill: RGB | None,
    edge: RGB | None,
    width: float,
    opacity: float = 1.0,
) -> None:
    style = ("F" if fill else "") + ("D" if edge else "")
    if not style:
        return
    if fill:
        doc.set_fill_color(*fill)
    if edge:
        doc.set_draw_color(*edge)
        doc.set_line_width(width)
    for part in _parts(geom):
        if part.geom_type != "Polygon" or part.is_empty:
            continue
        pts = p.points(shapely.get_coordinates(part.exterior))
        if opacity < 1.0:
            with doc.local_context(fill_opacity=opacity):
                doc.polygon(pts, style=style)
        else:
            doc.polygon(pts, style=style)


def _feature(doc: PdfDoc, p: MapPainter, geom: shapely.Geometry, spec: LayerSpec) -> None:
    color = rgb(spec.style.color)
    kind = geom.geom_type
    if kind in ("Polygon", "MultiPolygon"):
        fill = spec.style.fill or spec.style.color
        _polygon(
            doc,
            p,
            geom,
            fill=rgb(fill),
            edge=color,
            width=0.15,
            opacity=max(alpha(fill, 0.4), 0.45),
        )
    elif kind in ("LineString", "MultiLineString"):
        doc.set_draw_color(*color)
        doc.set_line_width(max(0.15, spec.style.width * 0.15))
        for part in _parts(geom):
            doc.polyline(p.points(shapely.get_coordinates(part)))
    else:
        for x, y in p.points(shapely.get_coordinates(geom)):
            _symbol(doc, x, y, spec.style.symbol, color, 0.75)


def _symbol(doc: PdfDoc, x: float, y: float, symbol: str, color: RGB, r: float) -> None:
    doc.set_fill_color(*color)
    doc.set_draw_color(*WHITE)
    doc.set_line_width(0.1)
    if symbol == "s":
        doc.rect(x - r, y - r, 2 * r, 2 * r, style="DF")
    elif symbol in ("t", "t1"):
        doc.polygon([(x, y - 1.2 * r), (x + r, y + 0.8 * r), (x - r, y + 0.8 * r)], style="DF")
    elif symbol == "d":
        doc.polygon([(x, y - 1.2 * r), (x + r, y), (x, y + 1.2 * r), (x - r, y)], style="DF")
    else:
        doc.circle(x, y, r, style="DF")


def _gap(doc: PdfDoc, x: float, y: float, r: float = 1.1) -> None:
    """An orange cross: a high-risk site no patrol covers."""
    doc.set_draw_color(*rgb(GAP_COLOR))
    doc.set_line_width(0.45)
    doc.line(x - r, y - r, x + r, y + r)
    doc.line(x - r, y + r, x + r, y - r)


def _major(doc: PdfDoc, p: MapPainter, geom: shapely.Geometry, spec: LayerSpec | None) -> None:
    """A red ring round a point, a red line over a road, a red edge round a zone."""
    doc.set_draw_color(*rgb(MAJOR_COLOR))
    kind = geom.geom_type
    if kind in ("LineString", "MultiLineString"):
        doc.set_line_width(0.7)
        for part in _parts(geom):
            doc.polyline(p.points(shapely.get_coordinates(part)))
    elif kind in ("Polygon", "MultiPolygon"):
        _polygon(doc, p, geom, fill=None, edge=rgb(MAJOR_COLOR), width=0.55)
    else:
        doc.set_line_width(0.45)
        for x, y in p.points(shapely.get_coordinates(geom)):
            doc.circle(x, y, 1.7, style="D")


def _label(
    doc: PdfDoc,
    p: MapPainter,
    geom: shapely.Geometry,
    text: str,
    size: float,
    placed: list[tuple[float, float, float, float]],
) -> None:
    ((x, y),) = p.points(shapely.get_coordinates(geom.representative_point()))
    doc.set_font(FONT, "B", size)
    w = doc.get_string_width(text)
    h = size * 0.42
    box = (x - w / 2 - 1, y - h / 2 - 0.6, x + w / 2 + 1, y + h / 2 + 0.6)
    if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed):
        return
    placed.append(box)
    with doc.local_context(fill_opacity=0.75):
        doc.set_fill_color(*WHITE)
        doc.rect(x - w / 2 - 0.8, y - h / 2 - 0.4, w + 1.6, h + 0.8, style="F")
    doc.set_text_color(40, 40, 40)
    doc.text(x - w / 2, y + h * 0.36, text)
    doc.set_text_color(0, 0, 0)


def _north_arrow(doc: PdfDoc, f: Frame) -> None:
    x, y = f.x + f.w - 8, f.y + 4
    doc.set_fill_color(*WHITE)
    doc.set_draw_color(*FRAME_EDGE)
    doc.set_line_width(0.2)
    doc.rect(x - 4, y - 1, 8, 13, style="DF")
    doc.set_fill_color(30, 30, 30)
    doc.polygon([(x, y + 4), (x + 2.2, y + 10.5), (x, y + 9), (x - 2.2, y + 10.5)], style="F")
    doc.set_font(FONT, "B", 7.5)
    doc.set_text_color(30, 30, 30)
    doc.text(x - doc.get_string_width("北") / 2, y + 3.2, "北")
    doc.set_text_color(0, 0, 0)


def nice_length_km(scale_mm_per_m: float, target_mm: float) -> float:
    """The round length (km) whose bar is closest to, and not longer than, target_mm."""
    fits = [k for k in NICE_KM if k * 1000 * scale_mm_per_m <= target_mm]
    return fits[-1] if fits else NICE_KM[0]


def _scale_bar(doc: PdfDoc, f: Frame, scale: float) -> None:
    km = nice_length_km(scale, f.w * 0.22)
    length = km * 1000 * scale
    x0, y0 = f.x + f.w - length - 6, f.y + f.h - 7
    doc.set_fill_color(*WHITE)
    doc.set_draw_color(*WHITE)
    with doc.local_context(fill_opacity=0.85):
        doc.rect(x0 - 2.5, y0 - 4.2, length + 6.5, 9, style="F")
    doc.set_draw_color(30, 30, 30)
    doc.set_line_width(0.2)
    for i in range(4):
        doc.set_fill_color(*((30, 30, 30) if i % 2 == 0 else WHITE))
        doc.rect(x0 + i * length / 4, y0, length / 4, 1.2, style="DF")
    doc.set_font(FONT, "", 6.5)
    doc.set_text_color(30, 30, 30)
    for value, pos in ((0, 0.0), (km / 2, 0.5), (km, 1.0)):
        label = f"{value:g}"
        doc.text(x0 + pos * length - doc.get_string_width(label) / 2, y0 - 0.9, label)
    doc.text(x0 + length + 1.0, y0 + 1.2, "km")
    doc.set_text_color(0, 0, 0)


LEGEND_LINE = 3.6


def _legend_rows(specs: Sequence[LayerSpec], zoomed: bool) -> list[tuple[str, str, Any]]:
    rows: list[tuple[str, str, Any]] = [("layer", s.name_zh, s) for s in specs]
    rows.append(("major", "有未销号重大隐患", None))
    rows.append(("patrol", "节日期间巡查区域", None))
    rows.append(("gap", "巡查覆盖缺口（高风险点）", None))
    rows.append(("edge", "镇办界" if zoomed else "县区界", None))
    return rows


def legend_size(doc: PdfDoc, specs: Sequence[LayerSpec], zoomed: bool) -> tuple[float, float]:
    rows = _legend_rows(specs, zoomed)
    doc.set_font(FONT, "", 7)
    return max(doc.get_string_width(t) for _, t, _ in rows) + 9, len(rows) * LEGEND_LINE + 2


def _legend(
    doc: PdfDoc,
    f: Frame,
    specs: Sequence[LayerSpec],
    zoomed: bool,
    at: tuple[float, float] | None,
) -> None:
    rows = _legend_rows(specs, zoomed)
    w, h = legend_size(doc, specs, zoomed)
    line = LEGEND_LINE
    x0, y0 = at if at is not None else (f.x + 2, f.y + f.h - 2 - h)
    doc.set_fill_color(*WHITE)
    doc.set_draw_color(*FRAME_EDGE)
    doc.set_line_width(0.2)
    with doc.local_context(fill_opacity=0.9):
        doc.rect(x0, y0, w, len(rows) * line + 2, style="DF")
    for i, (kind, text, spec) in enumerate(rows):
        cx, cy = x0 + 3.5, y0 + 1 + i * line + line / 2
        if spec is not None and spec.geometry == "polygon":
            fill = spec.style.fill or spec.style.color
            doc.set_fill_color(*rgb(fill))
            doc.set_draw_color(*rgb(spec.style.color))
            with doc.local_context(fill_opacity=max(alpha(fill, 0.4), 0.45)):
                doc.rect(cx - 2, cy - 1.2, 4, 2.4, style="DF")
        elif spec is not None and spec.geometry in ("line", "line+polygon"):
            doc.set_draw_color(*rgb(spec.style.color))
            doc.set_line_width(max(0.15, spec.style.width * 0.15) + 0.2)
            doc.line(cx - 2, cy, cx + 2, cy)
        elif spec is not None:
            _symbol(doc, cx, cy, spec.style.symbol, rgb(spec.style.color), 0.9)
        elif kind == "major":
            doc.set_draw_color(*rgb(MAJOR_COLOR))
            doc.set_line_width(0.45)
            doc.circle(cx, cy, 1.3, style="D")
        elif kind == "patrol":
            doc.set_fill_color(*rgb(PATROL_COLOR))
            doc.set_draw_color(*rgb(PATROL_COLOR))
            doc.set_line_width(0.35)
            with doc.local_context(fill_opacity=0.16):
                doc.rect(cx - 2, cy - 1.2, 4, 2.4, style="F")
            doc.rect(cx - 2, cy - 1.2, 4, 2.4, style="D")
        elif kind == "gap":
            _gap(doc, cx, cy, 0.9)
        else:
            doc.set_draw_color(*rgb(TOWNSHIP_EDGE if zoomed else DISTRICT_EDGE))
            doc.set_line_width(0.45)
            doc.line(cx - 2, cy, cx + 2, cy)
        doc.set_text_color(30, 30, 30)
        doc.text(cx + 3.5, cy + 1.1, text)
    doc.set_text_color(0, 0, 0)
    doc.set_line_width(0.2)


@dataclass(frozen=True)
class Series:
    name: str
    color: RGB
    values: Sequence[int]


def bar_chart(
    doc: PdfDoc,
    frame: Frame,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
) -> None:
    """Horizontal grouped bars: one group per label, one bar per series, value at the end."""
    doc.set_font(FONT, "B", 9)
    doc.set_text_color(0, 0, 0)
    doc.text(frame.x, frame.y + 3.2, title)
    # The series key under the title.
    doc.set_font(FONT, "", 7)
    kx = frame.x
    for s in series:
        doc.set_fill_color(*s.color)
        doc.rect(kx, frame.y + 5.2, 3, 2.2, style="F")
        doc.text(kx + 4, frame.y + 7.1, s.name)
        kx += 6 + doc.get_string_width(s.name)
    top = frame.y + 10
    height = frame.h - 10
    doc.set_font(FONT, "", 7.5)
    label_w = max((doc.get_string_width(t) for t in labels), default=0) + 2
    x0 = frame.x + label_w
    width = frame.w - label_w - 8
    peak = max((v for s in series for v in s.values), default=0) or 1
    group = height / max(len(labels), 1)
    bar = min(3.2, group * 0.8 / max(len(series), 1))
    doc.set_draw_color(150, 150, 150)
    doc.set_line_width(0.2)
    doc.line(x0, top, x0, top + height)
    for i, label in enumerate(labels):
        gy = top + i * group + (group - bar * len(series)) / 2
        doc.set_font(FONT, "", 7.5)
        doc.set_text_color(30, 30, 30)
        doc.text(frame.x, gy + bar * len(series) / 2 + 1.1, label)
        for j, s in enumerate(series):
            v = s.values[i]
            y = gy + j * bar
            w = width * v / peak
            doc.set_fill_color(*s.color)
            if w > 0:
                doc.rect(x0, y + 0.15, w, bar - 0.3, style="F")
            doc.set_font(FONT, "", 6)
            doc.text(x0 + w + 0.8, y + bar / 2 + 0.9, str(v))
    doc.set_text_color(0, 0, 0)
