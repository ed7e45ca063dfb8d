"""The content of a holiday or season briefing (节日/季节安全风险简报), as plain data.

One `Briefing` feeds the HTML map, the PDF and the XLSX, so the three never disagree. Its scope
is the focus of the preset (`riskmap.core.presets`): the risk layers whose TOML names it, each
narrowed by the preset's filter (清明: cemeteries and scenic spots, forest zones of fire class
≥ 4, mountain roads). Counts, lists and the year-on-year change are about those sites only: a
briefing before 清明 is about 清明's risks, and the ledger has the rest.

Sites belong to the district the ledger gives them (their township, and its county), not to
whatever their geometry touches: a forest zone across a county line is counted once, where its
属地 answers for it. Everything is computed for `as_of` ("today"), so the same data and the
same date give the same briefing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select

from riskmap import terms
from riskmap.brief.compare import YearOnYear, year_on_year
from riskmap.core.dossier import Filters, RectificationRow, build
from riskmap.core.figures import is_escalated, is_major
from riskmap.core.patrol import coverage
from riskmap.core.presets import Preset, Window, get_preset
from riskmap.core.region import Region
from riskmap.core.style import worst_level
from riskmap.core.style.data import site_classes
from riskmap.core.workspace import Workspace
from riskmap.errors import RiskmapError
from riskmap.messages import words
from riskmap.store.load import DistrictRecord
from riskmap.store.schema import Resource, Site

PHASE_ZH = {"lead": "节前", "holiday": "节日期间"}
UNASSIGNED = "（未指定责任单位）"


@dataclass(frozen=True)
class FocusLayer:
    key: str
    name_zh: str
    name_en: str
    geometry: str
    color: str
    filter_zh: str
    sites: int = 0
    open: int = 0
    major_open: int = 0


@dataclass(frozen=True)
class SiteHazard:
    """An open hazard as a map popup shows it."""

    id: int
    level: str
    description: str
    status: str
    deadline: dt.date | None
    overdue: bool


@dataclass(frozen=True)
class MapSite:
    id: int
    layer: str
    name: str
    district_code: str | None  # the township
    township: str
    county_code: str | None
    hazards: tuple[SiteHazard, ...] = ()
    cls: str | None = None  # its `[style.classes]` key (riskmap.core.style.class_key)

    @property
    def major_open(self) -> bool:
        return any(is_major(h.level) for h in self.hazards)

    @property
    def level(self) -> str | None:
        """The level its ring shows: that of its worst open hazard (None: none open)."""
        return worst_level(h.level for h in self.hazards)

    @property
    def overdue(self) -> bool:
        return any(h.overdue for h in self.hazards)


@dataclass
class DistrictRow:
    code: str
    name: str
    sites: int = 0
    open: int = 0
    major_open: int = 0
    overdue: int = 0  # open rectifications past their deadline
    sites_by_layer: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class MajorHazard:
    hazard_id: int
    site_id: int
    site_name: str
    layer: str
    county: str
    township: str
    district_code: str | None  # the township (the ledger's 属地)
    county_code: str | None
    unit: str
    description: str
    found_on: dt.date
    deadline: dt.date | None
    status: str
    days_overdue: int  # 0 when not overdue
    escalated: bool


@dataclass(frozen=True)
class RectItem:
    rect_id: int
    hazard_id: int
    site_id: int
    site_name: str
    layer: str
    county: str
    township: str
    district_code: str | None  # the township (the ledger's 属地)
    county_code: str | None
    level: str
    unit: str
    person: str
    measures: str
    deadline: dt.date
    status: str
    days_overdue: int
    phase: str = ""  # for deadlines: lead | holiday


@dataclass(frozen=True)
class UnitOverdue:
    unit_id: int | None
    unit: str
    count: int
    major: int
    items: tuple[RectItem, ...]


@dataclass(frozen=True)
class Gap:
    site_id: int
    site_name: str
    layer: str
    county: str
    township: str
    district_code: str | None  # the township (the ledger's 属地)
    county_code: str | None
    reasons: tuple[str, ...]


@dataclass
class Briefing:
    city: str
    fictional: bool
    preset: str
    preset_zh: str
    preset_en: str
    focus_zh: str
    year: int
    title: str
    window: Window
    period_start: dt.date  # window.start − the preset's lead days
    as_of: dt.date
    scope_code: str  # the city's code, or the county's
    scope_name: str
    scope_level: str  # city | county
    focus_layers: list[FocusLayer]
    districts: list[DistrictRow]  # counties of the city, or townships of the county
    totals: DistrictRow
    major: list[MajorHazard]
    overdue_by_unit: list[UnitOverdue]
    deadlines: list[RectItem]
    gaps: list[Gap]
    high_risk: int  # high-risk sites in scope (the coverage check's definition)
    patrols: int  # patrol areas active in the window
    yoy: YearOnYear
    sites: list[MapSite]  # the focus sites, for the maps
    resources: list[MapSite]  # rescue resources in scope (context on the maps)
    layer_names: dict[str, str] = field(default_factory=dict)  # every layer's Chinese name

    def layer_name(self, key: str) -> str:
        return self.layer_names.get(key, key)

    @property
    def window_source(self) -> str:
        return self.window.source_text("zh")

    @property
    def overdue_total(self) -> int:
        return sum(u.count for u in self.overdue_by_unit)

    def row_code(self, county_code: str | None, district_code: str | None) -> str:
        """Which of `districts` an item belongs to: its county in a city briefing, its
        township in a county briefing."""
        return (county_code if self.scope_level == "city" else district_code) or ""


def briefing_context(
    ws: Workspace,
    preset: str | Preset,
    year: int,
    district: str | None = None,
    as_of: dt.date | None = None,
) -> Briefing:
    """Everything a briefing for `preset` in `year` shows, for the city or one of its counties."""
    p = preset if isinstance(preset, Preset) else get_preset(preset)
    as_of = as_of or dt.date.today()
    window = p.window(year)
    scope, level, region = _scope(ws, district)
    layers = p.layers(ws.catalog)
    keys = [s.key for s in layers]

    in_scope = _focus_ids(ws, p, keys, scope, level)
    dossier = build(ws, region, Filters(layers=tuple(keys), as_of=as_of))
    sites = [s for s in dossier.sites if s.id in in_scope]
    ids = {s.id for s in sites}
    hazards = [h for h in dossier.hazards if h.site_id in ids]
    rects = [r for r in dossier.rectifications if r.site_id in ids]

    def county_name(code: str | None) -> str:
        d = ws.district(ws.county_of(code) or "")
        return d.name if d else ""

    def township_name(code: str | None) -> str:
        d = ws.district(code or "")
        return d.name if d else ""

    # Rows: the counties of the city, or the townships of the county.
    children = [d for d in ws.districts if d.parent_code == scope.code]
    rows = {d.code: DistrictRow(d.code, d.name) for d in children}

    def row_of(code: str | None) -> DistrictRow:
        key = (ws.county_of(code) if level == "city" else code) or ""
        if key not in rows:
            rows[key] = DistrictRow(key, "（未归属）")
        return rows[key]

    layer_counts: dict[str, list[int]] = {k: [0, 0, 0] for k in keys}
    site_by_id = {s.id: s for s in sites}
    for s in sites:
        r = row_of(s.district_code)
        r.sites += 1
        r.sites_by_layer[s.layer] = r.sites_by_layer.get(s.layer, 0) + 1
        layer_counts[s.layer][0] += 1
    open_by_site: dict[int, list[SiteHazard]] = defaultdict(list)
    for h in hazards:
        if not h.is_open:
            continue
        r = row_of(site_by_id[h.site_id].district_code)
        r.open += 1
        layer_counts[h.layer][1] += 1
        if is_major(h.level):
            r.major_open += 1
            layer_counts[h.layer][2] += 1
        if h.overdue:
            r.overdue += 1
        open_by_site[h.site_id].append(
            SiteHazard(h.id, h.level, h.description, h.status, h.deadline, h.overdue)
        )

    district_rows = sorted(rows.values(), key=lambda r: (r.code == "", r.code))
    district_rows = [r for r in district_rows if r.code or r.sites]
    totals = DistrictRow(scope.code, scope.name)
    for r in district_rows:
        totals.sites += r.sites
        totals.open += r.open
        totals.major_open += r.major_open
        totals.overdue += r.overdue
        for k, n in r.sites_by_layer.items():
            totals.sites_by_layer[k] = totals.sites_by_layer.get(k, 0) + n

    focus = [
        FocusLayer(
            s.key, s.name_zh, s.name_en, s.geometry, s.style.color, p.filter_text(s.key),
            *layer_counts[s.key],
        )
        for s in layers
    ]  # fmt: skip

    rect_by_hazard = {r.hazard_id: r for r in rects}
    major = []
    for h in hazards:
        if not (h.is_open and is_major(h.level)):
            continue
        rc = rect_by_hazard.get(h.id)
        site = site_by_id[h.site_id]
        major.append(
            MajorHazard(
                hazard_id=h.id,
                site_id=h.site_id,
                site_name=h.site_name,
                layer=h.layer,
                county=county_name(site.district_code),
                township=township_name(site.district_code),
                district_code=site.district_code,
                county_code=ws.county_of(site.district_code),
                unit=(rc.unit_name if rc else "") or UNASSIGNED,
                description=h.description,
                found_on=h.found_on,
                deadline=h.deadline,
                status=h.status,
                days_overdue=h.days_overdue or 0,
                escalated=is_escalated(h.escalation),
            )
        )
    major.sort(key=lambda m: (-m.days_overdue, m.deadline or dt.date.max, m.hazard_id))

    def item(rc: RectificationRow, phase: str = "") -> RectItem:
        return RectItem(
            rect_id=rc.id,
            hazard_id=rc.hazard_id,
            site_id=rc.site_id,
            site_name=rc.site_name,
            layer=rc.layer,
            county=county_name(rc.district_code),
            township=township_name(rc.district_code),
            district_code=rc.district_code,
            county_code=ws.county_of(rc.district_code),
            level=rc.level,
            unit=rc.unit_name or UNASSIGNED,
            person=rc.responsible_person,
            measures=rc.measures,
            deadline=rc.deadline,
            status=rc.status,
            days_overdue=rc.days_overdue,
            phase=phase,
        )

    overdue_by_unit = _group_overdue([item(rc) for rc in rects if rc.days_overdue > 0], rects)
    period_start = window.start - dt.timedelta(days=p.lead_days)
    deadlines = [
        item(rc, "holiday" if window.contains(rc.deadline) else "lead")
        for rc in rects
        if period_start <= rc.deadline <= window.end
    ]
    deadlines.sort(key=lambda r: (r.deadline, r.level != "major", r.rect_id))

    cov = coverage(ws, window, as_of=as_of)
    high = [s for s in cov.high_risk if _in_scope(ws, s.district_code, scope.code, level)]
    gaps = [
        Gap(
            s.site_id, s.name, s.layer, county_name(s.district_code),
            township_name(s.district_code), s.district_code, ws.county_of(s.district_code),
            tuple(terms.reason(r) for r in s.reasons),
        )
        for s in cov.gaps
        if _in_scope(ws, s.district_code, scope.code, level)
    ]  # fmt: skip
    gaps.sort(key=lambda g: (g.county, g.township, g.layer, g.site_id))

    classes = site_classes(ws.store, ws.catalog, [(s.id, s.layer) for s in sites])
    map_sites = [
        MapSite(
            s.id, s.layer, s.name, s.district_code, township_name(s.district_code),
            ws.county_of(s.district_code),
            tuple(sorted(open_by_site.get(s.id, ()), key=lambda h: (h.level != "major", h.id))),
            classes.get(s.id),
        )
        for s in sites
    ]  # fmt: skip
    city = ws.city()
    city_name = ws.store.city_name or (city.name if city else "")
    where = city_name if level == "city" else f"{city_name}{scope.name}"
    return Briefing(
        city=city_name,
        fictional=ws.store.fictional,
        preset=p.key,
        preset_zh=p.zh,
        preset_en=p.en,
        focus_zh=p.focus_zh,
        year=year,
        title=f"{where}{year}年{p.zh}安全风险简报",
        window=window,
        period_start=period_start,
        as_of=as_of,
        scope_code=scope.code,
        scope_name=scope.name,
        scope_level=level,
        focus_layers=focus,
        districts=district_rows,
        totals=totals,
        major=major,
        overdue_by_unit=overdue_by_unit,
        deadlines=deadlines,
        gaps=gaps,
        high_risk=len(high),
        patrols=len(cov.patrols),
        yoy=year_on_year(ws, p, year, window, sorted(ids), as_of),
        sites=map_sites,
        resources=_resources(ws, scope.code, level, township_name),
        layer_names={k: spec.name_zh for k, spec in ws.catalog.items()},
    )


def _scope(ws: Workspace, district: str | None) -> tuple[DistrictRecord, str, Region]:
    """(district record, level, region) of the briefing: the whole city, or one county."""
    city = ws.city()
    if district is None or (city is not None and district in (city.code, city.name)):
        if city is None:
            raise RiskmapError.of("brief.no_city")
        return city, "city", ws.whole_region()
    region = Region.from_district(ws.districts, district, ws.crs)
    rec = ws.district(region.params["code"])
    assert rec is not None
    if rec.level != "county":
        raise RiskmapError.of(
            "brief.not_county",
            district=rec.name,
            code=rec.code,
            level=words.district_level(rec.level),
        )
    return rec, "county", region


def _in_scope(ws: Workspace, code: str | None, scope: str, level: str) -> bool:
    """Whether a site of district `code` is the scope's (属地; the city's: every site)."""
    return level == "city" or ws.territory.owns(scope, code)


def _focus_ids(
    ws: Workspace, p: Preset, keys: list[str], scope: DistrictRecord, level: str
) -> set[int]:
    """Sites of the focus layers that pass the preset's filters and belong to the scope."""
    out: set[int] = set()
    if not keys:
        return out
    stmt = select(Site.id, Site.layer, Site.district_code, Site.attrs).where(Site.layer.in_(keys))
    with ws.store.engine.connect() as c:
        for sid, layer, code, attrs in c.execute(stmt):
            if p.keeps(layer, attrs) and _in_scope(ws, code, scope.code, level):
                out.add(int(sid))
    return out


