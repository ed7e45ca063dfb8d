"""The HTML briefing's map by scale (what the window's map shows at each scale, in Leaflet) and
its printing (`PrintFit`).

Zoomed out beyond a layer's `[style.scale] symbols` range (the city, a county), the page draws
what the screen draws there: the townships shaded by their open hazards (the counts of
`riskmap.core.style.data.township_choropleth`, the dossier's), and the sites with an open major
hazard or an overdue rectification on top as counted marks that never overlap (the label
engine's `place_marks`, the screen's rule). Zoomed in, every site of the layer in its own
symbol and class colour, with its level ring, as before.

The page works offline and has no server to ask, so the marks are placed here, in Python, for
every quarter zoom step the map can take (Leaflet's `zoomSnap`) from the whole scope seen small
to the first step where no layer is aggregated; each step also says which layers are
aggregated there. The page's script only picks the step of the current zoom.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import folium
import numpy as np
import shapely
from branca.element import MacroElement
from jinja2 import Template

from riskmap.brief.context import Briefing
from riskmap.brief.maps import Area, Feature
from riskmap.core import style
from riskmap.core.catalog import LayerSpec
from riskmap.core.crs import to_degrees
from riskmap.core.style.data import choropleth_layers, township_choropleth
from riskmap.core.workspace import Workspace

ZOOM_STEP = 0.25  # the map's zoomSnap: the steps a step set is made for
TILE_PX = 256.0
EQUATOR_M_PER_PX = 2 * math.pi * 6378137.0 / TILE_PX  # Web Mercator, zoom 0
MIN_SCOPE_PX = 160.0  # zoomed out no further than the scope this wide on screen
MARK_PX = 6.0  # a mark's radius (CSS px), the symbol the page draws for an urgent site
BADGE_PX = 14.0  # the count's badge height; the mark's box leaves room for it
CHOROPLETH_OPACITY = 0xB4 / 255  # as the screen fills it (aggregate.CHOROPLETH_ALPHA)


@dataclass(frozen=True)
class Mark:
    """A counted mark at one zoom step: where (the most urgent site's point), how many urgent
    sites it stands for, and its look."""

    lat: float
    lon: float
    count: int
    layer: str
    major: bool
    overdue: bool

    def as_json(self) -> list[Any]:
        return [round(self.lat, 6), round(self.lon, 6), self.count, self.layer,
                int(self.major), int(self.overdue)]  # fmt: skip


@dataclass
class ScalePlan:
    """What the page draws at each zoom step (`steps`: zoom → (aggregated layers, marks))."""

    counts: dict[str, int]  # township code → open hazards of the choropleth's layers
    chor: style.Choropleth | None
    layers: tuple[str, ...]  # the choropleth's layers
    townships: list[Area]  # in degrees
    min_zoom: float
    steps: dict[float, tuple[list[str], list[Mark]]] = field(default_factory=dict)

    def step(self, zoom: float) -> tuple[list[str], list[Mark]]:
        """The step the page shows at `zoom` (as its script picks it)."""
        keys = sorted(self.steps)
        z = math.floor(zoom / ZOOM_STEP + 1e-9) * ZOOM_STEP
        if not keys or z > keys[-1]:
            return [], []  # zoomed in past every aggregated scale: every site drawn
        return self.steps[max(z, keys[0])]

    def script_data(self) -> dict[str, Any]:
        """The steps as the page's script reads them (JSON; no text from the database)."""
        return {
            "steps": [
                {"z": z, "agg": agg, "marks": [m.as_json() for m in marks]}
                for z, (agg, marks) in sorted(self.steps.items())
            ],
            "choropleth": list(self.layers),
        }


def denominator(zoom: float, lat: float) -> float:
    """The scale 1:N of a Leaflet map at `zoom` at latitude `lat` (a CSS px taken as 1/96 in,
    as the screen's map takes a pixel: `riskmap.ui.map.aggregate.denominator`)."""
    m_per_px = EQUATOR_M_PER_PX * math.cos(math.radians(lat)) / 2**zoom
    return style.scale_denominator(m_per_px, 96.0)


def web_px(lon: np.ndarray, lat: np.ndarray, zoom: float) -> tuple[np.ndarray, np.ndarray]:
    """Web Mercator pixel coordinates at `zoom` (Leaflet's layer points, up to an offset)."""
    world = TILE_PX * 2**zoom
    x = (lon + 180.0) / 360.0 * world
    phi = np.radians(lat)
    y = (1.0 - np.log(np.tan(phi) + 1.0 / np.cos(phi)) / math.pi) / 2.0 * world
    return x, y


def scale_plan(
    ws: Workspace,
    b: Briefing,
    specs: Sequence[LayerSpec],
    features: Sequence[Feature],
    bounds: tuple[float, float, float, float],
    tolerance_m: float,
) -> ScalePlan:
    """The choropleth and the marks of every zoom step for the briefing's map; `features` and
    `bounds` in degrees (MapData.to_lonlat)."""
    minx, miny, maxx, maxy = bounds
    lat0 = (miny + maxy) / 2
    in_scope = _townships(ws, b)
    layers = choropleth_layers(ws.catalog, [s.key for s in specs])
    counts, chor = township_choropleth(
        ws.store, ws.catalog, [d.code for d in in_scope], b.as_of, layers
    )
    geoms = np.asarray([d.geom for d in in_scope], dtype=object)
    simple = shapely.simplify(geoms, tolerance_m, preserve_topology=True) if len(geoms) else geoms
    degrees = [to_degrees(g, ws.crs) for g in simple]
    towns = [Area(d.code, d.name, g) for d, g in zip(in_scope, degrees, strict=True)]
    # zoomed out: the scope MIN_SCOPE_PX wide at least; zoomed in: until every layer is drawn
    span = max(maxx - minx, 1e-6)
    z0 = math.floor(math.log2(MIN_SCOPE_PX * 360.0 / (TILE_PX * span)) / ZOOM_STEP) * ZOOM_STEP
    plan = ScalePlan(counts, chor, layers, towns, max(z0, 0.0))
    urgent = [f for f in features if f.site.major_open or f.site.overdue]
    lon = np.asarray([_point(f).x for f in urgent])
    lat = np.asarray([_point(f).y for f in urgent])
    score = [2 * f.site.overdue + f.site.major_open for f in urgent]
    z = plan.min_zoom
    while z <= 22:
        den = denominator(z, lat0)
        agg = [s.key for s in specs if style.shows_aggregate(s, den)]
        if not agg:
            break
        idx = [i for i, f in enumerate(urgent) if f.site.layer in agg]
        x, y = web_px(lon[idx], lat[idx], z) if idx else (np.zeros(0), np.zeros(0))
        placed = style.place_marks(x.tolist(), y.tolist(), [_room()] * len(idx),
                                   [score[i] for i in idx])  # fmt: skip
        marks = []
        for m in placed:
            f = urgent[idx[m.index]]
            p = _point(f)
            marks.append(Mark(p.y, p.x, len(m.members), f.site.layer, f.site.major_open,
                              f.site.overdue))  # fmt: skip
        plan.steps[z] = (agg, marks)
        z += ZOOM_STEP
    return plan


def _room() -> float:
    """Half the side of a mark's box: the mark and its overdue ring, and the badge up and right
    of it (as the screen's marks reserve)."""
    return MARK_PX + 3.0 + BADGE_PX / 2


def _point(f: Feature) -> shapely.Point:
    g = f.geom
    return g if g.geom_type == "Point" else g.representative_point()


def _townships(ws: Workspace, b: Briefing) -> list[Any]:
    """The townships of the briefing's scope (the city's, or one county's)."""
    if b.scope_level == "city":
        return [d for d in ws.districts if d.level == "township" and d.geom is not None]
    return [d for d in ws.districts if d.parent_code == b.scope_code and d.geom is not None]


# -- on the page ---------------------------------------------------------------------------------


class PrintFit(MacroElement):
    """Printing: every list opened and the map refitted to the city on the printed page, then
    both put back as they were (a browser prints the map at the size and view on screen)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var bounds = {{ this.bounds|tojson }};
            var closed = [];
            var view = null;
            function before() {
                closed = [];
                document.querySelectorAll('details:not([open])').forEach(function (d) {
                    d.open = true; closed.push(d);
                });
                if (view === null) { view = [map.getCenter(), map.getZoom()]; }
                map.invalidateSize();
                map.fitBounds(bounds, {animate: false, padding: [4, 4]});
            }
            function after() {
                closed.forEach(function (d) { d.open = false; });
                closed = [];
                map.invalidateSize();
                if (view !== null) { map.setView(view[0], view[1], {animate: false}); view = null; }
            }
            window.addEventListener('beforeprint', before);
            window.addEventListener('afterprint', after);
            if (window.matchMedia) {
                var mq = window.matchMedia('print');
                var on = function (e) { if (e.matches) { before(); } else { after(); } };
                if (mq.addEventListener) { mq.addEventListener('change', on); }
                else if (mq.addListener) { mq.addListener(on); }
            }
        })();
        {% endmacro %}
        """
    )

    def __init__(self, bounds: list[list[float]]) -> None:
        super().__init__()
        self._name = "PrintFit"
        self.bounds = bounds


