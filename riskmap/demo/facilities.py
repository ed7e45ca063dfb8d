"""Facilities of the demo city: chemical plants, quarantine sites, mines, geological hazards,
gas stations, building sites and emergency resources."""

from __future__ import annotations

import numpy as np
import shapely
from shapely import Point

from riskmap.demo import names as N
from riskmap.demo.geography import County, point_in
from riskmap.demo.model import STREETS, City, Enterprise, SiteRec, street_address
from riskmap.demo.places import cn_num, rpoint, short_name, urban_area


def chemical_plants(city: City, rng: np.random.Generator) -> list[SiteRec]:
    land = city.land
    out: list[SiteRec] = []
    used: set[str] = set()
    lx, ly = land.city_seat
    river = land.river
    # The chemical park: downstream of the city seat, on the river's north bank.
    d = shapely.line_locate_point(river, Point(lx, ly)) + 11_000.0
    rp = river.line_interpolate_point(d)
    park = (rp.x, rp.y + 1500.0)
    qu = land.counties[0]

    def name_for(county: County) -> str:
        while True:
            stem = N.CHEM_STEMS[int(rng.integers(len(N.CHEM_STEMS)))]
            kind = N.CHEM_KINDS[int(rng.integers(len(N.CHEM_KINDS)))]
            nm = f"{N.CITY_ZH[:2] if county.kind == 'qu' else short_name(county)}{stem}{kind}"
            if nm not in used:
                used.add(nm)
                return nm

    def plant(county: County, p: tuple[float, float], in_park: bool) -> None:
        nm = name_for(county)
        hc = int(
            rng.choice(
                [1, 2, 3, 4], p=[0.08, 0.17, 0.35, 0.40] if in_park else [0.03, 0.1, 0.37, 0.5]
            )
        )
        chems = rng.choice(len(N.CHEMICALS), size=int(rng.integers(1, 4)), replace=False)
        e = city.enterprise(Enterprise(nm, county.code, "chemical"))
        rec = city.add(
            SiteRec(
                "chemical_plants",
                nm,
                rpoint(p),
                {
                    "hazard_class": hc,
                    "chemicals": "、".join(N.CHEMICALS[int(i)] for i in sorted(chems)),
                    "employees": int(rng.integers(40, 1200) if in_park else rng.integers(20, 400)),
                    "in_park": in_park,
                    "license_no": f"（甘）WH安许证字〔{int(rng.integers(2022, 2027))}〕"
                    f"{int(rng.integers(1, 999)):06d}",
                },
                detail="青岚化工园区" + street_address(rng) if in_park else street_address(rng),
                tag=str(hc),
                enterprise=e,
            )
        )
        out.append(rec)

    for _ in range(int(rng.integers(26, 32))):
        p = (park[0] + rng.uniform(-1800, 1800), park[1] + rng.uniform(-900, 900))
        plant(qu, p, True)
    for county in land.counties[1:]:
        for _ in range(int(rng.integers(2, 5))):
            plant(county, point_in(rng, urban_area(county), county.seat, 1500, 5000), False)
    return out


