"""The style engine: how every riskmap map looks, Qt-free, from the layer files.

The window's map, the printed briefing, `riskmap map`, the incident PDF and SVG sketch and the
HTML briefing all draw with what this package says, so a layer class has one colour wherever it
is drawn. docs/cartography.md explains the choices.

- `colors`: parsing the layer files' '#rrggbb[aa]' once (`parse_color`, `Color`);
- `layers`: a feature's look from its class, hazard level and status (`feature_style`), the
  scales a layer is drawn at, the legend (`legend_entries`), scale-bar lengths;
- `labels`: label text and priority, collision-free placement (`place_labels`);
- `overlays`: selection, highlight, patrol, coverage gap, incident rings (`OVERLAYS`,
  `ring_style`) and the grey basemap (`BASEMAP`);
- `classify`: the small-scale choropleth (`choropleth`, Jenks and quantile breaks).
"""

from riskmap.core.style.classify import (
    DEFAULT_RAMP,
    Choropleth,
    choropleth,
    classify,
    jenks_breaks,
    quantile_breaks,
)
from riskmap.core.style.colors import Color, is_color, parse_color
from riskmap.core.style.labels import (
    COUNTY_PRIORITY,
    TOWNSHIP_PRIORITY,
    LabelCandidate,
    PlacedLabel,
    PlacedMark,
    label_priority,
    label_text,
    overlaps,
    place_labels,
    place_marks,
)
from riskmap.core.style.layers import (
    DEFAULT_FILL_ALPHA,
    OVERDUE_COLOR,
    RANK_GENERAL,
    RANK_MAJOR,
    RANK_OVERDUE,
    RANK_PLAIN,
    FeatureStyle,
    LegendEntry,
    class_color,
    class_key,
    feature_style,
    layer_colors,
    legend_entries,
    length_label,
    level_color,
    nice_length_m,
    scale_denominator,
    shows_aggregate,
    shows_labels,
    shows_symbols,
    worst_level,
)
from riskmap.core.style.overlays import (
    BASEMAP,
    INCIDENT_RINGS,
    OVERLAYS,
    BasemapStyle,
    OverlayStyle,
    ring_style,
)

__all__ = [
    "BASEMAP",
    "COUNTY_PRIORITY",
    "DEFAULT_FILL_ALPHA",
    "DEFAULT_RAMP",
    "INCIDENT_RINGS",
    "OVERDUE_COLOR",
    "OVERLAYS",
    "RANK_GENERAL",
    "RANK_MAJOR",
    "RANK_OVERDUE",
    "RANK_PLAIN",
    "TOWNSHIP_PRIORITY",
    "BasemapStyle",
    "Choropleth",
    "Color",
    "FeatureStyle",
    "LabelCandidate",
    "LegendEntry",
    "OverlayStyle",
    "PlacedLabel",
    "PlacedMark",
    "choropleth",
    "class_color",
    "class_key",
    "classify",
    "feature_style",
    "is_color",
    "jenks_breaks",
    "label_priority",
    "label_text",
    "layer_colors",
    "legend_entries",
    "length_label",
    "level_color",
    "nice_length_m",
    "overlaps",
    "parse_color",
    "place_labels",
    "place_marks",
    "quantile_breaks",
    "ring_style",
    "scale_denominator",
    "shows_aggregate",
    "shows_labels",
    "shows_symbols",
    "worst_level",
]
