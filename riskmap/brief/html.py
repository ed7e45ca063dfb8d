"""The briefing as one self-contained HTML file: a folium (Leaflet) map above the tables.

It has to open on a projector PC in a meeting room with no network, so nothing is fetched:
Leaflet's JS and CSS come from resources/web/leaflet/ and are inlined (its two control images
as data: URIs), folium's other defaults (jQuery, Bootstrap, Font Awesome, awesome-markers) are
dropped because nothing here uses them, and there is no tile layer: the districts are the base.

Every text that comes from the database goes through `html.escape` before it reaches the page,
including the popups: folium's GeoJsonPopup puts property values into `innerHTML`, so the
values are escaped HTML built here, never raw text (a hazard description `<script>` shows as
text). Braces are escaped too (see `esc`). The page's own CSS is resources/web/brief.css.
"""

from __future__ import annotations

import base64
import html
import json
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import folium
import shapely
from branca.element import Element, MacroElement
from jinja2 import Template

from riskmap import terms
from riskmap.atomic import write_text_atomic
from riskmap.brief import tables
from riskmap.brief.context import Briefing
from riskmap.brief.htmlmap import (
    PrintFit,
    ScalePlan,
    add_scale_switch,
    choropleth_layer,
    scale_plan,
)
from riskmap.brief.maps import Feature, MapData, layer_order, map_data
from riskmap.core import style
from riskmap.core.catalog import LayerSpec
from riskmap.core.figures import is_major
from riskmap.core.workspace import Workspace
from riskmap.errors import RiskmapError
from riskmap.messages import os_reason
from riskmap.paths import resources_dir
from riskmap.terms import zh_date

# Metres: finer than a browser shows at the zoom a county fills the screen, coarse enough to
# keep the file around a megabyte for the demo city.
HTML_TOLERANCE_M = 25.0
POPUP_HAZARDS = 5  # hazards listed in a popup; the rest are counted


class OfflineMap(folium.Map):
    """A folium map that links nothing: its JS and CSS are inlined by `_inline_assets`."""

    default_js: list[tuple[str, str]] = []
    default_css: list[tuple[str, str]] = []


class _Html(Element):
    """Markup put into the page as it is.

    branca's `Element(text)` would compile `text` as a Jinja template, so a site name holding
    `{{ … }}` would be evaluated: here the markup is data to a fixed template, never a template.
    """

    _template = Template("{{ this.markup }}")

    def __init__(self, markup: str) -> None:
        super().__init__()
        self.markup = markup


class _AfterMap(MacroElement):
    """Markup placed below the map: folium adds the map's own <div> to the page while rendering,
    after anything added before, so what follows the map is added by a child of the map, which
    renders after it."""

    def __init__(self, markup: str) -> None:
        super().__init__()
        self._name = "AfterMap"
        self.markup = markup

    def render(self, **kwargs: Any) -> None:
        self.get_root().html.add_child(_Html(self.markup), name=self.get_name())
        super().render(**kwargs)


