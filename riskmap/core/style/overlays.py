"""The styles of everything drawn over the risk layers, and of the grey basemap under them.

Defined once here and tabled in docs/cartography.md. Each overlay owns a hue no risk layer
uses at full strength (the layers are warm: reds, oranges, yellows, browns, greens, one blue),
so a selection, a patrol area and an incident ring never read as each other or as data:

- selection: violet, thick, with a white casing (the casing keeps it legible over any fill);
- highlight (sites picked from a table): cyan;
- patrol areas: indigo, dashed; the selected one solid and thicker;
- coverage gaps: small hot-pink diamonds, sized by the gap, never larger than a site symbol;
- incident rings: one hue graded from dark (inner, most urgent) to light (outer), the line
  thinning outwards, so the order of the rings reads without a legend.

Sizes are in points (1/72 inch): screen renderers multiply by their pixels per point, paper
renderers by 25.4/72 mm.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from riskmap.core.style.colors import Color, parse_color


@dataclass(frozen=True)
class OverlayStyle:
    """One overlay: `stroke` line colour and `width` (pt), `fill` (None: unfilled), `dash`
    (on/off lengths in multiples of the width; empty: solid), `casing` drawn under the line
    `casing_width` pt wider (None: none), `size` (pt) of its point marker, `z` the drawing
    order among overlays (higher on top)."""

    key: str
    zh: str
    en: str
    stroke: Color
    width: float
    fill: Color | None = None
    dash: tuple[float, ...] = ()
    casing: Color | None = None
    casing_width: float = 0.0
    size: float = 0.0
    symbol: str = ""
    z: int = 0

    def name(self, lang: str = "zh") -> str:
        return self.zh if lang.startswith("zh") else self.en


def _c(text: str) -> Color:
    return parse_color(text)


WHITE = _c("#ffffff")
INK = _c("#263238")

OVERLAYS: dict[str, OverlayStyle] = {
    o.key: o
    for o in (
        OverlayStyle(
            "selection", "选定范围", "Selection", _c("#aa00ff"), 2.2,
            fill=_c("#aa00ff14"), casing=WHITE, casing_width=2.0, z=60,
        ),
        OverlayStyle(
            "selected_site", "选中场所", "Selected site", _c("#aa00ff"), 2.0,
            casing=WHITE, casing_width=1.5, size=14.0, symbol="o", z=70,
        ),
        OverlayStyle(
            "highlight", "突出显示", "Highlight", _c("#00b8d4"), 2.0,
            fill=_c("#00e5ff66"), casing=INK, casing_width=0.8, size=12.0, symbol="o", z=65,
        ),
        OverlayStyle(
            "patrol", "巡查区域", "Patrol area", _c("#304ffe"), 1.6,
            fill=_c("#304ffe12"), dash=(4.0, 2.5), z=40,
        ),
        OverlayStyle(
            "patrol_selected", "选中的巡查区域", "Selected patrol area", _c("#304ffe"), 2.6,
            fill=_c("#304ffe24"), casing=WHITE, casing_width=1.5, z=45,
        ),
        OverlayStyle(
            "coverage_gap", "巡查盲区", "Coverage gap", _c("#f50057"), 0.8,
            fill=_c("#f50057cc"), casing=WHITE, casing_width=0.8, size=6.0, symbol="d", z=50,
        ),
        OverlayStyle(
            "incident_point", "事发地点", "Incident", _c("#b71c1c"), 2.2,
            casing=WHITE, casing_width=2.5, size=12.0, symbol="x", z=90,
        ),
        OverlayStyle(
            "sketch", "正在绘制", "Drawing", _c("#d50000"), 1.6,
            fill=_c("#d500001a"), dash=(3.0, 2.0), casing=WHITE, casing_width=1.0, z=95,
        ),
    )
}  # fmt: skip

# Incident rings, inner first: dark to light, thick to thin (graded, one hue).
INCIDENT_RINGS: tuple[OverlayStyle, ...] = tuple(
    OverlayStyle(
        f"ring_{i}", f"第 {i + 1} 圈", f"Ring {i + 1}", _c(color), width,
        fill=_c(color).with_alpha(alpha), z=30 - i,
    )
    for i, (color, width, alpha) in enumerate(
        (
            ("#7f0000", 2.6, 0x1c),
            ("#b71c1c", 2.1, 0x14),
            ("#e53935", 1.7, 0x0e),
            ("#ef6c6c", 1.4, 0x0a),
            ("#f4a3a3", 1.2, 0x06),
        )
    )
)  # fmt: skip


def ring_style(i: int) -> OverlayStyle:
    """The style of the `i`-th incident ring from the centre (0 = innermost); rings past the
    fifth keep the lightest."""
    return INCIDENT_RINGS[min(max(i, 0), len(INCIDENT_RINGS) - 1)]


@dataclass(frozen=True)
class RoadTier:
    """Roads drawn alike: the classes it takes (OSM highway values, without `_link`, and the
    demo's road grades), its fill width (pt; the casing `casing_width` pt wider, none when 0)
    and the largest scale denominator it is drawn at (minor roads only at large scales)."""

    key: str
    zh: str
    en: str
    classes: frozenset[str]
    width: float
    max_denominator: float
    casing_width: float = 1.0


@dataclass(frozen=True)
class Tint:
    """A land-use fill: the classes it takes and the largest scale denominator it shows at."""

    key: str
    zh: str
    en: str
    classes: frozenset[str]
    fill: Color


@dataclass(frozen=True)
class BasemapStyle:
    """The quiet grey basemap: the city's own roads, water and land use, and the district
    outlines, drawn under the risk layers in greys and one desaturated blue so every risk colour
    stays the loudest thing on the map. Widths in pt."""

    land: Color  # inside the mapped area
    outside: Color  # beyond it (neighbouring cities, sea)
    context_fill: Color  # neighbouring districts around a zoomed map
    context_edge: Color
    water_fill: Color
    water_edge: Color
    district_edge: Color  # 区县界
    township_edge: Color  # 乡镇（街道）界
    road_casing: Color
    road_fill: Color
    label: Color
    road_tiers: tuple[RoadTier, ...]  # top (widest, always drawn) first; the last takes the rest
    tints: tuple[Tint, ...]  # land-use classes outside every tint are plain land (not drawn)
    waterway_widths: dict[str, float]  # waterway class → line width; others: the last value
    minor_waterways: frozenset[str]  # drawn only at large scales, like minor roads
    district_width: float = 1.6
    township_width: float = 0.7
    township_dash: tuple[float, ...] = (3.0, 2.0)
    water_edge_width: float = 0.4
    landuse_max_denominator: float = 600_000.0  # land use fades out beyond (a city-wide view)
    minor_max_denominator: float = 60_000.0  # minor waterways

    def road_tier(self, road_class: str | None) -> RoadTier:
        """The tier a road class draws in: OSM's `primary_link` as `primary`; unknown classes
        in the last (thinnest) tier."""
        c = (road_class or "").strip().lower().removesuffix("_link")
        for tier in self.road_tiers:
            if c in tier.classes:
                return tier
        return self.road_tiers[-1]

    def road_width(self, road_class: str | None) -> float:
        return self.road_tier(road_class).width

    def tint(self, landuse_class: str | None) -> Tint | None:
        c = (landuse_class or "").strip().lower()
        for t in self.tints:
            if c in t.classes:
                return t
        return None

    def waterway_width(self, waterway_class: str | None) -> float:
        c = (waterway_class or "").strip().lower()
        return self.waterway_widths.get(c, list(self.waterway_widths.values())[-1])

    def waterway_shows(self, waterway_class: str | None, denominator: float) -> bool:
        c = (waterway_class or "").strip().lower()
        return c not in self.minor_waterways or denominator <= self.minor_max_denominator


def _tier(key: str, zh: str, en: str, classes: str, width: float, max_d: float,
          casing: float = 1.0) -> RoadTier:  # fmt: skip
    return RoadTier(key, zh, en, frozenset(classes.split()), width, max_d, casing)


def _tint(key: str, zh: str, en: str, classes: str, fill: str) -> Tint:
    return Tint(key, zh, en, frozenset(classes.split()), _c(fill))


BASEMAP = BasemapStyle(
    land=_c("#f4f3ee"),
    outside=_c("#e2e8ec"),
    context_fill=_c("#eeeeec"),
    context_edge=_c("#bebebe"),
    water_fill=_c("#d4dde3"),
    water_edge=_c("#b0bec5"),
    district_edge=_c("#37474f"),
    township_edge=_c("#90a4ae"),
    road_casing=_c("#bdbdbd"),
    road_fill=_c("#ffffff"),
    label=_c("#455a64"),
    road_tiers=(
        _tier("expressway", "高速公路、快速路", "Expressways", "motorway trunk expressway",
              2.6, math.inf),
        _tier("major", "主干道（国道）", "Major roads", "primary national", 2.0, math.inf),
        _tier("secondary", "次干道（省道）", "Secondary roads", "secondary provincial",
              1.6, 600_000.0),
        _tier("tertiary", "支路（县道）", "Tertiary roads", "tertiary county", 1.1, 250_000.0),
        _tier("minor", "街巷、乡村道路", "Minor roads",
              "unclassified residential living_street road township village", 0.8, 60_000.0),
        # service roads, tracks and paths: a thin grey line, no casing
        _tier("path", "内部道路、小路", "Service roads and paths",
              "service pedestrian track footway path cycleway steps bridleway busway",
              0.5, 20_000.0, 0.0),
    ),
    tints=(
        _tint("built", "建成区", "Built-up", "residential commercial retail urban civil "
              "construction education institutional religious military garages", "#e6e4df"),
        _tint("industrial", "工矿用地", "Industrial", "industrial quarry railway port depot "
              "landfill brownfield", "#dedbe2"),
        _tint("forest", "林地", "Forest", "forest wood scrub", "#e3e9df"),
        _tint("green", "绿地", "Green space", "grass park recreation_ground cemetery "
              "village_green meadow heath", "#e8ede3"),
        _tint("farmland", "耕地", "Farmland", "farmland farmyard orchard vineyard allotments "
              "greenhouse_horticulture plant_nursery paddy", "#efeee6"),
    ),
    waterway_widths={"river": 1.4, "canal": 1.2, "tributary": 0.9, "stream": 0.7,
                     "drain": 0.5, "ditch": 0.5},
    minor_waterways=frozenset({"stream", "drain", "ditch"}),
)  # fmt: skip
