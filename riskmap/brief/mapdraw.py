"""A map on a `Surface` (PDF or PNG): basemap, risk layers in their styles, hazard rings,
labels, legend, scale bar and north arrow, all from riskmap.core.style.

The printed briefing's maps, `riskmap map` and the window's 导出地图 draw through here. The map
is north up at one scale for x and y (metric CRS). Which layers show symbols, labels or their
aggregated style follows the layer files' scale ranges at the printed scale (1 mm of paper =
1/scale m of ground), exactly as on screen.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely

from riskmap.brief.maps import Feature, MapData
from riskmap.brief.surface import PT_MM, Point, Surface, rect_ring, symbol
from riskmap.core import style
from riskmap.core.basemap import BasemapData, as_lines, plan
from riskmap.core.catalog import LayerSpec
from riskmap.core.style import BASEMAP, OVERLAYS, Color, LegendEntry

WHITE = style.parse_color("#ffffff")
INK = style.parse_color("#1e1e1e")
FRAME_EDGE = style.parse_color("#5a5a5a")
LEGEND_LINE = 3.6  # mm per legend row
LEGEND_SIZE = 7.0  # pt


@dataclass(frozen=True)
class Frame:
    x: float
    y: float
    w: float
    h: float

    @property
    def box(self) -> tuple[float, float, float, float]:
        return self.x, self.y, self.x + self.w, self.y + self.h


class MapPainter:
    """Metric coordinates → page millimetres for one map frame."""

    def __init__(self, frame: Frame, bounds: tuple[float, float, float, float], pad: float = 0.04):
        minx, miny, maxx, maxy = bounds
        dx, dy = max(maxx - minx, 1.0), max(maxy - miny, 1.0)
        self.frame = frame
        self.scale = min(frame.w / (dx * (1 + 2 * pad)), frame.h / (dy * (1 + 2 * pad)))
        self.cx, self.cy = (minx + maxx) / 2, (miny + maxy) / 2

    @property
    def denominator(self) -> float:
        """The printed scale 1:N (mm per metre → N)."""
        return 1000.0 / self.scale

    def points(self, xy: np.ndarray) -> list[Point]:
        f = self.frame
        px = f.x + f.w / 2 + (xy[:, 0] - self.cx) * self.scale
        py = f.y + f.h / 2 - (xy[:, 1] - self.cy) * self.scale
        return list(zip(np.round(px, 2).tolist(), np.round(py, 2).tolist(), strict=True))

    def rings(self, geom: shapely.Geometry) -> list[list[list[Point]]]:
        """Each polygon part as [exterior, *holes] in mm."""
        out = []
        for part in shapely.get_parts(geom):
            if part.geom_type != "Polygon" or part.is_empty:
                continue
            rings = [part.exterior, *part.interiors]
            out.append([self.points(shapely.get_coordinates(r)) for r in rings])
        return out

    def lines(self, geom: shapely.Geometry) -> list[list[Point]]:
        return [
            self.points(shapely.get_coordinates(p))
            for p in shapely.get_parts(geom)
            if p.geom_type in ("LineString", "LinearRing")
        ]


def fit_frame(
    x: float, y: float, w: float, h: float, bounds: tuple[float, ...], *, centre: bool = True
) -> Frame:
    """The frame of at most w × h mm with the bounds' aspect, centred horizontally or not."""
    minx, miny, maxx, maxy = bounds
    aspect = max(maxy - miny, 1.0) / max(maxx - minx, 1.0)
    fw, fh = (w, w * aspect) if w * aspect <= h else (h / aspect, h)
    return Frame(x + (w - fw) / 2 if centre else x, y, fw, fh)


@dataclass(frozen=True)
class MapOptions:
    """`symbol_scale`: symbol size on paper relative to the layer's size in pt (a crowded
    A4 briefing map draws them smaller than a wall print); `labels`: place labels; `legend_at`:
    the legend's top left (None: inside the frame's lower left; False-y `legend`: none)."""

    lang: str = "zh"
    symbol_scale: float = 0.5
    labels: bool = True
    legend: bool = True
    legend_at: tuple[float, float] | None = None
    legend_max_h: float = 0.0  # 0: the frame's height
    area_width: float | None = None
    classes_in_legend: bool = True