class _Legend(MacroElement):
    """A Leaflet control holding pre-escaped legend HTML, and a metric scale bar."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var legend = L.control({position: 'bottomright'});
            legend.onAdd = function () {
                var div = L.DomUtil.create('div', 'legend');
                div.innerHTML = {{ this.body|tojson }};
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
            L.control.scale({imperial: false}).addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, body: str) -> None:
        super().__init__()
        self._name = "Legend"
        self.body = body


def esc(value: Any) -> str:
    """Text → HTML that shows it as typed.

    Braces become character references too: branca compiles the rendered script of every
    folium element again as a Jinja template, so a `{{ … }}` in a popup's data would be
    evaluated when the page is rendered (template injection), not shown.
    """
    text = html.escape("" if value is None else str(value), quote=True)
    return text.replace("{", "&#123;").replace("}", "&#125;")


def write_html(briefing: Briefing, ws: Workspace, path: str | os.PathLike[str]) -> Path:
    """Write the briefing page to `path` (atomically); the path written."""
    return write_text_atomic(Path(path), render_html(briefing, ws))


def render_html(b: Briefing, ws: Workspace) -> str:
    m = _map(b, ws)
    fig = m.get_root()
    _inline_assets(fig)
    fig.header.add_child(_Html(f"<title>{esc(b.title)}</title>"), name="title")
    css = _read(resources_dir() / "web" / "brief.css")
    fig.header.add_child(_Html(f"<style>{css}</style>"), name="brief_css")
    fig.html.add_child(_Html(_header(b)), name="brief_header", index=0)
    m.add_child(_AfterMap(_tables(b)))
    text = fig.render()
    # folium names its elements with random hex ids; fixed names keep the file the same for the
    # same briefing (diffable, cacheable).
    names: dict[str, str] = {}
    return re.sub(
        r"\b([a-z_]+)_([0-9a-f]{32})(?![0-9a-f])",
        lambda mo: names.setdefault(mo.group(0), f"{mo.group(1)}_{len(names):04d}"),
        text,
    )


# -- the map ------------------------------------------------------------------------------------


def _map(b: Briefing, ws: Workspace) -> folium.Map:
    data = map_data(ws, b, HTML_TOLERANCE_M).to_lonlat(ws.crs)
    minx, miny, maxx, maxy = data.bounds
    m = OfflineMap(
        location=[(miny + maxy) / 2, (minx + maxx) / 2],
        zoom_start=9,
        tiles=None,
        prefer_canvas=True,
        attributionControl=False,
        zoomSnap=0.25,  # fit the city to the window, not to the next power of two
    )
    m.fit_bounds([[miny, minx], [maxy, maxx]])
    _districts(data).add_to(m)
    specs = {s.key: s for s in layer_order(ws, b)}
    plan = scale_plan(ws, b, list(specs.values()), data.features, data.bounds, HTML_TOLERANCE_M)
    chor = choropleth_layer(plan, esc)
    if chor is not None:
        chor.add_to(m)  # over the land, under everything else
    if data.patrols:
        _patrol_layer(data).add_to(m)
    counts = {f.key: f.sites for f in b.focus_layers}
    sites = {}
    for key, spec in specs.items():
        feats = [f for f in data.features if f.site.layer == key]
        if feats:
            name = f"{spec.name_zh}（{counts.get(key, 0)}）"
            sites[key] = _site_layer(feats, name, spec, ws).add_to(m)
    add_scale_switch(m, plan, list(specs.values()), sites, chor)
    resources = ws.catalog.get("resources")
    if data.resources and resources is not None:
        _resource_layer(data.resources, resources).add_to(m)
    if data.gaps:
        _gap_layer(data.gaps).add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    m.add_child(_Legend(_legend(b, ws, plan)))
    m.add_child(PrintFit([[miny, minx], [maxy, maxx]]))
    return m


# The overlays every map draws them with (riskmap.core.style.OVERLAYS).
_PATROL = style.OVERLAYS["patrol"]
_GAP = style.OVERLAYS["coverage_gap"]


def _patrol_layer(data: MapData) -> folium.GeoJson:
    feats = [
        {
            "type": "Feature",
            "id": int(a.code),
            "geometry": _geometry(a.geom),
            "properties": {"name": esc(a.name)},
        }
        for a in data.patrols
    ]
    return folium.GeoJson(
        _collection(feats),
        name=f"节日期间巡查区域（{len(feats)}）",
        style_function=lambda _f: {
            "color": _PATROL.stroke.hex,
            "weight": _PATROL.width,
            "dashArray": " ".join(f"{d * _PATROL.width:g}" for d in _PATROL.dash),
            "fillColor": (_PATROL.fill or _PATROL.stroke).hex,
            "fillOpacity": _PATROL.fill.opacity if _PATROL.fill else 0.0,
        },
        tooltip=folium.GeoJsonTooltip(fields=["name"], labels=False),
    )


def _gap_layer(feats: Sequence[Feature]) -> folium.GeoJson:
    rows = [
        {
            "type": "Feature",
            "id": f.site.id,
            "geometry": _geometry(f.geom),
            "properties": {"popup": f"<div class='popup'><h4>{esc(f.site.name)}</h4>"
                           f"<p>巡查覆盖缺口 · {esc(f.site.township)}</p></div>"},
        }
        for f in feats
    ]  # fmt: skip
    return folium.GeoJson(
        _collection(rows),
        name=f"巡查覆盖缺口（{len(rows)}）",
        style_function=lambda _f: {
            "color": _GAP.casing.hex if _GAP.casing else _GAP.stroke.hex,
            "weight": _GAP.casing_width or _GAP.width,
            "fillColor": (_GAP.fill or _GAP.stroke).hex,
            "fillOpacity": _GAP.fill.opacity if _GAP.fill else 1.0,
        },
        marker=folium.CircleMarker(radius=_GAP.size / 2 + 1, fill=True),
        popup=folium.GeoJsonPopup(fields=["popup"], labels=False),
    )


def _collection(features: Iterable[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": list(features)}


def _geometry(geom: shapely.Geometry) -> dict[str, Any]:
    return json.loads(shapely.to_geojson(geom))


def _districts(data: MapData) -> folium.GeoJson:
    feats = [
        {
            "type": "Feature",
            "id": a.code,
            "geometry": _geometry(a.geom),
            "properties": {"name": esc(a.name)},
        }
        for a in data.areas
    ]
    return folium.GeoJson(
        _collection(feats),
        name="行政区划",
        style_function=lambda _f: {
            "color": style.BASEMAP.district_edge.hex,
            "weight": 1.5,
            "fillColor": style.BASEMAP.land.hex,
            "fillOpacity": 1.0,
        },
        tooltip=folium.GeoJsonTooltip(fields=["name"], labels=False),
        control=False,
    )


def _look(spec: LayerSpec, f: Feature) -> dict[str, Any]:
    """The feature's Leaflet style from riskmap.core.style (the colours the PDF and the map
    use): class fill, layer or class stroke, the level ring as a heavier stroke."""
    fam = {"Point": "point", "MultiPoint": "point", "Polygon": "polygon",
           "MultiPolygon": "polygon"}.get(f.geom.geom_type, "line")  # fmt: skip
    fs = style.feature_style(spec, f.site.cls, f.site.level, f.site.overdue, fam)
    stroke = fs.ring or fs.stroke
    fill = fs.fill or fs.stroke
    return {
        "color": stroke.hex,
        "weight": 3.5 if fs.rank >= style.RANK_MAJOR else 2.2 if fs.ring else 1.2,
        "fillColor": fill.hex,
        "fillOpacity": 0.9 if fam == "point" else fill.opacity,
        "radius": 6 if fs.rank >= style.RANK_MAJOR else 4,
    }


def _site_layer(
    feats: Sequence[Feature], name: str, spec: LayerSpec, ws: Workspace
) -> folium.GeoJson:
    rows = [
        {
            "type": "Feature",
            "id": f.site.id,
            "geometry": _geometry(f.geom),
            "properties": {"look": _look(spec, f), "popup": _popup(f, ws)},
        }
        for f in feats
    ]
    return folium.GeoJson(
        _collection(rows),
        name=esc(name),
        style_function=lambda feature: feature["properties"]["look"],
        marker=folium.CircleMarker(radius=4, fill=True),
        popup=folium.GeoJsonPopup(fields=["popup"], labels=False),
    )


def _resource_layer(feats: Sequence[Feature], spec: LayerSpec) -> folium.GeoJson:
    rows = [
        {
            "type": "Feature",
            "id": f.site.id,
            "geometry": _geometry(f.geom.representative_point()),
            "properties": {
                "look": _look(spec, Feature(f.site, f.geom.representative_point())),
                "popup": f"<div class='popup'><h4>{esc(f.site.name)}</h4>"
                f"<p>{esc(spec.name_zh)} · {esc(f.site.township)}</p></div>",
            },
        }
        for f in feats
    ]
    return folium.GeoJson(
        _collection(rows),
        name=f"{esc(spec.name_zh)}（{len(rows)}）",
        style_function=lambda feature: feature["properties"]["look"],
        marker=folium.CircleMarker(radius=4, fill=True, fill_opacity=1.0),
        popup=folium.GeoJsonPopup(fields=["popup"], labels=False),
        show=False,
    )


def _popup(f: Feature, ws: Workspace) -> str:
    """Escaped HTML: folium's popup inserts it with innerHTML."""
    spec = ws.catalog.get(f.site.layer)
    layer = spec.name_zh if spec else f.site.layer
    parts = [
        "<div class='popup'>",
        f"<h4>{esc(f.site.name)}</h4>",
        f"<p>{esc(layer)} · {esc(f.site.township)}</p>",
    ]
    hz = f.site.hazards
    if not hz:
        parts.append("<p>无未销号隐患</p>")
    else:
        parts.append(f"<p>未销号隐患 {len(hz)} 项</p><ul>")
        for h in hz[:POPUP_HAZARDS]:
            cls = " class='major'" if is_major(h.level) else ""
            due = f"，期限 {h.deadline.isoformat()}" if h.deadline else ""
            late = "，已逾期" if h.overdue else ""
            parts.append(
                f"<li><span{cls}>[{esc(terms.level(h.level))}]</span> "
                f"{esc(h.description)}（{esc(terms.status(h.status))}{due}{late}）</li>"
            )
        parts.append("</ul>")
        if len(hz) > POPUP_HAZARDS:
            parts.append(f"<p class='note'>另有 {len(hz) - POPUP_HAZARDS} 项</p>")
    parts.append("</div>")
    return "".join(parts)