def quarantine(city: City, rng: np.random.Generator, venues: dict[str, list[SiteRec]]) -> None:
    hospitals = venues["hospital"]
    hotels = ("宾馆", "大酒店", "培训中心", "商务酒店", "快捷酒店")
    for h in hospitals:
        x, y = h.geom.x, h.geom.y
        nm = h.name
        if nm.endswith("传染病医院") or nm.endswith("县人民医院") or nm.endswith("第一人民医院"):
            city.add(
                SiteRec(
                    "quarantine_sites",
                    f"{nm}（定点医院）",
                    rpoint((x + rng.uniform(-150, 150), y + rng.uniform(-150, 150))),
                    {
                        "kind": "designated_hospital",
                        "beds": int(rng.integers(60, 400)),
                        "state": "standby" if rng.random() < 0.6 else "active",
                    },
                    detail=h.detail,
                    tag="designated_hospital",
                )
            )
            for _ in range(int(rng.integers(2, 5))):
                stem = N.CHEM_STEMS[int(rng.integers(len(N.CHEM_STEMS)))]
                hotel = stem + hotels[int(rng.integers(len(hotels)))]
                a, r = rng.uniform(0, 2 * np.pi), rng.uniform(600, 3000)
                city.add(
                    SiteRec(
                        "quarantine_sites",
                        f"{hotel}集中隔离点",
                        rpoint((x + r * np.cos(a), y + r * np.sin(a))),
                        {
                            "kind": "isolation_point",
                            "beds": int(rng.integers(40, 260)),
                            "state": "standby" if rng.random() < 0.75 else "active",
                        },
                        detail=street_address(rng),
                        tag="isolation_point",
                    )
                )
        elif (nm.endswith("卫生院") or nm.endswith("服务中心")) and rng.random() < 0.6:
            city.add(
                SiteRec(
                    "quarantine_sites",
                    f"{nm}疫苗接种点",
                    rpoint((x + rng.uniform(-80, 80), y + rng.uniform(-80, 80))),
                    {
                        "kind": "vaccination_point",
                        "beds": int(rng.integers(4, 30)),
                        "state": "active",
                    },
                    detail=h.detail,
                    tag="vaccination_point",
                )
            )


def mines(city: City, rng: np.random.Generator) -> list[SiteRec]:
    land = city.land
    minx, miny, maxx, maxy = land.city.bounds
    x = rng.uniform(minx, maxx, 8000)
    y = rng.uniform(miny, maxy, 8000)
    ok = shapely.contains_xy(land.city, x, y)
    x, y = x[ok], y[ok]
    rel = land.terrain.elevation(x, y) - land.terrain.base_level(x)
    v = y - land.origin[1]
    county_tree = shapely.STRtree([c.geom for c in land.counties])
    out: list[SiteRec] = []
    used: set[str] = set()
    # Coal in the north and north-west; metal ores in the southern mountains; quarries in hills.
    pools = {
        "coal": np.flatnonzero((v > 15_000) & (rel > 250)),
        "metal": np.flatnonzero((v < -25_000) & (rel > 700)),
        "nonmetal": np.flatnonzero((rel > 200) & (rel < 900)),
    }
    plan = (("coal", 24, "煤矿"), ("metal", 18, ""), ("nonmetal", 46, ""))
    metal_kinds = ("铅锌矿", "金矿", "铜矿", "钨矿", "锑矿", "铁矿")
    quarry_kinds = ("石料厂", "建筑用砂石矿", "石灰岩矿", "黏土矿", "石膏矿")
    for kind, n, suffix in plan:
        idx = rng.choice(pools[kind], size=n, replace=False)
        for i in idx:
            ci = int(county_tree.query(Point(x[i], y[i]), predicate="intersects")[0])
            county = land.counties[ci]
            while True:
                stem = N.MINE_STEMS[int(rng.integers(len(N.MINE_STEMS)))]
                if kind == "metal":
                    suffix = metal_kinds[int(rng.integers(len(metal_kinds)))]
                elif kind == "nonmetal":
                    suffix = quarry_kinds[int(rng.integers(len(quarry_kinds)))]
                nm = f"{county.name}{stem}{suffix}"
                if nm not in used:
                    used.add(nm)
                    break
            company = f"{county.name}{stem}{'煤业' if kind == 'coal' else '矿业'}有限公司"
            e = city.enterprise(Enterprise(company, county.code, "mine"))
            underground = (kind == "coal" and rng.random() < 0.85) or (
                kind == "metal" and rng.random() < 0.6
            )
            rec = city.add(
                SiteRec(
                    "mines",
                    nm,
                    rpoint((x[i], y[i])),
                    {
                        "kind": kind,
                        "underground": bool(underground),
                        "employees": int(
                            rng.integers(60, 900) if underground else rng.integers(10, 150)
                        ),
                    },
                    detail=f"{stem}",
                    tag=kind,
                    enterprise=e,
                )
            )
            out.append(rec)
            if kind == "metal" and rng.random() < 0.8:
                a, r = rng.uniform(0, 2 * np.pi), rng.uniform(800, 2500)
                q = (x[i] + r * np.cos(a), y[i] + r * np.sin(a))
                if land.city.contains(Point(q)):
                    # 800–2500 m from its mine, a pond may lie over the county border: it is
                    # named after the county it lies in (and filed there), as a name says.
                    where = land.counties[
                        int(county_tree.query(Point(q), predicate="intersects")[0])
                    ]
                    out.append(
                        city.add(
                            SiteRec(
                                "mines",
                                f"{where.name}{stem}尾矿库",
                                rpoint(q),
                                {
                                    "kind": "tailings_pond",
                                    "underground": False,
                                    "employees": int(rng.integers(5, 30)),
                                },
                                detail=f"{stem}",
                                tag="tailings_pond",
                                enterprise=e,
                            )
                        )
                    )
    return out