def _family(geom: shapely.Geometry) -> str:
    t = geom.geom_type
    if t in ("Polygon", "MultiPolygon"):
        return "polygon"
    if t in ("LineString", "MultiLineString", "LinearRing"):
        return "line"
    return "point"


def draw_map(
    s: Surface, frame: Frame, data: MapData, specs: Sequence[LayerSpec], opt: MapOptions
) -> MapPainter:
    """The map of `data` in `frame` with its furniture; the painter used (for the scale)."""
    p = MapPainter(frame, data.bounds)
    denom = p.denominator
    zoomed = data.townships
    s.polygon([rect_ring(frame.x, frame.y, frame.w, frame.h)], BASEMAP.outside, None)
    furniture = _furniture_boxes(s, frame, p)
    rows = legend_rows(specs, data, denom, opt)
    legend_box = _legend_box(s, frame, rows, opt) if opt.legend else None
    with s.clipped(frame.x, frame.y, frame.w, frame.h):
        for a in data.context:
            for rings in p.rings(a.geom):
                s.polygon(rings, BASEMAP.context_fill, BASEMAP.context_edge, 0.2)
        for rings in p.rings(data.frame):
            s.polygon(rings, BASEMAP.land, None)
        if data.basemap is not None:
            draw_basemap(s, p, data.basemap, denom)
        patrol = OVERLAYS["patrol"]
        for a in data.patrols:  # filled under the sites, outlined over them
            for rings in p.rings(a.geom):
                s.polygon(rings, patrol.fill, None)
        _aggregate(s, p, data, specs, denom)
        _features(s, p, data, specs, denom, opt)
        for a in data.patrols:
            for rings in p.rings(a.geom):
                s.polygon(rings, None, patrol.stroke, patrol.width * PT_MM, patrol.dash)
        gap = OVERLAYS["coverage_gap"]
        for f in data.gaps:
            for x, y in p.points(shapely.get_coordinates(f.geom)):
                symbol(s, x, y, gap.symbol, gap.size * PT_MM / 2, gap.fill, gap.casing,
                       gap.casing_width * PT_MM)  # fmt: skip
        edge = BASEMAP.township_edge if zoomed else BASEMAP.district_edge
        width = opt.area_width if opt.area_width is not None else (
            BASEMAP.township_width if zoomed else BASEMAP.district_width) * PT_MM  # fmt: skip
        dash = BASEMAP.township_dash if zoomed else ()
        for a in data.areas:
            for rings in p.rings(a.geom):
                s.polygon(rings, None, edge, width, dash)
        if data.outline:
            for rings in p.rings(data.frame):
                s.polygon(rings, None, BASEMAP.district_edge, BASEMAP.district_width * PT_MM)
        _clusters(s, p, data, specs, denom)
        if opt.labels:
            obstacles = [
                *furniture,
                *([legend_box] if legend_box and opt.legend_at is None else []),
            ]
            place_map_labels(s, p, data, specs, denom, obstacles, opt)
    s.polygon([rect_ring(frame.x, frame.y, frame.w, frame.h)], None, FRAME_EDGE, 0.3)
    north_arrow(s, frame)
    scale_bar(s, frame, p.scale)
    if opt.legend and legend_box is not None:
        draw_legend(s, legend_box, rows)
    return p


# -- layers ---------------------------------------------------------------------------------


