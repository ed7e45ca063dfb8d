"""The demo city's land: outline, terrain, rivers, districts, seats and villages.

All coordinates are metres in the demo CRS. Districts are built in an "unwarped" plane as
Voronoi cells (straight edges) and then moved through a smooth, injective displacement field so
that boundaries wander like real ones; everything else (rivers, roads, places) lives in the final
plane directly. Boundaries are noded once, rounded to 0.1 m and polygonised, so townships tile
counties and counties tile the city exactly: shared edges have identical vertices.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely
from shapely import LineString, MultiPoint, Point, Polygon

from riskmap.core.crs import lonlat_to_xy
from riskmap.demo import names as N

CENTER_LONLAT = (104.6, 35.6)
CITY_AREA_M2 = 15_000e6
GRID = 0.1  # metres: the precision districts are stored at


def _smoothstep(t: np.ndarray) -> np.ndarray:
    t = np.clip(t, 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


class Waves:
    """A smooth deterministic field: a sum of plane waves with random directions and phases."""

    def __init__(self, rng: np.random.Generator, spec: list[tuple[float, float]]):
        # spec: (amplitude, wavelength in metres) per component
        n = len(spec)
        ang = rng.uniform(0, 2 * np.pi, n)
        self.amp = np.array([a for a, _ in spec])
        k = 2 * np.pi / np.array([w for _, w in spec])
        self.kx = k * np.cos(ang)
        self.ky = k * np.sin(ang)
        self.phase = rng.uniform(0, 2 * np.pi, n)

    def __call__(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=float)[..., None]
        y = np.asarray(y, dtype=float)[..., None]
        return np.sum(self.amp * np.sin(self.kx * x + self.ky * y + self.phase), axis=-1)

    def grad(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        x = np.asarray(x, dtype=float)[..., None]
        y = np.asarray(y, dtype=float)[..., None]
        c = self.amp * np.cos(self.kx * x + self.ky * y + self.phase)
        return np.sum(c * self.kx, axis=-1), np.sum(c * self.ky, axis=-1)

    def scale(self, f: float) -> None:
        self.amp = self.amp * f


DISTRICT_WARP = [(2500.0, 60_000.0), (1100.0, 20_000.0), (300.0, 6_000.0), (40.0, 1_500.0)]


class Warp:
    """A displacement field gentle enough to be one-to-one (no fold-overs) over `extent`."""

    def __init__(
        self,
        rng: np.random.Generator,
        origin: tuple[float, float],
        spec: list[tuple[float, float]],
        extent: float = 100_000.0,
    ):
        self.dx = Waves(rng, spec)
        self.dy = Waves(rng, spec)
        self.ox, self.oy = origin
        # The warp is one-to-one where det(I + J) stays positive; keep a margin, checked on a
        # fine grid, and damp the field until it holds (deterministic: same seed, same damping).
        g = np.arange(-extent, extent + 1, 400.0)
        gx, gy = np.meshgrid(g, g)
        for _ in range(20):
            ax, ay = self.dx.grad(gx, gy)
            bx, by = self.dy.grad(gx, gy)
            if float(np.min((1 + ax) * (1 + by) - ay * bx)) > 0.12:
                break
            self.dx.scale(0.85)
            self.dy.scale(0.85)

    def _d(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        u, v = x - self.ox, y - self.oy
        return self.dx(u, v), self.dy(u, v)

    def forward(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        dx, dy = self._d(x, y)
        return x + dx, y + dy

    def inverse(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Newton's method on s + d(s) = q (the Jacobian is never singular, see __init__)."""
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        sx, sy = x.copy(), y.copy()
        for _ in range(30):
            dx, dy = self._d(sx, sy)
            fx, fy = sx + dx - x, sy + dy - y
            ax, ay = self.dx.grad(sx - self.ox, sy - self.oy)
            bx, by = self.dy.grad(sx - self.ox, sy - self.oy)
            a, b, c, d = 1 + ax, ay, bx, 1 + by
            det = a * d - b * c
            sx = sx - (d * fx - b * fy) / det
            sy = sy - (a * fy - c * fx) / det
            if float(np.max(np.abs(fx) + np.abs(fy), initial=0.0)) < 1e-7:
                break
        return sx, sy

    def coords(self, xy: np.ndarray) -> np.ndarray:
        x, y = self.forward(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])


