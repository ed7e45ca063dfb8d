"""The words and rows the incident PDF and HTML share: one place decides what a row says, so
the paper and the page never disagree."""

from __future__ import annotations

from dataclasses import dataclass

from riskmap.core.catalog import Catalog
from riskmap.core.incident import IncidentReport, NearResource, Ring, RingLayer, RingSite

TEXT = {
    "zh": {
        "title": "突发事件周边风险研判",
        "place": "事发地点",
        "picked": "地图选点",
        "lonlat": "经纬度",
        "xy": "平面坐标",
        "as_of": "研判日期",
        "rings": "研判范围",
        "ring": "范围",
        "sites": "场所（处）",
        "schools": "学校",
        "hospitals": "医院",
        "people": "涉及人数",
        "total": "合计",
        "no": "序号",
        "name": "名称",
        "category": "类别",
        "distance": "距离(km)",
        "capacity": "能力",
        "contact": "联系电话",
        "kind": "类型",
        "sites_section": "一、各范围内场所",
        "resources_section": "二、最近应急资源（直线距离）",
        "ring_line": "{label}：{n} 处，涉及约 {people} 人",
        "ring_empty": "{label}：无登记场所",
        "more": "另有 {n} 处未列出（{what}）。",
        "per_kind": "每类列出最近 {k} 处。",
        "none": "无",
        "count": "{name} {n}",
        "list_sep": "、",
        "layer_count": "{name} {n} 处",
        "layer_people": "（{people} 人）",
        "part_sep": "；",
        "stop": "。",
        "fictional": "演示数据（虚构城市），非真实情况",
        "sketch": "示意图",
        "sketch_note": "示意图：圆为研判范围，点为场所，虚线指向最近应急资源。",
        "people_unit": "人",
        "made_by": "riskmap 生成",
    },
    "en": {
        "title": "Risks around an incident",
        "place": "Incident at",
        "picked": "point on the map",
        "lonlat": "Lon/lat",
        "xy": "Projected",
        "as_of": "As of",
        "rings": "Rings",
        "ring": "Ring",
        "sites": "Sites",
        "schools": "Schools",
        "hospitals": "Hospitals",
        "people": "People",
        "total": "Total",
        "no": "No.",
        "name": "Name",
        "category": "Category",
        "distance": "Dist. (km)",
        "capacity": "Capacity",
        "contact": "Contact",
        "kind": "Kind",
        "sites_section": "1. Sites in each ring",
        "resources_section": "2. Nearest emergency resources (straight line)",
        "ring_line": "{label}: {n} sites, about {people} people",
        "ring_empty": "{label}: no registered site",
        "more": "{n} more not listed ({what}).",
        "per_kind": "The nearest {k} of each kind.",
        "none": "none",
        "count": "{name} {n}",
        "list_sep": ", ",
        "layer_count": "{name} {n}",
        "layer_people": " ({people} people)",
        "part_sep": "; ",
        "stop": ". ",
        "fictional": "Demo data (fictional city), not a real situation",
        "sketch": "Sketch",
        "sketch_note": "Sketch: circles are the rings, dots the sites, dashes lead to the "
        "nearest resources.",
        "people_unit": "",
        "made_by": "made with riskmap",
    },
}

# Kinds of the venues, quarantine sites and resources (the layer files' enum keys).
KIND_NAMES = {
    "school": ("学校", "school"),
    "hospital": ("医院", "hospital"),
    "mall": ("商场", "shopping mall"),
    "station": ("车站", "station"),
    "scenic_spot": ("景区", "scenic spot"),
    "cemetery": ("公墓", "cemetery"),
    "stadium": ("体育场馆", "stadium"),
    "market": ("集贸市场", "market"),
    "isolation_point": ("集中隔离点", "isolation point"),
    "designated_hospital": ("定点医院", "designated hospital"),
    "vaccination_point": ("疫苗接种点", "vaccination point"),
    "rescue_team": ("救援队伍", "rescue team"),
    "fire_station": ("消防站", "fire station"),
    "material_depot": ("物资储备库", "material depot"),
    "shelter": ("应急避难场所", "shelter"),
    "medical": ("医疗救护", "medical"),
}
# Layers whose own kind says more than the layer's name (a school, not "a dense venue").
KIND_LAYERS = ("dense_venues", "quarantine_sites")


def words(lang: str) -> dict[str, str]:
    return TEXT["zh" if lang.startswith("zh") else "en"]


def kind_name(kind: str, lang: str) -> str:
    zh, en = KIND_NAMES.get(kind, (kind, kind))
    return zh if lang.startswith("zh") else en[:1].upper() + en[1:]