def draw_basemap(s: Surface, p: MapPainter, data: BasemapData, denom: float) -> None:
    """The grey basemap's roads, water and land use, in the passes `basemap.plan` gives for the
    printed scale (the window's map draws the same plan)."""
    for step in plan(data, denom):
        geoms = data.geoms[step.idx]
        if step.what == "fill":
            edge = step.width * PT_MM if step.stroke is not None else 0.0
            for g in geoms:
                for rings in p.rings(g):
                    s.polygon(rings, step.fill, step.stroke, edge)
            continue
        assert step.stroke is not None
        width = step.width * PT_MM
        for g in as_lines(geoms):
            for line in p.lines(g):
                s.polyline(line, step.stroke, width)


def _aggregated(specs: Sequence[LayerSpec], denom: float, kind: str) -> set[str]:
    return {
        sp.key
        for sp in specs
        if style.shows_aggregate(sp, denom) and sp.style.aggregate is not None
        and sp.style.aggregate.kind == kind
    }  # fmt: skip


def _area_code(f: Feature, codes: set[str]) -> str | None:
    for code in (f.site.district_code, f.site.county_code):
        if code in codes:
            return code
    return None


def area_counts(data: MapData, layers: set[str]) -> dict[str, int]:
    """Open hazards per area of the map (its townships or counties) over `layers`."""
    codes = {a.code for a in data.areas}
    counts = dict.fromkeys(codes, 0)
    for f in data.features:
        if f.site.layer in layers:
            code = _area_code(f, codes)
            if code is not None:
                counts[code] += len(f.site.hazards)
    return counts


def _aggregate(
    s: Surface, p: MapPainter, data: MapData, specs: Sequence[LayerSpec], denom: float
) -> style.Choropleth | None:
    layers = _aggregated(specs, denom, "choropleth")
    if not layers:
        return None
    agg = next(sp.style.aggregate for sp in specs if sp.key in layers)
    assert agg is not None
    ch = style.choropleth(
        area_counts(data, layers), k=agg.classes, method=agg.method, ramp=agg.ramp
    )
    for a in data.areas:
        fill = ch.color_of(a.code).with_alpha(0xD0)
        for rings in p.rings(a.geom):
            s.polygon(rings, fill, None)
    return ch


def _features(
    s: Surface,
    p: MapPainter,
    data: MapData,
    specs: Sequence[LayerSpec],
    denom: float,
    opt: MapOptions,
) -> None:
    """Polygons, lines, then points, each layer in catalogue order; sites with an open hazard
    after all others, overdue majors last, so what needs action is never buried."""
    by_key = {sp.key: sp for sp in specs}
    order = {sp.key: i for i, sp in enumerate(specs)}
    fam_rank = {"polygon": 0, "line": 1, "point": 2}
    items = []
    for f in data.features:
        spec = by_key.get(f.site.layer)
        if spec is None:
            continue
        fam = _family(f.geom)
        fs = style.feature_style(spec, f.site.cls, f.site.level, f.site.overdue, fam)
        if not style.shows_symbols(spec, denom) and fs.rank < style.RANK_MAJOR:
            continue  # aggregated at this scale; majors and overdue stay drawn
        items.append((fs.rank, fam_rank[fam], order[spec.key], f.site.id, f, fs, fam))
    items.sort(key=lambda t: t[:4])
    for *_, f, fs, fam in items:
        _feature(s, p, f.geom, fam, fs, opt)


def _feature(
    s: Surface, p: MapPainter, geom: shapely.Geometry, fam: str, fs: style.FeatureStyle,
    opt: MapOptions,
) -> None:  # fmt: skip
    if fam == "polygon":
        for rings in p.rings(geom):
            s.polygon(rings, fs.fill, fs.stroke, 0.15)
            if fs.ring is not None:
                s.polygon(rings, None, fs.ring, 0.55 if fs.rank >= style.RANK_MAJOR else 0.3)
    elif fam == "line":
        w = max(0.15, fs.width * PT_MM * 0.6)
        for line in p.lines(geom):
            if fs.ring is not None:
                s.polyline(line, fs.ring, w + (0.9 if fs.rank >= style.RANK_MAJOR else 0.5))
            s.polyline(line, fs.stroke, w)
    else:
        r = fs.size * PT_MM * opt.symbol_scale / 2
        for x, y in p.points(shapely.get_coordinates(geom)):
            if fs.overdue:
                s.circle(x, y, r * 1.8 + 0.45, None, style.parse_color(style.OVERDUE_COLOR), 0.2)
            if fs.ring is not None:
                major = fs.rank >= style.RANK_MAJOR
                s.circle(x, y, r * 1.8, None, fs.ring, 0.45 if major else 0.25)
            symbol(s, x, y, fs.symbol, r, fs.fill, WHITE, 0.1)