def _group_overdue(items: list[RectItem], rects: list[RectificationRow]) -> list[UnitOverdue]:
    unit_of = {r.id: r.unit_id for r in rects}
    groups: dict[tuple[int | None, str], list[RectItem]] = defaultdict(list)
    for it in items:
        groups[(unit_of.get(it.rect_id), it.unit)].append(it)
    out = [
        UnitOverdue(
            uid,
            name,
            len(its),
            sum(is_major(i.level) for i in its),
            tuple(sorted(its, key=lambda i: (-i.days_overdue, i.rect_id))),
        )
        for (uid, name), its in groups.items()
    ]
    out.sort(key=lambda u: (-u.count, -u.major, u.unit, u.unit_id or 0))
    return out


def _resources(
    ws: Workspace, scope: str, level: str, township_name: Callable[[str | None], str]
) -> list[MapSite]:
    stmt = (
        select(Site.id, Site.name, Site.district_code, Resource.kind)
        .outerjoin(Resource, Resource.site_id == Site.id)
        .where(Site.layer == "resources")
        .order_by(Site.id)
    )
    with ws.store.engine.connect() as c:
        rows = c.execute(stmt).all()
    return [
        MapSite(sid, "resources", name, code, township_name(code), ws.county_of(code), (), kind)
        for sid, name, code, kind in rows
        if _in_scope(ws, code, scope, level)
    ]