def _legend_overlays(b: Briefing) -> tuple[str, ...]:
    """The overlays the briefing's maps draw: its patrol areas and coverage gaps."""
    return tuple(k for k, on in (("patrol", b.patrols), ("coverage_gap", b.gaps)) if on)


def _legend(b: Briefing, ws: Workspace, plan: ScalePlan) -> str:
    """The legend riskmap.core.style gives every renderer, as HTML rows (the choropleth's
    classes first: the map opens on the whole scope)."""
    specs = layer_order(ws, b)
    if "resources" in ws.catalog:
        specs = [*specs, ws.catalog["resources"]]
    rows = ["<b>图例</b>"]
    chor = plan.chor.legend() if plan.chor is not None else []
    for r in style.legend_entries(specs, "zh", overlays=_legend_overlays(b), choropleth=chor,
                                  choropleth_title="未销号隐患（按乡镇）"):  # fmt: skip
        fill = r.fill or r.stroke
        if r.geometry == "line":
            swatch = f"background:{r.stroke.hex};height:3px;border:0"
        elif r.geometry in ("ring", "cluster"):
            swatch = f"background:#fff;border:2px solid {r.stroke.hex};border-radius:50%"
        else:
            swatch = f"background:{fill.hex};border-color:{r.stroke.hex}"
        if r.geometry == "polygon" and fill.a < 255:
            swatch += f";opacity:{max(fill.opacity, 0.45)}"
        shape = " class='pt'" if r.geometry == "point" else ""
        pad = "&emsp;" if r.indent else ""
        rows.append(f"{pad}<i{shape} style='{swatch}'></i>{esc(r.label)}")
    return "<br>".join(rows)


