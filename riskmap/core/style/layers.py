"""How a risk layer's features look, from its `[style]` table: colour by class, hazard level
and status, symbol and size, the scales it is drawn at, and the legend every renderer prints.

Rules (one place; the map, the PDFs, the SVG sketch and the HTML all ask here):

- A feature's colour is its class colour (`[style.classes]`, keyed by the value of
  `class_field`), else the layer's `color`.
- Polygons are filled with that colour at the layer's fill opacity (the alpha of `fill`, else
  DEFAULT_FILL_ALPHA) and outlined in the layer's own `color`, so the class reads from the fill
  and the layer from the edge. A polygon layer without classes fills with `fill` itself.
- Points are filled with that colour and outlined in a darker shade of it.
- A site with an open hazard carries a ring in its level's colour (`[style.levels]`: general,
  major); major hazards are drawn above everything else of the layers, overdue ones with a
  dark outer ring as well (OVERDUE_COLOR), so "what needs a call today" is always on top.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from riskmap import terms
from riskmap.core.catalog import LayerSpec, Style
from riskmap.core.style.colors import Color, parse_color
from riskmap.core.style.overlays import BASEMAP, OVERLAYS

DEFAULT_FILL_ALPHA = 0x59
# Used for a layer without `[style.levels]` (resources) should one of its sites carry a hazard.
LEVEL_DEFAULTS = {"general": "#f9a825", "major": "#c62828"}
OVERDUE_COLOR = "#212121"
# Drawing ranks: higher is drawn later (on top).
RANK_PLAIN, RANK_GENERAL, RANK_MAJOR, RANK_OVERDUE = 0, 1, 2, 3


def class_key(value: Any) -> str | None:
    """A JSON attribute value as the key it has in a TOML `[style.classes]` table."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@dataclass(frozen=True)
class FeatureStyle:
    """The look of one feature: `stroke` (outline or line), `fill` (None for lines), `symbol`
    and `size` (pt) for points, `width` (pt) for lines and outlines; `ring` the level colour of
    its worst open hazard (None: no open hazard), `overdue` whether one is past its deadline,
    `rank` its drawing order (RANK_*)."""

    stroke: Color
    fill: Color | None
    symbol: str
    size: float
    width: float
    ring: Color | None = None
    overdue: bool = False
    rank: int = RANK_PLAIN


def class_color(style: Style, cls: str | None) -> Color:
    """The class colour of `cls` (a `[style.classes]` key), else the layer colour (opaque)."""
    text = style.classes.get(cls, style.color) if cls is not None else style.color
    return parse_color(text).with_alpha(255)


def fill_alpha(style: Style) -> int:
    return parse_color(style.fill).a if style.fill else DEFAULT_FILL_ALPHA


def level_color(style: Style, level: str) -> Color:
    """The colour `[style.levels]` gives hazard level `level` (general, major)."""
    return parse_color(
        style.levels.get(level) or LEVEL_DEFAULTS.get(level, LEVEL_DEFAULTS["major"])
    )


def feature_style(
    spec: LayerSpec,
    cls: str | None = None,
    level: str | None = None,
    overdue: bool = False,
    geometry: str | None = None,
) -> FeatureStyle:
    """The look of a feature of `spec` with class `cls`, worst open hazard `level` (None: none
    open) and an overdue rectification or not. `geometry`: 'point', 'line' or 'polygon' when
    the layer mixes them (gas: stations and pipelines), else the layer's own."""
    st = spec.style
    kind = geometry or _family(spec.geometry)
    color = class_color(st, cls)
    if kind == "polygon":
        if st.classes and cls in st.classes:
            fill: Color | None = color.with_alpha(fill_alpha(st))
        else:
            fill = parse_color(st.fill) if st.fill else color.with_alpha(DEFAULT_FILL_ALPHA)
        stroke = parse_color(st.color).with_alpha(255)
    elif kind == "line":
        fill, stroke = None, color
    else:
        fill, stroke = color, color.darker()
    ring = level_color(st, level) if level else None
    rank = RANK_PLAIN
    if level:
        rank = RANK_MAJOR if level == "major" else RANK_GENERAL
        if overdue:
            rank = RANK_OVERDUE
    return FeatureStyle(
        stroke, fill, st.symbol, st.size, st.width, ring, overdue and bool(level), rank
    )


def _family(geometry: str) -> str:
    if geometry in ("line", "line+polygon"):
        return "line"
    return geometry if geometry in ("point", "polygon") else "point"


def worst_level(levels: Iterable[str]) -> str | None:
    """The level a site's ring shows: major if any open hazard is major, else general."""
    seen = set(levels)
    if "major" in seen:
        return "major"
    return "general" if seen else None


# -- scales ---------------------------------------------------------------------------------


def scale_denominator(metres_per_unit: float, units_per_inch: float) -> float:
    """The map scale 1:N of a view drawing `metres_per_unit` ground metres per device unit at
    `units_per_inch` units per inch (96 for a screen pixel, 72 for a PDF point)."""
    return metres_per_unit * units_per_inch / 0.0254


def shows_symbols(spec: LayerSpec, denominator: float) -> bool:
    return spec.style.symbols.shows(denominator)


def shows_labels(spec: LayerSpec, denominator: float) -> bool:
    return spec.style.label is not None and spec.style.labels.shows(denominator)


def shows_aggregate(spec: LayerSpec, denominator: float) -> bool:
    """Whether the layer is drawn aggregated: it has a small-scale style and its symbols are
    not drawn at this scale (zoomed out beyond them)."""
    return spec.style.aggregate is not None and denominator > spec.style.symbols.high


NICE_STEPS = (1, 2, 2.5, 5)