class Terrain:
    """Elevation (m) from mountains in the south and north-west, a loess plateau in the north,
    and valleys carved by the main river and its tributaries.

    Distances to the rivers come from a 600 m raster (bilinear), computed once: exact nearest-
    segment queries for every elevation sample cost seconds, and valleys kilometres wide do not
    need them.
    """

    STEP = 600.0

    def __init__(
        self,
        ox: float,
        oy: float,
        hills: Waves,
        dry: Waves,
        rivers: list[LineString],
        tributaries: list[LineString],
        bounds: tuple[float, float, float, float],
    ):
        self.ox, self.oy, self.hills, self.dry = ox, oy, hills, dry
        minx, miny, maxx, maxy = bounds
        self.gx = np.arange(minx - 2 * self.STEP, maxx + 3 * self.STEP, self.STEP)
        self.gy = np.arange(miny - 2 * self.STEP, maxy + 3 * self.STEP, self.STEP)
        gx, gy = np.meshgrid(self.gx, self.gy)
        pts = shapely.points(gx.ravel(), gy.ravel())
        self.trib_tree = _segments_tree(tributaries)
        self.d_main = _nearest(_segments_tree(rivers), pts).reshape(gx.shape)
        self.d_trib = _nearest(self.trib_tree, pts).reshape(gx.shape)

    def _sample(self, grid: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        fx = np.clip((x - self.gx[0]) / self.STEP, 0, len(self.gx) - 1.001)
        fy = np.clip((y - self.gy[0]) / self.STEP, 0, len(self.gy) - 1.001)
        ix, iy = fx.astype(np.int64), fy.astype(np.int64)
        tx, ty = fx - ix, fy - iy
        g00, g01 = grid[iy, ix], grid[iy, ix + 1]
        g10, g11 = grid[iy + 1, ix], grid[iy + 1, ix + 1]
        return (g00 * (1 - tx) + g01 * tx) * (1 - ty) + (g10 * (1 - tx) + g11 * tx) * ty

    def base_level(self, x: np.ndarray) -> np.ndarray:
        return 1450.0 - 0.0012 * (np.asarray(x) - self.ox)

    def elevation(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=float)
        y = np.asarray(y, dtype=float)
        u, v = x - self.ox, y - self.oy
        floor = self.base_level(x)
        south = 1750.0 * _smoothstep((-v - 12_000.0) / 42_000.0)
        nw = 1350.0 * np.exp(-((u + 42_000.0) ** 2 + (v - 38_000.0) ** 2) / (2 * 21_000.0**2))
        plateau = 380.0 * _smoothstep((v - 12_000.0) / 30_000.0)
        surface = floor + 350.0 + south + nw + plateau + 230.0 * self.hills(u, v)
        d_main = self._sample(self.d_main, x, y)
        d_trib = self._sample(self.d_trib, x, y)
        carve = np.maximum(
            np.exp(-((d_main / 5200.0) ** 2)), 0.75 * np.exp(-((d_trib / 1700.0) ** 2))
        )
        return surface - (surface - floor) * carve

    def dryness(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """0…1: drier on the loess north and on exposed ridges."""
        return np.clip(0.5 + 0.5 * self.dry(np.asarray(x) - self.ox, np.asarray(y) - self.oy), 0, 1)


@dataclass
class Township:
    code: str
    name: str
    name_en: str
    kind: str  # street | town | township (街道 | 镇 | 乡)
    county: str
    seat: tuple[float, float]
    population: int
    geom: shapely.Geometry = None
    villages: list[tuple[str, float, float]] = field(default_factory=list)


@dataclass
class County:
    code: str
    name: str
    name_en: str
    kind: str
    seat: tuple[float, float]
    townships: list[Township] = field(default_factory=list)
    geom: shapely.Geometry = None

    @property
    def short(self) -> str:
        return self.name[:-1]  # 东川县 → 东川


@dataclass
class Land:
    origin: tuple[float, float]
    city: shapely.Geometry
    counties: list[County]
    terrain: Terrain
    river: LineString  # the main river, clipped to the city
    river_phases: np.ndarray
    tributaries: list[tuple[str, LineString]]
    warp: Warp

    @property
    def townships(self) -> list[Township]:
        return [t for c in self.counties for t in c.townships]

    @property
    def city_seat(self) -> tuple[float, float]:
        return self.counties[0].seat


def river_y(u: np.ndarray, phases: np.ndarray) -> np.ndarray:
    """The main river's centreline as v(u), relative to the city seat (which sits on its bank)."""

    def f(t: np.ndarray) -> np.ndarray:
        return (
            5200.0 * np.sin(2 * np.pi * t / 72_000.0 + phases[0])
            + 1900.0 * np.sin(2 * np.pi * t / 23_000.0 + phases[1])
            + 450.0 * np.sin(2 * np.pi * t / 6_500.0 + phases[2])
        )

    return f(np.asarray(u, dtype=float)) - f(np.zeros(1)) + 900.0


def _outline(rng: np.random.Generator, ox: float, oy: float) -> Polygon:
    th = np.linspace(0, 2 * np.pi, 721)[:-1]
    ph = rng.uniform(0, 2 * np.pi, 5)
    r = (
        1.0
        + 0.08 * np.sin(2 * th + ph[0])
        + 0.07 * np.sin(3 * th + ph[1])
        + 0.045 * np.sin(5 * th + ph[2])
        + 0.022 * np.sin(9 * th + ph[3])
        + 0.01 * np.sin(17 * th + ph[4])
    )
    unit_area = 0.5 * np.sum(r**2) * (2 * np.pi / len(th))
    r *= np.sqrt(CITY_AREA_M2 / unit_area)
    # Wider east–west than north–south, like a city strung along its valley.
    return Polygon(np.column_stack([ox + 1.08 * r * np.cos(th), oy + 0.93 * r * np.sin(th)]))


def _meander(
    a: np.ndarray, b: np.ndarray, rng: np.random.Generator, amp: float, step: float
) -> np.ndarray:
    """Points from a to b wandering sideways (zero offset at both ends)."""
    d = float(np.hypot(*(b - a)))
    n = max(int(d / step), 2)
    t = np.linspace(0.0, 1.0, n + 1)
    nrm = np.array([-(b - a)[1], (b - a)[0]]) / d
    taper = np.sin(np.pi * t)
    off = np.zeros_like(t)
    for k, w in ((1, 1.0), (2, 0.7), (3, 0.45), (5, 0.25), (9, 0.12), (17, 0.05)):
        off += w * np.sin(np.pi * k * t + rng.uniform(0, 2 * np.pi)) * rng.uniform(0.5, 1.0)
    off *= amp * taper
    return a + t[:, None] * (b - a) + off[:, None] * nrm


def _nearest(tree: shapely.STRtree, pts: np.ndarray) -> np.ndarray:
    _, d = tree.query_nearest(pts, return_distance=True, all_matches=False)
    return d


def _segments_tree(lines: list[LineString]) -> shapely.STRtree:
    parts = []
    for line in lines:
        c = shapely.get_coordinates(shapely.segmentize(line, 400.0))
        parts.append(shapely.linestrings(np.stack([c[:-1], c[1:]], axis=1)))
    return shapely.STRtree(np.concatenate(parts))


def build_land(rng: np.random.Generator) -> Land:
    cx, cy = lonlat_to_xy(np.array([CENTER_LONLAT[0]]), np.array([CENTER_LONLAT[1]]), "EPSG:4544")
    ox, oy = float(np.round(cx[0], -3)), float(np.round(cy[0], -3))
    outline = _outline(rng, ox, oy)
    warp = Warp(rng, (ox, oy), DISTRICT_WARP)
    city_final_approx = shapely.transform(shapely.segmentize(outline, 500.0), warp.coords)

    # Main river, west to east, beyond the city on both sides, then clipped.
    phases = rng.uniform(0, 2 * np.pi, 3)
    u = np.arange(-110_000.0, 110_001.0, 150.0)
    main_full = LineString(np.column_stack([ox + u, oy + river_y(u, phases)]))

    # Tributaries from the southern and north-western mountains (and one loess gully).
    tribs_full: list[tuple[str, LineString]] = []
    sources = [
        (-38_000, -58_000),
        (-8_000, -62_000),
        (30_000, -60_000),
        (-62_000, 40_000),
        (-30_000, 55_000),
        (45_000, 45_000),
    ]
    for name, (su, sv) in zip(N.TRIBUTARIES, sources, strict=True):
        su += rng.uniform(-6000, 6000)
        cu = su + rng.uniform(8_000, 22_000) * (1 if su < 0 else -1) * rng.choice([1, 1, -1])
        a = np.array([ox + su, oy + sv])
        b = np.array([ox + cu, oy + float(river_y(np.array([cu]), phases)[0])])
        pts = _meander(a, b, rng, amp=rng.uniform(3500, 6500), step=150.0)
        tribs_full.append((name, LineString(pts)))

    city_poly = city_final_approx
    hills = Waves(rng, [(0.55, 19_000.0), (0.3, 8_000.0), (0.15, 3_000.0)])
    dry = Waves(rng, [(0.6, 40_000.0), (0.3, 11_000.0)])
    terrain = Terrain(
        ox, oy, hills, dry, [main_full], [t for _, t in tribs_full], city_poly.buffer(2000.0).bounds
    )

    counties = _place_counties(rng, terrain, warp, phases, ox, oy)
    _build_districts(rng, terrain, warp, outline, counties)
    city = shapely.coverage_union_all([c.geom for c in counties])
    del city_poly

    river = _longest(shapely.intersection(main_full, city))
    tributaries = [(n, _longest(shapely.intersection(t, city))) for n, t in tribs_full]
    land = Land((ox, oy), city, counties, terrain, river, phases, tributaries, warp)
    _place_villages(rng, land)
    return land


def _longest(g: shapely.Geometry) -> LineString:
    parts = shapely.get_parts(shapely.line_merge(g))
    return parts[int(np.argmax(shapely.length(parts)))]


def _place_counties(
    rng: np.random.Generator, terrain: Terrain, warp: Warp, phases: np.ndarray, ox: float, oy: float
) -> list[County]:
    counties = []
    for code, name, pinyin, kind, ang, dist in N.COUNTIES:
        a = np.radians(ang + rng.uniform(-6, 6))
        d = dist * 1000.0 * rng.uniform(0.92, 1.05)
        u, v = d * np.cos(a), d * np.sin(a)
        if kind == "qu":
            u, v = 0.0, float(river_y(np.zeros(1), phases)[0]) - 1100.0
        elif abs(np.sin(a)) < 0.3:  # east and west counties: the seat sits by the main river
            v = float(river_y(np.array([u]), phases)[0]) - rng.choice([-1, 1]) * 1200.0
        else:  # elsewhere: the lowest ground near the nominal spot, a valley town
            cu = u + rng.uniform(-11_000, 11_000, 300)
            cv = v + rng.uniform(-11_000, 11_000, 300)
            e = terrain.elevation(ox + cu, oy + cv)
            i = int(np.argmin(e))
            u, v = float(cu[i]), float(cv[i])
        en = f"{pinyin} {'District' if kind == 'qu' else 'County'}"
        counties.append(County(code, name, en, kind, (ox + u, oy + v)))
    return counties


def _build_districts(
    rng: np.random.Generator, terrain: Terrain, warp: Warp, outline: Polygon, counties: list[County]
) -> None:
    """County and township polygons, exactly tiling the city (see module docstring)."""
    sx, sy = warp.inverse(
        np.array([c.seat[0] for c in counties]), np.array([c.seat[1] for c in counties])
    )
    box = shapely.buffer(outline, 60_000.0).envelope
    cells = shapely.get_parts(
        shapely.voronoi_polygons(MultiPoint(np.column_stack([sx, sy])), extend_to=box, ordered=True)
    )
    county_cells = shapely.intersection(cells, outline)

    all_cells: list[shapely.Geometry] = []
    used: set[str] = set()  # township-name stems, for uniqueness (membership only)
    owner: list[Township] = []
    for ci, county in enumerate(counties):
        ts = _township_seeds(rng, terrain, warp, county, county_cells[ci], used)
        pts = np.array([warp.inverse(np.array([t.seat[0]]), np.array([t.seat[1]])) for t in ts])[
            :, :, 0
        ]
        vor = shapely.get_parts(
            shapely.voronoi_polygons(MultiPoint(pts), extend_to=box, ordered=True)
        )
        all_cells.extend(shapely.intersection(vor, county_cells[ci]))
        owner.extend(ts)
        county.townships = ts

    lines = shapely.union_all(shapely.boundary(np.array(all_cells, dtype=object)))
    lines = shapely.segmentize(lines, 150.0)

    def warp_round(xy: np.ndarray) -> np.ndarray:
        return np.round(warp.coords(xy) / GRID) * GRID

    lines = shapely.union_all(shapely.get_parts(shapely.transform(lines, warp_round)))
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(lines)))
    rp = shapely.get_coordinates(shapely.point_on_surface(faces))
    ux, uy = warp.inverse(rp[:, 0], rp[:, 1])
    tree = shapely.STRtree(np.array(all_cells, dtype=object))
    pi, ti = tree.query(shapely.points(ux, uy), predicate="intersects")
    label = np.full(len(faces), -1)
    for p, t in zip(pi, ti, strict=True):
        if label[p] < 0:
            label[p] = t
    if (label < 0).any():
        raise RuntimeError("demo districts: a boundary face belongs to no township")
    for k, t in enumerate(owner):
        mine = faces[label == k]
        if len(mine) == 0:
            raise RuntimeError(f"demo districts: township {t.name} vanished")
        t.geom = mine[0] if len(mine) == 1 else shapely.coverage_union_all(mine)
    for county in counties:
        county.geom = shapely.coverage_union_all([t.geom for t in county.townships])