class _ScaleSwitch(MacroElement):
    """The page's script: on every zoom, the step of that zoom — its aggregated layers' sites
    hidden (not clickable), the choropleth shown while a counted layer is aggregated, and the
    step's marks drawn (a disc in the level's colour, the overdue ring, the count's badge)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var plan = {{ this.plan|tojson }};
            var looks = {{ this.looks|tojson }};
            var sites = { {% for key, layer in this.sites.items() %}
                {{ key|tojson }}: {{ layer.get_name() }},{% endfor %} };
            var chor = {{ this.chor.get_name() if this.chor else 'null' }};
            var marks = L.layerGroup().addTo(map);
            var hidden = {opacity: 0, fillOpacity: 0};
            map.setMinZoom({{ this.min_zoom }});
            function step(z) {
                var s = plan.steps, pick = null;
                for (var i = 0; i < s.length; i++) { if (s[i].z <= z + 1e-9) { pick = s[i]; } }
                if (s.length && z > s[s.length - 1].z + {{ this.step }} - 1e-9) { return null; }
                return pick || (s.length ? s[0] : null);
            }
            function update() {
                var s = step(map.getZoom());
                var agg = s ? s.agg : [];
                Object.keys(sites).forEach(function (key) {
                    var off = agg.indexOf(key) >= 0;
                    sites[key].eachLayer(function (l) {
                        l.setStyle(off ? hidden : l.feature.properties.look);
                        l.options.interactive = !off;
                    });
                });
                if (chor) {  // kept in its place under the sites, shown or not
                    var shade = agg.some(function (k) { return plan.choropleth.indexOf(k) >= 0; });
                    if (shade) { chor.resetStyle(); } else { chor.setStyle(hidden); }
                    chor.eachLayer(function (l) { l.options.interactive = shade; });
                }
                marks.clearLayers();
                (s ? s.marks : []).forEach(function (m) {
                    var look = looks.levels[m[3]][m[4] ? 1 : 0], at = [m[0], m[1]];
                    if (m[5]) {
                        L.circleMarker(at, {radius: {{ this.mark_px }} + 3, color: looks.overdue,
                            weight: 1.5, fill: false, interactive: false}).addTo(marks);
                    }
                    var c = L.circleMarker(at, {radius: {{ this.mark_px }}, color: '#ffffff',
                        weight: 1.5, fillColor: look, fillOpacity: 1}).addTo(marks);
                    c.bindTooltip(looks.names[m[3]] + '：' + says(m[2], m[4], m[5]));
                    if (m[2] > 1) {
                        L.marker(at, {interactive: false, keyboard: false, icon: L.divIcon({
                            className: 'mark-badge', html: String(m[2]), iconSize: null,
                            iconAnchor: [-{{ this.mark_px * 0.45 }}, {{ this.mark_px * 0.45 + 7 }}]
                        })}).addTo(marks);
                    }
                });
            }
            var says = function (n, major, overdue) {
                return n + ' 处' + (overdue ? '逾期整改' : '') + (major ? (overdue ? '、' : '')
                    + '重大隐患' : '') + '（未销号）';
            };
            map.on('zoomend', update);
            update();
        })();
        {% endmacro %}
        """
    )

    def __init__(self, plan: ScalePlan, sites: dict[str, Any], chor: Any,
                 looks: dict[str, Any]) -> None:  # fmt: skip
        super().__init__()
        self._name = "ScaleSwitch"
        self.plan = plan.script_data()
        self.sites = sites
        self.chor = chor
        self.looks = looks
        self.min_zoom = plan.min_zoom
        self.step = ZOOM_STEP
        self.mark_px = MARK_PX