def _clusters(
    s: Surface, p: MapPainter, data: MapData, specs: Sequence[LayerSpec], denom: float
) -> list[tuple[float, float, float, float]]:
    """Clustered layers beyond their symbol scale: one disc per layer and area, its area
    proportional to the sites counted, the count written in it; the discs of an area sit side
    by side below its name. Their boxes (labels keep off them)."""
    layers = _aggregated(specs, denom, "cluster")
    if not layers:
        return []
    codes = {a.code for a in data.areas}
    by_key = {sp.key: sp for sp in specs}
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for f in data.features:
        if f.site.layer in layers:
            code = _area_code(f, codes)
            if code is not None:
                counts[code][f.site.layer] += 1
    boxes = []
    for a in data.areas:
        if a.code not in counts:
            continue
        ((x, y),) = p.points(shapely.get_coordinates(a.geom.representative_point()))
        discs = [
            (layer, n, 1.4 + 0.35 * math.sqrt(n)) for layer, n in sorted(counts[a.code].items())
        ]
        total = sum(2 * r for _, _, r in discs) + 1.0 * (len(discs) - 1)
        cx = x - total / 2
        cy = y + 4.5  # below the area's name
        for layer, n, r in discs:
            color = style.class_color(by_key[layer].style, None)
            s.circle(cx + r, cy, r, color.with_alpha(0xD9), WHITE, 0.25)
            s.text(cx + r, cy + 0.9, str(n), 6.0, WHITE, bold=True, align="C")
            boxes.append((cx, cy - r, cx + 2 * r, cy + r))
            cx += 2 * r + 1.0
    return boxes


# -- labels ---------------------------------------------------------------------------------


def place_map_labels(
    s: Surface,
    p: MapPainter,
    data: MapData,
    specs: Sequence[LayerSpec],
    denom: float,
    obstacles: Sequence[tuple[float, float, float, float]],
    opt: MapOptions,
) -> list[style.PlacedLabel]:
    """Area names and the labels the layer files ask for at this scale, placed without overlap
    (riskmap.core.style.place_labels), then drawn with their halos."""
    zoomed = data.townships
    cands: list[style.LabelCandidate] = []
    looks: dict[object, tuple[float, Color, Color | None, bool]] = {}
    area_size = 7.5 if zoomed else 9.0
    area_prio = style.TOWNSHIP_PRIORITY if zoomed else style.COUNTY_PRIORITY
    for a in sorted(data.areas, key=lambda a: (-a.geom.area, a.code)):
        ((x, y),) = p.points(shapely.get_coordinates(a.geom.representative_point()))
        w, h = s.text_width(a.name, area_size, True), area_size * PT_MM
        # Bigger areas first among equals: in a dense centre the small 街道 give way.
        cands.append(style.LabelCandidate(("area", a.code), a.name, x, y, w, h, area_prio))
        looks[("area", a.code)] = (area_size, BASEMAP.label, WHITE, True)
    by_key = {sp.key: sp for sp in specs}
    for f in data.features:
        spec = by_key.get(f.site.layer)
        if spec is None or spec.style.label is None or not style.shows_labels(spec, denom):
            continue
        text = style.label_text(spec, f.site.name)
        if not text:
            continue
        ls = spec.style.label
        anchor = f.geom if f.geom.geom_type == "Point" else f.geom.representative_point()
        ((x, y),) = p.points(shapely.get_coordinates(anchor))
        size = ls.size * 0.85
        w, h = s.text_width(text, size), size * PT_MM
        offset = (
            spec.style.size * PT_MM * opt.symbol_scale * 0.6 if _family(f.geom) == "point" else 0
        )
        prio = style.label_priority(spec, f.site.level, f.site.overdue)
        cands.append(style.LabelCandidate(("site", f.site.id), text, x, y, w, h, prio, offset))
        halo = style.parse_color(ls.halo) if ls.halo else None
        looks[("site", f.site.id)] = (size, style.parse_color(ls.color), halo, False)
    placed = style.place_labels(cands, obstacles, bounds=p.frame.box, padding=0.4)
    for lab in placed:
        size, color, halo, bold = looks[lab.key]
        x0, _, x1, y1 = lab.box
        s.text((x0 + x1) / 2, y1 - size * PT_MM * 0.18, lab.text, size, color, bold=bold,
               halo=halo, align="C")  # fmt: skip
    return placed