GEO_KINDS = (
    ("landslide", "滑坡"),
    ("collapse", "崩塌"),
    ("debris_flow", "泥石流"),
    ("subsidence", "地面塌陷"),
)


def geohazards(city: City, rng: np.random.Generator, mine_recs: list[SiteRec]) -> None:
    land = city.land
    t = land.terrain
    vill = [(v[0], v[1], v[2]) for tw in land.townships for v in tw.villages]
    vxy = np.array([(v[1], v[2]) for v in vill])
    minx, miny, maxx, maxy = land.city.bounds
    x = rng.uniform(minx, maxx, 20000)
    y = rng.uniform(miny, maxy, 20000)
    ok = shapely.contains_xy(land.city, x, y)
    x, y = x[ok], y[ok]
    e = t.elevation(x, y)
    slope = (
        np.hypot(
            t.elevation(x + 150, y) - t.elevation(x - 150, y),
            t.elevation(x, y + 150) - t.elevation(x, y - 150),
        )
        / 300.0
    )
    dv = np.min(np.hypot(x[:, None] - vxy[None, :, 0], y[:, None] - vxy[None, :, 1]), axis=1)
    # Where slopes are steep and people live below them.
    w = slope**2 * np.exp(-dv / 2500.0) * (e > t.base_level(x) + 120)
    idx = rng.choice(len(x), size=460, replace=False, p=w / w.sum())
    _, d_trib = t.trib_tree.query_nearest(
        shapely.points(x[idx], y[idx]), return_distance=True, all_matches=False
    )
    count: dict[str, int] = {}
    scales = ("small", "medium", "large", "huge")
    for j, i in enumerate(idx):
        k = int(rng.choice(3, p=[0.58, 0.27, 0.15]))
        if d_trib[j] < 1200 and rng.random() < 0.6:
            k = 2
        kind, kzh = GEO_KINDS[k]
        near = vill[int(np.argmin(np.hypot(*(vxy - (x[i], y[i])).T)))][0]
        place = near[:-1] if near.endswith("村") else near
        key = place + kzh
        count[key] = count.get(key, 0) + 1
        nm = key if count[key] == 1 else f"{place}{count[key]}号{kzh}"
        sc = int(rng.choice(4, p=[0.58, 0.29, 0.11, 0.02]))
        city.add(
            SiteRec(
                "geohazards",
                nm,
                rpoint((x[i], y[i])),
                {
                    "kind": kind,
                    "scale": scales[sc],
                    "threatened_people": int(rng.integers(5, 60) * (1 + 2 * sc)),
                    "threatened_property": round(float(rng.uniform(20, 400) * (1 + 3 * sc)), 1),
                },
                detail=near,
                tag=kind,
            )
        )
    # Ground subsidence over old coal workings.
    for m in mine_recs:
        if m.tag == "coal" and rng.random() < 0.4:
            p = (m.geom.x + rng.uniform(-1500, 1500), m.geom.y + rng.uniform(-1500, 1500))
            if land.city.contains(Point(p)):
                city.add(
                    SiteRec(
                        "geohazards",
                        f"{m.name.removesuffix('煤矿')}采空区地面塌陷",
                        rpoint(p),
                        {
                            "kind": "subsidence",
                            "scale": "medium",
                            "threatened_people": int(rng.integers(20, 300)),
                            "threatened_property": round(float(rng.uniform(200, 2000)), 1),
                        },
                        detail=m.detail,
                        tag="subsidence",
                    )
                )


