"""Dense venues of the demo city (schools, hospitals, malls, markets, stations, stadiums,
scenic spots, cemeteries), and small helpers shared with facilities.py."""

from __future__ import annotations

import numpy as np
import shapely
from shapely import Point

from riskmap.demo import names as N
from riskmap.demo.geography import County, Township, point_in
from riskmap.demo.model import City, Enterprise, SiteRec, street_address

CN_NUM = "零一二三四五六七八九十"


def cn_num(n: int) -> str:
    if n <= 10:
        return CN_NUM[n]
    return ("十" if n < 20 else CN_NUM[n // 10] + "十") + (CN_NUM[n % 10] if n % 10 else "")


def rpoint(p: tuple[float, float]) -> Point:
    return Point(round(p[0], 1), round(p[1], 1))


def short_name(county: County) -> str:
    return county.name[:-1]


def _seat_township(county: County) -> Township:
    return county.townships[0]


def urban_area(county: County) -> shapely.Geometry:
    """Where the county's town lies: its street sub-districts or its seat township."""
    streets = [t.geom for t in county.townships if t.kind == "street"]
    return shapely.union_all(streets) if streets else _seat_township(county).geom


def venues(city: City, rng: np.random.Generator) -> dict[str, list[SiteRec]]:
    land = city.land
    out: dict[str, list[SiteRec]] = {}

    def add(
        kind: str,
        name: str,
        p: tuple[float, float],
        capacity: int,
        operator: str,
        detail: str,
        enterprise: int | None = None,
    ) -> SiteRec:
        rec = city.add(
            SiteRec(
                "dense_venues",
                name,
                rpoint(p),
                {"kind": kind, "capacity": int(capacity), "operator": operator},
                detail=detail,
                tag=kind,
                enterprise=enterprise,
            )
        )
        out.setdefault(kind, []).append(rec)
        return rec

    def ent(name: str, county: County, trade: str) -> int:
        return city.enterprise(Enterprise(name, county.code, trade))

    for county in land.counties:
        edu = f"{county.name}教育局"
        health = f"{county.name}卫生健康局"
        seat = county.seat
        urban = urban_area(county)
        is_qu = county.kind == "qu"

        def town(r0: float = 300.0, r1: float = 3000.0) -> tuple[float, float]:
            return point_in(rng, urban, seat, r0, r1)  # noqa: B023

        # Schools.
        if is_qu:
            for i in range(1, 9):
                add(
                    "school",
                    f"{N.CITY_ZH}第{cn_num(i)}中学",
                    town(),
                    rng.integers(1500, 4200),
                    edu,
                    street_address(rng),
                )
            add(
                "school",
                f"{N.CITY_ZH}实验小学",
                town(),
                rng.integers(1800, 3000),
                edu,
                street_address(rng),
            )
            for i in range(1, 13):
                add(
                    "school",
                    f"{county.name}第{cn_num(i)}小学",
                    town(),
                    rng.integers(800, 2600),
                    edu,
                    street_address(rng),
                )
            for i in range(1, 6):
                add(
                    "school",
                    f"{county.name}第{cn_num(i)}幼儿园",
                    town(),
                    rng.integers(200, 520),
                    edu,
                    street_address(rng),
                )
            for nm, cap in (
                ("青岚职业技术学院", 9000),
                ("青岚师范高等专科学校", 7000),
                ("青岚市特殊教育学校", 260),
            ):
                add(
                    "school",
                    nm,
                    town(1500, 6000),
                    cap + int(rng.integers(0, 1500)),
                    edu,
                    street_address(rng),
                )
        else:
            for nm, lo, hi in (
                ("第一中学", 2500, 4500),
                ("第二中学", 1500, 3000),
                ("职业教育中心", 800, 2000),
                ("实验小学", 1500, 2800),
                ("城关第一小学", 900, 2000),
                ("城关第二小学", 800, 1800),
                ("第一幼儿园", 250, 500),
            ):
                add(
                    "school",
                    county.name + nm,
                    town(),
                    rng.integers(lo, hi),
                    edu,
                    street_address(rng),
                )
        # Hospitals, malls, markets, stations, stadiums.
        if is_qu:
            for nm, beds in (
                ("第一人民医院", 1200),
                ("第二人民医院", 800),
                ("中医医院", 600),
                ("妇幼保健院", 400),
                ("传染病医院", 300),
                ("精神卫生中心", 260),
            ):
                add(
                    "hospital",
                    N.CITY_ZH + nm,
                    town(500, 3500),
                    (beds + rng.integers(0, 200)) * 2,
                    f"{N.CITY_ZH}卫生健康委员会",
                    street_address(rng),
                )
            for nm in N.MALL_NAMES[:8]:
                add(
                    "mall",
                    nm,
                    town(200, 2500),
                    rng.integers(2000, 9000),
                    nm,
                    street_address(rng),
                    ent(f"{N.CITY_ZH}{nm.removeprefix('青岚')}商业管理有限公司", county, "mall"),
                )
            for nm in ("东关农贸市场", "农产品批发市场", "西关蔬菜市场", "建材市场", "小商品市场"):
                full = N.CITY_ZH + nm
                add(
                    "market",
                    full,
                    town(500, 5000),
                    rng.integers(800, 5000),
                    full,
                    street_address(rng),
                    ent(f"{full}管理有限公司", county, "market"),
                )
            transport = ent(f"{N.CITY_ZH}汽车运输集团有限公司", county, "transport")
            rail = ent("青岚车务段", county, "transport")
            add(
                "station",
                "青岚火车站",
                town(2000, 5000),
                rng.integers(3000, 8000),
                "青岚车务段",
                "站前路1号",
                rail,
            )
            for nm in ("青岚汽车客运中心", "青岚汽车东站", "青岚汽车南站"):
                add(
                    "station",
                    nm,
                    town(1000, 5000),
                    rng.integers(800, 3000),
                    f"{N.CITY_ZH}汽车运输集团有限公司",
                    street_address(rng),
                    transport,
                )
            for nm in ("青岚市体育中心", "青岚市全民健身中心"):
                add(
                    "stadium",
                    nm,
                    town(1500, 5000),
                    rng.integers(8000, 30000),
                    f"{N.CITY_ZH}文化和旅游局",
                    street_address(rng),
                )
        else:
            for nm, beds in (("人民医院", 500), ("中医医院", 300), ("妇幼保健院", 150)):
                add(
                    "hospital",
                    county.name + nm,
                    town(),
                    (beds + rng.integers(0, 150)) * 2,
                    health,
                    street_address(rng),
                )
            for nm in (f"{short_name(county)}商厦", f"{short_name(county)}购物中心")[
                : 1 + int(rng.random() < 0.6)
            ]:
                add(
                    "mall",
                    nm,
                    town(),
                    rng.integers(800, 3500),
                    nm,
                    street_address(rng),
                    ent(
                        f"{county.name}{nm.removeprefix(short_name(county))}商贸有限公司",
                        county,
                        "mall",
                    ),
                )
            for nm in ("农贸市场", "综合批发市场"):
                full = county.name + nm
                add(
                    "market",
                    full,
                    town(),
                    rng.integers(500, 3000),
                    full,
                    street_address(rng),
                    ent(f"{full}管理有限公司", county, "market"),
                )
            add(
                "station",
                f"{county.name}汽车站",
                town(),
                rng.integers(400, 1500),
                f"{N.CITY_ZH}汽车运输集团有限公司",
                street_address(rng),
                ent(f"{county.name}汽车客运有限公司", county, "transport"),
            )
            if rng.random() < 0.6:
                add(
                    "stadium",
                    f"{county.name}体育馆",
                    town(),
                    rng.integers(2000, 6000),
                    f"{county.name}文化和旅游局",
                    street_address(rng),
                )

        # Townships: health centres, schools, markets, cemeteries; village schools.
        for t in county.townships:
            gov = f"{t.name}{'办事处' if t.kind == 'street' else '人民政府'}"
            here = t.seat
            if t.kind == "street":
                add(
                    "hospital",
                    f"{t.name}社区卫生服务中心",
                    point_in(rng, t.geom, here, 100, 1500),
                    rng.integers(60, 200),
                    health,
                    street_address(rng),
                )
                continue
            if t is not _seat_township(county):
                add(
                    "hospital",
                    f"{t.name}卫生院",
                    point_in(rng, t.geom, here, 100, 900),
                    rng.integers(40, 160),
                    health,
                    street_address(rng),
                )
                add(
                    "school",
                    f"{t.name[:-1]}中学",
                    point_in(rng, t.geom, here, 200, 1200),
                    rng.integers(400, 1300),
                    edu,
                    street_address(rng),
                )
                add(
                    "school",
                    f"{t.name[:-1]}中心小学",
                    point_in(rng, t.geom, here, 100, 1000),
                    rng.integers(300, 950),
                    edu,
                    street_address(rng),
                )
                add(
                    "school",
                    f"{t.name[:-1]}中心幼儿园",
                    point_in(rng, t.geom, here, 100, 900),
                    rng.integers(90, 320),
                    edu,
                    street_address(rng),
                )
                if rng.random() < 0.55:
                    add(
                        "market",
                        f"{t.name[:-1]}集贸市场",
                        point_in(rng, t.geom, here, 50, 700),
                        rng.integers(300, 2000),
                        gov,
                        street_address(rng),
                    )
            for vname, vx, vy in t.villages:
                if rng.random() < 0.3:
                    add(
                        "school",
                        f"{t.name[:-1]}{vname[:-1] if vname.endswith('村') else vname}小学",
                        point_in(rng, t.geom, (vx, vy), 50, 400),
                        rng.integers(30, 240),
                        edu,
                        vname,
                    )
            # Cemeteries: on hillsides a few kilometres out of town.
            for k in range(1 + int(rng.random() < 0.35)):
                cand = np.array([point_in(rng, t.geom, here, 1500, 6000) for _ in range(24)])
                e = land.terrain.elevation(cand[:, 0], cand[:, 1])
                order = np.argsort(e)
                p = cand[order[int(rng.integers(len(order) // 2, len(order)))]]
                vn = t.villages[int(rng.integers(len(t.villages)))][0] if t.villages else t.name
                nm = (
                    f"{t.name[:-1]}公墓"
                    if k == 0
                    else f"{vn[:-1] if vn.endswith('村') else vn}公益性公墓"
                )
                add("cemetery", nm, (float(p[0]), float(p[1])), rng.integers(300, 4000), gov, vn)
        if is_qu:
            for nm in ("青岚市龙山陵园", "青岚市福寿园公墓"):
                cand = np.array([point_in(rng, county.geom, seat, 4000, 12000) for _ in range(40)])
                e = land.terrain.elevation(cand[:, 0], cand[:, 1])
                p = cand[int(np.argmax(e))]
                add(
                    "cemetery",
                    nm,
                    (float(p[0]), float(p[1])),
                    rng.integers(6000, 15000),
                    nm,
                    "龙山",
                    ent(f"{nm}有限公司", county, "cemetery"),
                )

    # Scenic spots: mountain parks on high ground, and river parks by the towns.
    minx, miny, maxx, maxy = land.city.bounds
    x = rng.uniform(minx, maxx, 4000)
    y = rng.uniform(miny, maxy, 4000)
    ok = shapely.contains_xy(land.city, x, y)
    x, y = x[ok], y[ok]
    rel = land.terrain.elevation(x, y) - land.terrain.base_level(x)
    hi = np.flatnonzero(rel > np.quantile(rel, 0.85))
    picks = rng.choice(hi, size=len(N.MOUNTAIN_NAMES), replace=False)
    county_tree = shapely.STRtree([c.geom for c in land.counties])
    for nm, i in zip(N.MOUNTAIN_NAMES, picks, strict=True):
        full = nm + N.SCENIC_SUFFIX[int(rng.integers(len(N.SCENIC_SUFFIX)))]
        ci = int(county_tree.query(Point(x[i], y[i]), predicate="intersects")[0])
        add(
            "scenic_spot",
            full,
            (float(x[i]), float(y[i])),
            rng.integers(1500, 25000),
            full,
            nm,
            ent(f"{land.counties[ci].name}{nm}旅游开发有限公司", land.counties[ci], "scenic"),
        )
    river = land.river
    for k, nm in enumerate(N.RIVER_SCENIC):
        p = river.line_interpolate_point(0.3 + 0.08 * k + rng.uniform(-0.02, 0.02), normalized=True)
        q = (p.x + rng.uniform(-300, 300), p.y + rng.uniform(200, 600))
        ci = int(county_tree.query(Point(q), predicate="intersects")[0])
        add(
            "scenic_spot",
            nm,
            q,
            rng.integers(2000, 20000),
            nm,
            "岚河沿岸",
            ent(f"{land.counties[ci].name}文化旅游投资有限公司", land.counties[ci], "scenic"),
        )
    return out