# -- furniture ------------------------------------------------------------------------------


def _furniture_boxes(
    s: Surface, f: Frame, p: MapPainter
) -> list[tuple[float, float, float, float]]:
    x = f.x + f.w - 8
    north = (x - 4.5, f.y + 2.5, x + 4.5, f.y + 17.5)
    length = style.nice_length_m(f.w * 0.22 / p.scale) * p.scale
    bar = (f.x + f.w - length - 9, f.y + f.h - 12, f.x + f.w, f.y + f.h)
    return [north, bar]


def north_arrow(s: Surface, f: Frame) -> None:
    x, y = f.x + f.w - 8, f.y + 4
    s.polygon([rect_ring(x - 4, y - 1, 8, 13)], WHITE, FRAME_EDGE, 0.2)
    s.polygon([[(x, y + 4), (x + 2.2, y + 10.5), (x, y + 9), (x - 2.2, y + 10.5)]], INK, None)
    s.text(x, y + 3.2, "北", 7.5, INK, bold=True, align="C")


def scale_bar(s: Surface, f: Frame, mm_per_m: float) -> str:
    """A four-part bar of a round length near a fifth of the frame; its label ('2.5 km')."""
    metres = style.nice_length_m(f.w * 0.22 / mm_per_m)
    length = metres * mm_per_m
    x0, y0 = f.x + f.w - length - 6, f.y + f.h - 7
    s.polygon([rect_ring(x0 - 2.5, y0 - 4.2, length + 6.5 + 8, 9)], WHITE.with_alpha(0xD9), None)
    for i in range(4):
        fill = INK if i % 2 == 0 else WHITE
        s.polygon([rect_ring(x0 + i * length / 4, y0, length / 4, 1.2)], fill, INK, 0.2)
    unit = 1000 if metres >= 1000 else 1
    for value, pos in ((0, 0.0), (metres / 2, 0.5), (metres, 1.0)):
        s.text(x0 + pos * length, y0 - 0.9, f"{value / unit:g}", 6.5, INK, align="C")
    label = style.length_label(metres)
    s.text(x0 + length + 1.5, y0 + 1.2, "km" if unit == 1000 else "m", 6.5, INK)
    return label


# -- legend ---------------------------------------------------------------------------------


def legend_rows(
    specs: Sequence[LayerSpec], data: MapData, denom: float, opt: MapOptions
) -> list[LegendEntry]:
    zoomed = data.townships
    choro: list[tuple[str, Color]] = []
    layers = _aggregated(specs, denom, "choropleth")
    if layers:
        agg = next(sp.style.aggregate for sp in specs if sp.key in layers)
        assert agg is not None
        ch = style.choropleth(area_counts(data, layers), k=agg.classes, method=agg.method,
                              ramp=agg.ramp)  # fmt: skip
        choro = [(t, c.with_alpha(0xD0)) for t, c in ch.legend()]
    title = "未销号隐患（处）" if opt.lang.startswith("zh") else "open hazards"
    # Only what the map shows (as a QGIS layout's legend filtered by the map's content): the
    # layers with a feature here, and of their classes those present.
    present = {(f.site.layer, f.site.cls) for f in data.features}
    shown = [sp for sp in specs if any(sp.key == layer for layer, _ in present)]
    rows = style.legend_entries(
        shown, opt.lang, classes=opt.classes_in_legend,
        edges=("township",) if zoomed else ("district",),
        choropleth=choro, choropleth_title=title,
        aggregated={sp.key for sp in specs if style.shows_aggregate(sp, denom)},
        overlays=_overlays(data),
    )  # fmt: skip
    return [r for r in rows if r.kind != "class" or (r.layer, r.cls) in present]