def gas_points(
    city: City, rng: np.random.Generator, operators: dict[str, int], trunk: list[np.ndarray]
) -> None:
    land = city.land
    for county in land.counties:
        op = operators[county.code]
        opname = city.enterprises[op].name
        urban = urban_area(county)
        is_qu = county.kind == "qu"
        n_reg = int(rng.integers(12, 18)) if is_qu else int(rng.integers(4, 8))
        for k in range(1, n_reg + 1):
            p = point_in(rng, urban, county.seat, 300, 4500 if is_qu else 2500)
            city.add(
                SiteRec(
                    "gas",
                    f"{short_name(county)}{cn_num(k)}号区域调压站",
                    rpoint(p),
                    {"kind": "regulator_station", "pressure": "medium", "operator": opname},
                    detail=street_address(rng),
                    tag="regulator_station",
                    enterprise=op,
                )
            )
        city.add(
            SiteRec(
                "gas",
                f"{short_name(county)}城市燃气门站",
                rpoint(point_in(rng, urban, county.seat, 2500, 6000)),
                {"kind": "regulator_station", "pressure": "high", "operator": opname},
                detail=street_address(rng),
                tag="regulator_station",
                enterprise=op,
            )
        )
        for k in range(1, (int(rng.integers(4, 7)) if is_qu else int(rng.integers(2, 4))) + 1):
            kind = ("CNG", "LNG", "L-CNG")[int(rng.integers(3))]
            p = point_in(rng, urban, county.seat, 500, 4000)
            city.add(
                SiteRec(
                    "gas",
                    f"{opname.removesuffix('有限公司').removesuffix('有限责任公司')}{cn_num(k)}号{kind}加气站",
                    rpoint(p),
                    {"kind": "gas_station", "pressure": "high", "operator": opname},
                    detail=street_address(rng),
                    tag="gas_station",
                    enterprise=op,
                )
            )
        # LPG: a storage-and-filling depot per county, supply points in the bigger towns.
        stem = N.CHEM_STEMS[int(rng.integers(len(N.CHEM_STEMS)))]
        lpg_name = f"{short_name(county)}{stem}液化气有限公司"
        lpg = city.enterprise(Enterprise(lpg_name, county.code, "gas"))
        city.add(
            SiteRec(
                "gas",
                f"{lpg_name.removesuffix('有限公司')}储配站",
                rpoint(point_in(rng, county.geom, county.seat, 2500, 7000)),
                {"kind": "lpg_station", "pressure": "medium", "operator": lpg_name},
                detail=street_address(rng),
                tag="lpg_station",
                enterprise=lpg,
            )
        )
        for t in county.townships:
            if t.kind != "street" and rng.random() < 0.35:
                city.add(
                    SiteRec(
                        "gas",
                        f"{t.name}液化气供应站",
                        rpoint(point_in(rng, t.geom, t.seat, 200, 1200)),
                        {"kind": "lpg_station", "pressure": "low", "operator": lpg_name},
                        detail=street_address(rng),
                        tag="lpg_station",
                        enterprise=lpg,
                    )
                )
    # Filling stations along the trunk roads between towns.
    for line in trunk:
        ls = shapely.linestrings(line)
        for f in np.sort(rng.uniform(0.1, 0.9, int(rng.integers(1, 4)))):
            p = ls.line_interpolate_point(float(f), normalized=True)
            q = (p.x + rng.uniform(40, 90), p.y + rng.uniform(40, 90))
            if not land.city.contains(Point(q)):
                continue
            ci = [c.geom.contains(Point(q)) for c in land.counties].index(True)
            op = operators[land.counties[ci].code]
            city.add(
                SiteRec(
                    "gas",
                    f"{land.counties[ci].name}{N.CHEM_STEMS[int(rng.integers(len(N.CHEM_STEMS)))]}LNG加气站",
                    rpoint(q),
                    {
                        "kind": "gas_station",
                        "pressure": "high",
                        "operator": city.enterprises[op].name,
                    },
                    detail="公路沿线",
                    tag="gas_station",
                    enterprise=op,
                )
            )


