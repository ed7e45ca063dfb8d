"""Print the view: a meeting-ready map page as PDF (vector, fonts embedded) or PNG (at a dpi).

What QGIS users make with a print layout, in one step: a title, the map, its legend, a scale
bar of a round length, a north arrow, the printed scale, the date the data stands at and the
data source, on A4 or A3 landscape. `riskmap map` and the window's 文件 → 导出地图… both call
`print_map`; the page is laid out once on a `Surface` (riskmap.brief.surface), so the PDF and
the PNG are the same drawing.

The extent is a district (the city, a county, a township), a lon/lat box, or the whole city;
a holiday preset picks the preset's focus layers and their filters, as the briefing does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import shapely
from sqlalchemy import select

from riskmap.atomic import write_bytes_atomic
from riskmap.brief.context import MapSite, SiteHazard
from riskmap.brief.mapdraw import Frame, MapOptions, MapPainter, draw_map
from riskmap.brief.maps import Area, Feature, MapData
from riskmap.brief.pdfdoc import PdfDoc
from riskmap.brief.surface import ImageSurface, PdfSurface, Surface
from riskmap.core import style
from riskmap.core.basemap import basemap_in
from riskmap.core.catalog import LayerSpec
from riskmap.core.dossier import Filters, build
from riskmap.core.presets import Preset, get_preset
from riskmap.core.region import Region
from riskmap.core.style.data import site_classes
from riskmap.core.workspace import Workspace
from riskmap.errors import RiskmapError
from riskmap.store.schema import Site

PAPERS = {"A4": (297.0, 210.0), "A3": (420.0, 297.0)}  # landscape, mm
FORMATS = ("pdf", "png")
DEFAULT_DPI = 200
MIN_DPI, MAX_DPI = 50, 600
MARGIN = 10.0
PANEL_W = {"A4": 64.0, "A3": 84.0}  # the legend and notes column beside the map
# A bbox or a district with at most this many townships is drawn by township.
TOWNSHIP_AREAS_MAX = 40
INK = style.parse_color("#1e1e1e")
GREY = style.parse_color("#6e6e6e")
RED = style.parse_color("#c80000")


@dataclass(frozen=True)
class PrintRequest:
    """What to print. Extent: `district` (code or name), else `bbox` (minlon, minlat, maxlon,
    maxlat), else `rect` (x0, y0, x1, y1 in the workspace's metric CRS: the window's view),
    else the whole city. `preset`: a holiday preset's focus layers; `layers`: these
    layers (default: every layer)."""

    out: Path
    district: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    rect: tuple[float, float, float, float] | None = None
    preset: str | None = None
    layers: tuple[str, ...] = ()
    title: str = ""
    dpi: int = DEFAULT_DPI
    paper: str = "A4"
    as_of: dt.date | None = None
    lang: str = "zh"

    @property
    def format(self) -> str:
        return self.out.suffix.lower().lstrip(".")


@dataclass(frozen=True)
class PrintedMap:
    path: Path
    title: str
    scale: float  # the printed scale 1:N
    scale_bar: str  # its label, '2.5 km'
    sites: int
    size_px: tuple[int, int] | None  # PNG only


def check_request(req: PrintRequest) -> None:
    """Refuse what cannot be printed before any work: the format, the dpi, the paper."""
    if req.format not in FORMATS:
        raise RiskmapError.of("print.format", path=req.out, formats=", ".join(FORMATS))
    if not MIN_DPI <= req.dpi <= MAX_DPI:
        raise RiskmapError.of("print.dpi", dpi=req.dpi, low=MIN_DPI, high=MAX_DPI)
    if req.paper not in PAPERS:
        raise RiskmapError.of("print.paper", paper=req.paper, papers=", ".join(PAPERS))


def print_map(ws: Workspace, req: PrintRequest) -> PrintedMap:
    """Lay out and write the map page `req` asks for (atomically); what was written."""
    check_request(req)
    preset = get_preset(req.preset) if req.preset else None
    specs = _specs(ws, req, preset)
    region, name = _extent(ws, req)
    as_of = req.as_of or dt.date.today()
    data = print_data(ws, region, specs, as_of, preset)
    city = ws.store.city_name or (c.name if (c := ws.city()) else "")
    title = req.title or _title(city, name, preset, req.lang)
    page_w, page_h = PAPERS[req.paper]
    if req.format == "pdf":
        doc = PdfDoc(title, as_of, orientation="L", page_format=req.paper, page_numbers=False)
        doc.set_auto_page_break(False)
        doc.add_page()
        try:
            painter, bar = layout(PdfSurface(doc), page_w, page_h, req.paper, data, specs,
                                  title, _notes(ws, city, as_of, req.lang), req.lang)  # fmt: skip
        except BaseException:
            doc.close_fonts()
            raise
        path = doc.save(req.out)
        size = None
    else:
        img = ImageSurface(page_w, page_h, req.dpi)
        painter, bar = layout(img, page_w, page_h, req.paper, data, specs, title,
                              _notes(ws, city, as_of, req.lang), req.lang)  # fmt: skip
        path = write_bytes_atomic(req.out, img.save(req.out))
        size = img.size
    return PrintedMap(path, title, painter.denominator, bar, len(data.features), size)


def _specs(ws: Workspace, req: PrintRequest, preset: Preset | None) -> list[LayerSpec]:
    if req.layers:
        return [ws.catalog[k] for k in ws.catalog.keys_checked(list(req.layers))]
    if preset is not None:
        keys = {s.key for s in preset.layers(ws.catalog)} | {"resources"}
        return [s for s in ws.catalog.values() if s.key in keys]
    return list(ws.catalog.values())


def _extent(ws: Workspace, req: PrintRequest) -> tuple[Region, str]:
    """The region printed and the name the title gives it ("" for the whole city)."""
    if req.district:
        region = Region.from_district(ws.districts, req.district, ws.crs)
        level = region.params.get("level")
        return region, "" if level == "city" else str(region.params.get("name", ""))
    if req.bbox:
        return Region.from_bbox_lonlat(*req.bbox, ws.crs), ""
    if req.rect:
        return Region.from_rect(*req.rect, ws.crs), ""
    return ws.whole_region(), ""


def _title(city: str, name: str, preset: Preset | None, lang: str) -> str:
    zh = lang.startswith("zh")
    what = f"{preset.zh}安全风险图" if preset and zh else "安全风险图" if zh else "safety risk map"
    if preset and not zh:
        what = f"{preset.en} safety risk map"
    return f"{city}{name}{what}" if zh else f"{city} {name} {what}".replace("  ", " ").strip()


def _notes(ws: Workspace, city: str, as_of: dt.date, lang: str) -> list[str]:
    zh = lang.startswith("zh")
    notes = [
        f"数据截至：{as_of.isoformat()}" if zh else f"Data as of {as_of.isoformat()}",
        f"数据来源：{city}风险点与隐患台账"
        if zh
        else f"Source: {city} risk-site and hazard ledger",
        f"坐标系：{ws.crs}" if zh else f"Coordinate system: {ws.crs}",
        "制图：riskmap" if zh else "Made with riskmap",
    ]
    if ws.store.fictional:
        notes.append("演示数据（虚构城市），非真实情况" if zh else "Demo data (fictional city)")
    return notes


# -- data -----------------------------------------------------------------------------------


def print_data(
    ws: Workspace,
    region: Region,
    specs: Sequence[LayerSpec],
    as_of: dt.date,
    preset: Preset | None = None,
) -> MapData:
    """Everything the page draws: the sites of `specs` in the region's bounding box (a map
    shows what lies in its frame, whoever answers for it) with their open hazards and style
    classes, the region, its areas and its neighbours."""
    frame = region.geom
    minx, miny, maxx, maxy = shapely.bounds(frame)
    pad = 0.04 * max(maxx - minx, maxy - miny)
    view = Region.from_rect(minx - pad, miny - pad, maxx + pad, maxy + pad, ws.crs)
    keys = tuple(s.key for s in specs)
    dossier = build(ws, view, Filters(layers=keys, as_of=as_of))
    sites = dossier.sites
    if preset is not None:
        kept = _kept(ws, preset, keys)
        sites = [s for s in sites if s.id in kept]
    open_by_site: dict[int, list[SiteHazard]] = {}
    for h in dossier.hazards:
        if h.is_open:
            open_by_site.setdefault(h.site_id, []).append(
                SiteHazard(h.id, h.level, h.description, h.status, h.deadline, h.overdue)
            )
    classes = site_classes(ws.store, ws.catalog, [(s.id, s.layer) for s in sites])
    geoms = ws.geometries([s.id for s in sites])
    features = [
        Feature(
            MapSite(
                s.id,
                s.layer,
                s.name,
                s.district_code,
                "",
                s.county_code,
                tuple(open_by_site.get(s.id, ())),
                classes.get(s.id),
            ),
            geoms[s.id],
        )
        for s in sites
        if s.id in geoms
    ]
    areas, context, level = _areas(ws, region, view.geom)
    # about a tenth of a millimetre on A4: finer than a printed line
    tolerance = max(maxx - minx, maxy - miny) / 2500
    basemap = basemap_in(ws.store, tuple(shapely.bounds(view.geom)), tolerance)
    return MapData(frame, areas, context, features, [], level, outline=region.kind != "rect",
                   basemap=basemap)  # fmt: skip


def _kept(ws: Workspace, preset: Preset, keys: tuple[str, ...]) -> set[int]:
    stmt = select(Site.id, Site.layer, Site.attrs).where(Site.layer.in_(keys))
    with ws.store.engine.connect() as c:
        return {int(i) for i, layer, attrs in c.execute(stmt) if preset.keeps(layer, attrs)}


def _areas(
    ws: Workspace, region: Region, view: shapely.Geometry
) -> tuple[list[Area], list[Area], str]:
    """(areas outlined and named, neighbours drawn faintly, the areas' level) for the region."""
    code = region.params.get("code") if region.kind == "district" else None
    level = region.params.get("level")
    if code and level == "county":
        inner = [d for d in ws.districts if d.parent_code == code]
        ctx = [d for d in ws.districts if d.level == "county" and d.code != code]
    elif code and level == "township":
        rec = ws.district(str(code))
        inner = [rec] if rec is not None else []
        parent = rec.parent_code if rec is not None else None
        ctx = [d for d in ws.districts if d.parent_code == parent and d.code != code]
    else:
        towns = [d for d in ws.districts if d.level == "township" and d.geom.intersects(view)]
        counties = [d for d in ws.districts if d.level == "county" and d.geom.intersects(view)]
        whole = code is not None and level == "city"
        inner = towns if towns and len(towns) <= TOWNSHIP_AREAS_MAX and not whole else counties
        ctx = []
    areas = [Area(d.code, d.name, d.geom) for d in inner]
    context = [Area(d.code, d.name, d.geom) for d in ctx if d.geom.intersects(view)]
    levels = {d.level for d in inner}
    return areas, context, "township" if levels == {"township"} else "county"


# -- layout ---------------------------------------------------------------------------------


def layout(
    s: Surface,
    page_w: float,
    page_h: float,
    paper: str,
    data: MapData,
    specs: Sequence[LayerSpec],
    title: str,
    notes: Sequence[str],
    lang: str = "zh",
) -> tuple[MapPainter, str]:
    """The page: title across the top, the map on the left, legend and notes on the right.
    Returns the map's painter and the scale bar's label."""
    big = paper == "A3"
    title_pt = 22.0 if big else 17.0
    s.text(MARGIN, MARGIN + title_pt * 0.3528, title, title_pt, INK, bold=True)
    top = MARGIN + title_pt * 0.3528 + 3.0
    s.polyline([(MARGIN, top), (page_w - MARGIN, top)], RED, 0.6)
    top += 3.0
    panel_w = PANEL_W[paper]
    avail_w = page_w - 2 * MARGIN - panel_w - 4
    avail_h = page_h - top - MARGIN
    # The frame fills its box even when the region is narrower: the rest shows its neighbours.
    frame = Frame(MARGIN, top, avail_w, avail_h)
    panel_x = MARGIN + avail_w + 4
    note_pt = 8.0 if big else 7.0
    notes_h = (len(notes) + 2) * note_pt * 0.3528 * 1.6
    legend_top = top + 6
    opt = MapOptions(
        lang=lang,
        symbol_scale=0.55 if big else 0.45,
        legend_at=(panel_x, legend_top),
        legend_max_h=avail_h - 6 - notes_h - 4,
    )
    s.text(panel_x, top + 4, "图例" if lang.startswith("zh") else "Legend", 10.0, INK, bold=True)
    painter = draw_map(s, frame, data, specs, opt)
    metres = style.nice_length_m(frame.w * 0.22 / painter.scale)
    bar = style.length_label(metres)
    scale_text = f"比例尺 1:{round(painter.denominator, -2):,.0f}" if lang.startswith("zh") else (
        f"Scale 1:{round(painter.denominator, -2):,.0f}")  # fmt: skip
    lines = [scale_text, ("比例尺条 " if lang.startswith("zh") else "Scale bar ") + bar, *notes]
    y = page_h - MARGIN - (len(lines) - 1) * note_pt * 0.3528 * 1.6
    for line in lines:
        s.text(panel_x, y, line, note_pt, GREY)
        y += note_pt * 0.3528 * 1.6
    return painter, bar