def choropleth_layer(plan: ScalePlan, esc: Any) -> folium.GeoJson | None:
    """The townships shaded by their open hazards (added under the sites, outside the layer
    list: the zoom shows it or not), None without a counted layer."""
    if plan.chor is None:
        return None
    ch = plan.chor
    feats = [
        {
            "type": "Feature",
            "id": a.code,
            "geometry": json.loads(shapely.to_geojson(a.geom)),
            "properties": {
                "code": a.code,
                "name": esc(a.name),
                "open": plan.counts.get(a.code, 0),
                "fill": ch.color_of(a.code).hex[:7],
            },
        }
        for a in plan.townships
    ]
    edge = style.BASEMAP.township_edge
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": feats},
        name="未销号隐患（按乡镇）",
        style_function=lambda f: {
            "color": edge.hex[:7],
            "weight": style.BASEMAP.township_width,
            "fillColor": f["properties"]["fill"],
            "fillOpacity": CHOROPLETH_OPACITY,
        },
        tooltip=folium.GeoJsonTooltip(fields=["name", "open"], aliases=["", "未销号隐患"]),
        control=False,
    )


def add_scale_switch(
    m: folium.Map, plan: ScalePlan, specs: Sequence[LayerSpec], sites: dict[str, Any], chor: Any
) -> None:
    """The script that switches between the aggregated and the site-by-site map."""
    looks: dict[str, Any] = {
        "levels": {
            s.key: [style.level_color(s.style, "general").hex[:7],
                    style.level_color(s.style, "major").hex[:7]]
            for s in specs
        },
        "overdue": style.parse_color(style.OVERDUE_COLOR).hex[:7],
        "names": {s.key: s.name_zh for s in specs},
    }  # fmt: skip
    m.add_child(_ScaleSwitch(plan, sites, chor, looks))