def construction(city: City, rng: np.random.Generator) -> None:
    land = city.land
    contractors = [
        city.enterprise(
            Enterprise(
                f"{s}{'股份' if k % 3 == 0 else ''}有限公司",
                land.counties[k % 7].code,
                "construction",
            )
        )
        for k, s in enumerate(N.CONTRACTOR_STEMS)
    ]
    placed: list[shapely.Geometry] = []
    for county in land.counties:
        is_qu = county.kind == "qu"
        urban = urban_area(county)
        n = int(rng.integers(40, 50)) if is_qu else int(rng.integers(7, 12))
        phases = {}
        for _ in range(n):
            for _try in range(30):
                c = point_in(rng, urban, county.seat, 300, 6500 if is_qu else 3500)
                w, h = rng.uniform(100, 420), rng.uniform(80, 320)
                ang = rng.uniform(0, np.pi)
                corners = np.array([[-w, -h], [w, -h], [w, h], [-w, h]]) / 2
                rot = np.array([[np.cos(ang), -np.sin(ang)], [np.sin(ang), np.cos(ang)]])
                poly = shapely.Polygon(np.round(corners @ rot.T + c, 1))
                if land.city.contains(poly) and not any(poly.intersects(q) for q in placed):
                    break
            else:
                continue
            placed.append(poly)
            ptype, what = N.CONSTRUCTION_PROJECTS[int(rng.integers(len(N.CONSTRUCTION_PROJECTS)))]
            who = N.CITY_ZH if is_qu else county.name
            if ptype in ("住宅", "商业综合体", "保障房"):
                stem = N.ESTATE_STEMS[int(rng.integers(len(N.ESTATE_STEMS)))]
                phases[stem] = phases.get(stem, 0) + 1
                nm = f"{who}{stem}{what}{cn_num(phases[stem])}期"
            elif ptype == "学校":
                nm = f"{who}第{cn_num(int(rng.integers(1, 9)))}中学{what}"
            elif ptype == "医院":
                nm = f"{who}人民医院{what}"
            else:
                nm = f"{who}{STREETS[int(rng.integers(len(STREETS)))]}{what}"
            e = contractors[int(rng.integers(len(contractors)))]
            city.add(
                SiteRec(
                    "construction",
                    nm,
                    poly,
                    {
                        "project": ptype,
                        "contractor": city.enterprises[e].name,
                        "workers": int(rng.integers(30, 600)),
                        "deep_pit": bool(
                            ptype in ("住宅", "商业综合体", "医院") and rng.random() < 0.5
                        ),
                    },
                    detail=street_address(rng),
                    tag=ptype,
                    enterprise=e,
                )
            )


RESOURCE_UNITS = {
    "rescue_team": "人",
    "fire_station": "人",
    "material_depot": "吨",
    "shelter": "人",
    "medical": "床",
}


