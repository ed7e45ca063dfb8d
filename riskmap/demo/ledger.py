"""Units, responsibility lists, inspections, hazards, rectifications, patrol areas and the audit
trail of the demo city, as rows (dicts keyed by column) ready for a bulk insert."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely

from riskmap.core.catalog import Catalog
from riskmap.demo import names as N
from riskmap.demo.hazard_texts import TEXTS, VENUE_TEXTS
from riskmap.demo.model import City, SiteRec

# Department code → (city-level name, county-level name). The first seven head risk layers
# (their codes come from layers/*.toml); the rest regulate kinds of dense venue.
DEPARTMENTS: dict[str, tuple[str, str]] = {
    "emergency": ("应急管理局", "应急管理局"),
    "forestry": ("林业和草原局", "林业和草原局"),
    "water": ("水务局", "水务局"),
    "transport": ("交通运输局", "交通运输局"),
    "housing": ("住房和城乡建设局", "住房和城乡建设局"),
    "health": ("卫生健康委员会", "卫生健康局"),
    "natural_resources": ("自然资源局", "自然资源局"),
    "education": ("教育局", "教育局"),
    "civil_affairs": ("民政局", "民政局"),
    "culture_tourism": ("文化和旅游局", "文化和旅游局"),
    "commerce": ("商务局", "商务局"),
}
VENUE_REGULATOR = {
    "school": "education",
    "hospital": "health",
    "cemetery": "civil_affairs",
    "scenic_spot": "culture_tourism",
    "stadium": "culture_tourism",
    "mall": "commerce",
    "market": "commerce",
    "station": "transport",
}
# Who answers for fixing a defect at a site no enterprise runs.
PUBLIC_OWNER = {
    "roads": "transport",
    "waterways": "water",
    "forest_fire": "forestry",
    "quarantine_sites": "health",
    "geohazards": "natural_resources",
    "gas": "housing",
    "construction": "housing",
    "chemical_plants": "emergency",
    "mines": "emergency",
}
HAZARD_RATE = {
    "chemical_plants": 3.0,
    "mines": 1.5,
    "construction": 1.4,
    "gas": 0.7,
    "quarantine_sites": 0.6,
    "geohazards": 0.3,
    "forest_fire": 0.28,
    "roads": 0.2,
    "waterways": 0.8,
    "dense_venues": 0.3,
}
LOCATIONS = {
    "chemical_plants": ("储罐区", "生产装置区", "装卸站台", "危化品仓库", "中控室", "污水处理站"),
    "construction": ("1号楼", "2号楼", "3号楼", "基坑东侧", "塔吊作业区", "钢筋加工区", "生活区"),
    "dense_venues": ("一楼大厅", "二楼", "地下一层", "东侧楼梯间", "后厨", "北门"),
    "mines": ("主井", "副井", "-120米水平", "+1350平台", "采区", "炸药库", "地面工业广场"),
    "gas": ("站区", "卸车区", "调压间", "管线沿线", "营业厅"),
    "quarantine_sites": ("一楼", "二楼", "三楼", "医护通道", "污物通道"),
}


@dataclass
class Ledger:
    units: list[dict[str, Any]] = field(default_factory=list)
    duties: list[dict[str, Any]] = field(default_factory=list)
    inspections: list[dict[str, Any]] = field(default_factory=list)
    hazards: list[dict[str, Any]] = field(default_factory=list)
    rectifications: list[dict[str, Any]] = field(default_factory=list)
    patrol_areas: list[dict[str, Any]] = field(default_factory=list)
    resources: list[dict[str, Any]] = field(default_factory=list)
    audit_events: list[dict[str, Any]] = field(default_factory=list)
    users: list[dict[str, Any]] = field(default_factory=list)
    dept: dict[tuple[str, str], int] = field(default_factory=dict)  # (district, code) → unit id
    gov: dict[str, int] = field(default_factory=dict)  # district code → government unit id
    ent: dict[int, int] = field(default_factory=dict)  # enterprise index → unit id


def _unit(led: Ledger, rng: np.random.Generator, **kw: Any) -> int:
    uid = len(led.units) + 1
    row = {
        "id": uid,
        "department_code": None,
        "contact_person": N.person(rng),
        "phone": N.landline(rng) if kw["kind"] != "enterprise" else N.mobile(rng),
        "version": 1,
        **kw,
    }
    led.units.append(row)
    return uid


def build_units(city: City, catalog: Catalog, rng: np.random.Generator) -> Ledger:
    led = Ledger()
    for spec in catalog.values():
        if spec.regulator.code not in DEPARTMENTS:
            raise ValueError(f"demo: no department for regulator code {spec.regulator.code!r}")
    land = city.land
    areas = [(N.CITY_CODE, N.CITY_ZH, "city")] + [(c.code, c.name, "county") for c in land.counties]
    for code, name, level in areas:
        gov_name = f"{name}人民政府"
        led.gov[code] = _unit(
            led,
            rng,
            name=gov_name,
            kind="territorial",
            district_code=code,
            credit_code=N.credit_code(rng, code, "11"),
        )
        for dcode, (city_name, county_name) in DEPARTMENTS.items():
            dname = name + (city_name if level == "city" else county_name)
            led.dept[(code, dcode)] = _unit(
                led,
                rng,
                name=dname,
                kind="regulator",
                department_code=dcode,
                district_code=code,
                credit_code=N.credit_code(rng, code, "11"),
            )
    for t in land.townships:
        suffix = "办事处" if t.kind == "street" else "人民政府"
        led.gov[t.code] = _unit(
            led,
            rng,
            name=t.name + suffix,
            kind="territorial",
            district_code=t.code,
            credit_code=N.credit_code(rng, t.county, "11"),
        )
    for i, e in enumerate(city.enterprises):
        e.contact, e.phone = N.person(rng), N.mobile(rng)
        e.credit = N.credit_code(rng, e.county)
        led.ent[i] = _unit(
            led,
            rng,
            name=e.name,
            kind="enterprise",
            district_code=e.county,
            contact_person=e.contact,
            phone=e.phone,
            credit_code=e.credit,
        )
    return led


def _duty(led: Ledger, **kw: Any) -> None:
    led.duties.append(
        {
            "id": len(led.duties) + 1,
            "layer": None,
            "site_id": None,
            "district_code": None,
            "note": "",
            "version": 1,
            **kw,
        }
    )


def build_duties(city: City, catalog: Catalog, led: Ledger) -> None:
    areas = [N.CITY_CODE] + [c.code for c in city.land.counties]
    for spec in catalog.values():
        for code in areas:
            _duty(
                led,
                unit_id=led.dept[(code, spec.regulator.code)],
                role="regulator",
                layer=spec.key,
                district_code=code,
                note=f"管行业必须管安全：{spec.name_zh}",
            )
    for code in areas:
        _duty(
            led, unit_id=led.gov[code], role="territorial", district_code=code, note="属地管理责任"
        )
        _duty(
            led,
            unit_id=led.dept[(code, "emergency")],
            role="supervisor",
            district_code=code,
            note="安全生产综合监管",
        )
        for dcode, layer, what in (
            ("natural_resources", "mines", "采矿许可审批"),
            ("natural_resources", "construction", "建设用地规划许可"),
            ("housing", "construction", "建筑工程施工许可"),
            ("emergency", "chemical_plants", "危险化学品建设项目安全条件审查"),
        ):
            _duty(
                led,
                unit_id=led.dept[(code, dcode)],
                role="approver",
                layer=layer,
                district_code=code,
                note=f"谁审批谁负责：{what}",
            )
    for t in city.land.townships:
        _duty(
            led,
            unit_id=led.gov[t.code],
            role="territorial",
            district_code=t.code,
            note="属地管理责任",
        )
    for s in city.sites:
        county = s.district[:6]
        if s.layer == "dense_venues" and s.tag in VENUE_REGULATOR:
            _duty(
                led,
                unit_id=led.dept[(county, VENUE_REGULATOR[s.tag])],
                role="regulator",
                layer=s.layer,
                site_id=s.id,
                district_code=county,
                note="行业主管部门",
            )
        if s.enterprise is not None:
            _duty(
                led,
                unit_id=led.ent[s.enterprise],
                role="enterprise",
                layer=s.layer,
                site_id=s.id,
                note="企业主体责任",
            )


def build_resources(city: City, led: Ledger) -> None:
    for s in city.sites:
        if s.layer != "resources":
            continue
        owner = s.extra["owner"]
        county = s.district[:6]
        unit = led.gov[s.district] if owner == "gov" else led.dept[(county, owner)]
        led.resources.append(
            {
                "site_id": s.id,
                "kind": s.attrs["kind"],
                "capacity": s.attrs["capacity"],
                "capacity_unit": s.extra["capacity_unit"],
                "unit_id": unit,
                "contact": s.attrs["contact"],
            }
        )


def _texts(s: SiteRec) -> tuple[tuple[str, str, str, bool], ...]:
    base = TEXTS[s.layer]
    if s.layer == "dense_venues":
        return base + VENUE_TEXTS.get(s.tag, ())
    return base


def build_ledger(city: City, led: Ledger, rng: np.random.Generator, anchor: dt.date) -> None:
    """Inspections over the 120 days before the anchor, and the hazards they found."""
    land = city.land
    day = dt.timedelta(days=1)
    by_area: dict[str, list[int]] = {}
    areas = [(N.CITY_CODE, "市安委办")] + [(c.code, f"{c.name}安委办") for c in land.counties]
    for code, office in areas:
        n = 14 if code == N.CITY_CODE else int(rng.integers(16, 24))
        days = np.sort(rng.integers(1, 121, size=n))[::-1]
        for k, back in enumerate(days, start=1):
            unannounced = bool(rng.random() < 0.3)
            iid = len(led.inspections) + 1
            led.inspections.append(
                {
                    "id": iid,
                    "kind": "unannounced" if unannounced else "routine",
                    "date": anchor - int(back) * day,
                    "team": f"{office}{'暗访组' if unannounced else f'第{1 + k % 4}督查组'}",
                    "lead": N.person(rng),
                    "district_code": code,
                    "note": N.INSPECTION_THEMES[int(rng.integers(len(N.INSPECTION_THEMES)))],
                }
            )
            by_area.setdefault(code, []).append(iid)

    unit_contact = {u["id"]: u["contact_person"] for u in led.units}
    statuses = ("open", "in_progress", "submitted", "verified")
    for s in city.sites:
        rate = HAZARD_RATE.get(s.layer)
        if rate is None:
            continue
        if s.layer == "chemical_plants":
            rate *= 1.4 if s.attrs["hazard_class"] <= 2 else 1.0
        n = int(rng.poisson(rate))
        texts = _texts(s)
        picks = rng.choice(len(texts), size=min(n, len(texts)), replace=False)
        county = s.district[:6]
        for ti in picks:
            cat, desc, measures, can_major = texts[int(ti)]
            major = bool(can_major and rng.random() < 0.33) or bool(rng.random() < 0.01)
            locs = LOCATIONS.get(s.layer)
            if locs and rng.random() < 0.5:
                desc = f"{desc}（{locs[int(rng.integers(len(locs)))]}）"
            if rng.random() < 0.7:
                pool = by_area[N.CITY_CODE] if rng.random() < 0.2 else by_area[county]
                insp = led.inspections[pool[int(rng.integers(len(pool)))] - 1]
                found_on, found_by, iid = insp["date"], insp["lead"], insp["id"]
            else:
                found_on = anchor - int(rng.integers(1, 121)) * day
                found_by = "企业自查" if s.enterprise is not None else "网格员日常巡查"
                iid = None
            hid = len(led.hazards) + 1
            status = statuses[int(rng.choice(4, p=[0.2, 0.28, 0.1, 0.42]))]
            age = (anchor - found_on).days
            if s.enterprise is not None:
                unit = led.ent[s.enterprise]
            elif s.layer == "dense_venues":
                code = VENUE_REGULATOR.get(s.tag)
                unit = (
                    led.gov[s.district]
                    if s.tag in ("cemetery", "market") or not code
                    else (led.dept[(county, code)])
                )
            elif s.layer == "geohazards" and s.attrs.get("scale") in ("small", "medium"):
                unit = led.gov[s.district]
            else:
                unit = led.dept[(county, PUBLIC_OWNER[s.layer])]
            person = unit_contact[unit] if rng.random() < 0.6 else N.person(rng)
            span = (30, 90) if major else (7, 40)
            submitted_by = submitted_on = verified_by = verified_on = None
            if status == "verified":
                deadline = found_on + int(rng.integers(*span)) * day
                submitted_on = found_on + int(rng.integers(1, max(age - 1, 2))) * day
                submitted_on = max(found_on, min(submitted_on, anchor - 2 * day))
                verified_on = (
                    submitted_on + int(rng.integers(1, max((anchor - submitted_on).days, 2))) * day
                )
                verified_on = min(verified_on, anchor - day)
                submitted_by = person
                verified_by = N.person(rng)
                while verified_by == submitted_by:
                    verified_by = N.person(rng)
            else:
                overdue_p = 0.12 if status == "submitted" else 0.24
                if age > 8 and rng.random() < overdue_p:
                    deadline = anchor - int(rng.integers(1, min(age - 5, 60))) * day
                else:
                    deadline = anchor + int(rng.integers(2, span[1])) * day
                if status == "submitted":
                    submitted_on = found_on + int(rng.integers(1, max(age, 2))) * day
                    submitted_on = max(found_on, min(submitted_on, anchor - day))
                    submitted_by = person
            overdue = status != "verified" and deadline < anchor
            escalation = int(
                major and overdue and (anchor - deadline).days > 7 and rng.random() < 0.7
            )
            led.hazards.append(
                {
                    "id": hid,
                    "site_id": s.id,
                    "level": "major" if major else "general",
                    "category": cat,
                    "description": desc,
                    "found_on": found_on,
                    "found_by": found_by,
                    "inspection_id": iid,
                    "escalation": escalation,
                    # 提级 on the first day overdue, as riskmap.core.ledger does it.
                    "escalated_on": deadline + day if escalation else None,
                    "version": 1,
                }
            )
            funds = None
            if rng.random() < 0.7:
                funds = round(float(rng.uniform(5, 200) if major else rng.uniform(0.1, 8)), 1)
            rid = len(led.rectifications) + 1
            led.rectifications.append(
                {
                    "id": rid,
                    "hazard_id": hid,
                    "measures": measures,
                    "deadline": deadline,
                    "unit_id": unit,
                    "responsible_person": person,
                    "status": status,
                    "funds": funds,
                    "submitted_by": submitted_by,
                    "submitted_on": submitted_on,
                    "verified_by": verified_by,
                    "verified_on": verified_on,
                    "review_note": "",
                    "version": 1,
                }
            )
            _audit(
                led,
                rng,
                s,
                hid,
                rid,
                found_on,
                found_by,
                status,
                submitted_on,
                submitted_by,
                verified_on,
                verified_by,
                anchor,
            )


def _audit(
    led: Ledger,
    rng: np.random.Generator,
    s: SiteRec,
    hid: int,
    rid: int,
    found_on: dt.date,
    found_by: str,
    status: str,
    sub_on: dt.date | None,
    sub_by: str | None,
    ver_on: dt.date | None,
    ver_by: str | None,
    anchor: dt.date,
) -> None:
    def at(d: dt.date) -> dt.datetime:
        return dt.datetime.combine(d, dt.time(8)) + dt.timedelta(minutes=int(rng.integers(30, 600)))

    def ev(
        d: dt.date, user: str, action: str, table: str, row: int, before: Any, after: Any
    ) -> None:
        led.audit_events.append(
            {
                "id": len(led.audit_events) + 1,
                "at": at(d),
                "user": user,
                "action": action,
                "table": table,
                "row_id": row,
                "site_id": s.id,
                "before": before,
                "after": after,
            }
        )

    clerk = "demo"
    ev(found_on, clerk, "create", "hazards", hid, None, {"found_by": found_by})
    ev(found_on, clerk, "create", "rectifications", rid, None, {"status": "open"})
    if status == "open":
        return
    start = found_on + dt.timedelta(days=int(rng.integers(0, 4)))
    start = min(start, anchor - dt.timedelta(days=1))
    ev(
        start,
        clerk,
        "update",
        "rectifications",
        rid,
        {"status": "open"},
        {"status": "in_progress"},
    )
    if sub_on is not None and sub_by is not None:
        ev(
            max(sub_on, start),
            sub_by,
            "update",
            "rectifications",
            rid,
            {"status": "in_progress"},
            {"status": "submitted"},
        )
    if ver_on is not None and ver_by is not None:
        ev(
            ver_on,
            ver_by,
            "update",
            "rectifications",
            rid,
            {"status": "submitted"},
            {"status": "verified"},
        )


def build_users(city: City, led: Ledger, anchor: dt.date) -> None:
    """The demo's people: an admin, editors at city and county level, viewers for the wall."""
    first = city.land.counties[0].code
    for name, display, role, unit in (
        ("admin", "系统管理员", "admin", None),
        ("zhangwei", "张伟", "editor", led.dept[(N.CITY_CODE, "emergency")]),
        ("lina", "李娜", "editor", led.dept[(N.CITY_CODE, "emergency")]),
        ("wangqiang", "王强", "editor", led.dept[(first, "emergency")]),
        ("duty", "值班员", "viewer", None),
        ("wall", "指挥中心大屏", "viewer", None),
    ):
        led.users.append(
            {
                "name": name,
                "display_name": display,
                "role": role,
                "unit_id": unit,
                "active": True,
                "created_at": dt.datetime.combine(anchor - dt.timedelta(days=365), dt.time(9)),
            }
        )