def _inline_assets(fig: Any) -> None:
    web = resources_dir() / "web" / "leaflet"
    css, js = _read(web / "leaflet.css"), _read(web / "leaflet.js")

    def data_uri(mo: re.Match[str]) -> str:
        image = web / "images" / mo.group(1)
        if not image.is_file():
            return "none"  # the default marker icon: no marker here uses it
        return f"url(data:image/png;base64,{base64.b64encode(image.read_bytes()).decode()})"

    css = re.sub(r"url\(images/([\w.-]+)\)", data_uri, css)
    # A browser's developer tools would try to fetch the source map.
    js = re.sub(r"^//# sourceMappingURL=.*$", "", js, flags=re.M)
    fig.header.add_child(_Html(f"<style>{css}</style>"), name="leaflet_css", index=0)
    fig.header.add_child(_Html(f"<script>{js}</script>"), name="leaflet_js", index=1)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RiskmapError.of("brief.page_file", path=path, detail=os_reason(exc)) from None


# -- the text -----------------------------------------------------------------------------------


def _header(b: Briefing) -> str:
    w = b.window
    fictional = "<p class='fictional'>演示数据（虚构城市）</p>" if b.fictional else ""
    tiles = [
        ("专题风险点", b.totals.sites, ""),
        ("未销号隐患", b.totals.open, ""),
        ("未销号重大隐患", b.totals.major_open, "red"),
        ("逾期整改", b.totals.overdue, "red"),
        ("节前及节日期间到期", len(b.deadlines), ""),
        ("巡查覆盖缺口", len(b.gaps), "red" if b.gaps else ""),
    ]
    tile_html = "".join(
        f"<div class='tile {cls}'>{esc(label)}<b>{n}</b></div>" for label, n, cls in tiles
    )
    marking = f"<p class='marking'>{esc(b.marking)}</p>" if b.marking else ""
    scope = b.city if b.scope_level == "city" else f"{b.city}{b.scope_name}"
    return (
        "<header class='masthead'>"
        f"{marking}<p class='mast'>{esc(scope)}安全风险简报</p>"
        f"<p class='issue'>{esc(b.issue_label)}</p>"
        f"<p class='office'><span>{esc(b.office)}</span>"
        f"<span>{esc(zh_date(b.issued_on))}</span></p></header>"
        "<header class='brief'>"
        f"<h1>{esc(b.title)}</h1>"
        f"<p>节日时段：{w.start.isoformat()} 至 {w.end.isoformat()}（{w.days} 天）"
        f"　来源：{esc(b.window_source)}</p>"
        f"<p>研判时段自 {b.period_start.isoformat()} 起"
        f"（节前 {(w.start - b.period_start).days} 天）"
        f"　数据截至：{b.as_of.isoformat()}</p>"
        f"<p>关注重点：{esc(b.focus_zh)}</p>{fictional}</header>"
        f"<div class='tiles'>{tile_html}</div>"
    )