def _overlays(data: MapData) -> tuple[str, ...]:
    """The overlays this map draws (legend keys of riskmap.core.style.OVERLAYS)."""
    return tuple(k for k, on in (("patrol", data.patrols), ("coverage_gap", data.gaps)) if on)


def legend_size(s: Surface, rows: Sequence[LegendEntry], max_h: float) -> tuple[float, float, int]:
    """(width, height, rows per column) of the legend in at most `max_h` mm (more columns)."""
    per_col = max(1, int((max_h - 2) // LEGEND_LINE)) if max_h > 0 else len(rows)
    cols = max(1, math.ceil(len(rows) / per_col))
    per_col = math.ceil(len(rows) / cols)
    col_w = max(s.text_width(r.label, LEGEND_SIZE) + (3 if r.indent else 0) for r in rows) + 9
    return cols * col_w, per_col * LEGEND_LINE + 2, per_col


def _legend_box(
    s: Surface, f: Frame, rows: Sequence[LegendEntry], opt: MapOptions
) -> tuple[float, float, float, float]:
    max_h = opt.legend_max_h or f.h - 6
    w, h, _ = legend_size(s, rows, max_h)
    x0, y0 = opt.legend_at if opt.legend_at is not None else (f.x + 2, f.y + f.h - 2 - h)
    return x0, y0, x0 + w, y0 + h


def draw_legend(
    s: Surface, box: tuple[float, float, float, float], rows: Sequence[LegendEntry]
) -> None:
    x0, y0, x1, y1 = box
    s.polygon([rect_ring(x0, y0, x1 - x0, y1 - y0)], WHITE.with_alpha(0xE6), FRAME_EDGE, 0.2)
    per_col = max(1, round((y1 - y0 - 2) / LEGEND_LINE))
    cols = max(1, math.ceil(len(rows) / per_col))
    col_w = (x1 - x0) / cols
    for i, r in enumerate(rows):
        c, k = divmod(i, per_col)
        cx = x0 + c * col_w + 3.5 + (3 if r.indent else 0)
        cy = y0 + 1 + k * LEGEND_LINE + LEGEND_LINE / 2
        swatch(s, cx, cy, r)
        s.text(
            cx + 3.5, cy + 1.1, r.label, LEGEND_SIZE, INK, bold=r.kind == "layer" and not r.indent
        )


def swatch(s: Surface, cx: float, cy: float, r: LegendEntry) -> None:
    """The legend symbol of one entry, centred at (cx, cy), about 4 × 2.4 mm."""
    if r.geometry == "polygon":
        s.polygon([rect_ring(cx - 2, cy - 1.2, 4, 2.4)], r.fill, r.stroke, 0.2, r.dash)
    elif r.geometry == "line":
        s.polyline([(cx - 2, cy), (cx + 2, cy)], r.stroke, max(0.25, r.width * PT_MM), r.dash)
    elif r.geometry == "ring":
        s.circle(cx, cy, 1.3, None, r.stroke, 0.45)
    elif r.geometry == "cluster":
        color = r.fill or r.stroke
        s.circle(cx, cy, 1.5, color.with_alpha(0xD9), WHITE, 0.2)
        s.text(cx, cy + 0.8, "n", 5.0, WHITE, bold=True, align="C")
    else:
        symbol(s, cx, cy, r.symbol, 1.0, r.fill, WHITE, 0.1)