def nice_length_m(max_m: float) -> float:
    """The longest round length (1, 2, 2.5, 5 × 10^n metres) not longer than `max_m`."""
    if max_m <= 0:
        return 0.0
    exp = 10.0 ** int(f"{max_m:e}".split("e")[1])
    for mult in reversed(NICE_STEPS):
        if mult * exp <= max_m:
            return mult * exp
    return exp


def length_label(metres: float) -> str:
    """'500 m', '2 km', '2.5 km'."""
    return f"{metres / 1000:g} km" if metres >= 1000 else f"{metres:g} m"


# -- legend ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class LegendEntry:
    """One legend row. `kind`: 'layer' (a layer heading or a layer without classes), 'class'
    (a class of the layer above, indented), 'level' (a hazard-level ring), 'overdue', 'overlay',
    'edge' (a boundary line), 'choropleth' (a class of the aggregated style). `geometry` says
    how to draw the swatch (point, line, polygon, ring, cluster: a counted disc)."""

    kind: str
    label: str
    geometry: str
    stroke: Color
    fill: Color | None = None
    symbol: str = "o"
    width: float = 1.0
    dash: tuple[float, ...] = ()
    layer: str = ""
    cls: str | None = None
    indent: bool = False


def class_label(spec: LayerSpec, cls: str, lang: str = "zh") -> str:
    """A class row's text: '一级' style numbers stay numbers, enum values in words."""
    return terms.choice(cls, lang, spec.style.class_field)


def layer_entries(spec: LayerSpec, lang: str = "zh", classes: bool = True) -> list[LegendEntry]:
    """The layer's rows: the layer (with its own swatch when it has no classes), then one
    indented row per class."""
    geometry = _family(spec.geometry)
    base = feature_style(spec, geometry=geometry)
    rows = [
        LegendEntry(
            "layer", spec.name(lang), geometry, base.stroke, base.fill, spec.style.symbol,
            spec.style.width, layer=spec.key,
        )
    ]  # fmt: skip
    if classes and spec.style.classes:
        for cls in spec.style.classes:
            fs = feature_style(spec, cls, geometry=geometry)
            rows.append(
                LegendEntry(
                    "class", class_label(spec, cls, lang), geometry, fs.stroke, fs.fill,
                    spec.style.symbol, spec.style.width, layer=spec.key, cls=cls, indent=True,
                )
            )  # fmt: skip
    return rows


def legend_entries(
    specs: Sequence[LayerSpec],
    lang: str = "zh",
    *,
    classes: bool = True,
    levels: bool = True,
    edges: Sequence[str] = ("district",),
    overlays: Sequence[str] = (),
    choropleth: Sequence[tuple[str, Color]] = (),
    choropleth_title: str = "",
    aggregated: Collection[str] = (),
) -> list[LegendEntry]:
    """The legend of a map showing `specs` (bottom first, as drawn): layers and their classes,
    the hazard-level rings, the boundaries (`edges`: 'district', 'township'), the `overlays`
    (keys of OVERLAYS) and the aggregated style's classes. Layers in `aggregated` (drawn as
    the choropleth at this scale, their symbols only for open major hazards) list no classes.
    One list for every renderer."""
    zh = lang.startswith("zh")
    rows: list[LegendEntry] = []
    if choropleth:
        rows.append(LegendEntry("layer", choropleth_title, "polygon", BASEMAP.township_edge, None))
        for text, color in choropleth:
            rows.append(
                LegendEntry(
                    "choropleth", text, "polygon", BASEMAP.township_edge, color, indent=True
                )
            )
    for spec in reversed(list(specs)):  # the top layer first, as QGIS lists them
        entries = layer_entries(spec, lang, classes and spec.key not in aggregated)
        agg = spec.style.aggregate
        if spec.key in aggregated and agg is not None and agg.kind == "cluster":
            # Drawn as counted discs at this scale: the legend shows a disc.
            entries = [dataclasses.replace(e, geometry="cluster") for e in entries]
        rows.extend(entries)
    if levels:
        lvl = next((s.style for s in specs if s.style.levels), None)
        for key, (z, e) in (("general", ("一般隐患（未销号）", "open general hazard")),
                            ("major", ("重大隐患（未销号）", "open major hazard"))):  # fmt: skip
            color = level_color(lvl, key) if lvl is not None else parse_color(LEVEL_DEFAULTS[key])
            rows.append(LegendEntry("level", z if zh else e, "ring", color, None, width=1.5))
        rows.append(
            LegendEntry(
                "overdue", "整改逾期" if zh else "overdue rectification", "ring",
                parse_color(OVERDUE_COLOR), None, width=1.5,
            )
        )  # fmt: skip
    for edge in edges:
        if edge == "district":
            rows.append(
                LegendEntry("edge", "区县界" if zh else "county boundary", "line",
                            BASEMAP.district_edge, width=BASEMAP.district_width)
            )  # fmt: skip
        else:
            rows.append(
                LegendEntry("edge", "乡镇（街道）界" if zh else "township boundary", "line",
                            BASEMAP.township_edge, width=BASEMAP.township_width,
                            dash=BASEMAP.township_dash)
            )  # fmt: skip
    for key in overlays:
        o = OVERLAYS[key]
        geometry = "point" if o.symbol else "polygon"
        rows.append(
            LegendEntry("overlay", o.name(lang), geometry, o.stroke, o.fill, o.symbol or "o",
                        o.width, o.dash)
        )  # fmt: skip
    return rows


def layer_colors(specs: Iterable[LayerSpec]) -> Mapping[str, Color]:
    """Layer key → its own colour (opaque), for a one-colour-per-layer summary."""
    return {s.key: parse_color(s.style.color).with_alpha(255) for s in specs}