def qingming_window(anchor: dt.date) -> tuple[dt.date, dt.date]:
    """清明 after the anchor (4 or 5 April; the 5th is close enough for a patrol window)."""
    year = anchor.year + (1 if anchor >= dt.date(anchor.year, 4, 5) else 0)
    day = dt.date(year, 4, 5)
    return day - dt.timedelta(days=7), day + dt.timedelta(days=3)


def build_patrols(city: City, led: Ledger, rng: np.random.Generator, anchor: dt.date) -> None:
    """Qingming patrols: areas around cemeteries and the most fire-prone forest, two road routes."""
    starts, ends = qingming_window(anchor)
    land = city.land
    cem = [s for s in city.sites if s.layer == "dense_venues" and s.tag == "cemetery"]
    hot = [s for s in city.sites if s.layer == "forest_fire" and s.attrs["fire_class"] >= 4]
    score: dict[str, float] = {}
    for s in cem:
        score[s.district] = score.get(s.district, 0.0) + 1.0
    hot_tree = shapely.STRtree([s.geom for s in hot])
    towns = {t.code: t for t in land.townships}
    ranked = sorted(
        score, key=lambda code: (-score[code] - 0.2 * len(hot_tree.query(towns[code].geom)), code)
    )
    for k, code in enumerate(ranked[:6], start=1):
        t = towns[code]
        pts = [s.geom for s in cem if s.district == code]
        near_fire = [hot[i].geom for i in hot_tree.query(t.geom, predicate="intersects")][:3]
        area = shapely.union_all([shapely.buffer(shapely.multipoints(pts), 1200.0), *near_fire])
        area = shapely.intersection(shapely.convex_hull(area), land.city)
        area = shapely.set_precision(shapely.simplify(area, 50.0), 0.1)
        county = code[:6]
        led.patrol_areas.append(
            {
                "id": len(led.patrol_areas) + 1,
                "name": f"{t.name}清明祭扫及森林防火巡查区",
                "kind": "area",
                "geom": area,
                "buffer_m": 0.0,
                "team": f"{t.name}清明安全巡查{('一', '二', '三')[k % 3]}组",
                "unit_id": led.gov[code] if k % 2 else led.dept[(county, "forestry")],
                "starts_on": starts,
                "ends_on": ends,
                "preset": "qingming",
                "note": "",
                "version": 1,
            }
        )
    # Routes: the mountain sections of two roads leading to the big cemeteries and forests.
    mountain = [
        s
        for s in city.sites
        if s.layer == "roads"
        and s.attrs["mountain"]
        and s.attrs["road_class"] in ("provincial", "national")
    ]
    routes: dict[str, list[SiteRec]] = {}
    for s in mountain:
        routes.setdefault(s.name.split(" ")[0], []).append(s)
    best = sorted(routes, key=lambda r: (-len(routes[r]), r))[:2]
    for r in best:
        merged = shapely.line_merge(shapely.union_all([s.geom for s in routes[r]]))
        line = max(shapely.get_parts(merged), key=lambda g: g.length)
        county = routes[r][0].district[:6]
        led.patrol_areas.append(
            {
                "id": len(led.patrol_areas) + 1,
                "name": f"{r}山区路段清明巡查路线",
                "kind": "route",
                "geom": shapely.set_precision(shapely.simplify(line, 20.0), 0.1),
                "buffer_m": float(rng.choice([500.0, 1000.0])),
                "team": f"{r}沿线森林防火巡护队",
                "unit_id": led.dept[(county, "transport")],
                "starts_on": starts,
                "ends_on": ends,
                "preset": "qingming",
                "note": "",
                "version": 1,
            }
        )