def resources(city: City, rng: np.random.Generator) -> None:
    land = city.land

    def add(
        kind: str, name: str, p: tuple[float, float], cap: int, owner: str, detail: str
    ) -> None:
        # owner: which unit answers for it — a department code, or "gov" for the local government
        phone = N.landline(rng)
        city.add(
            SiteRec(
                "resources",
                name,
                rpoint(p),
                {"kind": kind, "capacity": int(cap), "contact": phone},
                detail=detail,
                tag=kind,
                extra={"capacity_unit": RESOURCE_UNITS[kind], "owner": owner},
            )
        )

    for county in land.counties:
        urban = urban_area(county)
        is_qu = county.kind == "qu"
        s = county.seat

        def at(r0: float = 300.0, r1: float = 3500.0) -> tuple[float, float]:
            return point_in(rng, urban, s, r0, r1)  # noqa: B023

        if is_qu:
            add(
                "fire_station",
                f"{N.CITY_ZH}消防救援支队特勤站",
                at(),
                rng.integers(60, 90),
                "emergency",
                street_address(rng),
            )
            for st in ("东关", "西关", "北关"):
                add(
                    "fire_station",
                    f"岚城区{st}消防救援站",
                    at(),
                    rng.integers(25, 45),
                    "emergency",
                    street_address(rng),
                )
            add(
                "rescue_team",
                f"{N.CITY_ZH}危险化学品应急救援队",
                at(3000, 12000),
                rng.integers(30, 60),
                "emergency",
                "青岚化工园区",
            )
            add(
                "rescue_team",
                f"{N.CITY_ZH}水上应急救援队",
                at(),
                rng.integers(20, 40),
                "emergency",
                "滨河路",
            )
            add(
                "rescue_team",
                f"{N.CITY_ZH}矿山救护大队",
                at(),
                rng.integers(40, 70),
                "emergency",
                street_address(rng),
            )
            add(
                "material_depot",
                f"{N.CITY_ZH}应急物资储备库",
                at(2000, 8000),
                rng.integers(500, 1500),
                "emergency",
                street_address(rng),
            )
            add(
                "medical",
                f"{N.CITY_ZH}120急救指挥中心",
                at(),
                rng.integers(40, 120),
                "health",
                street_address(rng),
            )
            add(
                "shelter",
                f"{N.CITY_ZH}人民广场应急避难场所",
                at(),
                rng.integers(20000, 50000),
                "gov",
                "人民广场",
            )
            add(
                "shelter",
                f"{N.CITY_ZH}体育中心应急避难场所",
                at(1500, 5000),
                rng.integers(15000, 30000),
                "gov",
                street_address(rng),
            )
        else:
            add(
                "fire_station",
                f"{county.name}消防救援大队",
                at(),
                rng.integers(30, 60),
                "emergency",
                street_address(rng),
            )
            add(
                "rescue_team",
                f"{county.name}综合应急救援队",
                at(),
                rng.integers(20, 50),
                "emergency",
                street_address(rng),
            )
            if county.code in ("628823", "628825", "628826"):
                add(
                    "rescue_team",
                    f"{county.name}森林消防专业队",
                    at(1000, 6000),
                    rng.integers(25, 50),
                    "forestry",
                    street_address(rng),
                )
            add(
                "material_depot",
                f"{county.name}应急物资储备库",
                at(),
                rng.integers(100, 600),
                "emergency",
                street_address(rng),
            )
            add(
                "material_depot",
                f"{county.name}防汛物资仓库",
                at(),
                rng.integers(50, 300),
                "water",
                street_address(rng),
            )
            add(
                "medical",
                f"{county.name}人民医院应急医疗队",
                at(),
                rng.integers(20, 80),
                "health",
                street_address(rng),
            )
            add(
                "shelter",
                f"{county.name}人民广场应急避难场所",
                at(),
                rng.integers(5000, 20000),
                "gov",
                "人民广场",
            )
            add(
                "shelter",
                f"{county.name}第一中学应急避难场所",
                at(),
                rng.integers(3000, 8000),
                "gov",
                street_address(rng),
            )
        for t in county.townships:
            if t.kind == "street" or t is county.townships[0]:
                continue
            if rng.random() < 0.5:
                add(
                    "fire_station",
                    f"{t.name}专职消防队",
                    point_in(rng, t.geom, t.seat, 100, 800),
                    rng.integers(8, 20),
                    "gov",
                    street_address(rng),
                )
            if rng.random() < 0.6:
                add(
                    "material_depot",
                    f"{t.name}应急物资储备点",
                    point_in(rng, t.geom, t.seat, 100, 800),
                    rng.integers(5, 30),
                    "gov",
                    street_address(rng),
                )
            if rng.random() < 0.5:
                add(
                    "shelter",
                    f"{t.name}应急避难场所",
                    point_in(rng, t.geom, t.seat, 100, 800),
                    rng.integers(1000, 5000),
                    "gov",
                    "中心广场",
                )
