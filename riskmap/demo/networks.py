"""Line and area layers of the demo city: waterways, roads, forest-fire zones, gas pipelines."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import shapely
from shapely import LineString, Polygon
from shapely.ops import substring

from riskmap.demo import names as N
from riskmap.demo.geography import Warp, Waves, river_y
from riskmap.demo.model import City, Enterprise, SiteRec, clip_parts, random_cuts, route, split_line


def _stem(name: str) -> str:
    for suffix in ("街道", "镇", "乡", "县", "区"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _stake(m: float) -> str:
    m = int(round(m / 100.0) * 100)
    return f"K{m // 1000}+{m % 1000:03d}"


def waterways(city: City, rng: np.random.Generator) -> None:
    land = city.land
    seats = np.array([t.seat for t in land.townships])
    vill = np.array([(v[1], v[2]) for t in land.townships for v in t.villages])
    people = np.vstack([seats, vill])
    cs = np.array(land.city_seat)

    def reaches(name: str, line: LineString, kind: str) -> None:
        for t in land.townships:
            parts = clip_parts(shapely.get_coordinates(line), t.geom, min_len=400.0)
            for pi, coords in enumerate(parts):
                length = float(LineString(coords).length)
                pieces = (
                    split_line(coords, random_cuts(rng, length, 4000.0, 8000.0))
                    if length > 10_000
                    else [coords]
                )
                for k, piece in enumerate(pieces):
                    mid = piece[len(piece) // 2]
                    near = float(np.min(np.hypot(*(people - mid).T)))
                    d_seat = float(np.min(np.hypot(*(seats - mid).T)))
                    if kind == "river":
                        flood = "high" if d_seat < 6000 else "medium"
                        navigable = bool(np.hypot(*(mid - cs)) < 9000)
                    else:
                        flood = str(rng.choice(["low", "medium", "high"], p=[0.35, 0.45, 0.2]))
                        navigable = False
                    suffix = "" if len(parts) * len(pieces) == 1 else f"（{pi * 10 + k + 1}）"
                    city.add(
                        SiteRec(
                            "waterways",
                            f"{name}{t.name}段{suffix}",
                            LineString(np.round(piece, 1)),
                            {
                                "kind": kind,
                                "flood_risk": flood,
                                "navigable": navigable,
                                "swimming_risk": bool(near < 2500 and rng.random() < 0.8),
                            },
                            detail=f"{name}沿岸",
                            tag=kind,
                        )
                    )

    reaches(N.MAIN_RIVER[0], land.river, "river")
    for name, line in land.tributaries:
        reaches(name, line, "tributary")

    # A canal on the north bank, from the west of the valley to the city seat.
    ox, oy = land.origin
    u = np.arange(-60_000.0, 6_000.0, 300.0)
    v = np.convolve(
        np.pad(river_y(u, land.river_phases), 12, mode="edge"), np.ones(25) / 25, "valid"
    )
    canal = np.column_stack([ox + u, oy + v + 4200.0])
    for coords in clip_parts(canal, land.city):
        length = float(LineString(coords).length)
        for k, piece in enumerate(split_line(coords, random_cuts(rng, length, 4000.0, 7000.0)), 1):
            city.add(
                SiteRec(
                    "waterways",
                    f"{N.CANAL}第{k}段",
                    LineString(np.round(piece, 1)),
                    {
                        "kind": "canal",
                        "flood_risk": "low",
                        "navigable": False,
                        "swimming_risk": True,
                    },
                    detail=N.CANAL,
                    tag="canal",
                )
            )

    # The reservoir dams a mountain tributary; two lakes, one an oxbow by the city seat.
    _, shimen = land.tributaries[2]
    centre = shimen.line_interpolate_point(0.3, normalized=True)
    a = shapely.line_locate_point(shimen, centre)
    piece = substring(shimen, a - 2800.0, a + 2800.0)
    res = _wobble(shapely.buffer(piece, 750.0), rng, 160.0, 1500.0)
    city.add(
        SiteRec(
            "waterways",
            N.RESERVOIR,
            res,
            {"kind": "reservoir", "flood_risk": "high", "navigable": False, "swimming_risk": True},
            detail="石门河上游",
            tag="reservoir",
        )
    )
    ux = 3500.0
    p = (ox + ux, oy + float(river_y(np.array([ux]), land.river_phases)[0]) + 1700.0)
    outer = shapely.Point(p).buffer(950.0)
    inner = shapely.Point(p[0] + 300.0, p[1] + 350.0).buffer(820.0)
    crescent = _wobble(shapely.difference(outer, inner), rng, 40.0, 900.0)
    city.add(
        SiteRec(
            "waterways",
            N.LAKES[0],
            crescent,
            {"kind": "lake", "flood_risk": "low", "navigable": True, "swimming_risk": True},
            detail="滨河北路",
            tag="lake",
        )
    )
    yt = land.counties[3]
    lake = None
    for _ in range(50):
        q = (yt.seat[0] + rng.uniform(-9000, 9000), yt.seat[1] + rng.uniform(-9000, 9000))
        cand = _wobble(shapely.Point(q).buffer(rng.uniform(500, 800)), rng, 120.0, 1200.0)
        if land.city.contains(cand):
            lake = cand
            break
    if lake is not None:
        city.add(
            SiteRec(
                "waterways",
                N.LAKES[1],
                lake,
                {"kind": "lake", "flood_risk": "medium", "navigable": False, "swimming_risk": True},
                detail="云台山下",
                tag="lake",
            )
        )


def _wobble(poly: shapely.Geometry, rng: np.random.Generator, amp: float, wl: float) -> Polygon:
    """A shoreline: the polygon's outline moved by a small smooth field (no self-crossing)."""
    w1 = Waves(rng, [(amp, wl), (amp * 0.4, wl / 2.7)])
    w2 = Waves(rng, [(amp, wl), (amp * 0.4, wl / 2.7)])
    g = shapely.segmentize(poly, wl / 12.0)

    def f(xy: np.ndarray) -> np.ndarray:
        return np.round(
            np.column_stack([xy[:, 0] + w1(xy[:, 0], xy[:, 1]), xy[:, 1] + w2(xy[:, 0], xy[:, 1])]),
            1,
        )

    out = shapely.make_valid(shapely.transform(g, f))
    parts = [p for p in shapely.get_parts(out) if p.geom_type == "Polygon"]
    return max(parts, key=lambda p: p.area)