def _stem_name(rng: np.random.Generator, used: set[str]) -> tuple[str, str]:
    while True:
        a = N.STEM_FIRST[int(rng.integers(len(N.STEM_FIRST)))]
        b = N.STEM_SECOND[int(rng.integers(len(N.STEM_SECOND)))]
        zh = a[0] + b[0]
        if zh not in used:
            used.add(zh)
            return zh, (a[1] + b[1]).capitalize()


def _township_seeds(
    rng: np.random.Generator,
    terrain: Terrain,
    warp: Warp,
    county: County,
    cell: shapely.Geometry,
    used: set[str],
) -> list[Township]:
    """Township seats: spread out, preferring valleys; the county seat's township first."""
    minx, miny, maxx, maxy = cell.bounds
    cand_u = rng.uniform(minx, maxx, 6000)
    cand_v = rng.uniform(miny, maxy, 6000)
    inside = shapely.contains_xy(shapely.buffer(cell, -1500.0), cand_u, cand_v)
    cu, cv = cand_u[inside], cand_v[inside]
    fx, fy = warp.forward(cu, cv)
    elev = terrain.elevation(fx, fy)
    # Seats keep away from the county's edge, so each sits inside its own township.
    edge = 1.6 * shapely.distance(shapely.points(cu, cv), cell.boundary)
    is_qu = county.kind == "qu"
    n = int(rng.integers(13, 16)) if is_qu else int(rng.integers(10, 14))
    out: list[Township] = []
    chosen = [county.seat]
    seat = county.seat
    if is_qu:
        # The city seat: a cluster of 街道 (sub-districts) 2.5–4 km around it.
        n_street = int(rng.integers(5, 7))
        angs = np.sort(rng.uniform(0, 2 * np.pi, n_street - 1))
        streets = [seat] + [
            (seat[0] + r * np.cos(a), seat[1] + r * np.sin(a))
            for a, r in zip(angs, rng.uniform(2600, 4200, n_street - 1), strict=True)
        ]
        chosen = list(streets)
        for i, p in enumerate(streets):
            zh, en = N.STREET_STEMS[i]
            out.append(Township("", zh + "街道", f"{en} Subdistrict", "street", county.code, p, 0))
    else:
        zh, en = (
            ("城关", "Chengguan")
            if rng.random() < 0.6
            else (county.short, county.name_en.split()[0])
        )
        used.add(zh)
        out.append(Township("", zh + "镇", f"{en} Town", "town", county.code, seat, 0))
    e_min = float(np.min(elev)) if len(elev) else 0.0
    while len(out) < n:
        cx = np.array([c[0] for c in chosen])
        cy = np.array([c[1] for c in chosen])
        dmin = np.min(np.hypot(fx[:, None] - cx[None, :], fy[:, None] - cy[None, :]), axis=1)
        dmin = np.minimum(dmin, edge)
        score = dmin / 1000.0 - (elev - e_min) / 220.0
        i = int(np.argmax(score))
        p = (float(fx[i]), float(fy[i]))
        chosen.append(p)
        zh, en = _stem_name(rng, used)
        mountain = elev[i] - terrain.base_level(np.array([p[0]]))[0] > 650
        if mountain and rng.random() < 0.75:
            out.append(Township("", zh + "乡", f"{en} Township", "township", county.code, p, 0))
        else:
            out.append(Township("", zh + "镇", f"{en} Town", "town", county.code, p, 0))
    order = {"street": 0, "town": 1, "township": 2}
    head, rest = out[0], out[1:]
    rest.sort(key=lambda t: (order[t.kind], np.hypot(t.seat[0] - seat[0], t.seat[1] - seat[1])))
    out = [head, *rest]
    if is_qu:
        out.sort(key=lambda t: order[t.kind])
    for j, t in enumerate(out, start=1):
        t.code = f"{county.code}0{j:02d}"
        if t.kind == "street":
            t.population = int(rng.integers(32_000, 72_000))
        elif t.seat == seat:
            t.population = int(rng.integers(60_000, 115_000))
        elif t.kind == "town":
            t.population = int(rng.integers(14_000, 38_000))
        else:
            t.population = int(rng.integers(5_000, 15_000))
    return out