def _table(t: tables.Table, rows: Sequence[tables.Row] | None = None, total: bool = False) -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in t.headers)
    body = []
    rows = t.rows if rows is None else rows
    for n, row in enumerate(rows, 1):
        cells = []
        for i, v in enumerate(row):
            cls = " class='n'" if i in t.numeric else ""
            text = esc(tables.text(v))
            if i == t.level_col and v == terms.level("major"):
                text = f"<span class='major'>{text}</span>"
            cells.append(f"<td{cls}>{text}</td>")
        last = " class='total'" if total and n == len(rows) else ""
        body.append(f"<tr{last}>{''.join(cells)}</tr>")
    if not body:
        body.append(f"<tr><td colspan='{len(t.headers)}' class='note'>无</td></tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _tables(b: Briefing) -> str:
    out = ["<main class='tables'>", "<section class='assessment'><h2>总体研判</h2>"]
    out += [f"<p>{esc(p)}</p>" for p in b.assessment]
    out.append("</section><section class='requirements'><h2>工作要求</h2>")
    if b.requirements:
        out.append("<ol>" + "".join(f"<li>{esc(r)}</li>" for r in b.requirements) + "</ol>")
    else:
        out.append("<p class='note'>无</p>")
    out.append("</section>")
    layers = tables.focus_layers(b)
    out += [f"<h2>{esc(layers.title)}与筛选条件</h2>", _table(layers)]
    dist = tables.districts(b)
    out += [f"<h2>{esc(dist.title)}</h2>", _table(dist, total=True)]
    major = tables.major(b)
    out += [f"<h2>{esc(major.title)}（{len(major.rows)} 项）</h2>", _table(major)]

    od = tables.overdue(b)
    units = len(b.overdue_by_unit)
    out.append(f"<h2>{esc(od.title)}：{units} 个单位 {b.overdue_total} 项</h2>")
    if not b.overdue_by_unit:
        out.append("<p class='note'>无逾期整改事项</p>")
    # One collapsible block per unit: a meeting reads the units, then opens the one it discusses.
    start = 0
    for u in b.overdue_by_unit:
        rows = [r[1:] for r in od.rows[start : start + u.count]]
        start += u.count
        sub = tables.Table(
            od.key, od.title, od.headers[1:], [], frozenset(i - 1 for i in od.numeric),
            (od.level_col or 1) - 1,
        )  # fmt: skip
        major_note = f"，其中重大 {u.major} 项" if u.major else ""
        out.append(
            f"<details><summary><b>{esc(u.unit)}</b>：逾期 {u.count} 项{major_note}</summary>"
            f"{_table(sub, rows)}</details>"
        )

    dl = tables.deadlines(b)
    out += [f"<h2>{esc(dl.title)}（{len(dl.rows)} 项）</h2>", _table(dl)]
    gp = tables.gaps(b)
    out.append(
        f"<h2>{esc(gp.title)}：{len(gp.rows)} 处（高风险点 {b.high_risk} 处，"
        f"节日期间巡查区域 {b.patrols} 个；分{tables.unit_word(b)}按高风险原因排列）</h2>"
    )
    if not gp.rows:
        out.append("<p class='note'>高风险点均有巡查覆盖</p>")
    start = 0
    for row in b.districts:
        n = len(b.gaps_of(row.code))
        if not n:
            continue
        out.append(f"<h3>{esc(row.name)}：{n} 处</h3>")
        out.append(_table(gp, gp.rows[start : start + n]))
        start += n
    if start < len(gp.rows):  # sites of no listed district
        out.append(f"<h3>其他：{len(gp.rows) - start} 处</h3>")
        out.append(_table(gp, gp.rows[start:]))

    out.append("<h2>与上年同期比较</h2>")
    y = b.yoy
    if not y.available:
        out.append(f"<p class='note'>{esc(y.note)}</p>")
    else:
        yoy = tables.Table(
            "yoy",
            "与上年同期比较",
            ("指标", "上年同期", "本年", "变化"),
            [
                ("研判时段内新发现隐患", y.found_last, y.found_this,
                 _delta(y.found_this - y.found_last)),
                ("未销号重大隐患", y.major_open_then, y.major_open_now,
                 _delta(y.major_open_now - y.major_open_then)),
            ],
            frozenset({1, 2, 3}),
        )  # fmt: skip
        out.append(_table(yoy))
        out.append(f"<p class='note'>{esc(y.note)}；本年截至 {b.as_of.isoformat()}</p>")
    out.append(
        "<p class='note'>统计口径：专题图层按上表条件筛选后的风险点；隐患按风险点所属镇办归属；"
        "逾期指未销号且已过整改期限。</p>"
    )
    out.append("</main>")
    return "\n".join(out)


def _delta(n: int) -> str:
    return f"+{n}" if n > 0 else str(n)