def km(metres: float) -> str:
    """A ring radius as people say it: 1, 2.5, 0.5 (km)."""
    return f"{metres / 1000:g}"


def ring_label(ring: Ring) -> str:
    """'0–1 km', '1–3 km': the band, not the circle."""
    return f"{km(ring.inner_m)}–{km(ring.outer_m)} km"


def radius_label(metres: float) -> str:
    return f"{km(metres)} km"


def distance_km(metres: float) -> str:
    return f"{metres / 1000:.2f}"


def people_text(n: int) -> str:
    return f"{n:,}"


def category(site: RingSite, catalog: Catalog, lang: str) -> str:
    if site.layer in KIND_LAYERS and site.kind:
        return kind_name(site.kind, lang)
    return layer_name(site.layer, catalog, lang)


def layer_name(layer: str, catalog: Catalog, lang: str) -> str:
    spec = catalog.get(layer)
    return spec.name(lang) if spec is not None else layer


def place_text(report: IncidentReport, lang: str) -> str:
    return report.site_name or words(lang)["picked"]


def lonlat_text(report: IncidentReport) -> str:
    return f"{report.lon:.5f}°E, {report.lat:.5f}°N"


def xy_text(report: IncidentReport) -> str:
    return f"X {report.x:,.0f} m, Y {report.y:,.0f} m ({report.crs})"


def rings_text(report: IncidentReport) -> str:
    return " / ".join(km(r.outer_m) for r in report.rings) + " km"


@dataclass(frozen=True)
class RingSummary:
    label: str
    sites: int
    schools: int
    hospitals: int
    people: int


def ring_summaries(report: IncidentReport) -> list[RingSummary]:
    out = []
    for ring in report.rings:
        venues = [s for s in ring.sites if s.layer == "dense_venues"]
        out.append(
            RingSummary(
                ring_label(ring),
                len(ring.sites),
                sum(s.kind == "school" for s in venues),
                sum(s.kind == "hospital" for s in venues),
                ring.people,
            )
        )
    return out


def ordered_layers(ring: Ring) -> list[RingLayer]:
    """The ring's layers for reading: crowded places first (the core's order), then the layers
    with people in them, most people first, then the rest in the core's order. Roads and rivers
    matter less to an evacuation than a plant with 600 workers."""
    first = [g for g in ring.layers if g.layer == "dense_venues"]
    rest = [g for g in ring.layers if g.layer != "dense_venues"]
    return first + sorted(rest, key=lambda g: -g.people)  # sorted() is stable


def ring_sites(ring: Ring) -> list[RingSite]:
    """The ring's sites in reading order (see `ordered_layers`)."""
    return [s for g in ordered_layers(ring) for s in g.sites]


def composition(ring: Ring, catalog: Catalog, lang: str) -> str:
    """'危化品企业 11 处（6,651 人）；道路 3 处': the layers of a ring, counts and people."""
    w = words(lang)
    parts = []
    for g in ordered_layers(ring):
        name = layer_name(g.layer, catalog, lang)
        part = w["layer_count"].format(name=name, n=len(g.sites))
        if g.people:
            part += w["layer_people"].format(people=people_text(g.people))
        parts.append(part)
    return w["part_sep"].join(parts)


def ring_line(ring: Ring, catalog: Catalog, lang: str) -> str:
    w = words(lang)
    label = ring_label(ring)
    if not ring.sites:
        return w["ring_empty"].format(label=label)
    head = w["ring_line"].format(label=label, n=len(ring.sites), people=people_text(ring.people))
    return f"{head}{w['stop']}{composition(ring, catalog, lang)}"


def more_text(sites: list[RingSite], catalog: Catalog, lang: str) -> str:
    """The line for the sites a page had no room for: how many, and of what."""
    w = words(lang)
    counts: dict[str, int] = {}
    for s in sites:
        name = category(s, catalog, lang)
        counts[name] = counts.get(name, 0) + 1
    what = w["list_sep"].join(w["count"].format(name=k, n=v) for k, v in counts.items())
    return w["more"].format(n=len(sites), what=what)


def site_row(i: int, site: RingSite, catalog: Catalog, lang: str) -> list[str]:
    people = people_text(site.people) if site.people else ""
    return [str(i), site.name, category(site, catalog, lang), distance_km(site.distance_m), people]


def capacity_text(res: NearResource) -> str:
    if not res.capacity:
        return ""
    return f"{res.capacity:,} {res.capacity_unit}".strip()


def resource_groups(report: IncidentReport) -> list[tuple[str, list[NearResource]]]:
    """(kind, nearest first) for the kinds that have any resource."""
    return [(kind, items) for kind, items in report.resources.items() if items]