ROAD_SPLIT = {
    "expressway": (2000.0, 5000.0),
    "national": (2000.0, 5000.0),
    "provincial": (1500.0, 5000.0),
    "county": (1000.0, 4000.0),
    "township": (1000.0, 3000.0),
}
BLACKSPOT_P = {
    "expressway": 0.05,
    "national": 0.09,
    "provincial": 0.07,
    "county": 0.05,
    "township": 0.03,
}
ACCIDENTS = {"expressway": 0.8, "national": 1.0, "provincial": 0.6, "county": 0.3, "township": 0.15}


def roads(city: City, rng: np.random.Generator) -> list[np.ndarray]:
    """All road sites; returns the trunk-road polylines (for filling stations along them)."""
    land = city.land
    ox, oy = land.origin
    c = land.counties
    seat = {k.code: k.seat for k in c}
    routes: list[tuple[str, str, str, np.ndarray, float]] = []
    trunk: list[np.ndarray] = []

    u = np.arange(-110_000.0, 110_001.0, 300.0)
    ry = river_y(u, land.river_phases)
    for code, label, cls, width, off, k0 in (
        ("G30", "连霍高速", "expressway", 31, 1900.0, 1622_400.0),
        ("G312", "", "national", 9, -1000.0, 1183_700.0),
    ):
        v = np.convolve(np.pad(ry, width // 2, mode="edge"), np.ones(width) / width, "valid")
        line = np.column_stack([ox + u, oy + v + off])
        routes.append((code, label, cls, line, k0))
        trunk.append(line)

    def far(p: tuple[float, float], q: tuple[float, float], d: float) -> tuple[float, float]:
        vec = np.subtract(p, q)
        vec = vec / np.hypot(*vec)
        return (p[0] + vec[0] * d, p[1] + vec[1] * d)

    north = far(seat["628822"], land.city_seat, 40_000.0)
    south = far(seat["628825"], land.city_seat, 40_000.0)
    g316 = np.vstack(
        [
            route(land, north, seat["628822"], rng),
            route(land, seat["628822"], land.city_seat, rng)[1:],
            route(land, land.city_seat, seat["628825"], rng)[1:],
            route(land, seat["628825"], south, rng)[1:],
        ]
    )
    routes.append(("G316", "", "national", g316, 2051_300.0))
    trunk.append(g316)
    for code, a, b in (
        ("S207", "628802", "628823"),
        ("S218", "628802", "628826"),
        ("S305", "628822", "628821"),
        ("S306", "628823", "628824"),
        ("S309", "628825", "628826"),
        ("S310", "628824", "628825"),
        ("S311", "628821", "628826"),
    ):
        line = route(land, seat[a], seat[b], rng)
        routes.append((code, "", "provincial", line, float(rng.integers(20, 160)) * 1000.0))
        trunk.append(line)

    # County roads: a tree from the county seat over its township seats (nearest joins first).
    xn = 300
    for ci, county in enumerate(c, start=1):
        yn = 0
        towns = [t for t in county.townships if t.kind != "street"]
        joined = [county.townships[0]]
        rest = [t for t in towns if t is not county.townships[0]]
        while rest:
            best = None
            for t in rest:
                for j in joined:
                    d = np.hypot(t.seat[0] - j.seat[0], t.seat[1] - j.seat[1])
                    if best is None or d < best[0]:
                        best = (d, t, j)
            assert best is not None
            _, t, j = best
            xn += 1
            name = f"{_stem(j.name)}—{_stem(t.name)}公路"
            routes.append((f"X{xn}", name, "county", route(land, j.seat, t.seat, rng), 0.0))
            joined.append(t)
            rest.remove(t)
        # Village roads (乡道): most villages hang off the township seat or a nearer village.
        for t in towns:
            nodes = [(_stem(t.name), t.seat)]
            for vname, vx, vy in t.villages:
                if rng.random() > 0.65:
                    continue
                dists = [np.hypot(vx - p[0], vy - p[1]) for _, p in nodes]
                i = int(np.argmin(dists))
                if dists[i] < 600:
                    continue
                name = f"{nodes[i][0]}—{vname}"
                yn += 1
                line = route(land, nodes[i][1], (vx, vy), rng, wander=0.3, step=250.0)
                routes.append((f"Y{ci}{yn:02d}", name, "township", line, 0.0))
                nodes.append((vname, (vx, vy)))

    short = N.CITY_ZH[:2]
    for code, label, cls, line, k0 in routes:
        lo, hi = ROAD_SPLIT[cls]
        for coords in clip_parts(line, land.city, min_len=500.0):
            length = float(LineString(coords).length)
            start = k0 + (0.0 if k0 == 0.0 else float(rng.integers(0, 400)) * 100.0)
            cuts = random_cuts(rng, length, lo, hi)
            for piece, a, b in zip(split_line(coords, cuts), cuts[:-1], cuts[1:], strict=True):
                e = land.terrain.elevation(piece[:, 0], piece[:, 1])
                rel = e - land.terrain.base_level(piece[:, 0])
                mountain = bool(rel.mean() > 500 or (e.max() - e.min()) > 180)
                p = BLACKSPOT_P[cls] * (2.2 if mountain else 1.0)
                black = bool(rng.random() < p)
                acc = int(rng.integers(3, 15)) if black else int(rng.poisson(ACCIDENTS[cls]))
                ka, kb = _stake(start + a), _stake(start + b)
                where = (
                    f"{label} {short}段"
                    if cls in ("expressway", "national", "provincial")
                    else (f" {label}")
                )
                city.add(
                    SiteRec(
                        "roads",
                        f"{code}{where.rstrip()} {ka}—{kb}",
                        LineString(np.round(piece, 1)),
                        {
                            "road_class": cls,
                            "blackspot": black,
                            "accidents_last_year": acc,
                            "mountain": mountain,
                        },
                        detail=f"{code}线{ka}",
                        tag=cls,
                    )
                )
    return trunk


def forest_zones(city: City, rng: np.random.Generator) -> None:
    """Fire-prevention zones (林班) covering the mountains, classed by elevation and dryness."""
    land = city.land
    minx, miny, maxx, maxy = land.city.bounds
    n = 1800
    seeds = np.column_stack([rng.uniform(minx, maxx, n), rng.uniform(miny, maxy, n)])
    box = shapely.box(minx - 5000, miny - 5000, maxx + 5000, maxy + 5000)
    cells = shapely.get_parts(
        shapely.voronoi_polygons(shapely.multipoints(seeds), extend_to=box, ordered=True)
    )
    fx, fy = seeds[:, 0], seeds[:, 1]
    e = land.terrain.elevation(fx, fy)
    rel = e - land.terrain.base_level(fx)
    dry = land.terrain.dryness(fx, fy)
    inside = shapely.contains_xy(land.city, fx, fy)
    keep = inside & (rel > 520 + 150 * rng.standard_normal(n))
    idx = np.flatnonzero(keep)
    # Forest farms: a dozen centres among the kept cells; each cell belongs to the nearest.
    centres = seeds[idx[rng.choice(len(idx), size=len(N.FOREST_FARMS), replace=False)]]
    # A farm is named after its county and a mountain: 南岭黑松岭林场. A county runs its own
    # farms: the compartments of a mountain on the far side of a county border belong to that
    # county's farm of the same mountain, so a name never says another county than the map.
    county_tree = shapely.STRtree([k.geom for k in land.counties])
    score = (rel[idx] - 500) / 600.0 + 0.9 * dry[idx] + 0.25 * rng.standard_normal(len(idx))
    q = np.quantile(score, [0.12, 0.37, 0.67, 0.88])
    fire = 1 + np.searchsorted(q, score)
    vill = [(v[0], v[1], v[2]) for t in land.townships for v in t.villages]
    vxy = np.array([(v[1], v[2]) for v in vill])
    counters: dict[tuple[int, str], int] = {}
    # One displacement for all compartments, so neighbours keep sharing their edges.
    warp = Warp(rng, land.origin, [(450.0, 6_000.0), (120.0, 2_000.0)], extent=90_000.0)

    def ragged(xy: np.ndarray) -> np.ndarray:
        return np.round(warp.coords(xy), 1)

    for j, i in enumerate(idx):
        farm = int(np.argmin(np.hypot(*(centres - seeds[i]).T)))
        cell = shapely.transform(shapely.segmentize(cells[i], 200.0), ragged)
        g = shapely.intersection(cell, land.city)
        if g.is_empty or g.area < 1e6:
            continue
        if g.geom_type != "Polygon":
            g = max(shapely.get_parts(g), key=lambda p: p.area)
        # The county the compartment is filed under: the one holding its representative point.
        hit = county_tree.query(shapely.point_on_surface(g), predicate="intersects")
        county = land.counties[int(hit[0])] if len(hit) else land.counties[0]
        key = (farm, county.code)
        counters[key] = counters.get(key, 0) + 1
        near = vill[int(np.argmin(np.hypot(*(vxy - seeds[i]).T)))][0]
        city.add(
            SiteRec(
                "forest_fire",
                f"{county.short}{N.FOREST_FARMS[farm]}第{counters[key]}林班",
                g,
                {
                    "fire_class": int(fire[j]),
                    "area_km2": round(g.area / 1e6, 2),
                    "forest_type": N.FOREST_TYPES[int(rng.integers(len(N.FOREST_TYPES)))],
                    "ranger_station": f"{near[:-1] if near.endswith('村') else near}管护站",
                },
                detail=f"{near}一带山林",
                tag=str(int(fire[j])),
            )
        )


def gas_pipelines(city: City, rng: np.random.Generator, operators: dict[str, int]) -> None:
    land = city.land
    c = {k.code: k for k in land.counties}
    minx = land.city.bounds[0]
    cs = land.city_seat
    west = (minx - 5000.0, c["628824"].seat[1] + 3000.0)
    lines = (
        ("西气东输青岚支线", "high", operators["628802"], [west, c["628824"].seat, cs]),
        ("岚城—东川次高压燃气管道", "high", operators["628821"], [cs, c["628821"].seat]),
        ("岚城—北塬中压燃气管道", "medium", operators["628822"], [cs, c["628822"].seat]),
        ("岚城—南岭次高压燃气管道", "high", operators["628825"], [cs, c["628825"].seat]),
    )
    for name, pressure, op, pts in lines:
        coords = np.vstack([route(land, a, b, rng, wander=0.12)[1:] for a, b in pairwise(pts)])
        coords[:, 1] += 350.0  # the pipeline corridor runs beside the road, not on it
        for part in clip_parts(coords, land.city):
            length = float(LineString(part).length)
            for k, piece in enumerate(
                split_line(part, random_cuts(rng, length, 2500.0, 6000.0)), 1
            ):
                city.add(
                    SiteRec(
                        "gas",
                        f"{name}第{k}段",
                        LineString(np.round(piece, 1)),
                        {
                            "kind": "pipeline",
                            "pressure": pressure,
                            "operator": city.enterprises[op].name,
                        },
                        detail=f"{name}沿线",
                        tag="pipeline",
                        enterprise=op,
                    )
                )


def gas_companies(city: City, rng: np.random.Generator) -> dict[str, int]:
    """One town-gas company per county (the city's serves the city seat): code → enterprise."""
    out = {}
    for county in city.land.counties:
        if county.kind == "qu":
            nm = N.GAS_COMPANIES[0]
        else:
            nm = county.name + ("天然气有限责任公司" if rng.random() < 0.5 else "燃气有限公司")
        out[county.code] = city.enterprise(Enterprise(nm, county.code, "gas"))
    return out