def _place_villages(rng: np.random.Generator, land: Land) -> None:
    """Administrative villages (村) in each township outside the city streets, valley-biased."""
    used: set[str] = set()
    for t in land.townships:
        if t.kind == "street":
            continue
        n = int(rng.integers(6, 11))
        minx, miny, maxx, maxy = t.geom.bounds
        x = rng.uniform(minx, maxx, 400)
        y = rng.uniform(miny, maxy, 400)
        ok = shapely.contains_xy(t.geom, x, y)
        ok &= np.hypot(x - t.seat[0], y - t.seat[1]) > 1500
        x, y = x[ok], y[ok]
        if len(x) == 0:
            continue
        e = land.terrain.elevation(x, y)
        w = np.exp(-(e - e.min()) / 250.0)
        pick = rng.choice(len(x), size=min(n, len(x)), replace=False, p=w / w.sum())
        for i in pick:
            while True:
                nm = (
                    N.VILLAGE_FIRST[int(rng.integers(len(N.VILLAGE_FIRST)))]
                    + N.VILLAGE_SECOND[int(rng.integers(len(N.VILLAGE_SECOND)))]
                )
                if nm not in used:
                    used.add(nm)
                    break
            t.villages.append((nm, float(x[i]), float(y[i])))


def point_in(
    rng: np.random.Generator,
    poly: shapely.Geometry,
    near: tuple[float, float],
    r_min: float,
    r_max: float,
    tries: int = 64,
) -> tuple[float, float]:
    """A random point r_min…r_max from `near`, inside `poly` if any such try lands there."""
    a = rng.uniform(0, 2 * np.pi, tries)
    r = np.sqrt(rng.uniform(r_min**2, r_max**2, tries))
    x = near[0] + r * np.cos(a)
    y = near[1] + r * np.sin(a)
    ok = np.flatnonzero(shapely.contains_xy(poly, x, y))
    i = int(ok[0]) if len(ok) else 0
    if not len(ok):
        return near
    return float(x[i]), float(y[i])


def as_point(p: tuple[float, float]) -> Point:
    return Point(p)
